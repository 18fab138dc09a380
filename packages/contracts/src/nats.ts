// NATS JetStream names for Visor's events: one stream, one subject per event type. Publishers set the event's
// event_id as the Nats-Msg-Id header so JetStream's duplicate window drops retried publishes.

/** The JetStream stream that stores every Visor event. */
export const EVENTS_STREAM = 'VISOR_EVENTS';

/** Subject per event type; the payload is the protobuf message of the same name in proto/visor/v1/events.proto. */
export const EventSubject = {
  faceEnrolled: 'visor.face.enrolled',
  faceDeleted: 'visor.face.deleted',
  subjectDeleted: 'visor.subject.deleted',
  modelPromoted: 'visor.model.promoted',
  authAttempt: 'visor.auth.attempt',
  securityAlert: 'visor.security.alert',
} as const;
export type EventSubject = (typeof EventSubject)[keyof typeof EventSubject];
export type EventType = keyof typeof EventSubject;

/** The subjects EVENTS_STREAM captures: exactly the known ones, so unrelated visor.* traffic is not persisted. */
export const EVENTS_STREAM_SUBJECTS: readonly EventSubject[] = Object.values(EventSubject);

/** Header JetStream deduplicates on; set it to the event's event_id. */
export const MSG_ID_HEADER = 'Nats-Msg-Id';
