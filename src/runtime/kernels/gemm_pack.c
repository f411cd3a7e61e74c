// Packing: copies a block of A (or of B, seen as its transpose) into the
// panel layout the microkernels read with unit stride, converting element
// types on the way (f16/bf16 -> f32 for the f32 family, i8 -> u8 + 128 for
// VNNI). Packing is what makes every stride/transpose layout run at the same
// speed: the microkernel never sees the caller's strides.
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "runtime/kernels/gemm_plan.h"
#include "runtime/thread_pool.h"

static inline int64_t cx_round_up(int64_t x, int64_t m) { return (x + m - 1) / m * m; }

size_t cx_gemm_panel_bytes(const cx_gemm_kernel_t* kern, bool is_a, int64_t kc) {
  int64_t r = is_a ? kern->mr : kern->nr;
  int64_t bytes = r * cx_round_up(kc, kern->kgroup) * cx_gemm_packed_size(kern->family);
  if (kern->family == CX_FAM_I8 && !is_a) bytes += r * 4;
  return (size_t)cx_round_up(bytes, 64);
}

static inline float cx_load_f32(cx_rt_dtype_t t, const char* p) {
  switch (t) {
    case CX_RT_F32: { float v; memcpy(&v, p, 4); return v; }
    case CX_RT_F16: { uint16_t h; memcpy(&h, p, 2); return cx_rt_f16_to_f32(h); }
    case CX_RT_BF16: { uint16_t h; memcpy(&h, p, 2); return cx_rt_bf16_to_f32(h); }
    case CX_RT_F64: { double v; memcpy(&v, p, 8); return (float)v; }
    case CX_RT_I8: return (float)*(const int8_t*)p;
    case CX_RT_I32: { int32_t v; memcpy(&v, p, 4); return (float)v; }
  }
  return 0;
}

// f32 panels: dst[k][R].
static void cx_pack_f32(const cx_pack_src_t* s, int64_t r0, int rows, int R, int64_t k0,
                        int64_t kc, float* restrict d, bool use_avx512) {
  size_t es = cx_rt_dtype_size(s->type);
  if (s->type == CX_RT_F32 && s->ks == 1 && R <= 32 && use_avx512) {
    cx_pack_f32_rows_avx512((const float*)s->data + r0 * s->rs + k0, s->rs, rows, R, kc, d);
    return;
  }
  if (s->type == CX_RT_F16 && use_avx512 && s->ks == 1 && R == 12) {
    cx_pack_f16_rows12_avx512((const uint16_t*)s->data + r0 * s->rs + k0, s->rs, rows, kc, d);
    return;
  }
  if (s->type == CX_RT_F16 && use_avx512 && s->rs == 1 && R <= 32) {
    cx_pack_f16_cols_avx512((const uint16_t*)s->data + r0 + k0 * s->ks, s->ks, rows, R, kc, d);
    return;
  }
  if (s->type == CX_RT_F32 && s->ks == 1) {
    // Row-contiguous source (A row-major, or B column-major): transpose.
    for (int r = 0; r < rows; ++r) {
      const float* src = (const float*)s->data + (r0 + r) * s->rs + k0;
      for (int64_t k = 0; k < kc; ++k) d[k * R + r] = src[k];
    }
  } else if (s->type == CX_RT_F32 && s->rs == 1) {
    // Panel-contiguous source (B row-major): straight copies.
    for (int64_t k = 0; k < kc; ++k) {
      memcpy(d + k * R, (const float*)s->data + r0 + (k0 + k) * s->ks, (size_t)rows * 4);
    }
  } else {
    for (int r = 0; r < rows; ++r) {
      const char* src = s->data + ((r0 + r) * s->rs + k0 * s->ks) * (int64_t)es;
      for (int64_t k = 0; k < kc; ++k) d[k * R + r] = cx_load_f32(s->type, src + k * s->ks * (int64_t)es);
    }
  }
  if (rows < R)
    for (int64_t k = 0; k < kc; ++k) memset(d + k * R + rows, 0, (size_t)(R - rows) * 4);
}

static void cx_pack_f64(const cx_pack_src_t* s, int64_t r0, int rows, int R, int64_t k0,
                        int64_t kc, double* restrict d) {
  const double* base = (const double*)s->data;
  if (s->rs == 1) {
    for (int64_t k = 0; k < kc; ++k)
      memcpy(d + k * R, base + r0 + (k0 + k) * s->ks, (size_t)rows * 8);
  } else {
    for (int r = 0; r < rows; ++r) {
      const double* src = base + (r0 + r) * s->rs + k0 * s->ks;
      for (int64_t k = 0; k < kc; ++k) d[k * R + r] = src[k * s->ks];
    }
  }
  if (rows < R)
    for (int64_t k = 0; k < kc; ++k) memset(d + k * R + rows, 0, (size_t)(R - rows) * 8);
}

// bf16 pairs: dst[k/2][R][2]; odd depth is padded with zeros.
static void cx_pack_bf16(const cx_pack_src_t* s, int64_t r0, int rows, int R, int64_t k0,
                         int64_t kc, uint16_t* restrict d, bool use_avx512) {
  int64_t kp = cx_round_up(kc, 2);
  const uint16_t* first = (const uint16_t*)s->data + r0 * s->rs + k0 * s->ks;
  if (use_avx512 && R == 32 && s->rs == 1) {
    cx_pack_bf16_cols32_avx512(first, s->ks, rows, kc, d);
    return;
  }
  if (use_avx512 && R == 12 && s->ks == 1 && kc % 2 == 0 && s->rs % 2 == 0 &&
      ((uintptr_t)first & 3) == 0) {
    // k pairs are adjacent 32-bit words: the f32 transpose moves them whole.
    cx_pack_f32_rows_avx512((const float*)(const void*)first, s->rs / 2, rows, 12, kc / 2,
                            (float*)(void*)d);
    return;
  }
  memset(d, 0, (size_t)(kp * R) * 2);
  const uint16_t* base = (const uint16_t*)s->data;
  if (s->rs == 1) {
    for (int64_t k = 0; k < kc; ++k) {
      const uint16_t* src = base + r0 + (k0 + k) * s->ks;
      uint16_t* dk = d + (k >> 1) * 2 * R + (k & 1);
      for (int r = 0; r < rows; ++r) dk[2 * r] = src[r];
    }
  } else {
    for (int r = 0; r < rows; ++r) {
      const uint16_t* src = base + (r0 + r) * s->rs + k0 * s->ks;
      if (s->ks == 1) {
        // Pairs are adjacent in the source: copy 32-bit words.
        int64_t k = 0;
        for (; k + 1 < kc; k += 2) memcpy(d + (k >> 1) * 2 * R + 2 * r, src + k, 4);
        if (k < kc) d[(k >> 1) * 2 * R + 2 * r] = src[k];
      } else {
        for (int64_t k = 0; k < kc; ++k) d[(k >> 1) * 2 * R + 2 * r + (k & 1)] = src[k * s->ks];
      }
    }
  }
}

// int8 quads: dst[k/4][R][4]; A is stored as u8 (a + 128) for vpdpbusd,
// B as s8 followed by R i32 column sums (the driver's +128 correction).
static void cx_pack_i8q(const cx_pack_src_t* s, bool is_a, int64_t r0, int rows, int R,
                        int64_t k0, int64_t kc, uint8_t* restrict d) {
  int64_t kp = cx_round_up(kc, 4);
  memset(d, is_a ? 0x80 : 0, (size_t)(kp * R));
  const int8_t* base = (const int8_t*)s->data;
  uint8_t flip = is_a ? 0x80 : 0;
  int32_t sums[64] = {0};
  for (int r = 0; r < rows; ++r) {
    const int8_t* src = base + (r0 + r) * s->rs + k0 * s->ks;
    int32_t sum = 0;
    for (int64_t k = 0; k < kc; ++k) {
      int8_t v = src[k * s->ks];
      sum += v;
      d[(k >> 2) * 4 * R + 4 * r + (k & 3)] = (uint8_t)v ^ flip;
    }
    sums[r] = sum;
  }
  if (!is_a) memcpy(d + kp * R, sums, (size_t)R * 4);
}

static void cx_pack_i8(const cx_pack_src_t* s, int64_t r0, int rows, int R, int64_t k0,
                       int64_t kc, int8_t* restrict d) {
  memset(d, 0, (size_t)(kc * R));
  const int8_t* base = (const int8_t*)s->data;
  for (int r = 0; r < rows; ++r) {
    const int8_t* src = base + (r0 + r) * s->rs + k0 * s->ks;
    for (int64_t k = 0; k < kc; ++k) d[k * R + r] = src[k * s->ks];
  }
}

// f32 panels of 32 from a source whose panel rows are contiguous (B
// row-major): row by row of the source, each row's 32-float pieces to their
// panels, so the source is read in one sequential pass instead of once per
// panel at a stride of a row.
static void cx_pack_f32_rows32(const cx_pack_src_t* s, int64_t r0, int64_t rows, int64_t k0,
                               int64_t kc, size_t stride, char* dst) {
  int64_t full = rows / 32;
  for (int64_t k = 0; k < kc; ++k) {
    const float* row = (const float*)s->data + r0 + (k0 + k) * s->ks;
    for (int64_t p = 0; p < full; ++p)
      memcpy((float*)(dst + (size_t)p * stride) + k * 32, row + p * 32, 32 * 4);
  }
  int64_t left = rows - full * 32;
  if (left > 0) {
    float* d = (float*)(dst + (size_t)full * stride);
    const float* first = (const float*)s->data + r0 + full * 32 + k0 * s->ks;
    for (int64_t k = 0; k < kc; ++k) {
      memcpy(d + k * 32, first + k * s->ks, (size_t)left * 4);
      memset(d + k * 32 + left, 0, (size_t)(32 - left) * 4);
    }
  }
}

void cx_gemm_pack_strided(const cx_gemm_kernel_t* kern, bool is_a, const cx_pack_src_t* src,
                          int64_t r0, int64_t rows, int64_t k0, int64_t kc, size_t stride,
                          void* dst) {
  int R = is_a ? kern->mr : kern->nr;
  if (kern->family == CX_FAM_F32 && R == 32 && src->type == CX_RT_F32 && src->rs == 1 &&
      rows > 32) {
    cx_pack_f32_rows32(src, r0, rows, k0, kc, stride, dst);
    return;
  }
  for (int64_t p = 0; p * R < rows; ++p) {
    int n = (int)(rows - p * R < R ? rows - p * R : R);
    char* d = (char*)dst + (size_t)p * stride;
    int64_t rp = r0 + p * R;
    switch (kern->family) {
      case CX_FAM_F32: cx_pack_f32(src, rp, n, R, k0, kc, (float*)d, kern->isa_avx512); break;
      case CX_FAM_F64: cx_pack_f64(src, rp, n, R, k0, kc, (double*)d); break;
      case CX_FAM_BF16: cx_pack_bf16(src, rp, n, R, k0, kc, (uint16_t*)d, kern->isa_avx512); break;
      case CX_FAM_I8: cx_pack_i8q(src, is_a, rp, n, R, k0, kc, (uint8_t*)d); break;
      case CX_FAM_I8_PLAIN: cx_pack_i8(src, rp, n, R, k0, kc, (int8_t*)d); break;
    }
  }
}

size_t cx_gemm_pack(const cx_gemm_kernel_t* kern, bool is_a, const cx_pack_src_t* src, int64_t r0,
                    int64_t rows, int64_t k0, int64_t kc, void* dst) {
  size_t pb = cx_gemm_panel_bytes(kern, is_a, kc);
  cx_gemm_pack_strided(kern, is_a, src, r0, rows, k0, kc, pb, dst);
  return pb;
}

// ---- B packed once, its source given back as it is read (gemm_plan.h) ----
//
// Packing a weight holds it twice until the pack is done (9 MiB for both of
// BERT-base's largest); a source that nothing reads afterwards can instead
// go a slice at a time. B's element (k, n) is at k*rs + n*cs: when n is the
// outer dimension of its storage (cs >= K*rs) the pack goes panel group by
// panel group through every K pass, when k is (rs >= N*cs) slice of depth by
// slice of depth, and after each the whole pages of the source below the
// next unread row are given back (madvise MADV_DONTNEED).

#define CX_CONSUME_SLICE_BYTES ((int64_t)128 << 10)  // of source per round

typedef struct cx_consume_job {
  const cx_gemm_plan_t* plan;
  char* dst;
  int64_t j0, j1, per;  // panels [j0, j1), `per` per task
  int64_t ka, kb;       // depth [ka, kb) within one pass; ka < 0: every pass
} cx_consume_job_t;

static void cx_consume_task(void* arg, int64_t t, int thread) {
  (void)thread;
  const cx_consume_job_t* j = arg;
  const cx_gemm_plan_t* p = j->plan;
  const cx_rt_gemm_t* g = &p->g;
  const cx_gemm_kernel_t* K = p->kern;
  cx_pack_src_t src = {g->b.type, (const char*)g->b.data, g->b.cs, g->b.rs};
  size_t pb = cx_gemm_panel_bytes(K, false, p->kc_step);
  int64_t npan = (g->n + K->nr - 1) / K->nr;
  int64_t p0 = j->j0 + t * j->per, p1 = p0 + j->per < j->j1 ? p0 + j->per : j->j1;
  if (p0 >= p1) return;
  int64_t r0 = p0 * K->nr, r1 = p1 * K->nr < g->n ? p1 * K->nr : g->n;
  if (j->ka >= 0) {
    // Rows [ka, kb) of panels laid out [k][R] (cx_gemm_consume_b checks the
    // family) start (ka - k0) rows into the pass's panels.
    int64_t ps = j->ka / p->kc_step, k0 = ps * p->kc_step;
    size_t off = (size_t)(j->ka - k0) * (size_t)K->nr * (size_t)cx_gemm_packed_size(K->family);
    cx_gemm_pack_strided(K, false, &src, r0, r1 - r0, j->ka, j->kb - j->ka, pb,
                         j->dst + (size_t)(ps * npan + p0) * pb + off);
    return;
  }
  for (int64_t ps = 0; ps < p->passes; ++ps) {
    int64_t k0 = ps * p->kc_step;
    int64_t kc = p->kc_step < g->k - k0 ? p->kc_step : g->k - k0;
    cx_gemm_pack_strided(K, false, &src, r0, r1 - r0, k0, kc, pb,
                         j->dst + (size_t)(ps * npan + p0) * pb);
  }
}

// Gives back the whole pages in [*done, hi) and moves *done up to them.
static void cx_consume_release(uintptr_t* done, uintptr_t hi, uintptr_t page) {
  hi &= ~(page - 1);
  if (hi <= *done) return;
  (void)madvise((void*)*done, hi - *done, MADV_DONTNEED);  // advisory
  *done = hi;
}

static void cx_consume_round(cx_rt_thread_pool_t* pool, int threads, cx_consume_job_t* j) {
  int64_t n = j->j1 - j->j0;
  j->per = (n + 4 * (int64_t)threads - 1) / (4 * (int64_t)threads);
  if (j->per < 1) j->per = 1;
  cx_rt_thread_pool_parallel_for(pool, (n + j->per - 1) / j->per, threads, cx_consume_task, j);
}

#if defined(__linux__) && !defined(MADV_COLLAPSE)
#define MADV_COLLAPSE 25  // Linux 6.1; glibc's <sys/mman.h> may not name it yet
#endif

// The huge-page part of a destination from cx_gemm_weights_alloc (2 MiB
// aligned, all but its last partial huge page advised huge), or 0.
static size_t cx_consume_huge_bytes(const void* dst, size_t bytes) {
  const size_t huge = (size_t)2 << 20;
  return bytes >= 2 * huge && (uintptr_t)dst % huge == 0 ? bytes / huge * huge : 0;
}

static bool cx_consume_b(cx_rt_kernel_ctx_t* ctx, const cx_gemm_plan_t* p, int threads,
                         void* dst);

bool cx_gemm_consume_b(cx_rt_kernel_ctx_t* ctx, const cx_gemm_plan_t* p, int threads, void* dst) {
  size_t huge = cx_consume_huge_bytes(dst, cx_gemm_plan_prepack_b_bytes(p));
#if defined(MADV_NOHUGEPAGE) && defined(MADV_HUGEPAGE) && defined(MADV_COLLAPSE)
  // A slice of depth writes a few rows of every panel of its pass: on huge
  // pages its first slice would fault the pass's whole part of the
  // destination (4 MiB of BERT's 9 MiB weights) while the source goes
  // 128 KiB at a time. Packed on small pages, then collapsed into huge ones
  // (one 2 MiB copy at a time), the weight is never held twice. Advisory:
  // a system that declines leaves small pages, only slower to walk.
  if (huge) (void)madvise(dst, huge, MADV_NOHUGEPAGE);
#endif
  bool done = cx_consume_b(ctx, p, threads, dst);
#if defined(MADV_NOHUGEPAGE) && defined(MADV_HUGEPAGE) && defined(MADV_COLLAPSE)
  if (huge) {
    (void)madvise(dst, huge, MADV_HUGEPAGE);
    if (done) (void)madvise(dst, huge, MADV_COLLAPSE);
  }
#endif
  return done;
}

static bool cx_consume_b(cx_rt_kernel_ctx_t* ctx, const cx_gemm_plan_t* p, int threads,
                         void* dst) {
  const cx_rt_gemm_t* g = &p->g;
  const cx_gemm_kernel_t* K = p->kern;
  int64_t rs = g->b.rs, cs = g->b.cs, es = (int64_t)cx_rt_dtype_size(g->b.type);
  if (g->k <= 0 || g->n <= 0 || rs <= 0 || cs <= 0 || !g->b.data || p->kc_step <= 0) return false;
  bool n_outer = cs >= g->k * rs;
  if (!n_outer && rs < g->n * cs) return false;  // interleaved: no row is done before the end
  long sys_page = sysconf(_SC_PAGESIZE);
  uintptr_t page = sys_page > 0 ? (uintptr_t)sys_page : 4096;
  const char* base = g->b.data;
  uintptr_t end = (uintptr_t)base + (uintptr_t)(((g->n - 1) * cs + (g->k - 1) * rs + 1) * es);
  uintptr_t done = ((uintptr_t)base + page - 1) & ~(page - 1);  // the page before is not B's
  cx_rt_thread_pool_t* pool = cx_rt_kernel_ctx_pool(ctx);
  int64_t npan = (g->n + K->nr - 1) / K->nr;
  cx_consume_job_t j = {p, dst, 0, npan, 1, -1, -1};
  if (n_outer) {
    int64_t panel = K->nr * cs * es;  // source bytes of one panel's rows
    int64_t step = (CX_CONSUME_SLICE_BYTES + panel - 1) / panel;
    if (step < threads) step = threads;
    for (int64_t j0 = 0; j0 < npan; j0 += step) {
      j.j0 = j0;
      j.j1 = j0 + step < npan ? j0 + step : npan;
      cx_consume_round(pool, threads, &j);
      cx_consume_release(&done, j.j1 == npan ? end : (uintptr_t)(base + j.j1 * K->nr * cs * es),
                         page);
    }
    return true;
  }
  // Depth slices need panels laid out [k][R] (f32, f64): other families
  // group k (bf16 pairs, i8 quads with column sums) and go a pass at a time.
  bool rows_kr = (K->family == CX_FAM_F32 && g->b.type == CX_RT_F32) ||
                 (K->family == CX_FAM_F64 && g->b.type == CX_RT_F64);
  int64_t slice = rows_kr ? CX_CONSUME_SLICE_BYTES / (rs * es) : p->kc_step;
  if (slice < 1) slice = 1;
  for (int64_t ps = 0; ps < p->passes; ++ps) {
    int64_t k0 = ps * p->kc_step, k1 = k0 + p->kc_step < g->k ? k0 + p->kc_step : g->k;
    for (int64_t ka = k0; ka < k1; ka += slice) {
      j.ka = ka;
      j.kb = ka + slice < k1 ? ka + slice : k1;
      cx_consume_round(pool, threads, &j);
      cx_consume_release(&done, j.kb == g->k ? end : (uintptr_t)(base + j.kb * rs * es), page);
    }
  }
  return true;
}
