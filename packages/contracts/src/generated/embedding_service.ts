import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AffineTransform as _visor_v1_AffineTransform, AffineTransform__Output as _visor_v1_AffineTransform__Output } from './visor/v1/AffineTransform.ts';
import type { AlignedCrop as _visor_v1_AlignedCrop, AlignedCrop__Output as _visor_v1_AlignedCrop__Output } from './visor/v1/AlignedCrop.ts';
import type { Box as _visor_v1_Box, Box__Output as _visor_v1_Box__Output } from './visor/v1/Box.ts';
import type { EmbedRequest as _visor_v1_EmbedRequest, EmbedRequest__Output as _visor_v1_EmbedRequest__Output } from './visor/v1/EmbedRequest.ts';
import type { EmbedResponse as _visor_v1_EmbedResponse, EmbedResponse__Output as _visor_v1_EmbedResponse__Output } from './visor/v1/EmbedResponse.ts';
import type { Embedding as _visor_v1_Embedding, Embedding__Output as _visor_v1_Embedding__Output } from './visor/v1/Embedding.ts';
import type { EmbeddingServiceClient as _visor_v1_EmbeddingServiceClient, EmbeddingServiceDefinition as _visor_v1_EmbeddingServiceDefinition } from './visor/v1/EmbeddingService.ts';
import type { FaceQuality as _visor_v1_FaceQuality, FaceQuality__Output as _visor_v1_FaceQuality__Output } from './visor/v1/FaceQuality.ts';
import type { GetModelRequest as _visor_v1_GetModelRequest, GetModelRequest__Output as _visor_v1_GetModelRequest__Output } from './visor/v1/GetModelRequest.ts';
import type { GetModelResponse as _visor_v1_GetModelResponse, GetModelResponse__Output as _visor_v1_GetModelResponse__Output } from './visor/v1/GetModelResponse.ts';
import type { ImageRef as _visor_v1_ImageRef, ImageRef__Output as _visor_v1_ImageRef__Output } from './visor/v1/ImageRef.ts';
import type { Landmarks as _visor_v1_Landmarks, Landmarks__Output as _visor_v1_Landmarks__Output } from './visor/v1/Landmarks.ts';
import type { ModelRef as _visor_v1_ModelRef, ModelRef__Output as _visor_v1_ModelRef__Output } from './visor/v1/ModelRef.ts';
import type { Point as _visor_v1_Point, Point__Output as _visor_v1_Point__Output } from './visor/v1/Point.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  visor: {
    v1: {
      AffineTransform: MessageTypeDefinition<_visor_v1_AffineTransform, _visor_v1_AffineTransform__Output>
      AlignedCrop: MessageTypeDefinition<_visor_v1_AlignedCrop, _visor_v1_AlignedCrop__Output>
      Box: MessageTypeDefinition<_visor_v1_Box, _visor_v1_Box__Output>
      EmbedRequest: MessageTypeDefinition<_visor_v1_EmbedRequest, _visor_v1_EmbedRequest__Output>
      EmbedResponse: MessageTypeDefinition<_visor_v1_EmbedResponse, _visor_v1_EmbedResponse__Output>
      Embedding: MessageTypeDefinition<_visor_v1_Embedding, _visor_v1_Embedding__Output>
      EmbeddingEncoding: EnumTypeDefinition
      /**
       * Turns aligned face crops into embeddings with the active model version.
       */
      EmbeddingService: SubtypeConstructor<typeof grpc.Client, _visor_v1_EmbeddingServiceClient> & { service: _visor_v1_EmbeddingServiceDefinition }
      FaceQuality: MessageTypeDefinition<_visor_v1_FaceQuality, _visor_v1_FaceQuality__Output>
      GetModelRequest: MessageTypeDefinition<_visor_v1_GetModelRequest, _visor_v1_GetModelRequest__Output>
      GetModelResponse: MessageTypeDefinition<_visor_v1_GetModelResponse, _visor_v1_GetModelResponse__Output>
      ImageRef: MessageTypeDefinition<_visor_v1_ImageRef, _visor_v1_ImageRef__Output>
      Landmarks: MessageTypeDefinition<_visor_v1_Landmarks, _visor_v1_Landmarks__Output>
      ModelRef: MessageTypeDefinition<_visor_v1_ModelRef, _visor_v1_ModelRef__Output>
      PixelLayout: EnumTypeDefinition
      Point: MessageTypeDefinition<_visor_v1_Point, _visor_v1_Point__Output>
      QualityReason: EnumTypeDefinition
    }
  }
}

