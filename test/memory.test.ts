// No dispose(): the garbage collector must reclaim tensors, including in a synchronous loop that
// never yields to the event loop (as a training loop does).
import { expect, it } from 'vitest';
import * as torch from '../lib/index';
import { native } from '../lib/native';

const addressMod64 = (b: ArrayBufferLike) => native.addressMod64(b as ArrayBuffer);
const storageOf = (t: torch.Tensor) => (t as any)._storage.data as Float32Array;
/** Where a typed array's first element sits within a 64-byte line of memory. */
const lineOffset = (d: Float32Array) => (addressMod64(d.buffer) + d.byteOffset) % 64;

/** x.add(1) and x.add(2) are neighbouring views of one slab of slabBytes (plus 64 spare), each on a
 * cache line, not overlapping, with the right values (checked every step-th element). */
function expectSlabNeighbours(x: torch.Tensor, slabBytes: number, step: number): void {
  const a = x.add(1), b = x.add(2);
  const da = storageOf(a), db = storageOf(b);
  expect(da.buffer).toBe(db.buffer);
  expect(da.buffer.byteLength).toBe(slabBytes + 64); // (64 spare bytes to start on a line)
  expect(lineOffset(da)).toBe(0);
  expect(lineOffset(db)).toBe(0);
  expect(Math.abs(db.byteOffset - da.byteOffset)).toBeGreaterThanOrEqual(da.byteLength);
  const xs = x.toTypedArray(), as = a.toTypedArray(), bs = b.toTypedArray();
  for (let i = 0; i < xs.length; i += step) {
    expect(as[i]).toBeCloseTo(xs[i] + 1, 6);
    expect(bs[i]).toBeCloseTo(xs[i] + 2, 6);
  }
}

it('a long synchronous loop of large temporaries does not grow memory', () => {
  const x = torch.randn(1000, 1000, { requiresGrad: true }); // 4 MB
  const iterations = 400; // ~6 GB allocated in total across the loop
  let peak = 0;
  for (let i = 0; i < iterations; i++) {
    const y = x.exp().add(x).relu().sum();
    if (i % 4 === 0) y.backward();
    if (i % 100 === 0) peak = Math.max(peak, process.memoryUsage().arrayBuffers);
  }
  expect(x.grad).not.toBeNull();
  // Live data is ~20 MB; allow for GC slack but not for the ~6 GB a leak would hold.
  expect(peak).toBeLessThan(1.5e9);
}, 120_000);

it('tiny tensors (below 512 bytes) come from shared 8 KB slabs and are reclaimed too; a kept one pins at most its slab', async () => {
  const w = torch.randn(8, 8, { requiresGrad: true });
  const b = torch.randn(8);
  const kept: torch.Tensor[] = [];
  const before = process.memoryUsage().arrayBuffers;
  for (let i = 0; i < 200_000; i++) {
    const loss = w.mul(b).relu().sum(); // 256-byte and 4-byte results: tiny slabs
    if (i % 50 === 0) loss.backward();
    if (i % 1000 === 0) kept.push(loss.detach()); // 200 survivors, each pinning at most one 8 KB slab
  }
  const grown = process.memoryUsage().arrayBuffers - before;
  expect(w.grad!.shape).toEqual([8, 8]);
  // ~200k x 3 small buffers (about 200 MB) were allocated; survivors hold <= 200 x 8 KB.
  expect(grown).toBeLessThan(64e6);
  // Carved results are ordinary tensors with the right values, 16-byte aligned views of one slab.
  const { TINY_SLAB_BYTES } = await import('../lib/alloc');
  const s = torch.tensor([1.5, -2, 3]).mul(2), s2 = s.mul(1);
  const d1 = storageOf(s), d2 = storageOf(s2);
  expect(d1.buffer).toBe(d2.buffer);
  expect(d1.buffer.byteLength).toBe(TINY_SLAB_BYTES + 64);
  expect(d2.byteOffset - d1.byteOffset).toBeGreaterThanOrEqual(16); // (the scalar 1 took a slot too)
  expect(lineOffset(d1) % 16).toBe(0);
  expect(lineOffset(d2) % 16).toBe(0);
  expect(Array.from(s.toTypedArray())).toEqual([3, -4, 6]);
  expect(kept[kept.length - 1].item()).toBeCloseTo(w.mul(b).relu().sum().item(), 5);
}, 120_000);

it('medium tensors (4-64 KB) are views carved from shared 512 KB slabs: reclaimed, never overlapping, a kept one pins one slab', async () => {
  const { SLAB_BYTES, SLAB_MAX } = await import('../lib/alloc');
  const x = torch.randn(64, 64); // 16 KB results: slab views
  const kept: torch.Tensor[] = [];
  const before = process.memoryUsage().arrayBuffers;
  for (let i = 0; i < 40_000; i++) {
    const y = x.mul(2).add(1); // ~1.3 GB of 16 KB results in all
    if (i % 1000 === 0) kept.push(y);
  }
  const grown = process.memoryUsage().arrayBuffers - before;
  // 40 survivors pin at most 40 slabs; a leak would hold over a gigabyte.
  expect(grown).toBeLessThan(40 * SLAB_BYTES + 256e6);
  // Consecutive results share a slab without overlapping, each starting on a 64-byte boundary of it.
  expectSlabNeighbours(x, SLAB_BYTES, 97);
  const dc = storageOf(torch.zeros(SLAB_MAX / 4 + 1));
  expect(dc.buffer.byteLength).toBe(SLAB_MAX + 4 + 64); // above SLAB_MAX: its own block, on a line
  expect(lineOffset(dc)).toBe(0);
  expect(kept[kept.length - 1].toTypedArray()[5]).toBeCloseTo(x.toTypedArray()[5] * 2 + 1, 6);
}, 120_000);

it('small tensors of 512 bytes to 4 KB are views carved from 64 KB slabs: reclaimed, never overlapping, a kept one pins one slab', async () => {
  const { SMALL_SLAB_BYTES } = await import('../lib/alloc');
  const x = torch.randn(10, 100); // 4000-byte results
  const kept: torch.Tensor[] = [];
  const before = process.memoryUsage().arrayBuffers;
  for (let i = 0; i < 200_000; i++) {
    const y = x.mul(2).add(1); // ~1.6 GB of 4000-byte results in all
    if (i % 2000 === 0) kept.push(y);
  }
  const grown = process.memoryUsage().arrayBuffers - before;
  // 100 survivors pin at most 100 small slabs; a leak would hold over a gigabyte.
  expect(grown).toBeLessThan(100 * SMALL_SLAB_BYTES + 256e6);
  expectSlabNeighbours(x, SMALL_SLAB_BYTES, 7);
  // 508 bytes: a tiny 8 KB slab; 512 bytes: a small one (each with 64 spare bytes).
  expect(storageOf(torch.randn(127)).buffer.byteLength).toBe(8192 + 64);
  expect(storageOf(torch.randn(128)).buffer.byteLength).toBe(SMALL_SLAB_BYTES + 64);
  expect(kept[kept.length - 1].toTypedArray()[5]).toBeCloseTo(x.toTypedArray()[5] * 2 + 1, 6);
}, 120_000);

it('torch.tensor(typedArray) copies onto a 64-byte line (from 512 bytes); fromTypedArray shares the array as it is', () => {
  const line = (t: torch.Tensor) => lineOffset(storageOf(t));
  for (const n of [128, 1000, 16384, 100_000]) {
    const src = new Float32Array(n + 1).subarray(1); // 4 bytes past malloc's 16-byte alignment
    src.fill(0.5);
    const copy = torch.tensor(src);
    expect(line(copy), `n=${n}`).toBe(0);
    expect(storageOf(copy)).not.toBe(src);
    const shared = torch.fromTypedArray(src);
    expect(storageOf(shared)).toBe(src);
    expect(line(shared)).toBe(lineOffset(src));
    expect(line(shared) % 16).toBe(4);
  }
});
