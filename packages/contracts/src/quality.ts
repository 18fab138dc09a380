// Face quality as services and the REST API speak of it: the short reason names (`too_small`), their
// visor.v1.QualityReason values, and the measurements of a FaceQuality message as plain numbers.
import type { FaceQuality, FaceQuality__Output, QualityReason } from './generated/index.ts';

export const QualityReasonName = {
  tooSmall: 'too_small',
  blurry: 'blurry',
  pose: 'pose',
  tooDark: 'too_dark',
  tooBright: 'too_bright',
  cropped: 'cropped',
  occluded: 'occluded',
} as const;
export type QualityReasonName = (typeof QualityReasonName)[keyof typeof QualityReasonName];

/** FaceQuality (common.proto) with reasons of type `R`: short names inside services, strings in REST views. */
export type FaceQualityValues<R = QualityReasonName> = {
  faceSizePx: number;
  sharpness: number;
  yawDeg: number;
  pitchDeg: number;
  rollDeg: number;
  brightness: number;
  overall: number;
  reasons: R[];
};

const TO_PROTO: Record<QualityReasonName, QualityReason & string> = {
  too_small: 'QUALITY_REASON_TOO_SMALL',
  blurry: 'QUALITY_REASON_BLURRY',
  pose: 'QUALITY_REASON_POSE',
  too_dark: 'QUALITY_REASON_TOO_DARK',
  too_bright: 'QUALITY_REASON_TOO_BRIGHT',
  cropped: 'QUALITY_REASON_CROPPED',
  occluded: 'QUALITY_REASON_OCCLUDED',
};

const FROM_PROTO = new Map<string, QualityReasonName>(
  Object.entries(TO_PROTO).map(([name, proto]) => [proto, name as QualityReasonName]),
);

export function qualityReasonToProto(reason: QualityReasonName): QualityReason {
  return TO_PROTO[reason];
}

/** The reasons this contract version names; unspecified or newer values are dropped. */
export function qualityReasonsFromProto(reasons: readonly (QualityReason | string)[]): QualityReasonName[] {
  return reasons.flatMap((r) => {
    const name = FROM_PROTO.get(String(r));
    return name ? [name] : [];
  });
}

export function toFaceQualityProto(q: FaceQualityValues): FaceQuality {
  return { ...measurements(q), reasons: q.reasons.map(qualityReasonToProto) };
}

export function fromFaceQualityProto(q: FaceQuality__Output): FaceQualityValues {
  return { ...measurements(q), reasons: qualityReasonsFromProto(q.reasons) };
}

function measurements(q: Omit<FaceQualityValues<unknown>, 'reasons'>): Omit<FaceQualityValues, 'reasons'> {
  return {
    faceSizePx: q.faceSizePx,
    sharpness: q.sharpness,
    yawDeg: q.yawDeg,
    pitchDeg: q.pitchDeg,
    rollDeg: q.rollDeg,
    brightness: q.brightness,
    overall: q.overall,
  };
}

/** `QUALITY_REASON_TOO_SMALL` → `too_small`; a value from a newer contract keeps its own lower-cased name. */
export function qualityReasonName(reason: string | number): string {
  return String(reason)
    .replace(/^QUALITY_REASON_/, '')
    .toLowerCase();
}
