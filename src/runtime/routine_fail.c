// FAIL (routines_misc.h): an op whose execution is always an error in the
// program's situation, reported when (and only if) the program reaches it,
// as the interpreter reports it: e.g. an infeed with no queue to read, a
// send with no receiver outside interpreter.run_parallel.
#include "runtime/routines_misc.h"

cx_status_t cx_rt_routine_fail(const cx_rt_routine_ctx_t* ctx, const void* params,
                               void* const* buffers) {
  (void)buffers;
  const cx_rt_fail_params_t* p = params;
  const cx_rt_executable_t* e = ctx->exe;
  const char* msg = e->strings && p->message < e->strings_size ? e->strings + p->message : "";
  return cx_rt_routine_error(ctx, (cx_status_code_t)p->code, "%s", *msg ? msg : "fails");
}
