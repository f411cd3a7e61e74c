// Probe files (see probe.h).
#include "interp/probe.h"

#include <string.h>

#include "interp/input_spec.h"
#include "ir/print.h"
#include "support/npy.h"
#include "support/probe_file.h"
#include "support/strbuf.h"

static cx_status_t need_probe_dir(const cx_interp_options_t* options, const char* probe_id) {
  if (!options || !options->probe_dir || !*options->probe_dir)
    return CX_ERROR(CX_FAILED_PRECONDITION,
                    "probe '%s' needs a probe directory (cx_interp_options_t.probe_dir)",
                    probe_id);
  return NULL;
}

cx_status_t cx_probe_path(const cx_interp_options_t* options, const char* probe_id,
                          int64_t iteration, char** out_path) {
  *out_path = NULL;
  CX_RETURN_IF_ERROR(need_probe_dir(options, probe_id));
  if (iteration < 0) return CX_ERROR(CX_INVALID_ARGUMENT, "negative probe iteration");
  *out_path = cx_probe_file_path(options->probe_dir, probe_id, iteration);
  return *out_path ? NULL : CX_OOM();
}

cx_status_t cx_probe_write(const cx_interp_options_t* options, const char* probe_id,
                           const cx_tensor_t* value) {
  if (value->kind != CX_VALUE_TENSOR)
    return CX_ERROR(CX_INVALID_ARGUMENT, "probe '%s': only tensors can be probed", probe_id);
  CX_RETURN_IF_ERROR(need_probe_dir(options, probe_id));
  // The index line's type, as the reference interpreter writes it.
  cx_strbuf_t type;
  cx_strbuf_init(&type);
  cx_strbuf_puts(&type, "tensor<");
  for (uint32_t d = 0; d < value->rank; d++)
    cx_strbuf_printf(&type, "%lldx", (long long)value->dims[d]);
  cx_print_type(&type, value->element);
  cx_strbuf_putc(&type, '>');
  cx_status_t st = type.failed ? CX_OOM()
                               : cx_probe_file_write(options->probe_dir, probe_id, type.data,
                                                     value->elem, value->rank, value->dims,
                                                     value->data, value->nbytes);
  cx_strbuf_free(&type);
  return st;
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
