// Constants only packed routines read are released after the first call
// packed them (const_release.h): later calls, at other thread counts, still
// match the interpreter; a constant something else reads is kept; an
// executable that can be written as an artifact keeps its constants unless
// they are mapped from its file, and what it writes still loads and runs;
// GEMM weights given back while they are packed still give the right
// results (k-major and n-major storage, one weight read by two GEMMs,
// first calls at 1 and 2 threads and two at once).
#include "runtime/const_release.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cx_test.h"
#include "cxla/compiler.h"
#include "cxla/interp.h"
#include "cxla/module.h"
#include "cxla/runtime.h"
#include "runtime/artifact_internal.h"
#include "runtime/executable.h"
#include "runtime/routines.h"

#define NRES 4

// Appends `count` floats as the hex body of a dense literal.
static void put_floats(char** s, size_t* n, size_t* cap, int count, int mul, int mod) {
  if (*cap - *n < (size_t)count * 8 + 64) {
    *cap = *n + (size_t)count * 8 + 4096;
    *s = realloc(*s, *cap);
  }
  *n += (size_t)snprintf(*s + *n, *cap - *n, "\"0x");
  for (int i = 0; i < count; i++) {
    float v = (float)((i * mul) % mod - mod / 2) * 0.0625f;
    uint8_t b[4];
    memcpy(b, &v, 4);  // little-endian, as the literal's bytes are
    for (int j = 0; j < 4; j++) *n += (size_t)snprintf(*s + *n, *cap - *n, "%02X", b[j]);
  }
  *n += (size_t)snprintf(*s + *n, *cap - *n, "\"");
}

// %w (a GEMM's B, 128 rows: packed) and %k (a convolution's kernel) are read only by packing
// routines; %v is a GEMM's B and also a result (a copy reads it). Each is
// 16 pages or more, so whole pages of it can go.
static char* program_text(void) {
  size_t cap = 1 << 16, n = 0;
  char* s = malloc(cap);
  n += (size_t)snprintf(s + n, cap - n,
                        "func.func @main(%%x: tensor<128x64xf32>, %%img: tensor<1x8x8x16xf32>) -> "
                        "(tensor<128x256xf32>, tensor<128x256xf32>, tensor<1x8x8x32xf32>, "
                        "tensor<64x256xf32>) {\n  %%w = stablehlo.constant dense<");
  put_floats(&s, &n, &cap, 64 * 256, 37, 17);
  n +=
      (size_t)snprintf(s + n, cap - n, "> : tensor<64x256xf32>\n  %%v = stablehlo.constant dense<");
  put_floats(&s, &n, &cap, 64 * 256, 11, 13);
  n +=
      (size_t)snprintf(s + n, cap - n, "> : tensor<64x256xf32>\n  %%k = stablehlo.constant dense<");
  put_floats(&s, &n, &cap, 3 * 3 * 16 * 32, 29, 11);
  if (cap - n < 1024) {
    cap += 1024;
    s = realloc(s, cap);
  }
  snprintf(s + n, cap - n,
           "> : tensor<3x3x16x32xf32>\n"
           "  %%y = stablehlo.dot_general %%x, %%w, contracting_dims = [1] x [0] : "
           "(tensor<128x64xf32>, tensor<64x256xf32>) -> tensor<128x256xf32>\n"
           "  %%z = stablehlo.dot_general %%x, %%v, contracting_dims = [1] x [0] : "
           "(tensor<128x64xf32>, tensor<64x256xf32>) -> tensor<128x256xf32>\n"
           "  %%c = stablehlo.convolution(%%img, %%k) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->"
           "[b, 0, 1, f], window = {stride = [1, 1], pad = [[1, 1], [1, 1]]} "
           "{batch_group_count = 1 : i64, feature_group_count = 1 : i64} : "
           "(tensor<1x8x8x16xf32>, tensor<3x3x16x32xf32>) -> tensor<1x8x8x32xf32>\n"
           "  return %%y, %%z, %%c, %%v : tensor<128x256xf32>, tensor<128x256xf32>, "
           "tensor<1x8x8x32xf32>, tensor<64x256xf32>\n"
           "}\n");
  return s;
}

typedef struct fixture {
  cx_context_t* ctx;
  cx_module_t* m;
  cx_rt_device_t* dev;
  float x[128 * 64];
  float img[8 * 8 * 16];
  cx_buffer_view_t args[2];
  uint32_t num_want;
  cx_buffer_view_t* want;  // the interpreter's results
} fixture_t;

static void view(cx_buffer_view_t* v, void* data, size_t nbytes, uint32_t rank,
                 const int64_t* dims) {
  memset(v, 0, sizeof *v);
  v->elem = CX_ELEM_F32;
  v->rank = rank;
  for (uint32_t i = 0; i < rank; i++) v->dims[i] = dims[i];
  v->data = data;
  v->nbytes = nbytes;
}

static void setup(fixture_t* f) {
  memset(f, 0, sizeof *f);
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &f->ctx));
  char* text = program_text();
  CX_EXPECT_OK(cx_module_parse_text(f->ctx, text, strlen(text), NULL, &f->m));
  free(text);
  CX_EXPECT_OK(cx_module_verify(f->m));
  cx_rt_device_options_t dopt = {2};
  CX_EXPECT_OK(cx_rt_device_create(&dopt, &f->dev));
  for (int i = 0; i < 128 * 64; i++) f->x[i] = (float)((i * 7) % 19 - 9) * 0.25f;
  for (int i = 0; i < 8 * 8 * 16; i++) f->img[i] = (float)((i * 5) % 23 - 11) * 0.125f;
  view(&f->args[0], f->x, sizeof f->x, 2, (const int64_t[]){128, 64});
  view(&f->args[1], f->img, sizeof f->img, 4, (const int64_t[]){1, 8, 8, 16});
  cx_interp_t* in;
  CX_EXPECT_OK(cx_interp_create(f->m, NULL, &in));
  CX_EXPECT_OK(cx_interp_call(in, "main", 2, f->args, &f->num_want, &f->want));
  CX_EXPECT_EQ_I64(f->num_want, NRES);
  cx_interp_destroy(in);
}

static void teardown(fixture_t* f) {
  cx_interp_free_results(f->num_want, f->want);
  cx_rt_device_destroy(f->dev);
  cx_module_destroy(f->m);
  cx_context_destroy(f->ctx);
}

// One call with `threads` threads, its results compared with the interpreter's.
static void run_and_compare(fixture_t* f, cx_rt_executable_t* exe, int threads, const char* what) {
  cx_buffer_view_t got[NRES];
  CX_EXPECT_OK(cx_rt_executable_allocate_results(exe, got));
  cx_rt_invoke_options_t io = {.max_threads = threads};
  CX_EXPECT_OK(cx_rt_executable_invoke(exe, f->dev, 2, f->args, NRES, got, &io));
  for (int i = 0; i < NRES; i++) {
    char why[256] = "";
    if (!cx_buffer_view_close(&got[i], &f->want[i], why, sizeof why))
      CX_FAIL_("%s, %d threads, result %d: %s", what, threads, i, why);
    cx_buffer_view_free_data(&got[i]);
  }
}

// Of the executable's GEMM and CONV steps with a routine cache: how many
// have their packed operand released, and how many kept.
static void count_released(const cx_rt_executable_t* e, int* out_gemm_released, int* out_gemm_kept,
                           int* out_conv_released) {
  *out_gemm_released = *out_gemm_kept = *out_conv_released = 0;
  for (uint32_t i = 0; i < e->num_steps; i++) {
    const cx_rt_step_t* s = &e->steps[i];
    if (s->kind != CX_RT_STEP_CALL || s->num_bindings < 2) continue;
    bool gone = cx_rt_const_release_released(e, e->bindings[s->first_binding + 1]);
    if (s->call.routine == CX_RT_ROUTINE_GEMM) {
      if (gone)
        ++*out_gemm_released;
      else
        ++*out_gemm_kept;
    } else if (s->call.routine == CX_RT_ROUTINE_CONV && gone) {
      ++*out_conv_released;
    }
  }
}

static void expect_released(const cx_rt_executable_t* e, bool released, const char* what) {
  int gr, gk, cr;
  count_released(e, &gr, &gk, &cr);
  if (released && (gr != 1 || gk != 1 || cr != 1))
    CX_FAIL_(
        "%s: %d GEMM operands released, %d kept, %d convolution kernels released; want "
        "1, 1, 1",
        what, gr, gk, cr);
  if (!released && (gr || cr)) CX_FAIL_("%s: constants released (%d, %d)", what, gr, cr);
}

CX_TEST(jit_releases_packed_only_constants_and_keeps_the_rest) {
  fixture_t f;
  setup(&f);
  cx_compile_options_t o = {.opaque_constants = true};
  cx_rt_executable_t* exe;
  CX_EXPECT_OK(cx_compile(f.m, &o, &exe));
  expect_released(exe, false, "before the first call");
  // The first call (1 thread) packs; the others (2 threads, then 1) run on
  // the packed operands with the originals gone.
  run_and_compare(&f, exe, 1, "first call");
  expect_released(exe, true, "after the first call");
  run_and_compare(&f, exe, 2, "second call");
  run_and_compare(&f, exe, 1, "third call");
  // The bytes of a released constant are no longer the constant (the test
  // that the release really happened): %w's first page reads as zeros.
  for (uint32_t i = 0; i < exe->num_steps; i++) {
    const cx_rt_step_t* s = &exe->steps[i];
    if (s->kind != CX_RT_STEP_CALL || s->call.routine != CX_RT_ROUTINE_GEMM) continue;
    const cx_rt_slot_t* slot = &exe->slots[exe->bindings[s->first_binding + 1]];
    if (!cx_rt_const_release_released(exe, exe->bindings[s->first_binding + 1])) continue;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    uintptr_t lo = ((uintptr_t)exe->constants + slot->offset + page - 1) & ~(uintptr_t)(page - 1);
    const float* p = (const float*)lo;
    bool zero = true;
    for (size_t j = 0; j < page / sizeof(float); j++) zero &= p[j] == 0.0f;
    CX_EXPECT(zero);
  }
  // A second executable of the same program, first called with 2 threads.
  cx_rt_executable_t* exe2;
  CX_EXPECT_OK(cx_compile(f.m, &o, &exe2));
  run_and_compare(&f, exe2, 2, "other executable, first call");
  run_and_compare(&f, exe2, 1, "other executable, second call");
  expect_released(exe2, true, "other executable");
  cx_rt_executable_release(exe2);
  cx_rt_executable_release(exe);
  teardown(&f);
}

CX_TEST(artifacts_keep_or_refault_their_constants) {
  fixture_t f;
  setup(&f);
  cx_compile_options_t o = {.opaque_constants = true, .target = "host"};
  cx_rt_executable_t* exe;
  CX_EXPECT_OK(cx_compile(f.m, &o, &exe));
  CX_EXPECT(cx_rt_artifact_code_of(exe) != NULL);
  // Loaded from memory (constants copied): it can still be saved, so it
  // keeps them, and what it writes after three calls loads and runs.
  run_and_compare(&f, exe, 1, "artifact, first call");
  run_and_compare(&f, exe, 2, "artifact, second call");
  run_and_compare(&f, exe, 1, "artifact, third call");
  expect_released(exe, false, "artifact in memory");
  void* data;
  size_t size;
  CX_EXPECT_OK(cx_rt_executable_serialize(exe, &data, &size));
  cx_rt_executable_t* again;
  CX_EXPECT_OK(cx_rt_executable_load_memory(data, size, NULL, &again));
  free(data);
  run_and_compare(&f, again, 2, "artifact written after calls");
  cx_rt_executable_release(again);
  // Mapped from its file: released pages read back from the file, so the
  // constants go, and the executable still writes a correct artifact.
  char path[] = "/tmp/cxla-const-release-test-XXXXXX";
  int fd = mkstemp(path);
  CX_EXPECT(fd >= 0);
  close(fd);
  CX_EXPECT_OK(cx_rt_executable_save(exe, path));
  cx_rt_executable_t* mapped;
  CX_EXPECT_OK(cx_rt_executable_load_file(path, NULL, &mapped));
  unlink(path);
  CX_EXPECT(mapped->constants_block == NULL);
  run_and_compare(&f, mapped, 1, "mapped artifact, first call");
  expect_released(mapped, true, "mapped artifact");
  run_and_compare(&f, mapped, 2, "mapped artifact, second call");
  run_and_compare(&f, mapped, 1, "mapped artifact, third call");
  CX_EXPECT_OK(cx_rt_executable_serialize(mapped, &data, &size));
  CX_EXPECT_OK(cx_rt_executable_load_memory(data, size, NULL, &again));
  free(data);
  run_and_compare(&f, again, 2, "artifact written from the mapped one after calls");
  run_and_compare(&f, again, 1, "artifact written from the mapped one, second call");
  cx_rt_executable_release(again);
  cx_rt_executable_release(mapped);
  cx_rt_executable_release(exe);
  teardown(&f);
}

// The first call packs every cached operand before its first step, those
// of steps it does not run included: a GEMM in the branch a first call does
// not take has its weight packed and released by that call, and a later call
// that takes the branch runs on the packed weight; so does a bound
// executable (cx_rt_executable_bind), whose calls run its base.
static char* branch_program_text(void) {
  size_t cap = 1 << 16, n = 0;
  char* s = malloc(cap);
  n += (size_t)snprintf(s + n, cap - n,
                        "func.func @main(%%x: tensor<128x64xf32>, %%p: tensor<i1>) -> "
                        "tensor<128x256xf32> {\n  %%w = stablehlo.constant dense<");
  put_floats(&s, &n, &cap, 64 * 256, 37, 17);
  if (cap - n < 1024) {
    cap += 1024;
    s = realloc(s, cap);
  }
  snprintf(s + n, cap - n,
           "> : tensor<64x256xf32>\n"
           "  %%r = \"stablehlo.if\"(%%p) ({\n"
           "    %%y = stablehlo.dot_general %%x, %%w, contracting_dims = [1] x [0] : "
           "(tensor<128x64xf32>, tensor<64x256xf32>) -> tensor<128x256xf32>\n"
           "    stablehlo.return %%y : tensor<128x256xf32>\n"
           "  }, {\n"
           "    %%z = stablehlo.constant dense<1.5> : tensor<128x256xf32>\n"
           "    stablehlo.return %%z : tensor<128x256xf32>\n"
           "  }) : (tensor<i1>) -> tensor<128x256xf32>\n"
           "  return %%r : tensor<128x256xf32>\n"
           "}\n");
  return s;
}

static void branch_call(cx_interp_t* in, cx_rt_executable_t* exe, cx_rt_device_t* dev,
                        cx_buffer_view_t* args, uint32_t num_call_args, int threads,
                        const char* what) {
  uint32_t nwant = 0;
  cx_buffer_view_t* want = NULL;
  CX_EXPECT_OK(cx_interp_call(in, "main", 2, args, &nwant, &want));
  cx_buffer_view_t got;
  CX_EXPECT_OK(cx_rt_executable_allocate_results(exe, &got));
  cx_rt_invoke_options_t io = {.max_threads = threads};
  // A bound executable takes only the predicate (args + 1).
  CX_EXPECT_OK(cx_rt_executable_invoke(exe, dev, num_call_args, args + 2 - num_call_args, 1,
                                       &got, &io));
  char why[256] = "";
  if (nwant != 1 || !cx_buffer_view_close(&got, &want[0], why, sizeof why))
    CX_FAIL_("%s, %d threads: %s", what, threads, why);
  cx_buffer_view_free_data(&got);
  cx_interp_free_results(nwant, want);
}

static bool gemm_operand_released(const cx_rt_executable_t* e) {
  for (uint32_t i = 0; i < e->num_steps; i++) {
    const cx_rt_step_t* s = &e->steps[i];
    if (s->kind == CX_RT_STEP_CALL && s->call.routine == CX_RT_ROUTINE_GEMM)
      return cx_rt_const_release_released(e, e->bindings[s->first_binding + 1]);
  }
  CX_FAIL_("no GEMM step");
  return false;
}

CX_TEST(first_call_packs_steps_it_does_not_run) {
  cx_context_t* ctx;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  char* text = branch_program_text();
  cx_module_t* m;
  CX_EXPECT_OK(cx_module_parse_text(ctx, text, strlen(text), NULL, &m));
  free(text);
  CX_EXPECT_OK(cx_module_verify(m));
  cx_rt_device_options_t dopt = {2};
  cx_rt_device_t* dev;
  CX_EXPECT_OK(cx_rt_device_create(&dopt, &dev));
  cx_interp_t* in;
  CX_EXPECT_OK(cx_interp_create(m, NULL, &in));
  static float x[128 * 64];
  for (int i = 0; i < 128 * 64; i++) x[i] = (float)((i * 7) % 19 - 9) * 0.25f;
  uint8_t no = 0, yes = 1;
  cx_buffer_view_t args[2];
  view(&args[0], x, sizeof x, 2, (const int64_t[]){128, 64});
  memset(&args[1], 0, sizeof args[1]);
  args[1].elem = CX_ELEM_I1;
  args[1].data = &no;
  args[1].nbytes = 1;

  cx_compile_options_t o = {.opaque_constants = true};
  cx_rt_executable_t* exe;
  CX_EXPECT_OK(cx_compile(m, &o, &exe));
  CX_EXPECT(!gemm_operand_released(exe));
  branch_call(in, exe, dev, args, 2, 1, "first call, GEMM branch not taken");
  CX_EXPECT(gemm_operand_released(exe));
  args[1].data = &yes;
  branch_call(in, exe, dev, args, 2, 2, "second call, GEMM branch taken");
  branch_call(in, exe, dev, args, 2, 1, "third call, GEMM branch taken");
  cx_rt_executable_release(exe);

  // Bound: x fixed, first call through the bound executable with 2 threads.
  CX_EXPECT_OK(cx_compile(m, &o, &exe));
  cx_rt_executable_t* bound;
  CX_EXPECT_OK(cx_rt_executable_bind(exe, 1, (const uint32_t[]){0}, args, &bound));
  args[1].data = &yes;
  branch_call(in, bound, dev, args, 1, 2, "bound, first call");
  CX_EXPECT(gemm_operand_released(exe));
  args[1].data = &no;
  branch_call(in, bound, dev, args, 1, 1, "bound, second call");
  args[1].data = &yes;
  branch_call(in, bound, dev, args, 1, 1, "bound, third call");
  cx_rt_executable_release(bound);
  cx_rt_executable_release(exe);

  cx_interp_destroy(in);
  cx_rt_device_destroy(dev);
  cx_module_destroy(m);
  cx_context_destroy(ctx);
}

// Weights given back while they are packed (cx_rt_gemm_prepack_b_consume):
// %wk is stored k-major (contracting [1] x [0]) and read by two GEMMs (only
// the second pack may give it back as it goes), %wn n-major (contracting
// [1] x [1]); each is 512 KiB, several slices of the pack. The first call,
// at 1 or 2 threads or two first calls at once, and the later ones match
// the interpreter.
static char* consumed_program_text(void) {
  size_t cap = 1 << 16, n = 0;
  char* s = malloc(cap);
  n += (size_t)snprintf(s + n, cap - n,
                        "func.func @main(%%x: tensor<128x512xf32>) -> (tensor<128x256xf32>, "
                        "tensor<128x256xf32>, tensor<128x256xf32>) {\n"
                        "  %%wk = stablehlo.constant dense<");
  put_floats(&s, &n, &cap, 512 * 256, 37, 17);
  n += (size_t)snprintf(s + n, cap - n, "> : tensor<512x256xf32>\n  %%wn = stablehlo.constant dense<");
  put_floats(&s, &n, &cap, 256 * 512, 11, 13);
  if (cap - n < 1024) {
    cap += 1024;
    s = realloc(s, cap);
  }
  snprintf(s + n, cap - n,
           "> : tensor<256x512xf32>\n"
           "  %%a = stablehlo.dot_general %%x, %%wk, contracting_dims = [1] x [0] : "
           "(tensor<128x512xf32>, tensor<512x256xf32>) -> tensor<128x256xf32>\n"
           "  %%x2 = stablehlo.add %%x, %%x : tensor<128x512xf32>\n"
           "  %%b = stablehlo.dot_general %%x2, %%wk, contracting_dims = [1] x [0] : "
           "(tensor<128x512xf32>, tensor<512x256xf32>) -> tensor<128x256xf32>\n"
           "  %%c = stablehlo.dot_general %%x, %%wn, contracting_dims = [1] x [1] : "
           "(tensor<128x512xf32>, tensor<256x512xf32>) -> tensor<128x256xf32>\n"
           "  return %%a, %%b, %%c : tensor<128x256xf32>, tensor<128x256xf32>, "
           "tensor<128x256xf32>\n"
           "}\n");
  return s;
}

typedef struct consumed {
  cx_rt_executable_t* exe;
  cx_rt_device_t* dev;
  cx_buffer_view_t* x;
  const cx_buffer_view_t* want;
  int threads;
  bool ok;
} consumed_t;

static void* consumed_call(void* arg) {
  consumed_t* c = arg;
  cx_buffer_view_t got[3];
  c->ok = false;
  cx_status_t s = cx_rt_executable_allocate_results(c->exe, got);
  if (s) {
    cx_status_free(s);
    return NULL;
  }
  cx_rt_invoke_options_t io = {.max_threads = c->threads};
  s = cx_rt_executable_invoke(c->exe, c->dev, 1, c->x, 3, got, &io);
  c->ok = s == NULL;
  cx_status_free(s);
  for (int i = 0; i < 3; i++) {
    char why[256] = "";
    if (c->ok && !cx_buffer_view_close(&got[i], &c->want[i], why, sizeof why)) {
      fprintf(stderr, "result %d: %s\n", i, why);
      c->ok = false;
    }
    cx_buffer_view_free_data(&got[i]);
  }
  return NULL;
}

CX_TEST(weights_given_back_while_packed) {
  cx_context_t* ctx;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  char* text = consumed_program_text();
  cx_module_t* m;
  CX_EXPECT_OK(cx_module_parse_text(ctx, text, strlen(text), NULL, &m));
  free(text);
  CX_EXPECT_OK(cx_module_verify(m));
  cx_rt_device_options_t dopt = {2};
  cx_rt_device_t* dev;
  CX_EXPECT_OK(cx_rt_device_create(&dopt, &dev));
  static float x[128 * 512];
  for (int i = 0; i < 128 * 512; i++) x[i] = (float)((i * 7) % 19 - 9) * 0.25f;
  cx_buffer_view_t arg;
  view(&arg, x, sizeof x, 2, (const int64_t[]){128, 512});
  cx_interp_t* in;
  CX_EXPECT_OK(cx_interp_create(m, NULL, &in));
  uint32_t nwant = 0;
  cx_buffer_view_t* want = NULL;
  CX_EXPECT_OK(cx_interp_call(in, "main", 1, &arg, &nwant, &want));
  CX_EXPECT_EQ_I64(nwant, 3);
  cx_compile_options_t o = {.opaque_constants = true};
  for (int first = 1; first <= 3; first++) {  // first call: 1 thread, 2 threads, two at once
    cx_rt_executable_t* exe;
    CX_EXPECT_OK(cx_compile(m, &o, &exe));
    consumed_t c[2] = {{exe, dev, &arg, want, first == 2 ? 2 : 1, false},
                       {exe, dev, &arg, want, 2, false}};
    if (first == 3) {
      pthread_t t[2];
      for (int i = 0; i < 2; i++) CX_EXPECT(pthread_create(&t[i], NULL, consumed_call, &c[i]) == 0);
      for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
      if (!c[0].ok || !c[1].ok) CX_FAIL_("two first calls at once differ from the interpreter");
    } else {
      consumed_call(&c[0]);
      if (!c[0].ok) CX_FAIL_("first call at %d threads differs from the interpreter", c[0].threads);
    }
    int released = 0;
    for (uint32_t i = 0; i < exe->num_steps; i++) {
      const cx_rt_step_t* s = &exe->steps[i];
      if (s->kind == CX_RT_STEP_CALL && s->call.routine == CX_RT_ROUTINE_GEMM)
        released += cx_rt_const_release_released(exe, exe->bindings[s->first_binding + 1]);
    }
    CX_EXPECT_EQ_I64(released, 3);
    for (int again = 0; again < 2; again++) {  // later calls at 2 and 1 threads
      c[1].threads = 2 - again;
      consumed_call(&c[1]);
      if (!c[1].ok) CX_FAIL_("call %d after a first call of kind %d differs", again + 2, first);
    }
    cx_rt_executable_release(exe);
  }
  cx_interp_free_results(nwant, want);
  cx_interp_destroy(in);
  cx_rt_device_destroy(dev);
  cx_module_destroy(m);
  cx_context_destroy(ctx);
}

int main(void) {
  CX_RUN(jit_releases_packed_only_constants_and_keeps_the_rest);
  CX_RUN(first_call_packs_steps_it_does_not_run);
  CX_RUN(artifacts_keep_or_refault_their_constants);
  CX_RUN(weights_given_back_while_packed);
  CX_TEST_EXIT();
}
