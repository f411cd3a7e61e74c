// Shape functions against the corpus (ctest infer/agreement): for every op
// of every program in CONFORMANCE_DIR's testdata/, interpret/ and models/
// (split at "// -----" lines), the shape function succeeds and each result
// type the program declares is compatible (cx_infer_compatible) with the
// inferred one. Results the op gives (NULL inferred types, cx_infer_mode)
// are counted apart. Cases annotated `expected-error` are negative tests
// and are skipped; every other case must parse.
//
// stablehlo.constant with a quantized result is the one documented
// exception to plain compatibility: its value holds the storage type
// (constant_c1), so the result is compared with the storage-type tensor.
//
// Usage: infer_agreement_test CONFORMANCE_DIR
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxla/module.h"
#include "ir/infer.h"
#include "ir/ir.h"
#include "ir/verify_util.h"
#include "ir/walk.h"
#include "support/file.h"

typedef struct stats {
  long files, cases, ops, results, given, failures;
  long per_mode[3];  // ops by cx_infer_mode
} stats_t;

typedef struct walk_arg {
  cx_context_t* ctx;
  const char* path;
  stats_t* st;
  cx_arena_t* scratch;
} walk_arg_t;

static void fail(walk_arg_t* w, const cx_op_t* op, const char* fmt, const char* a, const char* b) {
  char loc[256];
  fprintf(stderr, "FAIL %s: %s '%s': ", w->path, cx_loc_format(op->loc, loc, sizeof(loc)),
          op->name);
  fprintf(stderr, fmt, a, b);
  fprintf(stderr, "\n");
  w->st->failures++;
}

static bool agrees(cx_context_t* ctx, const cx_op_t* op, const cx_type_t* inferred,
                   const cx_type_t* declared) {
  if (cx_infer_compatible(inferred, declared)) return true;
  if (op->kind == CX_OP_CONSTANT && cx_type_is_tensor(declared) &&
      cx_type_is_quant(declared->tensor.element))
    return inferred ==
           cx_tensor_with_element(ctx, declared, declared->tensor.element->quant.storage);
  return false;
}

static cx_walk_result_t check_op(cx_op_t* op, void* arg) {
  walk_arg_t* w = arg;
  w->st->ops++;
  w->st->per_mode[cx_infer_mode(op->kind)]++;
  const cx_type_t* types[256];
  uint32_t n = 0;
  cx_status_t st = cx_op_infer_result_types(w->ctx, op, types, 256, &n);
  if (st) {
    fail(w, op, "shape function failed: %s%s", cx_status_message(st), "");
    cx_status_free(st);
    return CX_WALK_ADVANCE;
  }
  if (n != op->num_results) {
    char a[32], b[32];
    snprintf(a, sizeof(a), "%u", n);
    snprintf(b, sizeof(b), "%u", op->num_results);
    fail(w, op, "infers %s results, the op has %s", a, b);
    return CX_WALK_ADVANCE;
  }
  for (uint32_t i = 0; i < n; i++) {
    w->st->results++;
    if (!types[i]) {
      w->st->given++;
      continue;
    }
    if (!agrees(w->ctx, op, types[i], op->results[i].type))
      fail(w, op, "declares '%s', incompatible with the inferred '%s'",
           cx_v_format_type(w->scratch, op->results[i].type),
           cx_v_format_type(w->scratch, types[i]));
  }
  return CX_WALK_ADVANCE;
}

typedef struct file_arg {
  cx_context_t* ctx;
  const char* path;
  stats_t* st;
} file_arg_t;

static cx_status_t check_case(const char* chunk, size_t len, unsigned first_line, void* arg) {
  file_arg_t* f = arg;
  // Negative tests: their ops break constraints on purpose.
  for (size_t i = 0; i + 14 <= len; i++)
    if (!memcmp(chunk + i, "expected-error", 14)) return NULL;
  f->st->cases++;
  cx_parse_options_t po = {0};
  po.filename = f->path;
  po.first_line = first_line;
  po.fill_elided_resources = true;
  cx_module_t* m = NULL;
  cx_status_t st = cx_module_parse_text(f->ctx, chunk, len, &po, &m);
  if (st) {
    fprintf(stderr, "FAIL %s:%u: does not parse: %s\n", f->path, first_line, cx_status_message(st));
    cx_status_free(st);
    f->st->failures++;
    return NULL;
  }
  cx_arena_t scratch;
  cx_arena_init(&scratch, cx_allocator_system());
  walk_arg_t w = {f->ctx, f->path, f->st, &scratch};
  (void)cx_walk_block(cx_module_block(m), CX_WALK_PRE_ORDER, check_op, &w);
  cx_arena_destroy(&scratch);
  cx_module_destroy(m);
  return NULL;
}

static int cmp_str(const void* a, const void* b) {
  return strcmp(*(const char* const*)a, *(const char* const*)b);
}

static void check_dir(cx_context_t* ctx, const char* dir, stats_t* st) {
  DIR* d = opendir(dir);
  if (!d) {
    fprintf(stderr, "FAIL cannot open %s\n", dir);
    st->failures++;
    return;
  }
  char** names = NULL;
  size_t n = 0, cap = 0;
  for (struct dirent* e; (e = readdir(d));) {
    size_t len = strlen(e->d_name);
    if (len < 5 || strcmp(e->d_name + len - 5, ".mlir")) continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 256;
      names = realloc(names, cap * sizeof(*names));
    }
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof(*names), cmp_str);
  for (size_t i = 0; i < n; i++) {
    char path[8192];
    snprintf(path, sizeof(path), "%.4000s/%.4000s", dir, names[i]);
    char* text;
    size_t len;
    cx_status_t s = cx_file_read(path, &text, &len);
    if (s) {
      fprintf(stderr, "FAIL %s: %s\n", path, cx_status_message(s));
      cx_status_free(s);
      st->failures++;
    } else {
      st->files++;
      file_arg_t f = {ctx, path, st};
      cx_status_free(cx_split_input(text, len, check_case, &f));
      free(text);
    }
    free(names[i]);
  }
  free(names);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: infer_agreement_test CONFORMANCE_DIR\n");
    return 2;
  }
  cx_context_t* ctx;
  cx_status_t s = cx_context_create(cx_allocator_system(), &ctx);
  if (s) return 1;
  stats_t st = {0};
  static const char* const dirs[] = {"testdata", "interpret", "models"};
  for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/%s", argv[1], dirs[i]);
    check_dir(ctx, dir, &st);
  }
  cx_context_destroy(ctx);
  printf(
      "infer agreement: %ld files, %ld cases, %ld ops (%ld inferred, %ld partly, %ld given), "
      "%ld results (%ld given), %ld failures\n",
      st.files, st.cases, st.ops, st.per_mode[CX_INFER_TYPES], st.per_mode[CX_INFER_PARTIAL],
      st.per_mode[CX_INFER_GIVEN], st.results, st.given, st.failures);
  return st.failures ? 1 : 0;
}
