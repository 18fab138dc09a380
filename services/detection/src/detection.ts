// Detect: image bytes → faces (largest first) with landmarks, quality and an aligned crop for the embedder.
// Plain functions over injected parts (the vision pipeline, an object store, stage timers); no transport here.
import { type Histogram, VisorError, withSpan } from '@visor/runtime';
import {
  type Affine,
  type DecodedImage,
  type DetectMode,
  type Face,
  type FaceQuality,
  faceQuality,
  type Pipeline,
  type RgbImage,
} from '@visor/vision';
import type { Limiter } from './limiter.ts';
import { assessQuality, type Quality, type QualityLimits } from './quality.ts';

export type ImageSource = { inline: Uint8Array } | { gcsObjectKey: string };
export type AlignmentOutput = 'crop' | 'transform' | 'none';

export interface DetectInput {
  image: ImageSource;
  mode?: DetectMode;
  /** 0 or undefined: the service default. */
  minFacePx?: number;
  maxFaces?: number;
  alignment?: AlignmentOutput;
}

export interface DetectedFace {
  box: Face['box'];
  landmarks: Face['landmarks'];
  score: number;
  quality: Quality;
  /** The aligned chip (RGB, the embedder's input size) when alignment is 'crop'. */
  crop?: RgbImage;
  /** Source → chip transform and chip size when alignment is 'transform'. */
  transform?: { matrix: Affine; size: number };
}

export interface DetectResult {
  width: number;
  height: number;
  faces: DetectedFace[];
}

/**
 * Reads an object from the images bucket; undefined when it does not exist. An object over `maxBytes` is refused
 * (`image_too_large`) without being read into memory.
 */
export type ObjectReader = (key: string, limits: { maxBytes: number }) => Promise<Uint8Array | undefined>;

export type Stage = 'decode' | 'detect' | 'align';

export interface DetectionDeps {
  pipeline: Pick<Pipeline, 'decode' | 'detect' | 'align'>;
  /** Chip side the pipeline aligns to (the embedder's input size). */
  chipSize: number;
  quality: QualityLimits;
  /** `groupMaxTiles`: the tile bound of group mode (absent: the pipeline's default). */
  defaults: { minFacePx: number; maxFaces: number; groupMaxTiles?: number };
  /** Bytes accepted from any source (the decoder checks again, with the pixel limits, before decoding). */
  maxImageBytes: number;
  objects?: ObjectReader;
  stages?: Histogram<'stage'>;
  /** Bounds the calls that hold a decoded image at once. */
  limiter?: Limiter;
}

export interface Detection {
  detect(input: DetectInput): Promise<DetectResult>;
}

export function createDetection(deps: DetectionDeps): Detection {
  const timed = <T>(stage: Stage, fn: () => Promise<T> | T): Promise<T> =>
    withSpan(`detection.${stage}`, {}, async () => {
      const end = deps.stages?.startTimer({ stage });
      try {
        return await fn();
      } finally {
        end?.();
      }
    });

  async function load(source: ImageSource): Promise<Uint8Array> {
    if ('inline' in source) return source.inline;
    if (!deps.objects) {
      throw new VisorError('invalid_argument', 'this deployment reads no images from object storage; send them inline');
    }
    const key = source.gcsObjectKey;
    if (!key || key.includes('..') || key.startsWith('/')) throw new VisorError('invalid_argument', 'bad object key');
    const bytes = await deps.objects(key, { maxBytes: deps.maxImageBytes });
    if (!bytes) throw new VisorError('not_found', 'no such image object');
    return bytes;
  }

  async function detect(input: DetectInput): Promise<DetectResult> {
    const bytes = await load(input.image);
    if (bytes.length > deps.maxImageBytes) {
      throw new VisorError('image_too_large', `image is ${bytes.length} bytes, the limit is ${deps.maxImageBytes}`);
    }
    const decoded = await timed('decode', () => deps.pipeline.decode(bytes));
    if (!decoded.ok) throw new VisorError(decoded.code, decoded.message);
    const image: DecodedImage = decoded.value;

    const faces = await timed('detect', () =>
      deps.pipeline.detect(image, {
        mode: input.mode ?? 'auto',
        minFacePx: input.minFacePx || deps.defaults.minFacePx,
        maxFaces: input.maxFaces || deps.defaults.maxFaces,
        maxTiles: deps.defaults.groupMaxTiles,
      }),
    );

    const alignment = input.alignment ?? 'crop';
    const out = await timed('align', () =>
      faces.map((face): DetectedFace => {
        // The chip is needed for sharpness even when the caller does not want it back.
        const aligned = deps.pipeline.align(image, face);
        const raw: FaceQuality = faceQuality(face, aligned.image);
        return {
          box: face.box,
          landmarks: face.landmarks,
          score: face.score,
          quality: assessQuality(face, raw, image, deps.quality),
          crop: alignment === 'crop' ? aligned.image : undefined,
          transform: alignment === 'transform' ? { matrix: aligned.toChip, size: deps.chipSize } : undefined,
        };
      }),
    );
    // The detector sorts by area; ties (rare, but the contract names them) go to the higher score.
    out.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height || b.score - a.score);
    return { width: image.width, height: image.height, faces: out };
  }

  return { detect: (input) => (deps.limiter ? deps.limiter.run(() => detect(input)) : detect(input)) };
}
