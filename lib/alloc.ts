// Storage allocation. `new Float32Array(n)` makes V8 zero-fill memory (calloc: fresh pages, page
// faults), which for large outputs costs more than the kernel that fills them, and every off-heap
// ArrayBuffer costs about 3.3 us to create whatever its size (measured here, Node 20: V8's backing
// store bookkeeping, and glibc's arena lock contended by V8's sweeper thread freeing old ones),
// more than a small kernel. So:
//  - below 4 KB: a view into Node's shared 8 KB Buffer pool (Buffer.allocUnsafe; 0.2-0.5 us). A
//    live view keeps its pool slab alive, bounding the waste at 8 KB per surviving small tensor,
//    exactly as for Node's own small Buffers.
//  - 4 KB to 64 KB (a batch-64 layer's activations): a 64-byte-aligned view carved from our own
//    512 KB slab, one ArrayBuffer per slab instead of one per tensor (a view costs ~0.03 us). A
//    surviving view pins its slab: at most 512 KB per kept medium tensor, 8x its size.
//  - above: its own uninitialised malloc block (Buffer.allocUnsafeSlow), so freed buffers are
//    reused as in PyTorch's allocator.
// V8 owns and frees all of them (no pool of ours to return to, nothing to dispose).
import { DType, TYPED_ARRAY, TypedArray } from './dtype';

/** Node's pool serves Buffer.allocUnsafe requests below this (Buffer.poolSize >>> 1 by default). */
const POOLED_MAX = 4096;
/** Requests up to this many bytes are carved from the current slab. */
export const SLAB_MAX = 64 * 1024;
/** Bytes per slab (a multiple of 64). */
export const SLAB_BYTES = 512 * 1024;

let slab: ArrayBuffer | null = null;
let slabUsed = SLAB_BYTES;

/** An uninitialised typed array of n elements: callers overwrite every element. */
export function allocData(dtype: DType, n: number): TypedArray {
  const Ctor = TYPED_ARRAY[dtype];
  const bytes = n * Ctor.BYTES_PER_ELEMENT;
  // (Pool views are 8-byte aligned, which every dtype needs at most.)
  if (bytes < POOLED_MAX) {
    const buf = Buffer.allocUnsafe(bytes);
    return new Ctor(buf.buffer, buf.byteOffset, n);
  }
  if (bytes <= SLAB_MAX) {
    const span = (bytes + 63) & ~63; // the next view starts on a cache line (relative to the slab)
    if (slabUsed + span > SLAB_BYTES || slab === null) {
      slab = Buffer.allocUnsafeSlow(SLAB_BYTES).buffer as ArrayBuffer;
      slabUsed = 0;
    }
    const view = new Ctor(slab, slabUsed, n);
    slabUsed += span;
    return view;
  }
  const buf = Buffer.allocUnsafeSlow(bytes);
  return new Ctor(buf.buffer, buf.byteOffset, n);
}
