// The process-wide thread pool behind parallel_for.
//
// Servers share their cores, so: work is claimed in small, shrinking chunks by whichever thread is
// free (a descheduled worker delays at most one chunk), idle workers spin briefly and then sleep on a
// condition variable, and small or nested work stays on the calling thread. Only one parallel_for
// runs on the pool at a time; a concurrent caller (another worker_thread) runs its work serially
// rather than queueing behind it.
#include "torchlet/parallel.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#if defined(__linux__)
#include <sched.h>
#endif

namespace torchlet {
namespace {

int physical_cores() {
  int logical = static_cast<int>(std::thread::hardware_concurrency());
  if (logical <= 0) logical = 1;
#if defined(__linux__)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) logical = std::max(1, std::min(logical, CPU_COUNT(&set)));
  // Count distinct (package, core) pairs so SMT siblings are not counted twice.
  std::ifstream in("/proc/cpuinfo");
  std::set<std::pair<int, int>> cores;
  std::string line;
  int pkg = 0;
  while (std::getline(in, line)) {
    if (line.rfind("physical id", 0) == 0) pkg = std::atoi(line.substr(line.find(':') + 1).c_str());
    else if (line.rfind("core id", 0) == 0) cores.insert({pkg, std::atoi(line.substr(line.find(':') + 1).c_str())});
  }
  if (!cores.empty()) return std::max(1, std::min(logical, static_cast<int>(cores.size())));
#endif
  return logical;
}

struct Job {
  const std::function<void(int64_t, int64_t)>* fn;
  int64_t n, grain, chunk;  // chunk: the largest claim
  int nt;
  int caller_cpu = -1;  // where the caller was when it posted the job (-1: unknown)
  std::atomic<int64_t> next{0};
  std::atomic<int64_t> done{0};
  std::atomic<int> active{0};
  // Affine jobs: thread i's home range of items as (hi << 32 | lo), claimed one item at a time from
  // the front by its owner and from the back by the others once their own ranges are empty.
  std::unique_ptr<std::atomic<uint64_t>[]> home;

  void run(int self) {
    if (home) return run_affine(self);
    // Guided self-scheduling: each claim takes a share of what is left (at most `chunk`, at least
    // `grain`), so claims shrink towards the end and a thread that is descheduled while holding one
    // delays the others by little.
    int64_t b = next.load(std::memory_order_relaxed);
    for (;;) {
      int64_t e;
      do {
        if (b >= n) return;
        const int64_t share = std::min(chunk, std::max(grain, (n - b) / (2 * nt)));
        e = std::min(n, b + share);
      } while (!next.compare_exchange_weak(b, e, std::memory_order_relaxed));
      (*fn)(b, e);
      done.fetch_add(e - b, std::memory_order_acq_rel);
      b = next.load(std::memory_order_relaxed);
    }
  }

  // Takes one item of range r from its front (owner) or back (thief); false when r is empty.
  bool claim(int r, bool front, int64_t* item) {
    uint64_t x = home[r].load(std::memory_order_relaxed);
    for (;;) {
      const uint64_t lo = x & 0xffffffffu, hi = x >> 32;
      if (lo >= hi) return false;
      const uint64_t y = front ? (hi << 32 | (lo + 1)) : ((hi - 1) << 32 | lo);
      if (home[r].compare_exchange_weak(x, y, std::memory_order_relaxed)) {
        *item = static_cast<int64_t>(front ? lo : hi - 1);
        return true;
      }
    }
  }

  void run_affine(int self) {
    int64_t i;
    for (;;) {
      bool got = claim(self, true, &i);
      for (int d = 1; !got && d < nt; d++) got = claim((self + d) % nt, false, &i);
      if (!got) return;
      (*fn)(i, i + 1);
      done.fetch_add(1, std::memory_order_acq_rel);
    }
  }
};

thread_local bool t_in_parallel = false;

int current_cpu() {
#if defined(__linux__)
  return sched_getcpu();
#else
  return -1;
#endif
}

// A worker woken from its sleep is often placed on the waking thread's CPU (the scheduler's wake
// affinity), and on this VM it stayed there for milliseconds while the other CPU idled: after a 20 ms
// pause, 29 of 40 calls ran their 2 threads on one CPU (a 1024^3 product at 1-thread speed). So a
// worker that finds itself on the caller's CPU steps off it: its affinity mask without that CPU
// moves it at once, and the mask is restored straight away (which leaves it where it now is).
void step_off_cpu(int cpu) {
#if defined(__linux__)
  cpu_set_t saved, others;
  if (cpu < 0 || cpu >= CPU_SETSIZE || sched_getaffinity(0, sizeof(saved), &saved) != 0) return;
  others = saved;
  CPU_CLR(cpu, &others);
  if (CPU_COUNT(&others) == 0) return;
  if (sched_setaffinity(0, sizeof(others), &others) == 0) sched_setaffinity(0, sizeof(saved), &saved);
#else
  (void)cpu;
#endif
}

class Pool {
 public:
  Pool() : threads_(physical_cores()) {}
  ~Pool() {
    {
      std::lock_guard<std::mutex> lk(mu_);
      stop_ = true;
      gen_.fetch_add(1);
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
  }

  int threads() const { return threads_.load(std::memory_order_relaxed); }
  void set_threads(int n) { threads_.store(std::max(1, n), std::memory_order_relaxed); }

  void run(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn, bool affine) {
    const int nt = threads();
    if (grain < 1) grain = 1;
    if (n <= 0) return;
    if (nt <= 1 || n <= grain || t_in_parallel || (affine && n >= (int64_t(1) << 31))) {
      fn(0, n);
      return;
    }
    std::unique_lock<std::mutex> owner(run_mu_, std::try_to_lock);
    if (!owner.owns_lock()) {  // another JS thread is using the pool
      fn(0, n);
      return;
    }
    ensure_workers(nt - 1);
    Job job;
    job.fn = &fn;
    job.n = n;
    job.grain = grain;
    job.nt = nt;
    // Several chunks per thread so a slow or descheduled thread holds back little work.
    job.chunk = std::max<int64_t>(grain, (n + nt * 4 - 1) / (nt * 4));
    job.caller_cpu = current_cpu();
    if (affine) {
      job.home.reset(new std::atomic<uint64_t>[nt]);
      for (int i = 0; i < nt; i++)
        job.home[i].store(static_cast<uint64_t>((i + 1) * n / nt) << 32 | static_cast<uint64_t>(i * n / nt));
    }
    bool woke_sleepers;
    {
      std::lock_guard<std::mutex> lk(mu_);
      job_ = &job;
      wanted_ = nt - 1;
      gen_.fetch_add(1, std::memory_order_release);
      woke_sleepers = sleepers_ > 0;
    }
    cv_.notify_all();
    // A sleeping worker's wake-up may be queued on this CPU (see step_off_cpu): let it run now, so it
    // moves to another CPU at once instead of waiting out this thread's time slice (measured here
    // after 20 ms idle: the worker's first task began 2.7 ms late at the median, 1024^3 at 7.8 ms).
    if (woke_sleepers) std::this_thread::yield();
    t_in_parallel = true;
    job.run(0);
    t_in_parallel = false;
    for (int spins = 0; job.done.load(std::memory_order_acquire) < n; spins++) {
      if (spins > 2000) std::this_thread::yield();
    }
    {
      std::lock_guard<std::mutex> lk(mu_);
      job_ = nullptr;  // no worker joins after this
    }
    while (job.active.load(std::memory_order_acquire) != 0) std::this_thread::yield();
  }

 private:
  void ensure_workers(int want) {
    std::lock_guard<std::mutex> lk(mu_);
    while (static_cast<int>(workers_.size()) < want) {
      const int id = static_cast<int>(workers_.size());
      workers_.emplace_back([this, id] { worker(id); });
    }
  }

  void worker(int id) {
    t_in_parallel = true;
    uint64_t seen = gen_.load(std::memory_order_acquire);
    for (;;) {
      // Bounded spin (~50us) for back-to-back jobs, then sleep.
      const auto spin_until = std::chrono::steady_clock::now() + std::chrono::microseconds(50);
      while (gen_.load(std::memory_order_acquire) == seen && std::chrono::steady_clock::now() < spin_until) {
      }
      Job* job = nullptr;
      {
        std::unique_lock<std::mutex> lk(mu_);
        if (gen_.load(std::memory_order_relaxed) == seen) {
          sleepers_++;
          cv_.wait(lk, [&] { return gen_.load(std::memory_order_relaxed) != seen; });
          sleepers_--;
        }
        seen = gen_.load(std::memory_order_relaxed);
        if (stop_) return;
        if (job_ && id < wanted_) {
          job = job_;
          job->active.fetch_add(1, std::memory_order_acq_rel);
        }
      }
      if (job) {
        if (job->caller_cpu >= 0 && current_cpu() == job->caller_cpu) step_off_cpu(job->caller_cpu);
        job->run(id + 1);
        job->active.fetch_sub(1, std::memory_order_acq_rel);
      }
    }
  }

  std::atomic<int> threads_;
  std::mutex run_mu_;  // one job on the pool at a time
  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<uint64_t> gen_{0};
  Job* job_ = nullptr;
  int wanted_ = 0;
  int sleepers_ = 0;  // workers waiting on cv_ (guarded by mu_)
  bool stop_ = false;
  std::vector<std::thread> workers_;
};

Pool& pool() {
  // Leaked on purpose: joining threads during static destruction at process exit can deadlock.
  static Pool* p = new Pool();
  return *p;
}

}  // namespace

int get_num_threads() { return pool().threads(); }
void set_num_threads(int n) { pool().set_threads(n); }
void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn) {
  pool().run(n, grain, fn, false);
}
void parallel_for_affine(int64_t n, const std::function<void(int64_t, int64_t)>& fn) {
  pool().run(n, 1, fn, true);
}

}  // namespace torchlet
