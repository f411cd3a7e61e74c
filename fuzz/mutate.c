// A deterministic mutation driver over the conformance corpus (ctest
// fuzz/mutations; in CI it also runs under ASan, UBSan and LeakSanitizer, so
// every error path it reaches is checked for leaks). It feeds mutants of
// corpus files to the fuzz harnesses' entry points, which hold cxla to their
// contracts (any input: an error or a module; a module prints, re-parses or
// re-reads as itself; a broken contract aborts):
//
//   bytecode (fuzz/bytecode_fuzz.c), structure-aware: the artifact's
//     sections are located (id, prefix-varint length, alignment) and each
//     section length, id and alignment, the version, and the first varints
//     of every section are set to edge values (0, 1, len +- 1, 127, 128,
//     2^32 - 1, 2^32, 2^63 - 1, 2^64 - 1); sections are dropped and
//     duplicated; small artifacts are truncated at every offset, larger ones
//     at evenly spread offsets; then seeded random byte edits.
//   text (fuzz/text_parser_fuzz.c), token-aware: each token of a corpus file
//     is deleted, duplicated, swapped with the next, replaced by another
//     token of the file, or (numbers) by edge values; a NUL byte is inserted;
//     the file is truncated at token boundaries.
//
// A crash or a broken contract ends the run; the mutant is written to
// --save-dir first (and to stderr as its origin: file and mutation), so it
// reproduces with build-fuzz/cxla_fuzz_<name> FILE. The last line counts the
// inputs: "mutate: N inputs (B bytecode, T text), 0 findings".
//
// usage: cxla_mutate [--per-file N] [--seed S] [--save-dir DIR] PATH...
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cx_fuzz_text_one(const uint8_t* data, size_t size);
int cx_fuzz_bytecode_one(const uint8_t* data, size_t size);

// ---- the current input, saved if the process dies -------------------------------

static const uint8_t* g_cur;
static size_t g_cur_len;
static char g_origin[512];
static char g_save_path[1024];

static void save_current(void) {
  if (!g_cur) return;
  // Only async-signal-safe calls: this runs from signal handlers.
  int fd = open(g_save_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    ssize_t w = write(fd, g_cur, g_cur_len);
    (void)w;
    close(fd);
  }
  const char* msg = "\nmutate: FINDING: the input that failed is saved as ";
  ssize_t w = write(2, msg, strlen(msg));
  w = write(2, g_save_path, strlen(g_save_path));
  w = write(2, " (", 2);
  w = write(2, g_origin, strlen(g_origin));
  w = write(2, ")\n", 2);
  (void)w;
  g_cur = NULL;
}

static void on_fatal(int sig) {
  save_current();
  signal(sig, SIG_DFL);
  raise(sig);
}

// The sanitizers end the process without a signal; they call this first.
void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

// ---- deterministic randomness ------------------------------------------------------

static uint64_t g_rng;
static uint64_t rnd(void) {
  g_rng ^= g_rng << 13;
  g_rng ^= g_rng >> 7;
  g_rng ^= g_rng << 17;
  return g_rng;
}

// ---- running ---------------------------------------------------------------------

static long g_count, g_bytecode_count, g_text_count;

typedef int (*harness_fn)(const uint8_t*, size_t);

static void run(harness_fn fn, const uint8_t* data, size_t len, const char* file, const char* what,
                long arg) {
  snprintf(g_origin, sizeof(g_origin), "%s: %s %ld", file, what, arg);
  // The harnesses get a buffer of exactly the mutant's size (ASan sees any
  // read past it).
  uint8_t* copy = malloc(len ? len : 1);
  if (!copy) return;
  memcpy(copy, data, len);
  g_cur = copy;
  g_cur_len = len;
  fn(copy, len);
  g_cur = NULL;
  free(copy);
  g_count++;
  if (fn == cx_fuzz_bytecode_one) g_bytecode_count++;
  else g_text_count++;
}

// ---- bytecode ----------------------------------------------------------------------

typedef struct buf {
  uint8_t* p;
  size_t len, cap;
} buf_t;

static void put(buf_t* b, const void* data, size_t n) {
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 256;
    while (cap < b->len + n) cap *= 2;
    uint8_t* grown = realloc(b->p, cap);
    if (!grown) abort();
    b->p = grown;
    b->cap = cap;
  }
  if (n) memcpy(b->p + b->len, data, n);
  b->len += n;
}

// MLIR's prefix varint: the count of trailing zero bits of the first byte is
// the count of bytes that follow (0: eight).
static void put_varint(buf_t* b, uint64_t v) {
  uint8_t out[9];
  int n = 1;
  while (n < 9 && v >= (1ull << (7 * n))) n++;
  if (n == 9) {
    out[0] = 0;
    for (int i = 0; i < 8; i++) out[1 + i] = (uint8_t)(v >> (8 * i));
  } else {
    uint64_t enc = (v << n) | (1ull << (n - 1));
    for (int i = 0; i < n; i++) out[i] = (uint8_t)(enc >> (8 * i));
  }
  put(b, out, (size_t)n);
}

// Decodes a varint at p (bounded by end); returns its length, 0 if truncated.
static size_t get_varint(const uint8_t* p, const uint8_t* end, uint64_t* out) {
  if (p >= end) return 0;
  if (*p == 0) {
    if (end - p < 9) return 0;
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v |= (uint64_t)p[1 + i] << (8 * i);
    *out = v;
    return 9;
  }
  int extra = __builtin_ctz(*p);
  if (end - p < extra + 1) return 0;
  uint64_t v = 0;
  for (int i = 0; i <= extra; i++) v |= (uint64_t)p[i] << (8 * i);
  *out = v >> (extra + 1);
  return (size_t)extra + 1;
}

// Replaces bytes [at, at+old_len) with a varint of value v.
static void with_varint(const uint8_t* data, size_t len, size_t at, size_t old_len, uint64_t v,
                        buf_t* out) {
  out->len = 0;
  put(out, data, at);
  put_varint(out, v);
  put(out, data + at + old_len, len - at - old_len);
}

typedef struct section {
  size_t start;    // the id byte
  size_t len_at;   // the length varint
  size_t len_len;
  size_t data_at;  // after the alignment padding
  uint64_t len;
  uint8_t id;
} section_t;

static const uint64_t kEdges[] = {0, 1, 2, 127, 128, 255, 256, 65535, 65536, 0x7fffffffu,
                                  0xffffffffu, 0x100000000ull, 0x7fffffffffffffffull,
                                  0xffffffffffffffffull};
enum { kNumEdges = sizeof(kEdges) / sizeof(kEdges[0]) };

static void mutate_bytecode(const char* file, const uint8_t* data, size_t len, long per_file) {
  buf_t b = {0};
  long budget = per_file;
  // The unmutated artifact first.
  run(cx_fuzz_bytecode_one, data, len, file, "original", 0);
  // Header: magic, version varint, producer (NUL-terminated).
  if (len < 5) return;
  uint64_t version;
  size_t vlen = get_varint(data + 4, data + len, &version);
  if (!vlen) return;
  for (int k = 0; k < kNumEdges && budget > 0; k++, budget--) {
    with_varint(data, len, 4, vlen, kEdges[k], &b);
    run(cx_fuzz_bytecode_one, b.p, b.len, file, "version =", (long)k);
  }
  const uint8_t* nul = memchr(data + 4 + vlen, 0, len - 4 - vlen);
  if (!nul) return;
  size_t pos = (size_t)(nul - data) + 1;
  // Sections.
  section_t secs[32];
  int nsec = 0;
  while (pos < len && nsec < 32) {
    section_t s = {pos, pos + 1, 0, 0, 0, data[pos]};
    s.len_len = get_varint(data + s.len_at, data + len, &s.len);
    if (!s.len_len) break;
    size_t p = s.len_at + s.len_len;
    if (s.id & 0x80) {
      uint64_t align;
      size_t alen = get_varint(data + p, data + len, &align);
      if (!alen) break;
      p += alen;
      while (p < len && data[p] == 0xCB) p++;  // padding
    }
    s.data_at = p;
    if (s.len > len - p) break;
    secs[nsec++] = s;
    pos = p + (size_t)s.len;
  }
  for (int i = 0; i < nsec && budget > 0; i++) {
    const section_t* s = &secs[i];
    // Length at the edges, and one off either way.
    uint64_t lens[kNumEdges + 2];
    memcpy(lens, kEdges, sizeof(kEdges));
    lens[kNumEdges] = s->len + 1;
    lens[kNumEdges + 1] = s->len ? s->len - 1 : 3;
    for (int k = 0; k < kNumEdges + 2 && budget > 0; k++, budget--) {
      with_varint(data, len, s->len_at, s->len_len, lens[k], &b);
      run(cx_fuzz_bytecode_one, b.p, b.len, file, "section length edge", i * 100 + k);
    }
    // Another section id (known ones, an unknown one, the alignment flag).
    static const uint8_t kIds[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x7f, 0x80};
    for (size_t k = 0; k < sizeof(kIds) && budget > 0; k++, budget--) {
      b.len = 0;
      put(&b, data, len);
      b.p[s->start] = (uint8_t)(kIds[k] | (s->id & 0x80 && kIds[k] != 0x80 ? 0x80 : 0));
      run(cx_fuzz_bytecode_one, b.p, b.len, file, "section id", i * 100 + (long)k);
    }
    // The first varints inside the section (counts, indices) at the edges.
    size_t p = s->data_at;
    const uint8_t* end = data + s->data_at + s->len;
    for (int v = 0; v < 4 && budget > 0; v++) {
      uint64_t old;
      size_t n = get_varint(data + p, end, &old);
      if (!n) break;
      for (int k = 0; k < kNumEdges && budget > 0; k++, budget--) {
        // The section's length follows the varint's new size.
        buf_t inner = {0};
        with_varint(data, len, p, n, kEdges[k], &inner);
        size_t grown = inner.len - len;  // may wrap: sizes differ by < 9
        uint64_t new_len = s->len + grown;
        with_varint(inner.p, inner.len, s->len_at, s->len_len, new_len, &b);
        free(inner.p);
        run(cx_fuzz_bytecode_one, b.p, b.len, file, "varint edge in section", i * 100 + v);
      }
      p += n;
    }
    // The section dropped, or twice.
    if (budget-- > 0) {
      b.len = 0;
      put(&b, data, s->start);
      put(&b, data + s->data_at + s->len, len - (s->data_at + s->len));
      run(cx_fuzz_bytecode_one, b.p, b.len, file, "section dropped", i);
    }
    if (budget-- > 0) {
      b.len = 0;
      put(&b, data, s->data_at + s->len);
      put(&b, data + s->start, len - s->start);
      run(cx_fuzz_bytecode_one, b.p, b.len, file, "section duplicated", i);
    }
  }
  // Truncation: every offset of small artifacts, 512 spread offsets of others.
  size_t step = len <= 4096 ? 1 : len / 512;
  for (size_t at = 0; at < len && budget > 0; at += step, budget--)
    run(cx_fuzz_bytecode_one, data, at, file, "truncated at", (long)at);
  // Seeded byte edits, one to four at a time.
  while (budget-- > 0) {
    b.len = 0;
    put(&b, data, len);
    int edits = 1 + (int)(rnd() % 4);
    for (int e = 0; e < edits && b.len; e++) {
      size_t at = rnd() % b.len;
      switch (rnd() % 4) {
        case 0: b.p[at] ^= (uint8_t)(1u << (rnd() % 8)); break;
        case 1: b.p[at] = (uint8_t[]){0, 0xff, 0x80, 0x7f, 1}[rnd() % 5]; break;
        case 2:  // delete a byte
          memmove(b.p + at, b.p + at + 1, b.len - at - 1);
          b.len--;
          break;
        default: b.p[at] = (uint8_t)rnd(); break;
      }
    }
    run(cx_fuzz_bytecode_one, b.p, b.len, file, "byte edits, seed step", budget);
  }
  free(b.p);
}

// ---- text --------------------------------------------------------------------------

typedef struct token {
  size_t at, len;
  bool number, word;
} token_t;

static bool is_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '$' || c == '%' || c == '@' || c == '#' || c == '!' || c == '^';
}

static size_t tokenize(const char* s, size_t len, token_t* out, size_t cap) {
  size_t n = 0, i = 0;
  while (i < len && n < cap) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      i++;
      continue;
    }
    if (c == '/' && i + 1 < len && s[i + 1] == '/') {  // comments are no tokens
      while (i < len && s[i] != '\n') i++;
      continue;
    }
    token_t t = {i, 1, false, false};
    if (c == '"') {
      size_t j = i + 1;
      while (j < len && s[j] != '"') j += s[j] == '\\' ? 2 : 1;
      t.len = (j < len ? j + 1 : len) - i;
    } else if ((c >= '0' && c <= '9') || (c == '-' && i + 1 < len && s[i + 1] >= '0' &&
                                          s[i + 1] <= '9')) {
      size_t j = i + 1;
      while (j < len && (is_word(s[j]) || s[j] == '+' || s[j] == '-') && s[j] != '%') j++;
      t.len = j - i;
      t.number = true;
    } else if (is_word(c)) {
      size_t j = i + 1;
      while (j < len && (is_word(s[j]) || s[j] == '-')) j++;
      t.len = j - i;
      t.word = true;
    }
    out[n++] = t;
    i += t.len;
  }
  return n;
}

static const char* const kNumbers[] = {"0", "-1", "1", "2147483648", "-9223372036854775809",
                                       "18446744073709551616", "1e308", "1e-400", "nan", "-inf",
                                       "0x7FC00000", "0xFFFFFFFFFFFFFFFFFF", "4294967296", "1.5"};
enum { kNumNumbers = sizeof(kNumbers) / sizeof(kNumbers[0]) };

// text[0, at) + insert + text[at + remove, len)
static void text_splice(const char* text, size_t len, size_t at, size_t remove, const char* insert,
                   size_t insert_len, buf_t* out) {
  out->len = 0;
  put(out, text, at);
  put(out, insert, insert_len);
  put(out, text + at + remove, len - at - remove);
}

static void mutate_text(const char* file, const char* text, size_t len, long per_file) {
  static token_t toks[1 << 16];
  size_t n = tokenize(text, len, toks, sizeof(toks) / sizeof(toks[0]));
  run(cx_fuzz_text_one, (const uint8_t*)text, len, file, "original", 0);
  if (!n) return;
  buf_t b = {0};
  long budget = per_file;
  // Visit tokens in a seeded order so that a bounded budget still spreads
  // over the whole file.
  size_t start = (size_t)(rnd() % n), stride = 1 + (size_t)(rnd() % 7);
  while (stride > 1 && n % stride == 0) stride--;
  for (size_t k = 0; k < n && budget > 0; k++) {
    size_t i = (start + k * stride) % n;
    const token_t* t = &toks[i];
    int op = (int)(rnd() % 6);
    switch (op) {
      case 0:  // delete
        text_splice(text, len, t->at, t->len, "", 0, &b);
        break;
      case 1:  // duplicate
        text_splice(text, len, t->at, 0, text + t->at, t->len, &b);
        break;
      case 2: {  // swap with the next token
        if (i + 1 >= n) continue;
        const token_t* u = &toks[i + 1];
        b.len = 0;
        put(&b, text, t->at);
        put(&b, text + u->at, u->len);
        put(&b, text + t->at + t->len, u->at - (t->at + t->len));
        put(&b, text + t->at, t->len);
        put(&b, text + u->at + u->len, len - (u->at + u->len));
        break;
      }
      case 3: {  // another token of the file in its place
        const token_t* u = &toks[rnd() % n];
        text_splice(text, len, t->at, t->len, text + u->at, u->len, &b);
        break;
      }
      case 4: {  // numbers at the edges (others: a number where a word was)
        const char* num = kNumbers[rnd() % kNumNumbers];
        text_splice(text, len, t->at, t->len, num, strlen(num), &b);
        break;
      }
      default:  // a NUL byte before the token
        text_splice(text, len, t->at, 0, "", 1, &b);
        break;
    }
    budget--;
    run(cx_fuzz_text_one, b.p, b.len, file, "token mutation (op*1e6+token)", op * 1000000L + (long)i);
  }
  // Truncation at token boundaries, spread over the file.
  size_t step = n <= 256 ? 1 : n / 256;
  for (size_t i = 0; i < n && budget > 0; i += step, budget--)
    run(cx_fuzz_text_one, (const uint8_t*)text, toks[i].at, file, "truncated before token",
        (long)i);
  free(b.p);
}

// ---- the corpus --------------------------------------------------------------------

static bool ends_with(const char* s, const char* suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && !strcmp(s + n - k, suffix);
}

static char* read_all(const char* path, size_t* out_len) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  buf_t b = {0};
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) put(&b, chunk, n);
  fclose(f);
  put(&b, "", 1);
  *out_len = b.len - 1;
  return (char*)b.p;
}

typedef struct options {
  long per_file;
  long text_every;  // mutate every k-th text file
  long text_seen;
} options_t;

static int cmp_names(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

static void walk(const char* path, options_t* o) {
  struct stat st;
  if (stat(path, &st) != 0) return;
  if (S_ISDIR(st.st_mode)) {
    DIR* d = opendir(path);
    if (!d) return;
    char** names = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent* e; (e = readdir(d));) {
      if (e->d_name[0] == '.') continue;
      if (n == cap) {
        cap = cap ? cap * 2 : 64;
        names = realloc(names, cap * sizeof(*names));
        if (!names) abort();
      }
      names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof(*names), cmp_names);
    for (size_t i = 0; i < n; i++) {
      char child[4096];
      snprintf(child, sizeof(child), "%s/%s", path, names[i]);
      walk(child, o);
      free(names[i]);
    }
    free(names);
    return;
  }
  bool bc = ends_with(path, ".bc") || ends_with(path, ".mlirbc");
  bool text = ends_with(path, ".mlir");
  if (!bc && !text) return;
  // Small files: each mutant runs fast, and the mutations cover them densely.
  if (st.st_size > (bc ? 65536 : 8192)) return;
  if (text && o->text_seen++ % o->text_every != 0) return;
  size_t len;
  char* data = read_all(path, &len);
  if (!data) return;
  if (bc) mutate_bytecode(path, (const uint8_t*)data, len, o->per_file);
  else mutate_text(path, data, len, o->per_file);
  free(data);
}

int main(int argc, char** argv) {
  options_t o = {400, 4, 0};
  uint64_t seed = 0x5eed;
  const char* save_dir = ".";
  int first = 1;
  for (; first < argc && argv[first][0] == '-'; first++) {
    if (!strcmp(argv[first], "--per-file") && first + 1 < argc) o.per_file = atol(argv[++first]);
    else if (!strcmp(argv[first], "--text-every") && first + 1 < argc)
      o.text_every = atol(argv[++first]);
    else if (!strcmp(argv[first], "--seed") && first + 1 < argc)
      seed = strtoull(argv[++first], NULL, 0);
    else if (!strcmp(argv[first], "--save-dir") && first + 1 < argc) save_dir = argv[++first];
    else {
      fprintf(stderr, "usage: cxla_mutate [--per-file N] [--text-every K] [--seed S] "
                      "[--save-dir DIR] PATH...\n");
      return 2;
    }
  }
  if (first == argc || o.per_file < 1 || o.text_every < 1) {
    fprintf(stderr, "cxla_mutate: no input paths\n");
    return 2;
  }
  g_rng = seed ? seed : 1;
  snprintf(g_save_path, sizeof(g_save_path), "%s/mutate-finding.bin", save_dir);
  signal(SIGABRT, on_fatal);
  signal(SIGSEGV, on_fatal);
  signal(SIGBUS, on_fatal);
  signal(SIGFPE, on_fatal);
  if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(save_current);
  for (int i = first; i < argc; i++) walk(argv[i], &o);
  printf("mutate: %ld inputs (%ld bytecode, %ld text), 0 findings\n", g_count, g_bytecode_count,
         g_text_count);
  return g_count ? 0 : 1;
}
