// Each binding file registers its functions on the addon's exports.
#pragma once
#include <napi.h>

namespace torchlet {
namespace binding {
void init_runtime(Napi::Env env, Napi::Object exports);
void init_gemm(Napi::Env env, Napi::Object exports);
void init_elementwise(Napi::Env env, Napi::Object exports);
}  // namespace binding
}  // namespace torchlet
