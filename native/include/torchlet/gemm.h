// General matrix multiply: C = alpha * op(A) * op(B) + beta * C   (row-major).
// op(A) is M x K, op(B) is K x N, C is M x N. trans_a: A is stored K x M (lda >= M); else M x K
// (lda >= K). trans_b likewise. ldc >= N. beta == 0 means C is written without being read
// (NaNs in C do not propagate), as BLAS does; alpha == 0 or K == 0 means C = beta*C (+ epilogue).
//
// sgemm dispatches by active_isa() (AVX-512 6x32 / AVX2 6x16 / portable micro-kernels, chosen at
// run time; TORCHLET_ISA lowers it) and splits its M/N loops over the parallel_for pool when
// M*N*K >= 2^22; smaller products run on the calling thread. Scratch (packing) buffers are
// thread-local, reused and bounded (a few MB per calling thread). Safe to call concurrently.
#pragma once
#include <cstdint>

namespace torchlet {

// Optional fused epilogue applied after alpha/beta: C += bias (per row or per column), then ReLU.
enum class BiasKind { none = 0, row = 1 /* bias[i] added to row i */, col = 2 /* bias[j] to column j */ };
struct GemmEpilogue {
  BiasKind bias_kind = BiasKind::none;
  const float* bias = nullptr;
  bool relu = false;
};

void sgemm(bool trans_a, bool trans_b, int64_t M, int64_t N, int64_t K, float alpha, const float* A,
           int64_t lda, const float* B, int64_t ldb, float beta, float* C, int64_t ldc,
           const GemmEpilogue& epi = GemmEpilogue());

// float64 (gradcheck and precision work): correct and cache-blocked, not tuned.
void dgemm(bool trans_a, bool trans_b, int64_t M, int64_t N, int64_t K, double alpha, const double* A,
           int64_t lda, const double* B, int64_t ldb, double beta, double* C, int64_t ldc);

// Single-thread float32 FMA throughput of the active ISA in GFLOP/s (2 flops per lane per FMA),
// measured by a register-only FMA loop running for about `seconds`. For benchmarks.
double fma_peak_gflops(double seconds);

}  // namespace torchlet
