// The strided element-wise driver (dimension collapsing, threading, gathering of strided operands)
// and the reductions. ISA-specific work is done by the span kernels of ew_internal.h.
#include "torchlet/elementwise.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "ew_generic.h"
#include "ew_internal.h"
#include "torchlet/parallel.h"

namespace torchlet {
namespace {

constexpr int64_t kGather = 512;         // elements per gathered chunk of a strided operand
constexpr int64_t kParallelCheap = 32768;  // below this many elements, cheap ops stay on one thread
constexpr int64_t kParallelHeavy = 8192;   // ... transcendental ops
constexpr int64_t kGrainCheap = 16384;
constexpr int64_t kGrainHeavy = 4096;

bool unary_is_heavy(UnaryOp op) {
  switch (op) {
    case UnaryOp::exp: case UnaryOp::log: case UnaryOp::sin: case UnaryOp::cos: case UnaryOp::tanh:
    case UnaryOp::sigmoid: case UnaryOp::powScalar: case UnaryOp::log1p: case UnaryOp::expm1:
    case UnaryOp::rpowScalar:
      return true;
    default:
      return false;
  }
}

// A shape with K operand stride sets, size-1 dims dropped and mergeable dims merged.
template <int K>
struct Layout {
  int nd = 0;
  int64_t numel = 0;
  int64_t shape[kMaxDims];
  int64_t st[K][kMaxDims];
};

template <int K>
Layout<K> collapse(const int64_t* shape, int ndim, const int64_t* const* strides) {
  Layout<K> L;
  L.numel = 1;
  for (int d = 0; d < ndim; d++) L.numel *= shape[d];
  if (L.numel == 0) return L;
  // Walk from the innermost dim outwards, merging dim d into the current innermost-merged dim when
  // every operand's stride satisfies st[d] == st[e] * shape[e].
  int64_t rsh[kMaxDims], rst[K][kMaxDims];
  int r = 0;
  for (int d = ndim - 1; d >= 0; d--) {
    if (shape[d] == 1) continue;
    bool merge = r > 0;
    for (int k = 0; k < K && merge; k++) merge = strides[k][d] == rst[k][r - 1] * rsh[r - 1];
    if (merge) {
      rsh[r - 1] *= shape[d];
    } else {
      rsh[r] = shape[d];
      for (int k = 0; k < K; k++) rst[k][r] = strides[k][d];
      r++;
    }
  }
  if (r == 0) {
    L.nd = 1;
    L.shape[0] = 1;
    for (int k = 0; k < K; k++) L.st[k][0] = 0;
    return L;
  }
  L.nd = r;
  for (int i = 0; i < r; i++) {
    L.shape[i] = rsh[r - 1 - i];
    for (int k = 0; k < K; k++) L.st[k][i] = rst[k][r - 1 - i];
  }
  return L;
}

// Calls fn(off[K], pos, len) for each innermost run of flat output indices [begin, end); off are the
// operands' element offsets of the run's first element (their inner stride is L.st[k][nd-1]).
template <int K, typename Fn>
void for_runs(const Layout<K>& L, int64_t begin, int64_t end, Fn&& fn) {
  const int nd = L.nd;
  int64_t idx[kMaxDims];
  int64_t off[K] = {};
  int64_t rem = begin;
  for (int d = nd - 1; d >= 0; d--) {
    idx[d] = rem % L.shape[d];
    rem /= L.shape[d];
    for (int k = 0; k < K; k++) off[k] += idx[d] * L.st[k][d];
  }
  const int last = nd - 1;
  int64_t pos = begin;
  while (pos < end) {
    const int64_t len = std::min(L.shape[last] - idx[last], end - pos);
    fn(off, pos, len);
    pos += len;
    if (pos >= end) break;
    // advance to the next row (idx[last] + len == shape[last] here)
    for (int k = 0; k < K; k++) off[k] -= idx[last] * L.st[k][last];
    idx[last] = 0;
    for (int d = last - 1; d >= 0; d--) {
      idx[d]++;
      for (int k = 0; k < K; k++) off[k] += L.st[k][d];
      if (idx[d] < L.shape[d]) break;
      for (int k = 0; k < K; k++) off[k] -= idx[d] * L.st[k][d];
      idx[d] = 0;
    }
  }
}

template <typename Fn>
void run_maybe_parallel(int64_t n, int64_t threshold, int64_t grain, Fn&& fn) {
  if (n >= threshold && get_num_threads() > 1) parallel_for(n, grain, fn);
  else fn(0, n);
}

// Unary over a layout whose last two dims are a transpose (x strides (1, s) there): copied in 32x32
// tiles (contiguous writes; the strided reads of a tile stay in L1: measured 4-6x over a plain gather
// for power-of-two strides), then the op applied
// in place on the finished output rows. Tasks are (slab, block of 32 output rows).
// Rows [r0, r1) of an R x C output block at ob from a source whose element (r, c) is x[r + c*s],
// copied in 32-column tiles so the strided reads of a tile stay in L1 while the writes are contiguous.
template <typename T>
void copy_transposed_rows(const T* x, int64_t s, int64_t r0, int64_t r1, int64_t C, T* ob) {
  constexpr int64_t TB = 32;
  for (int64_t c0 = 0; c0 < C; c0 += TB) {
    const int64_t c1 = std::min(C, c0 + TB);
    for (int64_t r = r0; r < r1; r++) {
      const T* xr = x + r;
      T* orow = ob + r * C;
      for (int64_t c = c0; c < c1; c++) orow[c] = xr[c * s];
    }
  }
}

template <typename T, typename Span>
void unary_transposed(Span span, int opc, const T* x, const Layout<1>& L, T* out, T a, T b, bool heavy) {
  constexpr int64_t TB = 32;
  const int nd = L.nd;
  const int64_t R = L.shape[nd - 2], C = L.shape[nd - 1], s = L.st[0][nd - 1];
  const int64_t nslab = L.numel / (R * C);
  const int64_t nrb = (R + TB - 1) / TB;
  const int64_t ntask = nslab * nrb;
  const bool is_copy = opc == static_cast<int>(UnaryOp::copy);
  auto work = [&](int64_t begin, int64_t end) {
    for (int64_t t = begin; t < end; t++) {
      const int64_t slab = t / nrb, r0 = (t % nrb) * TB, r1 = std::min(R, r0 + TB);
      int64_t xo = 0, rem = slab;
      for (int d = nd - 3; d >= 0; d--) {
        xo += (rem % L.shape[d]) * L.st[0][d];
        rem /= L.shape[d];
      }
      T* ob = out + slab * R * C;
      copy_transposed_rows(x + xo, s, r0, r1, C, ob);
      if (!is_copy)
        for (int64_t r = r0; r < r1; r++) span(opc, ob + r * C, ob + r * C, C, a, b);
    }
  };
  const int64_t per_task = TB * C;
  run_maybe_parallel(ntask, L.numel >= (heavy ? kParallelHeavy : kParallelCheap) ? 2 : ntask + 1,
                     std::max<int64_t>(1, (heavy ? kGrainHeavy : kGrainCheap) / per_task), work);
}

template <typename T, typename Span>
void unary_impl(Span span, UnaryOp op, const T* x, const int64_t* xs, T* out, const int64_t* shape, int ndim, T a,
                T b) {
  const int64_t* sts[1] = {xs};
  const Layout<1> L = collapse<1>(shape, ndim, sts);
  if (L.numel == 0) return;
  const int opc = static_cast<int>(op);
  const int64_t s = L.st[0][L.nd - 1];
  const bool heavy = unary_is_heavy(op);
  if (L.nd >= 2 && s != 1 && s != 0 && L.st[0][L.nd - 2] == 1 && L.shape[L.nd - 1] >= 4 && L.shape[L.nd - 2] >= 4) {
    unary_transposed(span, opc, x, L, out, a, b, heavy);
    return;
  }
  auto work = [&](int64_t begin, int64_t end) {
    for_runs<1>(L, begin, end, [&](const int64_t* off, int64_t pos, int64_t len) {
      const T* xp = x + off[0];
      T* yp = out + pos;
      if (s == 1) {
        span(opc, xp, yp, len, a, b);
      } else if (s == 0) {
        T v;
        span(opc, xp, &v, 1, a, b);
        std::fill(yp, yp + len, v);
      } else {
        T buf[kGather];
        for (int64_t c = 0; c < len; c += kGather) {
          const int64_t m = std::min(kGather, len - c);
          for (int64_t j = 0; j < m; j++) buf[j] = xp[(c + j) * s];
          span(opc, buf, yp + c, m, a, b);
        }
      }
    });
  };
  run_maybe_parallel(L.numel, heavy ? kParallelHeavy : kParallelCheap, heavy ? kGrainHeavy : kGrainCheap, work);
}

// Address range [lo, hi] (elements, relative to p) touched by operand k of L.
template <int K>
void operand_extent(const Layout<K>& L, int k, int64_t* lo, int64_t* hi) {
  *lo = *hi = 0;
  for (int d = 0; d < L.nd; d++) {
    const int64_t span = (L.shape[d] - 1) * L.st[k][d];
    if (span >= 0) *hi += span; else *lo += span;
  }
}

// Binary where operand t (0 = a, 1 = b) is a transpose in the last two dims (strides (1, s)) and the
// other operand's last-dim stride is 0 or 1: operand t is tile-copied into the output rows (as in
// unary_transposed), then the span kernel runs in place on each output row against the other
// operand's row. Only used when the other operand does not overlap out.
template <typename T, typename Span>
void binary_transposed(Span span, int opc, const T* a, const T* b, const Layout<2>& L, int t, T* out, T alpha,
                       bool heavy) {
  constexpr int64_t TB = 32;
  const int nd = L.nd, o = 1 - t;
  const T* tp = t == 0 ? a : b;
  const T* op = t == 0 ? b : a;
  const int64_t R = L.shape[nd - 2], C = L.shape[nd - 1], s = L.st[t][nd - 1];
  const int64_t so_r = L.st[o][nd - 2], so_c = L.st[o][nd - 1];
  const int64_t nslab = L.numel / (R * C), nrb = (R + TB - 1) / TB, ntask = nslab * nrb;
  auto work = [&](int64_t begin, int64_t end) {
    for (int64_t task = begin; task < end; task++) {
      const int64_t slab = task / nrb, r0 = (task % nrb) * TB, r1 = std::min(R, r0 + TB);
      int64_t to = 0, oo = 0, rem = slab;
      for (int d = nd - 3; d >= 0; d--) {
        const int64_t i = rem % L.shape[d];
        rem /= L.shape[d];
        to += i * L.st[t][d];
        oo += i * L.st[o][d];
      }
      T* ob = out + slab * R * C;
      copy_transposed_rows(tp + to, s, r0, r1, C, ob);
      for (int64_t r = r0; r < r1; r++) {
        T* orow = ob + r * C;
        const T* other = op + oo + r * so_r;
        if (t == 0) span(opc, orow, 1, other, so_c, orow, C, alpha);
        else span(opc, other, so_c, orow, 1, orow, C, alpha);
      }
    }
  };
  run_maybe_parallel(ntask, L.numel >= (heavy ? kParallelHeavy : kParallelCheap) ? 2 : ntask + 1,
                     std::max<int64_t>(1, (heavy ? kGrainHeavy : kGrainCheap) / (TB * C)), work);
}

template <typename T, typename Span>
void binary_impl(Span span, BinaryOp op, const T* a, const int64_t* as, const T* b, const int64_t* bs, T* out,
                 const int64_t* shape, int ndim, T alpha) {
  const int64_t* sts[2] = {as, bs};
  const Layout<2> L = collapse<2>(shape, ndim, sts);
  if (L.numel == 0) return;
  const int opc = static_cast<int>(op);
  const int64_t sa = L.st[0][L.nd - 1], sb = L.st[1][L.nd - 1];
  const bool direct = (sa == 0 || sa == 1) && (sb == 0 || sb == 1);
  const bool heavy = op == BinaryOp::pow;
  if (!direct && L.nd >= 2 && L.shape[L.nd - 1] >= 4 && L.shape[L.nd - 2] >= 4) {
    const bool ta = sa != 0 && sa != 1 && L.st[0][L.nd - 2] == 1;
    const bool tb = sb != 0 && sb != 1 && L.st[1][L.nd - 2] == 1;
    if (ta != tb && (ta ? (sb == 0 || sb == 1) : (sa == 0 || sa == 1))) {
      const int t = ta ? 0 : 1;
      int64_t lo, hi;
      operand_extent(L, 1 - t, &lo, &hi);
      const uintptr_t other = reinterpret_cast<uintptr_t>(t == 0 ? b : a), o0 = reinterpret_cast<uintptr_t>(out);
      const bool overlap = other + static_cast<uintptr_t>(hi) * sizeof(T) >= o0 &&
                           other - static_cast<uintptr_t>(-lo) * sizeof(T) < o0 + static_cast<uintptr_t>(L.numel) * sizeof(T);
      if (!overlap) {
        binary_transposed(span, opc, a, b, L, t, out, alpha, heavy);
        return;
      }
    }
  }
  auto work = [&](int64_t begin, int64_t end) {
    for_runs<2>(L, begin, end, [&](const int64_t* off, int64_t pos, int64_t len) {
      const T* ap = a + off[0];
      const T* bp = b + off[1];
      T* yp = out + pos;
      if (direct) {
        span(opc, ap, sa, bp, sb, yp, len, alpha);
        return;
      }
      T abuf[kGather], bbuf[kGather];
      for (int64_t c = 0; c < len; c += kGather) {
        const int64_t m = std::min(kGather, len - c);
        const T* pa;
        const T* pb;
        int64_t ia, ib;
        if (sa == 0 || sa == 1) {
          pa = ap + c * sa;
          ia = sa;
        } else {
          for (int64_t j = 0; j < m; j++) abuf[j] = ap[(c + j) * sa];
          pa = abuf;
          ia = 1;
        }
        if (sb == 0 || sb == 1) {
          pb = bp + c * sb;
          ib = sb;
        } else {
          for (int64_t j = 0; j < m; j++) bbuf[j] = bp[(c + j) * sb];
          pb = bbuf;
          ib = 1;
        }
        span(opc, pa, ia, pb, ib, yp + c, m, alpha);
      }
    });
  };
  run_maybe_parallel(L.numel, heavy ? kParallelHeavy : kParallelCheap, heavy ? kGrainHeavy : kGrainCheap, work);
}

// ---------------------------------------------------------------- reductions

struct RowOps32 {
  static double sum(const float* x, int64_t n) { return ew::active_kernels().row_f32.sum(x, n); }
  static float maxmin(const float* x, int64_t n, bool mx, int32_t* idx) {
    return ew::active_kernels().row_f32.maxmin(x, n, mx, idx);
  }
  static double sum_exp_shift(const float* x, int64_t n, float m) {
    return ew::active_kernels().row_f32.sum_exp_shift(x, n, m);
  }
  static void col_sum(const float* x, int64_t r, int64_t inner, int64_t m, float* v) {
    ew::active_kernels().col_f32.sum(x, r, inner, m, v);
  }
  static void col_maxmin(const float* x, int64_t r, int64_t inner, int64_t m, bool mx, float* v, int32_t* idx) {
    ew::active_kernels().col_f32.maxmin(x, r, inner, m, mx, v, idx);
  }
};
struct RowOps64 {
  static double sum(const double* x, int64_t n) { return ew::generic_row_sum<double>(x, n); }
  static double maxmin(const double* x, int64_t n, bool mx, int32_t* idx) {
    return ew::generic_row_maxmin<double>(x, n, mx, idx);
  }
  static void col_sum(const double* x, int64_t r, int64_t inner, int64_t m, double* v) {
    ew::generic_col_sum<double>(x, r, inner, m, v);
  }
  static void col_maxmin(const double* x, int64_t r, int64_t inner, int64_t m, bool mx, double* v, int32_t* idx) {
    ew::generic_col_maxmin<double>(x, r, inner, m, mx, v, idx);
  }
  static double sum_exp_shift(const double* x, int64_t n, double m) {
    return ew::generic_row_sum_exp_shift<double>(x, n, m);
  }
};

using ew::kColChunk;
constexpr int64_t kReduceParallel = 32768;  // elements read
constexpr int64_t kSumBlock = 65536;        // fixed blocks for a single long row (deterministic)

inline bool is_max_like(ReduceOp op) { return op == ReduceOp::max || op == ReduceOp::argmax; }

template <typename T>
T logsumexp_finish(T m, double s) {
  return static_cast<T>(static_cast<double>(m) + std::log(s));
}

// One contiguous row of n elements.
template <typename T, typename R>
void reduce_row(ReduceOp op, const T* x, int64_t n, T* value, int32_t* index) {
  switch (op) {
    case ReduceOp::sum:
      if (n <= 32) {  // short rows: double loop with 4 chains (latency-bound otherwise), no kernel setup
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int64_t i = 0;
        for (; i + 4 <= n; i += 4) {
          a0 += static_cast<double>(x[i]);
          a1 += static_cast<double>(x[i + 1]);
          a2 += static_cast<double>(x[i + 2]);
          a3 += static_cast<double>(x[i + 3]);
        }
        for (; i < n; i++) a0 += static_cast<double>(x[i]);
        *value = static_cast<T>((a0 + a1) + (a2 + a3));
      } else {
        *value = static_cast<T>(R::sum(x, n));
      }
      return;
    case ReduceOp::prod: {
      T p = 1;
      for (int64_t i = 0; i < n; i++) p *= x[i];
      *value = p;
      return;
    }
    case ReduceOp::max: case ReduceOp::min: case ReduceOp::argmax: case ReduceOp::argmin: {
      int32_t idx = 0;
      const T v = R::maxmin(x, n, is_max_like(op), &idx);
      if (value) *value = v;
      if (index) *index = idx;
      return;
    }
    case ReduceOp::logsumexp: {
      const T m = R::maxmin(x, n, true, nullptr);
      if (m != m || std::isinf(m)) *value = m;  // NaN, all -inf, or +inf present
      else *value = logsumexp_finish<T>(m, R::sum_exp_shift(x, n, m));
      return;
    }
  }
}

// A single very long row, split into fixed blocks reduced in parallel and combined in order.
template <typename T, typename R>
void reduce_long_row(ReduceOp op, const T* x, int64_t n, T* value, int32_t* index) {
  const int64_t nb = (n + kSumBlock - 1) / kSumBlock;
  auto blk = [&](int64_t i, int64_t& b0, int64_t& len) {
    b0 = i * kSumBlock;
    len = std::min(kSumBlock, n - b0);
  };
  if (op == ReduceOp::sum) {
    std::vector<double> part(nb);
    parallel_for(nb, 1, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; i++) {
        int64_t b0, len;
        blk(i, b0, len);
        part[i] = R::sum(x + b0, len);
      }
    });
    double s = 0;
    for (double p : part) s += p;
    *value = static_cast<T>(s);
    return;
  }
  // max/min/arg/logsumexp: per-block extreme (first NaN / first extreme wins in block order)
  const bool mx = op == ReduceOp::logsumexp || is_max_like(op);
  std::vector<T> bv(nb);
  std::vector<int32_t> bi(nb);
  parallel_for(nb, 1, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; i++) {
      int64_t b0, len;
      blk(i, b0, len);
      bv[i] = R::maxmin(x + b0, len, mx, &bi[i]);
    }
  });
  T best = bv[0];
  int64_t bidx = bi[0];
  for (int64_t i = 1; i < nb && best == best; i++) {
    const T v = bv[i];
    if (v != v || (mx ? v > best : v < best)) {
      best = v;
      bidx = i * kSumBlock + bi[i];
    }
  }
  if (op != ReduceOp::logsumexp) {
    if (value) *value = best;
    if (index) *index = static_cast<int32_t>(bidx);
    return;
  }
  if (best != best || std::isinf(best)) {
    *value = best;
    return;
  }
  std::vector<double> part(nb);
  parallel_for(nb, 1, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; i++) {
      int64_t b0, len;
      blk(i, b0, len);
      part[i] = R::sum_exp_shift(x + b0, len, best);
    }
  });
  double s = 0;
  for (double p : part) s += p;
  *value = logsumexp_finish<T>(best, s);
}

// Columns [i0, i1) of slab o: x points at element (o, 0, i0); stride between k's is `inner`.
template <typename T, typename R>
void reduce_cols(ReduceOp op, const T* x, int64_t r, int64_t inner, int64_t m, T* value, int32_t* index) {
  switch (op) {
    case ReduceOp::sum:
      return R::col_sum(x, r, inner, m, value);
    case ReduceOp::prod: {
      T acc[kColChunk];
      for (int64_t j = 0; j < m; j++) acc[j] = T(1);
      for (int64_t k = 0; k < r; k++) {
        const T* row = x + k * inner;
        for (int64_t j = 0; j < m; j++) acc[j] *= row[j];
      }
      for (int64_t j = 0; j < m; j++) value[j] = acc[j];
      return;
    }
    case ReduceOp::max: case ReduceOp::min: case ReduceOp::argmax: case ReduceOp::argmin:
    case ReduceOp::logsumexp: {
      const bool mx = op == ReduceOp::logsumexp || is_max_like(op);
      T best[kColChunk];
      int32_t bi[kColChunk];
      R::col_maxmin(x, r, inner, m, mx, best, bi);
      if (op != ReduceOp::logsumexp) {
        if (value) std::copy(best, best + m, value);
        if (index) std::copy(bi, bi + m, index);
        return;
      }
      double acc[kColChunk] = {};
      for (int64_t k = 0; k < r; k++) {
        const T* row = x + k * inner;
        for (int64_t j = 0; j < m; j++) {
          const T b = best[j];
          if (b == b && !std::isinf(b)) acc[j] += std::exp(static_cast<double>(row[j]) - static_cast<double>(b));
        }
      }
      for (int64_t j = 0; j < m; j++) {
        const T b = best[j];
        value[j] = (b != b || std::isinf(b)) ? b : logsumexp_finish<T>(b, acc[j]);
      }
      return;
    }
  }
}

template <typename T, typename R>
bool reduce_impl(ReduceOp op, const T* x, int64_t outer, int64_t r, int64_t inner, T* values, int32_t* indices) {
  const int64_t nout = outer * inner;
  if (r == 0) {
    if (op != ReduceOp::sum && op != ReduceOp::prod && op != ReduceOp::logsumexp) return false;
    const T fill = op == ReduceOp::sum ? T(0) : op == ReduceOp::prod ? T(1) : -std::numeric_limits<T>::infinity();
    for (int64_t i = 0; i < nout; i++) values[i] = fill;
    return true;
  }
  if (nout == 0) return true;
  const int64_t total = nout * r;
  if (inner == 1) {
    if (outer == 1 && r >= 2 * kSumBlock && op != ReduceOp::prod) {
      reduce_long_row<T, R>(op, x, r, values, indices);
      return true;
    }
    auto rows = [&](int64_t b, int64_t e) {
      for (int64_t o = b; o < e; o++)
        reduce_row<T, R>(op, x + o * r, r, values ? values + o : nullptr, indices ? indices + o : nullptr);
    };
    run_maybe_parallel(outer, total >= kReduceParallel ? 2 : outer + 1, std::max<int64_t>(1, kReduceParallel / r / 2),
                       rows);
    return true;
  }
  // Column chunks: kColChunk wide, narrower (down to 32) when that leaves too few tasks to share.
  // Each column is still reduced in order over r, so results do not depend on the chunking.
  int64_t cc = kColChunk;
  if (total >= kReduceParallel)
    while (cc > 32 && outer * ((inner + cc - 1) / cc) < 8) cc /= 2;
  const int64_t nic = (inner + cc - 1) / cc;
  const int64_t ntask = outer * nic;
  auto tasks = [&](int64_t b, int64_t e) {
    for (int64_t t = b; t < e; t++) {
      const int64_t o = t / nic, i0 = (t % nic) * cc;
      const int64_t m = std::min(cc, inner - i0);
      const int64_t oi = o * inner + i0;
      reduce_cols<T, R>(op, x + o * r * inner + i0, r, inner, m, values ? values + oi : nullptr,
                     indices ? indices + oi : nullptr);
    }
  };
  run_maybe_parallel(ntask, total >= kReduceParallel ? 2 : ntask + 1,
                     std::max<int64_t>(1, kReduceParallel / (r * cc) / 2), tasks);
  return true;
}

}  // namespace

void unary_f32(UnaryOp op, const float* x, const int64_t* xs, float* out, const int64_t* shape, int ndim, double a,
               double b) {
  unary_impl<float>(ew::active_kernels().unary_f32, op, x, xs, out, shape, ndim, static_cast<float>(a),
                    static_cast<float>(b));
}
void unary_f64(UnaryOp op, const double* x, const int64_t* xs, double* out, const int64_t* shape, int ndim, double a,
               double b) {
  unary_impl<double>(ew::active_kernels().unary_f64, op, x, xs, out, shape, ndim, a, b);
}
void binary_f32(BinaryOp op, const float* a, const int64_t* as, const float* b, const int64_t* bs, float* out,
                const int64_t* shape, int ndim, double alpha) {
  binary_impl<float>(ew::active_kernels().binary_f32, op, a, as, b, bs, out, shape, ndim, static_cast<float>(alpha));
}
void binary_f64(BinaryOp op, const double* a, const int64_t* as, const double* b, const int64_t* bs, double* out,
                const int64_t* shape, int ndim, double alpha) {
  binary_impl<double>(ew::active_kernels().binary_f64, op, a, as, b, bs, out, shape, ndim, alpha);
}
bool reduce_f32(ReduceOp op, const float* x, int64_t outer, int64_t r, int64_t inner, float* values,
                int32_t* indices) {
  return reduce_impl<float, RowOps32>(op, x, outer, r, inner, values, indices);
}
bool reduce_f64(ReduceOp op, const double* x, int64_t outer, int64_t r, int64_t inner, double* values,
                int32_t* indices) {
  return reduce_impl<double, RowOps64>(op, x, outer, r, inner, values, indices);
}

}  // namespace torchlet
