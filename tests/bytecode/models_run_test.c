// The models run the same from bytecode as from text (ctest bytecode/models_run):
// for every models/NAME.mlir.bc with a NAME.mlir, both load (the artifact
// through cx_module_load, so with constants borrowed from the file buffer),
// verify, and run @main in the reference interpreter on the same
// deterministic pseudo-random arguments; every result must be bitwise equal.
//
// Usage: models_run_test CONFORMANCE_DIR [NAME]   (NAME: only models/NAME.mlir.bc)
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxla/interp.h"
#include "cxla/module.h"
#include "ir/ir.h"
#include "ir/types.h"
#include "support/file.h"

static int g_failures;

static void report(const char* what, const char* name, cx_status_t st) {
  fprintf(stderr, "FAIL %s: %s%s%s\n", name, what, st ? ": " : "", st ? cx_status_message(st) : "");
  cx_status_free(st);
  g_failures++;
}

static cx_module_t* load(cx_context_t* ctx, const char* path) {
  char* data;
  size_t len;
  cx_status_t st = cx_file_read(path, &data, &len);
  if (st) {
    report("cannot read", path, st);
    return NULL;
  }
  cx_parse_options_t po = {path, 0, false};
  cx_module_t* m = NULL;
  st = cx_module_load(ctx, data, len, true, &po, &m);  // takes the buffer
  if (!st) st = cx_module_verify(m);
  if (st) {
    report("does not load and verify", path, st);
    cx_module_destroy(m);
    return NULL;
  }
  return m;
}

// Small values keep long chains of ops finite; the same seed gives both
// modules the same arguments.
static cx_status_t make_args(const cx_type_t* fn, uint32_t* out_n, cx_buffer_view_t** out) {
  uint32_t n = fn->func.num_inputs;
  cx_buffer_view_t* args = calloc(n ? n : 1, sizeof(*args));
  if (!args) return CX_OOM();
  uint32_t seed = 20240531u;
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t* t = fn->func.inputs[i];
    if (t->kind != CX_TYPE_TENSOR || t->tensor.element->kind != CX_TYPE_ELEMENT) {
      free(args);
      return CX_ERROR(CX_UNIMPLEMENTED, "argument %u is not a tensor of a plain element type", i);
    }
    cx_elem_t e = t->tensor.element->element.elem;
    cx_status_t st = cx_buffer_view_allocate(e, t->tensor.rank, t->tensor.dims, &args[i]);
    if (st) {
      for (uint32_t k = 0; k < i; k++) cx_buffer_view_free_data(&args[k]);
      free(args);
      return st;
    }
    int64_t count = cx_buffer_view_num_elements(&args[i]);
    for (int64_t k = 0; k < count; k++) {
      seed = seed * 1664525u + 1013904223u;
      double v = ((double)(seed >> 8) / (double)(1u << 24) - 0.5) * 0.2;
      if (e == CX_ELEM_F32) {
        ((float*)args[i].data)[k] = (float)v;
      } else if (e == CX_ELEM_F64) {
        ((double*)args[i].data)[k] = v;
      } else if (e == CX_ELEM_SI32) {
        ((int32_t*)args[i].data)[k] = (int32_t)(seed >> 28);
      } else if (e == CX_ELEM_SI64) {
        ((int64_t*)args[i].data)[k] = (int64_t)(seed >> 28);
      } else if (e == CX_ELEM_I1) {
        ((uint8_t*)args[i].data)[k] = (uint8_t)(seed >> 31);
      }  // other types stay zero
    }
  }
  *out_n = n;
  *out = args;
  return NULL;
}

static cx_status_t run(cx_module_t* m, uint32_t nargs, const cx_buffer_view_t* args,
                       uint32_t* out_n, cx_buffer_view_t** out) {
  cx_interp_t* in;
  cx_interp_options_t io = {0};
  CX_RETURN_IF_ERROR(cx_interp_create(m, &io, &in));
  cx_status_t st = cx_interp_call(in, "main", nargs, args, out_n, out);
  cx_interp_destroy(in);
  return st;
}

static void check_model(cx_context_t* ctx, const char* dir, const char* bc_name) {
  char bc_path[4096], text_path[4096];
  int n1 = snprintf(bc_path, sizeof(bc_path), "%s/%s", dir, bc_name);
  int n2 = snprintf(text_path, sizeof(text_path), "%s/%.*s", dir, (int)(strlen(bc_name) - 3),
                    bc_name);
  if (n1 < 0 || n2 < 0 || (size_t)n1 >= sizeof(bc_path) || (size_t)n2 >= sizeof(text_path)) {
    report("path too long", bc_name, NULL);
    return;
  }
  cx_module_t* from_text = load(ctx, text_path);
  cx_module_t* from_bc = load(ctx, bc_path);
  if (!from_text || !from_bc) goto done;
  cx_op_t* f = cx_module_lookup_func(from_text, "main");
  if (!f) {
    report("has no @main", text_path, NULL);
    goto done;
  }
  uint32_t nargs = 0, na = 0, nb = 0;
  cx_buffer_view_t *args = NULL, *ra = NULL, *rb = NULL;
  cx_status_t st = make_args(cx_func_type(f), &nargs, &args);
  if (st) {
    report("arguments", text_path, st);
    goto done;
  }
  st = run(from_text, nargs, args, &na, &ra);
  if (st) report("text run", text_path, st);
  st = run(from_bc, nargs, args, &nb, &rb);
  if (st) report("bytecode run", bc_path, st);
  if (ra && rb) {
    bool same = na == nb;
    for (uint32_t i = 0; same && i < na; i++)
      same = ra[i].elem == rb[i].elem && ra[i].nbytes == rb[i].nbytes &&
             !memcmp(ra[i].data, rb[i].data, ra[i].nbytes);
    if (same) {
      printf("ok %s: %u results bitwise equal to the text's\n", bc_name, na);
    } else {
      report("results differ from the text's", bc_path, NULL);
    }
  }
  if (ra) cx_interp_free_results(na, ra);
  if (rb) cx_interp_free_results(nb, rb);
  for (uint32_t i = 0; i < nargs; i++) cx_buffer_view_free_data(&args[i]);
  free(args);
done:
  cx_module_destroy(from_text);
  cx_module_destroy(from_bc);
}

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    fprintf(stderr, "usage: models_run_test CONFORMANCE_DIR [NAME]\n");
    return 2;
  }
  char dir[4096];
  int n = snprintf(dir, sizeof(dir), "%s/models", argv[1]);
  if (n < 0 || (size_t)n >= sizeof(dir)) return 2;
  cx_context_t* ctx;
  if (cx_context_create(cx_allocator_system(), &ctx)) return 1;
  DIR* d = opendir(dir);
  int count = 0;
  if (d) {
    struct dirent* e;
    while ((e = readdir(d))) {
      size_t len = strlen(e->d_name);
      if (len < 9 || strcmp(e->d_name + len - 8, ".mlir.bc")) continue;
      if (argc == 3 && (len != strlen(argv[2]) + 8 || strncmp(e->d_name, argv[2], len - 8)))
        continue;
      check_model(ctx, dir, e->d_name);
      count++;
    }
    closedir(d);
  }
  if (count == 0) {
    fprintf(stderr, "FAIL no models/*.mlir.bc in %s\n", argv[1]);
    g_failures++;
  }
  cx_context_destroy(ctx);
  printf("%s (%d models, %d failures)\n", g_failures ? "FAILED" : "PASSED", count, g_failures);
  return g_failures ? 1 : 0;
}
