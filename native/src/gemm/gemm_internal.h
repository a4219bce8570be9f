// Internal to native/src/gemm: micro-kernel signatures shared by the driver and the per-ISA files.
//
// A micro-kernel computes one full MR x NR tile of C from a packed A sliver (kc x MR, element
// (i, k) at a[k*MR + i]) and a B sliver (element (k, j) at b[k*bs + j]; bs == NR when B is packed,
// ldb when B is read in place), then writes
//     C = alpha * acc + beta * C        (beta == 0: C is not read)
//     C += rbias[i] (rbias != null), C += cbias[j] (cbias != null), C = max(0, C) (relu; NaN kept)
#pragma once
#include <cstdint>

namespace torchlet {
namespace gemm {

template <typename T>
using Ukr = void (*)(int64_t kc, const T* a, const T* b, int64_t bs, T* c, int64_t ldc, T alpha, T beta,
                     const T* rbias, const T* cbias, bool relu);
// Edge micro-kernel: the same product for only the first m <= MR rows and n <= NR columns of the
// tile (C outside them is neither read nor written). The A and B slivers are laid out as for the
// full kernel (B must have NR readable columns).
template <typename T>
using UkrEdge = void (*)(int m, int n, int64_t kc, const T* a, const T* b, int64_t bs, T* c, int64_t ldc, T alpha,
                         T beta, const T* rbias, const T* cbias, bool relu);

// An ISA's packing of full NR-column slivers of op(B) (the driver's portable loops otherwise):
//  - trans: one sliver from a transposed B (stored N x K, so op(B) column j is B's row j, at
//    b + j*ldb): d[k*NR + j] = b[j*ldb + k] for j < NR, k < kc;
//  - plain: slivers [t0, t1) from a row-major op(B) (b at the panel's first column and depth):
//    d[t*kc*NR + k*NR + j] = b[k*ldb + t*NR + j].
template <typename T>
struct PackB {
  void (*trans)(const T* b, int64_t ldb, int64_t kc, T* d) = nullptr;
  void (*plain)(const T* b, int64_t ldb, int64_t kc, int64_t t0, int64_t t1, T* d) = nullptr;
};

// Dot-product block for op(A)·op(B)ᵀ with both operands K-contiguous (the "NT" case with a small
// M x N and a long K, e.g. weight gradients): out[i*ldo + j] = sum_k a[i*lda + k] * b[j*ldb + k]
// for i < m <= kDotMR, j < n <= kDotNR (out is overwritten, no alpha/beta).
using DotBlock = void (*)(int64_t K, const float* a, int64_t lda, int m, const float* b, int64_t ldb, int n,
                          float* out, int64_t ldo);

// Narrow product read in place: C rows [0, m) x columns [0, n), n <= 2 vectors, from A element
// (i, k) at a[i*ars + k*aks] and op(B) row k at b + k*ldb (n contiguous columns); alpha/beta and the
// epilogue as for the micro-kernel. Nothing is packed.
using NarrowFn = void (*)(int64_t m, int n, int64_t K, const float* a, int64_t ars, int64_t aks, const float* b,
                          int64_t ldb, float* c, int64_t ldc, float alpha, float beta, const float* rbias,
                          const float* cbias, bool relu);

#if defined(__x86_64__) || defined(_M_X64)
void sgemm_narrow_avx2(int64_t m, int n, int64_t K, const float* a, int64_t ars, int64_t aks, const float* b,
                       int64_t ldb, float* c, int64_t ldc, float alpha, float beta, const float* rbias,
                       const float* cbias, bool relu);
void sgemm_narrow_avx512(int64_t m, int n, int64_t K, const float* a, int64_t ars, int64_t aks, const float* b,
                         int64_t ldb, float* c, int64_t ldc, float alpha, float beta, const float* rbias,
                         const float* cbias, bool relu);
// Small products, one full column slice of 4 vectors = 64 columns (layout as NarrowFn; AVX-512 only).
void sgemm_wide_avx512(int64_t m, int64_t K, const float* a, int64_t ars, int64_t aks, const float* b, int64_t ldb,
                       float* c, int64_t ldc, float alpha, float beta, const float* rbias, const float* cbias,
                       bool relu);
void sdot_block_avx2(int64_t K, const float* a, int64_t lda, int m, const float* b, int64_t ldb, int n, float* out,
                     int64_t ldo);
constexpr int kAvx2DotMR = 3, kAvx2DotNR = 4;
void sdot_block_avx512(int64_t K, const float* a, int64_t lda, int m, const float* b, int64_t ldb, int n, float* out,
                       int64_t ldo);
// 4 x 6: 24 accumulators, 10 loads per 24 FMAs (4 x 4: 8 per 16); paired A/B 1.03-1.23x on weight
// gradient shapes (16x150x6400, 31x33x4099, 18x17x60000), 0.86x on a tiny 5x7x1001.
constexpr int kAvx512DotMR = 4, kAvx512DotNR = 6;

// kernel_avx2.cpp
void sgemm_ukr_avx2(int64_t kc, const float* a, const float* b, int64_t bs, float* c, int64_t ldc, float alpha,
                    float beta, const float* rbias, const float* cbias, bool relu);
void sgemm_ukr_edge_avx2(int m, int n, int64_t kc, const float* a, const float* b, int64_t bs, float* c, int64_t ldc,
                         float alpha, float beta, const float* rbias, const float* cbias, bool relu);
constexpr int kAvx2MR = 6, kAvx2NR = 16;
void pack_bt_avx2(const float* b, int64_t ldb, int64_t kc, float* d);  // PackB<float>::trans for NR = 16
double fma_peak_avx2(double seconds);
// kernel_avx512.cpp
void sgemm_ukr_avx512(int64_t kc, const float* a, const float* b, int64_t bs, float* c, int64_t ldc, float alpha,
                      float beta, const float* rbias, const float* cbias, bool relu);
void sgemm_ukr_edge_avx512(int m, int n, int64_t kc, const float* a, const float* b, int64_t bs, float* c,
                           int64_t ldc, float alpha, float beta, const float* rbias, const float* cbias, bool relu);
constexpr int kAvx512MR = 6, kAvx512NR = 32;
// PackB<float> for NR = 32
void pack_bt_avx512(const float* b, int64_t ldb, int64_t kc, float* d);
void pack_bn_avx512(const float* b, int64_t ldb, int64_t kc, int64_t t0, int64_t t1, float* d);
double fma_peak_avx512(double seconds);
#endif

}  // namespace gemm
}  // namespace torchlet
