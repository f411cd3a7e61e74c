// Portable-artifact read throughput: cx_bc_read on the largest corpus
// artifacts, against parsing the same program from MLIR text
// (cx_module_parse_text on the matching .mlir), plus a synthetic artifact
// with a 64 MiB constant, where the reader borrows the data from the input
// buffer instead of copying it.
//
// One JSON line per input: bytes and MB/s of each form and how many times
// faster the bytecode reads the program than the text parses it. Timings
// are medians (bench_util.h).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench_util.h"
#include "cxla/bytecode.h"
#include "cxla/module.h"
#include "support/file.h"

#ifndef CXLA_CONFORMANCE_DIR
#define CXLA_CONFORMANCE_DIR "../shared/conformance"
#endif

typedef struct job {
  cx_context_t* ctx;
  const char* data;
  size_t len;
  bool bytecode;
} job_t;

static int run_job(void* arg) {
  job_t* j = arg;
  cx_module_t* m = NULL;
  cx_status_t st;
  if (j->bytecode) {
    cx_bc_read_options_t ro = {"bench", true, true, false};
    st = cx_bc_read(j->ctx, j->data, j->len, &ro, &m);
  } else {
    cx_parse_options_t po = {"bench", 0, true};
    st = cx_module_parse_text(j->ctx, j->data, j->len, &po, &m);
  }
  if (st) {
    cx_status_print(st, stderr);
    cx_status_free(st);
    return 1;
  }
  cx_module_destroy(m);
  return 0;
}

static double time_job(job_t* j) {
  double mn, mx;
  return cx_bench_time(run_job, j, 11, 0.2, &mn, &mx);
}

static void report(const char* name, cx_context_t* ctx, const char* bc, size_t bc_len,
                   const char* text, size_t text_len) {
  job_t jb = {ctx, bc, bc_len, true};
  job_t jt = {ctx, text, text_len, false};
  if (run_job(&jb) || (text && run_job(&jt))) {
    printf("{\"bench\":\"bytecode_read\",\"artifact\":\"%s\",\"error\":true}\n", name);
    return;
  }
  double tb = time_job(&jb);
  double tt = text ? time_job(&jt) : 0;
  printf("{\"bench\":\"bytecode_read\",\"artifact\":\"%s\",\"bytecode_bytes\":%zu,"
         "\"read_ms\":%.4f,\"read_mb_s\":%.1f,\"text_bytes\":%zu,\"parse_ms\":%.4f,"
         "\"parse_mb_s\":%.1f,\"program_speedup\":%.2f}\n",
         name, bc_len, tb * 1e3, bc_len / tb / 1e6, text_len, tt * 1e3,
         text ? text_len / tt / 1e6 : 0.0, text ? tt / tb : 0.0);
  fflush(stdout);
}

static void corpus_pair(cx_context_t* ctx, const char* bc_rel, const char* text_rel) {
  char bp[1024], tp[1024];
  snprintf(bp, sizeof(bp), "%s/%s", CXLA_CONFORMANCE_DIR, bc_rel);
  snprintf(tp, sizeof(tp), "%s/%s", CXLA_CONFORMANCE_DIR, text_rel);
  char *bc, *text;
  size_t bl, tl;
  cx_status_t st = cx_file_read(bp, &bc, &bl);
  if (st) {
    cx_status_free(st);
    return;
  }
  st = cx_file_read(tp, &text, &tl);
  if (st) {
    cx_status_free(st);
    text = NULL;
    tl = 0;
  }
  report(bc_rel, ctx, bc, bl, text, tl);
  free(bc);
  free(text);
}

// A program whose weights dominate: one 4096x4096 f32 constant (64 MiB),
// written as text with a hex literal and as an artifact.
static void synthetic(cx_context_t* ctx) {
  const size_t n = 4096;
  size_t nbytes = n * n * 4;
  size_t cap = nbytes * 2 + 512;
  char* text = malloc(cap);
  if (!text) return;
  int k = snprintf(text, cap,
                   "func.func @main(%%x: tensor<%zux%zuxf32>) -> tensor<%zux%zuxf32> {\n"
                   "  %%w = stablehlo.constant dense<\"0x", n, n, n, n);
  static const char kHex[] = "0123456789ABCDEF";
  uint64_t seed = 1;
  char* p = text + k;
  for (size_t i = 0; i < nbytes; i++) {
    uint8_t b = (uint8_t)cx_bench_rng(&seed);
    *p++ = kHex[b >> 4];
    *p++ = kHex[b & 15];
  }
  p += snprintf(p, cap - (size_t)(p - text),
                "\"> : tensor<%zux%zuxf32>\n  %%y = stablehlo.add %%x, %%w : tensor<%zux%zuxf32>\n"
                "  return %%y : tensor<%zux%zuxf32>\n}\n",
                n, n, n, n, n, n);
  size_t tl = (size_t)(p - text);
  cx_module_t* m = NULL;
  cx_status_t st = cx_module_parse_text(ctx, text, tl, NULL, &m);
  uint8_t* bc = NULL;
  size_t bl = 0;
  if (!st) {
    cx_bc_write_options_t wo = {"current", true};
    st = cx_bc_write(m, &wo, &bc, &bl);
  }
  cx_module_destroy(m);
  if (st) {
    cx_status_print(st, stderr);
    cx_status_free(st);
  } else {
    report("synthetic_64MiB_constant", ctx, (const char*)bc, bl, text, tl);
  }
  free(bc);
  free(text);
}

int main(void) {
  cx_context_t* ctx;
  cx_status_t st = cx_context_create(cx_allocator_system(), &ctx);
  if (st) return 1;
  corpus_pair(ctx, "models/searchless_chess_9m.mlir.bc", "models/searchless_chess_9m.mlir");
  corpus_pair(ctx, "models/pt_bert.mlir.bc", "models/pt_bert.mlir");
  corpus_pair(ctx, "vhlo/stablehlo_legalize_to_vhlo.1_20_0.mlir.bc",
              "vhlo/stablehlo_legalize_to_vhlo.1_20_0.mlir");
  corpus_pair(ctx, "vhlo/stablehlo_legalize_to_vhlo.0_11_0.mlir.bc",
              "vhlo/stablehlo_legalize_to_vhlo.0_11_0.mlir");
  corpus_pair(ctx, "jax/cpu_lu_lapack_getrf__data_2024_05_31__f32.mlirbc",
              "jax/cpu_lu_lapack_getrf__data_2024_05_31__f32.mlir");
  synthetic(ctx);
  cx_context_destroy(ctx);
  return 0;
}
