import { QualityReasonName, qualityReasonName, qualityReasonsFromProto, qualityReasonToProto } from '../src/index.ts';

describe('quality reasons', () => {
  it('round-trips every short name through its proto value', () => {
    const names = Object.values(QualityReasonName);
    expect(qualityReasonsFromProto(names.map(qualityReasonToProto))).toEqual(names);
    expect(qualityReasonToProto('too_small')).toBe('QUALITY_REASON_TOO_SMALL');
  });

  it('drops unspecified and unknown values when reading a message', () => {
    expect(
      qualityReasonsFromProto(['QUALITY_REASON_UNSPECIFIED', 'QUALITY_REASON_BLURRY', 'QUALITY_REASON_NEW']),
    ).toEqual(['blurry']);
  });

  it('names a reason for REST, including one from a newer contract', () => {
    expect(qualityReasonName('QUALITY_REASON_TOO_DARK')).toBe('too_dark');
    expect(qualityReasonName('QUALITY_REASON_GLARE')).toBe('glare');
  });
});
