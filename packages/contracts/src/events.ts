// Encoding and decoding of event payloads for NATS. protobufjs reads the same .proto files and converts with the
// same options as the gRPC loader, so a decoded event has exactly the generated `__Output` shape.
import path from 'node:path';
import protobuf from 'protobufjs';
import type {
  AuthAttempt,
  AuthAttempt__Output,
  FaceDeleted,
  FaceDeleted__Output,
  FaceEnrolled,
  FaceEnrolled__Output,
  ModelPromoted,
  ModelPromoted__Output,
  SecurityAlert,
  SecurityAlert__Output,
  SubjectDeleted,
  SubjectDeleted__Output,
} from './generated/index.ts';
import { conversionOptions, protoDir } from './loader.ts';
import { EventSubject, type EventType } from './nats.ts';
import { timestampFromDate } from './time.ts';

function loadRoot(): protobuf.Root {
  const root = new protobuf.Root();
  // Imports inside the .proto files are relative to the module root, like buf and proto-loader resolve them;
  // google/protobuf/* comes bundled with protobufjs.
  root.resolvePath = (_origin, target) => (path.isAbsolute(target) ? target : path.join(protoDir, target));
  root.loadSync('visor/v1/events.proto', { keepCase: conversionOptions.keepCase });
  root.resolveAll();
  return root;
}

const root = loadRoot();

export interface EventCodec<Input, Output> {
  readonly type: EventType;
  /** NATS subject the event is published on. */
  readonly subject: EventSubject;
  /** Fully-qualified protobuf message name. */
  readonly messageName: string;
  encode(event: Input): Uint8Array;
  /** Throws when bytes are not a valid encoding of the message. */
  decode(bytes: Uint8Array): Output;
}

function codec<Input, Output>(type: EventType, messageName: string): EventCodec<Input, Output> {
  const message = root.lookupType(messageName);
  return {
    type,
    subject: EventSubject[type],
    messageName,
    encode: (event) => message.encode(message.fromObject(event as Record<string, unknown>)).finish(),
    decode: (bytes) => message.toObject(message.decode(bytes), conversionOptions) as Output,
  };
}

export const events = {
  faceEnrolled: codec<FaceEnrolled, FaceEnrolled__Output>('faceEnrolled', 'visor.v1.FaceEnrolled'),
  faceDeleted: codec<FaceDeleted, FaceDeleted__Output>('faceDeleted', 'visor.v1.FaceDeleted'),
  subjectDeleted: codec<SubjectDeleted, SubjectDeleted__Output>('subjectDeleted', 'visor.v1.SubjectDeleted'),
  modelPromoted: codec<ModelPromoted, ModelPromoted__Output>('modelPromoted', 'visor.v1.ModelPromoted'),
  authAttempt: codec<AuthAttempt, AuthAttempt__Output>('authAttempt', 'visor.v1.AuthAttempt'),
  securityAlert: codec<SecurityAlert, SecurityAlert__Output>('securityAlert', 'visor.v1.SecurityAlert'),
} as const;

type Events = typeof events;
/** Input (publish-side) payload of an event type. */
export type EventInput<T extends EventType> = Events[T] extends EventCodec<infer I, unknown> ? I : never;
/** Decoded (consume-side) payload of an event type. */
export type EventOutput<T extends EventType> = Events[T] extends EventCodec<unknown, infer O> ? O : never;

/** A decoded event tagged with its type, for consumers of several subjects. */
export type DecodedEvent = { [T in EventType]: { type: T; event: EventOutput<T> } }[EventType];

const bySubject = new Map<string, EventType>(
  Object.entries(EventSubject).map(([type, subject]) => [subject, type as EventType]),
);

/** Decodes a message by its NATS subject; undefined for a subject that is not a Visor event. */
export function decodeEvent(subject: string, bytes: Uint8Array): DecodedEvent | undefined {
  const type = bySubject.get(subject);
  if (!type) return undefined;
  return { type, event: events[type].decode(bytes) } as DecodedEvent;
}

/** An event ready to publish (or to write to an outbox): its subject, payload, and event_id as the dedup id. */
export type OutgoingEvent = { subject: EventSubject; msgId: string; payload: Uint8Array };

/** Encodes an event with the header fields every Visor event carries: event_id and occurred_at. */
export function outgoingEvent<T extends EventType>(
  type: T,
  header: { eventId: string; occurredAt: Date },
  fields: Omit<EventInput<T>, 'eventId' | 'occurredAt'>,
): OutgoingEvent {
  const codec = events[type] as unknown as EventCodec<EventInput<T>, unknown>;
  const payload = codec.encode({
    ...fields,
    eventId: header.eventId,
    occurredAt: timestampFromDate(header.occurredAt),
  } as EventInput<T>);
  return { subject: codec.subject, msgId: header.eventId, payload };
}
