// Ahead-of-time artifacts: compiled for a target, written, loaded (from
// memory and from a mapped file) and run with the same results as the JIT;
// deterministic bytes; and every kind of damage (truncation, corruption,
// newer versions, another machine, missing CPU features) is an error.
#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>

#include "cx_test.h"
#include "cxla/compiler.h"
#include "cxla/module.h"
#include "cxla/runtime.h"
#include "runtime/artifact.h"
#include "runtime/artifact_internal.h"
#include "runtime/executable.h"

// Elementwise math with a non-splat constant (the constant pool), a while
// loop (nested programs), narrow floats and a libm function.
static char* program_text(void) {
  size_t cap = 8192, n = 0;
  char* s = malloc(cap);
  n += (size_t)snprintf(s + n, cap - n,
                        "func.func @main(%%x: tensor<64xf32>, %%h: tensor<64xf16>) -> "
                        "(tensor<64xf32>, tensor<64xbf16>, tensor<64xf16>, tensor<i32>) {\n"
                        "  %%w = stablehlo.constant dense<[");
  for (int i = 0; i < 64; i++) n += (size_t)snprintf(s + n, cap - n, "%s%d.25", i ? ", " : "", i - 20);
  snprintf(s + n, cap - n,
           "]> : tensor<64xf32>\n"
           "  %%zero = stablehlo.constant dense<0> : tensor<i32>\n"
           "  %%one = stablehlo.constant dense<1> : tensor<i32>\n"
           "  %%five = stablehlo.constant dense<5> : tensor<i32>\n"
           "  %%half = stablehlo.constant dense<0.5> : tensor<64xf32>\n"
           "  %%r:2 = stablehlo.while(%%i = %%zero, %%acc = %%x) : tensor<i32>, tensor<64xf32>\n"
           "   cond {\n"
           "    %%c = stablehlo.compare LT, %%i, %%five : (tensor<i32>, tensor<i32>) -> tensor<i1>\n"
           "    stablehlo.return %%c : tensor<i1>\n"
           "  } do {\n"
           "    %%m = stablehlo.multiply %%acc, %%half : tensor<64xf32>\n"
           "    %%a = stablehlo.add %%m, %%w : tensor<64xf32>\n"
           "    %%j = stablehlo.add %%i, %%one : tensor<i32>\n"
           "    stablehlo.return %%j, %%a : tensor<i32>, tensor<64xf32>\n"
           "  }\n"
           "  %%t = stablehlo.tanh %%r#1 : tensor<64xf32>\n"
           "  %%f = stablehlo.floor %%r#1 : tensor<64xf32>\n"
           "  %%s = stablehlo.add %%t, %%f : tensor<64xf32>\n"
           "  %%b = stablehlo.convert %%s : (tensor<64xf32>) -> tensor<64xbf16>\n"
           "  %%hs = stablehlo.sine %%h : tensor<64xf16>\n"
           "  return %%s, %%b, %%hs, %%r#0 : tensor<64xf32>, tensor<64xbf16>, tensor<64xf16>, tensor<i32>\n"
           "}\n");
  return s;
}

typedef struct fixture {
  cx_context_t* ctx;
  cx_module_t* m;
  cx_rt_device_t* dev;
  float x[64];
  uint16_t h[64];
  cx_buffer_view_t args[2];
} fixture_t;

static void setup(fixture_t* f) {
  memset(f, 0, sizeof *f);
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &f->ctx));
  char* text = program_text();
  CX_EXPECT_OK(cx_module_parse_text(f->ctx, text, strlen(text), NULL, &f->m));
  free(text);
  CX_EXPECT_OK(cx_module_verify(f->m));
  cx_rt_device_options_t dopt = {2};
  CX_EXPECT_OK(cx_rt_device_create(&dopt, &f->dev));
  for (int i = 0; i < 64; i++) {
    f->x[i] = (float)(i * 0.37 - 9.0);
    f->h[i] = (uint16_t)(0x3000 + i * 97);  // f16 values from 0.125 to ~3
  }
  cx_buffer_view_t* a = f->args;
  a[0].elem = CX_ELEM_F32;
  a[0].rank = 1;
  a[0].dims[0] = 64;
  a[0].data = f->x;
  a[0].nbytes = sizeof f->x;
  a[1] = a[0];
  a[1].elem = CX_ELEM_F16;
  a[1].data = f->h;
  a[1].nbytes = sizeof f->h;
}

static void teardown(fixture_t* f) {
  cx_rt_device_destroy(f->dev);
  cx_module_destroy(f->m);
  cx_context_destroy(f->ctx);
}

// Runs exe on the fixture's arguments; results malloc'ed (4 views).
static void run(fixture_t* f, cx_rt_executable_t* exe, cx_buffer_view_t* results) {
  CX_EXPECT_EQ_I64(cx_rt_executable_num_results(exe), 4);
  CX_EXPECT_OK(cx_rt_executable_allocate_results(exe, results));
  CX_EXPECT_OK(cx_rt_executable_invoke(exe, f->dev, 2, f->args, 4, results, NULL));
}

static void free_results(cx_buffer_view_t* r) {
  for (int i = 0; i < 4; i++) cx_buffer_view_free_data(&r[i]);
}

static cx_compile_options_t options(const char* target) {
  cx_compile_options_t o = {.opaque_constants = true, .target = target};
  return o;
}

CX_TEST(artifacts_run_like_the_jit) {
  fixture_t f;
  setup(&f);
  cx_rt_executable_t* jit;
  cx_compile_options_t o = options(NULL);
  CX_EXPECT_OK(cx_compile(f.m, &o, &jit));
  cx_buffer_view_t want[4];
  run(&f, jit, want);
  CX_EXPECT_EQ_I64(*(int32_t*)want[3].data, 5);
  uint64_t have = cx_rt_cpu_detect();
  const char* targets[] = {"host", "x86-64", "x86-64-v2", "x86-64-v3", "x86-64-v4"};
  for (size_t t = 0; t < sizeof targets / sizeof targets[0]; t++) {
    if (cx_rt_cpu_machine() != CX_RT_ELF_X86_64 && t > 0) break;
    if (t == 3 && !(have & (1ull << CX_RT_CPU_X86_AVX2))) continue;
    if (t == 4 && !(have & (1ull << CX_RT_CPU_X86_AVX512F))) continue;
    o = options(targets[t]);
    cx_rt_executable_t* exe = NULL;
    CX_EXPECT_OK(cx_compile(f.m, &o, &exe));
    if (!exe) continue;
    CX_EXPECT(cx_rt_artifact_code_of(exe) != NULL);
    cx_buffer_view_t got[4];
    run(&f, exe, got);
    for (int i = 0; i < 4; i++) {
      char why[256] = "";
      // The same kernels from another code generator: equal to the last bit
      // except where a libm or FMA difference is allowed by the tolerance.
      if (!cx_buffer_view_close(&got[i], &want[i], why, sizeof why))
        CX_FAIL_("target %s, result %d: %s", targets[t], i, why);
    }
    // Integer and exactly rounded results are bit-identical.
    CX_EXPECT(!memcmp(got[3].data, want[3].data, 4));
    free_results(got);
    cx_rt_executable_release(exe);
  }
  free_results(want);
  cx_rt_executable_release(jit);
  teardown(&f);
}

CX_TEST(artifacts_are_deterministic_and_resave_identically) {
  fixture_t f;
  setup(&f);
  cx_compile_options_t o = options("x86-64-v2");
  o.cache_key = "test-key";
  void *a, *b;
  size_t na, nb;
  CX_EXPECT_OK(cx_compile_artifact(f.m, &o, &a, &na));
  CX_EXPECT_OK(cx_compile_artifact(f.m, &o, &b, &nb));
  CX_EXPECT(na == nb && !memcmp(a, b, na));
  cx_rt_artifact_info_t info;
  CX_EXPECT_OK(cx_rt_artifact_describe(a, na, &info));
  CX_EXPECT_STREQ(info.target, "x86-64-v2");
  CX_EXPECT_STREQ(info.function, "main");
  CX_EXPECT_STREQ(info.key, "test-key");
  CX_EXPECT_STREQ(info.machine, "x86-64");
  CX_EXPECT(strstr(info.cpu_features, "sse4.2") != NULL);
  CX_EXPECT(info.constants_size >= 64 * 4);
  CX_EXPECT_EQ_U64(info.file_size, na);
  if (cx_rt_cpu_machine() == CX_RT_ELF_X86_64) {
    cx_rt_executable_t* exe;
    CX_EXPECT_OK(cx_rt_executable_load_memory(a, na, NULL, &exe));
    void* c;
    size_t nc;
    CX_EXPECT_OK(cx_rt_executable_serialize(exe, &c, &nc));
    CX_EXPECT(nc == na && !memcmp(c, a, na));
    free(c);
    cx_rt_executable_release(exe);
  }
  free(a);
  free(b);
  teardown(&f);
}

CX_TEST(files_are_mapped_and_constants_used_in_place) {
  fixture_t f;
  setup(&f);
  cx_compile_options_t o = options("host");
  cx_rt_executable_t* exe;
  CX_EXPECT_OK(cx_compile(f.m, &o, &exe));
  char path[] = "/tmp/cxla-aot-test-XXXXXX";
  int fd = mkstemp(path);
  CX_EXPECT(fd >= 0);
  close(fd);
  CX_EXPECT_OK(cx_rt_executable_save(exe, path));
  cx_rt_executable_t* loaded;
  CX_EXPECT_OK(cx_rt_executable_load_file(path, NULL, &loaded));
  unlink(path);  // the mapping keeps the data
  CX_EXPECT(loaded->constants_block == NULL && loaded->constants != NULL);
  CX_EXPECT((uintptr_t)loaded->constants % CX_RT_BUFFER_ALIGN == 0);
  CX_EXPECT_STREQ(cx_rt_executable_function_name(loaded), "main");
  CX_EXPECT_EQ_I64(cx_rt_executable_num_args(loaded), 2);
  CX_EXPECT_EQ_I64(cx_rt_executable_arg(loaded, 1)->elem, CX_ELEM_F16);
  CX_EXPECT_EQ_I64(cx_rt_executable_result(loaded, 1)->elem, CX_ELEM_BF16);
  cx_buffer_view_t a[4], b[4];
  run(&f, exe, a);
  run(&f, loaded, b);
  for (int i = 0; i < 4; i++) CX_EXPECT(!memcmp(a[i].data, b[i].data, a[i].nbytes));
  free_results(a);
  free_results(b);
  // A missing file names the path.
  cx_rt_executable_t* missing = NULL;
  cx_status_t s = cx_rt_executable_load_file("/nonexistent/x.cxla", NULL, &missing);
  CX_EXPECT(missing == NULL);
  CX_EXPECT(s && cx_status_code(s) == CX_NOT_FOUND && strstr(cx_status_message(s), "/nonexistent/x.cxla"));
  cx_status_free(s);
  cx_rt_executable_release(loaded);
  cx_rt_executable_release(exe);
  teardown(&f);
}

// Loads a copy of (data, size), expecting an error; returns its code.
static cx_status_code_t load_error(const void* data, size_t size, uint32_t flags, const char* want) {
  void* copy = malloc(size ? size : 1);
  memcpy(copy, data, size);
  cx_rt_executable_t* exe = NULL;
  cx_status_t s = cx_rt_artifact_load(copy, size, flags, false, NULL, NULL, &exe);
  cx_status_code_t code = s ? cx_status_code(s) : CX_OK;
  if (!s) CX_FAIL_("a damaged artifact (%zu bytes) loaded", size);
  else if (want && !strstr(cx_status_message(s), want))
    CX_FAIL_("expected '%s' in: %s", want, cx_status_message(s));
  cx_status_free(s);
  cx_rt_executable_release(exe);
  free(copy);
  return code;
}

// The header with a field changed and the checksum recomputed.
static void* patched(const void* data, size_t size, size_t offset, const void* value, size_t n) {
  unsigned char* copy = malloc(size);
  memcpy(copy, data, size);
  memcpy(copy + offset, value, n);
  cx_rt_artifact_header_t h;
  memcpy(&h, copy, sizeof h);
  h.checksum = cx_rt_artifact_file_checksum(copy, size);
  memcpy(copy, &h, sizeof h);
  return copy;
}

CX_TEST(damaged_artifacts_are_errors) {
  fixture_t f;
  setup(&f);
  cx_compile_options_t o = options("host");
  void* a;
  size_t n;
  CX_EXPECT_OK(cx_compile_artifact(f.m, &o, &a, &n));
  // Truncated anywhere: an error (the magic first, then the size).
  for (size_t len = 0; len < n; len += len < 256 ? 1 : 61) {
    cx_status_code_t c = load_error(a, len, 0, NULL);
    CX_EXPECT(c == CX_DATA_LOSS || (len < CX_RT_ARTIFACT_MAGIC_SIZE && c == CX_INVALID_ARGUMENT));
  }
  // Any byte changed: the checksum catches it.
  unsigned char* b = malloc(n);
  for (size_t i = 0; i < n; i += i < 512 ? 1 : 13) {
    memcpy(b, a, n);
    b[i] ^= (unsigned char)(1u << (i % 8));
    if (i < CX_RT_ARTIFACT_MAGIC_SIZE) continue;  // not an artifact at all
    cx_status_code_t c = load_error(b, n, 0, NULL);
    // The version fields are read before the checksum.
    CX_EXPECT(c == CX_DATA_LOSS || (i >= 8 && i < 16 && c == CX_UNIMPLEMENTED));
  }
  // Behind the checksum: every byte of the tables changed, validated without
  // running code; errors or success, never a crash (ASan builds check).
  for (size_t i = 0; i < n; i += i < 4096 ? 1 : 7) {
    memcpy(b, a, n);
    b[i] ^= 0xa5;
    cx_rt_executable_t* exe = NULL;
    cx_status_t s = cx_rt_artifact_load(b, n, CX_RT_ARTIFACT_NO_CHECKSUM | CX_RT_ARTIFACT_VALIDATE_ONLY,
                                        false, NULL, NULL, &exe);
    cx_status_free(s);
    cx_rt_executable_release(exe);
  }
  free(b);
  // A newer format, another kernel ABI, another machine, missing features.
  uint32_t v = CX_RT_ARTIFACT_FORMAT_VERSION + 1;
  void* p = patched(a, n, offsetof(cx_rt_artifact_header_t, format_version), &v, 4);
  CX_EXPECT(load_error(p, n, 0, "newer than this runtime") == CX_UNIMPLEMENTED);
  free(p);
  v = CX_KERNEL_ABI_VERSION + 7;
  p = patched(a, n, offsetof(cx_rt_artifact_header_t, kernel_abi_version), &v, 4);
  CX_EXPECT(load_error(p, n, 0, "kernel ABI version") == CX_UNIMPLEMENTED);
  free(p);
  v = cx_rt_cpu_machine() == CX_RT_ELF_AARCH64 ? CX_RT_ELF_X86_64 : CX_RT_ELF_AARCH64;
  p = patched(a, n, offsetof(cx_rt_artifact_header_t, machine), &v, 4);
  CX_EXPECT(load_error(p, n, 0, "but this CPU is") == CX_FAILED_PRECONDITION);
  free(p);
  uint64_t all = ~0ull;
  p = patched(a, n, offsetof(cx_rt_artifact_header_t, cpu_features), &all, 8);
  CX_EXPECT(load_error(p, n, 0, "CPU features this CPU lacks") == CX_FAILED_PRECONDITION);
  free(p);
  // Not an artifact at all.
  CX_EXPECT(load_error("ML\xefR....", 8, 0, "not a cxla artifact") == CX_INVALID_ARGUMENT);
  free(a);
  teardown(&f);
}

CX_TEST(other_machines_validate_but_do_not_load) {
  fixture_t f;
  setup(&f);
  const char* other = cx_rt_cpu_machine() == CX_RT_ELF_AARCH64 ? "x86-64" : "aarch64";
  cx_compile_options_t o = options(other);
  void* a;
  size_t n;
  CX_EXPECT_OK(cx_compile_artifact(f.m, &o, &a, &n));
  cx_rt_executable_t* exe = NULL;
  CX_EXPECT_OK(cx_rt_artifact_load(a, n, CX_RT_ARTIFACT_VALIDATE_ONLY, false, NULL, NULL, &exe));
  CX_EXPECT(exe && exe->code.library == NULL && exe->num_steps > 0);
  cx_rt_executable_release(exe);
  exe = NULL;
  cx_status_t s = cx_rt_executable_load_memory(a, n, NULL, &exe);
  CX_EXPECT(s && cx_status_code(s) == CX_FAILED_PRECONDITION);
  cx_status_free(s);
  // cx_compile loads what it compiles, so it refuses another machine.
  s = cx_compile(f.m, &o, &exe);
  CX_EXPECT(s && cx_status_code(s) == CX_FAILED_PRECONDITION);
  cx_status_free(s);
  free(a);
  teardown(&f);
}

CX_TEST(targets_and_saving_need_the_right_inputs) {
  fixture_t f;
  setup(&f);
  cx_compile_options_t o = options("pdp-11");
  void* a;
  size_t n;
  cx_status_t s = cx_compile_artifact(f.m, &o, &a, &n);
  CX_EXPECT(s && cx_status_code(s) == CX_INVALID_ARGUMENT && strstr(cx_status_message(s), "x86-64-v3"));
  cx_status_free(s);
  o = options(NULL);
  cx_rt_executable_t* jit;
  CX_EXPECT_OK(cx_compile(f.m, &o, &jit));
  s = cx_rt_executable_save(jit, "/tmp/never-written.cxla");
  CX_EXPECT(s && cx_status_code(s) == CX_FAILED_PRECONDITION);
  cx_status_free(s);
  CX_EXPECT(access("/tmp/never-written.cxla", F_OK) != 0);
  cx_rt_executable_release(jit);
  teardown(&f);
}

CX_TEST(libcalls_resolve_by_name) {
  static const char* names[] = {"memcpy", "memset", "memmove", "floorf", "ceil", "roundevenf",
                                "fmaf", "__truncsfhf2", "__extendhfsf2", "__truncdfhf2",
                                "__truncsfbf2", "__truncdfbf2", "__divti3", "__udivti3",
                                "__powisf2", "truncf", "rint", "nearbyintf", "fmodf"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (!cx_rt_libcall_find(names[i])) CX_FAIL_("libcall %s not found", names[i]);
  CX_EXPECT(cx_rt_libcall_find("system") == NULL);
  CX_EXPECT(cx_rt_libcall_find("") == NULL);
}

// Inputs that once crashed the loader (fuzz/artifact_fuzz.c), loaded as the
// fuzzer loads them (tests/deploy/fuzz_regress, run from the source root).
CX_TEST(fuzz_regressions_load_without_crashing) {
  DIR* d = opendir("tests/deploy/fuzz_regress");
  CX_EXPECT(d != NULL);
  if (!d) return;
  int n = 0;
  for (struct dirent* e; (e = readdir(d));) {
    if (e->d_name[0] == '.') continue;
    char path[512];
    snprintf(path, sizeof path, "tests/deploy/fuzz_regress/%s", e->d_name);
    FILE* f = fopen(path, "rb");
    if (!f) continue;
    unsigned char* buf = malloc(1 << 20);
    size_t len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    for (uint32_t flags = 0; flags < 4; flags++) {
      cx_rt_executable_t* exe = NULL;
      cx_status_free(cx_rt_artifact_load(buf, len, flags, false, NULL, NULL, &exe));
      cx_rt_executable_release(exe);
    }
    free(buf);
    n++;
  }
  closedir(d);
  CX_EXPECT(n > 0);
}

int main(void) {
  CX_RUN(artifacts_run_like_the_jit);
  CX_RUN(artifacts_are_deterministic_and_resave_identically);
  CX_RUN(files_are_mapped_and_constants_used_in_place);
  CX_RUN(damaged_artifacts_are_errors);
  CX_RUN(other_machines_validate_but_do_not_load);
  CX_RUN(targets_and_saving_need_the_right_inputs);
  CX_RUN(libcalls_resolve_by_name);
  CX_RUN(fuzz_regressions_load_without_crashing);
  return CX_TEST_EXIT();
}
