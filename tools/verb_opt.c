// cxla opt: parse, verify, optionally transform, and print a program (like
// stablehlo-opt).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxla/buffer.h"
#include "cxla/compiler.h"
#include "cxla/file.h"
#include "cxla/module.h"
#include "cxla/passes.h"
#include "cxla/values.h"
#include "tools/verbs.h"

// ---- opt ---------------------------------------------------------------------

typedef struct opt_args {
  const char* input;
  const char* output;
  bool generic;
  bool fill_elided;
  bool no_verify;
  bool print_locations;
  bool canonicalize;
  bool pass_statistics;
  cx_context_t* ctx;
  cx_tool_str_t out;
  unsigned chunks;
  const char* filename;
  size_t max_input;  // stream limit (--max-input-size); 0 = the default
  // The compiler's pipeline (--compile-to, --print-ir-after-all, --pass-timing).
  const char* compile_to;
  bool print_after_all;
  bool pass_timing;
  const char* function;
  const char** inputs;
  int num_inputs;
  cx_tool_str_t timing;
} opt_args_t;

// Receives the compiler's phases: the IR (or listing) of the phases asked
// for goes to the output, their times to the timing report.
static void after_phase(void* arg, const char* phase, double seconds, const cx_module_t* m,
                        const char* text) {
  opt_args_t* a = arg;
  if (a->pass_timing) cx_tool_str_printf(&a->timing, "  %10.3f ms  %s\n", seconds * 1e3, phase);
  bool show = a->print_after_all || (a->compile_to && !strcmp(a->compile_to, phase));
  if (!show) return;
  if (a->print_after_all) cx_tool_str_printf(&a->out, "// -----// IR after %s //----- //\n", phase);
  if (m) {
    cx_print_options_t pr = {a->generic, a->print_locations};
    char* printed = NULL;
    cx_status_t st = cx_module_print(m, &pr, &printed);
    if (st) {
      cx_tool_str_printf(&a->out, "// (cannot print: %s)\n", cx_status_message(st));
      cx_status_free(st);
    } else {
      cx_tool_str_puts(&a->out, printed);
      cx_free(cx_allocator_system(), printed);
    }
  } else if (text) {
    cx_tool_str_puts(&a->out, text);
  }
}

// Runs the compiler's pipeline on a verified module up to --compile-to (or
// all of it), showing what the flags ask for.
static cx_status_t run_pipeline(opt_args_t* a, cx_module_t* m) {
  const cx_function_t* fn = cx_module_find_function(m, a->function);
  cx_function_info_t info = {0};
  if (fn) cx_function_get_info(fn, &info);
  if (!fn || !info.has_body) return CX_ERROR(CX_NOT_FOUND, "no function @%s to compile", a->function);
  cx_input_list_t inputs = {0};
  cx_buffer_view_t* views = NULL;
  cx_status_t st = NULL;
  if (a->num_inputs) {
    for (int i = 0; i < a->num_inputs && !st; i++) st = cx_input_parse(a->inputs[i], &inputs);
    if (!st) {
      views = cx_calloc(cx_allocator_system(), info.num_args ? info.num_args : 1, sizeof(*views));
      st = views ? cx_tool_bind_inputs(fn, info.num_args, a->function, &inputs, views) : CX_OOM();
    }
  }
  cx_compile_observer_t obs = {a, after_phase, a->print_after_all || a->compile_to != NULL};
  cx_compile_options_t co = {.function = a->function,
                             .num_arg_shapes = views ? info.num_args : 0,
                             .arg_shapes = views,
                             .observer = &obs,
                             .stop_after = a->compile_to,
                             .cache_dir = ""};  // the pipeline itself is what is shown
  cx_rt_executable_t* exe = NULL;
  if (!st) st = cx_compile(m, &co, &exe);
  cx_rt_executable_release(exe);
  cx_free(cx_allocator_system(), views);
  cx_input_list_free(&inputs);
  if (!st && a->pass_timing) {
    // On stderr, as MLIR's -mlir-timing reports, so stdout stays the IR.
    fprintf(stderr, "pass timing (@%s):\n%s", a->function, a->timing.data ? a->timing.data : "");
  }
  cx_tool_str_free(&a->timing);
  return st;
}

// Runs the passes asked for on a verified module, then verifies it again
// (a pass that breaks the IR is a bug to report, not output to print).
static cx_status_t run_passes(opt_args_t* a, cx_module_t* m) {
  if (!a->canonicalize) return NULL;
  char* stats = NULL;
  CX_RETURN_IF_ERROR(cx_module_canonicalize(m, a->pass_statistics ? &stats : NULL));
  if (stats) {
    // On stderr, as MLIR prints pass statistics, so stdout stays the IR.
    fputs(stats, stderr);
    cx_free_malloced(stats);
  }
  return a->no_verify ? NULL : cx_module_verify(m);
}

static bool compiling(const opt_args_t* a) {
  return a->compile_to || a->print_after_all || a->pass_timing;
}

static cx_status_t opt_chunk(const char* text, size_t len, unsigned first_line, void* arg) {
  opt_args_t* a = arg;
  cx_parse_options_t po = {a->filename, first_line, a->fill_elided};
  cx_module_t* m;
  CX_RETURN_IF_ERROR(cx_module_parse_text(a->ctx, text, len, &po, &m));
  cx_status_t st = a->no_verify ? NULL : cx_module_verify(m);
  if (!st) st = run_passes(a, m);
  if (!st && compiling(a)) {
    if (a->chunks++) cx_tool_str_puts(&a->out, "// -----\n");
    st = run_pipeline(a, m);
  } else if (!st) {
    cx_print_options_t pr = {a->generic, a->print_locations};
    char* printed;
    st = cx_module_print(m, &pr, &printed);
    if (!st) {
      if (a->chunks++) cx_tool_str_puts(&a->out, "// -----\n");
      cx_tool_str_puts(&a->out, printed);
      cx_free(cx_allocator_system(), printed);
    }
  }
  cx_module_destroy(m);
  return st;
}

static int run_opt(int argc, char** argv) {
  opt_args_t a;
  memset(&a, 0, sizeof(a));
  a.output = "-";
  a.function = "main";
  const char* inputs[256];
  a.inputs = inputs;
  for (int i = 0; i < argc; i++) {
    const char* v;
    int k;
    if (cx_tool_flag_value(argv[i], "--compile-to", &v)) a.compile_to = v;
    else if (!strcmp(argv[i], "--print-ir-after-all") || !strcmp(argv[i], "--mlir-print-ir-after-all"))
      a.print_after_all = true;
    else if (!strcmp(argv[i], "--pass-timing") || !strcmp(argv[i], "--mlir-timing")) a.pass_timing = true;
    else if (cx_tool_flag_value(argv[i], "--function", &v)) a.function = *v == '@' ? v + 1 : v;
    else if (cx_tool_flag_value(argv[i], "--input", &v)) {
      if (a.num_inputs == 256) {
        fprintf(stderr, "cxla opt: at most 256 --input flags\n");
        return 2;
      }
      a.inputs[a.num_inputs++] = v;
    } else if (!strcmp(argv[i], "--generic") || !strcmp(argv[i], "--mlir-print-op-generic")) a.generic = true;
    else if (!strcmp(argv[i], "--fill-elided")) a.fill_elided = true;
    else if (!strcmp(argv[i], "--no-verify")) a.no_verify = true;
    else if (!strcmp(argv[i], "--print-locations")) a.print_locations = true;
    else if (!strcmp(argv[i], "--canonicalize")) a.canonicalize = true;
    else if (!strcmp(argv[i], "--pass-statistics") || !strcmp(argv[i], "--mlir-pass-statistics"))
      a.pass_statistics = true;
    else if (!strcmp(argv[i], "-o") && i + 1 < argc) a.output = argv[++i];
    else if (!strcmp(argv[i], "-o")) {
      fprintf(stderr, "cxla opt: -o needs a file name\n");
      return 2;
    } else if (cx_tool_flag_value(argv[i], "--output", &v)) a.output = v;
    else if ((k = cx_tool_max_input_size("opt", argv[i], &a.max_input))) {
      if (k == 2) return 2;
    }
    else if (!strcmp(argv[i], "--split-input-file")) { /* always on */ }
    else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "cxla opt: unknown option '%s'\n", argv[i]);
      return 2;
    } else if (!a.input) a.input = argv[i];
    else {
      fprintf(stderr, "cxla opt: more than one input file\n");
      return 2;
    }
  }
  if (!a.input) a.input = "-";
  a.filename = strcmp(a.input, "-") == 0 ? "<stdin>" : a.input;
  char* data;
  size_t len;
  cx_status_t st = cx_file_read_limited(a.input, a.max_input, &data, &len);
  if (st) return cx_tool_error(st);
  st = cx_context_create(cx_allocator_system(), &a.ctx);
  if (!st && cx_is_bytecode(data, len)) {
    // A portable artifact: one module; it borrows the buffer, so it owns it.
    cx_parse_options_t po = {a.filename, 0, a.fill_elided};
    cx_module_t* m;
    st = cx_module_load(a.ctx, data, len, true, &po, &m);
    data = NULL;
    if (!st) {
      if (!a.no_verify) st = cx_module_verify(m);
      if (!st) st = run_passes(&a, m);
      if (!st && compiling(&a)) {
        st = run_pipeline(&a, m);
      } else if (!st) {
        cx_print_options_t pr = {a.generic, a.print_locations};
        char* printed;
        st = cx_module_print(m, &pr, &printed);
        if (!st) {
          cx_tool_str_puts(&a.out, printed);
          cx_free(cx_allocator_system(), printed);
        }
      }
      cx_module_destroy(m);
    }
  } else if (!st) {
    st = cx_split_input(data, len, opt_chunk, &a);
  }
  if (!st && a.out.failed) st = CX_OOM();
  if (!st) st = cx_file_write(a.output, a.out.data ? a.out.data : "", a.out.len);
  cx_tool_str_free(&a.out);
  cx_context_destroy(a.ctx);
  cx_free(cx_allocator_system(), data);
  return st ? cx_tool_error(st) : 0;
}

const cx_verb_t cx_verb_opt = {
    "opt", run_opt, "parse, verify, transform and print a StableHLO program",
    "usage: cxla opt [FILE|-] [--generic] [-o OUT] [--fill-elided] [--no-verify]\n"
    "                [--print-locations] [--canonicalize] [--pass-statistics]\n"
    "                [--compile-to=PHASE] [--print-ir-after-all] [--pass-timing]\n"
    "                [--function=main] [--input=SPEC]...\n"
    "--compile-to=PHASE runs the compiler's pipeline on --function up to PHASE\n"
    "and prints what it produced: input, refine, simplify, fuse (kernels shown as\n"
    "cxla.fusion attributes) print the IR; lower prints the step program and\n"
    "buffer plan; llvm the optimized LLVM IR. --print-ir-after-all prints every\n"
    "phase; --pass-timing reports each phase's time on stderr. A function with\n"
    "dynamic shapes is refined for the shapes of --input values (as cxla run).\n"
    "Parses MLIR text, verifies it, runs the passes asked for, and prints it in\n"
    "canonical pretty form (--generic: MLIR's generic op form). Inputs split by\n"
    "'// -----' lines are handled as a sequence of modules. Exit status 1 on the\n"
    "first error.\n"
    "  --canonicalize     simplify: algebraic identities, transpose/reshape chains,\n"
    "                     broadcasts of splats, no-op converts, dead code\n"
    "  --pass-statistics  print what each pass did (per pattern) on stderr\n"
    "  --fill-elided      fill dense_resource<__elided__> constants with\n"
    "                     deterministic values chosen by their use (see cxla run)\n"
    "  --no-verify        skip the verifier\n"
    "  --max-input-size=BYTES  most bytes read from a pipe or device (default 128M)\n"};
