import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AffineTransform as _visor_v1_AffineTransform, AffineTransform__Output as _visor_v1_AffineTransform__Output } from './visor/v1/AffineTransform.ts';
import type { AlignedCrop as _visor_v1_AlignedCrop, AlignedCrop__Output as _visor_v1_AlignedCrop__Output } from './visor/v1/AlignedCrop.ts';
import type { Box as _visor_v1_Box, Box__Output as _visor_v1_Box__Output } from './visor/v1/Box.ts';
import type { Embedding as _visor_v1_Embedding, Embedding__Output as _visor_v1_Embedding__Output } from './visor/v1/Embedding.ts';
import type { FaceQuality as _visor_v1_FaceQuality, FaceQuality__Output as _visor_v1_FaceQuality__Output } from './visor/v1/FaceQuality.ts';
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
      Embedding: MessageTypeDefinition<_visor_v1_Embedding, _visor_v1_Embedding__Output>
      EmbeddingEncoding: EnumTypeDefinition
      FaceQuality: MessageTypeDefinition<_visor_v1_FaceQuality, _visor_v1_FaceQuality__Output>
      ImageRef: MessageTypeDefinition<_visor_v1_ImageRef, _visor_v1_ImageRef__Output>
      Landmarks: MessageTypeDefinition<_visor_v1_Landmarks, _visor_v1_Landmarks__Output>
      ModelRef: MessageTypeDefinition<_visor_v1_ModelRef, _visor_v1_ModelRef__Output>
      PixelLayout: EnumTypeDefinition
      Point: MessageTypeDefinition<_visor_v1_Point, _visor_v1_Point__Output>
      QualityReason: EnumTypeDefinition
    }
  }
}

