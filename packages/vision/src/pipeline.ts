// decode → detect → align → embed, wired once for the services and for evaluation. No transport here: callers
// map a Failure's code onto their own error type.
import { performance } from 'node:perf_hooks';
import {
  type AlignedFace,
  alignFace,
  type ChipSpec,
  cropBox,
  DLIB_CHIP,
  type FaceQuality,
  faceQuality,
  isMeshPoints,
} from './align.ts';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits, decodeImage } from './decode.ts';
import { createDetector, type DetectOptions, type DetectorModels, type Face, type FaceDetector } from './detect.ts';
import {
  createEmbedder,
  type EmbedderSpec,
  type EmbedOptions,
  FACEAPI_RESNET_SPEC,
  type FaceEmbedder,
} from './embed.ts';
import type { RgbImage } from './image.ts';
import { createFaceMesh, type FaceMesh } from './mesh.ts';
import type { OrtOptions } from './ort.ts';
import { ok, type Result } from './result.ts';

export type Alignment = 'template' | 'box';

export interface PipelineConfig {
  detector: DetectorModels;
  /** Embedder ONNX and its input spec; without it the pipeline detects and aligns only. */
  embedder?: { path: string; spec?: EmbedderSpec };
  ortOptions?: OrtOptions;
  /** Face mesh ONNX (registry `human-facemesh@1`); needed by the mesh point sets (`chip.points` 'mesh68…'). */
  mesh?: { path: string };
  chip?: ChipSpec;
  /** Flip fusion for every embedding unless a call says otherwise (registry: the embedder's `flipFusion`). */
  flip?: boolean;
  decodeLimits?: DecodeLimits;
}

export interface ProcessOptions extends DetectOptions, EmbedOptions {
  /** `template`: similarity fit to the embedder's mean face (default); `box`: plain crop of the detector box. */
  alignment?: Alignment;
  /** Skip the embedder (detection and quality only). */
  embed?: boolean;
}

export interface ProcessedFace {
  face: Face;
  quality: FaceQuality;
  /** L2-normalised; absent when `embed: false` or no embedder is configured. */
  embedding?: Float32Array;
}

export interface ProcessResult {
  width: number;
  height: number;
  faces: ProcessedFace[];
  timingMs: { decode: number; detect: number; align: number; embed: number };
}

export interface Pipeline {
  decode(bytes: Uint8Array): ReturnType<typeof decodeImage>;
  detect(image: RgbImage, options?: DetectOptions): Promise<Face[]>;
  align(image: RgbImage, face: Face, alignment?: Alignment): AlignedFace;
  embed(chips: RgbImage[], options?: EmbedOptions): Promise<Float32Array[]>;
  /** The whole chain on encoded bytes; faces largest first. */
  process(bytes: Uint8Array, options?: ProcessOptions): Promise<Result<ProcessResult>>;
  /** The chain on pixels already decoded. */
  processImage(
    image: RgbImage,
    options?: ProcessOptions,
  ): Promise<Omit<ProcessResult, 'timingMs'> & { timingMs: Omit<ProcessResult['timingMs'], 'decode'> }>;
  readonly embedderSpec: EmbedderSpec | undefined;
  /** The chip `align` produces with `template` alignment. */
  readonly chipSpec: ChipSpec;
  close(): Promise<void>;
}

export async function createPipeline(config: PipelineConfig): Promise<Pipeline> {
  const detector: FaceDetector = await createDetector(config.detector, config.ortOptions);
  const embedder: FaceEmbedder | undefined = config.embedder
    ? await createEmbedder(config.embedder.path, config.embedder.spec ?? FACEAPI_RESNET_SPEC, config.ortOptions)
    : undefined;
  const chip: ChipSpec = {
    ...DLIB_CHIP,
    ...(config.chip ?? {}),
    size: embedder?.spec.size ?? config.chip?.size ?? 150,
  };
  if (isMeshPoints(chip.points) && !config.mesh) {
    throw new Error(`align points ${chip.points} need a face mesh model (PipelineConfig.mesh)`);
  }
  const mesher: FaceMesh | undefined =
    config.mesh && isMeshPoints(chip.points) ? await createFaceMesh(config.mesh.path, config.ortOptions) : undefined;
  const limits = config.decodeLimits ?? DEFAULT_DECODE_LIMITS;

  const align = (image: RgbImage, face: Face, alignment: Alignment = 'template'): AlignedFace =>
    alignment === 'box' ? cropBox(image, face.box, chip.size) : alignFace(image, face.landmarks, chip, face.mesh);

  /** Detection, plus the face mesh on each face when the chip is fitted on mesh landmarks. */
  async function detect(image: RgbImage, options?: DetectOptions): Promise<Face[]> {
    const faces = await detector.detect(image, options);
    if (!mesher) return faces;
    const out: Face[] = [];
    for (const f of faces) {
      const m = await mesher.landmarks(image, f);
      out.push(m ? { ...f, mesh: m.points } : f);
    }
    return out;
  }

  async function embed(chips: RgbImage[], options?: EmbedOptions): Promise<Float32Array[]> {
    if (!embedder) throw new Error('this pipeline has no embedder configured');
    return chips.length ? embedder.embed(chips, { ...options, flip: options?.flip ?? config.flip }) : [];
  }

  async function processImage(image: RgbImage, options: ProcessOptions = {}) {
    let t = performance.now();
    const faces = await detect(image, options);
    const detectMs = performance.now() - t;
    t = performance.now();
    const aligned = faces.map((f) => align(image, f, options.alignment));
    const quality = faces.map((f, i) => faceQuality(f, aligned[i].image));
    const alignMs = performance.now() - t;
    t = performance.now();
    const wantEmbed = (options.embed ?? true) && embedder !== undefined;
    const embeddings = wantEmbed
      ? await embed(
          aligned.map((a) => a.image),
          options,
        )
      : [];
    const embedMs = performance.now() - t;
    return {
      width: image.width,
      height: image.height,
      faces: faces.map((face, i) => ({ face, quality: quality[i], embedding: embeddings[i] })),
      timingMs: { detect: detectMs, align: alignMs, embed: embedMs },
    };
  }

  return {
    decode: (bytes) => decodeImage(bytes, limits),
    detect,
    align,
    embed,
    processImage,
    async process(bytes, options = {}) {
      const t = performance.now();
      const decoded = await decodeImage(bytes, limits);
      if (!decoded.ok) return decoded;
      const decodeMs = performance.now() - t;
      const r = await processImage(decoded.value, options);
      return ok({ ...r, timingMs: { decode: decodeMs, ...r.timingMs } });
    },
    embedderSpec: embedder?.spec,
    chipSpec: chip,
    async close() {
      await detector.close();
      await mesher?.close();
      await embedder?.close();
    },
  };
}
