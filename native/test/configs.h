// The kernel configurations every native test runs through: each ISA this CPU supports, at 1 and 2
// threads.
#pragma once
#include <vector>

#include "torchlet/cpu.h"
#include "torchlet/parallel.h"

namespace tltest {

inline std::vector<torchlet::Isa> isas() {
  using torchlet::Isa;
  std::vector<Isa> v{Isa::scalar};
  if (torchlet::detected_isa() >= Isa::avx2) v.push_back(Isa::avx2);
  if (torchlet::detected_isa() >= Isa::avx512) v.push_back(Isa::avx512);
  return v;
}

// Runs fn(isa, threads) for every ISA and 1/2 threads, restoring the settings afterwards.
template <typename Fn>
void each_config(Fn fn) {
  const torchlet::Isa saved_isa = torchlet::active_isa();
  const int saved_threads = torchlet::get_num_threads();
  for (torchlet::Isa isa : isas()) {
    torchlet::set_active_isa(isa);
    for (int t : {1, 2}) {
      torchlet::set_num_threads(t);
      fn(isa, t);
    }
  }
  torchlet::set_active_isa(saved_isa);
  torchlet::set_num_threads(saved_threads);
}

}  // namespace tltest
