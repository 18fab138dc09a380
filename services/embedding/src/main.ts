// Embedding service wiring: config → model loader → domain (batcher, model slots) → NATS promotions → servers.
import { SERVER_MESSAGE_LIMITS } from '@visor/contracts';
import { connectNats } from '@visor/events';
import {
  counter,
  createRegistry,
  grpcListen,
  Histogram,
  httpListen,
  Lifecycle,
  type Logger,
  runService,
  serviceLogger,
  stageHistogram,
  startGrpcServer,
  startHttpServer,
  tuneCollectorForInference,
} from '@visor/runtime';
import { type EmbeddingConfig, loadEmbeddingConfig } from './config.ts';
import { createEmbedding, type Embedding, refId } from './embedding.ts';
import { registryLoader } from './models.ts';
import { followPromotions } from './promotions.ts';
import { embeddingRegistration } from './server.ts';

export interface RunningService {
  grpcAddress: string;
  httpUrl: string;
  embedding: Embedding;
  close(): Promise<void>;
}

const BATCH_SIZE_BUCKETS = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64];

export async function startEmbeddingService(
  config: EmbeddingConfig,
  options: { lifecycle?: Lifecycle; logger?: Logger } = {},
): Promise<RunningService> {
  const lifecycle = options.lifecycle ?? new Lifecycle();
  const logger = options.logger ?? serviceLogger('embedding', config);
  const registry = createRegistry({ serviceName: 'embedding' });
  const stages = stageHistogram(registry);
  const batchSize = new Histogram({
    name: 'visor_embed_batch_size',
    help: 'Crops per ONNX Runtime run',
    buckets: BATCH_SIZE_BUCKETS,
    registers: [registry],
  });
  const switches = counter(registry, 'visor_model_switches_total', 'Embedding model promotions applied', ['model']);

  const embedding = await createEmbedding({
    load: registryLoader({
      registryFile: config.VISOR_MODELS_REGISTRY,
      modelsDir: config.VISOR_MODELS_DIR,
      ortOptions: {
        intraOpNumThreads: config.VISOR_ORT_INTRA_OP_THREADS,
        graphOptimizationLevel: config.VISOR_ORT_GRAPH_OPTIMIZATION,
      },
    }),
    maxBatch: config.VISOR_EMBED_MAX_BATCH,
    maxWaitMs: config.VISOR_EMBED_MAX_WAIT_MS,
    maxCrops: config.VISOR_EMBED_MAX_CROPS,
    metrics: { stages, batchSize, onSwitch: (_from, to) => switches.inc({ model: refId(to) }) },
  });
  lifecycle.onShutdown('embedding models', () => embedding.close());
  logger.info({ model: refId(embedding.model().ref), maxBatch: config.VISOR_EMBED_MAX_BATCH }, 'embedder loaded');

  if (config.VISOR_NATS_URL) {
    const nats = await connectNats(config.VISOR_NATS_URL, { name: 'embedding' });
    lifecycle.onShutdown('nats', () => nats.close());
    const follower = await followPromotions(nats, (ref) => embedding.promote(ref), logger);
    lifecycle.onShutdown('model promotions', () => follower.stop());
  } else {
    logger.warn('VISOR_NATS_URL is not set: model promotions will not be followed');
  }

  const http = await startHttpServer({
    ...httpListen(config),
    registry,
    lifecycle,
    readiness: { model: () => embedding.model() !== undefined },
  });
  const grpc = await startGrpcServer({
    ...grpcListen(config),
    services: [embeddingRegistration(embedding)],
    logger,
    registry,
    lifecycle,
    serverOptions: SERVER_MESSAGE_LIMITS,
    flowControlWindowBytes: config.VISOR_GRPC_RECEIVE_WINDOW_BYTES,
  });
  return { grpcAddress: grpc.address, httpUrl: http.url, embedding, close: () => lifecycle.shutdown(logger) };
}

if (import.meta.main) {
  tuneCollectorForInference();
  void runService('embedding', loadEmbeddingConfig, startEmbeddingService);
}
