// The detection and embedding services as the Detector and Embedder ports of enrollment.ts, over gRPC.
import { Metadata } from '@grpc/grpc-js';
import {
  type AlignedCrop,
  createDetectionClient,
  createEmbeddingClient,
  type DetectionClient,
  deadlineAfter,
  type EmbeddingClient,
  type QualityReason as QualityReasonProto,
} from '@visor/contracts';
import { fromGrpcError } from '@visor/runtime';
import { service as healthService } from 'grpc-health-check';
import type { DetectedFace, Detector, Embedder } from './enrollment.ts';
import { QualityReason } from './quality.ts';

const REASONS: Partial<Record<string, QualityReason>> = {
  QUALITY_REASON_TOO_SMALL: QualityReason.tooSmall,
  QUALITY_REASON_BLURRY: QualityReason.blurry,
  QUALITY_REASON_POSE: QualityReason.pose,
  QUALITY_REASON_TOO_DARK: QualityReason.tooDark,
  QUALITY_REASON_TOO_BRIGHT: QualityReason.tooBright,
  QUALITY_REASON_CROPPED: QualityReason.cropped,
  QUALITY_REASON_OCCLUDED: QualityReason.occluded,
};

const qualityReasons = (reasons: QualityReasonProto[]): QualityReason[] =>
  reasons.flatMap((r) => {
    const mapped = REASONS[String(r)];
    return mapped ? [mapped] : [];
  });

/** Peer failures come back as the VisorError the peer raised (or unavailable / deadline_exceeded). */
async function call<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (err) {
    throw fromGrpcError(err);
  }
}

export function grpcDetector(client: DetectionClient, timeoutMs: number): Detector {
  return {
    async detect(bytes) {
      const response = await call(
        client.detect(
          {
            image: { inline: bytes },
            options: {
              mode: 'DETECTION_MODE_AUTO',
              alignment: 'ALIGNMENT_OUTPUT_CROP',
              cropLayout: 'PIXEL_LAYOUT_HWC_RGB_U8',
            },
          },
          { timeoutMs },
        ),
      );
      return response.faces.map((f): DetectedFace => {
        const q = f.quality;
        if (!f.box || !q || !f.crop) throw new Error('Detect returned a face without box, quality or crop');
        return {
          box: { x: f.box.x, y: f.box.y, width: f.box.width, height: f.box.height },
          quality: {
            faceSizePx: q.faceSizePx,
            sharpness: q.sharpness,
            yawDeg: q.yawDeg,
            pitchDeg: q.pitchDeg,
            rollDeg: q.rollDeg,
            brightness: q.brightness,
            overall: q.overall,
            reasons: qualityReasons(q.reasons),
          },
          crop: f.crop as AlignedCrop,
        };
      });
    },
  };
}

export function grpcEmbedder(client: EmbeddingClient, timeoutMs: number): Embedder {
  return {
    async embed(crops) {
      const response = await call(client.embed({ crops, encoding: 'EMBEDDING_ENCODING_FLOAT32_LE' }, { timeoutMs }));
      if (!response.model?.name || !response.model.version) throw new Error('Embed returned no model');
      return {
        model: { name: response.model.name, version: response.model.version },
        embeddings: response.embeddings.map((e) => ({ float32Le: e.float32Le, dimension: e.dimension })),
      };
    },
  };
}

/** grpc.health.v1 Check over the client's own channel: true when the peer reports SERVING. */
export function healthProbe(client: DetectionClient | EmbeddingClient, timeoutMs = 2_000): () => Promise<boolean> {
  const check = healthService.Check;
  if (!check) throw new Error('grpc-health-check has no Check method');
  return () =>
    new Promise<boolean>((resolve) => {
      client.grpc.makeUnaryRequest(
        check.path,
        check.requestSerialize,
        check.responseDeserialize,
        { service: '' },
        new Metadata(),
        { deadline: deadlineAfter(timeoutMs) },
        (err, response) => resolve(!err && (response as { status?: unknown })?.status === 'SERVING'),
      );
    });
}

export type Peers = {
  detector: Detector;
  embedder: Embedder;
  ready: { detection: () => Promise<boolean>; embedding: () => Promise<boolean> };
  close: () => void;
};

export function connectPeers(options: { detectionAddr: string; embeddingAddr: string; timeoutMs: number }): Peers {
  const detection = createDetectionClient(options.detectionAddr, { defaultTimeoutMs: options.timeoutMs });
  const embedding = createEmbeddingClient(options.embeddingAddr, { defaultTimeoutMs: options.timeoutMs });
  return {
    detector: grpcDetector(detection, options.timeoutMs),
    embedder: grpcEmbedder(embedding, options.timeoutMs),
    ready: { detection: healthProbe(detection), embedding: healthProbe(embedding) },
    close: () => {
      detection.close();
      embedding.close();
    },
  };
}
