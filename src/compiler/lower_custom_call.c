// stablehlo.custom_call of a target in the runtime's custom-call registry
// (jaxlib's LAPACK/BLAS targets, the GPU/TPU linear algebra run on the CPU)
// as a CUSTOM_CALL routine step (runtime/routines.h).
//
// What the interpreter decides per call is decided here once: the target,
// the decoded attributes (the backend_config dictionary of the typed FFI,
// or a legacy target's backend_config string), each buffer's layout from
// operand_layouts / result_layouts. The target's prepare phase runs now, on
// the refined static shapes, so a malformed call is a compile error at the
// op rather than a run-time failure.
#include <stdlib.h>
#include <string.h>

#include "compiler/lower.h"
#include "ir/sdy_round_trip.h"
#include "runtime/custom_calls/custom_call.h"
#include "runtime/routines.h"
#include "support/vec.h"

static const cx_attr_t* find_attr(const cx_op_t* op, const char* name) {
  for (uint32_t i = 0; i < op->num_attrs; i++)
    if (strcmp(op->attrs[i].name, name) == 0) return op->attrs[i].value;
  return NULL;
}

// The record under construction: fixed header, then arrays and payloads
// appended at 8-byte boundaries.
typedef struct record {
  CX_VEC(uint8_t) bytes;
  bool oom;
} record_t;

static uint64_t append(record_t* r, const void* data, size_t n) {
  while (r->bytes.len % 8)
    if (!cx_vec_push(&r->bytes, 0)) r->oom = true;
  uint64_t at = r->bytes.len;
  for (size_t i = 0; i < n && !r->oom; i++)
    if (!cx_vec_push(&r->bytes, data ? ((const uint8_t*)data)[i] : 0)) r->oom = true;
  return at;
}

// A buffer's description from its tensor type and layout attribute entry
// (NULL: row-major).
static cx_status_t describe_buffer(const cx_op_t* op, const char* what, uint32_t i,
                                   const cx_type_t* t, const cx_attr_t* layout,
                                   cx_rt_cc_buffer_desc_t* out) {
  memset(out, 0, sizeof(*out));
  if (!cx_type_is_tensor(t) || cx_type_is_quant(t->tensor.element))
    return cx_lower_op_error(op, CX_UNIMPLEMENTED, "%s #%u: compiled custom calls take tensors of "
                             "plain element types", what, i);
  uint32_t rank = t->tensor.rank;
  out->shape.elem = (int32_t)cx_tensor_elem(t);
  out->shape.rank = rank;
  for (uint32_t d = 0; d < rank; d++) {
    if (t->tensor.dims[d] < 0)
      return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "%s #%u has a dynamic shape", what, i);
    out->shape.dims[d] = t->tensor.dims[d];
    out->minor_to_major[d] = rank - 1 - d;
  }
  out->row_major = 1;
  if (!layout) return NULL;
  const void* data;
  size_t nbytes;
  bool splat;
  if (!cx_attr_dense_data(layout, &data, &nbytes, &splat) || !cx_type_is_tensor(layout->type) ||
      layout->type->tensor.rank != 1 || layout->type->tensor.dims[0] != (int64_t)rank ||
      cx_elem_storage_size(cx_tensor_elem(layout->type)) != sizeof(int64_t) ||
      (!splat && nbytes < rank * sizeof(int64_t)))
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "%s layout #%u is not %u dimension indices",
                             what, i, rank);
  bool seen[CX_MAX_RANK] = {false};
  for (uint32_t d = 0; d < rank; d++) {
    int64_t v;
    memcpy(&v, (const char*)data + (splat ? 0 : d * sizeof(int64_t)), sizeof(v));
    if (v < 0 || v >= (int64_t)rank || seen[v])
      return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                               "%s layout #%u is not a permutation of %u dimensions", what, i, rank);
    seen[v] = true;
    out->minor_to_major[d] = v;
    if (v != (int64_t)(rank - 1 - d)) out->row_major = 0;
  }
  return NULL;
}

// One attribute, decoded as XLA's FFI decodes it; string and array
// payloads are appended to the record.
static void describe_attr(cx_lower_t* lw, record_t* r, const char* name, const cx_attr_t* a,
                          cx_rt_cc_attr_desc_t* out) {
  memset(out, 0, sizeof(*out));
  out->name = cx_xb_string(&lw->xb, name);
  out->kind = CX_RT_CC_ATTR_UNSUPPORTED;
  switch (a->kind) {
    case CX_ATTR_INTEGER:
      out->kind = CX_RT_CC_ATTR_INT;
      out->elem = a->type ? (int32_t)cx_type_elem(a->type) : CX_ELEM_SI64;
      out->i = a->integer;
      break;
    case CX_ATTR_FLOAT:
      out->kind = CX_RT_CC_ATTR_FLOAT;
      out->elem = a->type ? (int32_t)cx_type_elem(a->type) : CX_ELEM_F64;
      out->f = a->fp;
      break;
    case CX_ATTR_BOOL:
      out->kind = CX_RT_CC_ATTR_BOOL;
      out->elem = CX_ELEM_I1;
      out->i = a->boolean;
      break;
    case CX_ATTR_STRING:
      out->kind = CX_RT_CC_ATTR_STRING;
      out->len = (uint32_t)a->str.len;
      out->payload = append(r, a->str.data, a->str.len);
      break;
    case CX_ATTR_DENSE_ARRAY:
      if (a->dense_array.ints) {
        out->kind = CX_RT_CC_ATTR_INT_ARRAY;
        out->elem = a->type ? (int32_t)cx_type_elem(a->type) : CX_ELEM_SI64;
        out->len = a->dense_array.count;
        out->payload = append(r, a->dense_array.ints, (size_t)a->dense_array.count * sizeof(int64_t));
      }
      break;
    default: break;
  }
}

// The runtime's view of a described call, pointing into the record.
static void call_view(const cx_rt_cc_target_t* target, const uint8_t* rec, cx_rt_cc_buffer_t* bufs,
                      cx_rt_cc_attr_t* attrs, const char* const* attr_names, cx_rt_cc_call_t* call) {
  cx_rt_custom_call_params_t p;
  memcpy(&p, rec, sizeof(p));
  const cx_rt_cc_buffer_desc_t* d = (const void*)(rec + p.buffers);
  for (uint32_t i = 0; i < p.num_operands + p.num_results; i++) {
    memset(&bufs[i], 0, sizeof(bufs[i]));
    bufs[i].elem = (cx_elem_t)d[i].shape.elem;
    bufs[i].rank = d[i].shape.rank;
    memcpy(bufs[i].dims, d[i].shape.dims, sizeof(bufs[i].dims));
  }
  const cx_rt_cc_attr_desc_t* ad = (const void*)(rec + p.attrs);
  for (uint32_t i = 0; i < p.num_attrs; i++) {
    cx_rt_cc_attr_t* t = &attrs[i];
    memset(t, 0, sizeof(*t));
    t->name = attr_names[i];
    t->kind = (cx_rt_cc_attr_kind_t)ad[i].kind;
    t->elem = (cx_elem_t)ad[i].elem;
    t->i = ad[i].i;
    if (t->kind == CX_RT_CC_ATTR_FLOAT) t->f = ad[i].f;
    if (t->kind == CX_RT_CC_ATTR_STRING) {
      t->str.data = (const char*)rec + ad[i].payload;
      t->str.len = ad[i].len;
    } else if (t->kind == CX_RT_CC_ATTR_INT_ARRAY) {
      t->ints.data = (const int64_t*)(const void*)(rec + ad[i].payload);
      t->ints.len = ad[i].len;
    }
  }
  *call = (cx_rt_cc_call_t){target, p.num_operands, bufs, p.num_results, bufs + p.num_operands,
                            p.num_attrs, attrs};
}

// XLA's annotations (placement, GSPMD and Shardy shardings, shard_map's
// shape changes): identities on one device, as in the interpreter; a shape
// change means the program is partitioned over several devices.
static bool is_annotation(const char* t) {
  return !strcmp(t, "annotate_device_placement") || !strcmp(t, "Sharding") ||
         !strcmp(t, "xla.sdy.FuncResultSharding") || !strcmp(t, "SPMDFullToShardShape") ||
         !strcmp(t, "SPMDShardToFullShape") || !strcmp(t, "xla.sdy.GlobalToLocalShape") ||
         !strcmp(t, "xla.sdy.LocalToGlobalShape");
}

static cx_status_t lower_annotation(cx_lower_t* lw, cx_op_t* op, const char* t) {
  if (op->num_operands != 1 || op->num_results != 1)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "'@%s' takes one operand and has one result", t);
  // A shard_map form the importers could not read (ir/sdy_round_trip.h)
  // says why.
  const char* unread = cx_manual_form_unread(op);
  if (unread) return cx_lower_op_error(op, CX_UNIMPLEMENTED, "%s", unread);
  const cx_value_t* in = cx_op_operand(op, 0);
  const cx_value_t* out = cx_op_result(op, 0);
  if (in->type != out->type)  // types are interned
    return cx_lower_op_error(op, CX_UNIMPLEMENTED,
                             "'@%s' changes the shape to a per-device shard: the program is "
                             "partitioned over several devices (mhlo.num_partitions), and "
                             "compiled code runs on one", t);
  return cx_lower_alias(lw, op, in, out);
}

cx_status_t cx_lower_custom_call(cx_lower_t* lw, uint32_t program, cx_op_t* op,
                                 const char* target_name) {
  if (is_annotation(target_name)) return lower_annotation(lw, op, target_name);
  const cx_rt_cc_target_t* target = cx_rt_cc_target_find(target_name);
  // An application's target (cx_compile_options_t.custom_calls) is found by
  // name at each call; it has no prepare phase, so the op's declared static
  // shapes are what it gets.
  bool application = !target && cx_rt_custom_calls_has(lw->custom_calls, target_name);
  if (!target && !application)
    return cx_lower_op_error(op, CX_UNIMPLEMENTED,
                             "calls target '%s', which neither the compiler nor the runtime has%s",
                             target_name,
                             lw->custom_calls ? " nor the application registered"
                                              : " (an application registers its own with "
                                                "cx_compile_options_t.custom_calls)");
  uint32_t nops = op->num_operands, nres = op->num_results, nbuf = nops + nres;
  if (nres == 1 && cx_type_is_tuple(op->results[0].type))
    return cx_lower_op_error(op, CX_UNIMPLEMENTED,
                             "calls '%s' with a tuple result: compiled custom calls return tensors",
                             target_name);
  const cx_attr_t* ol = cx_op_attr(op, cx_name(lw->ctx, CX_NAME_operand_layouts));
  const cx_attr_t* rl = cx_op_attr(op, cx_name(lw->ctx, CX_NAME_result_layouts));
  if (!ol != !rl)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                             "operand_layouts and result_layouts must be given together");
  if ((ol && (ol->kind != CX_ATTR_ARRAY || ol->array.count != nops)) ||
      (rl && (rl->kind != CX_ATTR_ARRAY || rl->array.count != nres)))
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "needs one layout per operand and result");

  // Attributes: a typed-FFI target's backend_config dictionary, or a
  // legacy target's string.
  const cx_attr_t* config = find_attr(op, "mhlo.backend_config");
  if (!config) config = find_attr(op, "backend_config");
  uint32_t nattrs = 0;
  bool string_config = target ? target->opaque_config
                              : config && config->kind == CX_ATTR_STRING && config->str.len > 0;
  if (application) {
    if (string_config) nattrs = 1;
    else if (config && config->kind == CX_ATTR_DICT) nattrs = config->dict.count;
  } else if (target->opaque_config) {
    if (!config || config->kind != CX_ATTR_STRING)
      return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                               "'@%s' is a legacy custom call: it takes its descriptor as a "
                               "backend_config string", target_name);
    nattrs = 1;
  } else if (config && config->kind == CX_ATTR_DICT) {
    nattrs = config->dict.count;
  } else if (config && !(config->kind == CX_ATTR_STRING && config->str.len == 0)) {
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                             "typed-FFI targets take their attributes as a backend_config "
                             "dictionary (e.g. mhlo.backend_config = {uplo = 76 : ui8})");
  }

  record_t r = {0};
  cx_rt_custom_call_params_t p = {cx_xb_string(&lw->xb, target_name), nops, nres, nattrs, 0, 0};
  append(&r, &p, sizeof(p));
  cx_status_t st = NULL;
  cx_allocator_t a = lw->ctx->allocator;
  cx_rt_cc_buffer_desc_t* descs = cx_calloc(a, nbuf, sizeof(*descs));
  cx_rt_cc_attr_desc_t* adescs = cx_calloc(a, nattrs, sizeof(*adescs));
  const char** names = cx_calloc(a, nattrs, sizeof(*names));
  cx_rt_cc_buffer_t* bufs = cx_calloc(a, nbuf, sizeof(*bufs));
  cx_rt_cc_attr_t* attrs = cx_calloc(a, nattrs, sizeof(*attrs));
  uint32_t* bind = cx_calloc(a, nbuf, sizeof(*bind));
  if (!descs || !adescs || !names || !bufs || !attrs || !bind) st = CX_OOM();
  for (uint32_t i = 0; i < nops && !st; i++)
    st = describe_buffer(op, "operand", i, op->operands[i].value->type, ol ? ol->array.items[i] : NULL,
                         &descs[i]);
  for (uint32_t i = 0; i < nres && !st; i++)
    st = describe_buffer(op, "result", i, op->results[i].type, rl ? rl->array.items[i] : NULL,
                         &descs[nops + i]);
  for (uint32_t i = 0; i < nattrs && !st; i++) {
    if (string_config) {
      names[i] = "backend_config";
      describe_attr(lw, &r, names[i], config, &adescs[i]);
    } else {
      names[i] = config->dict.items[i].name;
      describe_attr(lw, &r, names[i], config->dict.items[i].value, &adescs[i]);
    }
  }
  if (!st) {
    uint64_t at_buffers = append(&r, descs, nbuf * sizeof(*descs));
    uint64_t at_attrs = append(&r, adescs, nattrs * sizeof(*adescs));
    if (r.oom) {
      st = CX_OOM();
    } else {
      p.buffers = at_buffers;
      p.attrs = at_attrs;
      memcpy(r.bytes.data, &p, sizeof(p));
    }
  }
  if (!st && r.bytes.len > UINT32_MAX)
    st = cx_lower_op_error(op, CX_INVALID_ARGUMENT, "has too many attributes");
  if (!st && target) {
    // The target checks its operands, results and attributes now.
    cx_rt_cc_call_t call;
    call_view(target, r.bytes.data, bufs, attrs, names, &call);
    cx_status_t bad = target->prepare(&call);
    if (bad) {
      st = cx_lower_op_error(op, cx_status_code(bad), "%s", cx_status_message(bad));
      cx_status_free(bad);
    }
  }
  for (uint32_t i = 0; i < nops && !st; i++)
    st = cx_lower_slot_of(lw, op, cx_op_operand(op, i), &bind[i]);
  for (uint32_t i = 0; i < nres && !st; i++) st = cx_lower_define(lw, cx_op_result(op, i), &bind[nops + i]);
  if (!st) {
    cx_rt_step_t step = {0};
    step.kind = CX_RT_STEP_CALL;
    cx_lower_where(lw, op, &step);
    step.call.routine = CX_RT_ROUTINE_CUSTOM_CALL;
    step.call.params = cx_xb_params(&lw->xb, r.bytes.data, (uint32_t)r.bytes.len);
    step.call.params_size = (uint32_t)r.bytes.len;
    cx_xb_step(&lw->xb, program, &step, bind, nbuf);
  }
  cx_vec_free(&r.bytes);
  cx_free(a, descs);
  cx_free(a, adescs);
  cx_free(a, names);
  cx_free(a, bufs);
  cx_free(a, attrs);
  cx_free(a, bind);
  return st;
}
