// Lists the TF op types and the attributes they carry in a tfjs graph model, so the converter implements exactly
// what the models use. Usage: node inventory.ts <model.json>...
import { readFileSync } from 'node:fs';

type Attr = Record<string, unknown>;
interface Node {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, Attr>;
}

function summariseAttr(a: Attr): string {
  const [k, v] = Object.entries(a)[0] ?? ['?', '?'];
  if (k === 'tensor') return 'tensor';
  if (k === 's') return `"${Buffer.from(String(v), 'base64').toString()}"`;
  if (k === 'list' && Array.isArray((v as { s?: string[] }).s)) {
    return `[${((v as { s: string[] }).s ?? []).map((x) => Buffer.from(x, 'base64').toString()).join(',')}]`;
  }
  if (k === 'list') return `list${JSON.stringify(v)}`;
  return `${k}=${JSON.stringify(v)}`;
}

for (const file of process.argv.slice(2)) {
  const model = JSON.parse(readFileSync(file, 'utf8')) as { modelTopology: { node: Node[] } };
  const byOp = new Map<string, Map<string, number>>();
  for (const node of model.modelTopology.node) {
    if (node.op === 'Const') continue;
    const sig = Object.entries(node.attr ?? {})
      .filter(([k]) => k !== 'T' && k !== '_output_shapes')
      .map(([k, v]) => `${k}:${summariseAttr(v)}`)
      .sort()
      .join(' ');
    const m = byOp.get(node.op) ?? new Map<string, number>();
    const key = `${sig} (inputs ${node.input?.length ?? 0})`;
    m.set(key, (m.get(key) ?? 0) + 1);
    byOp.set(node.op, m);
  }
  console.log(`# ${file.split('/').pop()}`);
  for (const [op, sigs] of byOp) {
    for (const [sig, n] of sigs) console.log(`  ${op} x${n}  ${sig}`);
  }
}
