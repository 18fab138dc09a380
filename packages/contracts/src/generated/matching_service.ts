import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AffineTransform as _visor_v1_AffineTransform, AffineTransform__Output as _visor_v1_AffineTransform__Output } from './visor/v1/AffineTransform.ts';
import type { AlignedCrop as _visor_v1_AlignedCrop, AlignedCrop__Output as _visor_v1_AlignedCrop__Output } from './visor/v1/AlignedCrop.ts';
import type { Box as _visor_v1_Box, Box__Output as _visor_v1_Box__Output } from './visor/v1/Box.ts';
import type { Candidate as _visor_v1_Candidate, Candidate__Output as _visor_v1_Candidate__Output } from './visor/v1/Candidate.ts';
import type { Embedding as _visor_v1_Embedding, Embedding__Output as _visor_v1_Embedding__Output } from './visor/v1/Embedding.ts';
import type { FaceQuality as _visor_v1_FaceQuality, FaceQuality__Output as _visor_v1_FaceQuality__Output } from './visor/v1/FaceQuality.ts';
import type { IdentifyRequest as _visor_v1_IdentifyRequest, IdentifyRequest__Output as _visor_v1_IdentifyRequest__Output } from './visor/v1/IdentifyRequest.ts';
import type { IdentifyResponse as _visor_v1_IdentifyResponse, IdentifyResponse__Output as _visor_v1_IdentifyResponse__Output } from './visor/v1/IdentifyResponse.ts';
import type { ImageRef as _visor_v1_ImageRef, ImageRef__Output as _visor_v1_ImageRef__Output } from './visor/v1/ImageRef.ts';
import type { IndexStatsRequest as _visor_v1_IndexStatsRequest, IndexStatsRequest__Output as _visor_v1_IndexStatsRequest__Output } from './visor/v1/IndexStatsRequest.ts';
import type { IndexStatsResponse as _visor_v1_IndexStatsResponse, IndexStatsResponse__Output as _visor_v1_IndexStatsResponse__Output } from './visor/v1/IndexStatsResponse.ts';
import type { Landmarks as _visor_v1_Landmarks, Landmarks__Output as _visor_v1_Landmarks__Output } from './visor/v1/Landmarks.ts';
import type { MatchingServiceClient as _visor_v1_MatchingServiceClient, MatchingServiceDefinition as _visor_v1_MatchingServiceDefinition } from './visor/v1/MatchingService.ts';
import type { ModelIndexStats as _visor_v1_ModelIndexStats, ModelIndexStats__Output as _visor_v1_ModelIndexStats__Output } from './visor/v1/ModelIndexStats.ts';
import type { ModelRef as _visor_v1_ModelRef, ModelRef__Output as _visor_v1_ModelRef__Output } from './visor/v1/ModelRef.ts';
import type { Point as _visor_v1_Point, Point__Output as _visor_v1_Point__Output } from './visor/v1/Point.ts';
import type { VerifyRequest as _visor_v1_VerifyRequest, VerifyRequest__Output as _visor_v1_VerifyRequest__Output } from './visor/v1/VerifyRequest.ts';
import type { VerifyResponse as _visor_v1_VerifyResponse, VerifyResponse__Output as _visor_v1_VerifyResponse__Output } from './visor/v1/VerifyResponse.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  visor: {
    v1: {
      AffineTransform: MessageTypeDefinition<_visor_v1_AffineTransform, _visor_v1_AffineTransform__Output>
      AlignedCrop: MessageTypeDefinition<_visor_v1_AlignedCrop, _visor_v1_AlignedCrop__Output>
      Box: MessageTypeDefinition<_visor_v1_Box, _visor_v1_Box__Output>
      Candidate: MessageTypeDefinition<_visor_v1_Candidate, _visor_v1_Candidate__Output>
      Embedding: MessageTypeDefinition<_visor_v1_Embedding, _visor_v1_Embedding__Output>
      EmbeddingEncoding: EnumTypeDefinition
      FaceQuality: MessageTypeDefinition<_visor_v1_FaceQuality, _visor_v1_FaceQuality__Output>
      IdentifyRequest: MessageTypeDefinition<_visor_v1_IdentifyRequest, _visor_v1_IdentifyRequest__Output>
      IdentifyResponse: MessageTypeDefinition<_visor_v1_IdentifyResponse, _visor_v1_IdentifyResponse__Output>
      ImageRef: MessageTypeDefinition<_visor_v1_ImageRef, _visor_v1_ImageRef__Output>
      IndexStatsRequest: MessageTypeDefinition<_visor_v1_IndexStatsRequest, _visor_v1_IndexStatsRequest__Output>
      IndexStatsResponse: MessageTypeDefinition<_visor_v1_IndexStatsResponse, _visor_v1_IndexStatsResponse__Output>
      Landmarks: MessageTypeDefinition<_visor_v1_Landmarks, _visor_v1_Landmarks__Output>
      /**
       * Compares embeddings against a tenant's enrolled faces: 1:1 verification and 1:N identification.
       */
      MatchingService: SubtypeConstructor<typeof grpc.Client, _visor_v1_MatchingServiceClient> & { service: _visor_v1_MatchingServiceDefinition }
      ModelIndexStats: MessageTypeDefinition<_visor_v1_ModelIndexStats, _visor_v1_ModelIndexStats__Output>
      ModelRef: MessageTypeDefinition<_visor_v1_ModelRef, _visor_v1_ModelRef__Output>
      PixelLayout: EnumTypeDefinition
      Point: MessageTypeDefinition<_visor_v1_Point, _visor_v1_Point__Output>
      QualityReason: EnumTypeDefinition
      VerifyRequest: MessageTypeDefinition<_visor_v1_VerifyRequest, _visor_v1_VerifyRequest__Output>
      VerifyResponse: MessageTypeDefinition<_visor_v1_VerifyResponse, _visor_v1_VerifyResponse__Output>
    }
  }
}

