// stablehlo.custom_call: dispatch to the interpreter's registry of targets
// by call_target_name, and the builtin targets.
//
// Builtin targets are the checks that StableHLO's generated testdata uses,
// with the semantics stablehlo-translate --interpret gives them
// (stablehlo/tools/StablehloTranslateMain.cpp):
//   @check.expect_eq(actual, expected)        exact
//   @check.expect_close(actual, expected)     0 <= ULP distance <= 3
//   @check.expect_almost_eq(actual, expected) absolute tolerance 1e-3
//   @check.eq(actual, expected) -> tensor<i1> integers exact, floats with
//                                             absolute tolerance 1e-4; the
//                                             result is true (a mismatch is
//                                             an error, as upstream)
#include <string.h>

#include "interp/check.h"
#include "interp/custom_calls_jax.h"
#include "interp/custom_calls_xla.h"
#include "interp/interp.h"

static cx_status_t check_operands(const cx_op_t* op, cx_tensor_t* const* args) {
  if (op->num_operands != 2)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "check targets take two operands (actual, expected), got %u",
                         op->num_operands);
  (void)args;
  return NULL;
}

// @check.expect_eq, @check.expect_close and @check.expect_almost_eq, with
// the check dialect's default tolerances: one target, the check its data.
typedef struct expect_target {
  const char* what;
  cx_check_spec_t spec;
} expect_target_t;

static const expect_target_t kExpectEq = {"@check.expect_eq", {CX_CHECK_EQ, 0, 0, 0}};
static const expect_target_t kExpectClose = {"@check.expect_close", {CX_CHECK_CLOSE, 0, 0, 3}};
static const expect_target_t kExpectAlmostEq = {"@check.expect_almost_eq",
                                                {CX_CHECK_ALMOST_EQ, 1e-3, 0, 0}};

static cx_status_t target_expect(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                 cx_tensor_t** results, void* user_data) {
  (void)ev;
  (void)results;
  const expect_target_t* t = user_data;
  CX_RETURN_IF_ERROR(check_operands(op, args));
  return cx_check_compare(op, t->what, args[0], args[1], &t->spec);
}

static cx_status_t target_eq(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                             cx_tensor_t** results, void* user_data) {
  (void)ev;
  (void)user_data;
  CX_RETURN_IF_ERROR(check_operands(op, args));
  cx_check_spec_t spec = {CX_CHECK_ALMOST_EQ, 1e-4, 0, 0};
  if (args[1]->kind == CX_VALUE_TENSOR && cx_elem_is_integer(args[1]->elem))
    spec.mode = CX_CHECK_EQ;
  CX_RETURN_IF_ERROR(cx_check_compare(op, "@check.eq", args[0], args[1], &spec));
  for (uint32_t i = 0; i < op->num_results; i++) {
    const cx_type_t* t = op->results[i].type;
    if (!cx_type_is_tensor(t) || cx_type_elem(t->tensor.element) != CX_ELEM_I1) {
      for (uint32_t j = 0; j < i; j++) {
        cx_tensor_release(results[j]);
        results[j] = NULL;
      }
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "@check.eq results must be i1 tensors");
    }
    cx_status_t st = cx_tensor_create_like(ev->allocator, t, &results[i]);
    if (st) {
      for (uint32_t j = 0; j < i; j++) {
        cx_tensor_release(results[j]);
        results[j] = NULL;
      }
      return st;
    }
    for (int64_t k = 0; k < results[i]->num_elements; k++)
      cx_store_int(CX_ELEM_I1, cx_tensor_at(results[i], k), 1);
  }
  return NULL;
}

cx_status_t cx_eval_family_CUSTOM_CALL(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                       cx_tensor_t** results) {
  const cx_attr_t* name = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_call_target_name]);
  if (!name || (name->kind != CX_ATTR_STRING && name->kind != CX_ATTR_SYMBOL_REF))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "has no call_target_name");
  cx_strmap_entry_t* e = cx_strmap_find(&ev->interp->custom_calls, name->str.data, name->str.len);
  if (!e) {
    // The op's location is the call site; the API version tells a typed-FFI
    // target (4) from a legacy one (1-3), which helps find its definition.
    const cx_attr_t* v = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_api_version]);
    long long api = v && v->kind == CX_ATTR_INTEGER ? (long long)v->integer : 1;
    return cx_eval_error(op, CX_UNIMPLEMENTED,
                         "calls custom-call target '@%s' (api_version %lld), which the "
                         "interpreter does not have",
                         name->str.data, api);
  }
  const cx_custom_call_entry_t* entry = e->value;
  return entry->fn(ev, op, args, results, entry->user_data);
}

cx_status_t cx_interp_register_builtin_custom_calls(cx_interp_t* interp) {
  static const struct {
    const char* name;
    cx_custom_call_fn fn;
    const expect_target_t* data;
  } kBuiltins[] = {
      {"check.expect_eq", target_expect, &kExpectEq},
      {"check.expect_close", target_expect, &kExpectClose},
      {"check.expect_almost_eq", target_expect, &kExpectAlmostEq},
      {"check.eq", target_eq, NULL},
  };
  for (size_t i = 0; i < sizeof(kBuiltins) / sizeof(kBuiltins[0]); i++)
    CX_RETURN_IF_ERROR(cx_interp_register_custom_call(interp, kBuiltins[i].name, kBuiltins[i].fn,
                                                      (void*)kBuiltins[i].data));
  CX_RETURN_IF_ERROR(cx_interp_register_jax_custom_calls(interp));
  return cx_interp_register_xla_custom_calls(interp);
}
