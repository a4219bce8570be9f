// sgemm / dgemm against a naive double-precision reference: every ISA path this CPU supports, all
// four transposes, leading dimensions above the minimum, alpha/beta (beta == 0 over NaN-filled C),
// fused epilogues, edge sizes (0, 1, primes, around MR/NR/KC/NC), at 1 and 2 threads. Buffers are
// sized exactly (last row without padding) so ASan catches any over-read.
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "configs.h"
#include "harness.h"
#include "torchlet/cpu.h"
#include "torchlet/gemm.h"
#include "torchlet/parallel.h"

namespace {

using torchlet::BiasKind;
using torchlet::GemmEpilogue;
using torchlet::Isa;

struct Shape {
  int64_t M, N, K;
};

using tltest::each_config;
using tltest::isas;

// rows x cols with leading dimension ld: exactly (rows-1)*ld + cols elements.
template <typename T>
std::vector<T> make(int64_t rows, int64_t cols, int64_t ld, std::mt19937& rng) {
  std::uniform_real_distribution<double> d(-1.0, 1.0);
  const int64_t n = rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols;
  std::vector<T> v(static_cast<size_t>(n));
  for (auto& x : v) x = static_cast<T>(d(rng));
  return v;
}

struct Case {
  bool ta, tb;
  int64_t M, N, K, lda, ldb, ldc;
  double alpha, beta;
  BiasKind bias_kind;
  bool relu;
};

template <typename T>
bool run_case(const Case& c, std::mt19937& rng, std::string* why) {
  const int64_t ar = c.ta ? c.K : c.M, ac = c.ta ? c.M : c.K;
  const int64_t br = c.tb ? c.N : c.K, bc = c.tb ? c.K : c.N;
  std::vector<T> A = make<T>(ar, ac, c.lda, rng), B = make<T>(br, bc, c.ldb, rng), C = make<T>(c.M, c.N, c.ldc, rng);
  if (c.beta == 0)
    for (auto& x : C) x = std::numeric_limits<T>::quiet_NaN();
  std::vector<T> bias = make<T>(1, std::max(c.M, c.N), 1, rng);
  const std::vector<T> C0 = C;
  if constexpr (std::is_same<T, float>::value) {
    GemmEpilogue epi;
    epi.bias_kind = c.bias_kind;
    epi.bias = c.bias_kind == BiasKind::none ? nullptr : bias.data();
    epi.relu = c.relu;
    torchlet::sgemm(c.ta, c.tb, c.M, c.N, c.K, static_cast<float>(c.alpha), A.data(), c.lda, B.data(), c.ldb,
                    static_cast<float>(c.beta), C.data(), c.ldc, epi);
  } else {
    torchlet::dgemm(c.ta, c.tb, c.M, c.N, c.K, c.alpha, A.data(), c.lda, B.data(), c.ldb, c.beta, C.data(), c.ldc);
  }
  const double eps = std::is_same<T, float>::value ? 1.2e-7 : 2.3e-16;
  for (int64_t i = 0; i < c.M; i++) {
    for (int64_t j = 0; j < c.N; j++) {
      double s = 0, mag = 0;
      for (int64_t k = 0; k < c.K; k++) {
        const double a = c.ta ? A[k * c.lda + i] : A[i * c.lda + k];
        const double b = c.tb ? B[j * c.ldb + k] : B[k * c.ldb + j];
        s += a * b;
        mag += std::fabs(a * b);
      }
      double ref = c.alpha * s;
      mag = std::fabs(c.alpha) * mag;
      if (c.beta != 0) {
        ref += c.beta * C0[i * c.ldc + j];
        mag += std::fabs(c.beta * C0[i * c.ldc + j]);
      }
      if (c.bias_kind == BiasKind::row) ref += bias[i], mag += std::fabs(bias[i]);
      if (c.bias_kind == BiasKind::col) ref += bias[j], mag += std::fabs(bias[j]);
      if (c.relu && ref < 0) ref = 0;
      const double got = C[i * c.ldc + j];
      const double tol = 16 * eps * (std::sqrt(static_cast<double>(c.K)) + 2) * (mag + 1e-30) + 1e-30;
      if (!(std::fabs(got - ref) <= tol)) {
        *why = "at (" + std::to_string(i) + "," + std::to_string(j) + ") got " + std::to_string(got) + " want " +
               std::to_string(ref);
        return false;
      }
    }
    // Padding between rows of C is never written.
    for (int64_t j = c.N; c.N > 0 && j < c.ldc && i + 1 < c.M; j++) {
      const T before = C0[i * c.ldc + j], after = C[i * c.ldc + j];
      if (!(before == after || (before != before && after != after))) {
        *why = "wrote C padding at row " + std::to_string(i);
        return false;
      }
    }
  }
  return true;
}

std::string describe(const Case& c) {
  return std::string("ta=") + (c.ta ? "1" : "0") + " tb=" + (c.tb ? "1" : "0") + " M=" + std::to_string(c.M) +
         " N=" + std::to_string(c.N) + " K=" + std::to_string(c.K) + " lda=" + std::to_string(c.lda) +
         " ldb=" + std::to_string(c.ldb) + " ldc=" + std::to_string(c.ldc) + " alpha=" + std::to_string(c.alpha) +
         " beta=" + std::to_string(c.beta) + " bias=" + std::to_string(static_cast<int>(c.bias_kind)) +
         " relu=" + (c.relu ? "1" : "0");
}

Case make_case(bool ta, bool tb, Shape s, int pad, double alpha, double beta, BiasKind bk, bool relu) {
  Case c{ta, tb, s.M, s.N, s.K, 0, 0, 0, alpha, beta, bk, relu};
  c.lda = (ta ? s.M : s.K) + pad;
  c.ldb = (tb ? s.K : s.N) + pad;
  c.ldc = s.N + pad;
  if (c.lda < 1) c.lda = 1;
  if (c.ldb < 1) c.ldb = 1;
  if (c.ldc < 1) c.ldc = 1;
  return c;
}

// Runs one float32 case against the reference and reports it with its ISA and thread count.
void check_case(const Case& c, std::mt19937& rng, Isa isa, int threads) {
  std::string why;
  const bool ok = run_case<float>(c, rng, &why);
  TL_CHECK(ok) << torchlet::isa_name(isa) << " threads=" << threads << " " << describe(c) << ": " << why;
}

const std::vector<Shape>& edge_shapes() {
  static const std::vector<Shape> v{
      {0, 5, 3},   {5, 0, 3},    {4, 5, 0},     {1, 1, 1},     {1, 17, 1},   {7, 1, 13},   {2, 3, 5},
      {6, 16, 8},  {6, 32, 8},   {12, 32, 64},  {13, 17, 19},  {5, 33, 31},  {31, 47, 257}, {7, 100, 3},
      {11, 64, 9}, {37, 29, 600}, {97, 61, 53}, {145, 35, 41}, {3, 3100, 5}, {20, 3105, 7}, {1, 200, 300}};
  return v;
}

}  // namespace

TL_TEST(gemm_all_isas_edges_transposes) {
  std::mt19937 rng(1234);
  each_config([&](Isa isa, int threads) {
    int fails = 0;
    for (const Shape& s : edge_shapes()) {
      for (int t = 0; t < 4; t++) {
        const bool ta = t & 1, tb = t & 2;
        for (int pad : {0, 3}) {
          const double alpha = pad ? -0.75 : 1.0, beta = pad ? 0.5 : 0.0;
          Case c = make_case(ta, tb, s, pad, alpha, beta, BiasKind::none, false);
          std::string why;
          const bool ok = run_case<float>(c, rng, &why);
          if (!ok && fails++ < 5)
            TL_CHECK(ok) << torchlet::isa_name(isa) << " threads=" << threads << " " << describe(c) << ": " << why;
        }
      }
    }
    TL_CHECK(fails == 0) << torchlet::isa_name(isa) << " threads=" << threads << " failures=" << fails;
  });
}

TL_TEST(gemm_random_shapes_alpha_beta_epilogue) {
  std::mt19937 rng(99);
  std::uniform_int_distribution<int> dim(1, 160), small(1, 20), kind(0, 5);
  const double alphas[] = {1.0, 2.0, -0.5, 0.0};
  const double betas[] = {0.0, 1.0, -1.5};
  each_config([&](Isa isa, int threads) {
    for (int it = 0; it < 60; it++) {
      Shape s;
      switch (kind(rng)) {
        case 0: s = {small(rng), dim(rng) * 8, dim(rng)}; break;          // short-wide (direct B)
        case 1: s = {dim(rng), small(rng), dim(rng) * 4}; break;          // tall-skinny, deep
        case 2: s = {dim(rng), dim(rng), small(rng)}; break;              // shallow K
        default: s = {dim(rng), dim(rng), dim(rng)}; break;
      }
      const bool ta = rng() & 1, tb = rng() & 1;
      const int pad = static_cast<int>(rng() % 3) * 5;
      const double alpha = alphas[it % 4], beta = betas[(it / 4) % 3];
      const BiasKind bk = static_cast<BiasKind>(it % 3);
      const bool relu = (it / 3) % 2;
      Case c = make_case(ta, tb, s, pad, alpha, beta, bk, relu);
      check_case(c, rng, isa, threads);
    }
  });
}

TL_TEST(gemm_training_shapes) {
  // The shapes training uses (MLP batch 64, LeNet im2col) and their backward transposes.
  std::mt19937 rng(7);
  struct T {
    bool ta, tb;
    Shape s;
  };
  const T cases[] = {{false, false, {64, 256, 784}}, {true, false, {784, 256, 64}}, {false, true, {64, 784, 256}},
                     {false, false, {6, 3000, 25}},   {false, true, {6, 25, 3000}},  {true, false, {25, 3000, 6}},
                     {false, false, {16, 640, 150}},  {true, false, {150, 640, 16}}, {false, true, {16, 150, 640}}};
  each_config([&](Isa isa, int threads) {
    for (const T& t : cases) {
      Case c = make_case(t.ta, t.tb, t.s, 0, 1.0, 0.0, BiasKind::col, true);
      check_case(c, rng, isa, threads);
    }
  });
}

TL_TEST(gemm_whole_pack_products_on_threads) {
  // Products whose packed operands take 2^18 to 2^19 elements: packed whole on several threads (each
  // thread its own copy of the operand it does not split: N split for NT 256x784x256 and 300x300x500,
  // M for 600x96x400), in panels on one. Every transpose, padding, alpha/beta, bias and ReLU.
  std::mt19937 rng(53);
  const Shape shapes[] = {{256, 784, 256}, {300, 300, 500}, {600, 96, 400}};
  int it = 0;
  each_config([&](Isa isa, int threads) {
    for (const Shape& s : shapes) {
      for (int t = 0; t < 4; t++, it++) {
        const BiasKind bk = static_cast<BiasKind>(it % 3);
        const double alpha = it % 2 ? -0.5 : 1.0, beta = it % 3 == 1 ? 0.5 : 0.0;
        check_case(make_case(t & 1, t & 2, s, it % 2 * 3, alpha, beta, bk, it % 4 == 0), rng, isa, threads);
      }
    }
  });
}

TL_TEST(gemm_narrow_products_computed_transposed) {
  // N <= half a register tile and M >= 4N with beta == 0 (an output layer with few classes and its
  // weight gradient) runs as the transposed product: every transpose, padded leading dimensions,
  // alpha, both bias kinds and ReLU; beta != 0 takes the direct path and must agree as well.
  std::mt19937 rng(41);
  // (20000 rows: computed in row blocks of 8192 and a last block of the rest.)
  const Shape shapes[] = {{64, 10, 256}, {256, 10, 64}, {784, 10, 64}, {100, 16, 33},
                          {40, 1, 7},    {29, 7, 130},  {20000, 5, 9}, {16390, 3, 4}};
  int it = 0;
  each_config([&](Isa isa, int threads) {
    for (const Shape& s : shapes) {
      for (int t = 0; t < 4; t++, it++) {
        const BiasKind bk = static_cast<BiasKind>(it % 3);
        const double alpha = it % 4 == 1 ? -0.5 : 1.0, beta = it % 5 == 4 ? 0.5 : 0.0;
        Case c = make_case(t & 1, t & 2, s, it % 3, alpha, beta, bk, it % 2 == 0);
        check_case(c, rng, isa, threads);
      }
    }
  });
}

TL_TEST(gemm_narrow_products_in_place) {
  // N below the register tile with op(B) rows contiguous (NN, TN) is computed from A and B in place:
  // every N up to 2 vectors wide, row counts around the 6-row tile, K of 1-3 (the even/odd split),
  // padded leading dimensions, alpha, beta (C read), both bias kinds, ReLU; and a product large
  // enough to split its rows over the pool.
  std::mt19937 rng(43);
  int it = 0;
  each_config([&](Isa isa, int threads) {
    for (int n = 1; n < 32; n += (n < 18 ? 1 : 5)) {
      for (const Shape& s : {Shape{1, n, 3}, Shape{5, n, 1}, Shape{7, n, 2}, Shape{13, n, 17}, Shape{100, n, 64}}) {
        for (int ta = 0; ta < 2; ta++, it++) {
          const BiasKind bk = static_cast<BiasKind>(it % 3);
          const double alpha = it % 4 == 1 ? -0.5 : 1.0, beta = it % 3 == 2 ? 0.5 : 0.0;
          check_case(make_case(ta, false, s, it % 4, alpha, beta, bk, it % 2 == 0), rng, isa, threads);
        }
      }
    }
    for (int ta = 0; ta < 2; ta++)
      check_case(make_case(ta, false, Shape{6001, 21, 40}, 1, 1.0, 0.5, BiasKind::row, true), rng, isa, threads);
  });
}

TL_TEST(gemm_small_products_in_place) {
  // Small NN / TN products (M*N*K <= 2^20; AVX-512 computes them from A and B in place, a 2-vector
  // column slice at a time, rows in equal blocks): several slices with a partial last one, row counts
  // that split unevenly, K of 1, padded leading dimensions, beta, both bias kinds and ReLU.
  std::mt19937 rng(47);
  const Shape shapes[] = {{64, 64, 64}, {13, 70, 9}, {100, 33, 100}, {1, 1, 1}, {25, 64, 1}, {31, 97, 300}, {101, 40, 7}};
  int it = 0;
  each_config([&](Isa isa, int threads) {
    for (const Shape& s : shapes) {
      for (int ta = 0; ta < 2; ta++, it++) {
        const BiasKind bk = static_cast<BiasKind>(it % 3);
        const double alpha = it % 4 == 3 ? 1.5 : 1.0, beta = it % 3 == 1 ? -0.5 : 0.0;
        check_case(make_case(ta, false, s, it % 3 ? 2 : 0, alpha, beta, bk, it % 2 == 1), rng, isa, threads);
      }
    }
  });
}

TL_TEST(gemm_beta_zero_ignores_nan_and_large_square) {
  std::mt19937 rng(5);
  each_config([&](Isa isa, int threads) {
    Case c = make_case(false, false, {203, 197, 300}, 1, 1.0, 0.0, BiasKind::row, false);
    check_case(c, rng, isa, threads);
  });
}

TL_TEST(dgemm_matches_reference) {
  std::mt19937 rng(11);
  const int saved_threads = torchlet::get_num_threads();
  for (int threads : {1, 2}) {
    torchlet::set_num_threads(threads);
    for (const Shape& s : edge_shapes()) {
      for (int t = 0; t < 4; t++) {
        Case c = make_case(t & 1, t & 2, s, t, t == 3 ? 0.25 : 1.0, t == 2 ? 2.0 : 0.0, BiasKind::none, false);
        std::string why;
        const bool ok = run_case<double>(c, rng, &why);
        TL_CHECK(ok) << "threads=" << threads << " " << describe(c) << ": " << why;
      }
    }
    Case big = make_case(true, false, {130, 150, 270}, 2, 1.0, 0.0, BiasKind::none, false);
    std::string why;
    TL_CHECK(run_case<double>(big, rng, &why)) << why;
  }
  torchlet::set_num_threads(saved_threads);
}

TL_TEST(fma_peak_is_positive) {
  const double g = torchlet::fma_peak_gflops(0.01);
  TL_CHECK(g > 0.1 && g < 1e5) << g;
}

TL_TEST(gemm_panel_mode_and_dot_path) {
  // Large enough for the panel path (several NC panels, K blocks and row blocks; B read in place
  // with a long K, or with shallow K blocks for few rows and a wide N), and long-K "NT" products
  // that take the dot-product path.
  std::mt19937 rng(21);
  struct T {
    bool ta, tb;
    Shape s;
    int pad;
    double alpha, beta;
    BiasKind bk;
    bool relu;
  };
  const T cases[] = {{false, false, {150, 3200, 400}, 0, 1.0, 0.0, BiasKind::col, true},
                     {true, true, {150, 3200, 400}, 2, 0.5, 1.0, BiasKind::row, false},
                     {true, false, {150, 3200, 400}, 0, 1.0, -1.0, BiasKind::none, false},
                     {false, true, {150, 3200, 400}, 1, 1.0, 0.0, BiasKind::none, true},
                     {false, false, {18, 17, 60000}, 3, 1.0, 0.5, BiasKind::row, true},
                     {true, false, {18, 17, 60000}, 0, 1.0, 0.0, BiasKind::col, false},
                     {false, true, {5, 7, 1001}, 3, -2.0, 0.5, BiasKind::col, true},
                     {false, true, {31, 33, 4099}, 0, 1.0, 0.0, BiasKind::row, false},
                     {false, true, {1, 1, 777}, 1, 1.0, 0.0, BiasKind::none, false},
                     // B in place, few rows, wide N: shallow K blocks (C accumulated over them)
                     {false, false, {16, 4100, 150}, 1, 1.0, 0.5, BiasKind::row, true},
                     {true, false, {7, 4099, 97}, 0, -1.0, 0.0, BiasKind::col, false},
                     // shallow K swept row-outer over several groups of B slivers, the last partial
                     {true, false, {25, 5003, 40}, 2, 1.0, 0.5, BiasKind::row, false},
                     {false, false, {13, 6001, 9}, 0, 1.0, 0.0, BiasKind::col, true},
                     // whole-pack products on several threads, split by rows: B in place with a
                     // packed partial last sliver, and B packed (transposed, partial last sliver)
                     {true, false, {150, 2003, 16}, 1, 1.0, 0.5, BiasKind::col, true},
                     {false, true, {300, 70, 250}, 0, -1.0, 0.0, BiasKind::row, false},
                     // few rows times a transposed B (batch-1..4 inference): dot products, N split
                     // over the pool when large
                     {false, true, {1, 256, 784}, 0, 1.0, 0.0, BiasKind::col, true},
                     {false, true, {3, 101, 300}, 2, -0.5, 1.0, BiasKind::row, false},
                     {false, true, {4, 8195, 130}, 1, 1.0, 0.5, BiasKind::col, true}};
  each_config([&](Isa isa, int threads) {
    for (const T& t : cases) {
      Case c = make_case(t.ta, t.tb, t.s, t.pad, t.alpha, t.beta, t.bk, t.relu);
      check_case(c, rng, isa, threads);
    }
  });
}

// x·Wᵀ ("NT") products of the given shapes on every ISA and thread count, each twice: plain (alpha
// 1, beta 0, no epilogue: written straight into C) and with alpha, beta, a bias and ReLU; C's rows
// padded in some.
template <size_t N>
void check_xwt_shapes(const Shape (&shapes)[N], std::mt19937& rng) {
  int it = 0;
  each_config([&](Isa isa, int threads) {
    for (const Shape& s : shapes) {
      for (int plain = 0; plain < 2; plain++, it++) {
        const int pad = it % 3;
        Case c = plain ? make_case(false, true, s, pad, 1.0, 0.0, BiasKind::none, false)
                       : make_case(false, true, s, pad, it % 2 ? -0.5 : 2.0, it % 4 < 2 ? 0.5 : 0.0,
                                   static_cast<BiasKind>(1 + it % 2), it % 3 == 0);
        check_case(c, rng, isa, threads);
      }
    }
  });
}

TL_TEST(gemm_few_rows_dot_products_short_k) {
  // x·Wᵀ with 1-4 rows and K from 16 (a small layer at batch 1-4): dot products of every row count
  // and a partial last block of B rows, written straight into C (alpha 1, beta 0, no epilogue; C's
  // rows padded) or through the scratch (alpha, beta, bias, ReLU).
  std::mt19937 rng(59);
  const Shape shapes[] = {{1, 84, 120}, {1, 10, 84}, {4, 84, 120}, {2, 256, 64},
                          {3, 7, 16},   {4, 33, 17}, {1, 5, 31},   {2, 70, 100}};
  check_xwt_shapes(shapes, rng);
}

TL_TEST(gemm_few_cols_dot_products) {
  // x·Wᵀ with few columns (N <= 16) and K from 64 (a Linear layer with few outputs, forward): dot
  // products over row blocks, the columns in balanced blocks of every width 1..16, K with and
  // without a partial vector, M not a multiple of the row block; plain (straight into C, rows
  // padded) and with alpha, beta, bias and ReLU (through the scratch); large enough at 1000 rows
  // to be split over the pool.
  std::mt19937 rng(61);
  const Shape shapes[] = {{64, 10, 256}, {5, 1, 64},   {7, 2, 96},    {9, 3, 100}, {13, 4, 128},
                          {6, 5, 97},    {11, 6, 160}, {64, 7, 84},   {8, 8, 256}, {17, 9, 113},
                          {30, 11, 200}, {6, 12, 96},  {19, 13, 130}, {5, 14, 64}, {33, 15, 255},
                          {64, 16, 400}, {1000, 10, 784}};
  check_xwt_shapes(shapes, rng);
}

TL_TEST(gemm_edge_tiles_every_m_and_n) {
  // Every partial-tile size (rows 1..MR, columns around 8/16/32) through the edge micro-kernels,
  // with B packed and read in place, all transposes, alpha/beta and both epilogue kinds.
  std::mt19937 rng(31);
  const Isa detected = torchlet::detected_isa();
  const int saved_threads = torchlet::get_num_threads();
  torchlet::set_num_threads(1);
  int fails = 0;
  for (Isa isa : isas()) {
    torchlet::set_active_isa(isa);
    int it = 0;
    for (int64_t M = 1; M <= 13; M++) {
      for (int64_t N : {1, 5, 8, 9, 15, 16, 17, 24, 31, 32, 33, 47}) {
        for (int64_t K : {1, 3, 70}) {
          const int t = it % 4, pad = it % 3 == 0 ? 0 : 2;
          const double alpha = it % 5 == 0 ? -1.5 : 1.0, beta = it % 3 == 0 ? 0.0 : (it % 3 == 1 ? 1.0 : 0.25);
          const BiasKind bk = static_cast<BiasKind>(it % 3);
          Case c = make_case(t & 1, t & 2, {M, N, K}, pad, alpha, beta, bk, it % 2 == 1);
          it++;
          std::string why;
          const bool ok = run_case<float>(c, rng, &why);
          if (!ok && fails++ < 5) TL_CHECK(ok) << torchlet::isa_name(isa) << " " << describe(c) << ": " << why;
        }
      }
    }
  }
  TL_CHECK(fails == 0) << "failures=" << fails;
  torchlet::set_active_isa(detected);
  torchlet::set_num_threads(saved_threads);
}
