// NATS adapter: follows `visor.model.promoted` and hands each promotion to the domain.
//
// Every replica must see every promotion, so this is an ordered (ephemeral) consumer, not a shared durable one.
// It starts from the last promotion stored in the stream: a replica that restarts after a promotion comes back on
// the promoted model rather than the registry's default.
import { EVENTS_STREAM, EVENTS_STREAM_SUBJECTS, EventSubject, events, type ModelRef__Output } from '@visor/contracts';
import { ensureStream, type NatsHandle } from '@visor/events';
import type { Logger } from '@visor/runtime';
import type { ModelRef } from './embedding.ts';

export interface PromotionFollower {
  stop(): Promise<void>;
}

export async function followPromotions(
  nats: Pick<NatsHandle, 'js' | 'jsm'>,
  onPromoted: (ref: ModelRef) => Promise<unknown>,
  logger: Logger,
): Promise<PromotionFollower> {
  await ensureStream(nats.jsm, { name: EVENTS_STREAM, subjects: [...EVENTS_STREAM_SUBJECTS] });
  const consumer = await nats.js.consumers.get(EVENTS_STREAM, {
    filter_subjects: [EventSubject.modelPromoted],
    deliver_policy: 'last_per_subject',
  });
  const messages = await consumer.consume();
  const done = (async () => {
    for await (const m of messages) {
      let ref: ModelRef__Output | null;
      try {
        ref = events.modelPromoted.decode(m.data).model;
      } catch (err) {
        logger.warn({ err, seq: m.seq }, 'undecodable model.promoted event: ignored');
        continue;
      }
      if (!ref?.name || !ref.version) {
        logger.warn({ seq: m.seq }, 'model.promoted event without a model: ignored');
        continue;
      }
      try {
        // Sequential on purpose: the next promotion applies after this one has drained the old model.
        const outcome = await onPromoted({ name: ref.name, version: ref.version });
        logger.info({ model: `${ref.name}@${ref.version}`, outcome }, 'model promotion applied');
      } catch (err) {
        // An unknown or unloadable model keeps the current one serving; the event is not retried.
        logger.error({ err, model: `${ref.name}@${ref.version}` }, 'model promotion failed: keeping the current model');
      }
    }
  })();
  return {
    async stop() {
      await messages.close();
      await done;
    },
  };
}
