// Parse (+ verify) throughput and peak memory of the MLIR text front end.
//
// usage: bench_parse [--runs N] [--no-verify] [--print] [FILE...]
//   Without files: the largest conformance files and models/pt_bert.mlir
//   (under $CXLA_CONFORMANCE_DIR, default: the corpus path CMake knew).
//
// One JSON line per file:
//   {"bench": "parse", "file": ..., "bytes": ..., "hex_fraction": ...,
//    "runs": N, "median_s": ..., "min_s": ..., "mb_per_s": ...,
//    "peak_alloc_bytes": ..., "peak_alloc_ratio": ...,
//    "rss_delta_bytes": ..., "rss_ratio": ..., ["print_mb_per_s": ...]}
// MB is 10^6 bytes of input text. Times are wall clock of parse + verify of
// the whole file (split files chunk by chunk, as `cxla opt` does), the
// median of N runs after one warm-up run. Memory is measured two ways:
// peak_alloc_bytes counts what the context and modules hold at their peak,
// through a counting cx_allocator_t; rss_delta_bytes is the growth of the
// peak resident set of a fresh process over its baseline after reading the
// file, so it also sees the parser's scratch buffers and allocator overhead
// (and only pages actually touched). Ratios are to the file size (the target is < 3).
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench_util.h"
#include "cxla/module.h"

#ifndef CXLA_CONFORMANCE_DIR
#define CXLA_CONFORMANCE_DIR "../shared/conformance"
#endif

// ----------------------------------------------------------------------------
// A counting allocator: the live and peak bytes that went through it. Each
// block carries its size in a 16-byte header (the allocator contract asks
// for 16-byte alignment).

typedef struct counting {
  size_t live;
  size_t peak;
} counting_t;

typedef struct block_header {
  size_t size;
  size_t pad;
} block_header_t;

static void* counting_fn(void* self, void* ptr, size_t new_size) {
  counting_t* c = self;
  block_header_t* h = ptr ? (block_header_t*)ptr - 1 : NULL;
  size_t old = h ? h->size : 0;
  if (new_size == 0) {
    free(h);
    c->live -= old;
    return NULL;
  }
  if (new_size > SIZE_MAX - sizeof(block_header_t)) return NULL;
  block_header_t* n = realloc(h, sizeof(block_header_t) + new_size);
  if (!n) return NULL;
  n->size = new_size;
  c->live = c->live - old + new_size;
  if (c->live > c->peak) c->peak = c->live;
  return n + 1;
}

static char* read_file(const char* path, size_t* out_len);

// ----------------------------------------------------------------------------

typedef struct options {
  int runs;
  bool verify;
  bool print;
} options_t;

typedef struct run_ctx {
  cx_context_t* ctx;
  const options_t* opts;
  const char* path;
  cx_status_t error;
  size_t printed_bytes;
  double print_s;
} run_ctx_t;

static cx_status_t run_chunk(const char* text, size_t len, unsigned first_line, void* arg) {
  run_ctx_t* r = arg;
  cx_parse_options_t po = {r->path, first_line, true};
  cx_module_t* m;
  CX_RETURN_IF_ERROR(cx_module_parse_text(r->ctx, text, len, &po, &m));
  cx_status_t st = r->opts->verify ? cx_module_verify(m) : NULL;
  if (!st && r->opts->print) {
    double t0 = cx_bench_now();
    char* out;
    st = cx_module_print(m, NULL, &out);
    r->print_s += cx_bench_now() - t0;
    if (!st) {
      r->printed_bytes += strlen(out);
      free(out);
    }
  }
  cx_module_destroy(m);
  return st;
}

// Parses (and verifies) the whole file once; returns the seconds spent
// outside printing, or a negative value on error (printed).
static double parse_once(const options_t* opts, const char* path, const char* data, size_t len,
                         counting_t* counter, double* print_s, size_t* printed) {
  cx_allocator_t al = {counting_fn, counter};
  run_ctx_t r;
  memset(&r, 0, sizeof(r));
  r.opts = opts;
  r.path = path;
  double t0 = cx_bench_now();
  cx_status_t st = cx_context_create(al, &r.ctx);
  if (!st) st = cx_split_input(data, len, run_chunk, &r);
  cx_context_destroy(r.ctx);
  double t = cx_bench_now() - t0 - r.print_s;
  if (st) {
    cx_status_print(st, stderr);
    cx_status_free(st);
    return -1;
  }
  if (print_s) *print_s = r.print_s;
  if (printed) *printed = r.printed_bytes;
  return t;
}

// VmRSS or VmHWM (peak) of this process from /proc/self/status, in KiB; -1
// if unavailable.
static long proc_status_kb(const char* key) {
  FILE* f = fopen("/proc/self/status", "r");
  if (!f) return -1;
  char line[256];
  long kb = -1;
  size_t n = strlen(key);
  while (fgets(line, sizeof(line), f))
    if (!strncmp(line, key, n) && line[n] == ':') kb = strtol(line + n + 1, NULL, 10);
  fclose(f);
  return kb;
}

// Resets the peak RSS to the current RSS (Linux: clear_refs 5).
static bool reset_peak_rss(void) {
  FILE* f = fopen("/proc/self/clear_refs", "w");
  if (!f) return false;
  bool ok = fputs("5", f) >= 0;
  return fclose(f) == 0 && ok;
}

// The peak-RSS growth of one parse in a fresh process, in bytes; -1 on
// failure. The process is this program run again (--rss-child), so no heap
// pages freed by earlier runs can hide the parse's own growth. It reads the
// file, warms up the allocator with a tiny parse, resets the kernel's
// peak-RSS mark, parses, and reports VmHWM minus the RSS before the parse.
static long long rss_child(const options_t* opts, const char* path) {
  size_t len;
  char* data = read_file(path, &len);
  if (!data) return -1;
  counting_t c = {0, 0};
  options_t o = *opts;
  o.print = false;
  long long delta = -1;
  (void)parse_once(&o, path, "func.func @f() { return }", 25, &c, NULL, NULL);
  long before = proc_status_kb("VmRSS");
  if (reset_peak_rss() && before >= 0 && parse_once(&o, path, data, len, &c, NULL, NULL) >= 0)
    delta = (long long)(proc_status_kb("VmHWM") - before) * 1024;
  free(data);
  return delta;
}

static long long rss_delta(const options_t* opts, const char* path) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    close(fds[0]);
    if (dup2(fds[1], STDOUT_FILENO) < 0) _exit(1);
    char* args[] = {"bench_parse", "--rss-child", opts->verify ? "--verify" : "--no-verify",
                    (char*)path, NULL};
    execv("/proc/self/exe", args);
    _exit(1);
  }
  close(fds[1]);
  char buf[64] = {0};
  ssize_t n = read(fds[0], buf, sizeof(buf) - 1);
  close(fds[0]);
  int status;
  waitpid(pid, &status, 0);
  if (n <= 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
  return strtoll(buf, NULL, 10);
}

// The share of the text inside "0x..." hex strings (hex-heavy files are
// mostly dense<"0x..."> constants).
static double hex_fraction(const char* data, size_t len) {
  size_t hex = 0;
  for (size_t i = 0; i + 3 < len; i++) {
    if (data[i] == '"' && data[i + 1] == '0' && data[i + 2] == 'x') {
      size_t j = i + 3;
      while (j < len && data[j] != '"') j++;
      hex += j - i;
      i = j;
    }
  }
  return len ? (double)hex / (double)len : 0;
}

static char* read_file(const char* path, size_t* out_len) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  struct stat sb;
  if (fstat(fileno(f), &sb) != 0) {
    fclose(f);
    return NULL;
  }
  size_t n = (size_t)sb.st_size;
  char* buf = malloc(n + 1);
  if (buf && fread(buf, 1, n, f) != n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  if (buf) buf[n] = 0;
  *out_len = n;
  return buf;
}

static const char* base_name(const char* path) {
  const char* s = strrchr(path, '/');
  return s ? s + 1 : path;
}

static int bench_file(const options_t* opts, const char* path) {
  size_t len;
  char* data = read_file(path, &len);
  if (!data) {
    fprintf(stderr, "bench_parse: cannot read %s\n", path);
    return 1;
  }
  long long rss = rss_delta(opts, path);
  counting_t warm = {0, 0};
  if (parse_once(opts, path, data, len, &warm, NULL, NULL) < 0) {
    free(data);
    return 1;
  }
  double times[256];
  double print_times[256];
  int runs = opts->runs > 256 ? 256 : opts->runs;
  size_t peak = 0, printed = 0;
  for (int i = 0; i < runs; i++) {
    counting_t c = {0, 0};
    times[i] = parse_once(opts, path, data, len, &c, &print_times[i], &printed);
    if (c.peak > peak) peak = c.peak;
  }
  double min = times[0];
  for (int i = 1; i < runs; i++)
    if (times[i] < min) min = times[i];
  double median = cx_bench_median(times, runs);
  printf("{\"bench\": \"parse\", \"file\": \"%s\", \"bytes\": %zu, \"hex_fraction\": %.3f, "
         "\"verify\": %s, \"runs\": %d, \"median_s\": %.6f, \"min_s\": %.6f, "
         "\"mb_per_s\": %.1f, \"peak_alloc_bytes\": %zu, \"peak_alloc_ratio\": %.2f, "
         "\"rss_delta_bytes\": %lld, \"rss_ratio\": %.2f",
         base_name(path), len, hex_fraction(data, len), opts->verify ? "true" : "false", runs,
         median, min, median > 0 ? (double)len / 1e6 / median : 0.0, peak,
         (double)peak / (double)len, rss, rss >= 0 ? (double)rss / (double)len : -1.0);
  if (opts->print) {
    double pm = cx_bench_median(print_times, runs);
    printf(", \"printed_bytes\": %zu, \"print_median_s\": %.6f, \"print_mb_per_s\": %.1f",
           printed, pm, pm > 0 ? (double)printed / 1e6 / pm : 0.0);
  }
  printf("}\n");
  fflush(stdout);
  free(data);
  return 0;
}

int main(int argc, char** argv) {
  options_t opts = {11, true, false};
  const char* files[64];
  int nfiles = 0;
  if (argc == 4 && !strcmp(argv[1], "--rss-child")) {
    opts.verify = strcmp(argv[2], "--no-verify") != 0;
    printf("%lld\n", rss_child(&opts, argv[3]));
    return 0;
  }
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--runs") && i + 1 < argc) {
      opts.runs = atoi(argv[++i]);
      if (opts.runs < 1) opts.runs = 1;
    } else if (!strcmp(argv[i], "--no-verify")) {
      opts.verify = false;
    } else if (!strcmp(argv[i], "--print")) {
      opts.print = true;
    } else if (argv[i][0] == '-') {
      fprintf(stderr, "usage: bench_parse [--runs N] [--no-verify] [--print] [FILE...]\n");
      return 2;
    } else if (nfiles < 64) {
      files[nfiles++] = argv[i];
    }
  }
  static char defaults[4][1024];
  if (!nfiles) {
    const char* dir = getenv("CXLA_CONFORMANCE_DIR");
    if (!dir) dir = CXLA_CONFORMANCE_DIR;
    // The three largest conformance files (hex-heavy FFT constants) and a
    // real model with its weights as arguments (mostly ops, little data).
    static const char* const kDefault[] = {
        "testdata/fft_complex128_14_15_16_17.mlir", "testdata/fft_float64_14_15_16_17.mlir",
        "testdata/fft_complex64_14_15_16_17.mlir", "models/pt_bert.mlir"};
    for (int i = 0; i < 4; i++) {
      snprintf(defaults[i], sizeof(defaults[i]), "%s/%s", dir, kDefault[i]);
      files[nfiles++] = defaults[i];
    }
  }
  int failures = 0;
  for (int i = 0; i < nfiles; i++) failures += bench_file(&opts, files[i]);
  return failures ? 1 : 0;
}
