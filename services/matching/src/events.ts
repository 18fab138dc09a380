// JetStream adapter: turns FaceEnrolled / FaceDeleted / SubjectDeleted into index updates. Delivery is
// at-least-once, so every apply is idempotent (by face id); the handler says what to do with the message instead of
// throwing: ack when applied or a no-op, term for a message that can never apply, retry for a passing failure.
import { decodeEvent, EventSubject } from '@visor/contracts';
import type { EventMessage, HandlerResult } from '@visor/events';
import { type Logger, VisorError } from '@visor/runtime';
import { decodeEmbedding } from './embedding.ts';
import type { FaceSource, Matcher } from './matching.ts';
import type { MatchingMetrics } from './metrics.ts';

export const MATCHING_EVENT_TYPES = ['faceEnrolled', 'faceDeleted', 'subjectDeleted'] as const;

/** What the durable consumer is filtered to: the server never delivers the stream's other events. */
export const MATCHING_EVENT_SUBJECTS: readonly string[] = MATCHING_EVENT_TYPES.map((type) => EventSubject[type]);

export function eventHandler(deps: {
  matcher: Matcher;
  faces: Pick<FaceSource, 'externalId'>;
  logger: Logger;
  metrics?: MatchingMetrics;
}): (message: EventMessage) => Promise<HandlerResult> {
  const { matcher, faces, logger, metrics } = deps;
  return async (message) => {
    let decoded: ReturnType<typeof decodeEvent>;
    try {
      decoded = decodeEvent(message.subject, message.data);
    } catch (err) {
      logger.error({ err, subject: message.subject, seq: message.seq }, 'undecodable event: dropped');
      metrics?.events.inc({ type: message.subject, outcome: 'rejected' });
      return 'term';
    }
    // Only MATCHING_EVENT_SUBJECTS reach the consumer; should anything else arrive, it is not this service's business.
    if (!decoded || !(MATCHING_EVENT_TYPES as readonly string[]).includes(decoded.type)) return 'ack';
    try {
      let outcome: 'applied' | 'noop';
      if (decoded.type === 'faceEnrolled') {
        const e = decoded.event;
        if (!e.tenantId || !e.subjectId || !e.faceId || !e.model?.name || !e.model.version) {
          throw new VisorError('invalid_argument', 'FaceEnrolled lacks tenant, subject, face or model');
        }
        const vector = decodeEmbedding(e.embedding);
        // The event does not carry the subject's external id; the subjects table does.
        const externalId = matcher.hasExternalId(e.tenantId, e.subjectId)
          ? undefined
          : await faces.externalId(e.tenantId, e.subjectId);
        outcome = matcher.addFace({
          tenantId: e.tenantId,
          subjectId: e.subjectId,
          faceId: e.faceId,
          model: { name: e.model.name, version: e.model.version },
          vector,
          externalId,
        });
      } else if (decoded.type === 'faceDeleted') {
        outcome = matcher.removeFace(decoded.event.tenantId, decoded.event.faceId);
      } else if (decoded.type === 'subjectDeleted') {
        const e = decoded.event;
        outcome = matcher.removeSubject(e.tenantId, e.subjectId, e.faceIds);
      } else {
        return 'ack';
      }
      metrics?.events.inc({ type: decoded.type, outcome });
      logger.debug({ type: decoded.type, seq: message.seq, outcome }, 'event applied');
      return 'ack';
    } catch (err) {
      if (err instanceof VisorError && err.code === 'invalid_argument') {
        logger.error({ err, type: decoded.type, seq: message.seq }, 'event cannot be applied: dropped');
        metrics?.events.inc({ type: decoded.type, outcome: 'rejected' });
        return 'term';
      }
      logger.warn(
        { err, type: decoded.type, seq: message.seq, delivery: message.deliveryCount },
        'event failed: retry',
      );
      metrics?.events.inc({ type: decoded.type, outcome: 'retry' });
      return 'retry';
    }
  };
}
