// Placeholder GEMM (correct, unoptimised); replaced by the packed SIMD driver.
#include <cstddef>
#include <vector>

#include "torchlet/gemm.h"

namespace torchlet {
namespace {
template <typename T>
void gemm_ref(bool ta, bool tb, int64_t M, int64_t N, int64_t K, T alpha, const T* A, int64_t lda, const T* B,
              int64_t ldb, T beta, T* C, int64_t ldc) {
  std::vector<T> row(static_cast<size_t>(N));
  for (int64_t i = 0; i < M; i++) {
    for (int64_t j = 0; j < N; j++) row[j] = 0;
    for (int64_t k = 0; k < K; k++) {
      const T a = ta ? A[k * lda + i] : A[i * lda + k];
      for (int64_t j = 0; j < N; j++) row[j] += a * (tb ? B[j * ldb + k] : B[k * ldb + j]);
    }
    for (int64_t j = 0; j < N; j++) C[i * ldc + j] = alpha * row[j] + (beta == T(0) ? T(0) : beta * C[i * ldc + j]);
  }
}
}  // namespace

void sgemm(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda, const float* B,
           int64_t ldb, float beta, float* C, int64_t ldc, const GemmEpilogue& epi) {
  gemm_ref(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  for (int64_t i = 0; i < M; i++)
    for (int64_t j = 0; j < N; j++) {
      float& c = C[i * ldc + j];
      if (epi.bias_kind == BiasKind::row) c += epi.bias[i];
      if (epi.bias_kind == BiasKind::col) c += epi.bias[j];
      if (epi.relu && !(c > 0)) c = c != c ? c : 0.0f;
    }
}
void dgemm(bool ta, bool tb, int64_t M, int64_t N, int64_t K, double alpha, const double* A, int64_t lda,
           const double* B, int64_t ldb, double beta, double* C, int64_t ldc) {
  gemm_ref(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}
}  // namespace torchlet
