// The bench's side of the REST API: multipart bodies built once as bytes (the same bytes for the concurrency-1
// client and for autocannon), and the few calls the setup needs.
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export type PreparedRequest = { body: Buffer; contentType: string };

const IMAGE_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
};

/** multipart/form-data with text fields first, then one `image` part per file. */
export function multipart(
  fields: Record<string, string>,
  images: ReadonlyArray<{ file: string; bytes: Buffer }>,
): PreparedRequest {
  const boundary = `visor-bench-${randomBytes(12).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const image of images) {
    const filename = path.basename(image.file).replace(/"/g, '');
    const type = IMAGE_TYPES[path.extname(filename).toLowerCase()] ?? 'application/octet-stream';
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="${filename}"\r\n` +
          `Content-Type: ${type}\r\n\r\n`,
      ),
      image.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export type ApiResponse = { status: number; body: unknown; ms: number };

/** One call to the gateway; `ms` from sending the request to the last byte of the answer. */
export async function call(
  baseUrl: string,
  key: string,
  method: string,
  route: string,
  body?: { json: unknown } | PreparedRequest,
): Promise<ApiResponse> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  let payload: string | Buffer | undefined;
  if (body && 'json' in body) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body) {
    headers['content-type'] = body.contentType;
    payload = body.body;
  }
  const t = performance.now();
  const res = await fetch(`${baseUrl}${route}`, { method, headers, body: payload });
  const text = await res.text();
  const ms = performance.now() - t;
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: kept as text for the error message
  }
  return { status: res.status, body: parsed, ms };
}

/** The machine-readable code of an error answer, or its status. */
export function errorCode(res: ApiResponse): string {
  const code = (res.body as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'string' ? code : `http_${res.status}`;
}
