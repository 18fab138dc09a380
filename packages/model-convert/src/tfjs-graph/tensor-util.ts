// Small helpers over TF attribute JSON and plain typed arrays used while translating a graph.
import type { TfAttr, TfNode } from './model-json.ts';

export type TypedData = Float32Array | Int32Array;

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Transposes dense row-major data: output axis i is input axis perm[i]. */
export function permute<T extends TypedData>(
  data: T,
  shape: readonly number[],
  perm: readonly number[],
): { data: T; shape: number[] } {
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p] as number);
  const inStrides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) inStrides[i] = (inStrides[i + 1] as number) * (shape[i + 1] as number);
  const strideForOut = perm.map((p) => inStrides[p] as number);
  const out = new (data.constructor as new (n: number) => T)(data.length);
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let o = 0; o < data.length; o++) {
    out[o] = data[src] as number;
    // Odometer increment over the output index, tracking the source offset incrementally.
    for (let ax = rank - 1; ax >= 0; ax--) {
      idx[ax] = (idx[ax] as number) + 1;
      src += strideForOut[ax] as number;
      if ((idx[ax] as number) < (outShape[ax] as number)) break;
      src -= (strideForOut[ax] as number) * (outShape[ax] as number);
      idx[ax] = 0;
    }
  }
  return { data: out, shape: outShape };
}

/** NumPy-style broadcast of two logical shapes; -1 (dynamic batch) wins over 1. */
export function broadcastShapes(a: readonly number[], b: readonly number[], where: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x === y || y === 1) out.push(x);
    else if (x === 1) out.push(y);
    else if (x === -1 || y === -1) out.push(-1);
    else throw new Error(`${where}: shapes [${a.join(',')}] and [${b.join(',')}] do not broadcast`);
  }
  return out;
}

const decoder = new TextDecoder();

/** TF string attributes are base64 in the tfjs JSON. */
export function attrString(node: TfNode, name: string): string | undefined {
  const s = node.attr?.[name]?.s;
  return s === undefined ? undefined : decoder.decode(Buffer.from(s, 'base64'));
}

export function attrStrings(node: TfNode, name: string): string[] {
  return (node.attr?.[name]?.list?.s ?? []).map((s) => decoder.decode(Buffer.from(s, 'base64')));
}

export function attrInt(node: TfNode, name: string, fallback: number): number {
  const a: TfAttr | undefined = node.attr?.[name];
  return a?.i === undefined ? fallback : Number(a.i);
}

export function attrInts(node: TfNode, name: string): number[] | undefined {
  const list = node.attr?.[name]?.list;
  return list ? (list.i ?? []).map(Number) : undefined;
}

export function attrBool(node: TfNode, name: string, fallback: boolean): boolean {
  return node.attr?.[name]?.b ?? fallback;
}

export function attrFloat(node: TfNode, name: string, fallback: number): number {
  return node.attr?.[name]?.f ?? fallback;
}

export function attrShape(node: TfNode, name: string): number[] | undefined {
  const shape = node.attr?.[name]?.shape;
  if (!shape || shape.unknownRank) return undefined;
  return (shape.dim ?? []).map((d) => Number(d.size));
}

/** Explicit [before, after] padding for TF 'SAME': the odd pixel goes at the end, as in TF and tfjs. */
export function samePadding(inSize: number, kernel: number, stride: number, dilation: number): [number, number] {
  const effective = (kernel - 1) * dilation + 1;
  const outSize = Math.ceil(inSize / stride);
  const total = Math.max((outSize - 1) * stride + effective - inSize, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

export function windowOutput(
  inSize: number,
  kernel: number,
  stride: number,
  dilation: number,
  pads: readonly [number, number],
): number {
  if (inSize < 0) return -1;
  const effective = (kernel - 1) * dilation + 1;
  return Math.floor((inSize + pads[0] + pads[1] - effective) / stride) + 1;
}
