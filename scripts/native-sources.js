#!/usr/bin/env node
'use strict';
// The ONE list of native sources, read by binding.gyp (node-gyp / prebuildify) and CMakeLists.txt
// (cmake-js). Sources are found by globbing native/src; a file named *_avx2.cpp or *_avx512.cpp is
// an ISA kernel compiled with that ISA's flags, everything else is baseline (x86-64 / SSE2).
// Usage: node scripts/native-sources.js <base|avx2|avx512|tests> [--abs]
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');

function walk(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.name.endsWith('.cpp')) out.push(p);
  }
  return out.sort();
}

function isaOf(file) {
  const m = /_(avx2|avx512)\.cpp$/.exec(file);
  return m ? m[1] : 'base';
}

function sources(group) {
  if (group === 'tests') return walk(path.join(root, 'native', 'test'));
  return walk(path.join(root, 'native', 'src')).filter((f) => isaOf(f) === group);
}

module.exports = { sources };

if (require.main === module) {
  const group = process.argv[2] || 'base';
  const abs = process.argv.includes('--abs');
  const files = sources(group).map((f) => (abs ? f : path.relative(root, f)).split(path.sep).join('/'));
  process.stdout.write(files.join(process.argv.includes('--cmake') ? ';' : '\n') + '\n');
}
