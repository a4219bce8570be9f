// The GEMM driver (BLIS / GotoBLAS) and the ISA dispatch.
//
// Panel mode (large products): for each NC-column panel of B and KC-deep block of K, B is packed
// once into NR-column slivers, in groups each packed by the thread that then mostly reads it; tasks
// over (MC-row block of A, group of B slivers) run on the pool: each packs its A block into MR-row
// slivers (thread-local, reused by the next task of the same block) and sweeps the MR x NR
// micro-kernel over it, B sliver outermost (L1) and A block innermost (L2).
// Whole-pack mode (products whose packed operands fit in ~1 MB, ~2 MB on several threads: most
// training shapes): A and B packed whole up front on one thread; on several, one pool round trip,
// each task packing the part of the split operand it computes and each thread the other operand
// whole, so small products pay one synchronisation, not two per K block.
// Edges use zero-padded packing; partial tiles go through the ISA's edge micro-kernel (only m rows
// of FMAs, masked columns), or a small on-stack tile for the portable kernel. When op(B) is
// row-major and M is small or K tiny (B reused by only a few A slivers), full B slivers are read in
// place instead of packed. "NT" products with a small M x N and a long K (weight gradients), with
// a few rows (x·Wᵀ at batch 1-4) or a few columns (x·Wᵀ, few outputs) use dot products instead
// (dot_path). Products below kParallelMin stay on the calling thread.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#include <xmmintrin.h>
#endif

#include "gemm_internal.h"
#include "torchlet/cpu.h"
#include "torchlet/gemm.h"
#include "torchlet/parallel.h"

namespace torchlet {
namespace gemm {
namespace {

// Products smaller than this (M*N*K multiply-adds) run on the calling thread: below it, waking a
// second thread cost as much as it saved (paired 1- vs 2-thread samples: 128^3 0.85-1.07x,
// 64x256x128 0.72-0.96x, 160^3 0.97-1.40x; 256^3 1.26-1.57x).
constexpr int64_t kParallelMin = int64_t(1) << 22;

template <typename T>
struct AlignedBuf {
  T* p = nullptr;
  size_t cap = 0;
  T* get(size_t n) {
    if (n > cap) {
      release();
      p = static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(64)));
      cap = n;
    }
    return p;
  }
  void release() {
    if (p) ::operator delete(p, std::align_val_t(64));
    p = nullptr;
    cap = 0;
  }
  ~AlignedBuf() { release(); }
};

// Portable micro-kernel: plain loops over a fixed-size accumulator tile that compilers keep in
// registers and vectorise (SSE2 on baseline x86-64, NEON on arm64).
template <typename T, int MR, int NR>
void ukr_portable(int64_t kc, const T* a, const T* b, int64_t bs, T* c, int64_t ldc, T alpha, T beta, const T* rbias,
                  const T* cbias, bool relu) {
  T acc[MR][NR];
  for (int i = 0; i < MR; i++)
    for (int j = 0; j < NR; j++) acc[i][j] = T(0);
  for (int64_t k = 0; k < kc; k++) {
    for (int i = 0; i < MR; i++) {
      const T ai = a[i];
      for (int j = 0; j < NR; j++) acc[i][j] += ai * b[j];
    }
    a += MR;
    b += bs;
  }
  for (int i = 0; i < MR; i++) {
    T* cp = c + i * ldc;
    for (int j = 0; j < NR; j++) {
      T v = alpha * acc[i][j];
      if (beta != T(0)) v += beta * cp[j];
      if (rbias) v += rbias[i];
      if (cbias) v += cbias[j];
      if (relu && v < T(0)) v = T(0);
      cp[j] = v;
    }
  }
}

// A rows [i0, i0+mc), depth [pc, pc+kc) -> MR-row slivers: buf[(s/MR)*kc*MR + k*MR + i], zero-padded.
template <typename T, int MR>
void pack_a(bool ta, const T* A, int64_t lda, int64_t i0, int64_t mc, int64_t pc, int64_t kc, T* buf) {
  for (int64_t s = 0; s < mc; s += MR) {
    const int64_t m = std::min<int64_t>(MR, mc - s);
    T* d = buf + (s / MR) * kc * MR;
    if (!ta) {
      const T* rows[MR];
      for (int i = 0; i < MR; i++) rows[i] = A + (i0 + s + std::min<int64_t>(i, m - 1)) * lda + pc;
      if (m == MR) {
        int64_t k0 = 0;
#if defined(__SSE2__)
        if constexpr (std::is_same<T, float>::value && (MR == 6 || MR % 4 == 0)) {
          // 4 k at a time: 4x4 register transposes of rows (4i..4i+3); for MR == 6, rows 4-5 as pairs.
          constexpr int R4 = MR / 4 * 4;
          for (; k0 + 4 <= kc; k0 += 4) {
            T* o = d + k0 * MR;
            for (int i = 0; i < R4; i += 4) {
              __m128 r0 = _mm_loadu_ps(rows[i] + k0), r1 = _mm_loadu_ps(rows[i + 1] + k0);
              __m128 r2 = _mm_loadu_ps(rows[i + 2] + k0), r3 = _mm_loadu_ps(rows[i + 3] + k0);
              _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
              _mm_storeu_ps(o + 0 * MR + i, r0);
              _mm_storeu_ps(o + 1 * MR + i, r1);
              _mm_storeu_ps(o + 2 * MR + i, r2);
              _mm_storeu_ps(o + 3 * MR + i, r3);
            }
            if constexpr (MR == 6) {
              const __m128 r4 = _mm_loadu_ps(rows[4] + k0), r5 = _mm_loadu_ps(rows[5] + k0);
              const __m128 lo = _mm_unpacklo_ps(r4, r5), hi = _mm_unpackhi_ps(r4, r5);
              _mm_storel_pi(reinterpret_cast<__m64*>(o + 0 * MR + 4), lo);
              _mm_storeh_pi(reinterpret_cast<__m64*>(o + 1 * MR + 4), lo);
              _mm_storel_pi(reinterpret_cast<__m64*>(o + 2 * MR + 4), hi);
              _mm_storeh_pi(reinterpret_cast<__m64*>(o + 3 * MR + 4), hi);
            }
          }
        }
#endif
        for (int64_t k = k0; k < kc; k++)
          for (int i = 0; i < MR; i++) d[k * MR + i] = rows[i][k];
      } else {  // partial sliver: zero it, then copy the m rows (no per-element branch)
        std::fill(d, d + kc * MR, T(0));
        for (int64_t i = 0; i < m; i++)
          for (int64_t k = 0; k < kc; k++) d[k * MR + i] = rows[i][k];
      }
    } else {  // A stored K x M: op(A)(i, k) = A[k*lda + i]
      if (m == MR) {
        for (int64_t k = 0; k < kc; k++) {
          const T* src = A + (pc + k) * lda + i0 + s;
          for (int i = 0; i < MR; i++) d[k * MR + i] = src[i];
        }
      } else {
        std::fill(d, d + kc * MR, T(0));
        for (int64_t k = 0; k < kc; k++) {
          const T* src = A + (pc + k) * lda + i0 + s;
          for (int64_t i = 0; i < m; i++) d[k * MR + i] = src[i];
        }
      }
    }
  }
}

// op(B) columns of slivers [t0, t1) of the panel starting at column j0 (nc wide), depth [pc, pc+kc)
// -> buf[t*kc*NR + k*NR + j], zero-padded. isa: the ISA's packing of full slivers, where it has one.
template <typename T, int NR>
void pack_b(bool tb, const T* B, int64_t ldb, int64_t j0, int64_t nc, int64_t pc, int64_t kc, int64_t t0, int64_t t1,
            T* buf, const PackB<T>& isa) {
  if (!tb) {
    // Full slivers: the ISA's packing where it has one (AVX-512), else row by row (B is read
    // sequentially along its rows), each row scattered over the slivers.
    const int64_t tf = std::min(t1, nc / NR);  // full slivers [t0, tf)
    if (isa.plain && t0 < tf) {
      isa.plain(B + pc * ldb + j0, ldb, kc, t0, tf, buf);
    } else {
      for (int64_t k = 0; k < kc; k++) {
        const T* src = B + (pc + k) * ldb + j0;
        for (int64_t t = t0; t < tf; t++) {
          T* d = buf + t * kc * NR + k * NR;
          const T* sp = src + t * NR;
          for (int jj = 0; jj < NR; jj++) d[jj] = sp[jj];
        }
      }
    }
    // The partial last sliver (if in range): zeroed, then its n columns copied row by row.
    for (int64_t t = std::max(t0, tf); t < t1; t++) {
      const int64_t n = std::min<int64_t>(NR, nc - t * NR);
      T* d = buf + t * kc * NR;
      std::fill(d, d + kc * NR, T(0));
      for (int64_t k = 0; k < kc; k++) {
        const T* sp = B + (pc + k) * ldb + j0 + t * NR;
        for (int64_t jj = 0; jj < n; jj++) d[k * NR + jj] = sp[jj];
      }
    }
    return;
  }
  for (int64_t t = t0; t < t1; t++) {
    const int64_t n = std::min<int64_t>(NR, nc - t * NR);
    const int64_t j = j0 + t * NR;
    T* d = buf + t * kc * NR;
    if (isa.trans && n == NR) {
      isa.trans(B + j * ldb + pc, ldb, kc, d);
      continue;
    }
    {  // B stored N x K: op(B)(k, j) = B[j*ldb + k]
      const T* cols[NR];
      for (int jj = 0; jj < NR; jj++) cols[jj] = B + (j + std::min<int64_t>(jj, n - 1)) * ldb + pc;
      if (n == NR) {
        int64_t k0 = 0;
#if defined(__SSE2__)
        if constexpr (std::is_same<T, float>::value && NR % 4 == 0) {  // 4x4 register transposes
          for (; k0 + 4 <= kc; k0 += 4) {
            for (int jj = 0; jj < NR; jj += 4) {
              __m128 r0 = _mm_loadu_ps(cols[jj] + k0), r1 = _mm_loadu_ps(cols[jj + 1] + k0);
              __m128 r2 = _mm_loadu_ps(cols[jj + 2] + k0), r3 = _mm_loadu_ps(cols[jj + 3] + k0);
              _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
              _mm_storeu_ps(d + (k0 + 0) * NR + jj, r0);
              _mm_storeu_ps(d + (k0 + 1) * NR + jj, r1);
              _mm_storeu_ps(d + (k0 + 2) * NR + jj, r2);
              _mm_storeu_ps(d + (k0 + 3) * NR + jj, r3);
            }
          }
        }
#endif
        for (int64_t k = k0; k < kc; k++)
          for (int jj = 0; jj < NR; jj++) d[k * NR + jj] = cols[jj][k];
      } else {  // partial sliver: zero it, then copy the n columns (each contiguous in k)
        std::fill(d, d + kc * NR, T(0));
        for (int64_t jj = 0; jj < n; jj++)
          for (int64_t k = 0; k < kc; k++) d[k * NR + jj] = cols[jj][k];
      }
    }
  }
}

std::atomic<uint64_t> g_phase{1};

struct Blocking {
  int64_t mc, kc, nc;
  // Read B in place when !trans_b and M <= direct_m (measured here: AVX2 gains up to M = 64 even at
  // power-of-two ldb; AVX-512's 128-byte sliver rows only up to a few A slivers).
  int64_t direct_m;
};

template <typename T>
struct Problem {
  bool ta, tb;
  int64_t M, N, K;
  T alpha;
  const T* A;
  int64_t lda;
  const T* B;
  int64_t ldb;
  T beta;
  T* C;
  int64_t ldc;
  const T* rbias;
  const T* cbias;
  bool relu;
};

// Threads for a product: the pool's, or 1 below kParallelMin multiply-adds.
template <typename T>
int threads_for(const Problem<T>& p) {
  const double work = static_cast<double>(p.M) * static_cast<double>(p.N) * static_cast<double>(p.K);
  return work >= static_cast<double>(kParallelMin) ? get_num_threads() : 1;
}

// task(0, n) on the calling thread, or its range split over the pool when nt > 1.
template <typename F>
void on_pool(int nt, int64_t n, const F& task) {
  if (nt > 1 && n > 1)
    parallel_for(n, 1, task);
  else
    task(0, n);
}

template <typename T>
void scale_only(const Problem<T>& p) {  // K == 0 or alpha == 0: C = beta*C, then the epilogue
  for (int64_t i = 0; i < p.M; i++) {
    T* c = p.C + i * p.ldc;
    for (int64_t j = 0; j < p.N; j++) {
      T v = p.beta == T(0) ? T(0) : p.beta * c[j];
      if (p.rbias) v += p.rbias[i];
      if (p.cbias) v += p.cbias[j];
      if (p.relu && v < T(0)) v = T(0);
      c[j] = v;
    }
  }
}

// B bytes per group of slivers swept row-outer (shallow K): a quarter of a 1 MB L2.
constexpr int64_t kRowSweepBytes = 256 * 1024;

// Runs the micro-kernel over rows [i0, i0+mc) (packed A block `ap`, slivers of kc*MR) and B slivers
// [s0, s1) of the panel starting at column jc, for depth block [pc, pc+kc).
template <typename T, int MR, int NR>
struct BlockRunner {
  const Problem<T>& p;
  Ukr<T> ukr;
  UkrEdge<T> edge_ukr;  // null: partial tiles go through a scratch tile
  bool direct_b;
  void run(const T* ap, int64_t i0, int64_t mc, int64_t jc, int64_t s0, int64_t s1, int64_t pc, int64_t kc,
           const T* bpk, const T* edge, bool last) const {
    const T beta = pc == 0 ? p.beta : T(1);
    const T* rbias_all = last ? p.rbias : nullptr;
    const T* cbias_all = last ? p.cbias : nullptr;
    const bool relu = last && p.relu;
    // Deep K: B sliver outermost (it stays in L1 while the A block streams from L2). Shallow K
    // (the tile is dominated by writing C): rows outermost, so C is written along a few long row
    // streams the prefetchers follow instead of a walk down every row of C per sliver; over groups
    // of slivers of at most kRowSweepBytes of B, so that every row sliver after the first finds
    // them in L2 (a whole 6400-column B block is 1 MB at kc 40: re-streamed from L3 once per row
    // sliver where L2 is 1 MB. Zen 5, 1 thread, paired A/B: 16x6400x150 1.48x, 12x4096x256 1.07x,
    // TN 25x50176x6 1.06x, TN 150x6400x16 0.98x; beside OpenBLAS 16x6400x150 0.78x -> 1.08x).
    if (kc <= 64) {
      const int64_t group = std::max<int64_t>(1, kRowSweepBytes / static_cast<int64_t>(kc * NR * sizeof(T)));
      for (int64_t g0 = s0; g0 < s1; g0 += group) {
        const int64_t g1 = std::min(s1, g0 + group);
        for (int64_t ir = 0; ir < mc; ir += MR)
          for (int64_t s = g0; s < g1; s++)
            tile(ap, i0, mc, ir, jc, s, pc, kc, bpk, edge, beta, rbias_all, cbias_all, relu);
      }
    } else {
      for (int64_t s = s0; s < s1; s++)
        for (int64_t ir = 0; ir < mc; ir += MR)
          tile(ap, i0, mc, ir, jc, s, pc, kc, bpk, edge, beta, rbias_all, cbias_all, relu);
    }
  }

  void tile(const T* ap, int64_t i0, int64_t mc, int64_t ir, int64_t jc, int64_t s, int64_t pc, int64_t kc,
            const T* bpk, const T* edge, T beta, const T* rbias_all, const T* cbias_all, bool relu) const {
    const int64_t j = jc + s * NR;
    const int64_t n = std::min<int64_t>(NR, p.N - j);
    const T* bptr;
    int64_t bs = NR;
    if (!direct_b) bptr = bpk + s * kc * NR;
    else if (n == NR) {
      bptr = p.B + pc * p.ldb + j;
      bs = p.ldb;
    } else
      bptr = edge;
    const int64_t m = std::min<int64_t>(MR, mc - ir);
    T* cp = p.C + (i0 + ir) * p.ldc + j;
    const T* rb = rbias_all ? rbias_all + i0 + ir : nullptr;
    const T* cb = cbias_all ? cbias_all + j : nullptr;
    if (m == MR && n == NR) {
      ukr(kc, ap + ir * kc, bptr, bs, cp, p.ldc, p.alpha, beta, rb, cb, relu);
    } else if (edge_ukr) {
      edge_ukr(static_cast<int>(m), static_cast<int>(n), kc, ap + ir * kc, bptr, bs, cp, p.ldc, p.alpha, beta, rb, cb,
               relu);
    } else {
      alignas(64) T tmp[MR * NR];
      ukr(kc, ap + ir * kc, bptr, bs, tmp, NR, T(1), T(0), nullptr, nullptr, false);
      for (int64_t i = 0; i < m; i++) {
        T* cr = cp + i * p.ldc;
        for (int64_t jj = 0; jj < n; jj++) {
          T v = p.alpha * tmp[i * NR + jj];
          if (beta != T(0)) v += beta * cr[jj];
          if (rb) v += rb[i];
          if (cb) v += cb[jj];
          if (relu && v < T(0)) v = T(0);
          cr[jj] = v;
        }
      }
    }
  }
};

// Products whose packed A and B fit together in this many elements are packed whole up front (one
// pool round trip), then computed in one more: two synchronisation points per call.
constexpr int64_t kWholePackMax = int64_t(1) << 18;  // 1 MB: about half of L2
// On several threads, where whole-pack mode gives each thread its own copy of the unsplit operand,
// up to twice that: the panel mode it replaces has threads read each other's packing, which costs
// more than the duplicated packing when the cores are far apart (this VM, 250 ns one way; paired
// A/B, 2 threads, AVX-512: NT 256x784x256 1.24x, NN 200x300x400 1.12x, TN 784x256x256 1.09x, NN
// 256x256x784 1.04x; AVX2 0.99-1.06x). At 2^20 the shapes added gained 1.00-1.07x: not kept.
constexpr int64_t kWholePackMaxThreads = int64_t(1) << 19;

template <typename T, int MR, int NR>
void drive(const Problem<T>& p, Blocking bl, Ukr<T> ukr, UkrEdge<T> edge_ukr = nullptr, PackB<T> isa_pack = {}) {
  const int64_t M = p.M, N = p.N, K = p.K;
  if (M <= 0 || N <= 0) return;
  if (K <= 0 || p.alpha == T(0)) return scale_only(p);

  const int nt = threads_for(p);
  const bool direct_b = !p.tb && (M <= bl.direct_m || K <= 32);
  const BlockRunner<T, MR, NR> runner{p, ukr, edge_ukr, direct_b};

  // B read in place by only a few row slivers across a wide N: shallow K blocks (at most 40 deep)
  // make the row-outer sweep stream every B row sequentially along N, which the hardware prefetchers
  // follow, instead of walking each sliver down rows a whole B row apart (measured here, 1 thread,
  // noisy machine: 16x6400x150 1.1-1.4x, 6x6400x150 1.5x; no clear gain at M >= 32 or N <= 2048).
  int64_t kc_max = bl.kc;
  if (direct_b && M <= 4 * MR && N >= 4096) kc_max = std::min<int64_t>(kc_max, 40);
  // Even K blocks (K = 300 with KC 256 -> 150 + 150, not 256 + 44); even M blocks likewise.
  const int64_t nkb = (K + kc_max - 1) / kc_max;
  const int64_t kcb = (K + nkb - 1) / nkb;
  int64_t nmb = (M + bl.mc - 1) / bl.mc;
  if (nt > 1 && nmb > 1) nmb = (nmb + nt - 1) / nt * nt;  // row blocks divide evenly among threads
  const int64_t mcb = ((M + nmb - 1) / nmb + MR - 1) / MR * MR;
  const int64_t mb = (M + mcb - 1) / mcb;
  const int64_t aslv = (M + MR - 1) / MR;

  static thread_local AlignedBuf<T> bbuf;
  static thread_local AlignedBuf<T> ebuf;
  static thread_local AlignedBuf<T> wbuf;

  const int64_t nslv_all = (N + NR - 1) / NR;
  const int64_t a_elems = aslv * MR * K, b_elems = direct_b ? 0 : nslv_all * NR * K;
  if (a_elems + b_elems <= kWholePackMaxThreads && nt > 1) {
    // Whole-pack mode on several threads: each task packs its own part of the split operand (a
    // group of B slivers, or a row block of A) and computes it, and each thread packs the other
    // operand whole once per call: one pool round trip, and no thread reads what another packed.
    // Where the cores are far apart (this VM's two vCPUs at times: 240 ns one way), reading the
    // other core's packing made 64x256x784 on 2 threads no faster than on 1.
    // Split the larger packed operand (B in place counts as none): the other one is packed by every
    // thread. Row blocks also keep each thread's part of C contiguous (far cores, paired A/B: TN
    // 150x2000x16 1.37x over splitting N, 250x64x300 1.12x).
    const bool split_n = b_elems >= a_elems || mb < nt;
    // Split N: up to 4 groups of slivers per thread, their sizes differing by at most one sliver.
    const int64_t ntasks = split_n ? std::min<int64_t>(nslv_all, 4 * nt) : mb;
    const bool edge_b = direct_b && N % NR;  // B in place but for a packed partial last sliver
    const uint64_t phase = g_phase.fetch_add(1, std::memory_order_relaxed);
    auto task = [&](int64_t t0, int64_t t1) {
      static thread_local AlignedBuf<T> whole, part;
      static thread_local uint64_t whole_phase = 0;
      // The whole operand: A as [K block][sliver] (split N), or B likewise / only B's edge slivers.
      T* w = whole.get(static_cast<size_t>(split_n ? a_elems : b_elems + (edge_b ? kcb * NR * nkb : 0)));
      if (whole_phase != phase) {
        for (int64_t pb = 0; pb < nkb; pb++) {
          const int64_t pc = pb * kcb, kc = std::min(kcb, K - pc);
          if (split_n)
            pack_a<T, MR>(p.ta, p.A, p.lda, 0, M, pc, kc, w + pb * aslv * MR * kcb);
          else if (!direct_b)
            pack_b<T, NR>(p.tb, p.B, p.ldb, 0, N, pc, kc, 0, nslv_all, w + pb * nslv_all * NR * kcb, isa_pack);
          else if (edge_b)
            pack_b<T, NR>(p.tb, p.B, p.ldb, (nslv_all - 1) * NR, N - (nslv_all - 1) * NR, pc, kc, 0, 1,
                          w + pb * kcb * NR, isa_pack);
        }
        whole_phase = phase;
      }
      for (int64_t t = t0; t < t1; t++) {
        if (split_n) {  // slivers [s0, s1) of B, all rows
          const int64_t s0 = t * nslv_all / ntasks, s1 = (t + 1) * nslv_all / ntasks, ns = s1 - s0;
          const int64_t j0 = s0 * NR, nc = std::min(N - j0, ns * NR);
          const bool has_edge = edge_b && s1 == nslv_all;
          T* b = part.get(static_cast<size_t>(direct_b ? (has_edge ? kcb * NR * nkb : 0) : ns * NR * kcb * nkb));
          for (int64_t pb = 0; pb < nkb; pb++) {
            const int64_t pc = pb * kcb, kc = std::min(kcb, K - pc);
            if (!direct_b)
              pack_b<T, NR>(p.tb, p.B, p.ldb, j0, nc, pc, kc, 0, ns, b + pb * ns * NR * kcb, isa_pack);
            else if (has_edge)
              pack_b<T, NR>(p.tb, p.B, p.ldb, (nslv_all - 1) * NR, N - (nslv_all - 1) * NR, pc, kc, 0, 1,
                            b + pb * kcb * NR, isa_pack);
          }
          for (int64_t i0 = 0; i0 < M; i0 += mcb) {
            const int64_t mc = std::min(mcb, M - i0);
            for (int64_t pb = 0; pb < nkb; pb++) {
              const int64_t pc = pb * kcb, kc = std::min(kcb, K - pc);
              runner.run(w + pb * aslv * MR * kcb + (i0 / MR) * kc * MR, i0, mc, j0, 0, ns, pc, kc,
                         direct_b ? nullptr : b + pb * ns * NR * kcb, has_edge ? b + pb * kcb * NR : nullptr,
                         pc + kc == K);
            }
          }
        } else {  // row block t of A, all of B
          const int64_t i0 = t * mcb, mc = std::min(mcb, M - i0);
          T* a = part.get(static_cast<size_t>(mcb * kcb * nkb));
          for (int64_t pb = 0; pb < nkb; pb++) {
            const int64_t pc = pb * kcb, kc = std::min(kcb, K - pc);
            pack_a<T, MR>(p.ta, p.A, p.lda, i0, mc, pc, kc, a + pb * mcb * kcb);
          }
          for (int64_t pb = 0; pb < nkb; pb++) {
            const int64_t pc = pb * kcb, kc = std::min(kcb, K - pc);
            runner.run(a + pb * mcb * kcb, i0, mc, 0, 0, nslv_all, pc, kc,
                       direct_b ? nullptr : w + pb * nslv_all * NR * kcb, edge_b ? w + pb * kcb * NR : nullptr,
                       pc + kc == K);
          }
        }
      }
    };
    parallel_for(ntasks, 1, task);
    return;
  }
  if (a_elems + b_elems <= kWholePackMax) {
    // Whole-pack mode (one thread): A as [K block][sliver] (kcb*MR per sliver slot), B likewise,
    // packed up front; then each row block loops over the K blocks.
    T* wa = wbuf.get(static_cast<size_t>(a_elems + b_elems + (direct_b && N % NR ? kcb * NR * nkb : 0)));
    T* wb = wa + a_elems;  // packed B, or (direct_b) its edge slivers, one per K block
    for (int64_t pb = 0; pb < nkb; pb++) {
      const int64_t pc = pb * kcb, kc = std::min(kcb, K - pc);
      pack_a<T, MR>(p.ta, p.A, p.lda, 0, M, pc, kc, wa + pb * aslv * MR * kcb);
      if (!direct_b)
        pack_b<T, NR>(p.tb, p.B, p.ldb, 0, N, pc, kc, 0, nslv_all, wb + pb * nslv_all * NR * kcb, isa_pack);
      else if (N % NR)
        pack_b<T, NR>(p.tb, p.B, p.ldb, (nslv_all - 1) * NR, N - (nslv_all - 1) * NR, pc, kc, 0, 1, wb + pb * kcb * NR,
                      isa_pack);
    }
    for (int64_t i0 = 0; i0 < M; i0 += mcb) {
      const int64_t mc = std::min(mcb, M - i0);
      for (int64_t pb = 0; pb < nkb; pb++) {
        const int64_t pc = pb * kcb, kc = std::min(kcb, K - pc);
        runner.run(wa + pb * aslv * MR * kcb + (i0 / MR) * kc * MR, i0, mc, 0, 0, nslv_all, pc, kc,
                   direct_b ? nullptr : wb + pb * nslv_all * NR * kcb, direct_b ? wb + pb * kcb * NR : nullptr,
                   pc + kc == K);
      }
    }
    return;
  }

  // Panel mode (large products): B packed per (NC panel, K block), shared; A packed per task. On
  // several threads the panel's slivers form groups, a whole number per thread, and the packing of a
  // group and the tasks that read it have the same home thread (parallel_for_affine): a thread
  // mostly reads the B slivers it packed. (Far cores, paired A/B at 2 threads: see the commit.)
  // Sliver groups: with the row blocks, about 32 tasks per thread, so that the end of each K block's
  // round waits for at most a small task (paired A/B at 2 threads against 8 per thread: 512^3 1.04x,
  // 1024^3 1.03x, 2048^3 1.02x, TN 300x3000x300 1.06x).
  int64_t ns = 1;
  if (nt > 1) ns = nt * std::max<int64_t>(1, (32 + mb - 1) / mb);
  const int64_t NC = direct_b ? N : bl.nc;  // B read in place needs no panel buffer
  for (int64_t jc = 0; jc < N; jc += NC) {
    const int64_t nc = std::min(NC, N - jc);
    const int64_t nslv = (nc + NR - 1) / NR;
    const int64_t ng = std::min(ns, nslv);
    const int64_t per_home = ng % nt == 0 ? ng / nt : 0;  // groups per thread (0: not a whole number)
    auto group_start = [&](int64_t g) { return g * nslv / ng; };
    for (int64_t pc = 0; pc < K; pc += kcb) {
      const int64_t kc = std::min(kcb, K - pc);
      const bool last = pc + kc == K;
      const T* bpk = nullptr;
      const T* edge = nullptr;
      if (!direct_b) {
        T* bp = bbuf.get(static_cast<size_t>(nslv * kc * NR));
        auto packfn = [&](int64_t g0, int64_t g1) {
          pack_b<T, NR>(p.tb, p.B, p.ldb, jc, nc, pc, kc, group_start(g0), group_start(g1), bp, isa_pack);
        };
        if (nt > 1 && nslv * kc * NR >= 32768)
          parallel_for_affine(ng, packfn);
        else
          packfn(0, ng);
        bpk = bp;
      } else if (nc % NR) {
        T* ep = ebuf.get(static_cast<size_t>(kc * NR));
        pack_b<T, NR>(p.tb, p.B, p.ldb, jc + (nslv - 1) * NR, nc - (nslv - 1) * NR, pc, kc, 0, 1, ep, isa_pack);
        edge = ep;
      }
      const int64_t ntasks = mb * ng;
      const uint64_t phase = g_phase.fetch_add(1, std::memory_order_relaxed);
      auto task = [&](int64_t t0, int64_t t1) {
        static thread_local AlignedBuf<T> abuf;
        static thread_local uint64_t a_phase = 0;
        static thread_local int64_t a_mi = -1;
        T* ap = abuf.get(static_cast<size_t>(mcb * kc));
        for (int64_t t = t0; t < t1; t++) {
          // Home h's tasks are its groups' (row block, group) pairs, row block outermost so that
          // consecutive tasks reuse the packed A block.
          int64_t mi, ni;
          if (per_home) {
            const int64_t h = t / (per_home * mb), r = t % (per_home * mb);
            mi = r / per_home;
            ni = h * per_home + r % per_home;
          } else {
            mi = t / ng;
            ni = t % ng;
          }
          const int64_t i0 = mi * mcb, mc = std::min(mcb, M - i0);
          if (a_phase != phase || a_mi != mi) {
            pack_a<T, MR>(p.ta, p.A, p.lda, i0, mc, pc, kc, ap);
            a_phase = phase;
            a_mi = mi;
          }
          runner.run(ap, i0, mc, jc, group_start(ni), group_start(ni + 1), pc, kc, bpk, edge, last);
        }
      };
      if (nt > 1 && ntasks > 1)
        parallel_for_affine(ntasks, task);
      else
        task(0, ntasks);
    }
  }
}

// op(A)·op(B) with A (M x K) and B (N x K) both row-major and K-contiguous, M*N small, K long
// (weight gradients dW = dY·Xᵀ): blocked dot products. K is cut into chunks whose A and B rows fit
// in L2; each chunk's partial M x N result goes to its own slot (threads claim chunks), then one
// pass sums the slots and applies alpha/beta/epilogue.
// Weight gradients: small M x N, long K.
bool dot_long_k(const Problem<float>& p) { return p.M * p.N <= 4096 && p.K >= 512 && p.K >= 4 * (p.M + p.N); }
// x·Wᵀ for a few rows (inference at batch 1-4 through a Linear layer's [out, in] weight): packing
// W costs more than the product, which reads each W row once; as dot products, one per output.
// From K = 16 (with the four-at-a-time horizontal sums; paired A/B against packing below K = 128,
// 1 thread, AVX-512 / AVX2: NT 1x84x120 3.3x / 2.9x, 4x84x120 2.1x / 1.9x, 4x256x64 1.4x / 1.6x).
// Below it packing was mostly faster (one process, 1 thread, AVX-512, packing / dots: NT 4x256x8
// 1.8x, 3x100x8 1.3x, 1x256x4 1.3x; 1x64x12 0.8x).
constexpr int64_t kDotRowsMaxM = 4, kDotRowsMinK = 16;
bool dot_few_rows(const Problem<float>& p) { return p.M <= kDotRowsMaxM && p.K >= kDotRowsMinK; }

// x·Wᵀ for a few columns (a Linear layer with few outputs, forward): packing x (transposed, in the
// Cᵀ product) cost more than the product; dot products read it in place, tasks over rows. From a K
// where the horizontal sums are amortised, which depends on the vector width. Ratio to OpenBLAS in
// one process, 1 thread, packed -> dots: AVX-512 NT 64x10x256 0.70x -> 1.06x, 64x6x400 0.63x ->
// 1.30x, 1000x10x784 1.37x -> 2.40x, 64x10x96 0.61x -> 0.67x (64x10x84 0.79x -> 0.76x and 64x32x256
// 1.40x -> 1.08x: not taken); AVX2 64x10x256 1.18x -> 1.80x, 64x10x84 1.12x -> 1.35x, 64x10x64
// 1.11x -> 1.23x. 2 threads, AVX-512: 1000x10x784 2.40x -> 6.91x (packed, it used one thread).
constexpr int64_t kDotColsMaxN = 16, kDotColsMinKAvx512 = 96, kDotColsMinKAvx2 = 64;
bool dot_few_cols(const Problem<float>& p, int64_t min_k) {
  return p.M > kDotRowsMaxM && p.N <= kDotColsMaxN && p.K >= min_k;
}

bool dot_eligible(const Problem<float>& p, int64_t cols_min_k) {
  return !p.ta && p.tb && (dot_long_k(p) || dot_few_rows(p) || dot_few_cols(p, cols_min_k));
}

void dot_finish(const Problem<float>& p, const float* P, int64_t nch);

[[maybe_unused]] void dot_path(const Problem<float>& p, DotBlock fn, int dmr, int dnr) {  // (SIMD paths only)
  const int64_t M = p.M, N = p.N, K = p.K, MN = M * N;
  const int nt = threads_for(p);
  static thread_local AlignedBuf<float> part;
  if (!dot_long_k(p)) {
    // Few rows or few columns: all of K in one dot product per output (one horizontal sum each);
    // the sums go straight to C when there is nothing to apply to them, else into a scratch M x N
    // finished below.
    const bool plain = p.alpha == 1.0f && p.beta == 0.0f && !p.rbias && !p.cbias && !p.relu;
    float* P = plain ? p.C : part.get(static_cast<size_t>(MN));
    const int64_t ldp = plain ? p.ldc : N;
    constexpr int64_t kBlocks = 8;  // dot blocks per task
    if (M <= kDotRowsMaxM) {  // few rows: tasks over columns
      const int64_t nb = (N + dnr * kBlocks - 1) / (dnr * kBlocks);
      auto task = [&](int64_t b0, int64_t b1) {
        for (int64_t j0 = b0 * dnr * kBlocks; j0 < std::min(N, b1 * dnr * kBlocks); j0 += dnr)
          for (int64_t i0 = 0; i0 < M; i0 += dmr)
            fn(K, p.A + i0 * p.lda, p.lda, static_cast<int>(std::min<int64_t>(dmr, M - i0)), p.B + j0 * p.ldb,
               p.ldb, static_cast<int>(std::min<int64_t>(dnr, N - j0)), P + i0 * ldp + j0, ldp);
      };
      on_pool(nt, nb, task);
    } else {  // few columns: tasks over rows, the columns in balanced blocks (N = 10: 5 + 5)
      const int64_t njb = (N + dnr - 1) / dnr, nib = (M + dmr - 1) / dmr, nb = (nib + kBlocks - 1) / kBlocks;
      auto task = [&](int64_t b0, int64_t b1) {
        for (int64_t i0 = b0 * kBlocks * dmr; i0 < std::min(M, b1 * kBlocks * dmr); i0 += dmr)
          for (int64_t jb = 0; jb < njb; jb++) {
            const int64_t j0 = jb * N / njb, j1 = (jb + 1) * N / njb;
            fn(K, p.A + i0 * p.lda, p.lda, static_cast<int>(std::min<int64_t>(dmr, M - i0)), p.B + j0 * p.ldb,
               p.ldb, static_cast<int>(j1 - j0), P + i0 * ldp + j0, ldp);
          }
      };
      on_pool(nt, nb, task);
    }
    if (!plain) dot_finish(p, P, 1);
    return;
  }
  // A and B chunk rows together ~256 KB (L2): long enough that the 16 horizontal sums per dot block
  // are amortised (with L1-sized 256-deep chunks they took a large share; paired A/B, AVX-512:
  // 16x150x6400 NT 1.16x at 1 and 2 threads, 31x33x4099 NT 1.31-1.36x, 6x25x50176 0.97x / 1.14x).
  int64_t kch = std::max<int64_t>(256, 65536 / (M + N));
  if (nt > 1) kch = std::min(kch, std::max<int64_t>(256, (K + 4 * nt - 1) / (4 * nt)));
  kch = std::max(kch, (K + 255) / 256);  // at most 256 slots
  kch = (kch + 63) / 64 * 64;
  const int64_t nch = (K + kch - 1) / kch;
  float* P = part.get(static_cast<size_t>(nch * MN));
  auto task = [&](int64_t c0, int64_t c1) {
    for (int64_t c = c0; c < c1; c++) {
      const int64_t k0 = c * kch, kk = std::min(kch, K - k0);
      float* out = P + c * MN;
      for (int64_t i0 = 0; i0 < M; i0 += dmr)
        for (int64_t j0 = 0; j0 < N; j0 += dnr)
          fn(kk, p.A + i0 * p.lda + k0, p.lda, static_cast<int>(std::min<int64_t>(dmr, M - i0)), p.B + j0 * p.ldb + k0,
             p.ldb, static_cast<int>(std::min<int64_t>(dnr, N - j0)), out + i0 * N + j0, N);
    }
  };
  on_pool(nt, nch, task);
  dot_finish(p, P, nch);
}

// C = alpha * (sum of the nch partial M x N results in P) + beta * C, then the epilogue.
void dot_finish(const Problem<float>& p, const float* P, int64_t nch) {
  const int64_t M = p.M, N = p.N, MN = M * N;
  for (int64_t i = 0; i < M; i++) {
    float* cr = p.C + i * p.ldc;
    for (int64_t j = 0; j < N; j++) {
      float s = 0;
      for (int64_t c = 0; c < nch; c++) s += P[c * MN + i * N + j];
      float v = p.alpha * s;
      if (p.beta != 0.0f) v += p.beta * cr[j];
      if (p.rbias) v += p.rbias[i];
      if (p.cbias) v += p.cbias[j];
      if (p.relu && v < 0.0f) v = 0.0f;
      cr[j] = v;
    }
  }
}

// Columns of the active float micro-kernel's register tile.
int register_tile_cols(Isa isa) {
#if defined(__x86_64__) || defined(_M_X64)
  if (isa == Isa::avx512) return kAvx512NR;
  if (isa == Isa::avx2) return kAvx2NR;
#endif
  (void)isa;
  return 8;
}

// C (m x n, row stride ldc) = the transpose of T (n x m, row stride ldt), 4 x 4 blocks at a time.
void transpose_into(const float* T, int64_t ldt, int64_t m, int64_t n, float* C, int64_t ldc) {
  int64_t i = 0;
#if defined(__SSE2__)
  for (; i + 4 <= m; i += 4) {
    float* c = C + i * ldc;
    int64_t j = 0;
    for (; j + 4 <= n; j += 4) {
      const float* t = T + j * ldt + i;
      __m128 r0 = _mm_loadu_ps(t), r1 = _mm_loadu_ps(t + ldt), r2 = _mm_loadu_ps(t + 2 * ldt),
             r3 = _mm_loadu_ps(t + 3 * ldt);
      _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
      _mm_storeu_ps(c + j, r0);
      _mm_storeu_ps(c + ldc + j, r1);
      _mm_storeu_ps(c + 2 * ldc + j, r2);
      _mm_storeu_ps(c + 3 * ldc + j, r3);
    }
    for (; j < n; j++)
      for (int64_t r = 0; r < 4; r++) c[r * ldc + j] = T[j * ldt + i + r];
  }
#endif
  for (; i < m; i++)
    for (int64_t j = 0; j < n; j++) C[i * ldc + j] = T[j * ldt + i];
}

#if defined(__x86_64__) || defined(_M_X64)
// Small products (M*N*K up to 2^20; op(B) rows contiguous, or made so below): packing A and B costs
// about as much as the product, so C is computed straight from them, in column slices that stay in L1 while A's
// rows stream past: 64 columns at a time (6 rows x 4 vectors), the rest 32 at a time with the narrow
// kernel. Below kParallelMin: one thread. Measured in one process beside OpenBLAS's small-matrix
// kernels (torchlet_vs_openblas, AVX-512; ratio to OpenBLAS, packed -> in place): 64^3 0.58 -> 0.91,
// TN 64^3 0.60 -> 0.90, 100^3 0.68 -> 0.84, 96^3 0.87 -> 0.93, 48x48x200 0.78 -> 0.93, 128x128x64
// 1.05 -> 1.14-1.20; at 2^22 it lost (128^3 1.03 -> 0.99). AVX2 measured neutral to mixed (OpenBLAS
// has no small kernel there; 16 registers hold no 24-accumulator tile), so it is AVX-512 only.
constexpr double kSmallDirectMax = 1048576.0;

bool small_direct_avx512(const Problem<float>& p) {
  constexpr int slice = kAvx512NR;  // two vectors
  if (static_cast<double>(p.M) * static_cast<double>(p.N) * static_cast<double>(p.K) > kSmallDirectMax) return false;
  // Transposed B is first transposed (K*N copies): paid for by M >= N rows and K >= 32 (paired A/B
  // against packing, Zen 5: NT 64^3 1.10x, 100^3 1.05x, 200x64x80 1.09x, 512x64x32 1.04x; 32x512x32
  // 0.79x, 64x128x128 0.90x, 256x256x16 0.86x, which stay packed).
  if (p.tb && (p.M < p.N || p.K < 32)) return false;
  const int64_t ars = p.ta ? 1 : p.lda, aks = p.ta ? p.lda : 1;
  const float* B = p.B;
  int64_t ldb = p.ldb;
  if (p.tb) {  // op(B) rows are B's columns: transposed once into a K x N scratch (A stays in place)
    static thread_local AlignedBuf<float> bt;
    float* t = bt.get(static_cast<size_t>(p.K * p.N));
    transpose_into(p.B, p.ldb, p.K, p.N, t, p.N);
    B = t;
    ldb = p.N;
  }
  int64_t j0 = 0;
  for (; j0 + 2 * slice <= p.N; j0 += 2 * slice)  // whole 4-vector slices first
    sgemm_wide_avx512(p.M, p.K, p.A, ars, aks, B + j0, ldb, p.C + j0, p.ldc, p.alpha, p.beta, p.rbias,
                      p.cbias ? p.cbias + j0 : nullptr, p.relu);
  for (; j0 < p.N; j0 += slice)
    sgemm_narrow_avx512(p.M, static_cast<int>(std::min<int64_t>(slice, p.N - j0)), p.K, p.A, ars, aks, B + j0, ldb,
                        p.C + j0, p.ldc, p.alpha, p.beta, p.rbias, p.cbias ? p.cbias + j0 : nullptr, p.relu);
  return true;
}

// A narrow product (N below the register tile's width) with op(B) rows contiguous: each row of C is
// at most two vectors, so it is computed straight from A and B in place, nothing packed (the
// register tile would leave columns idle, and packing A costs as much as reading it once).
// Row blocks are split over the pool when the product is large. Returns false when not eligible.
bool narrow_direct(const Problem<float>& p, NarrowFn fn, int nr) {
  if (p.tb || p.N >= nr) return false;
  const int64_t ars = p.ta ? 1 : p.lda, aks = p.ta ? p.lda : 1;
  const int n = static_cast<int>(p.N);
  auto rows = [&](int64_t i0, int64_t i1) {
    fn(i1 - i0, n, p.K, p.A + i0 * ars, ars, aks, p.B, p.ldb, p.C + i0 * p.ldc, p.ldc, p.alpha, p.beta,
       p.rbias ? p.rbias + i0 : nullptr, p.cbias, p.relu);
  };
  constexpr int64_t kBlock = 48;  // rows per task (a multiple of the 6- and 12-row narrow blocks)
  on_pool(threads_for(p), (p.M + kBlock - 1) / kBlock,
          [&](int64_t b0, int64_t b1) { rows(b0 * kBlock, std::min(p.M, b1 * kBlock)); });
  return true;
}
#endif

// A narrow product (N below the register tile's width, M at least 4N: a layer with few outputs, its
// weight gradient) leaves tile columns idle and packs all of A for a single B sliver. Its transpose
// Cᵀ = op(B)ᵀ·op(A)ᵀ is wide instead, so it is computed into a scratch N x M block (bias sides
// swapped; ReLU commutes with the transpose) and copied back transposed. Measured (paired, 1
// thread): 1.25-1.55x for N = 10..24; at N == tile width it loses (0.67-0.97x). Only with beta == 0
// (C is then not read, so the epilogue order is unchanged). Returns false when not narrow.
bool transposable_narrow(const Problem<float>& p, int nr) {
  return p.beta == 0.0f && p.N < nr && p.M >= 4 * p.N;
}

bool narrow_transposed(const Problem<float>& p, int nr) {
  if (!transposable_narrow(p, nr)) return false;
  // Rows in blocks of kRows (the last one takes the rest, under 2 kRows), so the scratch stays
  // bounded (N < 32: under 2 MB) and every block has m >= 4N rows.
  constexpr int64_t kRows = 8192;
  static thread_local AlignedBuf<float> tbuf;
  float* T = tbuf.get(static_cast<size_t>(p.N * std::min(p.M, 2 * kRows)));
  GemmEpilogue e;  // C's row bias is Cᵀ's column bias and vice versa
  e.bias_kind = p.rbias ? BiasKind::col : p.cbias ? BiasKind::row : BiasKind::none;
  e.relu = p.relu;
  for (int64_t i0 = 0, m = 0; i0 < p.M; i0 += m) {
    m = p.M - i0 < 2 * kRows ? p.M - i0 : kRows;
    const float* a = p.ta ? p.A + i0 : p.A + i0 * p.lda;  // rows i0.. of op(A)
    e.bias = p.rbias ? p.rbias + i0 : p.cbias;
    // (M' = N and N' = m >= 4N = 4M': this call is never narrow itself, so T is not reused under it.)
    sgemm(!p.tb, !p.ta, p.N, m, p.K, p.alpha, p.B, p.ldb, a, p.lda, 0.0f, T, m, e);
    transpose_into(T, m, m, p.N, p.C + i0 * p.ldc, p.ldc);
  }
  return true;
}

}  // namespace
}  // namespace gemm

namespace gemm {
namespace {
// TORCHLET_GEMM_BLOCKING="mc,kc,nc[,direct_m]" overrides the float blocking of the active SIMD path (tuning).
[[maybe_unused]] Blocking tuned(Blocking b, int mr, int nr) {  // (SIMD paths only)
  static const char* env = std::getenv("TORCHLET_GEMM_BLOCKING");
  if (!env || !*env) return b;
  long mc = 0, kc = 0, nc = 0, dm = -1;
  if (std::sscanf(env, "%ld,%ld,%ld,%ld", &mc, &kc, &nc, &dm) < 3 || mc < mr || kc < 1 || nc < nr) return b;
  b.mc = mc / mr * mr;
  b.kc = kc;
  b.nc = nc / nr * nr;
  if (dm >= 0) b.direct_m = dm;
  return b;
}
}  // namespace
}  // namespace gemm

void sgemm(bool trans_a, bool trans_b, int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda,
           const float* B, int64_t ldb, float beta, float* C, int64_t ldc, const GemmEpilogue& epi) {
  using namespace gemm;
  Problem<float> p{trans_a, trans_b, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc,
                   epi.bias_kind == BiasKind::row ? epi.bias : nullptr,
                   epi.bias_kind == BiasKind::col ? epi.bias : nullptr, epi.relu};
  // Products with no multiply-adds (scale_only in drive) skip the special paths, which assume some.
  const bool some_work = M > 0 && N > 0 && K > 0 && alpha != 0.0f;
  const Isa isa = active_isa();
  const bool dot = some_work && dot_eligible(p, isa == Isa::avx2 ? kDotColsMinKAvx2 : kDotColsMinKAvx512);
  if (some_work && !dot) {
#if defined(__x86_64__) || defined(_M_X64)
    // In place beats the transposed product except for transposed A (its rows are then contiguous in
    // M, which the transposed product's full-width tiles use): paired, AVX-512, 1 thread, NN 64x10x256
    // 1.22x, 1000x10x784 1.33x, 64x20x256 1.65x, 256x16x256 1.69x; TN 256x10x64 0.68x, 30x10x64 1.25x
    // (not transposable: M < 4N).
    const NarrowFn nfn = isa == Isa::avx512 ? sgemm_narrow_avx512 : isa == Isa::avx2 ? sgemm_narrow_avx2 : nullptr;
    if (nfn && !(p.ta && transposable_narrow(p, register_tile_cols(isa))) &&
        narrow_direct(p, nfn, register_tile_cols(isa)))
      return;
#endif
    if (narrow_transposed(p, register_tile_cols(isa))) return;
#if defined(__x86_64__) || defined(_M_X64)
    if (isa == Isa::avx512 && small_direct_avx512(p)) return;
#endif
  }
  switch (isa) {
#if defined(__x86_64__) || defined(_M_X64)
    case Isa::avx512: {
      if (dot) return dot_path(p, sdot_block_avx512, kAvx512DotMR, kAvx512DotNR);
      const Blocking bl = tuned(Blocking{144, 256, 3072, 3 * kAvx512MR}, kAvx512MR, kAvx512NR);
      return drive<float, kAvx512MR, kAvx512NR>(p, bl, sgemm_ukr_avx512, sgemm_ukr_edge_avx512,
                                                 PackB<float>{pack_bt_avx512, pack_bn_avx512});
    }
    case Isa::avx2: {
      if (dot) return dot_path(p, sdot_block_avx2, kAvx2DotMR, kAvx2DotNR);
      const Blocking bl = tuned(Blocking{144, 256, 3072, 64}, kAvx2MR, kAvx2NR);
      return drive<float, kAvx2MR, kAvx2NR>(p, bl, sgemm_ukr_avx2, sgemm_ukr_edge_avx2,
                                             PackB<float>{pack_bt_avx2, nullptr});
    }
#endif
    default:
      return drive<float, 4, 8>(p, Blocking{64, 256, 2048, 8}, ukr_portable<float, 4, 8>);
  }
}

void dgemm(bool trans_a, bool trans_b, int64_t M, int64_t N, int64_t K, double alpha, const double* A, int64_t lda,
           const double* B, int64_t ldb, double beta, double* C, int64_t ldc) {
  using namespace gemm;
  Problem<double> p{trans_a, trans_b, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, nullptr, nullptr, false};
  drive<double, 4, 4>(p, Blocking{64, 256, 2048, 8}, ukr_portable<double, 4, 4>);
}

double fma_peak_gflops(double seconds) {
  switch (active_isa()) {
#if defined(__x86_64__) || defined(_M_X64)
    case Isa::avx512:
      return gemm::fma_peak_avx512(seconds);
    case Isa::avx2:
      return gemm::fma_peak_avx2(seconds);
#endif
    default: {
      float x[16];
      for (int i = 0; i < 16; i++) x[i] = 1.0f + 1e-7f * static_cast<float>(i);
      using clk = std::chrono::steady_clock;
      const auto t0 = clk::now();
      int64_t iters = 0;
      double el = 0;
      do {
        for (int r = 0; r < 4096; r++)
          for (int i = 0; i < 16; i++) x[i] = x[i] * 0.9999999f + 1e-7f;
        iters += 4096;
        el = std::chrono::duration<double>(clk::now() - t0).count();
      } while (el < seconds);
      volatile float sink = x[0] + x[15];
      (void)sink;
      return static_cast<double>(iters) * 16 * 2 / el * 1e-9;
    }
  }
}

}  // namespace torchlet
