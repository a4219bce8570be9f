#!/usr/bin/env node
'use strict';
// `npm run prebuild`: prebuildify --napi --strip -> prebuilds/<platform>-<arch>/torchlet.node, the binary
// that the loader (lib/native.ts, via node-gyp-build) prefers and that `npm install` then uses without
// compiling. Extra arguments are passed on to prebuildify. Builds against the running Node's own
// headers (see node-headers.js): with --napi, prebuildify would otherwise ask node-gyp for the headers
// of the newest Node release, a download.
const path = require('path');
const { spawnSync } = require('child_process');
const { nodeHeadersEnv } = require('./node-headers');

const root = path.join(__dirname, '..');
const bin = require.resolve('prebuildify/bin.js', { paths: [root] });
const env = nodeHeadersEnv({ ...process.env });
if (!env.JOBS) env.JOBS = 'max';
const r = spawnSync(process.execPath, [bin, '--napi', '--strip', ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
process.exit(r.status ?? 1);
