import {
  type DecodedEvent,
  dateFromTimestamp,
  decodeEvent,
  EVENTS_STREAM,
  EVENTS_STREAM_SUBJECTS,
  type EventOutput,
  EventSubject,
  type EventType,
  events,
  outgoingEvent,
  timestampFromDate,
} from '../src/index.ts';

const occurredAt = timestampFromDate(new Date('2026-11-22T10:00:00.123Z'));
const model = { name: 'faceres', version: '2026.11.0' };

// Every field set to a non-default value, in the decoded (__Output) shape, so decode(encode(x)) must equal x.
// Floats are chosen exactly representable in float32.
const samples: { [T in EventType]: EventOutput<T> } = {
  faceEnrolled: {
    eventId: 'e-1',
    occurredAt,
    tenantId: 't-1',
    subjectId: 's-1',
    faceId: 'f-1',
    model,
    embedding: {
      values: [0.5, -0.25, 1],
      float32Le: Buffer.from(new Float32Array([0.5, -0.25, 1]).buffer),
      dimension: 3,
    },
  },
  faceDeleted: { eventId: 'e-2', occurredAt, tenantId: 't-1', subjectId: 's-1', faceId: 'f-1' },
  subjectDeleted: { eventId: 'e-3', occurredAt, tenantId: 't-1', subjectId: 's-1', faceIds: ['f-1', 'f-2'] },
  modelPromoted: { eventId: 'e-4', occurredAt, model, previous: { name: 'faceres', version: '2026.10.0' } },
  authAttempt: {
    eventId: 'e-5',
    occurredAt,
    tenantId: 't-1',
    subjectId: 's-1',
    kind: 'AUTH_KIND_IDENTIFY',
    outcome: 'AUTH_OUTCOME_NO_MATCH',
    score: 0.375,
    threshold: 0.5,
    model,
    clientId: 'key-7',
  },
  securityAlert: {
    eventId: 'e-6',
    occurredAt,
    tenantId: 't-1',
    subjectId: 's-1',
    reason: 'SECURITY_ALERT_REASON_REPEATED_FAILURES',
    detail: '5 failures in 60 s',
    clientId: 'key-7',
  },
};

describe.each(Object.keys(samples) as EventType[])('%s', (type) => {
  const codec = events[type];
  const sample = samples[type];

  test('decodes to an object equal to the one encoded', () => {
    const bytes = codec.encode(sample as never);
    expect(bytes.length).toBeGreaterThan(0);
    expect(codec.decode(bytes)).toEqual(sample);
  });

  test('is published on its subject, which the stream captures', () => {
    expect(codec.subject).toBe(EventSubject[type]);
    expect(EVENTS_STREAM_SUBJECTS).toContain(codec.subject);
    expect(codec.messageName).toBe(`visor.v1.${type.charAt(0).toUpperCase()}${type.slice(1)}`);
  });

  test('outgoingEvent encodes it with its event id as the dedup id', () => {
    const { eventId, occurredAt: at, ...fields } = samples[type];
    const out = outgoingEvent(type, { eventId, occurredAt: dateFromTimestamp(at ?? occurredAt) }, fields as never);
    expect(out.subject).toBe(EventSubject[type]);
    expect(out.msgId).toBe(eventId);
    expect(Buffer.from(out.payload)).toEqual(Buffer.from(events[type].encode(samples[type] as never)));
  });

  test('decodeEvent dispatches on the subject', () => {
    const decoded = decodeEvent(codec.subject, codec.encode(sample as never)) as DecodedEvent;
    expect(decoded).toEqual({ type, event: sample });
  });
});

test('omitted fields decode to their defaults', () => {
  expect(events.faceDeleted.decode(events.faceDeleted.encode({ eventId: 'e' }))).toEqual({
    eventId: 'e',
    occurredAt: null,
    tenantId: '',
    subjectId: '',
    faceId: '',
  });
});

test('enum values may be given by number and decode to their names', () => {
  const bytes = events.authAttempt.encode({ eventId: 'e', kind: 1, outcome: 2 });
  expect(events.authAttempt.decode(bytes)).toMatchObject({
    kind: 'AUTH_KIND_VERIFY',
    outcome: 'AUTH_OUTCOME_NO_MATCH',
  });
});

test('malformed bytes are rejected', () => {
  expect(() => events.faceEnrolled.decode(Uint8Array.from([0x0a, 0xff, 0xff, 0xff]))).toThrow();
});

test('a subject outside the Visor events decodes to undefined', () => {
  expect(decodeEvent('visor.something.else', new Uint8Array())).toBeUndefined();
});

test('stream and subject names', () => {
  expect(EVENTS_STREAM).toBe('VISOR_EVENTS');
  expect([...EVENTS_STREAM_SUBJECTS].sort()).toEqual([
    'visor.auth.attempt',
    'visor.face.deleted',
    'visor.face.enrolled',
    'visor.model.promoted',
    'visor.security.alert',
    'visor.subject.deleted',
  ]);
});

test('timestamps convert to and from Date at millisecond precision', () => {
  expect(occurredAt).toEqual({ seconds: '1795341600', nanos: 123_000_000 });
  expect(dateFromTimestamp(occurredAt).toISOString()).toBe('2026-11-22T10:00:00.123Z');
  expect(dateFromTimestamp(timestampFromDate(new Date(-1500))).getTime()).toBe(-1500);
});
