// Index-driven ops: gather, scatter, scatterAdd, indexSelect (and the scatter the max() backward uses).
import { parseArgs } from '../args';
import { record1 } from '../autograd/record';
import { contiguousStrides, wrapDim } from '../shape';
import { Tensor } from '../tensor';
import { cast, copyInto, empty, offsetsOf } from './kernels';
import { checkNumber, checkTensor, isTensor } from '../check';

function checkIndex(fn: string, index: Tensor): void {
  if (!(index instanceof Tensor)) throw new TypeError(`${fn}(): argument 'index' must be Tensor`);
  if (index.dtype !== 'int32') throw new TypeError(`${fn}(): Expected dtype int32 for index (torchlet's int64), got ${index.dtype}`);
}

/** Offsets into t for each element of `shape` with dim d's stride dropped (the index supplies it). */
function baseOffsets(t: Tensor, shape: number[], d: number): Int32Array | Float64Array {
  const st = t._strides.slice();
  st[d] = 0;
  return offsetsOf(shape, st, t._offset);
}

function checkSameRank(fn: string, x: Tensor, index: Tensor, d: number, src?: Tensor): void {
  if (index.dim() !== x.dim() && !(index.dim() <= 1 && x.dim() <= 1)) {
    throw new RangeError(`Index tensor must have the same number of dimensions as ${fn === 'gather' ? 'input' : 'self'} tensor`);
  }
  for (let k = 0; k < index.dim(); k++) {
    if (k !== d && index.shape[k] > (x.shape[k] ?? 1)) {
      throw new RangeError(`Size does not match at dimension ${k} expected index [${index.shape.join(', ')}] to be smaller than self [${x.shape.join(', ')}] apart from dimension ${d}`);
    }
    if (src && index.shape[k] > (src.shape[k] ?? 1)) {
      throw new RangeError(`Size does not match at dimension ${k} expected index [${index.shape.join(', ')}] to be smaller than src [${src.shape.join(', ')}]`);
    }
  }
}

export function gather(x: Tensor, ...args: unknown[]): Tensor {
  const { dim, index } = parseArgs('gather', args, ['dim', 'index']) as { dim: number; index: Tensor };
  checkIndex('gather', index);
  const d = wrapDim(dim, x.dim());
  checkSameRank('gather', x, index, d);
  const shape = index.shape.slice();
  const out = empty(shape, x.dtype);
  const size = x.dim() === 0 ? 1 : x.shape[d];
  const io = offsetsOf(shape, index._strides, index._offset);
  const xo = x.dim() === 0 ? new Int32Array(io.length).fill(x._offset) : baseOffsets(x, shape, d);
  const xs = x.dim() === 0 ? 0 : x._strides[d];
  const id = index._storage.data, xd = x._storage.data, od = out._storage.data;
  for (let i = 0; i < io.length; i++) {
    const k = id[io[i]];
    if (k < 0 || k >= size) throw new RangeError(`index ${k} is out of bounds for dimension ${d} with size ${size}`);
    od[i] = xd[xo[i] + k * xs];
  }
  const inShape = x.shape;
  return record1('GatherBackward0', [x], out, (g) => [scatterAddInto(empty(inShape, g.dtype).fill_(0), d, index, g)], [index]);
}

/** out[index along d] (op)= src, in place on a contiguous out. */
function scatterKernel(out: Tensor, d: number, index: Tensor, src: Tensor | number, mode: 'set' | 'add' | 'mul'): void {
  const shape = index.shape;
  const size = out.dim() === 0 ? 1 : out.shape[d];
  const io = offsetsOf(shape, index._strides, index._offset);
  const oo = out.dim() === 0 ? new Int32Array(io.length).fill(out._offset) : baseOffsets(out, shape, d);
  const os = out.dim() === 0 ? 0 : out._strides[d];
  const so = typeof src === 'number' ? null : offsetsOf(shape, src._strides.slice(0, shape.length), src._offset);
  const sd = typeof src === 'number' ? null : src._storage.data;
  const id = index._storage.data, od = out._storage.data;
  for (let i = 0; i < io.length; i++) {
    const k = id[io[i]];
    if (k < 0 || k >= size) throw new RangeError(`index ${k} is out of bounds for dimension ${d} with size ${size}`);
    const v = sd ? sd[so![i]] : (src as number);
    const p = oo[i] + k * os;
    if (mode === 'set') od[p] = v;
    else if (mode === 'add') od[p] += v;
    else od[p] *= v;
  }
}

function scatterAddInto(base: Tensor, d: number, index: Tensor, src: Tensor): Tensor {
  scatterKernel(base, d, index, src.dtype === base.dtype ? src : cast(src, base.dtype), 'add');
  return base;
}

/** Zeros of `shape` with src scattered (not added) along d; used by value-selecting backward. */
export function scatterRaw(src: Tensor, d: number, index: Tensor, shape: number[]): Tensor {
  const out = empty(shape, src.dtype).fill_(0);
  scatterKernel(out, d, index, src, 'add');
  if (src.requiresGrad) return record1('ScatterBackward', [src], out, (g) => [gather(g, d, index)]);
  return out;
}

/** scatter(dim, index, src | value, { reduce }) */
export function scatter(x: Tensor, ...args: unknown[]): Tensor {
  const a = parseArgs('scatter', args, ['dim', 'index', 'src', 'value', 'reduce']);
  const dim = a.dim as number, index = a.index as Tensor;
  const src = (a.src ?? a.value) as Tensor | number | boolean;
  if (src === undefined) throw new TypeError("scatter() missing required argument 'src'");
  checkTensor(x, 'scatter', 'self');
  if (!isTensor(src)) checkNumber(src, 'scatter', 'src');
  checkIndex('scatter', index);
  const d = wrapDim(dim, x.dim());
  const reduce = a.reduce as string | undefined;
  if (reduce !== undefined && reduce !== 'add' && reduce !== 'multiply') throw new RangeError(`reduce argument must be either add or multiply, got ${reduce}`);
  const s = src instanceof Tensor ? src : null;
  checkSameRank('scatter', x, index, d, s ?? undefined);
  const out = empty(x.shape, x.dtype);
  copyInto(out, x);
  const srcT = s ? (s.dtype === x.dtype ? s : cast(s, x.dtype)) : +(src as number | boolean);
  scatterKernel(out, d, index, srcT, reduce === 'add' ? 'add' : reduce === 'multiply' ? 'mul' : 'set');
  if (reduce === 'multiply') return out;
  return record1('ScatterBackward0', [x, s], out, (g) => [
    reduce === 'add' ? g : scatter(g, d, index, 0),
    s ? gather(g, d, index) : null,
  ], [index]);
}

export function scatterAdd(x: Tensor, ...args: unknown[]): Tensor {
  const { dim, index, src } = parseArgs('scatterAdd', args, ['dim', 'index', 'src']) as { dim: number; index: Tensor; src: Tensor };
  checkTensor(src, 'scatterAdd', 'src');
  checkIndex('scatterAdd', index);
  const d = wrapDim(dim, x.dim());
  checkSameRank('scatterAdd', x, index, d, src);
  const out = empty(x.shape, x.dtype);
  copyInto(out, x);
  scatterAddInto(out, d, index, src);
  return record1('ScatterAddBackward0', [x, src], out, (g) => [g, gather(g, d, index)], [index]);
}

export function indexSelect(x: Tensor, ...args: unknown[]): Tensor {
  const { dim, index } = parseArgs('indexSelect', args, ['dim', 'index']) as { dim: number; index: Tensor };
  checkIndex('indexSelect', index);
  if (index.dim() > 1) throw new RangeError('index_select(): Index is supposed to be a vector');
  const d = wrapDim(dim, x.dim());
  const idx = Array.from(index.reshape([-1]).toTypedArray());
  const size = x.dim() === 0 ? 1 : x.shape[d];
  for (const k of idx) {
    if (k < -size || k >= size) throw new RangeError(`index out of range in self`);
  }
  const shape = x.shape.slice();
  if (x.dim() > 0) shape[d] = idx.length;
  const out = empty(shape, x.dtype);
  const ostr = contiguousStrides(shape);
  idx.forEach((k, j) => {
    const kk = k < 0 ? k + size : k;
    if (x.dim() === 0) {
      out._storage.data[j] = x._storage.data[x._offset];
      return;
    }
    const srcShape = x.shape.slice();
    srcShape[d] = 1;
    const srcView = new Tensor(x._storage, srcShape, x._strides.slice(), x._offset + kk * x._strides[d], x.dtype);
    const dstView = new Tensor(out._storage, srcShape, ostr.slice(), j * ostr[d], x.dtype);
    copyInto(dstView, srcView);
  });
  const inShape = x.shape;
  return record1('IndexSelectBackward0', [x], out, (g) => {
    const z = empty(inShape, g.dtype).fill_(0);
    if (inShape.length === 0) return [g.sum()];
    const gs = contiguousStrides(g.shape), zs = contiguousStrides(inShape);
    const gc = g.contiguous();
    idx.forEach((k, j) => {
      const kk = k < 0 ? k + size : k;
      const sh = inShape.slice();
      sh[d] = 1;
      const zo = offsetsOf(sh, zs, kk * zs[d]);
      const go = offsetsOf(sh, gs, gc._offset + j * gs[d]);
      const zd = z._storage.data, gd = gc._storage.data;
      for (let i = 0; i < zo.length; i++) zd[zo[i]] += gd[go[i]];
    });
    return [z];
  }, [index]);
}

