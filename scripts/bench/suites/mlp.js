'use strict';
// mlp suite: a 784-256-10 MLP built from raw autograd ops (no nn module yet), float32, through the
// public API. Training step: h = relu(x@W1 + b1); logits = h@W2 + b2;
// loss = mean(logsumexp(logits, 1) - gather(logits, 1, y)); backward; SGD p -= lr*grad under
// noGrad, grads reset to null (zero_grad(set_to_none=True)). Inference: the forward to logits under
// noGrad. PyTorch (pytorch/mlp.py) runs exactly the same ops. ms is per step; samples/s = batch /
// (ms / 1000). GFLOP/s counts the matmul FLOPs only: forward 2·B·(784·256 + 256·10); a training
// step adds dW1, dW2 and dh (x needs no gradient): 2·B·(2·784·256 + 3·256·10).
const { randomF32 } = require('../lib');

const IN = 784, HID = 256, OUT = 10;
const LR = 0.01;

function cases({ quick } = {}) {
  const out = [];
  for (const mode of ['train', 'infer']) {
    for (const batch of quick ? [64] : [64, 256]) {
      out.push({ key: `${mode}-b${batch}`, label: `${mode === 'train' ? 'train step' : 'inference'} batch ${batch}`, mode, batch });
    }
  }
  return out;
}

const flops = (c) => (c.mode === 'train' ? 2 * c.batch * (2 * IN * HID + 3 * HID * OUT) : 2 * c.batch * (IN * HID + HID * OUT));

function model(torch, batch) {
  const t = (a, shape) => torch.fromTypedArray(a, shape);
  // Uniform(-1/sqrt(fan_in), 1/sqrt(fan_in)) like nn.Linear's default, from a fixed seed.
  const scaled = (n, s, seed) => randomF32(n, seed).map((v) => v * s);
  const W1 = t(scaled(IN * HID, 1 / Math.sqrt(IN), 1), [IN, HID]).requiresGrad_(true);
  const b1 = t(scaled(HID, 1 / Math.sqrt(IN), 2), [HID]).requiresGrad_(true);
  const W2 = t(scaled(HID * OUT, 1 / Math.sqrt(HID), 3), [HID, OUT]).requiresGrad_(true);
  const b2 = t(scaled(OUT, 1 / Math.sqrt(HID), 4), [OUT]).requiresGrad_(true);
  const x = t(randomF32(batch * IN, 5), [batch, IN]);
  const yv = new Int32Array(batch);
  for (let i = 0; i < batch; i++) yv[i] = (i * 7 + 3) % OUT;
  const y = t(yv, [batch, 1]);
  return { W1, b1, W2, b2, x, y, params: [W1, b1, W2, b2] };
}

function forward(torch, m) {
  const h = torch.relu(torch.add(torch.matmul(m.x, m.W1), m.b1));
  return torch.add(torch.matmul(h, m.W2), m.b2);
}

function trainStep(torch, m) {
  const logits = forward(torch, m);
  const loss = torch.mean(torch.sub(torch.logsumexp(logits, 1), torch.gather(logits, 1, m.y).squeeze(1)));
  loss.backward();
  torch.noGrad(() => {
    for (const p of m.params) {
      p.sub_(p.grad.mul(LR));
      p.grad = null;
    }
  });
  return loss;
}

function make(c, ctx) {
  const { torch } = ctx;
  if (!torch || typeof torch.matmul !== 'function') throw new Error('mlp: needs the public API (build dist/)');
  const m = model(torch, c.batch);
  const fn = c.mode === 'train' ? () => trainStep(torch, m) : () => torch.noGrad(() => forward(torch, m));
  return { api: 'public API', fn, kernel: null };
}

module.exports = {
  name: 'mlp',
  describe: '784-256-10 MLP from raw autograd ops: SGD training step / inference forward, ms per step (samples/s = batch*1000/ms)',
  cases,
  flops,
  make,
  model,  // exported for profiling: node --cpu-prof with model() + trainStep() in a loop
  forward,
  trainStep,
};
