// Audit trail and security signals of authentication attempts: one audit row and one AuthAttempt event per verify
// or identify, a SecurityAlert event and a metric when a subject gets locked. Rows and events are written in one
// transaction (the outbox relay publishes the events), so the log and the stream never disagree.
import { randomUUID } from 'node:crypto';
import { outgoingEvent } from '@visor/contracts';
import { type Counter, counter, type Registry } from '@visor/runtime';
import type { Principal } from './auth.ts';
import type { AuditKind, AuditLog, AuditOutcome } from './store.ts';
import type { ModelView } from './views.ts';

export type Attempt = {
  principal: Principal;
  kind: AuditKind;
  subjectId?: string;
  outcome: AuditOutcome;
  score?: number;
  threshold?: number;
  model?: ModelView | null;
  faces?: number;
};

export type Security = {
  recordAttempt(attempt: Attempt): Promise<void>;
  alertLocked(principal: Principal, subjectId: string, detail: string): Promise<void>;
};

const OUTCOME_EVENT: Record<AuditOutcome, string> = {
  match: 'AUTH_OUTCOME_MATCH',
  no_match: 'AUTH_OUTCOME_NO_MATCH',
  rejected_input: 'AUTH_OUTCOME_REJECTED_INPUT',
  // A refused attempt against a locked subject says nothing about the person.
  locked: 'AUTH_OUTCOME_REJECTED_INPUT',
  error: 'AUTH_OUTCOME_ERROR',
};

export type SecurityMetrics = { attempts: Counter<'kind' | 'outcome'>; alerts: Counter<'reason'> };

export function securityMetrics(registry: Registry): SecurityMetrics {
  return {
    attempts: counter(registry, 'visor_auth_attempts_total', 'Verify / identify attempts by outcome', [
      'kind',
      'outcome',
    ]),
    alerts: counter(registry, 'visor_security_alerts_total', 'Security alerts raised', ['reason']),
  };
}

export function createSecurity(log: AuditLog, metrics: SecurityMetrics, now: () => number = Date.now): Security {
  return {
    async recordAttempt(attempt) {
      const eventId = randomUUID();
      const occurredAt = new Date(now());
      const model = attempt.model ?? undefined;
      const event = outgoingEvent(
        'authAttempt',
        { eventId, occurredAt },
        {
          tenantId: attempt.principal.tenantId,
          subjectId: attempt.subjectId ?? '',
          kind: attempt.kind === 'verify' ? 'AUTH_KIND_VERIFY' : 'AUTH_KIND_IDENTIFY',
          outcome: OUTCOME_EVENT[attempt.outcome] as 'AUTH_OUTCOME_MATCH',
          score: attempt.score ?? 0,
          threshold: attempt.threshold ?? 0,
          model: model ? { name: model.name, version: model.version } : null,
          clientId: attempt.principal.keyId,
        },
      );
      await log.record(
        {
          eventId,
          tenantId: attempt.principal.tenantId,
          keyId: attempt.principal.keyId,
          kind: attempt.kind,
          subjectId: attempt.subjectId,
          outcome: attempt.outcome,
          score: attempt.score,
          threshold: attempt.threshold,
          model: model ? `${model.name}@${model.version}` : undefined,
          faces: attempt.faces,
          occurredAt,
        },
        [event],
      );
      metrics.attempts.inc({ kind: attempt.kind, outcome: attempt.outcome });
    },

    async alertLocked(principal, subjectId, detail) {
      const event = outgoingEvent(
        'securityAlert',
        { eventId: randomUUID(), occurredAt: new Date(now()) },
        {
          tenantId: principal.tenantId,
          subjectId,
          reason: 'SECURITY_ALERT_REASON_REPEATED_FAILURES',
          detail,
          clientId: principal.keyId,
        },
      );
      metrics.alerts.inc({ reason: 'repeated_failures' });
      await log.emit([event]);
    },
  };
}
