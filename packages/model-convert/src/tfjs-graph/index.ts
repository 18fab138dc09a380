// TFJS graph model → ONNX: reads model.json and its weight shards, translates the TF graph, serialises ONNX.
import { type ConvertedModel, type ConvertOptions, convertLoadedModel } from './convert.ts';
import { loadModelJson } from './model-json.ts';

export type { ConvertedModel, ConvertOptions, TensorDescription } from './convert.ts';
export {
  decodeWeights,
  float16ToFloat32,
  type LoadedModel,
  type LoadedWeights,
  loadModelJson,
  readWeightsManifest,
  type WeightSpec,
  type WeightsGroup,
  type WeightTensor,
} from './model-json.ts';

export async function convertTfjsGraph(modelJsonPath: string, options: ConvertOptions = {}): Promise<ConvertedModel> {
  const loaded = await loadModelJson(modelJsonPath);
  return convertLoadedModel(loaded, options, modelJsonPath);
}
