// The detection service in-process on 127.0.0.1 with the real BlazeFace ONNX models, called over real gRPC.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDetectionClient, type DetectionClient, type DetectResponse__Output } from '@visor/contracts';
import { fromGrpcError } from '@visor/runtime';
import { describeWithDataset } from '@visor/testkit';
import sharp from 'sharp';
import { loadDetectionConfig } from '../src/config.ts';
import { type RunningService, startDetectionService } from '../src/main.ts';
import { parseLabels, pngDeclaring } from './fixtures.ts';

const MAX_BYTES = 3 * 1024 * 1024;

/**
 * Group photos whose count the current BlazeFace pipeline gets wrong, and why. The test fails when this list and
 * reality disagree either way, so a detector improvement shows up here too.
 */
const KNOWN_MISCOUNTS: Record<string, { found: number; why: string }> = {
  // Until group mode searched tiles: 'images/facerec_obama_and_biden.jpg' gave 2 (the small, partly hidden child in
  // the lower right scored 0.59 over the whole frame). Auto mode still gives 2.
};

describeWithDataset('faces-dev', 'detection service', (dir) => {
  let service: RunningService;
  let client: DetectionClient;
  const labels = parseLabels(readFileSync(path.join(dir, 'labels.csv'), 'utf8'));
  const image = (file: string) => readFileSync(path.join(dir, file));
  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (err: unknown) => fromGrpcError(err).code,
    );

  beforeAll(async () => {
    const config = loadDetectionConfig({ VISOR_MAX_IMAGE_BYTES: String(MAX_BYTES), VISOR_LOG_LEVEL: 'warn' });
    // Port 0: the OS picks free ports (the schema's minimum of 1 is for operators, not for tests).
    service = await startDetectionService({ ...config, VISOR_GRPC_PORT: 0, VISOR_HTTP_PORT: 0 });
    client = createDetectionClient(service.grpcAddress, { defaultTimeoutMs: 60_000 });
  });
  afterAll(async () => {
    client?.close();
    await service?.close();
  });

  test('a selfie gives one face with its landmarks inside its box, a quality and an aligned RGB crop', async () => {
    const selfie = labels.find((l) => l.faces === 1 && l.identity !== '');
    if (!selfie) throw new Error('faces-dev has no single-face photo');
    const r: DetectResponse__Output = await client.detect({
      image: { inline: image(selfie.file) },
      options: { mode: 'DETECTION_MODE_SELFIE' },
    });
    expect(r.faces).toHaveLength(1);
    const [face] = r.faces;
    const box = face.box;
    if (!box || !face.landmarks) throw new Error('face without box or landmarks');
    for (const p of [face.landmarks.leftEye, face.landmarks.rightEye, face.landmarks.nose, face.landmarks.mouth]) {
      expect(p?.x).toBeGreaterThanOrEqual(box.x);
      expect(p?.x).toBeLessThanOrEqual(box.x + box.width);
      expect(p?.y).toBeGreaterThanOrEqual(box.y);
      expect(p?.y).toBeLessThanOrEqual(box.y + box.height);
    }
    // The subject's left eye is on the image's right.
    expect(face.landmarks.leftEye?.x).toBeGreaterThan(face.landmarks.rightEye?.x ?? Infinity);
    expect(face.landmarks.points).toHaveLength(6);
    expect(face.score).toBeGreaterThan(0.5);
    expect(face.quality?.faceSizePx).toBeCloseTo(Math.max(box.width, box.height), 3);
    for (const v of [face.quality?.sharpness, face.quality?.brightness, face.quality?.overall]) {
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect(face.crop).toMatchObject({ width: 150, height: 150, channels: 3, layout: 'PIXEL_LAYOUT_HWC_RGB_U8' });
    expect(face.crop?.data.length).toBe(150 * 150 * 3);
    expect(r.imageWidth).toBeGreaterThan(0);
  });

  test('group photos give their labelled face count in group mode, largest face first', async () => {
    const groups = labels.filter((l) => (l.faces ?? 0) > 1);
    expect(groups.length).toBeGreaterThan(0);
    const miscounts: Record<string, number> = {};
    for (const g of groups) {
      const r = await client.detect({
        image: { inline: image(g.file) },
        options: { mode: 'DETECTION_MODE_GROUP', alignment: 'ALIGNMENT_OUTPUT_NONE' },
      });
      if (r.faces.length !== g.faces) miscounts[g.file] = r.faces.length;
      const areas = r.faces.map((f) => (f.box?.width ?? 0) * (f.box?.height ?? 0));
      expect(areas).toEqual([...areas].sort((a, b) => b - a));
      for (const f of r.faces) expect(f.crop ?? f.transform).toBeUndefined();
    }
    const known = Object.fromEntries(
      Object.entries(KNOWN_MISCOUNTS)
        .filter(([file]) => groups.some((g) => g.file === file))
        .map(([file, k]) => [file, k.found]),
    );
    expect(miscounts).toEqual(known);
  });

  test('max_faces keeps the largest faces; transform and planar float crops are served on request', async () => {
    const group = labels.find((l) => (l.faces ?? 0) >= 4);
    if (!group) throw new Error('faces-dev has no photo with 4 or more faces');
    const all = await client.detect({
      image: { inline: image(group.file) },
      options: { alignment: 'ALIGNMENT_OUTPUT_NONE' },
    });
    const two = await client.detect({
      image: { inline: image(group.file) },
      options: { maxFaces: 2, alignment: 'ALIGNMENT_OUTPUT_TRANSFORM' },
    });
    expect(two.faces.map((f) => f.box)).toEqual(all.faces.slice(0, 2).map((f) => f.box));
    expect(two.faces[0].transform).toMatchObject({ outputWidth: 150, outputHeight: 150 });
    const planar = await client.detect({
      image: { inline: image(group.file) },
      options: { maxFaces: 1, cropLayout: 'PIXEL_LAYOUT_CHW_RGB_F32_LE' },
    });
    const crop = planar.faces[0].crop;
    expect(crop?.layout).toBe('PIXEL_LAYOUT_CHW_RGB_F32_LE');
    expect(crop?.data.length).toBe(150 * 150 * 3 * 4);
  });

  test('an image without a face gives an empty list', async () => {
    const blank = await sharp({
      create: { width: 320, height: 240, channels: 3, background: { r: 90, g: 120, b: 160 } },
    })
      .png()
      .toBuffer();
    const r = await client.detect({ image: { inline: blank } });
    expect(r.faces).toEqual([]);
    expect([r.imageWidth, r.imageHeight]).toEqual([320, 240]);
  });

  test('every bad input gets its code and the service keeps serving', async () => {
    const jpeg = image(labels.find((l) => l.file.endsWith('.jpg'))?.file ?? '');
    const png = image(labels.find((l) => l.file.endsWith('.png'))?.file ?? '');
    const inline = (bytes: Buffer) => client.detect({ image: { inline: bytes } });
    expect(await code(inline(Buffer.from('GIF89a, not accepted')))).toBe('unsupported_image');
    expect(await code(inline(Buffer.from('%PDF-1.7 not an image')))).toBe('unsupported_image');
    expect(await code(inline(Buffer.alloc(0)))).toBe('invalid_argument');
    expect(await code(inline(pngDeclaring(20_000, 20_000)))).toBe('image_too_large');
    const oversized = Buffer.concat([jpeg.subarray(0, 3), Buffer.alloc(MAX_BYTES)]);
    expect(await code(inline(oversized))).toBe('image_too_large');
    expect(await code(inline(jpeg.subarray(0, Math.floor(jpeg.length / 3))))).toBe('corrupt_image');
    expect(await code(inline(png.subarray(0, Math.floor(png.length / 2))))).toBe('corrupt_image');
    expect(await code(inline(Buffer.concat([jpeg.subarray(0, 3), Buffer.alloc(2000, 7)])))).toBe('corrupt_image');
    expect(await code(client.detect({}))).toBe('invalid_argument');
    expect(await code(client.detect({ image: { gcsObjectKey: 'tenants/t1/x.jpg' } }))).toBe('invalid_argument');
    const after = await inline(jpeg);
    expect(after.faces.length).toBeGreaterThan(0);
  });

  test('the side port reports ready and exports per-stage histograms and call counters', async () => {
    expect((await fetch(`${service.httpUrl}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${service.httpUrl}/metrics`)).text();
    for (const stage of ['decode', 'detect', 'align']) {
      expect(metrics).toMatch(new RegExp(`visor_stage_seconds_count\\{[^}]*stage="${stage}"`));
    }
    expect(metrics).toMatch(/grpc_server_handled_total\{[^}]*grpc_code="INVALID_ARGUMENT"/);
  });
});
