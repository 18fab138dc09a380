// Configuration comes from the environment, validated once at start-up: a service that cannot run says why, all at once.
import { z } from 'zod';

export class ConfigError extends Error {
  readonly problems: ReadonlyArray<{ variable: string; reason: string }>;

  constructor(problems: Array<{ variable: string; reason: string }>) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.reason}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Parses `env` with an object schema whose keys are environment variable names. Every invalid or missing
 * variable is reported in one ConfigError; values never appear in the message (they may be secrets).
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.output<S> {
  // Empty strings count as unset, so `FOO=` falls back to the default like a missing variable would.
  const input: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') input[key] = value;
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    variable: issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)',
    reason: issue.code === 'invalid_type' && input[String(issue.path[0])] === undefined ? 'required' : issue.message,
  }));
  throw new ConfigError(problems);
}

export const port = () => z.coerce.number().int().min(1).max(65535);

export const logLevel = () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/** Pieces every service's schema starts from; spread `...commonConfig` into `z.object({...})`. */
export const commonConfig = {
  VISOR_SERVICE_NAME: z.string().min(1).optional(),
  VISOR_LOG_LEVEL: logLevel(),
  VISOR_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  VISOR_GRPC_HOST: z.string().min(1).default('127.0.0.1'),
  VISOR_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
};

export const mysqlUrl = () => z.url({ protocol: /^mysql$/ });
export const natsUrl = () => z.url({ protocol: /^(nats|tls)$/ });

export { z };
