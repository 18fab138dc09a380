// Sustained load on one REST route with autocannon: a fixed number of connections each sending the next request as
// soon as the previous answer is in, for a fixed time, cycling through prepared multipart bodies.
import autocannon from 'autocannon';
import type { PreparedRequest } from './api-http.ts';
import { percentile, round } from './stats.ts';

export type SustainedOptions = {
  url: string;
  key: string;
  route: string;
  /** Bodies sent in turn, across all connections (request n gets body n mod length). */
  bodies: readonly PreparedRequest[];
  concurrency: number;
  seconds: number;
  /** A request without an answer by then is a timeout (an error). */
  timeoutSeconds: number;
  progress: (line: string) => void;
  /** Classifies a 2xx answer's body, e.g. "match" / "no_match"; counted in `outcomes`. */
  outcomeOf?: (body: string) => string;
};

export type SustainedResult = {
  concurrency: number;
  seconds: number;
  /** Requests answered (any status) within the run. */
  requests: number;
  /** Non-2xx answers plus requests that got no answer (connection errors, timeouts). */
  errors: number;
  /** Answered requests per second of the run. */
  rps: number;
  /** Latency of the 2xx answers, ms. */
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
  /** Answers by HTTP status. */
  status: Record<string, number>;
  connection_errors: number;
  timeouts: number;
  outcomes: Record<string, number>;
};

export async function sustainedLoad(options: SustainedOptions): Promise<SustainedResult> {
  const { bodies } = options;
  if (bodies.length === 0) throw new Error('sustained load needs at least one request body');
  const latencies: number[] = [];
  const status: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  let next = 0;
  const request: autocannon.Request = {
    method: 'POST',
    path: options.route,
    // Built again for every request: one shared counter rotates the images across connections, and only one copy
    // of each body is held (a static `requests` array is copied into every connection).
    setupRequest: (req) => {
      const body = bodies[next++ % bodies.length] as PreparedRequest;
      return {
        ...req,
        headers: { authorization: `Bearer ${options.key}`, 'content-type': body.contentType },
        body: body.body,
      };
    },
    onResponse: (code, body) => {
      if (code >= 200 && code < 300 && options.outcomeOf) {
        const outcome = options.outcomeOf(body);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }
    },
  };
  let done = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.concurrency,
        duration: options.seconds,
        timeout: options.timeoutSeconds,
        requests: [request],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client, code, _bytes, ms) => {
      status[code] = (status[code] ?? 0) + 1;
      if (code >= 200 && code < 300) latencies.push(ms);
      done++;
    });
    let ticks = 0;
    instance.on('tick', () => {
      ticks++;
      if (ticks % 10 === 0) options.progress(`  ${ticks} s: ${done} answered`);
    });
  });
  const answered = Object.values(status).reduce((s, n) => s + n, 0);
  const non2xx = Object.entries(status)
    .filter(([code]) => !code.startsWith('2'))
    .reduce((s, [, n]) => s + n, 0);
  return {
    concurrency: options.concurrency,
    seconds: round(result.duration, 1),
    requests: answered,
    errors: non2xx + result.errors,
    rps: round(answered / result.duration, 2),
    p50_ms: round(percentile(latencies, 50)),
    p90_ms: round(percentile(latencies, 90)),
    p99_ms: round(percentile(latencies, 99)),
    max_ms: round(latencies.length ? Math.max(...latencies) : Number.NaN),
    status,
    connection_errors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    outcomes,
  };
}
