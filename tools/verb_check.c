// cxla check: run test programs and report PASS/FAIL/ERROR per file.
//
// Modes: interp runs each function in the reference interpreter; compile
// compiles it and runs the native code; both does the two and also
// compares every result of the compiled code with the interpreter's
// (differential testing: the compiler is checked against the interpreter).
//
// Each file runs in its own forked child process (a pool of --jobs of them),
// so a crash, a hang or a leak in one file cannot take the run down: the
// parent reports it as that file's ERROR and moves on. A child parses the
// file (split at "// -----" lines into cases), verifies each case and calls
// every public function that takes no arguments; a check op that fails makes
// the case FAIL, any other error makes it an ERROR. A case whose text
// contains "expected-error" is a negative test: it passes only if it reports
// an error.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cxla/compiler.h"
#include "cxla/interp.h"
#include "cxla/runtime.h"
#include "cxla/module.h"
#include "cxla/passes.h"
#include "cxla/file.h"
#include "tools/verbs.h"

enum { kMaxReason = 2000 };

typedef enum result_kind { R_PASS, R_FAIL, R_ERROR } result_kind_t;
typedef enum check_mode { MODE_INTERP, MODE_COMPILE, MODE_BOTH } check_mode_t;

typedef struct check_options {
  check_mode_t mode;
  int jobs;
  const char* xfail_path;
  bool xfail_explicit;
  bool fill_elided;
  bool no_verify;
  bool canonicalize;  // run the canonicalizer (then the verifier) before interpreting
  double timeout;  // seconds per file; 0 = none
  double min_pass_percent;  // fail the run if fewer files pass
  long long synthesize;     // > 0: run functions with arguments on inputs made up
  bool random_inputs;       // those inputs are pseudo-random (--random-inputs)
  uint64_t seed;
  size_t max_input;         // stream limit (--max-input-size); 0 = the default
  const char* target;       // --target: compile ahead of time for it (an artifact), then load
  long long platform_index; // --platform-index; -1: the module's position of "cpu"
  const char* cache_dir;    // --cache-dir / --no-cache; NULL: $CXLA_CACHE_DIR
} check_options_t;

// ---- the child: check one file ------------------------------------------------

typedef struct file_state {
  const check_options_t* opts;
  const char* path;
  cx_context_t* ctx;
  FILE* devnull;
  unsigned cases;
  unsigned failed_cases;
  unsigned functions_run;
  unsigned synthesized_runs;
  result_kind_t kind;  // worst so far: ERROR > FAIL > PASS
  char reason[kMaxReason];
} file_state_t;

// Formats a status as one line "location: message" (newlines become "; ").
static void format_status(cx_status_t st, char* out, size_t size) {
  const char* loc = cx_status_location(st);
  const char* msg = cx_status_message(st);
  int n = snprintf(out, size, "%s%s%s", loc ? loc : "", loc ? ": " : "", msg ? msg : "error");
  if (n < 0) out[0] = 0;
  for (char* p = out; *p; p++) {
    if (*p == '\n' || *p == '\r') *p = (p[1] && p[1] != '\n') ? ';' : ' ';
  }
}

static void record(file_state_t* fs, result_kind_t kind, const char* reason) {
  if (kind == R_PASS) return;
  fs->failed_cases++;
  // The first failure explains the file; an ERROR outranks a FAIL because it
  // means the case could not even be run to its checks.
  if (fs->kind == R_PASS || (fs->kind == R_FAIL && kind == R_ERROR)) {
    fs->kind = kind;
    snprintf(fs->reason, sizeof(fs->reason), "%s", reason);
  }
}

static void record_status(file_state_t* fs, cx_status_t st) {
  char reason[kMaxReason];
  format_status(st, reason, sizeof(reason));
  record(fs, cx_status_code(st) == CX_FAILED_PRECONDITION ? R_FAIL : R_ERROR, reason);
  cx_status_free(st);
}

static bool contains(const char* text, size_t len, const char* needle) {
  size_t n = strlen(needle);
  for (size_t i = 0; i + n <= len; i++)
    if (text[i] == needle[0] && memcmp(text + i, needle, n) == 0) return true;
  return false;
}

static void remove_dir(const char* dir) {
  DIR* d = opendir(dir);
  if (d) {
    struct dirent* e;
    while ((e = readdir(d))) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
      char* p = cx_tool_format("%s/%s", dir, e->d_name);
      if (p) unlink(p);
      cx_free(cx_allocator_system(), p);
    }
    closedir(d);
  }
  rmdir(dir);
}

// Synthesized arguments for a function that takes some (--synthesize-inputs):
// dynamic dimensions are n (or their bound, if smaller); leading scalar
// integer arguments are n (JAX's shape-polymorphic exports pass their
// dimension variables there); other tensors hold ones (floats, complex),
// zeros (integers) or false; with --random-inputs, pseudo-random values of
// their type from the seed (argument i from seed + i), so that compiled
// code and the interpreter are compared on values that exercise them.
// Returns false if an argument cannot be made.
static bool synthesize(const cx_function_t* fn, uint32_t nargs, uint32_t first, int64_t n,
                       const check_options_t* o, cx_buffer_view_t* views) {
  bool leading = true;
  for (uint32_t i = first; i < first + nargs; i++) {
    memset(&views[i], 0, sizeof(views[i]));
    cx_type_info_t t;
    cx_status_t st = cx_function_type(fn, false, i, &t);
    if (st) {
      cx_status_free(st);
      return false;
    }
    if (t.type_class == CX_TYPE_CLASS_TOKEN) continue;  // cx_interp_call makes the token
    if (t.type_class != CX_TYPE_CLASS_TENSOR) return false;
    int64_t dims[CX_MAX_RANK];
    for (uint32_t d = 0; d < t.rank; d++) {
      dims[d] = t.dims[d];
      if (dims[d] < 0) dims[d] = t.bounds[d] >= 0 && t.bounds[d] < n ? t.bounds[d] : n;
    }
    st = cx_buffer_view_allocate(t.elem, t.rank, dims, &views[i]);
    if (st) {
      cx_status_free(st);
      return false;
    }
    bool dim_var = leading && t.rank == 0 && cx_elem_is_integer(t.elem) &&
                   t.elem != CX_ELEM_I1 && !t.quantized;
    if (!dim_var) leading = false;
    if (dim_var) cx_buffer_view_fill(&views[i], (double)n);
    else if (o->random_inputs) cx_buffer_view_fill_random(&views[i], o->seed + i);
    else if (cx_elem_is_float(t.elem) || cx_elem_is_complex(t.elem)) cx_buffer_view_fill(&views[i], 1.0);
  }
  return true;
}

// Compiles function `name` and runs it on `args` (results malloc'ed as the
// interpreter's are).
static cx_status_t call_compiled(cx_module_t* m, const char* name, const check_options_t* opts,
                                 uint32_t nargs, const cx_buffer_view_t* args,
                                 const cx_rt_invoke_options_t* io, uint32_t* out_n,
                                 cx_buffer_view_t** out_results) {
  cx_compile_options_t co = {.function = name,
                             .opaque_constants = true,
                             .num_arg_shapes = nargs,
                             .arg_shapes = args,
                             .target = opts->target,
                             .cache_dir = opts->cache_dir};
  cx_rt_executable_t* exe = NULL;
  cx_rt_device_t* device = NULL;
  cx_buffer_view_t* results = NULL;
  uint32_t n = 0;
  *out_n = 0;
  *out_results = NULL;
  cx_status_t st = cx_compile(m, &co, &exe);
  // One thread: files run in parallel already.
  if (!st) st = cx_tool_device_and_results(exe, 1, &device, &n, &results);
  if (!st) {
    st = cx_rt_executable_invoke(exe, device, nargs, args, n, results, io);
    if (st) {
      for (uint32_t i = 0; i < n; i++) cx_buffer_view_free_data(&results[i]);
    }
  }
  cx_rt_device_destroy(device);
  cx_rt_executable_release(exe);
  if (st) {
    cx_free(cx_allocator_system(), results);
    return cx_status_prefix(st, "compiled");
  }
  *out_n = n;
  *out_results = results;
  return NULL;
}

// Both modes: the compiled results must match the interpreter's.
static cx_status_t compare_results(const char* name, uint32_t n, const cx_buffer_view_t* compiled,
                                   uint32_t m, const cx_buffer_view_t* interp) {
  if (n != m)
    return CX_ERROR(CX_FAILED_PRECONDITION, "@%s: compiled code returned %u results, the interpreter %u",
                    name, n, m);
  for (uint32_t i = 0; i < n; i++) {
    char why[256];
    if (!cx_buffer_view_close(&compiled[i], &interp[i], why, sizeof why))
      return CX_ERROR(CX_FAILED_PRECONDITION,
                      "@%s: compiled result %u differs from the interpreter's: %s", name, i, why);
  }
  return NULL;
}

// Runs every public function without arguments of a verified module; with
// --synthesize-inputs, a module that has none runs its functions with
// arguments on synthesized inputs instead (they pass if they run).
static cx_status_t run_module(file_state_t* fs, cx_module_t* m) {
  const char* tmp = getenv("TMPDIR");
  char* probe_dir = cx_tool_format("%s/cxla-probe-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!probe_dir) return CX_OOM();
  if (!mkdtemp(probe_dir)) {
    cx_status_t st = CX_ERROR(CX_IO_ERROR, "cannot create a probe directory %s: %s", probe_dir,
                              strerror(errno));
    cx_free(cx_allocator_system(), probe_dir);
    return st;
  }
  // Compiled code probes into a directory of its own, so that its
  // check.expect_serialized_eq reads what the compiled probes wrote.
  char* compiled_probe_dir = cx_tool_format("%s.compiled", probe_dir);
  if (!compiled_probe_dir || mkdir(compiled_probe_dir, 0700)) {
    cx_status_t st = compiled_probe_dir ? CX_ERROR(CX_IO_ERROR, "cannot create a probe directory %s: %s",
                                                   compiled_probe_dir, strerror(errno))
                                        : CX_OOM();
    remove_dir(probe_dir);
    cx_free(cx_allocator_system(), probe_dir);
    cx_free(cx_allocator_system(), compiled_probe_dir);
    return st;
  }
  cx_rt_invoke_options_t cio = {.print_output = fs->devnull, .probe_dir = compiled_probe_dir};
  cx_interp_options_t io = {.print_output = fs->devnull, .probe_dir = probe_dir};
  cx_interp_t* interp = NULL;
  cx_status_t st = cx_interp_create(m, &io, &interp);
  unsigned ran = 0;
  for (int pass = 0; pass < 2 && !st; pass++) {
    // Pass 0: functions without arguments. Pass 1 (only if pass 0 found
    // none): the others, on synthesized inputs.
    if (pass == 1 && (ran || fs->opts->synthesize <= 0)) break;
    for (const cx_function_t* fn = cx_module_first_function(m); fn && !st;
         fn = cx_function_next(fn)) {
      cx_function_info_t info;
      cx_function_get_info(fn, &info);
      if (!info.is_public || !info.has_body || !info.name) continue;
      // JAX's platform index is supplied, not an argument to make up.
      uint32_t pi = info.num_args && cx_function_is_platform_index(fn, 0) ? 1 : 0;
      if ((info.num_args - pi != 0) != (pass == 1)) continue;
      const char* name = info.name;
      uint32_t nargs = info.num_args;
      cx_buffer_view_t* args = NULL;
      if (nargs) {
        args = cx_calloc(cx_allocator_system(), nargs, sizeof(cx_buffer_view_t));
        if (!args) {
          st = CX_OOM();
          break;
        }
        bool supplied = false;
        if (pi) st = cx_tool_platform_index(m, fn, name, fs->opts->platform_index, args, &supplied);
        if (st) {
          cx_free(cx_allocator_system(), args);
          break;
        }
        if (nargs > pi && !synthesize(fn, nargs - pi, pi, fs->opts->synthesize, fs->opts, args)) {
          for (uint32_t i = 0; i < nargs; i++) cx_buffer_view_free_data(&args[i]);
          cx_free(cx_allocator_system(), args);
          continue;  // e.g. tuple arguments: not run
        }
      }
      uint32_t n = 0, cn = 0;
      cx_buffer_view_t* results = NULL;
      cx_buffer_view_t* compiled = NULL;
      ran++;
      if (fs->opts->mode != MODE_COMPILE) st = cx_interp_call(interp, name, nargs, args, &n, &results);
      if (!st && fs->opts->mode != MODE_INTERP) {
        st = call_compiled(m, name, fs->opts, nargs, args, &cio, &cn, &compiled);
        if (!st && fs->opts->mode == MODE_BOTH) st = compare_results(name, cn, compiled, n, results);
      }
      if (st && nargs > pi && fs->opts->random_inputs)
        st = cx_status_prefix(st, "with random inputs (seed %llu, dynamic dimensions %lld)",
                              (unsigned long long)fs->opts->seed, (long long)fs->opts->synthesize);
      else if (st && nargs > pi)
        st = cx_status_prefix(st, "with synthesized inputs (dynamic dimensions %lld)",
                              (long long)fs->opts->synthesize);
      cx_interp_free_results(n, results);
      cx_interp_free_results(cn, compiled);
      for (uint32_t i = 0; i < nargs; i++) cx_buffer_view_free_data(&args[i]);
      cx_free(cx_allocator_system(), args);
      if (pass == 1) fs->synthesized_runs++;
    }
  }
  fs->functions_run += ran;
  cx_interp_destroy(interp);
  remove_dir(probe_dir);
  cx_free(cx_allocator_system(), probe_dir);
  remove_dir(compiled_probe_dir);
  cx_free(cx_allocator_system(), compiled_probe_dir);
  return st;
}

// Parsed and verified module -> what runs: with --canonicalize, the module
// after the pass, verified again, so the interpreter judges the pass.
static cx_status_t prepare(file_state_t* fs, cx_module_t* m) {
  if (!fs->opts->no_verify) CX_RETURN_IF_ERROR(cx_module_verify(m));
  if (!fs->opts->canonicalize) return NULL;
  CX_RETURN_IF_ERROR(cx_module_canonicalize(m, NULL));
  return fs->opts->no_verify ? NULL : cx_module_verify(m);
}

static cx_status_t check_case(const char* text, size_t len, unsigned first_line, void* arg) {
  file_state_t* fs = arg;
  fs->cases++;
  bool negative = contains(text, len, "expected-error");
  cx_parse_options_t po = {fs->path, first_line, fs->opts->fill_elided};
  cx_module_t* m = NULL;
  cx_status_t st = cx_module_parse_text(fs->ctx, text, len, &po, &m);
  if (!st) st = prepare(fs, m);
  if (!st) st = run_module(fs, m);
  cx_module_destroy(m);
  if (negative) {
    if (st) {
      cx_status_free(st);
    } else {
      char reason[200];
      snprintf(reason, sizeof(reason), "%s:%u: the case expects an error but ran cleanly",
               fs->path, first_line ? first_line : 1);
      record(fs, R_FAIL, reason);
    }
  } else if (st) {
    record_status(fs, st);
  }
  return NULL;  // go on with the next case
}

static void check_file(file_state_t* fs) {
  char* data = NULL;
  size_t len = 0;
  cx_status_t st = cx_file_read_limited(fs->path, fs->opts->max_input, &data, &len);
  if (!st) st = cx_context_create(cx_allocator_system(), &fs->ctx);
  if (!st && cx_is_bytecode(data, len)) {
    // A bytecode artifact holds one module; no splitting.
    fs->cases++;
    cx_parse_options_t po = {fs->path, 0, fs->opts->fill_elided};
    cx_module_t* m = NULL;
    st = cx_module_load(fs->ctx, data, len, true, &po, &m);
    data = NULL;  // owned by the module (or freed on failure)
    if (!st) st = prepare(fs, m);
    if (!st) st = run_module(fs, m);
    cx_module_destroy(m);
    if (st) record_status(fs, st);
    st = NULL;
  } else if (!st) {
    st = cx_split_input(data, len, check_case, fs);
  }
  if (st) record_status(fs, st);
  if (fs->failed_cases > 1 && fs->cases > 1) {
    size_t n = strlen(fs->reason);
    snprintf(fs->reason + n, sizeof(fs->reason) - n, " (%u of %u cases failed)",
             fs->failed_cases, fs->cases);
  }
  cx_context_destroy(fs->ctx);
  cx_free(cx_allocator_system(), data);
}

static void write_all(int fd, const char* data, size_t len) {
  while (len) {
    ssize_t n = write(fd, data, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    data += n;
    len -= (size_t)n;
  }
}

// The child's side: checks the file and writes "P\n", "F reason" or
// "E reason" to the pipe.
static int child_main(const check_options_t* opts, const char* path, int fd) {
  file_state_t fs;
  memset(&fs, 0, sizeof(fs));
  fs.opts = opts;
  fs.path = path;
  fs.devnull = fopen("/dev/null", "w");
  check_file(&fs);
  if (fs.devnull) fclose(fs.devnull);
  char tag[2] = {fs.kind == R_PASS ? 'P' : fs.kind == R_FAIL ? 'F' : 'E', ' '};
  write_all(fd, tag, 2);
  if (fs.kind == R_PASS) {
    // A pass reports how many functions ran (0: parsed and verified only).
    char count[48];
    snprintf(count, sizeof(count), "%u %u", fs.functions_run, fs.synthesized_runs);
    write_all(fd, count, strlen(count));
  } else {
    write_all(fd, fs.reason, strlen(fs.reason));
  }
  close(fd);
  return 0;
}

// ---- the parent: file list, expected failures, the process pool -------------

typedef struct file_entry {
  char* path;
  result_kind_t kind;
  char* reason;
  bool done;
  bool nothing_run;          // passed without a function to run
  bool synthesized;          // passed running on synthesized inputs only
  const char* xfail_reason;  // from the expected-failures list, or NULL
} file_entry_t;

typedef struct file_list {
  file_entry_t* items;
  size_t count;
  size_t cap;
} file_list_t;

static bool list_add(file_list_t* l, const char* path) {
  if (l->count == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 256;
    file_entry_t* items = cx_realloc(cx_allocator_system(), l->items, cap * sizeof(*items));
    if (!items) return false;
    l->items = items;
    l->cap = cap;
  }
  file_entry_t* e = &l->items[l->count];
  memset(e, 0, sizeof(*e));
  e->path = cx_tool_strdup(path);
  if (!e->path) return false;
  l->count++;
  return true;
}

static int cmp_str(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

static bool is_test_file(const char* name) {
  size_t n = strlen(name);
  return (n > 5 && !strcmp(name + n - 5, ".mlir")) || (n > 7 && !strcmp(name + n - 7, ".mlirbc")) ||
         (n > 3 && !strcmp(name + n - 3, ".bc"));
}

// Adds a file, or every .mlir/.mlirbc/.bc file under a directory (sorted,
// recursive).
static cx_status_t collect(file_list_t* l, const char* path) {
  struct stat sb;
  if (stat(path, &sb) != 0)
    return CX_ERROR(CX_NOT_FOUND, "cannot read '%s': %s", path, strerror(errno));
  if (!S_ISDIR(sb.st_mode)) return list_add(l, path) ? NULL : CX_OOM();
  DIR* d = opendir(path);
  if (!d) return CX_ERROR(CX_IO_ERROR, "cannot open directory '%s': %s", path, strerror(errno));
  char** names = NULL;
  size_t count = 0, cap = 0;
  cx_status_t st = NULL;
  struct dirent* e;
  while (!st && (e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    if (count == cap) {
      cap = cap ? cap * 2 : 64;
      char** grown = cx_realloc(cx_allocator_system(), names, cap * sizeof(char*));
      if (!grown) {
        st = CX_OOM();
        break;
      }
      names = grown;
    }
    names[count] = cx_tool_strdup(e->d_name);
    if (!names[count]) st = CX_OOM();
    else count++;
  }
  closedir(d);
  if (count) qsort(names, count, sizeof(char*), cmp_str);
  size_t plen = strlen(path);
  bool slash = plen && path[plen - 1] == '/';
  for (size_t i = 0; i < count && !st; i++) {
    char* full = cx_tool_format("%s%s%s", path, slash ? "" : "/", names[i]);
    if (!full) {
      st = CX_OOM();
      break;
    }
    struct stat cs;
    if (stat(full, &cs) == 0 && (S_ISDIR(cs.st_mode) || is_test_file(names[i])))
      st = collect(l, full);
    cx_free(cx_allocator_system(), full);
  }
  for (size_t i = 0; i < count; i++) cx_free(cx_allocator_system(), names[i]);
  cx_free(cx_allocator_system(), names);
  return st;
}

typedef struct xfail_entry {
  char* path;
  char* reason;
} xfail_entry_t;

typedef struct xfail_list {
  xfail_entry_t* items;
  size_t count;
  char* text;
} xfail_list_t;

// Reads "path reason..." lines; blank lines and '#' comments are skipped.
static cx_status_t xfail_read(const char* path, xfail_list_t* out) {
  size_t len;
  CX_RETURN_IF_ERROR(cx_file_read(path, &out->text, &len));
  size_t lines = 1;
  for (size_t i = 0; i < len; i++) lines += out->text[i] == '\n';
  out->items = cx_calloc(cx_allocator_system(), lines, sizeof(xfail_entry_t));
  if (!out->items) return CX_OOM();
  char* save = NULL;
  for (char* line = strtok_r(out->text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    while (*line == ' ' || *line == '\t') line++;
    if (!*line || *line == '#') continue;
    char* sp = line + strcspn(line, " \t");
    char* reason = sp;
    if (*sp) {
      *sp = 0;
      reason = sp + 1;
      while (*reason == ' ' || *reason == '\t') reason++;
    }
    size_t rl = strlen(reason);
    while (rl && (reason[rl - 1] == '\r' || reason[rl - 1] == ' ')) reason[--rl] = 0;
    if (!*reason)
      fprintf(stderr, "cxla check: %s: '%s' is listed without a reason\n", path, line);
    out->items[out->count].path = line;
    out->items[out->count].reason = *reason ? reason : "(no reason given)";
    out->count++;
  }
  return NULL;
}

// A listed path matches a file whose path ends with it at a '/' boundary, so
// the list can name files relative to the conformance directory.
static const char* xfail_lookup(const xfail_list_t* x, const char* path) {
  size_t pl = strlen(path);
  for (size_t i = 0; i < x->count; i++) {
    const char* e = x->items[i].path;
    size_t el = strlen(e);
    if (el > pl) continue;
    if (strcmp(path + pl - el, e) != 0) continue;
    if (el == pl || path[pl - el - 1] == '/') return x->items[i].reason;
  }
  return NULL;
}

typedef struct slot {
  pid_t pid;
  int fd;
  size_t index;
  cx_tool_str_t buf;
  struct timespec start;
} slot_t;

static double seconds_since(const struct timespec* t) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) * 1e-9;
}

static void finish(file_entry_t* e, result_kind_t kind, const char* reason) {
  e->kind = kind;
  e->reason = cx_tool_strdup(reason ? reason : "");
  e->done = true;
}

// Turns what a child wrote and how it exited into a result.
static void harvest(slot_t* s, file_list_t* files, int wstatus, bool timed_out,
                    double timeout) {
  file_entry_t* e = &files->items[s->index];
  const char* out = s->buf.data ? s->buf.data : "";
  char msg[256];
  if (timed_out) {
    snprintf(msg, sizeof(msg), "timed out after %.0f s (killed)", timeout);
    finish(e, R_ERROR, msg);
  } else if (WIFSIGNALED(wstatus)) {
    snprintf(msg, sizeof(msg), "crashed (signal %d: %s)", WTERMSIG(wstatus),
             strsignal(WTERMSIG(wstatus)));
    finish(e, R_ERROR, msg);
  } else if (!out[0]) {
    snprintf(msg, sizeof(msg), "the checker exited with status %d without a result",
             WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
    finish(e, R_ERROR, msg);
  } else if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) != 0) {
    // A sanitizer report (e.g. a leak) at exit: the result is not trustworthy.
    snprintf(msg, sizeof(msg), "the checker exited with status %d (see stderr)",
             WEXITSTATUS(wstatus));
    finish(e, R_ERROR, msg);
  } else {
    result_kind_t kind = out[0] == 'P' ? R_PASS : out[0] == 'F' ? R_FAIL : R_ERROR;
    finish(e, kind, kind == R_PASS ? "" : out[1] ? out + 2 : "");
    unsigned run = 0, synthesized = 0;
    if (kind == R_PASS && out[1]) sscanf(out + 2, "%u %u", &run, &synthesized);
    e->nothing_run = kind == R_PASS && run == 0;
    e->synthesized = kind == R_PASS && run > 0 && synthesized == run;
  }
  cx_tool_str_free(&s->buf);
  close(s->fd);
  s->pid = 0;
}

// `pool` and `pfds` are the parent's pool state: the child frees its copy
// before it exits, or LeakSanitizer may report them as the child's leaks
// (when the only pointer to them sits in a register of the parent's frame).
static bool spawn(slot_t* s, const check_options_t* opts, file_list_t* files, size_t index,
                  slot_t* pool, int pool_size, struct pollfd* pfds) {
  int fds[2];
  if (pipe(fds) != 0) return false;
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return false;
  }
  if (pid == 0) {
    close(fds[0]);
    // The interpreter must not write on our stdout (it carries the report).
    int null_fd = open("/dev/null", O_WRONLY);
    if (null_fd >= 0) {
      dup2(null_fd, STDOUT_FILENO);
      close(null_fd);
    }
    for (int i = 0; i < pool_size; i++) cx_tool_str_free(&pool[i].buf);
    cx_free(cx_allocator_system(), pool);
    cx_free(cx_allocator_system(), pfds);
    int rc = child_main(opts, files->items[index].path, fds[1]);
    // exit() rather than _exit(): a sanitizer build checks for leaks here.
    exit(rc);
  }
  close(fds[1]);
  memset(s, 0, sizeof(*s));
  s->pid = pid;
  s->fd = fds[0];
  s->index = index;
  clock_gettime(CLOCK_MONOTONIC, &s->start);
  return true;
}

static void print_result(const file_entry_t* e, size_t* passed, size_t* failed,
                         size_t* xfailed, size_t* nothing_run, size_t* synthesized) {
  const char* r = e->reason ? e->reason : "";
  if (e->kind == R_PASS && e->nothing_run) (*nothing_run)++;
  if (e->kind == R_PASS && e->synthesized) (*synthesized)++;
  if (e->kind == R_PASS) {
    if (e->xfail_reason) {
      printf("XPASS %s\n", e->path);
      (*failed)++;
    } else {
      printf("PASS %s\n", e->path);
      (*passed)++;
    }
  } else if (e->xfail_reason) {
    printf("XFAIL %s: %s\n", e->path, r);
    (*xfailed)++;
  } else {
    printf("%s %s: %s\n", e->kind == R_FAIL ? "FAIL" : "ERROR", e->path, r);
    (*failed)++;
  }
  fflush(stdout);
}

static int run_pool(const check_options_t* opts, file_list_t* files) {
  int jobs = opts->jobs > 0 ? opts->jobs : 1;
  slot_t* slots = cx_calloc(cx_allocator_system(), (size_t)jobs, sizeof(slot_t));
  struct pollfd* pfds = cx_calloc(cx_allocator_system(), (size_t)jobs, sizeof(struct pollfd));
  if (!slots || !pfds) {
    cx_free(cx_allocator_system(), slots);
    cx_free(cx_allocator_system(), pfds);
    fprintf(stderr, "cxla check: out of memory\n");
    return 1;
  }
  size_t next = 0, printed = 0, passed = 0, failed = 0, xfailed = 0, nothing_run = 0,
         synthesized = 0;
  int running = 0;
  while (printed < files->count) {
    // Fill free slots.
    for (int i = 0; i < jobs && next < files->count; i++) {
      if (slots[i].pid) continue;
      if (spawn(&slots[i], opts, files, next, slots, jobs, pfds)) {
        running++;
      } else {
        char msg[200];
        snprintf(msg, sizeof(msg), "cannot start a checker process: %s", strerror(errno));
        finish(&files->items[next], R_ERROR, msg);
      }
      next++;
    }
    // Print finished results in input order.
    while (printed < files->count && files->items[printed].done)
      print_result(&files->items[printed++], &passed, &failed, &xfailed, &nothing_run, &synthesized);
    if (!running) continue;
    int n = 0;
    int map[1024];
    for (int i = 0; i < jobs && n < 1024; i++) {
      if (!slots[i].pid) continue;
      pfds[n].fd = slots[i].fd;
      pfds[n].events = POLLIN;
      pfds[n].revents = 0;
      map[n++] = i;
    }
    int pr = poll(pfds, (nfds_t)n, 200);
    if (pr < 0 && errno != EINTR) break;
    for (int k = 0; k < n; k++) {
      slot_t* s = &slots[map[k]];
      bool eof = false;
      if (pfds[k].revents & (POLLIN | POLLHUP | POLLERR)) {
        char buf[4096];
        ssize_t got = read(s->fd, buf, sizeof(buf));
        if (got > 0) {
          if (s->buf.len < kMaxReason + 16) cx_tool_str_append(&s->buf, buf, (size_t)got);
        } else if (got == 0 || errno != EINTR) {
          eof = true;
        }
      }
      bool timed_out = !eof && opts->timeout > 0 && seconds_since(&s->start) > opts->timeout;
      if (timed_out) kill(s->pid, SIGKILL);
      if (eof || timed_out) {
        int wstatus = 0;
        while (waitpid(s->pid, &wstatus, 0) < 0 && errno == EINTR) {
        }
        harvest(s, files, wstatus, timed_out, opts->timeout);
        running--;
      }
    }
  }
  while (printed < files->count && files->items[printed].done)
    print_result(&files->items[printed++], &passed, &failed, &xfailed, &nothing_run, &synthesized);
  cx_free(cx_allocator_system(), slots);
  cx_free(cx_allocator_system(), pfds);
  double rate = files->count ? 100.0 * (double)passed / (double)files->count : 100.0;
  bool low = rate < opts->min_pass_percent;
  // Files whose functions all take arguments (e.g. shape-polymorphic
  // exports) can only be parsed and verified; say how many passed that way.
  if (nothing_run)
    printf("%zu of the passed files have no function without arguments (parsed and verified "
           "only)\n",
           nothing_run);
  if (synthesized)
    printf("%zu of the passed files ran on %s inputs only (%s)\n", synthesized,
           opts->random_inputs ? "random" : "synthesized",
           opts->mode == MODE_BOTH ? "compiled results compared with the interpreter's"
                                   : "no expected values");
  if (xfailed) printf("%zu expected failures\n", xfailed);
  if (low)
    printf("pass rate %.2f%% is below the required %.2f%%\n", rate, opts->min_pass_percent);
  printf("%zu passed, %zu failed\n", passed, failed);
  return failed || low ? 1 : 0;
}

// A number flag's value in [lo, hi] into *out; else 2 after printing `wants`.
static int number_flag(const char* v, double lo, double hi, const char* wants, double* out) {
  char* end;
  double x = strtod(v, &end);
  if (*end || x < lo || x > hi) {
    fprintf(stderr, "cxla check: %s, got '%s'\n", wants, v);
    return 2;
  }
  *out = x;
  return 0;
}

static int run_check(int argc, char** argv) {
  check_options_t opts = {0};
  opts.platform_index = -1;
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  opts.jobs = cores > 0 ? (int)cores : 1;
  opts.xfail_path = "tests/conformance/expected_failures.txt";
  opts.timeout = 600;
  file_list_t files = {0};
  int rc = 0;
  for (int i = 0; i < argc && !rc; i++) {
    const char* v;
    int k;
    if (cx_tool_cache_flag(argv[i], &opts.cache_dir)) {
    } else if ((k = cx_tool_max_input_size("check", argv[i], &opts.max_input))) {
      if (k == 2) rc = 2;
    } else if (cx_tool_flag_value(argv[i], "--target", &v)) {
      opts.target = v;
    } else if (cx_tool_flag_value(argv[i], "--mode", &v)) {
      if (!strcmp(v, "interp")) {
        opts.mode = MODE_INTERP;
      } else if (!strcmp(v, "compile")) {
        opts.mode = MODE_COMPILE;
      } else if (!strcmp(v, "both")) {
        opts.mode = MODE_BOTH;
      } else {
        fprintf(stderr, "cxla check: unknown mode '%s' (interp, compile or both)\n", v);
        rc = 2;
      }
    } else if (cx_tool_flag_value(argv[i], "--jobs", &v) || (!strcmp(argv[i], "-j") && i + 1 < argc && (v = argv[++i]))) {
      char* end;
      long j = strtol(v, &end, 10);
      if (*end || j < 1 || j > 1024) {
        fprintf(stderr, "cxla check: --jobs wants a number from 1 to 1024, got '%s'\n", v);
        rc = 2;
      } else {
        opts.jobs = (int)j;
      }
    } else if (cx_tool_flag_value(argv[i], "--timeout", &v)) {
      rc = number_flag(v, 0, INFINITY, "--timeout wants seconds", &opts.timeout);
    } else if (cx_tool_flag_value(argv[i], "--min-pass-percent", &v)) {
      rc = number_flag(v, 0, 100, "--min-pass-percent wants 0..100", &opts.min_pass_percent);
    } else if (cx_tool_flag_value(argv[i], "--platform-index", &v)) {
      char* end;
      opts.platform_index = strtoll(v, &end, 10);
      if (end == v || *end || opts.platform_index < 0 || opts.platform_index > INT32_MAX) {
        fprintf(stderr, "cxla check: --platform-index wants a platform's position (0, 1, ...), got '%s'\n", v);
        return 2;
      }
    } else if (cx_tool_flag_value(argv[i], "--synthesize-inputs", &v)) {
      char* end;
      long long n = strtoll(v, &end, 10);
      if (*end || n < 1 || n > 1 << 20) {
        fprintf(stderr, "cxla check: --synthesize-inputs wants a size >= 1, got '%s'\n", v);
        rc = 2;
      } else {
        opts.synthesize = n;
      }
    } else if (!strcmp(argv[i], "--random-inputs") ||
               cx_tool_flag_value(argv[i], "--random-inputs", &v)) {
      unsigned long long seed = 0;
      char* end = NULL;
      if (strcmp(argv[i], "--random-inputs") != 0) seed = strtoull(v, &end, 10);
      if (end && (*end || !*v)) {
        fprintf(stderr, "cxla check: --random-inputs wants a seed (an integer), got '%s'\n", v);
        rc = 2;
      } else {
        opts.random_inputs = true;
        opts.seed = seed;
        if (!opts.synthesize) opts.synthesize = 1;
      }
    } else if (cx_tool_flag_value(argv[i], "--expected-failures", &v)) {
      opts.xfail_path = v;
      opts.xfail_explicit = true;
    } else if (!strcmp(argv[i], "--fill-elided")) {
      opts.fill_elided = true;
    } else if (!strcmp(argv[i], "--no-verify")) {
      opts.no_verify = true;
    } else if (!strcmp(argv[i], "--canonicalize")) {
      opts.canonicalize = true;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "cxla check: unknown option '%s'\n", argv[i]);
      rc = 2;
    } else {
      cx_status_t st = collect(&files, argv[i]);
      if (st) rc = cx_tool_error(st);
    }
  }
  if (!rc && files.count == 0) {
    fprintf(stderr, "cxla check: no input files\n");
    rc = 2;
  }
  xfail_list_t xfail = {0};
  if (!rc && opts.xfail_path && *opts.xfail_path) {
    bool exists = access(opts.xfail_path, R_OK) == 0;
    if (exists || opts.xfail_explicit) {
      cx_status_t st = xfail_read(opts.xfail_path, &xfail);
      if (st) rc = cx_tool_error(st);
    }
  }
  if (!rc) {
    for (size_t i = 0; i < files.count; i++)
      files.items[i].xfail_reason = xfail_lookup(&xfail, files.items[i].path);
    rc = run_pool(&opts, &files);
  }
  for (size_t i = 0; i < files.count; i++) {
    cx_free(cx_allocator_system(), files.items[i].path);
    cx_free(cx_allocator_system(), files.items[i].reason);
  }
  cx_free(cx_allocator_system(), files.items);
  cx_free(cx_allocator_system(), xfail.items);
  cx_free(cx_allocator_system(), xfail.text);
  return rc;
}

const cx_verb_t cx_verb_check = {
    "check", run_check, "run test programs and report PASS/FAIL/ERROR per file",
    "usage: cxla check [--mode=interp|compile|both] [--target=T] [--jobs=N]\n"
    "                  [--expected-failures=FILE]\n"
    "                  [--fill-elided] [--no-verify] [--canonicalize] [--timeout=SECONDS]\n"
    "                  [--min-pass-percent=P] [--synthesize-inputs=N]\n"
    "                  [--random-inputs[=SEED]] [--cache-dir=DIR | --no-cache] FILE|DIR...\n"
    CX_TOOL_CACHE_HELP
    "Runs every public function without arguments of each file (each case of a\n"
    "file split by '// -----' lines) in the reference interpreter and prints one\n"
    "line per file: 'PASS path', 'FAIL path: reason' (a check failed) or\n"
    "'ERROR path: reason' (the file did not parse, verify or run), then\n"
    "'N passed, M failed'. Directories are searched for .mlir, .mlirbc and .bc\n"
    "files; MLIR bytecode (VHLO portable artifacts) is read as well as text.\n"
    "A case containing 'expected-error' must report an error to pass; a file\n"
    "without a function to run passes if it parses and verifies (counted in a\n"
    "note before the last line).\n"
    "  --mode=M               interp (default): the reference interpreter; compile:\n"
    "                         the compiled code; both: both, and every result of the\n"
    "                         compiled code must match the interpreter's (within a\n"
    "                         few ULPs or a tolerance for the element type)\n"
    "  --target=T             compile ahead of time for target T (as cxla compile\n"
    "                         --target) and run the artifact instead of the JIT's code\n"
    "  --jobs=N               files checked in parallel (default: the number of cores)\n"
    "  --expected-failures=F  'path reason' lines (default\n"
    "                         tests/conformance/expected_failures.txt if present):\n"
    "                         listed failures print XFAIL and do not count as failed;\n"
    "                         a listed file that passes prints XPASS and counts as failed\n"
    "  --fill-elided          fill dense_resource<__elided__> constants\n"
    "  --canonicalize         run the canonicalize pass (and the verifier again)\n"
    "                         before interpreting: the results judge the pass\n"
    "  --timeout=SECONDS      per-file time limit (default 600; 0 = none)\n"
    "  --max-input-size=BYTES most bytes read from a pipe or device (default 128M)\n"
    "  --min-pass-percent=P   also fail when fewer than P% of the files pass\n"
    "  --platform-index=N     the value of JAX's platform index (the first argument\n"
    "                         of a multi-platform export, {jax.global_constant =\n"
    "                         \"_platform_index\"}), which is supplied, not made up;\n"
    "                         default: the position of \"cpu\" in the module's\n"
    "                         mhlo.platforms / jax.platforms list\n"
    "  --synthesize-inputs=N  a file whose public functions all take arguments\n"
    "                         (e.g. shape-polymorphic JAX exports) runs them on made-up\n"
    "                         inputs: dynamic dimensions N, leading integer scalars N\n"
    "                         (dimension variables), other tensors ones / zeros / false;\n"
    "                         such a file passes if it runs without error\n"
    "  --random-inputs[=SEED] as --synthesize-inputs (N = 1 unless given), but the\n"
    "                         tensors hold deterministic pseudo-random values of their\n"
    "                         type (argument i from SEED + i; default seed 0): with\n"
    "                         --mode=both, a model's compiled results are compared with\n"
    "                         the interpreter's on the same random weights and inputs\n"
    "Exit status: 0 when nothing failed unexpectedly, 1 otherwise, 2 on usage errors.\n"};
