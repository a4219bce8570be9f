// No dispose(): the garbage collector must reclaim tensors, including in a synchronous loop that
// never yields to the event loop (as a training loop does).
import { expect, it } from 'vitest';
import * as torch from '../lib/index';

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

it('small tensors come from a shared pool and are reclaimed too; a kept small tensor pins at most one pool slab', () => {
  const w = torch.randn(8, 8, { requiresGrad: true });
  const b = torch.randn(8);
  const kept: torch.Tensor[] = [];
  const before = process.memoryUsage().arrayBuffers;
  for (let i = 0; i < 200_000; i++) {
    const loss = w.mul(b).relu().sum(); // 256-byte and 4-byte results: pooled
    if (i % 50 === 0) loss.backward();
    if (i % 1000 === 0) kept.push(loss.detach()); // 200 survivors, each pinning at most one 8 KB slab
  }
  const grown = process.memoryUsage().arrayBuffers - before;
  expect(w.grad!.shape).toEqual([8, 8]);
  // ~200k x 3 small buffers (about 200 MB) were allocated; survivors hold <= 200 x 8 KB.
  expect(grown).toBeLessThan(64e6);
  // Pooled results are ordinary tensors with the right values.
  const s = torch.tensor([1.5, -2, 3]).mul(2);
  expect(Array.from(s.toTypedArray())).toEqual([3, -4, 6]);
  expect(kept[kept.length - 1].item()).toBeCloseTo(w.mul(b).relu().sum().item(), 5);
}, 120_000);
