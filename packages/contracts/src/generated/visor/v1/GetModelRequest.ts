// Original file: proto/visor/v1/embedding_service.proto


/**
 * Request for EmbeddingService.GetModel.
 */
export interface GetModelRequest {
}

/**
 * Request for EmbeddingService.GetModel.
 */
export interface GetModelRequest__Output {
}
