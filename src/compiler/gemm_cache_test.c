// A GEMM whose B operand is a constant packs it once into the executable's
// routine cache (runtime/executable.h, routine_gemm.c): the first call makes
// it, every call (from several threads at once) uses it and computes the
// same products as without it, and the executable frees it. An artifact
// keeps the cache slot, so a loaded executable packs B once too.
#include <math.h>
#include <stddef.h>
#include <pthread.h>
#include <stdio.h>

#include "cx_test.h"
#include "cxla/compiler.h"
#include "cxla/module.h"
#include "cxla/runtime.h"
#include "runtime/artifact.h"
#include "runtime/executable.h"

// M above the rows for which the kernels read B in place (no packing).
enum { M = 131, K = 29, N = 45, kThreads = 4, kCalls = 6 };

static float b_at(int k, int n) { return (float)sin(0.37 * k + 1.3 * n); }
static float x_at(int m, int k) { return (float)cos(0.11 * m - 0.7 * k); }

// main(x: MxK) = relu(x . B + 0.25), B a K x N constant.
static char* program_text(void) {
  size_t cap = 64 * K * N + 4096, len = 0;
  char* t = malloc(cap);
  if (!t) return NULL;
  len += (size_t)snprintf(t + len, cap - len,
                          "func.func @main(%%x: tensor<%dx%dxf32>) -> tensor<%dx%dxf32> {\n"
                          "  %%b = stablehlo.constant dense<[",
                          M, K, M, N);
  for (int k = 0; k < K; k++) {
    len += (size_t)snprintf(t + len, cap - len, "%s[", k ? ", " : "");
    for (int n = 0; n < N; n++)
      len += (size_t)snprintf(t + len, cap - len, "%s%.9g", n ? ", " : "", (double)b_at(k, n));
    len += (size_t)snprintf(t + len, cap - len, "]");
  }
  snprintf(t + len, cap - len,
           "]> : tensor<%dx%dxf32>\n"
           "  %%r = stablehlo.dot_general %%x, %%b, contracting_dims = [1] x [0] : "
           "(tensor<%dx%dxf32>, tensor<%dx%dxf32>) -> tensor<%dx%dxf32>\n"
           "  %%c = stablehlo.constant dense<0.25> : tensor<%dx%dxf32>\n"
           "  %%y = stablehlo.add %%r, %%c : tensor<%dx%dxf32>\n"
           "  %%z = stablehlo.constant dense<0.0> : tensor<%dx%dxf32>\n"
           "  %%w = stablehlo.maximum %%y, %%z : tensor<%dx%dxf32>\n"
           "  return %%w : tensor<%dx%dxf32>\n}\n",
           K, N, M, K, K, N, M, N, M, N, M, N, M, N, M, N, M, N);
  return t;
}

typedef struct worker {
  cx_rt_executable_t* exe;
  cx_rt_device_t* dev;
  const cx_buffer_view_t* x;
  const double* ref;
  int bad;
  cx_status_t status;
} worker_t;

static void* work(void* arg) {
  worker_t* w = arg;
  for (int c = 0; c < kCalls && !w->status; c++) {
    cx_buffer_view_t r;
    w->status = cx_rt_executable_allocate_results(w->exe, &r);
    if (w->status) break;
    w->status = cx_rt_executable_invoke(w->exe, w->dev, 1, w->x, 1, &r, NULL);
    const float* out = r.data;
    for (int i = 0; i < M * N && !w->status; i++)
      if (!(fabs(out[i] - w->ref[i]) <= 1e-5 * (1 + fabs(w->ref[i])))) w->bad++;
    cx_buffer_view_free_data(&r);
  }
  return NULL;
}

// Compiled by the JIT, or (artifact) written as an artifact and loaded back
// from it, which must keep the cache slot (format version 3).
static void packed_once_and_shared(bool artifact) {
  cx_context_t* ctx;
  cx_module_t* m;
  char* text = program_text();
  CX_EXPECT(text != NULL);
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  CX_EXPECT_OK(cx_module_parse_text(ctx, text, strlen(text), NULL, &m));
  CX_EXPECT_OK(cx_module_verify(m));
  cx_rt_executable_t* exe = NULL;
  if (artifact) {
    void* data = NULL;
    size_t size = 0;
    cx_compile_options_t o = {.cache_dir = ""};
    CX_EXPECT_OK(cx_compile_artifact(m, &o, &data, &size));
    CX_EXPECT_OK(cx_rt_executable_load_memory(data, size, NULL, &exe));
    // The loader checks the GEMM's cache index against the count: an
    // artifact claiming no caches (checksum made to match) is refused.
    cx_rt_artifact_header_t h;
    memcpy(&h, data, sizeof h);
    CX_EXPECT_EQ_I64(h.format_version, 3);
    for (uint32_t i = 0; i < h.num_sections; i++) {
      cx_rt_artifact_section_t sec;
      memcpy(&sec, (char*)data + sizeof h + i * sizeof sec, sizeof sec);
      if (sec.kind != CX_RT_SEC_SIGNATURE) continue;
      uint32_t zero = 0;
      memcpy((char*)data + sec.offset + offsetof(cx_rt_artifact_signature_t, num_caches), &zero, 4);
      h.checksum = 0;
      memcpy(data, &h, sizeof h);
      h.checksum = cx_rt_artifact_file_checksum(data, size);
      memcpy(data, &h, sizeof h);
      cx_rt_executable_t* bad = NULL;
      cx_status_t st = cx_rt_executable_load_memory(data, size, NULL, &bad);
      CX_EXPECT(st && cx_status_code(st) == CX_DATA_LOSS && !bad);
      cx_status_free(st);
    }
    cx_free_malloced(data);
    CX_EXPECT(exe && exe->code.release != NULL);
  } else {
    CX_EXPECT_OK(cx_compile(m, NULL, &exe));
  }
  CX_EXPECT_EQ_I64(exe->num_caches, 1);
  CX_EXPECT(atomic_load(&exe->caches[0]) == NULL);  // made by the first call
  static float x[M * K];
  static double ref[M * N];
  for (int i = 0; i < M; i++)
    for (int k = 0; k < K; k++) x[i * K + k] = x_at(i, k);
  for (int i = 0; i < M; i++)
    for (int n = 0; n < N; n++) {
      double s = 0;
      for (int k = 0; k < K; k++) s += (double)x[i * K + k] * b_at(k, n);
      ref[i * N + n] = fmax(s + 0.25, 0);
    }
  cx_buffer_view_t xv;
  memset(&xv, 0, sizeof xv);
  xv.elem = CX_ELEM_F32;
  xv.rank = 2;
  xv.dims[0] = M;
  xv.dims[1] = K;
  xv.data = x;
  xv.nbytes = sizeof x;
  cx_rt_device_t* dev;
  cx_rt_device_options_t dopt = {2};
  CX_EXPECT_OK(cx_rt_device_create(&dopt, &dev));
  worker_t w[kThreads];
  pthread_t th[kThreads];
  for (int i = 0; i < kThreads; i++) {
    w[i] = (worker_t){exe, dev, &xv, ref, 0, NULL};
    CX_EXPECT(pthread_create(&th[i], NULL, work, &w[i]) == 0);
  }
  for (int i = 0; i < kThreads; i++) {
    pthread_join(th[i], NULL);
    CX_EXPECT_OK(w[i].status);
    CX_EXPECT_EQ_I64(w[i].bad, 0);
  }
  CX_EXPECT(atomic_load(&exe->caches[0]) != NULL);
  cx_rt_device_destroy(dev);
  cx_rt_executable_release(exe);
  cx_module_destroy(m);
  cx_context_destroy(ctx);
  free(text);
}

CX_TEST(constant_b_is_packed_once_and_shared) { packed_once_and_shared(false); }
CX_TEST(an_artifact_keeps_its_routine_cache) { packed_once_and_shared(true); }

int main(void) {
  CX_RUN(constant_b_is_packed_once_and_shared);
  CX_RUN(an_artifact_keeps_its_routine_cache);
  return CX_TEST_EXIT();
}
