// Where the .proto files are and how they map to JavaScript values. The same options drive the runtime loader
// (grpc.ts, events.ts) and the type generator (scripts/generate.ts), so the generated types describe exactly what
// the loader produces: 64-bit integers as decimal strings, enums as their value names, bytes as Buffer, every
// scalar and repeated field present with its default, and a virtual field naming the set member of each oneof.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Options } from '@grpc/proto-loader';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The buf module root: import paths in the .proto files are relative to it. */
export const protoDir = path.join(repoRoot, 'proto');

/** Every file of package visor.v1, relative to protoDir. */
export const protoFiles = [
  'visor/v1/common.proto',
  'visor/v1/detection_service.proto',
  'visor/v1/embedding_service.proto',
  'visor/v1/matching_service.proto',
  'visor/v1/enrollment_service.proto',
  'visor/v1/events.proto',
] as const;

/** Conversion options shared by @grpc/proto-loader and protobufjs' toObject. */
export const conversionOptions = {
  keepCase: false,
  longs: String,
  enums: String,
  bytes: Buffer,
  defaults: true,
  oneofs: true,
} as const satisfies Options;

/** The same options as proto-loader-gen-types flags, derived so the two cannot drift apart. */
export const generatorFlags: string[] = [
  ...(conversionOptions.keepCase ? ['--keepCase'] : []),
  ...['--longs', conversionOptions.longs.name, '--enums', conversionOptions.enums.name],
  ...['--bytes', conversionOptions.bytes.name],
  ...(conversionOptions.defaults ? ['--defaults'] : []),
  ...(conversionOptions.oneofs ? ['--oneofs'] : []),
];

export const loaderOptions: Options = { ...conversionOptions, includeDirs: [protoDir] };
