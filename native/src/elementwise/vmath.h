// float32 vector math written once over a SIMD "traits" struct S (see kernels_avx2.cpp /
// kernels_avx512.cpp), instantiated with internal linkage in each ISA file.
//
// S provides: kFma (fma/fnma are fused), W (lanes), F (float vector), I (int32 vector), M (mask); set, seti, add, sub, mul, div,
// fma(a,b,c) = a*b + c, fnma(a,b,c) = c - a*b (both single rounding), min, max, abs, round (to nearest
// integral float), cvt (integral F -> I), cvtf (I -> F), iadd, isub, sra<k>, sll<k>, iand, f2i / i2f
// (bit casts), lt, le, gt, ge, eq, isnan, mand, mor, sel(m, a, b) = m ? a : b, any(m).
//
// Accuracy (float32, measured by native/test/test_elementwise.cpp against double std:: references
// over a wide sweep incl. denormals and overflow edges): see the report / test bounds.
// Approach: Cody-Waite range reduction + minimax / Taylor polynomials (coefficients of the classic
// Cephes single-precision routines), FMA everywhere, explicit special-value handling.
#pragma once
#include <cstdint>

namespace torchlet {
namespace ew {
namespace {

template <class S>
struct VMath {
  using F = typename S::F;
  using I = typename S::I;
  using M = typename S::M;

  // 2^k for integer k in [-126, 127] (as an I vector).
  static F pow2i(I k) { return S::i2f(S::template sll<23>(S::iadd(k, S::seti(127)))); }

  // e^x: n = round(x log2 e), r = x - n ln2 (two-part), e^r by a degree-7 polynomial, times 2^n applied
  // in two halves so that results down to the smallest denormal are formed with one final rounding.
  static F exp(F x) {
    const F xc = S::min(S::max(x, S::set(-104.0f)), S::set(89.0f));
    const F n = S::round(S::mul(xc, S::set(1.44269504088896341f)));
    F r = S::fnma(n, S::set(0.693359375f), xc);
    r = S::fnma(n, S::set(-2.12194440e-4f), r);
    F y = S::set(1.9875691500E-4f);
    y = S::fma(y, r, S::set(1.3981999507E-3f));
    y = S::fma(y, r, S::set(8.3334519073E-3f));
    y = S::fma(y, r, S::set(4.1665795894E-2f));
    y = S::fma(y, r, S::set(1.6666665459E-1f));
    y = S::fma(y, r, S::set(5.0000001201E-1f));
    y = S::fma(y, S::mul(r, r), r);
    y = S::add(y, S::set(1.0f));
    const I ni = S::cvt(n);
    const I n1 = S::template sra<1>(ni);
    const I n2 = S::isub(ni, n1);
    y = S::mul(S::mul(y, pow2i(n1)), pow2i(n2));
    return S::sel(S::isnan(x), x, y);
  }

  // ln x: x = m 2^e with m in [sqrt(1/2), sqrt(2)), ln(m) = f - f^2/2 + f^3 P(f) with f = m - 1.
  static F log(F x) {
    const M small = S::lt(x, S::set(1.17549435e-38f));  // denormals (and <= 0, fixed below)
    const F xs = S::sel(small, S::mul(x, S::set(8388608.0f)), x);
    const I bits = S::f2i(xs);
    I e = S::isub(S::template sra<23>(S::iand(bits, S::seti(0x7f800000))), S::seti(126));
    F m = S::i2f(S::ior(S::iand(bits, S::seti(0x007fffff)), S::seti(0x3f000000)));  // [0.5, 1)
    F ef = S::cvtf(e);
    ef = S::sel(small, S::sub(ef, S::set(23.0f)), ef);
    const M lo = S::lt(m, S::set(0.707106781186547524f));
    ef = S::sel(lo, S::sub(ef, S::set(1.0f)), ef);
    const F f = S::sub(S::sel(lo, S::add(m, m), m), S::set(1.0f));
    const F z = S::mul(f, f);
    F p = S::set(7.0376836292E-2f);
    p = S::fma(p, f, S::set(-1.1514610310E-1f));
    p = S::fma(p, f, S::set(1.1676998740E-1f));
    p = S::fma(p, f, S::set(-1.2420140846E-1f));
    p = S::fma(p, f, S::set(1.4249322787E-1f));
    p = S::fma(p, f, S::set(-1.6668057665E-1f));
    p = S::fma(p, f, S::set(2.0000714765E-1f));
    p = S::fma(p, f, S::set(-2.4999993993E-1f));
    p = S::fma(p, f, S::set(3.3333331174E-1f));
    F y = S::mul(S::mul(p, f), z);
    y = S::fma(ef, S::set(-2.12194440e-4f), y);
    y = S::fnma(S::set(0.5f), z, y);
    y = S::add(f, y);
    y = S::fma(ef, S::set(0.693359375f), y);
    // specials: log(0) = -inf, log(<0) = NaN, log(inf) = inf, log(NaN) = NaN
    y = S::sel(S::eq(x, S::set(0.0f)), S::set(-__builtin_inff()), y);
    y = S::sel(S::lt(x, S::set(0.0f)), S::set(__builtin_nanf("")), y);
    y = S::sel(S::eq(x, S::set(__builtin_inff())), x, y);
    return S::sel(S::isnan(x), x, y);
  }

  // Vectors holding any |x| >= kTrigMax (or NaN) must take the caller's scalar fallback. With FMA the
  // reduction below is accurate far beyond; without FMA (SSE2) the Cephes split is good to 8192.
  static constexpr float kTrigMax = S::kFma ? 65536.0f : 8192.0f;
  static M trig_needs_fallback(F x) { return S::mor(S::ge(S::abs(x), S::set(kTrigMax)), S::isnan(x)); }

  // sin / cos for |x| < kTrigMax: j = round(x 2/pi), r = x - j pi/2 with a three-part pi/2 and FMA
  // (the first step is exact), then the quadrant's sin or cos polynomial on |r| <= pi/4.
  static F sincos(F x, bool is_cos) {
    const F j = S::round(S::mul(x, S::set(0.636619772367581343f)));
    F r;
    if (S::kFma) {  // float(pi/2) and two tails: the first FMA step is exact
      r = S::fnma(j, S::set(1.57079637050628662109375f), x);
      r = S::fnma(j, S::set(-4.371138828673793e-08f), r);
      r = S::fnma(j, S::set(-1.7151245100058819e-15f), r);
    } else {  // without FMA: three short parts (8, 10, 10 bits) so that, for |j| < 2^13, every product
              // and the first three differences are exact; the fourth part is a full float
      r = S::fnma(j, S::set(1.5703125f), x);
      r = S::fnma(j, S::set(4.837512969970703125e-4f), r);
      r = S::fnma(j, S::set(7.549533620476723e-08f), r);
      r = S::fnma(j, S::set(2.5633440682570896e-12f), r);
    }
    I q = S::cvt(j);
    if (is_cos) q = S::iadd(q, S::seti(1));
    const F z = S::mul(r, r);
    F ps = S::set(-1.9515295891E-4f);
    ps = S::fma(ps, z, S::set(8.3321608736E-3f));
    ps = S::fma(ps, z, S::set(-1.6666654611E-1f));
    ps = S::fma(S::mul(ps, z), r, r);
    F pc = S::set(2.443315711809948E-005f);
    pc = S::fma(pc, z, S::set(-1.388731625493765E-003f));
    pc = S::fma(pc, z, S::set(4.166664568298827E-002f));
    pc = S::fma(S::mul(pc, z), z, S::fnma(S::set(0.5f), z, S::set(1.0f)));
    const M odd = S::ieq(S::iand(q, S::seti(1)), S::seti(1));
    const M neg = S::ieq(S::iand(q, S::seti(2)), S::seti(2));
    F y = S::sel(odd, pc, ps);
    return S::sel(neg, S::neg(y), y);
  }

  // tanh: odd polynomial for |x| < 0.625, else sign(x) (1 - 2 / (e^{2|x|} + 1)).
  static F tanh(F x) {
    const F ax = S::abs(x);
    const F z = S::mul(x, x);
    F p = S::set(-5.70498872745E-3f);
    p = S::fma(p, z, S::set(2.06390887954E-2f));
    p = S::fma(p, z, S::set(-5.37397155531E-2f));
    p = S::fma(p, z, S::set(1.33314422036E-1f));
    p = S::fma(p, z, S::set(-3.33332819422E-1f));
    const F ysmall = S::fma(S::mul(p, z), x, x);
    const F e = exp(S::add(ax, ax));
    const F t = S::sub(S::set(1.0f), S::div(S::set(2.0f), S::add(e, S::set(1.0f))));
    const F ylarge = S::copysign(t, x);
    return S::sel(S::lt(ax, S::set(0.625f)), ysmall, ylarge);
  }

  // sigmoid: e = e^{-|x|} (never overflows); x >= 0: 1 / (1 + e), x < 0: e / (1 + e).
  static F sigmoid(F x) {
    const F e = exp(S::neg(S::abs(x)));
    const F d = S::add(S::set(1.0f), e);
    return S::sel(S::lt(x, S::set(0.0f)), S::div(e, d), S::div(S::set(1.0f), d));
  }

  // e^x - 1: x = n ln2 + r, expm1(r) by Taylor (degree 8), then 2^n expm1(r) + (2^n - 1) in one FMA;
  // x > 20 uses e^x (the -1 is below half an ulp), x < -30 gives -1.
  static F expm1(F x) {
    const F xc = S::min(S::max(x, S::set(-30.0f)), S::set(20.0f));
    const F n = S::round(S::mul(xc, S::set(1.44269504088896341f)));
    F r = S::fnma(n, S::set(0.693359375f), xc);
    r = S::fnma(n, S::set(-2.12194440e-4f), r);
    F p = S::set(1.0f / 40320.0f);
    p = S::fma(p, r, S::set(1.0f / 5040.0f));
    p = S::fma(p, r, S::set(1.0f / 720.0f));
    p = S::fma(p, r, S::set(1.0f / 120.0f));
    p = S::fma(p, r, S::set(1.0f / 24.0f));
    p = S::fma(p, r, S::set(1.0f / 6.0f));
    p = S::fma(p, r, S::set(0.5f));
    p = S::fma(S::mul(p, r), r, r);
    const F t = pow2i(S::cvt(n));
    F y = S::fma(t, p, S::sub(t, S::set(1.0f)));
    y = S::sel(S::gt(x, S::set(20.0f)), exp(x), y);
    y = S::sel(S::eq(x, S::set(0.0f)), x, y);  // keeps -0
    return S::sel(S::isnan(x), x, y);
  }

  // log(1 + x) = log(u) - ((u - 1) - x) / u with u = 1 + x (first-order correction of u's rounding).
  static F log1p(F x) {
    const F one = S::set(1.0f);
    const F u = S::add(one, x);
    F y = S::sub(log(u), S::div(S::sub(S::sub(u, one), x), u));
    y = S::sel(S::eq(u, one), x, y);                                   // |x| < 2^-24 (incl. +-0)
    y = S::sel(S::eq(u, S::set(__builtin_inff())), u, y);             // x = +inf / huge
    y = S::sel(S::eq(x, S::set(-1.0f)), S::set(-__builtin_inff()), y);  // log1p(-1) = -inf
    return S::sel(S::isnan(x), x, y);                                  // x < -1 is NaN via log
  }
};

}  // namespace
}  // namespace ew
}  // namespace torchlet
