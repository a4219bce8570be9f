'use strict';
// Shared helpers for the benchmark harness: loading torchlet, timing, PyTorch subprocess, output.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const repoRoot = path.join(__dirname, '..', '..');

// randomF32's operands start on a 64-byte line, as PyTorch's tensors and torchlet's own results do
// (the kernels that read operands in place are 20-30% slower on malloc's 16-byte alignment): the
// addon that loadTorchlet loaded says where a buffer starts.
let lineAddon = null;

// torchlet: the public API (dist/cjs) when built, plus the raw addon (always, for threads / ISA /
// fmaPeak and as the fallback for kernels the public API does not expose yet).
function loadTorchlet() {
  let addon = null;
  let addonPath = null;
  const explicit = process.env.TORCHLET_ADDON;
  if (explicit) {
    addonPath = path.resolve(explicit);
    addon = require(addonPath);
  } else {
    try {
      addon = require('node-gyp-build')(repoRoot);
      addonPath = 'node-gyp-build';
    } catch (e) {
      const cmake = path.join(repoRoot, 'build-cmake', 'Release', 'torchlet.node');
      if (!fs.existsSync(cmake)) throw new Error(`bench: no torchlet addon found (${e.message}); build it first`);
      addonPath = cmake;
      addon = require(cmake);
    }
  }
  let torch = null;
  const dist = path.join(repoRoot, 'dist', 'cjs', 'index.js');
  if (fs.existsSync(dist) && !process.env.TORCHLET_BENCH_RAW) {
    try {
      torch = require(dist);
    } catch (e) {
      torch = null;
    }
  }
  if (typeof addon.addressMod64 === 'function') lineAddon = addon;
  return { addon, addonPath, torch };
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

// How many calls of fn make one sample of about sampleMs (after warmUp).
function calibrate(fn, sampleMs = 10) {
  warmUp(fn);
  const t0 = nowMs();
  fn();
  const one = Math.max(nowMs() - t0, 1e-4);
  return Math.max(1, Math.min(100000, Math.round(sampleMs / one)));
}

// Runs fn before anything is timed, on both sides alike, until it is in steady state (a training
// loop is: JIT-compiled, its allocator's heap grown to the working set so fresh outputs no longer
// page-fault): in blocks of WARMUP_BLOCK_MS, at least WARMUP_MIN_MS and 3 calls, until three blocks
// in a row were none more than 3% faster per call than the best before them, or WARMUP_MAX_MS. A
// fixed 150 ms left the first autograd row of a suite at 1.1 ms per MLP step where steady state is
// 0.55-0.65 (V8 was still tiering the autograd code up). pytorch/runner.py does the same.
const WARMUP_MIN_MS = 150, WARMUP_BLOCK_MS = 50, WARMUP_MAX_MS = 2000;
function warmUp(fn) {
  const t0 = nowMs();
  let best = Infinity, stale = 0;
  for (let n = 0; ; ) {
    const b0 = nowMs();
    let k = 0;
    do {
      fn();
      k++;
    } while (nowMs() - b0 < WARMUP_BLOCK_MS);
    n += k;
    const per = (nowMs() - b0) / k, el = nowMs() - t0;
    stale = per < best * 0.97 ? 0 : stale + 1;
    best = Math.min(best, per);
    if (el >= WARMUP_MAX_MS || (n >= 3 && el >= WARMUP_MIN_MS && stale >= 3)) return;
  }
}

// One sample: ms per call over reps calls.
function sample(fn, reps) {
  const t0 = nowMs();
  for (let r = 0; r < reps; r++) fn();
  return (nowMs() - t0) / reps;
}

// Median of a list of numbers (null when empty).
function median(xs) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

// [first quartile, third quartile] (the medians of the lower and upper halves), or null.
function quartiles(xs) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length === 1 ? [s[0], s[0]] : [median(s.slice(0, h)), median(s.slice(s.length - h))];
}

const PYTHON = '/usr/bin/python3';
// OMP_WAIT_POLICY=PASSIVE: with libgomp's default spin-waiting, PyTorch's 2-thread ops collapse to
// ~8-16 ms per call whenever the other core is busy (measured here); passive waiting is PyTorch at its
// best on a shared machine. Set OMP_WAIT_POLICY yourself to compare against the default.
// PyTorch gets glibc's allocator tuned as torchlet tunes it for itself (mallopt in runtime.cpp):
// untuned, glibc's dynamic mmap threshold left a fresh PyTorch process mapping and page-faulting its
// 800 KB gradient buffers on every step until some larger free raised the threshold, so the same
// training step took 4.4 ms or 0.5 ms depending on what the process had run before (measured here).
const PY_ENV = {
  ...process.env,
  LD_LIBRARY_PATH: '/usr/lib/x86_64-linux-gnu/openblas-openmp',
  OMP_WAIT_POLICY: process.env.OMP_WAIT_POLICY || 'PASSIVE',
  MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ || String(32 * 1024 * 1024),
  MALLOC_TRIM_THRESHOLD_: process.env.MALLOC_TRIM_THRESHOLD_ || String(256 * 1024 * 1024),
};

// OpenBLAS 0.3.21 does not recognise every CPU (on this machine's Xeon it falls back to its SSE3
// "Prescott" kernels, ~4x slower), so PyTorch is run with the OpenBLAS kernel set matching the ISA
// torchlet is measured with: PyTorch at its best for that ISA. TORCHLET_BENCH_OPENBLAS_CORETYPE
// overrides it ("auto": let OpenBLAS detect).
function openblasCoretype(isa) {
  const o = process.env.TORCHLET_BENCH_OPENBLAS_CORETYPE;
  if (o) return o === 'auto' ? null : o;
  return { avx2: 'Haswell', avx512: 'SkylakeX' }[isa] || null;
}

// One-thread rows pin both processes' calling threads to the same CPU (multi-thread rows release
// them to every CPU): this VM's two vCPUs differ (FMA loop 225-229 vs 216-222 GFLOP/s, and at times
// they sit on far-apart cores), so a one-thread ratio otherwise also compared two CPUs. Only the
// main thread moves (V8's helper threads stay free). Returns the CPU list, or null when not pinned
// (TORCHLET_BENCH_NO_PIN=1, or no taskset).
function pinMainThread(threads) {
  if (process.env.TORCHLET_BENCH_NO_PIN || process.platform !== 'linux') return null;
  const n = require('os').cpus().length;
  const cpus = threads === 1 ? [0] : Array.from({ length: n }, (_, i) => i);
  const r = spawnSync('taskset', ['-p', '-c', cpus.join(','), String(process.pid)], { encoding: 'utf8' });
  return r.status === 0 ? cpus : null;
}

function pytorchAvailable() {
  if (process.env.TORCHLET_BENCH_NO_TORCH) return { ok: false, why: 'disabled by TORCHLET_BENCH_NO_TORCH' };
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { env: PY_ENV, encoding: 'utf8' });
  if (r.status !== 0) return { ok: false, why: (r.stderr || r.error || 'import torch failed').toString().trim().split('\n').pop() };
  return { ok: true, version: r.stdout.trim() };
}

// A persistent PyTorch process for one suite (and OpenBLAS kernel set), speaking runner.py's
// line protocol: request({ ...case, cmd: 'prepare' }) -> { reps: { fn, kernel? } },
// request({ cmd: 'sample', key, kind, reps }) -> { ms }.
class PytorchServer {
  constructor(suite, coretype) {
    const { spawn } = require('child_process');
    const env = { ...PY_ENV };
    // Replaces an inherited OPENBLAS_CORETYPE (one machine here exports Haswell); null: detect.
    if (coretype) env.OPENBLAS_CORETYPE = coretype;
    else delete env.OPENBLAS_CORETYPE;
    this.proc = spawn(PYTHON, [path.join(__dirname, 'pytorch', 'runner.py'), suite], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.buf = '';
    this.waiters = [];
    this.stderr = '';
    this.proc.stdout.setEncoding('utf8');
    this.proc.stdout.on('data', (d) => {
      this.buf += d;
      let i;
      while ((i = this.buf.indexOf('\n')) >= 0) {
        const line = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 1);
        const w = this.waiters.shift();
        if (w) w.resolve(JSON.parse(line));
      }
    });
    this.proc.stderr.on('data', (d) => {
      this.stderr = (this.stderr + d).slice(-2000);
    });
    this.proc.on('exit', (code) => {
      for (const w of this.waiters.splice(0)) w.reject(new Error(`PyTorch runner exited (${code}): ${this.stderr.trim().split('\n').pop()}`));
      this.dead = true;
    });
  }
  request(c) {
    if (this.dead) return Promise.reject(new Error(`PyTorch runner exited: ${this.stderr.trim().split('\n').pop()}`));
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.proc.stdin.write(JSON.stringify(c) + '\n');
    }).then((r) => {
      if (r.error) throw new Error(r.error);
      return r;
    });
  }
  close() {
    if (!this.dead) this.proc.stdin.end();
  }
}

function cpuModel() {
  const c = os.cpus();
  return c.length ? c[0].model : 'unknown';
}

function fmt(v, d = 2) {
  if (v === null || v === undefined || Number.isNaN(v)) return '-';
  if (typeof v === 'string') return v;
  return v.toFixed(d);
}

function printTable(columns, rows) {
  const cells = rows.map((r) => columns.map((c) => (c.fmt ? c.fmt(r[c.key], r) : fmt(r[c.key]))));
  const widths = columns.map((c, i) => Math.max(c.title.length, ...cells.map((row) => String(row[i]).length)));
  const line = (vals) => vals.map((v, i) => (i === 0 ? String(v).padEnd(widths[i]) : String(v).padStart(widths[i]))).join('  ');
  console.log(line(columns.map((c) => c.title)));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

function writeJson(suite, data) {
  const dir = process.env.TORCHLET_BENCH_OUT || path.join(repoRoot, 'bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `${suite}-${stamp}.json`);
  fs.writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return file;
}

function randomF32(n, seed = 1) {
  let a;
  if (lineAddon) {
    const ab = new ArrayBuffer(n * 4 + 64);
    a = new Float32Array(ab, (64 - lineAddon.addressMod64(ab)) & 63, n);
  } else {
    a = new Float32Array(n);
  }
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    a[i] = ((s >>> 0) / 4294967296) * 2 - 1;
  }
  return a;
}

module.exports = {
  repoRoot, loadTorchlet, pinMainThread, calibrate, sample, median, quartiles, pytorchAvailable, PytorchServer, openblasCoretype, cpuModel, fmt, printTable, writeJson, randomF32, PY_ENV,
};
