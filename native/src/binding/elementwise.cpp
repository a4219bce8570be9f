// Placeholder: replaced by the element-wise kernels' bindings.
#include "binding.h"
namespace torchlet {
namespace binding {
void init_elementwise(Napi::Env, Napi::Object) {}
}  // namespace binding
}  // namespace torchlet
