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
//  - above 64 KB: its own uninitialised malloc block (Buffer.allocUnsafeSlow), so freed buffers are
//    reused as in PyTorch's allocator.
// Views from 512 bytes, and every slab's first view, start on a 64-byte line of memory (malloc
// aligns to 16; the addon says where a buffer starts): the kernels that read operands in place
// (dot products, B rows read unpacked) ran 20-30% slower on 16-byte-aligned rows (paired, one
// process: NT 4x256x784 11.5 -> 9.5 us, NN 6x50176x25 177 -> 144 us AVX-512, 265 -> 206 us AVX2),
// as PyTorch's tensors are 64-byte aligned. A surviving view pins its slab: at most 8 KB for a tiny
// one, else 128x its size.
// V8 owns and frees all of them (no pool of ours to return to, nothing to dispose).
import { DType, TYPED_ARRAY, TypedArray } from './dtype';
import { native } from './native';

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

const LINE = 64;
/** The first byte offset of ab that starts a 64-byte cache line (ab has LINE spare bytes for it). */
function lineStart(ab: ArrayBuffer): number {
  return (LINE - native.addressMod64(ab)) & (LINE - 1);
}

/** Views carved in order from the current slab; a fresh slab when it is full. */
class Slabs {
  private slab: ArrayBuffer | null = null;
  private used: number;
  private end: number;
  /** align: a power of two, at least 8 (every dtype's alignment); views from the slab's first cache line. */
  constructor(private readonly slabBytes: number, private readonly align: number) {
    this.used = this.end = slabBytes;
  }
  carve(Ctor: (typeof TYPED_ARRAY)[DType], n: number, bytes: number): TypedArray {
    const span = (bytes + this.align - 1) & -this.align; // where the next view starts
    if (this.used + span > this.end || this.slab === null) {
      this.slab = Buffer.allocUnsafeSlow(this.slabBytes + LINE).buffer as ArrayBuffer;
      this.used = lineStart(this.slab);
      this.end = this.used + this.slabBytes;
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
  const ab = Buffer.allocUnsafeSlow(bytes + LINE).buffer as ArrayBuffer;
  return new Ctor(ab, lineStart(ab), n);
}
