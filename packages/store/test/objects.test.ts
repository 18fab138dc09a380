import { randomBytes } from 'node:crypto';
import { requireEnv } from '@visor/testkit';
import { createObjectStore, type ObjectStore, ObjectTooLargeError } from '../src/objects.ts';

describe('object store (real fake-gcs-server through @google-cloud/storage)', () => {
  requireEnv('STORAGE_EMULATOR_HOST');
  // A bucket of our own, so the test neither depends on nor disturbs the stack's image bucket.
  const bucket = `visor-store-test-${randomBytes(4).toString('hex')}`;
  let store: ObjectStore;

  beforeAll(async () => {
    store = createObjectStore({ bucket, projectId: 'visor-test' });
    await store.ensureBucket();
    await store.ensureBucket(); // idempotent
  });

  afterAll(async () => {
    await store?.deletePrefix('tenant-');
  });

  test('writes, reads, lists and deletes objects', async () => {
    const bytes = randomBytes(64 * 1024);
    await store.put('tenant-a/people/1/face.jpg', bytes, 'image/jpeg');
    await store.put('tenant-a/people/2/face.png', new Uint8Array([1, 2, 3]), 'image/png');
    await store.put('tenant-b/people/1/face.jpg', new Uint8Array([9]), 'image/jpeg');

    const got = await store.get('tenant-a/people/1/face.jpg');
    expect(got?.contentType).toBe('image/jpeg');
    expect(Buffer.compare(got?.bytes ?? Buffer.alloc(0), bytes)).toBe(0);

    expect((await store.list('tenant-a/')).sort()).toEqual([
      'tenant-a/people/1/face.jpg',
      'tenant-a/people/2/face.png',
    ]);

    await store.delete('tenant-a/people/1/face.jpg');
    await store.delete('tenant-a/people/1/face.jpg'); // idempotent
    expect(await store.get('tenant-a/people/1/face.jpg')).toBeUndefined();
    expect(await store.list('tenant-a/')).toEqual(['tenant-a/people/2/face.png']);

    expect(await store.deletePrefix('tenant-a/')).toBe(1);
    expect(await store.list('tenant-a/')).toEqual([]);
    expect(await store.list('tenant-b/')).toEqual(['tenant-b/people/1/face.jpg']);
    expect(await store.ping()).toBe(true);
  });

  test('a missing object reads as undefined', async () => {
    expect(await store.get('tenant-z/nothing-here')).toBeUndefined();
  });

  test('get with maxBytes refuses a larger object by its size, and reads one within the limit', async () => {
    const bytes = randomBytes(1024 * 1024);
    await store.put('tenant-m/big.jpg', bytes, 'image/jpeg');

    // The exact size can only come from the metadata: a download cut at the limit would report far fewer bytes.
    const refused = await store.get('tenant-m/big.jpg', { maxBytes: 1024 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ObjectTooLargeError);
    expect(refused).toMatchObject({ code: 'object_too_large', size: bytes.length, maxBytes: 1024 });
    await expect(store.get('tenant-m/big.jpg', { maxBytes: bytes.length - 1 })).rejects.toThrow(ObjectTooLargeError);

    const got = await store.get('tenant-m/big.jpg', { maxBytes: bytes.length });
    expect(got?.contentType).toBe('image/jpeg');
    expect(Buffer.compare(got?.bytes ?? Buffer.alloc(0), bytes)).toBe(0);

    expect(await store.get('tenant-m/missing.jpg', { maxBytes: 1024 })).toBeUndefined();
    await store.deletePrefix('tenant-m/');
  });
});
