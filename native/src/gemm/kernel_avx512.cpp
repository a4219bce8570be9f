// AVX-512 kernels (compiled with -mavx512f/bw/dq/vl): the 6 x 32 sgemm micro-kernel (12 zmm
// accumulators; 8/12/14-row and 8 x 48 variants measured no better end to end here) and its edge
// kernel, the 4 x 6 dot-product block, the transposed- and row-major-B packing and the FMA peak
// loop, all from isa_blocks.h instantiated with this file's 16-lane vector operations.
#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

#include <array>
#include <chrono>
#include <utility>

#include "gemm_internal.h"

namespace torchlet {
namespace gemm {

namespace {
inline __mmask16 first_n(int n) { return static_cast<__mmask16>((1u << n) - 1u); }  // lanes [0, n), n <= 16
// The sums of the lanes of a, b, c and d, in that order: the four reduced together (halves, then
// quarters, then within 128-bit lanes), 14 instructions where one vector at a time took 6 each.
// (Masked forms with every lane set: GCC 12 warns inside the plain ones' undefined pass-through.)
inline __m512 quarters(__m512 a, __m512 b, int imm) {
  return _mm512_mask_shuffle_f32x4(a, 0xFFFF, a, b, imm);
}
inline __m128 hsum4_512(__m512 a, __m512 b, __m512 c, __m512 d) {
  constexpr int lo = _MM_SHUFFLE(1, 0, 1, 0), hi = _MM_SHUFFLE(3, 2, 3, 2);
  const __m512 ab = _mm512_add_ps(quarters(a, b, lo), quarters(a, b, hi));  // quarters: a, a, b, b
  const __m512 cd = _mm512_add_ps(quarters(c, d, lo), quarters(c, d, hi));
  __m512 s = _mm512_add_ps(quarters(ab, cd, _MM_SHUFFLE(2, 0, 2, 0)),
                           quarters(ab, cd, _MM_SHUFFLE(3, 1, 3, 1)));  // quarters: a, b, c, d
  s = _mm512_add_ps(s, _mm512_mask_permute_ps(s, 0xFFFF, s, _MM_SHUFFLE(2, 3, 0, 1)));
  s = _mm512_add_ps(s, _mm512_mask_permute_ps(s, 0xFFFF, s, _MM_SHUFFLE(1, 0, 3, 2)));
  const __m512i first = _mm512_setr_epi32(0, 4, 8, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  return _mm512_mask_extractf32x4_ps(_mm_setzero_ps(), 0xF, _mm512_mask_permutexvar_ps(s, 0xFFFF, first, s), 0);
}
// 16 x 16 transpose in place: v[r] lane k -> v[k] lane r (unpack pairs of rows, then 64-bit pairs
// within 128-bit lanes, then the lanes in two shuffle rounds). Masked forms with every lane set, as
// in quarters(): GCC 12 warns inside the plain ones' undefined pass-through.
inline void transpose16x16(__m512 (&v)[16]) {
  const auto lo32 = [](__m512 a, __m512 b) { return _mm512_mask_unpacklo_ps(a, 0xFFFF, a, b); };
  const auto hi32 = [](__m512 a, __m512 b) { return _mm512_mask_unpackhi_ps(a, 0xFFFF, a, b); };
  const auto lo64 = [](__m512 a, __m512 b) {
    const __m512d x = _mm512_castps_pd(a);
    return _mm512_castpd_ps(_mm512_mask_unpacklo_pd(x, 0xFF, x, _mm512_castps_pd(b)));
  };
  const auto hi64 = [](__m512 a, __m512 b) {
    const __m512d x = _mm512_castps_pd(a);
    return _mm512_castpd_ps(_mm512_mask_unpackhi_pd(x, 0xFF, x, _mm512_castps_pd(b)));
  };
  __m512 t[16], u[16];
  for (int r = 0; r < 16; r += 2) {
    t[r] = lo32(v[r], v[r + 1]);      // per lane: a0 b0 a1 b1
    t[r + 1] = hi32(v[r], v[r + 1]);  // a2 b2 a3 b3
  }
  for (int g = 0; g < 16; g += 4) {  // rows g..g+3; u[g + q]: per lane L, k = 4L + q
    u[g] = lo64(t[g], t[g + 2]);
    u[g + 1] = hi64(t[g], t[g + 2]);
    u[g + 2] = lo64(t[g + 1], t[g + 3]);
    u[g + 3] = hi64(t[g + 1], t[g + 3]);
  }
  for (int q = 0; q < 4; q++) {  // lanes of rows 0-3, 4-7 (x, y) and 8-11, 12-15 (x2, y2)
    const __m512 x = quarters(u[q], u[4 + q], _MM_SHUFFLE(1, 0, 1, 0));
    const __m512 y = quarters(u[q], u[4 + q], _MM_SHUFFLE(3, 2, 3, 2));
    const __m512 x2 = quarters(u[8 + q], u[12 + q], _MM_SHUFFLE(1, 0, 1, 0));
    const __m512 y2 = quarters(u[8 + q], u[12 + q], _MM_SHUFFLE(3, 2, 3, 2));
    v[q] = quarters(x, x2, _MM_SHUFFLE(2, 0, 2, 0));       // lane 0: k = q
    v[4 + q] = quarters(x, x2, _MM_SHUFFLE(3, 1, 3, 1));   // lane 1: k = 4 + q
    v[8 + q] = quarters(y, y2, _MM_SHUFFLE(2, 0, 2, 0));   // lane 2: k = 8 + q
    v[12 + q] = quarters(y, y2, _MM_SHUFFLE(3, 1, 3, 1));  // lane 3: k = 12 + q
  }
}
// max(0, v) with NaN (the second operand) propagated; the masked form avoids GCC 12's
// -Wmaybe-uninitialized false positive on _mm512_max_ps's undefined pass-through.
inline __m512 relu512(__m512 v) {
  return _mm512_mask_max_ps(v, static_cast<__mmask16>(0xFFFF), _mm512_setzero_ps(), v);
}
}  // namespace

#define VEC __m512
#define W 16
#define ZERO _mm512_setzero_ps
#define SET1 _mm512_set1_ps
#define LOADU _mm512_loadu_ps
#define STOREU _mm512_storeu_ps
#define MASKLOAD(p, n) _mm512_maskz_loadu_ps(first_n(n), (p))
#define MASKSTORE(p, n, v) _mm512_mask_storeu_ps((p), first_n(n), (v))
#define FMADD _mm512_fmadd_ps
#define MUL _mm512_mul_ps
#define ADD _mm512_add_ps
#define RELU relu512
#define HSUM4 hsum4_512
#define TRANSPOSE transpose16x16
#define TL_ISA avx512
#define TL_TILE_MR kAvx512MR
#define TL_TILE_NR kAvx512NR
#define TL_DOT_MR kAvx512DotMR
#define TL_DOT_NR kAvx512DotNR
#define TL_PEAK_CHAINS 24
#include "isa_blocks.h"

}  // namespace gemm
}  // namespace torchlet
#endif
