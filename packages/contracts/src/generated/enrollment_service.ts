import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.ts';
import type { AddFaceResult as _visor_v1_AddFaceResult, AddFaceResult__Output as _visor_v1_AddFaceResult__Output } from './visor/v1/AddFaceResult.ts';
import type { AddFacesRequest as _visor_v1_AddFacesRequest, AddFacesRequest__Output as _visor_v1_AddFacesRequest__Output } from './visor/v1/AddFacesRequest.ts';
import type { AddFacesResponse as _visor_v1_AddFacesResponse, AddFacesResponse__Output as _visor_v1_AddFacesResponse__Output } from './visor/v1/AddFacesResponse.ts';
import type { AffineTransform as _visor_v1_AffineTransform, AffineTransform__Output as _visor_v1_AffineTransform__Output } from './visor/v1/AffineTransform.ts';
import type { AlignedCrop as _visor_v1_AlignedCrop, AlignedCrop__Output as _visor_v1_AlignedCrop__Output } from './visor/v1/AlignedCrop.ts';
import type { Box as _visor_v1_Box, Box__Output as _visor_v1_Box__Output } from './visor/v1/Box.ts';
import type { CreateSubjectRequest as _visor_v1_CreateSubjectRequest, CreateSubjectRequest__Output as _visor_v1_CreateSubjectRequest__Output } from './visor/v1/CreateSubjectRequest.ts';
import type { CreateSubjectResponse as _visor_v1_CreateSubjectResponse, CreateSubjectResponse__Output as _visor_v1_CreateSubjectResponse__Output } from './visor/v1/CreateSubjectResponse.ts';
import type { DeleteSubjectRequest as _visor_v1_DeleteSubjectRequest, DeleteSubjectRequest__Output as _visor_v1_DeleteSubjectRequest__Output } from './visor/v1/DeleteSubjectRequest.ts';
import type { DeleteSubjectResponse as _visor_v1_DeleteSubjectResponse, DeleteSubjectResponse__Output as _visor_v1_DeleteSubjectResponse__Output } from './visor/v1/DeleteSubjectResponse.ts';
import type { Embedding as _visor_v1_Embedding, Embedding__Output as _visor_v1_Embedding__Output } from './visor/v1/Embedding.ts';
import type { EnrollmentServiceClient as _visor_v1_EnrollmentServiceClient, EnrollmentServiceDefinition as _visor_v1_EnrollmentServiceDefinition } from './visor/v1/EnrollmentService.ts';
import type { Face as _visor_v1_Face, Face__Output as _visor_v1_Face__Output } from './visor/v1/Face.ts';
import type { FaceImage as _visor_v1_FaceImage, FaceImage__Output as _visor_v1_FaceImage__Output } from './visor/v1/FaceImage.ts';
import type { FaceQuality as _visor_v1_FaceQuality, FaceQuality__Output as _visor_v1_FaceQuality__Output } from './visor/v1/FaceQuality.ts';
import type { GetSubjectRequest as _visor_v1_GetSubjectRequest, GetSubjectRequest__Output as _visor_v1_GetSubjectRequest__Output } from './visor/v1/GetSubjectRequest.ts';
import type { GetSubjectResponse as _visor_v1_GetSubjectResponse, GetSubjectResponse__Output as _visor_v1_GetSubjectResponse__Output } from './visor/v1/GetSubjectResponse.ts';
import type { GetTenantSettingsRequest as _visor_v1_GetTenantSettingsRequest, GetTenantSettingsRequest__Output as _visor_v1_GetTenantSettingsRequest__Output } from './visor/v1/GetTenantSettingsRequest.ts';
import type { GetTenantSettingsResponse as _visor_v1_GetTenantSettingsResponse, GetTenantSettingsResponse__Output as _visor_v1_GetTenantSettingsResponse__Output } from './visor/v1/GetTenantSettingsResponse.ts';
import type { ImageRef as _visor_v1_ImageRef, ImageRef__Output as _visor_v1_ImageRef__Output } from './visor/v1/ImageRef.ts';
import type { Landmarks as _visor_v1_Landmarks, Landmarks__Output as _visor_v1_Landmarks__Output } from './visor/v1/Landmarks.ts';
import type { ListSubjectsRequest as _visor_v1_ListSubjectsRequest, ListSubjectsRequest__Output as _visor_v1_ListSubjectsRequest__Output } from './visor/v1/ListSubjectsRequest.ts';
import type { ListSubjectsResponse as _visor_v1_ListSubjectsResponse, ListSubjectsResponse__Output as _visor_v1_ListSubjectsResponse__Output } from './visor/v1/ListSubjectsResponse.ts';
import type { ModelRef as _visor_v1_ModelRef, ModelRef__Output as _visor_v1_ModelRef__Output } from './visor/v1/ModelRef.ts';
import type { Point as _visor_v1_Point, Point__Output as _visor_v1_Point__Output } from './visor/v1/Point.ts';
import type { Rejection as _visor_v1_Rejection, Rejection__Output as _visor_v1_Rejection__Output } from './visor/v1/Rejection.ts';
import type { RemoveFaceRequest as _visor_v1_RemoveFaceRequest, RemoveFaceRequest__Output as _visor_v1_RemoveFaceRequest__Output } from './visor/v1/RemoveFaceRequest.ts';
import type { RemoveFaceResponse as _visor_v1_RemoveFaceResponse, RemoveFaceResponse__Output as _visor_v1_RemoveFaceResponse__Output } from './visor/v1/RemoveFaceResponse.ts';
import type { Subject as _visor_v1_Subject, Subject__Output as _visor_v1_Subject__Output } from './visor/v1/Subject.ts';
import type { TenantSettings as _visor_v1_TenantSettings, TenantSettings__Output as _visor_v1_TenantSettings__Output } from './visor/v1/TenantSettings.ts';
import type { UpdateTenantSettingsRequest as _visor_v1_UpdateTenantSettingsRequest, UpdateTenantSettingsRequest__Output as _visor_v1_UpdateTenantSettingsRequest__Output } from './visor/v1/UpdateTenantSettingsRequest.ts';
import type { UpdateTenantSettingsResponse as _visor_v1_UpdateTenantSettingsResponse, UpdateTenantSettingsResponse__Output as _visor_v1_UpdateTenantSettingsResponse__Output } from './visor/v1/UpdateTenantSettingsResponse.ts';

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
      AddFaceResult: MessageTypeDefinition<_visor_v1_AddFaceResult, _visor_v1_AddFaceResult__Output>
      AddFacesRequest: MessageTypeDefinition<_visor_v1_AddFacesRequest, _visor_v1_AddFacesRequest__Output>
      AddFacesResponse: MessageTypeDefinition<_visor_v1_AddFacesResponse, _visor_v1_AddFacesResponse__Output>
      AffineTransform: MessageTypeDefinition<_visor_v1_AffineTransform, _visor_v1_AffineTransform__Output>
      AlignedCrop: MessageTypeDefinition<_visor_v1_AlignedCrop, _visor_v1_AlignedCrop__Output>
      Box: MessageTypeDefinition<_visor_v1_Box, _visor_v1_Box__Output>
      CreateSubjectRequest: MessageTypeDefinition<_visor_v1_CreateSubjectRequest, _visor_v1_CreateSubjectRequest__Output>
      CreateSubjectResponse: MessageTypeDefinition<_visor_v1_CreateSubjectResponse, _visor_v1_CreateSubjectResponse__Output>
      DeleteSubjectRequest: MessageTypeDefinition<_visor_v1_DeleteSubjectRequest, _visor_v1_DeleteSubjectRequest__Output>
      DeleteSubjectResponse: MessageTypeDefinition<_visor_v1_DeleteSubjectResponse, _visor_v1_DeleteSubjectResponse__Output>
      Embedding: MessageTypeDefinition<_visor_v1_Embedding, _visor_v1_Embedding__Output>
      EmbeddingEncoding: EnumTypeDefinition
      /**
       * Manages a tenant's subjects (people) and their enrolled faces. Every request is scoped by tenant_id: a subject or
       * face of another tenant is NOT_FOUND, never visible.
       */
      EnrollmentService: SubtypeConstructor<typeof grpc.Client, _visor_v1_EnrollmentServiceClient> & { service: _visor_v1_EnrollmentServiceDefinition }
      Face: MessageTypeDefinition<_visor_v1_Face, _visor_v1_Face__Output>
      FaceImage: MessageTypeDefinition<_visor_v1_FaceImage, _visor_v1_FaceImage__Output>
      FaceQuality: MessageTypeDefinition<_visor_v1_FaceQuality, _visor_v1_FaceQuality__Output>
      GetSubjectRequest: MessageTypeDefinition<_visor_v1_GetSubjectRequest, _visor_v1_GetSubjectRequest__Output>
      GetSubjectResponse: MessageTypeDefinition<_visor_v1_GetSubjectResponse, _visor_v1_GetSubjectResponse__Output>
      GetTenantSettingsRequest: MessageTypeDefinition<_visor_v1_GetTenantSettingsRequest, _visor_v1_GetTenantSettingsRequest__Output>
      GetTenantSettingsResponse: MessageTypeDefinition<_visor_v1_GetTenantSettingsResponse, _visor_v1_GetTenantSettingsResponse__Output>
      ImageRef: MessageTypeDefinition<_visor_v1_ImageRef, _visor_v1_ImageRef__Output>
      Landmarks: MessageTypeDefinition<_visor_v1_Landmarks, _visor_v1_Landmarks__Output>
      ListSubjectsRequest: MessageTypeDefinition<_visor_v1_ListSubjectsRequest, _visor_v1_ListSubjectsRequest__Output>
      ListSubjectsResponse: MessageTypeDefinition<_visor_v1_ListSubjectsResponse, _visor_v1_ListSubjectsResponse__Output>
      ModelRef: MessageTypeDefinition<_visor_v1_ModelRef, _visor_v1_ModelRef__Output>
      PixelLayout: EnumTypeDefinition
      Point: MessageTypeDefinition<_visor_v1_Point, _visor_v1_Point__Output>
      QualityReason: EnumTypeDefinition
      Rejection: MessageTypeDefinition<_visor_v1_Rejection, _visor_v1_Rejection__Output>
      RejectionReason: EnumTypeDefinition
      RemoveFaceRequest: MessageTypeDefinition<_visor_v1_RemoveFaceRequest, _visor_v1_RemoveFaceRequest__Output>
      RemoveFaceResponse: MessageTypeDefinition<_visor_v1_RemoveFaceResponse, _visor_v1_RemoveFaceResponse__Output>
      Subject: MessageTypeDefinition<_visor_v1_Subject, _visor_v1_Subject__Output>
      TenantSettings: MessageTypeDefinition<_visor_v1_TenantSettings, _visor_v1_TenantSettings__Output>
      UpdateTenantSettingsRequest: MessageTypeDefinition<_visor_v1_UpdateTenantSettingsRequest, _visor_v1_UpdateTenantSettingsRequest__Output>
      UpdateTenantSettingsResponse: MessageTypeDefinition<_visor_v1_UpdateTenantSettingsResponse, _visor_v1_UpdateTenantSettingsResponse__Output>
    }
  }
}

