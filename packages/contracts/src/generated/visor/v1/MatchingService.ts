// Original file: proto/visor/v1/matching_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { IdentifyRequest as _visor_v1_IdentifyRequest, IdentifyRequest__Output as _visor_v1_IdentifyRequest__Output } from '../../visor/v1/IdentifyRequest.ts';
import type { IdentifyResponse as _visor_v1_IdentifyResponse, IdentifyResponse__Output as _visor_v1_IdentifyResponse__Output } from '../../visor/v1/IdentifyResponse.ts';
import type { IndexStatsRequest as _visor_v1_IndexStatsRequest, IndexStatsRequest__Output as _visor_v1_IndexStatsRequest__Output } from '../../visor/v1/IndexStatsRequest.ts';
import type { IndexStatsResponse as _visor_v1_IndexStatsResponse, IndexStatsResponse__Output as _visor_v1_IndexStatsResponse__Output } from '../../visor/v1/IndexStatsResponse.ts';
import type { VerifyRequest as _visor_v1_VerifyRequest, VerifyRequest__Output as _visor_v1_VerifyRequest__Output } from '../../visor/v1/VerifyRequest.ts';
import type { VerifyResponse as _visor_v1_VerifyResponse, VerifyResponse__Output as _visor_v1_VerifyResponse__Output } from '../../visor/v1/VerifyResponse.ts';

/**
 * Compares embeddings against a tenant's enrolled faces: 1:1 verification and 1:N identification.
 */
export interface MatchingServiceClient extends grpc.Client {
  /**
   * 1:N: which enrolled subjects does this embedding look like, best first.
   */
  Identify(argument: _visor_v1_IdentifyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_IdentifyResponse__Output>): grpc.ClientUnaryCall;
  Identify(argument: _visor_v1_IdentifyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_IdentifyResponse__Output>): grpc.ClientUnaryCall;
  Identify(argument: _visor_v1_IdentifyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_IdentifyResponse__Output>): grpc.ClientUnaryCall;
  Identify(argument: _visor_v1_IdentifyRequest, callback: grpc.requestCallback<_visor_v1_IdentifyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * 1:N: which enrolled subjects does this embedding look like, best first.
   */
  identify(argument: _visor_v1_IdentifyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_IdentifyResponse__Output>): grpc.ClientUnaryCall;
  identify(argument: _visor_v1_IdentifyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_IdentifyResponse__Output>): grpc.ClientUnaryCall;
  identify(argument: _visor_v1_IdentifyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_IdentifyResponse__Output>): grpc.ClientUnaryCall;
  identify(argument: _visor_v1_IdentifyRequest, callback: grpc.requestCallback<_visor_v1_IdentifyResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Size of the in-memory index, for dashboards and readiness.
   */
  IndexStats(argument: _visor_v1_IndexStatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_IndexStatsResponse__Output>): grpc.ClientUnaryCall;
  IndexStats(argument: _visor_v1_IndexStatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_IndexStatsResponse__Output>): grpc.ClientUnaryCall;
  IndexStats(argument: _visor_v1_IndexStatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_IndexStatsResponse__Output>): grpc.ClientUnaryCall;
  IndexStats(argument: _visor_v1_IndexStatsRequest, callback: grpc.requestCallback<_visor_v1_IndexStatsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Size of the in-memory index, for dashboards and readiness.
   */
  indexStats(argument: _visor_v1_IndexStatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_IndexStatsResponse__Output>): grpc.ClientUnaryCall;
  indexStats(argument: _visor_v1_IndexStatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_IndexStatsResponse__Output>): grpc.ClientUnaryCall;
  indexStats(argument: _visor_v1_IndexStatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_IndexStatsResponse__Output>): grpc.ClientUnaryCall;
  indexStats(argument: _visor_v1_IndexStatsRequest, callback: grpc.requestCallback<_visor_v1_IndexStatsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * 1:1: is this embedding the given subject? Errors: NOT_FOUND for an unknown subject, FAILED_PRECONDITION when
   * the subject has no face enrolled with the given model.
   */
  Verify(argument: _visor_v1_VerifyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_VerifyResponse__Output>): grpc.ClientUnaryCall;
  Verify(argument: _visor_v1_VerifyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_VerifyResponse__Output>): grpc.ClientUnaryCall;
  Verify(argument: _visor_v1_VerifyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_VerifyResponse__Output>): grpc.ClientUnaryCall;
  Verify(argument: _visor_v1_VerifyRequest, callback: grpc.requestCallback<_visor_v1_VerifyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * 1:1: is this embedding the given subject? Errors: NOT_FOUND for an unknown subject, FAILED_PRECONDITION when
   * the subject has no face enrolled with the given model.
   */
  verify(argument: _visor_v1_VerifyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_VerifyResponse__Output>): grpc.ClientUnaryCall;
  verify(argument: _visor_v1_VerifyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_VerifyResponse__Output>): grpc.ClientUnaryCall;
  verify(argument: _visor_v1_VerifyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_VerifyResponse__Output>): grpc.ClientUnaryCall;
  verify(argument: _visor_v1_VerifyRequest, callback: grpc.requestCallback<_visor_v1_VerifyResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Compares embeddings against a tenant's enrolled faces: 1:1 verification and 1:N identification.
 */
export interface MatchingServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * 1:N: which enrolled subjects does this embedding look like, best first.
   */
  Identify: grpc.handleUnaryCall<_visor_v1_IdentifyRequest__Output, _visor_v1_IdentifyResponse>;
  
  /**
   * Size of the in-memory index, for dashboards and readiness.
   */
  IndexStats: grpc.handleUnaryCall<_visor_v1_IndexStatsRequest__Output, _visor_v1_IndexStatsResponse>;
  
  /**
   * 1:1: is this embedding the given subject? Errors: NOT_FOUND for an unknown subject, FAILED_PRECONDITION when
   * the subject has no face enrolled with the given model.
   */
  Verify: grpc.handleUnaryCall<_visor_v1_VerifyRequest__Output, _visor_v1_VerifyResponse>;
  
}

export interface MatchingServiceDefinition extends grpc.ServiceDefinition {
  Identify: MethodDefinition<_visor_v1_IdentifyRequest, _visor_v1_IdentifyResponse, _visor_v1_IdentifyRequest__Output, _visor_v1_IdentifyResponse__Output>
  IndexStats: MethodDefinition<_visor_v1_IndexStatsRequest, _visor_v1_IndexStatsResponse, _visor_v1_IndexStatsRequest__Output, _visor_v1_IndexStatsResponse__Output>
  Verify: MethodDefinition<_visor_v1_VerifyRequest, _visor_v1_VerifyResponse, _visor_v1_VerifyRequest__Output, _visor_v1_VerifyResponse__Output>
}
