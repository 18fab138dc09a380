import { subjectFaceIndex, subjectScore } from '../src/subject.ts';

const box = (x: number, y: number, size: number) => ({ box: { x, y, width: size, height: size } });

describe('subjectFaceIndex', () => {
  it('is -1 without faces', () => {
    expect(subjectFaceIndex([], 250, 250)).toBe(-1);
  });

  it('prefers the centred face over an off-centre one of about the same size', () => {
    // LFW-like: a bystander at the left edge one pixel larger than the centred subject.
    const faces = [box(-12, 50, 109), box(71, 71, 108)];
    expect(subjectFaceIndex(faces, 250, 250)).toBe(1);
  });

  it('still picks a much larger face that is off-centre over a small centred one', () => {
    // 200 px face 100 px right of centre: 40,000 − 2·100² = 20,000 > 30² = 900.
    const faces = [box(385, 185, 30), box(400, 100, 200)];
    expect(subjectFaceIndex(faces, 800, 400)).toBe(1);
  });

  it('keeps the first of equal candidates', () => {
    expect(subjectFaceIndex([box(50, 125, 50), box(200, 125, 50)], 300, 300)).toBe(0);
  });

  it('scores a centred face by its area', () => {
    expect(subjectScore({ x: 100, y: 50, width: 100, height: 100 }, 300, 200)).toBe(10_000);
  });
});
