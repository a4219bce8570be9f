// CPU feature detection: CPUID says what the core has, XGETBV says what the OS saves on a context
// switch. Both must agree before a wider ISA is used.
#include "torchlet/cpu.h"

#include <atomic>
#include <cstdlib>
#include <cstring>

#if defined(__x86_64__) || defined(_M_X64)
#define TL_X86 1
#if defined(_MSC_VER)
#include <intrin.h>
#else
#include <cpuid.h>
#endif
#endif

namespace torchlet {
namespace {

#ifdef TL_X86
void cpuid(unsigned leaf, unsigned sub, unsigned r[4]) {
#if defined(_MSC_VER)
  int v[4];
  __cpuidex(v, static_cast<int>(leaf), static_cast<int>(sub));
  for (int i = 0; i < 4; i++) r[i] = static_cast<unsigned>(v[i]);
#else
  __cpuid_count(leaf, sub, r[0], r[1], r[2], r[3]);
#endif
}

unsigned long long xgetbv0() {
#if defined(_MSC_VER)
  return _xgetbv(0);
#else
  unsigned lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (static_cast<unsigned long long>(hi) << 32) | lo;
#endif
}
#endif

Isa detect() {
#ifdef TL_X86
  unsigned r[4];
  cpuid(0, 0, r);
  const unsigned max_leaf = r[0];
  if (max_leaf < 7) return Isa::scalar;
  cpuid(1, 0, r);
  const bool osxsave = (r[2] >> 27) & 1, avx = (r[2] >> 28) & 1, fma = (r[2] >> 12) & 1;
  if (!osxsave || !avx) return Isa::scalar;
  const unsigned long long xcr0 = xgetbv0();
  const bool ymm_saved = (xcr0 & 0x6) == 0x6;            // SSE + AVX state
  const bool zmm_saved = (xcr0 & 0xE6) == 0xE6;          // + opmask, ZMM_Hi256, Hi16_ZMM
  cpuid(7, 0, r);
  const bool avx2 = (r[1] >> 5) & 1;
  const bool f = (r[1] >> 16) & 1, dq = (r[1] >> 17) & 1, bw = (r[1] >> 30) & 1, vl = (r[1] >> 31) & 1;
  if (ymm_saved && zmm_saved && avx2 && fma && f && dq && bw && vl) return Isa::avx512;
  if (ymm_saved && avx2 && fma) return Isa::avx2;
#endif
  return Isa::scalar;
}

Isa from_env(Isa best) {
  const char* e = std::getenv("TORCHLET_ISA");
  if (!e) return best;
  Isa want = best;
  if (!std::strcmp(e, "scalar")) want = Isa::scalar;
  else if (!std::strcmp(e, "avx2")) want = Isa::avx2;
  else if (!std::strcmp(e, "avx512")) want = Isa::avx512;
  return static_cast<int>(want) < static_cast<int>(best) ? want : best;
}

const Isa g_detected = detect();
std::atomic<int> g_active{static_cast<int>(from_env(g_detected))};

}  // namespace

Isa detected_isa() { return g_detected; }
Isa active_isa() { return static_cast<Isa>(g_active.load(std::memory_order_relaxed)); }
void set_active_isa(Isa isa) {
  const int v = static_cast<int>(isa) < static_cast<int>(g_detected) ? static_cast<int>(isa) : static_cast<int>(g_detected);
  g_active.store(v, std::memory_order_relaxed);
}
const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::avx512: return "avx512";
    case Isa::avx2: return "avx2";
    default: return "scalar";
  }
}

}  // namespace torchlet
