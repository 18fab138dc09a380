import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.ts';
import type { AffineTransform as _visor_v1_AffineTransform, AffineTransform__Output as _visor_v1_AffineTransform__Output } from './visor/v1/AffineTransform.ts';
import type { AlignedCrop as _visor_v1_AlignedCrop, AlignedCrop__Output as _visor_v1_AlignedCrop__Output } from './visor/v1/AlignedCrop.ts';
import type { AuthAttempt as _visor_v1_AuthAttempt, AuthAttempt__Output as _visor_v1_AuthAttempt__Output } from './visor/v1/AuthAttempt.ts';
import type { Box as _visor_v1_Box, Box__Output as _visor_v1_Box__Output } from './visor/v1/Box.ts';
import type { Embedding as _visor_v1_Embedding, Embedding__Output as _visor_v1_Embedding__Output } from './visor/v1/Embedding.ts';
import type { FaceDeleted as _visor_v1_FaceDeleted, FaceDeleted__Output as _visor_v1_FaceDeleted__Output } from './visor/v1/FaceDeleted.ts';
import type { FaceEnrolled as _visor_v1_FaceEnrolled, FaceEnrolled__Output as _visor_v1_FaceEnrolled__Output } from './visor/v1/FaceEnrolled.ts';
import type { FaceQuality as _visor_v1_FaceQuality, FaceQuality__Output as _visor_v1_FaceQuality__Output } from './visor/v1/FaceQuality.ts';
import type { ImageRef as _visor_v1_ImageRef, ImageRef__Output as _visor_v1_ImageRef__Output } from './visor/v1/ImageRef.ts';
import type { Landmarks as _visor_v1_Landmarks, Landmarks__Output as _visor_v1_Landmarks__Output } from './visor/v1/Landmarks.ts';
import type { ModelPromoted as _visor_v1_ModelPromoted, ModelPromoted__Output as _visor_v1_ModelPromoted__Output } from './visor/v1/ModelPromoted.ts';
import type { ModelRef as _visor_v1_ModelRef, ModelRef__Output as _visor_v1_ModelRef__Output } from './visor/v1/ModelRef.ts';
import type { Point as _visor_v1_Point, Point__Output as _visor_v1_Point__Output } from './visor/v1/Point.ts';
import type { SecurityAlert as _visor_v1_SecurityAlert, SecurityAlert__Output as _visor_v1_SecurityAlert__Output } from './visor/v1/SecurityAlert.ts';
import type { SubjectDeleted as _visor_v1_SubjectDeleted, SubjectDeleted__Output as _visor_v1_SubjectDeleted__Output } from './visor/v1/SubjectDeleted.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
  visor: {
    v1: {
      AffineTransform: MessageTypeDefinition<_visor_v1_AffineTransform, _visor_v1_AffineTransform__Output>
      AlignedCrop: MessageTypeDefinition<_visor_v1_AlignedCrop, _visor_v1_AlignedCrop__Output>
      AuthAttempt: MessageTypeDefinition<_visor_v1_AuthAttempt, _visor_v1_AuthAttempt__Output>
      AuthKind: EnumTypeDefinition
      AuthOutcome: EnumTypeDefinition
      Box: MessageTypeDefinition<_visor_v1_Box, _visor_v1_Box__Output>
      Embedding: MessageTypeDefinition<_visor_v1_Embedding, _visor_v1_Embedding__Output>
      EmbeddingEncoding: EnumTypeDefinition
      FaceDeleted: MessageTypeDefinition<_visor_v1_FaceDeleted, _visor_v1_FaceDeleted__Output>
      FaceEnrolled: MessageTypeDefinition<_visor_v1_FaceEnrolled, _visor_v1_FaceEnrolled__Output>
      FaceQuality: MessageTypeDefinition<_visor_v1_FaceQuality, _visor_v1_FaceQuality__Output>
      ImageRef: MessageTypeDefinition<_visor_v1_ImageRef, _visor_v1_ImageRef__Output>
      Landmarks: MessageTypeDefinition<_visor_v1_Landmarks, _visor_v1_Landmarks__Output>
      ModelPromoted: MessageTypeDefinition<_visor_v1_ModelPromoted, _visor_v1_ModelPromoted__Output>
      ModelRef: MessageTypeDefinition<_visor_v1_ModelRef, _visor_v1_ModelRef__Output>
      PixelLayout: EnumTypeDefinition
      Point: MessageTypeDefinition<_visor_v1_Point, _visor_v1_Point__Output>
      QualityReason: EnumTypeDefinition
      SecurityAlert: MessageTypeDefinition<_visor_v1_SecurityAlert, _visor_v1_SecurityAlert__Output>
      SecurityAlertReason: EnumTypeDefinition
      SubjectDeleted: MessageTypeDefinition<_visor_v1_SubjectDeleted, _visor_v1_SubjectDeleted__Output>
    }
  }
}

