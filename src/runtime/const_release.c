// Releasing constants that only packed routines read (runtime/const_release.h).
//
// The constant pool is cut into intervals (constant slots, overlapping ones
// merged: deduplicated constants share bytes). An interval can go when
// every binding of every slot in it is the packed operand of a GEMM or
// CONV step with a routine cache (binding 1 with b_cache / kernel_cache
// set): such a step reads the operand only to pack it into its cache. Any
// other reader (a kernel, a copy, an epilogue operand, a routine without a
// cache, the same slot as A) keeps the interval. Its count of caches still
// to be made drops as each is published; at zero its whole pages are
// returned to the system (madvise MADV_DONTNEED).
//
// The last cache of an interval, packed by the first call's pack phase
// (executor.c pack_caches, one call at a time), may claim it
// (cx_rt_const_release_claim): the interval is marked released first, and a
// GEMM pack then gives the source's pages back as it reads them
// (cx_rt_gemm_prepack_b_consume), so the weight is not held twice while it
// is packed; the rest of the interval goes when the cache is published.
//
// Who else could read the bytes: a first call that lost the race to
// publish a cache may still be packing from them (its pack is destroyed
// unread, so zeros there are harmless); a packed operand that does not
// match the routine's kernel context would have the routine pack the
// original again, but the routines' contexts always run the process's
// best ISA (cx_rt_kernel_ctx_create), as the packs did, and the routines
// check cx_rt_const_release_released before such a fallback. Writing an
// artifact reads the whole pool: an executable that has an artifact keeps
// its constants, unless they are mapped from its file (MAP_PRIVATE,
// never written), where released pages read back from the file.
#include "runtime/const_release.h"
#include "support/file.h"

#include <stdlib.h>
#include <string.h>

#include "runtime/artifact_internal.h"
#include "runtime/routine_gemm.h"
#include "runtime/routines.h"

#define KEEP UINT32_MAX  // cache_interval: the cache's operand is not released

typedef struct interval {
  uint64_t begin, end;  // bytes of the pool
  bool keep;            // read by something other than a packing routine
  uint32_t pending;     // caches still to be made (under the executable's states_lock)
  _Atomic(bool) released;
} interval_t;

struct cx_rt_const_release {
  uint32_t num_intervals;
  interval_t* intervals;
  uint32_t* cache_interval;  // per routine cache: its interval, or KEEP
  uint32_t* slot_interval;   // per slot: its interval (constants), or KEEP
};

static int cmp_u64_pair(const void* x, const void* y) {
  const uint64_t* a = x;
  const uint64_t* b = y;
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

// The cache (0-based) whose packed operand binding `b` of step `s` is, or
// KEEP when the binding is an ordinary read.
static uint32_t packed_cache_of(const cx_rt_executable_t* e, const cx_rt_step_t* s, uint32_t b) {
  if (s->kind != CX_RT_STEP_CALL || b != 1) return KEEP;
  const char* rec = (const char*)e->params + s->call.params;
  int32_t cache = 0;
  if (s->call.routine == CX_RT_ROUTINE_GEMM &&
      s->call.params_size >= offsetof(cx_rt_gemm_params_t, outer))  // older records end there
    memcpy(&cache, rec + offsetof(cx_rt_gemm_params_t, b_cache), sizeof cache);
  else if (s->call.routine == CX_RT_ROUTINE_CONV &&
           s->call.params_size >= sizeof(cx_rt_conv_params_t))
    memcpy(&cache, rec + offsetof(cx_rt_conv_params_t, kernel_cache), sizeof cache);
  return cache > 0 && (uint32_t)cache <= e->num_caches ? (uint32_t)cache - 1 : KEEP;
}

static void release_free(cx_rt_const_release_t* r) {
  if (!r) return;
  free(r->intervals);
  free(r->cache_interval);
  free(r->slot_interval);
  free(r);
}

// Whether the pool may lose bytes at all (see the top of the file).
static bool releasable(const cx_rt_executable_t* e) {
  if (!e->constants || !e->const_size || !e->num_caches) return false;
  if (!cx_rt_artifact_code_of(e)) return true;  // JIT: never written out
  return e->constants_block == NULL;            // in place in the artifact's file mapping
}

// NULL when nothing can be released (or memory ran short: then nothing is).
static cx_rt_const_release_t* analyse(const cx_rt_executable_t* e) {
  if (!releasable(e)) return NULL;
  cx_rt_const_release_t* r = calloc(1, sizeof *r);
  uint64_t* spans = calloc((size_t)e->num_slots + 1, 2 * sizeof(uint64_t));
  if (!r || !spans) goto fail;
  r->cache_interval = malloc(e->num_caches * sizeof(uint32_t));
  r->slot_interval = malloc(((size_t)e->num_slots + 1) * sizeof(uint32_t));
  if (!r->cache_interval || !r->slot_interval) goto fail;
  // Intervals: constant slots by offset, overlapping ones merged.
  uint32_t n = 0;
  for (uint32_t i = 0; i < e->num_slots; i++) {
    const cx_rt_slot_t* s = &e->slots[i];
    if (s->kind != CX_RT_SLOT_CONST || !s->nbytes || s->offset >= e->const_size) continue;
    spans[2 * n] = s->offset;
    spans[2 * n + 1] = s->offset + s->nbytes;
    n++;
  }
  qsort(spans, n, 2 * sizeof(uint64_t), cmp_u64_pair);
  r->intervals = calloc(n ? n : 1, sizeof(interval_t));
  if (!r->intervals) goto fail;
  for (uint32_t i = 0; i < n; i++) {
    interval_t* last = r->num_intervals ? &r->intervals[r->num_intervals - 1] : NULL;
    if (last && spans[2 * i] < last->end) {
      if (spans[2 * i + 1] > last->end) last->end = spans[2 * i + 1];
    } else {
      r->intervals[r->num_intervals++] =
          (interval_t){.begin = spans[2 * i], .end = spans[2 * i + 1]};
    }
  }
  for (uint32_t i = 0; i < e->num_slots; i++) {
    const cx_rt_slot_t* s = &e->slots[i];
    r->slot_interval[i] = KEEP;
    if (s->kind != CX_RT_SLOT_CONST || !s->nbytes || s->offset >= e->const_size) continue;
    uint32_t lo = 0, hi = r->num_intervals;  // the interval with begin <= offset < end
    while (hi - lo > 1) {
      uint32_t mid = (lo + hi) / 2;
      if (r->intervals[mid].begin <= s->offset)
        lo = mid;
      else
        hi = mid;
    }
    r->slot_interval[i] = lo;
  }
  for (uint32_t c = 0; c < e->num_caches; c++) r->cache_interval[c] = KEEP - 1;  // unseen
  // Every binding of every step (nested programs included) is a reader.
  for (uint32_t si = 0; si < e->num_steps; si++) {
    const cx_rt_step_t* s = &e->steps[si];
    for (uint32_t b = 0; b < s->num_bindings; b++) {
      uint32_t slot = e->bindings[s->first_binding + b];
      if (slot >= e->num_slots || r->slot_interval[slot] == KEEP) continue;
      uint32_t iv = r->slot_interval[slot];
      uint32_t cache = packed_cache_of(e, s, b);
      if (cache == KEEP) {
        r->intervals[iv].keep = true;
      } else if (r->cache_interval[cache] == KEEP - 1) {
        r->cache_interval[cache] = iv;
        r->intervals[iv].pending++;
      } else if (r->cache_interval[cache] != iv) {
        // One cache for two operands (never made so): keep both.
        if (r->cache_interval[cache] != KEEP) r->intervals[r->cache_interval[cache]].keep = true;
        r->intervals[iv].keep = true;
        r->cache_interval[cache] = KEEP;
      }
    }
  }
  for (uint32_t c = 0; c < e->num_caches; c++) {
    uint32_t iv = r->cache_interval[c];
    if (iv >= r->num_intervals || r->intervals[iv].keep) r->cache_interval[c] = KEEP;
  }
  free(spans);
  return r;
fail:
  free(spans);
  release_free(r);
  return NULL;
}

static void release_interval(const cx_rt_executable_t* e, interval_t* iv) {
  atomic_store(&iv->released, true);
  // Advisory: if the system declines, the bytes just stay.
  if (iv->end > iv->begin)
    cx_pages_release((const char*)e->constants + iv->begin, (size_t)(iv->end - iv->begin));
}

// The interval cache `index` packs from, if it may be released (caller
// holds states_lock).
static interval_t* claimable(cx_rt_executable_t* e, uint32_t index) {
  if (index >= e->num_caches) return NULL;
  if (!e->const_release_done) {
    e->const_release = analyse(e);
    e->const_release_done = true;
  }
  cx_rt_const_release_t* r = e->const_release;
  if (!r || r->cache_interval[index] == KEEP) return NULL;
  return &r->intervals[r->cache_interval[index]];
}

void cx_rt_const_release_cache_made(const cx_rt_executable_t* exe, uint32_t index) {
  cx_rt_executable_t* e = (cx_rt_executable_t*)exe;  // the lock and the record are not the program
  if (index >= e->num_caches) return;
  pthread_mutex_lock(&e->states_lock);
  (void)claimable(e, index);  // makes the analysis
  cx_rt_const_release_t* r = e->const_release;
  if (r && r->cache_interval[index] != KEEP) {
    interval_t* iv = &r->intervals[r->cache_interval[index]];
    r->cache_interval[index] = KEEP;  // counted once, whoever publishes
    if (iv->pending && --iv->pending == 0) release_interval(e, iv);
  }
  pthread_mutex_unlock(&e->states_lock);
}

bool cx_rt_const_release_claim(const cx_rt_executable_t* exe, uint32_t index) {
  cx_rt_executable_t* e = (cx_rt_executable_t*)exe;
  pthread_mutex_lock(&e->states_lock);
  interval_t* iv = claimable(e, index);
  bool mine = iv && iv->pending == 1 && !atomic_load(&iv->released);
  if (mine) atomic_store(&iv->released, true);
  pthread_mutex_unlock(&e->states_lock);
  return mine;
}

void cx_rt_const_release_unclaim(const cx_rt_executable_t* exe, uint32_t index) {
  cx_rt_executable_t* e = (cx_rt_executable_t*)exe;
  pthread_mutex_lock(&e->states_lock);
  interval_t* iv = claimable(e, index);
  if (iv && iv->pending) atomic_store(&iv->released, false);
  pthread_mutex_unlock(&e->states_lock);
}

bool cx_rt_const_release_released(const cx_rt_executable_t* exe, uint32_t slot) {
  cx_rt_executable_t* e = (cx_rt_executable_t*)exe;
  pthread_mutex_lock(&e->states_lock);
  const cx_rt_const_release_t* r = e->const_release;
  bool gone = r && slot < e->num_slots && r->slot_interval[slot] != KEEP &&
              atomic_load(&r->intervals[r->slot_interval[slot]].released);
  pthread_mutex_unlock(&e->states_lock);
  return gone;
}

void cx_rt_const_release_destroy(cx_rt_const_release_t* r) {
  release_free(r);
}
