// Writes the registry as JSON laid out the way Biome formats it (objects expanded, short arrays of scalars on one
// line, 120 columns), so a program updating thresholds leaves a file that `pnpm lint` accepts unchanged.
const LINE_WIDTH = 120;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function scalar(v: Json): v is null | boolean | number | string {
  return v === null || typeof v !== 'object';
}

/** Arrays holding only scalars or such arrays: Biome prints them on one line when they fit. */
function flat(v: Json[]): boolean {
  return v.every((x) => scalar(x) || (Array.isArray(x) && flat(x)));
}

function inlineArray(v: Json[]): string {
  return `[${v.map((x) => (Array.isArray(x) ? inlineArray(x) : JSON.stringify(x))).join(', ')}]`;
}

function write(value: Json, indent: string, prefixLength: number): string {
  if (scalar(value)) return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (flat(value)) {
      const inline = inlineArray(value);
      // +1 for a trailing comma after the value.
      if (prefixLength + inline.length + 1 <= LINE_WIDTH) return inline;
    }
    if (value.every((v) => typeof v === 'number')) {
      // Biome (like Prettier) fills lines with as many numbers as fit.
      const lines: string[] = [];
      let line = '';
      for (const v of value) {
        const item = JSON.stringify(v);
        const candidate = line ? `${line}, ${item}` : item;
        if (line && inner.length + candidate.length + 1 > LINE_WIDTH) {
          lines.push(line);
          line = item;
        } else line = candidate;
      }
      lines.push(line);
      return `[\n${lines.map((l) => `${inner}${l}`).join(',\n')}\n${indent}]`;
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
