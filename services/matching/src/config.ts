// Environment of the matching service, validated once at start.
import { commonConfig, loadConfig, mysqlUrl, natsUrl, port, z } from '@visor/runtime';

export const configSchema = z.object({
  ...commonConfig,
  VISOR_GRPC_PORT: port().default(50053),
  VISOR_HTTP_PORT: port().default(9103),
  VISOR_MYSQL_URL: mysqlUrl(),
  VISOR_NATS_URL: natsUrl(),
  /** Operating point: the key of the registry's thresholds.far to use. */
  VISOR_MATCH_FAR: z
    .string()
    .regex(/^\d+(\.\d+)?e-\d+$/, 'like 1e-3')
    .default('1e-3'),
  /** Used only for models the registry has no calibrated threshold for (logged when it is). */
  VISOR_MATCH_THRESHOLD: z.coerce.number().min(-1).max(1).optional(),
  /** Gallery size above which search is approximate (IVF-PQ with exact re-ranking). */
  VISOR_MATCH_APPROXIMATE_ABOVE: z.coerce.number().int().min(1).default(20_000),
  /** Share of IVF cells probed per query: the recall / latency knob (see README for measured recall). */
  VISOR_MATCH_PROBE_FRACTION: z.coerce.number().gt(0).max(1).optional(),
  VISOR_MATCH_DEFAULT_TOP_K: z.coerce.number().int().min(1).max(100).default(5),
  /**
   * Durable consumer name. Every replica holds the whole index, so every replica needs its own durable (a shared
   * one would split the events between them); default `matching-<hostname>`, stable for a StatefulSet pod.
   */
  VISOR_MATCHING_DURABLE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
  /**
   * NATS deletes a replica's durable after this long without the replica (a pod name that never comes back, e.g.
   * a Deployment's). A replica that returns later starts a new durable: it reloads from MySQL and replays the stream.
   */
  VISOR_MATCHING_DURABLE_INACTIVE_MS: z.coerce.number().int().min(60_000).default(86_400_000),
});

export type MatchingConfig = z.output<typeof configSchema>;

export const loadMatchingConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(configSchema, env);
