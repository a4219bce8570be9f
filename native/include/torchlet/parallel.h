// One process-wide pool of native worker threads.
#pragma once
#include <cstdint>
#include <functional>

namespace torchlet {

// Threads used by parallel_for (the caller counts as one). Default: hardware cores.
int get_num_threads();
// n >= 1; a value above the hardware limit is allowed (PyTorch allows it too).
void set_num_threads(int n);

// Runs fn(begin, end) over disjoint sub-ranges covering [0, n). Work is claimed in chunks of at
// least `grain` items by whichever thread is free (no static split, so a busy core never stalls
// the rest); when n <= grain or one thread is set, fn runs on the calling thread alone.
// fn must not throw. Nested calls run serially on the calling thread.
void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn);

}  // namespace torchlet
