// Environment of the detection service, validated once at start-up.
import { commonConfig, loadConfig, port, z } from '@visor/runtime';
import { MAX_GROUP_TILES } from '@visor/vision';

const positiveInt = () => z.coerce.number().int().positive();
const fraction = () => z.coerce.number().min(0).max(1);

export const configSchema = z.object({
  ...commonConfig,
  VISOR_GRPC_PORT: port().default(50051),
  VISOR_HTTP_PORT: port().default(9101),
  /** Model registry manifest; its default embedder fixes the aligned-crop size. */
  VISOR_MODELS_REGISTRY: z.string().min(1).optional(),
  VISOR_MODELS_DIR: z.string().min(1).optional(),
  /** Registry ids (`name@version`) of the two BlazeFace detectors; default: the registry's 128 and 256 ones. */
  VISOR_DETECTOR_FRONT_MODEL: z.string().min(1).optional(),
  VISOR_DETECTOR_BACK_MODEL: z.string().min(1).optional(),
  VISOR_ORT_INTRA_OP_THREADS: positiveInt().default(1),
  VISOR_ORT_GRAPH_OPTIMIZATION: z.enum(['disabled', 'basic', 'extended', 'all']).default('all'),
  /**
   * libvips threads for decoding. The service scales by process like ONNX Runtime does; each extra thread keeps its
   * own malloc arena and buffers, which shows up as resident memory.
   */
  VISOR_DECODE_THREADS: positiveInt().default(1),
  /**
   * Detect calls processed at once (each holds a decoded image and its resampled copies); the rest queue. Two keep
   * one image decoding on a libvips thread while another runs the detector. Measured on bench pipeline's 200
   * images, 3 × at concurrency 16: peak RSS 353–358 MB with 2 against 372–374 MB with 4 (one bench run reached
   * 409.6 MB with 4), the same throughput on 2 cores.
   */
  VISOR_DETECT_MAX_INFLIGHT: positiveInt().default(2),
  /** Detect calls allowed to wait for a slot; beyond that RESOURCE_EXHAUSTED (`rate_limited`). */
  VISOR_DETECT_MAX_QUEUE: z.coerce.number().int().min(0).default(64),
  /** Limits checked before any pixel is decoded. */
  VISOR_MAX_IMAGE_BYTES: positiveInt().default(15 * 1024 * 1024),
  VISOR_MAX_IMAGE_PIXELS: positiveInt().default(40_000_000),
  VISOR_MAX_IMAGE_SIDE: positiveInt().default(12_000),
  /** HTTP/2 receive window per connection and stream (startGrpcServer's flowControlWindowBytes); 0: 64 KiB. */
  VISOR_GRPC_RECEIVE_WINDOW_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(16 * 1024 * 1024),
  /** Defaults for requests that leave min_face_px / max_faces at 0. */
  VISOR_MIN_FACE_PX: z.coerce.number().int().min(0).default(20),
  VISOR_MAX_FACES: positiveInt().default(64),
  /**
   * Group mode looks for small faces over tiles of the frame (@visor/vision tiles.ts); each costs about one 256
   * detector run. Past this many per image it gives up the smallest faces instead (default: the pipeline's 128).
   */
  VISOR_GROUP_MAX_TILES: positiveInt().default(MAX_GROUP_TILES),
  /** Quality gates that fill FaceQuality.reasons (the caller decides what to do with them). */
  VISOR_QUALITY_MIN_FACE_PX: positiveInt().default(80),
  VISOR_QUALITY_MIN_SHARPNESS: fraction().default(0.3),
  VISOR_QUALITY_MAX_POSE_DEG: z.coerce.number().positive().default(30),
  VISOR_QUALITY_MIN_BRIGHTNESS: fraction().default(0.15),
  VISOR_QUALITY_MAX_BRIGHTNESS: fraction().default(0.9),
  VISOR_QUALITY_MAX_CROPPED: fraction().default(0.1),
  /** Bucket for ImageRef.gcs_object_key (with STORAGE_EMULATOR_HOST locally); unset: GCS references are refused. */
  VISOR_GCS_BUCKET: z.string().min(1).optional(),
});

export type DetectionConfig = z.output<typeof configSchema>;

export function loadDetectionConfig(env: Record<string, string | undefined> = process.env): DetectionConfig {
  return loadConfig(configSchema, env);
}
