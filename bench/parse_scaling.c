// Scaling of the front end with program size: every reader and writer must be
// linear in its input. For each program shape and size N (10^3 .. 10^6) it
// builds the MLIR text in memory and times, once each (the sizes are large
// enough that one run is stable):
//   parse      cx_module_parse_text
//   verify     cx_module_verify
//   print      cx_module_print (pretty form)
//   bc_write   cx_bc_write (current version)
//   bc_read    cx_bc_read of what bc_write wrote
// Shapes:
//   flat       one function with N chained stablehlo.add ops
//   functions  N functions of one add each
//   regions    one function with N stablehlo.reduce ops written generically
//              (each holds a region with its own block and two ops)
// One JSON line per shape and size, with seconds per phase and nanoseconds
// per op of the parse; linear growth shows as a flat ns_per_op column.
//
//   build/bench/bench_parse_scaling [--max N] [--shape NAME]
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench_util.h"
#include "cxla/bytecode.h"
#include "cxla/allocator.h"
#include "cxla/module.h"
#include "support/strbuf.h"

typedef void (*gen_fn)(cx_strbuf_t* b, long n);

static void gen_flat(cx_strbuf_t* b, long n) {
  cx_strbuf_printf(b, "func.func @main(%%arg0: tensor<4xf32>) -> tensor<4xf32> {\n");
  cx_strbuf_printf(b, "  %%v0 = stablehlo.add %%arg0, %%arg0 : tensor<4xf32>\n");
  for (long i = 1; i < n; i++)
    cx_strbuf_printf(b, "  %%v%ld = stablehlo.add %%v%ld, %%arg0 : tensor<4xf32>\n", i, i - 1);
  cx_strbuf_printf(b, "  return %%v%ld : tensor<4xf32>\n}\n", n - 1);
}

static void gen_functions(cx_strbuf_t* b, long n) {
  for (long i = 0; i < n; i++)
    cx_strbuf_printf(b,
                      "func.func @f%ld(%%arg0: tensor<f32>) -> tensor<f32> {\n"
                      "  %%0 = stablehlo.add %%arg0, %%arg0 : tensor<f32>\n"
                      "  return %%0 : tensor<f32>\n}\n",
                      i);
}

static void gen_regions(cx_strbuf_t* b, long n) {
  cx_strbuf_printf(b,
                    "func.func @main(%%arg0: tensor<4xf32>, %%init: tensor<f32>) -> tensor<f32> {\n");
  for (long i = 0; i < n; i++)
    cx_strbuf_printf(b,
                      "  %%r%ld = stablehlo.reduce(%%arg0 init: %%init) across dimensions = [0] "
                      ": (tensor<4xf32>, tensor<f32>) -> tensor<f32>\n"
                      "    reducer(%%a: tensor<f32>, %%b: tensor<f32>) {\n"
                      "      %%s = stablehlo.add %%a, %%b : tensor<f32>\n"
                      "      stablehlo.return %%s : tensor<f32>\n"
                      "    }\n",
                      i);
  cx_strbuf_printf(b, "  return %%r%ld : tensor<f32>\n}\n", n - 1);
}

typedef struct shape {
  const char* name;
  gen_fn gen;
} shape_t;

static const shape_t kShapes[] = {
    {"flat", gen_flat}, {"functions", gen_functions}, {"regions", gen_regions}};

static int fail(const char* what, cx_status_t st) {
  fprintf(stderr, "bench_parse_scaling: %s: ", what);
  cx_status_print(st, stderr);
  cx_status_free(st);
  return 1;
}

static int run(cx_context_t* ctx, const shape_t* s, long n) {
  cx_strbuf_t text = {0};
  s->gen(&text, n);
  if (text.failed || !text.data) {
    fprintf(stderr, "bench_parse_scaling: out of memory building the input\n");
    return 1;
  }
  cx_parse_options_t po = {"scaling.mlir", 0, false};
  cx_module_t* m = NULL;
  double t0 = cx_bench_now();
  cx_status_t st = cx_module_parse_text(ctx, text.data, text.len, &po, &m);
  double parse_s = cx_bench_now() - t0;
  if (st) return fail("parse", st);
  t0 = cx_bench_now();
  st = cx_module_verify(m);
  double verify_s = cx_bench_now() - t0;
  if (st) return fail("verify", st);
  char* printed = NULL;
  cx_print_options_t pr = {false, false};
  t0 = cx_bench_now();
  st = cx_module_print(m, &pr, &printed);
  double print_s = cx_bench_now() - t0;
  if (st) return fail("print", st);
  free(printed);
  uint8_t* bc = NULL;
  size_t bc_len = 0;
  cx_bc_write_options_t wo = {NULL, false};
  t0 = cx_bench_now();
  st = cx_bc_write(m, &wo, &bc, &bc_len);
  double write_s = cx_bench_now() - t0;
  cx_module_destroy(m);
  if (st) return fail("bytecode write", st);
  cx_bc_read_options_t ro = {"scaling.mlirbc", true, false, false};
  t0 = cx_bench_now();
  st = cx_bc_read(ctx, bc, bc_len, &ro, &m);
  double read_s = cx_bench_now() - t0;
  if (st) return fail("bytecode read", st);
  cx_module_destroy(m);
  free(bc);
  printf("{\"bench\": \"parse_scaling\", \"shape\": \"%s\", \"ops\": %ld, \"text_bytes\": %zu, "
         "\"bc_bytes\": %zu, \"parse_s\": %.4f, \"verify_s\": %.4f, \"print_s\": %.4f, "
         "\"bc_write_s\": %.4f, \"bc_read_s\": %.4f, \"parse_ns_per_op\": %.0f, "
         "\"bc_read_ns_per_op\": %.0f}\n",
         s->name, n, text.len, bc_len, parse_s, verify_s, print_s, write_s, read_s,
         1e9 * parse_s / (double)n, 1e9 * read_s / (double)n);
  fflush(stdout);
  cx_strbuf_free(&text);
  return 0;
}

int main(int argc, char** argv) {
  long max = 1000000;
  const char* only = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--max") && i + 1 < argc) {
      max = atol(argv[++i]);
    } else if (!strcmp(argv[i], "--shape") && i + 1 < argc) {
      only = argv[++i];
    } else {
      fprintf(stderr, "usage: bench_parse_scaling [--max N] [--shape flat|functions|regions]\n");
      return 2;
    }
  }
  cx_context_t* ctx = NULL;
  cx_status_t st = cx_context_create(cx_allocator_system(), &ctx);
  if (st) return fail("context", st);
  int rc = 0;
  for (size_t k = 0; k < sizeof(kShapes) / sizeof(kShapes[0]) && !rc; k++) {
    if (only && strcmp(only, kShapes[k].name)) continue;
    for (long n = 1000; n <= max && !rc; n *= 10) rc = run(ctx, &kShapes[k], n);
  }
  cx_context_destroy(ctx);
  return rc;
}
