// Seeded random numbers that reproduce PyTorch 1.13's CPU generator bit for bit
// (verified against torch 1.13.1 CPU with the AVX2 kernels: test/random.test.ts).
//
// PyTorch's CPU generator (CPUGeneratorImpl) is a 32-bit Mersenne Twister (mt19937) seeded with
// init_genrand(seed & 0xffffffff). On top of it:
//   random()   = one 32-bit draw
//   random64() = (first draw << 32) | second draw
//   uniform float32:  ((u32 & 0xffffff) * 2^-24) * (to - from) + from     (float, fused multiply-add)
//   uniform float64:  ((u64 & (2^53 - 1)) * 2^-53) * (to - from) + from   (double, fused multiply-add)
//   randint(low, high): (u32 % range) + low  (u64 when range >= 2^32)
//   randperm(n): Fisher-Yates, swap(r[i], r[i + random() % (n - i)]) for i < n - 1
//   bernoulli(p): double uniform < p (float uniform < p for a float32 probability tensor)
//   normal, tensors with >= 16 elements (contiguous): fill with uniforms, then Box-Muller over
//     chunks of 16 (u1 = 1 - d[j], u2 = d[j + 8] for j < 8); a size that is not a multiple of 16
//     recomputes the last 16 values from 16 fresh uniforms. float32 uses the AVX2 kernel's
//     cephes-style log/sincos (avx_mathfun.h) in float arithmetic with GCC's FMAs; float64 uses
//     V8's Math.log/sin/cos, which differ from glibc's in the last bit for a few percent of values
//     (so float64 normals match PyTorch to ~1 ulp, not bit for bit).
//   normal, tensors with < 16 elements: scalar Box-Muller in double with random64 uniforms
//     (r = sqrt(-2 log(1 - u2)), theta = 2 pi u1), returning r cos(theta) and caching r sin(theta)
//     in the generator for the next scalar normal draw (manualSeed clears it).
//
// Everything is plain 32-bit integer / IEEE double arithmetic: float32 rounding is Math.fround, the
// fused multiply-adds of PyTorch's AVX2/FMA build are emulated exactly (fma32, fma64), and no BigInt
// is used in hot loops.

const N = 624;
const M = 397;
// As int32 bit patterns: the state is kept in an Int32Array so V8 stays in 32-bit integer ops.
const MATRIX_A = 0x9908b0df | 0;
const UPPER_MASK = 0x80000000 | 0;
const LOWER_MASK = 0x7fffffff;

/** PyTorch's default CPU generator seed (c10::detail::default_rng_seed_val). */
export const DEFAULT_SEED = 67280421310721;

const TWO_POW_32 = 4294967296;
const TWO_POW_M24 = 1 / 16777216;
const TWO_POW_M53 = 1 / 9007199254740992;

function toUint64(seed: number | bigint): bigint {
  if (typeof seed === 'bigint') return BigInt.asUintN(64, seed);
  if (!Number.isFinite(seed) || !Number.isInteger(seed)) {
    throw new TypeError(`manualSeed: expected an integer seed, got ${seed}`);
  }
  return BigInt.asUintN(64, BigInt(seed));
}

export interface GeneratorState {
  seed: bigint;
  mt: Uint32Array;
  index: number;
  nextDoubleNormal: number | null;
}

export class Generator {
  private readonly mt = new Int32Array(N); // mt19937 state words (as int32 bit patterns)
  private index = N;
  private seed_: bigint = 0n;
  /** Cached second Box-Muller value of the scalar normal path (CPUGeneratorImpl::next_double_normal_sample_). */
  nextDoubleNormal: number | null = null;

  constructor(seed: number | bigint = DEFAULT_SEED) {
    this.manualSeed(seed);
  }

  /** Seeds like torch.Generator.manual_seed: the seed is taken mod 2^64, the engine uses its low 32 bits. */
  manualSeed(seed: number | bigint): this {
    const s = toUint64(seed);
    this.seed_ = s;
    this.nextDoubleNormal = null;
    const mt = this.mt;
    mt[0] = Number(s & 0xffffffffn) | 0;
    for (let j = 1; j < N; j++) {
      const prev = mt[j - 1];
      mt[j] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + j) | 0;
    }
    this.index = N;
    return this;
  }

  /** The seed last set (a number; exact below 2^53). */
  initialSeed(): number {
    return Number(this.seed_);
  }

  /** The seed last set, exactly, as a bigint. */
  initialSeedBigInt(): bigint {
    return this.seed_;
  }

  /** Reseeds from a nondeterministic source and returns the new seed (below 2^53). */
  seed(): number {
    let s: number;
    try {
      const buf = new Uint32Array(2);
      globalThis.crypto.getRandomValues(buf);
      s = (buf[0] & 0x1fffff) * TWO_POW_32 + buf[1];
    } catch {
      s = Math.floor(Math.random() * 9007199254740992);
    }
    this.manualSeed(s);
    return s;
  }

  private twist(): void {
    const mt = this.mt;
    let kk = 0;
    let y: number;
    for (; kk < N - M; kk++) {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; kk < N - 1; kk++) {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    this.index = 0;
  }

  /** One 32-bit draw (CPUGeneratorImpl::random), as a number in [0, 2^32). */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** One 64-bit draw (CPUGeneratorImpl::random64): the first 32-bit draw is the high word. */
  nextUint64(): bigint {
    const hi = this.nextUint32();
    const lo = this.nextUint32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** uniform_real_distribution<double>(0, 1): the low 53 bits of random64() times 2^-53. */
  nextDouble(): number {
    const hi = this.nextUint32();
    const lo = this.nextUint32();
    return ((hi & 0x1fffff) * TWO_POW_32 + lo) * TWO_POW_M53;
  }

  /** uniform_real_distribution<float>(0, 1): the low 24 bits of random() times 2^-24. */
  nextFloat(): number {
    return (this.nextUint32() & 0xffffff) * TWO_POW_M24;
  }

  /**
   * out[start .. end) = successive uniform_real_distribution<float>(0, 1) draws (bulk nextFloat).
   */
  fillFloat(out: Float32Array | Float64Array, start = 0, end = out.length): void {
    const mt = this.mt;
    let idx = this.index;
    for (let i = start; i < end; i++) {
      if (idx >= N) {
        this.twist();
        idx = 0;
      }
      let y = mt[idx++];
      y ^= y >>> 11;
      y ^= (y << 7) & 0x9d2c5680;
      y ^= (y << 15) & 0xefc60000;
      y ^= y >>> 18;
      out[i] = (y & 0xffffff) * TWO_POW_M24;
    }
    this.index = idx;
  }

  /**
   * out[start .. end) = successive uniform_real_distribution<double>(0, 1) draws (bulk nextDouble).
   */
  fillDouble(out: Float64Array, start = 0, end = out.length): void {
    const mt = this.mt;
    let idx = this.index;
    for (let i = start; i < end; i++) {
      if (idx >= N - 1) {
        // the two draws may straddle a twist: take the slow path for this element
        this.index = idx;
        out[i] = this.nextDouble();
        idx = this.index;
        continue;
      }
      let y = mt[idx++];
      y ^= y >>> 11;
      y ^= (y << 7) & 0x9d2c5680;
      y ^= (y << 15) & 0xefc60000;
      y ^= y >>> 18;
      let z = mt[idx++];
      z ^= z >>> 11;
      z ^= (z << 7) & 0x9d2c5680;
      z ^= (z << 15) & 0xefc60000;
      z ^= z >>> 18;
      out[i] = ((y & 0x1fffff) * TWO_POW_32 + (z >>> 0)) * TWO_POW_M53;
    }
    this.index = idx;
  }

  getState(): GeneratorState {
    return {
      seed: this.seed_, mt: new Uint32Array(this.mt), index: this.index, nextDoubleNormal: this.nextDoubleNormal,
    };
  }

  setState(state: GeneratorState): this {
    if (!(state.mt instanceof Uint32Array) || state.mt.length !== N || !(state.index >= 0 && state.index <= N)) {
      throw new TypeError('Generator.setState: invalid state');
    }
    this.seed_ = state.seed;
    this.mt.set(new Int32Array(state.mt.buffer, state.mt.byteOffset, N));
    this.index = state.index;
    this.nextDoubleNormal = state.nextDoubleNormal;
    return this;
  }
}

export const defaultGenerator: Generator = new Generator(DEFAULT_SEED);

/** torch.manual_seed: seeds the default generator and returns it. */
export function manualSeed(seed: number | bigint): Generator {
  return defaultGenerator.manualSeed(seed);
}

export function initialSeed(): number {
  return defaultGenerator.initialSeed();
}

// ------------------------------------------------------------------------------------------------
// Exact fused multiply-add emulation.

// A double t rounds to a float32 tie exactly when the 29 mantissa bits float32 drops are 1 then 0s:
// the low 29 bits of the low 32-bit word of t.
const tieBuf = new Float64Array(1);
const tieLow = new Uint32Array(tieBuf.buffer);
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1; // little-endian: low word first

/** The rounding error of the double sum t = p + c (TwoSum). */
function sumErr(p: number, c: number, t: number): number {
  const bb = t - p;
  return p - (t - bb) + (c - bb);
}


const f64buf = new Float64Array(1);
const f64words = new Uint32Array(f64buf.buffer);
const HI = 1 - LO;

/** The next double after x (finite, non-zero) in the direction of dir's sign. */
function nudge(x: number, dir: number): number {
  if (x === 0) return dir > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  f64buf[0] = x;
  if ((x > 0) === (dir > 0)) {
    // magnitude + 1 ulp
    const lo = (f64words[LO] + 1) >>> 0;
    f64words[LO] = lo;
    if (lo === 0) f64words[HI] = (f64words[HI] + 1) >>> 0;
  } else {
    const lo = f64words[LO];
    f64words[LO] = (lo - 1) >>> 0;
    if (lo === 0) f64words[HI] = (f64words[HI] - 1) >>> 0;
  }
  return f64buf[0];
}

/**
 * float32 fma(a, b, c) for float32 a, b, c: a*b is exact in double, so only the sum rounds; the
 * double sum is corrected in the rare case where its own rounding lands exactly on a float32 tie.
 * (Results in the float32 normal range.)
 */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  tieBuf[0] = s;
  if ((tieLow[LO] & 0x1fffffff) === 0x10000000) {
    const err = sumErr(p, c, s);
    if (err !== 0) return Math.fround(nudge(s, err));
  }
  return Math.fround(s);
}

const SPLITTER = 134217729; // 2^27 + 1

/**
 * double fma(a, b, c), correctly rounded: the exact product ph + pl (Dekker), the exact sum
 * th + tl = ph + c, u + v = tl + pl, r = RN(th + u). r is the correctly rounded a*b + c except when
 * th + u is exactly halfway between two doubles and v (dropped) decides the side; that case is
 * detected and fixed. Finite arguments whose product neither overflows nor underflows.
 */
export function fma64(a: number, b: number, c: number): number {
  const ph = a * b;
  if (ph === 0 || !Number.isFinite(ph)) return ph + c;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pl = ((ah * bh - ph) + ah * bl + al * bh) + al * bl;
  const th = ph + c;
  let bb = th - ph;
  const tl = (ph - (th - bb)) + (c - bb);
  const u = tl + pl;
  bb = u - tl;
  const v = (tl - (u - bb)) + (pl - bb);
  const r = th + u;
  if (v !== 0) {
    bb = r - th;
    const e = (th - (r - bb)) + (u - bb); // th + u = r + e exactly
    // a tie: e is half the spacing at r, so r + 2e is the other neighbour (exactly representable)
    if (e !== 0 && (r + 2 * e) - r === 2 * e && (e > 0) === (v > 0)) return r + 2 * e;
  }
  return r;
}

// ------------------------------------------------------------------------------------------------
// Uniform

/** Tensor.uniform_(low, high) / torch.rand on a contiguous float32 or float64 buffer. */
export function uniformFill(
  out: Float32Array | Float64Array, low = 0, high = 1, gen: Generator = defaultGenerator,
): void {
  const n = out.length;
  if (out instanceof Float32Array) {
    const from = Math.fround(low);
    const to = Math.fround(high);
    if (!(from <= to)) throw new RangeError(`uniform_ expects to return a [from, to) range, but found from=${low} > to=${high}`);
    const range = Math.fround(to - from);
    if (from === 0 && range === 1) {
      gen.fillFloat(out);
    } else {
      for (let i = 0; i < n; i++) {
        out[i] = fma32((gen.nextUint32() & 0xffffff) * TWO_POW_M24, range, from);
      }
    }
  } else {
    const from = low;
    const to = high;
    if (!(from <= to)) throw new RangeError(`uniform_ expects to return a [from, to) range, but found from=${low} > to=${high}`);
    const range = to - from;
    if (from === 0 && range === 1) {
      gen.fillDouble(out);
    } else {
      for (let i = 0; i < n; i++) out[i] = fma64(gen.nextDouble(), range, from);
    }
  }
}

// ------------------------------------------------------------------------------------------------
// Normal

const f = Math.fround;
const F_TWO_PI = f(6.283185307179586); // _mm256_set1_ps(2.0f * c10::pi<double>)
// avx_mathfun.h constants, rounded to float32 as the C++ initialisers do.
const SQRTHF = f(0.707106781186547524);
const LOG_P0 = f(7.0376836292e-2);
const LOG_P1 = f(-1.1514610310e-1);
const LOG_P2 = f(1.1676998740e-1);
const LOG_P3 = f(-1.2420140846e-1);
const LOG_P4 = f(+1.4249322787e-1);
const LOG_P5 = f(-1.6668057665e-1);
const LOG_P6 = f(+2.0000714765e-1);
const LOG_P7 = f(-2.4999993993e-1);
const LOG_P8 = f(+3.3333331174e-1);
const LOG_Q1 = f(-2.12194440e-4);
const LOG_Q2 = f(0.693359375);
const DP1 = f(-0.78515625);
const DP2 = f(-2.4187564849853515625e-4);
const DP3 = f(-3.77489497744594108e-8);
const SINCOF_P0 = f(-1.9515295891e-4);
const SINCOF_P1 = f(8.3321608736e-3);
const SINCOF_P2 = f(-1.6666654611e-1);
const COSCOF_P0 = f(2.443315711809948e-5);
const COSCOF_P1 = f(-1.388731625493765e-3);
const COSCOF_P2 = f(4.166664568298827e-2);
const FOPI = f(1.27323954473516);

const cvtF32 = new Float32Array(1);
const cvtI32 = new Int32Array(cvtF32.buffer);

// One lane of the AVX2 normal_fill_16 block: Box-Muller with avx_mathfun.h's cephes log256_ps and
// sincos256_ps in float arithmetic, with the multiply-adds GCC fuses into FMAs for the AVX2 kernel
// (verified bit-exact against PyTorch 1.13 on 10^6 samples). theta = 2*pi*u2 >= 0 always.
//
// The fast version evaluates each fused a*b+c as Math.fround(a*b + c) in double, which is exact
// except when the double sum lands exactly on a float32 tie: every step whose double sum can be
// inexact is checked for a tie bit pattern, and the lane is recomputed with the exact fma32 when
// any check fires (rare). warmUp() below runs these paths once, before the first normal fill, so that V8's optimised code
// has type feedback for them and is not deoptimised the first time a tie pattern shows up.

/** Exact lane, used when the fast lane reports a possible double-rounding tie. */
function normalLaneExact(data: Float32Array, o: number, j: number, mean: number, std: number): void {
  const u1 = Math.fround(1 - data[o + j]);
  const u2 = data[o + j + 8];
  // log256_ps(u1), u1 in (0, 1]
  cvtF32[0] = u1;
  const bits = cvtI32[0];
  cvtI32[0] = (bits & ~0x7f800000) | 0x3f000000;
  let x = cvtF32[0];
  let e = Math.fround((bits >>> 23) - 0x7f + 1);
  const lt = x < SQRTHF;
  const tmp = lt ? x : 0;
  x = Math.fround(x - 1);
  if (lt) e = Math.fround(e - 1);
  x = Math.fround(x + tmp);
  let z = Math.fround(x * x);
  let y = fma32(LOG_P0, x, LOG_P1);
  y = fma32(y, x, LOG_P2);
  y = fma32(y, x, LOG_P3);
  y = fma32(y, x, LOG_P4);
  y = fma32(y, x, LOG_P5);
  y = fma32(y, x, LOG_P6);
  y = fma32(y, x, LOG_P7);
  y = fma32(y, x, LOG_P8);
  y = Math.fround(y * x);
  y = fma32(y, z, Math.fround(e * LOG_Q1));
  y = Math.fround(y - z * 0.5);
  x = Math.fround(x + y);
  const lg = fma32(e, LOG_Q2, x);
  const radius = Math.fround(Math.sqrt(Math.fround(-2 * lg)));
  // sincos256_ps(theta)
  const theta = Math.fround(F_TWO_PI * u2);
  const ji = ((Math.fround(theta * FOPI) | 0) + 1) & ~1;
  x = fma32(ji, DP1, theta);
  x = fma32(ji, DP2, x);
  x = fma32(ji, DP3, x);
  z = Math.fround(x * x);
  y = fma32(COSCOF_P0, z, COSCOF_P1);
  y = fma32(y, z, COSCOF_P2);
  y = Math.fround(y * z);
  y = fma32(y, z, -Math.fround(z * 0.5));
  y = Math.fround(y + 1);
  let y2 = fma32(SINCOF_P0, z, SINCOF_P1);
  y2 = fma32(y2, z, SINCOF_P2);
  y2 = Math.fround(y2 * z);
  y2 = fma32(y2, x, x);
  let s: number, c: number;
  if ((ji & 2) === 0) { s = y2; c = y; } else { s = y; c = y2; }
  if ((ji & 4) !== 0) s = -s;
  if (((ji - 2) & 4) === 0) c = -c;
  data[o + j] = fma32(Math.fround(radius * c), std, mean);
  data[o + j + 8] = fma32(Math.fround(radius * s), std, mean);
}

/**
 * 1 when the double t = p + c (p = a*b exact) rounds to float32 through an exact-looking tie that
 * the dropped rounding error of p + c would have decided: the fused result then needs fma32.
 */
function tieCheck(p: number, c: number, t: number): number {
  tieBuf[0] = t;
  if ((tieLow[LO] & 0x1fffffff) !== 0x10000000) return 0;
  const bb = t - p;
  return p - (t - bb) + (c - bb) !== 0 ? 1 : 0;
}

function normalBlock16F32(data: Float32Array, o: number, mean: number, std: number): void {
  const fr = Math.fround;
  for (let j = 0; j < 8; j++) {
    const u1 = 1 - data[o + j]; // exact: data is k * 2^-24
    const u2 = data[o + j + 8];
    let tie = 0;
    let t: number, p: number, c0: number;
    // log256_ps(u1). The sums of the polynomial and of the DP1..DP3 reduction below are exact in
    // double (x and theta are multiples of 2^-24 and every operand's exponent is bounded), so
    // Math.fround(a * b + c) is their fused result; the other fused steps are checked for ties.
    cvtF32[0] = u1;
    const bits = cvtI32[0];
    cvtI32[0] = (bits & ~0x7f800000) | 0x3f000000;
    let x = cvtF32[0];
    let e = (bits >>> 23) - 0x7f + 1; // small integer: exact in float
    if (x < SQRTHF) { e -= 1; x = fr(x + x - 1); } else { x = x - 1; } // both exact
    let z = fr(x * x);
    let y = fr(LOG_P0 * x + LOG_P1);
    y = fr(y * x + LOG_P2);
    y = fr(y * x + LOG_P3);
    y = fr(y * x + LOG_P4);
    y = fr(y * x + LOG_P5);
    y = fr(y * x + LOG_P6);
    y = fr(y * x + LOG_P7);
    y = fr(y * x + LOG_P8);
    y = fr(y * x);
    p = y * z; t = p + fr(e * LOG_Q1); y = fr(t); tie |= tieCheck(p, fr(e * LOG_Q1), t);
    y = fr(y - z * 0.5);
    x = fr(x + y);
    c0 = x; p = e * LOG_Q2; t = p + c0; x = fr(t); tie |= tieCheck(p, c0, t);
    const radius = fr(Math.sqrt(-2 * x));
    // sincos256_ps(theta)
    const theta = fr(F_TWO_PI * u2);
    const ji = ((fr(theta * FOPI) | 0) + 1) & ~1;
    x = fr(ji * DP1 + theta);
    x = fr(ji * DP2 + x);
    x = fr(ji * DP3 + x);
    z = fr(x * x);
    p = COSCOF_P0 * z; t = p + COSCOF_P1; y = fr(t); tie |= tieCheck(p, COSCOF_P1, t);
    p = y * z; t = p + COSCOF_P2; y = fr(t); tie |= tieCheck(p, COSCOF_P2, t);
    y = fr(y * z);
    p = y * z; t = p + -fr(z * 0.5); y = fr(t); tie |= tieCheck(p, -fr(z * 0.5), t);
    y = fr(y + 1);
    p = SINCOF_P0 * z; t = p + SINCOF_P1; let y2 = fr(t); tie |= tieCheck(p, SINCOF_P1, t);
    p = y2 * z; t = p + SINCOF_P2; y2 = fr(t); tie |= tieCheck(p, SINCOF_P2, t);
    y2 = fr(y2 * z);
    p = y2 * x; t = p + x; y2 = fr(t); tie |= tieCheck(p, x, t);
    let s: number, c: number;
    if ((ji & 2) === 0) { s = y2; c = y; } else { s = y; c = y2; }
    if ((ji & 4) !== 0) s = -s;
    if (((ji - 2) & 4) === 0) c = -c;
    const n1 = fr(radius * c);
    const n2 = fr(radius * s);
    let r1: number, r2: number;
    {
      p = n1 * std; t = p + mean; r1 = fr(t); tie |= tieCheck(p, mean, t);
      p = n2 * std; t = p + mean; r2 = fr(t); tie |= tieCheck(p, mean, t);
    }
    if (tie !== 0) {
      normalLaneExact(data, o, j, mean, std);
    } else {
      data[o + j] = r1;
      data[o + j + 8] = r2;
    }
  }
}

function normalBlock16F64(data: Float64Array, o: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = 1 - data[o + j];
    const u2 = data[o + j + 8];
    const radius = Math.sqrt(-2 * Math.log(u1));
    const theta = 6.283185307179586 * u2;
    data[o + j] = fma64(radius * Math.cos(theta), std, mean);
    data[o + j + 8] = fma64(radius * Math.sin(theta), std, mean);
  }
}

/** at::normal_distribution<double>: scalar Box-Muller with the cached second value. */
function scalarNormal(gen: Generator, mean: number, std: number): number {
  const cached = gen.nextDoubleNormal;
  if (cached !== null) {
    gen.nextDoubleNormal = null;
    return fma64(cached, std, mean);
  }
  const u1 = gen.nextDouble();
  const u2 = gen.nextDouble();
  const r = Math.sqrt(-2 * Math.log(1 - u2));
  const theta = 2 * Math.PI * u1;
  gen.nextDoubleNormal = r * Math.sin(theta);
  return fma64(r * Math.cos(theta), std, mean);
}

/** A size that is not a multiple of 16: the last 16 values are redrawn and transformed again. */
function normalTailF32(out: Float32Array, mean: number, std: number, gen: Generator): void {
  const o = out.length - 16;
  gen.fillFloat(out, o, o + 16);
  normalBlock16F32(out, o, mean, std);
}

function normalTailF64(out: Float64Array, mean: number, std: number, gen: Generator): void {
  const o = out.length - 16;
  gen.fillDouble(out, o, o + 16);
  normalBlock16F64(out, o, mean, std);
}

/**
 * Tensor.normal_(mean, std) / torch.randn on a contiguous float32 or float64 buffer.
 * contiguous = false selects PyTorch's path for non-contiguous tensors (the scalar Box-Muller for
 * every element, whatever the size); out then holds the elements in PyTorch's TensorIterator order.
 */
export function normalFill(
  out: Float32Array | Float64Array, mean = 0, std = 1, gen: Generator = defaultGenerator, contiguous = true,
): void {
  if (!(std >= 0)) throw new RangeError(`normal expects std >= 0.0, but found std ${std}`);
  warmUp();
  const n = out.length;
  if (n < 16 || !contiguous) {
    for (let i = 0; i < n; i++) out[i] = scalarNormal(gen, mean, std);
    return;
  }
  if (out instanceof Float32Array) {
    const m = f(mean);
    const s = f(std);
    gen.fillFloat(out);
    for (let i = 0; i + 16 <= n; i += 16) normalBlock16F32(out, i, m, s);
    if (n % 16 !== 0) normalTailF32(out, m, s, gen);
  } else {
    gen.fillDouble(out);
    for (let i = 0; i + 16 <= n; i += 16) normalBlock16F64(out, i, mean, std);
    if (n % 16 !== 0) normalTailF64(out, mean, std, gen);
  }
}

// ------------------------------------------------------------------------------------------------
// Integers

/**
 * torch.randint(low, high) / Tensor.random_(low, high): value = (draw % (high - low)) + low, with a
 * 32-bit draw when high - low < 2^32 and a 64-bit draw otherwise.
 */
export function randintFill(
  out: Int32Array | Float32Array | Float64Array, low: number, high: number, gen: Generator = defaultGenerator,
): void {
  if (!Number.isInteger(low) || !Number.isInteger(high)) {
    throw new TypeError(`randint: low and high must be integers, got ${low} and ${high}`);
  }
  if (!(low < high)) throw new RangeError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  const range = high - low;
  const n = out.length;
  if (range < TWO_POW_32) {
    for (let i = 0; i < n; i++) out[i] = (gen.nextUint32() % range) + low;
  } else {
    const r = BigInt(range);
    const b = BigInt(low);
    for (let i = 0; i < n; i++) out[i] = Number((gen.nextUint64() % r) + b);
  }
}

/**
 * Tensor.bernoulli_(p) / torch.bernoulli(probs) on CPU (PyTorch's default CPU kernel, used when
 * PyTorch is built without MKL or runs on a non-Intel CPU): out[i] = uniform < p ? 1 : 0.
 *  - p a number (bernoulli_(p), dropout's mask with p = 1 - drop probability): a double uniform
 *    (random64) compared with p in double;
 *  - p a Float64Array of probabilities (torch.bernoulli of a float64 tensor): the same per element;
 *  - p a Float32Array (torch.bernoulli of a float32 tensor): a float uniform (24 bits of random())
 *    compared with p[i].
 * out and p are contiguous with the same length (expand p beforehand).
 */
export function bernoulliFill(
  out: Float32Array | Float64Array | Int32Array | Uint8Array, p: number | Float32Array | Float64Array,
  gen: Generator = defaultGenerator,
): void {
  const n = out.length;
  if (typeof p === 'number') {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`bernoulli_ expects p to be in [0, 1], but got p=${p}`);
    for (let i = 0; i < n; i++) out[i] = gen.nextDouble() < p ? 1 : 0;
    return;
  }
  if (p.length !== n) throw new RangeError(`bernoulli: probabilities have ${p.length} elements, output ${n}`);
  for (let i = 0; i < n; i++) {
    const pi = p[i];
    if (!(pi >= 0 && pi <= 1)) throw new RangeError(`bernoulli: all elements of p must be in [0, 1], got ${pi}`);
  }
  if (p instanceof Float64Array) {
    for (let i = 0; i < n; i++) out[i] = gen.nextDouble() < p[i] ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) out[i] = gen.nextFloat() < p[i] ? 1 : 0;
  }
}

/** torch.randperm(n) on CPU. */
export function randperm(n: number, gen: Generator = defaultGenerator): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`randperm: n must be a non-negative integer, got ${n}`);
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = gen.nextUint32() % (n - i);
    const sav = r[i];
    r[i] = r[z + i];
    r[z + i] = sav;
  }
  return r;
}

/**
 * Runs the float32 samplers on small buffers with a private generator, a dozen times (V8 allocates
 * a function's type-feedback vector only after several calls), so that the optimised code of the
 * first large call has feedback for its paths instead of being deoptimised by a rarely taken one.
 * About 1-3 ms, paid by the first normal fill rather than by every import.
 */
let warmed = false;
function warmUp(): void {
  if (warmed) return;
  warmed = true;
  const g = new Generator(1);
  const f32 = new Float32Array(16 + 7);
  for (let k = 0; k < 12; k++) {
    normalFill(f32, 0, 1, g);
    normalFill(f32.subarray(0, 17), 0.5, 2, g);
    uniformFill(f32, 0, 1, g);
    uniformFill(f32, -1, 3, g);
  }
  // the rare branch of the tie check: a double-rounding tie
  tieCheck(2 ** -24 * (1 - 2 ** -46), 1 + 2 ** -23, (1 + 2 ** -23) + 2 ** -24 * (1 - 2 ** -46));
}
