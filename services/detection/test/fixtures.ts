// Hand-made inputs for the bad-image cases.
import { crc32 } from 'node:zlib';

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A ~60-byte PNG whose valid header declares `width`×`height` RGB pixels (a decompression bomb's shape). */
export function pngDeclaring(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const emptyDeflate = Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', emptyDeflate),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Rows of a dataset's labels.csv. */
export interface Label {
  file: string;
  identity: string;
  faces: number | undefined;
}

export function parseLabels(csv: string): Label[] {
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [file = '', identity = '', faces = ''] = line.split(',');
      return { file, identity, faces: faces === '' ? undefined : Number(faces) };
    });
}
