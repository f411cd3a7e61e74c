#include "runtime/cpu_features.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

static unsigned long long cx_xgetbv0(void) {
  unsigned int eax, edx;
  // xgetbv with ecx=0 reads XCR0: which register states the OS saves.
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return ((unsigned long long)edx << 32) | eax;
}
#endif

void cx_rt_cpu_features_detect(cx_rt_cpu_features_t* out) {
  memset(out, 0, sizeof(*out));
#if defined(__x86_64__) || defined(__i386__)
  unsigned int eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return;
  bool osxsave = (ecx >> 27) & 1;
  bool avx = (ecx >> 28) & 1;
  bool fma = (ecx >> 12) & 1;
  bool f16c = (ecx >> 29) & 1;
  if (!osxsave || !avx) return;
  unsigned long long xcr0 = cx_xgetbv0();
  bool ymm_ok = (xcr0 & 0x6) == 0x6;     // SSE and AVX state
  bool zmm_ok = (xcr0 & 0xe6) == 0xe6;   // plus opmask, ZMM_Hi256, Hi16_ZMM
  if (!ymm_ok) return;
  unsigned int max_leaf = __get_cpuid_max(0, NULL);
  if (max_leaf < 7) return;
  __cpuid_count(7, 0, eax, ebx, ecx, edx);
  out->fma = fma;
  out->f16c = f16c;
  out->avx2 = (ebx >> 5) & 1;
  if (zmm_ok) {
    out->avx512f = (ebx >> 16) & 1;
    out->avx512dq = (ebx >> 17) & 1;
    out->avx512bw = (ebx >> 30) & 1;
    out->avx512vl = (ebx >> 31) & 1;
    out->avx512_vnni = (ecx >> 11) & 1;
  }
  unsigned int eax1, ebx1, ecx1, edx1;
  __cpuid_count(7, 1, eax1, ebx1, ecx1, edx1);
  (void)ebx1;
  (void)ecx1;
  (void)edx1;
  out->avx_vnni = (eax1 >> 4) & 1;
  if (zmm_ok) out->avx512_bf16 = (eax1 >> 5) & 1;
#endif
}

bool cx_rt_isa_supported(const cx_rt_cpu_features_t* f, cx_rt_isa_t isa) {
  switch (isa) {
    case CX_RT_ISA_AUTO:
    case CX_RT_ISA_PORTABLE:
      return true;
    case CX_RT_ISA_AVX2:
      return f->avx2 && f->fma && f->f16c;
    case CX_RT_ISA_AVX512:
      return f->avx512f && f->avx512bw && f->avx512vl && f->avx512dq && f->fma && f->f16c;
  }
  return false;
}

cx_rt_isa_t cx_rt_isa_best(const cx_rt_cpu_features_t* f) {
  if (cx_rt_isa_supported(f, CX_RT_ISA_AVX512)) return CX_RT_ISA_AVX512;
  if (cx_rt_isa_supported(f, CX_RT_ISA_AVX2)) return CX_RT_ISA_AVX2;
  return CX_RT_ISA_PORTABLE;
}

const char* cx_rt_isa_name(cx_rt_isa_t isa) {
  switch (isa) {
    case CX_RT_ISA_AUTO: return "auto";
    case CX_RT_ISA_PORTABLE: return "portable";
    case CX_RT_ISA_AVX2: return "avx2";
    case CX_RT_ISA_AVX512: return "avx512";
  }
  return "?";
}
