// Out-of-memory fault injection (ctest fault/alloc), as SQLite tests its
// allocation failures: every allocation the library makes goes through the
// context's cx_allocator_t, so an allocator that fails the N-th request
// reaches every allocation site on a program's path.
//
// For each file of the sample (a list of corpus paths, one op family each)
// a reference run counts the allocations of
//
//   context create, then per '// -----' chunk (or the whole bytecode
//   artifact): parse (text or bytecode) -> verify -> interpret every public
//   function without arguments -> serialize (bytecode, current version)
//
// and then the same run is repeated with allocation N failing, for N = 1,
// 2, ... (every N up to --dense, then every --stride-th, always including
// the last) until a run completes without reaching its N-th allocation.
// Every faulted run must
//   - end with CX_OUT_OF_MEMORY, or succeed with exactly the reference's
//     results (the same serialized bytes, interpreter results and per-chunk
//     status codes: a failure must not be papered over),
//   - give back every block it took from the allocator (live blocks 0 once
//     the context is destroyed; the ASan build's LeakSanitizer also sees
//     anything allocated around the allocator),
//   - not crash (ASan/UBSan in the sanitizer build).
// The failing allocation's call stack (return addresses of the allocator's
// callers) is recorded, and the test prints how many distinct allocation
// call sites (the allocator's direct caller) and call stacks it failed.
// --sites FILE writes the distinct stacks' addresses for symbolizing
// (tests/fault/sites.py names the allocation sites in the library's code).
//
// Usage: alloc_fault_test [--dense N] [--stride N] [--persistent] [--sites FILE]
//                         CONFORMANCE_DIR SAMPLE_LIST
// --persistent fails the N-th and every later allocation (cleanup paths then
// run out of memory too).
#include <dlfcn.h>
#include <execinfo.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cxla/bytecode.h"
#include "cxla/file.h"
#include "cxla/interp.h"
#include "cxla/module.h"

// ---------------------------------------------------------------------------
// The failing allocator. Each block carries a 16-byte header (the contract
// promises 16-byte alignment) so that live blocks can be counted. Counters
// are atomic: interpreter.run_parallel calls the allocator from threads.

enum { kMaxFrames = 6 };

typedef struct fault_alloc {
  atomic_uint_fast64_t requests;  // allocations and growing reallocations so far
  atomic_int_fast64_t live;       // blocks handed out and not freed
  uint64_t fail_at;               // 0: never fail
  bool persistent;                // fail every request from fail_at on
  atomic_bool hit;                // the failure was injected
  void* frames[kMaxFrames];       // the failing request's callers
  int num_frames;
} fault_alloc_t;

typedef struct header {
  size_t size;
  size_t pad;
} header_t;

static void* fault_fn(void* self, void* ptr, size_t new_size) {
  fault_alloc_t* fa = self;
  header_t* h = ptr ? (header_t*)ptr - 1 : NULL;
  if (new_size == 0) {
    if (h) {
      free(h);
      atomic_fetch_sub(&fa->live, 1);
    }
    return NULL;
  }
  uint64_t n = atomic_fetch_add(&fa->requests, 1) + 1;
  if (fa->fail_at && (n == fa->fail_at || (fa->persistent && n > fa->fail_at))) {
    if (n == fa->fail_at) {
      // The stack from the allocator's caller on (backtrace may or may not
      // list this function first).
      void* frames[kMaxFrames + 2];
      int k = backtrace(frames, kMaxFrames + 2);
      void* caller = __builtin_return_address(0);
      int first = 0;
      while (first < k && frames[first] != caller) first++;
      if (first == k) first = 1;
      fa->num_frames = k - first > kMaxFrames ? kMaxFrames : k - first;
      if (fa->num_frames < 0) fa->num_frames = 0;
      memcpy(fa->frames, frames + first, (size_t)fa->num_frames * sizeof(void*));
      atomic_store(&fa->hit, true);
    }
    return NULL;
  }
  if (new_size > SIZE_MAX - sizeof(header_t)) return NULL;
  header_t* nh = realloc(h, sizeof(header_t) + new_size);
  if (!nh) return NULL;
  if (!h) atomic_fetch_add(&fa->live, 1);
  nh->size = new_size;
  return nh + 1;
}

// ---------------------------------------------------------------------------
// One run over a file.

typedef struct outcome {
  uint64_t hash;          // serialized bytes, interpreter results, chunk statuses
  cx_status_code_t code;  // first unexpected (or out-of-memory) status; CX_OK if none
  char message[512];
  uint32_t chunks;
  uint32_t functions_run;
} outcome_t;

static uint64_t mix(uint64_t h, const void* data, size_t len) {
  const unsigned char* p = data;
  for (size_t i = 0; i < len; i++) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

typedef struct run {
  cx_context_t* ctx;
  FILE* devnull;
  const char* path;
  bool bytecode;
  outcome_t* out;
  // The reference run's status code per chunk (CX_OK, or the error a chunk
  // is expected to end with); faulted runs must match it or run out of memory.
  cx_status_code_t* expected;
  uint32_t expected_len;
  bool reference;
} run_t;

static cx_status_t interpret(run_t* r, cx_module_t* m) {
  cx_interp_options_t io = {.print_output = r->devnull};
  cx_interp_t* interp = NULL;
  CX_RETURN_IF_ERROR(cx_interp_create(m, &io, &interp));
  cx_status_t st = NULL;
  for (const cx_function_t* fn = cx_module_first_function(m); fn && !st;
       fn = cx_function_next(fn)) {
    cx_function_info_t info;
    cx_function_get_info(fn, &info);
    if (!info.is_public || !info.has_body || !info.name || info.num_args) continue;
    uint32_t n = 0;
    cx_buffer_view_t* results = NULL;
    st = cx_interp_call(interp, info.name, 0, NULL, &n, &results);
    if (!st) {
      r->out->functions_run++;
      r->out->hash = mix(r->out->hash, info.name, strlen(info.name));
      for (uint32_t i = 0; i < n; i++) {
        r->out->hash = mix(r->out->hash, &results[i].elem, sizeof(results[i].elem));
        r->out->hash = mix(r->out->hash, results[i].dims, results[i].rank * sizeof(int64_t));
        if (results[i].nbytes) r->out->hash = mix(r->out->hash, results[i].data, results[i].nbytes);
      }
    }
    cx_interp_free_results(n, results);
  }
  cx_interp_destroy(interp);
  return st;
}

// verify -> interpret -> serialize.
static cx_status_t process(run_t* r, cx_module_t* m) {
  CX_RETURN_IF_ERROR(cx_module_verify(m));
  CX_RETURN_IF_ERROR(interpret(r, m));
  uint8_t* bytes = NULL;
  size_t len = 0;
  CX_RETURN_IF_ERROR(cx_bc_write(m, NULL, &bytes, &len));
  r->out->hash = mix(r->out->hash, bytes, len);
  free(bytes);
  return NULL;
}

// Records a chunk's status. Returns non-NULL (stop) on out-of-memory or on a
// status other than the reference's.
static cx_status_t chunk_done(run_t* r, cx_status_t st) {
  uint32_t i = r->out->chunks++;
  cx_status_code_t code = cx_status_code(st);
  r->out->hash = mix(r->out->hash, &code, sizeof(code));
  if (r->reference) {
    cx_status_code_t* grown = realloc(r->expected, (i + 1) * sizeof(*grown));
    if (!grown) abort();
    r->expected = grown;
    r->expected[i] = code;
    r->expected_len = i + 1;
    cx_status_free(st);
    return NULL;
  }
  cx_status_code_t want = i < r->expected_len ? r->expected[i] : CX_OK;
  if (code == want && code != CX_OUT_OF_MEMORY) {
    cx_status_free(st);
    return NULL;
  }
  if (!st) return CX_ERROR(CX_INTERNAL, "chunk %u succeeded but failed in the reference run", i);
  return st;
}

static cx_status_t run_chunk(const char* text, size_t len, unsigned first_line, void* arg) {
  run_t* r = arg;
  cx_parse_options_t po = {r->path, first_line, false};
  cx_module_t* m = NULL;
  cx_status_t st = cx_module_parse_text(r->ctx, text, len, &po, &m);
  if (!st) st = process(r, m);
  cx_module_destroy(m);
  return chunk_done(r, st);
}

static void run_file(run_t* r, const char* data, size_t len, cx_allocator_t al) {
  memset(r->out, 0, sizeof(*r->out));
  r->out->hash = 0xcbf29ce484222325ull;
  cx_status_t st = cx_context_create(al, &r->ctx);
  if (!st && r->bytecode) {
    cx_bc_read_options_t ro = {r->path, false, false, false};
    cx_module_t* m = NULL;
    st = cx_bc_read(r->ctx, data, len, &ro, &m);
    if (!st) st = process(r, m);
    cx_module_destroy(m);
    st = chunk_done(r, st);
  } else if (!st) {
    st = cx_split_input(data, len, run_chunk, r);
  }
  cx_context_destroy(r->ctx);
  r->ctx = NULL;
  r->out->code = cx_status_code(st);
  if (st) {
    const char* loc = cx_status_location(st);
    snprintf(r->out->message, sizeof(r->out->message), "%s%s%s", loc ? loc : "", loc ? ": " : "",
             cx_status_message(st));
  }
  cx_status_free(st);
}

// ---------------------------------------------------------------------------
// Call-stack bookkeeping.

typedef struct stack {
  void* frames[kMaxFrames];
  int n;
} stack_t;

typedef struct stacks {
  stack_t* items;
  size_t len, cap;
} stacks_t;

static bool stacks_add(stacks_t* s, void* const* frames, int n, int depth) {
  if (n > depth) n = depth;
  for (size_t i = 0; i < s->len; i++)
    if (s->items[i].n == n && !memcmp(s->items[i].frames, frames, (size_t)n * sizeof(void*)))
      return false;
  if (s->len == s->cap) {
    s->cap = s->cap ? 2 * s->cap : 256;
    s->items = realloc(s->items, s->cap * sizeof(*s->items));
    if (!s->items) abort();
  }
  memcpy(s->items[s->len].frames, frames, (size_t)n * sizeof(void*));
  s->items[s->len].n = n;
  s->len++;
  return true;
}

// ---------------------------------------------------------------------------

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

// The failure points: every one up to `dense`, then every stride-th, always
// including the reference's last allocation and the one after it (a run
// that must complete).
static uint64_t next_point(uint64_t k, uint64_t dense, uint64_t stride, uint64_t points) {
  uint64_t next = k < dense ? k + 1 : k + stride;
  if (k < points && next > points)
    next = points;
  else if (k == points)
    next = points + 1;
  return next;
}

static bool ends_with(const char* s, const char* suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && !strcmp(s + n - k, suffix);
}

int main(int argc, char** argv) {
  uint64_t dense = 2000, stride = 7;
  bool persistent = false;
  const char* sites_path = NULL;
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; i++) {
    if (!strcmp(argv[i], "--dense") && i + 1 < argc)
      dense = strtoull(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--stride") && i + 1 < argc)
      stride = strtoull(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--persistent"))
      persistent = true;
    else if (!strcmp(argv[i], "--sites") && i + 1 < argc)
      sites_path = argv[++i];
    else
      break;
  }
  if (argc - i != 2 || stride == 0) {
    fprintf(stderr,
            "usage: alloc_fault_test [--dense N] [--stride N] [--persistent] [--sites FILE] "
            "CONFORMANCE_DIR SAMPLE_LIST\n");
    return 2;
  }
  const char* dir = argv[i];
  FILE* list = fopen(argv[i + 1], "r");
  FILE* devnull = fopen("/dev/null", "w");
  if (!list || !devnull) {
    fprintf(stderr, "cannot open %s or /dev/null\n", argv[i + 1]);
    return 2;
  }
  int failures = 0;
  uint64_t total_runs = 0, total_points = 0, total_oom = 0, total_success = 0;
  stacks_t sites = {0}, stacks = {0};
  double t0 = now();
  char line[1024];
  while (fgets(line, sizeof(line), list)) {
    line[strcspn(line, "\r\n#")] = 0;
    size_t n = strlen(line);
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t')) line[--n] = 0;
    if (!n) continue;
    char path[2048];
    snprintf(path, sizeof(path), "%s/%s", dir, line);
    char* data = NULL;
    size_t len = 0;
    cx_status_t st = cx_file_read(path, &data, &len);
    if (st) {
      cx_status_print(st, stderr);
      cx_status_free(st);
      failures++;
      continue;
    }
    double f0 = now();
    outcome_t ref, out;
    fault_alloc_t fa;
    memset(&fa, 0, sizeof(fa));
    cx_allocator_t al = {fault_fn, &fa};
    run_t r = {NULL, devnull, line, ends_with(line, ".bc"), &ref, NULL, 0, true};
    run_file(&r, data, len, al);
    uint64_t points = atomic_load(&fa.requests);
    bool ok = true;
    if (ref.code != CX_OK || atomic_load(&fa.live) != 0) {
      fprintf(stderr, "FAIL %s: reference run: %s (%s), %lld blocks live\n", line,
              cx_status_code_name(ref.code), ref.message, (long long)atomic_load(&fa.live));
      ok = false;
    }
    r.reference = false;
    r.out = &out;
    uint64_t runs = 0, oom = 0, success = 0, fsites = 0;
    for (uint64_t k = 1; ok; k = next_point(k, dense, stride, points)) {
      memset(&fa, 0, sizeof(fa));
      fa.fail_at = k;
      fa.persistent = persistent;
      run_file(&r, data, len, al);
      runs++;
      bool hit = atomic_load(&fa.hit);
      const char* why = NULL;
      if (atomic_load(&fa.live) != 0)
        why = "leaked blocks";
      else if (out.code == CX_OUT_OF_MEMORY && !hit)
        why = "out of memory without a failed allocation";
      else if (out.code != CX_OK && out.code != CX_OUT_OF_MEMORY)
        why = "wrong status";
      else if (out.code == CX_OK && (out.hash != ref.hash || out.chunks != ref.chunks ||
                                     out.functions_run != ref.functions_run))
        why = "succeeded with different results";
      if (why) {
        fprintf(stderr, "FAIL %s: allocation %llu of %llu failed: %s: %s (%s), %lld blocks live\n",
                line, (unsigned long long)k, (unsigned long long)points, why,
                cx_status_code_name(out.code), out.message, (long long)atomic_load(&fa.live));
        if (hit) {
          char** syms = backtrace_symbols(fa.frames, fa.num_frames);
          for (int f = 0; syms && f < fa.num_frames; f++) fprintf(stderr, "    %s\n", syms[f]);
          free(syms);
        }
        ok = false;
        break;
      }
      if (!hit) break;  // completed without reaching allocation k: done
      if (out.code == CX_OUT_OF_MEMORY)
        oom++;
      else
        success++;
      fsites += stacks_add(&sites, fa.frames, fa.num_frames, 1);
      stacks_add(&stacks, fa.frames, fa.num_frames, kMaxFrames);
    }
    if (!ok) failures++;
    total_runs += runs;
    total_points += points;
    total_oom += oom;
    total_success += success;
    printf(
        "%-60s %2u chunks %6llu allocations, %5llu runs: %5llu out of memory, %4llu recovered, "
        "%3llu new sites, %.1fs\n",
        line, ref.chunks, (unsigned long long)points, (unsigned long long)runs,
        (unsigned long long)oom, (unsigned long long)success, (unsigned long long)fsites,
        now() - f0);
    fflush(stdout);
    free(r.expected);
    free(data);
  }
  fclose(list);
  fclose(devnull);
  printf(
      "%llu allocation points in the sample, %llu faulted runs (%llu out of memory, %llu "
      "recovered), %zu distinct failing call sites, %zu distinct call stacks (%d frames), "
      "%.1fs%s\n",
      (unsigned long long)total_points, (unsigned long long)total_runs,
      (unsigned long long)total_oom, (unsigned long long)total_success, sites.len, stacks.len,
      kMaxFrames, now() - t0, persistent ? " (persistent failures)" : "");
  if (sites_path) {
    FILE* f = fopen(sites_path, "w");
    Dl_info info;
    // The load address, for symbolizing (tests/fault/sites.py).
    if (f && dladdr((void*)&fault_fn, &info)) fprintf(f, "base %p %s\n", info.dli_fbase, info.dli_fname);
    for (size_t s = 0; f && s < stacks.len; s++) {
      for (int k = 0; k < stacks.items[s].n; k++)
        fprintf(f, "%s%p", k ? " " : "", stacks.items[s].frames[k]);
      fprintf(f, "\n");
    }
    if (f) fclose(f);
  }
  free(sites.items);
  free(stacks.items);
  if (failures) fprintf(stderr, "%d file(s) failed\n", failures);
  return failures ? 1 : 0;
}
