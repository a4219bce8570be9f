// AVX-512 kernels (compiled with -mavx512f/bw/dq/vl): the 6 x 32 sgemm micro-kernel (12 zmm
// accumulators; 8/12/14-row and 8 x 48 variants measured no better end to end here) and its edge
// kernel, the 4 x 6 dot-product block and the FMA peak loop, all from isa_blocks.h instantiated with
// this file's 16-lane vector operations.
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
inline float hsum512(__m512 v) {  // (not _mm512_reduce_add_ps: GCC 12 warns inside it)
  alignas(64) float t[16];
  _mm512_store_ps(t, v);
  const __m256 h = _mm256_add_ps(_mm256_load_ps(t), _mm256_load_ps(t + 8));
  __m128 x = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
  x = _mm_add_ps(x, _mm_movehl_ps(x, x));
  x = _mm_add_ss(x, _mm_movehdup_ps(x));
  return _mm_cvtss_f32(x);
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
#define HSUM hsum512
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
