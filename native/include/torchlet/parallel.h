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

// Like parallel_for, but on the pool [0, n) is split into one home range per thread (thread i:
// [i*n/t, (i+1)*n/t), the caller being thread 0), and each thread takes its own range's items one
// at a time from the front, then the others' from the back. Two calls with the same n and thread
// count give each thread the same items unless some were taken over, so what a thread prepared in
// one (e.g. packed operands) is mostly used by itself in the next. Run serially (one thread, n of
// 1 or from 2^31, nested) fn gets the whole range at once.
void parallel_for_affine(int64_t n, const std::function<void(int64_t, int64_t)>& fn);

}  // namespace torchlet
