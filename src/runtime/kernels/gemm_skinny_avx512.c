// The skinny path for M <= 4 (GEMV-like decoder shapes): memory-bound on B,
// so B is streamed once, in place and in row order, eight rows at a time,
// each thread taking a contiguous range of columns; the M x range slice of C
// stays in L1 between the eight-row steps. (M = 5..96 uses the GEMM driver
// with B read in place; see gemm.c.)
//
// Splitting K instead (each thread streaming whole rows, partial sums added
// afterwards) was measured slower on this host for K = N = 768..4096 (the
// extra join and reduction, and no gain in DRAM throughput), so it is gone.
#include <immintrin.h>

#include "runtime/kernels/gemm_plan.h"

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

// Products of at most 4 x 16 outputs and little work in all (a program's
// 2x2 or 4x4 dot_generals): one masked vector per row of C, in the calling
// thread, without the task set-up (a chain of 100 2x2 products spent a
// quarter of its time there). The FMAs run in the same order (k ascending,
// from zero) as cx_skinny_task's, so the results are the same bits.
static void cx_skinny_tiny(const cx_rt_gemm_t* g, cx_rt_isa_t isa) {
  const __mmask16 mk = (__mmask16)((1u << g->n) - 1u);
  const int m = (int)g->m;
  for (int64_t b = 0; b < g->batch; ++b) {
    const float* A = (const float*)g->a.data + b * g->a.bs;
    const float* B = (const float*)g->b.data + b * g->b.bs;
    float* C = (float*)g->c.data + b * g->c.bs;
    for (int i = 0; i < m; ++i) {
      __m512 acc = _mm512_setzero_ps();
      const float* ai = A + i * g->a.rs;
      for (int64_t k = 0; k < g->k; ++k)
        acc = _mm512_fmadd_ps(_mm512_set1_ps(ai[k * g->a.cs]),
                              _mm512_maskz_loadu_ps(mk, B + k * g->b.rs), acc);
      _mm512_mask_storeu_ps(C + i * g->c.rs, mk, acc);
    }
    if (!cx_ep_is_identity(g->epilogue)) {
      cx_ep_args_t ea = {g->epilogue, g->c, b};
      cx_ep_apply(&ea, CX_RT_F32, C, g->c.rs, 0, 0, m, (int)g->n, isa);
    }
  }
}

bool cx_gemm_skinny_avx512(cx_rt_kernel_ctx_t* ctx, const cx_rt_gemm_t* g) {
  if (g->m > 4 || g->a.type != CX_RT_F32 || g->b.type != CX_RT_F32 || g->c.type != CX_RT_F32 ||
      g->b.cs != 1 || g->c.cs != 1)
    return false;
  if (g->n <= 16 && (double)g->batch * (double)g->m * (double)g->n * (double)(g->k + 1) < 32768.0) {
    cx_skinny_tiny(g, cx_rt_kernel_ctx_isa(ctx));
    return true;
  }
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

// ---- M <= 4 with B packed once (cx_rt_gemm_prepack_b) ----
// The packed B is a sequence of 32-column panels, one K pass after the other
// ([pass][panel][k][32]); each task takes a contiguous range of panels and
// streams them pass by pass, so every thread reads long contiguous runs. C
// (f32, unit column stride) accumulates across passes; two sets of
// accumulators (even and odd k) keep four FMA chains in flight for M = 1.

typedef struct cx_skp_job {
  const cx_gemm_plan_t* p;
  int64_t per, nchunks;  // panels per task, tasks per batch
} cx_skp_job_t;

static void cx_skp_task(void* arg, int64_t task, int thread) {
  (void)thread;
  const cx_skp_job_t* j = arg;
  const cx_gemm_plan_t* p = j->p;
  const cx_rt_gemm_t* g = &p->g;
  int64_t bi = task / j->nchunks;
  int64_t npan = (g->n + 31) / 32;
  int64_t p0 = (task % j->nchunks) * j->per, p1 = p0 + j->per < npan ? p0 + j->per : npan;
  const float* A = (const float*)g->a.data + bi * g->a.bs;
  float* C = (float*)g->c.data + bi * g->c.bs;
  const int m = (int)g->m;
  const size_t pbb = cx_gemm_panel_bytes(p->kern, false, p->kc_step);
  const char* bbase = p->bpre + (size_t)bi * p->bpre_bs;
  const bool ident = cx_ep_is_identity(p->ep_ptr);
  const cx_ep_args_t ea = {p->ep_ptr, g->c, bi};
  for (int64_t ps = 0; ps < p->passes; ++ps) {
    int64_t k0 = ps * p->kc_step;
    int64_t kc = g->k - k0 < p->kc_step ? g->k - k0 : p->kc_step;
    for (int64_t pp = p0; pp < p1; ++pp) {
      const float* bp = (const float*)(bbase + (size_t)(ps * npan + pp) * pbb);
      int64_t cols = g->n - pp * 32 < 32 ? g->n - pp * 32 : 32;
      __mmask16 m0 = cols >= 16 ? 0xffff : (__mmask16)((1u << cols) - 1);
      __mmask16 m1 = cols >= 32 ? 0xffff : cols <= 16 ? 0 : (__mmask16)((1u << (cols - 16)) - 1);
      __m512 acc[2][4][2];
      for (int i = 0; i < m; ++i) {
        float* ci = C + i * g->c.rs + pp * 32;
        acc[0][i][0] = ps == 0 ? _mm512_setzero_ps() : _mm512_maskz_loadu_ps(m0, ci);
        acc[0][i][1] = ps == 0 ? _mm512_setzero_ps() : _mm512_maskz_loadu_ps(m1, ci + 16);
        acc[1][i][0] = acc[1][i][1] = _mm512_setzero_ps();
      }
      const float* ak = A + k0 * g->a.cs;
      int64_t k = 0;
      for (; k + 2 <= kc; k += 2, bp += 64, ak += 2 * g->a.cs) {
        _mm_prefetch((const char*)(bp + 512), _MM_HINT_T0);
        _mm_prefetch((const char*)(bp + 512 + 16), _MM_HINT_T0);
        __m512 b00 = _mm512_load_ps(bp), b01 = _mm512_load_ps(bp + 16);
        __m512 b10 = _mm512_load_ps(bp + 32), b11 = _mm512_load_ps(bp + 48);
        for (int i = 0; i < m; ++i) {
          __m512 x0 = _mm512_set1_ps(ak[i * g->a.rs]);
          __m512 x1 = _mm512_set1_ps(ak[i * g->a.rs + g->a.cs]);
          acc[0][i][0] = _mm512_fmadd_ps(x0, b00, acc[0][i][0]);
          acc[0][i][1] = _mm512_fmadd_ps(x0, b01, acc[0][i][1]);
          acc[1][i][0] = _mm512_fmadd_ps(x1, b10, acc[1][i][0]);
          acc[1][i][1] = _mm512_fmadd_ps(x1, b11, acc[1][i][1]);
        }
      }
      if (k < kc) {
        __m512 b00 = _mm512_load_ps(bp), b01 = _mm512_load_ps(bp + 16);
        for (int i = 0; i < m; ++i) {
          __m512 x0 = _mm512_set1_ps(ak[i * g->a.rs]);
          acc[0][i][0] = _mm512_fmadd_ps(x0, b00, acc[0][i][0]);
          acc[0][i][1] = _mm512_fmadd_ps(x0, b01, acc[0][i][1]);
        }
      }
      for (int i = 0; i < m; ++i) {
        float* ci = C + i * g->c.rs + pp * 32;
        _mm512_mask_storeu_ps(ci, m0, _mm512_add_ps(acc[0][i][0], acc[1][i][0]));
        _mm512_mask_storeu_ps(ci + 16, m1, _mm512_add_ps(acc[0][i][1], acc[1][i][1]));
      }
      if (ps == p->passes - 1 && !ident)
        cx_ep_apply(&ea, CX_RT_F32, C + pp * 32, g->c.rs, 0, pp * 32, m, (int)cols, p->isa);
    }
  }
}

bool cx_gemm_skinny_packed_avx512(cx_rt_kernel_ctx_t* ctx, const cx_gemm_plan_t* p) {
  const cx_rt_gemm_t* g = &p->g;
  if (g->m > 4 || !p->bpre || p->kern->family != CX_FAM_F32 || p->kern->nr != 32 ||
      g->a.type != CX_RT_F32 || g->c.type != CX_RT_F32 || g->c.cs != 1 || g->k == 0)
    return false;
  int threads = cx_rt_kernel_ctx_num_threads(ctx);
  int64_t npan = (g->n + 31) / 32;
  // One contiguous range of panels per thread (and batch).
  int64_t per = (npan + threads - 1) / threads;
  cx_skp_job_t job = {p, per, (npan + per - 1) / per};
  double bytes = (double)g->k * (double)g->n * 4.0 * (double)g->batch;
  cx_rt_thread_pool_parallel_for(cx_rt_kernel_ctx_pool(ctx), g->batch * job.nchunks,
                                 bytes < 65536.0 ? 1 : threads, cx_skp_task, &job);
  return true;
}
