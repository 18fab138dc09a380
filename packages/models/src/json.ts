// Writes the registry as JSON laid out the way Biome formats it (objects expanded, short arrays of scalars on one
// line, 120 columns), so a program updating thresholds leaves a file that `pnpm lint` accepts unchanged.
const LINE_WIDTH = 120;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function scalar(v: Json): v is null | boolean | number | string {
  return v === null || typeof v !== 'object';
}

function write(value: Json, indent: string, prefixLength: number): string {
  if (scalar(value)) return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(scalar)) {
      const inline = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
      // +1 for a trailing comma after the value.
      if (prefixLength + inline.length + 1 <= LINE_WIDTH) return inline;
    }
    return `[\n${value.map((v) => `${inner}${write(v, inner, inner.length)}`).join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  if (keys.length === 0) return '{}';
  const lines = keys.map((k) => {
    const head = `${inner}${JSON.stringify(k)}: `;
    return `${head}${write(value[k] as Json, inner, head.length)}`;
  });
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

export function formatJson(value: unknown): string {
  return `${write(JSON.parse(JSON.stringify(value)) as Json, '', 0)}\n`;
}
