// Portable span kernels written as plain loops (auto-vectorised by the compiler with whatever ISA
// flags the including file is compiled with). Everything here has internal linkage so that the
// copies compiled into *_avx2.cpp / *_avx512.cpp never replace the baseline copy at link time.
#pragma once
#include <math.h>

#include <cstdint>

#include "ew_internal.h"
#include "torchlet/elementwise.h"

namespace torchlet {
namespace ew {
namespace {

// libm by overload (C functions: never inline COMDAT copies compiled with ISA flags).
inline float m_exp(float x) { return expf(x); }
inline double m_exp(double x) { return exp(x); }
inline float m_log(float x) { return logf(x); }
inline double m_log(double x) { return log(x); }
inline float m_sqrt(float x) { return sqrtf(x); }
inline double m_sqrt(double x) { return sqrt(x); }
inline float m_sin(float x) { return sinf(x); }
inline double m_sin(double x) { return sin(x); }
inline float m_cos(float x) { return cosf(x); }
inline double m_cos(double x) { return cos(x); }
inline float m_tanh(float x) { return tanhf(x); }
inline double m_tanh(double x) { return tanh(x); }
inline float m_log1p(float x) { return log1pf(x); }
inline double m_log1p(double x) { return log1p(x); }
inline float m_expm1(float x) { return expm1f(x); }
inline double m_expm1(double x) { return expm1(x); }
inline float m_pow(float x, float y) { return powf(x, y); }
inline double m_pow(double x, double y) { return pow(x, y); }
inline float m_exp2(float x) { return exp2f(x); }
inline double m_exp2(double x) { return exp2(x); }
inline float m_fabs(float x) { return fabsf(x); }
inline double m_fabs(double x) { return fabs(x); }

template <typename T>
inline T g_sigmoid(T v) {
  const T e = m_exp(-m_fabs(v));  // in (0, 1]: never overflows
  const T d = T(1) + e;
  return v >= T(0) ? T(1) / d : e / d;
}
template <typename T>
inline T g_sign(T v) {
  return static_cast<T>((v > T(0)) - (v < T(0)));
}
template <typename T>
inline T g_clamp(T v, T lo, T hi, bool has_lo, bool has_hi) {
  if (has_lo) v = v < lo ? lo : v;  // NaN v stays NaN
  if (has_hi) v = v > hi ? hi : v;
  return v;
}

#define TL_UNARY_LOOP(expr)                  \
  for (int64_t i = 0; i < n; i++) {          \
    const T v = x[i];                        \
    y[i] = (expr);                           \
  }                                          \
  return;

template <typename T>
void generic_unary(int op, const T* x, T* y, int64_t n, T a, T b) {
  switch (static_cast<UnaryOp>(op)) {
    case UnaryOp::neg: TL_UNARY_LOOP(-v)
    case UnaryOp::exp: TL_UNARY_LOOP(m_exp(v))
    case UnaryOp::log: TL_UNARY_LOOP(m_log(v))
    case UnaryOp::sqrt: TL_UNARY_LOOP(m_sqrt(v))
    case UnaryOp::rsqrt: TL_UNARY_LOOP(T(1) / m_sqrt(v))
    case UnaryOp::abs: TL_UNARY_LOOP(m_fabs(v))
    case UnaryOp::sin: TL_UNARY_LOOP(m_sin(v))
    case UnaryOp::cos: TL_UNARY_LOOP(m_cos(v))
    case UnaryOp::tanh: TL_UNARY_LOOP(m_tanh(v))
    case UnaryOp::sigmoid: TL_UNARY_LOOP(g_sigmoid(v))
    case UnaryOp::relu: TL_UNARY_LOOP(v < T(0) ? T(0) : v)
    case UnaryOp::clamp: {
      const bool hl = a == a, hh = b == b;
      TL_UNARY_LOOP(g_clamp(v, a, b, hl, hh))
    }
    case UnaryOp::powScalar:
      // PyTorch's special exponents (pow_tensor_scalar_optimized_kernel), else pow.
      if (a == T(2)) { TL_UNARY_LOOP(v * v) }
      if (a == T(3)) { TL_UNARY_LOOP(v * v * v) }
      if (a == T(0.5)) { TL_UNARY_LOOP(m_sqrt(v)) }
      if (a == T(-0.5)) { TL_UNARY_LOOP(T(1) / m_sqrt(v)) }
      if (a == T(-1)) { TL_UNARY_LOOP(T(1) / v) }
      if (a == T(-2)) { TL_UNARY_LOOP(T(1) / (v * v)) }
      if (a == T(1)) { TL_UNARY_LOOP(v) }
      if (a == T(0)) { TL_UNARY_LOOP((static_cast<void>(v), T(1))) }
      TL_UNARY_LOOP(m_pow(v, a))
    case UnaryOp::affine: TL_UNARY_LOOP(v * a + b)
    case UnaryOp::square: TL_UNARY_LOOP(v * v)
    case UnaryOp::reciprocal: TL_UNARY_LOOP(T(1) / v)
    case UnaryOp::sign: TL_UNARY_LOOP(g_sign(v))
    case UnaryOp::log1p: TL_UNARY_LOOP(m_log1p(v))
    case UnaryOp::expm1: TL_UNARY_LOOP(m_expm1(v))
    case UnaryOp::rpowScalar:
      if (a == T(2)) { TL_UNARY_LOOP(m_exp2(v)) }
      TL_UNARY_LOOP(m_pow(a, v))
    case UnaryOp::copy: TL_UNARY_LOOP(v)
  }
}
#undef TL_UNARY_LOOP

template <typename T>
inline T g_maximum(T p, T q) {
  return (p != p || q != q) ? p + q : (p > q ? p : q);
}
template <typename T>
inline T g_minimum(T p, T q) {
  return (p != p || q != q) ? p + q : (p < q ? p : q);
}

// One loop per (op, stride pattern) so each is a simple vectorisable loop.
template <typename T, int SA, int SB, typename F>
inline void bin_loop(const T* a, const T* b, T* y, int64_t n, F f) {
  for (int64_t i = 0; i < n; i++) y[i] = f(a[i * SA], b[i * SB]);
}
template <typename T, typename F>
inline void bin_dispatch(const T* a, int64_t sa, const T* b, int64_t sb, T* y, int64_t n, F f) {
  if (sa == 1 && sb == 1) bin_loop<T, 1, 1>(a, b, y, n, f);
  else if (sa == 1) bin_loop<T, 1, 0>(a, b, y, n, f);
  else if (sb == 1) bin_loop<T, 0, 1>(a, b, y, n, f);
  else bin_loop<T, 0, 0>(a, b, y, n, f);
}

template <typename T>
void generic_binary(int op, const T* a, int64_t sa, const T* b, int64_t sb, T* y, int64_t n, T alpha) {
  switch (static_cast<BinaryOp>(op)) {
    case BinaryOp::add: return bin_dispatch(a, sa, b, sb, y, n, [](T p, T q) { return p + q; });
    case BinaryOp::sub: return bin_dispatch(a, sa, b, sb, y, n, [](T p, T q) { return p - q; });
    case BinaryOp::mul: return bin_dispatch(a, sa, b, sb, y, n, [](T p, T q) { return p * q; });
    case BinaryOp::div: return bin_dispatch(a, sa, b, sb, y, n, [](T p, T q) { return p / q; });
    case BinaryOp::pow: return bin_dispatch(a, sa, b, sb, y, n, [](T p, T q) { return m_pow(p, q); });
    case BinaryOp::maximum: return bin_dispatch(a, sa, b, sb, y, n, [](T p, T q) { return g_maximum(p, q); });
    case BinaryOp::minimum: return bin_dispatch(a, sa, b, sb, y, n, [](T p, T q) { return g_minimum(p, q); });
    case BinaryOp::addScaled:
      return bin_dispatch(a, sa, b, sb, y, n, [alpha](T p, T q) { return p + alpha * q; });
    case BinaryOp::reluBackward:
      return bin_dispatch(a, sa, b, sb, y, n, [](T g, T v) { return v <= T(0) ? T(0) : g; });
    case BinaryOp::sigmoidBackward:
      return bin_dispatch(a, sa, b, sb, y, n, [](T g, T s) { return g * (T(1) - s) * s; });
    case BinaryOp::tanhBackward:
      return bin_dispatch(a, sa, b, sb, y, n, [](T g, T t) { return g * (T(1) - t * t); });
  }
}

// ---- row reductions (portable) ----

// Blocked sum: 16 independent partial sums per block of 1024 (SLP-vectorisable), blocks combined in
// double. Error ~ (64 + n/1024) ulp-ish worst case instead of n ulp.
template <typename T>
double generic_row_sum(const T* x, int64_t n) {
  double total = 0;
  int64_t i = 0;
  while (i < n) {
    const int64_t end = n - i > 1024 ? i + 1024 : n;
    T acc[16] = {};
    for (; i + 16 <= end; i += 16)
      for (int j = 0; j < 16; j++) acc[j] += x[i + j];
    T tail = 0;
    for (; i < end; i++) tail += x[i];
    T s = tail;
    for (int j = 0; j < 16; j++) s += acc[j];
    total += static_cast<double>(s);
  }
  return total;
}

template <typename T>
T generic_row_maxmin(const T* x, int64_t n, bool is_max, int32_t* index) {
  T best = x[0];
  int64_t bi = 0;
  if (best != best) {
    if (index) *index = 0;
    return best;
  }
  for (int64_t i = 1; i < n; i++) {
    const T v = x[i];
    if (v != v) {
      if (index) *index = static_cast<int32_t>(i);
      return v;
    }
    if (is_max ? v > best : v < best) {
      best = v;
      bi = i;
    }
  }
  if (index) *index = static_cast<int32_t>(bi);
  return best;
}

template <typename T>
double generic_row_sum_exp_shift(const T* x, int64_t n, T m) {
  double s = 0;
  for (int64_t i = 0; i < n; i++) s += exp(static_cast<double>(x[i]) - static_cast<double>(m));
  return s;
}

// Column reductions (see ColKernelsF32 in ew_internal.h), as loops over contiguous column blocks that
// the including file's ISA vectorises: each row is streamed once and added into an L1-resident block.
template <typename T>
void generic_col_sum(const T* x, int64_t r, int64_t inner, int64_t m, T* value) {
  double acc[kColChunk];
  T blk[kColChunk];
  for (int64_t j = 0; j < m; j++) acc[j] = 0;
  for (int64_t k0 = 0; k0 < r; k0 += 32) {
    const int64_t k1 = r < k0 + 32 ? r : k0 + 32;
    const T* row0 = x + k0 * inner;
    for (int64_t j = 0; j < m; j++) blk[j] = row0[j];
    for (int64_t k = k0 + 1; k < k1; k++) {
      const T* row = x + k * inner;
      for (int64_t j = 0; j < m; j++) blk[j] += row[j];
    }
    for (int64_t j = 0; j < m; j++) acc[j] += static_cast<double>(blk[j]);
  }
  for (int64_t j = 0; j < m; j++) value[j] = static_cast<T>(acc[j]);
}

// Max / min per column with the first row index reaching it; a NaN wins (its first index).
template <typename T, bool kMax>
void generic_col_maxmin_t(const T* x, int64_t r, int64_t inner, int64_t m, T* value, int32_t* index) {
  T best[kColChunk];
  int32_t bi[kColChunk];
  for (int64_t j = 0; j < m; j++) {
    best[j] = x[j];
    bi[j] = 0;
  }
  for (int64_t k = 1; k < r; k++) {
    const T* row = x + k * inner;
    const int32_t kk = static_cast<int32_t>(k);
    for (int64_t j = 0; j < m; j++) {
      const T v = row[j], b = best[j];
      const bool upd = (kMax ? v > b : v < b) || (v != v && b == b);
      best[j] = upd ? v : b;
      bi[j] = upd ? kk : bi[j];
    }
  }
  if (value)
    for (int64_t j = 0; j < m; j++) value[j] = best[j];
  if (index)
    for (int64_t j = 0; j < m; j++) index[j] = bi[j];
}

template <typename T>
void generic_col_maxmin(const T* x, int64_t r, int64_t inner, int64_t m, bool is_max, T* value, int32_t* index) {
  if (is_max) generic_col_maxmin_t<T, true>(x, r, inner, m, value, index);
  else generic_col_maxmin_t<T, false>(x, r, inner, m, value, index);
}

// This file's float column kernels (each ISA file's copy is vectorised with its own flags).
constexpr ColKernelsF32 col_kernels_f32() { return {generic_col_sum<float>, generic_col_maxmin<float>}; }

}  // namespace
}  // namespace ew
}  // namespace torchlet
