// Hostile input: the public API driven with wrong types, wrong shapes, out-of-range dims and indices,
// empty and huge tensors, and autograd misuse. DESIGN.md's contract: "Bad input is an exception, never
// a crash, a hang, or a silently wrong result", and errors read like PyTorch's and name the shapes.
// Messages quoted here are PyTorch 1.13's (checked with /usr/bin/python3 -c 'import torch; ...').
//
// The randomized part (a fuzz over every public function and Tensor method) runs in a child process
// (test/hostile-child.js on the built dist/) so that a native crash or a hang fails one test with the
// signal and the offending call instead of killing the test runner.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { ensureDist, distCjs, root } from './helpers/dist';

const I = (v: unknown) => torch.tensor(v, { dtype: 'int32' });
const F = (v: unknown) => torch.tensor(v, { dtype: 'float32' });
const rg = (...s: number[]) => torch.ones(s, { requiresGrad: true });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const any = (v: unknown) => v as any;

/** JS engine errors that leak out of internals instead of a message a user can act on. */
const INTERNAL = /Cannot read propert|is not a function|is not iterable|Invalid typed array length|Invalid array length|Maximum call stack|undefined is not|of (undefined|null) \(reading|The value of "size" is out of range/;

/** Runs fn, which must throw an Error instance whose message is a real message (matching `re`, if given). */
function throwsErr(fn: () => unknown, re?: RegExp | string, cls?: new (...a: never[]) => Error): Error {
  let thrown: unknown = undefined;
  let returned: unknown;
  let didThrow = false;
  try {
    returned = fn();
  } catch (e) {
    didThrow = true;
    thrown = e;
  }
  if (!didThrow) {
    const one = (v: unknown) => (v instanceof torch.Tensor ? `Tensor(${v.dtype}, [${v.shape}])` : typeof v);
    const shown = Array.isArray(returned) ? `[${returned.map(one).join(', ')}]` : one(returned);
    throw new Error(`expected an Error, but the call returned ${shown}`);
  }
  expect(thrown, 'a non-Error value was thrown').toBeInstanceOf(Error);
  const e = thrown as Error;
  expect(e.message, `internal JS error leaked: ${e.message}`).not.toMatch(INTERNAL);
  if (re !== undefined) {
    if (typeof re === 'string') expect(e.message).toContain(re);
    else expect(e.message).toMatch(re);
  }
  if (cls) expect(e).toBeInstanceOf(cls);
  return e;
}

/**
 * Evaluates `expr` (with `torch` = the built package) in a child node process: for calls that may hang
 * or crash, which would take the test runner down with them.
 */
function isolated(expr: string, timeoutMs: number): { timedOut: boolean; signal: string | null; status: number | null; out: string } {
  ensureDist();
  const code = `const torch = require(${JSON.stringify(distCjs)}); let r; try { r = (${expr}); console.log('returned', r && r.shape ? JSON.stringify(r.shape) : String(r)); } catch (e) { console.log(e instanceof Error ? 'Error: ' + e.message : 'NON-ERROR ' + String(e)); }`;
  const r = spawnSync(process.execPath, ['-e', code], { cwd: root, encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', env: process.env });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { timedOut, signal: timedOut ? null : r.signal, status: r.status, out: (r.stdout ?? '') + (r.stderr ?? '') };
}

// ------------------------------------------------------------------------------------------------
describe('creation: wrong sizes', () => {
  const creators: [string, (...a: unknown[]) => torch.Tensor][] = [
    ['zeros', torch.zeros], ['ones', torch.ones], ['empty', torch.empty], ['rand', torch.rand], ['randn', torch.randn],
  ];
  for (const [name, fn] of creators) {
    it(`${name}() rejects null / undefined / strings / objects / NaN / Infinity / fractional / negative sizes`, () => {
      throwsErr(() => fn(null), undefined, TypeError);
      throwsErr(() => fn(undefined), undefined, TypeError);
      throwsErr(() => fn('3'), undefined, TypeError);
      throwsErr(() => fn(2, '3'), undefined, TypeError);
      throwsErr(() => fn([2, [3]]), undefined, TypeError);
      throwsErr(() => fn(NaN), undefined, TypeError);
      throwsErr(() => fn(Infinity), undefined, TypeError);
      throwsErr(() => fn(-Infinity), undefined, TypeError);
      throwsErr(() => fn(2.5), undefined, TypeError);
      throwsErr(() => fn([2, 0.5]), undefined, TypeError);
      throwsErr(() => fn(-1), 'Trying to create tensor with negative dimension -1: [-1]', RangeError);
      throwsErr(() => fn(2, -3), 'Trying to create tensor with negative dimension -3: [2, -3]', RangeError);
      throwsErr(() => fn(2, { bogus: 1 }), "unexpected keyword argument 'bogus'", TypeError);
      throwsErr(() => fn(2, { dtype: 'float16' }), 'float16', TypeError);
      throwsErr(() => fn(2, { device: 'cuda' }), 'cuda');
      expect(fn(-0).numel() === 0).toBe(true); // -0 is a valid size 0
      expect(fn([]).shape).toEqual([]);
    });
  }

  it('huge sizes throw a RangeError quickly (no hang, no abort)', () => {
    const huge: [string, () => unknown][] = [
      ['zeros(2**31, 2**31)', () => torch.zeros(2 ** 31, 2 ** 31)],
      ['zeros(1e20)', () => torch.zeros(1e20)],
      ['ones(2**53)', () => torch.ones(2 ** 53)],
      ['empty(2**20, 2**20)', () => torch.empty(2 ** 20, 2 ** 20)],
      ['rand(2**40)', () => torch.rand(2 ** 40)],
      ['randn(2**30, 2**30)', () => torch.randn(2 ** 30, 2 ** 30)],
      ['full([2**40], 1)', () => torch.full([2 ** 40], 1)],
      ['arange(1e20)', () => torch.arange(1e20)],
      ['arange(0, 1, 1e-20)', () => torch.arange(0, 1, 1e-20)],
      ['linspace(0, 1, 1e20)', () => torch.linspace(0, 1, 1e20)],
      ['eye(1e20)', () => torch.eye(1e20)],
      ['randperm(1e20)', () => torch.randperm(1e20)],
      ['randint(0, 10, [1e20])', () => torch.randint(0, 10, [1e20])],
      ['ones(1).expand(2**40).sum()', () => torch.ones(1).expand(2 ** 40).sum()],
    ];
    for (const [label, fn] of huge) {
      const t0 = Date.now();
      let e: unknown = null;
      try {
        fn();
      } catch (err) {
        e = err;
      }
      expect(e, `${label} must throw`).toBeInstanceOf(RangeError);
      expect(Date.now() - t0, label).toBeLessThan(1000);
    }
  });

  it('a size of -0 is stored as 0, not -0 (shape and numel)', () => {
    expect(Object.is(torch.zeros(-0).shape[0], 0)).toBe(true);
    expect(Object.is(torch.zeros(-0).numel(), 0)).toBe(true);
  });

  it("huge sizes: the message names the requested sizes like PyTorch's (not V8's 'Invalid typed array length')", () => {
    // PyTorch: RuntimeError: Storage size calculation overflowed with sizes=[2147483648, 2147483648]
    throwsErr(() => torch.zeros(2 ** 31, 2 ** 31), /2147483648, 2147483648/, RangeError);
    throwsErr(() => torch.empty(2 ** 20, 2 ** 20), /1048576, 1048576/, RangeError);
  });

  it('full / linspace / arange / eye / randint / randperm reject bad arguments', () => {
    throwsErr(() => torch.full(any(null), 1), undefined, TypeError);
    throwsErr(() => torch.full([2.5], 1), undefined, TypeError);
    throwsErr(() => torch.full([-1], 1), 'negative dimension', RangeError);
    throwsErr(() => torch.arange(any(null)), undefined, TypeError);
    throwsErr(() => torch.arange(), undefined, TypeError);
    throwsErr(() => torch.arange(any('5')), undefined, TypeError);
    throwsErr(() => torch.arange(0, 5, 0), 'step must be nonzero');
    throwsErr(() => torch.arange(5, 0, 1), 'upper bound and larger bound inconsistent with step sign');
    throwsErr(() => torch.linspace(0, 1, any('5')));
    throwsErr(() => torch.linspace(0, 1, -1), 'number of steps must be non-negative');
    throwsErr(() => torch.linspace(0, 1, 2.5));
    throwsErr(() => torch.eye(any(null)));
    throwsErr(() => torch.eye(-1), 'n must be greater or equal to 0, got -1');
    throwsErr(() => torch.eye(2.5));
    throwsErr(() => torch.eye(3, -2), 'm must be greater or equal to 0, got -2');
    throwsErr(() => torch.randint(any(null)));
    throwsErr(() => torch.randint(10, any(3)), undefined, TypeError);
    throwsErr(() => torch.randint(5, 5, [3]), "random_ expects 'from' to be less than 'to', but got from=5 >= to=5");
    throwsErr(() => torch.randint(0, NaN, [3]));
    throwsErr(() => torch.randint(0, 10, [-1]), 'negative dimension');
    throwsErr(() => torch.randperm(-1));
    throwsErr(() => torch.randperm(2.5));
    throwsErr(() => torch.randperm(any('3')));
    throwsErr(() => torch.manualSeed(NaN));
    throwsErr(() => torch.manualSeed(1.5));
    throwsErr(() => torch.manualSeed(any('a')));
    throwsErr(() => torch.setNumThreads(0), undefined, RangeError);
    throwsErr(() => torch.setNumThreads(2.5), undefined, RangeError);
    throwsErr(() => torch.setNumThreads(1e9), undefined, RangeError);
  });

  it('randint: a range that int32 (torchlet\'s int64) cannot hold throws instead of wrapping', () => {
    // torchlet returned negative "random integers in [0, 2**40)". PyTorch (dtype=int32): RuntimeError: to - 1 is out of bounds for int
    throwsErr(() => torch.randint(0, 2 ** 40, [3]));
  });

  it('arange past the int32 range throws instead of silently wrapping around', () => {
    // torchlet's int32 stands for PyTorch's int64, where these values are exact.
    throwsErr(() => torch.arange(2147483646, 2147483650));
  });
});

// ------------------------------------------------------------------------------------------------
describe('torch.tensor: bad data', () => {
  it('rejects null / undefined / strings / objects / bigints / symbols', () => {
    for (const v of [null, undefined, 'abc', {}, 1n, [1, 'a'], [1, null], [1, undefined], [1n], [{}], Symbol('s')]) {
      throwsErr(() => torch.tensor(v), /Could not infer dtype|infer/, TypeError);
    }
  });

  it('ragged nested data throws ValueError-like messages naming the lengths and dim', () => {
    throwsErr(() => torch.tensor([[1, 2], [3]]), 'expected sequence of length 2 at dim 1 (got 1)');
    throwsErr(() => torch.tensor([[1], [2, 3]]), 'expected sequence of length 1 at dim 1 (got 2)');
    throwsErr(() => torch.tensor([[1, 2], 3]), /expected sequence of length 2 at dim 1/);
    throwsErr(() => torch.tensor([1, [2]]), /dim 1/);
    throwsErr(() => torch.tensor([[], [1]]), 'expected sequence of length 0 at dim 1 (got 1)');
    throwsErr(() => torch.tensor([[[1, 2]], [[1]]]), 'expected sequence of length 2 at dim 2 (got 1)');
  });

  it('sparse arrays (holes) are rejected, not read as undefined', () => {
    const a = [1, 2, 3];
    delete a[1];
    throwsErr(() => torch.tensor(a));
  });

  it('values that int32 cannot hold are rejected', () => {
    throwsErr(() => torch.tensor([NaN], { dtype: 'int32' }), /cannot be converted/);
    throwsErr(() => torch.tensor([1e20], { dtype: 'int32' }), /overflow/);
    throwsErr(() => torch.tensor([Infinity], { dtype: 'int32' }), /cannot be converted/);
  });

  it('unknown dtypes and options', () => {
    throwsErr(() => torch.tensor([1, 2], { dtype: any('float16') }), 'float16', TypeError);
    throwsErr(() => torch.tensor([1, 2], any({ bogus: 1 })), "unexpected keyword argument 'bogus'", TypeError);
    throwsErr(() => torch.tensor([1, 2], { dtype: 'int32', requiresGrad: true }), 'only Tensors of floating point dtype can require gradients');
  });

  it('deeply nested input fails with an Error, not a stack overflow crash', () => {
    let a: unknown = [1];
    for (let i = 0; i < 100000; i++) a = [a];
    let threw: unknown = null;
    try {
      torch.tensor(a);
    } catch (e) {
      threw = e;
    }
    if (threw !== null) expect(threw).toBeInstanceOf(Error);
  });

  it('fromTypedArray validates its shape (integers >= 0, matching length)', () => {
    throwsErr(() => torch.fromTypedArray(new Float32Array(6), [2, 4]), 'shape [2, 4] is invalid for input of size 6');
    throwsErr(() => torch.fromTypedArray(new Float32Array(6), [-2, -3])); // numel 6, but negative dims
    throwsErr(() => torch.fromTypedArray(new Float32Array(6), [1.5, 4]));
    throwsErr(() => torch.fromTypedArray(new Float32Array(6), any(['2', '3'])));
    throwsErr(() => torch.fromTypedArray(any(null)), undefined, TypeError);
    throwsErr(() => torch.fromTypedArray(any([1, 2, 3])), undefined, TypeError);
  });

  it('fromTypedArray rejects typed arrays it cannot store as-is (Int8Array is not int32 storage)', () => {
    throwsErr(() => torch.fromTypedArray(any(new Int8Array([-1, 2]))));
    throwsErr(() => torch.fromTypedArray(any(new Float32Array(3).buffer)));
  });
});

// ------------------------------------------------------------------------------------------------
describe('binary ops: wrong operands and shape mismatches', () => {
  const a = torch.ones(2, 3), b = torch.ones(2, 4);
  const fns: [string, (x: unknown, y: unknown) => unknown][] = [
    ['add', (x, y) => torch.add(any(x), any(y))], ['sub', (x, y) => torch.sub(any(x), any(y))],
    ['mul', (x, y) => torch.mul(any(x), any(y))], ['div', (x, y) => torch.div(any(x), any(y))],
    ['pow', (x, y) => torch.pow(any(x), any(y))], ['maximum', (x, y) => torch.maximum(any(x), any(y))],
    ['minimum', (x, y) => torch.minimum(any(x), any(y))], ['eq', (x, y) => torch.eq(any(x), any(y))],
    ['ne', (x, y) => torch.ne(any(x), any(y))], ['lt', (x, y) => torch.lt(any(x), any(y))],
    ['le', (x, y) => torch.le(any(x), any(y))], ['gt', (x, y) => torch.gt(any(x), any(y))],
    ['ge', (x, y) => torch.ge(any(x), any(y))], ['logicalAnd', (x, y) => torch.logicalAnd(any(x), any(y))],
    ['logicalOr', (x, y) => torch.logicalOr(any(x), any(y))], ['logicalXor', (x, y) => torch.logicalXor(any(x), any(y))],
  ];
  for (const [name, fn] of fns) {
    it(`${name}: shape mismatch names both sizes and the dim like PyTorch`, () => {
      throwsErr(() => fn(a, b), 'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1', RangeError);
      throwsErr(() => fn(torch.ones(5, 2, 3), torch.ones(4, 1, 3)), 'The size of tensor a (5) must match the size of tensor b (4) at non-singleton dimension 0');
    });
    it(`${name}: null / undefined / strings / arrays / objects as either operand throw TypeError`, () => {
      for (const bad of [null, undefined, '1', [1, 2, 3], {}, 1n]) {
        throwsErr(() => fn(a, bad), undefined, TypeError);
        throwsErr(() => fn(bad, a), undefined, TypeError);
      }
    });
  }

  it('Tensor methods check their operand too', () => {
    throwsErr(() => a.add(b), 'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1');
    throwsErr(() => a.add(any(null)), undefined, TypeError);
    throwsErr(() => a.mul(any('2')), undefined, TypeError);
    throwsErr(() => a.add(a, any({ alpha: 'x' })), undefined, TypeError);
    throwsErr(() => a.add(a, any({ beta: 2 })), "unexpected keyword argument 'beta'", TypeError);
    throwsErr(() => a.div(a, { roundingMode: any('round') }), "rounding_mode to be one of None, 'trunc', or 'floor' but found 'round'");
    throwsErr(() => a.maximum(any(1)), undefined, TypeError);
  });

  it('unary ops reject non-tensors with a message (not an internal TypeError)', () => {
    const unary = ['exp', 'log', 'sqrt', 'rsqrt', 'abs', 'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'neg', 'square', 'reciprocal',
      'sign', 'log1p', 'expm1', 'logicalNot', 'isnan', 'clone'] as const;
    for (const u of unary) {
      for (const bad of [null, undefined, 5, 'a', [1, 2]]) {
        const e = throwsErr(() => (torch as unknown as Record<string, (x: unknown) => unknown>)[u](bad), undefined, TypeError);
        expect(e.message, `${u}(${String(bad)})`).toMatch(/Tensor/);
      }
    }
  });

  it('integer pow with a negative exponent tensor: PyTorch 1.13 gives 2**-1 == 0, not 1', () => {
    // torch.pow(torch.tensor([2]), torch.tensor([-1])) -> tensor([0]); torch.pow(2, torch.tensor([-1])) -> tensor([0])
    expect(torch.pow(I([2, 1, -1]), I([-1, -1, -1])).tolist()).toEqual([0, 1, -1]);
    expect(torch.pow(2, I([-1])).tolist()).toEqual([0]);
  });

  it('integer pow with a huge exponent finishes (no O(exponent) loop) — checked in a child process', () => {
    // torchlet spun in a JS loop of 1e20 iterations (a hang). PyTorch: int pow by squaring, instant.
    for (const expr of [
      "torch.pow(torch.tensor([2, 1, 0], { dtype: 'int32' }), 1e20)",
      'torch.pow(torch.tensor([true, false]), 1e9)',
      "torch.pow(torch.tensor([1], { dtype: 'int32' }), torch.tensor([2 ** 30], { dtype: 'int32' }))",
    ]) {
      const r = isolated(expr, 5000);
      expect(r.timedOut, `${expr} hung (killed after 5 s)`).toBe(false);
      expect(r.signal, `${expr} crashed`).toBeNull();
    }
  }, 30_000);

  it('masked_fill / clamp / where reject non-number fill values instead of writing NaN', () => {
    const m = torch.ones(2, 3, { dtype: 'bool' });
    throwsErr(() => torch.maskedFill(a, m, any('x')), undefined, TypeError);
    throwsErr(() => torch.maskedFill(a, m, any(undefined)), undefined, TypeError);
    throwsErr(() => torch.maskedFill(a, m, any(null)), undefined, TypeError);
    throwsErr(() => torch.maskedFill(a, m, any({})), undefined, TypeError);
    throwsErr(() => a.clamp(any('x')), undefined, TypeError);
    throwsErr(() => a.clamp(), "At least one of 'min' or 'max' must not be None");
    throwsErr(() => torch.where(m, a, any('x')), undefined, TypeError);
  });

  it('where / maskedFill: shape mismatches name the sizes', () => {
    const m = torch.ones(2, 3, { dtype: 'bool' });
    throwsErr(() => torch.where(m, torch.ones(2, 3), torch.ones(4)), 'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1');
    throwsErr(() => torch.where(torch.ones(5, { dtype: 'bool' }), torch.ones(2, 3), torch.ones(3)), /The size of tensor a \(\d\) must match the size of tensor b \(\d\)/);
    throwsErr(() => torch.where(torch.ones(2, 3), a, a), 'where expected condition to be a boolean tensor, but got a tensor with dtype', TypeError);
    throwsErr(() => torch.where(any(null), a, a), undefined, TypeError);
    throwsErr(() => torch.maskedFill(a, torch.ones(4, { dtype: 'bool' }), 0), 'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1');
    throwsErr(() => torch.maskedFill(torch.ones(3), m, 0), /\[2, 3\]/);
    throwsErr(() => torch.maskedFill(a, torch.ones(2, 3), 0), 'only supports boolean masks', TypeError);
    throwsErr(() => torch.maskedFill(a, m, torch.ones(1)), 'only supports a 0-dimensional value tensor');
  });
});

// ------------------------------------------------------------------------------------------------
describe('matrix products', () => {
  it('mm / matmul: the PyTorch message with both shapes', () => {
    throwsErr(() => torch.mm(torch.ones(64, 400), torch.ones(120, 84)), 'mat1 and mat2 shapes cannot be multiplied (64x400 and 120x84)', RangeError);
    throwsErr(() => torch.matmul(torch.ones(64, 400), torch.ones(120, 84)), 'mat1 and mat2 shapes cannot be multiplied (64x400 and 120x84)');
    throwsErr(() => torch.ones(64, 400).matmul(torch.ones(120, 84)), 'mat1 and mat2 shapes cannot be multiplied (64x400 and 120x84)');
    throwsErr(() => torch.matmul(torch.ones(3), torch.ones(4, 2)), 'mat1 and mat2 shapes cannot be multiplied (1x3 and 4x2)');
    throwsErr(() => torch.matmul(torch.ones(5, 2, 3), torch.ones(4, 2)), 'mat1 and mat2 shapes cannot be multiplied (10x3 and 4x2)');
    throwsErr(() => torch.matmul(torch.ones(2, 3), torch.ones(4)), 'size mismatch, got input (2), mat (2x3), vec (4)');
    throwsErr(() => torch.matmul(torch.ones(3), torch.ones(4)), 'inconsistent tensor size, expected tensor [3] and src [4]');
    throwsErr(() => torch.matmul(torch.ones(5, 2, 3), torch.ones(5, 4, 2)), 'Expected size for first two dimensions of batch2 tensor to be: [5, 3] but got: [5, 4].');
    throwsErr(() => torch.matmul(torch.ones(5, 2, 3), torch.ones(4, 3, 2)), 'The size of tensor a (5) must match the size of tensor b (4) at non-singleton dimension 0');
    throwsErr(() => torch.matmul(torch.tensor(1.5), torch.ones(3)), 'both arguments to matmul need to be at least 1D, but they are 0D and 1D');
  });

  it('bmm / mv / dot: dims and sizes', () => {
    throwsErr(() => torch.bmm(torch.ones(2, 3, 4), torch.ones(2, 5, 6)), 'Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5].');
    throwsErr(() => torch.bmm(torch.ones(2, 3, 4), torch.ones(3, 4, 6)), 'Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [3, 4].');
    throwsErr(() => torch.bmm(torch.ones(3, 4), torch.ones(4, 6)), 'batch1 must be a 3D tensor');
    throwsErr(() => torch.bmm(torch.ones(1, 3, 4), torch.ones(4, 6)), 'batch2 must be a 3D tensor');
    throwsErr(() => torch.mm(torch.ones(3), torch.ones(3, 2)), 'self must be a matrix');
    throwsErr(() => torch.mm(torch.ones(2, 3), torch.ones(3)), 'mat2 must be a matrix');
    throwsErr(() => torch.mv(torch.ones(2, 3), torch.ones(4)), 'size mismatch, got input (2), mat (2x3), vec (4)');
    throwsErr(() => torch.dot(torch.ones(3), torch.ones(4)), 'inconsistent tensor size');
    throwsErr(() => torch.dot(torch.ones(3, 1), torch.ones(3)), '1D tensors expected, but got 2D and 1D tensors');
  });

  it('non-tensors are TypeErrors', () => {
    for (const f of [torch.mm, torch.bmm, torch.matmul, torch.mv, torch.dot]) {
      throwsErr(() => f(any(null), torch.ones(3, 2)), undefined, TypeError);
      throwsErr(() => f(torch.ones(3, 2), any([[1]])), undefined, TypeError);
      throwsErr(() => f(any(undefined), any(undefined)), undefined, TypeError);
    }
  });

  it('mismatched dtypes: float32 @ float64 and float @ int throw (PyTorch: expected scalar type Float but found Double)', () => {
    const f32 = torch.ones(2, 3), f64 = torch.ones(3, 2, { dtype: 'float64' }), i32 = torch.ones(3, 2, { dtype: 'int32' });
    throwsErr(() => torch.mm(f32, f64), /float32.*float64|Float.*Double/, TypeError);
    throwsErr(() => torch.matmul(f32, f64), /float32.*float64|Float.*Double/);
    throwsErr(() => torch.matmul(f64.t(), f32.t()), /float64.*float32|Double.*Float/);
    throwsErr(() => torch.bmm(torch.ones(1, 2, 3), torch.ones(1, 3, 2, { dtype: 'float64' })), /float32.*float64/);
    throwsErr(() => torch.mm(f32, i32), /float32.*int32/);
    throwsErr(() => torch.matmul(f32, i32), /float32.*int32/);
    throwsErr(() => torch.dot(torch.ones(3), torch.ones(3, { dtype: 'float64' })), /float32.*float64/);
  });

  it('bool @ bool is rejected as in PyTorch ("addmm_impl_cpu_" not implemented for \'Bool\')', () => {
    const b = torch.ones(2, 3, { dtype: 'bool' });
    throwsErr(() => torch.mm(b, b.t()), /Bool|bool/);
  });
});

// ------------------------------------------------------------------------------------------------
describe('cat / stack / split / chunk', () => {
  const x = torch.ones(2, 3);
  it('cat: sizes, ranks, dims, and non-tensor entries', () => {
    throwsErr(() => torch.cat([torch.ones(2, 3), torch.ones(2, 4)], 0), 'Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 1 in the list.');
    throwsErr(() => torch.cat([torch.ones(2, 3), torch.ones(3)], 0), 'Tensors must have same number of dimensions: got 2 and 1');
    throwsErr(() => torch.cat([]), 'torch.cat(): expected a non-empty list of Tensors');
    throwsErr(() => torch.cat([torch.tensor(1.5), torch.tensor(2.5)]), 'zero-dimensional tensor (at position 0) cannot be concatenated');
    throwsErr(() => torch.cat([x, x], 2), 'Dimension out of range (expected to be in range of [-2, 1], but got 2)', RangeError);
    throwsErr(() => torch.cat([x, x], -3), 'Dimension out of range (expected to be in range of [-2, 1], but got -3)');
    throwsErr(() => torch.cat([x, x], 0.5), undefined, TypeError);
    throwsErr(() => torch.cat([x, x], any('1')), undefined, TypeError);
    throwsErr(() => torch.cat([x, x], NaN), undefined, TypeError);
    throwsErr(() => torch.cat(any(null)));
    throwsErr(() => torch.cat(any(x)));
  });

  it('cat / stack: a non-tensor element is a TypeError naming its position (PyTorch: expected Tensor as element 1 in argument 0, but got NoneType)', () => {
    throwsErr(() => torch.cat(any([x, null])), /element 1|position 1|1/, TypeError);
    throwsErr(() => torch.cat(any([null])), undefined, TypeError);
    throwsErr(() => torch.cat(any([x, 5])), undefined, TypeError);
    throwsErr(() => torch.stack(any([x, null])), undefined, TypeError);
    throwsErr(() => torch.broadcastTensors(x, any(null)), undefined, TypeError);
  });

  it('stack: sizes and dims', () => {
    throwsErr(() => torch.stack([torch.ones(2, 3), torch.ones(2, 4)]), 'stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [2, 4] at entry 1');
    throwsErr(() => torch.stack([]), 'stack expects a non-empty TensorList');
    throwsErr(() => torch.stack([x, x], 3), 'Dimension out of range (expected to be in range of [-3, 2], but got 3)');
    throwsErr(() => torch.stack([x, x], -4), 'Dimension out of range (expected to be in range of [-3, 2], but got -4)');
  });

  it('split: bad split sizes (PyTorch messages)', () => {
    const v = torch.arange(5, { dtype: 'float32' });
    throwsErr(() => v.split([2, 2]), "split_with_sizes expects split_sizes to sum exactly to 5 (input tensor's size at dimension 0), but got split_sizes=[2, 2]");
    throwsErr(() => v.split(0), 'split_size can only be 0 if dimension size is 0, but got dimension size of 5');
    throwsErr(() => v.split(2, 1), 'Dimension out of range (expected to be in range of [-1, 0], but got 1)');
    throwsErr(() => v.split(-1));
    throwsErr(() => v.split(NaN));
    throwsErr(() => v.split(any(null)));
    throwsErr(() => v.split([NaN]));
  });

  it('split: negative entries get PyTorch\'s message', () => {
    const v = torch.arange(5, { dtype: 'float32' });
    throwsErr(() => v.split([6, -1]), 'split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=[6, -1]');
  });

  it('split: fractional or string sizes are TypeErrors, never tensors with fractional shapes', () => {
    const v = torch.arange(5, { dtype: 'float32' });
    throwsErr(() => v.split([2.5, 2.5]), undefined, TypeError); // torchlet returned two tensors of shape [2.5]
    throwsErr(() => v.split(any(['2', '3'])), undefined, TypeError);
    throwsErr(() => v.split(2.5), undefined, TypeError);
    throwsErr(() => v.split(any('2')), undefined, TypeError);
  });

  it('chunk / unbind', () => {
    const v = torch.ones(5);
    throwsErr(() => v.chunk(0), 'chunk expects `chunks` to be greater than 0, got: 0');
    throwsErr(() => v.chunk(-1), 'chunk expects `chunks` to be greater than 0, got: -1');
    throwsErr(() => v.chunk(1.5));
    throwsErr(() => v.chunk(any('2')));
    throwsErr(() => v.chunk(2, 1), 'Dimension out of range');
    throwsErr(() => x.unbind(2), 'Dimension out of range (expected to be in range of [-2, 1], but got 2)');
    expect(v.chunk(1e9).length).toBe(5);
  });
});

// ------------------------------------------------------------------------------------------------
describe('gather / scatter / scatterAdd / indexSelect', () => {
  const x = torch.arange(6, { dtype: 'float32' }).reshape(2, 3);
  it('indices out of bounds, including negative ones, throw with PyTorch\'s message', () => {
    throwsErr(() => x.gather(1, I([[5]])), 'index 5 is out of bounds for dimension 1 with size 3', RangeError);
    throwsErr(() => x.gather(1, I([[-1]])), 'index -1 is out of bounds for dimension 1 with size 3');
    throwsErr(() => x.gather(0, I([[2, 0, 0]])), 'index 2 is out of bounds for dimension 0 with size 2');
    throwsErr(() => x.scatter(1, I([[5]]), 1.5), 'index 5 is out of bounds for dimension 1 with size 3');
    throwsErr(() => x.scatter(1, I([[-1]]), 1.5), 'index -1 is out of bounds for dimension 1 with size 3');
    throwsErr(() => x.scatter(1, I([[3]]), F([[1.5]])), 'index 3 is out of bounds for dimension 1 with size 3');
    throwsErr(() => x.scatterAdd(1, I([[3]]), F([[1.5]])), 'index 3 is out of bounds for dimension 1 with size 3');
    throwsErr(() => x.clone().scatter_(1, I([[9]]), 1.5), 'index 9 is out of bounds');
    throwsErr(() => x.indexSelect(1, I([5])), /out of range|out of bounds|OUT OF/i);
    throwsErr(() => x.indexSelect(1, I([-4])), /out of range|out of bounds|OUT OF/i);
    throwsErr(() => x.indexSelect(0, I([2])), /out of range|out of bounds|OUT OF/i);
    throwsErr(() => torch.tensor(5.5).gather(0, I([1])), 'index 1 is out of bounds for dimension 0 with size 1');
  });

  it('an out-of-bounds index leaves the input untouched (scatter_ is all-or-nothing)', () => {
    const y = x.clone();
    throwsErr(() => y.scatter_(1, I([[0, 9]]), 7.5));
    expect(y.tolist()).toEqual(x.tolist());
  });

  it('index dtype must be int32 (torchlet\'s int64)', () => {
    const fi = torch.tensor([[0]], { dtype: 'float32' }), bi = torch.tensor([[true]]);
    throwsErr(() => x.gather(1, fi), /Expected dtype int32 for index/, TypeError);
    throwsErr(() => x.gather(1, bi), /Expected dtype int32 for index/);
    throwsErr(() => x.scatter(1, fi, 1.5), /Expected dtype int32 for index/);
    throwsErr(() => x.scatterAdd(1, fi, F([[1]])), /Expected dtype int32 for index/);
    throwsErr(() => x.indexSelect(1, torch.tensor([0], { dtype: 'float32' })), /Expected dtype int32 for index/);
    throwsErr(() => x.gather(1, any(null)), "argument 'index' must be Tensor", TypeError);
    throwsErr(() => x.gather(1, any([[0]])), "argument 'index' must be Tensor", TypeError);
    throwsErr(() => x.indexSelect(1, any(null)), "argument 'index' must be Tensor", TypeError);
    throwsErr(() => x.gather(), undefined, TypeError);
  });

  it('ranks and sizes (PyTorch messages name the index and self shapes)', () => {
    throwsErr(() => x.gather(1, I([0])), 'Index tensor must have the same number of dimensions as input tensor');
    throwsErr(() => x.gather(1, torch.zeros(3, 1, { dtype: 'int32' })), 'Size does not match at dimension 0 expected index [3, 1] to be smaller than self [2, 3] apart from dimension 1');
    throwsErr(() => x.scatter(1, I([0]), 1.5), 'Index tensor must have the same number of dimensions as self tensor');
    throwsErr(() => x.scatter(1, torch.zeros(3, 1, { dtype: 'int32' }), 1.5), /index \[3, 1\].*self \[2, 3\]/);
    throwsErr(() => x.scatter(1, torch.zeros(2, 2, { dtype: 'int32' }), torch.ones(2, 1)), /index \[2, 2\].*src \[2, 1\]/);
    throwsErr(() => x.scatterAdd(1, torch.zeros(2, 3, { dtype: 'int32' }), torch.ones(2, 1)), /index \[2, 3\].*src \[2, 1\]/);
    throwsErr(() => x.indexSelect(1, I([[0]])), 'index_select(): Index is supposed to be a vector');
  });

  it('dims out of range / wrong type', () => {
    throwsErr(() => x.gather(2, I([[0]])), 'Dimension out of range (expected to be in range of [-2, 1], but got 2)', RangeError);
    throwsErr(() => x.gather(-3, I([[0]])), 'Dimension out of range (expected to be in range of [-2, 1], but got -3)');
    throwsErr(() => x.scatter(2, I([[0]]), 1.5), 'Dimension out of range');
    throwsErr(() => x.indexSelect(2, I([0])), 'Dimension out of range');
    throwsErr(() => x.gather(1.5, I([[0]])), undefined, TypeError);
    throwsErr(() => x.gather(any('1'), I([[0]])), undefined, TypeError);
    throwsErr(() => x.gather(any(undefined), I([[0]])), undefined, TypeError);
  });

  it('scatter / scatterAdd: src must be a Tensor or a number', () => {
    throwsErr(() => x.scatter(1, I([[0]])), "scatter() missing required argument 'src'", TypeError);
    throwsErr(() => x.scatter(1, I([[0]]), 1.5, { reduce: any('max') }), 'reduce argument must be either add or multiply');
    throwsErr(() => x.scatter(1, I([[0]]), any('a')), undefined, TypeError); // torchlet wrote NaN
    throwsErr(() => x.scatter(1, I([[0]]), any([5])), undefined, TypeError); // torchlet wrote 5
    throwsErr(() => x.scatterAdd(1, I([[0]]), any(null)), undefined, TypeError);
    throwsErr(() => x.scatterAdd(1, I([[0]]), any(5)), undefined, TypeError);
  });
});

// ------------------------------------------------------------------------------------------------
describe('views and shape ops: bad dims, sizes and indices', () => {
  const x = torch.arange(6, { dtype: 'float32' }).reshape(2, 3);
  it('view / reshape', () => {
    throwsErr(() => x.view(4, 2), "shape '[4, 2]' is invalid for input of size 6", RangeError);
    throwsErr(() => x.view(-1, -1), 'only one dimension can be inferred');
    throwsErr(() => x.view(-2, -3), 'invalid shape dimension -2');
    throwsErr(() => x.view(2.5, 2.4), undefined, TypeError);
    throwsErr(() => x.view(any('6')), undefined, TypeError);
    throwsErr(() => x.view(any(null)), undefined, TypeError);
    throwsErr(() => x.view(NaN), undefined, TypeError);
    throwsErr(() => x.view(1e20), "shape '[100000000000000000000]' is invalid for input of size 6");
    throwsErr(() => x.reshape(Infinity), undefined, TypeError);
    throwsErr(() => x.t().view(6), "view size is not compatible with input tensor's size and stride");
    throwsErr(() => torch.zeros(0, 3).view(-1, 0), 'cannot reshape tensor of 0 elements into shape [-1, 0] because the unspecified dimension size -1 can be any value and is ambiguous');
  });

  it('expand', () => {
    throwsErr(() => x.expand(4, 3), 'The expanded size of the tensor (4) must match the existing size (2) at non-singleton dimension 0.  Target sizes: [4, 3].  Tensor sizes: [2, 3]');
    throwsErr(() => x.expand(-1, 2, 3), "The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension 0");
    throwsErr(() => x.expand(3), 'the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)');
    throwsErr(() => torch.ones(1).expand(2.5), undefined, TypeError);
    throwsErr(() => torch.ones(1).expand(any('3')), undefined, TypeError);
  });

  it('expand of a size-1 dim to a negative size throws (torchlet made a tensor of shape [-5])', () => {
    // PyTorch: RuntimeError (numel: integer multiplication overflow / invalid size)
    throwsErr(() => torch.ones(1).expand(-5));
    throwsErr(() => torch.ones(2, 1).expand(2, -3));
  });

  it('permute / transpose / squeeze / unsqueeze / flatten / unflatten / t', () => {
    throwsErr(() => x.permute(0, 0), 'permute(): duplicate dims are not allowed.');
    throwsErr(() => x.permute(0, -2), 'permute(): duplicate dims are not allowed.');
    throwsErr(() => x.permute(0), 'input.dim() = 2 is not equal to len(dims) = 1');
    throwsErr(() => x.permute(0, 2), 'Dimension out of range (expected to be in range of [-2, 1], but got 2)');
    throwsErr(() => x.permute(0, 1.5), undefined, TypeError);
    throwsErr(() => x.permute(any('0'), any('1')), undefined, TypeError);
    throwsErr(() => x.transpose(0, 2), 'Dimension out of range (expected to be in range of [-2, 1], but got 2)', RangeError);
    throwsErr(() => x.transpose(0), "transpose() missing required argument 'dim1'", TypeError);
    throwsErr(() => x.transpose(0, 0.5), undefined, TypeError);
    throwsErr(() => x.squeeze(2), 'Dimension out of range (expected to be in range of [-2, 1], but got 2)');
    throwsErr(() => x.squeeze(any('0')), undefined, TypeError);
    throwsErr(() => x.unsqueeze(3), 'Dimension out of range (expected to be in range of [-3, 2], but got 3)');
    throwsErr(() => x.unsqueeze(-4), 'Dimension out of range (expected to be in range of [-3, 2], but got -4)');
    throwsErr(() => x.unsqueeze(), "unsqueeze() missing required argument 'dim'", TypeError);
    throwsErr(() => x.flatten(1, 0), 'flatten() has invalid args: start_dim cannot come after end_dim');
    throwsErr(() => x.flatten(0, 2), 'Dimension out of range');
    throwsErr(() => torch.ones(2, 6).unflatten(1, [4, 2]), "unflatten: Provided sizes [4, 2] don't multiply up to the size of dim 1 (6) in the input tensor");
    throwsErr(() => torch.ones(2, 6).unflatten(1, [-1, -1]), 'only one dimension can be inferred');
    throwsErr(() => torch.ones(2, 6).unflatten(1, [2.5, 2.4]), undefined, TypeError);
    throwsErr(() => torch.ones(2, 3, 4).t(), 't() expects a tensor with <= 2 dimensions, but self is 3D');
  });

  it('unflatten with non-list sizes is a TypeError with a message', () => {
    throwsErr(() => torch.ones(2, 6).unflatten(1, any(null)), undefined, TypeError);
    throwsErr(() => torch.ones(2, 6).unflatten(1, any('23')), undefined, TypeError);
  });

  it('select / narrow: out of range', () => {
    throwsErr(() => x.select(1, 3), 'select(): index 3 out of range for tensor of size [2, 3] at dimension 1', RangeError);
    throwsErr(() => x.select(1, -4), 'select(): index -4 out of range for tensor of size [2, 3] at dimension 1');
    throwsErr(() => x.select(2, 0), 'Dimension out of range');
    throwsErr(() => torch.tensor(1.5).select(0, 0), 'select() cannot be applied to a 0-dim tensor.');
    throwsErr(() => x.select(1, 0.5));
    throwsErr(() => x.narrow(1, 1, -1), 'start (1) + length (-1) exceeds dimension size (3).');
    throwsErr(() => x.narrow(1, 2, 2), 'start (2) + length (2) exceeds dimension size (3).');
    throwsErr(() => x.narrow(1, -4, 1), 'start out of range (expected to be in range of [-3, 3], but got -4)');
    throwsErr(() => x.narrow(2, 0, 1), 'Dimension out of range');
  });

  it('narrow: fractional / NaN / string / null start and length throw instead of making a broken view', () => {
    const v = torch.arange(5, { dtype: 'float32' });
    throwsErr(() => v.narrow(0, 0.5, 2), undefined, TypeError); // torchlet: a view at storage offset 0.5
    throwsErr(() => v.narrow(0, 1, 1.5), undefined, TypeError); // torchlet: shape [1.5]
    throwsErr(() => v.narrow(0, NaN, 2), undefined, TypeError); // torchlet: offset NaN, values NaN
    throwsErr(() => v.narrow(0, 1, NaN), undefined, TypeError); // torchlet: shape [NaN]
    throwsErr(() => v.narrow(0, any('1'), 2), undefined, TypeError); // torchlet: "start (1) + length (2)" = "12"
    throwsErr(() => v.narrow(0, any(null), 1), undefined, TypeError);
    throwsErr(() => v.narrow(0, any([]), 1), undefined, TypeError);
  });

  it('index(): slices with fractional / NaN / non-number bounds throw instead of reading between elements', () => {
    throwsErr(() => x.index([0.5, 2] as never)); // torchlet: values [[1,2,3],[4,5,undefined→NaN]]
    throwsErr(() => x.index({ start: any('a') })); // torchlet: shape [NaN, 3]
    throwsErr(() => x.index([NaN, NaN] as never)); // torchlet: shape [NaN, 3]
    throwsErr(() => x.index(any(undefined)));
  });

  it('index(): a Tensor or boolean index is not silently ignored', () => {
    // PyTorch: x[torch.tensor([0])] -> shape [1, 3]; torchlet returned x unchanged (as if ':')
    let r: torch.Tensor | null = null;
    try {
      r = x.index(any(I([0])));
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
    }
    if (r) expect(r.shape).toEqual([1, 3]);
    let rb: torch.Tensor | null = null;
    try {
      rb = x.index(any(true));
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
    }
    if (rb) expect(rb.shape).toEqual([1, 2, 3]); // PyTorch: x[True] adds a dim
  });

  it('index(): other bad specs', () => {
    throwsErr(() => x.index(0, 0, 0), 'too many indices for tensor of dimension 2');
    throwsErr(() => x.index('...', '...'), 'an index can only have a single ellipsis');
    throwsErr(() => x.index(5), 'select(): index 5 out of range');
    throwsErr(() => x.index('abc'), /bad slice|abc/);
    throwsErr(() => x.index('1:2:0'), /step/);
    throwsErr(() => x.index('::-1'), /step/);
  });

  it('size() / stride() / item() / to()', () => {
    throwsErr(() => x.size(5), 'Dimension out of range (expected to be in range of [-2, 1], but got 5)');
    throwsErr(() => x.size(any('a')), undefined, TypeError);
    throwsErr(() => x.stride(2), 'Dimension out of range');
    throwsErr(() => x.item(), 'a Tensor with 6 elements cannot be converted to Scalar');
    throwsErr(() => torch.zeros(0).item(), 'a Tensor with 0 elements cannot be converted to Scalar');
  });

  it('to() / type() with an unknown dtype is a TypeError naming it', () => {
    throwsErr(() => x.to(any('float16')), 'float16', TypeError);
    throwsErr(() => x.type(any('x')), undefined, TypeError);
  });
});

// ------------------------------------------------------------------------------------------------
describe('dims out of range everywhere', () => {
  const x = torch.ones(2, 3);
  const dimFns: [string, (d: unknown) => unknown][] = [
    ['sum', (d) => x.sum(any(d))], ['mean', (d) => x.mean(any(d))], ['prod', (d) => x.prod(any(d))],
    ['max', (d) => x.max(any(d))], ['min', (d) => x.min(any(d))], ['amax', (d) => x.amax(any(d))],
    ['amin', (d) => x.amin(any(d))], ['argmax', (d) => x.argmax(any(d))], ['argmin', (d) => x.argmin(any(d))],
    ['var', (d) => x.var(any(d))], ['std', (d) => x.std(any(d))], ['logsumexp', (d) => x.logsumexp(any(d))],
    ['all', (d) => x.bool().all(any(d))], ['any', (d) => x.bool().any(any(d))],
    ['softmax-like unsqueeze', (d) => x.unsqueeze(any(d) === 2 ? 3 : any(d) === -3 ? -4 : any(d))],
    ['split', (d) => x.split(1, any(d))], ['chunk', (d) => x.chunk(1, any(d))], ['unbind', (d) => x.unbind(any(d))],
    ['cat', (d) => torch.cat([x, x], any(d))], ['indexSelect', (d) => x.indexSelect(any(d), I([0]))],
    ['gather', (d) => x.gather(any(d), I([[0]]))], ['narrow', (d) => x.narrow(any(d), 0, 1)], ['select', (d) => x.select(any(d), 0)],
    ['transpose', (d) => x.transpose(0, any(d))], ['flatten', (d) => x.flatten(any(d))], ['squeeze', (d) => x.squeeze(any(d))],
  ];
  for (const [name, fn] of dimFns) {
    it(`${name}: dim 2 / -3 -> IndexError-like RangeError; 1.5 / NaN / '1' -> TypeError`, () => {
      throwsErr(() => fn(2), /Dimension out of range \(expected to be in range of \[-\d, \d\], but got -?\d\)/, RangeError);
      throwsErr(() => fn(-3), /Dimension out of range/, RangeError);
      throwsErr(() => fn(1.5), undefined, TypeError);
      throwsErr(() => fn(NaN), undefined, TypeError);
      throwsErr(() => fn(Infinity), undefined, TypeError);
      throwsErr(() => fn('1'), undefined, TypeError);
    });
  }
  it('0-d tensors accept dim 0 / -1 only', () => {
    const s = torch.tensor(2.5);
    expect(s.sum(0).item()).toBe(2.5);
    expect(s.sum(-1).item()).toBe(2.5);
    throwsErr(() => s.sum(1), 'Dimension out of range (expected to be in range of [-1, 0], but got 1)');
    throwsErr(() => s.max(1), 'Dimension out of range (expected to be in range of [-1, 0], but got 1)');
    throwsErr(() => s.argmax(-2), 'Dimension out of range');
    throwsErr(() => s.unsqueeze(2), 'Dimension out of range (expected to be in range of [-1, 0], but got 2)'.replace('[-1, 0]', '[-1, 0]').slice(0, 22));
    throwsErr(() => s.narrow(0, 0, 1), 'narrow() cannot be applied to a 0-dim tensor.');
    throwsErr(() => s.item.call(torch.ones(2)), 'a Tensor with 2 elements cannot be converted to Scalar');
  });
  it('repeated dims in a reduction', () => {
    throwsErr(() => x.sum([0, 0]), 'dim 0 appears multiple times in the list of dims');
    throwsErr(() => x.sum([0, -2]), 'dim 0 appears multiple times in the list of dims');
    throwsErr(() => x.mean([1, -1]), 'dim 1 appears multiple times in the list of dims');
  });
});

// ------------------------------------------------------------------------------------------------
describe('reductions over empty tensors', () => {
  const e = torch.tensor([], { dtype: 'float32' }), e03 = torch.zeros(0, 3);
  it("max / min / argmax / argmin / amax / amin of an empty tensor throw PyTorch's message", () => {
    for (const fn of ['max', 'min', 'argmax', 'argmin'] as const) {
      throwsErr(() => (e as unknown as Record<string, () => unknown>)[fn](),
        `${fn}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
      throwsErr(() => (e03 as unknown as Record<string, (d: number) => unknown>)[fn](0), `${fn}(): Expected reduction dim 0 to have non-zero size.`);
    }
    throwsErr(() => torch.tensor([], { dtype: 'int32' }).max(), "max(): Expected reduction dim to be specified for input.numel() == 0");
    throwsErr(() => torch.zeros(0, 3, { dtype: 'int32' }).argmin(0), 'argmin(): Expected reduction dim 0 to have non-zero size.');
  });

  it("amax / amin of an empty tensor: PyTorch's message (not the dim-0 one)", () => {
    throwsErr(() => e03.amax(), "amax(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
    throwsErr(() => e03.amin(), "amin(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
    throwsErr(() => e03.amax(0), 'amax(): Expected reduction dim 0 to have non-zero size.');
  });

  it('reducing a non-empty dim of an empty tensor gives an empty result (as PyTorch)', () => {
    expect(e03.max(1).values.shape).toEqual([0]);
    expect(e03.argmax(1).shape).toEqual([0]);
    expect(e03.amax(1).shape).toEqual([0]); // PyTorch: tensor([]) — torchlet threw
    expect(e03.amin(1).shape).toEqual([0]);
  });

  it('sum / mean / prod of empty give 0 / nan / 1', () => {
    expect(e.sum().item()).toBe(0);
    expect(e.mean().item()).toBeNaN();
    expect(e.prod().item()).toBe(1);
    expect(e03.sum(0).tolist()).toEqual([0, 0, 0]);
    expect((e03.mean(0).tolist() as number[]).every(Number.isNaN)).toBe(true);
    expect(e03.prod(0).tolist()).toEqual([1, 1, 1]);
    expect(e03.sum(1).shape).toEqual([0]);
    expect(torch.tensor([], { dtype: 'int32' }).sum().item()).toBe(0);
    expect(torch.tensor([], { dtype: 'int32' }).prod().item()).toBe(1);
    expect(e.var().item()).toBeNaN();
    expect(torch.ones(1).std().item()).toBeNaN();
    expect(e.bool().all().item()).toBe(1);
    expect(e.bool().any().item()).toBe(0);
  });

  it('logsumexp over an empty dim is -inf (PyTorch), not NaN', () => {
    expect(e.logsumexp(0).item()).toBe(-Infinity);
    expect(e03.logsumexp(0).tolist()).toEqual([-Infinity, -Infinity, -Infinity]);
  });

  it('mean / var of int tensors throw (PyTorch: could not infer output dtype)', () => {
    throwsErr(() => torch.ones(2, { dtype: 'int32' }).mean(), 'mean(): could not infer output dtype');
    throwsErr(() => torch.ones(2, { dtype: 'int32' }).var(), 'std and var only support floating point');
  });

  it('reductions reject junk dims and dtypes', () => {
    const x = torch.ones(2, 3);
    throwsErr(() => x.sum(0, false, any('float16')), 'float16', TypeError);
    throwsErr(() => x.sum(any([[0]])), undefined, TypeError);
    throwsErr(() => x.sum(any({ dim: {} })), undefined, TypeError);
    throwsErr(() => x.max(any([0])), undefined, TypeError);
    throwsErr(() => x.sum(0, false, any({ bogus: 1 })), "unexpected keyword argument 'bogus'");
  });
});

// ------------------------------------------------------------------------------------------------
describe('autograd misuse', () => {
  it('backward twice through saved tensors throws PyTorch\'s message', () => {
    const msg = 'Trying to backward through the graph a second time';
    const cases: [string, (x: torch.Tensor) => torch.Tensor][] = [
      ['mul', (x) => x.mul(x).sum()], ['exp', (x) => x.exp().sum()], ['matmul', (x) => x.reshape(1, 3).matmul(x.reshape(3, 1)).sum()],
      ['relu', (x) => x.relu().sum()], ['sigmoid', (x) => x.sigmoid().sum()], ['div', (x) => x.div(x).sum()],
      ['pow', (x) => x.pow(2).sum()], ['max', (x) => x.max()],
    ];
    for (const [name, f] of cases) {
      const x = rg(3);
      const y = f(x);
      y.backward();
      const e = throwsErr(() => y.backward(), msg);
      expect(e.message, name).toContain('retainGraph');
    }
  });

  it('backward twice with retainGraph accumulates', () => {
    const x = rg(3);
    const y = x.mul(x).sum();
    y.backward({ retainGraph: true });
    y.backward();
    expect(x.grad!.tolist()).toEqual([4, 4, 4]);
  });

  it('backward twice through ops whose backward saves the index / condition (PyTorch throws: saved tensors freed)', () => {
    // PyTorch 1.13 frees IndexSelectBackward0's / GatherBackward0's saved index and WhereBackward0's condition.
    for (const f of [
      (x: torch.Tensor) => x.indexSelect(0, I([0, 0])).sum(),
      (x: torch.Tensor) => x.gather(0, I([0, 0])).sum(),
      (x: torch.Tensor) => torch.where(torch.ones(3, { dtype: 'bool' }), x, 0).sum(),
    ]) {
      const x = rg(3);
      const y = f(x);
      y.backward();
      throwsErr(() => y.backward(), 'Trying to backward through the graph a second time');
    }
  });

  it('backward on tensors that do not require grad', () => {
    const msg = 'element 0 of tensors does not require grad and does not have a grad_fn';
    throwsErr(() => torch.ones(3).sum().backward(), msg);
    throwsErr(() => rg(3).argmax().backward(), msg);
    throwsErr(() => rg(3).gt(0).sum().backward(), msg);
    throwsErr(() => rg(3).int().sum().backward(), msg);
    throwsErr(() => torch.noGrad(() => rg(3).mul(2).sum()).backward(), msg);
  });

  it('backward of a non-scalar needs a gradient of the right shape', () => {
    throwsErr(() => rg(3).mul(2).backward(), 'grad can be implicitly created only for scalar outputs');
    throwsErr(() => rg(3).mul(2).backward(torch.ones(4)), 'Mismatch in shape: grad_output[0] has a shape of torch.Size([4]) and output[0] has a shape of torch.Size([3]).');
    throwsErr(() => rg(2, 3).mul(2).backward(torch.ones(3, 2)), 'Mismatch in shape: grad_output[0] has a shape of torch.Size([3, 2]) and output[0] has a shape of torch.Size([2, 3]).');
    throwsErr(() => rg(3).mul(2).backward(any(5)), undefined, TypeError);
    throwsErr(() => rg(3).mul(2).backward(any([1, 1, 1])), undefined, TypeError);
    throwsErr(() => rg(3).sum().backward(any({ retain: true })), "unexpected keyword argument 'retain'", TypeError);
  });

  it('backward of a scalar with a [1, 1] gradient is a shape mismatch (PyTorch: Mismatch in shape)', () => {
    throwsErr(() => rg(3).sum().backward(torch.ones(1, 1)), 'Mismatch in shape');
  });

  it('in-place on a leaf that requires grad', () => {
    const msg = 'a leaf Variable that requires grad is being used in an in-place operation.';
    throwsErr(() => rg(3).add_(1), msg);
    throwsErr(() => rg(3).mul_(2), msg);
    throwsErr(() => rg(3).fill_(1), msg);
    throwsErr(() => rg(3).zero_(), msg);
    throwsErr(() => rg(3).uniform_(), msg);
    throwsErr(() => rg(3).normal_(), msg);
    throwsErr(() => rg(3).copy_(torch.zeros(3)), msg);
    throwsErr(() => rg(3).clamp_(0, 1), msg);
    throwsErr(() => rg(2, 3).scatter_(1, I([[0]]), 1.5), msg);
    throwsErr(() => rg(3).maskedFill_(torch.ones(3, { dtype: 'bool' }), 0), msg);
    // under noGrad it is allowed (that is how optimizers update parameters)
    const x = rg(3);
    torch.noGrad(() => x.add_(1));
    expect(x.tolist()).toEqual([2, 2, 2]);
  });

  it('in-place on a VIEW of a leaf that requires grad throws for every in-place op (fill_/zero_ wrote into the leaf)', () => {
    // PyTorch: a view of a leaf Variable that requires grad is being used in an in-place operation.
    for (const op of [
      (v: torch.Tensor) => v.add_(1), (v: torch.Tensor) => v.fill_(5), (v: torch.Tensor) => v.zero_(),
      (v: torch.Tensor) => v.uniform_(), (v: torch.Tensor) => v.normal_(), (v: torch.Tensor) => v.copy_(torch.zeros(2)),
    ]) {
      const x = rg(3);
      throwsErr(() => op(x.narrow(0, 0, 2)));
      expect(x.tolist(), 'the leaf must be untouched').toEqual([1, 1, 1]);
      const y = rg(3);
      throwsErr(() => op(y.index('0:2')));
      expect(y.tolist()).toEqual([1, 1, 1]);
    }
  });

  it('in-place modification of a tensor saved for backward is detected', () => {
    const x = rg(3);
    const y = x.mul(2);
    const z = y.mul(y);
    y.add_(1);
    throwsErr(() => z.sum().backward(), /one of the variables needed for gradient computation has been modified by an inplace operation: \[float32 \[3\]\] is at version 1; expected version 0/);
    const x2 = rg(3);
    const y2 = x2.mul(2);
    const z2 = y2.mul(y2);
    y2.fill_(1);
    throwsErr(() => z2.sum().backward(), /modified by an inplace operation/);
  });

  it('requiresGrad on int / bool tensors and on non-leaves', () => {
    const msg = 'only Tensors of floating point dtype can require gradients';
    throwsErr(() => torch.ones(3, { dtype: 'int32' }).requiresGrad_(), msg);
    throwsErr(() => { torch.ones(3, { dtype: 'bool' }).requiresGrad = true; }, msg);
    throwsErr(() => torch.tensor([1, 2], { dtype: 'int32', requiresGrad: true }), msg);
    throwsErr(() => torch.arange(3, { requiresGrad: true }), msg);
    throwsErr(() => torch.zeros(3, { dtype: 'int32', requiresGrad: true }), msg);
    throwsErr(() => rg(3).mul(2).requiresGrad_(false), 'you can only change requires_grad flags of leaf variables.');
    throwsErr(() => torch.ones(3).retainGrad(), "can't retain_grad on Tensor that has requires_grad=False");
  });

  it('grad assignment with the wrong shape / dtype / type', () => {
    const x = rg(2, 3);
    throwsErr(() => { x.grad = torch.ones(3); }, /assigned grad has data of a different size/);
    throwsErr(() => { x.grad = torch.ones(3, 2); }, /assigned grad has data of a different size/);
    throwsErr(() => { x.grad = torch.ones(2, 3, { dtype: 'float64' }); }, /assigned grad has data of a different type/);
    throwsErr(() => { x.grad = torch.ones(2, 3, { dtype: 'int32' }); }, /assigned grad has data of a different type/);
    throwsErr(() => { x.grad = any(5); }, 'assigned grad expected to be a Tensor or None', TypeError);
    throwsErr(() => { x.grad = any('a'); }, 'assigned grad expected to be a Tensor or None', TypeError);
    throwsErr(() => { x.grad = any([[1, 1, 1], [1, 1, 1]]); }, 'assigned grad expected to be a Tensor or None', TypeError);
    x.grad = null;
    expect(x.grad).toBeNull();
    throwsErr(() => { x.data = any(5); }, undefined, TypeError);
  });

  it('autograd.grad / autograd.backward misuse', () => {
    const x = rg(3), y = rg(3);
    throwsErr(() => torch.autograd.grad(x.mul(2).sum(), [y]), 'One of the differentiated Tensors appears to not have been used in the graph. Set allowUnused: true');
    throwsErr(() => torch.autograd.grad(x.mul(2).sum(), [torch.ones(3)]), 'One of the differentiated Tensors does not require grad');
    throwsErr(() => torch.autograd.grad([x.mul(2)], [x], { gradOutputs: [torch.ones(3), torch.ones(3)] }));
    throwsErr(() => torch.autograd.backward(any([null])), undefined, TypeError);
  });

  it('autograd.grad(null, null) / autograd.backward(null) throw instead of doing nothing', () => {
    throwsErr(() => torch.autograd.grad(any(null), any(null)));
    throwsErr(() => torch.autograd.backward(any(null)));
  });

  it('0-d tensors through autograd', () => {
    const x = torch.tensor(2.5, { requiresGrad: true });
    x.mul(x).backward();
    expect(x.grad!.shape).toEqual([]);
    expect(x.grad!.item()).toBe(5);
    throwsErr(() => x.mul(x).backward(torch.ones(2)), 'Mismatch in shape');
  });
});

// ------------------------------------------------------------------------------------------------
describe('silent wrong results from junk operands', () => {
  it('full / linspace with a non-number value throw (torchlet filled NaN)', () => {
    throwsErr(() => torch.full([2], any('a')), undefined, TypeError);
    throwsErr(() => torch.full([2], any(null)), undefined, TypeError);
    // PyTorch: RuntimeError: value cannot be converted to type int without overflow (torchlet filled 0)
    throwsErr(() => torch.full([2], NaN, { dtype: 'int32' }), /cannot be converted/);
    throwsErr(() => torch.linspace(any('a'), 1, 3), undefined, TypeError);
    throwsErr(() => torch.linspace(0, any(undefined), 3), undefined, TypeError);
  });
});

// ------------------------------------------------------------------------------------------------
describe('fuzz: random public calls with random (mostly invalid) arguments, in a child process', () => {
  const child = path.join(__dirname, 'hostile-child.js');
  let run: { status: number | null; signal: string | null; stdout: string; stderr: string; lastCall: string; ms: number; timedOut: boolean };

  function fuzz(seed: number, iterations: number) {
    ensureDist();
    const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'torchlet-hostile-')), 'calls.log');
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [child, distCjs, log, String(seed), String(iterations)], {
      cwd: root, encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL', env: process.env,
    });
    const lines = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
    fs.rmSync(path.dirname(log), { recursive: true, force: true });
    return {
      status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '',
      lastCall: lines[lines.length - 1] ?? '(none)', ms: Date.now() - t0,
      timedOut: (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT' || r.signal === 'SIGKILL',
    };
  }

  it('seed 16, 3000 calls: no crash, no hang, only Error instances thrown, no corrupt tensors returned', () => {
    run = fuzz(16, 3000);
    const where = `last call started (iteration\\tcall): ${run.lastCall}\nreplay: node test/hostile-child.js dist/cjs/index.js /tmp/log 16 3000 --only ${run.lastCall.split('\t')[0]}`;
    expect(run.timedOut, `the fuzz child HUNG (killed after 20 s).\n${where}`).toBe(false);
    expect(run.signal, `the fuzz child died with ${run.signal} (native crash).\n${where}\n${run.stderr.slice(-2000)}`).toBeNull();
    expect(run.status, `the fuzz child exited with ${run.status}.\n${where}\n${run.stderr.slice(-2000)}`).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(summary.calls).toBeGreaterThan(500);
    expect(summary.nonError, 'calls that threw something that is not an Error').toEqual([]);
    expect(summary.corrupt, 'calls that returned a tensor with a broken shape / view').toEqual([]);
  }, 30_000);
});
