// The routine table (runtime/routines.h) and what routines share.
#include "runtime/routines.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "runtime/const_release.h"
#include "support/strbuf.h"

const cx_rt_routine_fn cx_rt_routine_table[CX_RT_ROUTINE_COUNT] = {
#define CX_RT_ROUTINE_ENTRY_(id, fn) [CX_RT_ROUTINE_##id] = cx_rt_routine_##fn,
    CX_RT_ROUTINES(CX_RT_ROUTINE_ENTRY_)
#undef CX_RT_ROUTINE_ENTRY_
};

cx_status_t cx_rt_routine_error(const cx_rt_routine_ctx_t* ctx, cx_status_code_t code,
                                const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  char* msg = cx_vformat(fmt, args);
  va_end(args);
  cx_status_t s = cx_rt_step_error(ctx->exe, ctx->step, code, "%s", msg ? msg : "failed");
  cx_free_malloced(msg);
  return s;
}

cx_status_t cx_rt_routine_cache(const cx_rt_routine_ctx_t* ctx, uint32_t index,
                                cx_rt_cache_make_fn make, void* arg, cx_rt_cached_t** out) {
  _Atomic(cx_rt_cached_t*)* cell = &ctx->exe->caches[index];
  cx_rt_cached_t* have = atomic_load_explicit(cell, memory_order_acquire);
  if (!have) {
    cx_rt_cached_t* mine = NULL;
    CX_RETURN_IF_ERROR(make(arg, &mine));
    // Several first calls may race: one result is kept, the others destroyed.
    if (atomic_compare_exchange_strong_explicit(cell, &have, mine, memory_order_acq_rel,
                                                memory_order_acquire)) {
      have = mine;
      // What the cache was made from may now be read by nothing else.
      cx_rt_const_release_cache_made(ctx->exe, index);
    } else {
      mine->destroy(mine);
    }
  }
  *out = have;
  return NULL;
}
