#!/usr/bin/env node
'use strict';
// `npm run test:asan-js`: the JS test suite against the addon built with AddressSanitizer + UBSan
// (build-asan/Release/torchlet.node, from `npm run test:asan`), so the N-API bindings' argument
// checks and every kernel the tests reach run under the sanitizers. Node itself is not instrumented:
// the sanitizer runtimes are preloaded (their paths from the compiler that built the addon) and leak
// detection is off (V8 frees at exit what it likes). Any sanitizer report aborts the test process.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.join(__dirname, '..');
const addon = path.join(root, 'build-asan', 'Release', 'torchlet.node');
if (!fs.existsSync(addon)) {
  console.error(`test:asan-js: ${path.relative(root, addon)} not found; run \`npm run test:asan\` first`);
  process.exit(1);
}
const cxx = process.env.CXX || 'g++';
const runtime = (name) => {
  const r = spawnSync(cxx, [`-print-file-name=${name}`], { encoding: 'utf8' });
  const p = (r.stdout || '').trim();
  if (r.status !== 0 || !path.isAbsolute(p) || !fs.existsSync(p)) {
    console.error(`test:asan-js: ${cxx} does not know where ${name} is`);
    process.exit(1);
  }
  return p;
};
const env = {
  ...process.env,
  TORCHLET_ADDON: addon,
  LD_PRELOAD: [runtime('libasan.so'), runtime('libubsan.so'), process.env.LD_PRELOAD].filter(Boolean).join(' '),
  ASAN_OPTIONS: `detect_leaks=0:abort_on_error=1${process.env.ASAN_OPTIONS ? ':' + process.env.ASAN_OPTIONS : ''}`,
  UBSAN_OPTIONS: `halt_on_error=1:print_stacktrace=1${process.env.UBSAN_OPTIONS ? ':' + process.env.UBSAN_OPTIONS : ''}`,
};
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
// Sanitized code runs 2-3x slower (the memory tests: 31.8 s against 2.9 s in one CI run): tests left
// on vitest's default 5 s timeout get 20 s, so a busy machine does not fail them for being slow.
const args = process.argv.slice(2);
if (!args.some((a) => a.startsWith('--testTimeout'))) args.push('--testTimeout=20000');
const r = spawnSync(process.execPath, [vitest, 'run', ...args], { cwd: root, env, stdio: 'inherit' });
process.exit(r.status === null ? 1 : r.status);
