// Detect on an image referenced by object key, read from the real GCS emulator (fake-gcs-server of ./visor test).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDetectionClient, type DetectionClient } from '@visor/contracts';
import { fromGrpcError } from '@visor/runtime';
import { createObjectStore } from '@visor/store';
import { describeWithDataset, requireEnv } from '@visor/testkit';
import { loadDetectionConfig } from '../src/config.ts';
import { type RunningService, startDetectionService } from '../src/main.ts';
import { parseLabels } from './fixtures.ts';

/** Above any faces-dev photo, far below the 15 MiB default, so the oversized object stays small to upload. */
const MAX_IMAGE_BYTES = 4 * 1024 * 1024;

describeWithDataset('faces-dev', 'detection service with images in GCS', (dir) => {
  requireEnv('STORAGE_EMULATOR_HOST');
  const bucket = requireEnv('VISOR_GCS_BUCKET');
  const prefix = `tests/detection-${Date.now()}/`;
  const store = createObjectStore({ bucket });
  let service: RunningService;
  let client: DetectionClient;

  beforeAll(async () => {
    await store.ensureBucket();
    const config = loadDetectionConfig({
      VISOR_LOG_LEVEL: 'warn',
      VISOR_GCS_BUCKET: bucket,
      VISOR_MAX_IMAGE_BYTES: String(MAX_IMAGE_BYTES),
    });
    service = await startDetectionService({ ...config, VISOR_GRPC_PORT: 0, VISOR_HTTP_PORT: 0 });
    client = createDetectionClient(service.grpcAddress, { defaultTimeoutMs: 60_000 });
  });
  afterAll(async () => {
    client?.close();
    await service?.close();
    await store.deletePrefix(prefix);
  });

  test('an object key is read from the bucket and detected like inline bytes', async () => {
    const label = parseLabels(readFileSync(path.join(dir, 'labels.csv'), 'utf8')).find((l) => l.faces === 1);
    if (!label) throw new Error('faces-dev has no single-face photo');
    const bytes = readFileSync(path.join(dir, label.file));
    const key = `${prefix}selfie${path.extname(label.file)}`;
    await store.put(key, bytes, 'application/octet-stream');
    const byKey = await client.detect({ image: { gcsObjectKey: key } });
    const inline = await client.detect({ image: { inline: bytes } });
    expect(byKey.faces).toHaveLength(1);
    expect(byKey.faces[0].box).toEqual(inline.faces[0].box);
  });

  test('a missing object is NOT_FOUND', async () => {
    const err = await client.detect({ image: { gcsObjectKey: `${prefix}missing.jpg` } }).catch((e: unknown) => e);
    expect(fromGrpcError(err).code).toBe('not_found');
  });

  test('an object over the image size limit is image_too_large', async () => {
    const key = `${prefix}huge.jpg`;
    await store.put(key, Buffer.alloc(MAX_IMAGE_BYTES + 1, 0xff), 'image/jpeg');
    const err = await client.detect({ image: { gcsObjectKey: key } }).catch((e: unknown) => e);
    expect(fromGrpcError(err).code).toBe('image_too_large');
  });
});
