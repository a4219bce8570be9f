// Runtime queries: backendInfo, threads, ISA override.
#include <cstdint>
#include <cstdlib>
#include <string>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "args.h"
#include "binding.h"
#include "torchlet/cpu.h"
#include "torchlet/parallel.h"

#ifndef TORCHLET_VERSION
#define TORCHLET_VERSION "0.1.0"
#endif

namespace torchlet {
namespace binding {

namespace {
// Tensor outputs are large, short-lived buffers that V8 frees only at GC. With glibc's defaults,
// buffers over ~128 KB come from mmap and are returned to the OS when freed, so every new output is
// page-faulted in again (measured: ~1 fault per 4 KB, several times the cost of the kernel that
// fills it). Serving them from the heap and trimming only past 256 MB of free memory lets freed
// buffers be reused, as PyTorch's allocator does. Opt out with TORCHLET_MALLOC_TUNING=0.
void tune_malloc_once() {
#if defined(__GLIBC__)
  static const bool done = [] {
    const char* e = std::getenv("TORCHLET_MALLOC_TUNING");
    if (e && e[0] == '0') return true;
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
    return true;
  }();
  (void)done;
#endif
}
}  // namespace

void init_runtime(Napi::Env env, Napi::Object exports) {
  tune_malloc_once();
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
  // addressMod64(arrayBuffer): where its memory starts within a 64-byte cache line, so the allocator
  // can start tensors on one (malloc gives 16: the kernels that read operands in place ran 20-30%
  // slower on 16-byte-aligned rows, their vector loads split across lines).
  exports.Set("addressMod64", Napi::Function::New(env, [](const Napi::CallbackInfo& info) {
    need_args(info, 1, "addressMod64");
    void* data = nullptr;
    size_t len = 0;
    if (!info[0].IsArrayBuffer() || napi_get_arraybuffer_info(info.Env(), info[0], &data, &len) != napi_ok)
      throw type_err(info.Env(), "addressMod64: expected an ArrayBuffer");
    return Napi::Number::New(info.Env(), static_cast<double>(reinterpret_cast<uintptr_t>(data) % 64));
  }));
}

}  // namespace binding
}  // namespace torchlet
