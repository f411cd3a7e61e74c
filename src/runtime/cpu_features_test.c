// CPU feature detection: the family decoding behind zmm_split on known
// CPUID signatures, and the invariants of what this host reports.
#include "runtime/cpu_features.h"

#include "cx_test.h"

// Leaf 1 EAX of real parts: family 19h (Zen 4 server and desktop, Zen 3)
// splits 512-bit operations; family 1Ah (Zen 5) and Intel do not.
CX_TEST(test_zmm_split_by_family) {
  static const struct { bool amd; unsigned int eax; bool want; const char* part; } cases[] = {
      {true, 0x00A10F11u, true, "EPYC 9004 (Zen 4, 19h model 11h)"},
      {true, 0x00A60F12u, true, "Ryzen 7000 (Zen 4, 19h model 61h)"},
      {true, 0x00A20F10u, true, "Ryzen 5000 (Zen 3, 19h model 21h)"},
      {true, 0x00B00F21u, false, "EPYC 9005 (Zen 5, 1Ah model 02h)"},
      {true, 0x00800F12u, false, "EPYC 7001 (Zen 1, 17h)"},
      {false, 0x000806F8u, false, "Xeon Sapphire Rapids (Intel 6, model 8Fh)"},
      {false, 0x00A10F11u, false, "an Intel-vendor CPU with a family 19h signature"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i)
    if (cx_rt_cpu_splits_zmm(cases[i].amd, cases[i].eax) != cases[i].want)
      CX_FAIL_("%s: zmm split %d, want %d", cases[i].part, !cases[i].want, cases[i].want);
}

// What detection reports here: a split 512-bit unit only with AVX-512, and
// the AVX-512 ISA only with the AVX2 one below it.
CX_TEST(test_detected_features_consistent) {
  cx_rt_cpu_features_t f;
  cx_rt_cpu_features_detect(&f);
  CX_EXPECT(!f.zmm_split || f.avx512f);
  CX_EXPECT(!cx_rt_isa_supported(&f, CX_RT_ISA_AVX512) || cx_rt_isa_supported(&f, CX_RT_ISA_AVX2));
  CX_EXPECT(cx_rt_isa_supported(&f, cx_rt_isa_best(&f)));
}

int main(void) {
  CX_RUN(test_zmm_split_by_family);
  CX_RUN(test_detected_features_consistent);
  return CX_TEST_EXIT();
}
