// Environment of the embedding service, validated once at start-up.
import { commonConfig, loadConfig, natsUrl, port, z } from '@visor/runtime';

const positiveInt = () => z.coerce.number().int().positive();

export const configSchema = z.object({
  ...commonConfig,
  VISOR_GRPC_PORT: port().default(50052),
  VISOR_HTTP_PORT: port().default(9102),
  VISOR_MODELS_REGISTRY: z.string().min(1).optional(),
  VISOR_MODELS_DIR: z.string().min(1).optional(),
  /** Model promotions arrive here; unset: the registry's default embedder stays active until restart. */
  VISOR_NATS_URL: natsUrl().optional(),
  VISOR_ORT_INTRA_OP_THREADS: positiveInt().default(1),
  VISOR_ORT_GRAPH_OPTIMIZATION: z.enum(['disabled', 'basic', 'extended', 'all']).default('all'),
  /** Crops per ONNX Runtime run; 1 turns micro-batching off. */
  VISOR_EMBED_MAX_BATCH: positiveInt().default(16),
  /**
   * How long an idle batcher holds the first crop for others to join. 0: only for the callers of the same event-loop
   * turn; crops that arrive during a run still join the next one (measured in docs/benchmarks.md).
   */
  VISOR_EMBED_MAX_WAIT_MS: z.coerce.number().min(0).default(0),
  /** HTTP/2 receive window per connection and stream (startGrpcServer's flowControlWindowBytes); 0: 64 KiB. */
  VISOR_GRPC_RECEIVE_WINDOW_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(16 * 1024 * 1024),
  /** Most crops in one Embed call. */
  VISOR_EMBED_MAX_CROPS: positiveInt().default(64),
});

export type EmbeddingConfig = z.output<typeof configSchema>;

export function loadEmbeddingConfig(env: Record<string, string | undefined> = process.env): EmbeddingConfig {
  return loadConfig(configSchema, env);
}
