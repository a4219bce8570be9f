// Matrix products. Every float product goes through the one native GEMM entry point; transposed
// views are passed as transpose flags, never copied.
import { record1 } from '../autograd/record';
import { checkNumber, checkTensor } from '../check';
import { parseArgs } from '../args';
import { add, mul } from './pointwise';
import { isFloat, promoteTypes } from '../dtype';
import { FloatArray, native } from '../native';
import { broadcastShapes, numelOf } from '../shape';
import { Tensor } from '../tensor';
import { cast, contiguousData, emptyUninit, offsetsOf } from './kernels';
import { expand, squeeze, sumToShape, transpose, unsqueeze } from './shape';

interface MatArg {
  data: FloatArray;
  off: number;
  ld: number;
  trans: boolean;
}

/** How a 2-D strided matrix (rows x cols at `off` with strides s0, s1) can be handed to GEMM. */
function matArg(data: FloatArray, off: number, rows: number, cols: number, s0: number, s1: number): MatArg | null {
  if (rows <= 1 && cols <= 1) return { data, off, ld: Math.max(cols, 1), trans: false };
  if (rows === 1) return s1 === 1 ? { data, off, ld: Math.max(cols, 1), trans: false } : s1 >= 1 ? { data, off, ld: s1, trans: true } : null;
  if (cols === 1) return s0 >= 1 ? { data, off, ld: s0, trans: false } : null;
  if (s1 === 1 && s0 >= cols) return { data, off, ld: s0, trans: false };
  if (s0 === 1 && s1 >= rows) return { data, off, ld: s1, trans: true };
  return null;
}

function dtypeCheck(a: Tensor, b: Tensor): void {
  if (a.dtype === 'bool' || b.dtype === 'bool') throw new TypeError(`"addmm_impl_cpu_" not implemented for 'Bool'`);
  if (a.dtype !== b.dtype) {
    throw new TypeError(`expected scalar type ${a.dtype} but found ${b.dtype} (both operands of a matrix product must have the same dtype)`);
  }
}

/**
 * The batched core: a [..., M, K] @ b [..., K, N] with broadcast batch dims (both at least 2-D).
 * Returns a new contiguous tensor; no autograd.
 */
function matmulRaw(a: Tensor, b: Tensor): Tensor {
  const M = a.shape[a.dim() - 2], K = a.shape[a.dim() - 1];
  const N = b.shape[b.dim() - 1];
  // Two GEMM-addressable float matrices (every Linear layer and its gradients): one call, none of
  // the batch bookkeeping below (about a third of a small product's cost through the API).
  if (a.dim() === 2 && b.dim() === 2 && isFloat(a.dtype) && K > 0) {
    const aData = a._storage.data as FloatArray, bData = b._storage.data as FloatArray;
    const A = matArg(aData, a._offset, M, K, a._strides[0], a._strides[1]);
    const B = matArg(bData, b._offset, K, N, b._strides[0], b._strides[1]);
    if (A && B) {
      const out = emptyUninit([M, N], a.dtype);
      if (M > 0 && N > 0) {
        native.gemm(A.trans, B.trans, M, N, K, 1, A.data, A.off, A.ld, B.data, B.off, B.ld, 0, out._storage.data as FloatArray, 0, N);
      }
      return out;
    }
  }
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const out = emptyUninit([...batch, M, N], a.dtype);
  const nb = numelOf(batch);
  if (out.numel() === 0) return out;
  if (!isFloat(a.dtype)) return intMatmul(a, b, out, batch);
  if (K === 0) return out.fill_(0);

  // Fold the batch into M when b is a plain matrix and a's rows are uniformly strided (Linear on 3-D input).
  if (b.dim() === 2 && a.dim() > 2) {
    const rowsShape = a.shape.slice(0, -1);
    const rowStrides = a._strides.slice(0, -1);
    let uniform = a._strides[a.dim() - 1] === 1;
    for (let i = rowsShape.length - 2; i >= 0 && uniform; i--) {
      if (rowsShape[i] !== 1 && rowStrides[i] !== rowStrides[i + 1] * rowsShape[i + 1]) uniform = false;
    }
    if (uniform) {
      const flat = new Tensor(a._storage, [numelOf(rowsShape), K], [rowStrides[rowStrides.length - 1], 1], a._offset, a.dtype);
      const r = matmulRaw(flat, b);
      return new Tensor(r._storage, out.shape, out._strides, 0, r.dtype);
    }
  }

  const aS = a._strides, bS = b._strides;
  const aBatch = broadcastStridesFor(a, batch), bBatch = broadcastStridesFor(b, batch);
  const aOffs = offsetsOf(batch, aBatch, a._offset), bOffs = offsetsOf(batch, bBatch, b._offset);
  let aData = a._storage.data as FloatArray, bData = b._storage.data as FloatArray;
  let s0a = aS[a.dim() - 2], s1a = aS[a.dim() - 1], s0b = bS[b.dim() - 2], s1b = bS[b.dim() - 1];
  let aOffArr: ArrayLike<number> = aOffs, bOffArr: ArrayLike<number> = bOffs;
  // Matrices GEMM cannot address (e.g. expanded rows) are made contiguous once.
  if (!matArg(aData, 0, M, K, s0a, s1a)) {
    const c = contiguousData(expand(a, [...batch, M, K]).detach()) as FloatArray;
    aData = c; s0a = K; s1a = 1;
    aOffArr = Array.from({ length: nb }, (_, i) => i * M * K);
  }
  if (!matArg(bData, 0, K, N, s0b, s1b)) {
    const c = contiguousData(expand(b, [...batch, K, N]).detach()) as FloatArray;
    bData = c; s0b = N; s1b = 1;
    bOffArr = Array.from({ length: nb }, (_, i) => i * K * N);
  }
  const cData = out._storage.data as FloatArray;
  for (let i = 0; i < nb; i++) {
    const A = matArg(aData, aOffArr[i], M, K, s0a, s1a)!;
    const B = matArg(bData, bOffArr[i], K, N, s0b, s1b)!;
    native.gemm(A.trans, B.trans, M, N, K, 1, A.data, A.off, A.ld, B.data, B.off, B.ld, 0, cData, i * M * N, N);
  }
  return out;
}

function broadcastStridesFor(t: Tensor, batch: number[]): number[] {
  const bs = t.shape.slice(0, -2), st = t._strides.slice(0, -2);
  const off = batch.length - bs.length;
  return batch.map((_, i) => (i < off || bs[i - off] === 1 ? 0 : st[i - off]));
}

function intMatmul(a: Tensor, b: Tensor, out: Tensor, batch: number[]): Tensor {
  const M = a.shape[a.dim() - 2], K = a.shape[a.dim() - 1], N = b.shape[b.dim() - 1];
  const ae = contiguousData(expand(a, [...batch, M, K]));
  const be = contiguousData(expand(b, [...batch, K, N]));
  const o = out._storage.data;
  const nb = numelOf(batch);
  for (let t = 0; t < nb; t++) {
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += ae[t * M * K + i * K + k] * be[t * K * N + k * N + j];
      o[t * M * N + i * N + j] = s | 0;
    }
  }
  return out;
}

/** a @ b for a, b with >= 2 dims (batch broadcasting), with backward. */
function matmulND(a: Tensor, b: Tensor, name: string): Tensor {
  const out = matmulRaw(a, b);
  return record1(name, [a, b], out, (g, node) => [
    node.needsInputGrad(0) ? sumToShape(matmulND(g, transpose(b, -1, -2), 'MmBackward0'), a.shape) : null,
    node.needsInputGrad(1) ? sumToShape(matmulND(transpose(a, -1, -2), g, 'MmBackward0'), b.shape) : null,
  ], [a, b]);
}

function checkTensors(fn: string, a: unknown, b: unknown): asserts a is Tensor {
  checkTensor(a, fn, 'input');
  checkTensor(b, fn, 'other');
}

function promoteInts(a: Tensor, b: Tensor): [Tensor, Tensor] {
  if (a.dtype === b.dtype) return [a, b];
  if (isFloat(a.dtype) && isFloat(b.dtype)) dtypeCheck(a, b);
  const d = promoteTypes(a.dtype, b.dtype);
  if (isFloat(a.dtype) !== isFloat(b.dtype)) dtypeCheck(a, b);
  return [a.dtype === d ? a : cast(a, d), b.dtype === d ? b : cast(b, d)];
}

export function mm(a: Tensor, b: Tensor): Tensor {
  checkTensors('mm', a, b);
  if (a.dim() !== 2) throw new RangeError('self must be a matrix');
  if (b.dim() !== 2) throw new RangeError('mat2 must be a matrix');
  if (a.shape[1] !== b.shape[0]) {
    throw new RangeError(`mat1 and mat2 shapes cannot be multiplied (${a.shape[0]}x${a.shape[1]} and ${b.shape[0]}x${b.shape[1]})`);
  }
  dtypeCheck(a, b);
  return matmulND(a, b, 'MmBackward0');
}

export function bmm(a: Tensor, b: Tensor): Tensor {
  checkTensors('bmm', a, b);
  if (a.dim() !== 3) throw new RangeError('batch1 must be a 3D tensor');
  if (b.dim() !== 3) throw new RangeError('batch2 must be a 3D tensor');
  if (b.shape[0] !== a.shape[0] || b.shape[1] !== a.shape[2]) {
    throw new RangeError(`Expected size for first two dimensions of batch2 tensor to be: [${a.shape[0]}, ${a.shape[2]}] but got: [${b.shape[0]}, ${b.shape[1]}].`);
  }
  dtypeCheck(a, b);
  return matmulND(a, b, 'BmmBackward0');
}

export function dot(a: Tensor, b: Tensor): Tensor {
  checkTensors('dot', a, b);
  if (a.dim() !== 1 || b.dim() !== 1) {
    throw new RangeError(`1D tensors expected, but got ${a.dim()}D and ${b.dim()}D tensors`);
  }
  if (a.shape[0] !== b.shape[0]) {
    throw new RangeError(`inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`);
  }
  dtypeCheck(a, b);
  return squeeze(squeeze(matmulND(unsqueeze(a, 0), unsqueeze(b, 1), 'DotBackward0'), 1), 0);
}

export function mv(a: Tensor, v: Tensor): Tensor {
  checkTensors('mv', a, v);
  if (a.dim() !== 2 || v.dim() !== 1) throw new RangeError(`vector + matrix @ vector expected, got ${a.dim()}, ${v.dim()}`);
  if (a.shape[1] !== v.shape[0]) {
    throw new RangeError(`size mismatch, got input (${a.shape[0]}), mat (${a.shape[0]}x${a.shape[1]}), vec (${v.shape[0]})`);
  }
  dtypeCheck(a, v);
  return squeeze(matmulND(a, unsqueeze(v, 1), 'MvBackward0'), 1);
}

/** PyTorch's matmul: dot, mv, mm, and batched products with broadcasting, by the inputs' ranks. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTensors('matmul', a, b);
  const da = a.dim(), db = b.dim();
  if (da === 0 || db === 0) {
    throw new RangeError(`both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`);
  }
  [a, b] = promoteInts(a, b);
  if (da === 1 && db === 1) return dot(a, b);
  if (da === 2 && db === 1) return mv(a, b);
  if (da === 1 && db === 2) {
    if (a.shape[0] !== b.shape[0]) {
      throw new RangeError(`mat1 and mat2 shapes cannot be multiplied (1x${a.shape[0]} and ${b.shape[0]}x${b.shape[1]})`);
    }
    return squeeze(mm(unsqueeze(a, 0), b), 0);
  }
  if (da === 2 && db === 2) return mm(a, b);
  // Batched: promote 1-D operands, check the contracted dims, broadcast the batch dims.
  const a2 = da === 1 ? unsqueeze(a, 0) : a;
  const b2 = db === 1 ? unsqueeze(b, 1) : b;
  const K = a2.shape[a2.dim() - 1];
  if (b2.shape[b2.dim() - 2] !== K) {
    if (b2.dim() === 2 || a2.dim() === 2) {
      throw new RangeError(`mat1 and mat2 shapes cannot be multiplied (${numelOf(a2.shape.slice(0, -1))}x${K} and ${b2.shape[b2.dim() - 2]}x${b2.shape[b2.dim() - 1]})`);
    }
    throw new RangeError(`Expected size for first two dimensions of batch2 tensor to be: [${broadcastShapes(a2.shape.slice(0, -2), b2.shape.slice(0, -2)).join(', ')}, ${K}] but got: [${b2.shape.slice(0, -2).join(', ')}, ${b2.shape[b2.dim() - 2]}].`);
  }
  dtypeCheck(a2, b2);
  let out = matmulND(a2, b2, 'UnsafeViewBackward0');
  if (da === 1) out = squeeze(out, -2);
  if (db === 1) out = squeeze(out, -1);
  return out;
}


/**
 * addmm(input, mat1, mat2, { beta, alpha }) = beta * input + alpha * (mat1 @ mat2). With float32, a
 * bias-like input ([N] or [1, N]) and beta = alpha = 1 it is one GEMM with the bias fused in.
 */
export function addmm(input: Tensor, mat1: Tensor, mat2: Tensor, ...rest: unknown[]): Tensor {
  checkTensor(input, 'addmm', 'input');
  checkTensors('addmm', mat1, mat2);
  const o = parseArgs('addmm', rest, ['beta', 'alpha']);
  const beta = o.beta === undefined ? 1 : checkNumber(o.beta, 'addmm', 'beta');
  const alpha = o.alpha === undefined ? 1 : checkNumber(o.alpha, 'addmm', 'alpha');
  if (mat1.dim() !== 2) throw new RangeError('mat1 must be a matrix, got ' + mat1.dim() + '-D tensor');
  if (mat2.dim() !== 2) throw new RangeError('mat2 must be a matrix, got ' + mat2.dim() + '-D tensor');
  const [M, K] = mat1.shape, N = mat2.shape[1];
  if (mat2.shape[0] !== K) {
    throw new RangeError(`mat1 and mat2 shapes cannot be multiplied (${M}x${K} and ${mat2.shape[0]}x${N})`);
  }
  dtypeCheck(mat1, mat2);
  dtypeCheck(input, mat1);
  const target = [M, N];
  const lead = 2 - input.dim();
  if (lead < 0 || input.shape.some((s, i) => s !== 1 && s !== target[i + lead])) {
    throw new RangeError(`The expanded size of the tensor (${N}) must match the existing size (${input.shape.at(-1)}) at non-singleton dimension 1.  Target sizes: [${M}, ${N}].  Tensor sizes: [${input.shape.join(', ')}]`);
  }
  const biasRow = input.numel() === N && (input.dim() === 1 || (input.dim() === 2 && input.shape[0] === 1));
  const A = matArg(mat1._storage.data as FloatArray, mat1._offset, M, K, mat1._strides[0], mat1._strides[1]);
  const B = matArg(mat2._storage.data as FloatArray, mat2._offset, K, N, mat2._strides[0], mat2._strides[1]);
  let out: Tensor;
  if (input.dtype === 'float32' && beta === 1 && alpha === 1 && biasRow && A && B && K > 0 && M * N > 0) {
    out = emptyUninit([M, N], 'float32');
    native.gemmEpilogue(A.trans, B.trans, M, N, K, A.data as Float32Array, A.off, A.ld, B.data as Float32Array, B.off, B.ld,
      out._storage.data as Float32Array, 0, N, 2, contiguousData(input.detach()) as Float32Array, false);
  } else {
    const prod = matmulRaw(mat1, mat2);
    out = add(alpha === 1 ? prod : mul(prod, alpha), beta === 1 ? input.detach() : mul(input.detach(), beta)).detach();
    if (beta === 0) out = alpha === 1 ? prod : mul(prod, alpha).detach();
  }
  return record1('AddmmBackward0', [input, mat1, mat2], out, (g, node) => [
    node.needsInputGrad(0) ? sumToShape(beta === 1 ? g : mul(g, beta), input.shape) : null,
    node.needsInputGrad(1) ? mulIf(matmulND(g, transpose(mat2, 0, 1), 'MmBackward0'), alpha) : null,
    node.needsInputGrad(2) ? mulIf(matmulND(transpose(mat1, 0, 1), g, 'MmBackward0'), alpha) : null,
  ], [mat1, mat2]);
}

const mulIf = (t: Tensor, s: number): Tensor => (s === 1 ? t : mul(t, s));
