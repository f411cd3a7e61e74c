// cx_compile (include/cxla/compiler.h): the pipeline driver.
//
// Phases, on a clone of the caller's module (which is never changed):
//   input     inline calls into the compiled function; Shardy ops replaced by
//             their one-device meaning (passes/sdy_inline.c)
//   refine    static shapes from the argument shapes (shape-polymorphic
//             programs), shape computations folded, @shape_assertion checked
//   simplify  CHLO decompositions (chlo.scan; passes/decompose_chlo.c), quantized
//             contractions as dequantize-op-quantize (passes/decompose_quant.c),
//             batch norms as elementwise ops and reductions
//             (passes/decompose_batch_norm.c), real_dynamic_slice/dynamic_pad
//             with computed shape operands as gathers
//             (passes/decompose_dynamic_slice_pad.c), convolutions made
//             channels-last (passes/conv_layout.c), canonicalization
//   fuse      loop fusion (planned per block as it is lowered; shown here)
//   lower     buffer slots, steps, kernels (src/compiler/lower.c), the
//             buffer plan (src/compiler/exe_builder.c)
//   llvm      LLVM optimization and JIT (src/codegen), or an object file
//             for a named target (ahead of time: src/compiler/aot.c)
//
// With a cache directory (options->cache_dir or $CXLA_CACHE_DIR) the
// function is first looked up in the persistent cache (compile_cache.c),
// which reports a phase "cache" before the others.
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codegen/cg.h"
#include "compiler/aot.h"
#include "compiler/compile_cache.h"
#include "compiler/describe.h"
#include "compiler/fusion.h"
#include "compiler/lower.h"
#include "compiler/lower_misc.h"
#include "cxla/compiler.h"
#include "ir/builder.h"
#include "ir/clone.h"
#include "ir/ir.h"
#include "ir/rewrite.h"
#include "ir/gspmd_manual.h"
#include "ir/sdy_round_trip.h"
#include "ir/walk.h"
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

// Dynamic argument or result shapes: the function must be refined.
static bool has_dynamic_args(cx_op_t* func) {
  const cx_type_t* ft = cx_func_type(func);
  for (uint32_t i = 0; i < ft->func.num_inputs + ft->func.num_results; i++) {
    const cx_type_t* t = i < ft->func.num_inputs ? ft->func.inputs[i]
                                                 : ft->func.results[i - ft->func.num_inputs];
    if (cx_type_is_tensor(t) && !cx_tensor_has_static_shape(t)) return true;
  }
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

typedef struct pipeline {
  const cx_compile_options_t* o;
  const cx_compile_observer_t* obs;
  double t0;
} pipeline_t;

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

// Reports a finished phase; true if the pipeline stops after it.
static bool phase_done(pipeline_t* p, const char* phase, const cx_module_t* m, const char* text) {
  double t = now_seconds();
  if (p->obs && p->obs->after_phase) p->obs->after_phase(p->obs->arg, phase, t - p->t0, m, text);
  p->t0 = now_seconds();
  return p->o && p->o->stop_after && strcmp(p->o->stop_after, phase) == 0;
}

static bool known_phase(const char* name) {
  static const char* const kPhases[] = {"input", "refine", "simplify", "fuse", "lower", "llvm"};
  for (size_t i = 0; i < sizeof kPhases / sizeof kPhases[0]; i++)
    if (!strcmp(name, kPhases[i])) return true;
  return false;
}

typedef struct static_walk {
  cx_module_t* m;
  cx_status_t status;
} static_walk_t;

static cx_walk_result_t make_static_visit(cx_op_t* op, void* arg) {
  static_walk_t* w = arg;
  bool replaced;
  w->status = cx_make_static(w->m, op, &replaced);
  return w->status ? CX_WALK_INTERRUPT : CX_WALK_ADVANCE;
}

// real_dynamic_slice, dynamic_pad and dynamic_gather with constant shape
// operands as slice, pad and gather. Refinement does this as it goes; a
// function with static arguments is not refined, and these ops in it were
// left for the code generator, which has no dynamic forms of them.
static cx_status_t make_static_ops(cx_module_t* m, cx_op_t* func) {
  static_walk_t w = {m, NULL};
  cx_walk_op(func, CX_WALK_POST_ORDER, make_static_visit, &w);  // post-order: may erase
  return w.status;
}

// The phases before lowering, on `m` (a clone); *out_stop when the caller
// asked to stop after one of them.
static cx_status_t run_passes(pipeline_t* p, cx_module_t* m, cx_op_t* func, bool* out_stop) {
  const cx_compile_options_t* o = p->o;
  *out_stop = false;
  CX_RETURN_IF_ERROR(cx_sdy_import_round_trip(m, NULL));  // shard_map as serialized: sdy ops
  CX_RETURN_IF_ERROR(cx_gspmd_import_manual(m, NULL));    // and as GSPMD wrote it
  CX_RETURN_IF_ERROR(cx_misc_expand(m, func));  // composite, async, run_parallel: calls
  CX_RETURN_IF_ERROR(cx_pass_inline(m, func, NULL));
  CX_RETURN_IF_ERROR(cx_pass_sdy_inline(m, func, NULL));
  if ((*out_stop = phase_done(p, "input", m, NULL))) return NULL;
  if ((o && o->arg_shapes) || has_dynamic_args(func)) {
    uint32_t n = cx_func_type(func)->func.num_inputs;
    if (!o || !o->arg_shapes)
      return CX_ERROR(CX_INVALID_ARGUMENT,
                      "function '%s' has arguments of dynamic shape: compile it for given argument shapes",
                      cx_func_name(func));
    const cx_type_t** types = cx_calloc(m->ctx->allocator, n, sizeof(*types));
    const cx_attr_t** values = cx_calloc(m->ctx->allocator, n, sizeof(*values));
    cx_status_t s = types && values ? arg_types_from_shapes(m->ctx, func, o, types) : CX_OOM();
    // Scalar integers passed with data may be dimension variables: the
    // refinement binds those that shape the program to their value.
    for (uint32_t i = 0; i < n && !s; i++) {
      const cx_buffer_view_t* v = &o->arg_shapes[i];
      if (!types[i] || v->rank != 0 || !v->data || !cx_elem_is_integer(v->elem)) continue;
      s = cx_attr_dense_from_buffer(m, types[i], v->data, cx_elem_storage_size(v->elem), &values[i]);
    }
    if (!s) s = cx_pass_refine_shapes(m, func, n, types, values);
    cx_free(m->ctx->allocator, types);
    cx_free(m->ctx->allocator, values);
    CX_RETURN_IF_ERROR(s);
    if (o->bind) CX_RETURN_IF_ERROR(cx_pass_bind_args(m, func, n, o->bind, o->arg_shapes));
  } else if (o && o->bind) {
    return CX_ERROR(CX_INVALID_ARGUMENT,
                    "binding arguments of '%s' needs their values (arg_shapes with data)",
                    cx_func_name(func));
  }
  CX_RETURN_IF_ERROR(make_static_ops(m, func));
  // Manual computations over several devices, then what Shardy's ops in
  // their placed bodies mean on one device.
  CX_RETURN_IF_ERROR(cx_manual_expand(m, func));
  CX_RETURN_IF_ERROR(cx_pass_sdy_inline(m, func, NULL));
  CX_RETURN_IF_ERROR(cx_misc_localize(m, func));  // the one-device meaning of the grid's ops
  if ((*out_stop = phase_done(p, "refine", m, NULL))) return NULL;
  CX_RETURN_IF_ERROR(cx_pass_decompose_chlo(m, func));
  CX_RETURN_IF_ERROR(cx_pass_decompose_quant(m, func));
  CX_RETURN_IF_ERROR(cx_pass_decompose_batch_norm(m, func));
  CX_RETURN_IF_ERROR(cx_pass_decompose_dynamic_slice_pad(m, func));
  CX_RETURN_IF_ERROR(cx_pass_conv_layout(m, func));
  CX_RETURN_IF_ERROR(canonicalize(m, func));
  if ((*out_stop = phase_done(p, "simplify", m, NULL))) return NULL;
  // Fusion is planned again, block by block, as the function is lowered;
  // here it is only shown.
  if (p->obs) CX_RETURN_IF_ERROR(cx_fusion_annotate(m, func));
  *out_stop = phase_done(p, "fuse", m, NULL);
  return NULL;
}

cx_status_t cx_compile(cx_module_t* module, const cx_compile_options_t* options,
                       cx_rt_executable_t** out_executable) {
  // With a cache directory, through the persistent cache (compile_cache.c).
  const char* cache_dir = cx_cache_dir(options);
  if (cache_dir) return cx_cache_compile(module, options, cache_dir, out_executable);
  // A named target compiles ahead of time and loads the artifact (aot.c).
  if (options && options->target) return cx_aot_compile_and_load(module, options, out_executable);
  return cx_compile_for(module, options, NULL, NULL, out_executable);
}

cx_status_t cx_compile_for(cx_module_t* module, const cx_compile_options_t* options,
                           const cx_cg_target_t* target, cx_aot_object_t* out_object,
                           cx_rt_executable_t** out_executable) {
  *out_executable = NULL;
  const char* name = options && options->function ? options->function : "main";
  if (options && options->stop_after && !known_phase(options->stop_after))
    return CX_ERROR(CX_INVALID_ARGUMENT, "unknown compiler phase '%s' (phases: %s)", options->stop_after,
                    CX_COMPILE_PHASES);
  cx_op_t* orig = cx_module_lookup_func(module, name);
  if (!orig) return CX_ERROR(CX_NOT_FOUND, "no function named '%s'", name);
  if (!cx_func_body(orig)) return CX_ERROR(CX_INVALID_ARGUMENT, "function '%s' has no body", name);

  pipeline_t p = {options, options ? options->observer : NULL, now_seconds()};
  bool want_text = p.obs && p.obs->want_text;
  cx_module_t* m;
  // The clone borrows large constants from `module`, which outlives it.
  CX_RETURN_IF_ERROR(cx_module_clone_sharing(module, module->ctx, &m));
  cx_op_t* func = cx_module_lookup_func(m, name);
  bool stop = false;
  cx_status_t s = run_passes(&p, m, func, &stop);

  cx_cg_t* cg = NULL;
  cx_rt_executable_t* exe = NULL;
  if (!s && !stop) {
    cx_cg_options_t cgo = {options && options->opt_level > 0 ? options->opt_level : 2, want_text,
                           target};
    s = cx_cg_create(m->ctx, &cgo, &cg);
  }
  if (!s && !stop) s = cx_rt_executable_create_empty(cx_allocator_system(), &exe);
  if (!s && !stop) {
    exe->function_name = cx_alloc(exe->allocator, strlen(name) + 1);
    if (!exe->function_name) s = CX_OOM();
    else memcpy(exe->function_name, name, strlen(name) + 1);
  }
  if (!s && !stop) {
    cx_lower_t lw;
    cx_lower_init(&lw, m->ctx, m, cg);
    // Only the JIT: an artifact's compile may be followed by another
    // (compile_cache.c falls back to the JIT), which reads the sources again.
    lw.xb.release_sources = options && options->release_constants && !target;
    lw.custom_calls = options ? options->custom_calls : NULL;
    s = cx_lower_function(&lw, func, exe);
    // The lowering has copied the small constants and cx_xb_finish copies
    // the large ones: a mapped file's pages read for them are given back
    // before and after (before: the pool is at its fullest while it is
    // filled).
    cx_module_drop_mapped_pages(module);
    if (!s) s = cx_xb_finish(&lw.xb, exe);
    cx_module_drop_mapped_pages(module);
    cx_lower_free(&lw);
    if (!s) {
      char* text = want_text ? cx_describe_executable(exe) : NULL;
      stop = phase_done(&p, "lower", NULL, text);
      cx_free_malloced(text);
    }
  }
  // The lowered function is in the executable and the code generator's
  // module: the clone goes before LLVM compiles, which reuses its memory.
  cx_module_destroy(m);
  m = NULL;
  // Neither the module nor the bound values are read from here on (the
  // executable has its copies): the caller may free them before LLVM runs,
  // which reuses the memory (a model's biases and the module's IR were
  // resident on top of the pool and LLVM's working set).
  if (!s && !stop && !target && options && options->release_constants && options->release_sources)
    options->release_sources(options->release_sources_arg);
  cx_cg_code_t code = {0};
  if (!s && !stop && target) {
    s = cx_cg_emit_object(cg, &out_object->data, &out_object->size, &out_object->num_kernels);
    if (!s) phase_done(&p, "llvm", NULL, cx_cg_ir_text(cg));
  } else if (!s && !stop) {
    s = cx_cg_finish(cg, &code);
    if (!s) phase_done(&p, "llvm", NULL, cx_cg_ir_text(cg));
  }
  cx_cg_destroy(cg);
  cx_module_destroy(m);
  if (s || stop) {
    if (code.release) code.release(code.owner);
    cx_rt_executable_release(exe);
    return s;
  }
  exe->code.library = code.library;
  exe->code.owner = code.owner;
  exe->code.release = code.release;
  *out_executable = exe;
  return NULL;
}
