// Storage allocation. `new Float32Array(n)` makes V8 zero-fill memory (calloc: fresh pages, page
// faults), which for large outputs costs more than the kernel that fills them. Node's unsafe
// allocation takes memory from malloc without clearing it, so freed buffers are reused as in
// PyTorch's allocator, and V8 still owns and frees it (no pool of ours, nothing to dispose).
import { DType, TypedArray } from './dtype';

const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4, bool: 1 };
const CTORS = { float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array } as const;

/** Below this, V8's own small allocations are cheaper. */
const MIN_UNSAFE = 16 * 1024;

/** An uninitialised typed array of n elements: callers overwrite every element. */
export function allocData(dtype: DType, n: number): TypedArray {
  const bytes = n * BYTES[dtype];
  if (bytes < MIN_UNSAFE) return new CTORS[dtype](n);
  const buf = Buffer.allocUnsafeSlow(bytes); // its own ArrayBuffer, offset 0, malloc-aligned
  return new CTORS[dtype](buf.buffer, buf.byteOffset, n);
}
