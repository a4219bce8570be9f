// Internal to native/src/elementwise: the per-ISA contiguous "span" kernels the strided driver calls.
#pragma once
#include <cstdint>

namespace torchlet {
namespace ew {

// y[i] = op(x[i]) for i < n (x == y allowed). op is a UnaryOp code.
using UnarySpanF32 = void (*)(int op, const float* x, float* y, int64_t n, float a, float b);
using UnarySpanF64 = void (*)(int op, const double* x, double* y, int64_t n, double a, double b);
// y[i] = op(a[i*sa], b[i*sb]) with sa, sb in {0, 1} (y may equal a or b when that stride is 1).
using BinarySpanF32 = void (*)(int op, const float* a, int64_t sa, const float* b, int64_t sb, float* y, int64_t n,
                               float alpha);
using BinarySpanF64 = void (*)(int op, const double* a, int64_t sa, const double* b, int64_t sb, double* y,
                               int64_t n, double alpha);

// Row (contiguous) reductions used when inner == 1. n >= 1 for max/min/arg.
struct RowKernelsF32 {
  double (*sum)(const float* x, int64_t n);                   // accurate (blocked, double-combined)
  float (*maxmin)(const float* x, int64_t n, bool is_max, int32_t* index);  // NaN-propagating, first index
  double (*sum_exp_shift)(const float* x, int64_t n, float m);  // sum exp(x - m), m finite
};

// Column reductions (a reduced dim with inner > 1): m <= kColChunk adjacent columns, x at the first
// column of row 0, rows `inner` apart, r rows. sum: blocks of 32 rows in float, combined in double
// (accurate and independent of the column chunking); maxmin: first index of the max / min, NaN wins.
constexpr int64_t kColChunk = 256;
struct ColKernelsF32 {
  void (*sum)(const float* x, int64_t r, int64_t inner, int64_t m, float* value);
  void (*maxmin)(const float* x, int64_t r, int64_t inner, int64_t m, bool is_max, float* value, int32_t* index);
};

struct Kernels {
  UnarySpanF32 unary_f32;
  UnarySpanF64 unary_f64;
  BinarySpanF32 binary_f32;
  BinarySpanF64 binary_f64;
  RowKernelsF32 row_f32;
  ColKernelsF32 col_f32;
};

const Kernels& kernels_scalar();
#if defined(__x86_64__) || defined(_M_X64)
const Kernels& kernels_avx2();
const Kernels& kernels_avx512();
#endif
// The kernels for torchlet::active_isa().
const Kernels& active_kernels();

}  // namespace ew
}  // namespace torchlet
