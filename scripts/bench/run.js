#!/usr/bin/env node
'use strict';
// Benchmark harness: node scripts/bench/run.js [suite ...] [--threads=1,2] [--isa=avx2,avx512] [--quick]
//                                                [--filter=text,...] [--pairs=N]
// --filter keeps the cases whose label contains any of the comma-separated texts (e.g. --filter=fc,dcol).
// A suite is scripts/bench/suites/<name>.js exporting
//   { name, describe, cases(opts) -> [case], torchlet(case, ctx) -> ms, flops?(case), columns? }
// plus, for the PyTorch side, scripts/bench/pytorch/<name>.py defining make(case) -> callable.
// For every case and thread count it prints torchlet beside PyTorch (same shapes, same run) and
// writes the rows as JSON to bench-results/<suite>-<timestamp>.json. No suite name = all suites.
const fs = require('fs');
const path = require('path');
const lib = require('./lib');

function parseArgs(argv) {
  const opts = { suites: [], threads: null, isas: null, quick: false, filter: null, pairs: 21, budgetMs: 3000 };
  for (const a of argv) {
    if (a.startsWith('--threads=')) opts.threads = a.slice(10).split(',').map(Number).filter((n) => n >= 1);
    else if (a.startsWith('--isa=')) opts.isas = a.slice(6).split(',').filter(Boolean);
    else if (a === '--quick') opts.quick = true;
    else if (a.startsWith('--pairs=')) opts.pairs = Math.max(1, Number(a.slice(8)) | 0);
    else if (a.startsWith('--filter=')) opts.filter = a.slice(9).split(',').filter(Boolean);
    else if (a === '--help' || a === '-h') opts.help = true;
    else if (!a.startsWith('-')) opts.suites.push(a);
  }
  return opts;
}

function allSuites() {
  return fs
    .readdirSync(path.join(__dirname, 'suites'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => f.slice(0, -3))
    .sort();
}

// Paired sampling: each pair is one PyTorch sample and one torchlet sample (about 10 ms each, the
// order alternating), taken back to back, so a burst of load on this shared machine (seen here: the
// same kernel at half speed for seconds at a time) hits both sides of a pair alike. The ratio is the
// median of the per-pair ratios; the times are the medians of each side's samples. For suites with
// flops, each torchlet sample is followed by a 4 ms FMA-peak sample on the same core, and % peak is
// the median of the per-sample GFLOP/s / peak. The same is done for the kernel-only variants.
async function measureCase(c, isa, t, server, suite, ctx, opts, pyErrors, coretype) {
  const tl = suite.make(c, ctx);
  const flops = suite.flops ? suite.flops(c) : null;
  let py = null;
  let note = server ? null : 'PyTorch unavailable';
  const key = `${c.key}|${t}`;
  if (server) {
    try {
      py = await server.request({ ...c, cmd: 'prepare', threads: t, key, cpus: ctx.cpus });
    } catch (e) {
      note = pyErrors[isa] = e.message;
    }
  }
  const measure = async (kind, fn) => {
    const reps = lib.calibrate(fn);
    const pyReps = py && py.reps[kind];
    const tlMs = [], pyMs = [], ratios = [], pcts = [], speedups = [];
    const start = Date.now();
    for (let i = 0; i < opts.pairs; i++) {
      if (i >= 5 && Date.now() - start > opts.budgetMs) break;
      let p = null;
      const pySample = async () => {
        if (!pyReps) return;
        try {
          p = (await server.request({ cmd: 'sample', key, kind, reps: pyReps })).ms;
        } catch (e) {
          note = pyErrors[isa] = e.message;
        }
      };
      if (i % 2 === 0) await pySample();
      const ms = lib.sample(fn, reps);
      if (i % 2 === 1) await pySample();
      tlMs.push(ms);
      if (p !== null) {
        pyMs.push(p);
        ratios.push(p / ms);
      }
      if (flops) pcts.push((100 * flops) / ms / 1e6 / (ctx.addon.fmaPeak(0.004) * t));
      if (t > 1) {  // the same call on one thread, beside it: the thread speed-up
        ctx.addon.setNumThreads(1);
        speedups.push(lib.sample(fn, reps) / ms);
        ctx.addon.setNumThreads(t);
      }
    }
    return {
      ms: lib.median(tlMs), py: lib.median(pyMs), ratio: lib.median(ratios), ratioIqr: lib.quartiles(ratios),
      pct: lib.median(pcts), speedup: lib.median(speedups), tlMs, pyMs, ratios,
    };
  };
  const main = await measure('fn', tl.fn);
  const kern = tl.kernel && tl.kernel !== tl.fn ? await measure('kernel', tl.kernel) : null;
  return {
    case: c.label,
    isa,
    threads: t,
    api: tl.api,
    torchlet_ms: main.ms,
    kernel_ms: kern ? kern.ms : tl.kernel ? main.ms : null,
    gflops: flops ? flops / main.ms / 1e6 : null,
    pct_peak: main.pct,
    speedup_vs_1_thread: main.speedup,
    kernel_speedup_vs_1_thread: kern ? kern.speedup : null,
    pytorch_ms: main.py,
    ratio: main.ratio,
    ratio_iqr: main.ratioIqr,
    // The kernels alone: PyTorch's op into a preallocated result vs torchlet's raw kernel.
    pytorch_kernel_ms: kern ? kern.py : null,
    kernel_ratio: kern ? kern.ratio : null,
    kernel_ratio_iqr: kern ? kern.ratioIqr : null,
    samples: { torchlet_ms: main.tlMs, pytorch_ms: main.pyMs, ratios: main.ratios },
    openblas_coretype: server ? coretype : null,
    pytorch_note: note,
  };
}

// The interquartile range of a row's per-pair ratios: how far this machine's noise moved them.
const iqr = (v) => (v ? `${v[0].toFixed(2)}-${v[1].toFixed(2)}` : '');

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const known = allSuites();
  if (opts.help) {
    console.log(`usage: node scripts/bench/run.js [${known.join('|')}] [--threads=1,2] [--isa=avx2,avx512] [--quick] [--filter=text,...] [--pairs=21]`);
    return;
  }
  const suites = opts.suites.length ? opts.suites : known;
  for (const s of suites) if (!known.includes(s)) throw new Error(`bench: unknown suite "${s}" (known: ${known.join(', ')})`);

  const { addon, addonPath, torch } = lib.loadTorchlet();
  const info = addon.backendInfo();
  const isas = opts.isas || [info.isa];
  const threads = opts.threads || [1, 2];
  const py = lib.pytorchAvailable();

  // FMA peak per ISA (one core), measured by a register-only FMA loop in the addon: best of several
  // short runs, for the header (each row's % peak uses the peak measured beside its own samples).
  const peaks = {};
  const measurePeak = (isa) => {
    const m = [0, 1, 2].map(() => addon.fmaPeak(0.05));
    peaks[isa] = Math.max(peaks[isa] || 0, ...m);
  };
  for (const isa of isas) {
    const got = addon.setIsa(isa);
    if (got !== isa) throw new Error(`bench: ISA ${isa} not available here (active: ${got})`);
    addon.fmaPeak(0.2);  // warm-up: let the core reach its running clock
    measurePeak(isa);
  }
  addon.setIsa(info.isa);

  console.log(`torchlet bench — ${lib.cpuModel()} — detected ISA ${info.detectedIsa}, node ${process.version}`);
  console.log(`FMA peak per core (start): ${isas.map((i) => `${i} ${peaks[i].toFixed(1)} GFLOP/s`).join(', ')}`);
  console.log(`PyTorch: ${py.ok ? py.version + ' (OpenBLAS openmp; OPENBLAS_CORETYPE per ISA: ' + isas.map((i) => `${i} ${lib.openblasCoretype(i) || 'auto'}`).join(', ') + ')' : 'unavailable: ' + py.why}`);

  for (const name of suites) {
    const suite = require(path.join(__dirname, 'suites', name + '.js'));
    const ctx = { addon, torch, lib, quick: opts.quick };
    const cases = suite.cases({ quick: opts.quick }).filter((c) => !opts.filter || opts.filter.some((f) => c.label.includes(f)));
    const rows = [];
    const t0 = Date.now();
    const loadBefore = require('os').loadavg();
    // One persistent PyTorch process per ISA, with the OpenBLAS kernel set matching it; it and
    // torchlet take turns case by case (never both at once).
    const pyErrors = {};
    const coretypes = {};
    let pinnedOne = null;
    for (const isa of isas) {
      addon.setIsa(isa);
      let server = null;
      if (py.ok) {
        coretypes[isa] = lib.openblasCoretype(isa) || 'auto';
        server = new lib.PytorchServer(name, lib.openblasCoretype(isa));
      }
      for (const t of threads) {
        ctx.cpus = lib.pinMainThread(t);
        if (t === 1) pinnedOne = ctx.cpus;
        addon.setNumThreads(t);
        if (torch && typeof torch.setNumThreads === 'function') torch.setNumThreads(t);
        for (const c of cases) rows.push(await measureCase(c, isa, t, server, suite, ctx, opts, pyErrors, coretypes[isa]));
      }
      if (server) server.close();
    }
    addon.setIsa(info.isa);
    addon.setNumThreads(info.threads);
    console.log(`\n== ${name}: ${suite.describe} (${((Date.now() - t0) / 1000).toFixed(0)} s; torchlet via ${[...new Set(rows.map((r) => r.api))].join(', ')})`);
    console.log(`FMA peak per core (best of the start-of-run measurements): ${isas.map((i) => `${i} ${peaks[i].toFixed(1)}`).join(', ')} GFLOP/s`);
    console.log(`load average at start: ${loadBefore.map((x) => x.toFixed(2)).join(' ')}; up to ${opts.pairs} paired samples per row: times are medians, ratio and % peak medians of per-pair values`);
    console.log('ratio = PyTorch ms / torchlet ms (> 1: torchlet faster); % peak = GFLOP/s / (FMA peak per core measured beside each sample x threads)');
    if (pinnedOne) console.log(`1-thread rows: both processes' calling threads pinned to CPU ${pinnedOne.join(',')} (TORCHLET_BENCH_NO_PIN=1: not pinned)`);
    if (rows.some((r) => r.speedup_vs_1_thread !== null))
      console.log('vs 1 thr = torchlet 1-thread ms / torchlet ms, the 1-thread sample taken beside each multi-thread one');
    if (rows.some((r) => r.kernel_ratio !== null))
      console.log('kernel ratio = PyTorch out= ms (result preallocated) / torchlet kernel ms: the two kernels without allocation');
    lib.printTable(
      [
        { key: 'case', title: 'shape' },
        { key: 'isa', title: 'isa', fmt: (v) => v },
        { key: 'threads', title: 'thr', fmt: (v) => String(v) },
        { key: 'torchlet_ms', title: 'torchlet ms', fmt: (v) => lib.fmt(v, 3) },
        ...(rows.some((r) => r.kernel_ms !== null && r.kernel_ms !== r.torchlet_ms)
          ? [{ key: 'kernel_ms', title: 'kernel ms', fmt: (v) => lib.fmt(v, 3) }]
          : []),
        { key: 'gflops', title: 'GFLOP/s', fmt: (v) => lib.fmt(v, 1) },
        { key: 'pct_peak', title: '% peak', fmt: (v) => lib.fmt(v, 0) },
        ...(rows.some((r) => r.speedup_vs_1_thread !== null)
          ? [{ key: 'speedup_vs_1_thread', title: 'vs 1 thr', fmt: (v) => (v ? v.toFixed(2) + 'x' : '') }]
          : []),
        { key: 'pytorch_ms', title: 'PyTorch ms', fmt: (v, r) => (v ? lib.fmt(v, 3) : r.pytorch_note === 'PyTorch unavailable' ? 'PyTorch unavailable' : '-') },
        { key: 'ratio', title: 'ratio', fmt: (v) => (v ? v.toFixed(2) + 'x' : '-') },
        { key: 'ratio_iqr', title: 'ratio IQR', fmt: iqr },
        ...(rows.some((r) => r.kernel_ratio !== null)
          ? [
              { key: 'pytorch_kernel_ms', title: 'PyTorch out= ms', fmt: (v) => lib.fmt(v, 3) },
              { key: 'kernel_ratio', title: 'kernel ratio', fmt: (v) => (v ? v.toFixed(2) + 'x' : '-') },
              { key: 'kernel_ratio_iqr', title: 'kernel IQR', fmt: iqr },
            ]
          : []),
        ...(rows.some((r) => r.kernel_speedup_vs_1_thread !== null)
          ? [{ key: 'kernel_speedup_vs_1_thread', title: 'kernel vs 1 thr', fmt: (v) => (v ? v.toFixed(2) + 'x' : '') }]
          : []),
      ],
      rows,
    );
    for (const [isa, e] of Object.entries(pyErrors)) console.log(`PyTorch error (${isa}): ${e}`);
    const file = lib.writeJson(name, {
      suite: name,
      date: new Date().toISOString(),
      cpu: lib.cpuModel(),
      node: process.version,
      loadavg_before_after: [loadBefore, require('os').loadavg()],
      backend: info,
      addon: addonPath,
      torchlet_api: [...new Set(rows.map((r) => r.api))].join(', '),
      fma_peak_gflops_per_core: peaks,
      pytorch: py.ok ? { version: py.version, blas: 'openblas-openmp', openblas_coretype_per_isa: coretypes, errors: pyErrors } : { unavailable: py.why },
      pairs: opts.pairs,
      one_thread_rows_pinned_to_cpus: pinnedOne,
      statistic: 'paired samples: times are per-side medians; ratio, kernel_ratio and pct_peak are medians of per-pair values',
      ratio: 'PyTorch ms / torchlet ms (> 1: torchlet faster)',
      ratio_iqr: 'first and third quartiles of the per-pair ratios (kernel_ratio_iqr likewise)',
      kernel_ratio: 'PyTorch out= ms (preallocated result) / torchlet kernel ms (raw addon.gemm into a preallocated C)',
      rows,
    });
    console.log(`wrote ${path.relative(lib.repoRoot, file)}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
