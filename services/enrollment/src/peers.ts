// The detection and embedding services as the Detector and Embedder ports of enrollment.ts, over gRPC.
import {
  type AlignedCrop,
  createDetectionClient,
  createEmbeddingClient,
  type DetectionClient,
  type EmbeddingClient,
  fromFaceQualityProto,
} from '@visor/contracts';
import { healthProbe, rpc } from '@visor/runtime';
import type { DetectedFace, Detector, Embedder } from './enrollment.ts';

export function grpcDetector(client: DetectionClient, timeoutMs: number): Detector {
  return {
    async detect(bytes) {
      const response = await rpc(
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
          quality: fromFaceQualityProto(q),
          crop: f.crop as AlignedCrop,
        };
      });
    },
  };
}

export function grpcEmbedder(client: EmbeddingClient, timeoutMs: number): Embedder {
  return {
    async embed(crops) {
      const response = await rpc(client.embed({ crops, encoding: 'EMBEDDING_ENCODING_FLOAT32_LE' }, { timeoutMs }));
      if (!response.model?.name || !response.model.version) throw new Error('Embed returned no model');
      return {
        model: { name: response.model.name, version: response.model.version },
        embeddings: response.embeddings.map((e) => ({ float32Le: e.float32Le, dimension: e.dimension })),
      };
    },
  };
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
    ready: { detection: healthProbe(detection.grpc), embedding: healthProbe(embedding.grpc) },
    close: () => {
      detection.close();
      embedding.close();
    },
  };
}
