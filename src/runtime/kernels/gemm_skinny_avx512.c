// The skinny path for M <= 4 (GEMV-like decoder shapes): memory-bound on B,
// so B is streamed once, in place and in row order, eight rows at a time,
// each thread taking a contiguous range of columns; the M x range slice of C
// stays in L1 between the eight-row steps. (M = 5..96 uses the GEMM driver
// with B read in place; see gemm.c.)
#include <immintrin.h>

#include "runtime/kernels/gemm_internal.h"

enum { CX_SK_KB = 8 };

typedef struct cx_skinny_job {
  const cx_rt_gemm_t* g;
  int64_t chunk, nchunks;
  cx_rt_isa_t isa;
} cx_skinny_job_t;

static void cx_skinny_task(void* arg, int64_t task, int thread) {
  (void)thread;
  const cx_skinny_job_t* j = arg;
  const cx_rt_gemm_t* g = j->g;
  int64_t b = task / j->nchunks;
  int64_t j0 = (task % j->nchunks) * j->chunk;
  int64_t j1 = j0 + j->chunk < g->n ? j0 + j->chunk : g->n;
  const float* A = (const float*)g->a.data + b * g->a.bs;
  const float* B = (const float*)g->b.data + b * g->b.bs;
  float* C = (float*)g->c.data + b * g->c.bs;
  const int m = (int)g->m;
  const int64_t K = g->k, ldb = g->b.rs;
  for (int64_t kb = 0; kb < K || (kb == 0 && K == 0); kb += CX_SK_KB) {
    int kn = (int)(K - kb < CX_SK_KB ? K - kb : CX_SK_KB);
    float a[4][CX_SK_KB];
    for (int i = 0; i < m; ++i)
      for (int k = 0; k < kn; ++k) a[i][k] = A[i * g->a.rs + (kb + k) * g->a.cs];
    for (int64_t jj = j0; jj < j1; jj += 64) {
      int64_t left = j1 - jj;
      __mmask16 mk[4];
      for (int v = 0; v < 4; ++v) {
        int64_t l = left - 16 * v;
        mk[v] = l >= 16 ? 0xffff : l <= 0 ? 0 : (__mmask16)((1u << l) - 1);
      }
      __m512 acc[4][4];
      for (int i = 0; i < m; ++i)
        for (int v = 0; v < 4; ++v)
          acc[i][v] = kb == 0 ? _mm512_setzero_ps()
                              : _mm512_maskz_loadu_ps(mk[v], C + i * g->c.rs + jj + 16 * v);
      const float* bp = B + kb * ldb + jj;
      for (int k = 0; k < kn; ++k, bp += ldb) {
        __m512 bv[4];
        for (int v = 0; v < 4; ++v) bv[v] = _mm512_maskz_loadu_ps(mk[v], bp + 16 * v);
        // The same columns two steps on: hides DRAM latency for the streams.
        if (kb + 2 * CX_SK_KB < K)
          for (int v = 0; v < 4; ++v)
            _mm_prefetch((const char*)(bp + (2 * CX_SK_KB) * ldb + 16 * v), _MM_HINT_T0);
        for (int i = 0; i < m; ++i) {
          __m512 ai = _mm512_set1_ps(a[i][k]);
          for (int v = 0; v < 4; ++v) acc[i][v] = _mm512_fmadd_ps(ai, bv[v], acc[i][v]);
        }
      }
      for (int i = 0; i < m; ++i)
        for (int v = 0; v < 4; ++v)
          _mm512_mask_storeu_ps(C + i * g->c.rs + jj + 16 * v, mk[v], acc[i][v]);
    }
  }
  if (!cx_ep_is_identity(g->epilogue)) {
    cx_ep_args_t ea = {g->epilogue, g->c, b};
    for (int64_t jj = j0; jj < j1; jj += 64) {
      int cols = (int)(j1 - jj < 64 ? j1 - jj : 64);
      cx_ep_apply(&ea, CX_RT_F32, C + jj, g->c.rs, 0, jj, m, cols, j->isa);
    }
  }
}

bool cx_gemm_skinny_avx512(cx_rt_kernel_ctx_t* ctx, const cx_rt_gemm_t* g) {
  if (g->m > 4 || g->a.type != CX_RT_F32 || g->b.type != CX_RT_F32 || g->c.type != CX_RT_F32 ||
      g->b.cs != 1 || g->c.cs != 1)
    return false;
  int threads = cx_rt_kernel_ctx_num_threads(ctx);
  // Columns per task: one contiguous range per thread (a multiple of 64), so
  // each thread's B streams are as long and sequential as they can be.
  int64_t per = (g->n + threads - 1) / threads;
  int64_t chunk = (per + 63) / 64 * 64;
  cx_skinny_job_t job = {g, chunk, (g->n + chunk - 1) / chunk, cx_rt_kernel_ctx_isa(ctx)};
  cx_rt_thread_pool_parallel_for(cx_rt_kernel_ctx_pool(ctx), g->batch * job.nchunks, threads,
                                 cx_skinny_task, &job);
  return true;
}
