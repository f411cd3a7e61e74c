// PROBE and PROBE_CHECK (routines_misc.h): interpreter.probe and
// check.expect_serialized_eq in compiled programs, with the files the
// interpreter's probes write (src/interp/probe.h): <dir>/<id>.npy for the
// first write of a probe, then <id>.1.npy, <id>.2.npy, ...; characters of
// the id outside [A-Za-z0-9_-] as %XX; the NumPy dtype of
// support/npy_dtype.h; and a line "<id>,<type>,<file>" appended to
// <dir>/index.csv per write. The iteration a write takes is the first whose
// file does not exist yet, claimed with O_EXCL, so concurrent calls probing
// into one directory never overwrite each other.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/routines_misc.h"
#include "support/npy.h"
#include "support/npy_dtype.h"
#include "support/strbuf.h"

static const char* string_at(const cx_rt_routine_ctx_t* ctx, uint32_t offset) {
  const cx_rt_executable_t* e = ctx->exe;
  return e->strings && offset < e->strings_size ? e->strings + offset : "";
}

static const char* probe_dir(const cx_rt_routine_ctx_t* ctx) {
  const char* d = ctx->options ? ctx->options->probe_dir : NULL;
  return d && *d ? d : NULL;
}

// <dir>/<sanitized id>[.<iteration>].npy, malloc'ed.
static char* probe_path(const char* dir, const char* id, int64_t iteration) {
  static const char kHex[] = "0123456789ABCDEF";
  cx_strbuf_t sb;
  cx_strbuf_init(&sb);
  cx_strbuf_puts(&sb, dir);
  cx_strbuf_putc(&sb, '/');
  for (const unsigned char* p = (const unsigned char*)id; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        *p == '_' || *p == '-') {
      cx_strbuf_putc(&sb, (char)*p);
    } else {
      cx_strbuf_putc(&sb, '%');
      cx_strbuf_putc(&sb, kHex[*p >> 4]);
      cx_strbuf_putc(&sb, kHex[*p & 15]);
    }
  }
  if (iteration > 0) cx_strbuf_printf(&sb, ".%lld", (long long)iteration);
  cx_strbuf_puts(&sb, ".npy");
  return cx_strbuf_take(&sb);
}

static int64_t num_elements(const cx_rt_shape_t* s) {
  int64_t n = 1;
  for (uint32_t d = 0; d < s->rank; d++) n *= s->dims[d];
  return n;
}

// One write() with O_APPEND keeps concurrent writers' lines whole.
static cx_status_t append_index(const cx_rt_routine_ctx_t* ctx, const char* dir, const char* id,
                                const char* type, const char* path) {
  const char* file = strrchr(path, '/');
  file = file ? file + 1 : path;
  char* line = cx_format("%s,%s,%s\n", id, type, file);
  char* index = cx_format("%s/index.csv", dir);
  cx_status_t st = NULL;
  if (!line || !index) {
    st = CX_OOM();
  } else {
    size_t len = strlen(line);
    int fd = open(index, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0 || write(fd, line, len) != (ssize_t)len)
      st = cx_rt_routine_error(ctx, CX_IO_ERROR, "cannot append to %s: %s", index, strerror(errno));
    if (fd >= 0) close(fd);
  }
  free(line);
  free(index);
  return st;
}

cx_status_t cx_rt_routine_probe(const cx_rt_routine_ctx_t* ctx, const void* params,
                                void* const* buffers) {
  const cx_rt_probe_params_t* p = params;
  const char* dir = probe_dir(ctx);
  if (!dir) return NULL;  // nowhere to write: the probe passes its value through
  const char* id = string_at(ctx, p->probe_id);
  cx_elem_t e = (cx_elem_t)p->shape.elem;
  for (int64_t it = 0;; it++) {
    char* path = probe_path(dir, id, it);
    if (!path) return CX_OOM();
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0 && errno == EEXIST) {
      free(path);
      continue;
    }
    if (fd < 0) {
      cx_status_t st = cx_rt_routine_error(ctx, CX_IO_ERROR, "probe '%s': cannot create %s: %s", id,
                                           path, strerror(errno));
      free(path);
      return st;
    }
    close(fd);
    cx_npy_array_t a;
    memset(&a, 0, sizeof(a));
    snprintf(a.descr, sizeof(a.descr), "%s", cx_npy_descr_for_elem(e));
    a.rank = (int)p->shape.rank;
    for (uint32_t d = 0; d < p->shape.rank; d++) a.shape[d] = p->shape.dims[d];
    a.data = buffers[0];
    a.nbytes = (size_t)num_elements(&p->shape) * cx_elem_storage_size(e);
    cx_status_t st = cx_npy_write(path, &a);
    if (st) {
      cx_status_t r =
          cx_rt_routine_error(ctx, cx_status_code(st), "probe '%s': %s", id, cx_status_message(st));
      cx_status_free(st);
      free(path);
      return r;
    }
    st = append_index(ctx, dir, id, string_at(ctx, p->type), path);
    free(path);
    return st;
  }
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
  char* path = probe_path(dir, id, p->iteration);
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
    free(path);
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
  free(path);
  return st;
}
