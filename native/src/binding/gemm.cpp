// gemm / gemmEpilogue: validate shapes, leading dimensions and buffer extents, then call the kernel.
#include <string>

#include "args.h"
#include "binding.h"
#include "torchlet/gemm.h"

namespace torchlet {
namespace binding {
namespace {

// Checks a rows x cols row-major matrix with leading dimension ld at element offset off fits in len.
void check_matrix(Napi::Env env, const char* name, int64_t rows, int64_t cols, int64_t ld, int64_t off, int64_t len) {
  if (ld < (cols > 1 ? cols : 1))
    throw err(env, std::string("gemm: leading dimension of ") + name + " (" + std::to_string(ld) +
                       ") is smaller than its row length " + std::to_string(cols));
  if (rows == 0 || cols == 0) return;
  // last element: off + (rows-1)*ld + cols-1, computed without overflow (all < 2^53 and checked).
  const double last = static_cast<double>(off) + static_cast<double>(rows - 1) * static_cast<double>(ld) +
                      static_cast<double>(cols - 1);
  if (last >= static_cast<double>(len))
    throw Napi::RangeError::New(env, std::string("gemm: ") + name + " (" + std::to_string(rows) + "x" +
                                         std::to_string(cols) + ", ld " + std::to_string(ld) + ", offset " +
                                         std::to_string(off) + ") does not fit in a buffer of " +
                                         std::to_string(len) + " elements");
}

struct GemmArgs {
  bool ta, tb;
  int64_t M, N, K;
  ArrayArg A, B, C;
  int64_t aoff, lda, boff, ldb, coff, ldc;
};

// Parses (transA, transB, M, N, K, [alpha], A, aOff, lda, B, bOff, ldb, [beta], C, cOff, ldc) with
// the alpha/beta slots present or absent.
GemmArgs parse(const Napi::CallbackInfo& info, bool with_scalars) {
  Napi::Env env = info.Env();
  const size_t s = with_scalars ? 1 : 0;
  need_args(info, 14 + 2 * s, "gemm");
  GemmArgs g;
  g.ta = get_bool(info, 0);
  g.tb = get_bool(info, 1);
  const int64_t lim = int64_t(1) << 40;
  g.M = get_int(info, 2, "gemm: M", 0, lim);
  g.N = get_int(info, 3, "gemm: N", 0, lim);
  g.K = get_int(info, 4, "gemm: K", 0, lim);
  size_t i = 5 + s;
  g.A = get_array(info, i, "gemm: A");
  g.aoff = get_int(info, i + 1, "gemm: aOff", 0, lim);
  g.lda = get_int(info, i + 2, "gemm: lda", 0, lim);
  i += 3;
  g.B = get_array(info, i, "gemm: B");
  g.boff = get_int(info, i + 1, "gemm: bOff", 0, lim);
  g.ldb = get_int(info, i + 2, "gemm: ldb", 0, lim);
  i += 3 + s;
  g.C = get_array(info, i, "gemm: C");
  g.coff = get_int(info, i + 1, "gemm: cOff", 0, lim);
  g.ldc = get_int(info, i + 2, "gemm: ldc", 0, lim);
  if (g.A.dtype != g.B.dtype || g.A.dtype != g.C.dtype || (g.A.dtype != Dtype::f32 && g.A.dtype != Dtype::f64))
    throw type_err(env, "gemm: A, B and C must all be Float32Array or all Float64Array");
  if (g.ta) check_matrix(env, "A", g.K, g.M, g.lda, g.aoff, g.A.length);
  else check_matrix(env, "A", g.M, g.K, g.lda, g.aoff, g.A.length);
  if (g.tb) check_matrix(env, "B", g.N, g.K, g.ldb, g.boff, g.B.length);
  else check_matrix(env, "B", g.K, g.N, g.ldb, g.boff, g.B.length);
  check_matrix(env, "C", g.M, g.N, g.ldc, g.coff, g.C.length);
  return g;
}

void Gemm(const Napi::CallbackInfo& info) {
  GemmArgs g = parse(info, true);
  const double alpha = get_double(info, 5, "gemm: alpha");
  const double beta = get_double(info, 12, "gemm: beta");
  if (g.A.dtype == Dtype::f32)
    sgemm(g.ta, g.tb, g.M, g.N, g.K, static_cast<float>(alpha), g.A.as<float>() + g.aoff, g.lda,
          g.B.as<float>() + g.boff, g.ldb, static_cast<float>(beta), g.C.as<float>() + g.coff, g.ldc);
  else
    dgemm(g.ta, g.tb, g.M, g.N, g.K, alpha, g.A.as<double>() + g.aoff, g.lda, g.B.as<double>() + g.boff, g.ldb, beta,
          g.C.as<double>() + g.coff, g.ldc);
}

void GemmEpi(const Napi::CallbackInfo& info) {
  GemmArgs g = parse(info, false);
  need_args(info, 17, "gemmEpilogue");
  if (g.A.dtype != Dtype::f32) throw type_err(info.Env(), "gemmEpilogue: float32 only");
  GemmEpilogue epi;
  const int64_t kind = get_int(info, 14, "gemmEpilogue: biasKind", 0, 2);
  epi.bias_kind = static_cast<BiasKind>(kind);
  if (kind != 0) {
    ArrayArg bias = get_array(info, 15, "gemmEpilogue: bias");
    if (bias.dtype != Dtype::f32) throw type_err(info.Env(), "gemmEpilogue: bias must be a Float32Array");
    const int64_t need = kind == 1 ? g.M : g.N;
    if (bias.length < need)
      throw Napi::RangeError::New(info.Env(), "gemmEpilogue: bias has " + std::to_string(bias.length) +
                                                  " elements, needs " + std::to_string(need));
    epi.bias = bias.as<float>();
  }
  epi.relu = get_bool(info, 16);
  sgemm(g.ta, g.tb, g.M, g.N, g.K, 1.0f, g.A.as<float>() + g.aoff, g.lda, g.B.as<float>() + g.boff, g.ldb, 0.0f,
        g.C.as<float>() + g.coff, g.ldc, epi);
}

// fmaPeak(seconds): single-thread float32 FMA GFLOP/s of the active ISA (a register-only loop), for
// the benchmark harness's "% of peak" column.
Napi::Value FmaPeak(const Napi::CallbackInfo& info) {
  need_args(info, 1, "fmaPeak");
  double s = get_double(info, 0, "fmaPeak: seconds");
  if (!(s > 0)) s = 0.1;
  if (s > 5) s = 5;
  return Napi::Number::New(info.Env(), fma_peak_gflops(s));
}

}  // namespace

void init_gemm(Napi::Env env, Napi::Object exports) {
  exports.Set("fmaPeak", Napi::Function::New(env, FmaPeak));
  exports.Set("gemm", Napi::Function::New(env, Gemm));
  exports.Set("gemmEpilogue", Napi::Function::New(env, GemmEpi));
}

}  // namespace binding
}  // namespace torchlet
