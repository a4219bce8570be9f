// The package as it ships: `npm run prebuild` (prebuildify --napi --strip), a fresh copy whose
// prebuilds/ holds the binary loading it with no compiler on the machine, the loader's error when there
// is no binary at all, the ESM and CJS entry points, the shipped .d.ts as a consumer compiles against
// it, and what `npm pack` puts in the tarball. Everything happens in temporary copies of the package.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { ensureDist, root } from './helpers/dist';

// Every test here starts processes (node, tsc, npm) while other test files may keep the cores busy.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 600_000 });

const node = process.execPath;
const platformArch = `${process.platform}-${process.arch}`;
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

let tmp = '';
let prebuildDir = ''; // the copy in which `npm run prebuild` ran
let shipped = ''; // a fresh copy of the package: its `files`, the prebuild, node_modules; no build/
let bare = ''; // the same without prebuilds/
let prebuildOutput = '';
let prebuildMs = 0;

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete e.TORCHLET_ADDON;
  delete e.NODE_OPTIONS;
  return e;
}

function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? env(), encoding: 'utf8', maxBuffer: 64 << 20 });
}

function explain(r: SpawnSyncReturns<string>): string {
  return `exit ${r.status} ${r.signal ?? ''}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

function linkNodeModules(dir: string): void {
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
}

/** Copies what package.json "files" ships (plus package.json) from the repo into dest. */
function copyShippedFiles(dest: string): void {
  const entries: string[] = pkg.files;
  const excluded = entries.filter((f) => f.startsWith('!')).map((f) => path.join(root, f.slice(1).replace(/\/$/, '')));
  fs.mkdirSync(dest, { recursive: true });
  fs.copyFileSync(path.join(root, 'package.json'), path.join(dest, 'package.json'));
  for (const f of entries) {
    if (f.startsWith('!')) continue;
    const rel = f.replace(/\/$/, '');
    if (rel === 'prebuilds') continue; // the test puts in its own
    const src = path.join(root, rel);
    if (!fs.existsSync(src)) continue;
    fs.cpSync(src, path.join(dest, rel), {
      recursive: true,
      filter: (p) => !excluded.some((x) => p === x || p.startsWith(x + path.sep)),
    });
  }
}

/** An environment with node and nothing else on PATH (no g++, c++, cc, make, python3). */
function noCompilerEnv(pkgDir: string): NodeJS.ProcessEnv {
  const bin = path.join(tmp, 'node-only-bin');
  if (!fs.existsSync(bin)) {
    fs.mkdirSync(bin);
    fs.symlinkSync(node, path.join(bin, 'node'));
  }
  // As npm runs an install script: the package's node_modules/.bin first.
  return env({ PATH: `${path.join(pkgDir, 'node_modules', '.bin')}:${bin}`, CC: '/bin/false', CXX: '/bin/false' });
}

function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  const cli = process.env.npm_execpath;
  return cli && fs.existsSync(cli) ? run(node, [cli, ...args], { cwd }) : run('npm', args, { cwd });
}

function packedFiles(cwd: string): string[] {
  // --ignore-scripts: no prepack (which would rebuild dist/ under the feet of other test files).
  const r = npm(['pack', '--dry-run', '--json', '--ignore-scripts'], cwd);
  expect(r.status, explain(r)).toBe(0);
  return JSON.parse(r.stdout)[0].files.map((f: { path: string }) => f.path);
}

beforeAll(() => {
  ensureDist();
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'torchlet-pkg-')));

  // 1. `npm run prebuild` in a copy of the sources (a clone, less the build outputs).
  prebuildDir = path.join(tmp, 'prebuild');
  fs.mkdirSync(prebuildDir);
  for (const f of ['package.json', 'binding.gyp', 'native', 'scripts']) {
    fs.cpSync(path.join(root, f), path.join(prebuildDir, f), { recursive: true });
  }
  linkNodeModules(prebuildDir);
  const t0 = Date.now();
  const r = run(node, [path.join(prebuildDir, 'scripts', 'prebuild.js')], { cwd: prebuildDir });
  prebuildMs = Date.now() - t0;
  prebuildOutput = r.stdout + r.stderr;
  if (r.status !== 0) throw new Error(`npm run prebuild failed: ${explain(r)}`);

  // 2. A fresh copy of the package whose prebuilds/ holds that binary, and one with no binary at all.
  shipped = path.join(tmp, 'shipped');
  copyShippedFiles(shipped);
  fs.cpSync(path.join(prebuildDir, 'prebuilds'), path.join(shipped, 'prebuilds'), { recursive: true });
  linkNodeModules(shipped);
  bare = path.join(tmp, 'bare');
  copyShippedFiles(bare);
  linkNodeModules(bare);
}, 600_000);

afterAll(() => {
  if (tmp && !process.env.TORCHLET_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('npm run prebuild', () => {
  it(`writes a stripped N-API binary to prebuilds/${platformArch}/, offline`, () => {
    const dir = path.join(prebuildDir, 'prebuilds', platformArch);
    const files = fs.readdirSync(dir);
    expect(files.filter((f) => f.endsWith('.node'))).toEqual(['torchlet.node']);
    // Built against the local Node headers: node-gyp never went to the network.
    expect(prebuildOutput).not.toMatch(/gyp http|GET https?:|download/i);
    const readelf = run('readelf', ['-S', path.join(dir, 'torchlet.node')], { cwd: tmp });
    if (readelf.status === 0) expect(readelf.stdout).not.toMatch(/\.symtab/); // --strip
    console.log(`prebuild: ${(prebuildMs / 1000).toFixed(1)} s`);
  });
});

describe('a fresh copy whose prebuilds/ holds the binary', () => {
  it('has no build/ and no compiler on its PATH', () => {
    expect(fs.existsSync(path.join(shipped, 'build'))).toBe(false);
    expect(fs.existsSync(path.join(shipped, 'build-cmake'))).toBe(false);
    const r = run('/bin/sh', ['-c', 'command -v g++ || command -v c++ || command -v cc || command -v gcc || command -v make || command -v python3'], {
      cwd: shipped,
      env: noCompilerEnv(shipped),
    });
    expect(r.status, `found a build tool: ${r.stdout}`).not.toBe(0);
  });

  it('installs without compiling: the install script (node-gyp-build) accepts the prebuild', () => {
    const r = run(node, [path.join(shipped, 'node_modules', 'node-gyp-build', 'bin.js')], { cwd: shipped, env: noCompilerEnv(shipped) });
    expect(r.status, explain(r)).toBe(0);
    expect(fs.existsSync(path.join(shipped, 'build')), 'the install script compiled').toBe(false);
  });

  it('loads the binary from prebuilds/ and computes', () => {
    const code = `
      const t = require(${JSON.stringify(path.join(shipped, 'dist', 'cjs', 'index.js'))});
      const { addonPath } = require(${JSON.stringify(path.join(shipped, 'dist', 'cjs', 'native.js'))});
      const info = t.backendInfo();
      const sum = typeof t.zeros === 'function' ? t.zeros(2, 3).add(1).sum().item() : null;
      process.stdout.write(JSON.stringify({ info, addon: addonPath(), sum }));`;
    const r = run(node, ['-e', code], { cwd: tmp, env: noCompilerEnv(shipped) });
    expect(r.status, explain(r)).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.addon).toBe(path.join(shipped, 'prebuilds', platformArch, 'torchlet.node'));
    expect(out.info.version).toBe(pkg.version);
    expect(typeof out.info.isa).toBe('string');
    if (out.sum !== null) expect(out.sum).toBe(6);
  });
});

describe('with neither a prebuild nor a local build', () => {
  it('the loader throws an error that says how to fix it', () => {
    const r = run(node, ['-e', `require(${JSON.stringify(path.join(bare, 'dist', 'cjs', 'index.js'))})`], { cwd: tmp });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(new RegExp(`no native addon for ${platformArch}`));
    expect(r.stderr).toContain(path.join(bare, 'prebuilds'));
    expect(r.stderr).toMatch(/npm rebuild torchlet/);
    expect(r.stderr).toMatch(/npm run build:native/);
  });
});

describe('entry points', () => {
  it('ESM import and CJS require give the same module, one instance', () => {
    const consumer = path.join(tmp, 'consumer-js');
    fs.mkdirSync(path.join(consumer, 'node_modules'), { recursive: true });
    fs.symlinkSync(shipped, path.join(consumer, 'node_modules', 'torchlet'), 'dir');
    fs.writeFileSync(
      path.join(consumer, 'check.mjs'),
      `import * as ns from 'torchlet';
import torchDefault, { backendInfo, getNumThreads, setNumThreads } from 'torchlet';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const cjs = require('torchlet');
const cjsKeys = Object.keys(cjs).filter((k) => k !== '__esModule').sort();
const esmKeys = Object.keys(ns).filter((k) => k !== 'default').sort();
const mismatched = cjsKeys.filter((k) => ns[k] !== cjs[k]);
process.stdout.write(JSON.stringify({
  cjsKeys, esmKeys, mismatched,
  defaultIsCjs: torchDefault === cjs,
  named: backendInfo === cjs.backendInfo && getNumThreads === cjs.getNumThreads && setNumThreads === cjs.setNumThreads,
  info: backendInfo(),
}));
`,
    );
    fs.writeFileSync(
      path.join(consumer, 'check.cjs'),
      `const torch = require('torchlet');
process.stdout.write(JSON.stringify({ keys: Object.keys(torch).filter((k) => k !== '__esModule').sort(), info: torch.backendInfo() }));
`,
    );
    const esm = run(node, ['check.mjs'], { cwd: consumer });
    expect(esm.status, explain(esm)).toBe(0);
    const e = JSON.parse(esm.stdout);
    expect(e.cjsKeys.length).toBeGreaterThan(0);
    expect(e.esmKeys).toEqual(e.cjsKeys);
    expect(e.mismatched).toEqual([]);
    expect(e.defaultIsCjs).toBe(true);
    expect(e.named).toBe(true);
    expect(e.info.version).toBe(pkg.version);

    const cjs = run(node, ['check.cjs'], { cwd: consumer });
    expect(cjs.status, explain(cjs)).toBe(0);
    const c = JSON.parse(cjs.stdout);
    expect(c.keys).toEqual(e.cjsKeys);
    expect(c.info).toEqual(e.info);
  });

  it('package.json exports point at files that exist', () => {
    const dot = pkg.exports['.'];
    for (const cond of ['types', 'import', 'require']) {
      expect(fs.existsSync(path.join(shipped, dot[cond])), `${cond}: ${dot[cond]}`).toBe(true);
    }
    for (const f of [pkg.main, pkg.types]) expect(fs.existsSync(path.join(shipped, f)), f).toBe(true);
  });
});

describe('the shipped .d.ts', () => {
  it('type-checks examples/typed-usage.ts as a consumer of the installed package, which then runs', () => {
    const consumer = path.join(tmp, 'consumer-ts');
    fs.mkdirSync(path.join(consumer, 'node_modules'), { recursive: true });
    fs.symlinkSync(shipped, path.join(consumer, 'node_modules', 'torchlet'), 'dir');
    fs.symlinkSync(path.join(root, 'node_modules', '@types'), path.join(consumer, 'node_modules', '@types'), 'dir');
    fs.copyFileSync(path.join(root, 'examples', 'typed-usage.ts'), path.join(consumer, 'typed-usage.ts'));
    fs.writeFileSync(
      path.join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'node16',
          moduleResolution: 'node16',
          strict: true,
          skipLibCheck: false, // check the shipped declarations themselves too
          types: ['node'],
          outDir: 'out',
        },
        files: ['typed-usage.ts'],
      }),
    );
    // node16 resolution: package.json "exports" (the "types" condition).
    const r = run(node, [tsc, '-p', consumer], { cwd: consumer });
    expect(r.status, explain(r)).toBe(0);
    // classic node10 resolution: the top-level "types" field.
    const r10 = run(node, [tsc, '-p', consumer, '--module', 'commonjs', '--moduleResolution', 'node10', '--noEmit', '--skipLibCheck'], { cwd: consumer });
    expect(r10.status, explain(r10)).toBe(0);
    // The compiled example runs against the installed package.
    const ex = run(node, [path.join(consumer, 'out', 'typed-usage.js')], { cwd: consumer });
    expect(ex.status, explain(ex)).toBe(0);
    expect(JSON.parse(ex.stdout.trim().split('\n').pop()!).info.version).toBe(pkg.version);
  }, 120_000);

  it('a type error in consumer code is reported (the check is real)', () => {
    const consumer = path.join(tmp, 'consumer-ts');
    fs.writeFileSync(path.join(consumer, 'bad.ts'), "import * as torch from 'torchlet';\nconst n: string = torch.getNumThreads();\n");
    const r = run(node, [tsc, '--noEmit', '--strict', '--module', 'node16', '--moduleResolution', 'node16', '--types', 'node', '--skipLibCheck', 'bad.ts'], { cwd: consumer });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/TS2322/);
  }, 120_000);
});

describe('npm pack', () => {
  it('ships dist/, the native sources, binding.gyp and the source list; not tests or build outputs', () => {
    const files = packedFiles(root);
    for (const f of ['package.json', 'README.md', 'binding.gyp', 'scripts/native-sources.js', 'dist/cjs/index.js', 'dist/esm/index.mjs', 'dist/types/index.d.ts']) {
      expect(files, f).toContain(f);
    }
    expect(files.some((f) => /^native\/src\/.*\.cpp$/.test(f))).toBe(true);
    expect(files.some((f) => /^native\/include\/torchlet\/.*\.h$/.test(f))).toBe(true);
    const forbidden = files.filter((f) => /^(test|build|build-cmake|build-asan|node_modules|native\/test|lib|examples|\.ci)\//.test(f));
    expect(forbidden).toEqual([]);
  }, 60_000);

  it('ships prebuilds/ when present', () => {
    const files = packedFiles(shipped);
    expect(files).toContain(`prebuilds/${platformArch}/torchlet.node`);
  }, 60_000);
});
