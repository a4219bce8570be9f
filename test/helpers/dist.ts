// Tests that run the *built* package (worker threads, the packed layout, ESM/CJS entry points) need
// dist/. `npm test` builds it first; when a test runs on its own (npx vitest ...) and dist/ is missing
// or older than lib/, it is rebuilt here, under a lock so that parallel test files build it once.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

export const root = path.resolve(__dirname, '..', '..');
export const distCjs = path.join(root, 'dist', 'cjs', 'index.js');

function newest(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

function fresh(): boolean {
  const outputs = [distCjs, path.join(root, 'dist', 'esm', 'index.mjs'), path.join(root, 'dist', 'types', 'index.d.ts')];
  if (!outputs.every((f) => fs.existsSync(f))) return false;
  const built = Math.min(...outputs.map((f) => fs.statSync(f).mtimeMs));
  return built >= newest(path.join(root, 'lib'));
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export function ensureDist(): void {
  if (fresh()) return;
  const lock = path.join(root, '.dist-build.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // Another test file is building; a lock older than the deadline window is a leftover.
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 180_000) fs.rmSync(lock, { recursive: true, force: true });
      } catch { /* gone meanwhile */ }
      if (Date.now() > deadline) throw new Error(`ensureDist: timed out waiting for ${lock}`);
      sleep(200);
    }
  }
  try {
    if (fresh()) return;
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-ts.js')], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`scripts/build-ts.js failed:\n${r.stdout}\n${r.stderr}`);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
