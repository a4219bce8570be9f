// The addon's entry point. NODE_API_MODULE makes it context-aware, so it loads in worker_threads.
#include <napi.h>

#include "binding.h"

namespace {
Napi::Object Init(Napi::Env env, Napi::Object exports) {
  torchlet::binding::init_runtime(env, exports);
  torchlet::binding::init_gemm(env, exports);
  torchlet::binding::init_elementwise(env, exports);
  return exports;
}
}  // namespace

NODE_API_MODULE(torchlet, Init)
