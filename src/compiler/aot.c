// Ahead-of-time compilation (include/cxla/compiler.h: cx_compile_artifact,
// cx_compile with options.target): the pipeline of cx_compile with the code
// generator aimed at a named machine, then
//   1. LLVM's target machine emits a relocatable object (codegen/cg_object.c);
//   2. ld.lld links it into a position-independent shared object (only at
//      compile time; loading needs no linker);
//   3. the shared object is checked the way the runtime will load it: every
//      symbol it leaves undefined must be one of the runtime's libcalls
//      (runtime/artifact_libcalls.c), so every artifact written loads;
//   4. the executable's tables and the code become one artifact
//      (runtime/artifact_write.c).
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compiler/aot.h"
#include "compiler/compile_cache.h"
#include "cxla/compiler.h"
#include "cxla/file.h"

extern char** environ;

#ifndef CXLA_LLD_PATH
#define CXLA_LLD_PATH "/usr/lib/llvm-19/bin/ld.lld"
#endif

#define BIT(name) (1ull << CX_RT_CPU_##name)
#define X86_V2 (BIT(X86_SSE3) | BIT(X86_SSSE3) | BIT(X86_SSE4_1) | BIT(X86_SSE4_2) | \
                BIT(X86_POPCNT) | BIT(X86_CX16) | BIT(X86_SAHF))
#define X86_V3 (X86_V2 | BIT(X86_AVX) | BIT(X86_AVX2) | BIT(X86_BMI) | BIT(X86_BMI2) | \
                BIT(X86_F16C) | BIT(X86_FMA) | BIT(X86_LZCNT) | BIT(X86_MOVBE) | BIT(X86_XSAVE))
#define X86_V4 (X86_V3 | BIT(X86_AVX512F) | BIT(X86_AVX512BW) | BIT(X86_AVX512CD) | \
                BIT(X86_AVX512DQ) | BIT(X86_AVX512VL))

typedef struct named_target {
  const char* name;
  const char* triple;
  const char* cpu;
  const char* features;
  uint32_t machine;
  uint64_t bits;
} named_target_t;

// The psABI levels of x86-64 (LLVM knows them as CPU names) and baseline
// AArch64 (Armv8-A with Advanced SIMD, which every AArch64 Linux has).
static const named_target_t kTargets[] = {
    {"x86-64", "x86_64-unknown-linux-gnu", "x86-64", "", CX_RT_ELF_X86_64, 0},
    {"x86-64-v2", "x86_64-unknown-linux-gnu", "x86-64-v2", "", CX_RT_ELF_X86_64, X86_V2},
    {"x86-64-v3", "x86_64-unknown-linux-gnu", "x86-64-v3", "", CX_RT_ELF_X86_64, X86_V3},
    {"x86-64-v4", "x86_64-unknown-linux-gnu", "x86-64-v4", "", CX_RT_ELF_X86_64, X86_V4},
    {"aarch64", "aarch64-unknown-linux-gnu", "generic", "+neon,+fp-armv8", CX_RT_ELF_AARCH64, 0},
};

cx_status_t cx_aot_target_resolve(const char* name, cx_aot_target_t* out) {
  memset(out, 0, sizeof *out);
  if (name && strcmp(name, "host") != 0) {
    for (size_t i = 0; i < sizeof kTargets / sizeof kTargets[0]; i++) {
      const named_target_t* t = &kTargets[i];
      if (strcmp(t->name, name) != 0) continue;
      out->cg = (cx_cg_target_t){t->triple, t->cpu, t->features, NULL};
      out->artifact = (cx_rt_artifact_target_t){t->name, t->triple, t->cpu, t->features,
                                                 t->machine, t->bits};
      return NULL;
    }
    return CX_ERROR(CX_INVALID_ARGUMENT, "unknown target '%s' (targets: %s)", name, CX_AOT_TARGETS);
  }
  // This machine: the generic CPU plus exactly the features the runtime
  // detects (each one spelled + or -), so that what the code may use and
  // what the loader checks are the same set; scheduling follows the host.
  uint32_t machine = cx_rt_cpu_machine();
  if (!machine) return CX_ERROR(CX_UNIMPLEMENTED, "no artifact target for this machine");
  uint64_t have = cx_rt_cpu_detect();
  char* feat = out->storage;
  size_t cap = 768, n = 0;
  feat[0] = 0;
  if (machine == CX_RT_ELF_AARCH64) n += (size_t)snprintf(feat, cap, "+neon,+fp-armv8");
  for (unsigned b = 0; b < 64; b++) {
    uint32_t m;
    const char* fname = cx_rt_cpu_feature_name(b, &m);
    if (!fname || m != machine) continue;
    n += (size_t)snprintf(feat + n, n < cap ? cap - n : 0, "%s%c%s", n ? "," : "",
                          have & (1ull << b) ? '+' : '-', fname);
  }
  if (n >= cap) return CX_ERROR(CX_INTERNAL, "feature string too long");
  char* triple = out->storage + cap;
  char* tune = triple + 128;
  cx_cg_host_target(triple, 128, tune, sizeof out->storage - cap - 128);
  const char* cpu = machine == CX_RT_ELF_X86_64 ? "x86-64" : "generic";
  // Only the bits of this machine's set count.
  uint64_t mine = 0;
  for (unsigned b = 0; b < 64; b++) {
    uint32_t m;
    if (cx_rt_cpu_feature_name(b, &m) && m == machine) mine |= 1ull << b;
  }
  out->cg = (cx_cg_target_t){triple, cpu, feat, *tune ? tune : NULL};
  out->artifact = (cx_rt_artifact_target_t){"host", triple, cpu, feat, machine, have & mine};
  return NULL;
}

// ---- linking ---------------------------------------------------------------------------

static cx_status_t write_all(const char* path, const void* data, size_t size) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return CX_ERROR(CX_IO_ERROR, "cannot create '%s': %s", path, strerror(errno));
  const char* p = data;
  while (size) {
    ssize_t w = write(fd, p, size);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      close(fd);
      return CX_ERROR(CX_IO_ERROR, "cannot write '%s': %s", path, strerror(errno));
    }
    p += w;
    size -= (size_t)w;
  }
  return close(fd) ? CX_ERROR(CX_IO_ERROR, "cannot write '%s'", path) : NULL;
}

// The linker: $CXLA_LLD, else the one found at build time, else ld.lld on
// the PATH.
static const char* lld_path(bool* out_search) {
  const char* env = getenv("CXLA_LLD");
  *out_search = false;
  if (env && *env) return env;
  if (access(CXLA_LLD_PATH, X_OK) == 0) return CXLA_LLD_PATH;
  *out_search = true;
  return "ld.lld";
}

static cx_status_t run_lld(const char* dir, const char* obj, const char* so) {
  char errpath[4200];
  snprintf(errpath, sizeof errpath, "%s/lld.err", dir);
  bool search;
  const char* lld = lld_path(&search);
  // -shared: a position-independent shared object; no libraries, no start
  // files: only the kernels. --hash-style=sysv gives the loader its symbol
  // count; --build-id=none keeps artifacts reproducible; -z now and relro
  // let the runtime's loader bind everything at once and seal the tables.
  char* argv[] = {(char*)lld,
                  "-shared",
                  "--hash-style=sysv",
                  "--build-id=none",
                  "-z", "now",
                  "-z", "relro",
                  "-z", "noexecstack",
                  "--no-undefined-version",
                  "-o", (char*)so,
                  (char*)obj,
                  NULL};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid;
  int rc = search ? posix_spawnp(&pid, lld, &fa, NULL, argv, environ)
                  : posix_spawn(&pid, lld, &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc)
    return CX_ERROR(CX_FAILED_PRECONDITION,
                    "writing an artifact needs the linker ld.lld, which could not be run (%s: %s); "
                    "install it (Debian: apt-get install lld-19) or set CXLA_LLD to its path",
                    lld, strerror(rc));
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return CX_ERROR(CX_INTERNAL, "waiting for ld.lld: %s", strerror(errno));
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return NULL;
  char* msg = NULL;
  size_t len = 0;
  cx_status_t r = cx_file_read(errpath, &msg, &len);
  cx_status_free(r);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && search)
    r = CX_ERROR(CX_FAILED_PRECONDITION,
                 "writing an artifact needs the linker ld.lld (Debian: apt-get install lld-19), "
                 "or CXLA_LLD set to its path");
  else
    r = CX_ERROR(CX_INTERNAL, "linking the artifact's code with %s failed: %.*s", lld,
                 (int)(len > 2000 ? 2000 : len), msg ? msg : "");
  cx_free_malloced(msg);
  return r;
}

// Links the object into a shared object (malloc'ed) in a private
// temporary directory.
static cx_status_t link_object(const cx_aot_object_t* obj, void** out_so, size_t* out_size) {
  *out_so = NULL;
  *out_size = 0;
  const char* tmp = getenv("TMPDIR");
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/cxla-aot.XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) return CX_ERROR(CX_IO_ERROR, "cannot create a directory in %s: %s",
                                     tmp && *tmp ? tmp : "/tmp", strerror(errno));
  char o[4200], so[4200], err[4200];
  snprintf(o, sizeof o, "%s/kernels.o", dir);
  snprintf(so, sizeof so, "%s/kernels.so", dir);
  snprintf(err, sizeof err, "%s/lld.err", dir);
  cx_status_t st = write_all(o, obj->data, obj->size);
  if (!st) st = run_lld(dir, o, so);
  if (!st) {
    char* data = NULL;
    size_t n = 0;
    st = cx_file_read(so, &data, &n);
    *out_so = data;
    *out_size = n;
  }
  unlink(o);
  unlink(so);
  unlink(err);
  rmdir(dir);
  return st;
}

// ---- compiling ---------------------------------------------------------------------------

cx_status_t cx_compile_artifact(cx_module_t* module, const cx_compile_options_t* options,
                                void** out_data, size_t* out_size) {
  const char* cache_dir = cx_cache_dir(options);
  if (cache_dir) return cx_cache_compile_artifact(module, options, cache_dir, out_data, out_size);
  return cx_aot_compile_artifact(module, options, out_data, out_size);
}

cx_status_t cx_aot_compile_artifact(cx_module_t* module, const cx_compile_options_t* options,
                                    void** out_data, size_t* out_size) {
  *out_data = NULL;
  *out_size = 0;
  if (options && options->stop_after)
    return CX_ERROR(CX_INVALID_ARGUMENT, "an artifact needs every compiler phase (stop_after is set)");
  cx_aot_target_t* t = cx_alloc(module->ctx->allocator, sizeof *t);
  if (!t) return CX_OOM();
  cx_status_t st = cx_aot_target_resolve(options ? options->target : NULL, t);
  cx_aot_object_t obj = {0};
  cx_rt_executable_t* exe = NULL;
  void* so = NULL;
  size_t so_size = 0;
  if (!st) st = cx_compile_for(module, options, &t->cg, &obj, &exe);
  if (!st) st = link_object(&obj, &so, &so_size);
  if (!st) {
    // Loaded as the runtime will (without running it): unresolvable
    // symbols or relocations fail here rather than at load time.
    cx_rt_elf_image_t img;
    st = cx_rt_elf_load(so, so_size, t->artifact.machine, false, &img);
    if (st) st = cx_status_prefix(st, "the code generated for target '%s'", t->artifact.name);
    else cx_rt_elf_unload(&img);
  }
  if (!st)
    st = cx_rt_artifact_write(exe, &t->artifact, so, so_size, obj.num_kernels,
                              options ? options->cache_key : NULL, out_data, out_size);
  cx_free_malloced(so);        // cx_file_read's
  cx_free_malloced(obj.data);  // cx_cg_emit_object's
  cx_rt_executable_release(exe);
  cx_free(module->ctx->allocator, t);
  return st;
}

cx_status_t cx_aot_compile_and_load(cx_module_t* module, const cx_compile_options_t* options,
                                    cx_rt_executable_t** out_executable) {
  *out_executable = NULL;
  void* data = NULL;
  size_t size = 0;
  CX_RETURN_IF_ERROR(cx_aot_compile_artifact(module, options, &data, &size));
  cx_status_t st = cx_rt_executable_load_memory(data, size, NULL, out_executable);
  cx_free_malloced(data);  // cx_rt_artifact_write's
  return st;
}
