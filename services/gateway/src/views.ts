// The REST representations of contract messages: camelCase JSON with short enum names, no internal fields.
import {
  type Box__Output,
  dateFromTimestamp,
  type Face__Output,
  type FaceQuality__Output,
  type FaceQualityValues,
  type Landmarks__Output,
  type ModelRef__Output,
  type Point__Output,
  qualityReasonName,
  type Subject__Output,
  type Timestamp__Output,
} from '@visor/contracts';

export type BoxView = { x: number; y: number; width: number; height: number };
export type PointView = { x: number; y: number };
export type QualityView = FaceQualityValues<string>;
export type ModelView = { name: string; version: string };

const round = (v: number, digits = 4) => Number(v.toFixed(digits));

export function boxView(box: Box__Output | null | undefined): BoxView {
  return {
    x: round(box?.x ?? 0, 2),
    y: round(box?.y ?? 0, 2),
    width: round(box?.width ?? 0, 2),
    height: round(box?.height ?? 0, 2),
  };
}

function pointView(point: Point__Output | null | undefined): PointView | undefined {
  return point ? { x: round(point.x, 2), y: round(point.y, 2) } : undefined;
}

export function landmarksView(landmarks: Landmarks__Output | null | undefined): Record<string, PointView> {
  const out: Record<string, PointView> = {};
  if (!landmarks) return out;
  const named = ['leftEye', 'rightEye', 'nose', 'mouth', 'leftEar', 'rightEar'] as const;
  for (const name of named) {
    const p = pointView(landmarks[name]);
    if (p) out[name] = p;
  }
  return out;
}

/** The reasons' REST names, without the proto default. */
export function qualityReasonNames(reasons: readonly (string | number)[]): string[] {
  return reasons.map(qualityReasonName).filter((r) => r !== 'unspecified');
}

export function qualityView(q: FaceQuality__Output | null | undefined): QualityView {
  return {
    overall: round(q?.overall ?? 0),
    faceSizePx: round(q?.faceSizePx ?? 0, 1),
    sharpness: round(q?.sharpness ?? 0),
    yawDeg: round(q?.yawDeg ?? 0, 1),
    pitchDeg: round(q?.pitchDeg ?? 0, 1),
    rollDeg: round(q?.rollDeg ?? 0, 1),
    brightness: round(q?.brightness ?? 0),
    reasons: qualityReasonNames(q?.reasons ?? []),
  };
}

export function modelView(model: ModelRef__Output | null | undefined): ModelView | null {
  return model?.name ? { name: model.name, version: model.version } : null;
}

function isoTime(ts: Timestamp__Output | null | undefined): string | null {
  return ts ? dateFromTimestamp(ts).toISOString() : null;
}

export type SubjectView = {
  id: string;
  externalId: string;
  displayName: string;
  metadata: Record<string, string>;
  faceCount: number;
  createdAt: string | null;
};

export function subjectView(subject: Subject__Output): SubjectView {
  return {
    id: subject.subjectId,
    externalId: subject.externalId,
    displayName: subject.displayName,
    metadata: { ...subject.metadata },
    faceCount: subject.faceCount,
    createdAt: isoTime(subject.createdAt),
  };
}

export type FaceView = {
  id: string;
  box: BoxView;
  quality: QualityView;
  model: ModelView | null;
  createdAt: string | null;
};

export function faceView(face: Face__Output): FaceView {
  return {
    id: face.faceId,
    box: boxView(face.box),
    quality: qualityView(face.quality),
    model: modelView(face.model),
    createdAt: isoTime(face.createdAt),
  };
}
