import { describe, expect, it } from 'vitest';
import * as torch from '../lib/index';

describe('creation', () => {
  it('tensor infers dtype and shape from nested data', () => {
    const a = torch.tensor([[1, 2], [3, 4]]);
    expect(a.dtype).toBe('float32'); // JS numbers: PyTorch's default dtype
    expect(a.shape).toEqual([2, 2]);
    expect(torch.tensor([1, 2], { dtype: 'int32' }).dtype).toBe('int32');
    expect(torch.tensor(new Int32Array([1, 2])).dtype).toBe('int32');
    expect(torch.tensor([1.5, 2]).dtype).toBe('float32');
    expect(torch.tensor([true, false]).dtype).toBe('bool');
    expect(torch.tensor([true, false]).tolist()).toEqual([true, false]);
    expect(torch.tensor(3.5).shape).toEqual([]);
    expect(torch.tensor(3.5).item()).toBe(3.5);
    expect(torch.tensor(new Float64Array([1, 2])).dtype).toBe('float64');
    expect(torch.tensor([1, 2], { dtype: 'float64' }).dtype).toBe('float64');
    expect(torch.tensor([]).shape).toEqual([0]);
  });

  it('rejects ragged and non-numeric data like PyTorch', () => {
    expect(() => torch.tensor([[1, 2], [3]])).toThrow('expected sequence of length 2 at dim 1 (got 1)');
    expect(() => torch.tensor(['a'])).toThrow(/Could not infer dtype of string/);
    expect(() => torch.tensor([2 ** 40], { dtype: 'int32' })).toThrow(/overflow/);
  });

  it('zeros/ones/full/empty take sizes as (2, 3) or ([2, 3]) with options', () => {
    expect(torch.zeros(2, 3).shape).toEqual([2, 3]);
    expect(torch.ones([2, 3], { dtype: 'float64' }).dtype).toBe('float64');
    expect(torch.ones(2, { dtype: 'int32' }).tolist()).toEqual([1, 1]);
    expect(torch.full([2], 7).tolist()).toEqual([7, 7]);
    expect(torch.full([2], 7).dtype).toBe('float32');
    expect(torch.full([2], 7, { dtype: 'int32' }).dtype).toBe('int32');
    expect(torch.full([2], true).dtype).toBe('bool');
    expect(torch.full([1], 0.5).dtype).toBe('float32');
    expect(torch.zeros(3, 4, { requiresGrad: true }).requiresGrad).toBe(true);
    expect(torch.zeros().shape).toEqual([]);
    expect(torch.zerosLike(torch.ones(2, 2)).tolist()).toEqual([[0, 0], [0, 0]]);
    expect(torch.onesLike(torch.ones(2), { dtype: 'int32' }).dtype).toBe('int32');
  });

  it('rejects negative and fractional sizes', () => {
    expect(() => torch.zeros(-1, 2)).toThrow('Trying to create tensor with negative dimension -1: [-1, 2]');
    expect(() => torch.zeros(1.5)).toThrow(/integers/);
    expect(() => torch.ones([2, -3])).toThrow(/negative dimension -3/);
  });

  it('arange, linspace, eye', () => {
    expect(torch.arange(5).tolist()).toEqual([0, 1, 2, 3, 4]);
    expect(torch.arange(5).dtype).toBe('int32');
    expect(torch.arange(1, 2, 0.25).tolist()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(torch.arange(5, 0, -2).tolist()).toEqual([5, 3, 1]);
    expect(() => torch.arange(0, 5, 0)).toThrow('step must be nonzero');
    expect(torch.linspace(0, 1, 5).tolist()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(torch.eye(2, 3).tolist()).toEqual([[1, 0, 0], [0, 1, 0]]);
  });

  it('random creation is seeded and shaped', () => {
    torch.manualSeed(1);
    const a = torch.rand(3, 4);
    torch.manualSeed(1);
    const b = torch.rand([3, 4]);
    expect(a.tolist()).toEqual(b.tolist());
    expect(torch.randn(2, 5).shape).toEqual([2, 5]);
    const ri = torch.randint(3, 10, [100]);
    expect(ri.dtype).toBe('int32');
    expect((ri.tolist() as number[]).every((v) => v >= 3 && v < 10)).toBe(true);
    expect((torch.randperm(6).tolist() as number[]).slice().sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('views share storage', () => {
  it('view/transpose/narrow/select/index write through', () => {
    const x = torch.arange(12, { dtype: 'float32' }).reshape(3, 4);
    x.t().select(0, 1).fill_(-1); // column 1
    expect(x.select(1, 1).tolist()).toEqual([-1, -1, -1]);
    x.narrow(0, 2, 1).zero_();
    expect(x.tolist()[2]).toEqual([0, 0, 0, 0]);
    const y = x.index(':', '1:3');
    expect(y.shape).toEqual([3, 2]);
    expect(y.isContiguous()).toBe(false);
    expect(x.index(null, 0).shape).toEqual([1, 4]);
    expect(x.index('...', -1).tolist()).toEqual([3, 7, 0]);
    expect(x.index('::2').shape).toEqual([2, 4]);
  });

  it('view refuses incompatible strides; reshape copies', () => {
    const x = torch.zeros(3, 4).t();
    expect(() => x.view(12)).toThrow(/view size is not compatible with input tensor's size and stride/);
    expect(x.reshape(12).shape).toEqual([12]);
    expect(() => torch.zeros(2, 3).view(4)).toThrow("shape '[4]' is invalid for input of size 6");
    expect(torch.zeros(2, 3).view(-1, 2).shape).toEqual([3, 2]);
  });

  it('shape ops', () => {
    const x = torch.zeros(2, 1, 3);
    expect(x.squeeze().shape).toEqual([2, 3]);
    expect(x.unsqueeze(-1).shape).toEqual([2, 1, 3, 1]);
    expect(x.permute(2, 0, 1).shape).toEqual([3, 2, 1]);
    expect(x.flatten().shape).toEqual([6]);
    expect(x.expand(2, 5, 3).shape).toEqual([2, 5, 3]);
    expect(() => x.expand(3, 1, 3)).toThrow(/must match the existing size \(2\) at non-singleton dimension 0/);
    expect(() => x.transpose(0, 3)).toThrow('Dimension out of range (expected to be in range of [-3, 2], but got 3)');
    const parts = torch.arange(7).split(3);
    expect(parts.map((p) => p.tolist())).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(torch.arange(6).chunk(4).map((p) => p.numel())).toEqual([2, 2, 2]);
    expect(torch.cat([torch.ones(2, 1), torch.zeros(2, 2)], 1).tolist()).toEqual([[1, 0, 0], [1, 0, 0]]);
    expect(() => torch.cat([torch.ones(2, 1), torch.zeros(3, 2)], 1)).toThrow('Sizes of tensors must match except in dimension 1. Expected size 2 but got size 3 for tensor number 1 in the list.');
    expect(torch.stack([torch.ones(2), torch.zeros(2)]).shape).toEqual([2, 2]);
  });
});

describe('printing like PyTorch', () => {
  it('formats floats, ints, bools, empties and scalars', () => {
    expect(torch.tensor([1.5, 2]).toString()).toBe('tensor([1.5000, 2.0000])');
    expect(torch.tensor([1e-5, 1]).toString()).toBe('tensor([1.0000e-05, 1.0000e+00])');
    expect(torch.tensor([[1, 2], [3, 4]], { dtype: 'int32' }).toString()).toBe('tensor([[1, 2],\n        [3, 4]], dtype=torch.int32)');
    expect(torch.tensor([[1, 2], [3, 4]]).toString()).toBe('tensor([[1., 2.],\n        [3., 4.]])');
    expect(torch.tensor(3, { dtype: 'int32' }).toString()).toBe('tensor(3, dtype=torch.int32)');
    expect(torch.tensor(3.0, { dtype: 'float32' }).toString()).toBe('tensor(3.)');
    expect(torch.zeros(0, 3).toString()).toBe('tensor([], size=(0, 3))');
    expect(torch.tensor([true]).toString()).toBe('tensor([True])');
    expect(torch.tensor([1, 2], { dtype: 'float64', requiresGrad: true }).toString()).toBe('tensor([1., 2.], dtype=torch.float64, requires_grad=True)');
    expect(torch.tensor([1], { dtype: 'float32', requiresGrad: true }).mul(2).toString()).toBe('tensor([2.], grad_fn=<MulBackward0>)');
  });
});

describe('mm on strided views', () => {
  // Naive float64 reference over the tensors' own values (tolist follows the views' strides).
  const ref = (a: torch.Tensor, b: torch.Tensor): number[][] => {
    const A = a.tolist() as number[][], B = b.tolist() as number[][];
    return A.map((row) => B[0].map((_, j) => row.reduce((s, v, k) => s + v * B[k][j], 0)));
  };
  const close = (got: torch.Tensor, want: number[][]) => {
    expect(got.shape).toEqual([want.length, want.length ? want[0].length : 0]);
    const g = got.tolist() as number[][];
    want.forEach((row, i) => row.forEach((v, j) => expect(g[i][j]).toBeCloseTo(v, 4)));
  };
  it('offsets, column slices (leading dimension > columns), transposes, expanded rows, empty and K = 0', () => {
    const x = torch.randn([7, 9]), y = torch.randn([9, 6]);
    close(torch.mm(x, y), ref(x, y));
    const rows = x.narrow(0, 2, 4), cols = y.narrow(1, 1, 4); // offset view; column slice with ld 6
    close(torch.mm(rows, cols), ref(rows, cols));
    close(torch.mm(y.t(), x.t()), ref(y.t(), x.t())); // both transposed
    close(torch.mm(x.narrow(1, 3, 5), y.narrow(0, 3, 5).t().narrow(0, 1, 2).t()), ref(x.narrow(1, 3, 5), y.narrow(0, 3, 5).t().narrow(0, 1, 2).t()));
    const ex = torch.randn([1, 9]).expand(5, 9); // stride 0 rows: copied, then the same product
    close(torch.mm(ex, y), ref(ex, y));
    expect(torch.mm(torch.zeros(0, 3), torch.zeros(3, 4)).shape).toEqual([0, 4]);
    expect(torch.mm(torch.zeros(2, 3), torch.zeros(3, 0)).shape).toEqual([2, 0]);
    expect(torch.mm(torch.ones(2, 0), torch.ones(0, 3)).tolist()).toEqual([[0, 0, 0], [0, 0, 0]]);
    const d = torch.randn([4, 3], { dtype: 'float64' }), e = torch.randn([3, 2], { dtype: 'float64' });
    close(torch.mm(d, e), ref(d, e));
  });
});

describe('errors name the shapes', () => {
  it('broadcasting and matmul mismatches', () => {
    expect(() => torch.zeros(2, 3).add(torch.zeros(4))).toThrow('The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1');
    expect(() => torch.zeros(2, 3).add(torch.zeros(3, 2))).toThrow('The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1');
    expect(() => torch.mm(torch.zeros(64, 400), torch.zeros(120, 84))).toThrow('mat1 and mat2 shapes cannot be multiplied (64x400 and 120x84)');
    expect(() => torch.zeros(3).sum(1)).toThrow('Dimension out of range (expected to be in range of [-1, 0], but got 1)');
    expect(() => torch.zeros(2, 3).item()).toThrow(/a Tensor with 6 elements cannot be converted to Scalar/);
  });
});

describe('metadata and conversion', () => {
  it('numel, dim, size, stride, toTypedArray', () => {
    const x = torch.zeros(2, 3, 4);
    expect(x.numel()).toBe(24);
    expect(x.dim()).toBe(3);
    expect(x.size(-1)).toBe(4);
    expect(x.size()).toEqual([2, 3, 4]);
    expect(x.stride()).toEqual([12, 4, 1]);
    const t = torch.arange(6, { dtype: 'float32' }).reshape(2, 3).t();
    expect(Array.from(t.toTypedArray())).toEqual([0, 3, 1, 4, 2, 5]);
    expect(t.toTypedArray()).toBeInstanceOf(Float32Array);
    expect(torch.tensor([1.7, -1.7]).int().tolist()).toEqual([1, -1]);
    expect(torch.tensor([0, 2]).bool().tolist()).toEqual([false, true]);
  });
});

describe('closeness', () => {
  it('isclose / allclose / equal follow PyTorch defaults', () => {
    const a = torch.tensor([1, 2, NaN]), b = torch.tensor([1 + 1e-6, 2.1, NaN]);
    expect(torch.isclose(a, b).tolist()).toEqual([true, false, false]);
    expect(a.isclose(b, { equalNan: true, atol: 0.2 }).tolist()).toEqual([true, true, true]);
    const f = (v: number[]) => torch.tensor(v, { dtype: 'float32' });
    expect(torch.allclose(f([1, 2]), f([1, 2.00001]))).toBe(true);
    expect(torch.allclose(f([1, 2]), f([1, 2.1]))).toBe(false);
    expect(() => torch.allclose(torch.tensor([1, 2], { dtype: 'int32' }), f([1, 2]))).toThrow(/did not match/);
    expect(torch.equal(torch.tensor([1, 2]), torch.tensor([1, 2]))).toBe(true);
    expect(torch.equal(torch.tensor([1, 2]), torch.tensor([[1, 2]]))).toBe(false);
  });
});
