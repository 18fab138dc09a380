// Original file: proto/visor/v1/enrollment_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AddFacesRequest as _visor_v1_AddFacesRequest, AddFacesRequest__Output as _visor_v1_AddFacesRequest__Output } from '../../visor/v1/AddFacesRequest.ts';
import type { AddFacesResponse as _visor_v1_AddFacesResponse, AddFacesResponse__Output as _visor_v1_AddFacesResponse__Output } from '../../visor/v1/AddFacesResponse.ts';
import type { CreateSubjectRequest as _visor_v1_CreateSubjectRequest, CreateSubjectRequest__Output as _visor_v1_CreateSubjectRequest__Output } from '../../visor/v1/CreateSubjectRequest.ts';
import type { CreateSubjectResponse as _visor_v1_CreateSubjectResponse, CreateSubjectResponse__Output as _visor_v1_CreateSubjectResponse__Output } from '../../visor/v1/CreateSubjectResponse.ts';
import type { DeleteSubjectRequest as _visor_v1_DeleteSubjectRequest, DeleteSubjectRequest__Output as _visor_v1_DeleteSubjectRequest__Output } from '../../visor/v1/DeleteSubjectRequest.ts';
import type { DeleteSubjectResponse as _visor_v1_DeleteSubjectResponse, DeleteSubjectResponse__Output as _visor_v1_DeleteSubjectResponse__Output } from '../../visor/v1/DeleteSubjectResponse.ts';
import type { GetSubjectRequest as _visor_v1_GetSubjectRequest, GetSubjectRequest__Output as _visor_v1_GetSubjectRequest__Output } from '../../visor/v1/GetSubjectRequest.ts';
import type { GetSubjectResponse as _visor_v1_GetSubjectResponse, GetSubjectResponse__Output as _visor_v1_GetSubjectResponse__Output } from '../../visor/v1/GetSubjectResponse.ts';
import type { GetTenantSettingsRequest as _visor_v1_GetTenantSettingsRequest, GetTenantSettingsRequest__Output as _visor_v1_GetTenantSettingsRequest__Output } from '../../visor/v1/GetTenantSettingsRequest.ts';
import type { GetTenantSettingsResponse as _visor_v1_GetTenantSettingsResponse, GetTenantSettingsResponse__Output as _visor_v1_GetTenantSettingsResponse__Output } from '../../visor/v1/GetTenantSettingsResponse.ts';
import type { ListSubjectsRequest as _visor_v1_ListSubjectsRequest, ListSubjectsRequest__Output as _visor_v1_ListSubjectsRequest__Output } from '../../visor/v1/ListSubjectsRequest.ts';
import type { ListSubjectsResponse as _visor_v1_ListSubjectsResponse, ListSubjectsResponse__Output as _visor_v1_ListSubjectsResponse__Output } from '../../visor/v1/ListSubjectsResponse.ts';
import type { RemoveFaceRequest as _visor_v1_RemoveFaceRequest, RemoveFaceRequest__Output as _visor_v1_RemoveFaceRequest__Output } from '../../visor/v1/RemoveFaceRequest.ts';
import type { RemoveFaceResponse as _visor_v1_RemoveFaceResponse, RemoveFaceResponse__Output as _visor_v1_RemoveFaceResponse__Output } from '../../visor/v1/RemoveFaceResponse.ts';
import type { UpdateTenantSettingsRequest as _visor_v1_UpdateTenantSettingsRequest, UpdateTenantSettingsRequest__Output as _visor_v1_UpdateTenantSettingsRequest__Output } from '../../visor/v1/UpdateTenantSettingsRequest.ts';
import type { UpdateTenantSettingsResponse as _visor_v1_UpdateTenantSettingsResponse, UpdateTenantSettingsResponse__Output as _visor_v1_UpdateTenantSettingsResponse__Output } from '../../visor/v1/UpdateTenantSettingsResponse.ts';

/**
 * Manages a tenant's subjects (people) and their enrolled faces. Every request is scoped by tenant_id: a subject or
 * face of another tenant is NOT_FOUND, never visible.
 */
export interface EnrollmentServiceClient extends grpc.Client {
  /**
   * Detects, quality-checks and embeds one face per image and stores those that pass; each image gets either a
   * face or a rejection. Publishes FaceEnrolled per stored face. Errors: NOT_FOUND for the subject,
   * INVALID_ARGUMENT for too many images.
   */
  AddFaces(argument: _visor_v1_AddFacesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_AddFacesResponse__Output>): grpc.ClientUnaryCall;
  AddFaces(argument: _visor_v1_AddFacesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_AddFacesResponse__Output>): grpc.ClientUnaryCall;
  AddFaces(argument: _visor_v1_AddFacesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_AddFacesResponse__Output>): grpc.ClientUnaryCall;
  AddFaces(argument: _visor_v1_AddFacesRequest, callback: grpc.requestCallback<_visor_v1_AddFacesResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Detects, quality-checks and embeds one face per image and stores those that pass; each image gets either a
   * face or a rejection. Publishes FaceEnrolled per stored face. Errors: NOT_FOUND for the subject,
   * INVALID_ARGUMENT for too many images.
   */
  addFaces(argument: _visor_v1_AddFacesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_AddFacesResponse__Output>): grpc.ClientUnaryCall;
  addFaces(argument: _visor_v1_AddFacesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_AddFacesResponse__Output>): grpc.ClientUnaryCall;
  addFaces(argument: _visor_v1_AddFacesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_AddFacesResponse__Output>): grpc.ClientUnaryCall;
  addFaces(argument: _visor_v1_AddFacesRequest, callback: grpc.requestCallback<_visor_v1_AddFacesResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Creates a subject. Errors: ALREADY_EXISTS when external_id is taken in the tenant.
   */
  CreateSubject(argument: _visor_v1_CreateSubjectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_CreateSubjectResponse__Output>): grpc.ClientUnaryCall;
  CreateSubject(argument: _visor_v1_CreateSubjectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_CreateSubjectResponse__Output>): grpc.ClientUnaryCall;
  CreateSubject(argument: _visor_v1_CreateSubjectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_CreateSubjectResponse__Output>): grpc.ClientUnaryCall;
  CreateSubject(argument: _visor_v1_CreateSubjectRequest, callback: grpc.requestCallback<_visor_v1_CreateSubjectResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Creates a subject. Errors: ALREADY_EXISTS when external_id is taken in the tenant.
   */
  createSubject(argument: _visor_v1_CreateSubjectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_CreateSubjectResponse__Output>): grpc.ClientUnaryCall;
  createSubject(argument: _visor_v1_CreateSubjectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_CreateSubjectResponse__Output>): grpc.ClientUnaryCall;
  createSubject(argument: _visor_v1_CreateSubjectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_CreateSubjectResponse__Output>): grpc.ClientUnaryCall;
  createSubject(argument: _visor_v1_CreateSubjectRequest, callback: grpc.requestCallback<_visor_v1_CreateSubjectResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Deletes a subject, its faces and their stored images, and publishes SubjectDeleted. Errors: NOT_FOUND.
   */
  DeleteSubject(argument: _visor_v1_DeleteSubjectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_DeleteSubjectResponse__Output>): grpc.ClientUnaryCall;
  DeleteSubject(argument: _visor_v1_DeleteSubjectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_DeleteSubjectResponse__Output>): grpc.ClientUnaryCall;
  DeleteSubject(argument: _visor_v1_DeleteSubjectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_DeleteSubjectResponse__Output>): grpc.ClientUnaryCall;
  DeleteSubject(argument: _visor_v1_DeleteSubjectRequest, callback: grpc.requestCallback<_visor_v1_DeleteSubjectResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Deletes a subject, its faces and their stored images, and publishes SubjectDeleted. Errors: NOT_FOUND.
   */
  deleteSubject(argument: _visor_v1_DeleteSubjectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_DeleteSubjectResponse__Output>): grpc.ClientUnaryCall;
  deleteSubject(argument: _visor_v1_DeleteSubjectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_DeleteSubjectResponse__Output>): grpc.ClientUnaryCall;
  deleteSubject(argument: _visor_v1_DeleteSubjectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_DeleteSubjectResponse__Output>): grpc.ClientUnaryCall;
  deleteSubject(argument: _visor_v1_DeleteSubjectRequest, callback: grpc.requestCallback<_visor_v1_DeleteSubjectResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Errors: NOT_FOUND.
   */
  GetSubject(argument: _visor_v1_GetSubjectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_GetSubjectResponse__Output>): grpc.ClientUnaryCall;
  GetSubject(argument: _visor_v1_GetSubjectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_GetSubjectResponse__Output>): grpc.ClientUnaryCall;
  GetSubject(argument: _visor_v1_GetSubjectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_GetSubjectResponse__Output>): grpc.ClientUnaryCall;
  GetSubject(argument: _visor_v1_GetSubjectRequest, callback: grpc.requestCallback<_visor_v1_GetSubjectResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Errors: NOT_FOUND.
   */
  getSubject(argument: _visor_v1_GetSubjectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_GetSubjectResponse__Output>): grpc.ClientUnaryCall;
  getSubject(argument: _visor_v1_GetSubjectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_GetSubjectResponse__Output>): grpc.ClientUnaryCall;
  getSubject(argument: _visor_v1_GetSubjectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_GetSubjectResponse__Output>): grpc.ClientUnaryCall;
  getSubject(argument: _visor_v1_GetSubjectRequest, callback: grpc.requestCallback<_visor_v1_GetSubjectResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The tenant's settings as they apply now: stored values, and the server defaults for those never set.
   */
  GetTenantSettings(argument: _visor_v1_GetTenantSettingsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_GetTenantSettingsResponse__Output>): grpc.ClientUnaryCall;
  GetTenantSettings(argument: _visor_v1_GetTenantSettingsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_GetTenantSettingsResponse__Output>): grpc.ClientUnaryCall;
  GetTenantSettings(argument: _visor_v1_GetTenantSettingsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_GetTenantSettingsResponse__Output>): grpc.ClientUnaryCall;
  GetTenantSettings(argument: _visor_v1_GetTenantSettingsRequest, callback: grpc.requestCallback<_visor_v1_GetTenantSettingsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The tenant's settings as they apply now: stored values, and the server defaults for those never set.
   */
  getTenantSettings(argument: _visor_v1_GetTenantSettingsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_GetTenantSettingsResponse__Output>): grpc.ClientUnaryCall;
  getTenantSettings(argument: _visor_v1_GetTenantSettingsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_GetTenantSettingsResponse__Output>): grpc.ClientUnaryCall;
  getTenantSettings(argument: _visor_v1_GetTenantSettingsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_GetTenantSettingsResponse__Output>): grpc.ClientUnaryCall;
  getTenantSettings(argument: _visor_v1_GetTenantSettingsRequest, callback: grpc.requestCallback<_visor_v1_GetTenantSettingsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Pages through a tenant's subjects, oldest first.
   */
  ListSubjects(argument: _visor_v1_ListSubjectsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_ListSubjectsResponse__Output>): grpc.ClientUnaryCall;
  ListSubjects(argument: _visor_v1_ListSubjectsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_ListSubjectsResponse__Output>): grpc.ClientUnaryCall;
  ListSubjects(argument: _visor_v1_ListSubjectsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_ListSubjectsResponse__Output>): grpc.ClientUnaryCall;
  ListSubjects(argument: _visor_v1_ListSubjectsRequest, callback: grpc.requestCallback<_visor_v1_ListSubjectsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Pages through a tenant's subjects, oldest first.
   */
  listSubjects(argument: _visor_v1_ListSubjectsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_ListSubjectsResponse__Output>): grpc.ClientUnaryCall;
  listSubjects(argument: _visor_v1_ListSubjectsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_ListSubjectsResponse__Output>): grpc.ClientUnaryCall;
  listSubjects(argument: _visor_v1_ListSubjectsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_ListSubjectsResponse__Output>): grpc.ClientUnaryCall;
  listSubjects(argument: _visor_v1_ListSubjectsRequest, callback: grpc.requestCallback<_visor_v1_ListSubjectsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Deletes one face and its stored image, and publishes FaceDeleted. Errors: NOT_FOUND.
   */
  RemoveFace(argument: _visor_v1_RemoveFaceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_RemoveFaceResponse__Output>): grpc.ClientUnaryCall;
  RemoveFace(argument: _visor_v1_RemoveFaceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_RemoveFaceResponse__Output>): grpc.ClientUnaryCall;
  RemoveFace(argument: _visor_v1_RemoveFaceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_RemoveFaceResponse__Output>): grpc.ClientUnaryCall;
  RemoveFace(argument: _visor_v1_RemoveFaceRequest, callback: grpc.requestCallback<_visor_v1_RemoveFaceResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Deletes one face and its stored image, and publishes FaceDeleted. Errors: NOT_FOUND.
   */
  removeFace(argument: _visor_v1_RemoveFaceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_RemoveFaceResponse__Output>): grpc.ClientUnaryCall;
  removeFace(argument: _visor_v1_RemoveFaceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_RemoveFaceResponse__Output>): grpc.ClientUnaryCall;
  removeFace(argument: _visor_v1_RemoveFaceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_RemoveFaceResponse__Output>): grpc.ClientUnaryCall;
  removeFace(argument: _visor_v1_RemoveFaceRequest, callback: grpc.requestCallback<_visor_v1_RemoveFaceResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Sets the settings present in the request and leaves the absent ones as they were; with purge_images, also erases
   * the tenant's stored images. Returns the effective settings, as GetTenantSettings would. Errors: INVALID_ARGUMENT
   * for a bad tenant_id, or purge_images while images are retained.
   */
  UpdateTenantSettings(argument: _visor_v1_UpdateTenantSettingsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_UpdateTenantSettingsResponse__Output>): grpc.ClientUnaryCall;
  UpdateTenantSettings(argument: _visor_v1_UpdateTenantSettingsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_UpdateTenantSettingsResponse__Output>): grpc.ClientUnaryCall;
  UpdateTenantSettings(argument: _visor_v1_UpdateTenantSettingsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_UpdateTenantSettingsResponse__Output>): grpc.ClientUnaryCall;
  UpdateTenantSettings(argument: _visor_v1_UpdateTenantSettingsRequest, callback: grpc.requestCallback<_visor_v1_UpdateTenantSettingsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Sets the settings present in the request and leaves the absent ones as they were; with purge_images, also erases
   * the tenant's stored images. Returns the effective settings, as GetTenantSettings would. Errors: INVALID_ARGUMENT
   * for a bad tenant_id, or purge_images while images are retained.
   */
  updateTenantSettings(argument: _visor_v1_UpdateTenantSettingsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_UpdateTenantSettingsResponse__Output>): grpc.ClientUnaryCall;
  updateTenantSettings(argument: _visor_v1_UpdateTenantSettingsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_visor_v1_UpdateTenantSettingsResponse__Output>): grpc.ClientUnaryCall;
  updateTenantSettings(argument: _visor_v1_UpdateTenantSettingsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_visor_v1_UpdateTenantSettingsResponse__Output>): grpc.ClientUnaryCall;
  updateTenantSettings(argument: _visor_v1_UpdateTenantSettingsRequest, callback: grpc.requestCallback<_visor_v1_UpdateTenantSettingsResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Manages a tenant's subjects (people) and their enrolled faces. Every request is scoped by tenant_id: a subject or
 * face of another tenant is NOT_FOUND, never visible.
 */
export interface EnrollmentServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Detects, quality-checks and embeds one face per image and stores those that pass; each image gets either a
   * face or a rejection. Publishes FaceEnrolled per stored face. Errors: NOT_FOUND for the subject,
   * INVALID_ARGUMENT for too many images.
   */
  AddFaces: grpc.handleUnaryCall<_visor_v1_AddFacesRequest__Output, _visor_v1_AddFacesResponse>;
  
  /**
   * Creates a subject. Errors: ALREADY_EXISTS when external_id is taken in the tenant.
   */
  CreateSubject: grpc.handleUnaryCall<_visor_v1_CreateSubjectRequest__Output, _visor_v1_CreateSubjectResponse>;
  
  /**
   * Deletes a subject, its faces and their stored images, and publishes SubjectDeleted. Errors: NOT_FOUND.
   */
  DeleteSubject: grpc.handleUnaryCall<_visor_v1_DeleteSubjectRequest__Output, _visor_v1_DeleteSubjectResponse>;
  
  /**
   * Errors: NOT_FOUND.
   */
  GetSubject: grpc.handleUnaryCall<_visor_v1_GetSubjectRequest__Output, _visor_v1_GetSubjectResponse>;
  
  /**
   * The tenant's settings as they apply now: stored values, and the server defaults for those never set.
   */
  GetTenantSettings: grpc.handleUnaryCall<_visor_v1_GetTenantSettingsRequest__Output, _visor_v1_GetTenantSettingsResponse>;
  
  /**
   * Pages through a tenant's subjects, oldest first.
   */
  ListSubjects: grpc.handleUnaryCall<_visor_v1_ListSubjectsRequest__Output, _visor_v1_ListSubjectsResponse>;
  
  /**
   * Deletes one face and its stored image, and publishes FaceDeleted. Errors: NOT_FOUND.
   */
  RemoveFace: grpc.handleUnaryCall<_visor_v1_RemoveFaceRequest__Output, _visor_v1_RemoveFaceResponse>;
  
  /**
   * Sets the settings present in the request and leaves the absent ones as they were; with purge_images, also erases
   * the tenant's stored images. Returns the effective settings, as GetTenantSettings would. Errors: INVALID_ARGUMENT
   * for a bad tenant_id, or purge_images while images are retained.
   */
  UpdateTenantSettings: grpc.handleUnaryCall<_visor_v1_UpdateTenantSettingsRequest__Output, _visor_v1_UpdateTenantSettingsResponse>;
  
}

export interface EnrollmentServiceDefinition extends grpc.ServiceDefinition {
  AddFaces: MethodDefinition<_visor_v1_AddFacesRequest, _visor_v1_AddFacesResponse, _visor_v1_AddFacesRequest__Output, _visor_v1_AddFacesResponse__Output>
  CreateSubject: MethodDefinition<_visor_v1_CreateSubjectRequest, _visor_v1_CreateSubjectResponse, _visor_v1_CreateSubjectRequest__Output, _visor_v1_CreateSubjectResponse__Output>
  DeleteSubject: MethodDefinition<_visor_v1_DeleteSubjectRequest, _visor_v1_DeleteSubjectResponse, _visor_v1_DeleteSubjectRequest__Output, _visor_v1_DeleteSubjectResponse__Output>
  GetSubject: MethodDefinition<_visor_v1_GetSubjectRequest, _visor_v1_GetSubjectResponse, _visor_v1_GetSubjectRequest__Output, _visor_v1_GetSubjectResponse__Output>
  GetTenantSettings: MethodDefinition<_visor_v1_GetTenantSettingsRequest, _visor_v1_GetTenantSettingsResponse, _visor_v1_GetTenantSettingsRequest__Output, _visor_v1_GetTenantSettingsResponse__Output>
  ListSubjects: MethodDefinition<_visor_v1_ListSubjectsRequest, _visor_v1_ListSubjectsResponse, _visor_v1_ListSubjectsRequest__Output, _visor_v1_ListSubjectsResponse__Output>
  RemoveFace: MethodDefinition<_visor_v1_RemoveFaceRequest, _visor_v1_RemoveFaceResponse, _visor_v1_RemoveFaceRequest__Output, _visor_v1_RemoveFaceResponse__Output>
  UpdateTenantSettings: MethodDefinition<_visor_v1_UpdateTenantSettingsRequest, _visor_v1_UpdateTenantSettingsResponse, _visor_v1_UpdateTenantSettingsRequest__Output, _visor_v1_UpdateTenantSettingsResponse__Output>
}
