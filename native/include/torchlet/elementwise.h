// Element-wise kernels and reductions over raw pointers (no N-API, no tensors).
//
// Conventions (the binding validates all of them before calling):
//  - Strides and sizes are in elements. Input strides may be 0 (broadcast) or negative; the output
//    of unary/binary is contiguous (row-major over `shape`) and must not partially overlap an input
//    (out == input with the same contiguous layout, i.e. in place, is fine).
//  - ndim <= kMaxDims, every shape entry >= 0. ndim == 0 is a scalar (one element).
//  - float32 exp/log/sin/cos/tanh/sigmoid/log1p/expm1 use vector polynomial approximations (<= 2 ulp
//    from the correctly rounded result, measured) on AVX-512, AVX2+FMA and baseline SSE2; libm on
//    non-x86 and for pow / rpowScalar. float64 always uses libm (gradcheck precision).
//  - Large problems are split over torchlet::parallel_for; results never depend on the thread count.
#pragma once
#include <cstdint>

namespace torchlet {

// PyTorch's own limit ("only tensors with up to 64 dims are supported"). Size-1 dims are dropped
// before the call, so any tensor that fits in memory (at most 2^53 elements: at most 53 dims
// larger than 1) is within it.
constexpr int kMaxDims = 64;

// Op codes: the contract with lib/native.ts (UnaryOp / BinaryOp / ReduceOp). Never renumber.
enum class UnaryOp : int32_t {
  neg = 0, exp = 1, log = 2, sqrt = 3, rsqrt = 4, abs = 5, sin = 6, cos = 7, tanh = 8, sigmoid = 9,
  relu = 10,
  clamp = 11,       // a = min, b = max; NaN = no bound; NaN input stays NaN
  powScalar = 12,   // x^a
  affine = 13,      // x*a + b
  square = 14, reciprocal = 15,
  sign = 16,        // sign(0) = 0, sign(NaN) = 0 (as PyTorch)
  log1p = 17, expm1 = 18,
  rpowScalar = 19,  // a^x
  copy = 20,
};
constexpr int32_t kUnaryOpCount = 21;

enum class BinaryOp : int32_t {
  add = 0, sub = 1, mul = 2, div = 3, pow = 4,
  maximum = 5, minimum = 6,  // NaN-propagating (torch.maximum / torch.minimum)
  addScaled = 7,             // a + alpha*b
  reluBackward = 8,          // b <= 0 ? 0 : a   (PyTorch threshold_backward; NaN b passes a)
  sigmoidBackward = 9,       // a * b * (1 - b)  (a = grad, b = sigmoid output)
  tanhBackward = 10,         // a * (1 - b*b)    (a = grad, b = tanh output)
};
constexpr int32_t kBinaryOpCount = 11;

enum class ReduceOp : int32_t { sum = 0, prod = 1, max = 2, min = 3, argmax = 4, argmin = 5, logsumexp = 6 };
constexpr int32_t kReduceOpCount = 7;

// out[i] = op(x at the strided position of flat index i over shape), out contiguous, numel(shape) long.
void unary_f32(UnaryOp op, const float* x, const int64_t* x_strides, float* out, const int64_t* shape, int ndim,
               double a, double b);
void unary_f64(UnaryOp op, const double* x, const int64_t* x_strides, double* out, const int64_t* shape, int ndim,
               double a, double b);

// out[i] = op(a[..], b[..]) with per-operand strides (0 = broadcast), out contiguous.
void binary_f32(BinaryOp op, const float* a, const int64_t* a_strides, const float* b, const int64_t* b_strides,
                float* out, const int64_t* shape, int ndim, double alpha);
void binary_f64(BinaryOp op, const double* a, const int64_t* a_strides, const double* b, const int64_t* b_strides,
                double* out, const int64_t* shape, int ndim, double alpha);

// x contiguous, viewed as [outer, r, inner]; result index o*inner + i.
//  sum / prod / max / min / logsumexp write `values` (indices unused, may be null);
//  argmax / argmin write `indices` (values may be null);
//  max / min write both when `indices` is non-null (reduceWithIndex).
// Ties: first occurrence. NaN propagates (max/min return NaN, arg ops the first NaN's index).
// r == 0: sum -> 0, prod -> 1, logsumexp -> -inf; max/min/argmax/argmin return false, write nothing.
// Indices need r <= INT32_MAX (checked by the binding).
bool reduce_f32(ReduceOp op, const float* x, int64_t outer, int64_t r, int64_t inner, float* values,
                int32_t* indices);
bool reduce_f64(ReduceOp op, const double* x, int64_t outer, int64_t r, int64_t inner, double* values,
                int32_t* indices);

}  // namespace torchlet
