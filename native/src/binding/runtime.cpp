// Runtime queries: backendInfo, threads, ISA override.
#include <string>

#include "args.h"
#include "binding.h"
#include "torchlet/cpu.h"
#include "torchlet/parallel.h"

#ifndef TORCHLET_VERSION
#define TORCHLET_VERSION "0.1.0"
#endif

namespace torchlet {
namespace binding {

void init_runtime(Napi::Env env, Napi::Object exports) {
  exports.Set("backendInfo", Napi::Function::New(env, [](const Napi::CallbackInfo& info) {
    Napi::Object o = Napi::Object::New(info.Env());
    o.Set("isa", isa_name(active_isa()));
    o.Set("detectedIsa", isa_name(detected_isa()));
    o.Set("threads", get_num_threads());
    o.Set("version", TORCHLET_VERSION);
    return o;
  }));
  exports.Set("getNumThreads", Napi::Function::New(env, [](const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), get_num_threads());
  }));
  exports.Set("setNumThreads", Napi::Function::New(env, [](const Napi::CallbackInfo& info) {
    need_args(info, 1, "setNumThreads");
    set_num_threads(static_cast<int>(get_int(info, 0, "setNumThreads: n", 1, 1024)));
  }));
  exports.Set("setIsa", Napi::Function::New(env, [](const Napi::CallbackInfo& info) {
    need_args(info, 1, "setIsa");
    const std::string s = info[0].ToString().Utf8Value();
    Isa isa;
    if (s == "scalar") isa = Isa::scalar;
    else if (s == "avx2") isa = Isa::avx2;
    else if (s == "avx512") isa = Isa::avx512;
    else throw Napi::RangeError::New(info.Env(), "setIsa: expected scalar, avx2 or avx512, got " + s);
    set_active_isa(isa);
    return Napi::String::New(info.Env(), isa_name(active_isa()));
  }));
}

}  // namespace binding
}  // namespace torchlet
