import type { Face, FaceQuality } from '@visor/vision';
import { assessQuality, croppedFraction, type QualityLimits, scaleSharpness } from '../src/quality.ts';

const limits: QualityLimits = {
  minFacePx: 80,
  minSharpness: 0.3,
  maxPoseDeg: 30,
  minBrightness: 0.15,
  maxBrightness: 0.9,
  maxCropped: 0.1,
};

function face(box = { x: 100, y: 100, width: 120, height: 120 }): Face {
  const at = (fx: number, fy: number) => ({ x: box.x + fx * box.width, y: box.y + fy * box.height });
  return {
    box,
    score: 0.9,
    landmarks: {
      rightEye: at(0.3, 0.35),
      leftEye: at(0.7, 0.35),
      noseTip: at(0.5, 0.55),
      mouth: at(0.5, 0.75),
      rightEar: at(0.05, 0.4),
      leftEar: at(0.95, 0.4),
    },
  };
}

const raw = (over: Partial<FaceQuality> = {}): FaceQuality => ({
  faceWidthPx: 120,
  eyeDistancePx: 48,
  sharpness: 400,
  brightness: 128,
  yaw: 2,
  pitch: -3,
  roll: 1,
  ...over,
});

const image = { width: 640, height: 480 };

test('sharpness is a bounded, increasing function of the Laplacian variance', () => {
  expect(scaleSharpness(0)).toBe(0);
  expect(scaleSharpness(-5)).toBe(0);
  expect(scaleSharpness(100)).toBeCloseTo(0.5);
  expect(scaleSharpness(1000)).toBeGreaterThan(scaleSharpness(200));
  expect(scaleSharpness(1e9)).toBeLessThan(1);
});

test('cropped fraction is the share of the box outside the image', () => {
  expect(croppedFraction({ x: 10, y: 10, width: 100, height: 100 }, 640, 480)).toBe(0);
  expect(croppedFraction({ x: -50, y: 0, width: 100, height: 100 }, 640, 480)).toBeCloseTo(0.5);
  expect(croppedFraction({ x: 0, y: 0, width: 0, height: 10 }, 640, 480)).toBe(1);
});

test('a good face passes every check with a high overall score', () => {
  const q = assessQuality(face(), raw(), image, limits);
  expect(q.reasons).toEqual([]);
  expect(q.faceSizePx).toBe(120);
  expect(q.brightness).toBeCloseTo(128 / 255);
  expect(q.overall).toBeGreaterThan(0.8);
});

test.each([
  ['too_small', face({ x: 10, y: 10, width: 40, height: 40 }), raw()],
  ['blurry', face(), raw({ sharpness: 10 })],
  ['pose', face(), raw({ yaw: 45 })],
  ['too_dark', face(), raw({ brightness: 20 })],
  ['too_bright', face(), raw({ brightness: 250 })],
  ['cropped', face({ x: -60, y: 100, width: 120, height: 120 }), raw()],
])('%s is reported and lowers the overall score', (reason, f, r) => {
  const good = assessQuality(face(), raw(), image, limits);
  const q = assessQuality(f, r, image, limits);
  expect(q.reasons).toContain(reason);
  expect(q.overall).toBeLessThan(good.overall);
});

test('landmarks far outside the box count as occluded', () => {
  const f = face();
  f.landmarks.mouth = { x: f.box.x + 60, y: f.box.y + 400 };
  expect(assessQuality(f, raw(), image, limits).reasons).toContain('occluded');
});
