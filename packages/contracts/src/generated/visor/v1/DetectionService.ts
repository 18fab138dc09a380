// Original file: proto/visor/v1/detection_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DetectRequest as _visor_v1_DetectRequest, DetectRequest__Output as _visor_v1_DetectRequest__Output } from '../../visor/v1/DetectRequest.ts';
import type { DetectResponse as _visor_v1_DetectResponse, DetectResponse__Output as _visor_v1_DetectResponse__Output } from '../../visor/v1/DetectResponse.ts';

/**
 * Finds faces in an image, scores their quality and aligns them for the embedding model.
 */
export interface DetectionServiceClient extends grpc.Client {
  /**
   * Detects the faces in one image. Errors: INVALID_ARGUMENT for an undecodable or oversized image, NOT_FOUND for
   * a missing gcs_object_key. No face is not an error: faces is empty.
   */
  Detect(argument: _visor_v1_DetectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_DetectResponse__Output>): grpc.ClientUnaryCall;
  Detect(argument: _visor_v1_DetectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_DetectResponse__Output>): grpc.ClientUnaryCall;
  Detect(argument: _visor_v1_DetectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_DetectResponse__Output>): grpc.ClientUnaryCall;
  Detect(argument: _visor_v1_DetectRequest, callback: grpc.requestCallback<_visor_v1_DetectResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Detects the faces in one image. Errors: INVALID_ARGUMENT for an undecodable or oversized image, NOT_FOUND for
   * a missing gcs_object_key. No face is not an error: faces is empty.
   */
  detect(argument: _visor_v1_DetectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_DetectResponse__Output>): grpc.ClientUnaryCall;
  detect(argument: _visor_v1_DetectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_DetectResponse__Output>): grpc.ClientUnaryCall;
  detect(argument: _visor_v1_DetectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_DetectResponse__Output>): grpc.ClientUnaryCall;
  detect(argument: _visor_v1_DetectRequest, callback: grpc.requestCallback<_visor_v1_DetectResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Finds faces in an image, scores their quality and aligns them for the embedding model.
 */
export interface DetectionServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Detects the faces in one image. Errors: INVALID_ARGUMENT for an undecodable or oversized image, NOT_FOUND for
   * a missing gcs_object_key. No face is not an error: faces is empty.
   */
  Detect: grpc.handleUnaryCall<_visor_v1_DetectRequest__Output, _visor_v1_DetectResponse>;
  
}

export interface DetectionServiceDefinition extends grpc.ServiceDefinition {
  Detect: MethodDefinition<_visor_v1_DetectRequest, _visor_v1_DetectResponse, _visor_v1_DetectRequest__Output, _visor_v1_DetectResponse__Output>
}
