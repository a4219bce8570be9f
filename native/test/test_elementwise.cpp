// Element-wise kernels and reductions against double-precision std:: references, on every ISA path
// this CPU supports and at 1 and 2 threads: ulp bounds for the float32 transcendental functions over a
// wide sweep (special values, denormals, overflow/underflow edges, random magnitudes), broadcast and
// strided layouts (incl. negative strides), reductions (accurate float32 sum over 1e6 elements, NaN
// and tie rules, r == 0). Buffers are exact-size so ASan catches over-reads.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "configs.h"
#include "harness.h"
#include "torchlet/cpu.h"
#include "torchlet/elementwise.h"
#include "torchlet/parallel.h"

namespace {

using torchlet::BinaryOp;
using torchlet::Isa;
using torchlet::ReduceOp;
using torchlet::UnaryOp;

using tltest::each_config;
using tltest::isas;

int64_t ordered(float f) {
  int32_t i;
  std::memcpy(&i, &f, 4);
  return i < 0 ? int64_t(INT32_MIN) - i : i;
}
int64_t ordered(double f) {
  int64_t i;
  std::memcpy(&i, &f, 8);
  return i < 0 ? INT64_MIN - i : i;
}
// ulp distance; NaN vs NaN = 0, NaN vs number = huge.
template <typename T>
double ulp_dist(T got, T want) {
  if (std::isnan(got) || std::isnan(want)) return std::isnan(got) && std::isnan(want) ? 0 : 1e30;
  if (got == want) return 0;  // incl. +0 / -0
  if (std::isinf(got) || std::isinf(want)) return 1e30;
  return std::fabs(static_cast<double>(ordered(got)) - static_cast<double>(ordered(want)));
}

// PyTorch's pow(x, scalar) special exponents, evaluated in T like PyTorch (x*x can overflow, etc.).
template <typename T>
bool ref_pow_special(T v, T a, double* out) {
  if (a == T(2)) *out = v * v;
  else if (a == T(3)) *out = v * v * v;
  else if (a == T(0.5)) *out = std::sqrt(v);
  else if (a == T(-0.5)) *out = T(1) / std::sqrt(v);
  else if (a == T(-1)) *out = T(1) / v;
  else if (a == T(-2)) *out = T(1) / (v * v);
  else return false;
  return true;
}

double ref_unary(UnaryOp op, double v, double a, double b) {
  switch (op) {
    case UnaryOp::neg: return -v;
    case UnaryOp::exp: return std::exp(v);
    case UnaryOp::log: return std::log(v);
    case UnaryOp::sqrt: return std::sqrt(v);
    case UnaryOp::rsqrt: return 1 / std::sqrt(v);
    case UnaryOp::abs: return std::fabs(v);
    case UnaryOp::sin: return std::sin(v);
    case UnaryOp::cos: return std::cos(v);
    case UnaryOp::tanh: return std::tanh(v);
    case UnaryOp::sigmoid: return v >= 0 ? 1 / (1 + std::exp(-v)) : std::exp(v) / (1 + std::exp(v));
    case UnaryOp::relu: return v < 0 ? 0.0 : v;
    case UnaryOp::clamp:
      if (!std::isnan(a)) v = v < a ? a : v;
      if (!std::isnan(b)) v = v > b ? b : v;
      return v;
    case UnaryOp::powScalar: return std::pow(v, a);
    case UnaryOp::affine: return v * a + b;
    case UnaryOp::square: return v * v;
    case UnaryOp::reciprocal: return 1 / v;
    case UnaryOp::sign: return (v > 0) - (v < 0);
    case UnaryOp::log1p: return std::log1p(v);
    case UnaryOp::expm1: return std::expm1(v);
    case UnaryOp::rpowScalar: return std::pow(a, v);
    case UnaryOp::copy: return v;
  }
  return 0;
}

const char* unary_name(UnaryOp op) {
  static const char* names[] = {"neg", "exp", "log", "sqrt", "rsqrt", "abs", "sin", "cos", "tanh", "sigmoid",
                                "relu", "clamp", "powScalar", "affine", "square", "reciprocal", "sign", "log1p",
                                "expm1", "rpowScalar", "copy"};
  return names[static_cast<int>(op)];
}

// Wide float32 sweep: specials, edges, denormals, log-uniform magnitudes, dense small range.
std::vector<float> sweep_f32(uint32_t seed, size_t random_count) {
  const float inf = std::numeric_limits<float>::infinity(), nan = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> v = {0.0f, -0.0f, inf, -inf, nan, -nan, 1e-45f, -1e-45f, 1e-40f, -1e-40f,
                          std::numeric_limits<float>::min(), -std::numeric_limits<float>::min(),
                          std::numeric_limits<float>::max(), -std::numeric_limits<float>::max(), 1, -1, 0.5f, -0.5f, 2,
                          88.0f, 88.72f, 88.7228f, 88.73f, 89, 90, -87.3f, -88.0f, -100, -103.0f, -103.97f, -104,
                          -105, -150, 9.0f, -9.0f, 9.1f, 10, 15, 20, 44, -44, 1e-4f, -1e-4f, 1e-8f, -1e-8f,
                          0.34657359f, -0.34657359f, 0.625f, -0.625f, 0.6931472f, 3.14159265f, -3.14159265f,
                          1.5707964f, 6.2831855f, 8192, 8193, 1e4f, -1e4f, 1e5f, 1e6f, 8388608.0f, 1e7f,
                          1e10f, -1e10f, 1e20f, 1e30f, 1e38f, -1.0000001f, -0.99999994f, 0.99999994f,
                          1.0000001f, 16777216.0f, 3.4e38f, 1e-30f, -1e-30f};
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> e(-40, 40), u(-1, 1), s(-12, 12);
  for (size_t i = 0; i < random_count; i++) {
    switch (i % 4) {
      case 0: v.push_back(static_cast<float>((u(rng) < 0 ? -1 : 1) * std::pow(10.0, e(rng)))); break;
      case 1: v.push_back(static_cast<float>(s(rng))); break;
      case 2: v.push_back(static_cast<float>(100 * u(rng))); break;
      default: {
        uint32_t bits = static_cast<uint32_t>(rng());  // any float bit pattern
        float f;
        std::memcpy(&f, &bits, 4);
        v.push_back(f);
      }
    }
  }
  return v;
}

struct UnaryCase {
  UnaryOp op;
  double a, b;
  double max_ulp;  // bound on the float32 paths
};

std::vector<UnaryCase> unary_cases() {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  return {{UnaryOp::neg, 0, 0, 0},         {UnaryOp::exp, 0, 0, 2},        {UnaryOp::log, 0, 0, 2},
          {UnaryOp::sqrt, 0, 0, 0},        {UnaryOp::rsqrt, 0, 0, 1},      {UnaryOp::abs, 0, 0, 0},
          {UnaryOp::sin, 0, 0, 2},         {UnaryOp::cos, 0, 0, 2},        {UnaryOp::tanh, 0, 0, 3},
          {UnaryOp::sigmoid, 0, 0, 3},     {UnaryOp::relu, 0, 0, 0},       {UnaryOp::clamp, -1.5, 2.5, 0},
          {UnaryOp::clamp, nan, 2.5, 0},   {UnaryOp::clamp, -1.5, nan, 0}, {UnaryOp::clamp, nan, nan, 0},
          {UnaryOp::powScalar, 2, 0, 0},   {UnaryOp::powScalar, 0.5, 0, 0}, {UnaryOp::powScalar, 3, 0, 1},
          {UnaryOp::powScalar, -1, 0, 0},  {UnaryOp::powScalar, -2, 0, 1}, {UnaryOp::powScalar, -0.5, 0, 1},
          {UnaryOp::powScalar, 0, 0, 0},   {UnaryOp::powScalar, 1, 0, 0},  {UnaryOp::powScalar, 1.7, 0, 2},
          {UnaryOp::powScalar, -2.5, 0, 2}, {UnaryOp::affine, 1.5, -0.25, 1}, {UnaryOp::square, 0, 0, 0},
          {UnaryOp::reciprocal, 0, 0, 0},  {UnaryOp::sign, 0, 0, 0},       {UnaryOp::log1p, 0, 0, 2},
          {UnaryOp::expm1, 0, 0, 3},       {UnaryOp::rpowScalar, 2, 0, 2}, {UnaryOp::rpowScalar, 0.3, 0, 2},
          {UnaryOp::rpowScalar, 10, 0, 2}, {UnaryOp::copy, 0, 0, 0}};
}

// Contiguous float32 unary over the sweep: max ulp per op within its bound. Sizes that are not a
// multiple of any vector width exercise the tails; the sweep is long enough to be threaded.
TL_TEST(elementwise_unary_f32_ulp) {
  std::vector<float> x = sweep_f32(1, 200000);
  const int64_t n = static_cast<int64_t>(x.size());
  const int64_t shape[1] = {n}, st[1] = {1};
  std::vector<float> out(x.size());
  each_config([&](Isa isa, int threads) {
    for (const UnaryCase& c : unary_cases()) {
      std::fill(out.begin(), out.end(), 12345.0f);
      torchlet::unary_f32(c.op, x.data(), st, out.data(), shape, 1, c.a, c.b);
      double worst = 0;
      int64_t wi = 0;
      const float af = static_cast<float>(c.a), bf = static_cast<float>(c.b);
      for (int64_t i = 0; i < n; i++) {
        double want = ref_unary(c.op, x[i], af, bf);
        if (c.op == UnaryOp::powScalar) ref_pow_special<float>(x[i], af, &want);
        double d = ulp_dist(out[i], static_cast<float>(want));
        if (c.op == UnaryOp::affine) {  // bound relative to the terms (cancellation; FMA or not)
          const double scale = std::fabs(double(x[i]) * af) + std::fabs(bf);
          d = std::isfinite(want) && std::fabs(out[i] - want) <= 1.2e-7 * scale ? 0 : d;
        }
        if (d > worst) worst = d, wi = i;
      }
      if (std::getenv("TORCHLET_TEST_VERBOSE"))
        std::printf("  %-7s t%d %-10s a=%-5g max ulp %g\n", torchlet::isa_name(isa), threads, unary_name(c.op), c.a,
                    worst);
      TL_CHECK(worst <= c.max_ulp) << torchlet::isa_name(isa) << " t" << threads << " " << unary_name(c.op) << "(a="
                                   << c.a << ") max ulp " << worst << " at x=" << x[wi] << " got " << out[wi]
                                   << " want " << static_cast<float>(ref_unary(c.op, x[wi], c.a, c.b));
    }
  });
}

TL_TEST(elementwise_unary_f64) {
  std::vector<float> xf = sweep_f32(2, 20000);
  std::vector<double> x(xf.begin(), xf.end());
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(-5, 5);
  for (int i = 0; i < 20000; i++) x.push_back(u(rng));
  const int64_t n = static_cast<int64_t>(x.size());
  const int64_t shape[1] = {n}, st[1] = {1};
  std::vector<double> out(x.size());
  each_config([&](Isa isa, int threads) {
    for (const UnaryCase& c : unary_cases()) {
      torchlet::unary_f64(c.op, x.data(), st, out.data(), shape, 1, c.a, c.b);
      double worst = 0;
      int64_t wi = 0;
      for (int64_t i = 0; i < n; i++) {
        double want = ref_unary(c.op, x[i], c.a, c.b);
        if (c.op == UnaryOp::powScalar) ref_pow_special<double>(x[i], c.a, &want);
        const double d = ulp_dist(out[i], want);
        if (d > worst) worst = d, wi = i;
      }
      TL_CHECK(worst <= 2) << torchlet::isa_name(isa) << " t" << threads << " f64 " << unary_name(c.op) << "(a="
                           << c.a << ") max ulp " << worst << " at x=" << x[wi] << " got " << out[wi];
    }
  });
}

// Strided / broadcast / negative-stride inputs for unary, and in-place (out == x).
TL_TEST(elementwise_unary_strided) {
  std::mt19937 rng(4);
  std::uniform_real_distribution<float> u(-3, 3);
  struct L {
    std::vector<int64_t> shape, strides;
    int64_t off, len;
  };
  std::vector<L> layouts = {
      {{}, {}, 3, 5},                                   // scalar
      {{7, 5}, {1, 7}, 0, 35},                          // transposed
      {{300, 257}, {1, 300}, 0, 300 * 257},             // transposed, threaded
      {{4, 1000}, {0, 1}, 0, 1000},                     // row broadcast
      {{1000, 40}, {1, 0}, 0, 1000},                    // column broadcast
      {{3, 4, 5}, {-20, 5, -1}, 2 * 20 + 4, 60},        // negative strides
      {{2, 3, 1, 600}, {3600, 1200, 7, 2}, 1, 7201},    // inner stride 2, size-1 dim
      {{0, 5}, {5, 1}, 0, 0},                           // empty
      {{2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 3},  // 16 dims
       {1536, 7, 768, 7, 384, 7, 192, 7, 96, 7, 48, 7, 24, 7, 12, 4}, 0, 3072},
  };
  {  // 17 dims of 2, all transposed (dim d has stride 2^d): nothing merges, rank 17 > the old 16
    L l{{}, {}, 0, int64_t(1) << 17};
    for (int d = 0; d < 17; d++) l.shape.push_back(2), l.strides.push_back(int64_t(1) << d);
    layouts.push_back(l);
  }
  each_config([&](Isa isa, int threads) {
    for (const L& l : layouts) {
      std::vector<float> x(static_cast<size_t>(l.len));
      for (auto& v : x) v = u(rng);
      int64_t n = 1;
      for (int64_t d : l.shape) n *= d;
      std::vector<float> out(static_cast<size_t>(n));
      for (UnaryOp op : {UnaryOp::exp, UnaryOp::neg, UnaryOp::tanh}) {
        torchlet::unary_f32(op, x.data() + l.off, l.strides.data(), out.data(), l.shape.data(),
                            static_cast<int>(l.shape.size()), 0, 0);
        // reference walk
        const int nd = static_cast<int>(l.shape.size());
        std::vector<int64_t> idx(nd, 0);
        bool ok = true;
        for (int64_t i = 0; i < n && ok; i++) {
          int64_t off = l.off;
          for (int d = 0; d < nd; d++) off += idx[d] * l.strides[d];
          const float want = static_cast<float>(ref_unary(op, x[off], 0, 0));
          if (ulp_dist(out[i], want) > 3) {
            ok = false;
            TL_CHECK(false) << torchlet::isa_name(isa) << " t" << threads << " " << unary_name(op) << " rank " << nd
                            << " at " << i << ": got " << out[i] << " want " << want;
          }
          for (int d = nd - 1; d >= 0; d--) {
            if (++idx[d] < l.shape[d]) break;
            idx[d] = 0;
          }
        }
      }
    }
    // in place
    std::vector<float> y(100003);
    for (auto& v : y) v = u(rng);
    std::vector<float> y0 = y;
    const int64_t shape[1] = {100003}, st[1] = {1};
    torchlet::unary_f32(UnaryOp::sigmoid, y.data(), st, y.data(), shape, 1, 0, 0);
    bool ok = true;
    for (size_t i = 0; i < y.size(); i++) ok = ok && ulp_dist(y[i], static_cast<float>(ref_unary(UnaryOp::sigmoid, y0[i], 0, 0))) <= 3;
    TL_CHECK(ok) << torchlet::isa_name(isa) << " in-place sigmoid";
  });
}

double ref_binary(BinaryOp op, double p, double q, double alpha) {
  switch (op) {
    case BinaryOp::add: return p + q;
    case BinaryOp::sub: return p - q;
    case BinaryOp::mul: return p * q;
    case BinaryOp::div: return p / q;
    case BinaryOp::pow: return std::pow(p, q);
    case BinaryOp::maximum: return (std::isnan(p) || std::isnan(q)) ? NAN : std::max(p, q);
    case BinaryOp::minimum: return (std::isnan(p) || std::isnan(q)) ? NAN : std::min(p, q);
    case BinaryOp::addScaled: return p + alpha * q;
    case BinaryOp::reluBackward: return q <= 0 ? 0 : p;
    case BinaryOp::sigmoidBackward: return p * (1 - q) * q;
    case BinaryOp::tanhBackward: return p * (1 - q * q);
  }
  return 0;
}
// Scale for the error bound: |result| for single ops, the size of the terms for the fused ones.
double ref_scale(BinaryOp op, double p, double q, double alpha) {
  switch (op) {
    case BinaryOp::addScaled: return std::fabs(p) + std::fabs(alpha * q);
    case BinaryOp::sigmoidBackward: return std::fabs(p) * (std::fabs(q) + q * q);
    case BinaryOp::tanhBackward: return std::fabs(p) * (1 + q * q);
    case BinaryOp::add: case BinaryOp::sub: return std::fabs(p) + std::fabs(q);
    default: return std::fabs(ref_binary(op, p, q, alpha));
  }
}

template <typename T>
void binary_call(BinaryOp op, const T* a, const int64_t* as, const T* b, const int64_t* bs, T* out,
                 const int64_t* shape, int nd, double alpha);
template <>
void binary_call<float>(BinaryOp op, const float* a, const int64_t* as, const float* b, const int64_t* bs, float* out,
                        const int64_t* shape, int nd, double alpha) {
  torchlet::binary_f32(op, a, as, b, bs, out, shape, nd, alpha);
}
template <>
void binary_call<double>(BinaryOp op, const double* a, const int64_t* as, const double* b, const int64_t* bs,
                         double* out, const int64_t* shape, int nd, double alpha) {
  torchlet::binary_f64(op, a, as, b, bs, out, shape, nd, alpha);
}

template <typename T>
void binary_layouts_test(const char* tname) {
  struct L {
    std::vector<int64_t> shape, as, bs;
    int64_t aoff, alen, boff, blen;
  };
  const std::vector<L> layouts = {
      {{1000}, {1}, {1}, 0, 1000, 0, 1000},                          // same shape
      {{100003}, {1}, {1}, 0, 100003, 0, 100003},                    // same shape, threaded
      {{100003}, {1}, {0}, 0, 100003, 0, 1},                         // tensor (+) scalar
      {{1027}, {0}, {1}, 5, 6, 0, 1027},                             // scalar (+) tensor
      {{300, 517}, {517, 1}, {0, 1}, 0, 300 * 517, 0, 517},          // row-broadcast bias
      {{517, 300}, {300, 1}, {1, 0}, 0, 517 * 300, 0, 517},          // column broadcast
      {{64, 33}, {1, 64}, {33, 1}, 0, 64 * 33, 0, 64 * 33},          // a transposed
      {{300, 517}, {517, 1}, {1, 300}, 0, 300 * 517, 0, 300 * 517},  // b transposed, threaded
      {{3, 40, 70}, {2800, 1, 40}, {0, 0, 1}, 0, 8400, 0, 70},       // batched transpose + row bias
      {{5, 6}, {1, 5}, {0, 0}, 0, 30, 0, 1},                         // transposed (+) scalar
      {{3, 4, 5}, {-20, 5, -1}, {0, 1, 0}, 44, 60, 0, 4},            // negative strides
      {{5, 7, 9}, {0, 0, 0}, {63, 9, 1}, 0, 1, 0, 315},              // broadcast over everything
      {{2, 3, 4, 50}, {600, 200, 50, 1}, {0, 50, 0, 1}, 0, 1200, 0, 150},
      {{40, 30}, {90, 3}, {60, 2}, 1, 3600, 0, 2400},                // both inner-strided
      {{}, {}, {}, 2, 3, 0, 1},                                      // scalars
  };
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(-3, 3);
  const double alpha = -0.7;
  each_config([&](Isa isa, int threads) {
    for (const L& l : layouts) {
      std::vector<T> a(l.alen), b(l.blen);
      for (auto& v : a) v = static_cast<T>(u(rng));
      for (auto& v : b) v = static_cast<T>(u(rng));
      if (l.alen > 10) a[7] = std::numeric_limits<T>::quiet_NaN();
      if (l.blen > 10) b[3] = std::numeric_limits<T>::quiet_NaN(), b[4] = 0;
      int64_t n = 1;
      for (int64_t d : l.shape) n *= d;
      std::vector<T> out(n);
      const int nd = static_cast<int>(l.shape.size());
      for (int opi = 0; opi < torchlet::kBinaryOpCount; opi++) {
        const auto op = static_cast<BinaryOp>(opi);
        std::vector<T> ap = a;
        if (op == BinaryOp::pow)
          for (auto& v : ap) v = std::fabs(v);
        binary_call<T>(op, ap.data() + l.aoff, l.as.data(), b.data() + l.boff, l.bs.data(), out.data(),
                       l.shape.data(), nd, alpha);
        std::vector<int64_t> idx(nd, 0);
        const double eps = std::numeric_limits<T>::epsilon();
        const double tol = op == BinaryOp::pow ? 4 * eps : 2.5 * eps;
        for (int64_t i = 0; i < n; i++) {
          int64_t oa = l.aoff, ob = l.boff;
          for (int d = 0; d < nd; d++) oa += idx[d] * l.as[d], ob += idx[d] * l.bs[d];
          const double p = ap[oa], q = b[ob];
          const double want = ref_binary(op, p, q, static_cast<T>(alpha));
          const double got = out[i];
          const bool ok = (std::isnan(want) && std::isnan(got)) || got == want ||
                          std::fabs(got - want) <= tol * ref_scale(op, p, q, static_cast<T>(alpha)) +
                                                       std::numeric_limits<T>::denorm_min();
          if (!ok) {
            TL_CHECK(false) << tname << " " << torchlet::isa_name(isa) << " t" << threads << " op " << opi
                            << " rank " << nd << " at " << i << ": " << p << " , " << q << " got " << got
                            << " want " << want;
            break;
          }
          for (int d = nd - 1; d >= 0; d--) {
            if (++idx[d] < l.shape[d]) break;
            idx[d] = 0;
          }
        }
      }
    }
  });
}

// In place with a transposed other operand: out == a (contiguous), b = a transposed copy's view.
TL_TEST(elementwise_binary_inplace_transposed) {
  const int64_t R = 67, C = 45;
  std::vector<float> a(R * C), bt(C * R);
  for (int64_t i = 0; i < R * C; i++) a[i] = static_cast<float>(i % 13) - 6;
  for (int64_t i = 0; i < C * R; i++) bt[i] = static_cast<float>(i % 7);
  const std::vector<float> a0 = a;
  const int64_t shape[2] = {R, C}, as[2] = {C, 1}, bs[2] = {1, R};
  each_config([&](Isa isa, int threads) {
    a = a0;
    torchlet::binary_f32(BinaryOp::add, a.data(), as, bt.data(), bs, a.data(), shape, 2, 1);
    bool ok = true;
    for (int64_t r = 0; r < R; r++)
      for (int64_t c = 0; c < C; c++) ok = ok && a[r * C + c] == a0[r * C + c] + bt[c * R + r];
    TL_CHECK(ok) << torchlet::isa_name(isa) << " t" << threads << " a += b^T in place";
    // out == b's storage itself seen transposed: a square x += x^T must not use the tiled path
    const int64_t n = 40, sq[2] = {n, n}, rs[2] = {n, 1}, ts[2] = {1, n};
    std::vector<float> x(n * n), y(n * n);
    for (int64_t i = 0; i < n * n; i++) x[i] = static_cast<float>(i);
    torchlet::binary_f32(BinaryOp::sub, x.data(), ts, x.data(), rs, y.data(), sq, 2, 1);  // y = x^T - x
    ok = true;
    for (int64_t r = 0; r < n; r++)
      for (int64_t c = 0; c < n; c++) ok = ok && y[r * n + c] == x[c * n + r] - x[r * n + c];
    TL_CHECK(ok) << torchlet::isa_name(isa) << " y = x^T - x";
  });
}

TL_TEST(elementwise_binary_f32) { binary_layouts_test<float>("f32"); }
TL_TEST(elementwise_binary_f64) { binary_layouts_test<double>("f64"); }

TL_TEST(elementwise_binary_special) {
  const float nan = NAN, inf = INFINITY;
  std::vector<float> a = {nan, 1, nan, -0.0f, 2, inf, 1, -1, nan};
  std::vector<float> b = {1, nan, nan, 0.0f, 2, 1, -inf, nan, -1};
  const int64_t n = static_cast<int64_t>(a.size()), shape[1] = {n}, st[1] = {1};
  std::vector<float> out(a.size());
  each_config([&](Isa isa, int threads) {
    torchlet::binary_f32(BinaryOp::maximum, a.data(), st, b.data(), st, out.data(), shape, 1, 0);
    TL_CHECK(std::isnan(out[0]) && std::isnan(out[1]) && std::isnan(out[2]) && out[4] == 2 && out[5] == inf &&
             out[6] == 1 && std::isnan(out[7]) && std::isnan(out[8]))
        << torchlet::isa_name(isa) << " maximum NaN";
    torchlet::binary_f32(BinaryOp::minimum, a.data(), st, b.data(), st, out.data(), shape, 1, 0);
    TL_CHECK(std::isnan(out[0]) && std::isnan(out[1]) && out[5] == 1 && out[6] == -inf && std::isnan(out[7]))
        << torchlet::isa_name(isa) << " minimum NaN";
    // reluBackward: grad passes where x > 0 or x is NaN (threshold_backward), 0 where x <= 0 even for inf grad
    std::vector<float> g = {1, 1, inf, 2, 3};
    std::vector<float> x = {nan, -1, -1, 0, 1e-30f};
    const int64_t s5[1] = {5};
    std::vector<float> o5(5);
    torchlet::binary_f32(BinaryOp::reluBackward, g.data(), st, x.data(), st, o5.data(), s5, 1, 0);
    TL_CHECK(o5[0] == 1 && o5[1] == 0 && o5[2] == 0 && o5[3] == 0 && o5[4] == 3) << torchlet::isa_name(isa) << " reluBackward";
  });
}

// ---------------------------------------------------------------- reductions

template <typename T>
bool reduce_call(ReduceOp op, const T* x, int64_t o, int64_t r, int64_t i, T* v, int32_t* idx);
template <>
bool reduce_call<float>(ReduceOp op, const float* x, int64_t o, int64_t r, int64_t i, float* v, int32_t* idx) {
  return torchlet::reduce_f32(op, x, o, r, i, v, idx);
}
template <>
bool reduce_call<double>(ReduceOp op, const double* x, int64_t o, int64_t r, int64_t i, double* v, int32_t* idx) {
  return torchlet::reduce_f64(op, x, o, r, i, v, idx);
}

template <typename T>
void reduce_shapes_test(const char* tname) {
  struct S {
    int64_t outer, r, inner;
  };
  const std::vector<S> shapes = {{1, 1, 1},     {3, 7, 1},     {1, 1000, 1},  {200, 333, 1},   {5, 17, 3},
                                 {2, 100, 300}, {1, 257, 513}, {64, 1, 10},   {1, 300000, 1},  {7, 5000, 1},
                                 {3, 2000, 40}, {1, 20, 1},    {4, 131073, 1}};
  std::mt19937 rng(6);
  std::uniform_real_distribution<double> u(-2, 2);
  each_config([&](Isa isa, int threads) {
    for (const S& s : shapes) {
      const int64_t n = s.outer * s.r * s.inner, nout = s.outer * s.inner;
      std::vector<T> x(n);
      for (auto& v : x) v = static_cast<T>(u(rng));
      // ties: duplicate some extremes
      if (n > 10) x[n / 2] = x[n / 3] = T(5), x[n / 4] = x[n / 5] = T(-5);
      std::vector<T> vals(nout);
      std::vector<int32_t> idx(nout);
      for (int opi = 0; opi < torchlet::kReduceOpCount; opi++) {
        const auto op = static_cast<ReduceOp>(opi);
        if (op == ReduceOp::prod && s.r > 50) continue;
        const bool arg = op == ReduceOp::argmax || op == ReduceOp::argmin;
        const bool with_idx = arg || op == ReduceOp::max || op == ReduceOp::min;
        std::fill(idx.begin(), idx.end(), -7);
        TL_CHECK(reduce_call<T>(op, x.data(), s.outer, s.r, s.inner, arg ? nullptr : vals.data(),
                                with_idx ? idx.data() : nullptr));
        for (int64_t o = 0; o < s.outer; o++)
          for (int64_t i = 0; i < s.inner; i++) {
            double acc = op == ReduceOp::prod ? 1 : 0, sabs = 0, best = x[o * s.r * s.inner + i];
            int64_t bi = 0;
            for (int64_t k = 0; k < s.r; k++) {
              const double v = x[(o * s.r + k) * s.inner + i];
              acc = op == ReduceOp::prod ? acc * v : acc + v;
              sabs += std::fabs(v);
              const bool mx = op == ReduceOp::max || op == ReduceOp::argmax || op == ReduceOp::logsumexp;
              if (mx ? v > best : v < best) best = v, bi = k;
            }
            double want = op == ReduceOp::sum || op == ReduceOp::prod ? acc : best;
            double scale = op == ReduceOp::sum ? sabs : std::fabs(want);
            if (op == ReduceOp::logsumexp) {
              double se = 0;
              for (int64_t k = 0; k < s.r; k++) se += std::exp(x[(o * s.r + k) * s.inner + i] - best);
              want = best + std::log(se);
              scale = std::fabs(want) + 1;
            }
            const int64_t oi = o * s.inner + i;
            // float32 is checked against a double reference; float64 against a naive double sum.
            const double eps = sizeof(T) == 4 ? std::numeric_limits<T>::epsilon() : 1e-13;
            if (!arg) {
              const double err = std::fabs(vals[oi] - want);
              TL_CHECK(err <= 4 * eps * scale) << tname << " " << torchlet::isa_name(isa) << " t" << threads << " op "
                                               << opi << " [" << s.outer << "," << s.r << "," << s.inner << "] at "
                                               << oi << " got " << vals[oi] << " want " << want;
            }
            if (with_idx)
              TL_CHECK(idx[oi] == bi) << tname << " " << torchlet::isa_name(isa) << " t" << threads << " op " << opi
                                      << " [" << s.outer << "," << s.r << "," << s.inner << "] index " << idx[oi]
                                      << " want " << bi;
          }
      }
    }
  });
}

TL_TEST(elementwise_reduce_f32) { reduce_shapes_test<float>("f32"); }
TL_TEST(elementwise_reduce_f64) { reduce_shapes_test<double>("f64"); }

// float32 sum over 1e6 elements against a double reference: relative error near float32 rounding.
TL_TEST(elementwise_reduce_sum_accuracy) {
  const int64_t n = 1000000;
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(0, 1);
  std::vector<float> x(n);
  for (auto& v : x) v = u(rng);
  double ref = 0;
  for (float v : x) ref += v;
  std::vector<float> xt(n);  // the same data as a column: [1, n, 1] vs [1, 1000, 1000] inner
  each_config([&](Isa isa, int threads) {
    float s = 0;
    torchlet::reduce_f32(ReduceOp::sum, x.data(), 1, n, 1, &s, nullptr);
    TL_CHECK(std::fabs(s - ref) / ref <= 1.5e-7) << torchlet::isa_name(isa) << " t" << threads << " sum " << s
                                                 << " ref " << ref << " rel " << std::fabs(s - ref) / ref;
    for (int64_t outer : {int64_t(1), int64_t(10)}) {  // rows of n/outer
      std::vector<float> rs(outer);
      torchlet::reduce_f32(ReduceOp::sum, x.data(), outer, n / outer, 1, rs.data(), nullptr);
      double tot = 0;
      for (float v : rs) tot += v;
      TL_CHECK(std::fabs(tot - ref) / ref <= 1.5e-7) << torchlet::isa_name(isa) << " rows " << outer;
    }
    // column sum: [1, 1e6/4, 4]
    float cs[4];
    torchlet::reduce_f32(ReduceOp::sum, x.data(), 1, n / 4, 4, cs, nullptr);
    for (int j = 0; j < 4; j++) {
      double r = 0;
      for (int64_t k = 0; k < n / 4; k++) r += x[k * 4 + j];
      TL_CHECK(std::fabs(cs[j] - r) / r <= 1.5e-7) << torchlet::isa_name(isa) << " column sum";
    }
    // logsumexp over the long row
    float l = 0;
    torchlet::reduce_f32(ReduceOp::logsumexp, x.data(), 1, n, 1, &l, nullptr);
    double se = 0, mx = 0;
    for (float v : x) mx = std::max<double>(mx, v);
    for (float v : x) se += std::exp(v - mx);
    const double lref = mx + std::log(se);
    TL_CHECK(std::fabs(l - lref) <= 2e-7 * lref) << torchlet::isa_name(isa) << " logsumexp " << l << " ref " << lref;
  });
}

// Short and medium rows / columns with many ties and NaNs: max/min/argmax/argmin vs a scalar scan.
TL_TEST(elementwise_reduce_ties) {
  std::mt19937 rng(8);
  std::uniform_int_distribution<int> small(-3, 3);
  each_config([&](Isa isa, int threads) {
    for (int64_t n = 1; n <= 70; n++)
      for (int trial = 0; trial < 6; trial++) {
        std::vector<float> x(n);
        for (auto& v : x) v = static_cast<float>(small(rng));
        if (trial == 1) x[rng() % n] = NAN;
        if (trial == 2) x[rng() % n] = NAN, x[rng() % n] = NAN;
        if (trial == 3) std::fill(x.begin(), x.end(), -INFINITY);
        if (trial == 4) x[rng() % n] = INFINITY, x[rng() % n] = -INFINITY;
        for (ReduceOp op : {ReduceOp::max, ReduceOp::min, ReduceOp::argmax, ReduceOp::argmin}) {
          const bool mx = op == ReduceOp::max || op == ReduceOp::argmax;
          int64_t bi = 0;
          for (int64_t i = 0; i < n; i++) {
            if (std::isnan(x[bi])) break;
            if (std::isnan(x[i]) || (mx ? x[i] > x[bi] : x[i] < x[bi])) bi = i;
          }
          float v = 0;
          int32_t idx = -1;
          torchlet::reduce_f32(op, x.data(), 1, n, 1, &v, &idx);
          TL_CHECK(idx == bi) << torchlet::isa_name(isa) << " t" << threads << " n=" << n << " op " << int(op)
                              << " trial " << trial << " idx " << idx << " want " << bi;
          if (op == ReduceOp::max || op == ReduceOp::min)
            TL_CHECK(ulp_dist(v, x[bi]) == 0) << torchlet::isa_name(isa) << " value";
          // The same values as the middle column of an [n, 3] matrix (the column-reduction path).
          std::vector<float> xc(3 * n), vc(3, 0.0f);
          std::vector<int32_t> ic(3, -1);
          for (int64_t k = 0; k < n; k++) xc[3 * k] = 7, xc[3 * k + 1] = x[k], xc[3 * k + 2] = -7;
          torchlet::reduce_f32(op, xc.data(), 1, n, 3, vc.data(), ic.data());
          TL_CHECK(ic[1] == bi) << torchlet::isa_name(isa) << " t" << threads << " column n=" << n << " op " << int(op)
                                << " trial " << trial << " idx " << ic[1] << " want " << bi;
          if (op == ReduceOp::max || op == ReduceOp::min)
            TL_CHECK(ulp_dist(vc[1], x[bi]) == 0) << torchlet::isa_name(isa) << " column value";
        }
      }
  });
}

TL_TEST(elementwise_reduce_special) {
  const float nan = NAN, inf = INFINITY;
  each_config([&](Isa isa, int threads) {
    const std::string cfg = std::string(torchlet::isa_name(isa)) + " t" + std::to_string(threads);
    // NaN: max/min -> NaN at the first NaN's index
    for (int64_t n : {int64_t(5), int64_t(100), int64_t(300000)}) {
      std::vector<float> x(n, 1.0f);
      x[n - 1] = 9;
      x[n / 2] = nan;
      x[n / 2 + 1] = nan;
      for (ReduceOp op : {ReduceOp::max, ReduceOp::min, ReduceOp::argmax, ReduceOp::argmin}) {
        float v = 0;
        int32_t i = -1;
        torchlet::reduce_f32(op, x.data(), 1, n, 1, &v, &i);
        TL_CHECK(i == n / 2) << cfg << " NaN index n=" << n << " op " << int(op) << " got " << i;
        if (op == ReduceOp::max || op == ReduceOp::min) TL_CHECK(std::isnan(v)) << cfg << " NaN value";
      }
      float l = 0, s = 0;
      torchlet::reduce_f32(ReduceOp::logsumexp, x.data(), 1, n, 1, &l, nullptr);
      torchlet::reduce_f32(ReduceOp::sum, x.data(), 1, n, 1, &s, nullptr);
      TL_CHECK(std::isnan(l) && std::isnan(s)) << cfg << " NaN lse/sum";
      // ties: first occurrence; all -inf
      std::vector<float> y(n, -inf);
      int32_t i = -1;
      float v = 0;
      torchlet::reduce_f32(ReduceOp::argmax, y.data(), 1, n, 1, nullptr, &i);
      TL_CHECK(i == 0) << cfg << " argmax all -inf";
      torchlet::reduce_f32(ReduceOp::logsumexp, y.data(), 1, n, 1, &v, nullptr);
      TL_CHECK(v == -inf) << cfg << " lse all -inf";
      y[n / 3] = inf;
      torchlet::reduce_f32(ReduceOp::logsumexp, y.data(), 1, n, 1, &v, nullptr);
      TL_CHECK(v == inf) << cfg << " lse with +inf";
      y.assign(n, 3.0f);
      y[n - 1] = 7;
      y[n / 3] = 7;
      torchlet::reduce_f32(ReduceOp::argmax, y.data(), 1, n, 1, nullptr, &i);
      TL_CHECK(i == (n / 3 == n - 1 ? n - 1 : n / 3)) << cfg << " first max " << i;
      torchlet::reduce_f32(ReduceOp::argmin, y.data(), 1, n, 1, nullptr, &i);
      TL_CHECK(i == 0) << cfg << " first min " << i;
      // logsumexp of large values does not overflow
      y.assign(n, 1000.0f);
      torchlet::reduce_f32(ReduceOp::logsumexp, y.data(), 1, n, 1, &v, nullptr);
      TL_CHECK(std::fabs(v - (1000 + std::log(double(n)))) < 1e-3) << cfg << " lse large " << v;
    }
    // column NaN handling
    std::vector<float> c = {1, nan, 3, 4, 5, nan};  // [1, 3, 2]: columns {1,3,5} and {nan,4,nan}
    float cv[2];
    int32_t ci[2];
    torchlet::reduce_f32(ReduceOp::max, c.data(), 1, 3, 2, cv, ci);
    TL_CHECK(cv[0] == 5 && ci[0] == 2 && std::isnan(cv[1]) && ci[1] == 0) << cfg << " column NaN";
    // r == 0
    float z[3] = {7, 7, 7};
    int32_t zi[3];
    TL_CHECK(torchlet::reduce_f32(ReduceOp::sum, c.data(), 3, 0, 1, z, nullptr) && z[0] == 0 && z[2] == 0);
    TL_CHECK(torchlet::reduce_f32(ReduceOp::prod, c.data(), 3, 0, 1, z, nullptr) && z[1] == 1);
    TL_CHECK(torchlet::reduce_f32(ReduceOp::logsumexp, c.data(), 3, 0, 1, z, nullptr) && z[0] == -inf);
    TL_CHECK(!torchlet::reduce_f32(ReduceOp::max, c.data(), 3, 0, 1, z, zi));
    TL_CHECK(!torchlet::reduce_f32(ReduceOp::argmin, c.data(), 3, 0, 1, nullptr, zi));
  });
}

}  // namespace

namespace {
// Dense sweep over float32 bit patterns (every 1021st: all exponents, both signs, denormals, inf/NaN)
// for the vectorised transcendental functions, every ISA, reference computed once per function.
TL_TEST(elementwise_unary_f32_dense) {
  std::vector<float> x;
  for (uint64_t b = 0; b <= 0xffffffffull; b += 1021) {
    const uint32_t u = static_cast<uint32_t>(b);
    float f;
    std::memcpy(&f, &u, 4);
    x.push_back(f);
  }
  const int64_t n = static_cast<int64_t>(x.size()), shape[1] = {n}, st[1] = {1};
  std::vector<float> out(x.size()), want(x.size());
  const Isa saved = torchlet::active_isa();
  for (const UnaryCase& c : unary_cases()) {
    if (c.max_ulp == 0 || c.op == UnaryOp::powScalar || c.op == UnaryOp::rpowScalar || c.op == UnaryOp::affine ||
        c.op == UnaryOp::rsqrt)
      continue;
    for (int64_t i = 0; i < n; i++) want[i] = static_cast<float>(ref_unary(c.op, x[i], c.a, c.b));
    for (Isa isa : isas()) {
      torchlet::set_active_isa(isa);
      torchlet::unary_f32(c.op, x.data(), st, out.data(), shape, 1, c.a, c.b);
      double worst = 0;
      int64_t wi = 0;
      for (int64_t i = 0; i < n; i++) {
        const double d = ulp_dist(out[i], want[i]);
        if (d > worst) worst = d, wi = i;
      }
      if (std::getenv("TORCHLET_TEST_VERBOSE"))
        std::printf("  dense %-7s %-8s max ulp %g (at %g)\n", torchlet::isa_name(isa), unary_name(c.op), worst, x[wi]);
      TL_CHECK(worst <= c.max_ulp) << torchlet::isa_name(isa) << " dense " << unary_name(c.op) << " max ulp " << worst
                                   << " at x=" << x[wi] << " got " << out[wi] << " want " << want[wi];
    }
  }
  torchlet::set_active_isa(saved);
}
}  // namespace

namespace {
// Throughput table (Melem/s), only with TORCHLET_BENCH=1: ./torchlet_native_tests elementwise_bench
TL_TEST(elementwise_bench) {
  if (!std::getenv("TORCHLET_BENCH")) return;
  const int64_t n = std::getenv("TORCHLET_BENCH_N") ? std::atoll(std::getenv("TORCHLET_BENCH_N")) : (1 << 20);
  std::vector<float> x(n), y(n), z(n);
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> u(-4, 4);
  for (auto& v : x) v = u(rng);
  for (auto& v : y) v = u(rng) + 5;
  const int64_t shape[1] = {n}, st1[1] = {1}, st0[1] = {0};
  const int64_t rows = 1024, cols = n / 1024;
  const int64_t shape2[2] = {rows, cols}, sa2[2] = {cols, 1}, sb2[2] = {0, 1};
  const int64_t shapeT[2] = {cols, rows}, saT[2] = {1, cols};
  auto timeit = [&](auto fn) {
    fn();
    double best = 1e30;
    for (int rep = 0; rep < 7; rep++) {
      const auto t0 = std::chrono::steady_clock::now();
      fn();
      best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return n / best / 1e6;
  };
  struct B {
    const char* name;
    std::function<void()> fn;
  };
  float s = 0;
  std::vector<float> colsum(cols);
  std::vector<int32_t> idx(rows);
  std::vector<float> rmax(rows);
  const std::vector<B> benches = {
      {"copy", [&] { torchlet::unary_f32(UnaryOp::copy, x.data(), st1, z.data(), shape, 1, 0, 0); }},
      {"relu", [&] { torchlet::unary_f32(UnaryOp::relu, x.data(), st1, z.data(), shape, 1, 0, 0); }},
      {"exp", [&] { torchlet::unary_f32(UnaryOp::exp, x.data(), st1, z.data(), shape, 1, 0, 0); }},
      {"log", [&] { torchlet::unary_f32(UnaryOp::log, y.data(), st1, z.data(), shape, 1, 0, 0); }},
      {"tanh", [&] { torchlet::unary_f32(UnaryOp::tanh, x.data(), st1, z.data(), shape, 1, 0, 0); }},
      {"sigmoid", [&] { torchlet::unary_f32(UnaryOp::sigmoid, x.data(), st1, z.data(), shape, 1, 0, 0); }},
      {"sin", [&] { torchlet::unary_f32(UnaryOp::sin, x.data(), st1, z.data(), shape, 1, 0, 0); }},
      {"pow1.7", [&] { torchlet::unary_f32(UnaryOp::powScalar, y.data(), st1, z.data(), shape, 1, 1.7, 0); }},
      {"transpose copy", [&] { torchlet::unary_f32(UnaryOp::copy, x.data(), saT, z.data(), shapeT, 2, 0, 0); }},
      {"add", [&] { torchlet::binary_f32(BinaryOp::add, x.data(), st1, y.data(), st1, z.data(), shape, 1, 1); }},
      {"mul scalar", [&] { torchlet::binary_f32(BinaryOp::mul, x.data(), st1, y.data(), st0, z.data(), shape, 1, 1); }},
      {"bias add", [&] { torchlet::binary_f32(BinaryOp::add, x.data(), sa2, y.data(), sb2, z.data(), shape2, 2, 1); }},
      {"maximum", [&] { torchlet::binary_f32(BinaryOp::maximum, x.data(), st1, y.data(), st1, z.data(), shape, 1, 1); }},
      {"reluBackward", [&] { torchlet::binary_f32(BinaryOp::reluBackward, x.data(), st1, y.data(), st1, z.data(), shape, 1, 1); }},
      {"sum", [&] { torchlet::reduce_f32(ReduceOp::sum, x.data(), 1, n, 1, &s, nullptr); }},
      {"sum dim0", [&] { torchlet::reduce_f32(ReduceOp::sum, x.data(), 1, rows, cols, colsum.data(), nullptr); }},
      {"max rows", [&] { torchlet::reduce_f32(ReduceOp::max, x.data(), rows, cols, 1, rmax.data(), idx.data()); }},
      {"argmax", [&] { torchlet::reduce_f32(ReduceOp::argmax, x.data(), 1, n, 1, nullptr, idx.data()); }},
      {"logsumexp rows", [&] { torchlet::reduce_f32(ReduceOp::logsumexp, x.data(), rows, cols, 1, rmax.data(), nullptr); }},
  };
  const Isa saved = torchlet::active_isa();
  const int saved_t = torchlet::get_num_threads();
  std::printf("n = %lld float32, Melem/s (scalar t1 | avx2 t1 t2 | avx512 t1 t2)\n", static_cast<long long>(n));
  for (const B& b : benches) {
    std::printf("  %-15s", b.name);
    for (Isa isa : isas())
      for (int t : {1, 2}) {
        if (isa == Isa::scalar && t == 2) continue;
        torchlet::set_active_isa(isa);
        torchlet::set_num_threads(t);
        std::printf(" %8.0f", timeit(b.fn));
      }
    std::printf("\n");
  }
  torchlet::set_active_isa(saved);
  torchlet::set_num_threads(saved_t);
}
}  // namespace

// JS smoke check of the binding's validation (run ad hoc against a build; the vitest suites cover the
// ops): every line must throw a JS Error / TypeError / RangeError, never crash.
//   const a = require('./build-cmake/Release/torchlet.node');
//   const x = new Float32Array(6), o = new Float32Array(6);
//   a.unary(1, x, 0, [1], new Float32Array(5), [6], 0, 0);        // out too short      -> RangeError
//   a.unary(1, x, 1, [1], o, [6], 0, 0);                          // x offset overruns  -> RangeError
//   a.unary(1, x, 0, [1], new Float64Array(6), [6], 0, 0);        // dtype mismatch     -> TypeError
//   a.unary(1, new Int32Array(6), 0, [1], new Int32Array(6), [6], 0, 0);  // not float  -> TypeError
//   a.unary(21, x, 0, [1], o, [6], 0, 0);                         // unknown op         -> RangeError
//   a.unary(1, x, 0, [1, 1], o, [6], 0, 0);                       // rank mismatch      -> RangeError
//   a.unary(1, x, 0, [1], o, [-1], 0, 0);                         // negative dim       -> RangeError
//   a.unary(1, x, 0, Array(65).fill(0), o, Array(65).fill(2), 0, 0);  // > 64 dims      -> RangeError
//   a.unary(1, x, 0, [2 ** 52], o, [2], 0, 0);                    // huge stride        -> RangeError
//   a.unary(1, x, 0, [-1], o, [2], 0, 0);                         // negative stride OOB -> RangeError
//   a.unary(1, x, 0, [0, 0, 0], o, [2 ** 40, 2 ** 40, 2 ** 40], 0, 0);  // numel > 2^53 -> RangeError
//   a.binary(0, x, 0, [3, 1], new Float32Array(3), 0, [1, 1], o, [2, 3], 1);  // b OOB  -> RangeError
//   a.reduce(0, x, 1, 2, 3, 1, new Float32Array(2));              // x OOB              -> RangeError
//   a.reduce(4, x, 0, 2, 3, 1, new Float32Array(2));              // argmax needs Int32Array -> TypeError
//   a.reduce(2, x, 0, 2, 0, 1, new Float32Array(2));              // max over r = 0     -> Error
//   a.reduceWithIndex(0, x, 0, 2, 3, 1, new Float32Array(2), new Int32Array(2));  // sum -> RangeError
//   a.unary(1, x, 0);                                             // too few arguments  -> TypeError
