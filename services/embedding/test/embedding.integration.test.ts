// Detection and embedding services in-process on 127.0.0.1 with the real ONNX models, called over real gRPC; the
// model switch goes through a real NATS JetStream (VISOR_NATS_URL from ./visor test).
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type AlignedCrop,
  type AlignedCrop__Output,
  createDetectionClient,
  createEmbeddingClient,
  type DetectionClient,
  type EmbeddingClient,
  EventSubject,
  events,
} from '@visor/contracts';
import { connectNats, publish } from '@visor/events';
import { loadRegistry, modelPath, modelsDir, resolveModel } from '@visor/models';
import { fromGrpcError } from '@visor/runtime';
import { describeWithDataset, requireEnv } from '@visor/testkit';
import { loadDetectionConfig } from '../../detection/src/config.ts';
import { startDetectionService } from '../../detection/src/main.ts';
import { loadEmbeddingConfig } from '../src/config.ts';
import { type RunningService, startEmbeddingService } from '../src/main.ts';

type Label = { file: string; identity: string; faces: string };

function labelsOf(dir: string): Label[] {
  return readFileSync(path.join(dir, 'labels.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [file = '', identity = '', faces = ''] = l.split(',');
      return { file, identity, faces };
    });
}

function vectorOf(e: { float32Le: Buffer; dimension: number }): Float32Array {
  const out = new Float32Array(e.dimension);
  for (let i = 0; i < e.dimension; i++) out[i] = e.float32Le.readFloatLE(i * 4);
  return out;
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

/**
 * A registry with the real default embedder plus a second version of it (same weights, its own file), so a
 * promotion really loads a new ONNX Runtime session.
 */
function registryWithSecondVersion(version: string): { file: string; dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'visor-embedding-it-'));
  const registry = loadRegistry();
  const base = resolveModel('embedder', undefined, registry);
  const second = { ...base, version, file: `${base.name}@${version}.onnx` };
  symlinkSync(modelPath(base, modelsDir()), path.join(dir, base.file));
  symlinkSync(modelPath(base, modelsDir()), path.join(dir, second.file));
  const file = path.join(dir, 'registry.json');
  writeFileSync(file, JSON.stringify({ ...registry, models: [...registry.models, second] }));
  return { file, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

describeWithDataset('faces-dev', 'detection + embedding services', (dataset) => {
  const natsUrl = requireEnv('VISOR_NATS_URL');
  const secondVersion = `it-${Date.now()}`;
  const reg = registryWithSecondVersion(secondVersion);
  let detection: { close(): Promise<void>; grpcAddress: string };
  let embedding: RunningService;
  let det: DetectionClient;
  let emb: EmbeddingClient;
  const labels = labelsOf(dataset);

  const cropOf = async (file: string): Promise<AlignedCrop__Output> => {
    const r = await det.detect({ image: { inline: readFileSync(path.join(dataset, file)) } });
    const crop = r.faces[0]?.crop;
    if (!crop) throw new Error(`no face in ${file}`);
    return crop;
  };

  beforeAll(async () => {
    const d = loadDetectionConfig({ VISOR_LOG_LEVEL: 'warn' });
    detection = await startDetectionService({ ...d, VISOR_GRPC_PORT: 0, VISOR_HTTP_PORT: 0 });
    const e = loadEmbeddingConfig({
      VISOR_LOG_LEVEL: 'warn',
      VISOR_NATS_URL: natsUrl,
      VISOR_MODELS_REGISTRY: reg.file,
      VISOR_MODELS_DIR: reg.dir,
    });
    embedding = await startEmbeddingService({ ...e, VISOR_GRPC_PORT: 0, VISOR_HTTP_PORT: 0 });
    det = createDetectionClient(detection.grpcAddress, { defaultTimeoutMs: 60_000 });
    emb = createEmbeddingClient(embedding.grpcAddress, { defaultTimeoutMs: 60_000 });
  });
  afterAll(async () => {
    det?.close();
    emb?.close();
    await embedding?.close();
    await detection?.close();
    reg.cleanup();
  });

  test('GetModel describes the registry default embedder', async () => {
    const base = resolveModel('embedder');
    const m = await emb.getModel({});
    expect(m.model).toEqual({ name: base.name, version: base.version });
    expect(m).toMatchObject({
      dimension: 128,
      inputWidth: 150,
      inputHeight: 150,
      inputLayout: 'PIXEL_LAYOUT_HWC_RGB_U8',
    });
  });

  test('two photos of one person are closer than photos of different people', async () => {
    const byId = new Map<string, string[]>();
    for (const l of labels)
      if (l.identity && l.faces === '1') byId.set(l.identity, [...(byId.get(l.identity) ?? []), l.file]);
    const [person, photos] = [...byId].find(([, files]) => files.length >= 2) ?? [];
    const other = [...byId].find(([id]) => id !== person)?.[1][0];
    if (!person || !photos || !other) throw new Error('faces-dev lacks two photos of one person and another person');
    const r = await emb.embed({ crops: [await cropOf(photos[0]), await cropOf(photos[1]), await cropOf(other)] });
    expect(r.embeddings).toHaveLength(3);
    const [a, b, c] = r.embeddings.map(vectorOf);
    for (const v of [a, b, c]) expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 4);
    expect(dot(a, b)).toBeGreaterThan(dot(a, c));
    expect(dot(a, b)).toBeGreaterThan(dot(b, c));
    // The packed-floats encoding carries the same vector.
    const values = await emb.embed({ crops: [await cropOf(photos[0])], encoding: 'EMBEDDING_ENCODING_VALUES' });
    expect(values.embeddings[0].values).toHaveLength(128);
    expect(values.embeddings[0].values[0]).toBeCloseTo(a[0], 5);
  });

  test('crops of the wrong size, length or layout are INVALID_ARGUMENT', async () => {
    const good = await cropOf(labels.find((l) => l.faces === '1')?.file ?? '');
    const code = (crops: AlignedCrop[]) =>
      emb.embed({ crops }).then(
        () => 'ok',
        (err: unknown) => fromGrpcError(err).code,
      );
    expect(await code([])).toBe('invalid_argument');
    expect(await code([{ ...good, width: 112, height: 112 }])).toBe('invalid_argument');
    expect(await code([{ ...good, data: good.data.subarray(0, 1000) }])).toBe('invalid_argument');
    expect(await code([{ ...good, layout: 'PIXEL_LAYOUT_CHW_RGB_F32_LE' }])).toBe('invalid_argument');
    expect(await code(Array.from({ length: 65 }, () => good))).toBe('invalid_argument');
    expect(await code([good])).toBe('ok');
  });

  test('a model promoted on NATS during a stream of concurrent calls loses none of them', async () => {
    const crop = await cropOf(labels.find((l) => l.faces === '1')?.file ?? '');
    const base = resolveModel('embedder');
    const before = await emb.embed({ crops: [crop] });
    expect(before.model?.version).toBe(base.version);
    const reference = vectorOf(before.embeddings[0]);

    const calls: Array<Promise<{ version: string; vector: Float32Array }>> = [];
    const fire = (n: number) => {
      for (let i = 0; i < n; i++) {
        calls.push(
          emb
            .embed({ crops: [crop] })
            .then((r) => ({ version: r.model?.version ?? '', vector: vectorOf(r.embeddings[0]) })),
        );
      }
    };
    fire(8);
    const nats = await connectNats(natsUrl, { name: 'embedding-it' });
    try {
      const eventId = `promote-${secondVersion}`;
      const event = {
        eventId,
        occurredAt: { seconds: Math.floor(Date.now() / 1000), nanos: 0 },
        model: { name: base.name, version: secondVersion },
        previous: { name: base.name, version: base.version },
      };
      await publish(nats.js, EventSubject.modelPromoted, events.modelPromoted.encode(event), { msgId: eventId });
    } finally {
      await nats.close();
    }
    // Keep the stream going until the service reports the new model, then a little longer.
    let switched = false;
    for (let round = 0; round < 400 && !switched; round++) {
      fire(4);
      await Promise.all(calls.slice(-4));
      switched = (await emb.getModel({})).model?.version === secondVersion;
    }
    expect(switched).toBe(true);
    const firedBeforeAfterCalls = calls.length;
    fire(8);

    const results = await Promise.all(calls);
    const versions = new Set(results.map((r) => r.version));
    expect(versions).toEqual(new Set([base.version, secondVersion]));
    for (const r of results.slice(firedBeforeAfterCalls)) expect(r.version).toBe(secondVersion);
    // Same weights in both versions: every answer is the reference vector, whichever session computed it.
    for (const r of results) expect(dot(r.vector, reference)).toBeCloseTo(1, 5);
    expect(embedding.embedding.model().ref.version).toBe(secondVersion);

    const metrics = await (await fetch(`${embedding.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/visor_embed_batch_size_count\{[^}]*\} [1-9]/);
    expect(metrics).toMatch(/visor_stage_seconds_count\{[^}]*stage="batch_wait"\} [1-9]/);
    expect(metrics).toMatch(/visor_model_switches_total\{[^}]*\} 1/);
  });
});
