// unary / binary / reduce / reduceWithIndex: validate op codes, dtypes, shapes, strides, offsets and
// buffer extents, then call the element-wise kernels (native/include/torchlet/elementwise.h).
#include <string>

#include "args.h"
#include "binding.h"
#include "torchlet/elementwise.h"

namespace torchlet {
namespace binding {
namespace {

constexpr int64_t kLim = int64_t(1) << 53;
constexpr int64_t kDimLim = int64_t(1) << 40;

static_assert(kMaxDims <= static_cast<int>(kMaxListLen), "shape lists must fit in Dims");

bool is_float(const ArrayArg& a) { return a.dtype == Dtype::f32 || a.dtype == Dtype::f64; }

template <typename List>
std::string dims_str(const List& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); i++) s += (i ? ", " : "") + std::to_string(v[i]);
  return s + "]";
}

// numel of shape, throwing if it exceeds 2^53 (products checked step by step).
template <typename List>
int64_t checked_numel(Napi::Env env, const char* fn, const List& shape) {
  int64_t n = 1;
  for (size_t i = 0; i < shape.size(); i++)
    if (shape[i] == 0) return 0;
  for (size_t i = 0; i < shape.size(); i++) {
    const int64_t d = shape[i];
    if (n > kLim / d) throw Napi::RangeError::New(env, std::string(fn) + ": shape " + dims_str(shape) + " is too large");
    n *= d;
  }
  return n;
}

// (shape and strides come from one packed argument, so they always have the same rank.)
template <typename List>
void check_operand(Napi::Env env, const char* fn, const char* name, const ArrayArg& a, int64_t off,
                   const List& shape, const List& strides) {
  if (!strided_in_bounds(off, shape, strides, a.length))
    throw Napi::RangeError::New(env, std::string(fn) + ": " + name + " (offset " + std::to_string(off) + ", strides " +
                                         dims_str(strides) + ", shape " + dims_str(shape) +
                                         ") reaches outside its buffer of " + std::to_string(a.length) + " elements");
}

void check_out(Napi::Env env, const char* fn, const ArrayArg& out, int64_t n) {
  if (out.length < n)
    throw Napi::RangeError::New(env, std::string(fn) + ": out has " + std::to_string(out.length) +
                                         " elements, needs " + std::to_string(n));
}

void Unary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  need_args(info, 7, "unary");
  const int64_t op = get_int(info, 0, "unary: op", 0, kUnaryOpCount - 1);
  ArrayArg x = get_array(info, 1, "unary: x");
  const int64_t xoff = get_int(info, 2, "unary: xOff", 0, kLim);
  ArrayArg out = get_array(info, 3, "unary: out");
  const double a = get_double(info, 4, "unary: a");
  const double b = get_double(info, 5, "unary: b");
  const Packed dims = get_packed(info, 6, 2, "unary: dims");  // [rank, shape, x strides]
  const Dims shape = packed_list(env, dims, 0, "unary: shape", 0, kDimLim);
  const Dims xs = packed_list(env, dims, 1, "unary: xStrides", -kLim, kLim);
  if (!is_float(x)) throw type_err(env, "unary: x must be a Float32Array or Float64Array");
  if (out.dtype != x.dtype) throw type_err(env, "unary: out must have the same dtype as x");
  const int64_t n = checked_numel(env, "unary", shape);
  check_operand(env, "unary", "x", x, xoff, shape, xs);
  check_out(env, "unary", out, n);
  if (n == 0) return;
  const int nd = static_cast<int>(shape.size());
  const auto uop = static_cast<UnaryOp>(op);
  if (x.dtype == Dtype::f32)
    unary_f32(uop, x.as<float>() + xoff, xs.data(), out.as<float>(), shape.data(), nd, a, b);
  else
    unary_f64(uop, x.as<double>() + xoff, xs.data(), out.as<double>(), shape.data(), nd, a, b);
}

void Binary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  need_args(info, 8, "binary");
  const int64_t op = get_int(info, 0, "binary: op", 0, kBinaryOpCount - 1);
  ArrayArg a = get_array(info, 1, "binary: a");
  const int64_t aoff = get_int(info, 2, "binary: aOff", 0, kLim);
  ArrayArg b = get_array(info, 3, "binary: b");
  const int64_t boff = get_int(info, 4, "binary: bOff", 0, kLim);
  ArrayArg out = get_array(info, 5, "binary: out");
  const double alpha = get_double(info, 6, "binary: alpha");
  const Packed dims = get_packed(info, 7, 3, "binary: dims");  // [rank, shape, a strides, b strides]
  const Dims shape = packed_list(env, dims, 0, "binary: shape", 0, kDimLim);
  const Dims as = packed_list(env, dims, 1, "binary: aStrides", -kLim, kLim);
  const Dims bs = packed_list(env, dims, 2, "binary: bStrides", -kLim, kLim);
  if (!is_float(a)) throw type_err(env, "binary: a must be a Float32Array or Float64Array");
  if (b.dtype != a.dtype || out.dtype != a.dtype) throw type_err(env, "binary: a, b and out must have the same dtype");
  const int64_t n = checked_numel(env, "binary", shape);
  check_operand(env, "binary", "a", a, aoff, shape, as);
  check_operand(env, "binary", "b", b, boff, shape, bs);
  check_out(env, "binary", out, n);
  if (n == 0) return;
  const int nd = static_cast<int>(shape.size());
  const auto bop = static_cast<BinaryOp>(op);
  if (a.dtype == Dtype::f32)
    binary_f32(bop, a.as<float>() + aoff, as.data(), b.as<float>() + boff, bs.data(), out.as<float>(), shape.data(),
               nd, alpha);
  else
    binary_f64(bop, a.as<double>() + aoff, as.data(), b.as<double>() + boff, bs.data(), out.as<double>(),
               shape.data(), nd, alpha);
}

struct ReduceArgs {
  ReduceOp op;
  ArrayArg x;
  int64_t xoff, outer, r, inner, nout;
};

ReduceArgs parse_reduce(const Napi::CallbackInfo& info, const char* fn, size_t nargs) {
  Napi::Env env = info.Env();
  need_args(info, nargs, fn);
  ReduceArgs g;
  const bool wi = nargs == 8;  // reduceWithIndex: literal names (no string building per call)
  g.op = static_cast<ReduceOp>(get_int(info, 0, wi ? "reduceWithIndex: op" : "reduce: op", 0, kReduceOpCount - 1));
  g.x = get_array(info, 1, wi ? "reduceWithIndex: x" : "reduce: x");
  g.xoff = get_int(info, 2, wi ? "reduceWithIndex: xOff" : "reduce: xOff", 0, kLim);
  g.outer = get_int(info, 3, wi ? "reduceWithIndex: outer" : "reduce: outer", 0, kLim);
  g.r = get_int(info, 4, wi ? "reduceWithIndex: r" : "reduce: r", 0, kLim);
  g.inner = get_int(info, 5, wi ? "reduceWithIndex: inner" : "reduce: inner", 0, kLim);
  if (!is_float(g.x)) throw type_err(env, std::string(fn) + ": x must be a Float32Array or Float64Array");
  // outer*r*inner must fit (each <= 2^53; check products without overflow).
  Dims shape;
  shape.n = 3;
  shape.v[0] = g.outer, shape.v[1] = g.r, shape.v[2] = g.inner;
  const int64_t n = checked_numel(env, fn, shape);
  shape.n = 2;
  shape.v[1] = g.inner;
  g.nout = (g.outer == 0 || g.inner == 0) ? 0 : checked_numel(env, fn, shape);
  if (n > 0 && (g.xoff > g.x.length || n > g.x.length - g.xoff))
    throw Napi::RangeError::New(env, std::string(fn) + ": x (offset " + std::to_string(g.xoff) + ", " +
                                         std::to_string(g.outer) + "x" + std::to_string(g.r) + "x" +
                                         std::to_string(g.inner) + ") does not fit in a buffer of " +
                                         std::to_string(g.x.length) + " elements");
  return g;
}

const char* op_name(ReduceOp op) {
  switch (op) {
    case ReduceOp::sum: return "sum";
    case ReduceOp::prod: return "prod";
    case ReduceOp::max: return "max";
    case ReduceOp::min: return "min";
    case ReduceOp::argmax: return "argmax";
    case ReduceOp::argmin: return "argmin";
    case ReduceOp::logsumexp: return "logsumexp";
  }
  return "?";
}

void check_nonempty(Napi::Env env, const char* fn, const ReduceArgs& g) {
  if (g.r == 0 && g.nout > 0)
    throw Napi::Error::New(env, std::string(fn) + ": " + op_name(g.op) +
                                    "(): cannot reduce over a zero-size dimension (no identity)");
  if (g.r > INT32_MAX) throw Napi::RangeError::New(env, std::string(fn) + ": reduced dimension too large for int32 indices");
}

void Reduce(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ReduceArgs g = parse_reduce(info, "reduce", 7);
  const bool arg = g.op == ReduceOp::argmax || g.op == ReduceOp::argmin;
  ArrayArg out = get_array(info, 6, "reduce: out");
  if (arg) {
    if (out.dtype != Dtype::i32) throw type_err(env, "reduce: out must be an Int32Array for argmax/argmin");
  } else if (out.dtype != g.x.dtype) {
    throw type_err(env, "reduce: out must have the same dtype as x");
  }
  check_out(env, "reduce", out, g.nout);
  if (g.op == ReduceOp::max || g.op == ReduceOp::min || arg) check_nonempty(env, "reduce", g);
  if (g.nout == 0) return;
  bool ok;
  if (g.x.dtype == Dtype::f32)
    ok = reduce_f32(g.op, g.x.as<float>() + g.xoff, g.outer, g.r, g.inner, arg ? nullptr : out.as<float>(),
                    arg ? out.as<int32_t>() : nullptr);
  else
    ok = reduce_f64(g.op, g.x.as<double>() + g.xoff, g.outer, g.r, g.inner, arg ? nullptr : out.as<double>(),
                    arg ? out.as<int32_t>() : nullptr);
  if (!ok) throw Napi::Error::New(env, "reduce: invalid reduction");
}

void ReduceWithIndex(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ReduceArgs g = parse_reduce(info, "reduceWithIndex", 8);
  if (g.op != ReduceOp::max && g.op != ReduceOp::min)
    throw Napi::RangeError::New(env, "reduceWithIndex: op must be max or min");
  ArrayArg values = get_array(info, 6, "reduceWithIndex: values");
  ArrayArg indices = get_array(info, 7, "reduceWithIndex: indices");
  if (values.dtype != g.x.dtype) throw type_err(env, "reduceWithIndex: values must have the same dtype as x");
  if (indices.dtype != Dtype::i32) throw type_err(env, "reduceWithIndex: indices must be an Int32Array");
  check_out(env, "reduceWithIndex: values", values, g.nout);
  check_out(env, "reduceWithIndex: indices", indices, g.nout);
  check_nonempty(env, "reduceWithIndex", g);
  if (g.nout == 0) return;
  bool ok;
  if (g.x.dtype == Dtype::f32)
    ok = reduce_f32(g.op, g.x.as<float>() + g.xoff, g.outer, g.r, g.inner, values.as<float>(), indices.as<int32_t>());
  else
    ok = reduce_f64(g.op, g.x.as<double>() + g.xoff, g.outer, g.r, g.inner, values.as<double>(),
                    indices.as<int32_t>());
  if (!ok) throw Napi::Error::New(env, "reduceWithIndex: invalid reduction");
}

}  // namespace

void init_elementwise(Napi::Env env, Napi::Object exports) {
  exports.Set("unary", Napi::Function::New(env, Unary));
  exports.Set("binary", Napi::Function::New(env, Binary));
  exports.Set("reduce", Napi::Function::New(env, Reduce));
  exports.Set("reduceWithIndex", Napi::Function::New(env, ReduceWithIndex));
}

}  // namespace binding
}  // namespace torchlet
