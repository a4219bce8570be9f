// In-place variants (trailing _): computed out of place, written back into the tensor's storage,
// with the tensor taking over the result's place in the graph, as PyTorch does.
import { parseArgs } from '../args';
import { isGradEnabled, noGrad } from '../autograd/grad_mode';
import { castScalar, dtypeRank, isFloat } from '../dtype';
import { defaultGenerator, Generator, normalFill, uniformFill } from '../random';
import { Tensor } from '../tensor';
import { contiguousData, copyInto, empty } from './kernels';
import { castDiff, scalarTensor } from './pointwise';
import { BinaryOp, native } from '../native';
import { broadcastStrides } from '../shape';
import { clone, expand } from './shape';

function checkLeaf(t: Tensor): void {
  if (!isGradEnabled()) return;
  if (t.requiresGrad && t.isLeaf) {
    throw new Error('a leaf Variable that requires grad is being used in an in-place operation.');
  }
  const base = t._base;
  if (base && base.requiresGrad && base.isLeaf && t.requiresGrad) {
    throw new Error('a view of a leaf Variable that requires grad is being used in an in-place operation.');
  }
}

export function inplace<T extends Tensor>(t: T, fn: (x: Tensor) => Tensor, name: string): T {
  checkLeaf(t);
  const grad = isGradEnabled();
  // A differentiable copy keeps the old value available to the op's backward.
  const src = grad && t.requiresGrad ? clone(t) : t;
  const result = fn(src);
  if (dtypeRank(result.dtype) > dtypeRank(t.dtype) && !(isFloat(result.dtype) && isFloat(t.dtype))) {
    throw new TypeError(`result type ${result.dtype} can't be cast to the desired output type ${t.dtype} (in ${name})`);
  }
  if (result.shape.length !== t.shape.length || result.shape.some((s, i) => s !== t.shape[i])) {
    throw new RangeError(`output with shape [${t.shape.join(', ')}] doesn't match the broadcast shape [${result.shape.join(', ')}]`);
  }
  const tracked = grad && result.requiresGrad;
  if (tracked && t._base !== null && t._base.requiresGrad) {
    throw new Error(`${name}: in-place operations on views of tensors that require grad are not supported; use the out-of-place op`);
  }
  copyInto(t, result);
  t._bumpVersion();
  if (tracked && result.gradFn) {
    const r = result.dtype === t.dtype ? result : castDiff(result, t.dtype);
    t._setGradFn(r.gradFn!, r._outputNr);
  }
  return t;
}

export function fill_<T extends Tensor>(t: T, value: Tensor | number | boolean): T {
  checkLeaf(t);
  const v = value instanceof Tensor ? value.item() : +value;
  if (value instanceof Tensor && value.dim() !== 0) {
    throw new RangeError(`fill_ only supports 0-dimension value tensor but got tensor with ${value.dim()} dimensions.`);
  }
  const c = castScalar(t.dtype, v);
  if (t.isContiguous()) t._storage.data.fill(c, t._offset, t._offset + t.numel());
  else {
    const s = empty([], t.dtype);
    s._storage.data[0] = c;
    copyInto(t, s);
  }
  t._bumpVersion();
  if (isGradEnabled() && t.requiresGrad && !t.isLeaf) t.gradFn = null;
  return t;
}

/** What copy_ writes: src broadcast to dst's shape and cast to its dtype (differentiable in src). */
export function copyFrom(dst: Tensor, src: Tensor): Tensor {
  if (!(src instanceof Tensor)) throw new TypeError("copy_(): argument 'src' must be Tensor");
  return expand(castDiff(src, dst.dtype), dst.shape);
}

/** Fills in place from a random source (no graph). */
function randomFill<T extends Tensor>(t: T, fill: (buf: Float32Array | Float64Array) => void): T {
  checkLeaf(t);
  if (!isFloat(t.dtype)) throw new TypeError(`random fill expects a floating point tensor, got ${t.dtype}`);
  const buf = (t.dtype === 'float32' ? new Float32Array(t.numel()) : new Float64Array(t.numel()));
  fill(buf);
  const src = empty(t.shape, t.dtype);
  (src._storage.data as Float32Array).set(buf);
  copyInto(t, src);
  t._bumpVersion();
  return t;
}

function genOf(opts?: { generator?: unknown }): Generator {
  const g = opts?.generator;
  return g instanceof Generator ? g : defaultGenerator;
}

export function uniform_<T extends Tensor>(t: T, from = 0, to = 1, opts?: { generator?: unknown }): T {
  if (from > to) throw new RangeError(`uniform_ expects to return a [from, to) range, but found from=${from} > to=${to}`);
  return randomFill(t, (b) => uniformFill(b, from, to, genOf(opts)));
}

export function normal_<T extends Tensor>(t: T, mean = 0, std = 1, opts?: { generator?: unknown }): T {
  if (std < 0) throw new RangeError(`normal expects std >= 0.0, but found std ${std}`);
  return randomFill(t, (b) => normalFill(b, mean, std, genOf(opts)));
}

export function noGradInplace(fn: () => void): void {
  noGrad(fn);
}

export function tolist(t: Tensor): unknown {
  const data = contiguousData(t);
  const isBool = t.dtype === 'bool';
  const conv = (v: number) => (isBool ? v !== 0 : v);
  if (t.dim() === 0) return conv(data[0]);
  let pos = 0;
  const build = (d: number): unknown[] => {
    const n = t.shape[d];
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = d === t.dim() - 1 ? conv(data[pos++]) : build(d + 1);
    return out;
  };
  return build(0);
}

/**
 * add_/sub_/mul_/div_ written straight into the tensor's storage when no graph is being recorded
 * (optimizer updates): one pass and no temporary, instead of compute-then-copy.
 */
export function binaryInplace<T extends Tensor>(t: T, op: 'add' | 'sub' | 'mul' | 'div', other: Tensor | number | boolean, opts: unknown, name: string): T | null {
  const alpha = opts === undefined ? 1 : ((parseArgs(name, [opts], ['alpha']).alpha as number | undefined) ?? 1);
  if (typeof alpha !== 'number') return null;
  if (!isFloat(t.dtype) || !t.isContiguous()) return null;
  if (isGradEnabled() && (t.requiresGrad || (other instanceof Tensor && other.requiresGrad))) return null;
  let b: Tensor;
  if (other instanceof Tensor) {
    if (other.dtype !== t.dtype || other.dim() > t.dim()) return null;
    const lead = t.dim() - other.dim();
    if (other.shape.some((s, i) => s !== 1 && s !== t.shape[i + lead])) return null;
    b = other;
  } else if (typeof other === 'number' || typeof other === 'boolean') {
    b = scalarTensor(+other, t.dtype);
  } else {
    return null;
  }
  let code: BinaryOp;
  let a = alpha;
  if (op === 'add') code = alpha === 1 ? BinaryOp.add : BinaryOp.addScaled;
  else if (op === 'sub') {
    code = alpha === 1 ? BinaryOp.sub : BinaryOp.addScaled;
    a = -alpha;
  } else code = op === 'mul' ? BinaryOp.mul : BinaryOp.div;
  const n = t.numel();
  if (n > 0) {
    const data = t._storage.data as Float32Array;
    native.binary(code, data, t._offset, t._strides, b._storage.data as Float32Array, b._offset,
      broadcastStrides(b.shape, b._strides, t.shape), data.subarray(t._offset, t._offset + n), t.shape, a);
  }
  t._bumpVersion();
  return t;
}
