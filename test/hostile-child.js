// Randomized hostile-input fuzzer for torchlet's public API, run in a CHILD process by
// test/hostile.test.ts so that a native crash (SIGSEGV / abort) or a hang shows up as a failed test
// with the signal, not as a dead test runner.
//
//   node test/hostile-child.js <dist/cjs/index.js> <log file> [seed] [iterations] [--only i]
//
// Every call must either return something sane (a Tensor, number, boolean, string, array,
// { values, indices } or undefined) or throw an Error instance. Each call's description is written
// to <log file> (synchronously) before it runs, so the parent can name the call that crashed or hung.
// Iteration i draws its arguments from an RNG seeded with (seed, i) and a freshly built pool of
// tensors, so `--only i` replays exactly one call.
//
// Output (stdout, last line): JSON { calls, ok, threw, nonError: [...], corrupt: [...], byFn }.
'use strict';
const fs = require('node:fs');

const [distPath, logPath, seedArg, itersArg, onlyFlag, onlyArg] = process.argv.slice(2);
const torch = require(distPath);
const SEED = Number(seedArg ?? 1234);
const ITERS = Number(itersArg ?? 3000);
const ONLY = onlyFlag === '--only' ? Number(onlyArg) : null;
const DEADLINE = Date.now() + 4500; // bounded: stop early rather than exceed the 5 s budget

// mulberry32: a tiny deterministic PRNG.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const I32 = { dtype: 'int32' };

/** A fresh pool of tensors each iteration (in-place ops in one call must not leak into the next). */
function tensorPool() {
  torch.manualSeed(7);
  const pool = [
    ['t(2,3)', torch.randn(2, 3)],
    ['t(3)', torch.randn(3)],
    ['t(4)', torch.randn(4)],
    ['t(1)', torch.randn(1)],
    ['t(3,2)', torch.randn(3, 2)],
    ['t(2,3,4)', torch.randn(2, 3, 4)],
    ['t(2,4,3)', torch.randn(2, 4, 3)],
    ['t(1,3)', torch.randn(1, 3)],
    ['t(0)', torch.zeros(0)],
    ['t(0,3)', torch.zeros(0, 3)],
    ['t(2,0)', torch.zeros(2, 0)],
    ['t0d', torch.tensor(2.5)],
    ['f64(2,3)', torch.randn(2, 3, { dtype: 'float64' })],
    ['f64(3)', torch.randn(3, { dtype: 'float64' })],
    ['i32(2,3)', torch.tensor([[0, 1, 2], [2, 1, 0]], I32)],
    ['i32(3)', torch.tensor([2, 0, 1], I32)],
    ['i32(1,1)', torch.tensor([[1]], I32)],
    ['i32 oob(2,3)', torch.tensor([[0, 5, -1], [3, 1, -4]], I32)],
    ['i32(0)', torch.tensor([], I32)],
    ['i32 0d', torch.tensor(1, I32)],
    ['bool(2,3)', torch.tensor([[true, false, true], [false, true, false]])],
    ['bool(3)', torch.tensor([true, false, true])],
    ['t(2,3).T', torch.randn(3, 2).t()],
    ['t(3) expanded(2,3)', torch.randn(3).expand(2, 3)],
    ['narrow view', torch.randn(4, 3).narrow(0, 1, 2)],
    ['slice ::2', torch.randn(6).index('::2')],
    ['nan/inf', torch.tensor([NaN, Infinity, -Infinity])],
    ['rg(2,3)', torch.randn(2, 3, { requiresGrad: true })],
    ['rg(3)', torch.randn(3, { requiresGrad: true })],
    ['rg0d', torch.tensor(1.5, { requiresGrad: true })],
  ];
  const x = torch.randn(2, 3, { requiresGrad: true });
  pool.push(['nonleaf(2,3)', x.mul(2)]);
  pool.push(['nonleaf scalar', x.sum()]);
  return pool;
}

const NUMBERS = [0, 1, -1, 2, 3, -2, 7, -0, 0.5, 2.5, -3.5, NaN, Infinity, -Infinity, 1e20, -1e20, 2 ** 53];
const JUNK = [null, undefined, 'a', '1', '::2', '...', '0:2', true, false, {}, [], [2, 3], [0], [-1], [[1]], [2.5, 2.5], [1, 'a'], [0, 0], [1e20],
  { dim: 0 }, { dim: -1 }, { dim: 5 }, { keepdim: true }, { dtype: 'float64' }, { dtype: 'int32' }, { dtype: 'bogus' }, { alpha: 2 },
  { requiresGrad: true }, { retainGraph: true }, { bogus: 1 }, { reduce: 'add' }, { roundingMode: 'floor' }, { min: 0 }, { start: 1, stop: 2 },
  () => 1, Symbol('s'), 10n, new Float32Array(3), new Int32Array([0, 1])];

function pick(r, arr) {
  return arr[Math.floor(r() * arr.length)];
}

function makeArg(r, pool) {
  const u = r();
  if (u < 0.35) return pick(r, pool);
  if (u < 0.42) { // a list of tensors (cat / stack / broadcastTensors)
    const n = Math.floor(r() * 3);
    const items = Array.from({ length: n }, () => pick(r, pool));
    return [`[${items.map((p) => p[0]).join(', ')}]`, items.map((p) => p[1])];
  }
  if (u < 0.47) { // a list of numbers (sizes, dims, split sizes)
    const n = Math.floor(r() * 4);
    const items = Array.from({ length: n }, () => pick(r, NUMBERS));
    return [`[${items.map((v) => (Object.is(v, -0) ? '-0' : String(v))).join(', ')}]`, items];
  }
  if (u < 0.85) {
    const v = pick(r, NUMBERS);
    return [Object.is(v, -0) ? '-0' : String(v), v];
  }
  const v = pick(r, JUNK);
  return [describe(v), v];
}

function describe(v) {
  if (typeof v === 'function') return 'fn';
  if (typeof v === 'symbol') return 'Symbol';
  if (typeof v === 'bigint') return `${v}n`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${v.length})`;
  if (v === undefined) return 'undefined';
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

const SKIP_TORCH = new Set(['Tensor', 'Storage', 'Generator', 'setNumThreads', 'autograd', 'noGrad', 'enableGrad', 'setGradEnabled']);
const torchFns = Object.keys(torch).filter((k) => typeof torch[k] === 'function' && !SKIP_TORCH.has(k) && /^[a-z]/.test(k)).sort();
const proto = torch.Tensor.prototype;
const methodNames = Object.getOwnPropertyNames(proto)
  .filter((k) => k !== 'constructor' && !k.startsWith('_'))
  .filter((k) => typeof Object.getOwnPropertyDescriptor(proto, k).value === 'function')
  .sort();
const getters = ['T', 'mT', 'grad', 'data', 'requiresGrad', 'isLeaf', 'ndim', 'shape'];
const setters = ['grad', 'data', 'requiresGrad'];
const autogradFns = ['grad', 'backward'];

/** A tensor must describe memory that exists: integer non-negative shape, in-bounds offsets. */
function checkTensor(t) {
  if (!Array.isArray(t.shape) || !t.shape.every((s) => Number.isInteger(s) && s >= 0)) return `bad shape [${t.shape}]`;
  const st = t.stride();
  const off = t.storageOffset();
  if (!Number.isInteger(off) || off < 0) return `bad storage offset ${off}`;
  if (!st.every((s) => Number.isInteger(s))) return `bad strides [${st}]`;
  const n = t.numel();
  if (n === 0) return null;
  let lo = off, hi = off;
  t.shape.forEach((s, i) => {
    const span = (s - 1) * st[i];
    if (span < 0) lo += span; else hi += span;
  });
  const len = t._storage.data.length;
  if (lo < 0 || hi >= len) return `view reaches outside its storage: elements [${lo}, ${hi}] of ${len} (shape [${t.shape}], strides [${st}], offset ${off})`;
  if (!['float32', 'float64', 'int32', 'bool'].includes(t.dtype)) return `bad dtype ${t.dtype}`;
  return null;
}

function checkResult(v) {
  if (v === undefined || v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return null;
  if (v instanceof torch.Tensor) return checkTensor(v);
  if (Array.isArray(v)) {
    for (const x of v) {
      const e = checkResult(x);
      if (e) return e;
    }
    return null;
  }
  if (typeof v === 'object' && v.values instanceof torch.Tensor) return checkTensor(v.values) ?? checkTensor(v.indices);
  if (v instanceof torch.Generator) return null;
  if (typeof v === 'object') return null; // options-like objects (backendInfo, stateDict, ...)
  return `unexpected result type ${typeof v}`;
}

/** Builds call i: returns [description, thunk, family]. */
function buildCall(i) {
  const r = rng((SEED * 1000003 + i) >>> 0);
  const pool = tensorPool();
  const nArgs = Math.floor(r() * 5);
  const args = Array.from({ length: nArgs }, () => makeArg(r, pool));
  const argDesc = args.map((a) => a[0]).join(', ');
  const argVals = args.map((a) => a[1]);
  const kind = r();
  if (kind < 0.4) {
    const fn = pick(r, torchFns);
    return [`torch.${fn}(${argDesc})`, () => torch[fn](...argVals), fn];
  }
  const [selfDesc, self] = pick(r, pool);
  if (kind < 0.9) {
    const m = pick(r, methodNames);
    return [`(${selfDesc}).${m}(${argDesc})`, () => self[m](...argVals), m];
  }
  if (kind < 0.94) {
    const g = pick(r, getters);
    return [`(${selfDesc}).${g}`, () => self[g], g];
  }
  if (kind < 0.98) {
    const s = pick(r, setters);
    const [vd, v] = args.length ? args[0] : makeArg(r, pool);
    return [`(${selfDesc}).${s} = ${vd}`, () => { self[s] = v; return self; }, `set ${s}`];
  }
  const a = pick(r, autogradFns);
  return [`torch.autograd.${a}(${argDesc})`, () => torch.autograd[a](...argVals), `autograd.${a}`];
}

const log = fs.openSync(logPath, 'w');
const summary = { calls: 0, ok: 0, threw: 0, nonError: [], corrupt: [], stoppedEarly: false, byFn: {} };
const first = ONLY ?? 0, last = ONLY ?? ITERS - 1;
// Silence gradcheck-style warnings the fuzz may trigger.
console.warn = () => {};
for (let i = first; i <= last; i++) {
  if (ONLY === null && Date.now() > DEADLINE) {
    summary.stoppedEarly = true;
    break;
  }
  const [desc, thunk, fam] = buildCall(i);
  fs.writeSync(log, `${i}\t${desc}\n`);
  summary.calls++;
  const f = (summary.byFn[fam] ??= { ok: 0, threw: 0 });
  let result;
  try {
    result = thunk();
    // Touch the result the way a user would: print it, read its values.
    if (result instanceof torch.Tensor && result.numel() <= 4096) {
      result.toString();
      result.tolist();
    }
  } catch (e) {
    summary.threw++;
    f.threw++;
    if (!(e instanceof Error)) summary.nonError.push({ i, call: desc, thrown: String(e) });
    else if (ONLY !== null) console.error(`${e.constructor.name}: ${e.message}`);
    continue;
  }
  summary.ok++;
  f.ok++;
  let bad;
  try {
    bad = checkResult(result);
  } catch (e) {
    bad = `inspecting the result threw ${e && e.message}`;
  }
  if (bad) summary.corrupt.push({ i, call: desc, problem: bad });
  else if (ONLY !== null) console.error('returned', describe(result instanceof torch.Tensor ? { shape: result.shape, dtype: result.dtype } : typeof result));
}
fs.closeSync(log);
process.stdout.write(JSON.stringify(summary) + '\n');
