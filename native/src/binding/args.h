// Argument checking shared by the N-API bindings: every length, offset and stride a caller passes is
// validated here before a kernel sees a pointer, and failures become JS exceptions (never crashes).
#pragma once
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace torchlet {
namespace binding {

inline Napi::Error err(Napi::Env env, const std::string& msg) { return Napi::Error::New(env, msg); }
inline Napi::TypeError type_err(Napi::Env env, const std::string& msg) { return Napi::TypeError::New(env, msg); }

inline void need_args(const Napi::CallbackInfo& info, size_t n, const char* fn) {
  if (info.Length() < n)
    throw type_err(info.Env(), std::string(fn) + ": expected " + std::to_string(n) + " arguments, got " +
                                   std::to_string(info.Length()));
}

// An integer-valued JS number in [lo, hi].
inline int64_t get_int(const Napi::CallbackInfo& info, size_t i, const char* what, int64_t lo = 0,
                       int64_t hi = (int64_t(1) << 53)) {
  if (!info[i].IsNumber()) throw type_err(info.Env(), std::string(what) + " must be a number");
  const double d = info[i].As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d) || d != std::floor(d) || d < static_cast<double>(lo) || d > static_cast<double>(hi))
    throw Napi::RangeError::New(info.Env(), std::string(what) + " must be an integer in [" + std::to_string(lo) +
                                                ", " + std::to_string(hi) + "], got " + std::to_string(d));
  return static_cast<int64_t>(d);
}

inline double get_double(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (!info[i].IsNumber()) throw type_err(info.Env(), std::string(what) + " must be a number");
  return info[i].As<Napi::Number>().DoubleValue();
}

inline bool get_bool(const Napi::CallbackInfo& info, size_t i) { return info[i].ToBoolean().Value(); }

enum class Dtype { f32, f64, i32, u8 };

// A typed array argument: base pointer (already including the view's byte offset) and length.
struct ArrayArg {
  void* data = nullptr;
  int64_t length = 0;
  Dtype dtype = Dtype::f32;
  template <typename T>
  T* as() const { return static_cast<T*>(data); }
};

inline ArrayArg get_array(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (!info[i].IsTypedArray()) throw type_err(info.Env(), std::string(what) + " must be a typed array");
  auto ta = info[i].As<Napi::TypedArray>();
  ArrayArg a;
  switch (ta.TypedArrayType()) {
    case napi_float32_array: a.dtype = Dtype::f32; break;
    case napi_float64_array: a.dtype = Dtype::f64; break;
    case napi_int32_array: a.dtype = Dtype::i32; break;
    case napi_uint8_array: a.dtype = Dtype::u8; break;
    default: throw type_err(info.Env(), std::string(what) + ": unsupported typed array type");
  }
  a.length = static_cast<int64_t>(ta.ElementLength());
  auto buf = ta.ArrayBuffer();
  a.data = static_cast<uint8_t*>(buf.Data()) + ta.ByteOffset();
  if (a.length > 0 && a.data == nullptr) throw err(info.Env(), std::string(what) + ": detached buffer");
  return a;
}

inline std::vector<int64_t> get_int_list(const Napi::CallbackInfo& info, size_t i, const char* what,
                                         int64_t lo, int64_t hi, size_t max_len = 16) {
  if (!info[i].IsArray()) throw type_err(info.Env(), std::string(what) + " must be an array of integers");
  auto arr = info[i].As<Napi::Array>();
  if (arr.Length() > max_len) throw Napi::RangeError::New(info.Env(), std::string(what) + ": too many dimensions");
  std::vector<int64_t> out(arr.Length());
  for (uint32_t k = 0; k < arr.Length(); k++) {
    Napi::Value v = arr.Get(k);
    if (!v.IsNumber()) throw type_err(info.Env(), std::string(what) + " must be an array of integers");
    const double d = v.As<Napi::Number>().DoubleValue();
    if (!std::isfinite(d) || d != std::floor(d) || d < static_cast<double>(lo) || d > static_cast<double>(hi))
      throw Napi::RangeError::New(info.Env(), std::string(what) + ": bad entry " + std::to_string(d));
    out[k] = static_cast<int64_t>(d);
  }
  return out;
}

// Checks that every element addressed by (offset, shape, strides) lies inside [0, length).
// Strides may be zero or negative. Returns false if out of bounds or if the extent overflows.
inline bool strided_in_bounds(int64_t offset, const std::vector<int64_t>& shape, const std::vector<int64_t>& strides,
                              int64_t length) {
  int64_t lo = offset, hi = offset;
  for (size_t d = 0; d < shape.size(); d++) {
    if (shape[d] == 0) return true;  // nothing is addressed
  }
  for (size_t d = 0; d < shape.size(); d++) {
    const int64_t span = (shape[d] - 1) * strides[d];  // |values| < 2^53 each, product checked below
    if (shape[d] > 1 && std::abs(strides[d]) > (int64_t(1) << 53) / (shape[d] - 1)) return false;
    if (span >= 0) hi += span; else lo += span;
  }
  return lo >= 0 && hi < length;
}

}  // namespace binding
}  // namespace torchlet
