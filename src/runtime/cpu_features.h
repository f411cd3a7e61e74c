// CPU feature detection for run-time kernel dispatch.
//
// The kernels are compiled for several instruction sets (files named
// *_avx512.c / *_avx2.c get the ISA flags, see cmake/cxla_modules.cmake) and
// the caller picks one at run time from these flags. Detection reads CPUID and
// also checks with XGETBV that the OS saves the wide registers, since a CPU
// bit alone does not make AVX-512 usable.
#ifndef CXLA_RUNTIME_CPU_FEATURES_H_
#define CXLA_RUNTIME_CPU_FEATURES_H_

#include <stdbool.h>

typedef struct cx_rt_cpu_features {
  bool avx2;
  bool fma;
  bool f16c;
  bool avx_vnni;
  bool avx512f;
  bool avx512bw;
  bool avx512vl;
  bool avx512dq;
  bool avx512_bf16;
  bool avx512_vnni;
} cx_rt_cpu_features_t;

// Fills *out from CPUID. Pure: no global state; cheap enough to call once per
// kernel context.
void cx_rt_cpu_features_detect(cx_rt_cpu_features_t* out);

// The ISA levels the kernels are written for, from the most portable.
typedef enum cx_rt_isa {
  CX_RT_ISA_AUTO = 0,  // the best the CPU supports
  CX_RT_ISA_PORTABLE,  // plain C, any CPU
  CX_RT_ISA_AVX2,      // AVX2 + FMA + F16C (AVX-VNNI used for int8 when present)
  CX_RT_ISA_AVX512,    // AVX-512 F/BW/VL/DQ (+ BF16 and VNNI when present)
} cx_rt_isa_t;

// True if the kernels of `isa` can run on a CPU with these features.
bool cx_rt_isa_supported(const cx_rt_cpu_features_t* f, cx_rt_isa_t isa);
// The best supported level.
cx_rt_isa_t cx_rt_isa_best(const cx_rt_cpu_features_t* f);
const char* cx_rt_isa_name(cx_rt_isa_t isa);

#endif  // CXLA_RUNTIME_CPU_FEATURES_H_
