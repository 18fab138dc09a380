import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readLabels } from '../src/index.ts';

describe('readLabels', () => {
  test('reads file, identity and face count, skipping the header, with or without CRLF', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'visor-labels-'));
    try {
      writeFileSync(
        path.join(dir, 'labels.csv'),
        'file,identity,faces\r\nimages/a1.jpg,amy,1\r\nimages/group.jpg,,2\r\nimages/x.png,bob,\r\n',
      );
      expect(readLabels(dir)).toEqual([
        { file: 'images/a1.jpg', identity: 'amy', faces: 1 },
        { file: 'images/group.jpg', identity: '', faces: 2 },
        { file: 'images/x.png', identity: 'bob', faces: undefined },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
