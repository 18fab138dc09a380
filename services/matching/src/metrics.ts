// The service's own metrics, next to the runtime's per-method gRPC metrics.
import { counter, durationHistogram, type Registry } from '@visor/runtime';
import { Gauge } from 'prom-client';
import { type Matcher, modelKey } from './matching.ts';

export type MatchingMetrics = ReturnType<typeof matchingMetrics>;

export function matchingMetrics(registry: Registry, matcher: () => Matcher | undefined) {
  new Gauge({
    name: 'visor_matching_index_faces',
    help: 'Faces held in the in-memory index, by tenant and model version',
    labelNames: ['tenant', 'model'],
    registers: [registry],
    collect() {
      this.reset();
      for (const g of matcher()?.galleries() ?? []) this.set({ tenant: g.tenantId, model: modelKey(g.model) }, g.faces);
    },
  });
  return {
    search: durationHistogram(registry, 'visor_matching_search_seconds', 'Index search time of Verify and Identify', [
      'op',
      'index',
    ]),
    events: counter(registry, 'visor_matching_events_total', 'Enrolment events handled, by type and outcome', [
      'type',
      'outcome',
    ]),
  };
}
