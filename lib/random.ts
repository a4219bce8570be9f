// Seeded random numbers that reproduce PyTorch 1.13's CPU generator bit for bit.
//
// PyTorch's CPU generator (CPUGeneratorImpl) is a 32-bit Mersenne Twister (mt19937) seeded with
// init_genrand(seed & 0xffffffff). On top of it:
//   random()   = one 32-bit draw
//   random64() = (first draw << 32) | second draw
//   uniform float32:  ((u32 & 0xffffff) * 2^-24) * (to - from) + from        (float arithmetic)
//   uniform float64:  ((u64 & (2^53 - 1)) * 2^-53) * (to - from) + from      (double arithmetic)
//   randint(low, high): (u32 % range) + low  (u64 when range >= 2^32)
//   randperm(n): Fisher-Yates, swap(r[i], r[i + random() % (n - i)]) for i < n - 1
//   normal: tensors with >= 16 elements (contiguous): fill with uniforms, then Box-Muller over
//     chunks of 16 (u1 = 1 - d[j], u2 = d[j + 8] for j < 8); a non-multiple-of-16 tail recomputes
//     the last 16 values from 16 fresh uniforms. float32 uses AVX2 cephes-style log/sincos
//     (avx_mathfun.h) in float arithmetic; float64 uses libm log/sin/cos in double.
//     Tensors with < 16 elements: scalar Box-Muller in double with random64 uniforms, caching the
//     sine half in the generator for the next scalar normal draw.
//
// Everything here is plain 32-bit integer / IEEE double arithmetic; float32 rounding is done with
// Math.fround, and the fused multiply-adds the AVX2 build uses are emulated exactly (fma32).

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
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
  private readonly mt = new Uint32Array(N);
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
    mt[0] = Number(s & 0xffffffffn);
    for (let j = 1; j < N; j++) {
      const prev = mt[j - 1];
      mt[j] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + j) >>> 0;
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
      mt[kk] = mt[kk + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; kk < N - 1; kk++) {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
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
    return { seed: this.seed_, mt: this.mt.slice(), index: this.index, nextDoubleNormal: this.nextDoubleNormal };
  }

  setState(state: GeneratorState): this {
    if (!(state.mt instanceof Uint32Array) || state.mt.length !== N || !(state.index >= 0 && state.index <= N)) {
      throw new TypeError('Generator.setState: invalid state');
    }
    this.seed_ = state.seed;
    this.mt.set(state.mt);
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
// glibc's double log, sin and cos (x86-64 FMA variants), which PyTorch's double Box-Muller calls.
// V8's Math.log/sin/cos (fdlibm) differ from glibc in the last bit for ~3-7% of arguments, so the
// glibc algorithms are reproduced here, with the fused multiply-adds GCC emits for glibc's
// -mfma builds (__log_fma, __sin_fma, __cos_fma), which x86-64 CPUs with FMA select at run time.
// Verified bit-exact against glibc 2.36 on 2*10^5 arguments each in (0, 1] (log) and [0, 2pi).
//
// log: the algorithm and its table/polynomial data are from Arm's optimized-routines
// (math/log.c, math/log_data.c; Copyright (c) 2018 Arm Limited, MIT / Apache-2.0), which glibc
// ships since 2.28. sin/cos: the structure of glibc's IBM Accurate Mathematical Library s_sin.c
// (|x| < 105414350); its sin/cos(j/128) table is recomputed here at load time.

/** Parses a C99 hexadecimal floating literal such as -0x1.7cc7f79e69000p-2 (exactly). */
function hexFloat(s: string): number {
  const m = /^(-?)0x([01])(?:\.([0-9a-fA-F]*))?p([+-]?\d+)$/.exec(s);
  if (!m) throw new Error(`bad hex float ${s}`);
  const frac = m[3] ? parseInt(m[3], 16) / Math.pow(16, m[3].length) : 0;
  return (m[1] ? -1 : 1) * (Number(m[2]) + frac) * Math.pow(2, Number(m[4]));
}

const LOG_LN2HI = hexFloat('0x1.62e42fefa3800p-1');
const LOG_LN2LO = hexFloat('0x1.ef35793c76730p-45');
const LOG_A = ['-0x1.0000000000001p-1', '0x1.555555551305bp-2', '-0x1.fffffffeb459p-3', '0x1.999b324f10111p-3',
  '-0x1.55575e506c89fp-3'].map(hexFloat);
const LOG_B = ['-0x1p-1', '0x1.5555555555577p-2', '-0x1.ffffffffffdcbp-3', '0x1.999999995dd0cp-3',
  '-0x1.55555556745a7p-3', '0x1.24924a344de3p-3', '-0x1.fffffa4423d65p-4', '0x1.c7184282ad6cap-4',
  '-0x1.999eb43b068ffp-4', '0x1.78182f7afd085p-4', '-0x1.5521375d145cdp-4'].map(hexFloat);
const [A0, A1, A2, A3, A4] = LOG_A;
const [B0, B1, B2, B3, B4, B5, B6, B7, B8, B9, B10] = LOG_B;
/** 128 pairs (invc, logc): log(x) = log1p(z * invc - 1) + logc + k ln2. */
const LOG_TAB = new Float64Array([
  '0x1.734f0c3e0de9fp+0 -0x1.7cc7f79e69000p-2 0x1.713786a2ce91fp+0 -0x1.76feec20d0000p-2',
  '0x1.6f26008fab5a0p+0 -0x1.713e31351e000p-2 0x1.6d1a61f138c7dp+0 -0x1.6b85b38287800p-2',
  '0x1.6b1490bc5b4d1p+0 -0x1.65d5590807800p-2 0x1.69147332f0cbap+0 -0x1.602d076180000p-2',
  '0x1.6719f18224223p+0 -0x1.5a8ca86909000p-2 0x1.6524f99a51ed9p+0 -0x1.54f4356035000p-2',
  '0x1.63356aa8f24c4p+0 -0x1.4f637c36b4000p-2 0x1.614b36b9ddc14p+0 -0x1.49da7fda85000p-2',
  '0x1.5f66452c65c4cp+0 -0x1.445923989a800p-2 0x1.5d867b5912c4fp+0 -0x1.3edf439b0b800p-2',
  '0x1.5babccb5b90dep+0 -0x1.396ce448f7000p-2 0x1.59d61f2d91a78p+0 -0x1.3401e17bda000p-2',
  '0x1.5805612465687p+0 -0x1.2e9e2ef468000p-2 0x1.56397cee76bd3p+0 -0x1.2941b3830e000p-2',
  '0x1.54725e2a77f93p+0 -0x1.23ec58cda8800p-2 0x1.52aff42064583p+0 -0x1.1e9e129279000p-2',
  '0x1.50f22dbb2bddfp+0 -0x1.1956d2b48f800p-2 0x1.4f38f4734ded7p+0 -0x1.141679ab9f800p-2',
  '0x1.4d843cfde2840p+0 -0x1.0edd094ef9800p-2 0x1.4bd3ec078a3c8p+0 -0x1.09aa518db1000p-2',
  '0x1.4a27fc3e0258ap+0 -0x1.047e65263b800p-2 0x1.4880524d48434p+0 -0x1.feb224586f000p-3',
  '0x1.46dce1b192d0bp+0 -0x1.f474a7517b000p-3 0x1.453d9d3391854p+0 -0x1.ea4443d103000p-3',
  '0x1.43a2744b4845ap+0 -0x1.e020d44e9b000p-3 0x1.420b54115f8fbp+0 -0x1.d60a22977f000p-3',
  '0x1.40782da3ef4b1p+0 -0x1.cc00104959000p-3 0x1.3ee8f5d57fe8fp+0 -0x1.c202956891000p-3',
  '0x1.3d5d9a00b4ce9p+0 -0x1.b81178d811000p-3 0x1.3bd60c010c12bp+0 -0x1.ae2c9ccd3d000p-3',
  '0x1.3a5242b75dab8p+0 -0x1.a45402e129000p-3 0x1.38d22cd9fd002p+0 -0x1.9a877681df000p-3',
  '0x1.3755bc5847a1cp+0 -0x1.90c6d69483000p-3 0x1.35dce49ad36e2p+0 -0x1.87120a645c000p-3',
  '0x1.34679984dd440p+0 -0x1.7d68fb4143000p-3 0x1.32f5cceffcb24p+0 -0x1.73cb83c627000p-3',
  '0x1.3187775a10d49p+0 -0x1.6a39a9b376000p-3 0x1.301c8373e3990p+0 -0x1.60b3154b7a000p-3',
  '0x1.2eb4ebb95f841p+0 -0x1.5737d76243000p-3 0x1.2d50a0219a9d1p+0 -0x1.4dc7b8fc23000p-3',
  '0x1.2bef9a8b7fd2ap+0 -0x1.4462c51d20000p-3 0x1.2a91c7a0c1babp+0 -0x1.3b08abc830000p-3',
  '0x1.293726014b530p+0 -0x1.31b996b490000p-3 0x1.27dfa5757a1f5p+0 -0x1.2875490a44000p-3',
  '0x1.268b39b1d3bbfp+0 -0x1.1f3b9f879a000p-3 0x1.2539d838ff5bdp+0 -0x1.160c8252ca000p-3',
  '0x1.23eb7aac9083bp+0 -0x1.0ce7f57f72000p-3 0x1.22a012ba940b6p+0 -0x1.03cdc49fea000p-3',
  '0x1.2157996cc4132p+0 -0x1.f57bdbc4b8000p-4 0x1.201201dd2fc9bp+0 -0x1.e370896404000p-4',
  '0x1.1ecf4494d480bp+0 -0x1.d17983ef94000p-4 0x1.1d8f5528f6569p+0 -0x1.bf9674ed8a000p-4',
  '0x1.1c52311577e7cp+0 -0x1.adc79202f6000p-4 0x1.1b17c74cb26e9p+0 -0x1.9c0c3e7288000p-4',
  '0x1.19e010c2c1ab6p+0 -0x1.8a646b372c000p-4 0x1.18ab07bb670bdp+0 -0x1.78d01b3ac0000p-4',
  '0x1.1778a25efbcb6p+0 -0x1.674f145380000p-4 0x1.1648d354c31dap+0 -0x1.55e0e6d878000p-4',
  '0x1.151b990275fddp+0 -0x1.4485cdea1e000p-4 0x1.13f0ea432d24cp+0 -0x1.333d94d6aa000p-4',
  '0x1.12c8b7210f9dap+0 -0x1.22079f8c56000p-4 0x1.11a3028ecb531p+0 -0x1.10e4698622000p-4',
  '0x1.107fbda8434afp+0 -0x1.ffa6c6ad20000p-5 0x1.0f5ee0f4e6bb3p+0 -0x1.dda8d4a774000p-5',
  '0x1.0e4065d2a9fcep+0 -0x1.bbcece4850000p-5 0x1.0d244632ca521p+0 -0x1.9a1894012c000p-5',
  '0x1.0c0a77ce2981ap+0 -0x1.788583302c000p-5 0x1.0af2f83c636d1p+0 -0x1.5715e67d68000p-5',
  '0x1.09ddb98a01339p+0 -0x1.35c8a49658000p-5 0x1.08cabaf52e7dfp+0 -0x1.149e364154000p-5',
  '0x1.07b9f2f4e28fbp+0 -0x1.e72c082eb8000p-6 0x1.06ab58c358f19p+0 -0x1.a55f152528000p-6',
  '0x1.059eea5ecf92cp+0 -0x1.63d62cf818000p-6 0x1.04949cdd12c90p+0 -0x1.228fb8caa0000p-6',
  '0x1.038c6c6f0ada9p+0 -0x1.c317b20f90000p-7 0x1.02865137932a9p+0 -0x1.419355daa0000p-7',
  '0x1.0182427ea7348p+0 -0x1.81203c2ec0000p-8 0x1.008040614b195p+0 -0x1.0040979240000p-9',
  '0x1.fe01ff726fa1ap-1 0x1.feff384900000p-9 0x1.fa11cc261ea74p-1 0x1.7dc41353d0000p-7',
  '0x1.f6310b081992ep-1 0x1.3cea3c4c28000p-6 0x1.f25f63ceeadcdp-1 0x1.b9fc114890000p-6',
  '0x1.ee9c8039113e7p-1 0x1.1b0d8ce110000p-5 0x1.eae8078cbb1abp-1 0x1.58a5bd001c000p-5',
  '0x1.e741aa29d0c9bp-1 0x1.95c8340d88000p-5 0x1.e3a91830a99b5p-1 0x1.d276aef578000p-5',
  '0x1.e01e009609a56p-1 0x1.07598e598c000p-4 0x1.dca01e577bb98p-1 0x1.253f5e30d2000p-4',
  '0x1.d92f20b7c9103p-1 0x1.42edd8b380000p-4 0x1.d5cac66fb5ccep-1 0x1.606598757c000p-4',
  '0x1.d272caa5ede9dp-1 0x1.7da76356a0000p-4 0x1.cf26e3e6b2ccdp-1 0x1.9ab434e1c6000p-4',
  '0x1.cbe6da2a77902p-1 0x1.b78c7bb0d6000p-4 0x1.c8b266d37086dp-1 0x1.d431332e72000p-4',
  '0x1.c5894bd5d5804p-1 0x1.f0a3171de6000p-4 0x1.c26b533bb9f8cp-1 0x1.067152b914000p-3',
  '0x1.bf583eeece73fp-1 0x1.147858292b000p-3 0x1.bc4fd75db96c1p-1 0x1.2266ecdca3000p-3',
  '0x1.b951e0c864a28p-1 0x1.303d7a6c55000p-3 0x1.b65e2c5ef3e2cp-1 0x1.3dfc33c331000p-3',
  '0x1.b374867c9888bp-1 0x1.4ba366b7a8000p-3 0x1.b094b211d304ap-1 0x1.5933928d1f000p-3',
  '0x1.adbe885f2ef7ep-1 0x1.66acd2418f000p-3 0x1.aaf1d31603da2p-1 0x1.740f8ec669000p-3',
  '0x1.a82e63fd358a7p-1 0x1.815c0f51af000p-3 0x1.a5740ef09738bp-1 0x1.8e92954f68000p-3',
  '0x1.a2c2a90ab4b27p-1 0x1.9bb3602f84000p-3 0x1.a01a01393f2d1p-1 0x1.a8bed1c2c0000p-3',
  '0x1.9d79f24db3c1bp-1 0x1.b5b515c01d000p-3 0x1.9ae2505c7b190p-1 0x1.c2967ccbcc000p-3',
  '0x1.9852ef297ce2fp-1 0x1.cf635d5486000p-3 0x1.95cbaeea44b75p-1 0x1.dc1bd3446c000p-3',
  '0x1.934c69de74838p-1 0x1.e8c01b8cfe000p-3 0x1.90d4f2f6752e6p-1 0x1.f5509c0179000p-3',
  '0x1.8e6528effd79dp-1 0x1.00e6c121fb800p-2 0x1.8bfce9fcc007cp-1 0x1.071b80e93d000p-2',
  '0x1.899c0dabec30ep-1 0x1.0d46b9e867000p-2 0x1.87427aa2317fbp-1 0x1.13687334bd000p-2',
  '0x1.84f00acb39a08p-1 0x1.1980d67234800p-2 0x1.82a49e8653e55p-1 0x1.1f8ffe0cc8000p-2',
  '0x1.8060195f40260p-1 0x1.2595fd7636800p-2 0x1.7e22563e0a329p-1 0x1.2b9300914a800p-2',
  '0x1.7beb377dcb5adp-1 0x1.3187210436000p-2 0x1.79baa679725c2p-1 0x1.377266dec1800p-2',
  '0x1.77907f2170657p-1 0x1.3d54ffbaf3000p-2 0x1.756cadbd6130cp-1 0x1.432eee32fe000p-2',
].join(' ').split(' ').map(hexFloat));

/** glibc log for x in [1 - 2^-4, 1 + 0x1.09p-4): log1p polynomial with an exact head. */
function logNear1(x: number): number {
  if (x === 1) return 0;
  const r = x - 1;
  const r2 = r * r;
  const r3 = r * r2;
  const p3 = fma64(r3, B10, fma64(r2, B9, fma64(r, B8, B7)));
  const p2 = fma64(r3, p3, fma64(r2, B6, fma64(r, B5, B4)));
  const p1 = fma64(r3, p2, fma64(r2, B3, fma64(r, B2, B1)));
  const w0 = r * 134217728;
  const rhi = r + w0 - w0;
  const rlo = r - rhi;
  const w = rhi * rhi * B0;
  const h = r + w;
  let l = r - h + w;
  l = fma64(B0 * rlo, rhi + r, l);
  return fma64(r3, p1, l) + h;
}

/** glibc log(x) for x in (0, 1] or any positive normal x. */
export function glibcLog(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x);
  f64buf[0] = x;
  const hi = f64words[HI];
  if (hi < 0x00100000) return Math.log(x); // subnormal: not reached by the samplers
  if (hi >= 0x3fee0000 && hi < 0x3ff10900) return logNear1(x);
  const lo = f64words[LO];
  const tmpHi = (hi - 0x3fe60000) | 0;
  const i = (tmpHi >>> 13) & 127;
  const k = tmpHi >> 20;
  f64words[HI] = (hi - (tmpHi & 0xfff00000)) >>> 0;
  f64words[LO] = lo;
  const z = f64buf[0];
  const invc = LOG_TAB[2 * i];
  const logc = LOG_TAB[2 * i + 1];
  const r = fma64(z, invc, -1);
  const w = k * LOG_LN2HI + logc; // exact product
  const h = w + r;
  const l = fma64(k, LOG_LN2LO, w - h + r);
  const r2 = r * r;
  const q = fma64(r2, fma64(r, A4, A3), fma64(r, A2, A1));
  return fma64(r * r2, q, fma64(r2, A0, l)) + h;
}

const S1 = hexFloat('-0x1.5555555555555p-3');
const S2 = hexFloat('0x1.1111111110ECEp-7');
const S3 = hexFloat('-0x1.A01A019DB08B8p-13');
const S4 = hexFloat('0x1.71DE27B9A7ED9p-19');
const S5 = hexFloat('-0x1.ADDFFC2FCDF59p-26');
const BIG = hexFloat('0x1.8p45');
const HP0 = hexFloat('0x1.921FB54442D18p0');
const HP1 = hexFloat('0x1.1A62633145C07p-54');
const MP1 = hexFloat('0x1.921FB58000000p0');
const MP2 = hexFloat('-0x1.DDE973C000000p-27');
const PP3 = hexFloat('-0x1.CB3B398000000p-55');
const PP4 = hexFloat('-0x1.d747f23e32ed7p-83');
const HPINV = hexFloat('0x1.45F306DC9C883p-1');
const TOINT = hexFloat('0x1.8p52');
const SN3 = -1.66666666666664880952546298448555e-1;
const SN5 = 8.33333214285722277379541354343671e-3;
const CS2 = 4.99999999999999999999950396842453e-1;
const CS4 = -4.16666666666664434524222570944589e-2;
const CS6 = 1.38888874007937613028114285595617e-3;

/** sin(j/128), cos(j/128) for j < 110, each as a correctly rounded head and tail: [sn, ssn, cs, ccs]. */
const SINCOS_TAB = (() => {
  const tab = new Float64Array(440);
  const SC = 200n;
  const ONE = 1n << SC;
  const split = (v: bigint): [number, number] => {
    const hi = Number(v) * 2 ** -200; // Number(bigint) rounds to nearest
    const rest = v - BigInt(hi * 2 ** 200);
    return [hi, Number(rest) * 2 ** -200];
  };
  for (let j = 0; j < 110; j++) {
    const x = BigInt(j) << (SC - 7n);
    const x2 = (x * x) >> SC;
    let sin = 0n;
    let cos = 0n;
    let term = x;
    for (let k = 1n; term !== 0n; k += 2n) {
      sin += (k >> 1n) & 1n ? -term : term;
      term = (term * x2) / (ONE * (k + 1n) * (k + 2n));
    }
    term = ONE;
    for (let k = 0n; term !== 0n; k += 2n) {
      cos += (k >> 1n) & 1n ? -term : term;
      term = (term * x2) / (ONE * (k + 1n) * (k + 2n));
    }
    const [sn, ssn] = split(sin);
    const [cs, ccs] = split(cos);
    tab[4 * j] = sn;
    tab[4 * j + 1] = ssn;
    tab[4 * j + 2] = cs;
    tab[4 * j + 3] = ccs;
  }
  return tab;
})();

function doCos(x: number, dx: number): number {
  if (x < 0) dx = -dx;
  const ax = Math.abs(x);
  const u = BIG + ax;
  f64buf[0] = u;
  const k = f64words[LO] << 2;
  x = ax - (u - BIG) + dx;
  const xx = x * x;
  const s = fma64(x * xx, fma64(xx, SN5, SN3), x);
  const c = xx * fma64(xx, fma64(xx, CS6, CS4), CS2);
  const sn = SINCOS_TAB[k];
  const ssn = SINCOS_TAB[k + 1];
  const cs = SINCOS_TAB[k + 2];
  const ccs = SINCOS_TAB[k + 3];
  const cor = fma64(-sn, s, fma64(-cs, c, fma64(-s, ssn, ccs)));
  return cs + cor;
}

/** sin(x + dx) for |x| < 0.126 (TAYLOR_SIN). */
function taylorSin(x: number, dx: number): number {
  const xx = x * x;
  const p = fma64(fma64(fma64(fma64(S5, xx, S4), xx, S3), xx, S2), xx, S1);
  const t = fma64(fma64(p, x, -(0.5 * dx)), xx, dx);
  return x + t;
}

function doSin(x: number, dx: number): number {
  const xold = x;
  if (Math.abs(x) < 0.126) return taylorSin(x, dx);
  if (x <= 0) dx = -dx;
  const ax = Math.abs(x);
  const u = BIG + ax;
  f64buf[0] = u;
  const k = f64words[LO] << 2;
  x = ax - (u - BIG);
  const xx = x * x;
  const s = x + fma64(x * xx, fma64(xx, SN5, SN3), dx);
  const c = fma64(x, dx, xx * fma64(xx, fma64(xx, CS6, CS4), CS2));
  const sn = SINCOS_TAB[k];
  const ssn = SINCOS_TAB[k + 1];
  const cs = SINCOS_TAB[k + 2];
  const ccs = SINCOS_TAB[k + 3];
  const cor = fma64(cs, s, fma64(-sn, c, fma64(s, ccs, ssn)));
  const r = Math.abs(sn + cor);
  return xold < 0 ? -r : r;
}

/** sin or cos of (a + da) in quadrant n, after reducing |x| < 105414350 by multiples of pi/2. */
function reducedSinCos(x: number, cosine: boolean): number {
  const t = fma64(x, HPINV, TOINT);
  const xn = t - TOINT;
  f64buf[0] = t;
  let n = f64words[LO] & 3;
  const y = fma64(-xn, MP2, fma64(-xn, MP1, x));
  const t2 = fma64(-xn, PP3, y);
  let db = fma64(-xn, PP3, y - t2);
  const b = fma64(-xn, PP4, t2);
  db += fma64(-xn, PP4, t2 - b);
  if (cosine) n = (n + 1) & 3;
  const r = n & 1 ? doCos(b, db) : doSin(b, db);
  return n & 2 ? -r : r;
}

/** glibc sin(x) for |x| < 105414350 (falls back to Math.sin beyond). */
export function glibcSin(x: number): number {
  f64buf[0] = x;
  const k = f64words[HI] & 0x7fffffff;
  if (k < 0x3e500000) return x;
  if (k < 0x3feb6000) return doSin(x, 0);
  if (k < 0x400368fd) {
    const r = Math.abs(doCos(HP0 - Math.abs(x), HP1));
    return x < 0 ? -r : r;
  }
  if (k < 0x419921fb) return reducedSinCos(x, false);
  return Math.sin(x);
}

/** glibc cos(x) for |x| < 105414350 (falls back to Math.cos beyond). */
export function glibcCos(x: number): number {
  f64buf[0] = x;
  const k = f64words[HI] & 0x7fffffff;
  if (k < 0x3e400000) return 1;
  if (k < 0x3feb6000) return doCos(x, 0);
  if (k < 0x400368fd) {
    const y = HP0 - Math.abs(x);
    const a = y + HP1;
    const da = y - a + HP1;
    return doSin(a, da);
  }
  if (k < 0x419921fb) return reducedSinCos(x, true);
  return Math.cos(x);
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
// any check fires (rare). warmUp() below runs these paths once at load so that V8's optimised code
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

function normalBlock16F32(data: Float32Array, o: number, mean: number, std: number, force = 0): void {
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
    if ((tie | force) !== 0) {
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
    const radius = Math.sqrt(-2 * glibcLog(u1));
    const theta = 6.283185307179586 * u2;
    data[o + j] = fma64(radius * glibcCos(theta), std, mean);
    data[o + j + 8] = fma64(radius * glibcSin(theta), std, mean);
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
  const r = Math.sqrt(-2 * glibcLog(1 - u2));
  const theta = 2 * Math.PI * u1;
  gen.nextDoubleNormal = r * glibcSin(theta);
  return fma64(r * glibcCos(theta), std, mean);
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

/** Tensor.normal_(mean, std) / torch.randn on a contiguous float32 or float64 buffer. */
export function normalFill(
  out: Float32Array | Float64Array, mean = 0, std = 1, gen: Generator = defaultGenerator,
): void {
  if (!(std >= 0)) throw new RangeError(`normal expects std >= 0.0, but found std ${std}`);
  const n = out.length;
  if (n < 16) {
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
 * Runs every sampler once on small buffers with a private generator, so that V8 has type feedback
 * for all their paths before the first large call (cheap: well under a millisecond of work).
 */
function warmUp(): void {
  const g = new Generator(1);
  const f32 = new Float32Array(1024 + 7);
  const f64 = new Float64Array(64 + 7);
  normalFill(f32, 0, 1, g);
  normalFill(f32.subarray(0, 33), 0.5, 2, g);
  normalFill(f64, 0, 1, g);
  normalFill(f64.subarray(0, 5), 0.5, 2, g);
  normalFill(f32.subarray(0, 5), 0, 1, g);
  uniformFill(f32, 0, 1, g);
  uniformFill(f32.subarray(0, 9), -1, 3, g);
  uniformFill(f64, 0, 1, g);
  uniformFill(f64.subarray(0, 9), -1, 3, g);
  normalBlock16F32(f32, 0, 0, 1, 1); // the exact-lane fallback
  fma32(1 + 2 ** -23, 2 ** -24 * (1 - 2 ** -23), 1 + 2 ** -23); // a double-rounding tie
  tieCheck(2 ** -24 * (1 - 2 ** -46), 1 + 2 ** -23, (1 + 2 ** -23) + 2 ** -24 * (1 - 2 ** -46));
}
warmUp();
