// Function signatures for bindings (include/cxla/interp.h): the types of a
// function's arguments and results as data-less buffer views, so that the
// Python package can convert scalars and check shapes before a call.
#include <stdlib.h>
#include <string.h>

#include "interp/interp.h"

// Signatures are the caller's, freed with cx_interp_free_results: the
// system allocator.
static const cx_allocator_t kSystem = {cx_allocator_system_fn, NULL};

// Fills views[i] with types[i]: tensors as elem/rank/dims (-1 for '?'),
// anything else (tokens, tuples) as CX_ELEM_INVALID.
static cx_status_t describe(uint32_t n, const cx_type_t* const* types, cx_buffer_view_t** out) {
  *out = cx_calloc(kSystem, n ? n : 1, sizeof(cx_buffer_view_t));
  if (!*out) return CX_OOM();
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t* t = types[i];
    cx_buffer_view_t* v = &(*out)[i];
    if (!cx_type_is_tensor(t) || t->tensor.rank > CX_MAX_RANK) {
      v->elem = CX_ELEM_INVALID;
      continue;
    }
    v->elem = cx_type_elem(t->tensor.element);
    v->rank = t->tensor.rank;
    for (uint32_t d = 0; d < v->rank; d++)
      v->dims[d] = t->tensor.dims[d] == CX_DYNAMIC_DIM ? -1 : t->tensor.dims[d];
  }
  return NULL;
}

cx_status_t cx_interp_signature(const cx_interp_t* interp, const char* function,
                                uint32_t* out_num_args, cx_buffer_view_t** out_args,
                                uint32_t* out_num_results, cx_buffer_view_t** out_results) {
  *out_num_args = *out_num_results = 0;
  *out_args = *out_results = NULL;
  const cx_interp_func_t* info = cx_interp_find_func(interp, function);
  if (!info) return CX_ERROR(CX_NOT_FOUND, "no function named '%s'", function);
  const cx_type_t* fn = cx_func_type(info->op);
  cx_status_t st = describe(fn->func.num_inputs, fn->func.inputs, out_args);
  if (!st) st = describe(fn->func.num_results, fn->func.results, out_results);
  if (st) {
    cx_free(kSystem, *out_args);
    *out_args = NULL;
    return st;
  }
  *out_num_args = fn->func.num_inputs;
  *out_num_results = fn->func.num_results;
  return NULL;
}
