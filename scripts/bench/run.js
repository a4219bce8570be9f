#!/usr/bin/env node
'use strict';
// Benchmark harness: node scripts/bench/run.js [suite ...] [--threads=1,2] [--isa=avx2,avx512] [--quick]
//                                                [--stat=median|min] [--filter=text,...]
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
  const opts = { suites: [], threads: null, isas: null, quick: false, stat: 'median', filter: null };
  for (const a of argv) {
    if (a.startsWith('--threads=')) opts.threads = a.slice(10).split(',').map(Number).filter((n) => n >= 1);
    else if (a.startsWith('--isa=')) opts.isas = a.slice(6).split(',').filter(Boolean);
    else if (a === '--quick') opts.quick = true;
    else if (a.startsWith('--stat=')) opts.stat = a.slice(7);
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

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const known = allSuites();
  if (opts.help) {
    console.log(`usage: node scripts/bench/run.js [${known.join('|')}] [--threads=1,2] [--isa=avx2,avx512] [--quick] [--stat=median|min] [--filter=text,...]`);
    return;
  }
  if (opts.stat !== 'median' && opts.stat !== 'min') throw new Error(`bench: --stat must be median or min`);
  lib.timing.stat = opts.stat;
  const suites = opts.suites.length ? opts.suites : known;
  for (const s of suites) if (!known.includes(s)) throw new Error(`bench: unknown suite "${s}" (known: ${known.join(', ')})`);

  const { addon, addonPath, torch } = lib.loadTorchlet();
  const info = addon.backendInfo();
  const isas = opts.isas || [info.isa];
  const threads = opts.threads || [1, 2];
  const py = lib.pytorchAvailable();

  // FMA peak per ISA (one core), measured by a register-only FMA loop in the addon: best of several
  // short runs, re-measured before every group of rows (noise on a shared machine only ever lowers
  // it, so the maximum is the machine's attainable peak; % peak uses the final maximum).
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
    // PyTorch and torchlet alternate per (ISA, thread count) group — PyTorch's cases, a pause for
    // its OpenMP threads to stop spinning, then torchlet's — so both see similar load on a shared
    // machine without competing with each other. One persistent PyTorch process per ISA, with the
    // OpenBLAS kernel set matching it.
    const pyErrors = {};
    const coretypes = {};
    for (const isa of isas) {
      addon.setIsa(isa);
      let server = null;
      if (py.ok) {
        coretypes[isa] = lib.openblasCoretype(isa) || 'auto';
        server = new lib.PytorchServer(name, lib.openblasCoretype(isa));
      }
      for (const t of threads) {
        const pyMs = {};
        const pyKernelMs = {};
        const pyNote = {};
        for (const c of cases) {
          if (!server) {
            pyNote[c.key] = 'PyTorch unavailable';
            continue;
          }
          try {
            const r = await server.measure({ ...c, threads: t, key: `${c.key}|${t}`, stat: opts.stat });
            pyMs[c.key] = r.ms;
            if (r.kernel_ms) pyKernelMs[c.key] = r.kernel_ms;
          } catch (e) {
            pyNote[c.key] = pyErrors[isa] = e.message;
          }
        }
        if (server) await new Promise((res) => setTimeout(res, 300));
        measurePeak(isa);
        addon.setNumThreads(t);
        if (torch && typeof torch.setNumThreads === 'function') torch.setNumThreads(t);
        for (const c of cases) {
          const r = suite.torchlet(c, ctx);
          const ms = r.ms;
          const flops = suite.flops ? suite.flops(c) : null;
          const gflops = flops ? flops / ms / 1e6 : null;
          const p = pyMs[c.key] ?? null;
          const pk = pyKernelMs[c.key] ?? null;
          rows.push({
            case: c.label,
            isa,
            threads: t,
            api: r.api,
            torchlet_ms: ms,
            kernel_ms: r.kernel_ms ?? null,
            gflops,
            pct_peak: null,  // filled in below from the final peak
            pytorch_ms: p,
            ratio: p ? p / ms : null,
            // The kernels alone: PyTorch's op into a preallocated result vs torchlet's raw kernel.
            pytorch_kernel_ms: pk,
            kernel_ratio: pk && r.kernel_ms ? pk / r.kernel_ms : null,
            openblas_coretype: py.ok ? coretypes[isa] : null,
            pytorch_note: pyNote[c.key] || null,
          });
        }
      }
      if (server) server.close();
    }
    addon.setIsa(info.isa);
    addon.setNumThreads(info.threads);
    for (const r of rows) r.pct_peak = r.gflops ? (100 * r.gflops) / (peaks[r.isa] * r.threads) : null;
    console.log(`\n== ${name}: ${suite.describe} (${((Date.now() - t0) / 1000).toFixed(0)} s; torchlet via ${[...new Set(rows.map((r) => r.api))].join(', ')})`);
    console.log(`FMA peak per core (best measured during the run): ${isas.map((i) => `${i} ${peaks[i].toFixed(1)}`).join(', ')} GFLOP/s`);
    console.log(`load average at start: ${loadBefore.map((x) => x.toFixed(2)).join(' ')}; times are the ${opts.stat} of the samples`);
    console.log('ratio = PyTorch ms / torchlet ms (> 1: torchlet faster); % peak = GFLOP/s / (FMA peak per core x threads)');
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
        { key: 'pytorch_ms', title: 'PyTorch ms', fmt: (v, r) => (v ? lib.fmt(v, 3) : r.pytorch_note === 'PyTorch unavailable' ? 'PyTorch unavailable' : '-') },
        { key: 'ratio', title: 'ratio', fmt: (v) => (v ? v.toFixed(2) + 'x' : '-') },
        ...(rows.some((r) => r.kernel_ratio !== null)
          ? [
              { key: 'pytorch_kernel_ms', title: 'PyTorch out= ms', fmt: (v) => lib.fmt(v, 3) },
              { key: 'kernel_ratio', title: 'kernel ratio', fmt: (v) => (v ? v.toFixed(2) + 'x' : '-') },
            ]
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
      statistic: opts.stat,
      ratio: 'PyTorch ms / torchlet ms (> 1: torchlet faster)',
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
