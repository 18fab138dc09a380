// gRPC adapter of EmbeddingService: proto messages ↔ the plain types of embedding.ts. No logic beyond mapping.
import type { ServerUnaryCall } from '@grpc/grpc-js';
import {
  type Embedding as EmbeddingProto,
  type EmbedRequest__Output,
  type EmbedResponse,
  embeddingService,
  type GetModelRequest__Output,
  type GetModelResponse,
} from '@visor/contracts';
import type { GrpcServiceRegistration } from '@visor/runtime';
import type { Crop, Embedding } from './embedding.ts';

function toCrop(c: EmbedRequest__Output['crops'][number]): Crop {
  const hwc = c.layout === 'PIXEL_LAYOUT_HWC_RGB_U8' || c.layout === 'PIXEL_LAYOUT_UNSPECIFIED';
  // channels 0 is proto's "unset"; the RGB layouts are 3 by definition.
  return {
    data: c.data,
    width: c.width,
    height: c.height,
    channels: c.channels || 3,
    layout: hwc ? 'hwc_rgb_u8' : 'other',
  };
}

function toEmbedding(v: Float32Array, encoding: EmbedRequest__Output['encoding']): EmbeddingProto {
  if (encoding === 'EMBEDDING_ENCODING_VALUES') return { values: Array.from(v), dimension: v.length };
  const bytes = Buffer.alloc(v.length * 4);
  for (let i = 0; i < v.length; i++) bytes.writeFloatLE(v[i], i * 4);
  return { float32Le: bytes, dimension: v.length };
}

export function embeddingHandlers(embedding: Embedding) {
  return {
    Embed: async (call: ServerUnaryCall<EmbedRequest__Output, EmbedResponse>): Promise<EmbedResponse> => {
      const result = await embedding.embed(call.request.crops.map(toCrop));
      return {
        embeddings: result.vectors.map((v) => toEmbedding(v, call.request.encoding)),
        model: { ...result.model },
      };
    },
    GetModel: async (_call: ServerUnaryCall<GetModelRequest__Output, GetModelResponse>): Promise<GetModelResponse> => {
      const info = embedding.model();
      return {
        model: { ...info.ref },
        dimension: info.dimension,
        inputWidth: info.inputSize,
        inputHeight: info.inputSize,
        inputLayout: 'PIXEL_LAYOUT_HWC_RGB_U8',
      };
    },
  };
}

export function embeddingRegistration(embedding: Embedding): GrpcServiceRegistration {
  return { definition: embeddingService, implementation: embeddingHandlers(embedding) };
}
