// Reductions over all or given dims, with keepdim; each with its backward.
import { parseArgs } from '../args';
import { record1 } from '../autograd/record';
import { checkDtype, DType, isFloat } from '../dtype';
import { ReduceOp } from '../native';
import { contiguousStrides, numelOf, wrapDim } from '../shape';
import { Tensor } from '../tensor';
import { cast, contiguousData, empty, offsetsOf, reduceDimF, reduceDimJS, reduceDimWithIndexF, reduceGeometry } from './kernels';
import { castDiff, div, eq, mul, sqrt, sub, exp, square } from './pointwise';
import { expand, reshape, unsqueeze } from './shape';

/** Normalises a dim argument (number, list, or none = all) into sorted unique dims. */
export function reduceDims(x: Tensor, dim: unknown): number[] {
  if (dim === undefined || dim === null) return x.shape.map((_, i) => i);
  const list = Array.isArray(dim) ? dim : [dim];
  if (list.length === 0) return x.shape.map((_, i) => i);
  const w = list.map((d) => {
    if (typeof d !== 'number') throw new TypeError(`dim must be an integer or a list of integers, got ${typeof d}`);
    return wrapDim(d, x.dim());
  });
  const set = new Set(w);
  if (set.size !== w.length) throw new RangeError(`dim ${w.find((d, i) => w.indexOf(d) !== i)} appears multiple times in the list of dims`);
  return [...set].filter((d) => d < x.dim()).sort((a, b) => a - b);
}

/** Shape after reducing dims (kept as 1 with keepdim). */
function outShape(shape: number[], dims: number[], keepdim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((s, i) => {
    if (!dims.includes(i)) out.push(s);
    else if (keepdim) out.push(1);
  });
  return out;
}

/** Grad of a reduced tensor broadcast back to the input's shape. */
function restore(g: Tensor, inShape: number[], dims: number[], keepdim: boolean): Tensor {
  let r = g;
  if (!keepdim) for (const d of dims) r = unsqueeze(r, d);
  return expand(r, inShape);
}

/** Applies a one-dim native/JS reducer over several dims (adjacent dims merged into one pass). */
function reduceMany(x: Tensor, dims: number[], keepdim: boolean, one: (t: Tensor, d: number) => Tensor): Tensor {
  if (x.dim() === 0) return one(reshape(x, [1]), 0).reshape([]);
  // Merge runs of adjacent dims: reshape so each run is one dim, reduce from the last run.
  const runs: [number, number][] = [];
  for (const d of dims) {
    const last = runs[runs.length - 1];
    if (last && last[1] === d - 1) last[1] = d;
    else runs.push([d, d]);
  }
  let cur = x;
  let shape = x.shape.slice();
  for (let k = runs.length - 1; k >= 0; k--) {
    const [a, b] = runs[k];
    if (b > a) {
      shape = [...shape.slice(0, a), numelOf(shape.slice(a, b + 1)), ...shape.slice(b + 1)];
      cur = reshape(cur, shape);
    }
    cur = one(cur, a);
    shape = cur.shape.slice();
  }
  return reshape(cur, outShape(x.shape, dims, keepdim));
}

function sumRaw(x: Tensor, dims: number[], keepdim: boolean, dtype: DType): Tensor {
  if (isFloat(dtype)) {
    const xin = x.dtype === dtype ? x : cast(x, dtype);
    return reduceMany(xin, dims, keepdim, (t, d) => reduceDimF(ReduceOp.sum, t, d, true));
  }
  return reduceMany(x, dims, keepdim, (t, d) => reduceDimJS(t, d, true, dtype, (acc, v) => (acc + v) | 0, () => 0, false));
}

/** sum(dim?, keepdim?, { dtype }) */
export function sum(x: Tensor, ...args: unknown[]): Tensor {
  const a = parseArgs('sum', args, ['dim', 'keepdim', 'dtype']);
  const dims = reduceDims(x, a.dim);
  const keepdim = !!a.keepdim;
  const dtype = a.dtype !== undefined ? checkDtype(a.dtype) : isFloat(x.dtype) ? x.dtype : 'int32';
  const out = sumRaw(x, dims, keepdim, dtype);
  const inShape = x.shape;
  return record1(a.dim === undefined ? 'SumBackward0' : 'SumBackward1', [x], out, (g) => [castDiff(restore(g, inShape, dims, keepdim), x.dtype)]);
}

/** mean(dim?, keepdim?, { dtype }) */
export function mean(x: Tensor, ...args: unknown[]): Tensor {
  const a = parseArgs('mean', args, ['dim', 'keepdim', 'dtype']);
  const dtype = a.dtype !== undefined ? checkDtype(a.dtype) : x.dtype;
  if (!isFloat(dtype)) {
    throw new TypeError(`mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${x.dtype === 'bool' ? 'Bool' : 'Int'}`);
  }
  const dims = reduceDims(x, a.dim);
  const keepdim = !!a.keepdim;
  const count = dims.reduce((n, d) => n * x.shape[d], 1);
  const xin = x.dtype === dtype ? x : cast(x, dtype);
  const out = div(sumRaw(xin, dims, keepdim, dtype), count);
  const inShape = x.shape;
  return record1(a.dim === undefined ? 'MeanBackward0' : 'MeanBackward1', [x], out, (g) => [
    castDiff(restore(div(g, count), inShape, dims, keepdim), x.dtype)]);
}

function fullReduceCheck(x: Tensor, fn: string): void {
  if (x.numel() === 0) {
    throw new RangeError(`${fn}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  }
}

function dimReduceCheck(x: Tensor, d: number, fn: string): void {
  if (x.dim() > 0 && x.shape[d] === 0) throw new RangeError(`${fn}(): Expected reduction dim ${d} to have non-zero size.`);
}

/** max() / max(dim, keepdim) -> { values, indices } / max(other) (PyTorch's three forms). */
function extreme(fn: 'max' | 'min', x: Tensor, args: unknown[]): Tensor | { values: Tensor; indices: Tensor } {
  if (args[0] instanceof Tensor) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return fn === 'max' ? maximumOf(x, args[0]) : minimumOf(x, args[0]);
  }
  const a = parseArgs(fn, args, ['dim', 'keepdim']);
  if (a.dim === undefined) {
    fullReduceCheck(x, fn);
    return extremeAll(fn, x);
  }
  if (typeof a.dim !== 'number') throw new TypeError(`${fn}(): dim must be an integer`);
  const d = wrapDim(a.dim, x.dim());
  const keepdim = !!a.keepdim;
  dimReduceCheck(x, d, fn);
  const xin = x.dim() === 0 ? reshape(x, [1]) : x;
  const op = fn === 'max' ? ReduceOp.max : ReduceOp.min;
  let r: { values: Tensor; indices: Tensor };
  if (isFloat(x.dtype)) r = reduceDimWithIndexF(op, xin, x.dim() === 0 ? 0 : d, keepdim || x.dim() === 0);
  else r = extremeIntDim(fn, xin, x.dim() === 0 ? 0 : d, keepdim || x.dim() === 0);
  if (x.dim() === 0) r = { values: reshape(r.values, []), indices: reshape(r.indices, []) };
  const inShape = x.shape;
  const values = record1(fn === 'max' ? 'MaxBackward0' : 'MinBackward0', [x], r.values, (g) => [
    indexBackward(g, r.indices, inShape, x.dim() === 0 ? 0 : d, keepdim),
  ]);
  return { values, indices: r.indices };
}

import { maximum as maximumOf, minimum as minimumOf } from './pointwise';
import { scatterRaw } from './indexing';

/** Grad of a value-selecting reduction: g placed at the selected indices, zeros elsewhere. */
function indexBackward(g: Tensor, indices: Tensor, inShape: number[], d: number, keepdim: boolean): Tensor {
  if (inShape.length === 0) return reshape(g, []);
  const gi = keepdim ? g : unsqueeze(g, d);
  const ii = keepdim ? indices : unsqueeze(indices, d);
  return scatterRaw(gi, d, ii, inShape);
}

function extremeIntDim(fn: 'max' | 'min', x: Tensor, d: number, keepdim: boolean): { values: Tensor; indices: Tensor } {
  const better = fn === 'max' ? (v: number, b: number) => v > b : (v: number, b: number) => v < b;
  const src = contiguousData(x);
  const [outer, r, inner] = reduceGeometry(x.shape, d);
  const shape = outShape(x.shape, [d], keepdim);
  const values = empty(shape, x.dtype), indices = empty(shape, 'int32');
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) {
    const base = o * r * inner + i;
    let best = src[base], bi = 0;
    for (let j = 1; j < r; j++) {
      const v = src[base + j * inner];
      if (better(v, best)) { best = v; bi = j; }
    }
    values._storage.data[o * inner + i] = best;
    indices._storage.data[o * inner + i] = bi;
  }
  return { values, indices };
}

function extremeAll(fn: 'max' | 'min', x: Tensor): Tensor {
  const flat = reshape(x, [x.numel()]);
  const { values } = isFloat(x.dtype)
    ? reduceDimWithIndexF(fn === 'max' ? ReduceOp.max : ReduceOp.min, flat, 0, false)
    : extremeIntDim(fn, flat, 0, false);
  return record1(fn === 'max' ? 'MaxBackward1' : 'MinBackward1', [x], values, (g) => {
    // Ties share the gradient evenly (PyTorch's evenly_distribute_backward).
    const mask = castDiff(eq(x, values), g.dtype);
    return [div(mul(mask, g), sum(mask))];
  }, [x]);
}

export function max(x: Tensor, ...args: unknown[]): Tensor | { values: Tensor; indices: Tensor } {
  return extreme('max', x, args);
}
export function min(x: Tensor, ...args: unknown[]): Tensor | { values: Tensor; indices: Tensor } {
  return extreme('min', x, args);
}

/** amax/amin(dim?, keepdim?): values only, ties share the gradient. */
function aext(fn: 'amax' | 'amin', x: Tensor, args: unknown[]): Tensor {
  const a = parseArgs(fn, args, ['dim', 'keepdim']);
  if ((a.dim === undefined || a.dim === null || (Array.isArray(a.dim) && a.dim.length === 0)) && x.numel() === 0) fullReduceCheck(x, fn);
  const dims = reduceDims(x, a.dim);
  const keepdim = !!a.keepdim;
  for (const d of dims) dimReduceCheck(x, d, fn);
  const op = fn === 'amax' ? 'max' : 'min';
  const out = reduceMany(x, dims, keepdim, (t, d) => (extreme(op, t, [d, true]) as { values: Tensor }).values.detach());
  const inShape = x.shape;
  return record1(fn === 'amax' ? 'AmaxBackward0' : 'AminBackward0', [x], out, (g) => {
    const mask = castDiff(eq(x, restore(out, inShape, dims, keepdim)), g.dtype);
    const count = restore(sum(mask, dims, keepdim), inShape, dims, keepdim);
    return [div(mul(restore(g, inShape, dims, keepdim), mask), count)];
  }, [x, out]);
}
export const amax = (x: Tensor, ...args: unknown[]): Tensor => aext('amax', x, args);
export const amin = (x: Tensor, ...args: unknown[]): Tensor => aext('amin', x, args);

function argext(fn: 'argmax' | 'argmin', x: Tensor, args: unknown[]): Tensor {
  const a = parseArgs(fn, args, ['dim', 'keepdim']);
  if (a.dim === undefined || a.dim === null) {
    fullReduceCheck(x, fn);
    const r = argext(fn, reshape(x, [x.numel()]), [0]);
    return a.keepdim ? reshape(r, x.shape.map(() => 1)) : r;
  }
  const d = wrapDim(a.dim as number, x.dim());
  dimReduceCheck(x, d, fn);
  const xin = x.dim() === 0 ? reshape(x, [1]) : x;
  const keep = !!a.keepdim;
  let out: Tensor;
  if (isFloat(x.dtype)) out = reduceDimF(fn === 'argmax' ? ReduceOp.argmax : ReduceOp.argmin, xin, x.dim() === 0 ? 0 : d, keep || x.dim() === 0);
  else out = extremeIntDim(fn === 'argmax' ? 'max' : 'min', xin, x.dim() === 0 ? 0 : d, keep || x.dim() === 0).indices;
  return x.dim() === 0 ? reshape(out, []) : out;
}
export const argmax = (x: Tensor, ...args: unknown[]): Tensor => argext('argmax', x, args);
export const argmin = (x: Tensor, ...args: unknown[]): Tensor => argext('argmin', x, args);

/** var(dim?, unbiased?, keepdim?) or var(dim, { correction | unbiased, keepdim }). */
export function var_(x: Tensor, ...args: unknown[]): Tensor {
  let a: Record<string, unknown>;
  if (typeof args[0] === 'boolean') a = parseArgs('var', args, ['unbiased']);
  else a = parseArgs('var', args, ['dim', 'unbiased', 'keepdim', 'correction']);
  if (!isFloat(x.dtype)) throw new TypeError(`std and var only support floating point and complex dtypes`);
  const dims = reduceDims(x, a.dim);
  const keepdim = !!a.keepdim;
  const correction = a.correction !== undefined ? (a.correction as number) : a.unbiased === false ? 0 : 1;
  const n = dims.reduce((k, d) => k * x.shape[d], 1);
  const mu = mean(x, dims, true);
  const sq = sum(square(sub(x, mu)), dims, keepdim);
  return div(sq, Math.max(n - correction, 0));
}

export function std(x: Tensor, ...args: unknown[]): Tensor {
  return sqrt(var_(x, ...args));
}

/** prod(dim?, keepdim?, { dtype }) */
export function prod(x: Tensor, ...args: unknown[]): Tensor {
  const a = parseArgs('prod', args, ['dim', 'keepdim', 'dtype']);
  const keepdim = !!a.keepdim;
  const dims = a.dim === undefined || a.dim === null ? x.shape.map((_, i) => i) : [wrapDim(a.dim as number, x.dim())];
  const dtype = a.dtype !== undefined ? checkDtype(a.dtype) : isFloat(x.dtype) ? x.dtype : 'int32';
  const xin = x.dtype === dtype ? x : cast(x, dtype);
  const out = isFloat(dtype)
    ? reduceMany(xin, dims, keepdim, (t, d) => reduceDimF(ReduceOp.prod, t, d, true))
    : reduceMany(xin, dims, keepdim, (t, d) => reduceDimJS(t, d, true, dtype, (acc, v) => Math.imul(acc, v), () => 1, false));
  const inShape = x.shape;
  return record1('ProdBackward0', [x], out, (g) => [prodBackward(g, x, out, dims, keepdim, inShape)], [x, out]);
}

/** d prod / d x_i = product of the others; computed without dividing so zeros are handled. */
function prodBackward(g: Tensor, x: Tensor, out: Tensor, dims: number[], keepdim: boolean, inShape: number[]): Tensor {
  const hasZero = contiguousData(x).some((v) => v === 0);
  if (!hasZero) return div(mul(restore(g, inShape, dims, keepdim), restore(out, inShape, dims, keepdim)), x);
  // Move reduced dims last, flatten them, then exclusive products per row (in float64).
  const xd = contiguousData(x.detach());
  const others = inShape.map((_, i) => i).filter((i) => !dims.includes(i));
  const perm = [...others, ...dims];
  const r = dims.reduce((k, d) => k * inShape[d], 1);
  const rows = x.numel() / Math.max(r, 1);
  const strides = contiguousStrides(inShape);
  const res = empty(inShape, x.dtype);
  const rd = res._storage.data;
  // Offsets of the elements with the reduced dims last: each run of r is one product.
  const offsets = offsetsOf(perm.map((p) => inShape[p]), perm.map((p) => strides[p]), 0);
  for (let row = 0; row < rows; row++) {
    for (let i = 0; i < r; i++) {
      let p = 1;
      for (let j = 0; j < r; j++) if (j !== i) p *= xd[offsets[row * r + j]];
      rd[offsets[row * r + i]] = p;
    }
  }
  return mul(restore(g, inShape, dims, keepdim), res);
}

/** logsumexp(dim, keepdim?) */
export function logsumexp(x: Tensor, ...args: unknown[]): Tensor {
  const a = parseArgs('logsumexp', args, ['dim', 'keepdim']);
  const xin = isFloat(x.dtype) ? x : cast(x, 'float32');
  const dims = reduceDims(xin, a.dim);
  const keepdim = !!a.keepdim;
  const out = reduceMany(xin, dims, keepdim, (t, d) => reduceDimF(ReduceOp.logsumexp, t, d, true));
  const inShape = x.shape;
  return record1('LogsumexpBackward0', [x], out, (g) => [
    mul(restore(g, inShape, dims, keepdim), exp(sub(xin, restore(out, inShape, dims, keepdim)))),
  ], [x, out]);
}

export function all(x: Tensor, ...args: unknown[]): Tensor {
  const a = parseArgs('all', args, ['dim', 'keepdim']);
  const dims = reduceDims(x, a.dim);
  return reduceMany(x, dims, !!a.keepdim, (t, d) => reduceDimJS(t, d, true, 'bool', (acc, v) => (acc && v ? 1 : 0), () => 1, false));
}

export function any(x: Tensor, ...args: unknown[]): Tensor {
  const a = parseArgs('any', args, ['dim', 'keepdim']);
  const dims = reduceDims(x, a.dim);
  return reduceMany(x, dims, !!a.keepdim, (t, d) => reduceDimJS(t, d, true, 'bool', (acc, v) => (acc || v ? 1 : 0), () => 0, false));
}

