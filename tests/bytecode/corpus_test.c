// The portable-artifact corpus test (ctest bytecode/corpus):
//
//  vhlo/   every NAME.mlir.bc deserializes to the program in NAME.mlir
//          (printed text compared; StableHLO's implicit defaults that a
//          .mlir spells out are normalized by a write/read at the current
//          version), and serializing NAME.mlir for the file's version
//          reproduces NAME.mlir.bc byte for byte (counted; a difference must
//          still deserialize to the same module);
//          invalid_vhlo_future.mlir.bc fails naming both StableHLO versions.
//  models/ NAME.mlir.bc deserializes to the module NAME.mlir parses to.
//  jax/    NAME.mlirbc deserializes to the module of NAME.mlir (artifacts
//          with Shardy attributes, which cxla keeps undecoded, are counted
//          apart).
//  Every artifact also survives truncation and byte corruption with an error
//  or a module (never a crash: run under ASan), and re-serializes to an
//  artifact that reads back as the same module.
//
//  REGRESS_DIR (tests/bytecode/regress): inputs the fuzzer once broke the
//          reader or writer with; each holds to fuzz/bytecode_fuzz.c's
//          contract (an error, or a module that serializes and reads back
//          as itself), all in one context as the fuzzer runs them.
//
// Usage: corpus_test CONFORMANCE_DIR [REGRESS_DIR]
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxla/bytecode.h"
#include "cxla/module.h"
#include "ir/ir.h"
#include "support/file.h"

static int g_failures;

#define FAIL(...)                 \
  do {                            \
    fprintf(stderr, "FAIL ");     \
    fprintf(stderr, __VA_ARGS__); \
    fprintf(stderr, "\n");        \
    g_failures++;                 \
  } while (0)

static char* print_module(const cx_module_t* m) {
  cx_print_options_t po = {false, false};
  char* text = NULL;
  cx_status_t st = cx_module_print(m, &po, &text);
  if (st) {
    cx_status_free(st);
    return NULL;
  }
  return text;
}

static cx_module_t* read_bc(cx_context_t* ctx, const uint8_t* data, size_t len, const char* name,
                            cx_status_t* out_st) {
  cx_bc_read_options_t ro = {name, false, false, false};
  cx_module_t* m = NULL;
  *out_st = cx_bc_read(ctx, data, len, &ro, &m);
  return m;
}

static cx_module_t* parse_file(cx_context_t* ctx, const char* path) {
  char* text;
  size_t len;
  cx_status_t st = cx_file_read(path, &text, &len);
  if (st) {
    cx_status_print(st, stderr);
    cx_status_free(st);
    return NULL;
  }
  cx_parse_options_t po = {path, 0, false};
  cx_module_t* m = NULL;
  st = cx_module_parse_text(ctx, text, len, &po, &m);
  free(text);
  if (st) {
    cx_status_print(st, stderr);
    cx_status_free(st);
    return NULL;
  }
  return m;
}

// Writes and reads back: the module as cxla reads it after StableHLO's
// conversions, which makes implicit defaults implicit.
static cx_module_t* through_bytecode(cx_context_t* ctx, const cx_module_t* m, const char* target,
                                     uint8_t** out_bytes, size_t* out_len, cx_status_t* out_st) {
  cx_bc_write_options_t wo = {target, true};
  uint8_t* bytes;
  size_t len;
  *out_st = cx_bc_write(m, &wo, &bytes, &len);
  if (*out_st) return NULL;
  cx_module_t* back = read_bc(ctx, bytes, len, "<written>", out_st);
  if (out_bytes) {
    *out_bytes = bytes;
    *out_len = len;
  } else {
    free(bytes);
  }
  return back;
}

static bool same_text(const cx_module_t* a, const cx_module_t* b, int* out_diff_lines) {
  char* x = print_module(a);
  char* y = print_module(b);
  bool same = x && y && !strcmp(x, y);
  if (out_diff_lines) {
    // Lines that differ (by position), for the report.
    int diff = 0;
    const char *p = x ? x : "", *q = y ? y : "";
    while (*p || *q) {
      const char* pe = strchr(p, '\n');
      const char* qe = strchr(q, '\n');
      size_t pl = pe ? (size_t)(pe - p) : strlen(p), ql = qe ? (size_t)(qe - q) : strlen(q);
      if (pl != ql || memcmp(p, q, pl)) diff++;
      p += pl + (pe ? 1 : 0);
      q += ql + (qe ? 1 : 0);
    }
    *out_diff_lines = diff;
  }
  free(x);
  free(y);
  return same;
}

// Truncations and byte corruptions: errors or modules, never a crash.
static void hostile(cx_context_t* ctx, const uint8_t* data, size_t len, const char* name) {
  size_t step = len / 40 + 1;
  uint8_t* copy = malloc(len + 1);
  if (!copy) return;
  for (size_t cut = 0; cut < len; cut += step) {
    memcpy(copy, data, cut);
    cx_status_t st;
    cx_module_t* m = read_bc(ctx, copy, cut, name, &st);
    if (!st) {
      FAIL("%s truncated to %zu bytes read without an error", name, cut);
      cx_module_destroy(m);
    }
    cx_status_free(st);
  }
  uint32_t seed = 12345;
  for (int k = 0; k < 120; k++) {
    memcpy(copy, data, len);
    for (int j = 0; j < 3; j++) {
      seed = seed * 1103515245u + 12345u;
      size_t at = (seed >> 8) % len;
      seed = seed * 1103515245u + 12345u;
      copy[at] ^= (uint8_t)(1 + (seed >> 16) % 255);
    }
    cx_status_t st;
    cx_module_t* m = read_bc(ctx, copy, len, name, &st);
    cx_module_destroy(m);
    cx_status_free(st);
  }
  free(copy);
}

static uint8_t* load(const char* path, size_t* len) {
  char* data;
  cx_status_t st = cx_file_read(path, &data, len);
  if (st) {
    cx_status_print(st, stderr);
    cx_status_free(st);
    return NULL;
  }
  return (uint8_t*)data;
}

static bool ends_with(const char* s, const char* suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && !strcmp(s + a - b, suffix);
}

static int cmp_names(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

static int list_dir(const char* dir, const char* suffix, char*** out) {
  DIR* d = opendir(dir);
  if (!d) return 0;
  int n = 0, cap = 64;
  char** names = malloc(cap * sizeof(char*));
  struct dirent* e;
  while (names && (e = readdir(d))) {
    if (!ends_with(e->d_name, suffix)) continue;
    if (n == cap) {
      cap *= 2;
      char** grown = realloc(names, cap * sizeof(char*));
      if (!grown) break;
      names = grown;
    }
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  if (names) qsort(names, n, sizeof(char*), cmp_names);
  *out = names;
  return names ? n : 0;
}

// "stablehlo_legalize_to_vhlo.1_20_0.mlir" -> "1.20.0"
static bool version_of(const char* name, char* out, size_t size) {
  const char* dot = strchr(name, '.');
  if (!dot) return false;
  const char* v = dot + 1;
  const char* end = strstr(v, ".mlir");
  if (!end || end == v) return false;
  size_t n = (size_t)(end - v);
  if (n >= size) return false;
  for (size_t i = 0; i < n; i++) {
    char c = v[i];
    if (c == '_') c = '.';
    else if (c < '0' || c > '9') return false;
    out[i] = c;
  }
  out[n] = 0;
  return true;
}

static void check_vhlo(cx_context_t* ctx, const char* root) {
  char dir[1024];
  snprintf(dir, sizeof(dir), "%s/vhlo", root);
  char** names;
  int n = list_dir(dir, ".mlir.bc", &names);
  int read_ok = 0, equal = 0, equal_raw = 0, total = 0, legalize = 0, identical = 0;
  for (int i = 0; i < n; i++) {
    char bc_path[1200], txt_path[1200];
    snprintf(bc_path, sizeof(bc_path), "%s/%s", dir, names[i]);
    snprintf(txt_path, sizeof(txt_path), "%s/%.*s", dir, (int)(strlen(names[i]) - 3), names[i]);
    size_t len;
    uint8_t* data = load(bc_path, &len);
    if (!data) {
      FAIL("%s: unreadable", bc_path);
      continue;
    }
    hostile(ctx, data, len, names[i]);
    cx_status_t st;
    cx_module_t* from_bc = read_bc(ctx, data, len, names[i], &st);
    if (!strcmp(names[i], "invalid_vhlo_future.mlir.bc")) {
      const char* msg = st ? cx_status_message(st) : "";
      if (!st || !strstr(msg, "produced by: StableHLO_v2.0.0") ||
          !strstr(msg, "using StableHLO_v1.20.0") || !strstr(msg, "vhlo.constant_v99"))
        FAIL("%s: expected the version error, got '%s'", names[i], msg);
      else
        printf("ok %s: %s\n", names[i], msg);
      cx_status_free(st);
      cx_module_destroy(from_bc);
      free(data);
      continue;
    }
    total++;
    if (st) {
      FAIL("%s: %s", names[i], cx_status_message(st));
      cx_status_free(st);
      free(data);
      continue;
    }
    read_ok++;
    cx_module_t* txt = parse_file(ctx, txt_path);
    if (!txt) {
      FAIL("%s: the text does not parse", txt_path);
      cx_module_destroy(from_bc);
      free(data);
      continue;
    }
    int raw_diff = 0;
    if (same_text(from_bc, txt, &raw_diff)) equal_raw++;
    cx_module_t* canon = through_bytecode(ctx, txt, "current", NULL, NULL, &st);
    if (st) {
      FAIL("%s: serializing the text: %s", txt_path, cx_status_message(st));
      cx_status_free(st);
    } else if (same_text(from_bc, canon, NULL) && cx_module_equal(from_bc, canon, NULL, 0)) {
      equal++;
    } else {
      char why[512] = "";
      cx_module_equal(from_bc, canon, why, sizeof(why));
      FAIL("%s: deserializes to a different module than %s: %s", names[i], txt_path, why);
    }
    cx_module_destroy(canon);
    char version[32];
    bool is_legalize = !strncmp(names[i], "stablehlo_legalize_to_vhlo.", 27);
    if (version_of(names[i], version, sizeof(version))) {
      uint8_t* bytes;
      size_t blen;
      cx_module_t* back = through_bytecode(ctx, is_legalize ? txt : from_bc, version, &bytes, &blen, &st);
      if (st) {
        FAIL("%s: serializing for %s: %s", names[i], version, cx_status_message(st));
        cx_status_free(st);
      } else {
        if (is_legalize) {
          legalize++;
          if (blen == len && !memcmp(bytes, data, len)) identical++;
          else printf("note %s: serialization for %s is not byte-identical (%zu vs %zu bytes)\n",
                      names[i], version, blen, len);
        }
        if (!cx_module_equal(back, from_bc, NULL, 0) || !same_text(back, from_bc, NULL))
          FAIL("%s: re-serialized for %s, reads back as a different module", names[i], version);
        free(bytes);
      }
      cx_module_destroy(back);
    }
    printf("ok %s (printed text %s the .mlir's%s)\n", names[i], raw_diff ? "differs from" : "equals",
           raw_diff ? " only in explicit defaults" : "");
    cx_module_destroy(txt);
    cx_module_destroy(from_bc);
    free(data);
  }
  printf("vhlo: %d/%d artifacts read; %d/%d deserialize to the .mlir's module (%d with identical "
         "printed text before normalizing defaults); %d/%d serialize byte-identically\n",
         read_ok, total, equal, total, equal_raw, identical, legalize);
  if (identical != legalize) FAIL("vhlo: %d of %d not byte-identical", legalize - identical, legalize);
  for (int i = 0; i < n; i++) free(names[i]);
  free(names);
}

// models/ and jax/: artifacts exported by frameworks.
static void check_exports(cx_context_t* ctx, const char* root, const char* sub,
                          const char* suffix, const char* const* undecoded, int nundecoded) {
  char dir[1024];
  snprintf(dir, sizeof(dir), "%s/%s", root, sub);
  char** names;
  int n = list_dir(dir, suffix, &names);
  int total = 0, equal = 0, roundtrip = 0, expected_diff = 0;
  for (int i = 0; i < n; i++) {
    char bc_path[1200], txt_path[1200];
    snprintf(bc_path, sizeof(bc_path), "%s/%s", dir, names[i]);
    snprintf(txt_path, sizeof(txt_path), "%s/%.*s.mlir", dir,
             (int)(strlen(names[i]) - strlen(suffix)), names[i]);
    size_t len;
    uint8_t* data = load(bc_path, &len);
    if (!data) continue;
    total++;
    hostile(ctx, data, len, names[i]);
    cx_status_t st;
    cx_module_t* from_bc = read_bc(ctx, data, len, names[i], &st);
    if (st) {
      FAIL("%s: %s", names[i], cx_status_message(st));
      cx_status_free(st);
      free(data);
      continue;
    }
    bool known = false;
    for (int k = 0; k < nundecoded; k++) known |= strstr(names[i], undecoded[k]) != NULL;
    cx_module_t* txt = parse_file(ctx, txt_path);
    if (txt && same_text(from_bc, txt, NULL) && cx_module_equal(from_bc, txt, NULL, 0)) {
      equal++;
    } else if (known) {
      expected_diff++;
      printf("note %s: differs from the text only where it holds Shardy attributes, which "
             "cxla keeps in their undecoded bytecode form\n", names[i]);
    } else {
      char why[512] = "";
      if (txt) cx_module_equal(from_bc, txt, why, sizeof(why));
      FAIL("%s: deserializes to a different module than %s: %s", names[i], txt_path, why);
    }
    if (!known) {
      cx_bc_artifact_info_t info;
      cx_status_t ist = cx_bc_artifact_info(data, len, &info);
      cx_status_free(ist);
      cx_module_t* back = through_bytecode(ctx, from_bc, info.version[0] ? info.version : "current",
                                           NULL, NULL, &st);
      if (st) {
        FAIL("%s: re-serializing: %s", names[i], cx_status_message(st));
        cx_status_free(st);
      } else if (cx_module_equal(back, from_bc, NULL, 0)) {
        roundtrip++;
      } else {
        FAIL("%s: re-serialized artifact reads back differently", names[i]);
      }
      cx_module_destroy(back);
    }
    cx_module_destroy(txt);
    cx_module_destroy(from_bc);
    free(data);
  }
  printf("%s: %d/%d artifacts deserialize to the .mlir's module (%d differ only in undecoded "
         "Shardy attributes); %d re-serialize and read back equal\n",
         sub, equal, total, expected_diff, roundtrip);
  for (int i = 0; i < n; i++) free(names[i]);
  free(names);
}

// Targets the program cannot be written for are errors naming the op.
static void check_downgrade_errors(cx_context_t* ctx, const char* root) {
  char path[1200];
  snprintf(path, sizeof(path), "%s/vhlo/stablehlo_legalize_to_vhlo.1_20_0.mlir", root);
  cx_module_t* m = parse_file(ctx, path);
  if (!m) return;
  cx_bc_write_options_t wo = {"1.0.0", true};
  uint8_t* bytes;
  size_t len;
  cx_status_t st = cx_bc_write(m, &wo, &bytes, &len);
  if (!st || !strstr(cx_status_message(st), "op ") || !strstr(cx_status_message(st), "1.0.0"))
    FAIL("writing 1.20 features for 1.0.0: expected an error naming the op and version");
  else
    printf("ok downgrade error: %s\n", cx_status_message(st));
  cx_status_free(st);
  static const char* const kBad[] = {"2.0.0", "0.8.0", "1.x.0", ""};
  for (size_t i = 0; i < sizeof(kBad) / sizeof(kBad[0]); i++) {
    wo.target = kBad[i];
    st = cx_bc_write(m, &wo, &bytes, &len);
    if (!st) FAIL("target '%s' was accepted", kBad[i]);
    cx_status_free(st);
  }
  cx_module_destroy(m);
}

// The fuzz harness's contract, for inputs it once failed.
static void check_regressions(cx_context_t* ctx, const char* dir) {
  char** names;
  int n = list_dir(dir, ".mlirbc", &names);
  if (n == 0) FAIL("no regression inputs in %s", dir);
  for (int i = 0; i < n; i++) {
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
    size_t len;
    uint8_t* data = load(path, &len);
    if (!data) {
      FAIL("%s: cannot read", names[i]);
      free(names[i]);
      continue;
    }
    cx_status_t st;
    cx_module_t* m = read_bc(ctx, data, len, names[i], &st);
    if (st) {
      cx_status_free(st);
    } else {
      char* text = print_module(m);
      free(text);
      cx_status_free(cx_module_verify(m));
      cx_bc_write_options_t wo = {"current", true};
      uint8_t* bytes = NULL;
      size_t blen = 0;
      st = cx_bc_write(m, &wo, &bytes, &blen);
      if (st) {
        cx_status_free(st);
      } else {
        cx_module_t* back = read_bc(ctx, bytes, blen, names[i], &st);
        char why[512] = "";
        if (st) {
          FAIL("%s: rewritten artifact does not read: %s", names[i], cx_status_message(st));
          cx_status_free(st);
        } else if (!cx_module_equal(m, back, why, sizeof(why))) {
          FAIL("%s: rewritten artifact reads back differently: %s", names[i], why);
        }
        cx_module_destroy(back);
        free(bytes);
      }
      cx_module_destroy(m);
    }
    free(data);
    free(names[i]);
  }
  free(names);
  printf("regressions: %d inputs\n", n);
}

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    fprintf(stderr, "usage: corpus_test CONFORMANCE_DIR [REGRESS_DIR]\n");
    return 2;
  }
  cx_context_t* ctx;
  cx_status_t st = cx_context_create(cx_allocator_system(), &ctx);
  if (st) return 1;
  check_vhlo(ctx, argv[1]);
  check_exports(ctx, argv[1], "models", ".mlir.bc", NULL, 0);
  // (Shardy's attributes, e.g. the triangular_solve artifacts' sharding
  // rules, are decoded: every artifact equals its text.)
  check_exports(ctx, argv[1], "jax", ".mlirbc", NULL, 0);
  check_downgrade_errors(ctx, argv[1]);
  if (argc == 3) check_regressions(ctx, argv[2]);
  cx_context_destroy(ctx);
  printf("%s (%d failures)\n", g_failures ? "FAILED" : "PASSED", g_failures);
  return g_failures ? 1 : 0;
}
