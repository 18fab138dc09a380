// google.protobuf.Timestamp <-> Date. With longs as strings (see loader.ts) seconds is a decimal string on output.
import type { Timestamp, Timestamp__Output } from './generated/index.ts';

export function timestampFromDate(date: Date): Timestamp__Output {
  const ms = date.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds: String(seconds), nanos: (ms - seconds * 1000) * 1_000_000 };
}

export function timestampNow(): Timestamp__Output {
  return timestampFromDate(new Date());
}

/** Millisecond precision, as Date holds; sub-millisecond nanos are truncated. */
export function dateFromTimestamp(timestamp: Timestamp | Timestamp__Output): Date {
  const raw = timestamp.seconds ?? 0;
  const seconds = typeof raw === 'object' ? raw.toNumber() : Number(raw);
  return new Date(seconds * 1000 + Math.floor((timestamp.nanos ?? 0) / 1_000_000));
}
