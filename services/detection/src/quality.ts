// Face quality as the contract states it (FaceQuality in common.proto): measurements scaled to 0..1, a combined
// score, and the checks a face fails. The raw measurements come from @visor/vision's faceQuality.
import { type FaceQualityValues, QualityReasonName as QualityReason } from '@visor/contracts';
import type { Face, FaceQuality as RawQuality } from '@visor/vision';

export { QualityReasonName as QualityReason } from '@visor/contracts';

export interface QualityLimits {
  minFacePx: number;
  /** On the 0..1 sharpness scale below. */
  minSharpness: number;
  maxPoseDeg: number;
  minBrightness: number;
  maxBrightness: number;
  /** Largest fraction of the face box that may lie outside the image. */
  maxCropped: number;
}

export type Quality = FaceQualityValues<QualityReason>;

/**
 * Variance of the Laplacian at which sharpness reads 0.5. 100 is the customary blur cut-off for the variance of
 * the 4-neighbour Laplacian on 8-bit luma; the squashing keeps the score monotonic and bounded.
 */
export const SHARPNESS_HALF_POINT = 100;

export function scaleSharpness(laplacianVariance: number): number {
  const v = Math.max(0, laplacianVariance);
  return v / (v + SHARPNESS_HALF_POINT);
}

/** Fraction of the box's area outside the image. */
export function croppedFraction(box: Face['box'], width: number, height: number): number {
  const area = box.width * box.height;
  if (area <= 0) return 1;
  const w = Math.max(0, Math.min(box.x + box.width, width) - Math.max(box.x, 0));
  const h = Math.max(0, Math.min(box.y + box.height, height) - Math.max(box.y, 0));
  return 1 - (w * h) / area;
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : Number.isFinite(x) ? x : 0);

export function assessQuality(
  face: Face,
  raw: RawQuality,
  image: { width: number; height: number },
  limits: QualityLimits,
): Quality {
  const faceSizePx = Math.max(face.box.width, face.box.height);
  const sharpness = scaleSharpness(raw.sharpness);
  const brightness = clamp01(raw.brightness / 255);
  const cropped = croppedFraction(face.box, image.width, image.height);
  const pose = Math.max(Math.abs(raw.yaw), Math.abs(raw.pitch), Math.abs(raw.roll));
  const landmarksInBox = insideBox(face);

  const reasons: QualityReason[] = [];
  if (faceSizePx < limits.minFacePx) reasons.push(QualityReason.tooSmall);
  if (sharpness < limits.minSharpness) reasons.push(QualityReason.blurry);
  if (pose > limits.maxPoseDeg) reasons.push(QualityReason.pose);
  if (brightness < limits.minBrightness) reasons.push(QualityReason.tooDark);
  if (brightness > limits.maxBrightness) reasons.push(QualityReason.tooBright);
  if (cropped > limits.maxCropped) reasons.push(QualityReason.cropped);
  if (!landmarksInBox) reasons.push(QualityReason.occluded);

  // Each factor is 1 when its check passes comfortably and falls towards 0 as the face gets worse on it; the
  // product makes one bad property dominate, as it does for recognition accuracy.
  const light =
    brightness < limits.minBrightness
      ? brightness / limits.minBrightness
      : brightness > limits.maxBrightness
        ? (1 - brightness) / (1 - limits.maxBrightness)
        : 1;
  const overall =
    clamp01(faceSizePx / limits.minFacePx) *
    clamp01(sharpness / limits.minSharpness) *
    clamp01(1 - pose / (2 * limits.maxPoseDeg)) *
    clamp01(light) *
    clamp01(1 - cropped) *
    (landmarksInBox ? 1 : 0.5);

  return {
    faceSizePx,
    sharpness,
    yawDeg: raw.yaw,
    pitchDeg: raw.pitch,
    rollDeg: raw.roll,
    brightness,
    overall,
    reasons,
  };
}

/** Eyes, nose and mouth inside the (slightly enlarged) box; a detector's keypoints wander off when they are hidden. */
function insideBox(face: Face): boolean {
  const { box, landmarks } = face;
  const mx = box.width * 0.1;
  const my = box.height * 0.1;
  return [landmarks.rightEye, landmarks.leftEye, landmarks.noseTip, landmarks.mouth].every(
    (p) => p.x >= box.x - mx && p.x <= box.x + box.width + mx && p.y >= box.y - my && p.y <= box.y + box.height + my,
  );
}
