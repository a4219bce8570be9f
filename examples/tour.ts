// The README's tour as one program. Every line is the public API as it ships.
//   Run (after `npm run build`, from a project where `torchlet` resolves to this package):
//   npx tsc --strict --module commonjs --target es2022 --types node tour.ts && node tour.js
import * as torch from 'torchlet';

const show = (label: string, v: unknown) => console.log(`${label}:`, v instanceof torch.Tensor ? `\n${v}` : v);

// ---- creation: sizes as (2, 3) or ([2, 3]); PyTorch's keyword arguments in a final options object
torch.manualSeed(0);
const a = torch.zeros(2, 3);                                  // float32 by default
const b = torch.ones([2, 3], { dtype: 'float64' });
const c = torch.tensor([[1, 2], [3, 4]], { dtype: torch.float32 });
const r = torch.randn(2, 3, { requiresGrad: true });
const i = torch.arange(6);                                    // int32: all-integer data
show('zeros', a);
show('ones float64', b);
show('tensor', c);
show('randn', r);
show('arange', i);
show('metadata', [a.shape, a.dtype, a.numel(), a.dim(), a.size(1)]);
show('linspace', torch.linspace(0, 1, 5));
show('from a typed array', torch.tensor(new Float32Array([0.5, 1.5, 2.5])));

// ---- views share storage with their base
const x = torch.arange(12, { dtype: 'float32' }).view(3, 4);
const xt = x.t();                                             // a view: no copy
show('t() is contiguous', xt.isContiguous());
x.index(0).fill_(-1);                                         // writes through the view into x
show('x after x.index(0).fill_(-1)', x);
show('xt sees it', xt.index(':', 0));

// ---- slicing with x.index(...): numbers select, 'a:b:c' strings slice, null adds a dim, '...' fills
show("x.index(':', 1)", x.index(':', 1));                    // x[:, 1]
show("x.index('1:', '::2')", x.index('1:', '::2'));           // x[1:, ::2]
show("x.index('...', -1)", x.index('...', -1));               // x[..., -1]
show("x.index(null, 0).shape", x.index(null, 0).shape);       // x[None, 0].shape

// ---- broadcasting math, with scalar operands
const col = torch.tensor([[1], [2], [3]], { dtype: 'float32' }); // [3, 1]
const row = torch.tensor([10, 20, 30, 40], { dtype: 'float32' }); // [4]
show('col + row', col.add(row));                              // [3, 4]
show('(col * 2 - 1).exp()', col.mul(2).sub(1).exp());
show('add with alpha', col.add(row, { alpha: 0.5 }));         // col + 0.5 * row

// ---- reductions: all dims, given dims, keepdim; max(dim) gives { values, indices }
const m = torch.tensor([[1, 5, 2], [4, 0, 6]], { dtype: 'float32' });
show('m.sum()', m.sum());
show('m.sum(1)', m.sum(1));
show('m.sum(1, true)', m.sum(1, true));
show('m.mean({ dim: 0, keepdim: true })', m.mean({ dim: 0, keepdim: true }));
const { values, indices } = m.max(1);
show('m.max(1).values', values);
show('m.max(1).indices', indices);
show('m.argmax()', m.argmax());

// ---- matmul (PyTorch's 1-D / 2-D / batched rules), mm, bmm
show('m @ m.T', m.matmul(m.t()));
show('matrix @ vector', m.matmul(torch.ones(3)));
show('batched', torch.matmul(torch.randn(5, 2, 3), torch.randn(3, 4)).shape);

// ---- autograd
const w = torch.tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
const h = w.mul(w);
h.retainGrad();                                               // keep .grad on a non-leaf
const loss = h.sum();
show('loss', loss);                                           // prints grad_fn=<...>
loss.backward();
show('w.grad (2w)', w.grad);
show('h.grad', h.grad);
w.grad = null;                                                // .grad is settable (zero it before the next step)

const frozen = torch.noGrad(() => w.mul(2));                  // callback form
show('noGrad result requiresGrad', frozen.requiresGrad);
{
  using _g = torch.noGrad();                                  // guard form, like `with torch.no_grad():`
  show('inside the guard', torch.isGradEnabled());
}
show('after the guard', torch.isGradEnabled());

// Higher-order gradients: d/dx x^3 = 3x^2, d2/dx2 = 6x
const t = torch.tensor(2, { dtype: 'float64', requiresGrad: true });
const [dy] = torch.autograd.grad(t.pow(3), t, { createGraph: true });
const [d2y] = torch.autograd.grad(dy!, t);
show('dy/dx at 2', dy);
show('d2y/dx2 at 2', d2y);

// A custom op, as torch.autograd.Function
type Ctx = torch.autograd.FunctionCtx;
class Cube extends torch.autograd.Function {
  static override forward(ctx: Ctx, x: torch.Tensor): torch.Tensor {
    ctx.saveForBackward(x);
    return x.pow(3);
  }
  static override backward(ctx: Ctx, g: torch.Tensor): torch.Tensor {
    const [x] = ctx.savedTensors;
    return g.mul(x.square().mul(3));
  }
}
const u = torch.tensor([1, 2], { dtype: 'float64', requiresGrad: true });
const cu = Cube.apply(u);
show('Cube.apply(u)', cu);
cu.sum().backward();
show('u.grad (3u^2)', u.grad);

// gradcheck: analytical vs finite-difference Jacobians, in float64
const probe = torch.randn(4, { dtype: 'float64', requiresGrad: true });
show('gradcheck Cube', torch.autograd.gradcheck((v) => Cube.apply(v), [probe]));
show('gradcheck tanh', torch.autograd.gradcheck((v) => v.tanh().mul(v), [probe], { eps: 1e-6, atol: 1e-5 }));

// ---- errors read like PyTorch's
try {
  torch.mm(torch.zeros(64, 400), torch.zeros(120, 84));
} catch (e) {
  show('error', (e as Error).message);
}

// ---- flat data out
show('toTypedArray', m.toTypedArray());                      // a copy, Float32Array here
show('tolist', m.tolist());
show('item', m.sum().item());

// ---- backend
show('backendInfo', torch.backendInfo());
