// face-api's own FaceRecognitionNet, run on pure-JS @tensorflow/tfjs (CPU backend), as the reference the converted
// ONNX is compared with. face-api's Node builds `require('@tensorflow/tfjs')`, which pnpm does not let face-api
// resolve (tfjs is only its devDependency), so its CommonJS build is evaluated here with a `require` that hands it
// this package's tfjs. No tfjs-node anywhere.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require_ = createRequire(import.meta.url);

// Only what the proof uses of face-api's (untyped-here) surface.
export interface FaceApiTf {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  env(): { set(flag: string, value: boolean): void };
  tensor4d(values: Float32Array, shape: [number, number, number, number]): { dispose(): void };
  io: { decodeWeights(buffer: ArrayBuffer, specs: unknown[]): Record<string, { dataSync(): Float32Array }> };
}
export interface FaceRecognitionNet {
  loadFromWeightMap(weightMap: unknown): void;
  computeFaceDescriptor(input: unknown): Promise<Float32Array | Float32Array[]>;
}
export interface FaceApi {
  tf: FaceApiTf;
  FaceRecognitionNet: new () => FaceRecognitionNet;
}

export const faceApiDir = path.dirname(require_.resolve('@vladmandic/face-api/package.json'));

export function loadFaceApi(): FaceApi {
  const file = path.join(faceApiDir, 'dist/face-api.node-wasm.js');
  const source = readFileSync(file, 'utf8');
  const mod = { exports: {} as unknown };
  const requireForFaceApi = (id: string): unknown => {
    if (id === '@tensorflow/tfjs' || id === '@tensorflow/tfjs-backend-wasm') return require_(id);
    return require_(id); // node built-ins such as fs
  };
  new Function('require', 'module', 'exports', '__filename', '__dirname', source)(
    requireForFaceApi,
    mod,
    mod.exports,
    file,
    path.dirname(file),
  );
  return mod.exports as FaceApi;
}

/** face-api's recognition net with the package's weights, decoded by tfjs itself, on the CPU backend. */
export async function loadReferenceNet(): Promise<{ faceapi: FaceApi; net: FaceRecognitionNet }> {
  const faceapi = loadFaceApi();
  // PROD only silences tfjs's console hint to install tfjs-node (which Visor never uses); numerics are unchanged.
  faceapi.tf.env().set('PROD', true);
  await faceapi.tf.setBackend('cpu');
  await faceapi.tf.ready();
  const manifest = JSON.parse(
    readFileSync(path.join(faceApiDir, 'model/face_recognition_model-weights_manifest.json'), 'utf8'),
  ) as Array<{ paths: string[]; weights: unknown[] }>;
  const buffers = manifest.flatMap((g) => g.paths.map((p) => readFileSync(path.join(faceApiDir, 'model', p))));
  const all = Buffer.concat(buffers);
  const weightMap = faceapi.tf.io.decodeWeights(
    all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
    manifest.flatMap((g) => g.weights),
  );
  const net = new faceapi.FaceRecognitionNet();
  net.loadFromWeightMap(weightMap);
  return { faceapi, net };
}
