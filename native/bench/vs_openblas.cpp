// torchlet's sgemm beside OpenBLAS's cblas_sgemm in one process, on the same buffers: paired
// ~10 ms samples, order alternating, ratio = the median of the per-pair time ratios (> 1: torchlet
// faster) with their interquartile range. In one process both sides share every moment of this
// machine's noise, so the ratio holds within a few percent where the PyTorch harness (two
// processes) moves by 25%: the instrument for judging a kernel change against the reference.
//
//   ./build-cmake/torchlet_vs_openblas [NN1024x1024x1024,TN784x256x64,...] [threads] [pairs]
//
// OpenBLAS is loaded at run time (TORCHLET_OPENBLAS, default Debian's OpenMP build); without it the
// program says so and exits 0. OPENBLAS_CORETYPE is set to the kernels matching torchlet's active
// ISA (OpenBLAS 0.3.21 does not recognise these CPUs), replacing any inherited value (one machine
// here exports OPENBLAS_CORETYPE=Haswell, which halved OpenBLAS on AVX-512); as in run.js,
// TORCHLET_BENCH_OPENBLAS_CORETYPE overrides it ("auto": OpenBLAS detects). OMP_WAIT_POLICY is set
// to PASSIVE (spinning OpenMP workers would slow torchlet's samples) unless already set.
#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "torchlet/cpu.h"
#include "torchlet/gemm.h"
#include "torchlet/parallel.h"

namespace {
using Clock = std::chrono::steady_clock;
// cblas_sgemm(order, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)
using CblasSgemm = void (*)(int, int, int, int, int, int, float, const float*, int, const float*, int, float, float*,
                            int);
constexpr int kRowMajor = 101, kNoTrans = 111, kTrans = 112;

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))];
}

template <typename F>
double seconds_per_call(F&& f, int reps) {
  const auto t0 = Clock::now();
  for (int r = 0; r < reps; r++) f();
  return std::chrono::duration<double>(Clock::now() - t0).count() / reps;
}
}  // namespace

int main(int argc, char** argv) {
  const std::string shapes = argc > 1 ? argv[1] : "NN512x512x512,NN1024x1024x1024,NN64x256x784,TN784x256x64,NT64x784x256";
  const int threads = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1;
  const int pairs = argc > 3 ? std::max(1, std::atoi(argv[3])) : 31;
  const torchlet::Isa isa = torchlet::active_isa();
  const char* core = std::getenv("TORCHLET_BENCH_OPENBLAS_CORETYPE");
  if (!core) core = isa == torchlet::Isa::avx512 ? "SkylakeX" : isa == torchlet::Isa::avx2 ? "Haswell" : "Prescott";
  if (std::string(core) == "auto")
    unsetenv("OPENBLAS_CORETYPE");
  else
    setenv("OPENBLAS_CORETYPE", core, 1);
  setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
  const char* lib = std::getenv("TORCHLET_OPENBLAS");
  if (!lib) lib = "/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblas.so.0";
  void* h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
  const auto sgemm = h ? reinterpret_cast<CblasSgemm>(dlsym(h, "cblas_sgemm")) : nullptr;
  if (!sgemm) {
    std::printf("OpenBLAS not found (%s): nothing to compare\n", lib);
    return 0;
  }
  if (auto set = reinterpret_cast<void (*)(int)>(dlsym(h, "openblas_set_num_threads"))) set(threads);
  torchlet::set_num_threads(threads);
  std::printf("torchlet %s vs OpenBLAS (%s), %d thread(s), %d paired samples per shape\n", torchlet::isa_name(isa),
              std::getenv("OPENBLAS_CORETYPE") ? std::getenv("OPENBLAS_CORETYPE") : "auto", threads, pairs);
  std::printf("%-18s %12s %12s %8s  %s\n", "shape", "torchlet GF", "OpenBLAS GF", "ratio", "IQR");
  for (size_t p = 0; p < shapes.size();) {
    size_t q = shapes.find(',', p);
    if (q == std::string::npos) q = shapes.size();
    const std::string s = shapes.substr(p, q - p);
    p = q + 1;
    int M = 0, N = 0, K = 0;
    if (s.size() < 3 || (s[0] != 'N' && s[0] != 'T') || (s[1] != 'N' && s[1] != 'T') ||
        std::sscanf(s.c_str() + 2, "%dx%dx%d", &M, &N, &K) != 3 || M < 1 || N < 1 || K < 1) {
      std::fprintf(stderr, "bad shape \"%s\" (want e.g. NT64x784x256)\n", s.c_str());
      return 2;
    }
    const bool ta = s[0] == 'T', tb = s[1] == 'T';
    const int lda = ta ? M : K, ldb = tb ? K : N;
    std::vector<float> A(static_cast<size_t>(M) * K, 0.5f), B(static_cast<size_t>(K) * N, 0.25f),
        C(static_cast<size_t>(M) * N);
    auto ours = [&] { torchlet::sgemm(ta, tb, M, N, K, 1.0f, A.data(), lda, B.data(), ldb, 0.0f, C.data(), N); };
    auto theirs = [&] {
      sgemm(kRowMajor, ta ? kTrans : kNoTrans, tb ? kTrans : kNoTrans, M, N, K, 1.0f, A.data(), lda, B.data(), ldb,
            0.0f, C.data(), N);
    };
    for (int i = 0; i < 3; i++) ours(), theirs();
    const int reps = std::max(1, static_cast<int>(0.01 / seconds_per_call(ours, 1)));
    std::vector<double> t_ours, t_theirs, ratio;
    for (int i = 0; i < pairs; i++) {
      double a, b;
      if (i % 2) {
        a = seconds_per_call(ours, reps);
        b = seconds_per_call(theirs, reps);
      } else {
        b = seconds_per_call(theirs, reps);
        a = seconds_per_call(ours, reps);
      }
      t_ours.push_back(a);
      t_theirs.push_back(b);
      ratio.push_back(b / a);
    }
    const double gf = 2.0 * M * N * K * 1e-9;
    std::printf("%-18s %12.1f %12.1f %7.3fx  %.3f-%.3f\n", s.c_str(), gf / quantile(t_ours, 0.5),
                gf / quantile(t_theirs, 0.5), quantile(ratio, 0.5), quantile(ratio, 0.25), quantile(ratio, 0.75));
  }
  return 0;
}
