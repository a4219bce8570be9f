// The benchmark harness (scripts/bench/run.js) end to end, without PyTorch (tests never need
// Python): a filtered gemm run at 1 and 2 threads prints its table and writes JSON rows whose
// numbers are consistent with each other. Timing values themselves are not asserted.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureDist, root } from './helpers/dist';

describe('npm run bench', () => {
  it('runs the gemm suite: table, JSON rows, "PyTorch unavailable" when torch is missing', () => {
    ensureDist();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlet-bench-'));
    try {
      const r = spawnSync(
        process.execPath,
        [path.join(root, 'scripts', 'bench', 'run.js'), 'gemm', '--threads=1,2', '--filter=64x64x64,64x256x784 fc fwd,batch 1', '--pairs=2'],
        { env: { ...process.env, TORCHLET_BENCH_NO_TORCH: '1', TORCHLET_BENCH_OUT: out }, encoding: 'utf8', timeout: 120_000 },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('PyTorch unavailable');
      expect(r.stdout).toMatch(/NN 64x256x784 fc fwd\s+\S+\s+2\s/);
      const files = fs.readdirSync(out).filter((f) => f.startsWith('gemm-') && f.endsWith('.json'));
      expect(files).toHaveLength(1);
      const j = JSON.parse(fs.readFileSync(path.join(out, files[0]), 'utf8'));
      expect(j.rows.map((x: { case: string; threads: number }) => `${x.case}|${x.threads}`).sort()).toEqual(
        ['NN 64x256x784 fc fwd|1', 'NN 64x256x784 fc fwd|2', 'NN 64x64x64|1', 'NN 64x64x64|2', 'NT 1x256x784 fc fwd batch 1|1', 'NT 1x256x784 fc fwd batch 1|2'],
      );
      // One-thread rows ran with the calling thread pinned to CPU 0 where taskset exists.
      const pinnable = process.platform === 'linux' && spawnSync('taskset', ['-p', String(process.pid)]).status === 0;
      expect(j.one_thread_rows_pinned_to_cpus).toEqual(pinnable ? [0] : null);
      for (const row of j.rows) {
        expect(row.api).toBe('public torch.mm');
        expect(row.torchlet_ms).toBeGreaterThan(0);
        expect(row.kernel_ms).toBeGreaterThan(0);
        expect(row.samples.torchlet_ms).toHaveLength(2);
        const [M, N, K] = row.case.split(' ')[1].split('x').map(Number);
        expect(row.gflops).toBeCloseTo((2 * M * N * K) / row.torchlet_ms / 1e6, 6);
        expect(row.pct_peak).toBeGreaterThan(0);
        expect(row.pytorch_ms).toBeNull();
        expect(row.ratio).toBeNull();
        expect(row.ratio_iqr).toBeNull();
        expect(row.samples.ratios).toEqual([]);
        expect(row.pytorch_note).toBe('PyTorch unavailable');
        if (row.threads === 2) expect(row.speedup_vs_1_thread).toBeGreaterThan(0);
        else expect(row.speedup_vs_1_thread).toBeNull();
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);

  it('scripts/bench/ab.js compares two builds (here one build against a private copy of itself)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const addon: string = require('node-gyp-build').path(root);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlet-ab-'));
    try {
      const json = path.join(out, 'ab.json');
      const r = spawnSync(
        process.execPath,
        [path.join(root, 'scripts', 'bench', 'ab.js'), addon, addon, '--shapes=48,20x10x30:TN', '--pairs=3',
          '--blocking-b=12,16,64', `--json=${json}`],
        { encoding: 'utf8', timeout: 60_000 },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('(blocking 12,16,64)');
      expect(r.stdout).toMatch(/NN 48x48x48\s+[\d.]+\s+[\d.]+\s+[\d.]+x/);
      const j = JSON.parse(fs.readFileSync(json, 'utf8'));
      expect(j.rows.map((x: { shape: string }) => x.shape)).toEqual(['NN 48x48x48', 'TN 20x10x30']);
      for (const row of j.rows) {
        expect(row.samples.a_ms).toHaveLength(3);
        expect(row.speed).toBeGreaterThan(0);
        expect(row.iqr[0]).toBeLessThanOrEqual(row.iqr[1]);
      }
      const bad = spawnSync(process.execPath, [path.join(root, 'scripts', 'bench', 'ab.js'), addon, addon, '--shapes=0x1'], { encoding: 'utf8' });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('bad shape "0x1"');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);

  it('quartiles of per-pair ratios (the IQR columns)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require('../scripts/bench/lib.js');
    expect(lib.quartiles([])).toBeNull();
    expect(lib.quartiles([2])).toEqual([2, 2]);
    expect(lib.quartiles([4, 1, 3, 2])).toEqual([1.5, 3.5]);
    expect(lib.quartiles([5, 1, 4, 2, 3])).toEqual([1.5, 4.5]);
  });
});
