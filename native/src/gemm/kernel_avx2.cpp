// AVX2 + FMA kernels (compiled with -mavx2 -mfma): the 6 x 16 sgemm micro-kernel (12 ymm
// accumulators) and its edge kernel, the 3 x 4 dot-product block and the FMA peak loop, all from
// isa_blocks.h instantiated with this file's 8-lane vector operations.
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
