// A real grpc-js server on an ephemeral 127.0.0.1 port and the package's promise client: proves the generated types,
// the runtime loader's conversion options and the client wrapper agree on the wire.
import { Server, ServerCredentials, type ServerUnaryCall, type ServiceError, status } from '@grpc/grpc-js';
import {
  addDetectionService,
  createDetectionClient,
  type DetectionClient,
  type DetectRequest__Output,
  type DetectResponse,
  waitForReady,
} from '../src/index.ts';

let server: Server;
let client: DetectionClient;
const seen: DetectRequest__Output[] = [];

beforeAll(async () => {
  server = new Server();
  addDetectionService(server, {
    Detect(call: ServerUnaryCall<DetectRequest__Output, DetectResponse>, callback) {
      seen.push(call.request);
      const { image, options } = call.request;
      if (image?.source === 'gcsObjectKey') {
        callback({ code: status.NOT_FOUND, details: `no object ${image.gcsObjectKey}` });
        return;
      }
      if (options?.maxFaces === 99) return; // never answers: exercises the client deadline
      if (options?.maxFaces === 7) {
        // Above grpc-js' default 4 MiB receive limit: exercises the client's MAX_MESSAGE_BYTES.
        const data = Buffer.alloc(5 * 1024 * 1024, 7);
        callback(null, { faces: [{ crop: { data, width: 1024, height: 1024, channels: 5 } }] });
        return;
      }
      callback(null, {
        imageWidth: image?.inline?.length ?? 0,
        imageHeight: 2,
        faces: [
          {
            box: { x: 1.5, y: 2, width: 30, height: 40 },
            score: 0.75,
            quality: { overall: 0.5, reasons: ['QUALITY_REASON_BLURRY'] },
            transform: { m00: 1, m11: 1, outputWidth: 112, outputHeight: 112 },
          },
        ],
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  client = createDetectionClient(`127.0.0.1:${port}`);
  await waitForReady(client);
});

afterAll(async () => {
  client?.close();
  await new Promise<void>((resolve) => (server ? server.tryShutdown(() => resolve()) : resolve()));
});

test('Detect round-trips a request and a response with the loader conversions', async () => {
  const response = await client.detect({
    image: { inline: Buffer.from([1, 2, 3]) },
    options: { mode: 'DETECTION_MODE_SELFIE', minFacePx: 40 },
  });

  expect(seen.at(-1)).toEqual({
    image: { inline: Buffer.from([1, 2, 3]), source: 'inline' },
    options: {
      mode: 'DETECTION_MODE_SELFIE',
      minFacePx: 40,
      maxFaces: 0,
      alignment: 'ALIGNMENT_OUTPUT_UNSPECIFIED',
      cropLayout: 'PIXEL_LAYOUT_UNSPECIFIED',
    },
  });
  expect(response.imageWidth).toBe(3);
  expect(response.faces).toHaveLength(1);
  const [face] = response.faces;
  expect(face.box).toEqual({ x: 1.5, y: 2, width: 30, height: 40 });
  expect(face.score).toBeCloseTo(0.75);
  expect(face.quality?.reasons).toEqual(['QUALITY_REASON_BLURRY']);
  expect(face.alignment).toBe('transform');
  expect(face.transform?.outputWidth).toBe(112);
  expect(face.landmarks).toBeNull();
});

test('a response above the grpc-js default 4 MiB receive limit arrives', async () => {
  const response = await client.detect({ image: { inline: Buffer.from([0]) }, options: { maxFaces: 7 } });
  expect(response.faces[0].crop?.data.length).toBe(5 * 1024 * 1024);
  expect(response.faces[0].alignment).toBe('crop');
});

test('a handler error reaches the client as a ServiceError with its status code', async () => {
  const failure = client.detect({ image: { gcsObjectKey: 'missing.jpg' } });
  await expect(failure).rejects.toMatchObject({ code: status.NOT_FOUND, details: 'no object missing.jpg' });
});

test('a call past its deadline fails with DEADLINE_EXCEEDED', async () => {
  const error = (await client
    .detect({ image: { inline: Buffer.from([0]) }, options: { maxFaces: 99 } }, { timeoutMs: 50 })
    .catch((e: unknown) => e)) as ServiceError;
  expect(error.code).toBe(status.DEADLINE_EXCEEDED);
});

test('an aborted signal cancels the call', async () => {
  const controller = new AbortController();
  controller.abort();
  const error = (await client
    .detect({ image: { inline: Buffer.from([0]) }, options: { maxFaces: 99 } }, { signal: controller.signal })
    .catch((e: unknown) => e)) as ServiceError;
  expect(error.code).toBe(status.CANCELLED);
});
