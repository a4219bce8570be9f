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
