// The only file that touches the addon: finds it (prebuild, else local build) and types it.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type FloatArray = Float32Array | Float64Array;

/** Element-wise op codes shared with native/src/binding/elementwise.cpp (keep in sync: UnaryOp / BinaryOp). */
export const enum UnaryOp {
  neg = 0, exp = 1, log = 2, sqrt = 3, rsqrt = 4, abs = 5, sin = 6, cos = 7, tanh = 8, sigmoid = 9,
  relu = 10, clamp = 11 /* a=min, b=max (NaN = unbounded) */, powScalar = 12 /* x^a */,
  affine = 13 /* x*a + b */, square = 14, reciprocal = 15, sign = 16, log1p = 17, expm1 = 18,
  rpowScalar = 19 /* a^x */, copy = 20,
}
export const enum BinaryOp {
  add = 0, sub = 1, mul = 2, div = 3, pow = 4, maximum = 5, minimum = 6,
  /** out = a + alpha*b */ addScaled = 7,
  /** out = g * (x > 0) */ reluBackward = 8,
  /** out = g * y * (1 - y) */ sigmoidBackward = 9,
  /** out = g * (1 - y*y) */ tanhBackward = 10,
}
export const enum ReduceOp { sum = 0, prod = 1, max = 2, min = 3, argmax = 4, argmin = 5, logsumexp = 6 }

export interface NativeAddon {
  backendInfo(): { isa: string; detectedIsa: string; threads: number; version: string };
  setNumThreads(n: number): void;
  getNumThreads(): number;
  setIsa(isa: string): string;
  /** Measured single-core FMA peak in GFLOP/s over about `seconds` (benchmarks). */
  fmaPeak(seconds: number): number;

  /** C = alpha*op(A)*op(B) + beta*C over typed arrays with element offsets; row-major. */
  gemm(transA: boolean, transB: boolean, M: number, N: number, K: number, alpha: number,
       A: FloatArray, aOff: number, lda: number, B: FloatArray, bOff: number, ldb: number,
       beta: number, C: FloatArray, cOff: number, ldc: number): void;
  /** float32 GEMM with fused epilogue: C = A·B (+ bias per row (1) or col (2)) then ReLU if relu. */
  gemmEpilogue(transA: boolean, transB: boolean, M: number, N: number, K: number,
       A: Float32Array, aOff: number, lda: number, B: Float32Array, bOff: number, ldb: number,
       C: Float32Array, cOff: number, ldc: number, biasKind: number, bias: Float32Array | null, relu: boolean): void;

  /** out[i] = op(x at strided i) over `shape`; out contiguous (same dtype as x). */
  unary(op: UnaryOp, x: FloatArray, xOff: number, xStrides: number[], out: FloatArray, shape: number[], a: number, b: number): void;
  /** out = op(a, b) with strides (0 = broadcast) over `shape`; out contiguous. */
  binary(op: BinaryOp, a: FloatArray, aOff: number, aStrides: number[], b: FloatArray, bOff: number, bStrides: number[],
         out: FloatArray, shape: number[], alpha: number): void;
  /** x contiguous viewed as [outer, r, inner]; out[o*inner+i] = reduce over r. arg ops write int32 indices to out (Int32Array). */
  reduce(op: ReduceOp, x: FloatArray, xOff: number, outer: number, r: number, inner: number, out: FloatArray | Int32Array): void;
  /** Where an ArrayBuffer's memory starts within a 64-byte line (the allocator aligns storage with it). */
  addressMod64(buffer: ArrayBuffer): number;
  /** max/min with indices in one pass. */
  reduceWithIndex(op: ReduceOp, x: FloatArray, xOff: number, outer: number, r: number, inner: number, values: FloatArray, indices: Int32Array): void;
}

function packageRoot(): string {
  // Works from lib/ (source, tests) and from dist/cjs/ (published): walk up to package.json.
  let dir = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'binding.gyp'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('torchlet: cannot find the package root (package.json beside binding.gyp)');
}

let loadedFrom = '';
/** The absolute path of the addon file that was loaded (prebuilds/..., build/Release/..., build-cmake/...). */
export function addonPath(): string {
  return loadedFrom;
}

function load(): NativeAddon {
  const root = packageRoot();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const req = require;
  const explicit = process.env.TORCHLET_ADDON;
  if (explicit) return req((loadedFrom = path.resolve(explicit)));
  try {
    // node-gyp-build: prebuilds/<platform>-<arch>/*.node first, then build/Release.
    const found: string = req('node-gyp-build').path(root);
    return req((loadedFrom = found));
  } catch (e) {
    const cmake = path.join(root, 'build-cmake', 'Release', 'torchlet.node');
    if (fs.existsSync(cmake)) return req((loadedFrom = cmake));
    throw new Error(
      `torchlet: no native addon for ${process.platform}-${process.arch} (node ${process.version}). ` +
      `No prebuilt binary in ${path.join(root, 'prebuilds')} matches and no local build was found. ` +
      `Build from source with \`npm rebuild torchlet\` (needs python3, make and a C++17 compiler), ` +
      `or in a clone run \`npm run build:native\`. Cause: ${(e as Error).message}`,
    );
  }
}

/** The addon's own element-wise entry points: shapes and strides packed into one Float64Array. */
interface RawElementwise {
  unary(op: UnaryOp, x: FloatArray, xOff: number, out: FloatArray, a: number, b: number, dims: Float64Array): void;
  binary(op: BinaryOp, a: FloatArray, aOff: number, b: FloatArray, bOff: number, out: FloatArray, alpha: number,
         dims: Float64Array): void;
}

/** @internal The addon's exports as they are (tests of its own argument checks). */
export const rawAddon = load() as unknown as Omit<NativeAddon, 'unary' | 'binary'> & RawElementwise;

// [rank, shape, strides of each operand]: reused by every call (the addon reads it before it returns).
// Off-heap (V8 keeps typed arrays over 64 bytes there), so the addon reads its memory directly.
// MAX_RANK is PyTorch's limit, and the addon's (kMaxDims).
const MAX_RANK = 64;
const dims = new Float64Array(1 + 3 * MAX_RANK);

function putShape(fn: string, shape: readonly number[]): void {
  const n = shape.length;
  if (n > MAX_RANK) throw new RangeError(`${fn}: only tensors with up to ${MAX_RANK} dims are supported (got ${n})`);
  dims[0] = n;
  for (let j = 0; j < n; j++) dims[1 + j] = shape[j];
}

function putStrides(fn: string, name: string, shape: readonly number[], strides: readonly number[], list: number): void {
  const n = shape.length;
  if (strides.length !== n) {
    throw new RangeError(`${fn}: ${name} strides [${strides.join(', ')}] do not match the rank of shape [${shape.join(', ')}]`);
  }
  for (let j = 0; j < n; j++) dims[1 + list * n + j] = strides[j];
}

/**
 * shape and stride lists without their size-1 dims (which address nothing), for ranks above
 * MAX_RANK: a tensor that fits in memory has at most 53 dims larger than 1, so it is then within it.
 */
function dropOnes(shape: readonly number[], ...lists: (readonly number[])[]): number[][] {
  const keep = shape.map((d, i) => (d !== 1 ? i : -1)).filter((i) => i >= 0);
  return [keep.map((i) => shape[i]), ...lists.map((l) => (l.length === shape.length ? keep.map((i) => l[i]) : l.slice()))];
}

// A plain object with the addon's functions as its own properties (loads stay on one fast map).
export const native: NativeAddon = Object.assign({}, rawAddon as unknown as NativeAddon, {
  unary(op: UnaryOp, x: FloatArray, xOff: number, xStrides: number[], out: FloatArray, shape: number[], a: number, b: number): void {
    if (shape.length > MAX_RANK) [shape, xStrides] = dropOnes(shape, xStrides);
    putShape('unary', shape);
    putStrides('unary', 'x', shape, xStrides, 1);
    rawAddon.unary(op, x, xOff, out, a, b, dims);
  },
  binary(op: BinaryOp, a: FloatArray, aOff: number, aStrides: number[], b: FloatArray, bOff: number, bStrides: number[],
         out: FloatArray, shape: number[], alpha: number): void {
    if (shape.length > MAX_RANK) [shape, aStrides, bStrides] = dropOnes(shape, aStrides, bStrides);
    putShape('binary', shape);
    putStrides('binary', 'a', shape, aStrides, 1);
    putStrides('binary', 'b', shape, bStrides, 2);
    rawAddon.binary(op, a, aOff, b, bOff, out, alpha, dims);
  },
});
