// The model registry manifest (models/registry.json): which ONNX models Visor has, where their weights come from,
// how to build them reproducibly, what input they expect, and (later) their calibrated thresholds and metrics.
import { z } from 'zod';

/** `landmarker`: runs on a detected face, not a frame (the face mesh), so detector selection never picks it. */
export const MODEL_KINDS = ['embedder', 'detector', 'landmarker'] as const;
export const ModelKind = z.enum(MODEL_KINDS);
export type ModelKind = z.infer<typeof ModelKind>;

/** How a registry entry's ONNX file is produced from its source package. */
export const CONVERTERS = ['copy', 'faceapi-resnet', 'tfjs-graph'] as const;
export const Converter = z.enum(CONVERTERS);
export type Converter = z.infer<typeof Converter>;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex sha256');
const name = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes');
const version = z.string().regex(/^[0-9A-Za-z.-]+$/);

/** A tensor dimension: a size, or a symbolic name (e.g. 'batch') for a dynamic one. */
const Dim = z.union([z.number().int().positive(), z.string().min(1)]);

export const TensorSpec = z.object({
  name: z.string().min(1),
  dtype: z.enum(['float32', 'int64', 'int32', 'uint8']),
  shape: z.array(Dim).min(1),
  description: z.string().min(1),
});
export type TensorSpec = z.infer<typeof TensorSpec>;

/**
 * The image input. A caller takes RGB pixels 0..255 of a `size`×`size` crop, puts their channels in `colorOrder`,
 * computes (pixel − mean) × scale per channel (both in that order) and lays them out as `layout`. Whatever
 * normalisation the graph does itself is described in `inGraphPreprocessing` and is *not* repeated by the caller
 * (mean 0 and scale 1 then).
 */
export const InputSpec = TensorSpec.extend({
  size: z.number().int().positive(),
  layout: z.enum(['nhwc', 'nchw']),
  colorOrder: z.enum(['rgb', 'bgr']),
  mean: z.tuple([z.number(), z.number(), z.number()]),
  scale: z.union([z.number(), z.tuple([z.number(), z.number(), z.number()])]),
  /** The value range the graph receives after the caller's (pixel − mean) × scale. */
  range: z.tuple([z.number(), z.number()]),
  inGraphPreprocessing: z.string(),
  /** Largest batch the graph accepts; null when the batch dimension is dynamic. */
  fixedBatch: z.number().int().positive().nullable(),
});
export type InputSpec = z.infer<typeof InputSpec>;

export const OutputSpec = z.object({
  tensors: z.array(TensorSpec).min(1),
  /** Embedders: the vector length and whether the graph L2-normalises it. */
  embeddingDim: z.number().int().positive().optional(),
  l2Normalized: z.boolean().optional(),
});
export type OutputSpec = z.infer<typeof OutputSpec>;

export const SourceFile = z.object({ path: z.string().min(1), sha256 });
export const Source = z.object({
  /** An npm package Visor depends on (packages/models/package.json), pinned to this exact version. */
  package: z.string().min(1),
  version: z.string().min(1),
  /** Files inside the package, pinned by hash; the first one is the converter's input. */
  files: z.array(SourceFile).min(1),
});
export type Source = z.infer<typeof Source>;

export const Licence = z.object({
  /** SPDX id of the source package's licence. */
  spdx: z.string().min(1),
  /** Licence file inside the source package. */
  file: z.string().min(1),
  /** Where the weights come from and on what terms. */
  weights: z.string().min(1),
});

/**
 * Decision thresholds, calibrated on one split of a dataset and reported on another. `far` maps a target false
 * accept rate ("1e-3", "1e-4") to the score threshold that reaches it, for `metric`.
 */
export const Thresholds = z.looseObject({
  metric: z.string().min(1),
  far: z.record(z.string(), z.number().nullable()),
  dataset: z.string().min(1),
  split: z.string().optional(),
});
export type Thresholds = z.infer<typeof Thresholds>;

/** Keypoint sets an aligner can fit an embedder's canonical crop on (implemented by @visor/vision's alignFace). */
export const ALIGN_POINT_SETS = ['eyes-nose-mouth', 'eyes-mouth', 'eyes', 'mesh68', 'mesh68-core'] as const;
export const AlignPointSet = z.enum(ALIGN_POINT_SETS);
export type AlignPointSet = z.infer<typeof AlignPointSet>;

/** The point sets read off a face mesh rather than the detector's keypoints: they need a landmarker. */
export const isMeshPointSet = (points: AlignPointSet): points is 'mesh68' | 'mesh68-core' =>
  points === 'mesh68' || points === 'mesh68-core';

/**
 * How an embedder's input crop is aligned. Part of the model entry, not of a service's configuration: the
 * thresholds were calibrated on crops aligned this way, so every producer of crops for this embedder must match.
 */
export const Alignment = z.object({
  points: AlignPointSet,
  /** The landmarker ('name@version', kind 'landmarker') the mesh point sets read landmarks from. */
  landmarker: z.string().optional(),
});
export type Alignment = z.infer<typeof Alignment>;

/** Free-form evaluation figures (the evaluation writes them with the dataset and command that produced them). */
export const Metrics = z.record(z.string(), z.unknown());
export type Metrics = z.infer<typeof Metrics>;

export const ModelEntry = z.object({
  name,
  version,
  kind: ModelKind,
  description: z.string().min(1),
  source: Source,
  converter: Converter,
  /** Options for the converter; tfjs-graph: `batch` ('dynamic' or a fixed size) and `inputShape` [h, w, c]. */
  converterOptions: z
    .object({
      batch: z.union([z.literal('dynamic'), z.number().int().positive()]).optional(),
      inputShape: z.array(z.number().int().positive()).optional(),
    })
    .optional(),
  /** File name of the built ONNX under the models directory (models/build, or $VISOR_MODELS_DIR). */
  file: z.string().regex(/^[A-Za-z0-9@._-]+\.onnx$/),
  /** sha256 of the built ONNX; builds must reproduce it bit for bit. null until first recorded. */
  sha256: sha256.nullable(),
  input: InputSpec,
  /** Embedders: how their input crop is aligned (absent: @visor/vision's default for the dlib chip). */
  alignment: Alignment.optional(),
  /**
   * Embedders: embed each crop and its mirror image and sum the two before normalising (test-time augmentation;
   * one more forward pass per face). Part of the entry for the same reason as `alignment`: thresholds depend on it.
   */
  flipFusion: z.boolean().optional(),
  output: OutputSpec,
  licence: Licence,
  thresholds: Thresholds.nullable(),
  metrics: Metrics.nullable(),
});
export type ModelEntry = z.infer<typeof ModelEntry>;

export const Registry = z
  .object({
    schemaVersion: z.literal(1),
    /** The model used for each kind when none is named: 'name@version'. */
    defaults: z.record(ModelKind, z.string()),
    models: z.array(ModelEntry).min(1),
  })
  .superRefine((reg, ctx) => {
    const ids = new Set<string>();
    const files = new Set<string>();
    for (const m of reg.models) {
      const id = `${m.name}@${m.version}`;
      if (ids.has(id)) ctx.addIssue({ code: 'custom', message: `duplicate model ${id}` });
      if (files.has(m.file)) ctx.addIssue({ code: 'custom', message: `duplicate file ${m.file}` });
      ids.add(id);
      files.add(m.file);
    }
    for (const [kind, id] of Object.entries(reg.defaults)) {
      const m = reg.models.find((e) => `${e.name}@${e.version}` === id);
      if (!m) ctx.addIssue({ code: 'custom', message: `default ${kind} ${id} is not in the registry` });
      else if (m.kind !== kind) ctx.addIssue({ code: 'custom', message: `default ${kind} ${id} is a ${m.kind}` });
    }
    for (const m of reg.models) {
      if (!m.alignment) continue;
      const id = `${m.name}@${m.version}`;
      const { points, landmarker } = m.alignment;
      if (m.kind !== 'embedder') ctx.addIssue({ code: 'custom', message: `${id}: only embedders have an alignment` });
      if (isMeshPointSet(points) && !landmarker) {
        ctx.addIssue({ code: 'custom', message: `${id}: alignment ${points} needs a landmarker` });
      }
      if (landmarker && !reg.models.some((e) => `${e.name}@${e.version}` === landmarker && e.kind === 'landmarker')) {
        ctx.addIssue({ code: 'custom', message: `${id}: alignment landmarker ${landmarker} is not a landmarker here` });
      }
      // Thresholds fitted on differently made embeddings would not give the rates they are stored under.
      const fitted = m.thresholds?.settings as { align_points?: unknown; flip?: unknown } | undefined;
      if (fitted && (fitted.align_points !== points || fitted.flip !== (m.flipFusion ?? false))) {
        ctx.addIssue({
          code: 'custom',
          message: `${id}: thresholds were fitted with align_points ${String(fitted.align_points)}, flip ${String(fitted.flip)}; the entry declares ${points}, flipFusion ${m.flipFusion ?? false}: recalibrate`,
        });
      }
    }
  });
export type Registry = z.infer<typeof Registry>;

export const modelId = (m: Pick<ModelEntry, 'name' | 'version'>): string => `${m.name}@${m.version}`;
