// The public view of a module's functions (cxla/module.h): func.func ops
// behind the opaque cx_function_t, their signatures as plain records.
#include <stdlib.h>
#include <string.h>

#include "cxla/module.h"
#include "ir/attrs.h"
#include "ir/ir.h"
#include "ir/location.h"
#include "ir/print.h"

static const cx_op_t* as_op(const cx_function_t* f) { return (const cx_op_t*)f; }

static const cx_function_t* next_func(const cx_op_t* op) {
  for (; op; op = op->next)
    if (op->kind == CX_OP_FUNC_FUNC) return (const cx_function_t*)op;
  return NULL;
}

const cx_function_t* cx_module_first_function(const cx_module_t* module) {
  const cx_block_t* b = cx_module_block(module);
  return b ? next_func(b->first_op) : NULL;
}

const cx_function_t* cx_function_next(const cx_function_t* f) {
  return next_func(as_op(f)->next);
}

const cx_function_t* cx_module_find_function(const cx_module_t* module, const char* name) {
  return (const cx_function_t*)cx_module_lookup_func(module, name);
}

void cx_function_get_info(const cx_function_t* f, cx_function_info_t* out) {
  const cx_op_t* op = as_op(f);
  const cx_type_t* fn = cx_func_type(op);
  bool typed = fn && fn->kind == CX_TYPE_FUNCTION;
  memset(out, 0, sizeof(*out));
  out->name = cx_func_name(op);
  out->is_public = cx_func_is_public(op);
  out->has_body = cx_func_body(op) != NULL;
  out->num_args = typed ? fn->func.num_inputs : 0;
  out->num_results = typed ? fn->func.num_results : 0;
}

static cx_status_t signature_type(const cx_function_t* f, bool is_result, uint32_t i,
                                  const cx_type_t** out) {
  const cx_op_t* op = as_op(f);
  const cx_type_t* fn = cx_func_type(op);
  uint32_t n = !fn || fn->kind != CX_TYPE_FUNCTION ? 0
               : is_result                          ? fn->func.num_results
                                                    : fn->func.num_inputs;
  if (i >= n) {
    const char* name = cx_func_name(op);
    return CX_ERROR(CX_OUT_OF_RANGE, "@%s has %u %s; there is no #%u", name ? name : "?", n,
                    is_result ? "results" : "arguments", i);
  }
  *out = is_result ? fn->func.results[i] : fn->func.inputs[i];
  return NULL;
}

cx_status_t cx_function_type(const cx_function_t* f, bool is_result, uint32_t i,
                             cx_type_info_t* out) {
  memset(out, 0, sizeof(*out));
  out->type_class = CX_TYPE_CLASS_OTHER;
  const cx_type_t* t = NULL;
  CX_RETURN_IF_ERROR(signature_type(f, is_result, i, &t));
  if (cx_type_is_token(t)) {
    out->type_class = CX_TYPE_CLASS_TOKEN;
  } else if (t->kind == CX_TYPE_TUPLE) {
    out->type_class = CX_TYPE_CLASS_TUPLE;
  } else if (cx_type_is_tensor(t) && t->tensor.rank <= CX_MAX_RANK) {
    out->type_class = CX_TYPE_CLASS_TENSOR;
    out->elem = cx_type_elem(t->tensor.element);
    out->quantized = cx_type_is_quant(t->tensor.element);
    out->rank = t->tensor.rank;
    int64_t bounds[CX_MAX_RANK];
    bool bounded = cx_tensor_bounds(t, bounds);
    for (uint32_t d = 0; d < t->tensor.rank; d++) {
      bool dynamic = t->tensor.dims[d] == CX_DYNAMIC_DIM;
      out->dims[d] = dynamic ? -1 : t->tensor.dims[d];
      out->bounds[d] = dynamic && bounded && bounds[d] != CX_DYNAMIC_DIM ? bounds[d] : -1;
    }
  }
  return NULL;
}

cx_status_t cx_function_type_string(const cx_function_t* f, bool is_result, uint32_t i,
                                    bool element_only, char** out_text) {
  *out_text = NULL;
  const cx_type_t* t = NULL;
  CX_RETURN_IF_ERROR(signature_type(f, is_result, i, &t));
  if (element_only && cx_type_is_tensor(t)) t = t->tensor.element;
  *out_text = cx_type_to_string(t);
  return *out_text ? NULL : CX_OOM();
}

const char* cx_function_name_of(const cx_function_t* f, bool is_result, uint32_t i) {
  const cx_op_t* op = as_op(f);
  const char* list = is_result ? "res_attrs" : "arg_attrs";
  const char* key = is_result ? "jax.result_info" : "jax.arg_info";
  for (uint32_t k = 0; k < op->num_attrs; k++) {
    const cx_named_attr_t* na = &op->attrs[k];
    if (strcmp(na->name, list) != 0 || na->value->kind != CX_ATTR_ARRAY) continue;
    if (i >= na->value->array.count) break;
    const cx_attr_t* d = na->value->array.items[i];
    if (!d || d->kind != CX_ATTR_DICT) break;
    for (uint32_t j = 0; j < d->dict.count; j++)
      if (!strcmp(d->dict.items[j].name, key) && d->dict.items[j].value->kind == CX_ATTR_STRING)
        return d->dict.items[j].value->str.data;
  }
  if (is_result) return NULL;
  const cx_block_t* body = cx_func_body(op);
  if (!body || i >= body->num_args) return NULL;
  return cx_location_name_of(cx_value_arg_loc(body->args[i]));
}

// The string value of `key` in the attribute dictionary of argument `i`.
static const cx_attr_t* arg_attr(const cx_op_t* op, uint32_t i, const char* key) {
  for (uint32_t k = 0; k < op->num_attrs; k++) {
    const cx_named_attr_t* na = &op->attrs[k];
    if (strcmp(na->name, "arg_attrs") != 0 || na->value->kind != CX_ATTR_ARRAY) continue;
    if (i >= na->value->array.count) return NULL;
    const cx_attr_t* d = na->value->array.items[i];
    if (!d || d->kind != CX_ATTR_DICT) return NULL;
    for (uint32_t j = 0; j < d->dict.count; j++)
      if (!strcmp(d->dict.items[j].name, key)) return d->dict.items[j].value;
  }
  return NULL;
}

bool cx_function_is_platform_index(const cx_function_t* f, uint32_t i) {
  const cx_op_t* op = as_op(f);
  const cx_attr_t* g = arg_attr(op, i, "jax.global_constant");
  if (!g || g->kind != CX_ATTR_STRING || strcmp(g->str.data, "_platform_index") != 0) return false;
  const cx_type_t* fn = cx_func_type(op);
  if (!fn || i >= fn->func.num_inputs) return false;
  const cx_type_t* t = fn->func.inputs[i];
  if (t->kind != CX_TYPE_TENSOR || t->tensor.rank != 0) return false;
  cx_elem_t e = cx_type_elem(t->tensor.element);
  return e == CX_ELEM_SI32 || e == CX_ELEM_SI64 || e == CX_ELEM_UI32 || e == CX_ELEM_UI64;
}

int cx_module_platform_position(const cx_module_t* module, const char* platform) {
  for (uint32_t k = 0; k < module->num_attrs; k++) {
    const cx_named_attr_t* na = &module->attrs[k];
    if (strcmp(na->name, "mhlo.platforms") != 0 && strcmp(na->name, "jax.platforms") != 0) continue;
    if (na->value->kind != CX_ATTR_ARRAY) continue;
    for (uint32_t i = 0; i < na->value->array.count; i++) {
      const cx_attr_t* s = na->value->array.items[i];
      if (s->kind == CX_ATTR_STRING && !strcmp(s->str.data, platform)) return (int)i;
    }
  }
  return -1;
}
