// Storage allocation. `new Float32Array(n)` makes V8 zero-fill memory (calloc: fresh pages, page
// faults), which for large outputs costs more than the kernel that fills them. Node's unsafe
// allocation takes memory from malloc without clearing it, so freed buffers are reused as in
// PyTorch's allocator, and V8 still owns and frees it (no pool of ours, nothing to dispose).
import { DType, TYPED_ARRAY, TypedArray } from './dtype';

/** Below this, V8's own small allocations are cheaper. */
const MIN_UNSAFE = 16 * 1024;

/** An uninitialised typed array of n elements: callers overwrite every element. */
export function allocData(dtype: DType, n: number): TypedArray {
  const Ctor = TYPED_ARRAY[dtype];
  const bytes = n * Ctor.BYTES_PER_ELEMENT;
  if (bytes < MIN_UNSAFE) return new Ctor(n);
  const buf = Buffer.allocUnsafeSlow(bytes); // its own ArrayBuffer, offset 0, malloc-aligned
  return new Ctor(buf.buffer, buf.byteOffset, n);
}
