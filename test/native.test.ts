// The addon never trusts its caller: every bad length, stride, shape or type is a JS exception.
import { describe, expect, it } from 'vitest';
import { native, rawAddon } from '../lib/native';

const f32 = (n: number) => new Float32Array(n);

describe('native gemm validation', () => {
  it('computes a small product', () => {
    const A = new Float32Array([1, 2, 3, 4, 5, 6]); // 2x3
    const B = new Float32Array([1, 0, 0, 1, 1, 1]); // 3x2
    const C = f32(4);
    native.gemm(false, false, 2, 2, 3, 1, A, 0, 3, B, 0, 2, 0, C, 0, 2);
    expect(Array.from(C)).toEqual([4, 5, 10, 11]);
    // transposed A (stored 3x2), alpha/beta
    const At = new Float32Array([1, 4, 2, 5, 3, 6]);
    const C2 = new Float32Array([1, 1, 1, 1]);
    native.gemm(true, false, 2, 2, 3, 2, At, 0, 2, B, 0, 2, 1, C2, 0, 2);
    expect(Array.from(C2)).toEqual([9, 11, 21, 23]);
  });

  it('rejects buffers too short for the leading dimensions', () => {
    expect(() => native.gemm(false, false, 3, 2, 2, 1, f32(4), 0, 2, f32(4), 0, 2, 0, f32(6), 0, 2)).toThrow(/does not fit/);
    expect(() => native.gemm(false, false, 2, 2, 2, 1, f32(4), 1, 2, f32(4), 0, 2, 0, f32(4), 0, 2)).toThrow(/does not fit/);
    expect(() => native.gemm(false, false, 2, 2, 2, 1, f32(4), 0, 1, f32(4), 0, 2, 0, f32(4), 0, 2)).toThrow(/leading dimension/);
    expect(() => native.gemm(false, false, 2, 2, 2, 1, f32(4), 0, 2, f32(4), 0, 2, 0, f32(4), 0, 100)).toThrow();
  });

  it('rejects bad numbers and types', () => {
    const ok = [false, false, 2, 2, 2, 1, f32(4), 0, 2, f32(4), 0, 2, 0, f32(4), 0, 2] as const;
    const bad = (i: number, v: unknown) => {
      const a: unknown[] = [...ok];
      a[i] = v;
      return () => (native.gemm as unknown as (...x: unknown[]) => void)(...a);
    };
    expect(bad(2, -1)).toThrow();
    expect(bad(2, 1.5)).toThrow();
    expect(bad(2, NaN)).toThrow();
    expect(bad(2, 2 ** 60)).toThrow();
    expect(bad(6, [1, 2, 3, 4])).toThrow();
    expect(bad(6, new Float64Array(4))).toThrow(/Float32Array/);
    expect(bad(7, -3)).toThrow();
    expect(() => (native.gemm as unknown as (...x: unknown[]) => void)(false, false, 2)).toThrow();
  });

  it('handles empty products', () => {
    const C = new Float32Array([7, 7]);
    native.gemm(false, false, 1, 2, 0, 1, f32(0), 0, 1, f32(0), 0, 2, 0, C, 0, 2);
    expect(Array.from(C)).toEqual([0, 0]);
    native.gemm(false, false, 0, 0, 5, 1, f32(0), 0, 5, f32(0), 0, 1, 0, f32(0), 0, 1);
  });
});

describe('native element-wise validation', () => {
  it('rejects out-of-bounds strides, short outputs and mixed dtypes', () => {
    const x = f32(6);
    expect(() => native.unary(0, x, 0, [3, 1], f32(6), [2, 4], 0, 0)).toThrow();
    expect(() => native.unary(0, x, 0, [3, 1], f32(5), [2, 3], 0, 0)).toThrow();
    expect(() => native.unary(0, x, 4, [3, 1], f32(6), [2, 3], 0, 0)).toThrow();
    expect(() => native.unary(0, x, 0, [3, 1], new Float64Array(6), [2, 3], 0, 0)).toThrow();
    expect(() => native.unary(0, x, 0, [3, 1, 1], f32(6), [2, 3], 0, 0)).toThrow();
    expect(() => native.unary(999 as never, x, 0, [3, 1], f32(6), [2, 3], 0, 0)).toThrow();
    expect(() => native.binary(0, x, 0, [1], f32(2), 0, [1], f32(6), [6], 1)).toThrow();
    expect(() => native.reduce(0, x, 0, 2, 4, 1, f32(2))).toThrow();
    expect(() => native.reduce(2, f32(0), 0, 1, 0, 1, f32(1))).toThrow();
    expect(() => native.reduceWithIndex(2, x, 0, 2, 3, 1, f32(2), new Int32Array(1))).toThrow();
  });

  it('rejects bad packed shapes and strides at the addon itself', () => {
    // The addon's own entry points take [rank, shape, strides...] in one Float64Array.
    const raw = rawAddon as unknown as {
      unary: (...a: unknown[]) => void;
      binary: (...a: unknown[]) => void;
    };
    const x = f32(6), out = f32(6);
    raw.unary(0, new Float32Array([1, -2, 3, 4, 5, 6]), 0, out, 0, 0, new Float64Array([2, 2, 3, 3, 1]));
    expect(Array.from(out)).toEqual([-1, 2, -3, -4, -5, -6]);
    expect(() => raw.unary(0, x, 0, out, 0, 0, new Float64Array([2, 2, 3, 3]))).toThrow(/need 5 entries/);
    expect(() => raw.unary(0, x, 0, out, 0, 0, new Float64Array([NaN, 2, 3, 3, 1]))).toThrow(/rank/);
    expect(() => raw.unary(0, x, 0, out, 0, 0, new Float64Array([65]))).toThrow(/rank must be an integer in \[0, 64\]/);
    expect(() => raw.unary(0, x, 0, out, 0, 0, new Float64Array(0))).toThrow(/rank/);
    expect(() => raw.unary(0, x, 0, out, 0, 0, new Float32Array([1, 6, 1]))).toThrow(/Float64Array/);
    expect(() => raw.unary(0, x, 0, out, 0, 0, [1, 6, 1])).toThrow(/typed array/);
    expect(() => raw.unary(0, x, 0, out, 0, 0, new Float64Array([1, 6, 1.5]))).toThrow(/bad entry/);
    expect(() => raw.unary(0, x, 0, out, 0, 0, new Float64Array([1, 7, 1]))).toThrow(/outside its buffer/);
    expect(() => raw.binary(0, x, 0, x, 0, out, 1, new Float64Array([1, 6, 1]))).toThrow(/need 4 entries/);
    expect(() => raw.binary(0, x, 0, x, 0, out, 1, new Float64Array([1, 6, 1, -1]))).toThrow(/outside its buffer/);
    // The library's wrapper checks the lists it packs.
    expect(() => native.unary(0, x, 0, [1], out, [2, 3], 0, 0)).toThrow(/do not match the rank/);
    expect(() => native.binary(0, x, 0, new Array(65).fill(0), x, 0, [1], out, new Array(65).fill(2), 1)).toThrow(/up to 64 dims/);
  });

  it('element-wise ops take tensors of rank above 64 whose other dims are 1', async () => {
    const torch = await import('../lib/index');
    const shape = new Array(70).fill(1);
    shape[0] = 2; shape[5] = 3; shape[69] = 2;
    const x = torch.randn(shape), flat = x.reshape([12]);
    const ex = Array.from(x.exp().reshape([12]).toTypedArray()), ef = Array.from(flat.exp().toTypedArray());
    expect(ex).toEqual(ef);
    expect(Array.from(x.add(x.mul(2)).reshape([12]).toTypedArray())).toEqual(Array.from(flat.mul(3).toTypedArray()));
    const t = x.transpose(0, 69); // strided: element [i, .., j] of t is x[j, .., i]
    expect(t.exp().sum().item()).toBeCloseTo(flat.exp().sum().item(), 4);
  });

  it('element-wise ops take up to 64 dims of any size (PyTorch\'s limit), strided and broadcast', async () => {
    const torch = await import('../lib/index');
    const R = 17, n = 1 << R;
    const x = torch.randn(new Array(R).fill(2));
    const xs = x.toTypedArray() as Float32Array;
    // t = x.transpose(0, R - 1): t's element at row-major flat index f is x's at f with bits 0 and R-1 swapped
    // (every dim has size 2, so an index's digits are its bits).
    const swap = (f: number) => (f & ~(1 | (1 << (R - 1)))) | ((f & 1) << (R - 1)) | ((f >> (R - 1)) & 1);
    const t = x.transpose(0, R - 1);
    const te = t.exp().toTypedArray() as Float32Array;
    const tc = t.contiguous().toTypedArray() as Float32Array;
    const y = torch.tensor([10, 20]); // broadcast along the last dim
    const ty = t.add(y).toTypedArray() as Float32Array;
    let expOk = true, copyOk = true, addOk = true;
    for (let f = 0; f < n; f++) {
      const v = xs[swap(f)];
      if (Math.abs(te[f] - Math.exp(v)) > 1e-6 * Math.max(1, Math.exp(v))) expOk = false;
      if (tc[f] !== v) copyOk = false;
      if (ty[f] !== Math.fround(v + (f & 1 ? 20 : 10))) addOk = false;
    }
    expect([expOk, copyOk, addOk]).toEqual([true, true, true]);
    // A reduction over one dim of the strided view (its copy goes through the same kernels).
    const s = t.sum(3);
    expect(s.shape).toEqual(new Array(R - 1).fill(2));
    expect(s.sum().item()).toBeCloseTo(x.sum().item(), 2);
    expect(() => native.unary(0, xs, 0, new Array(65).fill(0), new Float32Array(1), new Array(65).fill(2), 0, 0)).toThrow(
      /unary: only tensors with up to 64 dims are supported \(got 65\)/);
  });

  it('addressMod64 says where an ArrayBuffer starts within a 64-byte line, and takes nothing else', () => {
    const ab = new ArrayBuffer(1024);
    const m = native.addressMod64(ab);
    expect(Number.isInteger(m) && m >= 0 && m < 64).toBe(true);
    const t = new Float32Array(0); // (any typed array is refused: the buffer itself is asked for)
    expect(() => native.addressMod64(t as unknown as ArrayBuffer)).toThrow(/ArrayBuffer/);
    expect(() => (native.addressMod64 as unknown as () => number)()).toThrow();
  });

  it('computes through the validated path', () => {
    const out = f32(3);
    native.unary(0, new Float32Array([1, -2, 3]), 0, [1], out, [3], 0, 0);
    expect(Array.from(out)).toEqual([-1, 2, -3]);
    const s = f32(2);
    native.reduce(0, new Float32Array([1, 2, 3, 4, 5, 6]), 0, 2, 3, 1, s);
    expect(Array.from(s)).toEqual([6, 15]);
  });
});

describe('every ISA path agrees (TORCHLET_ISA / setIsa)', () => {
  it('matmul, exp and sum match a float64 reference on scalar, avx2 and avx512 (where supported)', async () => {
    const torch = await import('../lib/index');
    const detected = native.backendInfo().detectedIsa;
    const order = ['scalar', 'avx2', 'avx512'];
    torch.manualSeed(3);
    const a = torch.randn(37, 53), b = torch.randn(53, 29);
    const ref = a.double().matmul(b.double());
    const x = torch.randn(1000);
    const expRef = x.double().exp();
    try {
      for (const isa of order.slice(0, order.indexOf(detected) + 1)) {
        expect(native.setIsa(isa)).toBe(isa);
        expect(torch.backendInfo().isa).toBe(isa);
        expect(a.matmul(b).double().allclose(ref, { rtol: 1e-4, atol: 1e-4 })).toBe(true);
        expect(a.t().contiguous().t().matmul(b).double().allclose(ref, { rtol: 1e-4, atol: 1e-4 })).toBe(true);
        expect(x.exp().double().allclose(expRef, { rtol: 1e-6, atol: 0 })).toBe(true);
        expect(x.sum().item()).toBeCloseTo(x.double().sum().item(), 3);
      }
    } finally {
      native.setIsa(detected);
    }
  });
});

describe('addmm (fused bias GEMM)', () => {
  it('matches matmul + add in values and gradients, including transposed operands', async () => {
    const torch = await import('../lib/index');
    torch.manualSeed(5);
    const x = torch.randn(7, 13, { requiresGrad: true });
    const wT = torch.randn(11, 13, { requiresGrad: true }); // used transposed, as a Linear weight
    const b = torch.randn(11, { requiresGrad: true });
    const out = torch.addmm(b, x, wT.t());
    const ref = x.detach().matmul(wT.detach().t()).add(b.detach());
    expect(out.shape).toEqual([7, 11]);
    expect(out.allclose(ref, { rtol: 1e-5, atol: 1e-5 })).toBe(true);
    expect(out.gradFn!.name).toBe('AddmmBackward0');
    const g = torch.randn(7, 11);
    out.backward(g);
    expect(b.grad!.allclose(g.sum(0), { atol: 1e-5 })).toBe(true);
    expect(x.grad!.allclose(g.matmul(wT.detach()), { atol: 1e-4 })).toBe(true);
    expect(wT.grad!.allclose(g.t().matmul(x.detach()), { atol: 1e-4 })).toBe(true);
    expect(() => torch.addmm(torch.zeros(5), torch.zeros(2, 3), torch.zeros(4, 5))).toThrow('mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)');
    expect(() => torch.addmm(torch.zeros(4), torch.zeros(2, 3), torch.zeros(3, 5))).toThrow(/expanded size/);
  });
});
