// Probe files (see probe.h).
#include "interp/probe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interp/input_spec.h"
#include "support/npy.h"
#include "support/strbuf.h"
#include "ir/print.h"

cx_status_t cx_probe_path(const cx_interp_options_t* options, const char* probe_id,
                          int64_t iteration, char** out_path) {
  *out_path = NULL;
  if (!options || !options->probe_dir || !*options->probe_dir)
    return CX_ERROR(CX_FAILED_PRECONDITION,
                    "probe '%s' needs a probe directory (cx_interp_options_t.probe_dir)",
                    probe_id);
  if (iteration < 0) return CX_ERROR(CX_INVALID_ARGUMENT, "negative probe iteration");
  cx_strbuf_t sb;
  cx_strbuf_init(&sb);
  cx_strbuf_puts(&sb, options->probe_dir);
  cx_strbuf_putc(&sb, '/');
  static const char kHex[] = "0123456789ABCDEF";
  for (const unsigned char* p = (const unsigned char*)probe_id; *p; p++) {
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
  *out_path = cx_strbuf_take(&sb);
  return *out_path ? NULL : CX_OOM();
}

// Appends "probe_id,type,file" to <dir>/index.csv, the StableHLO reference
// interpreter's record of probes in execution order. One write() with
// O_APPEND keeps concurrent processes' lines whole.
static cx_status_t append_index(const char* dir, const char* probe_id, const cx_tensor_t* value,
                                const char* path) {
  const char* file = strrchr(path, '/');
  file = file ? file + 1 : path;
  cx_strbuf_t line;
  cx_strbuf_init(&line);
  cx_strbuf_printf(&line, "%s,tensor<", probe_id);
  for (uint32_t d = 0; d < value->rank; d++)
    cx_strbuf_printf(&line, "%lldx", (long long)value->dims[d]);
  cx_print_type(&line, value->element);
  cx_strbuf_printf(&line, ">,%s\n", file);
  char* index = cx_format("%s/index.csv", dir);
  cx_status_t st = NULL;
  if (line.failed || !index) {
    st = CX_OOM();
  } else {
    int fd = open(index, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0 || write(fd, line.data, line.len) != (ssize_t)line.len)
      st = CX_ERROR(CX_IO_ERROR, "cannot append to %s: %s", index, strerror(errno));
    if (fd >= 0) close(fd);
  }
  cx_free_malloced(index);
  cx_strbuf_free(&line);
  return st;
}

cx_status_t cx_probe_write(const cx_interp_options_t* options, const char* probe_id,
                           const cx_tensor_t* value) {
  if (value->kind != CX_VALUE_TENSOR)
    return CX_ERROR(CX_INVALID_ARGUMENT, "probe '%s': only tensors can be probed", probe_id);
  for (int64_t it = 0;; it++) {
    char* path;
    CX_RETURN_IF_ERROR(cx_probe_path(options, probe_id, it, &path));
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0 && errno == EEXIST) {
      cx_free_malloced(path);
      continue;
    }
    if (fd < 0) {
      cx_status_t st =
          CX_ERROR(CX_IO_ERROR, "probe '%s': cannot create %s: %s", probe_id, path, strerror(errno));
      cx_free_malloced(path);
      return st;
    }
    close(fd);
    cx_npy_array_t a;
    memset(&a, 0, sizeof(a));
    snprintf(a.descr, sizeof(a.descr), "%s", cx_npy_descr_for_elem(value->elem));
    a.rank = (int)value->rank;
    for (uint32_t i = 0; i < value->rank; i++) a.shape[i] = value->dims[i];
    a.data = value->data;
    a.nbytes = value->nbytes;
    cx_status_t st = cx_npy_write(path, &a);
    if (!st) st = append_index(options->probe_dir, probe_id, value, path);
    cx_free_malloced(path);
    return st ? cx_status_prefix(st, "probe '%s'", probe_id) : NULL;
  }
}

cx_status_t cx_probe_read(cx_allocator_t allocator, const cx_interp_options_t* options,
                          const char* probe_id, int64_t iteration, const cx_type_t* element,
                          cx_tensor_t** out) {
  *out = NULL;
  char* path;
  CX_RETURN_IF_ERROR(cx_probe_path(options, probe_id, iteration, &path));
  cx_npy_array_t a;
  memset(&a, 0, sizeof(a));
  cx_status_t st = cx_npy_read(path, &a);
  if (st) {
    st = cx_status_prefix(st, "probe '%s' iteration %lld", probe_id, (long long)iteration);
    cx_free_malloced(path);
    return st;
  }
  cx_elem_t e = cx_type_elem(element);
  if (!cx_npy_descr_fits(a.descr, e)) {
    st = CX_ERROR(CX_INVALID_ARGUMENT, "probe file %s has dtype %s, which cannot hold %s", path,
                  a.descr, cx_elem_name(e));
  } else if (a.rank > CX_MAX_RANK) {
    st = CX_ERROR(CX_INVALID_ARGUMENT, "probe file %s has rank %d", path, a.rank);
  } else {
    st = cx_tensor_create(allocator, element, (uint32_t)a.rank, a.shape, out);
    if (!st && (*out)->nbytes != a.nbytes) {
      st = CX_ERROR(CX_DATA_LOSS, "probe file %s holds %zu bytes, expected %zu", path, a.nbytes,
                    (*out)->nbytes);
      cx_tensor_release(*out);
      *out = NULL;
    }
    if (!st && a.nbytes) memcpy((*out)->data, a.data, a.nbytes);
  }
  cx_npy_free(&a);
  cx_free_malloced(path);
  return st;
}
