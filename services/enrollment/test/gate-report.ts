// How a labelled dataset fares against the enrolment gate: every single-face photo of a known identity goes through
// the real detection service and this service's quality gate; prints counts per outcome and reason as JSON.
// Usage: node services/enrollment/test/gate-report.ts [faces-dev|lfw-dev] [every-nth]   (gate from config.ts/env)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDetectionClient } from '@visor/contracts';
import { loadDetectionConfig } from '@visor/detection-service/src/config.ts';
import { startDetectionService } from '@visor/detection-service/src/main.ts';
import { datasetPath } from '@visor/testkit';
import { loadEnrollmentConfig, qualityGateOf } from '../src/config.ts';
import { grpcDetector } from '../src/peers.ts';
import { failedChecks } from '../src/quality.ts';

async function run(): Promise<void> {
  const name = (process.argv[2] ?? 'faces-dev') as 'faces-dev' | 'lfw-dev';
  const dir = datasetPath(name);
  if (!dir) return;
  // Only the gate's variables matter here; the required connection settings get placeholders.
  const config = loadEnrollmentConfig({
    VISOR_MYSQL_URL: 'mysql://x@127.0.0.1/x',
    VISOR_NATS_URL: 'nats://127.0.0.1:4222',
    VISOR_GCS_BUCKET: 'x',
    VISOR_DETECTION_ADDR: 'x',
    VISOR_EMBEDDING_ADDR: 'x',
    ...process.env,
  });
  const gate = qualityGateOf(config);
  const detection = await startDetectionService({
    ...loadDetectionConfig({ VISOR_GRPC_PORT: '1', VISOR_HTTP_PORT: '1', VISOR_LOG_LEVEL: 'warn' }),
    VISOR_GRPC_PORT: 0,
    VISOR_HTTP_PORT: 0,
  });
  const client = createDetectionClient(detection.grpcAddress, { defaultTimeoutMs: 120_000 });
  const detector = grpcDetector(client, 120_000);
  const rows = readFileSync(path.join(dir, 'labels.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
  // every-nth: a systematic sample of big datasets (lfw-dev has ~7000 photos).
  const step = Math.max(1, Number(process.argv[3] ?? 1));
  const photos = rows
    .map((l) => l.split(','))
    .filter(([, identity, faces]) => identity && faces === '1')
    .filter((_row, i) => i % step === 0);
  const counts: Record<string, number> = {};
  const bump = (key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };
  const sharpness: number[] = [];
  let done = 0;
  for (const [file] of photos) {
    const faces = await detector.detect(readFileSync(path.join(dir, file as string)));
    // As AddFaces without face_index: faces below the enrolment size do not count as other people.
    const enrollable = faces.filter((f) => f.quality.faceSizePx >= gate.minFacePx);
    if (faces.length === 0) bump('no_face');
    else if (enrollable.length > 1) bump('multiple_faces');
    else {
      const quality = (enrollable[0] ?? faces[0])?.quality as (typeof faces)[number]['quality'];
      sharpness.push(quality.sharpness);
      const failed = failedChecks(quality, gate);
      bump(failed.length === 0 ? 'enrolled' : 'low_quality');
      for (const reason of failed) bump(`reason:${reason}`);
    }
    if (++done % 50 === 0) process.stderr.write(`${done}/${photos.length}\n`);
  }
  client.close();
  await detection.close();
  sharpness.sort((a, b) => a - b);
  const quantile = (q: number) => Number((sharpness[Math.floor(q * (sharpness.length - 1))] ?? Number.NaN).toFixed(3));
  const sharpnessQuantiles = Object.fromEntries([0.01, 0.05, 0.1, 0.25, 0.5].map((q) => [`p${q * 100}`, quantile(q)]));
  process.stdout.write(
    `${JSON.stringify({ dataset: name, photos: photos.length, gate, counts, sharpnessQuantiles }, null, 2)}\n`,
  );
}

run().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
