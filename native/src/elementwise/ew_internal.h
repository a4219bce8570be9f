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

struct Kernels {
  UnarySpanF32 unary_f32;
  UnarySpanF64 unary_f64;
  BinarySpanF32 binary_f32;
  BinarySpanF64 binary_f64;
  RowKernelsF32 row_f32;
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
