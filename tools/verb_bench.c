// cxla bench: compile a function and time its calls, like
// iree-benchmark-module: compile time, then the median, 10th and 90th
// percentile latency over --iterations timed calls after --warmup untimed
// ones, and calls per second; --json prints one JSON object.
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cxla/compiler.h"
#include "cxla/file.h"
#include "cxla/interp.h"
#include "cxla/module.h"
#include "cxla/runtime.h"
#include "cxla/values.h"
#include "tools/verbs.h"

typedef struct bench_args {
  const char* file;
  cx_tool_inputs_t in;
  bool random_inputs;
  unsigned long long seed;
  long iterations;
  long warmup;
  int threads;
  bool json;
  bool interpret;
  bool fill_elided;
  size_t max_input;
  bool profile;            // --profile[=N]: the step table after the timing
  unsigned profile_top;    // its rows (0: all)
  const char* trace;       // --trace=FILE.json
  FILE* trace_file;        // opened before anything runs
  const char* cache_dir;  // --cache-dir / --no-cache; NULL: $CXLA_CACHE_DIR
} bench_args_t;

// The trace keeps the first calls' events up to this many (about 200 bytes
// of JSON each), so a long run of a big model stays a file a viewer opens.
enum { kBenchTraceEvents = 200000 };

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

// CPU time of the whole process (every thread), for hosts too busy for wall
// times to mean much: with one thread it is close to the uncontended latency.
static double cpu_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_double(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

// The q-quantile of sorted samples (nearest rank).
static double quantile(const double* sorted, long n, double q) {
  long i = (long)ceil(q * (double)n) - 1;
  if (i < 0) i = 0;
  if (i >= n) i = n - 1;
  return sorted[i];
}

static double peak_rss_mb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_maxrss / 1024.0;  // KB on Linux
}

// Progress on a terminal only: long compiles and runs say what they are doing.
static void progress(bool tty, const char* what, long i, long n) {
  if (!tty) return;
  if (n > 0) fprintf(stderr, "\r%s %ld/%ld", what, i, n);
  else fprintf(stderr, "\r%s", what);
  fflush(stderr);
}

static void progress_done(bool tty) {
  if (tty) fprintf(stderr, "\r\033[K");
}

typedef struct target {
  cx_rt_executable_t* exe;
  cx_rt_device_t* device;
  cx_interp_t* interp;
  cx_buffer_view_t* results;
  uint32_t num_results;
} target_t;

static cx_status_t call_once(const bench_args_t* a, target_t* t, uint32_t nargs,
                             const cx_buffer_view_t* args) {
  if (t->exe) {
    cx_rt_invoke_options_t io = {.max_threads = a->threads};
    return cx_rt_executable_invoke(t->exe, t->device, nargs, args, t->num_results, t->results, &io);
  }
  uint32_t n = 0;
  cx_buffer_view_t* r = NULL;
  cx_status_t s = cx_interp_call(t->interp, a->in.function, nargs, args, &n, &r);
  cx_interp_free_results(n, r);
  return s;
}

// --profile and --trace: the timed number of calls again, each with a
// profile (so the timing above is not distorted by the profile's clock
// reads), then the table (JSON lines with --json) and the trace file.
static cx_status_t profile_calls(const bench_args_t* a, target_t* t, uint32_t nargs,
                                 const cx_buffer_view_t* args, FILE* trace) {
  cx_rt_profile_options_t po = {.trace = trace != NULL, .max_trace_events = kBenchTraceEvents};
  cx_rt_profile_t* prof = NULL;
  CX_RETURN_IF_ERROR(cx_rt_profile_create(&po, &prof));
  cx_status_t st = NULL;
  cx_rt_invoke_options_t io = {.max_threads = a->threads, .profile = prof};
  for (long i = 0; i < a->iterations && !st; i++)
    st = cx_rt_executable_invoke(t->exe, t->device, nargs, args, t->num_results, t->results, &io);
  if (!st && a->profile) {
    if (!a->json) printf("\n");
    st = a->json ? cx_rt_profile_write_json(prof, stdout)
                 : cx_rt_profile_write_table(prof, stdout, a->profile_top);
  }
  if (!st && trace) {
    st = cx_rt_profile_write_trace(prof, trace);
    if (!st && fflush(trace)) st = CX_ERROR(CX_IO_ERROR, "cannot write the trace '%s'", a->trace);
    unsigned long long events = cx_rt_profile_trace_events(prof),
                       dropped = cx_rt_profile_trace_dropped(prof);
    if (!st && a->json)
      printf("{\"trace\": \"%s\", \"events\": %llu, \"dropped_events\": %llu}\n", a->trace,
             events, dropped);
    else if (!st)
      printf("trace: %s (%llu events of %ld calls%s)\n", a->trace, events, a->iterations,
             dropped ? "; later events dropped, use fewer --iterations" : "");
  }
  cx_rt_profile_destroy(prof);
  return st;
}

// An artifact: loaded (timed as "load") and its arguments bound by its
// signature.
static cx_status_t load_artifact(const bench_args_t* a, target_t* t, uint32_t* out_nargs,
                                 cx_buffer_view_t** out_views, double* out_seconds) {
  if (a->interpret)
    return CX_ERROR(CX_INVALID_ARGUMENT, "%s is a compiled artifact: it cannot be interpreted", a->file);
  for (int i = 0; i < a->in.num_inputs; i++)
    if (a->in.input_bound[i])
      return CX_ERROR(CX_INVALID_ARGUMENT,
                      "%s is a compiled artifact: arguments are bound when compiling (cxla compile --bind), not when running",
                      a->file);
  double t0 = now_seconds();
  CX_RETURN_IF_ERROR(cx_rt_executable_load_file(a->file, NULL, &t->exe));
  *out_seconds = now_seconds() - t0;
  uint32_t n = cx_rt_executable_num_args(t->exe);
  *out_nargs = n;
  cx_buffer_view_t* views = calloc(n ? n : 1, sizeof *views);
  if (!views) return CX_OOM();
  *out_views = views;
  cx_input_list_t inputs = {0};
  inputs.stream_limit = a->max_input;
  cx_status_t st = NULL;
  if (a->random_inputs) {
    st = a->in.num_inputs ? CX_ERROR(CX_INVALID_ARGUMENT, "--random-inputs and --input do not go together")
                       : cx_tool_artifact_random_inputs(t->exe, a->seed, views);
  } else {
    for (int i = 0; i < a->in.num_inputs && !st; i++) {
      st = cx_input_parse(a->in.inputs[i], &inputs);
      if (st) st = cx_status_prefix(st, "--input #%d", i);
    }
    // The views borrow the inputs' data: copies outlive the list.
    if (!st) st = cx_tool_artifact_bind_inputs(t->exe, &inputs, views);
    for (uint32_t i = 0; i < n && !st; i++) {
      if (!views[i].nbytes) continue;
      void* copy = malloc(views[i].nbytes);
      if (!copy) st = CX_OOM();
      else views[i].data = memcpy(copy, views[i].data, views[i].nbytes);
    }
  }
  cx_input_list_free(&inputs);
  if (!st)
    st = cx_tool_device_and_results(t->exe, a->threads, &t->device, &t->num_results, &t->results);
  return st;
}

// What the bench gives up once the executable has copied it: the module
// (a model's weights when they are constants of the program) and the
// bound inputs (cx_compile_options_t.release_sources).
typedef struct bench_sources {
  uint32_t nargs;
  const bool* bound;
  cx_buffer_view_t* views;
  cx_input_list_t* inputs;
  cx_module_t** module;
  const cx_function_t** fn;
  cx_file_view_t* src;
} bench_sources_t;

static void release_sources(void* arg) {
  bench_sources_t* b = arg;
  cx_tool_release_bound_inputs(b->nargs, b->bound, b->views, b->inputs);
  cx_module_destroy(*b->module);
  *b->module = NULL;
  *b->fn = NULL;
  cx_file_unmap(b->src);  // bytecode: its constants were the module's
}

// The inputs each call passes are read again after the compile, which only
// needs their shapes: a model's input (BERT's 0.4 MiB, ResNet-50's 0.6) is
// then not resident under the compile's peak (the weights and LLVM). Only
// when every --input can be read again the same way (files that are not
// pipes or devices, and literals); arrays under kDeferBytes stay (a scalar
// may be a dimension variable the compile reads).
enum { kDeferBytes = 64 * 1024 };

static bool spec_rereadable(const char* spec) {
  const char* path = spec[0] == '@' ? spec + 1 : NULL;
  const char* eq = spec[0] != '@' ? strchr(spec, '=') : NULL;
  if (eq && eq[1] == '@') path = eq + 2;
  struct stat st;
  return !path || (stat(path, &st) == 0 && S_ISREG(st.st_mode));
}

// The entry of `inputs` an argument's view borrows, or -1.
static long entry_of(const cx_input_list_t* inputs, const cx_buffer_view_t* v) {
  for (size_t k = 0; k < inputs->count; k++)
    if (v->data && inputs->items[k].data == v->data) return (long)k;
  return -1;
}

// Frees the large inputs of the arguments the calls pass (not --bind); their
// views keep the shapes. pos[i]: argument i's position among the entries of
// the unbound specs (re-parsed in that order), -1 if not deferred; entry[i]:
// its entry of `inputs`.
static cx_status_t defer_call_inputs(const bench_args_t* a, const cx_function_t* fn,
                                     uint32_t nargs, const bool* bound, cx_buffer_view_t* views,
                                     cx_input_list_t* inputs, long** out_pos) {
  *out_pos = NULL;
  for (int i = 0; i < a->in.num_inputs; i++)
    if (!a->in.input_bound[i] && !spec_rereadable(a->in.inputs[i])) return NULL;
  // JAX's platform index: cx_tool_parse_bound_inputs gives it no entry where
  // cx_tool_bind_inputs (which bench does not supply it to) does; such a
  // program's inputs are read once, as before.
  if (nargs && cx_function_is_platform_index(fn, 0)) return NULL;
  long* pos = cx_alloc_array(cx_allocator_system(), 2 * (size_t)(nargs ? nargs : 1), sizeof(long));
  if (!pos) return CX_OOM();
  long* entry = pos + nargs;
  bool any = false;
  long next = 0;
  for (uint32_t i = 0; i < nargs; i++) {
    pos[i] = -1;
    cx_type_info_t t;
    cx_status_t st = cx_function_type(fn, false, i, &t);
    if (st) {
      cx_free(cx_allocator_system(), pos);
      return st;
    }
    // The arguments that took an entry (cx_tool_bind_inputs), bound ones aside.
    if (t.type_class == CX_TYPE_CLASS_TOKEN || (bound && bound[i])) continue;
    long j = next++;
    long k = entry_of(inputs, &views[i]);
    if (views[i].nbytes < kDeferBytes || k < 0) continue;
    cx_free(cx_allocator_system(), inputs->items[k].data);
    inputs->items[k].data = NULL;
    views[i].data = NULL;
    pos[i] = j;
    entry[i] = k;
    any = true;
  }
  if (any) *out_pos = pos;
  else cx_free(cx_allocator_system(), pos);
  return NULL;
}

// Reads the --input specs again and gives the deferred arguments their data.
static cx_status_t restore_call_inputs(const bench_args_t* a, uint32_t nargs, const long* pos,
                                       cx_buffer_view_t* views, cx_input_list_t* inputs) {
  const long* entry = pos + nargs;
  cx_input_list_t again = {0};
  again.stream_limit = inputs->stream_limit;
  cx_status_t st = NULL;
  for (int i = 0; i < a->in.num_inputs && !st; i++)
    if (!a->in.input_bound[i]) st = cx_input_parse(a->in.inputs[i], &again);
  for (uint32_t i = 0; i < nargs && !st; i++) {
    if (pos[i] < 0) continue;
    cx_input_t* in = (size_t)pos[i] < again.count ? &again.items[pos[i]] : NULL;
    cx_buffer_view_t v;
    if (in) st = cx_input_view(in, views[i].elem, &v);
    if (!st && (!in || v.nbytes != views[i].nbytes || v.rank != views[i].rank ||
                memcmp(v.dims, views[i].dims, sizeof(v.dims[0]) * v.rank)))
      st = CX_ERROR(CX_INVALID_ARGUMENT, "argument %u: its input %s changed during the compile", i,
                    in ? in->source : "");
    if (st) break;
    inputs->items[entry[i]].data = in->data;  // the list owns it from here on
    in->data = NULL;
    views[i].data = v.data;
  }
  cx_input_list_free(&again);
  return st;
}

static cx_status_t bench(const bench_args_t* a) {
  bool tty = isatty(2);
  FILE* trace = a->trace_file;
  bool artifact = cx_tool_is_artifact_file(a->file);
  cx_file_view_t src = {0};
  if (!artifact) CX_RETURN_IF_ERROR(cx_file_map(a->file, a->max_input, &src));
  cx_context_t* ctx = NULL;
  cx_module_t* m = NULL;
  cx_input_list_t inputs = {0};
  cx_buffer_view_t* views = NULL;
  bool* bound = NULL;                 // arguments given with --bind
  cx_buffer_view_t* call_views = NULL;  // the others, which each call passes
  double* samples = NULL;
  target_t t = {0};
  uint32_t nargs = 0, ncall = 0;  // the function's arguments; those each call passes
  double load_s = 0;
  cx_status_t st = artifact ? load_artifact(a, &t, &nargs, &views, &load_s)
                            : cx_context_create(cx_allocator_system(), &ctx);
  const cx_function_t* fn = NULL;
  if (!st && !artifact) {
    cx_function_info_t info = {0};
    st = cx_tool_load_function(ctx, a->file, &src, a->fill_elided, a->in.function, &m, &fn,
                               &info);
    if (!st) nargs = info.num_args;
  }
  if (!st && !artifact) {
    views = cx_calloc(cx_allocator_system(), nargs ? nargs : 1, sizeof(cx_buffer_view_t));
    if (!views) st = CX_OOM();
  }
  if (artifact) {
    // load_artifact made the inputs.
  } else if (!st && a->random_inputs) {
    if (a->in.num_inputs)
      st = CX_ERROR(CX_INVALID_ARGUMENT, "--random-inputs and --input do not go together");
    else
      st = cx_tool_random_inputs(fn, nargs, a->in.function, a->seed, views);
  } else if (!st) {
    st = cx_tool_parse_bound_inputs(fn, nargs, &a->in, &inputs, &bound);
    if (!st) st = cx_tool_bind_inputs(fn, nargs, a->in.function, &inputs, views);
  }
  long* deferred = NULL;  // defer_call_inputs
  if (!st && !artifact && !a->interpret && !a->random_inputs)
    st = defer_call_inputs(a, fn, nargs, bound, views, &inputs, &deferred);

  double t0 = now_seconds(), compile_s = load_s;
  cx_tool_cache_watch_t cache = {NULL};
  if (artifact) {
    // Loaded above.
  } else if (!st && !a->interpret) {
    progress(tty, "compiling...", 0, 0);
    cx_compile_observer_t obs;
    cx_tool_cache_watch(&cache, &obs);
    bench_sources_t sources = {nargs, bound, views, &inputs, &m, &fn, &src};
    cx_compile_options_t co = {.function = a->in.function,
                               .num_arg_shapes = nargs,
                               .arg_shapes = views,
                               .observer = &obs,
                               .bind = bound,
                               .cache_dir = a->cache_dir,
                               // The module and the bound inputs go before
                               // LLVM runs, or right after a compile that
                               // did not get that far.
                               .release_constants = true,
                               .release_sources = release_sources,
                               .release_sources_arg = &sources};
    st = cx_compile(m, &co, &t.exe);
    compile_s = now_seconds() - t0;
    progress_done(tty);
    // The executable needs neither the module (its constants: a model's
    // weights when they are written in the program) nor the bound inputs
    // (it has its own copy): keeping them held the weights twice or more
    // during the timed calls.
    if (!st) {
      release_sources(&sources);  // if the compile did not (a cache)
      cx_tool_release_compiler_pages();
    }
    if (!st && deferred) st = restore_call_inputs(a, nargs, deferred, views, &inputs);
    if (!st)
      st = cx_tool_device_and_results(t.exe, a->threads, &t.device, &t.num_results, &t.results);
    if (!st && bound) {  // each call passes the arguments not bound
      call_views = cx_calloc(cx_allocator_system(), nargs ? nargs : 1, sizeof(cx_buffer_view_t));
      if (!call_views) st = CX_OOM();
      else ncall = cx_tool_unbound_views(nargs, bound, views, call_views);
    }
  } else if (!st) {
    st = cx_interp_create(m, NULL, &t.interp);
    compile_s = now_seconds() - t0;
  }

  if (!call_views) ncall = nargs;
  long iterations = a->iterations, warmup = a->warmup;
  if (!st) {
    samples = cx_calloc(cx_allocator_system(), 2 * (size_t)iterations, sizeof(double));
    if (!samples) st = CX_OOM();
  }
  for (long i = 0; i < warmup && !st; i++) {
    progress(tty, "warmup", i + 1, warmup);
    st = call_once(a, &t, ncall, call_views ? call_views : views);
  }
  double total0 = now_seconds();
  for (long i = 0; i < iterations && !st; i++) {
    if (tty && now_seconds() - total0 > 1) progress(tty, "iteration", i + 1, iterations);
    double c0 = cpu_seconds(), s0 = now_seconds();  // the CPU clock outside the wall time
    st = call_once(a, &t, ncall, call_views ? call_views : views);
    samples[i] = now_seconds() - s0;
    samples[iterations + i] = cpu_seconds() - c0;
  }
  progress_done(tty);
  if (!st) {
    qsort(samples, (size_t)iterations, sizeof(double), cmp_double);
    qsort(samples + iterations, (size_t)iterations, sizeof(double), cmp_double);
    double med = quantile(samples, iterations, 0.5), p10 = quantile(samples, iterations, 0.1),
           p90 = quantile(samples, iterations, 0.9);
    double cpu_med = quantile(samples + iterations, iterations, 0.5);
    int threads = t.device ? cx_rt_device_num_threads(t.device) : 1;
    if (a->threads > 0 && a->threads < threads) threads = a->threads;
    if (a->json) {
      printf("{\"file\": \"%s\", \"function\": \"%s\", \"mode\": \"%s\", \"%s\": %.3f, "
             "\"median_ms\": %.6f, \"p10_ms\": %.6f, \"p90_ms\": %.6f, \"iterations\": %ld, "
             "\"cpu_median_ms\": %.6f, \"threads\": %d, \"calls_per_s\": %.3f, "
             "\"peak_rss_mb\": %.1f%s%s%s}\n",
             a->file, t.exe ? cx_rt_executable_function_name(t.exe) : a->in.function,
             artifact ? "artifact" : a->interpret ? "interpret" : "compiled",
             artifact ? "load_ms" : "compile_ms", compile_s * 1e3,
             med * 1e3, p10 * 1e3, p90 * 1e3, iterations, cpu_med * 1e3, threads,
             med > 0 ? 1 / med : 0, peak_rss_mb(), cache.result ? ", \"cache\": \"" : "",
             cache.result ? cache.result : "", cache.result ? "\"" : "");
    } else {
      printf("%s @%s (%s, %d thread%s)\n", a->file,
             t.exe ? cx_rt_executable_function_name(t.exe) : a->in.function,
             artifact ? "artifact" : a->interpret ? "interpreter" : "compiled", threads,
             threads == 1 ? "" : "s");
      printf("  %-12s %12.3f ms%s%s%s\n", artifact ? "load" : a->interpret ? "prepare" : "compile",
             compile_s * 1e3, cache.result ? " (cache " : "", cache.result ? cache.result : "",
             cache.result ? ")" : "");
      printf("  %-12s %12.6f ms\n  %-12s %12.6f ms\n  %-12s %12.6f ms\n", "median", med * 1e3,
             "p10", p10 * 1e3, "p90", p90 * 1e3);
      printf("  %-12s %12.6f ms (process CPU time per call, median)\n", "cpu", cpu_med * 1e3);
      printf("  %-12s %12.1f calls/s over %ld iterations\n", "throughput", med > 0 ? 1 / med : 0,
             iterations);
      printf("  %-12s %12.1f MB\n", "peak RSS", peak_rss_mb());
    }
    fflush(stdout);
    if (a->profile || trace) st = profile_calls(a, &t, ncall, call_views ? call_views : views, trace);
  }

  cx_free(cx_allocator_system(), samples);
  for (uint32_t i = 0; i < t.num_results; i++) cx_buffer_view_free_data(&t.results[i]);
  cx_free(cx_allocator_system(), t.results);
  cx_rt_device_destroy(t.device);
  cx_rt_executable_release(t.exe);
  cx_interp_destroy(t.interp);
  if ((a->random_inputs || artifact) && views)
    for (uint32_t i = 0; i < nargs; i++) cx_buffer_view_free_data(&views[i]);
  cx_free(cx_allocator_system(), views);
  cx_free(cx_allocator_system(), call_views);
  free(bound);
  cx_free(cx_allocator_system(), deferred);
  cx_input_list_free(&inputs);
  cx_module_destroy(m);
  cx_context_destroy(ctx);
  cx_file_unmap(&src);
  return st;
}

static bool parse_long(const char* v, long lo, long hi, long* out) {
  char* end;
  long x = strtol(v, &end, 10);
  if (*v == 0 || *end || x < lo || x > hi) return false;
  *out = x;
  return true;
}

static int run_bench(int argc, char** argv) {
  bench_args_t a;
  memset(&a, 0, sizeof(a));
  a.iterations = 20;
  a.warmup = 3;
  int rc = cx_tool_inputs_init(&a.in, argc) ? 0 : 1;
  for (int i = 0; i < argc && !rc; i++) {
    const char* v;
    long x;
    int k;
    if (cx_tool_cache_flag(argv[i], &a.cache_dir)) {
    } else if ((k = cx_tool_max_input_size("bench", argv[i], &a.max_input))) {
      if (k == 2) rc = 2;
    } else if (cx_tool_input_flag(argv[i], &a.in)) {
    } else if (!strcmp(argv[i], "--random-inputs")) {
      a.random_inputs = true;
    } else if (cx_tool_flag_value(argv[i], "--seed", &v)) {
      char* end;
      a.seed = strtoull(v, &end, 10);
      if (!*v || *end) {
        fprintf(stderr, "cxla bench: --seed wants a number, got '%s'\n", v);
        rc = 2;
      }
    } else if (cx_tool_flag_value(argv[i], "--iterations", &v)) {
      if (parse_long(v, 1, 100000000, &x)) a.iterations = x;
      else rc = 2, fprintf(stderr, "cxla bench: --iterations wants a count >= 1, got '%s'\n", v);
    } else if (cx_tool_flag_value(argv[i], "--warmup", &v)) {
      if (parse_long(v, 0, 100000000, &x)) a.warmup = x;
      else rc = 2, fprintf(stderr, "cxla bench: --warmup wants a count >= 0, got '%s'\n", v);
    } else if (cx_tool_flag_value(argv[i], "--threads", &v)) {
      if (parse_long(v, 0, 1024, &x)) a.threads = (int)x;
      else rc = 2, fprintf(stderr, "cxla bench: --threads wants 0..1024, got '%s'\n", v);
    } else if (!strcmp(argv[i], "--profile")) {
      a.profile = true;
      a.profile_top = 25;
    } else if (cx_tool_flag_value(argv[i], "--profile", &v)) {
      a.profile = true;
      if (parse_long(v, 0, 1000000, &x)) a.profile_top = (unsigned)x;
      else rc = 2, fprintf(stderr, "cxla bench: --profile wants a row count >= 0 (0: all), got '%s'\n", v);
    } else if (cx_tool_flag_value(argv[i], "--trace", &v)) {
      if (*v) a.trace = v;
      else rc = 2, fprintf(stderr, "cxla bench: --trace wants a file name\n");
    } else if (!strcmp(argv[i], "--json")) {
      a.json = true;
    } else if (!strcmp(argv[i], "--interpret")) {
      a.interpret = true;
    } else if (!strcmp(argv[i], "--fill-elided")) {
      a.fill_elided = true;
    } else {
      rc = cx_tool_program_arg("bench", argv[i], &a.file);
    }
  }
  if (!rc) rc = cx_tool_program_given("bench", a.file);
  if (!rc && (a.profile || a.trace) && a.interpret) {
    fprintf(stderr, "cxla bench: --profile and --trace profile compiled code, not --interpret\n");
    rc = 2;
  }
  // An unwritable trace file is an error before anything runs.
  if (!rc && a.trace && !(a.trace_file = fopen(a.trace, "w")))
    rc = cx_tool_error(CX_ERROR(CX_IO_ERROR, "--trace: cannot write '%s': %s", a.trace, strerror(errno)));
  if (!rc) {
    cx_status_t st = bench(&a);
    if (a.trace_file && fclose(a.trace_file) && !st)
      st = CX_ERROR(CX_IO_ERROR, "--trace: cannot write '%s': %s", a.trace, strerror(errno));
    if (st) rc = cx_tool_error(st);
  }
  cx_tool_inputs_free(&a.in);
  return rc;
}

const cx_verb_t cx_verb_bench = {
    "bench", run_bench, "compile a function and time its calls",
    "usage: cxla bench FILE [--function=main] [--input=SPEC | --bind=SPEC]... [--random-inputs]\n"
    "                  [--seed=N]\n"
    "                  [--iterations=N] [--warmup=N] [--threads=N] [--json] [--interpret]\n"
    "                  [--fill-elided] [--max-input-size=BYTES] [--profile[=N]]\n"
    "                  [--trace=FILE.json] [--cache-dir=DIR | --no-cache]\n"
    "Compiles a function of a StableHLO program and times calls of it: the\n"
    "compile time, then the median, 10th and 90th percentile latency of\n"
    "--iterations calls (default 20) after --warmup untimed calls (default 3),\n"
    "and calls per second. Inputs as for cxla run, or --random-inputs:\n"
    "deterministic pseudo-random values of each argument's type (floats in\n"
    "[-1, 1), integers in [-8, 8) or [0, 16); --seed=N picks another set).\n"
    "--bind=SPEC gives an input as --input does but fixes it for the\n"
    "executable's lifetime: it is compiled in as a constant (GEMM and\n"
    "convolution weights packed once) and the timed calls pass only the other\n"
    "arguments (--bind=@weights.npz for a model's weight arguments).\n"
    "--threads=N limits the compiled code's threads (default: one per CPU).\n"
    "--interpret times the reference interpreter instead. --json prints one\n"
    "object with compile_ms, median_ms, p10_ms, p90_ms, iterations, cpu_median_ms\n"
    "(the process's CPU time per call, all threads), threads,\n"
    "calls_per_s and peak_rss_mb, and with a cache \"cache\": \"hit\" or \"miss\".\n"
    CX_TOOL_CACHE_HELP
    "On a terminal, progress goes to stderr.\n"
    "FILE may be an artifact written by `cxla compile`: it is loaded instead of\n"
    "compiled (load time reported; load_ms in --json, mode \"artifact\").\n"
    "--profile[=N] then makes --iterations more calls with a profile and prints\n"
    "where their time went: the N steps (default 25, 0: all) that took longest\n"
    "(kernels with the ops fused into them, GEMM and convolution calls with\n"
    "their epilogues, copies, loops) with calls, ms per call and share, the\n"
    "rest, and the time by kind; with --json, one JSON line per step and kind.\n"
    "--trace=FILE.json writes those calls as a Chrome trace (ui.perfetto.dev):\n"
    "every step, and every task of the thread pool, on its thread (the first\n"
    "200000 events).\n"};
