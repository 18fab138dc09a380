// Embed: aligned crops → L2-normalised vectors from the active model, micro-batched; and the model switch.
//
// Each loaded model version is a slot with its own embedder and batcher. A call binds to the active slot when it
// starts and finishes there, so a promotion never mixes versions within a response and never drops a call: new
// calls go to the new slot, and the old one is closed once its batcher has drained.
import { type Histogram, VisorError, withSpan } from '@visor/runtime';
import type { RgbImage } from '@visor/vision';
import { type Batcher, type BatchInfo, createBatcher } from './batcher.ts';

export interface ModelRef {
  name: string;
  version: string;
}

export const refId = (ref: ModelRef): string => `${ref.name}@${ref.version}`;

export interface ModelInfo {
  ref: ModelRef;
  dimension: number;
  /** Side of the square RGB crop the model takes. */
  inputSize: number;
}

/** What the domain needs of a loaded model: vision's FaceEmbedder satisfies it. */
export interface LoadedModel {
  info: ModelInfo;
  embed(crops: RgbImage[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

export type ModelLoader = (ref?: ModelRef) => Promise<LoadedModel>;

export interface EmbeddingMetrics {
  stages?: Histogram<'stage'>;
  batchSize?: Histogram<string>;
  onSwitch?: (from: ModelRef, to: ModelRef) => void;
}

export interface EmbeddingOptions {
  load: ModelLoader;
  maxBatch: number;
  maxWaitMs: number;
  /** Most crops one Embed call may carry. */
  maxCrops: number;
  metrics?: EmbeddingMetrics;
}

export interface Crop {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
  layout: 'hwc_rgb_u8' | 'other';
}

export interface EmbedResult {
  model: ModelRef;
  vectors: Float32Array[];
}

export interface Embedding {
  embed(crops: readonly Crop[]): Promise<EmbedResult>;
  model(): ModelInfo;
  /** Loads `ref` and routes new calls to it; resolves once the previous model has drained and been released. */
  promote(ref: ModelRef): Promise<'switched' | 'unchanged'>;
  close(): Promise<void>;
}

interface Slot {
  model: LoadedModel;
  batcher: Batcher<RgbImage, Float32Array>;
}

export async function createEmbedding(options: EmbeddingOptions): Promise<Embedding> {
  const { metrics = {} } = options;
  const open = async (ref?: ModelRef): Promise<Slot> => {
    const model = await options.load(ref);
    const batcher = createBatcher<RgbImage, Float32Array>({
      maxBatch: options.maxBatch,
      maxWaitMs: options.maxWaitMs,
      run: async (crops) => {
        const end = metrics.stages?.startTimer({ stage: 'embed' });
        try {
          return await model.embed(crops);
        } finally {
          end?.();
        }
      },
      onBatch: (info: BatchInfo) => {
        metrics.batchSize?.observe(info.size);
        for (const ms of info.waitsMs) metrics.stages?.observe({ stage: 'batch_wait' }, ms / 1000);
      },
    });
    return { model, batcher };
  };

  let active = await open();
  // Promotions apply one at a time, in the order they arrive.
  let switching: Promise<unknown> = Promise.resolve();
  let closed = false;

  function validate(crops: readonly Crop[], info: ModelInfo): RgbImage[] {
    if (crops.length === 0) throw new VisorError('invalid_argument', 'at least one crop is required');
    if (crops.length > options.maxCrops) {
      throw new VisorError('invalid_argument', `${crops.length} crops in one call; the limit is ${options.maxCrops}`);
    }
    const size = info.inputSize;
    return crops.map((c, i) => {
      if (c.layout !== 'hwc_rgb_u8') {
        throw new VisorError('invalid_argument', `crop ${i}: layout must be PIXEL_LAYOUT_HWC_RGB_U8`);
      }
      if (c.width !== size || c.height !== size || c.channels !== 3) {
        throw new VisorError(
          'invalid_argument',
          `crop ${i} is ${c.width}×${c.height}×${c.channels}; ${refId(info.ref)} takes ${size}×${size}×3`,
        );
      }
      if (c.data.length !== size * size * 3) {
        throw new VisorError('invalid_argument', `crop ${i} has ${c.data.length} bytes, expected ${size * size * 3}`);
      }
      return { data: c.data, width: size, height: size };
    });
  }

  return {
    embed(crops) {
      if (closed) return Promise.reject(new VisorError('unavailable', 'embedding service is shutting down'));
      // Bind to the slot now: a promotion from here on does not affect this call.
      const slot = active;
      return withSpan('embedding.embed', { crops: crops.length, model: refId(slot.model.info.ref) }, async () => {
        const images = validate(crops, slot.model.info);
        const vectors = await slot.batcher.submit(images);
        return { model: slot.model.info.ref, vectors };
      });
    },
    model: () => active.model.info,
    promote(ref) {
      const step = switching.then(async () => {
        if (closed) throw new VisorError('unavailable', 'embedding service is shutting down');
        const current = active.model.info.ref;
        if (refId(current) === refId(ref)) return 'unchanged' as const;
        const next = await open(ref);
        const previous = active;
        active = next;
        metrics.onSwitch?.(current, ref);
        await previous.batcher.drain();
        await previous.model.close();
        return 'switched' as const;
      });
      switching = step.catch(() => undefined);
      return step;
    },
    async close() {
      closed = true;
      await switching;
      await active.batcher.drain();
      await active.model.close();
    },
  };
}
