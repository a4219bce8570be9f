// Vector-width-generic blocks shared by the ISA kernel files. Not a standalone header: each
// kernel_<isa>.cpp includes it once, inside namespace torchlet::gemm, after defining VEC (vector
// type), W (lanes), ZERO, SET1, LOADU, STOREU, MASKLOAD(p, n) / MASKSTORE(p, n, v) (first n lanes,
// 0 <= n <= W), FMADD, MUL, ADD, RELU (max(0, v), NaN kept), HSUM4 (the lane sums of four
// vectors, as an __m128) and TRANSPOSE(v) (a W x W transpose of VEC v[W] in place) for its ISA, so
// the same source is compiled with that file's instruction-set flags; and TL_ISA (the name
// suffix), TL_TILE_MR / TL_TILE_NR, TL_DOT_MR / TL_DOT_NR and TL_PEAK_CHAINS, from which the end of
// this file defines the ISA's entry points declared in gemm_internal.h (and then undefines all of
// these macros).
namespace {
constexpr int kTileRows = 6;  // the sgemm micro-tile: 6 rows x 2 vectors (12 accumulators)

inline VEC load_n(const float* p, int n) { return n == W ? LOADU(p) : MASKLOAD(p, n); }
inline void store_n(float* p, int n, VEC v) {
  if (n == W) STOREU(p, v);
  else MASKSTORE(p, n, v);
}

// alpha * acc + beta * C + bias, then ReLU, for one vector of n columns of C at cp.
inline VEC finish(VEC acc, const float* cp, int n, float alpha, float beta, VEC bias, bool has_bias, bool relu) {
  if (alpha != 1.0f) acc = MUL(acc, SET1(alpha));
  if (beta != 0.0f) acc = FMADD(SET1(beta), load_n(cp, n), acc);
  if (has_bias) acc = ADD(acc, bias);
  if (relu) acc = RELU(acc);
  return acc;
}

// The full 6 x 2W micro-kernel (see gemm_internal.h for the contract).
inline void sgemm_tile(int64_t kc, const float* a, const float* b, int64_t bs, float* c, int64_t ldc, float alpha,
                       float beta, const float* rbias, const float* cbias, bool relu) {
  constexpr int MR = kTileRows;
  VEC c00 = ZERO(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  VEC c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
#define TL_STEP(OFF)                         \
  {                                          \
    const VEC b0 = LOADU(b), b1 = LOADU(b + W); \
    VEC av = SET1(a[(OFF) + 0]);             \
    c00 = FMADD(av, b0, c00);                \
    c01 = FMADD(av, b1, c01);                \
    av = SET1(a[(OFF) + 1]);                 \
    c10 = FMADD(av, b0, c10);                \
    c11 = FMADD(av, b1, c11);                \
    av = SET1(a[(OFF) + 2]);                 \
    c20 = FMADD(av, b0, c20);                \
    c21 = FMADD(av, b1, c21);                \
    av = SET1(a[(OFF) + 3]);                 \
    c30 = FMADD(av, b0, c30);                \
    c31 = FMADD(av, b1, c31);                \
    av = SET1(a[(OFF) + 4]);                 \
    c40 = FMADD(av, b0, c40);                \
    c41 = FMADD(av, b1, c41);                \
    av = SET1(a[(OFF) + 5]);                 \
    c50 = FMADD(av, b0, c50);                \
    c51 = FMADD(av, b1, c51);                \
    b += bs;                                 \
  }
  // C is needed only after the K loop: start fetching its lines (a row spans up to 3) now. Not for
  // a K loop too short for them to arrive (K from an im2col or a 10-output layer: the 18
  // prefetches then only took load slots; ratio to OpenBLAS in one process, 1 thread, with -> without
  // below K = 16: AVX2 TN 25x50176x6 1.23x -> 1.36x, NN 64x256x10 0.90x -> 0.95x, NT 64x256x10
  // 0.88x -> 0.92x; AVX-512 TN 25x50176x6 2.42x -> 2.65x, NT 64x256x10 1.04x -> 1.09x).
  if (kc >= 16) {
    for (int i = 0; i < MR; i++) {
      _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc), _MM_HINT_T0);
      _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc + W), _MM_HINT_T0);
      _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc + 2 * W - 1), _MM_HINT_T0);
    }
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
  const VEC cb0 = cbias ? LOADU(cbias) : ZERO(), cb1 = cbias ? LOADU(cbias + W) : ZERO();
  const bool has_bias = rbias || cbias;
  const VEC acc[MR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  for (int i = 0; i < MR; i++) {
    float* cp = c + i * ldc;
    VEC bias0 = cb0, bias1 = cb1;
    if (rbias) {
      const VEC r = SET1(rbias[i]);
      bias0 = ADD(bias0, r);
      bias1 = ADD(bias1, r);
    }
    STOREU(cp, finish(acc[i][0], cp, W, alpha, beta, bias0, has_bias, relu));
    STOREU(cp + W, finish(acc[i][1], cp + W, W, alpha, beta, bias1, has_bias, relu));
  }
}

// Finishes and stores rows [0, M) x columns [0, n) (n <= NV W) of C from acc[i][v] (column vector v
// of row i). Inlined into each kernel: the accumulators are only ever indexed by compile-time
// constants, so they stay in registers.
template <int M, int NV>
__attribute__((always_inline)) inline void store_rows(const VEC (&acc)[M][NV], float* c, int64_t ldc, int n,
                                                      float alpha, float beta, const float* rbias,
                                                      const float* cbias, bool relu) {
  // Full rows with no alpha, beta, bias or ReLU (most products) tested once: through finish, the 24
  // vectors of a wide K = 10 block took ~250 instructions of tests and branches (a third of its
  // time: paired, AVX-512, NN 64x256x10 0.79x -> 1.06x OpenBLAS, NN 64x128x25 0.85x -> 1.01x).
  if (n == NV * W && alpha == 1.0f && beta == 0.0f && !rbias && !cbias && !relu) {
#pragma GCC unroll 16
    for (int i = 0; i < M; i++)
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) STOREU(c + i * ldc + v * W, acc[i][v]);
    return;
  }
  int nv[NV];
  VEC cb[NV];
#pragma GCC unroll 4
  for (int v = 0; v < NV; v++) {
    const int left = n - v * W;
    nv[v] = left <= 0 ? 0 : left < W ? left : W;
    cb[v] = cbias && nv[v] > 0 ? load_n(cbias + v * W, nv[v]) : ZERO();
  }
#pragma GCC unroll 16
  for (int i = 0; i < M; i++) {
    const VEC rb = rbias ? SET1(rbias[i]) : ZERO();
    float* cp = c + i * ldc;
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++)
      if (nv[v] > 0)
        store_n(cp + v * W, nv[v],
                finish(acc[i][v], cp + v * W, nv[v], alpha, beta, ADD(cb[v], rb), rbias || cbias, relu));
  }
}

// Edge tiles: the first M rows (1..6) and n columns (1..2W) of a tile, computed with only M rows of
// FMAs and written with masked loads/stores (no scratch tile, no scalar copy). The A sliver is the
// same zero-padded 6-row packing; the B sliver must hold 2W readable columns (packed and
// zero-padded, or read in place when n == 2W).
template <int M>
void sgemm_edge_rows(int64_t kc, const float* a, const float* b, int64_t bs, float* c, int64_t ldc, int n, float alpha,
                     float beta, const float* rbias, const float* cbias, bool relu) {
  constexpr int MR = kTileRows;
  VEC acc[M][2];
#pragma GCC unroll 6
  for (int i = 0; i < M; i++) acc[i][0] = acc[i][1] = ZERO();
  if (n > W) {
#pragma GCC unroll 2
    for (int64_t k = 0; k < kc; k++) {
      const VEC b0 = LOADU(b), b1 = LOADU(b + W);
#pragma GCC unroll 6
      for (int i = 0; i < M; i++) {
        const VEC av = SET1(a[i]);
        acc[i][0] = FMADD(av, b0, acc[i][0]);
        acc[i][1] = FMADD(av, b1, acc[i][1]);
      }
      a += MR;
      b += bs;
    }
  } else {  // only the first W columns are needed: even and odd k accumulate separately (acc[i][1]
    // is free here), so a few rows still keep enough FMAs in flight to hide their latency
    int64_t k = 0;
    for (; k + 2 <= kc; k += 2) {
      const VEC b0 = LOADU(b), b1 = LOADU(b + bs);
#pragma GCC unroll 6
      for (int i = 0; i < M; i++) {
        acc[i][0] = FMADD(SET1(a[i]), b0, acc[i][0]);
        acc[i][1] = FMADD(SET1(a[MR + i]), b1, acc[i][1]);
      }
      a += 2 * MR;
      b += 2 * bs;
    }
    if (k < kc) {
      const VEC b0 = LOADU(b);
#pragma GCC unroll 6
      for (int i = 0; i < M; i++) acc[i][0] = FMADD(SET1(a[i]), b0, acc[i][0]);
    }
#pragma GCC unroll 6
    for (int i = 0; i < M; i++) acc[i][0] = ADD(acc[i][0], acc[i][1]);
  }
  store_rows<M, 2>(acc, c, ldc, n, alpha, beta, rbias, cbias, relu);
}

inline void sgemm_edge(int m, int n, int64_t kc, const float* a, const float* b, int64_t bs, float* c, int64_t ldc,
                       float alpha, float beta, const float* rbias, const float* cbias, bool relu) {
  switch (m) {
    case 1: return sgemm_edge_rows<1>(kc, a, b, bs, c, ldc, n, alpha, beta, rbias, cbias, relu);
    case 2: return sgemm_edge_rows<2>(kc, a, b, bs, c, ldc, n, alpha, beta, rbias, cbias, relu);
    case 3: return sgemm_edge_rows<3>(kc, a, b, bs, c, ldc, n, alpha, beta, rbias, cbias, relu);
    case 4: return sgemm_edge_rows<4>(kc, a, b, bs, c, ldc, n, alpha, beta, rbias, cbias, relu);
    case 5: return sgemm_edge_rows<5>(kc, a, b, bs, c, ldc, n, alpha, beta, rbias, cbias, relu);
    default: return sgemm_edge_rows<6>(kc, a, b, bs, c, ldc, n, alpha, beta, rbias, cbias, relu);
  }
}

// Narrow products read in place (see NarrowFn in gemm_internal.h): rows [0, M) of C, n <= 2W
// columns, each row one or two (masked) vectors. Nothing is packed: A element (i, k) is read at
// a[i*ars + k*aks] and B row k at b + k*ldb (only its n columns are loaded). With one vector per
// row, even and odd k accumulate separately so M rows keep 2M FMAs in flight.
template <int M>
void narrow_rows(int64_t K, const float* a, int64_t ars, int64_t aks, const float* b, int64_t ldb, int n, float* c,
                 int64_t ldc, float alpha, float beta, const float* rbias, const float* cbias, bool relu) {
  VEC acc[M][2];
#pragma GCC unroll 16
  for (int i = 0; i < M; i++) acc[i][0] = acc[i][1] = ZERO();
  const int n0 = n < W ? n : W, n1 = n - n0;
  if (n1 > 0) {
    for (int64_t k = 0; k < K; k++) {
      const VEC b0 = LOADU(b), b1 = load_n(b + W, n1);
#pragma GCC unroll 16
      for (int i = 0; i < M; i++) {
        const VEC av = SET1(a[i * ars]);
        acc[i][0] = FMADD(av, b0, acc[i][0]);
        acc[i][1] = FMADD(av, b1, acc[i][1]);
      }
      a += aks;
      b += ldb;
    }
  } else {
    int64_t k = 0;
    for (; k + 2 <= K; k += 2) {
      const VEC b0 = load_n(b, n0), b1 = load_n(b + ldb, n0);
#pragma GCC unroll 16
      for (int i = 0; i < M; i++) {
        acc[i][0] = FMADD(SET1(a[i * ars]), b0, acc[i][0]);
        acc[i][1] = FMADD(SET1(a[i * ars + aks]), b1, acc[i][1]);
      }
      a += 2 * aks;
      b += 2 * ldb;
    }
    if (k < K) {
      const VEC b0 = load_n(b, n0);
#pragma GCC unroll 16
      for (int i = 0; i < M; i++) acc[i][0] = FMADD(SET1(a[i * ars]), b0, acc[i][0]);
    }
#pragma GCC unroll 16
    for (int i = 0; i < M; i++) acc[i][0] = ADD(acc[i][0], acc[i][1]);
  }
  store_rows<M, 2>(acc, c, ldc, n, alpha, beta, rbias, cbias, relu);
}

// Calls rows(i0, m) over [0, M) in equal blocks of at most MaxRows (64 at 12 -> 6 blocks of 11 or 10
// rows, not 5 x 12 + 4): a short last block would have too few accumulators to hide FMA latency.
template <int MaxRows, typename Rows>
inline void in_row_blocks(int64_t M, Rows rows) {
  const int64_t nb = (M + MaxRows - 1) / MaxRows;
  for (int64_t t = 0; t < nb; t++) {
    const int64_t i0 = M * t / nb, i1 = M * (t + 1) / nb;
    rows(i0, static_cast<int>(i1 - i0));
  }
}

// Rows per narrow block: 2 x kNarrowRows accumulators, plus two B vectors and a broadcast, fill the
// register file (16 ymm on AVX2, 32 zmm on AVX-512).
constexpr int kNarrowRows = W == 16 ? 12 : 6;
using NarrowRowsFn = void (*)(int64_t, const float*, int64_t, int64_t, const float*, int64_t, int, float*, int64_t,
                              float, float, const float*, const float*, bool);
template <size_t... I>
constexpr std::array<NarrowRowsFn, sizeof...(I)> narrow_rows_table(std::index_sequence<I...>) {
  return {&narrow_rows<static_cast<int>(I) + 1>...};
}

inline void sgemm_narrow(int64_t M, int n, int64_t K, const float* a, int64_t ars, int64_t aks, const float* b,
                         int64_t ldb, float* c, int64_t ldc, float alpha, float beta, const float* rbias,
                         const float* cbias, bool relu) {
  static constexpr auto rows = narrow_rows_table(std::make_index_sequence<kNarrowRows>());
  in_row_blocks<kNarrowRows>(M, [&](int64_t i0, int m) {
    rows[m - 1](K, a + i0 * ars, ars, aks, b, ldb, n, c + i0 * ldc, ldc, alpha, beta, rbias ? rbias + i0 : nullptr,
                cbias, relu);
  });
}

#if W == 16  // (AVX-512 only: 24 accumulators need its 32 registers)
// Small products, full column slices of 4 vectors (64 columns on AVX-512) read in place like the
// narrow kernel: 6 rows x 4 vectors = 24 accumulators, 10 loads per 24 FMAs (the narrow kernel's
// 12 x 2 needs 14).
constexpr int kWideVecs = 4, kWideRows = 6;
template <int M>
void wide_rows(int64_t K, const float* a, int64_t ars, int64_t aks, const float* b, int64_t ldb, float* c,
               int64_t ldc, float alpha, float beta, const float* rbias, const float* cbias, bool relu) {
  constexpr int NV = kWideVecs;
  VEC acc[M][NV];
#pragma GCC unroll 8
  for (int i = 0; i < M; i++)
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) acc[i][v] = ZERO();
  for (int64_t k = 0; k < K; k++) {
    VEC bv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) bv[v] = LOADU(b + v * W);
#pragma GCC unroll 8
    for (int i = 0; i < M; i++) {
      const VEC av = SET1(a[i * ars]);
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) acc[i][v] = FMADD(av, bv[v], acc[i][v]);
    }
    a += aks;
    b += ldb;
  }
  store_rows<M, NV>(acc, c, ldc, NV * W, alpha, beta, rbias, cbias, relu);
}

using WideRowsFn = void (*)(int64_t, const float*, int64_t, int64_t, const float*, int64_t, float*, int64_t, float,
                            float, const float*, const float*, bool);
template <size_t... I>
constexpr std::array<WideRowsFn, sizeof...(I)> wide_rows_table(std::index_sequence<I...>) {
  return {&wide_rows<static_cast<int>(I) + 1>...};
}

inline void sgemm_wide(int64_t M, int64_t K, const float* a, int64_t ars, int64_t aks, const float* b, int64_t ldb,
                       float* c, int64_t ldc, float alpha, float beta, const float* rbias, const float* cbias,
                       bool relu) {
  static constexpr auto rows = wide_rows_table(std::make_index_sequence<kWideRows>());
  in_row_blocks<kWideRows>(M, [&](int64_t i0, int m) {
    rows[m - 1](K, a + i0 * ars, ars, aks, b, ldb, c + i0 * ldc, ldc, alpha, beta, rbias ? rbias + i0 : nullptr,
                cbias, relu);
  });
}
#endif

// out[j] = the sum of v[j]'s lanes for j < n <= DN, four vectors reduced at a time.
template <int DN>
inline void hsums(const VEC* v, int n, float* out) {
#pragma GCC unroll 4
  for (int j = 0; j < DN; j += 4) {
    if (j >= n) break;
    const __m128 s = HSUM4(v[j], v[std::min(j + 1, DN - 1)], v[std::min(j + 2, DN - 1)], v[std::min(j + 3, DN - 1)]);
    if (n - j >= 4) {
      _mm_storeu_ps(out + j, s);
    } else {
      alignas(16) float t[4];
      _mm_store_ps(t, s);
      for (int q = 0; q < n - j; q++) out[j + q] = t[q];
    }
  }
}

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
#pragma GCC unroll 8
  for (int i = 0; i < DM; i++)
    if (i < m) hsums<DN>(acc[i], n, out + i * ldo);
}

template <int DM, size_t... I>
constexpr std::array<DotBlock, sizeof...(I)> dot_cols_table(std::index_sequence<I...>) {
  return {&dot_block_impl<DM, static_cast<int>(I) + 1>...};
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
  volatile float sink = _mm_cvtss_f32(HSUM4(s, s, s, s));
  (void)sink;
  return static_cast<double>(iters) * CHAINS * W * 2 / el * 1e-9;
}
}  // namespace

#define TL_CAT2(a, b) a##_##b
#define TL_CAT(a, b) TL_CAT2(a, b)
static_assert(TL_TILE_MR == kTileRows && TL_TILE_NR == 2 * W, "the ISA's sgemm tile is 6 x 2W");

void TL_CAT(sgemm_ukr, TL_ISA)(int64_t kc, const float* a, const float* b, int64_t bs, float* c, int64_t ldc,
                               float alpha, float beta, const float* rbias, const float* cbias, bool relu) {
  sgemm_tile(kc, a, b, bs, c, ldc, alpha, beta, rbias, cbias, relu);
}

void TL_CAT(sgemm_ukr_edge, TL_ISA)(int m, int n, int64_t kc, const float* a, const float* b, int64_t bs, float* c,
                                    int64_t ldc, float alpha, float beta, const float* rbias, const float* cbias,
                                    bool relu) {
  sgemm_edge(m, n, kc, a, b, bs, c, ldc, alpha, beta, rbias, cbias, relu);
}

void TL_CAT(sgemm_narrow, TL_ISA)(int64_t m, int n, int64_t K, const float* a, int64_t ars, int64_t aks,
                                  const float* b, int64_t ldb, float* c, int64_t ldc, float alpha, float beta,
                                  const float* rbias, const float* cbias, bool relu) {
  sgemm_narrow(m, n, K, a, ars, aks, b, ldb, c, ldc, alpha, beta, rbias, cbias, relu);
}

#if W == 16
void TL_CAT(sgemm_wide, TL_ISA)(int64_t m, int64_t K, const float* a, int64_t ars, int64_t aks, const float* b,
                                int64_t ldb, float* c, int64_t ldc, float alpha, float beta, const float* rbias,
                                const float* cbias, bool relu) {
  sgemm_wide(m, K, a, ars, aks, b, ldb, c, ldc, alpha, beta, rbias, cbias, relu);
}
#endif

namespace {
// One row of A against up to DN rows of B: each dot product split over even and odd vectors of K, so
// 2 DN independent FMA chains (the DM-row block would repeat the one row DM times).
template <int DN>
void dot_one_row(int64_t K, const float* a, int n, const float* b, int64_t ldb, float* out) {
  const float* br[DN];
  for (int j = 0; j < DN; j++) br[j] = b + (j < n ? j : n - 1) * ldb;
  VEC acc[DN][2];
#pragma GCC unroll 8
  for (int j = 0; j < DN; j++) acc[j][0] = acc[j][1] = ZERO();
  int64_t k = 0;
  for (; k + 2 * W <= K; k += 2 * W) {
    const VEC a0 = LOADU(a + k), a1 = LOADU(a + k + W);
#pragma GCC unroll 8
    for (int j = 0; j < DN; j++) {
      acc[j][0] = FMADD(a0, LOADU(br[j] + k), acc[j][0]);
      acc[j][1] = FMADD(a1, LOADU(br[j] + k + W), acc[j][1]);
    }
  }
  for (; k < K; k += W) {
    const int rem = K - k < W ? static_cast<int>(K - k) : W;
    const VEC a0 = load_n(a + k, rem);
#pragma GCC unroll 8
    for (int j = 0; j < DN; j++) acc[j][0] = FMADD(a0, load_n(br[j] + k, rem), acc[j][0]);
  }
  VEC sum[DN];
#pragma GCC unroll 8
  for (int j = 0; j < DN; j++) sum[j] = ADD(acc[j][0], acc[j][1]);
  hsums<DN>(sum, n, out);
}
}  // namespace

void TL_CAT(sdot_block, TL_ISA)(int64_t K, const float* a, int64_t lda, int m, const float* b, int64_t ldb, int n,
                                float* out, int64_t ldo) {
  if (m == 1) return dot_one_row<TL_DOT_NR>(K, a, n, b, ldb, out);
  // Fewer columns than the block: a block of that width, not n real columns and DN - n copies (a
  // narrow product's N = 10 in 6 + 4 columns computed 12).
  static constexpr auto cols = dot_cols_table<TL_DOT_MR>(std::make_index_sequence<TL_DOT_NR>());
  cols[n - 1](K, a, lda, m, b, ldb, n, out, ldo);
}

double TL_CAT(fma_peak, TL_ISA)(double seconds) { return fma_peak_impl<TL_PEAK_CHAINS>(seconds); }

#if W == 16
// Full 2W-column slivers [t0, t1) of a row-major op(B) (PackB::plain), AVX-512 only:
//  - eight rows of a sliver at a time: each sliver then gets 8 x NR contiguous values per visit,
//    where row by row it got NR, every sliver a panel's depth apart in memory (kc*NR*4 bytes, a
//    multiple of 4 KB: the same L1 sets). Ratio to OpenBLAS in one process, 1 thread, row by row ->
//    8 rows: NN 64x784x256 0.94-0.95x -> 1.03-1.04x; AVX2 (16 columns) lost with it (NN 64x256x784
//    0.99-1.01x -> 0.95-0.96x), so it packs row by row in the driver's portable loop;
//  - two vector moves per sliver row where that loop (SSE2 at most) copies 16 bytes at a time:
//    paired, five rounds, NN 64x784x256 (the input gradient of nn.Linear 784 -> 256) 0.955-1.014x
//    -> 0.987-1.044x, NN 64x256x784 0 to +3%; with 8-float rows AVX2 lost 1-4% (NN 64x784x256,
//    256^3).
void TL_CAT(pack_bn, TL_ISA)(const float* b, int64_t ldb, int64_t kc, int64_t t0, int64_t t1, float* d) {
  constexpr int NR = 2 * W;
  constexpr int64_t kRows = 8;
  for (int64_t k0 = 0; k0 < kc; k0 += kRows) {
    const int64_t k1 = k0 + kRows < kc ? k0 + kRows : kc;
    for (int64_t t = t0; t < t1; t++)
      for (int64_t k = k0; k < k1; k++) {
        const float* s = b + k * ldb + t * NR;
        float* o = d + t * kc * NR + k * NR;
        STOREU(o, LOADU(s));
        STOREU(o + W, LOADU(s + W));
      }
  }
}
#endif

// One full 2W-column sliver of op(B) from a transposed B (stored N x K: op(B) column j is B's row
// j): d[k*2W + j] = b[j*ldb + k], by W x W register transposes (W rows x W k at a time) where the
// driver's portable packing transposes 4 x 4 with SSE.
void TL_CAT(pack_bt, TL_ISA)(const float* b, int64_t ldb, int64_t kc, float* d) {
  constexpr int NR = 2 * W;
  int64_t k0 = 0;
  for (; k0 + W <= kc; k0 += W)
#pragma GCC unroll 2
    for (int jb = 0; jb < NR; jb += W) {
      VEC v[W];
#pragma GCC unroll 16
      for (int r = 0; r < W; r++) v[r] = LOADU(b + (jb + r) * ldb + k0);
      TRANSPOSE(v);
#pragma GCC unroll 16
      for (int k = 0; k < W; k++) STOREU(d + (k0 + k) * NR + jb, v[k]);
    }
  if (k0 < kc) {  // the last kc - k0 < W columns of K: masked loads, only those rows stored
    const int kn = static_cast<int>(kc - k0);
    for (int jb = 0; jb < NR; jb += W) {
      VEC v[W];
#pragma GCC unroll 16
      for (int r = 0; r < W; r++) v[r] = MASKLOAD(b + (jb + r) * ldb + k0, kn);
      TRANSPOSE(v);
      for (int k = 0; k < kn; k++) STOREU(d + (k0 + k) * NR + jb, v[k]);
    }
  }
}

#undef TL_CAT
#undef TL_CAT2
#undef TL_ISA
#undef TL_TILE_MR
#undef TL_TILE_NR
#undef TL_DOT_MR
#undef TL_DOT_NR
#undef TL_PEAK_CHAINS
#undef VEC
#undef W
#undef ZERO
#undef SET1
#undef LOADU
#undef STOREU
#undef MASKLOAD
#undef MASKSTORE
#undef FMADD
#undef MUL
#undef ADD
#undef RELU
#undef HSUM4
#undef TRANSPOSE
