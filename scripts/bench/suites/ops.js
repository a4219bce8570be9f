'use strict';
// ops suite: element-wise and reduction throughput, float32, through the public API (torch.exp,
// torch.add, torch.sum, ...; each call allocates its result, as PyTorch's do), beside the raw addon
// kernel into a preallocated output (kernel ms) so the per-call overhead of the API shows.
// Shapes [10,100], [100,1000], [1000,1000] (numel 1e3, 1e5, 1e6; 2-D so the dim-0 / last-dim
// reductions differ), plus a "tiny" group on 10-element tensors measuring per-call overhead.
// Rows labelled "[us]" time `calls` = 1000 calls per measured invocation (on both sides), so their
// ms columns read microseconds per call; the ratio is unaffected.
const { randomF32 } = require('../lib');

// Native op codes (lib/native.ts: UnaryOp, BinaryOp, ReduceOp).
const UNARY = { exp: 1, tanh: 8, sigmoid: 9, relu: 10 };
const BINARY = { add: 0, mul: 2 };
const REDUCE = { sum: 0, max: 2, argmax: 4 };

const OPS = [
  ['exp', 'exp'], ['tanh', 'tanh'], ['sigmoid', 'sigmoid'], ['relu', 'relu'],
  ['add', 'add'], ['mul', 'mul'], ['add_bias', 'add [B,N]+[N]'],
  ['sum_all', 'sum()'], ['sum_dim0', 'sum(0)'], ['sum_dim1', 'sum(-1)'],
  ['max_dim0', 'max(0)'], ['max_dim1', 'max(-1)'], ['argmax_dim1', 'argmax(-1)'],
];
const TINY = [['add', 'add'], ['mul', 'mul'], ['exp', 'exp'], ['sum_all', 'sum()'], ['mul_sum_fwd_bwd', '(w*x).sum() fwd+bwd']];

function cases({ quick } = {}) {
  const out = [];
  const shapes = quick ? [[10, 100], [1000, 1000]] : [[10, 100], [100, 1000], [1000, 1000]];
  for (const shape of shapes) {
    const numel = shape[0] * shape[1];
    const calls = numel <= 1000 ? 1000 : 1;
    for (const [op, name] of OPS) {
      out.push({ key: `${op}-${shape.join('x')}`, label: `${name} ${shape.join('x')}${calls > 1 ? ' [us]' : ''}`, op, shape, calls });
    }
  }
  for (const [op, name] of TINY) out.push({ key: `tiny-${op}-10`, label: `tiny ${name} [10] [us]`, op, shape: [10], calls: 1000 });
  return out;
}

// Inputs cached per case (one case at a time: the 1e6 ones are 4 MB each).
let cached = { key: null };
function inputs(c, torch) {
  if (cached.key === c.key && cached.torch === torch) return cached;
  const numel = c.shape.reduce((a, b) => a * b, 1);
  const N = c.shape[c.shape.length - 1];
  const x = randomF32(numel, 1);
  const y = randomF32(numel, 2);
  const b = randomF32(N, 3);
  cached = { key: c.key, torch, x, y, b, out: new Float32Array(numel), idx: new Int32Array(numel) };
  if (torch) {
    const mk = (a, shape) => torch.fromTypedArray(a.slice(), shape);
    cached.tx = mk(x, c.shape);
    cached.ty = mk(y, c.shape);
    cached.tb = mk(b, [N]);
  }
  return cached;
}

function repeat(fn, calls) {
  if (calls === 1) return fn;
  return () => {
    for (let i = 0; i < calls; i++) fn();
  };
}

// Raw addon kernel into preallocated outputs (null where there is no single kernel call).
function kernelFn(c, addon, d) {
  const shape = c.shape;
  const rows = shape.length === 2 ? shape[0] : 1;
  const N = shape[shape.length - 1];
  const numel = rows * N;
  const contig = shape.length === 2 ? [N, 1] : [1];
  // The addon's element-wise calls take [rank, shape, strides of each operand] in one Float64Array.
  const dims = (...strides) => Float64Array.from([shape.length, ...shape, ...strides.flat()]);
  const ux = dims(contig), bxy = dims(contig, contig), bias = dims(contig, [0, 1]);
  if (UNARY[c.op] !== undefined) return () => addon.unary(UNARY[c.op], d.x, 0, d.out, 0, 0, ux);
  if (c.op === 'add' || c.op === 'mul') return () => addon.binary(BINARY[c.op], d.x, 0, d.y, 0, d.out, 1, bxy);
  if (c.op === 'add_bias') return () => addon.binary(BINARY.add, d.x, 0, d.b, 0, d.out, 1, bias);
  if (c.op === 'sum_all') return () => addon.reduce(REDUCE.sum, d.x, 0, 1, numel, 1, d.out);
  if (c.op === 'sum_dim0') return () => addon.reduce(REDUCE.sum, d.x, 0, 1, rows, N, d.out);
  if (c.op === 'sum_dim1') return () => addon.reduce(REDUCE.sum, d.x, 0, rows, N, 1, d.out);
  if (c.op === 'max_dim0') return () => addon.reduceWithIndex(REDUCE.max, d.x, 0, 1, rows, N, d.out, d.idx);
  if (c.op === 'max_dim1') return () => addon.reduceWithIndex(REDUCE.max, d.x, 0, rows, N, 1, d.out, d.idx);
  if (c.op === 'argmax_dim1') return () => addon.reduce(REDUCE.argmax, d.x, 0, rows, N, 1, d.idx);
  return null;
}

// The same op through the public API (allocating its result, like PyTorch).
function apiFn(c, torch, d) {
  const { tx: x, ty: y, tb: b } = d;
  switch (c.op) {
    case 'exp': return () => torch.exp(x);
    case 'tanh': return () => torch.tanh(x);
    case 'sigmoid': return () => torch.sigmoid(x);
    case 'relu': return () => torch.relu(x);
    case 'add': return () => torch.add(x, y);
    case 'mul': return () => torch.mul(x, y);
    case 'add_bias': return () => torch.add(x, b);
    case 'sum_all': return () => torch.sum(x);
    case 'sum_dim0': return () => torch.sum(x, 0);
    case 'sum_dim1': return () => torch.sum(x, -1);
    case 'max_dim0': return () => torch.max(x, 0);
    case 'max_dim1': return () => torch.max(x, -1);
    case 'argmax_dim1': return () => torch.argmax(x, -1);
    case 'mul_sum_fwd_bwd': {
      // w is a leaf requiring grad; its .grad is reset each call (zero_grad(set_to_none=True)).
      const w = y.detach().requiresGrad_(true);
      return () => {
        w.grad = null;
        torch.mul(w, x).sum().backward();
      };
    }
    default: throw new Error(`ops: unknown op ${c.op}`);
  }
}

function make(c, ctx) {
  const { torch, addon } = ctx;
  const d = inputs(c, torch);
  const k = kernelFn(c, addon, d);
  const kernel = k ? repeat(k, c.calls) : null;
  if (torch && typeof torch.exp === 'function') return { api: 'public API', fn: repeat(apiFn(c, torch, d), c.calls), kernel };
  if (!kernel) throw new Error(`ops: ${c.label} needs the public API (build dist/)`);
  return { api: 'addon kernels', fn: kernel, kernel };
}

module.exports = {
  name: 'ops',
  describe: 'float32 element-wise ops and reductions; rows marked [us] time 1000 calls, so their ms columns read us per call',
  cases,
  make,
};
