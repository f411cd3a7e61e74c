// cxla run: compile a function of a program (or, with --interpret, run it in
// the reference interpreter) on inputs given in IREE's syntax, and print or
// save its results.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxla/compiler.h"
#include "cxla/file.h"
#include "cxla/interp.h"
#include "cxla/runtime.h"
#include "cxla/module.h"
#include "cxla/values.h"
#include "tools/verbs.h"

typedef struct run_args {
  const char* file;
  cx_tool_inputs_t in;
  const char** outputs;
  int num_outputs;
  bool fill_elided;
  const char* probe_dir;
  long long max_elements;
  double timeout;           // seconds; 0 = none
  unsigned long long max_steps;  // 0 = unlimited
  size_t max_input;         // stream limit; 0 = the default
  bool interpret;
  int threads;
  bool random_inputs;
  uint64_t seed;
  bool signature;
  long long platform_index;  // --platform-index; -1: the module's position of "cpu"
  const char* cache_dir;     // --cache-dir / --no-cache; NULL: $CXLA_CACHE_DIR
} run_args_t;


// Compiles the function and runs it once on `views`; the results array is
// malloc'ed like the interpreter's (cx_interp_free_results frees it).
static cx_status_t call_compiled(cx_module_t* m, const run_args_t* a, uint32_t num_args,
                                 cx_buffer_view_t* views, const bool* bound,
                                 cx_input_list_t* inputs, uint32_t* out_num_results,
                                 cx_buffer_view_t** out_results) {
  cx_compile_options_t co = {.function = a->in.function,
                             .num_arg_shapes = num_args,
                             .arg_shapes = views,
                             .bind = bound,
                             .cache_dir = a->cache_dir};
  // The executable takes the arguments not bound.
  cx_buffer_view_t* call_views = cx_calloc(cx_allocator_system(), num_args ? num_args : 1,
                                           sizeof(*call_views));
  if (!call_views) return CX_OOM();
  uint32_t num_call = cx_tool_unbound_views(num_args, bound, views, call_views);
  cx_rt_executable_t* exe = NULL;
  cx_rt_device_t* device = NULL;
  cx_buffer_view_t* results = NULL;
  uint32_t n = 0;
  cx_status_t st = cx_compile(m, &co, &exe);
  // The executable has its copy of the bound values: the inputs' go.
  if (!st) {
    cx_tool_release_bound_inputs(num_args, bound, views, inputs);
    cx_tool_release_compiler_pages();
  }
  if (!st) st = cx_tool_device_and_results(exe, a->threads, &device, &n, &results);
  if (!st) {
    cx_rt_invoke_options_t io = {
        .timeout_seconds = a->timeout, .max_steps = a->max_steps, .probe_dir = a->probe_dir};
    st = cx_rt_executable_invoke(exe, device, num_call, call_views, n, results, &io);
    if (st) {
      for (uint32_t i = 0; i < n; i++) cx_buffer_view_free_data(&results[i]);
    }
  }
  if (st) {
    cx_free(cx_allocator_system(), results);
    results = NULL;
    n = 0;
  }
  cx_rt_device_destroy(device);
  cx_rt_executable_release(exe);
  cx_free(cx_allocator_system(), call_views);
  *out_num_results = n;
  *out_results = results;
  return st;
}




// As iree-run-module prints a result: "result[i]: hal.buffer_view" and the
// values on the next line ("2x3xf32=[1 2 3][4 5 6]"). A quantized result
// prints its storage integers. Tokens and tuples carry no data in a buffer
// view: their line names the type instead.
static cx_status_t print_result(const cx_function_t* fn, uint32_t i, const cx_buffer_view_t* v,
                                long long max_elements) {
  if (v->elem == CX_ELEM_INVALID) {
    char* ts = cx_tool_type_string(fn, true, i, false);
    printf("result[%u]: %s\n", i, ts ? ts : "?");
    cx_free(cx_allocator_system(), ts);
    return NULL;
  }
  char* values;
  CX_RETURN_IF_ERROR(cx_buffer_view_format(v, max_elements, &values));
  // A name JAX gave the result follows IREE's header as a comment.
  const char* name = cx_function_name_of(fn, true, i);
  if (name) printf("result[%u]: hal.buffer_view  // %s\n%s\n", i, name, values);
  else printf("result[%u]: hal.buffer_view\n%s\n", i, values);
  cx_free(cx_allocator_system(), values);
  return NULL;
}

static cx_status_t write_output(const char* spec, uint32_t i, const cx_buffer_view_t* v) {
  if (spec[0] != '@')
    return CX_ERROR(CX_INVALID_ARGUMENT, "--output=%s: expected @FILE.npy (or '-' to print)",
                    spec);
  if (v->elem == CX_ELEM_INVALID)
    return CX_ERROR(CX_INVALID_ARGUMENT, "result %u is a token and cannot be written to %s", i,
                    spec + 1);
  cx_status_t st = cx_buffer_view_write_npy(spec + 1, v);
  return st ? cx_status_prefix(st, "result %u", i) : NULL;
}

// One argument or result of --signature: "  arg[0]: tensor<2x3xf32>  24 bytes  x".
static cx_status_t print_signature_entry(const cx_module_t* m, const run_args_t* a,
                                         const cx_function_t* fn, bool is_result, uint32_t i) {
  char* ts = NULL;
  CX_RETURN_IF_ERROR(cx_function_type_string(fn, is_result, i, false, &ts));
  cx_type_info_t t;
  cx_status_t st = cx_function_type(fn, is_result, i, &t);
  if (!st) {
    printf("  %s[%u]: %s", is_result ? "result" : "arg", i, ts);
    if (t.type_class == CX_TYPE_CLASS_TENSOR) {
      long long bytes = (long long)cx_elem_storage_size(t.elem);
      for (uint32_t d = 0; d < t.rank && bytes >= 0; d++) bytes = t.dims[d] < 0 ? -1 : bytes * t.dims[d];
      if (bytes >= 0) printf("  %lld bytes", bytes);
      else printf("  dynamic");
    }
    const char* name = cx_function_name_of(fn, is_result, i);
    if (!is_result && i == 0 && cx_function_is_platform_index(fn, 0)) {
      // JAX's platform index: supplied by cxla, not an --input.
      long long v = cx_tool_platform_index_value(m, a->platform_index);
      if (v >= 0) printf("  platform index (supplied: %lld)", v);
      else printf("  platform index (supplied with --platform-index=N)");
    } else if (name) {
      printf("  %s", name);
    }
    printf("\n");
  }
  cx_free(cx_allocator_system(), ts);
  return st;
}

// --signature: the function's arguments and results (as iree-dump-module
// lists an entry point's): index, type, size in bytes and the name JAX gave
// it (jax.arg_info / jax.result_info) or its name location.
static cx_status_t print_signature(const cx_module_t* m, const run_args_t* a,
                                   const cx_function_t* fn, const cx_function_info_t* info) {
  long long total = 0;
  for (uint32_t i = 0; i < info->num_args; i++) {
    cx_type_info_t t;
    CX_RETURN_IF_ERROR(cx_function_type(fn, false, i, &t));
    long long bytes = t.type_class == CX_TYPE_CLASS_TENSOR ? (long long)cx_elem_storage_size(t.elem) : 0;
    for (uint32_t d = 0; d < t.rank && bytes > 0; d++) bytes = t.dims[d] < 0 ? 0 : bytes * t.dims[d];
    total += bytes;
  }
  printf("@%s: %u arguments (%lld bytes), %u results\n", info->name, info->num_args, total,
         info->num_results);
  for (uint32_t i = 0; i < info->num_args; i++)
    CX_RETURN_IF_ERROR(print_signature_entry(m, a, fn, false, i));
  for (uint32_t i = 0; i < info->num_results; i++)
    CX_RETURN_IF_ERROR(print_signature_entry(m, a, fn, true, i));
  return NULL;
}

static cx_status_t run(const run_args_t* a) {
  // An ahead-of-time artifact (`cxla compile`) runs through the runtime alone.
  if (cx_tool_is_artifact_file(a->file)) {
    if (a->interpret) return CX_ERROR(CX_INVALID_ARGUMENT, "%s is a compiled artifact: it cannot be interpreted", a->file);
    for (int i = 0; i < a->in.num_inputs; i++)
      if (a->in.input_bound[i])
        return CX_ERROR(CX_INVALID_ARGUMENT,
                        "%s is a compiled artifact: arguments are bound when compiling (cxla compile --bind), not when running",
                        a->file);
    if (a->signature)
      return CX_ERROR(CX_UNIMPLEMENTED, "%s is a compiled artifact: --signature lists the functions of source programs only (cxla compile keeps types but not JAX's names)", a->file);
    cx_tool_artifact_run_t r = {a->file, a->in.inputs, a->in.num_inputs, a->outputs, a->num_outputs,
                                a->threads, a->timeout, a->max_steps, a->max_elements, a->max_input,
                                a->random_inputs, a->seed};
    return cx_tool_run_artifact(&r);
  }
  cx_file_view_t src = {0};
  CX_RETURN_IF_ERROR(cx_file_map(a->file, a->max_input, &src));
  cx_context_t* ctx = NULL;
  cx_module_t* m = NULL;
  cx_interp_t* interp = NULL;
  cx_input_list_t inputs = {0};
  inputs.stream_limit = a->max_input;
  cx_buffer_view_t* views = NULL;
  bool* bound = NULL;  // arguments given with --bind
  cx_buffer_view_t* results = NULL;
  uint32_t num_results = 0;
  bool platform = false;  // JAX's platform index supplied as views[0]
  const cx_function_t* fn = NULL;
  cx_function_info_t info = {0};
  cx_status_t st = cx_context_create(cx_allocator_system(), &ctx);
  if (!st) {
    // Text or bytecode (whose constants point into src, unmapped last).
    st = cx_tool_load_function(ctx, a->file, &src, a->fill_elided, a->in.function, &m, &fn,
                               &info);
  }
  if (!st && a->signature) {
    st = print_signature(m, a, fn, &info);
    goto done;
  }
  if (!st)
    st = cx_tool_parse_bound_inputs(fn, info.num_args, &a->in, &inputs, &bound);
  if (!st) {
    views = cx_calloc(cx_allocator_system(), info.num_args ? info.num_args : 1,
                      sizeof(cx_buffer_view_t));
    if (!views) st = CX_OOM();
  }
  bool owned_views = false;
  if (!st) st = cx_tool_platform_index(m, fn, a->in.function, a->platform_index, views, &platform);
  if (!st && a->random_inputs) {
    if (a->in.num_inputs)
      st = CX_ERROR(CX_INVALID_ARGUMENT, "--random-inputs makes up every input; drop --input");
    else
      st = cx_tool_random_inputs(fn, info.num_args, a->in.function, a->seed, views);
    if (!st) cx_tool_random_ints_as_indices(info.num_args - platform, views + platform);
    owned_views = true;
  } else if (!st) {
    st = cx_tool_bind_inputs(fn, info.num_args, a->in.function, &inputs, views);
  }
  if (!st) {
    // iree-run-module's first line.
    printf("EXEC @%s\n", a->in.function);
    fflush(stdout);
  }
  if (!st && !a->interpret) {
    st = call_compiled(m, a, info.num_args, views, bound, &inputs, &num_results, &results);
  } else if (!st) {
    cx_interp_options_t io = {.print_output = stdout,
                              .probe_dir = a->probe_dir,
                              .max_steps = a->max_steps,
                              .timeout_seconds = a->timeout};
    st = cx_interp_create(m, &io, &interp);
    if (!st)
      st = cx_interp_call(interp, a->in.function, info.num_args, views, &num_results, &results);
  }
  if (!st && a->num_outputs > (int)num_results)
    st = CX_ERROR(CX_INVALID_ARGUMENT, "%d --output flags for %u results", a->num_outputs,
                  num_results);
  fflush(stdout);
  for (uint32_t i = 0; i < num_results && !st; i++) {
    if ((int)i < a->num_outputs && strcmp(a->outputs[i], "-") != 0)
      st = write_output(a->outputs[i], i, &results[i]);
    else
      st = print_result(fn, i, &results[i], a->max_elements);
  }
done:
  cx_interp_free_results(num_results, results);
  cx_interp_destroy(interp);
  if (owned_views && views)
    for (uint32_t i = platform; i < info.num_args; i++) cx_buffer_view_free_data(&views[i]);
  if (platform && views) cx_buffer_view_free_data(&views[0]);
  cx_free(cx_allocator_system(), views);
  free(bound);
  cx_input_list_free(&inputs);
  cx_module_destroy(m);
  cx_context_destroy(ctx);
  cx_file_unmap(&src);
  return st;
}

static int run_run(int argc, char** argv) {
  run_args_t a;
  memset(&a, 0, sizeof(a));
  a.max_elements = 1024;
  a.platform_index = -1;
  a.outputs = cx_calloc(cx_allocator_system(), (size_t)argc + 1, sizeof(char*));
  int rc = cx_tool_inputs_init(&a.in, argc) && a.outputs ? 0 : 1;
  for (int i = 0; i < argc && !rc; i++) {
    const char* v;
    int k;
    if (cx_tool_cache_flag(argv[i], &a.cache_dir)) {
    } else if (cx_tool_input_flag(argv[i], &a.in)) {
    } else if (cx_tool_flag_value(argv[i], "--output", &v)) {
      a.outputs[a.num_outputs++] = v;
    } else if (cx_tool_flag_value(argv[i], "--platform-index", &v)) {
      char* end;
      a.platform_index = strtoll(v, &end, 10);
      if (end == v || *end || a.platform_index < 0 || a.platform_index > INT32_MAX) {
        fprintf(stderr, "cxla run: --platform-index wants a platform's position (0, 1, ...), got '%s'\n", v);
        rc = 2;
      }
    } else if (cx_tool_flag_value(argv[i], "--probe-dir", &v)) {
      a.probe_dir = v;
    } else if (cx_tool_flag_value(argv[i], "--print-max-elements", &v)) {
      char* end;
      a.max_elements = strtoll(v, &end, 10);
      if (*end) {
        fprintf(stderr, "cxla run: --print-max-elements wants a number, got '%s'\n", v);
        rc = 2;
      }
    } else if (cx_tool_flag_value(argv[i], "--timeout", &v)) {
      char* end;
      a.timeout = strtod(v, &end);
      if (end == v || *end || !(a.timeout >= 0) || a.timeout > 1e9) {
        fprintf(stderr, "cxla run: --timeout wants seconds (0 = none), got '%s'\n", v);
        rc = 2;
      }
    } else if (cx_tool_flag_value(argv[i], "--max-steps", &v)) {
      char* end;
      errno = 0;
      a.max_steps = strtoull(v, &end, 10);
      if (end == v || *end || *v == '-' || errno) {
        fprintf(stderr, "cxla run: --max-steps wants a step count (0 = unlimited), got '%s'\n",
                v);
        rc = 2;
      }
    } else if ((k = cx_tool_max_input_size("run", argv[i], &a.max_input))) {
      if (k == 2) rc = 2;
    } else if (!strcmp(argv[i], "--fill-elided")) {
      a.fill_elided = true;
    } else if (!strcmp(argv[i], "--signature")) {
      a.signature = true;
    } else if (!strcmp(argv[i], "--random-inputs")) {
      a.random_inputs = true;
    } else if (cx_tool_flag_value(argv[i], "--seed", &v)) {
      char* end;
      errno = 0;
      a.seed = strtoull(v, &end, 10);
      if (end == v || *end || *v == '-' || errno) {
        fprintf(stderr, "cxla run: --seed wants a non-negative integer, got '%s'\n", v);
        rc = 2;
      }
    } else if (!strcmp(argv[i], "--interpret")) {
      a.interpret = true;
    } else if (cx_tool_flag_value(argv[i], "--threads", &v)) {
      char* end;
      long t = strtol(v, &end, 10);
      if (*end || t < 0 || t > 1024) {
        fprintf(stderr, "cxla run: --threads wants a number from 0 to 1024, got '%s'\n", v);
        rc = 2;
      }
      a.threads = (int)t;
    } else {
      rc = cx_tool_program_arg("run", argv[i], &a.file);
    }
  }
  if (!rc) rc = cx_tool_program_given("run", a.file);
  if (!rc) {
    cx_status_t st = run(&a);
    if (st) rc = cx_tool_error(st);
  }
  cx_tool_inputs_free(&a.in);
  cx_free(cx_allocator_system(), a.outputs);
  return rc;
}

const cx_verb_t cx_verb_run = {
    "run", run_run, "compile and run a function of a program (or interpret it)",
    "usage: cxla run FILE [--function=main] [--signature] [--input=SPEC | --bind=SPEC]...\n"
    "                [--random-inputs]\n"
    "                [--seed=N]\n"
    "                [--output=@OUT.npy]... [--interpret] [--threads=N] [--fill-elided]\n"
    "                [--probe-dir=DIR] [--print-max-elements=N] [--timeout=SECONDS]\n"
    "                [--max-steps=N] [--max-input-size=BYTES] [--platform-index=N]\n"
    "                [--cache-dir=DIR | --no-cache]\n"
    CX_TOOL_CACHE_HELP
    "Compiles a function of a StableHLO program to native code and runs it, or\n"
    "with --interpret runs it in the reference interpreter. FILE may also be an\n"
    "artifact written by `cxla compile`, which runs as compiled. --threads=N sets the\n"
    "compiled code's threads (default: one per CPU). --signature lists the\n"
    "function's arguments and results instead (type, bytes, the name JAX gave\n"
    "it: jax.arg_info / jax.result_info, or a name location) and runs nothing.\n"
    "Inputs, one --input per argument in order (IREE's syntax):\n"
    "  --input=2x3xf32=1,2,3,4,5,6   shape x element type = values\n"
    "  --input=f32=3.5               a scalar;  --input=2xi1=true,false\n"
    "  --input=2x2xf32=0             one value fills the tensor; no '=': zeros\n"
    "  --input=2x3xf32=@x.bin        raw little-endian bytes of the tensor\n"
    "  --input=@x.npy                a NumPy array\n"
    "  --input=@params.npz           every array of the archive, in order\n"
    "  --bind=SPEC                   an input (same syntax, same place in the\n"
    "                                order) fixed for the executable's lifetime:\n"
    "                                compiled in as a constant (weights packed\n"
    "                                once); --bind=@weights.npz for a model's\n"
    "                                weight arguments\n"
    "  --random-inputs [--seed=N]    made-up inputs instead: floats uniform in\n"
    "                                [-1, 1), integers 0 or 1 (in range as ids,\n"
    "                                token types, masks and indices into any\n"
    "                                table), random booleans (static shapes)\n"
    "Token arguments take no input, nor does JAX's platform index (the first\n"
    "argument of a multi-platform export, {jax.global_constant = \"_platform_index\"}):\n"
    "it is supplied, the position of \"cpu\" in the module's platform list\n"
    "(mhlo.platforms / jax.platforms), or --platform-index=N.\n"
    "Results print as iree-run-module prints them:\n"
    "'EXEC @main', then per result 'result[i]: hal.buffer_view' and its values\n"
    "('2x2xf32=[1 2][3 4]', '3xi32=1 2 3'; floats as printf %G), abbreviated\n"
    "after --print-max-elements (default 1024); or they go to .npy files: one\n"
    "--output per result in order ('-' prints that result). bf16 and the f8/f6/f4\n"
    "types are read and written as raw bits (NumPy dtypes <V2 / |V1).\n"
    "  --fill-elided          give constants the file left out (dense_resource<\n"
    "                         __elided__>, models published without weights)\n"
    "                         values by their use, so the model computes on\n"
    "                         sensible numbers: under sqrt/rsqrt/log, a divisor or\n"
    "                         batch_norm's variance: [0.5, 1.5); a convolution\n"
    "                         kernel or dot operand: uniform with variance\n"
    "                         1/fan-in; multiplying activations: [0.75, 1.25);\n"
    "                         added or subtracted: [-0.1, 0.1). Deterministic.\n"
    "  --timeout=SECONDS      stop the call after this long (0 = no limit, the default)\n"
    "  --max-steps=N          stop the call after N steps of work (0 = unlimited;\n"
    "                         compiled code counts steps and loop iterations)\n"
    "  --max-input-size=BYTES most bytes read from a pipe or device (default 128M)\n"};
