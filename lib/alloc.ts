// Storage allocation. `new Float32Array(n)` makes V8 zero-fill memory (calloc: fresh pages, page
// faults), which for large outputs costs more than the kernel that fills them, and every off-heap
// ArrayBuffer costs about 3.3 us to create whatever its size (measured here, Node 20: V8's backing
// store bookkeeping, and glibc's arena lock contended by V8's sweeper thread freeing old ones),
// more than a small kernel. So:
//  - below 512 bytes: a view into Node's shared 8 KB Buffer pool (Buffer.allocUnsafe; 0.2-0.5 us).
//    A live view keeps its pool slab alive, bounding the waste at 8 KB per surviving small tensor,
//    exactly as for Node's own small Buffers. (From 512 bytes the pool is refilled too often: a
//    4000-byte result every second call, 1.54 us per exp on 10x100 against 1.10 us from a slab.)
//  - 512 bytes to 64 KB (a batch-64 layer's activations): a 64-byte-aligned view carved from one of
//    our slabs, one ArrayBuffer per slab instead of one per tensor (a view costs ~0.03 us): 64 KB
//    slabs below 4 KB, 512 KB slabs above. A surviving view pins its slab: at most 128x its size.
//  - above: its own uninitialised malloc block (Buffer.allocUnsafeSlow), so freed buffers are
//    reused as in PyTorch's allocator.
// V8 owns and frees all of them (no pool of ours to return to, nothing to dispose).
import { DType, TYPED_ARRAY, TypedArray } from './dtype';

/** Requests below this many bytes come from Node's Buffer pool. */
const POOLED_MAX = 512;
/** Requests below this many bytes are carved from small slabs, the rest up to SLAB_MAX from large ones. */
export const SMALL_SLAB_MAX = 4096;
/** Requests up to this many bytes are carved from a slab. */
export const SLAB_MAX = 64 * 1024;
/** Bytes per small / large slab (multiples of 64). */
export const SMALL_SLAB_BYTES = 64 * 1024;
export const SLAB_BYTES = 512 * 1024;

/** Views carved in order from the current slab; a fresh slab when it is full. */
class Slabs {
  private slab: ArrayBuffer | null = null;
  private used: number;
  constructor(private readonly slabBytes: number) {
    this.used = slabBytes;
  }
  carve(Ctor: (typeof TYPED_ARRAY)[DType], n: number, bytes: number): TypedArray {
    const span = (bytes + 63) & ~63; // the next view starts on a cache line (relative to the slab)
    if (this.used + span > this.slabBytes || this.slab === null) {
      this.slab = Buffer.allocUnsafeSlow(this.slabBytes).buffer as ArrayBuffer;
      this.used = 0;
    }
    const view = new Ctor(this.slab, this.used, n);
    this.used += span;
    return view;
  }
}
const smallSlabs = new Slabs(SMALL_SLAB_BYTES);
const largeSlabs = new Slabs(SLAB_BYTES);

/** An uninitialised typed array of n elements: callers overwrite every element. */
export function allocData(dtype: DType, n: number): TypedArray {
  const Ctor = TYPED_ARRAY[dtype];
  const bytes = n * Ctor.BYTES_PER_ELEMENT;
  // (Pool views are 8-byte aligned, which every dtype needs at most.)
  if (bytes < POOLED_MAX) {
    const buf = Buffer.allocUnsafe(bytes);
    return new Ctor(buf.buffer, buf.byteOffset, n);
  }
  if (bytes < SMALL_SLAB_MAX) return smallSlabs.carve(Ctor, n, bytes);
  if (bytes <= SLAB_MAX) return largeSlabs.carve(Ctor, n, bytes);
  const buf = Buffer.allocUnsafeSlow(bytes);
  return new Ctor(buf.buffer, buf.byteOffset, n);
}
