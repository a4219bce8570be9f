#!/usr/bin/env node
'use strict';
// `npm run test:arm64`: the C++ kernel tests cross-compiled for arm64 (aarch64) and run under
// qemu-user, so the portable kernels (the only ones an ARM CPU gets) are checked on a second
// architecture and compiler target: the x86 ISA files must build there too (their code is behind
// __x86_64__). Same sources (scripts/native-sources.js) and warnings as the cmake-js build, statically
// linked into build-arm64/. Needs aarch64-linux-gnu-g++ and qemu-aarch64 (Debian:
// `apt-get install g++-aarch64-linux-gnu qemu-user`); without them it says so and prints
// "0 passed, 0 failed, 1 skipped".
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { sources } = require('./native-sources');

const root = path.join(__dirname, '..');
const cxx = process.env.TORCHLET_ARM64_CXX || 'aarch64-linux-gnu-g++';
const qemu = process.env.TORCHLET_ARM64_QEMU || 'qemu-aarch64';
const found = (cmd) => spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0;

for (const tool of [cxx, qemu]) {
  if (!found(tool)) {
    console.log(`test:arm64: skipped: ${tool} not found (apt-get install g++-aarch64-linux-gnu qemu-user)`);
    console.log('0 passed, 0 failed, 1 skipped');
    process.exit(0);
  }
}

const files = [
  ...sources('base').filter((f) => !f.includes(`${path.sep}binding${path.sep}`)),
  ...sources('avx2'),
  ...sources('avx512'),
  ...sources('tests'),
];
const outDir = path.join(root, 'build-arm64');
fs.mkdirSync(outDir, { recursive: true });
const exe = path.join(outDir, 'torchlet_native_tests');
const flags = ['-std=c++17', '-O2', '-Wall', '-Wextra', '-Wno-unused-parameter', '-fno-math-errno', '-static', '-pthread'];
const inc = ['-I', path.join(root, 'native', 'include'), '-I', path.join(root, 'native', 'test')];
console.log(`test:arm64: ${cxx} (${files.length} sources) -> ${path.relative(root, exe)}`);
const build = spawnSync(cxx, [...flags, ...inc, ...files, '-o', exe], { stdio: 'inherit' });
if (build.status !== 0) {
  console.log('test:arm64: the arm64 build failed');
  process.exit(1);
}
const run = spawnSync(qemu, [exe, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status === null ? 1 : run.status);
