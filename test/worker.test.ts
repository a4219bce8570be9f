// The addon in worker_threads: it loads in several threads at once (it is context-aware, one native
// thread pool shared by all), computes there while the main thread computes too, and survives a worker
// being torn down and another started. Also: backendInfo() and setNumThreads/getNumThreads.
import { describe, it, expect, beforeAll } from 'vitest';
import { Worker } from 'node:worker_threads';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { native } from '../lib/native';
import { ensureDist, distCjs, root } from './helpers/dist';

const version: string = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;

// A GEMM with a known answer: A (m x k) all 1s times B (k x n) with B[p][j] = p + j, so every
// C[i][j] = sum_p (p + j) = k(k-1)/2 + k*j. Runs through the loader (dist/cjs/native.js), the same code
// path as the public API; with the public Tensor API present, through matmul too.
const WORKER_SRC = `
const { parentPort, workerData } = require('node:worker_threads');
const torch = require(workerData.dist);
const { native, addonPath } = require(workerData.native);
const { m, n, k, rounds } = workerData;
function check() {
  const A = new Float32Array(m * k).fill(1);
  const B = new Float32Array(k * n);
  for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) B[p * n + j] = p + j;
  const C = new Float32Array(m * n);
  native.gemm(false, false, m, n, k, 1, A, 0, k, B, 0, n, 0, C, 0, n);
  let bad = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) if (C[i * n + j] !== (k * (k - 1)) / 2 + k * j) bad++;
  return bad;
}
let bad = 0;
for (let r = 0; r < rounds; r++) bad += check();
let tensorSum = null;
if (typeof torch.ones === 'function' && typeof torch.matmul === 'function') {
  tensorSum = torch.matmul(torch.ones(m, k), torch.ones(k, n)).sum().item();
}
parentPort.postMessage({ info: torch.backendInfo(), threads: torch.getNumThreads(), bad, tensorSum, addon: addonPath() });
`;

interface WorkerResult {
  info: { isa: string; threads: number; version: string };
  threads: number;
  bad: number;
  tensorSum: number | null;
  addon: string;
}

function runWorker(rounds = 20, m = 48, n = 40, k = 64): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER_SRC, {
      eval: true,
      workerData: { dist: distCjs, native: path.join(root, 'dist', 'cjs', 'native.js'), m, n, k, rounds },
    });
    let result: WorkerResult | undefined;
    w.on('message', (msg: WorkerResult) => { result = msg; });
    w.on('error', reject);
    w.on('exit', (code) => {
      if (code !== 0) reject(new Error(`worker exited with code ${code}`));
      else if (!result) reject(new Error('worker exited without a result'));
      else resolve(result);
    });
  });
}

function gemmOnMainThread(m: number, n: number, k: number): number {
  const A = new Float32Array(m * k).fill(1);
  const B = new Float32Array(k * n);
  for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) B[p * n + j] = p + j;
  const C = new Float32Array(m * n);
  native.gemm(false, false, m, n, k, 1, A, 0, k, B, 0, n, 0, C, 0, n);
  let bad = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) if (C[i * n + j] !== (k * (k - 1)) / 2 + k * j) bad++;
  return bad;
}

describe('backendInfo and threads', () => {
  it('backendInfo() returns { isa, threads, version }', () => {
    const info = torch.backendInfo();
    expect(Object.keys(info).sort()).toEqual(['isa', 'threads', 'version']);
    expect(['scalar', 'sse2', 'avx2', 'avx512']).toContain(info.isa);
    expect(Number.isInteger(info.threads) && info.threads >= 1).toBe(true);
    expect(info.version).toBe(version);
  });

  it('setNumThreads / getNumThreads round-trip', () => {
    const before = torch.getNumThreads();
    try {
      for (const n of [1, 3, 2]) {
        torch.setNumThreads(n);
        expect(torch.getNumThreads()).toBe(n);
        expect(torch.backendInfo().threads).toBe(n);
        expect(gemmOnMainThread(33, 17, 29)).toBe(0);
      }
    } finally {
      torch.setNumThreads(before);
    }
    expect(torch.getNumThreads()).toBe(before);
    expect(() => torch.setNumThreads(0)).toThrow(RangeError);
    expect(() => torch.setNumThreads(1.5)).toThrow(RangeError);
    expect(torch.getNumThreads()).toBe(before);
  });
});

describe('worker_threads', () => {
  beforeAll(() => ensureDist(), 180_000);

  it('loads and computes in two workers at once and in the main thread', async () => {
    const both = Promise.all([runWorker(), runWorker()]);
    // The main thread computes while the workers do.
    let mainBad = 0;
    for (let r = 0; r < 20; r++) mainBad += gemmOnMainThread(48, 40, 64);
    const results = await both;
    expect(mainBad).toBe(0);
    for (const r of results) {
      expect(r.bad).toBe(0);
      expect(Object.keys(r.info).sort()).toEqual(['isa', 'threads', 'version']);
      expect(r.info.version).toBe(version);
      expect(r.info.isa).toBe(torch.backendInfo().isa);
      expect(r.threads).toBeGreaterThanOrEqual(1);
      expect(fs.existsSync(r.addon)).toBe(true);
      if (r.tensorSum !== null) expect(r.tensorSum).toBe(48 * 40 * 64);
    }
  }, 60_000);

  it('a worker can be torn down and another load the addon again', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await runWorker(2, 8, 8, 8);
      expect(r.bad).toBe(0);
    }
    expect(gemmOnMainThread(8, 8, 8)).toBe(0);
  }, 60_000);
});
