// cxla compile: a function of a program compiled ahead of time into an
// artifact file, which `cxla run`, `cxla bench` and any program linked with
// libcxla_runtime load without the compiler.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cxla/compiler.h"
#include "cxla/file.h"
#include "cxla/module.h"
#include "cxla/runtime.h"
#include "cxla/values.h"
#include "tools/verbs.h"

typedef struct compile_args {
  const char* file;
  const char* output;
  const char* target;
  cx_tool_inputs_t in;
  int opt_level;
  bool fill_elided;
  bool quiet;
  size_t max_input;
  const char* cache_dir;  // --cache-dir / --no-cache; NULL: $CXLA_CACHE_DIR
} compile_args_t;

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static cx_status_t compile(const compile_args_t* a) {
  cx_file_view_t src = {0};
  CX_RETURN_IF_ERROR(cx_file_map(a->file, a->max_input, &src));
  double t0 = now_seconds();
  cx_context_t* ctx = NULL;
  cx_module_t* m = NULL;
  cx_input_list_t inputs = {0};
  inputs.stream_limit = a->max_input;
  cx_buffer_view_t* views = NULL;
  bool* bound = NULL;  // arguments given with --bind
  void* artifact = NULL;
  size_t size = 0;
  const cx_function_t* fn = NULL;
  cx_function_info_t info = {0};
  cx_status_t st = cx_context_create(cx_allocator_system(), &ctx);
  if (!st) {
    st = cx_tool_load_function(ctx, a->file, &src, a->fill_elided, a->in.function, &m, &fn,
                               &info);
  }
  // --input gives the shapes (and dimension-variable values) of a
  // shape-polymorphic function; without it the declared types are used.
  if (!st)
    st = cx_tool_parse_bound_inputs(fn, info.num_args, &a->in, &inputs, &bound);
  if (!st && a->in.num_inputs) {
    views = calloc(info.num_args ? info.num_args : 1, sizeof *views);
    if (!views) st = CX_OOM();
    if (!st) st = cx_tool_bind_inputs(fn, info.num_args, a->in.function, &inputs, views);
  }
  if (!st) {
    cx_compile_options_t co = {.function = a->in.function,
                               .opt_level = a->opt_level,
                               .num_arg_shapes = views ? info.num_args : 0,
                               .arg_shapes = views,
                               .bind = bound,
                               .target = a->target,
                               .cache_dir = a->cache_dir};
    st = cx_compile_artifact(m, &co, &artifact, &size);
  }
  double seconds = now_seconds() - t0;
  if (!st) st = cx_file_write(a->output, artifact, size);
  if (!st && !a->quiet) {
    cx_rt_artifact_info_t ai;
    st = cx_rt_artifact_describe(artifact, size, &ai);
    if (!st)
      printf("%s: @%s for %s (%s%s%s), %llu bytes (code %llu, constants %llu), compiled in %.2f s\n",
             a->output, ai.function, ai.target, ai.machine, *ai.cpu_features ? ", needs " : "",
             ai.cpu_features, (unsigned long long)ai.file_size, (unsigned long long)ai.code_size,
             (unsigned long long)ai.constants_size, seconds);
  }
  cx_free_malloced(artifact);
  free(views);
  free(bound);
  cx_input_list_free(&inputs);
  cx_module_destroy(m);
  cx_context_destroy(ctx);
  cx_file_unmap(&src);
  return st;
}

static int run_compile(int argc, char** argv) {
  compile_args_t a;
  memset(&a, 0, sizeof a);
  a.target = "host";
  int rc = cx_tool_inputs_init(&a.in, argc) ? 0 : 1;
  for (int i = 0; i < argc && !rc; i++) {
    const char* v;
    int k;
    if (!strcmp(argv[i], "-o") && i + 1 < argc) {
      a.output = argv[++i];
    } else if (cx_tool_flag_value(argv[i], "--output", &v) || cx_tool_flag_value(argv[i], "-o", &v)) {
      a.output = v;
    } else if (cx_tool_cache_flag(argv[i], &a.cache_dir)) {
    } else if (cx_tool_input_flag(argv[i], &a.in)) {
    } else if (cx_tool_flag_value(argv[i], "--target", &v)) {
      a.target = v;
    } else if (cx_tool_flag_value(argv[i], "--opt-level", &v)) {
      if (strlen(v) != 1 || v[0] < '0' || v[0] > '3') {
        fprintf(stderr, "cxla compile: --opt-level wants 0..3, got '%s'\n", v);
        rc = 2;
      }
      a.opt_level = v[0] - '0';
    } else if (!strcmp(argv[i], "--fill-elided")) {
      a.fill_elided = true;
    } else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
      a.quiet = true;
    } else if ((k = cx_tool_max_input_size("compile", argv[i], &a.max_input))) {
      if (k == 2) rc = 2;
    } else {
      rc = cx_tool_program_arg("compile", argv[i], &a.file);
    }
  }
  if (!rc) rc = cx_tool_program_given("compile", a.file);
  if (!rc && !a.output) {
    fprintf(stderr, "cxla compile: no output file: -o FILE.cxla\n");
    rc = 2;
  }
  if (!rc) {
    cx_status_t st = compile(&a);
    if (st) rc = cx_tool_error(st);
  }
  cx_tool_inputs_free(&a.in);
  return rc;
}

const cx_verb_t cx_verb_compile = {
    "compile", run_compile, "compile a function ahead of time into an artifact file",
    "usage: cxla compile FILE -o OUT.cxla [--function=main] [--target=TARGET]\n"
    "                    [--input=SPEC | --bind=SPEC]... [--opt-level=N] [--fill-elided]\n"
    "                    [--quiet]\n"
    "                    [--max-input-size=BYTES] [--cache-dir=DIR | --no-cache]\n"
    "Compiles a function of a StableHLO program (MLIR text or bytecode) into one\n"
    "artifact file: its signature, step program, buffer plan, constants and\n"
    "machine code. `cxla run OUT.cxla`, `cxla bench OUT.cxla`, the C runtime\n"
    "library (libcxla_runtime) and cxla.load() in Python run it without the\n"
    "compiler or LLVM.\n"
    "  --target=TARGET  host (default: this CPU, with the features it has),\n"
    "                   x86-64, x86-64-v2, x86-64-v3, x86-64-v4 (the x86-64 psABI\n"
    "                   levels), aarch64 (Armv8-A). A runtime refuses an artifact\n"
    "                   whose CPU features it lacks.\n"
    "  --input=SPEC     one per argument, as for cxla run: the shapes to compile a\n"
    "                   shape-polymorphic function for (2x3xf32 gives a shape;\n"
    "                   i64=4 gives a dimension variable's value). The artifact\n"
    "                   then takes exactly those shapes.\n"
    "  --bind=SPEC      an input (same syntax, same place in the order) whose\n"
    "                   value is compiled into the artifact as a constant (a\n"
    "                   model's weights: --bind=@weights.npz); the artifact then\n"
    "                   takes only the other arguments.\n"
    "  --opt-level=N    LLVM optimization level 0..3 (default 2).\n"
    CX_TOOL_CACHE_HELP
    "Prints one line describing the artifact (unless --quiet). Linking the code\n"
    "needs ld.lld at compile time (Debian: lld-19; or set CXLA_LLD).\n"};
