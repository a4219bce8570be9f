// CPU feature detection (CPUID + XGETBV), done once at load.
#pragma once

namespace torchlet {

enum class Isa { scalar = 0, avx2 = 1, avx512 = 2 };

// The best ISA this CPU and OS support (AVX2 needs AVX2+FMA and OS-saved YMM state; AVX-512 needs
// AVX512F/BW/DQ/VL and OS-saved ZMM/opmask state).
Isa detected_isa();
// The ISA kernels dispatch to: detected_isa(), lowered by the env var TORCHLET_ISA=scalar|avx2|avx512
// (never raised above what the CPU supports) or by set_active_isa.
Isa active_isa();
void set_active_isa(Isa isa);  // clamps to detected_isa()
const char* isa_name(Isa isa);

}  // namespace torchlet
