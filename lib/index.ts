// The public surface of torchlet: `import * as torch from 'torchlet'`.
import { native } from './native';
import { enableGrad, isGradEnabled, noGrad, setGradEnabled } from './autograd/grad_mode';

export { Tensor, Storage } from './tensor';
export type { DType, TypedArray } from './dtype';
export { Generator } from './random';
export { noGrad, enableGrad, isGradEnabled, setGradEnabled };

// dtypes, spelled as PyTorch's torch.float32 etc.
export const float32 = 'float32', float = 'float32', float64 = 'float64', double = 'float64';
export const int32 = 'int32', int = 'int32', long = 'int32', bool = 'bool';

export * as autograd from './autograd';

export function backendInfo(): { isa: string; threads: number; version: string } {
  const b = native.backendInfo();
  return { isa: b.isa, threads: b.threads, version: b.version };
}
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`setNumThreads: expected a positive integer, got ${n}`);
  native.setNumThreads(n);
}
export function getNumThreads(): number {
  return native.getNumThreads();
}

export {
  // creation
  tensor, fromTypedArray, zeros, ones, empty, full, zerosLike, onesLike, emptyLike, fullLike, randLike, randnLike,
  arange, linspace, eye, rand, randn, randint, randperm, manualSeed, seed, initialSeed,
  // shape
  view, reshape, transpose, transpose as swapaxes, permute, t, squeeze, unsqueeze, flatten, unflatten, expand,
  narrow, select, cat, cat as concat, stack, split, chunk, unbind, clone, broadcastTensors,
  // pointwise
  add, sub, mul, div, pow, neg, exp, log, sqrt, rsqrt, abs, sin, cos, tanh, sigmoid, relu, square, reciprocal, sign,
  log1p, expm1, clamp, clamp as clip, maximum, minimum, eq, ne, lt, le, gt, ge, logicalAnd, logicalOr, logicalXor,
  logicalNot, isnan, where, maskedFill, isclose, allclose, equal,
  // indexing
  gather, scatter, scatterAdd, indexSelect,
  // reductions
  sum, mean, prod, max, min, amax, amin, argmax, argmin, var_ as var, std, logsumexp, all, any,
  // linear algebra
  matmul, mm, bmm, mv, dot, addmm,
} from './ops';

/** x.numel() as a function, like torch.numel(x). */
export function numel(x: import("./tensor").Tensor): number {
  return x.numel();
}
