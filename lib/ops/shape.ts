// Views and shape ops: each forward makes a view (or copy) and its backward maps the grad back.
import { parseArgs, parseDims, parseSize } from '../args';
import { promoteTypes } from '../dtype';
import { checkInt, checkTensor, checkTensorList, isTensor, typeName } from '../check';
import { record1, record } from '../autograd/record';
import { broadcastShapes, contiguousStrides, fmtShape, inferShape, numelOf, wrapDim } from '../shape';
import { Tensor } from '../tensor';
import { copyInto, empty, emptyUninit } from './kernels';
import { sum } from './reduce';

/** A view of t's storage with new geometry. */
export function makeView(t: Tensor, shape: number[], strides: number[], offset: number): Tensor {
  const v = new Tensor(t._storage, shape, strides, offset, t.dtype);
  v._base = t._base ?? t;
  return v;
}

/** Parses arguments that are all required (PyTorch's message when one is missing). */
function req(fn: string, args: unknown[], names: string[]): Record<string, unknown> {
  const a = parseArgs(fn, args, names);
  for (const n of names) {
    if (a[n] === undefined) throw new TypeError(`${fn}() missing required argument '${n}'`);
  }
  return a;
}

/** A trailing `dim` given positionally or as { dim } (default 0). */
function dimArg(fn: string, rest: unknown[]): number {
  const d = parseArgs(fn, rest, ['dim']).dim;
  return d === undefined ? 0 : (d as number);
}

function sizeArgs(fn: string, args: unknown[]): number[] {
  return parseSize(fn, args).size as number[];
}

/** PyTorch's stride computation for view(): null when the view is impossible without a copy. */
function viewStrides(oldShape: number[], oldStrides: number[], newShape: number[]): number[] | null {
  const newStrides = new Array<number>(newShape.length);
  if (numelOf(oldShape) === 0 || oldShape.length === 0) return contiguousStrides(newShape);
  let viewD = newShape.length - 1;
  let chunkBase = oldStrides[oldStrides.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = oldShape.length - 1; d >= 0; d--) {
    tensorNumel *= oldShape[d];
    if (d === 0 || (oldShape[d - 1] !== 1 && oldStrides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = oldStrides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return newStrides;
}

export function view(x: Tensor, ...args: (number | number[])[]): Tensor {
  const shape = inferShape(sizeArgs('view', args), x.numel());
  const strides = viewStrides(x.shape, x._strides, shape);
  if (!strides) {
    throw new Error(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    );
  }
  const inShape = x.shape;
  return record1('ViewBackward0', [x], makeView(x, shape, strides, x._offset), (g) => [reshape(g, inShape)]);
}

export function reshape(x: Tensor, ...args: (number | number[])[]): Tensor {
  const shape = inferShape(sizeArgs('reshape', args), x.numel());
  const strides = viewStrides(x.shape, x._strides, shape);
  if (strides) return view(x, shape);
  return view(clone(x), shape);
}

export function clone(x: Tensor): Tensor {
  checkTensor(x, 'clone');
  const out = emptyUninit(x.shape, x.dtype);
  copyInto(out, x);
  return record1('CloneBackward0', [x], out, (g) => [g]);
}

export function transpose(x: Tensor, ...args: unknown[]): Tensor {
  const { dim0, dim1 } = req('transpose', args, ['dim0', 'dim1']) as { dim0: number; dim1: number };
  const n = x.dim();
  const a = wrapDim(dim0, n), b = wrapDim(dim1, n);
  if (n === 0) return makeView(x, [], [], x._offset);
  const shape = x.shape.slice(), strides = x._strides.slice();
  [shape[a], shape[b]] = [shape[b], shape[a]];
  [strides[a], strides[b]] = [strides[b], strides[a]];
  return record1('TransposeBackward0', [x], makeView(x, shape, strides, x._offset), (g) => [transpose(g, a, b)]);
}

export function t(x: Tensor): Tensor {
  if (x.dim() > 2) throw new RangeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.dim()}D`);
  return x.dim() < 2 ? view(x, x.shape) : transpose(x, 0, 1);
}

export function permute(x: Tensor, ...args: (number | number[])[]): Tensor {
  const dims = parseDims('permute', args);
  const n = x.dim();
  if (dims.length !== n) {
    throw new RangeError(`permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${n} is not equal to len(dims) = ${dims.length}`);
  }
  const w = dims.map((d) => wrapDim(d, n));
  if (new Set(w).size !== n) throw new RangeError('permute(): duplicate dims are not allowed.');
  const shape = w.map((d) => x.shape[d]);
  const strides = w.map((d) => x._strides[d]);
  const inv = new Array<number>(n);
  w.forEach((d, i) => (inv[d] = i));
  return record1('PermuteBackward0', [x], makeView(x, shape, strides, x._offset), (g) => [permute(g, inv)]);
}

export function squeeze(x: Tensor, ...args: unknown[]): Tensor {
  const dim = parseArgs('squeeze', args, ['dim']).dim as number | number[] | undefined;
  const n = x.dim();
  let dims: number[];
  if (dim === undefined || dim === null) dims = x.shape.map((_, i) => i).filter((i) => x.shape[i] === 1);
  else dims = (Array.isArray(dim) ? dim : [dim]).map((d) => wrapDim(d, n)).filter((d) => x.shape[d] === 1);
  const shape: number[] = [], strides: number[] = [];
  x.shape.forEach((s, i) => {
    if (!dims.includes(i)) {
      shape.push(s);
      strides.push(x._strides[i]);
    }
  });
  const inShape = x.shape;
  return record1('SqueezeBackward0', [x], makeView(x, shape, strides, x._offset), (g) => [reshape(g, inShape)]);
}

export function unsqueeze(x: Tensor, ...args: unknown[]): Tensor {
  const { dim } = req('unsqueeze', args, ['dim']) as { dim: number };
  const d = wrapDim(dim, x.dim() + 1);
  const shape = x.shape.slice(), strides = x._strides.slice();
  const st = d < x.dim() ? x._strides[d] * x.shape[d] : 1;
  shape.splice(d, 0, 1);
  strides.splice(d, 0, st);
  return record1('UnsqueezeBackward0', [x], makeView(x, shape, strides, x._offset), (g) => [squeeze(g, d)]);
}

export function flatten(x: Tensor, ...args: unknown[]): Tensor {
  const a = parseArgs('flatten', args, ['startDim', 'endDim']);
  const startDim = (a.startDim as number | undefined) ?? 0, endDim = (a.endDim as number | undefined) ?? -1;
  if (x.dim() === 0) return reshape(x, [1]);
  const s = wrapDim(startDim, x.dim()), e = wrapDim(endDim, x.dim());
  if (s > e) throw new RangeError('flatten() has invalid args: start_dim cannot come after end_dim');
  if (s === e) return x;
  const shape = [...x.shape.slice(0, s), numelOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

export function unflatten(x: Tensor, ...args: unknown[]): Tensor {
  const { dim, sizes } = req('unflatten', args, ['dim', 'sizes']) as { dim: number; sizes: number[] };
  if (!Array.isArray(sizes)) throw new TypeError(`unflatten(): argument 'sizes' must be a list of ints, not ${typeName(sizes)}`);
  sizes.forEach((s, i) => checkInt(s, 'unflatten', `sizes[${i}]`));
  const d = wrapDim(dim, x.dim());
  const known = sizes.filter((s) => s !== -1).reduce((a, b) => a * b, 1);
  const bad = sizes.includes(-1) ? known === 0 || x.shape[d] % known !== 0 : known !== x.shape[d];
  if (bad) {
    throw new RangeError(`unflatten: Provided sizes ${fmtShape(sizes)} don't multiply up to the size of dim ${dim} (${x.shape[d]}) in the input tensor`);
  }
  const inferred = inferShape(sizes, x.shape[d]);
  return view(x, [...x.shape.slice(0, d), ...inferred, ...x.shape.slice(d + 1)]);
}

/** Sums g over broadcast dims so it has `shape` (the backward of broadcasting). */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (g.shape.length === shape.length && g.shape.every((s, i) => s === shape[i])) return g;
  const lead = g.dim() - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.dim(); i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
  }
  let r = dims.length ? sum(g, dims, true) : g;
  if (lead > 0) r = reshape(r, shape.slice());
  else if (r.shape.some((s, i) => s !== shape[i])) r = reshape(r, shape.slice());
  return r;
}

export function expand(x: Tensor, ...args: (number | number[])[]): Tensor {
  const sizes = parseSize('expand', args).size as number[];
  const n = sizes.length;
  if (n < x.dim()) {
    throw new RangeError(`expand(torch.FloatTensor{[${x.shape.join(', ')}]}, size=[${sizes.join(', ')}]): the number of sizes provided (${n}) must be greater or equal to the number of dimensions in the tensor (${x.dim()})`);
  }
  const lead = n - x.dim();
  const shape = new Array<number>(n), strides = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    const j = i - lead;
    const want = sizes[i];
    if (j < 0) {
      if (want < 0) throw new RangeError(`The expanded size of the tensor (${want}) isn't allowed in a leading, non-existing dimension ${i}`);
      shape[i] = want;
      strides[i] = 0;
    } else {
      const have = x.shape[j];
      if (want < -1) throw new RangeError(`Trying to create tensor with negative dimension ${want}: [${sizes.join(', ')}]`);
      const target = want === -1 ? have : want;
      if (have !== target) {
        if (have !== 1) {
          throw new RangeError(`The expanded size of the tensor (${target}) must match the existing size (${have}) at non-singleton dimension ${i}.  Target sizes: [${sizes.join(', ')}].  Tensor sizes: [${x.shape.join(', ')}]`);
        }
        shape[i] = target;
        strides[i] = 0;
      } else {
        shape[i] = have;
        strides[i] = x._strides[j];
      }
    }
  }
  const inShape = x.shape;
  return record1('ExpandBackward0', [x], makeView(x, shape, strides, x._offset), (g) => [sumToShape(g, inShape)]);
}

/** Backward of every "take a sub-view" op: zeros of the input's shape with g written into the view. */
function embed(g: Tensor, inShape: number[], place: (z: Tensor) => Tensor): Tensor {
  const z = empty(inShape, g.dtype);
  copyInto(place(z), g);
  if (g.requiresGrad) {
    // Double backward: express the embedding as an op so higher-order grads flow.
    return record1('EmbedBackward', [g], z, (gg) => [place(gg)]);
  }
  return z;
}

export function narrow(x: Tensor, ...args: unknown[]): Tensor {
  const a = req('narrow', args, ['dim', 'start', 'length']) as { dim: number; start: number; length: number };
  const dim = checkInt(a.dim, 'narrow', 'dim'), length = checkInt(a.length, 'narrow', 'length');
  let start = checkInt(a.start, 'narrow', 'start');
  const d = wrapDim(dim, x.dim());
  if (x.dim() === 0) throw new RangeError('narrow() cannot be applied to a 0-dim tensor.');
  const size = x.shape[d];
  if (start < -size || start > size) throw new RangeError(`start out of range (expected to be in range of [${-size}, ${size}], but got ${start})`);
  if (start < 0) start += size;
  if (length < 0 || start + length > size) throw new RangeError(`start (${start}) + length (${length}) exceeds dimension size (${size}).`);
  const raw = (t: Tensor) => {
    const shape = t.shape.slice();
    shape[d] = length;
    return makeView(t, shape, t._strides.slice(), t._offset + start * t._strides[d]);
  };
  const inShape = x.shape;
  return record1('NarrowBackward0', [x], raw(x), (g) => [embed(g, inShape, raw)]);
}

/** x[:, ..., start:stop:step] along dim (step > 0). */
export function sliceDim(x: Tensor, dim: number, start: number | null, stop: number | null, step = 1): Tensor {
  const d = wrapDim(dim, x.dim());
  if (!(step > 0) || !Number.isInteger(step)) throw new RangeError('slice step must be positive');
  const size = x.shape[d];
  const clampI = (v: number) => Math.min(Math.max(v < 0 ? v + size : v, 0), size);
  const s = start === null ? 0 : clampI(start);
  const e = stop === null ? size : Math.max(clampI(stop), s);
  const len = Math.ceil((e - s) / step);
  const raw = (t: Tensor) => {
    const shape = t.shape.slice(), strides = t._strides.slice();
    shape[d] = len;
    strides[d] = t._strides[d] * step;
    return makeView(t, shape, strides, t._offset + (len > 0 ? s * t._strides[d] : 0));
  };
  const inShape = x.shape;
  return record1('SliceBackward0', [x], raw(x), (g) => [embed(g, inShape, raw)]);
}

export function select(x: Tensor, ...args: unknown[]): Tensor {
  const a = req('select', args, ['dim', 'index']);
  const dim = checkInt(a.dim, 'select', 'dim'), index = checkInt(a.index, 'select', 'index');
  if (x.dim() === 0) throw new RangeError('select() cannot be applied to a 0-dim tensor.');
  const d = wrapDim(dim, x.dim());
  const size = x.shape[d];
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new RangeError(`select(): index ${index} out of range for tensor of size [${x.shape.join(', ')}] at dimension ${d}`);
  }
  const i = index < 0 ? index + size : index;
  const raw = (t: Tensor) => {
    const shape = t.shape.slice(), strides = t._strides.slice();
    shape.splice(d, 1);
    strides.splice(d, 1);
    return makeView(t, shape, strides, t._offset + i * t._strides[d]);
  };
  const inShape = x.shape;
  return record1('SelectBackward0', [x], raw(x), (g) => [embed(g, inShape, raw)]);
}

export type IndexSpec = number | string | null | [number | null, number | null, number?] | { start?: number | null; stop?: number | null; step?: number };

function parseSlice(s: string): [number | null, number | null, number] {
  const parts = s.split(':');
  if (parts.length < 2 || parts.length > 3) throw new TypeError(`bad slice '${s}'`);
  const num = (p: string | undefined): number | null => {
    if (p === undefined || p.trim() === '') return null;
    const v = Number(p);
    if (!Number.isInteger(v)) throw new TypeError(`bad slice '${s}'`);
    return v;
  };
  return [num(parts[0]), num(parts[1]), num(parts[2]) ?? 1];
}

/** Basic indexing: numbers select, slices ('1:3', '::2', [1, 3], {start, stop, step}), null adds a dim, '...' fills. */
export function index(x: Tensor, ...spec: IndexSpec[]): Tensor {
  const ell = spec.filter((s) => s === '...').length;
  if (ell > 1) throw new RangeError('an index can only have a single ellipsis (...)');
  const consumed = spec.filter((s) => s !== null && s !== '...').length;
  if (consumed > x.dim()) throw new RangeError(`too many indices for tensor of dimension ${x.dim()}`);
  const full: IndexSpec[] = [];
  for (const s of spec) {
    if (s === '...') for (let k = 0; k < x.dim() - consumed; k++) full.push(':');
    else if (s === null || typeof s === 'number' || typeof s === 'string' || Array.isArray(s) || (typeof s === 'object' && !isTensor(s))) full.push(s);
    else {
      throw new TypeError(`index(): only integers, slices ('a:b:c', [a, b, c], { start, stop, step }), null and '...' are valid indices, got ${typeName(s)} (use indexSelect / gather / maskedFill for tensor indices)`);
    }
  }
  let out = x;
  let d = 0;
  for (const s of full) {
    if (s === null) {
      out = unsqueeze(out, d);
      d++;
    } else if (typeof s === 'number') {
      out = select(out, d, s);
    } else {
      let st: [number | null, number | null, number];
      if (typeof s === 'string') st = parseSlice(s);
      else if (Array.isArray(s)) st = [s[0] ?? null, s[1] ?? null, s[2] ?? 1];
      else st = [s.start ?? null, s.stop ?? null, s.step ?? 1];
      const bound = (v: number | null, what: string) => (v === null ? null : checkInt(v, 'index', what));
      st = [bound(st[0], 'start'), bound(st[1], 'stop'), checkInt(st[2], 'index', 'step')];
      out = sliceDim(out, d, st[0], st[1], st[2]);
      d++;
    }
  }
  return out;
}

export function cat(tensors: Tensor[], ...rest: unknown[]): Tensor {
  const dim = dimArg('cat', rest);
  checkTensorList(tensors, 'cat');
  if (tensors.length === 0) throw new RangeError('torch.cat(): expected a non-empty list of Tensors');
  // PyTorch skips 1-D empty tensors (legacy behaviour).
  const parts = tensors.filter((t) => !(t.dim() === 1 && t.shape[0] === 0));
  if (parts.length === 0) return tensors[0].clone();
  const ref = parts[0];
  if (ref.dim() === 0) throw new RangeError('zero-dimensional tensor (at position 0) cannot be concatenated');
  const d = wrapDim(dim, ref.dim());
  let dtype = ref.dtype;
  parts.forEach((p, i) => {
    if (p.dim() !== ref.dim()) {
      throw new RangeError(`Tensors must have same number of dimensions: got ${ref.dim()} and ${p.dim()}`);
    }
    for (let k = 0; k < ref.dim(); k++) {
      if (k !== d && p.shape[k] !== ref.shape[k]) {
        throw new RangeError(`Sizes of tensors must match except in dimension ${d}. Expected size ${ref.shape[k]} but got size ${p.shape[k]} for tensor number ${tensors.indexOf(p) >= 0 ? tensors.indexOf(p) : i} in the list.`);
      }
    }
    if (p.dtype !== dtype) dtype = promoteTypes(dtype, p.dtype);
  });
  const shape = ref.shape.slice();
  shape[d] = parts.reduce((a, p) => a + p.shape[d], 0);
  const out = emptyUninit(shape, dtype);
  let off = 0;
  for (const p of parts) {
    const dst = makeView(out, p.shape.slice(), out._strides.slice(), out._offset + off * out._strides[d]);
    copyInto(dst, p.dtype === dtype ? p : p.to(dtype));
    off += p.shape[d];
  }
  return record('CatBackward0', tensors, out, (grads) => {
    const g = grads[0]!;
    let o = 0;
    return tensors.map((t) => {
      // Skipped legacy empty inputs get an empty gradient, as in PyTorch.
      if (!parts.includes(t)) return empty([0], g.dtype);
      const r = narrow(g, d, o, t.shape[d]);
      o += t.shape[d];
      return r;
    });
  });
}


export function stack(tensors: Tensor[], ...rest: unknown[]): Tensor {
  const dim = dimArg('stack', rest);
  checkTensorList(tensors, 'stack');
  if (tensors.length === 0) throw new RangeError('stack expects a non-empty TensorList');
  const ref = tensors[0];
  tensors.forEach((p, i) => {
    if (p.dim() !== ref.dim() || p.shape.some((s, k) => s !== ref.shape[k])) {
      throw new RangeError(`stack expects each tensor to be equal size, but got [${ref.shape.join(', ')}] at entry 0 and [${p.shape.join(', ')}] at entry ${i}`);
    }
  });
  const d = wrapDim(dim, ref.dim() + 1);
  return cat(tensors.map((t) => unsqueeze(t, d)), d);
}

export function split(x: Tensor, splitSizeOrSections: number | number[], ...rest: unknown[]): Tensor[] {
  const dim = dimArg('split', rest);
  const d = wrapDim(dim, x.dim());
  const size = x.shape[d];
  let sizes: number[];
  if (Array.isArray(splitSizeOrSections)) {
    sizes = splitSizeOrSections.map((s, i) => checkInt(s, 'split', `split_sizes[${i}]`));
    if (sizes.some((s) => s < 0)) {
      throw new RangeError(`split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=[${sizes.join(', ')}]`);
    }
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== size) {
      throw new RangeError(`split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${d}), but got split_sizes=[${sizes.join(', ')}]`);
    }
  } else {
    const s = checkInt(splitSizeOrSections, 'split', 'split_size');
    if (!Number.isInteger(s) || s < 0 || (s === 0 && size !== 0)) throw new RangeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${size}`);
    sizes = [];
    if (size === 0) sizes.push(0);
    for (let o = 0; o < size; o += s) sizes.push(Math.min(s, size - o));
  }
  let o = 0;
  return sizes.map((s) => {
    const r = narrow(x, d, o, s);
    o += s;
    return r;
  });
}

export function chunk(x: Tensor, chunks: number, ...rest: unknown[]): Tensor[] {
  const dim = dimArg('chunk', rest);
  if (!Number.isInteger(chunks) || chunks <= 0) throw new RangeError('chunk expects `chunks` to be greater than 0, got: ' + chunks);
  const d = wrapDim(dim, x.dim());
  const each = Math.ceil(x.shape[d] / chunks);
  return split(x, each === 0 ? [0] : each, d);
}

export function unbind(x: Tensor, ...rest: unknown[]): Tensor[] {
  const dim = dimArg('unbind', rest);
  const d = wrapDim(dim, x.dim());
  return Array.from({ length: x.shape[d] }, (_, i) => select(x, d, i));
}

export function broadcastTensors(...tensors: Tensor[]): Tensor[] {
  checkTensorList(tensors, 'broadcastTensors');
  const shape = tensors.reduce<number[]>((s, t) => broadcastShapes(s, t.shape), []);
  return tensors.map((t) => expand(t, shape));
}
