// JAX's CPU custom calls in the interpreter (see custom_calls_jax.h).
//
// Runtime targets (LAPACK/BLAS): the adapter turns the op into the runtime's
// call (src/runtime/custom_calls/custom_call.h):
//   - attributes: JAX (api_version 4, the typed FFI) puts them in a
//     dictionary, `mhlo.backend_config` in its exports or `backend_config`
//     in StableHLO's own spelling; each entry becomes a decoded attribute.
//   - layouts: `operand_layouts` / `result_layouts` give each buffer's
//     physical layout as XLA's minor_to_major list (JAX writes column-major
//     matrices). The interpreter holds tensors row-major, so operands are
//     copied into their declared layout before the call and results back out
//     of theirs after it: the target sees memory exactly as under XLA. No
//     layouts means XLA's default, row-major.
//   - shapes: result types may have dynamic dims (shape-polymorphic
//     exports); the target's prepare phase computes them from the operands.
//
// Shape-polymorphism helpers, evaluated by the interpreter's own ops:
//   @stablehlo.dynamic_top_k(operand, k)         chlo.top_k with k = the
//       scalar operand's value (largest first, ties by index: jax's
//       _top_k_lower emits it when k is symbolic)
//   @stablehlo.dynamic_rng_bit_generator(state, shape) {rng_algorithm}
//       stablehlo.rng_bit_generator whose output shape is the shape operand
//   @shape_assertion(pred, inputs...) {error_message}
//       fails with error_message ("{i}" replaced by input i) when pred is
//       false: the arguments do not satisfy the export's shape constraints
#include "interp/custom_calls_jax.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/custom_calls/custom_call.h"

// ---- attributes ------------------------------------------------------------------------

static const cx_attr_t* find_attr(const cx_op_t* op, const char* name) {
  for (uint32_t i = 0; i < op->num_attrs; i++)
    if (strcmp(op->attrs[i].name, name) == 0) return op->attrs[i].value;
  return NULL;
}

// The backend_config dictionary, or NULL if the op has none (an empty
// string backend_config counts as none). Legacy targets take the string
// itself (*out_string).
static cx_status_t backend_config(const cx_op_t* op, const cx_rt_cc_target_t* target,
                                  const cx_attr_t** out, const cx_attr_t** out_string) {
  *out = NULL;
  *out_string = NULL;
  const cx_attr_t* a = find_attr(op, "mhlo.backend_config");
  if (!a) a = find_attr(op, "backend_config");
  if (target->opaque_config) {
    if (!a || a->kind != CX_ATTR_STRING)
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "'@%s' is a legacy custom call: it takes its descriptor as a "
                           "backend_config string",
                           target->name);
    *out_string = a;
    return NULL;
  }
  if (!a) return NULL;
  if (a->kind == CX_ATTR_DICT) {
    *out = a;
    return NULL;
  }
  if (a->kind == CX_ATTR_STRING && a->str.len == 0) return NULL;
  return cx_eval_error(op, CX_INVALID_ARGUMENT,
                       "typed-FFI targets take their attributes as a backend_config dictionary "
                       "(e.g. mhlo.backend_config = {uplo = 76 : ui8})");
}

static void decode_attr(const cx_named_attr_t* in, cx_rt_cc_attr_t* out) {
  memset(out, 0, sizeof(*out));
  out->name = in->name;
  const cx_attr_t* a = in->value;
  switch (a->kind) {
    case CX_ATTR_INTEGER:
      out->kind = CX_RT_CC_ATTR_INT;
      out->elem = a->type ? cx_type_elem(a->type) : CX_ELEM_SI64;
      out->i = a->integer;
      return;
    case CX_ATTR_FLOAT:
      out->kind = CX_RT_CC_ATTR_FLOAT;
      out->elem = a->type ? cx_type_elem(a->type) : CX_ELEM_F64;
      out->f = a->fp;
      return;
    case CX_ATTR_BOOL:
      out->kind = CX_RT_CC_ATTR_BOOL;
      out->elem = CX_ELEM_I1;
      out->i = a->boolean;
      return;
    case CX_ATTR_STRING:
      out->kind = CX_RT_CC_ATTR_STRING;
      out->str.data = a->str.data;
      out->str.len = a->str.len;
      return;
    case CX_ATTR_DENSE_ARRAY:
      if (a->dense_array.ints) {
        out->kind = CX_RT_CC_ATTR_INT_ARRAY;
        out->elem = a->type ? cx_type_elem(a->type) : CX_ELEM_SI64;
        out->ints.data = a->dense_array.ints;
        out->ints.len = a->dense_array.count;
        return;
      }
      break;
    default:
      break;
  }
  out->kind = CX_RT_CC_ATTR_UNSUPPORTED;
}

// ---- layouts -----------------------------------------------------------------------------

// One buffer's minor_to_major layout; `identity` when it is row-major.
typedef struct layout {
  int64_t minor_to_major[CX_MAX_RANK];
  bool identity;
} layout_t;

static void default_layout(uint32_t rank, layout_t* l) {
  for (uint32_t i = 0; i < rank; i++) l->minor_to_major[i] = rank - 1 - i;
  l->identity = true;
}

// Decodes `operand_layouts` or `result_layouts` (an array of 1-D index
// tensors), or the default when `attr` is NULL.
static cx_status_t decode_layouts(const cx_op_t* op, const cx_attr_t* attr, const char* what,
                                  uint32_t count, const cx_type_t* const* types, layout_t* out) {
  if (attr && (attr->kind != CX_ATTR_ARRAY || attr->array.count != count))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "%s must be an array of %u layouts", what, count);
  for (uint32_t i = 0; i < count; i++) {
    if (!cx_type_is_tensor(types[i]))
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "%s #%u: custom-call buffers must be tensors",
                           what, i);
    uint32_t rank = types[i]->tensor.rank;
    default_layout(rank, &out[i]);
    if (!attr) continue;
    const cx_attr_t* l = attr->array.items[i];
    const void* data;
    size_t nbytes;
    bool splat;
    if ((l->kind != CX_ATTR_DENSE && l->kind != CX_ATTR_DENSE_RESOURCE) ||
        !cx_attr_dense_data(l, &data, &nbytes, &splat) || !cx_type_is_tensor(l->type) ||
        l->type->tensor.rank != 1 ||
        (cx_type_elem(l->type->tensor.element) != CX_ELEM_INDEX &&
         cx_type_elem(l->type->tensor.element) != CX_ELEM_SI64))
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "%s #%u must be a dense<...> : tensor<Nxindex> layout", what, i);
    if (l->type->tensor.dims[0] != (int64_t)rank)
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "%s #%u has %" PRId64 " entries for a rank-%u buffer", what, i,
                           l->type->tensor.dims[0], rank);
    bool seen[CX_MAX_RANK] = {false};
    for (uint32_t d = 0; d < rank; d++) {
      int64_t v;
      memcpy(&v, cx_dense_element_ptr(l, d, sizeof(int64_t)), sizeof(v));
      if (v < 0 || v >= (int64_t)rank || seen[v])
        return cx_eval_error(op, CX_INVALID_ARGUMENT,
                             "%s #%u is not a permutation of the buffer's %u dimensions", what, i,
                             rank);
      seen[v] = true;
      out[i].minor_to_major[d] = v;
      if (v != (int64_t)(rank - 1 - d)) out[i].identity = false;
    }
  }
  return NULL;
}

// ---- runtime targets -----------------------------------------------------------------------

typedef struct call_state {
  cx_rt_cc_buffer_t* operands;
  cx_rt_cc_buffer_t* results;
  cx_rt_cc_attr_t* attrs;
  layout_t* operand_layouts;
  layout_t* result_layouts;
  void** owned;  // physical copies, one slot per operand then per result
  uint32_t num_owned;
  cx_allocator_t allocator;
} call_state_t;

static void call_state_free(call_state_t* s) {
  cx_allocator_t a = s->allocator;
  for (uint32_t i = 0; s->owned && i < s->num_owned; i++) cx_free(a, s->owned[i]);
  cx_free(a, s->owned);
  cx_free(a, s->operands);
  cx_free(a, s->results);
  cx_free(a, s->attrs);
  cx_free(a, s->operand_layouts);
  cx_free(a, s->result_layouts);
}

static cx_status_t run_target(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                              cx_tensor_t** results, void* user_data) {
  const cx_rt_cc_target_t* target = user_data;
  uint32_t nops = op->num_operands, nres = op->num_results;
  for (uint32_t i = 0; i < nops; i++)
    if (args[i]->kind != CX_VALUE_TENSOR)
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "operand #%u of '@%s' must be a tensor", i,
                           target->name);
  // Budget: the LAPACK/BLAS targets cost up to n^3 per n x n matrix, i.e.
  // each operand's elements times its largest matrix dimension.
  uint64_t work = 0;
  for (uint32_t i = 0; i < nops; i++) {
    const cx_tensor_t* t = args[i];
    uint64_t n = 1;
    for (uint32_t d = t->rank > 2 ? t->rank - 2 : 0; d < t->rank; d++)
      if ((uint64_t)t->dims[d] > n) n = (uint64_t)t->dims[d];
    uint64_t e = (uint64_t)t->num_elements;
    uint64_t w = e && n > UINT64_MAX / e ? UINT64_MAX : e * n;
    work = w > UINT64_MAX - work ? UINT64_MAX : work + w;
  }
  CX_RETURN_IF_ERROR(cx_eval_charge(ev, op, work));
  const cx_attr_t *config, *config_string;
  CX_RETURN_IF_ERROR(backend_config(op, target, &config, &config_string));
  // XLA's custom calls of api_version < 4 (TPU's Qr, LuDecomposition) may
  // return one tuple: the target sees its elements as its results.
  const cx_type_t* const* result_types = NULL;
  bool tuple_result = nres == 1 && cx_type_is_tuple(op->results[0].type);
  if (tuple_result) {
    nres = op->results[0].type->tuple.count;
    result_types = op->results[0].type->tuple.items;
  }
  const cx_attr_t* ol = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_operand_layouts]);
  const cx_attr_t* rl = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_result_layouts]);
  if (!ol != !rl)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "operand_layouts and result_layouts must be given together");

  call_state_t s = {.allocator = ev->allocator};
  cx_status_t st = NULL;
  uint32_t nattrs = config ? config->dict.count : config_string ? 1 : 0;
  s.operands = cx_calloc(ev->allocator, nops ? nops : 1, sizeof(*s.operands));
  s.results = cx_calloc(ev->allocator, nres ? nres : 1, sizeof(*s.results));
  s.attrs = cx_calloc(ev->allocator, nattrs ? nattrs : 1, sizeof(*s.attrs));
  s.operand_layouts = cx_calloc(ev->allocator, nops ? nops : 1, sizeof(*s.operand_layouts));
  s.result_layouts = cx_calloc(ev->allocator, nres ? nres : 1, sizeof(*s.result_layouts));
  s.owned = cx_calloc(ev->allocator, nops + nres ? nops + nres : 1, sizeof(void*));
  s.num_owned = nops + nres;
  const cx_type_t** types = cx_calloc(ev->allocator, nops + nres ? nops + nres : 1, sizeof(*types));
  // The targets' results: the op's, or the tuple's elements (owned here
  // until they are packed into the tuple).
  cx_tensor_t** flat =
      tuple_result ? cx_calloc(ev->allocator, nres ? nres : 1, sizeof(*flat)) : results;
  if (!flat || !s.operands || !s.results || !s.attrs || !s.operand_layouts || !s.result_layouts ||
      !s.owned || !types) {
    st = CX_OOM();
    goto out;
  }
  if (config_string) {
    s.attrs[0].name = "backend_config";
    s.attrs[0].kind = CX_RT_CC_ATTR_STRING;
    s.attrs[0].str.data = config_string->str.data;
    s.attrs[0].str.len = config_string->str.len;
  }
  for (uint32_t i = 0; config && i < nattrs; i++) decode_attr(&config->dict.items[i], &s.attrs[i]);
  for (uint32_t i = 0; i < nops; i++) types[i] = op->operands[i].value->type;
  for (uint32_t i = 0; i < nres; i++)
    types[nops + i] = tuple_result ? result_types[i] : op->results[i].type;
  st = decode_layouts(op, ol, "operand_layouts", nops, types, s.operand_layouts);
  if (!st) st = decode_layouts(op, rl, "result_layouts", nres, types + nops, s.result_layouts);
  if (st) goto out;

  for (uint32_t i = 0; i < nops; i++) {
    const cx_tensor_t* t = args[i];
    cx_rt_cc_buffer_t* b = &s.operands[i];
    b->elem = t->elem;
    b->rank = t->rank;
    memcpy(b->dims, t->dims, t->rank * sizeof(int64_t));
    b->num_elements = t->num_elements;
    // Quantized tensors would reach LAPACK as their storage integers.
    if (cx_type_is_quant(t->element)) b->elem = CX_ELEM_INVALID;
    if (s.operand_layouts[i].identity || t->num_elements == 0) {
      b->data = t->data;  // only read: targets copy operands into results
    } else {
      s.owned[i] = cx_alloc(ev->allocator, t->nbytes);
      if (!s.owned[i]) {
        st = CX_OOM();
        goto out;
      }
      cx_rt_cc_relayout(t->rank, t->dims, s.operand_layouts[i].minor_to_major, t->esize, t->data,
                        s.owned[i], true);
      b->data = s.owned[i];
    }
  }
  for (uint32_t i = 0; i < nres; i++) {
    const cx_type_t* t = types[nops + i];
    cx_rt_cc_buffer_t* b = &s.results[i];
    b->elem =
        cx_type_is_quant(t->tensor.element) ? CX_ELEM_INVALID : cx_type_elem(t->tensor.element);
    b->rank = t->tensor.rank;
    for (uint32_t d = 0; d < b->rank; d++)
      b->dims[d] = t->tensor.dims[d] == CX_DYNAMIC_DIM ? CX_RT_CC_DYNAMIC_DIM : t->tensor.dims[d];
  }

  cx_rt_cc_call_t call = {target, nops, s.operands, nres, s.results, nattrs, s.attrs};
  st = cx_eval_wrap(op, target->prepare(&call));
  if (st) goto out;
  for (uint32_t i = 0; i < nres; i++) {
    cx_rt_cc_buffer_t* b = &s.results[i];
    st = cx_tensor_create(ev->allocator, types[nops + i]->tensor.element, b->rank, b->dims,
                          &flat[i]);
    if (st) goto out;
    cx_tensor_t* r = flat[i];
    b->num_elements = r->num_elements;
    if (s.result_layouts[i].identity || r->num_elements == 0) {
      b->data = r->data;
    } else {
      s.owned[nops + i] = cx_calloc(ev->allocator, 1, r->nbytes);
      if (!s.owned[nops + i]) {
        st = CX_OOM();
        goto out;
      }
      b->data = s.owned[nops + i];
    }
  }
  st = cx_eval_wrap(op, target->execute(&call));
  if (st) goto out;
  for (uint32_t i = 0; i < nres; i++)
    if (s.owned[nops + i])
      cx_rt_cc_relayout(flat[i]->rank, flat[i]->dims, s.result_layouts[i].minor_to_major, flat[i]->esize,
                        s.owned[nops + i], flat[i]->data, false);
  if (tuple_result) st = cx_tensor_tuple(ev->allocator, nres, flat, &results[0]);
out:
  if (st && !tuple_result)
    for (uint32_t i = 0; i < nres; i++) {
      cx_tensor_release(results[i]);
      results[i] = NULL;
    }
  if (tuple_result) {
    for (uint32_t i = 0; flat && i < nres; i++) cx_tensor_release(flat[i]);
    cx_free(ev->allocator, flat);
  }
  cx_free(ev->allocator, types);
  call_state_free(&s);
  return st;
}

// ---- shape-polymorphism helpers ---------------------------------------------------------------

// The value of a rank-0 integer tensor.
static cx_status_t scalar_int(const cx_op_t* op, const cx_tensor_t* t, const char* what,
                              int64_t* out) {
  if (t->kind != CX_VALUE_TENSOR || t->rank != 0 || !cx_elem_is_integer(t->elem) ||
      cx_type_is_quant(t->element))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "%s must be an integer scalar", what);
  *out = cx_load_int(t->elem, t->data);
  return NULL;
}

static cx_status_t dynamic_top_k(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                 cx_tensor_t** results, void* user_data) {
  (void)user_data;
  if (op->num_operands != 2 || op->num_results != 2)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "@stablehlo.dynamic_top_k takes (operand, k) and returns (values, "
                         "indices)");
  int64_t k = 0;
  CX_RETURN_IF_ERROR(scalar_int(op, args[1], "k", &k));
  // chlo.top_k on the same operands and result types, with k as its
  // attribute. The op is a temporary that never leaves this frame; the
  // attribute needs no type as top_k reads only the integer.
  cx_attr_t k_attr;
  memset(&k_attr, 0, sizeof(k_attr));
  k_attr.kind = CX_ATTR_INTEGER;
  k_attr.integer = k;
  cx_named_attr_t attrs[1] = {{ev->interp->ctx->names[CX_NAME_k], &k_attr}};
  cx_op_t top_k = *op;
  top_k.kind = CX_OP_CHLO_TOP_K;
  top_k.num_operands = 1;
  top_k.num_regions = 0;
  top_k.num_attrs = 1;
  top_k.attrs = attrs;
  return cx_eval_family_CHLO(ev, &top_k, args, results);
}

static cx_status_t dynamic_rng_bit_generator(cx_eval_t* ev, const cx_op_t* op,
                                             cx_tensor_t* const* args, cx_tensor_t** results,
                                             void* user_data) {
  (void)user_data;
  if (op->num_operands != 2 || op->num_results != 2)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "@stablehlo.dynamic_rng_bit_generator takes (state, shape) and returns "
                         "(state, bits)");
  const cx_tensor_t* shape = args[1];
  const cx_type_t* declared = op->results[1].type;
  if (!cx_type_is_tensor(declared))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "result #1 must be a tensor");
  if (shape->kind != CX_VALUE_TENSOR || shape->rank != 1 || !cx_elem_is_integer(shape->elem) ||
      cx_type_is_quant(shape->element) || shape->dims[0] != (int64_t)declared->tensor.rank)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "the shape operand must be a 1-D integer tensor of %u elements",
                         declared->tensor.rank);
  int64_t dims[CX_MAX_RANK];
  for (uint32_t d = 0; d < declared->tensor.rank; d++) {
    dims[d] = cx_load_int(shape->elem, cx_tensor_at(shape, d));
    if (dims[d] < 0 ||
        (declared->tensor.dims[d] != CX_DYNAMIC_DIM && declared->tensor.dims[d] != dims[d]))
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "output dimension %u is %" PRId64
                           ", which the result type does not "
                           "allow",
                           d, dims[d]);
  }
  // rng_bit_generator with the output type made static. The type is a
  // temporary of this frame (the interpreter's context is shared by
  // concurrent processes, so it is not interned); only its shape and
  // element are read.
  cx_type_t out_type = *declared;
  out_type.tensor.dims = dims;
  out_type.tensor.encoding = NULL;
  cx_value_t values[2] = {op->results[0], op->results[1]};
  values[1].type = &out_type;
  cx_op_t rng = *op;
  rng.kind = CX_OP_RNG_BIT_GENERATOR;
  rng.num_operands = 1;
  rng.num_regions = 0;
  rng.results = values;
  return cx_eval_family_RNG(ev, &rng, args, results);
}

static cx_status_t shape_assertion(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                   cx_tensor_t** results, void* user_data) {
  (void)ev;
  (void)results;
  (void)user_data;
  if (op->num_operands < 1 || op->num_results != 0)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "@shape_assertion takes (predicate, inputs...) and returns nothing");
  const cx_tensor_t* pred = args[0];
  if (pred->kind != CX_VALUE_TENSOR || pred->rank != 0 || pred->elem != CX_ELEM_I1)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "the predicate must be a tensor<i1>");
  const cx_attr_t* msg = find_attr(op, "error_message");
  if (!msg || msg->kind != CX_ATTR_STRING)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "needs a string error_message attribute");
  if (cx_load_int(pred->elem, pred->data)) return NULL;
  // Substitute "{i}" with input i; anything else is copied as written.
  char out[1024];
  size_t n = 0;
  for (size_t i = 0; i < msg->str.len && n + 1 < sizeof(out);) {
    char* end = NULL;
    if (msg->str.data[i] == '{') {
      long idx = strtol(msg->str.data + i + 1, &end, 10);
      if (end != msg->str.data + i + 1 && *end == '}' && idx >= 0 &&
          (uint64_t)idx + 1 < op->num_operands) {
        int64_t v = 0;
        CX_RETURN_IF_ERROR(scalar_int(op, args[idx + 1], "shape_assertion inputs", &v));
        int w = snprintf(out + n, sizeof(out) - n, "%" PRId64, v);
        n = w > 0 && (size_t)w < sizeof(out) - n ? n + (size_t)w : sizeof(out) - 1;
        i = (size_t)(end - msg->str.data) + 1;
        continue;
      }
    }
    out[n++] = msg->str.data[i++];
  }
  out[n] = '\0';
  return cx_eval_error(op, CX_INVALID_ARGUMENT, "shape assertion failed: %s", out);
}

cx_status_t cx_interp_register_jax_custom_calls(cx_interp_t* interp) {
  size_t count = cx_rt_cc_target_count();
  for (size_t i = 0; i < count; i++) {
    const cx_rt_cc_target_t* t = cx_rt_cc_target_at(i);
    // The registry keeps user data as void*; run_target only reads it.
    CX_RETURN_IF_ERROR(cx_interp_register_custom_call(interp, t->name, run_target, (void*)t));
  }
  CX_RETURN_IF_ERROR(
      cx_interp_register_custom_call(interp, "stablehlo.dynamic_top_k", dynamic_top_k, NULL));
  CX_RETURN_IF_ERROR(cx_interp_register_custom_call(interp, "stablehlo.dynamic_rng_bit_generator",
                                                    dynamic_rng_bit_generator, NULL));
  return cx_interp_register_custom_call(interp, "shape_assertion", shape_assertion, NULL);
}
