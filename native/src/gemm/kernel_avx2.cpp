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
inline float hsum256(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
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
#define HSUM hsum256
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
