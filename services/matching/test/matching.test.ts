import { EventSubject, events } from '@visor/contracts';
import type { EventMessage } from '@visor/events';
import { toFloat32Le } from '@visor/index';
import { createLogger, VisorError } from '@visor/runtime';
import { eventHandler } from '../src/events.ts';
import { type FaceRecord, type FaceSource, Matcher, type ModelRef } from '../src/matching.ts';

const model: ModelRef = { name: 'faceres', version: '1' };
const other: ModelRef = { name: 'faceres', version: '2' };
const dim = 4;
const v = (...xs: number[]) => Float32Array.from([...xs, ...new Array(dim - xs.length).fill(0)]);

function fakeSource(faces: FaceRecord[], externalIds: Record<string, string> = {}): FaceSource {
  return {
    async *loadAll() {
      yield* faces;
    },
    async externalId(tenantId, subjectId) {
      return externalIds[`${tenantId}/${subjectId}`];
    },
  };
}

const matcher = (threshold = 0.8) =>
  new Matcher({
    thresholds: (m) => (m.version === 'uncalibrated' ? undefined : { value: threshold, source: 'test' }),
    defaultModel: model,
  });

function expectCode(fn: () => unknown, code: string) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(VisorError);
    expect((err as VisorError).code).toBe(code);
    return;
  }
  throw new Error(`expected a VisorError ${code}`);
}

describe('Matcher', () => {
  test('loads faces per (tenant, model) and verifies against the right gallery', async () => {
    const m = matcher();
    const added = await m.load(
      fakeSource([
        { tenantId: 't1', subjectId: 'alice', faceId: 'a1', model, vector: v(1, 0), externalId: 'ext-alice' },
        { tenantId: 't1', subjectId: 'alice', faceId: 'a2', model: other, vector: v(0, 1) },
        { tenantId: 't2', subjectId: 'alice', faceId: 'x1', model, vector: v(0, 0, 1) },
      ]),
    );
    expect(added).toBe(3);
    const yes = m.verify({ tenantId: 't1', subjectId: 'alice', vector: v(1, 0.1) });
    expect(yes).toMatchObject({ match: true, bestFaceId: 'a1', threshold: 0.8 });
    // the same subject id in another tenant is another person
    expect(m.verify({ tenantId: 't2', subjectId: 'alice', vector: v(1, 0.1) }).match).toBe(false);
    // model 2's face is not compared with a model 1 probe
    expect(m.verify({ tenantId: 't1', subjectId: 'alice', vector: v(0, 1), model }).match).toBe(false);
    expect(m.stats().map((s) => [s.tenantId, s.model.version, s.faces])).toEqual([
      ['t1', '1', 1],
      ['t1', '2', 1],
      ['t2', '1', 1],
    ]);
  });

  test('verify: unknown subject is not_found, a subject enrolled only with another model is no_face', async () => {
    const m = matcher();
    await m.load(fakeSource([{ tenantId: 't', subjectId: 's', faceId: 'f', model: other, vector: v(1) }]));
    expectCode(() => m.verify({ tenantId: 't', subjectId: 'nobody', vector: v(1) }), 'not_found');
    expectCode(() => m.verify({ tenantId: 't', subjectId: 's', vector: v(1), model }), 'no_face');
  });

  test('verify uses the better of best face and mean template, naming the face only when it won', () => {
    const m = matcher(0.9);
    m.addFace({ tenantId: 't', subjectId: 's', faceId: 'f1', model, vector: v(1, 1) });
    m.addFace({ tenantId: 't', subjectId: 's', faceId: 'f2', model, vector: v(1, -1) });
    // halfway between the two faces: each face scores 0.707, the mean template (1, 0) scores 1
    const between = m.verify({ tenantId: 't', subjectId: 's', vector: v(1, 0) });
    expect(between.score).toBeCloseTo(1, 5);
    expect(between).toMatchObject({ match: true, bestFaceId: '' });
    // close to one face: that face wins
    const near = m.verify({ tenantId: 't', subjectId: 's', vector: v(1, 0.9) });
    expect(near.bestFaceId).toBe('f1');
  });

  test('identify returns only subjects at or above the threshold: a stranger gets no candidates', () => {
    const m = matcher(0.8);
    m.addFace({ tenantId: 't', subjectId: 'alice', faceId: 'a1', model, vector: v(1, 0), externalId: 'A' });
    m.addFace({ tenantId: 't', subjectId: 'bob', faceId: 'b1', model, vector: v(0, 1) });
    const found = m.identify({ tenantId: 't', vector: v(1, 0.2) });
    expect(found.threshold).toBe(0.8);
    expect(found.candidates).toEqual([
      { subjectId: 'alice', externalId: 'A', faceId: 'a1', score: expect.any(Number) },
    ]);
    expect(m.identify({ tenantId: 't', vector: v(0, 0, 1) }).candidates).toEqual([]);
    // an explicit min_score of -1 shows everyone, best first
    expect(
      m.identify({ tenantId: 't', vector: v(0, 0, 1), minScore: -1 }).candidates.map((c) => c.subjectId),
    ).toHaveLength(2);
    // a tenant without gallery: no candidates, not an error
    expect(m.identify({ tenantId: 'empty', vector: v(1) }).candidates).toEqual([]);
  });

  test('bad input is invalid_argument; a model without threshold is unavailable', () => {
    const m = matcher();
    m.addFace({ tenantId: 't', subjectId: 's', faceId: 'f', model, vector: v(1) });
    expectCode(() => m.verify({ tenantId: '', subjectId: 's', vector: v(1) }), 'invalid_argument');
    expectCode(
      () => m.verify({ tenantId: 't', subjectId: 's', vector: new Float32Array(3).fill(1) }),
      'invalid_argument',
    );
    expectCode(() => m.verify({ tenantId: 't', subjectId: 's', vector: v(0) }), 'invalid_argument');
    expectCode(() => m.identify({ tenantId: 't', vector: v(1), topK: 1000 }), 'invalid_argument');
    expectCode(
      () => m.identify({ tenantId: 't', vector: v(1), model: { name: 'x', version: '' } }),
      'invalid_argument',
    );
    expectCode(
      () => m.identify({ tenantId: 't', vector: v(1), model: { name: 'faceres', version: 'uncalibrated' } }),
      'unavailable',
    );
  });

  test('idempotent apply: enrol twice, delete absent face, delete subject twice', () => {
    const m = matcher();
    const face = { tenantId: 't', subjectId: 's', faceId: 'f', model, vector: v(1) };
    expect(m.addFace(face)).toBe('applied');
    expect(m.addFace(face)).toBe('noop');
    expect(m.removeFace('t', 'absent')).toBe('noop');
    m.addFace({ ...face, faceId: 'g', model: other });
    expect(m.removeSubject('t', 's')).toBe('applied');
    expect(m.removeSubject('t', 's')).toBe('noop');
    expect(m.stats()).toEqual([]);
    expect(m.identify({ tenantId: 't', vector: v(1), minScore: -1 }).candidates).toEqual([]);
  });
});

describe('eventHandler', () => {
  const logger = createLogger('test', { level: 'silent' });
  let seq = 0;
  const message = (subject: string, data: Uint8Array, deliveryCount = 1): EventMessage => ({
    subject,
    data,
    headers: {},
    seq: ++seq,
    deliveryCount,
    redelivered: deliveryCount > 1,
    msgId: undefined,
  });
  const enrolled = (faceId: string, subjectId: string, vector: Float32Array) =>
    events.faceEnrolled.encode({
      eventId: `e-${faceId}`,
      tenantId: 't',
      subjectId,
      faceId,
      model,
      embedding: { float32Le: toFloat32Le(vector), dimension: vector.length },
    });

  test('applies enrolments and deletions idempotently, acking each; looks the external id up once', async () => {
    const m = matcher();
    const lookups: string[] = [];
    const handle = eventHandler({
      matcher: m,
      faces: {
        externalId: async (_t, s) => {
          lookups.push(s);
          return `ext-${s}`;
        },
      },
      logger,
    });
    expect(await handle(message(EventSubject.faceEnrolled, enrolled('a1', 'alice', v(1, 0))))).toBe('ack');
    expect(await handle(message(EventSubject.faceEnrolled, enrolled('a1', 'alice', v(1, 0)), 2))).toBe('ack');
    expect(await handle(message(EventSubject.faceEnrolled, enrolled('a2', 'alice', v(1, 0.1))))).toBe('ack');
    expect(lookups).toEqual(['alice']);
    expect(m.identify({ tenantId: 't', vector: v(1, 0) }).candidates).toMatchObject([
      { subjectId: 'alice', externalId: 'ext-alice' },
    ]);
    const deleted = events.faceDeleted.encode({ eventId: 'd1', tenantId: 't', subjectId: 'alice', faceId: 'a1' });
    expect(await handle(message(EventSubject.faceDeleted, deleted))).toBe('ack');
    expect(await handle(message(EventSubject.faceDeleted, deleted, 2))).toBe('ack');
    expect(m.stats()[0]?.faces).toBe(1);
    const gone = events.subjectDeleted.encode({ eventId: 's1', tenantId: 't', subjectId: 'alice', faceIds: ['a2'] });
    expect(await handle(message(EventSubject.subjectDeleted, gone))).toBe('ack');
    expect(m.identify({ tenantId: 't', vector: v(1, 0) }).candidates).toEqual([]);
  });

  test('terminates events that can never apply, retries passing failures, acks foreign events', async () => {
    const m = matcher();
    let fail = true;
    const handle = eventHandler({
      matcher: m,
      faces: {
        externalId: async () => {
          if (fail) throw new Error('database down');
          return undefined;
        },
      },
      logger,
    });
    expect(await handle(message(EventSubject.faceEnrolled, Uint8Array.from([0xff, 0xff, 0xff])))).toBe('term');
    const noModel = events.faceEnrolled.encode({ eventId: 'x', tenantId: 't', subjectId: 's', faceId: 'f' });
    expect(await handle(message(EventSubject.faceEnrolled, noModel))).toBe('term');
    expect(await handle(message(EventSubject.faceEnrolled, enrolled('f', 's', v(1))))).toBe('retry');
    fail = false;
    expect(await handle(message(EventSubject.faceEnrolled, enrolled('f', 's', v(1)), 2))).toBe('ack');
    const wrongDim = enrolled('g', 's', Float32Array.from([1, 0, 0, 0, 0]));
    expect(await handle(message(EventSubject.faceEnrolled, wrongDim))).toBe('term');
    const auth = events.authAttempt.encode({ eventId: 'a', tenantId: 't' });
    expect(await handle(message(EventSubject.authAttempt, auth))).toBe('ack');
  });
});
