// Profiles (include/cxla/runtime.h: cx_rt_profile_t) of a compiled program:
// a loop whose body is a GEMM with a tanh epilogue, then a fused kernel.
// Checks the call counts (a loop body's steps count its iterations), the
// ops recorded for fused steps, that the step times add up to no more than
// the calls' wall time, the writers' output (JSON lines, a valid trace with
// step and pool-task events), the same through an artifact, and the rules
// (another executable, no trace).
#include <time.h>

#include "cx_test.h"
#include "cxla/buffer.h"
#include "cxla/compiler.h"
#include "cxla/module.h"
#include "cxla/runtime.h"

static const char kLoop[] =
    "func.func @main(%x: tensor<128x128xf32>, %w: tensor<128x128xf32>) -> tensor<128x128xf32> {\n"
    "  %c0 = stablehlo.constant dense<0> : tensor<i32>\n"
    "  %r:2 = stablehlo.while(%i = %c0, %a = %x) : tensor<i32>, tensor<128x128xf32>\n"
    "  cond {\n"
    "    %n = stablehlo.constant dense<5> : tensor<i32>\n"
    "    %p = stablehlo.compare LT, %i, %n : (tensor<i32>, tensor<i32>) -> tensor<i1>\n"
    "    stablehlo.return %p : tensor<i1>\n"
    "  } do {\n"
    "    %d = stablehlo.dot_general %a, %w, contracting_dims = [1] x [0] : (tensor<128x128xf32>, tensor<128x128xf32>) -> tensor<128x128xf32>\n"
    "    %t = stablehlo.tanh %d : tensor<128x128xf32>\n"
    "    %one = stablehlo.constant dense<1> : tensor<i32>\n"
    "    %i1 = stablehlo.add %i, %one : tensor<i32>\n"
    "    stablehlo.return %i1, %t : tensor<i32>, tensor<128x128xf32>\n"
    "  }\n"
    "  %e = stablehlo.exponential %r#1 : tensor<128x128xf32>\n"
    "  %s = stablehlo.multiply %e, %x : tensor<128x128xf32>\n"
    "  %q = stablehlo.multiply %s, %s : tensor<128x128xf32>\n"
    "  return %q : tensor<128x128xf32>\n"
    "}\n";

// ---- a small JSON checker: the trace must parse as JSON ------------------------------

typedef struct json {
  const char* p;
  int depth;
} json_t;

static void ws(json_t* j) {
  while (*j->p == ' ' || *j->p == '\n' || *j->p == '\t' || *j->p == '\r') j->p++;
}

static bool value(json_t* j);

static bool string(json_t* j) {
  if (*j->p != '"') return false;
  for (j->p++; *j->p != '"'; j->p++) {
    if (!*j->p || (unsigned char)*j->p < 0x20) return false;
    if (*j->p == '\\') {
      j->p++;
      if (*j->p == 'u') {
        for (int k = 1; k <= 4; k++)
          if (!strchr("0123456789abcdefABCDEF", j->p[k]) || !j->p[k]) return false;
        j->p += 4;
      } else if (!*j->p || !strchr("\"\\/bfnrt", *j->p)) {
        return false;
      }
    }
  }
  j->p++;
  return true;
}

static bool number(json_t* j) {
  char* end;
  strtod(j->p, &end);
  if (end == j->p || (*j->p != '-' && (*j->p < '0' || *j->p > '9'))) return false;
  j->p = end;
  return true;
}

static bool value(json_t* j) {
  ws(j);
  if (++j->depth > 64) return false;
  bool ok;
  if (*j->p == '{' || *j->p == '[') {
    char close = *j->p == '{' ? '}' : ']';
    bool object = close == '}';
    j->p++;
    ws(j);
    ok = true;
    if (*j->p == close) {
      j->p++;
    } else {
      for (;;) {
        if (object) {
          ws(j);
          if (!string(j)) return false;
          ws(j);
          if (*j->p++ != ':') return false;
        }
        if (!value(j)) return false;
        ws(j);
        if (*j->p == ',') {
          j->p++;
          continue;
        }
        if (*j->p++ != close) return false;
        break;
      }
    }
  } else if (*j->p == '"') {
    ok = string(j);
  } else if (!strncmp(j->p, "true", 4) || !strncmp(j->p, "null", 4)) {
    j->p += 4;
    ok = true;
  } else if (!strncmp(j->p, "false", 5)) {
    j->p += 5;
    ok = true;
  } else {
    ok = number(j);
  }
  j->depth--;
  return ok;
}

static bool is_json(const char* text) {
  json_t j = {text, 0};
  if (!value(&j)) return false;
  ws(&j);
  return *j.p == 0;
}

// ---- helpers ---------------------------------------------------------------------------

static char* capture(cx_status_t (*write)(const cx_rt_profile_t*, FILE*),
                     const cx_rt_profile_t* p) {
  char* buf = NULL;
  size_t len = 0;
  FILE* f = open_memstream(&buf, &len);
  CX_EXPECT(f != NULL);
  if (!f) return NULL;
  CX_EXPECT_OK(write(p, f));
  fclose(f);
  return buf;
}

static cx_status_t write_table_all(const cx_rt_profile_t* p, FILE* f) {
  return cx_rt_profile_write_table(p, f, 0);
}

static size_t count_of(const char* text, const char* needle) {
  size_t n = 0;
  for (const char* s = text; s && (s = strstr(s, needle)); s += strlen(needle)) n++;
  return n;
}

typedef struct run {
  float* x;
  float* w;
  cx_buffer_view_t args[2], result;
} run_t;

static void run_init(run_t* r, cx_rt_executable_t* exe) {
  int64_t dims[2] = {128, 128};
  size_t n = 128 * 128;
  r->x = malloc(n * sizeof(float));
  r->w = malloc(n * sizeof(float));
  for (size_t i = 0; i < n; i++) {
    r->x[i] = (float)((i * 7) % 13) / 13.0f - 0.5f;
    r->w[i] = (float)((i * 5) % 11) / 110.0f - 0.05f;
  }
  CX_EXPECT_OK(cx_buffer_view_wrap(CX_ELEM_F32, 2, dims, r->x, n * sizeof(float), &r->args[0]));
  CX_EXPECT_OK(cx_buffer_view_wrap(CX_ELEM_F32, 2, dims, r->w, n * sizeof(float), &r->args[1]));
  CX_EXPECT_OK(cx_rt_executable_allocate_results(exe, &r->result));
}

static void run_free(run_t* r) {
  free(r->x);
  free(r->w);
  cx_buffer_view_free_data(&r->result);
}

// Profiles `calls` calls of exe on a 2-thread device and checks the profile.
static void check_profile(cx_rt_executable_t* exe, int calls) {
  cx_rt_device_t* dev;
  cx_rt_device_options_t dopt = {2};
  CX_EXPECT_OK(cx_rt_device_create(&dopt, &dev));
  run_t r;
  run_init(&r, exe);
  cx_rt_profile_options_t po = {.trace = true};
  cx_rt_profile_t* prof;
  CX_EXPECT_OK(cx_rt_profile_create(&po, &prof));
  CX_EXPECT_EQ_U64(cx_rt_profile_num_steps(prof), 0);
  cx_rt_invoke_options_t io = {.profile = prof};
  uint64_t wall_ns = 0;
  for (int c = 0; c < calls; c++) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    CX_EXPECT_OK(cx_rt_executable_invoke(exe, dev, 2, r.args, 1, &r.result, &io));
    clock_gettime(CLOCK_MONOTONIC, &b);
    wall_ns += (uint64_t)((b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec));
  }
  CX_EXPECT_EQ_U64(cx_rt_profile_invokes(prof), (uint64_t)calls);
  uint64_t invoke_ns = cx_rt_profile_invoke_ns(prof);
  CX_EXPECT(invoke_ns > 0 && invoke_ns <= wall_ns);

  // Counts: the loop runs once per call, its body's GEMM 5 times per call,
  // its condition 6 times; the steps of the body (depth 0) take no more
  // than the calls, nor do the leaves.
  uint32_t n = cx_rt_profile_num_steps(prof);
  CX_EXPECT(n >= 4);
  int gemms = 0, loops = 0, fused = 0, compares = 0;
  uint64_t top_ns = 0, leaf_ns = 0, top_cpu_ns = 0;
  for (uint32_t i = 0; i < n; i++) {
    cx_rt_profile_step_t s;
    cx_rt_profile_get_step(prof, i, &s);
    CX_EXPECT_EQ_U64(s.index, i);
    if (s.depth == 0) top_ns += s.total_ns;
    if (s.depth == 0) top_cpu_ns += s.cpu_ns;
    if (!s.nested) leaf_ns += s.total_ns;
    CX_EXPECT(s.calls == 0 || s.total_ns > 0);
    // The calling thread's CPU time in a step is at most the step's wall
    // time (its clock is read just outside the wall clock's: 20 us a call).
    CX_EXPECT(s.cpu_ns <= s.total_ns + 20000 * s.calls);
    if (!strcmp(s.kind, "WHILE")) {
      loops++;
      CX_EXPECT(s.nested && s.depth == 0);
      CX_EXPECT_EQ_U64(s.calls, (uint64_t)calls);
    } else if (!strcmp(s.routine, "gemm")) {
      gemms++;
      CX_EXPECT_EQ_U64(s.calls, 5u * (uint64_t)calls);
      CX_EXPECT_EQ_I64(s.depth, 1);
      CX_EXPECT_STREQ(s.ops, "dot_general+tanh");
      CX_EXPECT(s.cpu_ns > 0);
      CX_EXPECT_STREQ(s.op, "stablehlo.dot_general");
      CX_EXPECT(strstr(s.loc, ":9:") != NULL);  // the dot's line in kLoop
    } else if (!strcmp(s.kind, "KERNEL") && strstr(s.ops, "exponential")) {
      fused++;
      CX_EXPECT_STREQ(s.ops, "exponential+multiply*2");
      CX_EXPECT_EQ_U64(s.calls, (uint64_t)calls);
      CX_EXPECT(s.kernel >= 0);
    } else if (!strcmp(s.kind, "KERNEL") && strstr(s.ops, "compare")) {
      compares++;
      CX_EXPECT_EQ_U64(s.calls, 6u * (uint64_t)calls);
    }
  }
  CX_EXPECT_EQ_I64(gemms, 1);
  CX_EXPECT_EQ_I64(loops, 1);
  CX_EXPECT_EQ_I64(fused, 1);
  CX_EXPECT_EQ_I64(compares, 1);
  CX_EXPECT(top_ns <= invoke_ns);
  CX_EXPECT(leaf_ns <= invoke_ns);
  uint64_t invoke_cpu_ns = cx_rt_profile_invoke_cpu_ns(prof);
  CX_EXPECT(invoke_cpu_ns > 0 && invoke_cpu_ns <= invoke_ns + 20000 * (uint64_t)calls);
  CX_EXPECT(top_cpu_ns <= invoke_cpu_ns + 20000 * (uint64_t)calls);

  // The writers.
  char* table = capture(write_table_all, prof);
  CX_EXPECT(table && strstr(table, "CALL gemm") && strstr(table, "dot_general+tanh") &&
            strstr(table, "exponential+multiply*2") && strstr(table, "WHILE*") &&
            strstr(table, "total") && strstr(table, "GEMM (dot_general)") &&
            strstr(table, "fused kernels") && strstr(table, "cpu ms/call"));
  free(table);
  char* lines = capture(cx_rt_profile_write_json, prof);
  CX_EXPECT(lines != NULL);
  size_t rows = 0;
  for (char* line = lines; line && *line;) {
    char* nl = strchr(line, '\n');
    CX_EXPECT(nl != NULL);
    if (!nl) break;
    *nl = 0;
    CX_EXPECT(is_json(line));
    rows++;
    line = nl + 1;
  }
  CX_EXPECT(rows >= n);  // every step ran; then the kinds and the total
  free(lines);
  char* trace = capture(cx_rt_profile_write_trace, prof);
  CX_EXPECT(trace && is_json(trace));
  CX_EXPECT(trace && strstr(trace, "\"traceEvents\"") && strstr(trace, "\"ph\": \"X\""));
  // Steps that ran as events on the calling thread: the GEMM 5 times a call.
  CX_EXPECT_EQ_U64(count_of(trace, "\"name\": \"dot_general+tanh\", \"cat\": \"step\""),
                   5u * (uint64_t)calls);
  // The GEMM's and kernels' tasks ran on the pool (which threads took them
  // depends on the host's load: the caller runs what no worker claims).
  CX_EXPECT(count_of(trace, "\"cat\": \"task\", \"ph\": \"X\"") > 0);
  CX_EXPECT_EQ_U64(cx_rt_profile_trace_dropped(prof), 0);
  free(trace);

  // Another executable is refused until reset; reset forgets everything.
  cx_rt_executable_t* other = NULL;
  cx_context_t* ctx;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  static const char kOther[] =
      "func.func @main(%x: tensor<128x128xf32>, %w: tensor<128x128xf32>) -> tensor<128x128xf32> {\n"
      "  %0 = stablehlo.add %x, %w : tensor<128x128xf32>\n"
      "  return %0 : tensor<128x128xf32>\n"
      "}\n";
  cx_module_t* m = NULL;
  CX_EXPECT_OK(cx_module_parse_text(ctx, kOther, strlen(kOther), NULL, &m));
  cx_compile_options_t co = {0};
  if (m) CX_EXPECT_OK(cx_compile(m, &co, &other));
  if (other) {
    cx_status_t st = cx_rt_executable_invoke(other, dev, 2, r.args, 1, &r.result, &io);
    CX_EXPECT(st && cx_status_code(st) == CX_INVALID_ARGUMENT &&
              strstr(cx_status_message(st), "another executable"));
    cx_status_free(st);
    cx_rt_profile_reset(prof);
    CX_EXPECT_EQ_U64(cx_rt_profile_invokes(prof), 0);
    CX_EXPECT_EQ_U64(cx_rt_profile_trace_events(prof), 0);
    CX_EXPECT_OK(cx_rt_executable_invoke(other, dev, 2, r.args, 1, &r.result, &io));
    CX_EXPECT_EQ_U64(cx_rt_profile_invokes(prof), 1);
    cx_rt_executable_release(other);
  }
  cx_module_destroy(m);
  cx_context_destroy(ctx);
  cx_rt_profile_destroy(prof);

  // Without a trace the trace writer refuses; the tables still work.
  CX_EXPECT_OK(cx_rt_profile_create(NULL, &prof));
  io.profile = prof;
  CX_EXPECT_OK(cx_rt_executable_invoke(exe, dev, 2, r.args, 1, &r.result, &io));
  CX_EXPECT_EQ_U64(cx_rt_profile_trace_events(prof), 0);
  char* buf = NULL;
  size_t len = 0;
  FILE* f = open_memstream(&buf, &len);
  cx_status_t st = cx_rt_profile_write_trace(prof, f);
  CX_EXPECT(st && cx_status_code(st) == CX_FAILED_PRECONDITION);
  cx_status_free(st);
  fclose(f);
  free(buf);
  cx_rt_profile_destroy(prof);
  run_free(&r);
  cx_rt_device_destroy(dev);
}

CX_TEST(profile_of_a_compiled_program) {
  cx_context_t* ctx;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  cx_module_t* m = NULL;
  CX_EXPECT_OK(cx_module_parse_text(ctx, kLoop, strlen(kLoop), NULL, &m));
  if (m) CX_EXPECT_OK(cx_module_verify(m));
  cx_rt_executable_t* exe = NULL;
  cx_compile_options_t co = {0};
  if (m) CX_EXPECT_OK(cx_compile(m, &co, &exe));
  if (exe) {
    check_profile(exe, 3);
    cx_rt_executable_release(exe);
  }
  // The same from an artifact: the ops survive the file.
  void* bytes = NULL;
  size_t size = 0;
  if (m) CX_EXPECT_OK(cx_compile_artifact(m, &co, &bytes, &size));
  exe = NULL;
  if (bytes) CX_EXPECT_OK(cx_rt_executable_load_memory(bytes, size, NULL, &exe));
  cx_free_malloced(bytes);
  if (exe) {
    check_profile(exe, 2);
    cx_rt_executable_release(exe);
  }
  cx_module_destroy(m);
  cx_context_destroy(ctx);
}

CX_TEST(json_checker_rejects_what_it_should) {
  CX_EXPECT(is_json("{\"a\": [1, 2.5e3, -3], \"b\": {\"c\": \"x\\\"y\"}, \"d\": true}"));
  CX_EXPECT(!is_json("{\"a\": [1, 2,]}"));
  CX_EXPECT(!is_json("{\"a\": 1,}"));
  CX_EXPECT(!is_json("[1, 2"));
  CX_EXPECT(!is_json("{\"a\" 1}"));
  CX_EXPECT(!is_json("\"bad \\q escape\""));
}

int main(void) {
  CX_RUN(profile_of_a_compiled_program);
  CX_RUN(json_checker_rejects_what_it_should);
  CX_TEST_EXIT();
}
