// AVX2 + FMA kernels (compiled with -mavx2 -mfma): the 6 x 16 sgemm micro-kernel (12 ymm
// accumulators), the 3 x 4 dot-product block and the FMA peak loop.
#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

#include <chrono>

#include "gemm_internal.h"

namespace torchlet {
namespace gemm {

namespace {
constexpr int MR = kAvx2MR;

inline __m256 finish(__m256 acc, const float* cp, __m256 va, float alpha, float beta, __m256 vb, __m256 bias,
                     bool has_bias, bool relu) {
  if (alpha != 1.0f) acc = _mm256_mul_ps(acc, va);
  if (beta != 0.0f) acc = _mm256_fmadd_ps(vb, _mm256_loadu_ps(cp), acc);
  if (has_bias) acc = _mm256_add_ps(acc, bias);
  if (relu) acc = _mm256_max_ps(_mm256_setzero_ps(), acc);  // NaN (second operand) propagates
  return acc;
}
}  // namespace

void sgemm_ukr_avx2(int64_t kc, const float* a, const float* b, int64_t bs, float* c, int64_t ldc, float alpha,
                    float beta, const float* rbias, const float* cbias, bool relu) {
  __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  __m256 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
#define TL_STEP(OFF)                                                      \
  {                                                                       \
    const __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);   \
    __m256 av = _mm256_broadcast_ss(a + (OFF) + 0);                       \
    c00 = _mm256_fmadd_ps(av, b0, c00);                                   \
    c01 = _mm256_fmadd_ps(av, b1, c01);                                   \
    av = _mm256_broadcast_ss(a + (OFF) + 1);                              \
    c10 = _mm256_fmadd_ps(av, b0, c10);                                   \
    c11 = _mm256_fmadd_ps(av, b1, c11);                                   \
    av = _mm256_broadcast_ss(a + (OFF) + 2);                              \
    c20 = _mm256_fmadd_ps(av, b0, c20);                                   \
    c21 = _mm256_fmadd_ps(av, b1, c21);                                   \
    av = _mm256_broadcast_ss(a + (OFF) + 3);                              \
    c30 = _mm256_fmadd_ps(av, b0, c30);                                   \
    c31 = _mm256_fmadd_ps(av, b1, c31);                                   \
    av = _mm256_broadcast_ss(a + (OFF) + 4);                              \
    c40 = _mm256_fmadd_ps(av, b0, c40);                                   \
    c41 = _mm256_fmadd_ps(av, b1, c41);                                   \
    av = _mm256_broadcast_ss(a + (OFF) + 5);                              \
    c50 = _mm256_fmadd_ps(av, b0, c50);                                   \
    c51 = _mm256_fmadd_ps(av, b1, c51);                                   \
    b += bs;                                                              \
  }
  // C is needed only after the K loop: start fetching its lines now.
  for (int i = 0; i < MR; i++) {
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc + 15), _MM_HINT_T0);
  }
  int64_t k = 0;
  for (; k + 4 <= kc; k += 4) {
    _mm_prefetch(reinterpret_cast<const char*>(a + 8 * MR), _MM_HINT_T0);
    TL_STEP(0) TL_STEP(MR) TL_STEP(2 * MR) TL_STEP(3 * MR)
    a += 4 * MR;
  }
  for (; k < kc; k++) {
    TL_STEP(0)
    a += MR;
  }
#undef TL_STEP
  const __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
  __m256 cb0 = _mm256_setzero_ps(), cb1 = cb0;
  if (cbias) {
    cb0 = _mm256_loadu_ps(cbias);
    cb1 = _mm256_loadu_ps(cbias + 8);
  }
  const bool has_bias = rbias || cbias;
  __m256 acc[MR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  for (int i = 0; i < MR; i++) {
    float* cp = c + i * ldc;
    __m256 bias0 = cb0, bias1 = cb1;
    if (rbias) {
      const __m256 r = _mm256_set1_ps(rbias[i]);
      bias0 = _mm256_add_ps(bias0, r);
      bias1 = _mm256_add_ps(bias1, r);
    }
    _mm256_storeu_ps(cp, finish(acc[i][0], cp, va, alpha, beta, vb, bias0, has_bias, relu));
    _mm256_storeu_ps(cp + 8, finish(acc[i][1], cp + 8, va, alpha, beta, vb, bias1, has_bias, relu));
  }
}

// Edge tiles: the first m rows (1..6) and n columns (1..16) of a 6 x 16 tile, computed with only m
// rows of FMAs and written with masked loads/stores (no scratch tile, no scalar copy). The A sliver
// is the same zero-padded 6-row packing; the B sliver must hold 16 readable columns (packed and
// zero-padded, or read in place when n == 16).
namespace {
inline __m256i lane_mask(int n) {  // lanes [0, n) set, n clamped to [0, 8]
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

template <int M>
void edge_impl(int64_t kc, const float* a, const float* b, int64_t bs, float* c, int64_t ldc, int n, float alpha,
               float beta, const float* rbias, const float* cbias, bool relu) {
  __m256 acc[M][2];
#pragma GCC unroll 6
  for (int i = 0; i < M; i++) acc[i][0] = acc[i][1] = _mm256_setzero_ps();
  if (n > 8) {
#pragma GCC unroll 2
    for (int64_t k = 0; k < kc; k++) {
      const __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
#pragma GCC unroll 6
      for (int i = 0; i < M; i++) {
        const __m256 av = _mm256_broadcast_ss(a + i);
        acc[i][0] = _mm256_fmadd_ps(av, b0, acc[i][0]);
        acc[i][1] = _mm256_fmadd_ps(av, b1, acc[i][1]);
      }
      a += MR;
      b += bs;
    }
  } else {  // only the first 8 columns are needed: even and odd k accumulate separately (acc[i][1]
    // is free here), so a few rows still keep enough FMAs in flight to hide their latency
    int64_t k = 0;
    for (; k + 2 <= kc; k += 2) {
      const __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + bs);
#pragma GCC unroll 6
      for (int i = 0; i < M; i++) {
        acc[i][0] = _mm256_fmadd_ps(_mm256_broadcast_ss(a + i), b0, acc[i][0]);
        acc[i][1] = _mm256_fmadd_ps(_mm256_broadcast_ss(a + MR + i), b1, acc[i][1]);
      }
      a += 2 * MR;
      b += 2 * bs;
    }
    if (k < kc) {
      const __m256 b0 = _mm256_loadu_ps(b);
#pragma GCC unroll 6
      for (int i = 0; i < M; i++) acc[i][0] = _mm256_fmadd_ps(_mm256_broadcast_ss(a + i), b0, acc[i][0]);
    }
#pragma GCC unroll 6
    for (int i = 0; i < M; i++) acc[i][0] = _mm256_add_ps(acc[i][0], acc[i][1]);
  }
  // (Accumulators are only ever indexed by compile-time constants, so they stay in registers.)
  const __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
  const int n0 = n < 8 ? n : 8, n1 = n - n0;
  const __m256i m0 = lane_mask(n0), m1 = lane_mask(n1);
  __m256 cb0 = _mm256_setzero_ps(), cb1 = cb0;
  if (cbias) {
    cb0 = n0 == 8 ? _mm256_loadu_ps(cbias) : _mm256_maskload_ps(cbias, m0);
    if (n1 > 0) cb1 = n1 == 8 ? _mm256_loadu_ps(cbias + 8) : _mm256_maskload_ps(cbias + 8, m1);
  }
  auto put = [&](__m256 v, float* cp, int nh, __m256i mask, __m256 cb, int i) {
    const bool full = nh == 8;
    if (alpha != 1.0f) v = _mm256_mul_ps(v, va);
    if (beta != 0.0f) v = _mm256_fmadd_ps(vb, full ? _mm256_loadu_ps(cp) : _mm256_maskload_ps(cp, mask), v);
    if (cbias) v = _mm256_add_ps(v, cb);
    if (rbias) v = _mm256_add_ps(v, _mm256_set1_ps(rbias[i]));
    if (relu) v = _mm256_max_ps(_mm256_setzero_ps(), v);
    if (full)
      _mm256_storeu_ps(cp, v);
    else
      _mm256_maskstore_ps(cp, mask, v);
  };
#pragma GCC unroll 6
  for (int i = 0; i < M; i++) {
    put(acc[i][0], c + i * ldc, n0, m0, cb0, i);
    if (n1 > 0) put(acc[i][1], c + i * ldc + 8, n1, m1, cb1, i);
  }
}
}  // namespace

void sgemm_ukr_edge_avx2(int m, int n, int64_t kc, const float* a, const float* b, int64_t bs, float* c, int64_t ldc,
                         float alpha, float beta, const float* rbias, const float* cbias, bool relu) {
  switch (m) {
    case 1: return edge_impl<1>(kc, a, b, bs, c, ldc, n, alpha, beta, rbias, cbias, relu);
    case 2: return edge_impl<2>(kc, a, b, bs, c, ldc, n, alpha, beta, rbias, cbias, relu);
    case 3: return edge_impl<3>(kc, a, b, bs, c, ldc, n, alpha, beta, rbias, cbias, relu);
    case 4: return edge_impl<4>(kc, a, b, bs, c, ldc, n, alpha, beta, rbias, cbias, relu);
    case 5: return edge_impl<5>(kc, a, b, bs, c, ldc, n, alpha, beta, rbias, cbias, relu);
    default: return edge_impl<6>(kc, a, b, bs, c, ldc, n, alpha, beta, rbias, cbias, relu);
  }
}

#define VEC __m256
#define W 8
#define ZERO _mm256_setzero_ps
#define LOADU _mm256_loadu_ps
#define FMADD _mm256_fmadd_ps
#define MASKLOAD(p, rem) _mm256_maskload_ps((p), tail_mask(rem))
#define HSUM hsum256
namespace {
inline __m256i tail_mask(int rem) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(rem), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
inline float hsum256(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}
}  // namespace

#define SET1 _mm256_set1_ps
#define ADD _mm256_add_ps
#include "isa_blocks.h"

void sdot_block_avx2(int64_t K, const float* a, int64_t lda, int m, const float* b, int64_t ldb, int n, float* out,
                     int64_t ldo) {
  dot_block_impl<kAvx2DotMR, kAvx2DotNR>(K, a, lda, m, b, ldb, n, out, ldo);
}

double fma_peak_avx2(double seconds) { return fma_peak_impl<14>(seconds); }
#undef VEC
#undef W
#undef ZERO
#undef LOADU
#undef FMADD
#undef MASKLOAD
#undef HSUM
#undef SET1
#undef ADD

}  // namespace gemm
}  // namespace torchlet
#endif
