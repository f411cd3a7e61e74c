// B packed while its pages are given back (cx_rt_gemm_prepack_b_consume):
// the panels are those cx_rt_gemm_prepack_b makes from an untouched copy
// (GEMMs on them give bit-identical results), for a k-outer and an n-outer
// B (and one with padded rows), f32 and f64 (depth slices) and bf16 (whole
// passes), 1 and 2 threads, every ISA the CPU runs; B's whole pages read as
// zeros afterwards (given back), except where B's layout interleaves rows.
#include <stdlib.h>
#include <string.h>

#include "cx_test.h"
#include "runtime/kernels/gemm.h"

static cx_rt_thread_pool_t* g_pool;

static void fill(cx_rt_dtype_t t, void* p, size_t count, int seed) {
  for (size_t i = 0; i < count; i++) {
    float v = (float)((int)((i * 7 + (size_t)seed) % 13) - 6) * 0.5f;
    if (t == CX_RT_F32) {
      ((float*)p)[i] = v;
    } else if (t == CX_RT_F64) {
      ((double*)p)[i] = v;
    } else {  // bf16: v is exact in its top 16 bits
      uint32_t bits;
      memcpy(&bits, &v, 4);
      ((uint16_t*)p)[i] = (uint16_t)(bits >> 16);
    }
  }
}

static void* page_alloc(size_t bytes) {
  void* p = NULL;
  if (posix_memalign(&p, 4096, (bytes + 4095) / 4096 * 4096)) return NULL;
  return p;
}

// One case: B of k x n stored with element (k, j) at k*rs + j*cs.
static void check_case(cx_rt_kernel_ctx_t* ctx, cx_rt_dtype_t t, int64_t k, int64_t n, int64_t rs,
                       int64_t cs, bool expect_given_back) {
  const int64_t m = 130;
  size_t es = cx_rt_dtype_size(t), cs_es = t == CX_RT_F64 ? 8 : 4;
  cx_rt_dtype_t ct = t == CX_RT_F64 ? CX_RT_F64 : CX_RT_F32;
  size_t span = (size_t)((k - 1) * rs + (n - 1) * cs + 1);
  void* b = page_alloc(span * es);
  void* copy = page_alloc(span * es);
  void* a = page_alloc((size_t)(m * k) * es);
  void* c1 = page_alloc((size_t)(m * n) * cs_es);
  void* c2 = page_alloc((size_t)(m * n) * cs_es);
  CX_EXPECT(b && copy && a && c1 && c2);
  if (!b || !copy || !a || !c1 || !c2) goto done;
  fill(t, b, span, 1);
  memcpy(copy, b, span * es);
  fill(t, a, (size_t)(m * k), 5);
  cx_rt_gemm_t g = {.batch = 1, .m = m, .n = n, .k = k, .a = {t, a, k, 1, 0},
                    .b = {t, b, rs, cs, 0}, .c = {ct, c1, n, 1, 0}};
  cx_rt_gemm_packed_b_t* consumed = NULL;
  cx_rt_gemm_packed_b_t* packed = NULL;
  CX_EXPECT_OK(cx_rt_gemm_prepack_b_consume(ctx, &g, &consumed));
  g.b.data = copy;
  CX_EXPECT_OK(cx_rt_gemm_prepack_b(ctx, &g, &packed));
  if (consumed && packed) {
    CX_EXPECT_OK(cx_rt_gemm_prepacked(ctx, &g, consumed));
    g.c.data = c2;
    CX_EXPECT_OK(cx_rt_gemm_prepacked(ctx, &g, packed));
    if (memcmp(c1, c2, (size_t)(m * n) * cs_es) != 0)
      CX_FAIL_("%s k %lld n %lld rs %lld cs %lld: results differ from B packed in place",
               cx_rt_dtype_name(t), (long long)k, (long long)n, (long long)rs, (long long)cs);
  }
  // The second whole page of B: given back (zeros) or, if B's rows
  // interleave, untouched.
  const unsigned char* page = (const unsigned char*)b + 4096;
  bool zero = true;
  for (size_t i = 0; i < 4096; i++) zero &= page[i] == 0;
  bool same = memcmp(page, (const unsigned char*)copy + 4096, 4096) == 0;
  if (expect_given_back ? !zero : !same)
    CX_FAIL_("%s k %lld n %lld rs %lld cs %lld: B's pages %s", cx_rt_dtype_name(t), (long long)k,
             (long long)n, (long long)rs, (long long)cs,
             expect_given_back ? "were not given back" : "changed");
  cx_rt_gemm_packed_b_destroy(consumed);
  cx_rt_gemm_packed_b_destroy(packed);
done:
  free(b);
  free(copy);
  free(a);
  free(c1);
  free(c2);
}

CX_TEST(consumed_b_packs_like_prepack_b) {
  static const cx_rt_isa_t isas[] = {CX_RT_ISA_PORTABLE, CX_RT_ISA_AVX2, CX_RT_ISA_AVX512};
  static const cx_rt_dtype_t types[] = {CX_RT_F32, CX_RT_F64, CX_RT_BF16};
  int ran = 0;
  for (size_t i = 0; i < sizeof isas / sizeof isas[0]; i++) {
    cx_rt_kernel_ctx_t* ctx = NULL;
    CX_EXPECT_OK(cx_rt_kernel_ctx_create(g_pool, &ctx));
    if (!ctx) continue;
    cx_status_t s = cx_rt_kernel_ctx_set_isa(ctx, isas[i]);
    if (s) {  // this CPU cannot run it
      cx_status_free(s);
      cx_rt_kernel_ctx_destroy(ctx);
      continue;
    }
    for (int threads = 1; threads <= 2; threads++) {
      cx_rt_kernel_ctx_set_num_threads(ctx, threads);
      for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
        // K and N not multiples of the kernels' blocks; 300 KiB or more of f32.
        check_case(ctx, types[t], 600, 300, 300, 1, true);   // k-outer (B row-major)
        check_case(ctx, types[t], 600, 300, 1, 600, true);   // n-outer (a weight transposed)
        check_case(ctx, types[t], 600, 300, 1, 613, true);   // n-outer, padded rows
        check_case(ctx, types[t], 600, 300, 7, 11, false);   // interleaved: packed as usual
        ran++;
      }
    }
    cx_rt_kernel_ctx_destroy(ctx);
  }
  CX_EXPECT(ran >= 6);
}

int main(void) {
  CX_EXPECT_OK(cx_rt_thread_pool_create(2, &g_pool));
  CX_RUN(consumed_b_packs_like_prepack_b);
  cx_rt_thread_pool_destroy(g_pool);
  return CX_TEST_EXIT();
}
