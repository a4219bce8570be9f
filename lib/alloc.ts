// Storage allocation. `new Float32Array(n)` makes V8 zero-fill memory (calloc: fresh pages, page
// faults), which for large outputs costs more than the kernel that fills them, and every off-heap
// ArrayBuffer costs about 3.3 us to create whatever its size (measured here, Node 20: V8's backing
// store bookkeeping, and glibc's arena lock contended by V8's sweeper thread freeing old ones),
// more than a small kernel. So results up to 64 KB are views carved in order from slabs, one
// ArrayBuffer per slab instead of one per tensor (a view costs ~0.02 us), in three size classes:
//  - below 512 bytes: 8 KB slabs, views 16-byte aligned. (As Node's own Buffer pool does, which we
//    used before: 59 ns a view there, where its Buffer object came with each, 23 ns here.)
//  - 512 bytes to 4 KB: 64 KB slabs. (Node's pool took a new 8 KB ArrayBuffer every second call
//    for a 4000-byte result: 1.54 us per exp on 10x100 against 1.10 us from a slab.)
//  - 4 KB to 64 KB (a batch-64 layer's activations): 512 KB slabs.
// Views from 512 bytes are 64-byte aligned within their slab. A surviving view pins its slab: at most
// 8 KB for a tiny one, else 128x its size.
//  - above 64 KB: its own uninitialised malloc block (Buffer.allocUnsafeSlow), so freed buffers are
//    reused as in PyTorch's allocator.
// V8 owns and frees all of them (no pool of ours to return to, nothing to dispose).
import { DType, TYPED_ARRAY, TypedArray } from './dtype';

/** Requests below this many bytes are carved from tiny slabs. */
export const TINY_MAX = 512;
/** Requests below this many bytes are carved from small slabs, the rest up to SLAB_MAX from large ones. */
export const SMALL_SLAB_MAX = 4096;
/** Requests up to this many bytes are carved from a slab. */
export const SLAB_MAX = 64 * 1024;
/** Bytes per tiny / small / large slab (multiples of 64). */
export const TINY_SLAB_BYTES = 8 * 1024;
export const SMALL_SLAB_BYTES = 64 * 1024;
export const SLAB_BYTES = 512 * 1024;

/** Views carved in order from the current slab; a fresh slab when it is full. */
class Slabs {
  private slab: ArrayBuffer | null = null;
  private used: number;
  /** align: a power of two, at least 8 (every dtype's alignment), relative to the slab's start (malloc's: 16). */
  constructor(private readonly slabBytes: number, private readonly align: number) {
    this.used = slabBytes;
  }
  carve(Ctor: (typeof TYPED_ARRAY)[DType], n: number, bytes: number): TypedArray {
    const span = (bytes + this.align - 1) & -this.align; // where the next view starts
    if (this.used + span > this.slabBytes || this.slab === null) {
      this.slab = Buffer.allocUnsafeSlow(this.slabBytes).buffer as ArrayBuffer;
      this.used = 0;
    }
    const view = new Ctor(this.slab, this.used, n);
    this.used += span;
    return view;
  }
}
const tinySlabs = new Slabs(TINY_SLAB_BYTES, 16);
const smallSlabs = new Slabs(SMALL_SLAB_BYTES, 64);
const largeSlabs = new Slabs(SLAB_BYTES, 64);

/** An uninitialised typed array of n elements: callers overwrite every element. */
export function allocData(dtype: DType, n: number): TypedArray {
  const Ctor = TYPED_ARRAY[dtype];
  const bytes = n * Ctor.BYTES_PER_ELEMENT;
  if (bytes < TINY_MAX) return tinySlabs.carve(Ctor, n, bytes);
  if (bytes < SMALL_SLAB_MAX) return smallSlabs.carve(Ctor, n, bytes);
  if (bytes <= SLAB_MAX) return largeSlabs.carve(Ctor, n, bytes);
  const buf = Buffer.allocUnsafeSlow(bytes);
  return new Ctor(buf.buffer, buf.byteOffset, n);
}
