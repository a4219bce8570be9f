// XOR with a 2-layer MLP built from raw tensors: autograd computes the gradients, and the SGD step
// is written by hand under torch.noGrad (there is no nn / optim module yet).
//   npx tsc --strict --module commonjs --target es2022 --types node xor-autograd.ts && node xor-autograd.js
import * as torch from 'torchlet';

torch.manualSeed(0);

const X = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], { dtype: 'float32' }); // [4, 2]
const Y = torch.tensor([[0], [1], [1], [0]], { dtype: 'float32' });             // [4, 1]

// Parameters: leaves that require grad. randn(...).mul(s) is a tensor without history, so
// requiresGrad_() may be set on it (as in PyTorch).
const hidden = 8;
const W1 = torch.randn(2, hidden).mul(0.5).requiresGrad_();
const b1 = torch.zeros(hidden, { requiresGrad: true });
const W2 = torch.randn(hidden, 1).mul(0.5).requiresGrad_();
const b2 = torch.zeros(1, { requiresGrad: true });
const params = [W1, b1, W2, b2];

function forward(x: torch.Tensor): torch.Tensor {
  const h = x.matmul(W1).add(b1).tanh();   // [4, hidden]
  return h.matmul(W2).add(b2).sigmoid();   // [4, 1], probabilities
}

/** Binary cross-entropy, -mean(y log p + (1 - y) log(1 - p)), with p clamped away from 0 and 1. */
function bce(p: torch.Tensor, y: torch.Tensor): torch.Tensor {
  const q = p.clamp(1e-7, 1 - 1e-7);
  return y.mul(q.log()).add(y.rsub(1).mul(q.rsub(1).log())).mean().neg();
}

const lr = 0.5;
const steps = 2000;
for (let step = 0; step <= steps; step++) {
  const loss = bce(forward(X), Y);
  loss.backward();
  torch.noGrad(() => {
    for (const p of params) {
      p.sub_(p.grad!, { alpha: lr });      // p -= lr * p.grad   (PyTorch: p.add_(p.grad, alpha=-lr))
      p.grad = null;                       // like optimizer.zero_grad(set_to_none=True)
    }
  });
  if (step % 250 === 0) console.log(`step ${String(step).padStart(4)}  loss ${loss.item().toFixed(4)}`);
}

// Predictions, with graph recording off for the block (the guard form of noGrad).
{
  using _g = torch.noGrad();
  const p = forward(X);
  console.log('probabilities:');
  console.log(String(p));
  const pred = p.gt(0.5).int();
  console.log('predictions:', pred.flatten().tolist(), 'targets:', Y.int().flatten().tolist());
  const acc = pred.eq(Y.int()).float().mean().item();
  console.log(`accuracy: ${acc * 100}%`);
}
