// OpenTelemetry tracing. The SDK (and its exporter) loads only when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise
// the API's no-op tracer makes withSpan nearly free.
import { type Attributes, type AttributeValue, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { VisorError } from './errors.ts';

/** Attribute names that could carry biometric data or secrets are dropped, whatever the caller passes. */
const FORBIDDEN_ATTRIBUTE = /image|embedding|vector|api.?key|authorization|token|secret|password|cookie/i;

export function safeAttributes(attrs: Record<string, unknown>): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attrs)) {
    if (FORBIDDEN_ATTRIBUTE.test(key)) continue;
    if (typeof value === 'string') out[key] = value.length > 256 ? `${value.slice(0, 256)}…` : value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = value as AttributeValue;
  }
  return out;
}

export type TracingHandle = { enabled: boolean; shutdown: () => Promise<void> };

export async function initTracing(
  serviceName: string,
  env: Record<string, string | undefined> = process.env,
): Promise<TracingHandle> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
    return { enabled: false, shutdown: async () => {} };
  }
  const [{ NodeSDK }, { OTLPTraceExporter }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
  ]);
  // The exporter reads the endpoint and headers from the OTEL_EXPORTER_OTLP_* variables itself.
  const sdk = new NodeSDK({ serviceName, traceExporter: new OTLPTraceExporter(), instrumentations: [] });
  sdk.start();
  return { enabled: true, shutdown: () => sdk.shutdown() };
}

/** Runs `fn` inside an active span; errors are recorded (code only for VisorErrors) and rethrown. */
export async function withSpan<T>(
  name: string,
  attrs: Record<string, unknown>,
  fn: (span: Span) => Promise<T> | T,
): Promise<T> {
  const tracer = trace.getTracer('visor');
  return tracer.startActiveSpan(name, { attributes: safeAttributes(attrs) }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      const code = err instanceof VisorError ? err.code : 'internal';
      span.setAttribute('visor.error_code', code);
      span.setStatus({ code: SpanStatusCode.ERROR, message: code });
      throw err;
    } finally {
      span.end();
    }
  });
}
