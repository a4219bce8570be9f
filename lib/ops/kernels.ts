// Non-differentiable building blocks over tensors: allocation, strided copies and the calls into
// native element-wise / reduction kernels (float32/float64), with plain JS loops for int32/bool.
import { allocData } from '../alloc';
import { arrayFor, DType, isFloat, TYPED_ARRAY, TypedArray } from '../dtype';
import { BinaryOp, native, ReduceOp, UnaryOp } from '../native';
import { broadcastShapes, broadcastStrides, contiguousStrides, numelOf } from '../shape';
import { Storage, Tensor } from '../tensor';

/** A zero-filled contiguous tensor. */
export function empty(shape: readonly number[], dtype: DType): Tensor {
  const t = emptyUninit(shape, dtype);
  if (t._storage.data.length > 0) t._storage.data.fill(0);
  return t;
}

/** A contiguous tensor whose contents are undefined: for outputs a kernel overwrites entirely. */
export function emptyUninit(shape: readonly number[], dtype: DType): Tensor {
  const n = numelOf(shape);
  if (!(n <= Number.MAX_SAFE_INTEGER)) throw new RangeError(`Storage size calculation overflowed with sizes=[${shape.join(', ')}]`);
  let data: TypedArray;
  try {
    data = allocData(dtype, n);
  } catch {
    const bytes = n * TYPED_ARRAY[dtype].BYTES_PER_ELEMENT;
    throw new RangeError(`not enough memory: you tried to allocate ${bytes} bytes (sizes=[${shape.join(', ')}])`);
  }
  return new Tensor(new Storage(data), shape.slice(), contiguousStrides(shape), 0, dtype);
}

export function fromData(data: TypedArray, shape: readonly number[], dtype: DType): Tensor {
  return new Tensor(new Storage(data), shape.slice(), contiguousStrides(shape), 0, dtype);
}

/** Element offsets of a strided view in row-major order (JS paths only). */
export function offsetsOf(shape: readonly number[], strides: readonly number[], offset: number): Int32Array | Float64Array {
  const n = numelOf(shape);
  const out = n < 2 ** 31 ? new Int32Array(n) : new Float64Array(n);
  const nd = shape.length;
  if (n === 0) return out;
  if (nd === 0) {
    out[0] = offset;
    return out;
  }
  const idx = new Array<number>(nd).fill(0);
  const inner = shape[nd - 1], is = strides[nd - 1];
  let base = offset;
  for (let k = 0; k < n; k += inner) {
    for (let j = 0; j < inner; j++) out[k + j] = base + j * is;
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      base += strides[d];
      if (idx[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
  return out;
}

/** Copies a strided view into a new contiguous typed array of the same dtype. */
export function contiguousData(t: Tensor): TypedArray {
  const n = t.numel();
  if (t.isContiguous()) return t._storage.data.subarray(t._offset, t._offset + n) as TypedArray;
  const out = arrayFor(t.dtype, n);
  if (isFloat(t.dtype)) {
    native.unary(UnaryOp.copy, t._storage.data as Float32Array, t._offset, t._strides, out as Float32Array, t.shape, 0, 0);
  } else {
    const src = t._storage.data;
    const offs = offsetsOf(t.shape, t._strides, t._offset);
    for (let i = 0; i < n; i++) out[i] = src[offs[i]];
  }
  return out;
}

/** dst (any strides, same shape) <- src (any strides, broadcastable, same dtype). */
export function copyInto(dst: Tensor, src: Tensor): void {
  const sStr = broadcastStrides(src.shape, src._strides, dst.shape);
  const n = dst.numel();
  if (n === 0) return;
  const d = dst._storage.data, s = src._storage.data;
  if (dst.isContiguous() && isFloat(dst.dtype) && src.dtype === dst.dtype) {
    native.unary(UnaryOp.copy, s as Float32Array, src._offset, sStr, d.subarray(dst._offset, dst._offset + n) as Float32Array, dst.shape, 0, 0);
    return;
  }
  const doffs = offsetsOf(dst.shape, dst._strides, dst._offset);
  const soffs = offsetsOf(dst.shape, sStr, src._offset);
  const conv = castFn(src.dtype, dst.dtype);
  for (let i = 0; i < n; i++) d[doffs[i]] = conv(s[soffs[i]]);
}

function castFn(from: DType, to: DType): (v: number) => number {
  if (to === 'bool') return (v) => (v !== 0 ? 1 : 0);
  if (to === 'int32' && isFloat(from)) return (v) => (Number.isFinite(v) ? Math.trunc(v) | 0 : v !== v ? 0 : v > 0 ? 2147483647 : -2147483648);
  return (v) => v;
}

/** Contiguous copy converted to `dtype`. */
export function cast(t: Tensor, dtype: DType): Tensor {
  const out = emptyUninit(t.shape, dtype);
  if (t.dtype === dtype) {
    out._storage.data.set(contiguousData(t));
    return out;
  }
  const src = contiguousData(t);
  const conv = castFn(t.dtype, dtype);
  const d = out._storage.data;
  for (let i = 0; i < src.length; i++) d[i] = conv(src[i]);
  return out;
}

// ---- element-wise -------------------------------------------------------------------------

/** Native unary op on a float tensor (any strides) -> new contiguous tensor. */
export function unaryF(op: UnaryOp, x: Tensor, a = 0, b = 0): Tensor {
  const out = emptyUninit(x.shape, x.dtype);
  if (out.numel() > 0) {
    native.unary(op, x._storage.data as Float32Array, x._offset, x._strides, out._storage.data as Float32Array, x.shape, a, b);
  }
  return out;
}

/** Plain JS map over any dtype (int/bool paths, rare ops). */
export function mapJS(x: Tensor, outDtype: DType, f: (v: number) => number): Tensor {
  const src = contiguousData(x);
  const out = emptyUninit(x.shape, outDtype);
  const d = out._storage.data;
  for (let i = 0; i < src.length; i++) d[i] = f(src[i]);
  return out;
}

/** Native binary op on same-dtype float tensors with broadcasting -> new contiguous tensor. */
export function binaryF(op: BinaryOp, a: Tensor, b: Tensor, alpha = 1): Tensor {
  const shape = broadcastShapes(a.shape, b.shape);
  const out = emptyUninit(shape, a.dtype);
  if (out.numel() > 0) {
    native.binary(op, a._storage.data as Float32Array, a._offset, broadcastStrides(a.shape, a._strides, shape),
      b._storage.data as Float32Array, b._offset, broadcastStrides(b.shape, b._strides, shape),
      out._storage.data as Float32Array, shape, alpha);
  }
  return out;
}

/** Plain JS zip with broadcasting over any dtypes. */
export function zipJS(a: Tensor, b: Tensor, outDtype: DType, f: (x: number, y: number) => number): Tensor {
  const shape = broadcastShapes(a.shape, b.shape);
  const out = emptyUninit(shape, outDtype);
  const n = out.numel();
  const ao = offsetsOf(shape, broadcastStrides(a.shape, a._strides, shape), a._offset);
  const bo = offsetsOf(shape, broadcastStrides(b.shape, b._strides, shape), b._offset);
  const ad = a._storage.data, bd = b._storage.data, d = out._storage.data;
  for (let i = 0; i < n; i++) d[i] = f(ad[ao[i]], bd[bo[i]]);
  return out;
}

/** out = cond ? a : b with three-way broadcasting (any dtype). */
export function selectJS(cond: Tensor, a: Tensor, b: Tensor, outDtype: DType): Tensor {
  const shape = broadcastShapes(broadcastShapes(cond.shape, a.shape), b.shape);
  const out = emptyUninit(shape, outDtype);
  const n = out.numel();
  const co = offsetsOf(shape, broadcastStrides(cond.shape, cond._strides, shape), cond._offset);
  const ao = offsetsOf(shape, broadcastStrides(a.shape, a._strides, shape), a._offset);
  const bo = offsetsOf(shape, broadcastStrides(b.shape, b._strides, shape), b._offset);
  const cd = cond._storage.data, ad = a._storage.data, bd = b._storage.data, d = out._storage.data;
  for (let i = 0; i < n; i++) d[i] = cd[co[i]] ? ad[ao[i]] : bd[bo[i]];
  return out;
}

// ---- reductions ---------------------------------------------------------------------------

/** Shape pieces for reducing dim `d` of a contiguous tensor: [outer, r, inner]. */
export function reduceGeometry(shape: readonly number[], d: number): [number, number, number] {
  let outer = 1, inner = 1;
  for (let i = 0; i < d; i++) outer *= shape[i];
  for (let i = d + 1; i < shape.length; i++) inner *= shape[i];
  return [outer, shape[d], inner];
}

export function reducedShape(shape: readonly number[], d: number, keepdim: boolean): number[] {
  const s = shape.slice();
  if (keepdim) s[d] = 1;
  else s.splice(d, 1);
  return s;
}

/** Reduces one dim with a native op (float) -> new tensor; arg ops give int32. */
export function reduceDimF(op: ReduceOp, x: Tensor, d: number, keepdim: boolean): Tensor {
  const src = contiguousData(x);
  const [outer, r, inner] = reduceGeometry(x.shape, d);
  const isArg = op === ReduceOp.argmax || op === ReduceOp.argmin;
  const out = emptyUninit(reducedShape(x.shape, d, keepdim), isArg ? 'int32' : x.dtype);
  if (out.numel() > 0) native.reduce(op, src as Float32Array, 0, outer, r, inner, out._storage.data as Float32Array);
  return out;
}

/** max/min over one dim with indices (float). */
export function reduceDimWithIndexF(op: ReduceOp, x: Tensor, d: number, keepdim: boolean): { values: Tensor; indices: Tensor } {
  const src = contiguousData(x);
  const [outer, r, inner] = reduceGeometry(x.shape, d);
  const shape = reducedShape(x.shape, d, keepdim);
  const values = emptyUninit(shape, x.dtype);
  const indices = emptyUninit(shape, 'int32');
  if (values.numel() > 0) {
    native.reduceWithIndex(op, src as Float32Array, 0, outer, r, inner, values._storage.data as Float32Array, indices._storage.data as Int32Array);
  }
  return { values, indices };
}

/** JS reduction over one dim for int/bool tensors: f folds values, init is the identity. */
export function reduceDimJS(x: Tensor, d: number, keepdim: boolean, outDtype: DType,
  f: (acc: number, v: number, j: number) => number, init: (first: number) => number, skipFirst: boolean): Tensor {
  const src = contiguousData(x);
  const [outer, r, inner] = reduceGeometry(x.shape, d);
  const out = empty(reducedShape(x.shape, d, keepdim), outDtype);
  const o = out._storage.data;
  for (let a = 0; a < outer; a++) {
    for (let i = 0; i < inner; i++) {
      const base = a * r * inner + i;
      let acc = init(r > 0 ? src[base] : 0);
      for (let j = skipFirst ? 1 : 0; j < r; j++) acc = f(acc, src[base + j * inner], j);
      o[a * inner + i] = acc;
    }
  }
  return out;
}
