// Original file: proto/visor/v1/embedding_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { EmbedRequest as _visor_v1_EmbedRequest, EmbedRequest__Output as _visor_v1_EmbedRequest__Output } from '../../visor/v1/EmbedRequest.ts';
import type { EmbedResponse as _visor_v1_EmbedResponse, EmbedResponse__Output as _visor_v1_EmbedResponse__Output } from '../../visor/v1/EmbedResponse.ts';
import type { GetModelRequest as _visor_v1_GetModelRequest, GetModelRequest__Output as _visor_v1_GetModelRequest__Output } from '../../visor/v1/GetModelRequest.ts';
import type { GetModelResponse as _visor_v1_GetModelResponse, GetModelResponse__Output as _visor_v1_GetModelResponse__Output } from '../../visor/v1/GetModelResponse.ts';

/**
 * Turns aligned face crops into embeddings with the active model version.
 */
export interface EmbeddingServiceClient extends grpc.Client {
  /**
   * Embeds a batch of crops; the response holds one embedding per crop, in order. Errors: INVALID_ARGUMENT when a
   * crop's size or layout does not match GetModel's input, or the batch exceeds the server's limit.
   */
  Embed(argument: _visor_v1_EmbedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  Embed(argument: _visor_v1_EmbedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  Embed(argument: _visor_v1_EmbedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  Embed(argument: _visor_v1_EmbedRequest, callback: grpc.requestCallback<_visor_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Embeds a batch of crops; the response holds one embedding per crop, in order. Errors: INVALID_ARGUMENT when a
   * crop's size or layout does not match GetModel's input, or the batch exceeds the server's limit.
   */
  embed(argument: _visor_v1_EmbedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  embed(argument: _visor_v1_EmbedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  embed(argument: _visor_v1_EmbedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  embed(argument: _visor_v1_EmbedRequest, callback: grpc.requestCallback<_visor_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Describes the model Embed currently uses. It changes when a ModelPromoted event is applied.
   */
  GetModel(argument: _visor_v1_GetModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
  GetModel(argument: _visor_v1_GetModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
  GetModel(argument: _visor_v1_GetModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
  GetModel(argument: _visor_v1_GetModelRequest, callback: grpc.requestCallback<_visor_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Describes the model Embed currently uses. It changes when a ModelPromoted event is applied.
   */
  getModel(argument: _visor_v1_GetModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
  getModel(argument: _visor_v1_GetModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
  getModel(argument: _visor_v1_GetModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
  getModel(argument: _visor_v1_GetModelRequest, callback: grpc.requestCallback<_visor_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Turns aligned face crops into embeddings with the active model version.
 */
export interface EmbeddingServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Embeds a batch of crops; the response holds one embedding per crop, in order. Errors: INVALID_ARGUMENT when a
   * crop's size or layout does not match GetModel's input, or the batch exceeds the server's limit.
   */
  Embed: grpc.handleUnaryCall<_visor_v1_EmbedRequest__Output, _visor_v1_EmbedResponse>;
  
  /**
   * Describes the model Embed currently uses. It changes when a ModelPromoted event is applied.
   */
  GetModel: grpc.handleUnaryCall<_visor_v1_GetModelRequest__Output, _visor_v1_GetModelResponse>;
  
}

export interface EmbeddingServiceDefinition extends grpc.ServiceDefinition {
  Embed: MethodDefinition<_visor_v1_EmbedRequest, _visor_v1_EmbedResponse, _visor_v1_EmbedRequest__Output, _visor_v1_EmbedResponse__Output>
  GetModel: MethodDefinition<_visor_v1_GetModelRequest, _visor_v1_GetModelResponse, _visor_v1_GetModelRequest__Output, _visor_v1_GetModelResponse__Output>
}
