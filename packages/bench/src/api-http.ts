// The bench's side of the REST API: multipart bodies built once as bytes (the same bytes for the concurrency-1
// client and for autocannon), and the few calls the setup needs.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
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

export type ApiClient = {
  /** One call; `ms` from sending the request to the last byte of the answer. */
  call: (method: string, route: string, body?: { json: unknown } | PreparedRequest) => Promise<ApiResponse>;
  close: () => void;
};

/**
 * A client of the gateway on one kept-alive connection, over node:http rather than fetch: it shares the 2 cores
 * with the services it measures, so it should cost as little CPU as it can.
 */
export function createApiClient(baseUrl: string, key: string): ApiClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    call: (method, route, body) => request(agent, baseUrl, key, method, route, body),
    close: () => agent.destroy(),
  };
}

function request(
  agent: http.Agent,
  baseUrl: string,
  key: string,
  method: string,
  route: string,
  body?: { json: unknown } | PreparedRequest,
): Promise<ApiResponse> {
  const headers: Record<string, string | number> = { authorization: `Bearer ${key}` };
  let payload: Buffer | undefined;
  if (body && 'json' in body) {
    headers['content-type'] = 'application/json';
    payload = Buffer.from(JSON.stringify(body.json));
  } else if (body) {
    headers['content-type'] = body.contentType;
    payload = body.body;
  }
  if (payload) headers['content-length'] = payload.length;
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const req = http.request(new URL(route, baseUrl), { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const ms = performance.now() - t;
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: kept as text for the error message
        }
        resolve({ status: res.statusCode ?? 0, body: parsed, ms });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** The machine-readable code of an error answer, or its status. */
export function errorCode(res: ApiResponse): string {
  const code = (res.body as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'string' ? code : `http_${res.status}`;
}
