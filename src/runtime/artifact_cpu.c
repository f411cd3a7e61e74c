// CPU features for artifacts (runtime/artifact.h): what the running CPU
// offers, in the bits an artifact records as required.
//
// The compiler builds the code of an artifact for an explicit feature set
// (the named x86-64 levels, or for "host" exactly the bits detected here),
// so the check at load time compares like with like: a feature LLVM may use
// is one this file can detect.
#include <stdio.h>
#include <string.h>

#include "runtime/artifact.h"

#if defined(__x86_64__)
#include <cpuid.h>
#elif defined(__aarch64__)
#include <sys/auxv.h>
#endif

uint32_t cx_rt_cpu_machine(void) {
#if defined(__x86_64__)
  return CX_RT_ELF_X86_64;
#elif defined(__aarch64__)
  return CX_RT_ELF_AARCH64;
#else
  return 0;
#endif
}

const char* cx_rt_machine_name(uint32_t machine) {
  switch (machine) {
    case CX_RT_ELF_X86_64: return "x86-64";
    case CX_RT_ELF_AARCH64: return "aarch64";
    default: return "unknown";
  }
}

#define BIT(name) (1ull << CX_RT_CPU_##name)

#if defined(__x86_64__)
static uint64_t xgetbv0(void) {
  unsigned eax, edx;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return ((uint64_t)edx << 32) | eax;
}

static uint64_t detect_x86(void) {
  unsigned a, b, c, d;
  uint64_t f = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  if (c & (1u << 0)) f |= BIT(X86_SSE3);
  if (c & (1u << 1)) f |= BIT(X86_PCLMUL);
  if (c & (1u << 9)) f |= BIT(X86_SSSE3);
  if (c & (1u << 13)) f |= BIT(X86_CX16);
  if (c & (1u << 19)) f |= BIT(X86_SSE4_1);
  if (c & (1u << 20)) f |= BIT(X86_SSE4_2);
  if (c & (1u << 22)) f |= BIT(X86_MOVBE);
  if (c & (1u << 23)) f |= BIT(X86_POPCNT);
  if (c & (1u << 26)) f |= BIT(X86_XSAVE);
  // The AVX family needs the OS to save the wide registers (XCR0), not only
  // the CPU bits.
  bool osxsave = c & (1u << 27);
  uint64_t xcr0 = osxsave ? xgetbv0() : 0;
  bool ymm = (xcr0 & 0x6) == 0x6, zmm = (xcr0 & 0xe6) == 0xe6;
  if (ymm) {
    if (c & (1u << 28)) f |= BIT(X86_AVX);
    if (c & (1u << 12)) f |= BIT(X86_FMA);
    if (c & (1u << 29)) f |= BIT(X86_F16C);
  }
  if (__get_cpuid_max(0x80000000u, NULL) >= 0x80000001u) {
    __cpuid(0x80000001u, a, b, c, d);
    if (c & (1u << 0)) f |= BIT(X86_SAHF);
    if (c & (1u << 5)) f |= BIT(X86_LZCNT);
  }
  if (__get_cpuid_max(0, NULL) < 7) return f;
  __cpuid_count(7, 0, a, b, c, d);
  unsigned b7 = b, c7 = c, d7 = d, max7 = a;
  if (b7 & (1u << 3)) f |= BIT(X86_BMI);
  if (b7 & (1u << 8)) f |= BIT(X86_BMI2);
  if (ymm) {
    if (b7 & (1u << 5)) f |= BIT(X86_AVX2);
    if (c7 & (1u << 8)) f |= BIT(X86_GFNI);
    if (c7 & (1u << 10)) f |= BIT(X86_VPCLMULQDQ);
  }
  if (zmm) {
    if (b7 & (1u << 16)) f |= BIT(X86_AVX512F);
    if (b7 & (1u << 17)) f |= BIT(X86_AVX512DQ);
    if (b7 & (1u << 21)) f |= BIT(X86_AVX512IFMA);
    if (b7 & (1u << 28)) f |= BIT(X86_AVX512CD);
    if (b7 & (1u << 30)) f |= BIT(X86_AVX512BW);
    if (b7 & (1u << 31)) f |= BIT(X86_AVX512VL);
    if (c7 & (1u << 1)) f |= BIT(X86_AVX512VBMI);
    if (c7 & (1u << 6)) f |= BIT(X86_AVX512VBMI2);
    if (c7 & (1u << 11)) f |= BIT(X86_AVX512VNNI);
    if (c7 & (1u << 12)) f |= BIT(X86_AVX512BITALG);
    if (c7 & (1u << 14)) f |= BIT(X86_AVX512VPOPCNTDQ);
    if (d7 & (1u << 23)) f |= BIT(X86_AVX512FP16);
  }
  if (max7 >= 1) {
    __cpuid_count(7, 1, a, b, c, d);
    if (ymm && (a & (1u << 4))) f |= BIT(X86_AVXVNNI);
    if (zmm && (a & (1u << 5))) f |= BIT(X86_AVX512BF16);
  }
  return f;
}
#endif

#if defined(__aarch64__)
// The HWCAP bits (asm/hwcap.h); spelled out so that old headers build.
#define CX_HWCAP_FPHP (1ul << 9)
#define CX_HWCAP_ASIMDHP (1ul << 10)
#define CX_HWCAP_ASIMDDP (1ul << 20)
#define CX_HWCAP2_I8MM (1ul << 13)
#define CX_HWCAP2_BF16 (1ul << 14)

static uint64_t detect_a64(void) {
  unsigned long h = getauxval(AT_HWCAP), h2 = getauxval(AT_HWCAP2);
  uint64_t f = 0;
  if ((h & CX_HWCAP_FPHP) && (h & CX_HWCAP_ASIMDHP)) f |= BIT(A64_FP16);
  if (h & CX_HWCAP_ASIMDDP) f |= BIT(A64_DOTPROD);
  if (h2 & CX_HWCAP2_BF16) f |= BIT(A64_BF16);
  if (h2 & CX_HWCAP2_I8MM) f |= BIT(A64_I8MM);
  return f;
}
#endif

uint64_t cx_rt_cpu_detect(void) {
#if defined(__x86_64__)
  return detect_x86();
#elif defined(__aarch64__)
  return detect_a64();
#else
  return 0;
#endif
}

const char* cx_rt_cpu_feature_name(unsigned bit, uint32_t* out_machine) {
  switch (bit) {
#define CX_RT_CPU_CASE_(arch, name, b, llvm)                                        \
  case b:                                                                         \
    if (out_machine) *out_machine = !strcmp(#arch, "X86") ? CX_RT_ELF_X86_64 : CX_RT_ELF_AARCH64; \
    return llvm;
    CX_RT_CPU_FEATURES(CX_RT_CPU_CASE_)
#undef CX_RT_CPU_CASE_
  }
  if (out_machine) *out_machine = 0;
  return NULL;
}

void cx_rt_cpu_features_format(uint64_t bits, char* buf, size_t size) {
  size_t n = 0;
  if (size) buf[0] = 0;
  for (unsigned b = 0; b < 64; b++) {
    if (!(bits & (1ull << b))) continue;
    const char* name = cx_rt_cpu_feature_name(b, NULL);
    char unknown[16];
    if (!name) {
      snprintf(unknown, sizeof unknown, "bit%u", b);
      name = unknown;
    }
    int k = snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? "," : "", name);
    if (k < 0) return;
    n += (size_t)k;
    if (n >= size) return;
  }
}
