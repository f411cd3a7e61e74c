// Every portable artifact of the corpus survives the trip to text (ctest
// bytecode/text_roundtrip): for each *.bc and *.mlirbc under the directory,
//   read (cx_bc_read) -> verify -> print (pretty and generic)
//   -> parse the text -> verify -> the same module (cx_module_equal).
// What the reader keeps implicit must still verify once printed: dropping an
// attribute that StableHLO keeps (custom_call's `result_layouts = []`) made
// the printed program fail with "Layout attributes should be specified for
// either both operands and results or none".
//
// Artifacts that are meant not to read (invalid_*) are skipped. Programs
// with ops of dialects cxla does not know cannot verify;
// they must still read, and their text must read back as the same module
// (counted and named in a NOTE).
//
// Usage: text_roundtrip_test DIR
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cxla/bytecode.h"
#include "cxla/module.h"
#include "ir/ir.h"
#include "support/file.h"

static int g_failures, g_artifacts, g_foreign;

static void fail(const char* path, const char* what, cx_status_t st) {
  fprintf(stderr, "FAIL %s: %s", path, what);
  if (st) {
    fprintf(stderr, ": ");
    cx_status_print(st, stderr);
    cx_status_free(st);
  } else {
    fprintf(stderr, "\n");
  }
  g_failures++;
}

static bool ends_with(const char* s, const char* suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

static bool has_unknown_op(const cx_block_t* b) {
  for (const cx_op_t* op = b ? b->first_op : NULL; op; op = op->next) {
    if (op->kind == CX_OP_UNKNOWN) return true;
    for (uint32_t r = 0; r < op->num_regions; r++)
      for (const cx_block_t* c = op->regions[r].first_block; c; c = c->next)
        if (has_unknown_op(c)) return true;
  }
  return false;
}

static void check_mode(cx_context_t* ctx, const char* path, cx_module_t* m, bool generic,
                       bool verify) {
  const char* mode = generic ? "generic" : "pretty";
  cx_print_options_t po = {generic, false};
  char* text = NULL;
  char what[128];
  cx_status_t st = cx_module_print(m, &po, &text);
  if (st) {
    snprintf(what, sizeof(what), "print (%s)", mode);
    fail(path, what, st);
    return;
  }
  cx_parse_options_t pa = {generic ? "<printed generic>" : "<printed pretty>", 0, false};
  cx_module_t* back = NULL;
  st = cx_module_parse_text(ctx, text, strlen(text), &pa, &back);
  if (!st && verify) st = cx_module_verify(back);
  if (st) {
    snprintf(what, sizeof(what), "the %s text does not parse%s", mode, verify ? " and verify" : "");
    fail(path, what, st);
  } else {
    char why[512];
    if (!cx_module_equal(m, back, why, sizeof(why))) {
      fprintf(stderr, "FAIL %s: the %s text reads back as another module: %s\n", path, mode, why);
      g_failures++;
    }
  }
  cx_module_destroy(back);
  free(text);
}

static void check_artifact(cx_context_t* ctx, const char* path) {
  char* data;
  size_t len;
  cx_status_t st = cx_file_read(path, &data, &len);
  if (st) {
    fail(path, "read", st);
    return;
  }
  g_artifacts++;
  cx_bc_read_options_t ro = {path, false, true, false};
  cx_module_t* m = NULL;
  st = cx_bc_read(ctx, data, len, &ro, &m);
  free(data);
  bool verify = true;
  if (!st && has_unknown_op(cx_module_block(m))) {
    printf("NOTE %s: ops of other dialects; read and printed, not verified\n", path);
    verify = false;
    g_foreign++;
  }
  if (!st && verify) st = cx_module_verify(m);
  if (st) {
    fail(path, "the artifact does not read and verify", st);
  } else {
    check_mode(ctx, path, m, false, verify);
    check_mode(ctx, path, m, true, verify);
  }
  cx_module_destroy(m);
}

static int compare_names(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

static void walk(cx_context_t* ctx, const char* dir) {
  DIR* d = opendir(dir);
  if (!d) {
    fprintf(stderr, "FAIL cannot open %s\n", dir);
    g_failures++;
    return;
  }
  char** names = NULL;
  size_t n = 0, cap = 0;
  for (struct dirent* e; (e = readdir(d));) {
    if (e->d_name[0] == '.') continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 64;
      char** grown = realloc(names, cap * sizeof(*names));
      if (!grown) break;
      names = grown;
    }
    names[n] = strdup(e->d_name);
    if (names[n]) n++;
  }
  closedir(d);
  qsort(names, n, sizeof(*names), compare_names);
  for (size_t i = 0; i < n; i++) {
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
      walk(ctx, path);
    } else if ((ends_with(names[i], ".bc") || ends_with(names[i], ".mlirbc")) &&
               strncmp(names[i], "invalid_", 8) != 0) {
      check_artifact(ctx, path);
    }
    free(names[i]);
  }
  free(names);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: text_roundtrip_test DIR\n");
    return 2;
  }
  cx_context_t* ctx = NULL;
  cx_status_t st = cx_context_create(cx_allocator_system(), &ctx);
  if (st) {
    cx_status_print(st, stderr);
    cx_status_free(st);
    return 1;
  }
  walk(ctx, argv[1]);
  cx_context_destroy(ctx);
  printf("%d artifacts (%d with ops of other dialects, not verified), %d failures\n", g_artifacts,
         g_foreign, g_failures);
  if (g_artifacts == 0) {
    fprintf(stderr, "FAIL no artifact found under %s\n", argv[1]);
    return 1;
  }
  return g_failures ? 1 : 0;
}
