// Profiles (include/cxla/runtime.h: cx_rt_profile_t): per-step call counts
// and times, trace events, and the writers (a text table, JSON lines, a
// Chrome/Perfetto trace).
//
// The executor reports each step it runs (runtime/profile.h); the profile
// adds the time to the step's row. Steps are numbered as in the
// executable's step table, so a step inside a loop body is one row however
// often it runs. Trace events go into one preallocated array through an
// atomic index: pool tasks are recorded by the threads that ran them.
#include "runtime/profile.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runtime/artifact_internal.h"
#include "runtime/routines.h"
#include "runtime/thread_pool.h"

// No allocator is in reach here (objects made for the caller or for the process):
// the system allocator, through cx_allocator_t like every allocation in src/.
static const cx_allocator_t kSystem = {cx_allocator_system_fn, NULL};

enum { kDefaultMaxEvents = 1000000, kMaxNesting = 1024 };

typedef struct event {
  int64_t begin;  // ns since the profile's epoch
  int64_t dur;    // ns
  uint32_t step;
  int32_t tid;    // 0: the calling thread; n: the pool's thread n
  uint32_t task;  // 1: a pool task of the step
  uint32_t reserved;
} event_t;

struct cx_rt_profile {
  bool trace;
  uint64_t max_events;
  cx_rt_executable_t* exe;  // held; NULL until the first call
  uint32_t num_steps;
  uint64_t* calls;          // per step
  uint64_t* ns;
  uint64_t* cpu_ns;         // the calling thread's CPU time in the step
  uint32_t* depth;          // nesting inside WHILE/CASE steps
  uint32_t* parent;         // the WHILE/CASE step running it, or UINT32_MAX
  uint64_t invokes, invoke_ns, invoke_cpu_ns;
  bool have_epoch;
  int64_t epoch;
  uint32_t current_step;    // the step running now (its pool tasks' step)
  event_t* events;          // max_events, when tracing
  atomic_uint_fast64_t num_events;  // offered, including those dropped
};

int64_t cx_rt_profile_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

int64_t cx_rt_profile_thread_cpu(void) {
  struct timespec t;
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)) return 0;
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

cx_status_t cx_rt_profile_create(const cx_rt_profile_options_t* options,
                                 cx_rt_profile_t** out_profile) {
  *out_profile = NULL;
  cx_rt_profile_t* p = cx_calloc(kSystem, 1, sizeof *p);
  if (!p) return CX_OOM();
  p->trace = options && options->trace;
  p->max_events = options && options->max_trace_events ? options->max_trace_events
                                                       : kDefaultMaxEvents;
  if (p->trace) {
    // Virtual memory until used: pages are touched as events arrive.
    if (p->max_events > SIZE_MAX / sizeof(event_t) ||
        !(p->events = cx_alloc(kSystem, (size_t)p->max_events * sizeof(event_t)))) {
      unsigned long long n = p->max_events;
      cx_free(kSystem, p);
      return CX_ERROR(CX_OUT_OF_MEMORY, "cannot allocate a trace of %llu events", n);
    }
  }
  atomic_init(&p->num_events, 0);
  *out_profile = p;
  return NULL;
}

static void unbind(cx_rt_profile_t* p) {
  cx_rt_executable_release(p->exe);
  p->exe = NULL;
  cx_free(kSystem, p->calls);
  cx_free(kSystem, p->ns);
  cx_free(kSystem, p->cpu_ns);
  cx_free(kSystem, p->depth);
  cx_free(kSystem, p->parent);
  p->calls = p->ns = p->cpu_ns = NULL;
  p->depth = p->parent = NULL;
  p->num_steps = 0;
}

void cx_rt_profile_reset(cx_rt_profile_t* p) {
  if (!p) return;
  unbind(p);
  p->invokes = p->invoke_ns = p->invoke_cpu_ns = 0;
  p->have_epoch = false;
  atomic_store(&p->num_events, 0);
}

void cx_rt_profile_destroy(cx_rt_profile_t* p) {
  if (!p) return;
  unbind(p);
  cx_free(kSystem, p->events);
  cx_free(kSystem, p);
}

// Depth and parent of the steps of `program`, run by step `parent`.
static void mark_program(cx_rt_profile_t* p, uint32_t program, uint32_t depth, uint32_t parent) {
  const cx_rt_executable_t* e = p->exe;
  if (program >= e->num_programs || depth > kMaxNesting) return;
  const cx_rt_program_t* pr = &e->programs[program];
  for (uint32_t i = 0; i < pr->num_steps; i++) {
    uint32_t s = pr->first_step + i;
    if (s >= p->num_steps || p->parent[s] != UINT32_MAX || s == parent) continue;
    p->depth[s] = depth;
    p->parent[s] = parent;
    const cx_rt_step_t* st = &e->steps[s];
    if (st->kind == CX_RT_STEP_WHILE) {
      mark_program(p, st->loop.cond, depth + 1, s);
      mark_program(p, st->loop.body, depth + 1, s);
    } else if (st->kind == CX_RT_STEP_CASE) {
      for (uint32_t b = 0; b < st->select.num_branches; b++)
        mark_program(p, st->select.first_branch + b, depth + 1, s);
    }
  }
}

static void trace_task(void* arg, int thread, int64_t begin, int64_t end);

cx_status_t cx_rt_profile_begin(cx_rt_profile_t* p, cx_rt_executable_t* e) {
  if (p->exe && p->exe != e)
    return CX_ERROR(CX_INVALID_ARGUMENT,
                    "the profile holds another executable's steps (of '%s'): reset it or use "
                    "another profile",
                    cx_rt_executable_function_name(p->exe));
  if (!p->exe) {
    uint32_t n = e->num_steps;
    p->calls = cx_calloc(kSystem, n ? n : 1, sizeof *p->calls);
    p->ns = cx_calloc(kSystem, n ? n : 1, sizeof *p->ns);
    p->cpu_ns = cx_calloc(kSystem, n ? n : 1, sizeof *p->cpu_ns);
    p->depth = cx_calloc(kSystem, n ? n : 1, sizeof *p->depth);
    p->parent = cx_alloc(kSystem, (n ? n : 1) * sizeof *p->parent);
    if (!p->calls || !p->ns || !p->cpu_ns || !p->depth || !p->parent) {
      unbind(p);
      return CX_OOM();
    }
    p->exe = cx_rt_executable_retain(e);
    p->num_steps = n;
    for (uint32_t i = 0; i < n; i++) p->parent[i] = UINT32_MAX;
    if (e->num_programs) mark_program(p, 0, 0, UINT32_MAX);
    // Steps no program reaches keep depth 0 and no parent.
  }
  if (p->trace) {
    if (!p->have_epoch) {  // trace times count from the first profiled call
      p->epoch = cx_rt_profile_now();
      p->have_epoch = true;
    }
    cx_rt_thread_pool_set_trace(trace_task, p);
  }
  return NULL;
}

static void record(cx_rt_profile_t* p, uint32_t step, int tid, bool task, int64_t begin,
                   int64_t end) {
  // num_events counts every event offered; those past the array are dropped.
  uint_fast64_t i = atomic_fetch_add_explicit(&p->num_events, 1, memory_order_relaxed);
  if (i >= p->max_events) return;
  p->events[i] = (event_t){begin - p->epoch, end - begin, step, tid, task, 0};
}

static void trace_task(void* arg, int thread, int64_t begin, int64_t end) {
  cx_rt_profile_t* p = arg;
  // current_step was written before the pool job was published, and stays
  // until the job is over.
  record(p, p->current_step, thread, true, begin, end);
}

void cx_rt_profile_enter(cx_rt_profile_t* p, uint32_t step) { p->current_step = step; }

void cx_rt_profile_add_step(cx_rt_profile_t* p, uint32_t step, int64_t begin, int64_t end,
                            int64_t cpu_ns) {
  if (step >= p->num_steps) return;
  p->calls[step]++;
  p->ns[step] += (uint64_t)(end - begin);
  p->cpu_ns[step] += cpu_ns > 0 ? (uint64_t)cpu_ns : 0;
  if (p->trace) record(p, step, 0, false, begin, end);
}

void cx_rt_profile_end(cx_rt_profile_t* p, int64_t begin, int64_t end, int64_t cpu_ns) {
  if (p->trace) cx_rt_thread_pool_set_trace(NULL, NULL);
  p->invokes++;
  p->invoke_ns += (uint64_t)(end - begin);
  p->invoke_cpu_ns += cpu_ns > 0 ? (uint64_t)cpu_ns : 0;
}

// ---- reading ------------------------------------------------------------------------

uint32_t cx_rt_profile_num_steps(const cx_rt_profile_t* p) { return p->num_steps; }
uint64_t cx_rt_profile_invokes(const cx_rt_profile_t* p) { return p->invokes; }
uint64_t cx_rt_profile_invoke_ns(const cx_rt_profile_t* p) { return p->invoke_ns; }
uint64_t cx_rt_profile_invoke_cpu_ns(const cx_rt_profile_t* p) { return p->invoke_cpu_ns; }
uint64_t cx_rt_profile_trace_events(const cx_rt_profile_t* p) {
  uint64_t n = atomic_load(&p->num_events);
  return n < p->max_events ? n : p->max_events;
}
uint64_t cx_rt_profile_trace_dropped(const cx_rt_profile_t* p) {
  uint64_t n = atomic_load(&p->num_events);
  return n > p->max_events ? n - p->max_events : 0;
}

static const char* string_at(const cx_rt_executable_t* e, uint32_t offset) {
  return e->strings && offset < e->strings_size ? e->strings + offset : "";
}

static const char* const kKindNames[] = {"KERNEL", "CALL", "COPY", "WHILE", "CASE"};

void cx_rt_profile_get_step(const cx_rt_profile_t* p, uint32_t i, cx_rt_profile_step_t* out) {
  memset(out, 0, sizeof *out);
  out->kind = out->routine = out->op = out->ops = out->loc = "";
  out->kernel = -1;
  if (i >= p->num_steps) return;
  const cx_rt_executable_t* e = p->exe;
  const cx_rt_step_t* st = &e->steps[i];
  out->index = i;
  out->kind = st->kind < sizeof kKindNames / sizeof kKindNames[0] ? kKindNames[st->kind] : "?";
  if (st->kind == CX_RT_STEP_CALL) {
    const char* r = cx_rt_routine_name(st->call.routine);
    out->routine = r ? r : "?";
  }
  if (st->kind == CX_RT_STEP_KERNEL) out->kernel = st->kernel.kernel;
  out->op = string_at(e, st->op);
  out->ops = st->ops ? string_at(e, st->ops) : "";
  out->loc = string_at(e, st->where);
  out->depth = p->depth[i];
  out->nested = st->kind == CX_RT_STEP_WHILE || st->kind == CX_RT_STEP_CASE;
  out->calls = p->calls[i];
  out->total_ns = p->ns[i];
  out->cpu_ns = p->cpu_ns[i];
}

// ---- the rows, by total time ------------------------------------------------------

typedef struct rows {
  uint32_t* order;   // steps that ran, by total time (largest first)
  uint32_t n;
  uint64_t* own;     // per step: its time without the steps it ran (WHILE, CASE)
  uint64_t top_ns;   // the steps of the function's body (depth 0)
} rows_t;

static int by_total(const void* a, const void* b, void* profile) {
  const cx_rt_profile_t* p = profile;
  uint32_t x = *(const uint32_t*)a, y = *(const uint32_t*)b;
  if (p->ns[x] != p->ns[y]) return p->ns[x] > p->ns[y] ? -1 : 1;
  return x < y ? -1 : x > y;
}

static cx_status_t make_rows(const cx_rt_profile_t* p, rows_t* r) {
  memset(r, 0, sizeof *r);
  uint32_t n = p->num_steps;
  r->order = cx_alloc(kSystem, (n ? n : 1) * sizeof *r->order);
  r->own = cx_alloc(kSystem, (n ? n : 1) * sizeof *r->own);
  if (!r->order || !r->own) {
    cx_free(kSystem, r->order);
    cx_free(kSystem, r->own);
    return CX_OOM();
  }
  for (uint32_t i = 0; i < n; i++) {
    r->own[i] = p->ns[i];
    if (p->calls[i]) r->order[r->n++] = i;
    if (p->depth[i] == 0 && p->parent[i] == UINT32_MAX) r->top_ns += p->ns[i];
  }
  for (uint32_t i = 0; i < n; i++) {
    uint32_t up = p->parent[i];
    if (up < n) r->own[up] = r->own[up] > p->ns[i] ? r->own[up] - p->ns[i] : 0;
  }
  qsort_r(r->order, r->n, sizeof *r->order, by_total, (void*)p);
  return NULL;
}

static void free_rows(rows_t* r) {
  cx_free(kSystem, r->order);
  cx_free(kSystem, r->own);
}

// What a step is called in tables and traces: its ops, or its op without
// the dialect.
static const char* what_of(const cx_rt_profile_step_t* s) {
  if (*s->ops) return s->ops;
  const char* dot = strchr(s->op, '.');
  return dot ? dot + 1 : s->op;
}

// The kind groups of the table's summary.
enum { G_GEMM, G_CONV, G_ROUTINE, G_KERNEL, G_ROWS, G_COPY, G_CONTROL, G_COUNT };
static const char* const kGroupNames[G_COUNT] = {
    "GEMM (dot_general)", "convolution", "other routines", "fused kernels",
    "row fusions",        "copies",      "loops, branches (own time)"};

static int group_of(const cx_rt_profile_step_t* s) {
  if (!strcmp(s->kind, "CALL")) {
    if (!strcmp(s->routine, "gemm")) return G_GEMM;
    if (!strcmp(s->routine, "conv")) return G_CONV;
    return G_ROUTINE;
  }
  if (!strcmp(s->kind, "KERNEL")) return !strncmp(s->ops, "rows:", 5) ? G_ROWS : G_KERNEL;
  if (!strcmp(s->kind, "COPY")) return G_COPY;
  return G_CONTROL;
}

static cx_status_t write_error(FILE* out) {
  (void)out;
  return CX_ERROR(CX_IO_ERROR, "cannot write the profile: %s", strerror(errno));
}

static double pct(uint64_t part, uint64_t whole) {
  return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

cx_status_t cx_rt_profile_write_table(const cx_rt_profile_t* p, FILE* out, uint32_t top) {
  if (!p->exe || !p->invokes) {
    fprintf(out, "profile: no profiled calls\n");
    return ferror(out) ? write_error(out) : NULL;
  }
  rows_t r;
  CX_RETURN_IF_ERROR(make_rows(p, &r));
  double calls = (double)p->invokes;
  uint64_t total = p->invoke_ns;
  fprintf(out,
          "profile of @%s: %llu calls, %.3f ms per call (wall time of the profiled calls; cpu: "
          "the calling thread's CPU time)\n",
          cx_rt_executable_function_name(p->exe), (unsigned long long)p->invokes,
          (double)total / calls * 1e-6);
  fprintf(out, "  %6s %11s %11s %11s %9s %5s  %-12s %-44s %s\n", "%", "ms/call", "cpu ms/call",
          "total ms", "calls", "step", "kind", "ops", "at");
  uint32_t shown = top && top < r.n ? top : r.n;
  uint64_t rest_ns = 0;
  uint32_t rest = 0;
  for (uint32_t k = 0; k < r.n; k++) {
    cx_rt_profile_step_t s;
    cx_rt_profile_get_step(p, r.order[k], &s);
    if (k >= shown) {
      // The table's "other" row: what the rows not shown took themselves.
      rest_ns += r.own[s.index];
      rest++;
      continue;
    }
    char kind[40];
    if (s.kernel >= 0) snprintf(kind, sizeof kind, "KERNEL k%lld", (long long)s.kernel);
    else if (*s.routine) snprintf(kind, sizeof kind, "CALL %s", s.routine);
    else snprintf(kind, sizeof kind, "%s%s", s.kind, s.nested ? "*" : "");
    fprintf(out, "  %5.1f%% %11.4f %11.4f %11.3f %9llu %5u  %-12s %-44s %s\n",
            pct(s.total_ns, total), (double)s.total_ns / calls * 1e-6,
            (double)s.cpu_ns / calls * 1e-6, (double)s.total_ns * 1e-6,
            (unsigned long long)s.calls, s.index, kind, what_of(&s), s.loc);
  }
  if (rest)
    fprintf(out, "  %5.1f%% %11.4f %11s %11.3f %9s %5s  %-12s other steps (%u)\n",
            pct(rest_ns, total), (double)rest_ns / calls * 1e-6, "", (double)rest_ns * 1e-6, "", "",
            "", rest);
  uint64_t outside = total > r.top_ns ? total - r.top_ns : 0;
  fprintf(out,
          "  %5.1f%% %11.4f %11s %11.3f %9s %5s  %-12s outside steps (argument checks, setup)\n",
          pct(outside, total), (double)outside / calls * 1e-6, "", (double)outside * 1e-6, "", "",
          "");
  fprintf(out, "  %5.1f%% %11.4f %11.4f %11.3f %9llu %5s  %-12s total\n", 100.0,
          (double)total / calls * 1e-6, (double)p->invoke_cpu_ns / calls * 1e-6,
          (double)total * 1e-6, (unsigned long long)p->invokes, "", "");
  bool any_nested = false;
  for (uint32_t k = 0; k < shown; k++)
    any_nested |= p->exe->steps[r.order[k]].kind == CX_RT_STEP_WHILE ||
                  p->exe->steps[r.order[k]].kind == CX_RT_STEP_CASE;
  if (any_nested) fprintf(out, "  (* a loop or branch: its time includes the steps it ran)\n");
  // By kind: each step's own time, so the groups add up to the steps' total.
  uint64_t group_ns[G_COUNT] = {0};
  uint32_t group_steps[G_COUNT] = {0};
  for (uint32_t k = 0; k < r.n; k++) {
    cx_rt_profile_step_t s;
    cx_rt_profile_get_step(p, r.order[k], &s);
    int g = group_of(&s);
    group_ns[g] += r.own[s.index];
    group_steps[g]++;
  }
  fprintf(out, "  by kind:\n");
  for (int g = 0; g < G_COUNT; g++) {
    if (!group_steps[g]) continue;
    fprintf(out, "  %5.1f%% %11.4f %11s %11.3f %9s %5u  %s\n", pct(group_ns[g], total),
            (double)group_ns[g] / calls * 1e-6, "", (double)group_ns[g] * 1e-6, "",
            group_steps[g], kGroupNames[g]);
  }
  free_rows(&r);
  return ferror(out) ? write_error(out) : NULL;
}

static void json_str(FILE* out, const char* s) {
  fputc('"', out);
  for (const unsigned char* c = (const unsigned char*)s; *c; c++) {
    if (*c == '"' || *c == '\\') fprintf(out, "\\%c", *c);
    else if (*c < 0x20) fprintf(out, "\\u%04x", *c);
    else fputc(*c, out);
  }
  fputc('"', out);
}

cx_status_t cx_rt_profile_write_json(const cx_rt_profile_t* p, FILE* out) {
  uint64_t total = p->invoke_ns;
  double calls = p->invokes ? (double)p->invokes : 1;
  rows_t r = {0};
  if (p->exe) CX_RETURN_IF_ERROR(make_rows(p, &r));
  uint64_t group_ns[G_COUNT] = {0};
  uint32_t group_steps[G_COUNT] = {0};
  for (uint32_t k = 0; k < r.n; k++) {
    cx_rt_profile_step_t s;
    cx_rt_profile_get_step(p, r.order[k], &s);
    group_ns[group_of(&s)] += r.own[s.index];
    group_steps[group_of(&s)]++;
    fprintf(out, "{\"step\": %u, \"kind\": \"%s\", \"routine\": ", s.index, s.kind);
    json_str(out, s.routine);
    fprintf(out, ", \"kernel\": %lld, \"op\": ", (long long)s.kernel);
    json_str(out, s.op);
    fputs(", \"ops\": ", out);
    json_str(out, s.ops);
    fputs(", \"loc\": ", out);
    json_str(out, s.loc);
    fprintf(out,
            ", \"depth\": %u, \"calls\": %llu, \"total_ms\": %.6f, \"ms_per_call\": %.6f, "
            "\"cpu_ms_per_call\": %.6f, \"percent\": %.3f}\n",
            s.depth, (unsigned long long)s.calls, (double)s.total_ns * 1e-6,
            (double)s.total_ns / calls * 1e-6, (double)s.cpu_ns / calls * 1e-6,
            pct(s.total_ns, total));
  }
  for (int g = 0; g < G_COUNT; g++) {
    if (!group_steps[g]) continue;
    fputs("{\"group\": ", out);
    json_str(out, kGroupNames[g]);
    fprintf(out, ", \"steps\": %u, \"total_ms\": %.6f, \"ms_per_call\": %.6f, \"percent\": %.3f}\n",
            group_steps[g], (double)group_ns[g] * 1e-6, (double)group_ns[g] / calls * 1e-6,
            pct(group_ns[g], total));
  }
  uint64_t outside = total > r.top_ns ? total - r.top_ns : 0;
  fprintf(out,
          "{\"step\": \"total\", \"calls\": %llu, \"total_ms\": %.6f, \"ms_per_call\": %.6f, "
          "\"cpu_ms_per_call\": %.6f, \"outside_ms\": %.6f, \"percent\": 100}\n",
          (unsigned long long)p->invokes, (double)total * 1e-6, (double)total / calls * 1e-6,
          (double)p->invoke_cpu_ns / calls * 1e-6, (double)outside * 1e-6);
  free_rows(&r);
  return ferror(out) ? write_error(out) : NULL;
}

cx_status_t cx_rt_profile_write_trace(const cx_rt_profile_t* p, FILE* out) {
  if (!p->trace)
    return CX_ERROR(CX_FAILED_PRECONDITION, "the profile records no trace (create it with trace)");
  uint64_t n = cx_rt_profile_trace_events(p);
  int max_tid = 0;
  fputs("{\"displayTimeUnit\": \"ms\", \"traceEvents\": [\n", out);
  for (uint64_t i = 0; i < n; i++) {
    const event_t* ev = &p->events[i];
    cx_rt_profile_step_t s;
    cx_rt_profile_get_step(p, ev->step, &s);
    if (ev->tid > max_tid) max_tid = ev->tid;
    fputs("{\"name\": ", out);
    json_str(out, what_of(&s));
    fprintf(out,
            ", \"cat\": \"%s\", \"ph\": \"X\", \"ts\": %.3f, \"dur\": %.3f, \"pid\": 1, "
            "\"tid\": %d, \"args\": {\"op\": ",
            ev->task ? "task" : "step", (double)ev->begin * 1e-3, (double)ev->dur * 1e-3, ev->tid);
    json_str(out, s.op);
    fputs(", \"loc\": ", out);
    json_str(out, s.loc);
    fprintf(out, ", \"step\": %u, \"kind\": \"%s\"}},\n", ev->step, s.kind);
  }
  // Thread names, which also end the array without a trailing comma.
  for (int t = 0; t <= max_tid; t++)
    fprintf(out,
            "{\"name\": \"thread_name\", \"ph\": \"M\", \"pid\": 1, \"tid\": %d, \"args\": "
            "{\"name\": \"%s %d\"}}%s\n",
            t, t ? "pool thread" : "calling thread", t, t < max_tid ? "," : "");
  fprintf(out, "], \"otherData\": {\"function\": ");
  json_str(out, p->exe ? cx_rt_executable_function_name(p->exe) : "");
  fprintf(out, ", \"calls\": %llu, \"dropped_events\": %llu}}\n", (unsigned long long)p->invokes,
          (unsigned long long)cx_rt_profile_trace_dropped(p));
  return ferror(out) ? write_error(out) : NULL;
}
