'use strict';
// Paired A/B of two torchlet addon builds on GEMM shapes, in one process: the tool for judging a
// kernel or blocking change on this noisy machine, where a build's speed swings by up to 2x for
// seconds at a time. For every shape, up to --pairs times, a ~10 ms sample of A and one of B are
// taken back to back (order alternating); the verdict is the median of the per-pair ratios, with
// the interquartile range of those ratios beside it so that noise is visible, not hidden.
//
//   node scripts/bench/ab.js old.node new.node [--isa=avx512] [--threads=1] [--pairs=25]
//        [--shapes=512,1024,64x256x784,784x256x64:TN] [--blocking-a=144,256,3072] [--blocking-b=...]
//        [--json=out.json]
//
// Shapes: n (n x n x n) or MxNxK, with :NN / :TN / :NT / :TT for op(A), op(B). --blocking-a/-b set
// TORCHLET_GEMM_BLOCKING ("mc,kc,nc[,direct_m]") for that side; the addon reads it once, at its
// first product, so comparing two blockings of one build loads a private copy of the file for B
// (the dynamic loader would otherwise hand back the same instance).
const fs = require('fs');
const os = require('os');
const path = require('path');
const lib = require('./lib');

function parseArgs(argv) {
  const opts = { isa: null, threads: 1, pairs: 25, shapes: '256,512,1024,64x256x784,784x256x64:TN,64x784x256:NT', files: [] };
  for (const a of argv) {
    const m = /^--([a-z-]+)=(.*)$/.exec(a);
    if (!m) opts.files.push(a);
    else if (m[1] === 'isa') opts.isa = m[2];
    else if (m[1] === 'threads') opts.threads = Number(m[2]);
    else if (m[1] === 'pairs') opts.pairs = Number(m[2]);
    else if (m[1] === 'shapes') opts.shapes = m[2];
    else if (m[1] === 'blocking-a') opts.blockingA = m[2];
    else if (m[1] === 'blocking-b') opts.blockingB = m[2];
    else if (m[1] === 'json') opts.json = m[2];
    else throw new Error(`ab: unknown option --${m[1]}`);
  }
  if (opts.files.length !== 2) throw new Error('usage: node scripts/bench/ab.js A.node B.node [--isa=..] [--threads=..] [--shapes=..]');
  if (!(opts.threads >= 1) || !(opts.pairs >= 1)) throw new Error('ab: --threads and --pairs must be >= 1');
  return opts;
}

function parseShape(s) {
  const [dims, tt = 'NN'] = s.split(':');
  const d = dims.split('x').map(Number);
  const [M, N, K] = d.length === 1 ? [d[0], d[0], d[0]] : d;
  if (![M, N, K].every((v) => Number.isInteger(v) && v > 0) || !/^[NT][NT]$/.test(tt)) throw new Error(`ab: bad shape "${s}"`);
  return { label: `${tt} ${M}x${N}x${K}`, ta: tt[0] === 'T', tb: tt[1] === 'T', M, N, K };
}

// Loads one side with its blocking in the environment for its first product (which reads it).
function loadSide(file, blocking, copyDir) {
  let p = path.resolve(file);
  if (copyDir) {
    const copy = path.join(copyDir, `b-${path.basename(p)}`);
    fs.copyFileSync(p, copy);
    p = copy;
  }
  const addon = require(p);
  if (blocking) process.env.TORCHLET_GEMM_BLOCKING = blocking;
  else delete process.env.TORCHLET_GEMM_BLOCKING;
  const z = new Float32Array(64 * 64);
  addon.gemm(false, false, 64, 64, 64, 1, z, 0, 64, z, 0, 64, 0, new Float32Array(64 * 64), 0, 64);
  delete process.env.TORCHLET_GEMM_BLOCKING;
  return addon;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const same = path.resolve(opts.files[0]) === path.resolve(opts.files[1]);
  const tmp = same ? fs.mkdtempSync(path.join(os.tmpdir(), 'torchlet-ab-')) : null;
  try {
    const A = loadSide(opts.files[0], opts.blockingA, null);
    const B = loadSide(opts.files[1], opts.blockingB, tmp);
    for (const x of [A, B]) {
      if (opts.isa) x.setIsa(opts.isa);
      x.setNumThreads(opts.threads);
    }
    const isa = A.backendInfo().isa;
    console.log(`A = ${opts.files[0]}${opts.blockingA ? ` (blocking ${opts.blockingA})` : ''}`);
    console.log(`B = ${opts.files[1]}${opts.blockingB ? ` (blocking ${opts.blockingB})` : ''}`);
    console.log(`isa ${isa}, ${opts.threads} thread(s), up to ${opts.pairs} paired ~10 ms samples per shape`);
    console.log('shape                 A GFLOP/s  B GFLOP/s  B/A speed  (IQR of pair ratios)');
    const rows = [];
    for (const s of opts.shapes.split(',')) {
      const c = parseShape(s);
      const lda = c.ta ? c.M : c.K, ldb = c.tb ? c.K : c.N;
      const a = new Float32Array(c.M * c.K).fill(0.5), b = new Float32Array(c.K * c.N).fill(0.25);
      const out = new Float32Array(c.M * c.N);
      const call = (x) => () => x.gemm(c.ta, c.tb, c.M, c.N, c.K, 1, a, 0, lda, b, 0, ldb, 0, out, 0, c.N);
      const fa = call(A), fb = call(B);
      lib.calibrate(fb);  // (warms B up as calibrate does A)
      const reps = lib.calibrate(fa);
      const ta = [], tb = [], ratio = [];
      const deadline = Date.now() + 3000;
      for (let i = 0; i < opts.pairs && (i < 3 || Date.now() < deadline); i++) {
        let xa, xb;
        if (i % 2 === 0) { xa = lib.sample(fa, reps); xb = lib.sample(fb, reps); } else { xb = lib.sample(fb, reps); xa = lib.sample(fa, reps); }
        ta.push(xa); tb.push(xb); ratio.push(xa / xb);
      }
      const gf = (ms) => (2 * c.M * c.N * c.K) / ms / 1e6;
      const row = {
        shape: c.label, a_gflops: gf(lib.median(ta)), b_gflops: gf(lib.median(tb)),
        speed: lib.median(ratio), iqr: lib.quartiles(ratio), samples: { a_ms: ta, b_ms: tb },
      };
      rows.push(row);
      console.log(`${c.label.padEnd(20)} ${row.a_gflops.toFixed(1).padStart(10)} ${row.b_gflops.toFixed(1).padStart(10)} ` +
        `${row.speed.toFixed(3).padStart(9)}x  (${row.iqr[0].toFixed(3)}-${row.iqr[1].toFixed(3)})`);
    }
    if (opts.json) fs.writeFileSync(opts.json, JSON.stringify({ a: opts.files[0], b: opts.files[1], isa, threads: opts.threads, rows }, null, 1));
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  main();
} catch (e) {
  console.error(e.message);
  process.exit(2);
}
