// Structured JSON logs. Fields that may hold biometric data or secrets are censored wherever they appear.
import { type Logger, type LoggerOptions, pino } from 'pino';

export type { Logger };

const SENSITIVE = [
  'image',
  'images',
  'imageBytes',
  'embedding',
  'embeddings',
  'apiKey',
  'api_key',
  'authorization',
  'password',
  'secret',
  'token',
];

export const REDACT_PATHS = [
  ...SENSITIVE,
  ...SENSITIVE.map((key) => `*.${key}`),
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers["x-api-key"]',
];

export type LoggerSettings = { level?: string; destination?: pino.DestinationStream };

/** A named logger; level from `settings.level`, else VISOR_LOG_LEVEL / LOG_LEVEL, else info. */
export function createLogger(name: string, settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    name,
    level: settings.level ?? process.env.VISOR_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: name, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}
