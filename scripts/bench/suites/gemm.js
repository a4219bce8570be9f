'use strict';
// gemm suite: C = op(A)·op(B), float32, row-major. Square sizes, the training shapes (batch-64 MLP
// layer, LeNet im2col conv1/conv2 per batch) with their backward-pass transposes, and the MLP layer's
// forward at inference batch 1 and 4.
const { randomF32 } = require('../lib');

function cases({ quick } = {}) {
  const out = [];
  const add = (ta, tb, M, N, K, note) => {
    const tag = `${ta ? 'T' : 'N'}${tb ? 'T' : 'N'}`;
    out.push({ key: `${tag}-${M}x${N}x${K}`, label: `${tag} ${M}x${N}x${K}${note ? ' ' + note : ''}`, ta, tb, M, N, K });
  };
  for (const n of quick ? [64, 256, 1024] : [64, 128, 256, 512, 1024, 2048]) add(false, false, n, n, n);
  // MLP 784->256, batch 64: forward X·Wᵀ-like (NN), weight grad Xᵀ·dY (TN), input grad dY·W (NT).
  add(false, false, 64, 256, 784, 'fc fwd');
  add(true, false, 784, 256, 64, 'fc dW');
  add(false, true, 64, 784, 256, 'fc dX');
  // Its 256->10 output layer: N = 10 (or K = 10) is narrower than a register tile.
  add(false, false, 64, 10, 256, 'fc2 fwd');
  add(true, false, 256, 10, 64, 'fc2 dW');
  add(false, true, 64, 256, 10, 'fc2 dX');
  // The same two layers as nn.Linear stores them (weight [out, in]; PyTorch's own layout, and what
  // code ported from it runs): forward x·Wᵀ (NT), input grad dY·W (NN), weight grad dYᵀ·x (TN).
  add(false, true, 64, 256, 784, 'nn.Linear fc fwd');
  add(false, false, 64, 784, 256, 'nn.Linear fc dX');
  add(true, false, 256, 784, 64, 'nn.Linear fc dW');
  add(false, true, 64, 10, 256, 'nn.Linear fc2 fwd');
  add(false, false, 64, 256, 10, 'nn.Linear fc2 dX');
  add(true, false, 10, 256, 64, 'nn.Linear fc2 dW');
  // Inference at batch 1 and 4 through a Linear layer as PyTorch stores it (weight [out, in]):
  // x·Wᵀ, a few rows times a transposed operand.
  add(false, true, 1, 256, 784, 'fc fwd batch 1');
  add(false, true, 4, 256, 784, 'fc fwd batch 4');
  // LeNet conv1 im2col (6 filters, 5x5x1, 64x28x28 outputs): W·cols, dW = dY·colsᵀ, dcols = Wᵀ·dY.
  add(false, false, 6, 50176, 25, 'conv1 fwd');
  add(false, true, 6, 25, 50176, 'conv1 dW');
  add(true, false, 25, 50176, 6, 'conv1 dcol');
  // LeNet conv2 (16 filters, 5x5x6 = 150, 64x10x10 = 6400 outputs).
  add(false, false, 16, 6400, 150, 'conv2 fwd');
  add(false, true, 16, 150, 6400, 'conv2 dW');
  add(true, false, 150, 6400, 16, 'conv2 dcol');
  return out;
}

const flops = (c) => 2 * c.M * c.N * c.K;

const buffers = new Map();
function operands(c) {
  if (!buffers.has(c.key)) {
    buffers.clear();
    buffers.set(c.key, {
      A: randomF32(c.M * c.K, 1),
      B: randomF32(c.K * c.N, 2),
      C: randomF32(c.M * c.N, 3),
    });
  }
  return buffers.get(c.key);
}

// The public API when available (torch.mm on tensors; transposed operands as .t() views), and the
// kernel alone (addon.gemm into a preallocated C, the "kernel ms" column).
function make(c, ctx) {
  const { torch, addon } = ctx;
  const { A, B, C } = operands(c);
  const lda = c.ta ? c.M : c.K;
  const ldb = c.tb ? c.K : c.N;
  const kernel = () => addon.gemm(c.ta, c.tb, c.M, c.N, c.K, 1, A, 0, lda, B, 0, ldb, 0, C, 0, c.N);
  if (!torch || typeof torch.mm !== 'function') return { api: 'addon gemm', fn: kernel, kernel };
  const a = c.ta ? torch.randn([c.K, c.M]).t() : torch.randn([c.M, c.K]);
  const b = c.tb ? torch.randn([c.N, c.K]).t() : torch.randn([c.K, c.N]);
  return { api: 'public torch.mm', fn: () => torch.mm(a, b), kernel };
}

module.exports = { name: 'gemm', describe: 'float32 C = op(A)·op(B)', cases, flops, make };
