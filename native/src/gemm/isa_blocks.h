// Vector-width-generic blocks shared by the ISA kernel files. Not a standalone header: each
// kernel_<isa>.cpp includes it once, inside namespace torchlet::gemm, after defining VEC (vector
// type), W (lanes), ZERO, LOADU, FMADD, MASKLOAD(p, rem) and HSUM for its ISA, so the same source is
// compiled with that file's instruction-set flags.
namespace {
template <int DM, int DN>
inline void dot_block_impl(int64_t K, const float* a, int64_t lda, int m, const float* b, int64_t ldb, int n,
                           float* out, int64_t ldo) {
  const float* ar[DM];
  const float* br[DN];
  for (int i = 0; i < DM; i++) ar[i] = a + (i < m ? i : m - 1) * lda;
  for (int j = 0; j < DN; j++) br[j] = b + (j < n ? j : n - 1) * ldb;
  VEC acc[DM][DN];
#pragma GCC unroll 8
  for (int i = 0; i < DM; i++)
#pragma GCC unroll 8
    for (int j = 0; j < DN; j++) acc[i][j] = ZERO();
  int64_t k = 0;
  for (; k + W <= K; k += W) {
    VEC av[DM];
#pragma GCC unroll 8
    for (int i = 0; i < DM; i++) av[i] = LOADU(ar[i] + k);
#pragma GCC unroll 8
    for (int j = 0; j < DN; j++) {
      const VEC bv = LOADU(br[j] + k);
#pragma GCC unroll 8
      for (int i = 0; i < DM; i++) acc[i][j] = FMADD(av[i], bv, acc[i][j]);
    }
  }
  if (k < K) {
    const int rem = static_cast<int>(K - k);
    VEC av[DM];
#pragma GCC unroll 8
    for (int i = 0; i < DM; i++) av[i] = MASKLOAD(ar[i] + k, rem);
#pragma GCC unroll 8
    for (int j = 0; j < DN; j++) {
      const VEC bv = MASKLOAD(br[j] + k, rem);
#pragma GCC unroll 8
      for (int i = 0; i < DM; i++) acc[i][j] = FMADD(av[i], bv, acc[i][j]);
    }
  }
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++) out[i * ldo + j] = HSUM(acc[i][j]);
}

// Measured single-core FMA throughput: CHAINS independent FMA chains (enough to cover latency x
// ports), 2 flops x W lanes per FMA.
template <int CHAINS>
double fma_peak_impl(double seconds) {
  VEC x[CHAINS];
  for (int i = 0; i < CHAINS; i++) x[i] = SET1(1.0f + 1e-7f * i);
  const VEC m = SET1(0.9999999f), ad = SET1(1e-7f);
  using clk = std::chrono::steady_clock;
  const auto t0 = clk::now();
  int64_t iters = 0;
  double el = 0;
  do {
    for (int r = 0; r < 4096; r++) {
#pragma GCC unroll 24
      for (int i = 0; i < CHAINS; i++) x[i] = FMADD(x[i], m, ad);
    }
    iters += 4096;
    el = std::chrono::duration<double>(clk::now() - t0).count();
  } while (el < seconds);
  VEC s = x[0];
  for (int i = 1; i < CHAINS; i++) s = ADD(s, x[i]);
  volatile float sink = HSUM(s);
  (void)sink;
  return static_cast<double>(iters) * CHAINS * W * 2 / el * 1e-9;
}
}  // namespace
