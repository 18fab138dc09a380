// gRPC adapter for visor.v1.MatchingService: decode the request, call the domain, encode the answer. Errors are
// VisorErrors, mapped to statuses by the runtime.
import {
  type IdentifyRequest__Output,
  type IdentifyResponse,
  type IndexStatsRequest__Output,
  type IndexStatsResponse,
  matchingService,
  type VerifyRequest__Output,
  type VerifyResponse,
} from '@visor/contracts';
import type { AnyHandler, GrpcServiceRegistration } from '@visor/runtime';
import { decodeEmbedding } from './embedding.ts';
import { type Matcher, type ModelRef, modelKey } from './matching.ts';
import type { MatchingMetrics } from './metrics.ts';

type Call<T> = { request: T };

const modelOf = (m: { name: string; version: string } | null): ModelRef | undefined =>
  m && (m.name || m.version) ? { name: m.name, version: m.version } : undefined;

export function matchingHandlers(matcher: Matcher, metrics?: MatchingMetrics): Record<string, AnyHandler> {
  return {
    async Verify(call: Call<VerifyRequest__Output>): Promise<VerifyResponse> {
      const r = call.request;
      const vector = decodeEmbedding(r.embedding);
      const start = performance.now();
      const result = matcher.verify({
        tenantId: r.tenantId,
        subjectId: r.subjectId,
        vector,
        model: modelOf(r.model),
      });
      metrics?.search.observe({ op: 'verify', index: result.index }, (performance.now() - start) / 1000);
      return {
        match: result.match,
        score: result.score,
        threshold: result.threshold,
        bestFaceId: result.bestFaceId,
      };
    },

    async Identify(call: Call<IdentifyRequest__Output>): Promise<IdentifyResponse> {
      const r = call.request;
      const vector = decodeEmbedding(r.embedding);
      const start = performance.now();
      const result = matcher.identify({
        tenantId: r.tenantId,
        vector,
        topK: r.topK,
        minScore: r.minScore,
        model: modelOf(r.model),
      });
      metrics?.search.observe({ op: 'identify', index: result.index }, (performance.now() - start) / 1000);
      return { candidates: result.candidates, threshold: result.threshold };
    },

    async IndexStats(call: Call<IndexStatsRequest__Output>): Promise<IndexStatsResponse> {
      const stats = matcher.stats(call.request.tenantId || undefined);
      const byModel = new Map<string, { model: ModelRef; faces: number; subjects: number }>();
      for (const s of stats) {
        const key = modelKey(s.model);
        const entry = byModel.get(key) ?? { model: s.model, faces: 0, subjects: 0 };
        entry.faces += s.faces;
        entry.subjects += s.subjects;
        byModel.set(key, entry);
      }
      return {
        models: [...byModel.values()].map((m) => ({ model: m.model, faces: m.faces, subjects: m.subjects })),
        tenants: new Set(stats.map((s) => s.tenantId)).size,
      };
    },
  };
}

export function matchingRegistration(matcher: Matcher, metrics?: MatchingMetrics): GrpcServiceRegistration {
  return { definition: matchingService, implementation: matchingHandlers(matcher, metrics) };
}
