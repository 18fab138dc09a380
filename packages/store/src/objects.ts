// Object storage over Google Cloud Storage (or fake-gcs-server when STORAGE_EMULATOR_HOST is set).
import { type Bucket, type File, Storage, type StorageOptions } from '@google-cloud/storage';

export type ObjectStoreOptions = {
  bucket: string;
  projectId?: string;
  /** Defaults to process.env.STORAGE_EMULATOR_HOST; `http://host:port` of fake-gcs-server. */
  emulatorHost?: string;
  storageOptions?: StorageOptions;
};

export type StoredObject = { bytes: Buffer; contentType: string | undefined };

export type GetOptions = {
  /** Largest object accepted: a larger one fails with ObjectTooLargeError before its body is requested. */
  maxBytes?: number;
};

/** An object over GetOptions.maxBytes; callers map it to their own error (e.g. `image_too_large`). */
export class ObjectTooLargeError extends Error {
  readonly code = 'object_too_large';
  readonly key: string;
  /** The object's size, or at least this many bytes when it grew while being read. */
  readonly size: number;
  readonly maxBytes: number;

  constructor(key: string, size: number, maxBytes: number) {
    super(`object ${key} is ${size} bytes, the limit is ${maxBytes}`);
    this.name = 'ObjectTooLargeError';
    this.key = key;
    this.size = size;
    this.maxBytes = maxBytes;
  }
}

export type ObjectStore = {
  readonly bucketName: string;
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The object, or undefined when it does not exist; ObjectTooLargeError beyond `maxBytes`. */
  get(key: string, options?: GetOptions): Promise<StoredObject | undefined>;
  /** Idempotent: deleting a missing key succeeds. */
  delete(key: string): Promise<void>;
  list(prefix: string): Promise<string[]>;
  /** Deletes every object under `prefix`; returns how many were deleted. */
  deletePrefix(prefix: string): Promise<number>;
  /** Creates the bucket when missing (used by the local stack and tests; production buckets come from infra). */
  ensureBucket(): Promise<void>;
  /** Readiness probe body. */
  ping(): Promise<boolean>;
};

const DELETE_CONCURRENCY = 16;

function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 404;
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] : value;
}

function isConflict(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 409;
}

/**
 * The library reads STORAGE_EMULATOR_HOST but uses it verbatim as the JSON API base URL (no `/storage/v1`),
 * while fake-gcs-server serves the JSON API under `/storage/v1` and uploads under `/upload/storage/v1`. So for an
 * emulator we set `apiEndpoint` (used for uploads) to the host and the JSON base URL to host + `/storage/v1`.
 */
export function createStorage(options: Omit<ObjectStoreOptions, 'bucket'> = {}): Storage {
  const emulator = (options.emulatorHost ?? process.env.STORAGE_EMULATOR_HOST)?.replace(/\/+$/, '');
  if (!emulator) return new Storage({ projectId: options.projectId, ...options.storageOptions });
  const endpoint = emulator.includes('://') ? emulator : `http://${emulator}`;
  const storage = new Storage({
    projectId: options.projectId ?? 'visor-local',
    apiEndpoint: endpoint,
    ...options.storageOptions,
  });
  storage.baseUrl = `${endpoint}/storage/v1`;
  return storage;
}

/** Reads an object's body and Content-Type in one request; stops reading beyond maxBytes. */
function download(file: File, maxBytes = Infinity): Promise<StoredObject | undefined> {
  return new Promise<StoredObject | undefined>((resolve, reject) => {
    let contentType: string | undefined;
    const chunks: Buffer[] = [];
    let received = 0;
    const stream = file.createReadStream();
    stream
      .on('response', (res: { headers?: unknown }) => {
        contentType = headerValue(res.headers, 'content-type');
      })
      .on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) {
          stream.destroy();
          reject(new ObjectTooLargeError(file.name, received, maxBytes));
          return;
        }
        chunks.push(chunk);
      })
      .on('end', () => resolve({ bytes: Buffer.concat(chunks), contentType }))
      .on('error', (err: unknown) => (isNotFound(err) ? resolve(undefined) : reject(err)));
  });
}

export function createObjectStore(options: ObjectStoreOptions): ObjectStore {
  const storage = createStorage(options);
  const bucket: Bucket = storage.bucket(options.bucket);

  return {
    bucketName: options.bucket,

    async put(key, bytes, contentType) {
      // Images are small: a single multipart request beats a resumable session (two round trips).
      await bucket.file(key).save(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
        resumable: false,
        contentType,
        metadata: { contentType },
      });
    },

    async get(key, { maxBytes } = {}) {
      // Without a limit, one request: the body and its Content-Type header together.
      if (maxBytes === undefined) return download(bucket.file(key));
      // With one, the size from the metadata first, so a huge object is refused without pulling it into memory.
      let metadata: { size?: string | number; generation?: string | number };
      try {
        [metadata] = await bucket.file(key).getMetadata();
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
      const size = Number(metadata.size);
      if (size > maxBytes) throw new ObjectTooLargeError(key, size, maxBytes);
      // The generation just measured, so an object replaced in between is not read instead; the download stops
      // at maxBytes all the same.
      return download(bucket.file(key, { generation: metadata.generation }), maxBytes);
    },

    async delete(key) {
      await bucket.file(key).delete({ ignoreNotFound: true });
    },

    async list(prefix) {
      const [files] = await bucket.getFiles({ prefix, autoPaginate: true });
      return files.map((f) => f.name);
    },

    async deletePrefix(prefix) {
      if (prefix === '') throw new Error('deletePrefix needs a non-empty prefix');
      const [files] = await bucket.getFiles({ prefix, autoPaginate: true });
      // A tenant can hold many thousands of images: a bounded number of deletes in flight.
      for (let i = 0; i < files.length; i += DELETE_CONCURRENCY) {
        await Promise.all(files.slice(i, i + DELETE_CONCURRENCY).map((f) => f.delete({ ignoreNotFound: true })));
      }
      return files.length;
    },

    async ensureBucket() {
      const [exists] = await bucket.exists();
      if (exists) return;
      try {
        await bucket.create();
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    },

    async ping() {
      const [exists] = await bucket.exists();
      return exists;
    },
  };
}
