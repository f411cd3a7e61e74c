// XLA's own custom calls in the interpreter (see custom_calls_xla.h): the
// annotations every platform's exports may carry, and the custom-call
// encoded ops of StableHLO's experimental dialect that JAX emits for dynamic
// shapes and approximate top-k.
//
// Annotations (one operand, one result; identities on one device):
//   @annotate_device_placement  memory-space placement (_xla_buffer_placement
//                               = "pinned_host" / "device"): the interpreter
//                               has one memory
//   @Sharding                   GSPMD sharding of a value (mhlo.sharding)
//   @xla.sdy.FuncResultSharding Shardy's sharding of a function result,
//                               exported as a custom call
//   @SPMDFullToShardShape, @SPMDShardToFullShape
//                               the global <-> per-device shape change at a
//                               shard_map boundary: an identity when both
//                               shapes agree (one device); otherwise the
//                               program needs several devices and is refused
//                               with that reason.
//
// Ops (their semantics: stablehlo/dialect/ExperimentalOps.h):
//   @stablehlo.dynamic_reduce_window(inputs..., init_values...,
//       window_dimensions, window_strides, base_dilations, window_dilations,
//       padding) {called_computations = [@body]}
//     stablehlo.reduce_window with the window given by the values of the
//     1-D (and, for padding, Rx2) integer operands, and @body as its body.
//   @ApproxTopK(inputs..., init_values...) {called_computations =
//       [@comparator], mhlo.backend_config = {reduction_dim, top_k,
//       aggregate_to_topk, recall_target, ...}}
//   @stablehlo.dynamic_approx_top_k(inputs..., init_values..., k) {...}
//     XLA's approximate top-k (jax.lax.approx_max_k / approx_min_k). The CPU
//     computes it exactly, as XLA:CPU does: the inputs are sorted along
//     reduction_dim by @comparator (taking (lhs, rhs) of every input, as
//     stablehlo.sort's comparator; JAX passes the values and their iota) and
//     the first D are kept, D being the result type's reduction dim or, when
//     that is dynamic, k (aggregate_to_topk, JAX's default). The exact top-k
//     meets every recall_target. The init values only pad TPU tiles.
#include "interp/custom_calls_xla.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "interp/eval_shape.h"
#include "ir/sdy_round_trip.h"

static const cx_attr_t* find_attr(const cx_op_t* op, const char* name) {
  for (uint32_t i = 0; i < op->num_attrs; i++)
    if (strcmp(op->attrs[i].name, name) == 0) return op->attrs[i].value;
  return NULL;
}

static const char* target_name(cx_eval_t* ev, const cx_op_t* op) {
  const cx_attr_t* a = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_call_target_name]);
  return a ? a->str.data : "?";
}

// ---- annotations -------------------------------------------------------------------------

static cx_status_t one_to_one(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args) {
  if (op->num_operands != 1 || op->num_results != 1)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "'@%s' takes one operand and returns one result",
                         target_name(ev, op));
  if (!cx_tensor_matches_type(args[0], op->results[0].type))
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "'@%s' is an annotation: its result type must be its operand's",
                         target_name(ev, op));
  return NULL;
}

static cx_status_t annotation(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                              cx_tensor_t** results, void* user_data) {
  (void)user_data;
  CX_RETURN_IF_ERROR(one_to_one(ev, op, args));
  results[0] = cx_tensor_retain(args[0]);
  return NULL;
}

static cx_status_t spmd_shape(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                              cx_tensor_t** results, void* user_data) {
  (void)user_data;
  // A shard_map form the importers could not read (ir/sdy_round_trip.h)
  // says why.
  const char* unread = cx_manual_form_unread(op);
  if (unread) return cx_eval_error(op, CX_UNIMPLEMENTED, "%s", unread);
  if (op->num_operands == 1 && op->num_results == 1 &&
      !cx_tensor_matches_type(args[0], op->results[0].type)) {
    char* got = cx_tensor_type_string(args[0]);
    cx_status_t st = cx_eval_error(
        op, CX_UNIMPLEMENTED,
        "'@%s' turns %s into a per-device shard of another shape: the program is partitioned "
        "over several devices (mhlo.num_partitions), and the interpreter runs it on one",
        target_name(ev, op), got ? got : "its operand");
    cx_free_malloced(got);
    return st;
  }
  return annotation(ev, op, args, results, NULL);
}

// ---- called computations -------------------------------------------------------------------

// The function named by the op's only called_computations entry.
static cx_status_t called_function(cx_eval_t* ev, const cx_op_t* op,
                                   const cx_interp_func_t** out) {
  const cx_attr_t* a = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_called_computations]);
  if (!a || a->kind != CX_ATTR_ARRAY || a->array.count != 1 ||
      a->array.items[0]->kind != CX_ATTR_SYMBOL_REF)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "'@%s' needs called_computations = [@function] (one function)",
                         target_name(ev, op));
  const char* name = a->array.items[0]->str.data;
  *out = cx_interp_find_func(ev->interp, name);
  if (!*out || !cx_func_body((*out)->op))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "called computation '@%s' is not a function here",
                         name);
  return NULL;
}

// Runs a family's evaluation of `as` (a stand-in op whose region is the
// body of function f) in a frame of f's own: f's values are numbered
// within f, so they must not share the caller's frame.
static cx_status_t eval_with_body(cx_eval_t* ev, const cx_interp_func_t* f, cx_family_eval_fn fn,
                                  const cx_op_t* as, cx_tensor_t* const* args,
                                  cx_tensor_t** results) {
  cx_frame_t frame = {
      cx_calloc(ev->allocator, f->num_values ? f->num_values : 1, sizeof(cx_tensor_t*)),
      f->num_values};
  if (!frame.values) return CX_OOM();
  cx_frame_t* saved = ev->frame;
  ev->frame = &frame;
  cx_status_t st = fn(ev, as, args, results);
  ev->frame = saved;
  for (uint32_t i = 0; i < frame.size; i++) cx_tensor_release(frame.values[i]);
  cx_free(ev->allocator, frame.values);
  return st;
}

// A stand-in for `op` of another kind, with its regions the body of f.
static cx_op_t stand_in(const cx_op_t* op, cx_op_kind_t kind, const cx_interp_func_t* f,
                        uint32_t num_operands, uint32_t num_attrs, cx_named_attr_t* attrs) {
  cx_op_t as = *op;
  as.kind = kind;
  as.num_operands = num_operands;
  as.num_regions = 1;
  as.regions = f->op->regions;
  as.num_attrs = num_attrs;
  as.attrs = attrs;
  return as;
}

// A DENSE_ARRAY attribute over `ints` of type `type` (temporaries of the
// caller's frame; consumers read the integers through cx_attr_get_i64s).
static cx_attr_t ints_attr(const cx_type_t* type, const int64_t* ints, uint32_t count) {
  cx_attr_t a;
  memset(&a, 0, sizeof(a));
  a.kind = CX_ATTR_DENSE_ARRAY;
  a.type = type;
  a.dense_array.count = count;
  a.dense_array.ints = ints;
  return a;
}

// The values of an integer tensor of `count` elements.
static cx_status_t int_values(const cx_op_t* op, const cx_tensor_t* t, const char* what,
                              int64_t count, int64_t* out) {
  if (t->kind != CX_VALUE_TENSOR || !cx_elem_is_integer(t->elem) || cx_type_is_quant(t->element) ||
      t->num_elements != count)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "%s must be an integer tensor of %" PRId64
                         " elements", what, count);
  for (int64_t i = 0; i < count; i++) out[i] = cx_eval_load_index(t, i);
  return NULL;
}

// ---- stablehlo.dynamic_reduce_window ------------------------------------------------------

static cx_status_t dynamic_reduce_window(cx_eval_t* ev, const cx_op_t* op,
                                         cx_tensor_t* const* args, cx_tensor_t** results,
                                         void* user_data) {
  (void)user_data;
  uint32_t nops = op->num_operands;
  if (nops < 7 || (nops - 5) % 2 != 0 || op->num_results != (nops - 5) / 2)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "@stablehlo.dynamic_reduce_window takes N inputs, N init values, "
                         "window_dimensions, window_strides, base_dilations, window_dilations "
                         "and padding, and returns N results");
  const uint32_t N = (nops - 5) / 2;
  const cx_interp_func_t* body;
  CX_RETURN_IF_ERROR(called_function(ev, op, &body));
  CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, args[0], "input #0"));
  const int64_t R = args[0]->rank;
  static const char* const kWhat[4] = {"window_dimensions", "window_strides", "base_dilations",
                                       "window_dilations"};
  static const cx_name_id_t kNames[5] = {CX_NAME_window_dimensions, CX_NAME_window_strides,
                                         CX_NAME_base_dilations, CX_NAME_window_dilations,
                                         CX_NAME_padding};
  int64_t window[4][CX_MAX_RANK], padding[2 * CX_MAX_RANK];
  for (int i = 0; i < 4; i++)
    CX_RETURN_IF_ERROR(int_values(op, args[2 * N + i], kWhat[i], R, window[i]));
  CX_RETURN_IF_ERROR(int_values(op, args[2 * N + 4], "padding (rank x 2)", 2 * R, padding));
  // The lists' types live in this frame too: interning them would write to
  // the context while other processes of a parallel run read it.
  int64_t pad_dims[2] = {R, 2};
  cx_type_t i64 = {.kind = CX_TYPE_ELEMENT};
  i64.element.elem = CX_ELEM_SI64;
  i64.element.signless = true;
  cx_type_t pad_type = {.kind = CX_TYPE_TENSOR};
  pad_type.tensor.element = &i64;
  pad_type.tensor.rank = 2;
  pad_type.tensor.dims = pad_dims;
  cx_attr_t values[5];
  cx_named_attr_t attrs[5];
  for (int i = 0; i < 5; i++) {
    values[i] = i < 4 ? ints_attr(&i64, window[i], (uint32_t)R)
                      : ints_attr(&pad_type, padding, (uint32_t)(2 * R));
    attrs[i].name = ev->interp->ctx->names[kNames[i]];
    attrs[i].value = &values[i];
  }
  cx_op_t rw = stand_in(op, CX_OP_REDUCE_WINDOW, body, 2 * N, 5, attrs);
  return eval_with_body(ev, body, cx_eval_family_REDUCE, &rw, args, results);
}

// ---- ApproxTopK ------------------------------------------------------------------------------

// The first `keep` entries along dim `d` of t, as a tensor of `element`.
static cx_status_t leading_slice(const cx_tensor_t* t, const cx_type_t* element, uint32_t d,
                                 int64_t keep, cx_tensor_t** out) {
  int64_t dims[CX_MAX_RANK];
  memcpy(dims, t->dims, t->rank * sizeof(int64_t));
  dims[d] = keep;
  CX_RETURN_IF_ERROR(cx_tensor_create(t->allocator, element, t->rank, dims, out));
  int64_t outer = 1, inner = 1;
  for (uint32_t i = 0; i < d; i++) outer *= t->dims[i];
  for (uint32_t i = d + 1; i < t->rank; i++) inner *= t->dims[i];
  size_t row = (size_t)(keep * inner) * t->esize;
  for (int64_t o = 0; o < outer && row; o++)
    memcpy((char*)(*out)->data + (size_t)o * row,
           (const char*)t->data + (size_t)(o * t->dims[d] * inner) * t->esize, row);
  return NULL;
}

static cx_status_t approx_top_k_impl(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                     cx_tensor_t** results, bool dynamic) {
  uint32_t nops = op->num_operands, N = op->num_results;
  if (N == 0 || nops != 2 * N + (dynamic ? 1 : 0))
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "'@%s' takes N inputs and N init values%s, and returns N results",
                         target_name(ev, op), dynamic ? " and k" : "");
  const cx_interp_func_t* cmp;
  CX_RETURN_IF_ERROR(called_function(ev, op, &cmp));
  const cx_attr_t* config = find_attr(op, "mhlo.backend_config");
  if (!config || config->kind != CX_ATTR_DICT)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "'@%s' needs an mhlo.backend_config dictionary with reduction_dim",
                         target_name(ev, op));
  int64_t reduction_dim = -1, top_k = -1;
  bool aggregate = true, has_dim = false;
  for (uint32_t i = 0; i < config->dict.count; i++) {
    const char* n = config->dict.items[i].name;
    const cx_attr_t* v = config->dict.items[i].value;
    if (strcmp(n, "reduction_dim") == 0 && v->kind == CX_ATTR_INTEGER) {
      reduction_dim = v->integer;
      has_dim = true;
    } else if (strcmp(n, "top_k") == 0 && v->kind == CX_ATTR_INTEGER) {
      top_k = v->integer;
    } else if (strcmp(n, "aggregate_to_topk") == 0 && v->kind == CX_ATTR_BOOL) {
      aggregate = v->boolean;
    }
  }
  for (uint32_t i = 0; i < 2 * N; i++)
    CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, args[i], "every operand"));
  const cx_tensor_t* x = args[0];
  if (!has_dim || reduction_dim < 0 || reduction_dim >= (int64_t)x->rank)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "backend_config's reduction_dim must be an integer in [0, %u)", x->rank);
  if (dynamic) {
    int64_t k = -1;
    CX_RETURN_IF_ERROR(int_values(op, args[2 * N], "k", 1, &k));
    top_k = k;
  }
  // The number kept: the declared size, else k.
  const cx_type_t* rt = op->results[0].type;
  if (!cx_type_is_tensor(rt) || rt->tensor.rank != x->rank)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "results must be tensors of the inputs' rank");
  int64_t keep = rt->tensor.dims[reduction_dim];
  if (keep == CX_DYNAMIC_DIM) {
    if (!aggregate)
      return cx_eval_error(op, CX_UNIMPLEMENTED,
                           "a dynamic result size needs aggregate_to_topk = true");
    keep = top_k;
  }
  // Without a top_k (none is needed when the result size is declared), the
  // declared size is the number kept.
  if (!dynamic && top_k < 0) top_k = keep;
  if (keep < 0 || keep > x->dims[reduction_dim] || top_k < 0 || top_k > x->dims[reduction_dim])
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "top_k %" PRId64 " / result size %" PRId64
                         " must be in [0, %" PRId64 "], the reduction dimension's size",
                         top_k, keep, x->dims[reduction_dim]);

  cx_attr_t dim_attr, stable_attr;
  memset(&dim_attr, 0, sizeof(dim_attr));
  dim_attr.kind = CX_ATTR_INTEGER;
  dim_attr.integer = reduction_dim;
  memset(&stable_attr, 0, sizeof(stable_attr));
  stable_attr.kind = CX_ATTR_BOOL;
  stable_attr.boolean = true;
  cx_named_attr_t attrs[2] = {{ev->interp->ctx->names[CX_NAME_dimension], &dim_attr},
                              {ev->interp->ctx->names[CX_NAME_is_stable], &stable_attr}};
  cx_op_t sort = stand_in(op, CX_OP_SORT, cmp, N, 2, attrs);
  cx_tensor_t** sorted = cx_calloc(ev->allocator, N, sizeof(*sorted));
  if (!sorted) return CX_OOM();
  cx_status_t st = eval_with_body(ev, cmp, cx_eval_family_SORT, &sort, args, sorted);
  for (uint32_t i = 0; i < N && !st; i++) {
    const cx_type_t* element;
    st = cx_eval_result_element(op, i, sorted[i]->elem, &element);
    if (!st)
      st = cx_eval_wrap(
          op, leading_slice(sorted[i], element, (uint32_t)reduction_dim, keep, &results[i]));
  }
  for (uint32_t i = 0; i < N; i++) {
    cx_tensor_release(sorted[i]);
    if (st) {
      cx_tensor_release(results[i]);
      results[i] = NULL;
    }
  }
  cx_free(ev->allocator, sorted);
  return st;
}

static cx_status_t approx_top_k(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                cx_tensor_t** results, void* user_data) {
  (void)user_data;
  return approx_top_k_impl(ev, op, args, results, false);
}

static cx_status_t dynamic_approx_top_k(cx_eval_t* ev, const cx_op_t* op,
                                        cx_tensor_t* const* args, cx_tensor_t** results,
                                        void* user_data) {
  (void)user_data;
  return approx_top_k_impl(ev, op, args, results, true);
}

cx_status_t cx_interp_register_xla_custom_calls(cx_interp_t* interp) {
  static const struct {
    const char* name;
    cx_custom_call_fn fn;
  } kTargets[] = {
      {"annotate_device_placement", annotation},
      {"Sharding", annotation},
      {"xla.sdy.FuncResultSharding", annotation},
      {"SPMDFullToShardShape", spmd_shape},
      {"SPMDShardToFullShape", spmd_shape},
      {"xla.sdy.GlobalToLocalShape", spmd_shape},
      {"xla.sdy.LocalToGlobalShape", spmd_shape},
      {"stablehlo.dynamic_reduce_window", dynamic_reduce_window},
      {"ApproxTopK", approx_top_k},
      {"stablehlo.dynamic_approx_top_k", dynamic_approx_top_k},
  };
  for (size_t i = 0; i < sizeof(kTargets) / sizeof(kTargets[0]); i++)
    CX_RETURN_IF_ERROR(
        cx_interp_register_custom_call(interp, kTargets[i].name, kTargets[i].fn, NULL));
  return NULL;
}
