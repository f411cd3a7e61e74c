// The persistent compilation cache (compile_cache.c): a second compilation
// of the same program is a hit with the same results; another option, bound
// value, function or constant is another entry; damaged, truncated and
// foreign entries are misses that compile correctly and are replaced; an
// unwritable directory still compiles; the size bound evicts; the
// environment variable and "" (off) apply. Results are checked against
// values computed here, never against the cache itself.
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cx_test.h"
#include "cxla/compiler.h"
#include "cxla/module.h"
#include "cxla/runtime.h"

static const char kProgram[] =
    "func.func @main(%x: tensor<4xf32>, %w: tensor<4xf32>) -> tensor<4xf32> {\n"
    "  %c = stablehlo.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>\n"
    "  %a = stablehlo.multiply %x, %w : tensor<4xf32>\n"
    "  %r = stablehlo.add %a, %c : tensor<4xf32>\n"
    "  return %r : tensor<4xf32>\n"
    "}\n"
    "func.func @other(%x: tensor<4xf32>, %w: tensor<4xf32>) -> tensor<4xf32> {\n"
    "  %r = stablehlo.subtract %x, %w : tensor<4xf32>\n"
    "  return %r : tensor<4xf32>\n"
    "}\n";

static const float kX[4] = {0.5f, -1.0f, 2.0f, 3.0f};
static const float kW1[4] = {2.0f, 3.0f, -4.0f, 0.25f};
static const float kW2[4] = {1.0f, 1.0f, 1.0f, 1.0f};

typedef struct watch {
  const char* result;  // NULL: no "cache" phase
} watch_t;

static void after_phase(void* arg, const char* phase, double s, const cx_module_t* m, const char* text) {
  (void)s;
  (void)m;
  if (!strcmp(phase, "cache")) ((watch_t*)arg)->result = text;
}

typedef struct job {
  const char* text;      // the program (default kProgram)
  const char* function;  // default "main"
  int opt_level;
  const float* bound_w;  // bind argument 1 to this
  const char* dir;       // cache_dir
} job_t;

static cx_buffer_view_t vec(const float* v) {
  cx_buffer_view_t b;
  memset(&b, 0, sizeof b);
  b.elem = CX_ELEM_F32;
  b.rank = 1;
  b.dims[0] = 4;
  b.data = (void*)v;
  b.nbytes = 4 * sizeof(float);
  return b;
}

// Compiles (from a freshly parsed module, as another process would), runs
// on x (and w = kW1 when not bound) and checks the results against the
// program's meaning; returns the cache's answer.
static const char* compile_and_check(const job_t* j) {
  cx_context_t* ctx;
  cx_module_t* m;
  const char* text = j->text ? j->text : kProgram;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  CX_EXPECT_OK(cx_module_parse_text(ctx, text, strlen(text), NULL, &m));
  CX_EXPECT_OK(cx_module_verify(m));
  watch_t w = {NULL};
  cx_compile_observer_t obs = {&w, after_phase, false};
  cx_buffer_view_t args[2] = {vec(kX), vec(j->bound_w ? j->bound_w : kW1)};
  bool bind[2] = {false, true};
  cx_compile_options_t o = {.function = j->function,
                            .opt_level = j->opt_level,
                            .observer = &obs,
                            .cache_dir = j->dir};
  if (j->bound_w) {
    o.num_arg_shapes = 2;
    o.arg_shapes = args;
    o.bind = bind;
  }
  cx_rt_executable_t* exe = NULL;
  CX_EXPECT_OK(cx_compile(m, &o, &exe));
  cx_rt_device_t* dev;
  cx_rt_device_options_t dopt = {1};
  CX_EXPECT_OK(cx_rt_device_create(&dopt, &dev));
  cx_buffer_view_t r;
  CX_EXPECT_OK(cx_rt_executable_allocate_results(exe, &r));
  CX_EXPECT_OK(cx_rt_executable_invoke(exe, dev, j->bound_w ? 1 : 2, args, 1, &r, NULL));
  const float* w_used = j->bound_w ? j->bound_w : kW1;
  bool other = j->function && !strcmp(j->function, "other");
  float c3 = j->text && strstr(j->text, "3.5") ? 3.5f : 3.0f;  // the changed constant
  const float c[4] = {1, 2, c3, 4};
  for (int i = 0; i < 4; i++) {
    float want = other ? kX[i] - w_used[i] : kX[i] * w_used[i] + c[i];
    float got = ((const float*)r.data)[i];
    if (got != want) CX_FAIL_("element %d: %g, want %g", i, (double)got, (double)want);
  }
  cx_buffer_view_free_data(&r);
  cx_rt_device_destroy(dev);
  cx_rt_executable_release(exe);
  cx_module_destroy(m);
  cx_context_destroy(ctx);
  return w.result;
}

static int count_entries(const char* dir) {
  DIR* d = opendir(dir);
  if (!d) return -1;
  int n = 0;
  struct dirent* e;
  while ((e = readdir(d))) {
    size_t len = strlen(e->d_name);
    if (len > 5 && !strcmp(e->d_name + len - 5, ".cxla")) n++;
  }
  closedir(d);
  return n;
}

// Applies `damage` to every entry of dir.
static void damage_entries(const char* dir, int how) {
  DIR* d = opendir(dir);
  CX_EXPECT(d != NULL);
  if (!d) return;
  struct dirent* e;
  while ((e = readdir(d))) {
    size_t len = strlen(e->d_name);
    if (len <= 5 || strcmp(e->d_name + len - 5, ".cxla")) continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    struct stat sb;
    CX_EXPECT(stat(path, &sb) == 0);
    if (how == 0) {  // one byte flipped in the middle
      FILE* f = fopen(path, "r+b");
      CX_EXPECT(f != NULL);
      fseek(f, sb.st_size / 2, SEEK_SET);
      int ch = fgetc(f);
      fseek(f, sb.st_size / 2, SEEK_SET);
      fputc(ch ^ 0x5a, f);
      fclose(f);
    } else if (how == 1) {  // truncated
      CX_EXPECT(truncate(path, sb.st_size / 3) == 0);
    } else {  // not an artifact at all
      FILE* f = fopen(path, "wb");
      CX_EXPECT(f != NULL);
      fputs("not a cxla artifact\n", f);
      fclose(f);
    }
  }
  closedir(d);
}

static char g_root[256];

static const char* sub(const char* name, char* buf, size_t size) {
  snprintf(buf, size, "%s/%s", g_root, name);
  return buf;
}

static const char* result_name(const char* r) { return r ? r : "(no cache)"; }

#define EXPECT_CACHE(job, want)                                                         \
  do {                                                                                  \
    const char* got_ = compile_and_check(job);                                          \
    if (!got_ || strcmp(got_, want))                                                    \
      CX_FAIL_("%s: cache %s, want %s", #job, result_name(got_), want);                 \
  } while (0)

CX_TEST(second_compilation_hits_and_keys_separate_entries) {
  char dir[512];
  sub("a/b/cache", dir, sizeof dir);  // created on first use
  job_t base = {.dir = dir};
  EXPECT_CACHE(&base, "miss");
  CX_EXPECT_EQ_I64(count_entries(dir), 1);
  EXPECT_CACHE(&base, "hit");
  CX_EXPECT_EQ_I64(count_entries(dir), 1);
  job_t opt3 = {.dir = dir, .opt_level = 3};
  EXPECT_CACHE(&opt3, "miss");
  EXPECT_CACHE(&opt3, "hit");
  job_t other = {.dir = dir, .function = "other"};
  EXPECT_CACHE(&other, "miss");
  job_t bound1 = {.dir = dir, .bound_w = kW1}, bound2 = {.dir = dir, .bound_w = kW2};
  EXPECT_CACHE(&bound1, "miss");
  EXPECT_CACHE(&bound2, "miss");
  EXPECT_CACHE(&bound1, "hit");
  char* changed = strdup(kProgram);
  memcpy(strstr(changed, "3.0,"), "3.5,", 4);
  job_t constant = {.dir = dir, .text = changed};
  EXPECT_CACHE(&constant, "miss");
  EXPECT_CACHE(&constant, "hit");
  free(changed);
  CX_EXPECT_EQ_I64(count_entries(dir), 6);
  EXPECT_CACHE(&base, "hit");
}

CX_TEST(damaged_entries_are_misses_and_replaced) {
  char dir[512];
  sub("damaged", dir, sizeof dir);
  job_t base = {.dir = dir}, bound = {.dir = dir, .bound_w = kW2};
  for (int how = 0; how < 3; how++) {
    EXPECT_CACHE(&base, how == 0 ? "miss" : "hit");
    EXPECT_CACHE(&bound, how == 0 ? "miss" : "hit");
    damage_entries(dir, how);
    EXPECT_CACHE(&base, "miss");
    EXPECT_CACHE(&bound, "miss");
    EXPECT_CACHE(&base, "hit");
    CX_EXPECT_EQ_I64(count_entries(dir), 2);
  }
}

CX_TEST(an_unusable_directory_still_compiles) {
  char file[512], dir[600];
  sub("plain-file", file, sizeof file);
  FILE* f = fopen(file, "w");
  CX_EXPECT(f != NULL);
  fclose(f);
  snprintf(dir, sizeof dir, "%s/cache", file);  // under a regular file: cannot exist
  job_t j = {.dir = dir};
  EXPECT_CACHE(&j, "miss");
  EXPECT_CACHE(&j, "miss");
}

CX_TEST(the_size_bound_evicts_least_recently_used) {
  char dir[512];
  sub("bounded", dir, sizeof dir);
  job_t a = {.dir = dir}, b = {.dir = dir, .function = "other"};
  EXPECT_CACHE(&a, "miss");
  EXPECT_CACHE(&b, "miss");
  CX_EXPECT_EQ_I64(count_entries(dir), 2);
  setenv("CXLA_CACHE_MAX_MB", "0", 1);
  job_t c = {.dir = dir, .opt_level = 1};
  EXPECT_CACHE(&c, "miss");  // stored, and everything else evicted
  unsetenv("CXLA_CACHE_MAX_MB");
  CX_EXPECT_EQ_I64(count_entries(dir), 1);
  EXPECT_CACHE(&c, "hit");
  EXPECT_CACHE(&a, "miss");
}

CX_TEST(the_environment_variable_and_off) {
  char dir[512];
  sub("env", dir, sizeof dir);
  setenv("CXLA_CACHE_DIR", dir, 1);
  job_t from_env = {NULL};
  EXPECT_CACHE(&from_env, "miss");
  EXPECT_CACHE(&from_env, "hit");
  job_t off = {.dir = ""};
  CX_EXPECT(compile_and_check(&off) == NULL);
  unsetenv("CXLA_CACHE_DIR");
  CX_EXPECT(compile_and_check(&from_env) == NULL);
  CX_EXPECT_EQ_I64(count_entries(dir), 1);
}

CX_TEST(artifacts_through_the_cache_are_identical) {
  char dir[512];
  sub("artifacts", dir, sizeof dir);
  cx_context_t* ctx;
  cx_module_t* m;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  CX_EXPECT_OK(cx_module_parse_text(ctx, kProgram, strlen(kProgram), NULL, &m));
  void* data[3] = {NULL, NULL, NULL};
  size_t size[3] = {0, 0, 0};
  for (int i = 0; i < 3; i++) {
    watch_t w = {NULL};
    cx_compile_observer_t obs = {&w, after_phase, false};
    cx_compile_options_t o = {.observer = &obs, .cache_dir = i < 2 ? dir : ""};
    CX_EXPECT_OK(cx_compile_artifact(m, &o, &data[i], &size[i]));
    CX_EXPECT_STREQ(result_name(w.result), i == 0 ? "miss" : i == 1 ? "hit" : "(no cache)");
  }
  CX_EXPECT(size[0] == size[1] && !memcmp(data[0], data[1], size[0]));
  // The stored entry is a whole artifact that loads.
  cx_rt_executable_t* exe = NULL;
  CX_EXPECT_OK(cx_rt_executable_load_memory(data[1], size[1], NULL, &exe));
  cx_rt_executable_release(exe);
  for (int i = 0; i < 3; i++) cx_free_malloced(data[i]);
  cx_module_destroy(m);
  cx_context_destroy(ctx);
}

static void remove_tree(const char* path) {
  struct stat sb;
  if (lstat(path, &sb) != 0) return;
  if (S_ISDIR(sb.st_mode)) {
    DIR* d = opendir(path);
    struct dirent* e;
    while (d && (e = readdir(d))) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
      char child[4096];
      snprintf(child, sizeof child, "%s/%s", path, e->d_name);
      remove_tree(child);
    }
    if (d) closedir(d);
    rmdir(path);
  } else {
    unlink(path);
  }
}

int main(void) {
  unsetenv("CXLA_CACHE_DIR");
  unsetenv("CXLA_CACHE_MAX_MB");
  const char* tmp = getenv("TMPDIR");
  snprintf(g_root, sizeof g_root, "%s/cxla-cache-test.XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(g_root)) {
    perror("mkdtemp");
    return 1;
  }
  CX_RUN(second_compilation_hits_and_keys_separate_entries);
  CX_RUN(damaged_entries_are_misses_and_replaced);
  CX_RUN(an_unusable_directory_still_compiles);
  CX_RUN(the_size_bound_evicts_least_recently_used);
  CX_RUN(the_environment_variable_and_off);
  CX_RUN(artifacts_through_the_cache_are_identical);
  remove_tree(g_root);
  return CX_TEST_EXIT();
}
