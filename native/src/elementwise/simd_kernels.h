// float32 span kernels and row reductions written once over a SIMD traits struct S (see vmath.h);
// included only by the ISA files, with internal linkage.
#pragma once
#include <math.h>

#include <cstdint>

#include "ew_generic.h"
#include "ew_internal.h"
#include "torchlet/elementwise.h"
#include "vmath.h"

namespace torchlet {
namespace ew {
namespace {

template <class S, class Fn>
inline void map_span(const float* x, float* y, int64_t n, Fn f) {
  int64_t i = 0;
  for (; i + 2 * S::W <= n; i += 2 * S::W) {
    const typename S::F a = S::load(x + i), b = S::load(x + i + S::W);
    S::store(y + i, f(a));
    S::store(y + i + S::W, f(b));
  }
  for (; i + S::W <= n; i += S::W) S::store(y + i, f(S::load(x + i)));
  if (i < n) S::storen(y + i, f(S::loadn(x + i, n - i)), n - i);
}

// sin / cos with a per-vector scalar fallback (double libm) for huge or non-finite arguments.
template <class S>
inline typename S::F trig(typename S::F v, bool is_cos) {
  using VM = VMath<S>;
  if (S::any(VM::trig_needs_fallback(v))) {
    alignas(64) float t[S::W];
    S::store(t, v);
    for (int j = 0; j < S::W; j++) {
      const double d = t[j];
      t[j] = static_cast<float>(is_cos ? cos(d) : sin(d));
    }
    return S::load(t);
  }
  return VM::sincos(v, is_cos);
}

template <class S>
void simd_unary_f32(int op, const float* x, float* y, int64_t n, float a, float b) {
  using VM = VMath<S>;
  using F = typename S::F;
  switch (static_cast<UnaryOp>(op)) {
    case UnaryOp::exp: return map_span<S>(x, y, n, [](F v) { return VM::exp(v); });
    case UnaryOp::log: return map_span<S>(x, y, n, [](F v) { return VM::log(v); });
    case UnaryOp::sin: return map_span<S>(x, y, n, [](F v) { return trig<S>(v, false); });
    case UnaryOp::cos: return map_span<S>(x, y, n, [](F v) { return trig<S>(v, true); });
    case UnaryOp::tanh: return map_span<S>(x, y, n, [](F v) { return VM::tanh(v); });
    case UnaryOp::sigmoid: return map_span<S>(x, y, n, [](F v) { return VM::sigmoid(v); });
    case UnaryOp::expm1: return map_span<S>(x, y, n, [](F v) { return VM::expm1(v); });
    case UnaryOp::log1p: return map_span<S>(x, y, n, [](F v) { return VM::log1p(v); });
    default: return generic_unary<float>(op, x, y, n, a, b);  // auto-vectorised with this file's ISA
  }
}

// y[i] = f(a[i*sa], b[i*sb]) with sa, sb in {0, 1}.
template <class S, class Fn>
inline void map2_span(const float* a, int64_t sa, const float* b, int64_t sb, float* y, int64_t n, Fn f) {
  using F = typename S::F;
  const F ab = S::set(a[0]), bb = S::set(b[0]);
  auto la = [&](int64_t i) { return sa ? S::load(a + i) : ab; };
  auto lb = [&](int64_t i) { return sb ? S::load(b + i) : bb; };
  int64_t i = 0;
  for (; i + S::W <= n; i += S::W) S::store(y + i, f(la(i), lb(i)));
  if (i < n) {
    const F va = sa ? S::loadn(a + i, n - i) : ab, vb = sb ? S::loadn(b + i, n - i) : bb;
    S::storen(y + i, f(va, vb), n - i);
  }
}

template <class S>
void simd_binary_f32(int op, const float* a, int64_t sa, const float* b, int64_t sb, float* y, int64_t n,
                     float alpha) {
  using F = typename S::F;
  switch (static_cast<BinaryOp>(op)) {
    case BinaryOp::maximum:  // NaN-propagating
      return map2_span<S>(a, sa, b, sb, y, n, [](F p, F q) {
        return S::sel(S::mor(S::isnan(p), S::isnan(q)), S::add(p, q), S::max(p, q));
      });
    case BinaryOp::minimum:
      return map2_span<S>(a, sa, b, sb, y, n, [](F p, F q) {
        return S::sel(S::mor(S::isnan(p), S::isnan(q)), S::add(p, q), S::min(p, q));
      });
    default: return generic_binary<float>(op, a, sa, b, sb, y, n, alpha);  // auto-vectorised
  }
}

// Blocked sum: 4 vector accumulators per block of 4096 (each lane adds <= 128 values), blocks
// combined in double.
template <class S>
double simd_row_sum(const float* x, int64_t n) {
  using F = typename S::F;
  double total = 0;
  int64_t i = 0;
  while (i < n) {
    const int64_t end = n - i > 4096 ? i + 4096 : n;
    F a0 = S::set(0.0f), a1 = a0, a2 = a0, a3 = a0;
    for (; i + 4 * S::W <= end; i += 4 * S::W) {
      a0 = S::add(a0, S::load(x + i));
      a1 = S::add(a1, S::load(x + i + S::W));
      a2 = S::add(a2, S::load(x + i + 2 * S::W));
      a3 = S::add(a3, S::load(x + i + 3 * S::W));
    }
    for (; i + S::W <= end; i += S::W) a0 = S::add(a0, S::load(x + i));
    if (i < end) {
      a1 = S::add(a1, S::loadn(x + i, end - i));
      i = end;
    }
    total += S::hsum_d(S::add(S::add(a0, a1), S::add(a2, a3)));
  }
  return total;
}

// Max / min with the first index; NaN propagates (first NaN's index), found by a scalar rescan.
// Per-lane best values and indices (strict compares keep each lane's first occurrence), the tail as
// a masked vector filled with -inf / +inf (which can only tie with real values, and ties go to the
// smaller index), then a lane reduction preferring the smaller index among equal values.
template <class S, bool kMax>
float simd_row_maxmin_t(const float* x, int64_t n, int32_t* index) {
  using F = typename S::F;
  using I = typename S::I;
  using M = typename S::M;
  const F fill = S::set(kMax ? -__builtin_inff() : __builtin_inff());
  auto load_tail = [&](int64_t i) { return S::sel(S::first_n(n - i), S::loadn(x + i, n - i), fill); };
  F best = n >= S::W ? S::load(x) : load_tail(0);
  I bidx = S::iota();
  I cur = S::iadd(bidx, S::seti(S::W));
  const I step = S::seti(S::W);
  M nan = S::isnan(best);
  int64_t i = S::W;
  auto update = [&](F v) {
    const M m = kMax ? S::gt(v, best) : S::lt(v, best);
    best = S::sel(m, v, best);
    bidx = S::isel(m, cur, bidx);
    nan = S::mor(nan, S::isnan(v));
    cur = S::iadd(cur, step);
  };
  for (; i + S::W <= n; i += S::W) update(S::load(x + i));
  if (i < n) update(load_tail(i));
  if (S::any(nan)) return generic_row_maxmin<float>(x, n, kMax, index);
  const float b = kMax ? S::hmax(best) : S::hmin(best);
  if (index) *index = S::hmin_i(S::isel(S::eq(best, S::set(b)), bidx, S::seti(INT32_MAX)));
  return b;
}

template <class S>
float simd_row_maxmin(const float* x, int64_t n, bool is_max, int32_t* index) {
  if (n < 4) return generic_row_maxmin<float>(x, n, is_max, index);
  return is_max ? simd_row_maxmin_t<S, true>(x, n, index) : simd_row_maxmin_t<S, false>(x, n, index);
}

// sum of exp(x - m) (m finite): vector exp, float partial sums per block, combined in double.
template <class S>
double simd_row_sum_exp_shift(const float* x, int64_t n, float m) {
  using VM = VMath<S>;
  using F = typename S::F;
  const F mv = S::set(m);
  double total = 0;
  int64_t i = 0;
  while (i < n) {
    const int64_t end = n - i > 4096 ? i + 4096 : n;
    F a0 = S::set(0.0f), a1 = a0;
    for (; i + 2 * S::W <= end; i += 2 * S::W) {
      a0 = S::add(a0, VM::exp(S::sub(S::load(x + i), mv)));
      a1 = S::add(a1, VM::exp(S::sub(S::load(x + i + S::W), mv)));
    }
    for (; i + S::W <= end; i += S::W) a0 = S::add(a0, VM::exp(S::sub(S::load(x + i), mv)));
    if (i < end) {
      const F e = VM::exp(S::sub(S::loadn(x + i, end - i), mv));
      a1 = S::add(a1, S::sel(S::first_n(end - i), e, S::set(0.0f)));
      i = end;
    }
    total += S::hsum_d(S::add(a0, a1));
  }
  return total;
}

// The Kernels table of an ISA file: its SIMD float32 kernels over traits S, the generic float64
// ones (auto-vectorised with the same file's flags) and the column reductions.
template <class S>
constexpr Kernels simd_kernel_table() {
  return {simd_unary_f32<S>,  generic_unary<double>, simd_binary_f32<S>, generic_binary<double>,
          {simd_row_sum<S>, simd_row_maxmin<S>, simd_row_sum_exp_shift<S>}, col_kernels_f32()};
}

}  // namespace
}  // namespace ew
}  // namespace torchlet
