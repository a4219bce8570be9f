// Argument checking shared by the N-API bindings: every length, offset and stride a caller passes is
// validated here before a kernel sees a pointer, and failures become JS exceptions (never crashes).
#pragma once
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace torchlet {
namespace binding {

inline Napi::Error err(Napi::Env env, const std::string& msg) { return Napi::Error::New(env, msg); }
inline Napi::TypeError type_err(Napi::Env env, const std::string& msg) { return Napi::TypeError::New(env, msg); }

inline void need_args(const Napi::CallbackInfo& info, size_t n, const char* fn) {
  if (info.Length() < n)
    throw type_err(info.Env(), std::string(fn) + ": expected " + std::to_string(n) + " arguments, got " +
                                   std::to_string(info.Length()));
}

// A JS number (one N-API call: napi_get_value_double fails on anything else).
inline bool number_at(const Napi::CallbackInfo& info, size_t i, double* d) {
  return napi_get_value_double(info.Env(), info[i], d) == napi_ok;
}

// An integer-valued JS number in [lo, hi].
inline int64_t get_int(const Napi::CallbackInfo& info, size_t i, const char* what, int64_t lo = 0,
                       int64_t hi = (int64_t(1) << 53)) {
  double d = 0;
  if (!number_at(info, i, &d)) throw type_err(info.Env(), std::string(what) + " must be a number");
  if (!std::isfinite(d) || d != std::floor(d) || d < static_cast<double>(lo) || d > static_cast<double>(hi))
    throw Napi::RangeError::New(info.Env(), std::string(what) + " must be an integer in [" + std::to_string(lo) +
                                                ", " + std::to_string(hi) + "], got " + std::to_string(d));
  return static_cast<int64_t>(d);
}

inline double get_double(const Napi::CallbackInfo& info, size_t i, const char* what) {
  double d = 0;
  if (!number_at(info, i, &d)) throw type_err(info.Env(), std::string(what) + " must be a number");
  return d;
}

// A boolean, or any value by its truthiness (the JS callers pass booleans: one N-API call then).
inline bool get_bool(const Napi::CallbackInfo& info, size_t i) {
  bool b = false;
  if (napi_get_value_bool(info.Env(), info[i], &b) == napi_ok) return b;
  return info[i].ToBoolean().Value();
}

enum class Dtype { f32, f64, i32, u8 };

// A typed array argument: base pointer (already including the view's byte offset) and length.
struct ArrayArg {
  void* data = nullptr;
  int64_t length = 0;
  Dtype dtype = Dtype::f32;
  template <typename T>
  T* as() const { return static_cast<T*>(data); }
};

// One napi_get_typedarray_info call: bindings run once per tensor op, so per-call overhead matters.
inline ArrayArg get_array(const Napi::CallbackInfo& info, size_t i, const char* what) {
  napi_env env = info.Env();
  napi_value v = info[i];
  bool is_ta = false;
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta)
    throw type_err(info.Env(), std::string(what) + " must be a typed array");
  napi_typedarray_type type;
  size_t length = 0, byte_offset = 0;
  void* data = nullptr;
  napi_value ab;
  if (napi_get_typedarray_info(env, v, &type, &length, &data, &ab, &byte_offset) != napi_ok)
    throw type_err(info.Env(), std::string(what) + " must be a typed array");
  ArrayArg a;
  switch (type) {
    case napi_float32_array: a.dtype = Dtype::f32; break;
    case napi_float64_array: a.dtype = Dtype::f64; break;
    case napi_int32_array: a.dtype = Dtype::i32; break;
    case napi_uint8_array: a.dtype = Dtype::u8; break;
    default: throw type_err(info.Env(), std::string(what) + ": unsupported typed array type");
  }
  a.length = static_cast<int64_t>(length);
  a.data = data;  // already includes the view's byte offset
  if (a.length > 0 && a.data == nullptr) throw err(info.Env(), std::string(what) + ": detached buffer");
  return a;
}

// A shape or stride list (at most kMaxListLen entries), held without allocating.
constexpr size_t kMaxListLen = 64;
struct Dims {
  int64_t v[kMaxListLen];
  size_t n = 0;
  const int64_t* data() const { return v; }
  size_t size() const { return n; }
  int64_t operator[](size_t i) const { return v[i]; }
};

// Shape and stride lists packed into one Float64Array: [rank, list 0 (rank entries), list 1, ...].
// One typed-array read per call, where a JS array per list cost a property lookup per entry (a
// 10-element binary op spent about a third of its 0.49 us reading three such arrays).
struct Packed {
  const double* p = nullptr;
  int rank = 0;
};

inline Packed get_packed(const Napi::CallbackInfo& info, size_t i, int lists, const char* what) {
  const ArrayArg a = get_array(info, i, what);
  if (a.dtype != Dtype::f64) throw type_err(info.Env(), std::string(what) + " must be a Float64Array");
  const double* p = a.as<double>();
  const double r = a.length > 0 ? p[0] : -1.0;
  if (!(r >= 0 && r <= static_cast<double>(kMaxListLen)) || r != std::floor(r))
    throw Napi::RangeError::New(info.Env(), std::string(what) + ": the rank must be an integer in [0, " +
                                                std::to_string(kMaxListLen) + "]");
  Packed k;
  k.p = p;
  k.rank = static_cast<int>(r);
  if (a.length < 1 + static_cast<int64_t>(lists) * k.rank)
    throw Napi::RangeError::New(info.Env(), std::string(what) + ": " + std::to_string(lists) + " lists of rank " +
                                                std::to_string(k.rank) + " need " +
                                                std::to_string(1 + lists * k.rank) + " entries, got " +
                                                std::to_string(a.length));
  return k;
}

// List idx of a packed argument, each entry an integer in [lo, hi].
inline Dims packed_list(Napi::Env env, const Packed& k, int idx, const char* what, int64_t lo, int64_t hi) {
  Dims d;
  d.n = static_cast<size_t>(k.rank);
  for (int j = 0; j < k.rank; j++) {
    const double x = k.p[1 + idx * k.rank + j];
    if (!std::isfinite(x) || x != std::floor(x) || x < static_cast<double>(lo) || x > static_cast<double>(hi))
      throw Napi::RangeError::New(env, std::string(what) + ": bad entry " + std::to_string(x));
    d.v[j] = static_cast<int64_t>(x);
  }
  return d;
}

// Checks that every element addressed by (offset, shape, strides) lies inside [0, length).
// Strides may be zero or negative. Returns false if out of bounds or if the extent overflows.
inline bool strided_in_bounds(int64_t offset, const Dims& shape, const Dims& strides, int64_t length) {
  for (size_t d = 0; d < shape.size(); d++) {
    if (shape[d] == 0) return true;  // nothing is addressed
  }
  int64_t lo = offset, hi = offset;
  for (size_t d = 0; d < shape.size(); d++) {
    // Reject before multiplying, so the span below cannot overflow (each term < 2^53).
    if (shape[d] > 1 && std::abs(strides[d]) > (int64_t(1) << 53) / (shape[d] - 1)) return false;
    const int64_t span = (shape[d] - 1) * strides[d];
    if (span >= 0) hi += span; else lo += span;
  }
  return lo >= 0 && hi < length;
}

}  // namespace binding
}  // namespace torchlet
