// Every differentiable op passes gradcheck in float64 (analytical vs finite-difference Jacobians).
import { describe, expect, it } from 'vitest';
import * as torch from '../lib/index';
import type { Tensor } from '../lib/index';

torch.manualSeed(0);
const r = (...shape: number[]) => torch.randn(shape, { dtype: 'float64' }).requiresGrad_();
const pos = (...shape: number[]) => torch.rand(shape, { dtype: 'float64' }).add(0.5).requiresGrad_();

type Case = [string, (...xs: Tensor[]) => Tensor | Tensor[], () => Tensor[]];

const cases: Case[] = [
  ['add broadcast', (a, b) => a.add(b), () => [r(3, 1), r(1, 4)]],
  ['add alpha', (a, b) => torch.add(a, b, { alpha: 2.5 }), () => [r(2, 3), r(3)]],
  ['add scalar', (a) => a.add(3), () => [r(4)]],
  ['sub broadcast', (a, b) => a.sub(b), () => [r(2, 3), r(3)]],
  ['rsub scalar', (a) => torch.sub(2, a), () => [r(3)]],
  ['mul broadcast', (a, b) => a.mul(b), () => [r(2, 1, 3), r(4, 1)]],
  ['div', (a, b) => a.div(b), () => [r(2, 3), pos(2, 3)]],
  ['scalar div tensor', (a) => torch.div(1.5, a), () => [pos(5)]],
  ['neg', (a) => a.neg(), () => [r(3, 2)]],
  ['pow tensor', (a, b) => a.pow(b), () => [pos(2, 3), r(2, 3)]],
  ['pow scalar', (a) => a.pow(3), () => [r(4)]],
  ['pow frac', (a) => a.pow(0.5), () => [pos(4)]],
  ['scalar pow', (a) => torch.pow(2, a), () => [r(4)]],
  ['exp', (a) => a.exp(), () => [r(3, 3)]],
  ['log', (a) => a.log(), () => [pos(3, 3)]],
  ['sqrt', (a) => a.sqrt(), () => [pos(5)]],
  ['rsqrt', (a) => a.rsqrt(), () => [pos(5)]],
  ['abs', (a) => a.abs(), () => [r(6)]],
  ['sin', (a) => a.sin(), () => [r(6)]],
  ['cos', (a) => a.cos(), () => [r(6)]],
  ['tanh', (a) => a.tanh(), () => [r(6)]],
  ['sigmoid', (a) => a.sigmoid(), () => [r(6)]],
  ['relu', (a) => a.relu(), () => [r(8)]],
  ['square', (a) => a.square(), () => [r(4)]],
  ['reciprocal', (a) => a.reciprocal(), () => [pos(4)]],
  ['clamp', (a) => a.clamp(-0.5, 0.5), () => [r(10)]],
  ['clamp min only', (a) => a.clamp({ min: 0.1 }), () => [r(10)]],
  ['maximum', (a, b) => torch.maximum(a, b), () => [r(2, 3), r(3)]],
  ['minimum', (a, b) => torch.minimum(a, b), () => [r(2, 3), r(2, 3)]],
  ['where', (a, b) => torch.where(a.detach().gt(0), a, b), () => [r(3, 4), r(4)]],
  ['maskedFill', (a) => a.maskedFill(a.detach().lt(0), 2), () => [r(3, 4)]],
  ['gather', (a) => a.gather(1, torch.tensor([[0, 2], [1, 1]], { dtype: 'int32' })), () => [r(2, 3)]],
  ['scatter', (a, b) => a.scatter(0, torch.tensor([[1, 0, 2]], { dtype: 'int32' }), b), () => [r(3, 3), r(1, 3)]],
  ['scatterAdd', (a, b) => a.scatterAdd(1, torch.tensor([[0, 0], [2, 1]], { dtype: 'int32' }), b), () => [r(2, 3), r(2, 2)]],
  ['indexSelect', (a) => a.indexSelect(0, torch.tensor([2, 0, 2], { dtype: 'int32' })), () => [r(3, 2)]],
  ['sum all', (a) => a.sum(), () => [r(2, 3)]],
  ['sum dims keepdim', (a) => a.sum([0, 2], true), () => [r(2, 3, 4)]],
  ['mean dim', (a) => a.mean(-1), () => [r(2, 3)]],
  ['max all', (a) => a.max(), () => [r(7)]],
  ['max dim', (a) => a.max(1).values, () => [r(3, 4)]],
  ['min dim keepdim', (a) => a.min(0, true).values, () => [r(3, 4)]],
  ['amax', (a) => a.amax([0, 1]), () => [r(3, 4)]],
  ['var', (a) => a.var(1), () => [r(3, 4)]],
  ['var biased', (a) => a.var(0, { unbiased: false }), () => [r(3, 4)]],
  ['std', (a) => a.std(), () => [r(3, 4)]],
  ['prod', (a) => a.prod(1), () => [r(2, 4)]],
  ['prod with zero', (a) => a.prod(), () => [torch.tensor([2, 0, 3, -1], { dtype: 'float64', requiresGrad: true })]],
  ['logsumexp', (a) => a.logsumexp(1), () => [r(3, 5)]],
  ['mm', (a, b) => a.mm(b), () => [r(3, 4), r(4, 2)]],
  ['addmm', (i, a, b) => torch.addmm(i, a, b), () => [r(4), r(3, 5), r(5, 4)]],
  ['addmm beta alpha full input', (i, a, b) => torch.addmm(i, a, b, { beta: 0.5, alpha: 2 }), () => [r(3, 4), r(3, 5), r(5, 4)]],
  ['mm transposed', (a, b) => a.t().mm(b.t()), () => [r(4, 3), r(2, 4)]],
  ['bmm', (a, b) => a.bmm(b), () => [r(2, 3, 4), r(2, 4, 2)]],
  ['matmul 1d1d', (a, b) => a.matmul(b), () => [r(4), r(4)]],
  ['matmul 2d1d', (a, b) => a.matmul(b), () => [r(3, 4), r(4)]],
  ['matmul 1d2d', (a, b) => a.matmul(b), () => [r(4), r(4, 3)]],
  ['matmul batched broadcast', (a, b) => a.matmul(b), () => [r(2, 1, 3, 4), r(5, 4, 2)]],
  ['matmul 3d@2d', (a, b) => a.matmul(b), () => [r(2, 3, 4), r(4, 5)]],
  ['reshape', (a) => a.reshape(4, 3), () => [r(2, 6)]],
  ['view', (a) => a.view(-1), () => [r(2, 3)]],
  ['transpose', (a) => a.transpose(0, 2), () => [r(2, 3, 4)]],
  ['permute', (a) => a.permute(2, 0, 1).mul(2), () => [r(2, 3, 4)]],
  ['squeeze unsqueeze', (a) => a.squeeze(1).unsqueeze(0), () => [r(3, 1, 2)]],
  ['flatten', (a) => a.flatten(1), () => [r(2, 3, 4)]],
  ['unflatten', (a) => a.unflatten(1, [2, 3]), () => [r(2, 6)]],
  ['expand', (a) => a.expand(3, 4).mul(2), () => [r(3, 1)]],
  ['narrow', (a) => a.narrow(1, 1, 2), () => [r(3, 4)]],
  ['select', (a) => a.select(0, -1), () => [r(3, 4)]],
  ['index slicing', (a) => a.index('1:', '::2'), () => [r(3, 5)]],
  ['cat', (a, b) => torch.cat([a, b], 1), () => [r(2, 3), r(2, 2)]],
  ['stack', (a, b) => torch.stack([a, b], -1), () => [r(2, 3), r(2, 3)]],
  ['split', (a) => a.split(2, 1)[1], () => [r(2, 5)]],
  ['chunk', (a) => a.chunk(3)[2], () => [r(5, 2)]],
  ['contiguous of transposed', (a) => a.t().contiguous(), () => [r(3, 4)]],
  ['to float64 chain', (a) => a.mul(a).sum(0), () => [r(3, 2)]],
];

describe('gradcheck (float64)', () => {
  it.each(cases)('%s', (_name, fn, inputs) => {
    expect(torch.autograd.gradcheck(fn as (...x: Tensor[]) => Tensor, inputs(), { eps: 1e-6, atol: 1e-5, rtol: 1e-3 })).toBe(true);
  });

  it('detects a wrong backward', () => {
    class BadSquare extends torch.autograd.Function {
      static override forward(ctx: InstanceType<typeof torch.autograd.FunctionCtx>, x: Tensor) {
        ctx.saveForBackward(x);
        return x.mul(x);
      }
      static override backward(ctx: InstanceType<typeof torch.autograd.FunctionCtx>, g: Tensor) {
        const [x] = ctx.savedTensors;
        return g.mul(x); // should be 2x
      }
    }
    expect(() => torch.autograd.gradcheck((x) => BadSquare.apply(x), [r(3)])).toThrow(/Jacobian mismatch/);
    expect(torch.autograd.gradcheck((x) => BadSquare.apply(x), [r(3)], { raiseException: false })).toBe(false);
  });
});
