// Runs a tfjs graph model with @tensorflow/tfjs (pure JS, CPU backend) straight from disk: the reference the ONNX
// conversion is proven against. @tensorflow/tfjs is a devDependency, so it is imported lazily.
import type { LoadedModel } from './model-json.ts';

export interface ReferenceOutput {
  shape: number[];
  data: Float32Array;
}

export interface TfjsReference {
  inputName: string;
  outputNames: string[];
  run(input: Float32Array, shape: readonly number[]): Promise<Record<string, ReferenceOutput>>;
  dispose(): void;
}

export async function loadTfjsReference(loaded: LoadedModel): Promise<TfjsReference> {
  const tf = await import('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  await tf.ready();
  const { json, weightData } = loaded;
  const handler = {
    load: async () => ({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData: weightData.slice().buffer,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      signature: json.signature,
    }),
  };
  // biome-ignore lint/suspicious/noExplicitAny: the tfjs IOHandler type wants tfjs' own ModelArtifacts interfaces.
  const graph = await tf.loadGraphModel(handler as any);
  const inputName = graph.inputs[0]?.name as string;
  const outputNames = graph.outputs.map((o) => o.name);
  return {
    inputName,
    outputNames,
    async run(input, shape) {
      const x = tf.tensor(input, [...shape], 'float32');
      const raw = graph.execute(x);
      const list = Array.isArray(raw) ? raw : [raw];
      const out: Record<string, ReferenceOutput> = {};
      for (let i = 0; i < list.length; i++) {
        const t = list[i] as (typeof list)[number];
        out[outputNames[i] as string] = { shape: t.shape, data: (await t.data()) as Float32Array };
      }
      tf.dispose([x, ...list]);
      return out;
    },
    dispose: () => graph.dispose(),
  };
}
