#!/usr/bin/env node
'use strict';
// Run by `npm test` before the tests. `npm install` / `npm ci` build the addon (the install script,
// node-gyp-build, compiles when no prebuild fits), so normally this only checks. It builds with
// node-gyp when no addon exists at all (e.g. after `npm ci --ignore-scripts`) or when the local
// build/Release addon is older than the native sources (so tests never run a stale addon); a stale
// prebuild or cmake-js build is only reported, since rebuilding those is a deliberate step.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { nodeHeadersEnv } = require('./node-headers');

const root = path.join(__dirname, '..');

function locate() {
  if (process.env.TORCHLET_ADDON) return path.resolve(process.env.TORCHLET_ADDON);
  try {
    return require('node-gyp-build').path(root); // prebuilds/<platform>-<arch>/, then build/Release
  } catch {
    const cmake = path.join(root, 'build-cmake', 'Release', 'torchlet.node');
    return fs.existsSync(cmake) ? cmake : null;
  }
}

function newestSource() {
  let newest = { t: 0, f: '' };
  const visit = (p) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) visit(path.join(p, e));
    else if (st.mtimeMs > newest.t && !p.includes(`${path.sep}test${path.sep}`)) newest = { t: st.mtimeMs, f: p };
  };
  for (const p of ['native/src', 'native/include', 'binding.gyp']) if (fs.existsSync(path.join(root, p))) visit(path.join(root, p));
  return newest;
}

function build(why) {
  console.log(`ensure-addon: ${why}; building it with node-gyp (npm run build:native)`);
  const gyp = require.resolve('node-gyp/bin/node-gyp.js', { paths: [root] });
  const env = nodeHeadersEnv({ ...process.env });
  if (!env.JOBS) env.JOBS = 'max';
  const r = spawnSync(process.execPath, [gyp, 'rebuild'], { cwd: root, env, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const addon = locate();
if (!addon) build('no native addon found');
const src = newestSource();
const relAddon = path.relative(root, addon);
if (src.t > fs.statSync(addon).mtimeMs && relAddon.startsWith('build' + path.sep) && !process.env.TORCHLET_ADDON) {
  build(`${relAddon} is older than ${path.relative(root, src.f)}`);
}
if (src.t > fs.statSync(addon).mtimeMs) {
  const rel = path.relative(root, addon);
  const fix = rel.startsWith('prebuilds')
    ? 'delete prebuilds/ or run `npm run prebuild`'
    : rel.startsWith('build-cmake') ? 'run `npm run build:dev`' : 'run `npm run build:native`';
  console.warn(`ensure-addon: WARNING: ${rel} is older than ${path.relative(root, src.f)}; the tests use a stale addon (${fix})`);
}
