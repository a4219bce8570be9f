#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "harness.h"
#include "torchlet/cpu.h"
#include "torchlet/parallel.h"

TL_TEST(parallel_for_covers_range_once) {
  for (int threads : {1, 2, 3}) {
    torchlet::set_num_threads(threads);
    for (int64_t n : {0, 1, 7, 1000, 100003}) {
      std::vector<std::atomic<int>> hits(static_cast<size_t>(n));
      torchlet::parallel_for(n, 16, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; i++) hits[i]++;
      });
      int bad = 0;
      for (auto& h : hits) bad += h.load() != 1;
      TL_CHECK(bad == 0) << "threads=" << threads << " n=" << n;
    }
  }
  torchlet::set_num_threads(2);
}

TL_TEST(parallel_for_affine_covers_range_once_caller_first) {
  const auto caller = std::this_thread::get_id();
  for (int threads : {1, 2, 3}) {
    torchlet::set_num_threads(threads);
    for (int64_t n : {0, 1, 2, 5, 64, 1001}) {
      // The caller's home range starts at item 0 (and is not empty when n >= threads) and it claims
      // that item first. Others steal it only after emptying their own ranges, so their items wait
      // for item 0 (until 200 ms into the run): the check then does not depend on how the OS
      // schedules an oversubscribed pool (3 threads on 2 CPUs held the caller off in 20 of 20 runs).
      int on_caller = 0;
      for (int run = 0; run < 20; run++) {
        std::vector<std::atomic<int>> hits(static_cast<size_t>(n));
        std::atomic<bool> first_on_caller{false};
        int caller_items = 0;  // touched by the caller only
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
        torchlet::parallel_for_affine(n, [&](int64_t b, int64_t e) {
          for (int64_t i = b; i < e; i++) {
            hits[i]++;
            const bool is_caller = std::this_thread::get_id() == caller;
            if (i == 0) first_on_caller = is_caller && caller_items == 0;
            caller_items += is_caller;
            while (i != 0 && hits[0].load() == 0 && std::chrono::steady_clock::now() < deadline) {
              std::this_thread::yield();
            }
            for (volatile int spin = 0; spin < 2000; spin = spin + 1) {
            }
          }
        });
        int bad = 0;
        for (auto& h : hits) bad += h.load() != 1;
        TL_CHECK(bad == 0) << "threads=" << threads << " n=" << n << " run=" << run;
        on_caller += first_on_caller.load();
      }
      if (n >= threads) TL_CHECK(on_caller > 0) << "threads=" << threads << " n=" << n;
    }
  }
  torchlet::set_num_threads(2);
}

TL_TEST(isa_detection_is_consistent) {
  const auto d = torchlet::detected_isa();
  torchlet::set_active_isa(torchlet::Isa::avx512);
  TL_CHECK(torchlet::active_isa() == d);  // never raised above the CPU
  torchlet::set_active_isa(torchlet::Isa::scalar);
  TL_CHECK(torchlet::active_isa() == torchlet::Isa::scalar);
  torchlet::set_active_isa(d);
}
