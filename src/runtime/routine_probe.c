// PROBE and PROBE_CHECK (routines_misc.h): interpreter.probe and
// check.expect_serialized_eq in compiled programs, with the files the
// interpreter's probes write, through the functions the interpreter uses
// (support/probe_file.h): <dir>/<id>.npy for the first write of a probe,
// then <id>.1.npy, <id>.2.npy, ...; and a line "<id>,<type>,<file>" appended
// to <dir>/index.csv per write.
#include <string.h>

#include "runtime/routines_misc.h"
#include "support/npy.h"
#include "support/npy_dtype.h"
#include "support/probe_file.h"
#include "support/strbuf.h"

static const char* string_at(const cx_rt_routine_ctx_t* ctx, uint32_t offset) {
  const cx_rt_executable_t* e = ctx->exe;
  return e->strings && offset < e->strings_size ? e->strings + offset : "";
}

static const char* probe_dir(const cx_rt_routine_ctx_t* ctx) {
  const char* d = ctx->options ? ctx->options->probe_dir : NULL;
  return d && *d ? d : NULL;
}

static int64_t num_elements(const cx_rt_shape_t* s) {
  int64_t n = 1;
  for (uint32_t d = 0; d < s->rank; d++) n *= s->dims[d];
  return n;
}

cx_status_t cx_rt_routine_probe(const cx_rt_routine_ctx_t* ctx, const void* params,
                                void* const* buffers) {
  const cx_rt_probe_params_t* p = params;
  const char* dir = probe_dir(ctx);
  if (!dir) return NULL;  // nowhere to write: the probe passes its value through
  cx_elem_t e = (cx_elem_t)p->shape.elem;
  cx_status_t st = cx_probe_file_write(
      dir, string_at(ctx, p->probe_id), string_at(ctx, p->type), e, p->shape.rank, p->shape.dims,
      buffers[0], (size_t)num_elements(&p->shape) * cx_elem_storage_size(e));
  if (!st) return NULL;
  cx_status_t r = cx_rt_routine_error(ctx, cx_status_code(st), "%s", cx_status_message(st));
  cx_status_free(st);
  return r;
}

cx_status_t cx_rt_routine_probe_check(const cx_rt_routine_ctx_t* ctx, const void* params,
                                      void* const* buffers) {
  const cx_rt_probe_check_params_t* p = params;
  const char* dir = probe_dir(ctx);
  if (!dir)
    return cx_rt_routine_error(ctx, CX_UNIMPLEMENTED,
                               "needs the values written by interpreter.probe, but no probe "
                               "directory was given");
  const char* id = string_at(ctx, p->probe_id);
  const cx_rt_shape_t* s = &p->check.shape;
  cx_elem_t e = (cx_elem_t)s->elem;
  char* path = cx_probe_file_path(dir, id, p->iteration);
  if (!path) return CX_OOM();
  cx_npy_array_t a;
  memset(&a, 0, sizeof(a));
  cx_status_t st = cx_npy_read(path, &a);
  if (st) {
    cx_status_t r =
        cx_rt_routine_error(ctx, CX_FAILED_PRECONDITION,
                            "check.expect_serialized_eq failed: probe '%s' iteration %lld: %s", id,
                            (long long)p->iteration, cx_status_message(st));
    cx_status_free(st);
    cx_free_malloced(path);
    return r;
  }
  bool same = a.rank == (int)s->rank;
  for (uint32_t d = 0; same && d < s->rank; d++) same = a.shape[d] == s->dims[d];
  if (!cx_npy_descr_fits(a.descr, e)) {
    st = cx_rt_routine_error(ctx, CX_FAILED_PRECONDITION,
                             "check.expect_serialized_eq failed: probe file %s has dtype %s, "
                             "which cannot hold %s",
                             path, a.descr, cx_elem_name(e));
  } else if (!same || a.nbytes != (size_t)num_elements(s) * cx_elem_storage_size(e)) {
    cx_strbuf_t sb;
    cx_strbuf_init(&sb);
    for (int d = 0; d < a.rank; d++)
      cx_strbuf_printf(&sb, "%s%lld", d ? "x" : "", (long long)a.shape[d]);
    st = cx_rt_routine_error(ctx, CX_FAILED_PRECONDITION,
                             "check.expect_serialized_eq failed: actual value is %s but the probe "
                             "file %s holds a %s array of shape [%s]",
                             string_at(ctx, p->type), path, a.descr, sb.data ? sb.data : "");
    cx_strbuf_free(&sb);
  } else {
    void* pair[2] = {buffers[0], a.data};
    cx_rt_step_t step = *ctx->step;
    step.num_bindings = 2;  // no @check.eq result to fill
    cx_rt_routine_ctx_t inner = *ctx;
    inner.step = &step;
    st = cx_rt_routine_check(&inner, &p->check, pair);
  }
  cx_npy_free(&a);
  cx_free_malloced(path);
  return st;
}
