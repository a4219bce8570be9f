import { describe, expect, it } from 'vitest';
import * as torch from '../lib/index';
import type { Tensor } from '../lib/index';

const f64 = (v: unknown, requiresGrad = false) => torch.tensor(v, { dtype: 'float64', requiresGrad });

describe('backward', () => {
  it('computes leaf grads and accumulates across calls', () => {
    const x = f64([1, 2, 3], true);
    const y = x.mul(x).sum();
    y.backward();
    expect(x.grad!.tolist()).toEqual([2, 4, 6]);
    x.mul(3).sum().backward();
    expect(x.grad!.tolist()).toEqual([5, 7, 9]);
    x.grad = null;
    x.sum().backward();
    expect(x.grad!.tolist()).toEqual([1, 1, 1]);
  });

  it('needs a gradient for non-scalar outputs, and checks its shape', () => {
    const x = f64([1, 2], true);
    const y = x.mul(2);
    expect(() => y.backward()).toThrow('grad can be implicitly created only for scalar outputs');
    expect(() => y.backward(f64([1, 1, 1]))).toThrow(/Mismatch in shape: grad_output\[0\] has a shape of torch.Size\(\[3\]\) and output\[0\] has a shape of torch.Size\(\[2\]\)/);
    y.backward(f64([1, 10]));
    expect(x.grad!.tolist()).toEqual([2, 20]);
  });

  it('refuses a second backward through freed buffers unless retainGraph', () => {
    const x = f64([1, 2], true);
    const y = x.mul(x).sum();
    y.backward({ retainGraph: true });
    y.backward();
    expect(x.grad!.tolist()).toEqual([4, 8]);
    expect(() => y.backward()).toThrow(/Trying to backward through the graph a second time/);
  });

  it('errors for tensors that do not require grad', () => {
    expect(() => f64([1, 2]).sum().backward()).toThrow('element 0 of tensors does not require grad and does not have a grad_fn');
  });

  it('keeps grads of non-leaves only with retainGrad', () => {
    const x = f64([1, 2], true);
    const h = x.mul(3);
    const k = x.mul(4);
    h.retainGrad();
    h.add(k).mul(h).sum().backward();
    // d/dh sum((h + k) * h) = 2h + k
    expect(h.grad!.tolist()).toEqual([2 * 3 + 4, 2 * 6 + 8]);
    expect(k.grad).toBeNull();
    expect(h.isLeaf).toBe(false);
    expect(x.isLeaf).toBe(true);
  });

  it('names grad_fn like PyTorch', () => {
    const x = f64([1, 2], true);
    expect(x.mul(2).gradFn!.name).toBe('MulBackward0');
    expect(x.add(x).gradFn!.name).toBe('AddBackward0');
    expect(x.sum().gradFn!.name).toBe('SumBackward0');
    expect(x.sum(0).gradFn!.name).toBe('SumBackward1');
    expect(x.mean().gradFn!.name).toBe('MeanBackward0');
  });

  it('detach cuts the graph and shares storage', () => {
    const x = f64([1, 2], true);
    const d = x.detach();
    expect(d.requiresGrad).toBe(false);
    d.mul_(2);
    expect(x.tolist()).toEqual([2, 4]);
  });

  it('broadcast grads are summed back to the input shape', () => {
    const a = f64([[1], [2]], true);
    const b = f64([10, 20, 30], true);
    a.mul(b).sum().backward();
    expect(a.grad!.tolist()).toEqual([[60], [60]]);
    expect(b.grad!.tolist()).toEqual([3, 3, 3]);
  });
});

describe('grad mode', () => {
  it('noGrad callback and guard record nothing; enableGrad re-enables', () => {
    const x = f64([1], true);
    const y = torch.noGrad(() => x.mul(2));
    expect(y.requiresGrad).toBe(false);
    {
      using _g = torch.noGrad();
      expect(torch.isGradEnabled()).toBe(false);
      expect(x.mul(2).requiresGrad).toBe(false);
      const z = torch.enableGrad(() => x.mul(2));
      expect(z.requiresGrad).toBe(true);
    }
    expect(torch.isGradEnabled()).toBe(true);
    torch.setGradEnabled(false);
    expect(x.mul(2).gradFn).toBeNull();
    torch.setGradEnabled(true);
    expect(x.mul(2).gradFn).not.toBeNull();
  });

  it('noGrad restores the mode when the callback throws', () => {
    expect(() => torch.noGrad(() => { throw new Error('boom'); })).toThrow('boom');
    expect(torch.isGradEnabled()).toBe(true);
  });
});

describe('autograd.grad', () => {
  it('returns input grads without touching .grad', () => {
    const x = f64([1, 2, 3], true);
    const [g] = torch.autograd.grad(x.pow(3).sum(), [x]);
    expect(g!.tolist()).toEqual([3, 12, 27]);
    expect(x.grad).toBeNull();
  });

  it('createGraph gives second derivatives', () => {
    const x = f64([1, 2, 3], true);
    const [g] = torch.autograd.grad(x.pow(3).sum(), [x], { createGraph: true });
    const [gg] = torch.autograd.grad(g!.sum(), [x]);
    expect(gg!.tolist()).toEqual([6, 12, 18]);
  });

  it('second derivative of tanh and sigmoid through createGraph', () => {
    const x = f64([0.3, -0.7], true);
    const [g] = torch.autograd.grad(x.tanh().sum(), [x], { createGraph: true });
    const [gg] = torch.autograd.grad(g!.sum(), [x]);
    const t = [0.3, -0.7].map(Math.tanh);
    (gg!.tolist() as number[]).forEach((v, i) => expect(v).toBeCloseTo(-2 * t[i] * (1 - t[i] * t[i]), 12));
  });

  it('unused inputs need allowUnused', () => {
    const x = f64([1], true), y = f64([2], true);
    expect(() => torch.autograd.grad(x.mul(2).sum(), [x, y])).toThrow(/appears to not have been used in the graph/);
    const [gx, gy] = torch.autograd.grad(x.mul(2).sum(), [x, y], { allowUnused: true });
    expect(gx!.tolist()).toEqual([2]);
    expect(gy).toBeNull();
  });

  it('gradOutputs weights the outputs', () => {
    const x = f64([1, 2], true);
    const [g] = torch.autograd.grad([x.mul(x)], [x], { gradOutputs: [f64([1, -1])] });
    expect(g!.tolist()).toEqual([2, -4]);
  });
});

describe('custom Function', () => {
  class Square extends torch.autograd.Function {
    static override forward(ctx: InstanceType<typeof torch.autograd.FunctionCtx>, x: Tensor) {
      ctx.saveForBackward(x);
      return x.mul(x);
    }
    static override backward(ctx: InstanceType<typeof torch.autograd.FunctionCtx>, g: Tensor) {
      const [x] = ctx.savedTensors;
      return g.mul(x).mul(2);
    }
  }
  it('runs forward without a graph and its backward in the graph', () => {
    const x = f64([1, -2, 3], true);
    const y = Square.apply(x);
    expect(y.tolist()).toEqual([1, 4, 9]);
    expect(y.gradFn!.name).toBe('SquareBackward');
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([2, -4, 6]);
    expect(torch.autograd.gradcheck((t) => Square.apply(t), [f64([0.5, -1.5], true)])).toBe(true);
  });
});

describe('in-place and autograd', () => {
  it('forbids in-place on a leaf that requires grad', () => {
    const x = f64([1, 2], true);
    expect(() => x.add_(1)).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
    torch.noGrad(() => x.add_(1));
    expect(x.tolist()).toEqual([2, 3]);
  });

  it('in-place on a non-leaf keeps gradients right', () => {
    const x = f64([1, 2], true);
    const y = x.mul(3);
    y.mul_(x);
    y.sum().backward();
    // y = 3x^2 -> dy/dx = 6x (PyTorch gives the same)
    expect(x.grad!.tolist()).toEqual([6, 12]);
    const z = x.mul(3);
    z.mul_(z); // z was saved by its own mul_: PyTorch refuses this at backward too
    expect(() => z.sum().backward()).toThrow(/modified by an inplace operation/);
  });

  it('detects modification of a saved tensor', () => {
    const x = f64([1, 2], true);
    const y = x.add(1);
    const z = y.sum();
    torch.noGrad(() => y.add_(1));
    expect(() => z.backward()).not.toThrow(); // add and sum save no tensors
    const x2 = f64([1, 2], true);
    const s = x2.sigmoid();
    torch.noGrad(() => s.mul_(2));
    expect(() => s.sum().backward()).toThrow(/modified by an inplace operation/);
  });

  it('requiresGrad only for float leaves', () => {
    expect(() => torch.tensor([1, 2], { dtype: 'int32' }).requiresGrad_()).toThrow('only Tensors of floating point dtype can require gradients');
    const y = f64([1], true).mul(2);
    expect(() => { y.requiresGrad = false; }).toThrow(/only change requires_grad flags of leaf variables/);
  });
});

describe('in-place updates without a graph', () => {
  it('add_/sub_/mul_/div_ write in place, broadcast, bump the version and match out-of-place', () => {
    const p = torch.tensor([[1, 2, 3], [4, 5, 6]]);
    const storage = p._storage.data;
    const g = torch.tensor([10, 20, 30]);
    torch.noGrad(() => {
      p.sub_(g, { alpha: 0.1 });
      p.mul_(2);
      p.add_(torch.tensor(1));
      p.div_(torch.tensor([[2], [4]]));
    });
    expect(p._storage.data).toBe(storage); // same buffer: no temporary swapped in
    const expected = torch.tensor([[1, 2, 3], [4, 5, 6]]).sub(g.mul(0.1)).mul(2).add(1).div(torch.tensor([[2], [4]]));
    expect(p.allclose(expected)).toBe(true);
    expect(() => p.add_(g, { alpah: 2 } as never)).toThrow(/unexpected keyword argument 'alpah'/);
    const w = torch.tensor([1, 2], { requiresGrad: true });
    expect(() => w.add_(1)).toThrow(/leaf Variable that requires grad/);
    const i = torch.tensor([1, 2], { dtype: 'int32' });
    i.add_(3);
    expect(i.tolist()).toEqual([4, 5]);
  });
});

describe('leaf gradients without a copy', () => {
  const vals = (t: Tensor) => Array.from(t.toTypedArray());

  it('one gradient handed to two leaves (add) gives each its own .grad', () => {
    const a = torch.tensor([1, 2, 3], { requiresGrad: true });
    const b = torch.tensor([4, 5, 6], { requiresGrad: true });
    a.add(b).mul(torch.tensor([1, 10, 100])).sum().backward();
    a.grad!.mul_(2); // gradient clipping and optimizers write .grad in place
    expect(vals(a.grad!)).toEqual([2, 20, 200]);
    expect(vals(b.grad!)).toEqual([1, 10, 100]);
  });

  it('views of one gradient (cat, split) handed to several leaves stay independent', () => {
    const a = torch.tensor([1, 2], { requiresGrad: true });
    const b = torch.tensor([3, 4], { requiresGrad: true });
    torch.cat([a, b]).mul(torch.tensor([1, 2, 3, 4])).sum().backward();
    b.grad!.zero_();
    expect(vals(a.grad!)).toEqual([1, 2]);
    expect(vals(b.grad!)).toEqual([0, 0]);
  });

  it("the user's gradient argument is copied, not taken", () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const g = torch.tensor([5, 6]);
    x.backward(g);
    x.grad!.add_(1);
    expect(vals(g)).toEqual([5, 6]);
    expect(vals(x.grad!)).toEqual([6, 7]);
  });

  it('a custom Function whose backward returns a tensor it keeps: .grad is a copy', () => {
    const kept: Tensor[] = [];
    class Keep extends torch.autograd.Function {
      static forward(_ctx: unknown, x: Tensor) {
        return x.mul(1);
      }
      static backward(_ctx: unknown, g: Tensor) {
        const r = g.mul(3);
        kept.push(r);
        return r;
      }
    }
    const x = torch.tensor([1, 2], { requiresGrad: true });
    (Keep.apply(x) as Tensor).sum().backward();
    x.grad!.mul_(10);
    expect(vals(kept[0])).toEqual([3, 3]);
    expect(vals(x.grad!)).toEqual([30, 30]);
  });

  it('a fresh gradient is taken as .grad and later passes accumulate into it', () => {
    const w = torch.tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const x = torch.tensor([[1, 0], [0, 1]]);
    torch.mm(x, w).sum().backward();
    const first = w.grad!;
    expect(vals(first)).toEqual([1, 1, 1, 1]);
    torch.mm(x, w).mul(2).sum().backward();
    expect(w.grad).toBe(first); // accumulated in place, as PyTorch does
    expect(vals(w.grad!)).toEqual([3, 3, 3, 3]);
  });

  it('retainGrad on a non-leaf and the leaf behind it do not share storage', () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const y = x.mul(1).reshape([2]);
    y.retainGrad();
    y.mul(torch.tensor([2, 3])).sum().backward();
    x.grad!.zero_();
    expect(vals(y.grad!)).toEqual([2, 3]);
  });
});
