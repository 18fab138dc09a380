// gRPC adapter of visor.v1.EnrollmentService: proto messages ↔ the plain types of enrollment.ts. No logic beyond
// mapping; errors are VisorErrors, turned into statuses by the runtime.
import {
  type AddFacesRequest__Output,
  type AddFacesResponse,
  type CreateSubjectRequest__Output,
  type CreateSubjectResponse,
  type DeleteSubjectRequest__Output,
  type DeleteSubjectResponse,
  enrollmentService,
  type Face as FaceProto,
  type GetSubjectRequest__Output,
  type GetSubjectResponse,
  type GetTenantSettingsRequest__Output,
  type GetTenantSettingsResponse,
  type ListSubjectsRequest__Output,
  type ListSubjectsResponse,
  type RejectionReason as RejectionReasonProto,
  type RemoveFaceRequest__Output,
  type RemoveFaceResponse,
  type Subject as SubjectProto,
  type TenantSettings as TenantSettingsProto,
  timestampFromDate,
  toFaceQualityProto,
  type UpdateTenantSettingsRequest__Output,
  type UpdateTenantSettingsResponse,
} from '@visor/contracts';
import { type AnyHandler, type GrpcServiceRegistration, VisorError, withSpan } from '@visor/runtime';
import type {
  AddFacesInput,
  Enrollment,
  Face,
  ImageInput,
  RejectionReason,
  Subject,
  TenantSettings,
  TenantSettingsUpdate,
} from './enrollment.ts';

type Call<T> = { request: T };

const REJECTIONS: Record<RejectionReason, RejectionReasonProto> = {
  unreadable_image: 'REJECTION_REASON_UNREADABLE_IMAGE',
  image_too_large: 'REJECTION_REASON_IMAGE_TOO_LARGE',
  image_not_found: 'REJECTION_REASON_IMAGE_NOT_FOUND',
  no_face: 'REJECTION_REASON_NO_FACE',
  multiple_faces: 'REJECTION_REASON_MULTIPLE_FACES',
  face_index_out_of_range: 'REJECTION_REASON_FACE_INDEX_OUT_OF_RANGE',
  low_quality: 'REJECTION_REASON_LOW_QUALITY',
};

export function toSubjectProto(s: Subject): SubjectProto {
  return {
    subjectId: s.id,
    tenantId: s.tenantId,
    externalId: s.externalId ?? '',
    displayName: s.displayName,
    metadata: s.metadata,
    faceCount: s.faceCount,
    createdAt: timestampFromDate(s.createdAt),
  };
}

export function toFaceProto(f: Face): FaceProto {
  return {
    faceId: f.id,
    subjectId: f.subjectId,
    box: f.box,
    quality: toFaceQualityProto(f.quality),
    model: f.model,
    image: f.imageKey ? { gcsObjectKey: f.imageKey } : undefined,
    createdAt: timestampFromDate(f.createdAt),
  };
}

export function toAddFacesInput(r: AddFacesRequest__Output): AddFacesInput {
  return {
    tenantId: r.tenantId,
    subjectId: r.subjectId,
    idempotencyKey: r.idempotencyKey,
    images: r.images.map((item, i) => {
      const ref = item.image;
      let image: ImageInput;
      if (ref?.source === 'inline' && ref.inline?.length) image = { inline: ref.inline };
      else if (ref?.source === 'gcsObjectKey' && ref.gcsObjectKey) image = { objectKey: ref.gcsObjectKey };
      else {
        throw new VisorError('invalid_argument', `images[${i}]: inline bytes or gcs_object_key is required`, {
          details: { field: 'images', index: i },
        });
      }
      // proto3 `optional`: presence is the synthetic oneof, since an absent index and index 0 both read as 0.
      return { image, faceIndex: item._faceIndex === 'faceIndex' ? item.faceIndex : undefined };
    }),
  };
}

export function toTenantSettingsProto(s: TenantSettings): TenantSettingsProto {
  return { retainImages: s.retainImages };
}

/** proto3 `optional`: only a field whose synthetic oneof is set is part of the update (false is a value, not absence). */
export function toTenantSettingsUpdate(r: UpdateTenantSettingsRequest__Output): TenantSettingsUpdate {
  const s = r.settings;
  return { retainImages: s?._retainImages === 'retainImages' ? s.retainImages : undefined };
}

export function enrollmentHandlers(enrollment: Enrollment): Record<string, AnyHandler> {
  return {
    async CreateSubject(call: Call<CreateSubjectRequest__Output>): Promise<CreateSubjectResponse> {
      const r = call.request;
      const subject = await enrollment.createSubject({
        tenantId: r.tenantId,
        externalId: r.externalId,
        displayName: r.displayName,
        metadata: r.metadata ?? {},
      });
      return { subject: toSubjectProto(subject) };
    },

    async GetSubject(call: Call<GetSubjectRequest__Output>): Promise<GetSubjectResponse> {
      const { subject, faces } = await enrollment.getSubject(call.request.tenantId, call.request.subjectId);
      return { subject: toSubjectProto(subject), faces: faces.map(toFaceProto) };
    },

    async ListSubjects(call: Call<ListSubjectsRequest__Output>): Promise<ListSubjectsResponse> {
      const r = call.request;
      const page = await enrollment.listSubjects({
        tenantId: r.tenantId,
        pageSize: r.pageSize,
        pageToken: r.pageToken,
        externalId: r.externalId,
      });
      return { subjects: page.subjects.map(toSubjectProto), nextPageToken: page.nextPageToken };
    },

    async DeleteSubject(call: Call<DeleteSubjectRequest__Output>): Promise<DeleteSubjectResponse> {
      const result = await enrollment.deleteSubject(call.request.tenantId, call.request.subjectId);
      return { deletedFaces: result.deletedFaces };
    },

    AddFaces: (call: Call<AddFacesRequest__Output>): Promise<AddFacesResponse> =>
      withSpan('visor.v1.EnrollmentService/AddFaces', {}, async (span) => {
        const input = toAddFacesInput(call.request);
        span.setAttribute('images', input.images.length);
        const results = await enrollment.addFaces(input);
        return {
          results: results.map((r) =>
            r.face
              ? { imageIndex: r.imageIndex, face: toFaceProto(r.face) }
              : {
                  imageIndex: r.imageIndex,
                  rejection: {
                    reasons: (r.rejection?.reasons ?? []).map((x) => REJECTIONS[x]),
                    quality: r.rejection?.quality ? toFaceQualityProto(r.rejection.quality) : undefined,
                    message: r.rejection?.message ?? '',
                    // Responses stored for idempotent retries before codes existed have none: the client falls back.
                    code: r.rejection?.code ?? '',
                  },
                },
          ),
        };
      }),

    async RemoveFace(call: Call<RemoveFaceRequest__Output>): Promise<RemoveFaceResponse> {
      const r = call.request;
      await enrollment.removeFace(r.tenantId, r.subjectId, r.faceId);
      return {};
    },

    async GetTenantSettings(call: Call<GetTenantSettingsRequest__Output>): Promise<GetTenantSettingsResponse> {
      return { settings: toTenantSettingsProto(await enrollment.getTenantSettings(call.request.tenantId)) };
    },

    async UpdateTenantSettings(call: Call<UpdateTenantSettingsRequest__Output>): Promise<UpdateTenantSettingsResponse> {
      const r = call.request;
      const result = await enrollment.updateTenantSettings(r.tenantId, toTenantSettingsUpdate(r), {
        purgeImages: r.purgeImages,
      });
      return { settings: toTenantSettingsProto(result.settings), purgedImages: result.purgedImages };
    },
  };
}

export function enrollmentRegistration(enrollment: Enrollment): GrpcServiceRegistration {
  return { definition: enrollmentService, implementation: enrollmentHandlers(enrollment) };
}
