// The examples run as a user would run them: transpiled from TypeScript and executed with node,
// importing 'torchlet' (resolved through the package's own "exports", so from dist/).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDist, root } from './helpers/dist';

const outDir = path.join(root, 'test', '.examples-build');

function run(name: string): string {
  const src = fs.readFileSync(path.join(root, 'examples', name), 'utf8');
  const js = ts.transpileModule(src, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  const file = path.join(outDir, name.replace(/\.ts$/, '.js'));
  fs.writeFileSync(file, js);
  const r = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 120_000 });
  expect(r.status, `${name} failed:\n${r.stderr}`).toBe(0);
  return r.stdout;
}

describe('examples', () => {
  beforeAll(() => {
    ensureDist();
    fs.mkdirSync(outDir, { recursive: true });
  }, 300_000);

  it('xor-autograd trains XOR to 100% with raw autograd', () => {
    const out = run('xor-autograd.ts');
    expect(out).toContain('accuracy: 100%');
    const losses = [...out.matchAll(/loss ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(losses.length).toBeGreaterThan(2);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] / 10);
  });

  it('the README tour runs', () => {
    const out = run('tour.ts');
    expect(out).toContain('mat1 and mat2 shapes cannot be multiplied (64x400 and 120x84)');
    expect(out).toMatch(/gradcheck.*true/);
  });
});
