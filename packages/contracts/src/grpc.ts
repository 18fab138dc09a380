// The visor.v1 gRPC package loaded at runtime from proto/, typed by the generated ProtoGrpcType of each file.
// Services register with grpc-js through the typed definitions below; clients come from clients.ts.
import { loadPackageDefinition, type Server } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { ProtoGrpcType as DetectionProto } from './generated/detection_service.ts';
import type { ProtoGrpcType as EmbeddingProto } from './generated/embedding_service.ts';
import type { ProtoGrpcType as EnrollmentProto } from './generated/enrollment_service.ts';
import type {
  DetectionServiceDefinition,
  DetectionServiceHandlers,
  EmbeddingServiceDefinition,
  EmbeddingServiceHandlers,
  EnrollmentServiceDefinition,
  EnrollmentServiceHandlers,
  MatchingServiceDefinition,
  MatchingServiceHandlers,
} from './generated/index.ts';
import type { ProtoGrpcType as MatchingProto } from './generated/matching_service.ts';
import { loaderOptions, protoFiles } from './loader.ts';

export type VisorGrpcPackage = DetectionProto & EmbeddingProto & MatchingProto & EnrollmentProto;

/** The raw proto-loader package definition, e.g. for grpc-js reflection or health tooling. */
export const packageDefinition = loadSync([...protoFiles], loaderOptions);

/**
 * The loaded package: `grpcPackage.visor.v1.DetectionService` is both a typed client constructor (callback API,
 * streaming-capable) and, via `.service`, the service definition.
 */
export const grpcPackage = loadPackageDefinition(packageDefinition) as unknown as VisorGrpcPackage;

const v1 = grpcPackage.visor.v1;

export const detectionService: DetectionServiceDefinition = v1.DetectionService.service;
export const embeddingService: EmbeddingServiceDefinition = v1.EmbeddingService.service;
export const matchingService: MatchingServiceDefinition = v1.MatchingService.service;
export const enrollmentService: EnrollmentServiceDefinition = v1.EnrollmentService.service;

/** Fully-qualified service names, as used by the gRPC health protocol and in method paths. */
export const serviceNames = {
  detection: 'visor.v1.DetectionService',
  embedding: 'visor.v1.EmbeddingService',
  matching: 'visor.v1.MatchingService',
  enrollment: 'visor.v1.EnrollmentService',
} as const;

// grpc-js' addService accepts any implementation object; these bind each definition to its handler interface so a
// missing or mistyped handler is a compile error.
export function addDetectionService(server: Server, handlers: DetectionServiceHandlers): void {
  server.addService(detectionService, handlers);
}
export function addEmbeddingService(server: Server, handlers: EmbeddingServiceHandlers): void {
  server.addService(embeddingService, handlers);
}
export function addMatchingService(server: Server, handlers: MatchingServiceHandlers): void {
  server.addService(matchingService, handlers);
}
export function addEnrollmentService(server: Server, handlers: EnrollmentServiceHandlers): void {
  server.addService(enrollmentService, handlers);
}
