// Detection service wiring: config → models → vision pipeline → domain → gRPC server and HTTP side port.
import { SERVER_MESSAGE_LIMITS } from '@visor/contracts';
import {
  createRegistry,
  grpcListen,
  httpListen,
  Lifecycle,
  type Logger,
  runService,
  serviceLogger,
  stageHistogram,
  startGrpcServer,
  startHttpServer,
  tuneCollectorForInference,
  VisorError,
} from '@visor/runtime';
import { createPipeline, DLIB_CHIP } from '@visor/vision';
import sharp from 'sharp';
import { type DetectionConfig, loadDetectionConfig } from './config.ts';
import { createDetection, type ObjectReader } from './detection.ts';
import { createLimiter } from './limiter.ts';
import { resolveDetectionModels } from './models.ts';
import { detectionRegistration } from './server.ts';

export interface RunningService {
  grpcAddress: string;
  httpUrl: string;
  close(): Promise<void>;
}

/**
 * Images by object key from the bucket, refused by their size before they are downloaded. Loaded only when
 * configured: the storage client is most of this service's JavaScript heap otherwise.
 */
async function bucketReader(bucket: string): Promise<ObjectReader> {
  const { createObjectStore, ObjectTooLargeError } = await import('@visor/store');
  const store = createObjectStore({ bucket });
  return async (key, { maxBytes }) => {
    try {
      return (await store.get(key, { maxBytes }))?.bytes;
    } catch (err) {
      if (!(err instanceof ObjectTooLargeError)) throw err;
      throw new VisorError('image_too_large', `image is ${err.size} bytes, the limit is ${maxBytes}`);
    }
  };
}

export async function startDetectionService(
  config: DetectionConfig,
  options: { lifecycle?: Lifecycle; logger?: Logger } = {},
): Promise<RunningService> {
  const lifecycle = options.lifecycle ?? new Lifecycle();
  const logger = options.logger ?? serviceLogger('detection', config);
  const registry = createRegistry({ serviceName: 'detection' });
  const stages = stageHistogram(registry);

  // Every image is decoded once: libvips' operation cache would only hold on to memory.
  sharp.cache(false);
  sharp.concurrency(config.VISOR_DECODE_THREADS);
  const models = resolveDetectionModels(config);
  const pipeline = await createPipeline({
    detector: { front: models.front.path, back: models.back.path },
    ortOptions: {
      intraOpNumThreads: config.VISOR_ORT_INTRA_OP_THREADS,
      graphOptimizationLevel: config.VISOR_ORT_GRAPH_OPTIMIZATION,
    },
    chip: { ...DLIB_CHIP, size: models.chipSize, points: models.alignPoints ?? DLIB_CHIP.points },
    mesh: models.landmarker && { path: models.landmarker.path },
    decodeLimits: {
      maxBytes: config.VISOR_MAX_IMAGE_BYTES,
      maxPixels: config.VISOR_MAX_IMAGE_PIXELS,
      maxSide: config.VISOR_MAX_IMAGE_SIDE,
    },
  });
  lifecycle.onShutdown('vision pipeline', () => pipeline.close());
  // The first ORT run allocates its arenas; do it before reporting ready rather than in a caller's request.
  await pipeline.detect({ data: new Uint8Array(64 * 64 * 3).fill(128), width: 64, height: 64 }, { mode: 'auto' });
  logger.info(
    {
      front: models.front.id,
      back: models.back.id,
      chipSize: models.chipSize,
      alignPoints: pipeline.chipSpec.points,
      landmarker: models.landmarker?.id,
    },
    'detector loaded',
  );

  const objects = config.VISOR_GCS_BUCKET ? await bucketReader(config.VISOR_GCS_BUCKET) : undefined;
  const detection = createDetection({
    pipeline,
    chipSize: models.chipSize,
    maxImageBytes: config.VISOR_MAX_IMAGE_BYTES,
    defaults: {
      minFacePx: config.VISOR_MIN_FACE_PX,
      maxFaces: config.VISOR_MAX_FACES,
      groupMaxTiles: config.VISOR_GROUP_MAX_TILES,
    },
    quality: {
      minFacePx: config.VISOR_QUALITY_MIN_FACE_PX,
      minSharpness: config.VISOR_QUALITY_MIN_SHARPNESS,
      maxPoseDeg: config.VISOR_QUALITY_MAX_POSE_DEG,
      minBrightness: config.VISOR_QUALITY_MIN_BRIGHTNESS,
      maxBrightness: config.VISOR_QUALITY_MAX_BRIGHTNESS,
      maxCropped: config.VISOR_QUALITY_MAX_CROPPED,
    },
    objects,
    stages,
    limiter: createLimiter(config.VISOR_DETECT_MAX_INFLIGHT, config.VISOR_DETECT_MAX_QUEUE),
  });

  const http = await startHttpServer({
    ...httpListen(config),
    registry,
    lifecycle,
    readiness: { models: () => true },
  });
  const grpc = await startGrpcServer({
    ...grpcListen(config),
    services: [detectionRegistration(detection)],
    logger,
    registry,
    lifecycle,
    serverOptions: SERVER_MESSAGE_LIMITS,
    flowControlWindowBytes: config.VISOR_GRPC_RECEIVE_WINDOW_BYTES,
  });
  return { grpcAddress: grpc.address, httpUrl: http.url, close: () => lifecycle.shutdown(logger) };
}

if (import.meta.main) {
  tuneCollectorForInference();
  void runService('detection', loadDetectionConfig, startDetectionService);
}
