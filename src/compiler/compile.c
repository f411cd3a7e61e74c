// cx_compile (include/cxla/compiler.h): the pipeline driver.
//
// Phases, on a clone of the caller's module (which is never changed):
//   input     inline calls into the compiled function
//   refine    static shapes from the argument shapes (shape-polymorphic
//             programs), shape computations folded, @shape_assertion checked
//   simplify  canonicalization
//   lower     buffer slots, steps, kernels (src/compiler/lower.c)
//   codegen   LLVM optimization and JIT (src/codegen)
#include <stdlib.h>
#include <string.h>

#include "codegen/cg.h"
#include "compiler/lower.h"
#include "cxla/compiler.h"
#include "ir/builder.h"
#include "ir/clone.h"
#include "ir/ir.h"
#include "ir/rewrite.h"
#include "passes/canonicalize.h"
#include "passes/passes.h"
#include "runtime/executable.h"

// The declared argument types with the dims of the given shapes.
static cx_status_t arg_types_from_shapes(cx_context_t* ctx, cx_op_t* func,
                                         const cx_compile_options_t* o, const cx_type_t** out) {
  const cx_type_t* ft = cx_func_type(func);
  uint32_t n = ft->func.num_inputs;
  if (o->num_arg_shapes != n)
    return CX_ERROR(CX_INVALID_ARGUMENT, "function '%s' takes %u arguments but %u shapes were given",
                    cx_func_name(func), n, o->num_arg_shapes);
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t* t = ft->func.inputs[i];
    const cx_buffer_view_t* v = &o->arg_shapes[i];
    out[i] = NULL;
    if (!cx_type_is_tensor(t)) continue;
    if (v->elem != cx_tensor_elem(t) || v->rank != t->tensor.rank)
      return CX_ERROR(CX_INVALID_ARGUMENT, "argument %u of '%s': the given shape has another %s", i,
                      cx_func_name(func), v->elem != cx_tensor_elem(t) ? "element type" : "rank");
    for (uint32_t d = 0; d < v->rank; d++)
      if (t->tensor.dims[d] != CX_DYNAMIC_DIM && t->tensor.dims[d] != v->dims[d])
        return CX_ERROR(CX_INVALID_ARGUMENT,
                        "argument %u of '%s': dimension %u is %lld, the given shape has %lld", i,
                        cx_func_name(func), d, (long long)t->tensor.dims[d], (long long)v->dims[d]);
    out[i] = cx_tensor_with_shape(ctx, t, v->rank, v->dims);
    if (!out[i]) return CX_OOM();
  }
  return NULL;
}

static bool has_dynamic_args(cx_op_t* func) {
  const cx_type_t* ft = cx_func_type(func);
  for (uint32_t i = 0; i < ft->func.num_inputs; i++)
    if (cx_type_is_tensor(ft->func.inputs[i]) && !cx_tensor_has_static_shape(ft->func.inputs[i]))
      return true;
  return false;
}

static cx_status_t canonicalize(cx_module_t* m, cx_op_t* func) {
  cx_pattern_set_t set;
  cx_pattern_set_init(&set);
  cx_status_t s = cx_canonicalize_add_patterns(&set);
  if (!s) {
    cx_rewrite_stats_t stats;
    s = cx_rewrite_greedy(m, func, &set, NULL, &stats);
  }
  cx_pattern_set_destroy(&set);
  return s;
}

// Runs the phases before lowering on `m` (a clone).
static cx_status_t run_passes(cx_module_t* m, cx_op_t* func, const cx_compile_options_t* o) {
  CX_RETURN_IF_ERROR(cx_pass_inline(m, func, NULL));
  if ((o && o->arg_shapes) || has_dynamic_args(func)) {
    uint32_t n = cx_func_type(func)->func.num_inputs;
    if (!o || !o->arg_shapes)
      return CX_ERROR(CX_INVALID_ARGUMENT,
                      "function '%s' has arguments of dynamic shape: compile it for given argument shapes",
                      cx_func_name(func));
    const cx_type_t** types = calloc(n + 1, sizeof(*types));
    const cx_attr_t** values = calloc(n + 1, sizeof(*values));
    cx_status_t s = types && values ? arg_types_from_shapes(m->ctx, func, o, types) : CX_OOM();
    // Scalar integers passed with data may be dimension variables: the
    // refinement binds those that shape the program to their value.
    for (uint32_t i = 0; i < n && !s; i++) {
      const cx_buffer_view_t* v = &o->arg_shapes[i];
      if (!types[i] || v->rank != 0 || !v->data || !cx_elem_is_integer(v->elem)) continue;
      s = cx_attr_dense_from_buffer(m, types[i], v->data, cx_elem_storage_size(v->elem), &values[i]);
    }
    if (!s) s = cx_pass_refine_shapes(m, func, n, types, values);
    free(types);
    free(values);
    CX_RETURN_IF_ERROR(s);
  }
  return canonicalize(m, func);
}

cx_status_t cx_compile(cx_module_t* module, const cx_compile_options_t* options,
                       cx_rt_executable_t** out_executable) {
  *out_executable = NULL;
  const char* name = options && options->function ? options->function : "main";
  cx_op_t* orig = cx_module_lookup_func(module, name);
  if (!orig) return CX_ERROR(CX_NOT_FOUND, "no function named '%s'", name);
  if (!cx_func_body(orig)) return CX_ERROR(CX_INVALID_ARGUMENT, "function '%s' has no body", name);

  cx_module_t* m;
  CX_RETURN_IF_ERROR(cx_module_clone(module, module->ctx, &m));
  cx_op_t* func = cx_module_lookup_func(m, name);
  cx_status_t s = run_passes(m, func, options);

  cx_cg_t* cg = NULL;
  cx_rt_executable_t* exe = NULL;
  if (!s) {
    cx_cg_options_t cgo = {options && options->opt_level > 0 ? options->opt_level : 2};
    s = cx_cg_create(m->ctx, &cgo, &cg);
  }
  if (!s) s = cx_rt_executable_create_empty(cx_allocator_system(), &exe);
  if (!s) {
    exe->function_name = cx_alloc(exe->allocator, strlen(name) + 1);
    if (!exe->function_name) s = CX_OOM();
    else memcpy(exe->function_name, name, strlen(name) + 1);
  }
  if (!s) {
    cx_lower_t lw;
    cx_lower_init(&lw, m->ctx, m, cg);
    s = cx_lower_function(&lw, func, exe);
    if (!s) s = cx_xb_finish(&lw.xb, exe);
    cx_lower_free(&lw);
  }
  cx_cg_code_t code = {0};
  if (!s) s = cx_cg_finish(cg, &code);
  cx_cg_destroy(cg);
  cx_module_destroy(m);
  if (s) {
    cx_rt_executable_release(exe);
    return s;
  }
  exe->code.library = code.library;
  exe->code.owner = code.owner;
  exe->code.release = code.release;
  *out_executable = exe;
  return NULL;
}
