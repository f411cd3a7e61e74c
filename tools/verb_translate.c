// cxla translate: convert between MLIR text and StableHLO portable artifacts
// (MLIR bytecode with VHLO), like stablehlo-translate --serialize and
// --deserialize.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxla/bytecode.h"
#include "cxla/module.h"
#include "cxla/file.h"
#include "tools/verbs.h"

typedef struct translate_args {
  const char* input;
  const char* output;
  const char* target;
  bool serialize;
  bool deserialize;
  bool generic;
  bool strip;
  bool print_version;
  bool fill_elided;
  bool print_locations;
  size_t max_input;  // stream limit (--max-input-size); 0 = the default
} translate_args_t;

static int usage_error(const char* msg, const char* arg) {
  fprintf(stderr, "cxla translate: %s%s%s\n", msg, arg ? " " : "", arg ? arg : "");
  return 2;
}

// The module borrows the buffer (ownership passes to cx_module_load).
static cx_status_t load(const translate_args_t* a, cx_context_t* ctx, char* data, size_t len,
                        cx_module_t** out) {
  const char* fname = strcmp(a->input, "-") ? a->input : "<stdin>";
  cx_parse_options_t po = {fname, 0, a->fill_elided};
  return cx_module_load(ctx, data, len, true, &po, out);
}

static int deserialize(const translate_args_t* a, cx_context_t* ctx, char* data, size_t len) {
  if (a->print_version) {
    cx_bc_artifact_info_t info;
    cx_status_t st = cx_bc_artifact_info(data, len, &info);
    if (st || !info.version[0]) {
      cx_status_free(st);
      printf("// Failed parsing StableHLO version from portable artifact\n");
    } else {
      printf("// Reading portable artifact with StableHLO version: %s\n", info.version);
    }
  }
  cx_module_t* m;
  cx_status_t st = load(a, ctx, data, len, &m);
  if (st) return cx_tool_error(st);
  cx_print_options_t pr = {a->generic, a->print_locations};
  char* text;
  st = cx_module_print(m, &pr, &text);
  if (!st) {
    st = cx_file_write(a->output, text, strlen(text));
    cx_free(cx_allocator_system(), text);
  }
  cx_module_destroy(m);
  return st ? cx_tool_error(st) : 0;
}

static int serialize(const translate_args_t* a, cx_context_t* ctx, char* data, size_t len) {
  cx_module_t* m;
  cx_status_t st = load(a, ctx, data, len, &m);
  if (st) return cx_tool_error(st);
  cx_bc_write_options_t wo = {a->target, a->strip};
  uint8_t* out;
  size_t out_len;
  st = cx_bc_write(m, &wo, &out, &out_len);
  if (!st) {
    st = cx_file_write(a->output, out, out_len);
    cx_free(cx_allocator_system(), out);
  }
  cx_module_destroy(m);
  return st ? cx_tool_error(st) : 0;
}

static int run_translate(int argc, char** argv) {
  translate_args_t a;
  memset(&a, 0, sizeof(a));
  a.output = "-";
  for (int i = 0; i < argc; i++) {
    const char* v;
    int k;
    const char* arg = argv[i];
    if (!strcmp(arg, "--serialize")) a.serialize = true;
    else if (!strcmp(arg, "--deserialize")) a.deserialize = true;
    else if (cx_tool_flag_value(arg, "--target", &v)) a.target = v;
    else if (!strcmp(arg, "--target") && i + 1 < argc) a.target = argv[++i];
    else if (!strcmp(arg, "--strip-debuginfo")) a.strip = true;
    else if (!strcmp(arg, "--print-stablehlo-version")) a.print_version = true;
    else if (!strcmp(arg, "--generic") || !strcmp(arg, "--mlir-print-op-generic")) a.generic = true;
    else if (!strcmp(arg, "--print-locations")) a.print_locations = true;
    else if (!strcmp(arg, "--fill-elided")) a.fill_elided = true;
    else if (!strcmp(arg, "-o") && i + 1 < argc) a.output = argv[++i];
    else if (!strcmp(arg, "-o") || !strcmp(arg, "--target"))
      return usage_error("missing the value of", arg);
    else if (cx_tool_flag_value(arg, "--output", &v)) a.output = v;
    else if ((k = cx_tool_max_input_size("translate", arg, &a.max_input))) {
      if (k == 2) return 2;
    } else if (arg[0] == '-' && arg[1]) return usage_error("unknown option", arg);
    else if (!a.input) a.input = arg;
    else return usage_error("more than one input file", NULL);
  }
  if (a.serialize == a.deserialize)
    return usage_error("pass exactly one of --serialize and --deserialize", NULL);
  if (!a.input) a.input = "-";
  if (a.serialize && !strcmp(a.output, "-") && !a.target) {
    // Bytecode on a terminal is rarely what anyone wants, but pipes are fine.
  }
  char* data;
  size_t len;
  cx_status_t st = cx_file_read_limited(a.input, a.max_input, &data, &len);
  if (st) return cx_tool_error(st);
  cx_context_t* ctx;
  st = cx_context_create(cx_allocator_system(), &ctx);
  if (st) {
    cx_free(cx_allocator_system(), data);
    return cx_tool_error(st);
  }
  int rc = a.serialize ? serialize(&a, ctx, data, len) : deserialize(&a, ctx, data, len);
  cx_context_destroy(ctx);
  return rc;
}

const cx_verb_t cx_verb_translate = {
    "translate", run_translate,
    "convert between MLIR text and StableHLO portable artifacts (bytecode)",
    "usage: cxla translate --deserialize FILE [-o OUT] [--generic] [--print-stablehlo-version]\n"
    "       cxla translate --serialize [--target=X.Y.Z|current] [--strip-debuginfo] FILE -o OUT\n"
    "--deserialize reads a portable artifact (MLIR bytecode holding VHLO, written by\n"
    "StableHLO 0.9.0 .. 1.20.0) and prints the StableHLO program. --serialize writes\n"
    "one that StableHLO version X.Y.Z reads (default: the newest, 1.20.0). Either\n"
    "direction accepts text or bytecode input.\n"
    "  --max-input-size=BYTES  most bytes read from a pipe or device (default 128M)\n"
    "  --strip-debuginfo   write every location as unknown\n"
    "  --generic           print ops in MLIR's generic form\n"};
