// cxla opt: parse, verify, optionally transform, and print a program (like
// stablehlo-opt).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxla/file.h"
#include "cxla/module.h"
#include "cxla/passes.h"
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
} opt_args_t;

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

static cx_status_t opt_chunk(const char* text, size_t len, unsigned first_line, void* arg) {
  opt_args_t* a = arg;
  cx_parse_options_t po = {a->filename, first_line, a->fill_elided};
  cx_module_t* m;
  CX_RETURN_IF_ERROR(cx_module_parse_text(a->ctx, text, len, &po, &m));
  cx_status_t st = a->no_verify ? NULL : cx_module_verify(m);
  if (!st) st = run_passes(a, m);
  if (!st) {
    cx_print_options_t pr = {a->generic, a->print_locations};
    char* printed;
    st = cx_module_print(m, &pr, &printed);
    if (!st) {
      if (a->chunks++) cx_tool_str_puts(&a->out, "// -----\n");
      cx_tool_str_puts(&a->out, printed);
      free(printed);
    }
  }
  cx_module_destroy(m);
  return st;
}

static int run_opt(int argc, char** argv) {
  opt_args_t a;
  memset(&a, 0, sizeof(a));
  a.output = "-";
  for (int i = 0; i < argc; i++) {
    const char* v;
    int k;
    if (!strcmp(argv[i], "--generic") || !strcmp(argv[i], "--mlir-print-op-generic")) a.generic = true;
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
      cx_print_options_t pr = {a.generic, a.print_locations};
      char* printed;
      if (!st) st = cx_module_print(m, &pr, &printed);
      if (!st) {
        cx_tool_str_puts(&a.out, printed);
        free(printed);
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
  free(data);
  return st ? cx_tool_error(st) : 0;
}

const cx_verb_t cx_verb_opt = {
    "opt", run_opt, "parse, verify, transform and print a StableHLO program",
    "usage: cxla opt [FILE|-] [--generic] [-o OUT] [--fill-elided] [--no-verify]\n"
    "                [--print-locations] [--canonicalize] [--pass-statistics]\n"
    "Parses MLIR text, verifies it, runs the passes asked for, and prints it in\n"
    "canonical pretty form (--generic: MLIR's generic op form). Inputs split by\n"
    "'// -----' lines are handled as a sequence of modules. Exit status 1 on the\n"
    "first error.\n"
    "  --canonicalize     simplify: algebraic identities, transpose/reshape chains,\n"
    "                     broadcasts of splats, no-op converts, dead code\n"
    "  --pass-statistics  print what each pass did (per pattern) on stderr\n"
    "  --fill-elided      fill dense_resource<__elided__> constants with\n"
    "                     deterministic pseudo-random values\n"
    "  --no-verify        skip the verifier\n"
    "  --max-input-size=BYTES  most bytes read from a pipe or device (default 128M)\n"};
