// Round-trip test driver: for every .mlir file (and every `// -----` chunk of
// it), parse -> print -> parse -> print must give the same text in both the
// pretty and the generic printer modes, and the two parses must be the same
// module (cx_module_equal).
//
// usage: roundtrip [options] PATH...
//   PATH is a .mlir file or a directory (walked recursively for *.mlir).
//   --strict-expected-errors  a chunk annotated `expected-error` that parses
//                             and verifies is a failure (default: a note,
//                             until the verifier covers every op family)
//   --fill-elided             fill dense_resource<__elided__> constants in
//                             every file (default: only in files that contain
//                             "__elided__", e.g. models/jax_resnet_50.mlir)
//   --no-verify               skip the verifier
//   --golden-min N            also compare the pretty print of each chunk with
//                             the chunk itself (comment and blank lines
//                             dropped): files printed by stablehlo-opt must
//                             come out byte for byte; fail if fewer than N
//                             chunks do (a ratchet: raise N as the printer
//                             gets closer to MLIR's output)
//   --clone                   instead of the round trip, check cx_module_clone
//                             on every chunk that parses and verifies: the
//                             clone equals the original (cx_module_equal),
//                             prints the same text in both modes, still does
//                             once the original is destroyed, and every op of
//                             it has unique value ids and operand/result
//                             counts within its ops.def bounds
//   -v                        print every file's result, not only failures
//
// Everything runs in-process, one context per file, so the whole corpus takes
// seconds; every failing chunk is reported (the driver does not stop at the
// first), then a summary, and the exit status is 1 if anything failed.
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cxla/module.h"
#include "ir/clone.h"
#include "ir/ir.h"
#include "ir/walk.h"
#include "support/file.h"

typedef struct options {
  bool strict_expected_errors;
  bool fill_elided_all;
  bool no_verify;
  bool clone;
  bool verbose;
  long golden_min;  // -1: no golden comparison
} options_t;

typedef struct totals {
  unsigned files, chunks, passed, failed, expected_errors, notes;
  unsigned golden_checked, golden_matched;
} totals_t;

// ----------------------------------------------------------------------------
// File list.

typedef struct path_list {
  char** items;
  size_t len, cap;
} path_list_t;

static bool list_push(path_list_t* l, const char* path) {
  if (l->len == l->cap) {
    size_t cap = l->cap ? 2 * l->cap : 256;
    char** grown = realloc(l->items, cap * sizeof(char*));
    if (!grown) return false;
    l->items = grown;
    l->cap = cap;
  }
  char* copy = strdup(path);
  if (!copy) return false;
  l->items[l->len++] = copy;
  return true;
}

static bool has_suffix(const char* s, const char* suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

// Collects *.mlir under `dir` (recursively). Returns false on an I/O error.
static bool walk_dir(const char* dir, path_list_t* out) {
  DIR* d = opendir(dir);
  if (!d) {
    fprintf(stderr, "roundtrip: cannot open directory %s\n", dir);
    return false;
  }
  bool ok = true;
  struct dirent* e;
  while (ok && (e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    size_t n = strlen(dir) + strlen(e->d_name) + 2;
    char* path = malloc(n);
    if (!path) {
      ok = false;
      break;
    }
    snprintf(path, n, "%s/%s", dir, e->d_name);
    struct stat sb;
    if (stat(path, &sb) != 0) {
      fprintf(stderr, "roundtrip: cannot stat %s\n", path);
      ok = false;
    } else if (S_ISDIR(sb.st_mode)) {
      ok = walk_dir(path, out);
    } else if (S_ISREG(sb.st_mode) && has_suffix(e->d_name, ".mlir")) {
      ok = list_push(out, path);
    }
    free(path);
  }
  closedir(d);
  return ok;
}

static int cmp_str(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

// ----------------------------------------------------------------------------
// One chunk.

typedef struct chunk_ctx {
  const options_t* opts;
  totals_t* totals;
  cx_context_t* ctx;
  const char* path;
  bool fill_elided;
  unsigned chunk_index;
  unsigned num_chunks_failed;
} chunk_ctx_t;

static bool chunk_expects_error(const char* text, size_t len) {
  static const char kNeedle[] = "expected-error";
  size_t m = sizeof(kNeedle) - 1;
  for (size_t i = 0; i + m <= len; i++)
    if (text[i] == 'e' && memcmp(text + i, kNeedle, m) == 0) return true;
  return false;
}

// "FAIL file:line (chunk N) [mode]: what: detail"; `line` is the chunk's
// first line in the input.
static void report_fail(chunk_ctx_t* c, unsigned line, const char* mode, const char* what,
                        const char* detail) {
  printf("FAIL %s:%u (chunk %u)%s%s%s: %s%s%s\n", c->path, line, c->chunk_index,
         mode ? " [" : "", mode ? mode : "", mode ? "]" : "", what, detail ? ": " : "",
         detail ? detail : "");
}

// Line-by-line comparison: the first differing line of two printed texts.
static void first_diff(const char* a, const char* b, char* out, size_t size) {
  unsigned line = 1;
  const char* la = a;
  const char* lb = b;
  while (*a && *a == *b) {
    if (*a == '\n') {
      line++;
      la = a + 1;
      lb = b + 1;
    }
    a++;
    b++;
  }
  int na = (int)(strchrnul(la, '\n') - la);
  int nb = (int)(strchrnul(lb, '\n') - lb);
  if (na > 200) na = 200;
  if (nb > 200) nb = 200;
  snprintf(out, size, "line %u differs:\n    first:  %.*s\n    second: %.*s", line, na, la, nb,
           lb);
}

static char* status_text(cx_status_t st) {
  const char* loc = cx_status_location(st);
  size_t n = (loc ? strlen(loc) : 0) + strlen(cx_status_message(st)) + 4;
  char* s = malloc(n);
  if (s) snprintf(s, n, "%s%s%s", loc ? loc : "", loc ? ": " : "", cx_status_message(st));
  return s;
}

// Parses (and verifies) text. On failure returns the status; *out is NULL.
static cx_status_t parse_verify(chunk_ctx_t* c, const char* text, size_t len, unsigned first_line,
                                const char* filename, cx_module_t** out) {
  cx_parse_options_t po = {filename, first_line, c->fill_elided};
  cx_status_t st = cx_module_parse_text(c->ctx, text, len, &po, out);
  if (st) return st;
  if (!c->opts->no_verify) {
    st = cx_module_verify(*out);
    if (st) {
      cx_module_destroy(*out);
      *out = NULL;
    }
  }
  return st;
}

// The round trip of one parsed module in one printer mode. Returns true if
// it held; reports the failure otherwise.
static bool round_trip_mode(chunk_ctx_t* c, unsigned line, cx_module_t* m1, bool generic) {
  const char* mode = generic ? "generic" : "pretty";
  cx_print_options_t pr = {generic, false};
  char* t1 = NULL;
  char* t2 = NULL;
  cx_module_t* m2 = NULL;
  bool ok = false;
  cx_status_t st = cx_module_print(m1, &pr, &t1);
  if (st) {
    char* s = status_text(st);
    report_fail(c, line, mode, "printing failed", s);
    free(s);
    goto done;
  }
  // The printed text is parsed under a name that says where it came from, so
  // a failure's location points into the printed text, not the input.
  char printed_name[64];
  snprintf(printed_name, sizeof(printed_name), "<printed %s>", mode);
  st = parse_verify(c, t1, strlen(t1), 1, printed_name, &m2);
  if (st) {
    char* s = status_text(st);
    report_fail(c, line, mode, "the printed text does not parse and verify", s);
    free(s);
    if (c->opts->verbose) printf("---- printed text ----\n%s----\n", t1);
    goto done;
  }
  char why[1024];
  if (!cx_module_equal(m1, m2, why, sizeof(why))) {
    report_fail(c, line, mode, "the re-parsed module differs", why);
    goto done;
  }
  st = cx_module_print(m2, &pr, &t2);
  if (st) {
    char* s = status_text(st);
    report_fail(c, line, mode, "printing the re-parsed module failed", s);
    free(s);
    goto done;
  }
  if (strcmp(t1, t2) != 0) {
    char diff[1024];
    first_diff(t1, t2, diff, sizeof(diff));
    report_fail(c, line, mode, "printing is not stable", diff);
    goto done;
  }
  ok = true;
done:
  cx_status_free(st);
  cx_module_destroy(m2);
  free(t1);
  free(t2);
  return ok;
}

// The chunk's text without comment lines and blank lines (stablehlo-opt's
// output has neither; the corpus files add RUN lines on top). Caller frees.
static char* strip_comments(const char* text, size_t len) {
  char* out = malloc(len + 1);
  if (!out) return NULL;
  size_t n = 0;
  const char* end = text + len;
  for (const char* c = text; c < end;) {
    const char* nl = memchr(c, '\n', (size_t)(end - c));
    const char* eol = nl ? nl : end;
    const char* s = c;
    while (s < eol && (*s == ' ' || *s == '\t' || *s == '\r')) s++;
    bool skip = s == eol || (eol - s >= 2 && s[0] == '/' && s[1] == '/');
    if (!skip) {
      memcpy(out + n, c, (size_t)(eol - c));
      n += (size_t)(eol - c);
      out[n++] = '\n';
    }
    c = nl ? nl + 1 : end;
  }
  out[n] = 0;
  return out;
}

// Golden comparison: does the pretty print equal the input as written?
static void golden_check(chunk_ctx_t* c, unsigned line, const char* text, size_t len,
                         cx_module_t* m) {
  cx_print_options_t pr = {false, false};
  char* printed = NULL;
  cx_status_t st = cx_module_print(m, &pr, &printed);
  char* want = strip_comments(text, len);
  char* got = printed ? strip_comments(printed, strlen(printed)) : NULL;
  c->totals->golden_checked++;
  if (!st && want && got && strcmp(want, got) == 0) {
    c->totals->golden_matched++;
  } else if (c->opts->verbose && want && got) {
    char diff[1024];
    first_diff(want, got, diff, sizeof(diff));
    printf("GOLDEN %s:%u (chunk %u): the printed text differs from the input: %s\n", c->path,
           line, c->chunk_index, diff);
  }
  cx_status_free(st);
  free(printed);
  free(want);
  free(got);
}

// ----------------------------------------------------------------------------
// --clone

typedef struct clone_walk {
  uint8_t* seen_ids;  // one bit per value id
  uint32_t num_ids;
  const cx_op_t* bad_counts;  // the first op outside its bounds
  const cx_value_t* bad_id;   // the first value with a repeated or too large id
} clone_walk_t;

static void note_id(clone_walk_t* w, const cx_value_t* v) {
  if (w->bad_id) return;
  if (v->id >= w->num_ids || (w->seen_ids[v->id / 8] >> (v->id % 8)) & 1) {
    w->bad_id = v;
    return;
  }
  w->seen_ids[v->id / 8] |= (uint8_t)(1u << (v->id % 8));
}

static cx_walk_result_t check_op(cx_op_t* op, void* arg) {
  clone_walk_t* w = arg;
  if (!w->bad_counts && op->kind != CX_OP_UNKNOWN && !cx_op_counts_ok(op)) w->bad_counts = op;
  for (uint32_t i = 0; i < op->num_results; i++) note_id(w, &op->results[i]);
  for (uint32_t r = 0; r < op->num_regions; r++)
    for (cx_block_t* b = op->regions[r].first_block; b; b = b->next)
      for (uint32_t i = 0; i < b->num_args; i++) note_id(w, b->args[i]);
  return CX_WALK_ADVANCE;
}

// Checks cx_module_clone on a parsed module, which it destroys. Returns
// true if everything held; reports the failures otherwise.
static bool clone_check(chunk_ctx_t* c, unsigned line, cx_module_t* m1) {
  cx_module_t* m2 = NULL;
  char* texts[2] = {NULL, NULL};   // m1 printed: pretty, generic
  char* cloned[2] = {NULL, NULL};  // m2 printed
  char* after = NULL;              // m2 printed after m1 is gone
  bool ok = false;
  cx_status_t st = cx_module_clone(m1, c->ctx, &m2);
  if (st) {
    char* s = status_text(st);
    report_fail(c, line, "clone", "cx_module_clone failed", s);
    free(s);
    goto out;
  }
  char why[1024];
  if (!cx_module_equal(m1, m2, why, sizeof(why))) {
    report_fail(c, line, "clone", "the clone differs from the original", why);
    goto out;
  }
  for (int g = 0; g < 2 && !st; g++) {
    cx_print_options_t pr = {g == 1, false};
    st = cx_module_print(m1, &pr, &texts[g]);
    if (!st) st = cx_module_print(m2, &pr, &cloned[g]);
    if (!st && strcmp(texts[g], cloned[g]) != 0) {
      char diff[1024];
      first_diff(texts[g], cloned[g], diff, sizeof(diff));
      report_fail(c, line, g ? "clone, generic" : "clone, pretty",
                  "the clone prints differently", diff);
      goto out;
    }
  }
  if (st) {
    char* s = status_text(st);
    report_fail(c, line, "clone", "printing failed", s);
    free(s);
    goto out;
  }
  // The clone must not borrow anything from the original.
  cx_module_destroy(m1);
  m1 = NULL;
  cx_print_options_t pretty = {false, false};
  st = cx_module_print(m2, &pretty, &after);
  if (st || strcmp(after, texts[0]) != 0) {
    report_fail(c, line, "clone", "the clone prints differently once the original is destroyed",
                NULL);
    goto out;
  }
  clone_walk_t w = {calloc(m2->next_value_id / 8 + 1, 1), m2->next_value_id, NULL, NULL};
  if (!w.seen_ids) goto out;
  (void)cx_walk_module(m2, CX_WALK_PRE_ORDER, check_op, &w);
  free(w.seen_ids);
  if (w.bad_counts) {
    char detail[256];
    snprintf(detail, sizeof(detail), "'%s' has %u operands and %u results", w.bad_counts->name,
             w.bad_counts->num_operands, w.bad_counts->num_results);
    report_fail(c, line, "clone", "an op is outside the counts ops.def allows", detail);
    goto out;
  }
  if (w.bad_id) {
    report_fail(c, line, "clone", "a value id is repeated or not below next_value_id", NULL);
    goto out;
  }
  ok = true;
out:
  cx_status_free(st);
  for (int g = 0; g < 2; g++) {
    free(texts[g]);
    free(cloned[g]);
  }
  free(after);
  cx_module_destroy(m1);
  cx_module_destroy(m2);
  return ok;
}

static cx_status_t run_chunk(const char* text, size_t len, unsigned first_line, void* arg) {
  chunk_ctx_t* c = arg;
  totals_t* t = c->totals;
  c->chunk_index++;
  t->chunks++;
  bool expects_error = chunk_expects_error(text, len);
  cx_module_t* m1 = NULL;
  cx_status_t st = parse_verify(c, text, len, first_line, c->path, &m1);
  if (st) {
    if (expects_error) {
      t->expected_errors++;
      t->passed++;
    } else {
      char* s = status_text(st);
      report_fail(c, first_line, NULL, "does not parse and verify", s);
      free(s);
      t->failed++;
      c->num_chunks_failed++;
    }
    cx_status_free(st);
    return NULL;
  }
  if (expects_error) {
    // The chunk is annotated with an error that neither the parser nor the
    // verifier raised. Until the verifier covers every op family this is a
    // note; --strict-expected-errors makes it a failure.
    if (c->opts->strict_expected_errors) {
      report_fail(c, first_line, NULL, "expected an error, but the chunk parsed and verified",
                  NULL);
      t->failed++;
      c->num_chunks_failed++;
      cx_module_destroy(m1);
      return NULL;
    }
    printf("NOTE %s:%u (chunk %u): expected an error, but the chunk parsed and verified\n",
           c->path, first_line, c->chunk_index);
    t->notes++;
  }
  bool ok;
  if (c->opts->clone) {
    ok = clone_check(c, first_line, m1);
  } else {
    if (c->opts->golden_min >= 0) golden_check(c, first_line, text, len, m1);
    ok = round_trip_mode(c, first_line, m1, false);
    ok = round_trip_mode(c, first_line, m1, true) && ok;
    cx_module_destroy(m1);
  }
  if (ok) {
    t->passed++;
  } else {
    t->failed++;
    c->num_chunks_failed++;
  }
  return NULL;
}

static bool run_file(const options_t* opts, totals_t* totals, const char* path) {
  char* data;
  size_t len;
  cx_status_t st = cx_file_read(path, &data, &len);
  if (st) {
    char* s = status_text(st);
    printf("FAIL %s: cannot read: %s\n", path, s);
    free(s);
    cx_status_free(st);
    totals->failed++;
    return false;
  }
  totals->files++;
  chunk_ctx_t c;
  memset(&c, 0, sizeof(c));
  c.opts = opts;
  c.totals = totals;
  c.path = path;
  // Models published without weights need their elided blobs filled; no other
  // corpus file mentions __elided__, so this keeps the option off elsewhere.
  c.fill_elided = opts->fill_elided_all || strstr(data, "__elided__") != NULL;
  st = cx_context_create(cx_allocator_system(), &c.ctx);
  if (!st) st = cx_split_input(data, len, run_chunk, &c);
  if (st) {
    char* s = status_text(st);
    printf("FAIL %s: %s\n", path, s);
    free(s);
    cx_status_free(st);
    totals->failed++;
    c.num_chunks_failed++;
  }
  cx_context_destroy(c.ctx);
  free(data);
  if (opts->verbose && !c.num_chunks_failed) printf("PASS %s (%u chunks)\n", path, c.chunk_index);
  return c.num_chunks_failed == 0;
}

int main(int argc, char** argv) {
  options_t opts;
  memset(&opts, 0, sizeof(opts));
  opts.golden_min = -1;
  path_list_t files = {0};
  bool io_ok = true;
  for (int i = 1; i < argc; i++) {
    const char* a = argv[i];
    if (!strcmp(a, "--strict-expected-errors")) {
      opts.strict_expected_errors = true;
    } else if (!strcmp(a, "--fill-elided")) {
      opts.fill_elided_all = true;
    } else if (!strcmp(a, "--no-verify")) {
      opts.no_verify = true;
    } else if (!strcmp(a, "--golden-min") && i + 1 < argc) {
      opts.golden_min = strtol(argv[++i], NULL, 10);
    } else if (!strcmp(a, "--clone")) {
      opts.clone = true;
    } else if (!strcmp(a, "-v")) {
      opts.verbose = true;
    } else if (a[0] == '-') {
      fprintf(stderr, "roundtrip: unknown option '%s'\n", a);
      return 2;
    } else {
      struct stat sb;
      if (stat(a, &sb) != 0) {
        fprintf(stderr, "roundtrip: no such file or directory: %s\n", a);
        io_ok = false;
      } else if (S_ISDIR(sb.st_mode)) {
        io_ok = walk_dir(a, &files) && io_ok;
      } else if (!list_push(&files, a)) {
        io_ok = false;
      }
    }
  }
  if (!io_ok) return 2;
  if (!files.len) {
    fprintf(stderr, "usage: roundtrip [--strict-expected-errors] [--fill-elided] "
                    "[--no-verify] [--golden-min N] [--clone] [-v] PATH...\n");
    return 2;
  }
  // A stable order keeps reports comparable between runs.
  qsort(files.items, files.len, sizeof(char*), cmp_str);
  totals_t totals = {0};
  unsigned failed_files = 0;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (size_t i = 0; i < files.len; i++) {
    if (!run_file(&opts, &totals, files.items[i])) failed_files++;
    free(files.items[i]);
  }
  free(files.items);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double secs = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
  printf("roundtrip: %u files, %u chunks: %u passed (%u by an expected error), %u failed "
         "(in %u files), %u notes; %.2f s\n",
         totals.files, totals.chunks, totals.passed, totals.expected_errors, totals.failed,
         failed_files, totals.notes, secs);
  bool golden_failed = false;
  if (opts.golden_min >= 0) {
    golden_failed = (long)totals.golden_matched < opts.golden_min;
    printf("golden: %u of %u chunks print exactly as written (at least %ld required)%s\n",
           totals.golden_matched, totals.golden_checked, opts.golden_min,
           golden_failed ? ": FAILED (run with -v to see the differences)" : "");
  }
  return totals.failed || golden_failed ? 1 : 0;
}
