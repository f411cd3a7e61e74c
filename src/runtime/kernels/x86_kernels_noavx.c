// The x86 microkernels' entry points on other processors (cmake/
// cxla_modules.cmake compiles *_noavx.c only where the *_avx512.c and
// *_avx2.c files are not). The portable drivers call these only after the
// CPU features said AVX2 or AVX-512 is present, which never happens off x86
// (cx_rt_cpu_features_detect reports nothing there), so the kernel tables
// are empty and the other functions are unreachable.
#include <assert.h>

#include "runtime/kernels/conv_internal.h"
#include "runtime/kernels/gemm_internal.h"

const cx_gemm_kernel_t* cx_gemm_kernel_avx2(cx_gemm_family_t f, const cx_rt_cpu_features_t* cpu) {
  (void)f;
  (void)cpu;
  return NULL;
}

const cx_gemm_kernel_t* cx_gemm_kernel_avx512(cx_gemm_family_t f, const cx_rt_cpu_features_t* cpu) {
  (void)f;
  (void)cpu;
  return NULL;
}

bool cx_gemm_skinny_avx512(cx_rt_kernel_ctx_t* ctx, const cx_rt_gemm_t* g) {
  (void)ctx;
  (void)g;
  return false;
}

bool cx_gemm_skinny_packed_avx512(cx_rt_kernel_ctx_t* ctx, const struct cx_gemm_plan* p) {
  (void)ctx;
  (void)p;
  return false;
}

#define UNREACHABLE() assert(!"an x86 microkernel selected on another processor")

void cx_gemm_f32_bdirect_avx512(int rows, int64_t kc, const float* a, const float* b, int64_t ldb,
                                float* c, int64_t ldc, int accumulate, const char* pf,
                                int64_t npf) {
  (void)rows, (void)kc, (void)a, (void)b, (void)ldb, (void)c, (void)ldc, (void)accumulate;
  (void)pf, (void)npf;
  UNREACHABLE();
}

void cx_pack_f32_rows_avx512(const float* src, int64_t ld, int rows, int R, int64_t kc, float* dst) {
  (void)src, (void)ld, (void)rows, (void)R, (void)kc, (void)dst;
  UNREACHABLE();
}

void cx_pack_f16_rows12_avx512(const uint16_t* src, int64_t ld, int rows, int64_t kc, float* dst) {
  (void)src, (void)ld, (void)rows, (void)kc, (void)dst;
  UNREACHABLE();
}

void cx_pack_f16_cols_avx512(const uint16_t* src, int64_t ks, int cols, int R, int64_t kc,
                             float* dst) {
  (void)src, (void)ks, (void)cols, (void)R, (void)kc, (void)dst;
  UNREACHABLE();
}

void cx_pack_bf16_cols32_avx512(const uint16_t* src, int64_t ks, int cols, int64_t kc,
                                uint16_t* dst) {
  (void)src, (void)ks, (void)cols, (void)kc, (void)dst;
  UNREACHABLE();
}

void cx_ep_tile_f32_avx512(const cx_rt_epilogue_t* ep, int64_t batch, int64_t i0, int64_t j0,
                           const float* x, int64_t ldx, const float* prior, float* y, int64_t ldy,
                           int rows, int cols) {
  (void)ep, (void)batch, (void)i0, (void)j0, (void)x, (void)ldx, (void)prior, (void)y, (void)ldy;
  (void)rows, (void)cols;
  UNREACHABLE();
}

void cx_convd_f32_avx512(int rows, int64_t nseg, int64_t seglen, const int64_t* seg_a,
                         const int64_t* seg_w, const float* a, int64_t lda, const float* w,
                         int64_t ldw, float* c, int64_t ldc, uint32_t colmask,
                         const cx_convd_ep_t* ep, const char* pf, int64_t npf) {
  (void)rows, (void)nseg, (void)seglen, (void)seg_a, (void)seg_w, (void)a, (void)lda, (void)w;
  (void)ldw, (void)c, (void)ldc, (void)colmask, (void)ep, (void)pf, (void)npf;
  UNREACHABLE();
}

// Without the AVX-512 microkernel no epilogue runs in its registers.
bool cx_convd_ep_fits(const cx_rt_epilogue_t* ep) {
  (void)ep;
  return false;
}
