#include "runtime/kernels/kernel_ctx.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cxla/allocator.h"

typedef struct cx_scratch {
  void* ptr;
  size_t bytes;
} cx_scratch_t;

struct cx_rt_kernel_ctx {
  cx_rt_thread_pool_t* pool;
  cx_rt_cpu_features_t features;
  cx_rt_isa_t isa;
  int num_threads;
  cx_rt_conv_algo_t conv_algo;
  cx_scratch_t scratch[CX_RT_SCRATCH_MAX_THREADS][CX_RT_SCRATCH_SLOTS];
};

cx_status_t cx_rt_kernel_ctx_create(cx_rt_thread_pool_t* pool, cx_rt_kernel_ctx_t** out_ctx) {
  *out_ctx = NULL;
  cx_rt_kernel_ctx_t* c = cx_calloc(cx_allocator_system(), 1, sizeof(*c));
  if (!c) return CX_OOM();
  c->pool = pool;
  cx_rt_cpu_features_detect(&c->features);
  c->isa = cx_rt_isa_best(&c->features);
  c->num_threads = cx_rt_thread_pool_size(pool);
  *out_ctx = c;
  return NULL;
}

void cx_rt_kernel_ctx_destroy(cx_rt_kernel_ctx_t* c) {
  if (!c) return;
  for (int t = 0; t < CX_RT_SCRATCH_MAX_THREADS; ++t)
    for (int s = 0; s < CX_RT_SCRATCH_SLOTS; ++s)
      free(c->scratch[t][s].ptr);  // aligned_alloc'ed (page-aligned: beyond cx_allocator_t's 16)
  cx_free(cx_allocator_system(), c);
}

cx_status_t cx_rt_kernel_ctx_set_isa(cx_rt_kernel_ctx_t* c, cx_rt_isa_t isa) {
  if (isa == CX_RT_ISA_AUTO) {
    c->isa = cx_rt_isa_best(&c->features);
    return NULL;
  }
  if (!cx_rt_isa_supported(&c->features, isa))
    return CX_ERROR(CX_UNIMPLEMENTED, "this CPU cannot run the %s kernels", cx_rt_isa_name(isa));
  c->isa = isa;
  return NULL;
}

cx_rt_isa_t cx_rt_kernel_ctx_isa(const cx_rt_kernel_ctx_t* c) { return c->isa; }
const cx_rt_cpu_features_t* cx_rt_kernel_ctx_features(const cx_rt_kernel_ctx_t* c) {
  return &c->features;
}

void cx_rt_kernel_ctx_set_num_threads(cx_rt_kernel_ctx_t* c, int n) {
  int max = cx_rt_thread_pool_size(c->pool);
  if (max > CX_RT_SCRATCH_MAX_THREADS) max = CX_RT_SCRATCH_MAX_THREADS;
  c->num_threads = (n <= 0 || n > max) ? max : n;
}

int cx_rt_kernel_ctx_num_threads(const cx_rt_kernel_ctx_t* c) { return c->num_threads; }
cx_rt_thread_pool_t* cx_rt_kernel_ctx_pool(cx_rt_kernel_ctx_t* c) { return c->pool; }

void cx_rt_kernel_ctx_set_conv_algo(cx_rt_kernel_ctx_t* c, cx_rt_conv_algo_t algo) {
  c->conv_algo = algo;
}
cx_rt_conv_algo_t cx_rt_kernel_ctx_conv_algo(const cx_rt_kernel_ctx_t* c) { return c->conv_algo; }

cx_status_t cx_rt_kernel_ctx_reserve(cx_rt_kernel_ctx_t* c, int threads, int slot, size_t bytes) {
  if (slot < 0 || slot >= CX_RT_SCRATCH_SLOTS || threads > CX_RT_SCRATCH_MAX_THREADS)
    return CX_ERROR(CX_INTERNAL, "scratch slot %d / %d threads out of range", slot, threads);
  // Round up generously so that slightly larger later calls reuse the buffer.
  size_t want = (bytes + 4095) & ~(size_t)4095;
  if (want < bytes) return CX_OOM();
  for (int t = 0; t < threads; ++t) {
    cx_scratch_t* s = &c->scratch[t][slot];
    if (s->bytes >= bytes && s->ptr) continue;
    size_t grow = s->bytes + s->bytes / 2;
    if (grow > want) want = (grow + 4095) & ~(size_t)4095;
    void* p = aligned_alloc(4096, want);
    if (!p) return CX_OOM();
#ifdef MADV_HUGEPAGE
    // Large buffers on huge pages fault 512x less often (THP is madvise-only here).
    if (want >= (2u << 20)) (void)madvise(p, want, MADV_HUGEPAGE);
#endif
    free(s->ptr);  // aligned_alloc'ed, as above
    s->ptr = p;
    s->bytes = want;
  }
  return NULL;
}

void* cx_rt_kernel_ctx_scratch(cx_rt_kernel_ctx_t* c, int thread, int slot) {
  return c->scratch[thread][slot].ptr;
}
