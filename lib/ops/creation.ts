// Tensor creation: from data, filled, ranges, identity, random.
import { parseArgs, parseSize } from '../args';
import { castScalar, checkDtype, DType, isFloat, TypedArray } from '../dtype';
import { defaultGenerator, Generator, normalFill, randintFill, randperm as randpermFill, uniformFill } from '../random';
import { checkSize, numelOf } from '../shape';
import { checkInt, checkNumber, typeName } from '../check';
import { Tensor } from '../tensor';
import { cast, empty as emptyRaw, emptyUninit, fromData } from './kernels';

interface CreateOpts {
  dtype?: DType;
  requiresGrad?: boolean;
  generator?: Generator;
}

function checkDevice(opts: Record<string, unknown>): void {
  const d = opts.device;
  if (d !== undefined && d !== null && d !== 'cpu') throw new Error(`torchlet runs on the CPU only (got device '${String(d)}')`);
}

function finish(t: Tensor, opts: Record<string, unknown>): Tensor {
  checkDevice(opts);
  if (opts.requiresGrad) t.requiresGrad_(true);
  return t;
}

function dtypeOpt(opts: Record<string, unknown>, fallback: DType): DType {
  return opts.dtype === undefined || opts.dtype === null ? fallback : checkDtype(opts.dtype);
}

const CREATE_KEYS = ['dtype', 'requiresGrad', 'device', 'layout', 'pinMemory', 'memoryFormat'];

function sizeAndOpts(fn: string, args: unknown[], extra: string[] = []): { size: number[]; opts: Record<string, unknown> } {
  const { size, opts } = parseSize(fn, args);
  for (const k of Object.keys(opts)) {
    if (!CREATE_KEYS.includes(k) && !extra.includes(k)) throw new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
  }
  checkDevice(opts);
  return { size: checkSize(size), opts };
}

// ---- torch.tensor --------------------------------------------------------------------------

function typedDtype(a: ArrayBufferView): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  return 'int32';
}

/** Walks nested arrays: shape (with PyTorch's ragged check), flat values and inferred dtype. */
function flatten(data: unknown): { shape: number[]; values: number[]; dtype: DType } {
  // Fast path: a flat array of numbers (the common case for large data).
  if (Array.isArray(data) && data.length > 0) {
    let allNumbers = true;
    for (let i = 0; i < data.length; i++) {
      if (typeof data[i] !== 'number') {
        allNumbers = false;
        break;
      }
    }
    if (allNumbers) return { shape: [data.length], values: data as number[], dtype: 'float32' };
  }
  const shape: number[] = [];
  let probe: unknown = data;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const values: number[] = [];
  let sawNumber = false, sawBool = false;
  const walk = (v: unknown, d: number) => {
    if (d < shape.length) {
      if (!Array.isArray(v)) throw new TypeError(`expected sequence of length ${shape[d]} at dim ${d} (got a scalar)`);
      if (v.length !== shape[d]) throw new RangeError(`expected sequence of length ${shape[d]} at dim ${d} (got ${v.length})`);
      for (const x of v) walk(x, d + 1);
      return;
    }
    if (Array.isArray(v)) throw new RangeError(`expected a scalar at dim ${d} (got a sequence of length ${v.length})`);
    if (typeof v === 'boolean') {
      sawBool = true;
      values.push(v ? 1 : 0);
    } else if (typeof v === 'number') {
      sawNumber = true;
      values.push(v);
    } else if (v instanceof Tensor && v.numel() === 1) {
      sawNumber = true;
      values.push(v.item());
    } else {
      throw new TypeError(`Could not infer dtype of ${v === null ? 'null' : typeof v}`);
    }
  };
  walk(data, 0);
  // JS has one number type: numbers give float32 (PyTorch's default dtype), unless every element
  // is a boolean. Integer tensors (labels, indices) are asked for with { dtype: 'int32' }.
  const dtype: DType = sawBool && !sawNumber ? 'bool' : 'float32';
  return { shape, values, dtype };
}

/** torch.tensor(data, { dtype, requiresGrad }): nested arrays, typed arrays, numbers, booleans, tensors. */
export function tensor(data: unknown, opts: CreateOpts = {}): Tensor {
  const o = parseArgs('tensor', [opts], CREATE_KEYS);
  if (data instanceof Tensor) {
    const d = dtypeOpt(o, data.dtype);
    return finish(cast(data.detach(), d), o);
  }
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) {
    const src = data as unknown as TypedArray;
    const d = dtypeOpt(o, typedDtype(src));
    const t = emptyRaw([src.length], d);
    copyValues(t._storage.data, src, d);
    return finish(t, o);
  }
  const { shape, values, dtype } = flatten(data);
  const d = dtypeOpt(o, dtype);
  const t = emptyRaw(shape, d);
  copyValues(t._storage.data, values, d);
  return finish(t, o);
}

function checkInt32Value(v: number): void {
  if (!Number.isFinite(v) || v > 2147483647 || v < -2147483648) {
    throw new RangeError(`value cannot be converted to type int32 without overflow: ${v}`);
  }
}

function copyValues(dst: TypedArray, src: ArrayLike<number>, d: DType): void {
  if (d === 'int32') {
    for (let i = 0; i < src.length; i++) {
      const v = src[i];
      if (!Number.isFinite(v)) throw new RangeError(`value cannot be converted to type int32: ${v}`);
      if (v > 2147483647 || v < -2147483648) throw new RangeError(`value cannot be converted to type int32 without overflow: ${v}`);
      dst[i] = Math.trunc(v);
    }
  } else if (d === 'bool') {
    for (let i = 0; i < src.length; i++) dst[i] = src[i] ? 1 : 0;
  } else {
    (dst as Float32Array).set(src);
  }
}

/** torch.asTensor-like: shares a Float32Array/Float64Array/Int32Array without copying. */
export function fromTypedArray(data: TypedArray, shape?: number[]): Tensor {
  if (!(data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array || data instanceof Uint8Array)) {
    throw new TypeError(`fromTypedArray(): expected a Float32Array, Float64Array, Int32Array or Uint8Array (bool), got ${typeName(data)}`);
  }
  const d = data instanceof Uint8Array ? 'bool' : typedDtype(data);
  const s = shape === undefined ? [data.length] : checkSize(Array.isArray(shape) ? shape : [shape]);
  if (numelOf(s) !== data.length) throw new RangeError(`shape [${s.join(', ')}] is invalid for input of size ${data.length}`);
  return fromData(data, s, d);
}

// ---- filled --------------------------------------------------------------------------------

function filled(fn: string, args: unknown[], value: number): Tensor {
  const { size, opts } = sizeAndOpts(fn, args);
  const d = dtypeOpt(opts, 'float32');
  const t = emptyUninit(size, d);
  t._storage.data.fill(castScalar(d, value));
  return finish(t, opts);
}

export const zeros = (...args: unknown[]): Tensor => filled('zeros', args, 0);
export const ones = (...args: unknown[]): Tensor => filled('ones', args, 1);
export const empty = (...args: unknown[]): Tensor => filled('empty', args, 0);

/** full(size, fillValue, { dtype }) */
export function full(size: number[] | number, fillValue: number | boolean, opts: CreateOpts = {}): Tensor {
  checkNumber(fillValue, 'full', 'fill_value');
  const { size: s } = sizeAndOpts('full', [Array.isArray(size) ? size : [size]]);
  const o = parseArgs('full', [opts], CREATE_KEYS);
  const inferred: DType = typeof fillValue === 'boolean' ? 'bool' : 'float32';
  const d = dtypeOpt(o, inferred);
  if (d === 'int32') checkInt32Value(+fillValue);
  const t = emptyRaw(s, d);
  t._storage.data.fill(castScalar(d, +fillValue));
  return finish(t, o);
}

function likeOpts(fn: string, t: Tensor, opts: unknown): Record<string, unknown> {
  if (!(t instanceof Tensor)) throw new TypeError(`${fn}(): argument 'input' must be Tensor`);
  return parseArgs(fn, opts === undefined ? [] : [opts], CREATE_KEYS);
}
export function zerosLike(t: Tensor, opts?: CreateOpts): Tensor {
  const o = likeOpts('zerosLike', t, opts);
  return zeros(t.shape, { dtype: dtypeOpt(o, t.dtype), requiresGrad: !!o.requiresGrad });
}
export function onesLike(t: Tensor, opts?: CreateOpts): Tensor {
  const o = likeOpts('onesLike', t, opts);
  return ones(t.shape, { dtype: dtypeOpt(o, t.dtype), requiresGrad: !!o.requiresGrad });
}
export function emptyLike(t: Tensor, opts?: CreateOpts): Tensor {
  return zerosLike(t, opts);
}
export function fullLike(t: Tensor, fillValue: number | boolean, opts?: CreateOpts): Tensor {
  const o = likeOpts('fullLike', t, opts);
  return full(t.shape, fillValue, { dtype: dtypeOpt(o, t.dtype), requiresGrad: !!o.requiresGrad });
}
export function randLike(t: Tensor, opts?: CreateOpts): Tensor {
  const o = likeOpts('randLike', t, opts);
  return rand(t.shape, { dtype: dtypeOpt(o, t.dtype), requiresGrad: !!o.requiresGrad });
}
export function randnLike(t: Tensor, opts?: CreateOpts): Tensor {
  const o = likeOpts('randnLike', t, opts);
  return randn(t.shape, { dtype: dtypeOpt(o, t.dtype), requiresGrad: !!o.requiresGrad });
}

// ---- ranges --------------------------------------------------------------------------------

/** arange(end) / arange(start, end, step?, { dtype }) */
export function arange(...args: unknown[]): Tensor {
  const a = parseArgs('arange', args, ['start', 'end', 'step', ...CREATE_KEYS]);
  let start = a.start as number, end = a.end as number | undefined;
  const step = (a.step as number | undefined) ?? 1;
  if (end === undefined) {
    end = start;
    start = 0;
  }
  for (const v of [start, end, step]) if (typeof v !== 'number' || Number.isNaN(v)) throw new TypeError('arange(): start, end and step must be numbers');
  if (step === 0) throw new RangeError('step must be nonzero');
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new RangeError(`unsupported range: ${start} -> ${end}`);
  if ((step > 0 && end < start) || (step < 0 && end > start)) throw new RangeError('upper bound and larger bound inconsistent with step sign');
  const allInt = Number.isInteger(start) && Number.isInteger(end) && Number.isInteger(step);
  const d = dtypeOpt(a, allInt ? 'int32' : 'float32');
  const n = Math.ceil((end - start) / step);
  if (d === 'int32' && n > 0) {
    checkInt32Value(start);
    checkInt32Value(start + (n - 1) * step);
  }
  const t = emptyRaw([n], d);
  const data = t._storage.data;
  for (let i = 0; i < n; i++) data[i] = castScalar(d, start + i * step);
  return finish(t, a);
}

/** linspace(start, end, steps, { dtype }) */
export function linspace(start: number, end: number, steps: number, opts: CreateOpts = {}): Tensor {
  checkNumber(start, 'linspace', 'start');
  checkNumber(end, 'linspace', 'end');
  checkInt(steps, 'linspace', 'steps');
  const o = parseArgs('linspace', [opts], CREATE_KEYS);
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError('number of steps must be non-negative');
  const d = dtypeOpt(o, 'float32');
  const t = emptyRaw([steps], d);
  const data = t._storage.data;
  if (steps === 1) data[0] = castScalar(d, start);
  else if (steps > 1) {
    const step = (end - start) / (steps - 1);
    const half = Math.floor(steps / 2);
    // Symmetric fill from both ends, as PyTorch's kernel does.
    for (let i = 0; i < steps; i++) data[i] = castScalar(d, i < half ? start + step * i : end - step * (steps - 1 - i));
  }
  return finish(t, o);
}

/** eye(n, m?, { dtype }) */
export function eye(n: number, ...rest: unknown[]): Tensor {
  const a = parseArgs('eye', rest, ['m', ...CREATE_KEYS]);
  const m = (a.m as number | undefined) ?? n;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new RangeError(`n must be greater or equal to 0, got ${n}`);
  if (typeof m !== 'number' || !Number.isInteger(m) || m < 0) throw new RangeError(`m must be greater or equal to 0, got ${m}`);
  const d = dtypeOpt(a, 'float32');
  const t = emptyRaw([n, m], d);
  for (let i = 0; i < Math.min(n, m); i++) t._storage.data[i * m + i] = 1;
  return finish(t, a);
}

// ---- random ----------------------------------------------------------------------------------

function genOf(opts: Record<string, unknown>): Generator {
  const g = opts.generator;
  if (g === undefined || g === null) return defaultGenerator;
  if (!(g instanceof Generator)) throw new TypeError('generator must be a torch.Generator');
  return g;
}

function randomFloat(fn: string, args: unknown[], fill: (buf: Float32Array | Float64Array, g: Generator) => void): Tensor {
  const { size, opts } = sizeAndOpts(fn, args, ['generator']);
  const d = dtypeOpt(opts, 'float32');
  if (!isFloat(d)) throw new TypeError(`"${fn}" not implemented for '${d}'`);
  const t = emptyUninit(size, d);
  fill(t._storage.data as Float32Array, genOf(opts));
  return finish(t, opts);
}

/** rand(...size, { dtype, generator, requiresGrad }): uniform on [0, 1). */
export const rand = (...args: unknown[]): Tensor => randomFloat('rand', args, (b, g) => uniformFill(b, 0, 1, g));
/** randn(...size, { dtype, generator, requiresGrad }): standard normal. */
export const randn = (...args: unknown[]): Tensor => randomFloat('randn', args, (b, g) => normalFill(b, 0, 1, g));

/** randint(low?, high, size, { dtype, generator }) */
export function randint(...args: unknown[]): Tensor {
  let opts: Record<string, unknown> = {};
  let rest = args;
  const last = rest[rest.length - 1];
  if (last !== null && typeof last === 'object' && !Array.isArray(last)) {
    opts = parseArgs('randint', [last], [...CREATE_KEYS, 'generator', 'low', 'high', 'size']);
    rest = rest.slice(0, -1);
  }
  let low = 0, high: number, size: unknown;
  if (rest.length >= 3) [low, high, size] = rest as [number, number, unknown];
  else if (rest.length === 2) [high, size] = rest as [number, unknown];
  else {
    high = (opts.high as number) ?? (rest[0] as number);
    low = (opts.low as number) ?? 0;
    size = opts.size;
  }
  if (opts.size !== undefined) size = opts.size;
  if (!Array.isArray(size)) throw new TypeError('randint(): size must be a list of integers');
  const s = checkSize(size);
  checkInt(low, 'randint', 'low');
  checkInt(high, 'randint', 'high');
  if (!(low < high)) throw new RangeError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  const d = dtypeOpt(opts, 'int32');
  if (d === 'int32' && (low < -2147483648 || high - 1 > 2147483647)) {
    throw new RangeError(`random_ expects 'from' and 'to - 1' to be within int32 (torchlet's int64), got from=${low}, to=${high}`);
  }
  const t = emptyRaw(s, d);
  randintFill(t._storage.data as Int32Array, low, high, genOf(opts));
  return finish(t, opts);
}

/** randperm(n, { dtype, generator }) */
export function randperm(n: number, opts: CreateOpts = {}): Tensor {
  const o = parseArgs('randperm', [opts], [...CREATE_KEYS, 'generator']);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be non-negative, got${n}`);
  const p = randpermFill(n, genOf(o));
  const d = dtypeOpt(o, 'int32');
  const t = emptyRaw([n], d);
  copyValues(t._storage.data, p, d);
  return finish(t, o);
}

export function manualSeed(seed: number | bigint): Generator {
  return defaultGenerator.manualSeed(seed);
}

export function seed(): number {
  return defaultGenerator.seed();
}

export function initialSeed(): number {
  return defaultGenerator.initialSeed();
}

