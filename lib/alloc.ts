// Storage allocation. `new Float32Array(n)` makes V8 zero-fill memory (calloc: fresh pages, page
// faults), which for large outputs costs more than the kernel that fills them, and every off-heap
// ArrayBuffer costs 2-3 us to create (measured here, Node 20), more than a small kernel. So:
//  - below 4 KB: a view into Node's shared 8 KB Buffer pool (Buffer.allocUnsafe; 0.2-0.5 us). A
//    live view keeps its pool slab alive, bounding the waste at 8 KB per surviving small tensor,
//    exactly as for Node's own small Buffers.
//  - from 4 KB: its own uninitialised malloc block (Buffer.allocUnsafeSlow), so freed buffers are
//    reused as in PyTorch's allocator. V8 owns and frees both (no pool of ours, nothing to dispose).
import { DType, TYPED_ARRAY, TypedArray } from './dtype';

/** Node's pool serves Buffer.allocUnsafe requests below this (Buffer.poolSize >>> 1 by default). */
const POOLED_MAX = 4096;

/** An uninitialised typed array of n elements: callers overwrite every element. */
export function allocData(dtype: DType, n: number): TypedArray {
  const Ctor = TYPED_ARRAY[dtype];
  const bytes = n * Ctor.BYTES_PER_ELEMENT;
  // (Pool views are 8-byte aligned, which every dtype needs at most.)
  const buf = bytes < POOLED_MAX ? Buffer.allocUnsafe(bytes) : Buffer.allocUnsafeSlow(bytes);
  return new Ctor(buf.buffer, buf.byteOffset, n);
}
