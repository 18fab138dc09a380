// gRPC adapter of DetectionService: proto messages ↔ the plain types of detection.ts. No logic beyond mapping.
import type { ServerUnaryCall } from '@grpc/grpc-js';
import {
  type AlignmentOutput as AlignmentOutputProto,
  type DetectedFace as DetectedFaceProto,
  type DetectionMode,
  type DetectRequest__Output,
  type DetectResponse,
  detectionService,
  type Landmarks as LandmarksProto,
  type PixelLayout,
  toFaceQualityProto,
} from '@visor/contracts';
import { type GrpcServiceRegistration, VisorError, withSpan } from '@visor/runtime';
import type { DetectMode, Point, RgbImage } from '@visor/vision';
import type { AlignmentOutput, DetectedFace, DetectInput, Detection } from './detection.ts';

const MODES: Record<DetectionMode & string, DetectMode> = {
  DETECTION_MODE_UNSPECIFIED: 'auto',
  DETECTION_MODE_AUTO: 'auto',
  DETECTION_MODE_SELFIE: 'selfie',
  DETECTION_MODE_GROUP: 'group',
};

const ALIGNMENTS: Record<AlignmentOutputProto & string, AlignmentOutput> = {
  ALIGNMENT_OUTPUT_UNSPECIFIED: 'crop',
  ALIGNMENT_OUTPUT_CROP: 'crop',
  ALIGNMENT_OUTPUT_TRANSFORM: 'transform',
  ALIGNMENT_OUTPUT_NONE: 'none',
};

export function toDetectInput(request: DetectRequest__Output): DetectInput {
  const ref = request.image;
  let image: DetectInput['image'];
  if (ref?.source === 'inline' && ref.inline?.length) image = { inline: ref.inline };
  else if (ref?.source === 'gcsObjectKey' && ref.gcsObjectKey) image = { gcsObjectKey: ref.gcsObjectKey };
  else throw new VisorError('invalid_argument', 'image is required (inline bytes or gcs_object_key)');
  const options = request.options;
  const mode = MODES[options?.mode ?? 'DETECTION_MODE_UNSPECIFIED'];
  const alignment = ALIGNMENTS[options?.alignment ?? 'ALIGNMENT_OUTPUT_UNSPECIFIED'];
  if (!mode) throw new VisorError('invalid_argument', 'unknown detection mode');
  if (!alignment) throw new VisorError('invalid_argument', 'unknown alignment output');
  return { image, mode, alignment, minFacePx: options?.minFacePx ?? 0, maxFaces: options?.maxFaces ?? 0 };
}

function cropLayoutOf(request: DetectRequest__Output): PixelLayout {
  const layout = request.options?.cropLayout ?? 'PIXEL_LAYOUT_UNSPECIFIED';
  if (layout === 'PIXEL_LAYOUT_UNSPECIFIED' || layout === 'PIXEL_LAYOUT_HWC_RGB_U8') return 'PIXEL_LAYOUT_HWC_RGB_U8';
  if (layout === 'PIXEL_LAYOUT_CHW_RGB_F32_LE') return layout;
  throw new VisorError('invalid_argument', 'unknown crop layout');
}

/** Interleaved u8 RGB → planar float32 little-endian, values kept at 0..255. */
export function toChwF32(img: RgbImage): Buffer {
  const plane = img.width * img.height;
  const out = Buffer.alloc(plane * 3 * 4);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) out.writeFloatLE(img.data[i * 3 + c], (c * plane + i) * 4);
  }
  return out;
}

const pt = (p: Point) => ({ x: p.x, y: p.y });

function toLandmarks(l: DetectedFace['landmarks']): LandmarksProto {
  return {
    leftEye: pt(l.leftEye),
    rightEye: pt(l.rightEye),
    nose: pt(l.noseTip),
    mouth: pt(l.mouth),
    leftEar: pt(l.leftEar),
    rightEar: pt(l.rightEar),
    // BlazeFace's own order: right eye, left eye, nose tip, mouth, right ear, left ear.
    points: [l.rightEye, l.leftEye, l.noseTip, l.mouth, l.rightEar, l.leftEar].map(pt),
  };
}

export function toFaceProto(face: DetectedFace, layout: PixelLayout): DetectedFaceProto {
  const out: DetectedFaceProto = {
    box: { ...face.box },
    landmarks: toLandmarks(face.landmarks),
    score: face.score,
    quality: toFaceQualityProto(face.quality),
  };
  if (face.crop) {
    const c = face.crop;
    const data =
      layout === 'PIXEL_LAYOUT_CHW_RGB_F32_LE'
        ? toChwF32(c)
        : Buffer.from(c.data.buffer, c.data.byteOffset, c.data.length);
    out.crop = { data, width: c.width, height: c.height, channels: 3, layout };
  } else if (face.transform) {
    const [m00, m01, m02, m10, m11, m12] = face.transform.matrix;
    const size = face.transform.size;
    out.transform = { m00, m01, m02, m10, m11, m12, outputWidth: size, outputHeight: size };
  }
  return out;
}

export function detectionHandlers(detection: Detection) {
  return {
    Detect: (call: ServerUnaryCall<DetectRequest__Output, DetectResponse>): Promise<DetectResponse> =>
      withSpan('visor.v1.DetectionService/Detect', {}, async (span) => {
        const input = toDetectInput(call.request);
        const layout = cropLayoutOf(call.request);
        const result = await detection.detect(input);
        span.setAttribute('faces', result.faces.length);
        return {
          faces: result.faces.map((f) => toFaceProto(f, layout)),
          imageWidth: result.width,
          imageHeight: result.height,
        };
      }),
  };
}

export function detectionRegistration(detection: Detection): GrpcServiceRegistration {
  return { definition: detectionService, implementation: detectionHandlers(detection) };
}
