// The enrolment quality gate: which checks a detected face fails, from the measurements Detect returns. The
// detection service flags faces against its own (verification) limits; enrolment applies its own, stricter ones, and
// keeps the detector's verdicts it cannot recompute from the numbers (cropped, occluded).
import { type FaceQualityValues, QualityReasonName as QualityReason } from '@visor/contracts';

export { QualityReasonName as QualityReason } from '@visor/contracts';

/** Reasons are those the detector reported against its own limits. */
export type FaceQuality = FaceQualityValues<QualityReason>;

export type QualityGate = {
  minFacePx: number;
  minSharpness: number;
  maxYawDeg: number;
  maxPitchDeg: number;
  maxRollDeg: number;
  minBrightness: number;
  maxBrightness: number;
};

export const DEFAULT_QUALITY_GATE: QualityGate = {
  minFacePx: 80,
  minSharpness: 0.1,
  maxYawDeg: 35,
  maxPitchDeg: 30,
  maxRollDeg: 30,
  minBrightness: 0.12,
  maxBrightness: 0.92,
};

/** Detector verdicts that are not derived from a FaceQuality number, so enrolment cannot re-judge them. */
const DETECTOR_ONLY: readonly QualityReason[] = [QualityReason.cropped, QualityReason.occluded];

/** Every check `quality` fails under `gate`, in a fixed order; empty when the face may be enrolled. */
export function failedChecks(quality: FaceQuality, gate: QualityGate): QualityReason[] {
  const reasons: QualityReason[] = [];
  if (!(quality.faceSizePx >= gate.minFacePx)) reasons.push(QualityReason.tooSmall);
  if (!(quality.sharpness >= gate.minSharpness)) reasons.push(QualityReason.blurry);
  if (
    !(Math.abs(quality.yawDeg) <= gate.maxYawDeg) ||
    !(Math.abs(quality.pitchDeg) <= gate.maxPitchDeg) ||
    !(Math.abs(quality.rollDeg) <= gate.maxRollDeg)
  ) {
    reasons.push(QualityReason.pose);
  }
  if (!(quality.brightness >= gate.minBrightness)) reasons.push(QualityReason.tooDark);
  if (!(quality.brightness <= gate.maxBrightness)) reasons.push(QualityReason.tooBright);
  for (const r of DETECTOR_ONLY) if (quality.reasons.includes(r)) reasons.push(r);
  return reasons;
}
