export {
  type ConsumeOptions,
  type ConsumerHandle,
  consumeDurable,
  defaultBackoffMs,
  type EventMessage,
  ensureConsumer,
  type HandlerResult,
} from './consume.ts';
export {
  connectNats,
  ensureStream,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
  type NatsHandle,
  type PubAck,
  type PublishOptions,
  publish,
  type StreamSpec,
} from './nats.ts';
