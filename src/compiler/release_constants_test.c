// cx_compile_options_t.release_constants: the JIT copies large constants
// and bound values into the executable last and gives back their sources'
// pages; the executable computes what the interpreter does on its first,
// second and third call (1 and 2 threads), a constant read by two steps is
// copied whole, and the sources were really given back: every page of the
// module's own constants (dense payloads start and end on pages of their
// own) while the module lives; the executable runs with the module, the IR
// context and the code generator's LLVM objects gone.
#include <stdlib.h>
#include <unistd.h>

#include "cx_test.h"
#include "cxla/compiler.h"
#include "cxla/interp.h"
#include "cxla/module.h"
#include "cxla/runtime.h"
#include "ir/ir.h"

#define K 512
#define N 1024  // K x N f32 = 2 MiB: several of the fill's 256 KiB slices
#define M 128
#define NRES 4

// Three calls of exe, at 1, 2 and 1 threads, each giving the interpreter's
// `want` results.
static void expect_calls_match(cx_rt_executable_t* exe, uint32_t nargs, const cx_buffer_view_t* args,
                               uint32_t nres, const cx_buffer_view_t* want) {
  cx_rt_device_options_t dopt = {2};
  cx_rt_device_t* dev;
  CX_EXPECT_OK(cx_rt_device_create(&dopt, &dev));
  int threads[] = {1, 2, 1};
  for (int call = 0; call < 3; call++) {
    cx_buffer_view_t got[NRES];
    CX_EXPECT_OK(cx_rt_executable_allocate_results(exe, got));
    cx_rt_invoke_options_t io = {.max_threads = threads[call]};
    CX_EXPECT_OK(cx_rt_executable_invoke(exe, dev, nargs, args, nres, got, &io));
    for (uint32_t i = 0; i < nres; i++) {
      char why[256] = "";
      if (!cx_buffer_view_close(&got[i], &want[i], why, sizeof why))
        CX_FAIL_("call %d (%d threads), result %u: %s", call + 1, threads[call], i, why);
      cx_buffer_view_free_data(&got[i]);
    }
  }
  cx_rt_device_destroy(dev);
}

static void put_hex(char** s, size_t* n, size_t* cap, int count, int mul, int mod) {
  if (*cap - *n < (size_t)count * 8 + 4096) {
    *cap = *n + (size_t)count * 8 + 4096;
    *s = realloc(*s, *cap);
  }
  *n += (size_t)snprintf(*s + *n, *cap - *n, "\"0x");
  for (int i = 0; i < count; i++) {
    float v = (float)((i * mul) % mod - mod / 2) * 0.0625f;
    unsigned char b[4];
    memcpy(b, &v, 4);
    for (int j = 0; j < 4; j++) *n += (size_t)snprintf(*s + *n, *cap - *n, "%02X", b[j]);
  }
  *n += (size_t)snprintf(*s + *n, *cap - *n, "\"");
}

// %w: a GEMM's B only; %v: a GEMM's B and a result; %b: an argument the
// test binds (a GEMM's B).
static char* program_text(void) {
  size_t cap = 1 << 16, n = 0;
  char* s = malloc(cap);
  n += (size_t)snprintf(s + n, cap - n,
                        "func.func @main(%%x: tensor<128x512xf32>, %%b: tensor<512x1024xf32>) -> "
                        "(tensor<128x1024xf32>, tensor<128x1024xf32>, tensor<128x1024xf32>, "
                        "tensor<512x1024xf32>) {\n  %%w = stablehlo.constant dense<");
  put_hex(&s, &n, &cap, K * N, 37, 17);
  n += (size_t)snprintf(s + n, cap - n,
                        "> : tensor<512x1024xf32>\n  %%v = stablehlo.constant dense<");
  put_hex(&s, &n, &cap, K * N, 11, 13);
  snprintf(s + n, cap - n,
           "> : tensor<512x1024xf32>\n"
           "  %%y = stablehlo.dot_general %%x, %%w, contracting_dims = [1] x [0] : "
           "(tensor<128x512xf32>, tensor<512x1024xf32>) -> tensor<128x1024xf32>\n"
           "  %%z = stablehlo.dot_general %%x, %%v, contracting_dims = [1] x [0] : "
           "(tensor<128x512xf32>, tensor<512x1024xf32>) -> tensor<128x1024xf32>\n"
           "  %%u = stablehlo.dot_general %%x, %%b, contracting_dims = [1] x [0] : "
           "(tensor<128x512xf32>, tensor<512x1024xf32>) -> tensor<128x1024xf32>\n"
           "  return %%y, %%z, %%u, %%v : tensor<128x1024xf32>, tensor<128x1024xf32>, "
           "tensor<128x1024xf32>, tensor<512x1024xf32>\n"
           "}\n");
  return s;
}

static void view(cx_buffer_view_t* v, void* data, size_t nbytes, int64_t d0, int64_t d1) {
  memset(v, 0, sizeof *v);
  v->elem = CX_ELEM_F32;
  v->rank = 2;
  v->dims[0] = d0;
  v->dims[1] = d1;
  v->data = data;
  v->nbytes = nbytes;
}

// The program of program_text, parsed and verified, its arguments x and b
// filled with ((i * xm) % xmod - xmod / 2) * xs (b likewise), and the
// interpreter's results on them (before any compile may clear the module's
// constants). The test frees x, b, the module, the context and the results.
typedef struct program {
  cx_context_t* ctx;
  cx_module_t* m;
  float *x, *b;
  cx_buffer_view_t args[2];
  uint32_t nwant;
  cx_buffer_view_t* want;
} program_t;

static void program_init(program_t* p, int xm, int xmod, float xs, int bm, int bmod, float bs) {
  memset(p, 0, sizeof *p);
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &p->ctx));
  char* text = program_text();
  CX_EXPECT_OK(cx_module_parse_text(p->ctx, text, strlen(text), NULL, &p->m));
  free(text);
  CX_EXPECT_OK(cx_module_verify(p->m));
  p->x = malloc(sizeof(float) * M * K);
  p->b = malloc(sizeof(float) * K * N);
  for (int i = 0; i < M * K; i++) p->x[i] = (float)((i * xm) % xmod - xmod / 2) * xs;
  for (int i = 0; i < K * N; i++) p->b[i] = (float)((i * bm) % bmod - bmod / 2) * bs;
  view(&p->args[0], p->x, sizeof(float) * M * K, M, K);
  view(&p->args[1], p->b, sizeof(float) * K * N, K, N);
  cx_interp_t* in;
  CX_EXPECT_OK(cx_interp_create(p->m, NULL, &in));
  CX_EXPECT_OK(cx_interp_call(in, "main", 2, p->args, &p->nwant, &p->want));
  CX_EXPECT_EQ_I64(p->nwant, NRES);
  cx_interp_destroy(in);
}

CX_TEST(released_sources_still_compute_the_program) {
  // The interpreter first: the compile may clear the module's constants.
  program_t pr;
  program_init(&pr, 7, 19, 0.25f, 5, 23, 0.125f);
  cx_context_t* ctx = pr.ctx;
  cx_module_t* m = pr.m;
  float* x = pr.x;
  float* b = pr.b;
  cx_buffer_view_t* args = pr.args;
  uint32_t nwant = pr.nwant;
  cx_buffer_view_t* want = pr.want;
  bool bind[2] = {false, true};
  cx_compile_options_t o = {
      .num_arg_shapes = 2, .arg_shapes = args, .bind = bind, .release_constants = true};
  cx_rt_executable_t* exe;
  CX_EXPECT_OK(cx_compile(m, &o, &exe));
  cx_module_destroy(m);
  // The bound array was given back: its first whole page reads as zeros.
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  const float* first = (const float*)(((uintptr_t)b + page - 1) & ~(uintptr_t)(page - 1));
  bool zero = true;
  for (size_t i = 0; i < page / sizeof(float); i++) zero &= first[i] == 0.0f;
  CX_EXPECT(zero);
  free(b);
  CX_EXPECT_EQ_I64(cx_rt_executable_num_args(exe), 1);
  expect_calls_match(exe, 1, args, NRES, want);
  cx_interp_free_results(nwant, want);
  cx_rt_executable_release(exe);
  free(x);
  cx_context_destroy(ctx);
}

// Whether every byte of a large constant's data reads as zero (given back).
static bool all_zero(const cx_attr_t* a) {
  const unsigned char* p = a->dense.data;
  for (size_t i = 0; i < a->dense.nbytes; i++)
    if (p[i]) return false;
  return true;
}

CX_TEST(module_constants_given_back_whole_and_code_outlives_the_ir) {
  program_t pr;
  program_init(&pr, 3, 17, 0.5f, 7, 29, 0.0625f);
  cx_context_t* ctx = pr.ctx;
  cx_module_t* m = pr.m;
  float* x = pr.x;
  float* b = pr.b;
  cx_buffer_view_t* args = pr.args;
  uint32_t nwant = pr.nwant;
  cx_buffer_view_t* want = pr.want;
  // The two 2 MiB constants: page-aligned payloads of the module.
  cx_op_t* w = cx_func_body(cx_module_lookup_func(m, "main"))->first_op;
  cx_op_t* v = w->next;
  const char* value = ctx->names[CX_NAME_value];
  const cx_attr_t* wa = cx_op_attr(w, value);
  const cx_attr_t* va = cx_op_attr(v, value);
  CX_EXPECT(wa && va && wa->dense.nbytes == sizeof(float) * K * N);
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  CX_EXPECT_EQ_I64((uintptr_t)wa->dense.data % page, 0);
  CX_EXPECT_EQ_I64((uintptr_t)va->dense.data % page, 0);
  CX_EXPECT(!all_zero(wa) && !all_zero(va));
  bool bind[2] = {false, false};
  cx_compile_options_t o = {
      .num_arg_shapes = 2, .arg_shapes = args, .bind = bind, .release_constants = true};
  cx_rt_executable_t* exe;
  CX_EXPECT_OK(cx_compile(m, &o, &exe));
  // Copied into the executable, every page of both was given back, the
  // first and the last included, with the module still alive.
  CX_EXPECT(all_zero(wa));
  CX_EXPECT(all_zero(va));
  cx_module_destroy(m);
  cx_context_destroy(ctx);
  expect_calls_match(exe, 2, args, NRES, want);
  cx_interp_free_results(nwant, want);
  cx_rt_executable_release(exe);
  free(x);
  free(b);
}

// A 128 KiB constant (deferred: from 64 KiB) has the whole pages inside it
// given back, a 60 KiB one (copied while lowering) keeps its values, and
// both reach the executable (read by a GEMM and as results).
CX_TEST(mid_sized_constants_deferred_small_ones_kept) {
  size_t cap = 1 << 16, n = 0;
  char* text = malloc(cap);
  n += (size_t)snprintf(text + n, cap - n,
                        "func.func @main(%%x: tensor<4x128xf32>) -> (tensor<4x256xf32>, "
                        "tensor<128x256xf32>, tensor<120x128xf32>) {\n"
                        "  %%w = stablehlo.constant dense<");
  put_hex(&text, &n, &cap, 128 * 256, 29, 31);
  n += (size_t)snprintf(text + n, cap - n, "> : tensor<128x256xf32>\n  %%s = stablehlo.constant dense<");
  put_hex(&text, &n, &cap, 120 * 128, 13, 19);
  snprintf(text + n, cap - n,
           "> : tensor<120x128xf32>\n"
           "  %%y = stablehlo.dot_general %%x, %%w, contracting_dims = [1] x [0] : "
           "(tensor<4x128xf32>, tensor<128x256xf32>) -> tensor<4x256xf32>\n"
           "  return %%y, %%w, %%s : tensor<4x256xf32>, tensor<128x256xf32>, tensor<120x128xf32>\n"
           "}\n");
  cx_context_t* ctx;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  cx_module_t* m;
  CX_EXPECT_OK(cx_module_parse_text(ctx, text, strlen(text), NULL, &m));
  free(text);
  CX_EXPECT_OK(cx_module_verify(m));
  float x[4 * 128];
  for (int i = 0; i < 4 * 128; i++) x[i] = (float)((i * 5) % 11 - 5) * 0.5f;
  cx_buffer_view_t arg;
  view(&arg, x, sizeof x, 4, 128);
  cx_interp_t* in;
  CX_EXPECT_OK(cx_interp_create(m, NULL, &in));
  uint32_t nwant = 0;
  cx_buffer_view_t* want = NULL;
  CX_EXPECT_OK(cx_interp_call(in, "main", 1, &arg, &nwant, &want));
  CX_EXPECT_EQ_I64(nwant, 3);
  cx_interp_destroy(in);
  cx_op_t* w = cx_func_body(cx_module_lookup_func(m, "main"))->first_op;
  const char* value = ctx->names[CX_NAME_value];
  const cx_attr_t* wa = cx_op_attr(w, value);
  const cx_attr_t* sa = cx_op_attr(w->next, value);
  CX_EXPECT(wa && sa && wa->dense.nbytes == 128 * 256 * 4 && sa->dense.nbytes == 120 * 128 * 4);
  void* s_before = malloc(sa->dense.nbytes);
  memcpy(s_before, sa->dense.data, sa->dense.nbytes);
  cx_compile_options_t o = {.num_arg_shapes = 1, .arg_shapes = &arg, .release_constants = true};
  cx_rt_executable_t* exe;
  CX_EXPECT_OK(cx_compile(m, &o, &exe));
  // The whole pages inside the 128 KiB constant read as zeros (given back;
  // its first and last bytes may share pages with other allocations).
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  uintptr_t lo = ((uintptr_t)wa->dense.data + page - 1) & ~(uintptr_t)(page - 1);
  uintptr_t hi = ((uintptr_t)wa->dense.data + wa->dense.nbytes) & ~(uintptr_t)(page - 1);
  CX_EXPECT(hi - lo >= 30 * page);
  bool zero = true;
  for (const unsigned char* p = (const unsigned char*)lo; p < (const unsigned char*)hi; p++) zero &= *p == 0;
  CX_EXPECT(zero);
  CX_EXPECT(!memcmp(sa->dense.data, s_before, sa->dense.nbytes));
  free(s_before);
  cx_module_destroy(m);
  cx_context_destroy(ctx);
  expect_calls_match(exe, 1, &arg, 3, want);
  cx_interp_free_results(nwant, want);
  cx_rt_executable_release(exe);
}

// cx_compile_options_t.release_sources: called once, after the "lower"
// phase and before "llvm"; the caller destroys the module and overwrites
// and frees the bound value there, and the executable still computes what
// the interpreter did (three calls, 1 and 2 threads). Not called with a
// target (an artifact is compiled from the module) nor when the compile
// stops after lowering.
typedef struct release_probe {
  cx_module_t* module;
  float* bound;
  size_t bound_bytes;
  int calls;
  char order[64];  // phases and 'R' (the release), one letter each
} release_probe_t;

static void probe_release(void* arg) {
  release_probe_t* p = arg;
  p->calls++;
  strncat(p->order, "R", sizeof p->order - strlen(p->order) - 1);
  cx_module_destroy(p->module);
  p->module = NULL;
  if (p->bound) {
    memset(p->bound, 0xff, p->bound_bytes);  // NaNs, if anything read it again
    free(p->bound);
    p->bound = NULL;
  }
}

static void probe_phase(void* arg, const char* phase, double seconds, const cx_module_t* m,
                        const char* text) {
  (void)seconds;
  (void)m;
  (void)text;
  release_probe_t* p = arg;
  const char* letter = !strcmp(phase, "lower") ? "L" : !strcmp(phase, "llvm") ? "V" : "";
  strncat(p->order, letter, sizeof p->order - strlen(p->order) - 1);
}

CX_TEST(sources_released_during_the_compile_before_llvm) {
  program_t pr;
  program_init(&pr, 5, 13, 0.25f, 3, 31, 0.125f);
  cx_context_t* ctx = pr.ctx;
  cx_module_t* m = pr.m;
  float* x = pr.x;
  float* b = pr.b;
  cx_buffer_view_t* args = pr.args;
  uint32_t nwant = pr.nwant;
  cx_buffer_view_t* want = pr.want;
  char* text = program_text();
  bool bind[2] = {false, true};

  // Neither with a target nor when stopping after the lowering: the
  // module and the value are still there afterwards.
  release_probe_t p = {0};
  cx_compile_observer_t obs = {.arg = &p, .after_phase = probe_phase};
  cx_compile_options_t o = {.num_arg_shapes = 2, .arg_shapes = args, .bind = bind,
                            .observer = &obs, .release_constants = true,
                            .release_sources = probe_release, .release_sources_arg = &p};
  cx_rt_executable_t* exe = NULL;
  o.target = "host";
  CX_EXPECT_OK(cx_compile(m, &o, &exe));
  CX_EXPECT_EQ_I64(p.calls, 0);
  cx_rt_executable_release(exe);
  exe = NULL;

  // The JIT: released between the lowering and LLVM.
  o.target = NULL;
  memset(&p, 0, sizeof p);
  p.module = m;
  p.bound = b;
  p.bound_bytes = sizeof(float) * K * N;
  CX_EXPECT_OK(cx_compile(m, &o, &exe));
  CX_EXPECT_EQ_I64(p.calls, 1);
  CX_EXPECT_STREQ(p.order, "LRV");
  CX_EXPECT(p.module == NULL && p.bound == NULL);
  cx_context_destroy(ctx);
  CX_EXPECT_EQ_I64(cx_rt_executable_num_args(exe), 1);
  expect_calls_match(exe, 1, args, NRES, want);
  cx_interp_free_results(nwant, want);
  cx_rt_executable_release(exe);

  // Stopped after the lowering (which gives the sources' pages back: a
  // module and a value of their own).
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  CX_EXPECT_OK(cx_module_parse_text(ctx, text, strlen(text), NULL, &m));
  b = malloc(sizeof(float) * K * N);
  for (int i = 0; i < K * N; i++) b[i] = (float)(i % 7);
  view(&args[1], b, sizeof(float) * K * N, K, N);
  memset(&p, 0, sizeof p);
  o.stop_after = "lower";
  exe = NULL;
  CX_EXPECT_OK(cx_compile(m, &o, &exe));
  CX_EXPECT(exe == NULL);
  CX_EXPECT_EQ_I64(p.calls, 0);
  CX_EXPECT_STREQ(p.order, "L");
  cx_module_destroy(m);
  cx_context_destroy(ctx);
  free(b);
  free(x);
  free(text);
}

int main(void) {
  CX_RUN(released_sources_still_compute_the_program);
  CX_RUN(module_constants_given_back_whole_and_code_outlives_the_ir);
  CX_RUN(mid_sized_constants_deferred_small_ones_kept);
  CX_RUN(sources_released_during_the_compile_before_llvm);
  CX_TEST_EXIT();
}
