// @visor/contracts: the visor.v1 gRPC and event contracts. Types are generated from proto/ (src/generated/, never
// edited by hand); this package adds the runtime glue services need.
export * from './clients.ts';
export * from './events.ts';
export * from './generated/index.ts';
export * from './grpc.ts';
export { conversionOptions, protoDir, protoFiles } from './loader.ts';
export * from './nats.ts';
export * from './quality.ts';
export * from './time.ts';
