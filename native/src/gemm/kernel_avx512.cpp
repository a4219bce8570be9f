// AVX-512 kernels (compiled with -mavx512f/bw/dq/vl): the 6 x 32 sgemm micro-kernel (12 zmm
// accumulators; 8/12/14-row variants measured no better here), the 4 x 4 dot-product block and the
// FMA peak loop.
#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

#include <chrono>

#include "gemm_internal.h"

namespace torchlet {
namespace gemm {

namespace {
constexpr int MR = kAvx512MR;

inline __m512 finish(__m512 acc, const float* cp, __m512 va, float alpha, float beta, __m512 vb, __m512 bias,
                     bool has_bias, bool relu) {
  if (alpha != 1.0f) acc = _mm512_mul_ps(acc, va);
  if (beta != 0.0f) acc = _mm512_fmadd_ps(vb, _mm512_loadu_ps(cp), acc);
  if (has_bias) acc = _mm512_add_ps(acc, bias);
  // max(0, acc) with NaN (the second operand) propagated; the masked form avoids GCC 12's
  // -Wmaybe-uninitialized false positive on _mm512_max_ps's undefined pass-through.
  if (relu) acc = _mm512_mask_max_ps(acc, static_cast<__mmask16>(0xFFFF), _mm512_setzero_ps(), acc);
  return acc;
}
}  // namespace

void sgemm_ukr_avx512(int64_t kc, const float* a, const float* b, int64_t bs, float* c, int64_t ldc, float alpha,
                    float beta, const float* rbias, const float* cbias, bool relu) {
  __m512 c00 = _mm512_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  __m512 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
#define TL_STEP(OFF)                                                      \
  {                                                                       \
    const __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);   \
    __m512 av = _mm512_set1_ps(a[(OFF) + 0]);                       \
    c00 = _mm512_fmadd_ps(av, b0, c00);                                   \
    c01 = _mm512_fmadd_ps(av, b1, c01);                                   \
    av = _mm512_set1_ps(a[(OFF) + 1]);                              \
    c10 = _mm512_fmadd_ps(av, b0, c10);                                   \
    c11 = _mm512_fmadd_ps(av, b1, c11);                                   \
    av = _mm512_set1_ps(a[(OFF) + 2]);                              \
    c20 = _mm512_fmadd_ps(av, b0, c20);                                   \
    c21 = _mm512_fmadd_ps(av, b1, c21);                                   \
    av = _mm512_set1_ps(a[(OFF) + 3]);                              \
    c30 = _mm512_fmadd_ps(av, b0, c30);                                   \
    c31 = _mm512_fmadd_ps(av, b1, c31);                                   \
    av = _mm512_set1_ps(a[(OFF) + 4]);                              \
    c40 = _mm512_fmadd_ps(av, b0, c40);                                   \
    c41 = _mm512_fmadd_ps(av, b1, c41);                                   \
    av = _mm512_set1_ps(a[(OFF) + 5]);                              \
    c50 = _mm512_fmadd_ps(av, b0, c50);                                   \
    c51 = _mm512_fmadd_ps(av, b1, c51);                                   \
    b += bs;                                                              \
  }
  // C is needed only after the K loop: start fetching its lines now.
  for (int i = 0; i < MR; i++) {
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc + 16), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc + 31), _MM_HINT_T0);
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
  const __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
  __m512 cb0 = _mm512_setzero_ps(), cb1 = cb0;
  if (cbias) {
    cb0 = _mm512_loadu_ps(cbias);
    cb1 = _mm512_loadu_ps(cbias + 16);
  }
  const bool has_bias = rbias || cbias;
  __m512 acc[MR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  for (int i = 0; i < MR; i++) {
    float* cp = c + i * ldc;
    __m512 bias0 = cb0, bias1 = cb1;
    if (rbias) {
      const __m512 r = _mm512_set1_ps(rbias[i]);
      bias0 = _mm512_add_ps(bias0, r);
      bias1 = _mm512_add_ps(bias1, r);
    }
    _mm512_storeu_ps(cp, finish(acc[i][0], cp, va, alpha, beta, vb, bias0, has_bias, relu));
    _mm512_storeu_ps(cp + 16, finish(acc[i][1], cp + 16, va, alpha, beta, vb, bias1, has_bias, relu));
  }
}

// Edge tiles: the first m rows (1..6) and n columns (1..32) of a 6 x 32 tile, computed with only m
// rows of FMAs and written with masked loads/stores. The A sliver is the same zero-padded 6-row
// packing; the B sliver must hold 32 readable columns (packed and zero-padded, or in place when n == 32).
namespace {
template <int M>
void edge_impl(int64_t kc, const float* a, const float* b, int64_t bs, float* c, int64_t ldc, int n, float alpha,
               float beta, const float* rbias, const float* cbias, bool relu) {
  __m512 acc[M][2];
#pragma GCC unroll 6
  for (int i = 0; i < M; i++) acc[i][0] = acc[i][1] = _mm512_setzero_ps();
  if (n > 16) {
#pragma GCC unroll 2
    for (int64_t k = 0; k < kc; k++) {
      const __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
#pragma GCC unroll 6
      for (int i = 0; i < M; i++) {
        const __m512 av = _mm512_set1_ps(a[i]);
        acc[i][0] = _mm512_fmadd_ps(av, b0, acc[i][0]);
        acc[i][1] = _mm512_fmadd_ps(av, b1, acc[i][1]);
      }
      a += MR;
      b += bs;
    }
  } else {  // only the first 16 columns are needed: even and odd k accumulate separately (acc[i][1]
    // is free here), so a few rows still keep enough FMAs in flight to hide their latency
    int64_t k = 0;
    for (; k + 2 <= kc; k += 2) {
      const __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + bs);
#pragma GCC unroll 6
      for (int i = 0; i < M; i++) {
        acc[i][0] = _mm512_fmadd_ps(_mm512_set1_ps(a[i]), b0, acc[i][0]);
        acc[i][1] = _mm512_fmadd_ps(_mm512_set1_ps(a[MR + i]), b1, acc[i][1]);
      }
      a += 2 * MR;
      b += 2 * bs;
    }
    if (k < kc) {
      const __m512 b0 = _mm512_loadu_ps(b);
#pragma GCC unroll 6
      for (int i = 0; i < M; i++) acc[i][0] = _mm512_fmadd_ps(_mm512_set1_ps(a[i]), b0, acc[i][0]);
    }
#pragma GCC unroll 6
    for (int i = 0; i < M; i++) acc[i][0] = _mm512_add_ps(acc[i][0], acc[i][1]);
  }
  // (Accumulators are only ever indexed by compile-time constants, so they stay in registers.)
  const __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
  const int n0 = n < 16 ? n : 16, n1 = n - n0;
  const __mmask16 m0 = static_cast<__mmask16>((1u << n0) - 1u), m1 = static_cast<__mmask16>((1u << n1) - 1u);
  __m512 cb0 = _mm512_setzero_ps(), cb1 = cb0;
  if (cbias) {
    cb0 = _mm512_maskz_loadu_ps(m0, cbias);
    if (n1 > 0) cb1 = _mm512_maskz_loadu_ps(m1, cbias + 16);
  }
  auto put = [&](__m512 v, float* cp, __mmask16 mask, __m512 cb, int i) {
    if (alpha != 1.0f) v = _mm512_mul_ps(v, va);
    if (beta != 0.0f) v = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(mask, cp), v);
    if (cbias) v = _mm512_add_ps(v, cb);
    if (rbias) v = _mm512_add_ps(v, _mm512_set1_ps(rbias[i]));
    if (relu) v = _mm512_mask_max_ps(v, static_cast<__mmask16>(0xFFFF), _mm512_setzero_ps(), v);
    _mm512_mask_storeu_ps(cp, mask, v);
  };
#pragma GCC unroll 6
  for (int i = 0; i < M; i++) {
    put(acc[i][0], c + i * ldc, m0, cb0, i);
    if (n1 > 0) put(acc[i][1], c + i * ldc + 16, m1, cb1, i);
  }
}
}  // namespace

void sgemm_ukr_edge_avx512(int m, int n, int64_t kc, const float* a, const float* b, int64_t bs, float* c,
                           int64_t ldc, float alpha, float beta, const float* rbias, const float* cbias, bool relu) {
  switch (m) {
    case 1: return edge_impl<1>(kc, a, b, bs, c, ldc, n, alpha, beta, rbias, cbias, relu);
    case 2: return edge_impl<2>(kc, a, b, bs, c, ldc, n, alpha, beta, rbias, cbias, relu);
    case 3: return edge_impl<3>(kc, a, b, bs, c, ldc, n, alpha, beta, rbias, cbias, relu);
    case 4: return edge_impl<4>(kc, a, b, bs, c, ldc, n, alpha, beta, rbias, cbias, relu);
    case 5: return edge_impl<5>(kc, a, b, bs, c, ldc, n, alpha, beta, rbias, cbias, relu);
    default: return edge_impl<6>(kc, a, b, bs, c, ldc, n, alpha, beta, rbias, cbias, relu);
  }
}

#define VEC __m512
#define W 16
#define ZERO _mm512_setzero_ps
#define LOADU _mm512_loadu_ps
#define FMADD _mm512_fmadd_ps
#define MASKLOAD(p, rem) _mm512_maskz_loadu_ps(static_cast<__mmask16>((1u << (rem)) - 1u), (p))
#define HSUM hsum512
namespace {
inline float hsum512(__m512 v) {  // (not _mm512_reduce_add_ps: GCC 12 warns inside it)
  alignas(64) float t[16];
  _mm512_store_ps(t, v);
  const __m256 h = _mm256_add_ps(_mm256_load_ps(t), _mm256_load_ps(t + 8));
  __m128 x = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
  x = _mm_add_ps(x, _mm_movehl_ps(x, x));
  x = _mm_add_ss(x, _mm_movehdup_ps(x));
  return _mm_cvtss_f32(x);
}
}  // namespace

#define SET1 _mm512_set1_ps
#define ADD _mm512_add_ps
#include "isa_blocks.h"

void sdot_block_avx512(int64_t K, const float* a, int64_t lda, int m, const float* b, int64_t ldb, int n, float* out,
                       int64_t ldo) {
  dot_block_impl<kAvx512DotMR, kAvx512DotNR>(K, a, lda, m, b, ldb, n, out, ldo);
}

double fma_peak_avx512(double seconds) { return fma_peak_impl<24>(seconds); }
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
