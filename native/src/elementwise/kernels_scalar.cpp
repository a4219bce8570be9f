// The baseline span kernels (x86-64: SSE2 only; other CPUs: plain C++) and the ISA dispatch.
// On x86-64 the float32 transcendental functions and row reductions use vmath.h / simd_kernels.h over
// 4-lane SSE2 traits (no FMA: the non-fused reduction constants are used); everything else is the
// auto-vectorised portable loops of ew_generic.h. Elsewhere everything is ew_generic.h (libm).
#include <string.h>

#include "ew_generic.h"
#include "ew_internal.h"
#include "torchlet/cpu.h"

#if defined(__SSE2__) || defined(_M_X64)
#define TL_EW_SSE2 1
#include <emmintrin.h>

#include "simd_kernels.h"
#endif

namespace torchlet {
namespace ew {
namespace {

#if TL_EW_SSE2
struct S2 {
  using F = __m128;
  using I = __m128i;
  using M = __m128;
  static constexpr bool kFma = false;
  static constexpr int W = 4;
  static F set(float v) { return _mm_set1_ps(v); }
  static I seti(int v) { return _mm_set1_epi32(v); }
  static I iota() { return _mm_setr_epi32(0, 1, 2, 3); }
  static F load(const float* p) { return _mm_loadu_ps(p); }
  static void store(float* p, F v) { _mm_storeu_ps(p, v); }
  static void istore(int32_t* p, I v) { _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v); }
  static F loadn(const float* p, int64_t n) {
    alignas(16) float t[4] = {0, 0, 0, 0};
    memcpy(t, p, static_cast<size_t>(n) * sizeof(float));
    return _mm_load_ps(t);
  }
  static void storen(float* p, F v, int64_t n) {
    alignas(16) float t[4];
    _mm_store_ps(t, v);
    memcpy(p, t, static_cast<size_t>(n) * sizeof(float));
  }
  static M first_n(int64_t n) { return _mm_castsi128_ps(_mm_cmpgt_epi32(_mm_set1_epi32(static_cast<int>(n)), iota())); }
  static F add(F a, F b) { return _mm_add_ps(a, b); }
  static F sub(F a, F b) { return _mm_sub_ps(a, b); }
  static F mul(F a, F b) { return _mm_mul_ps(a, b); }
  static F div(F a, F b) { return _mm_div_ps(a, b); }
  static F fma(F a, F b, F c) { return _mm_add_ps(_mm_mul_ps(a, b), c); }   // not fused
  static F fnma(F a, F b, F c) { return _mm_sub_ps(c, _mm_mul_ps(a, b)); }  // not fused
  static F min(F a, F b) { return _mm_min_ps(a, b); }
  static F max(F a, F b) { return _mm_max_ps(a, b); }
  static F abs(F a) { return _mm_andnot_ps(_mm_set1_ps(-0.0f), a); }
  static F neg(F a) { return _mm_xor_ps(_mm_set1_ps(-0.0f), a); }
  static F copysign(F mag, F sgn) {
    const F s = _mm_set1_ps(-0.0f);
    return _mm_or_ps(_mm_andnot_ps(s, mag), _mm_and_ps(s, sgn));
  }
  // Round to nearest even for |a| < 2^22 (all callers clamp or range-check first).
  static F round(F a) {
    const F magic = _mm_set1_ps(12582912.0f);  // 1.5 * 2^23
    return _mm_sub_ps(_mm_add_ps(a, magic), magic);
  }
  static I cvt(F a) { return _mm_cvtps_epi32(a); }
  static F cvtf(I a) { return _mm_cvtepi32_ps(a); }
  static I iadd(I a, I b) { return _mm_add_epi32(a, b); }
  static I isub(I a, I b) { return _mm_sub_epi32(a, b); }
  static I iand(I a, I b) { return _mm_and_si128(a, b); }
  static I ior(I a, I b) { return _mm_or_si128(a, b); }
  template <int k>
  static I sra(I a) { return _mm_srai_epi32(a, k); }
  template <int k>
  static I sll(I a) { return _mm_slli_epi32(a, k); }
  static I f2i(F a) { return _mm_castps_si128(a); }
  static F i2f(I a) { return _mm_castsi128_ps(a); }
  static M lt(F a, F b) { return _mm_cmplt_ps(a, b); }
  static M le(F a, F b) { return _mm_cmple_ps(a, b); }
  static M gt(F a, F b) { return _mm_cmpgt_ps(a, b); }
  static M ge(F a, F b) { return _mm_cmpge_ps(a, b); }
  static M eq(F a, F b) { return _mm_cmpeq_ps(a, b); }
  static M isnan(F a) { return _mm_cmpunord_ps(a, a); }
  static M ieq(I a, I b) { return _mm_castsi128_ps(_mm_cmpeq_epi32(a, b)); }
  static M mand(M a, M b) { return _mm_and_ps(a, b); }
  static M mor(M a, M b) { return _mm_or_ps(a, b); }
  static F sel(M m, F a, F b) { return _mm_or_ps(_mm_and_ps(m, a), _mm_andnot_ps(m, b)); }
  static I isel(M m, I a, I b) {
    const I mi = _mm_castps_si128(m);
    return _mm_or_si128(_mm_and_si128(mi, a), _mm_andnot_si128(mi, b));
  }
  static bool any(M m) { return _mm_movemask_ps(m) != 0; }
  static float hmax(F v) {
    F m = _mm_max_ps(v, _mm_movehl_ps(v, v));
    return _mm_cvtss_f32(_mm_max_ss(m, _mm_shuffle_ps(m, m, 1)));
  }
  static float hmin(F v) {
    F m = _mm_min_ps(v, _mm_movehl_ps(v, v));
    return _mm_cvtss_f32(_mm_min_ss(m, _mm_shuffle_ps(m, m, 1)));
  }
  static int32_t hmin_i(I v) {  // SSE2 has no pminsd
    alignas(16) int32_t t[4];
    _mm_store_si128(reinterpret_cast<__m128i*>(t), v);
    int32_t m = t[0];
    for (int j = 1; j < 4; j++) m = t[j] < m ? t[j] : m;
    return m;
  }
  static double hsum_d(F v) {
    const __m128d d = _mm_add_pd(_mm_cvtps_pd(v), _mm_cvtps_pd(_mm_movehl_ps(v, v)));
    return _mm_cvtsd_f64(_mm_add_sd(d, _mm_unpackhi_pd(d, d)));
  }
};

const Kernels k_scalar = simd_kernel_table<S2>();
#else
const Kernels k_scalar = {generic_unary<float>, generic_unary<double>, generic_binary<float>, generic_binary<double>,
                          {generic_row_sum<float>, generic_row_maxmin<float>, generic_row_sum_exp_shift<float>},
                          col_kernels_f32()};
#endif

}  // namespace

const Kernels& kernels_scalar() { return k_scalar; }

const Kernels& active_kernels() {
#if defined(__x86_64__) || defined(_M_X64)
  switch (active_isa()) {
    case Isa::avx512: return kernels_avx512();
    case Isa::avx2: return kernels_avx2();
    default: break;
  }
#endif
  return k_scalar;
}

}  // namespace ew
}  // namespace torchlet
