// AVX-512 (F/BW/DQ/VL) span kernels: the same vmath.h / simd_kernels.h code as AVX2 over 16-lane
// traits with mask registers (tails are masked loads/stores); the rest is the portable loops of
// ew_generic.h auto-vectorised with this file's flags.
#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

#include "ew_generic.h"
#include "ew_internal.h"
#include "simd_kernels.h"

namespace torchlet {
namespace ew {
namespace {

struct A5 {
  using F = __m512;
  using I = __m512i;
  using M = __mmask16;
  static constexpr bool kFma = true;
  static constexpr int W = 16;
  static F set(float v) { return _mm512_set1_ps(v); }
  static I seti(int v) { return _mm512_set1_epi32(v); }
  static I iota() { return _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15); }
  static F load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, F v) { _mm512_storeu_ps(p, v); }
  static void istore(int32_t* p, I v) { _mm512_storeu_si512(p, v); }
  static M first_n(int64_t n) { return static_cast<M>(n >= 16 ? 0xffffu : (1u << n) - 1u); }
  static F loadn(const float* p, int64_t n) { return _mm512_maskz_loadu_ps(first_n(n), p); }
  static void storen(float* p, F v, int64_t n) { _mm512_mask_storeu_ps(p, first_n(n), v); }
  static F add(F a, F b) { return _mm512_add_ps(a, b); }
  static F sub(F a, F b) { return _mm512_sub_ps(a, b); }
  static F mul(F a, F b) { return _mm512_mul_ps(a, b); }
  static F div(F a, F b) { return _mm512_div_ps(a, b); }
  static F fma(F a, F b, F c) { return _mm512_fmadd_ps(a, b, c); }
  static F fnma(F a, F b, F c) { return _mm512_fnmadd_ps(a, b, c); }
  static F min(F a, F b) { return _mm512_min_ps(a, b); }
  static F max(F a, F b) { return _mm512_max_ps(a, b); }
  static F abs(F a) { return i2f(_mm512_and_si512(f2i(a), _mm512_set1_epi32(0x7fffffff))); }
  static F neg(F a) { return i2f(_mm512_xor_si512(f2i(a), _mm512_set1_epi32(INT32_MIN))); }
  static F copysign(F mag, F sgn) {
    // bit-select: sign bit from sgn, the rest from mag
    return i2f(_mm512_ternarylogic_epi32(_mm512_set1_epi32(0x7fffffff), f2i(mag), f2i(sgn), 0xca));
  }
  static F round(F a) { return _mm512_roundscale_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
  static I cvt(F a) { return _mm512_cvtps_epi32(a); }
  static F cvtf(I a) { return _mm512_cvtepi32_ps(a); }
  static I iadd(I a, I b) { return _mm512_add_epi32(a, b); }
  static I isub(I a, I b) { return _mm512_sub_epi32(a, b); }
  static I iand(I a, I b) { return _mm512_and_si512(a, b); }
  static I ior(I a, I b) { return _mm512_or_si512(a, b); }
  template <int k>
  static I sra(I a) { return _mm512_srai_epi32(a, k); }
  template <int k>
  static I sll(I a) { return _mm512_slli_epi32(a, k); }
  static I f2i(F a) { return _mm512_castps_si512(a); }
  static F i2f(I a) { return _mm512_castsi512_ps(a); }
  static M lt(F a, F b) { return _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ); }
  static M le(F a, F b) { return _mm512_cmp_ps_mask(a, b, _CMP_LE_OQ); }
  static M gt(F a, F b) { return _mm512_cmp_ps_mask(a, b, _CMP_GT_OQ); }
  static M ge(F a, F b) { return _mm512_cmp_ps_mask(a, b, _CMP_GE_OQ); }
  static M eq(F a, F b) { return _mm512_cmp_ps_mask(a, b, _CMP_EQ_OQ); }
  static M isnan(F a) { return _mm512_cmp_ps_mask(a, a, _CMP_UNORD_Q); }
  static M ieq(I a, I b) { return _mm512_cmpeq_epi32_mask(a, b); }
  static M mand(M a, M b) { return static_cast<M>(a & b); }
  static M mor(M a, M b) { return static_cast<M>(a | b); }
  static F sel(M m, F a, F b) { return _mm512_mask_blend_ps(m, b, a); }
  static I isel(M m, I a, I b) { return _mm512_mask_blend_epi32(m, b, a); }
  static bool any(M m) { return m != 0; }
  static float hmax(F v) { return _mm512_reduce_max_ps(v); }
  static float hmin(F v) { return _mm512_reduce_min_ps(v); }
  static int32_t hmin_i(I v) { return _mm512_reduce_min_epi32(v); }
  static double hsum_d(F v) {
    const __m512d lo = _mm512_cvtps_pd(_mm512_castps512_ps256(v));
    const __m512d hi = _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)));
    return _mm512_reduce_add_pd(_mm512_add_pd(lo, hi));
  }
};

const Kernels k = simd_kernel_table<A5>();

}  // namespace

const Kernels& kernels_avx512() { return k; }

}  // namespace ew
}  // namespace torchlet
#endif
