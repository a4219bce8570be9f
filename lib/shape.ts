// Shape arithmetic shared by ops: sizes, strides, broadcasting, dim wrapping.
export type Shape = number[];

export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function contiguousStrides(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = s;
    s *= Math.max(shape[i], 1);
  }
  return st;
}

export const fmtShape = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** Wraps a possibly negative dim into [0, ndim); PyTorch's message on failure. */
export function wrapDim(dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim)) throw new TypeError(`dim must be an integer, got ${dim}`);
  if (dim < -n || dim >= n) {
    throw new RangeError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + n : dim;
}

/** Validates a size list: integers >= 0 (PyTorch's message for negatives). */
export function checkSize(shape: readonly unknown[]): number[] {
  for (const s of shape) {
    if (typeof s !== 'number' || !Number.isInteger(s)) {
      throw new TypeError(`size must be a list of integers, got ${fmtAny(shape)}`);
    }
  }
  for (const s of shape as number[]) {
    if (s < 0) throw new RangeError(`Trying to create tensor with negative dimension ${s}: ${fmtShape(shape as number[])}`);
  }
  return (shape as number[]).map((s) => s + 0); // -0 -> 0
}

function fmtAny(v: readonly unknown[]): string {
  return `[${v.map((x) => String(x)).join(', ')}]`;
}

/** Broadcast two shapes (NumPy rules) with PyTorch's error text. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  // Checked from the trailing dim, so the message names the same dim as PyTorch's.
  for (let i = n - 1; i >= 0; i--) {
    const da = i - (n - a.length) >= 0 ? a[i - (n - a.length)] : 1;
    const db = i - (n - b.length) >= 0 ? b[i - (n - b.length)] : 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides that view a tensor of (shape, strides) as `target` (broadcast dims get stride 0). */
export function broadcastStrides(shape: readonly number[], strides: readonly number[], target: readonly number[]): number[] {
  const off = target.length - shape.length;
  const out = new Array<number>(target.length);
  for (let i = 0; i < off; i++) out[i] = 0;
  for (let i = 0; i < shape.length; i++) out[i + off] = shape[i] === 1 && target[i + off] !== 1 ? 0 : strides[i];
  return out;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Resolves a single -1 in a requested shape against numel; PyTorch's messages. */
export function inferShape(shape: readonly number[], numel: number): number[] {
  let infer = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const s = shape[i];
    if (typeof s !== 'number' || !Number.isInteger(s)) throw new TypeError(`shape must be integers, got ${fmtShape(shape)}`);
    if (s === -1) {
      if (infer >= 0) throw new RangeError('only one dimension can be inferred');
      infer = i;
    } else if (s < 0) {
      throw new RangeError(`invalid shape dimension ${s}`);
    } else known *= s;
  }
  const out = shape.map((s) => s + 0);
  if (infer >= 0) {
    if (known === 0 && numel === 0) {
      throw new RangeError(`cannot reshape tensor of 0 elements into shape ${fmtShape(shape)} because the unspecified dimension size -1 can be any value and is ambiguous`);
    }
    if (known === 0 || numel % known !== 0) {
      throw new RangeError(`shape '${fmtShape(shape)}' is invalid for input of size ${numel}`);
    }
    out[infer] = numel / known;
  } else if (known !== numel) {
    throw new RangeError(`shape '${fmtShape(shape)}' is invalid for input of size ${numel}`);
  }
  return out;
}
