// What a running pipeline takes from the registry: the BlazeFace pair it detects with, and how to feed an embedder.
import { ModelRegistryError, resolveModel } from './registry.ts';
import {
  type AlignPointSet,
  type InputSpec,
  isMeshPointSet,
  type ModelEntry,
  modelId,
  type Registry,
} from './schema.ts';

/**
 * The detector with input side `size`: the one `ref` names when given, else the registry's default detector when it
 * has that size, else the last-listed detector of that size.
 */
export function pickDetector(registry: Registry, size: number, ref?: string): ModelEntry {
  if (ref) return resolveModel('detector', ref, registry);
  const candidates = registry.models.filter((m) => m.kind === 'detector' && m.input.size === size);
  const entry = candidates.find((m) => modelId(m) === registry.defaults.detector) ?? candidates.at(-1);
  if (!entry) throw new ModelRegistryError('MODEL_NOT_FOUND', `the model registry has no ${size}×${size} detector`);
  return entry;
}

/** The front (short-range) and back (full-range) detectors, by their input sides; see pickDetector. */
export function pickDetectors(
  registry: Registry,
  sizes: { front: number; back: number },
  refs: { front?: string; back?: string } = {},
): { front: ModelEntry; back: ModelEntry } {
  return {
    front: pickDetector(registry, sizes.front, refs.front),
    back: pickDetector(registry, sizes.back, refs.back),
  };
}

/**
 * An embedder's input and output as @visor/vision's `EmbedderSpec` describes them. Declared here, not imported:
 * @visor/vision depends on this package, so this one must not depend on it; the two match structurally.
 */
export type EmbedderSpecFields = Pick<InputSpec, 'size' | 'layout' | 'colorOrder' | 'mean' | 'scale'> & {
  dim: number;
  inputName?: string;
  outputName?: string;
};

/** An embedder entry's spec for @visor/vision's createEmbedder / createPipeline; embedders with a dimension only. */
export function embedderSpecOf(entry: ModelEntry): EmbedderSpecFields {
  const id = modelId(entry);
  if (entry.kind !== 'embedder') throw new ModelRegistryError('MODEL_WRONG_KIND', `${id} is a ${entry.kind}`);
  const dim = entry.output.embeddingDim;
  if (!dim) throw new Error(`${id}: registry entry has no output.embeddingDim`);
  // Multi-head graphs (faceres: gender, descriptor, age) list the descriptor anywhere: it is the tensor of that width.
  const descriptor = entry.output.tensors.find((t) => t.shape.at(-1) === dim);
  if (!descriptor) throw new Error(`${id}: no output tensor of width ${dim} (output.embeddingDim)`);
  return {
    size: entry.input.size,
    layout: entry.input.layout,
    colorOrder: entry.input.colorOrder,
    mean: entry.input.mean,
    scale: entry.input.scale,
    dim,
    inputName: entry.input.name,
    outputName: descriptor.name,
  };
}

/** How to align crops for an embedder: its point set, and the landmarker entry when the set is read off a mesh. */
export interface AlignmentChoice {
  points: AlignPointSet;
  landmarker?: ModelEntry;
}

/** The alignment an embedder entry declares; undefined when it declares none (the pipeline's default applies). */
export function alignmentOf(entry: ModelEntry, registry: Registry): AlignmentChoice | undefined {
  if (!entry.alignment) return undefined;
  const { points, landmarker } = entry.alignment;
  if (!isMeshPointSet(points)) return { points };
  return { points, landmarker: resolveModel('landmarker', landmarker, registry) };
}

/**
 * What an embedder needs of the crops it is given, as one comparable string: input side, declared alignment points
 * and landmarker. The detection service makes crops for one such contract (the default embedder's, at its start),
 * so an embedder with another contract must not start receiving them.
 */
export function cropContract(entry: ModelEntry): string {
  const { points = 'default', landmarker = '' } = entry.alignment ?? {};
  return `${entry.input.size}px ${points} ${landmarker}`.trim();
}
