// Portable C microkernels: the reference point of every ISA path and the
// fallback on CPUs without AVX2. Small tiles written as plain loops; the
// compiler vectorises them with the baseline ISA.
#include <string.h>

#include "runtime/kernels/gemm_internal.h"

#define CX_DEFINE_UKR(name, T, ACC, MR, NR)                                                  \
  static void name(int64_t kc, const void* av, const void* bv, void* cv, int64_t ldc,        \
                   int accumulate) {                                                         \
    const T* a = av;                                                                         \
    const T* b = bv;                                                                         \
    ACC* c = cv;                                                                             \
    ACC t[MR][NR];                                                                           \
    memset(t, 0, sizeof(t));                                                                 \
    for (int64_t k = 0; k < kc; ++k) {                                                       \
      for (int i = 0; i < MR; ++i) {                                                         \
        ACC ai = (ACC)a[k * MR + i];                                                         \
        for (int j = 0; j < NR; ++j) t[i][j] += ai * (ACC)b[k * NR + j];                     \
      }                                                                                      \
    }                                                                                        \
    for (int i = 0; i < MR; ++i)                                                             \
      for (int j = 0; j < NR; ++j) c[i * ldc + j] = (accumulate ? c[i * ldc + j] : 0) + t[i][j]; \
  }

CX_DEFINE_UKR(cx_ukr_f32_4x16, float, float, 4, 16)
CX_DEFINE_UKR(cx_ukr_f64_4x8, double, double, 4, 8)
CX_DEFINE_UKR(cx_ukr_i8_4x16, int8_t, int32_t, 4, 16)

static const cx_gemm_kernel_t cx_k_f32 = {CX_FAM_F32, 4, 16, 1, 128, 256, 2048, cx_ukr_f32_4x16, false, NULL};
static const cx_gemm_kernel_t cx_k_f64 = {CX_FAM_F64, 4, 8, 1, 128, 256, 2048, cx_ukr_f64_4x8, false, NULL};
static const cx_gemm_kernel_t cx_k_i8 = {CX_FAM_I8_PLAIN, 4, 16, 1, 128, 512, 2048,
                                         cx_ukr_i8_4x16, false, NULL};

const cx_gemm_kernel_t* cx_gemm_kernel_portable(cx_gemm_family_t f) {
  switch (f) {
    case CX_FAM_F32: return &cx_k_f32;
    case CX_FAM_F64: return &cx_k_f64;
    case CX_FAM_I8_PLAIN: return &cx_k_i8;
    default: return NULL;
  }
}
