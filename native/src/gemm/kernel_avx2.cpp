// AVX2 + FMA kernels (compiled with -mavx2 -mfma): the 6 x 16 sgemm micro-kernel (12 ymm
// accumulators) and its edge kernel, the 3 x 4 dot-product block, the transposed-B packing and the
// FMA peak loop, all from isa_blocks.h instantiated with this file's 8-lane vector operations.
#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

#include <array>
#include <chrono>
#include <utility>

#include "gemm_internal.h"

namespace torchlet {
namespace gemm {

namespace {
inline __m256i tail_mask(int n) {  // lanes [0, n) set
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
// The sums of the lanes of a, b, c and d, in that order.
inline __m128 hsum4_256(__m256 a, __m256 b, __m256 c, __m256 d) {
  const __m256 s = _mm256_hadd_ps(_mm256_hadd_ps(a, b), _mm256_hadd_ps(c, d));  // per half: a, b, c, d
  return _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
}
// 8 x 8 transpose in place: v[r] lane k -> v[k] lane r (unpack pairs of rows, then 64-bit pairs
// within 128-bit halves, then the halves).
inline void transpose8x8(__m256 (&v)[8]) {
  __m256 t[8], u[8];
  for (int r = 0; r < 8; r += 2) {
    t[r] = _mm256_unpacklo_ps(v[r], v[r + 1]);      // per half: a0 b0 a1 b1
    t[r + 1] = _mm256_unpackhi_ps(v[r], v[r + 1]);  // a2 b2 a3 b3
  }
  for (int g = 0; g < 8; g += 4) {  // rows g..g+3; u[g + q]: per half h, k = 4h + q
    u[g] = _mm256_shuffle_ps(t[g], t[g + 2], _MM_SHUFFLE(1, 0, 1, 0));
    u[g + 1] = _mm256_shuffle_ps(t[g], t[g + 2], _MM_SHUFFLE(3, 2, 3, 2));
    u[g + 2] = _mm256_shuffle_ps(t[g + 1], t[g + 3], _MM_SHUFFLE(1, 0, 1, 0));
    u[g + 3] = _mm256_shuffle_ps(t[g + 1], t[g + 3], _MM_SHUFFLE(3, 2, 3, 2));
  }
  for (int q = 0; q < 4; q++) {
    v[q] = _mm256_permute2f128_ps(u[q], u[4 + q], 0x20);      // low halves: k = q
    v[4 + q] = _mm256_permute2f128_ps(u[q], u[4 + q], 0x31);  // high halves: k = 4 + q
  }
}
}  // namespace

#define VEC __m256
#define W 8
#define ZERO _mm256_setzero_ps
#define SET1 _mm256_set1_ps
#define LOADU _mm256_loadu_ps
#define STOREU _mm256_storeu_ps
#define MASKLOAD(p, n) _mm256_maskload_ps((p), tail_mask(n))
#define MASKSTORE(p, n, v) _mm256_maskstore_ps((p), tail_mask(n), (v))
#define FMADD _mm256_fmadd_ps
#define MUL _mm256_mul_ps
#define ADD _mm256_add_ps
#define RELU(v) _mm256_max_ps(_mm256_setzero_ps(), (v))  // NaN (the second operand) propagates
#define HSUM4 hsum4_256
#define TRANSPOSE transpose8x8
#define TL_ISA avx2
#define TL_TILE_MR kAvx2MR
#define TL_TILE_NR kAvx2NR
#define TL_DOT_MR kAvx2DotMR
#define TL_DOT_NR kAvx2DotNR
#define TL_PEAK_CHAINS 14
#include "isa_blocks.h"

}  // namespace gemm
}  // namespace torchlet
#endif
