// Ahead-of-time compilation (aot.c): a function compiled for a named target
// into an artifact (runtime/artifact.h) instead of JIT code.
#ifndef CXLA_COMPILER_AOT_H_
#define CXLA_COMPILER_AOT_H_

#include <stddef.h>
#include <stdint.h>

#include "codegen/cg.h"
#include "cxla/compiler.h"
#include "runtime/artifact.h"

// What the pipeline hands the AOT driver: the relocatable object of the
// kernels (malloc'ed) and the library's kernel count.
typedef struct cx_aot_object {
  void* data;
  size_t size;
  uint32_t num_kernels;
} cx_aot_object_t;

// The pipeline of cx_compile (compile.c) with the code generator set up for
// `target`: with a target, the kernels come back in *out_object and the
// executable has tables but no code; without one, this is cx_compile's JIT.
CX_MUST_USE cx_status_t cx_compile_for(cx_module_t* module, const cx_compile_options_t* options,
                                       const cx_cg_target_t* target, cx_aot_object_t* out_object,
                                       cx_rt_executable_t** out_executable);

// cx_compile with options->target: compiles the artifact and loads it.
CX_MUST_USE cx_status_t cx_aot_compile_and_load(cx_module_t* module,
                                                const cx_compile_options_t* options,
                                                cx_rt_executable_t** out_executable);

// A named target resolved for LLVM and for the artifact's header. `name`
// NULL or "host" is this machine with exactly the CPU features the runtime
// detects. Strings point into `storage` or static tables.
typedef struct cx_aot_target {
  cx_cg_target_t cg;
  cx_rt_artifact_target_t artifact;
  char storage[1024];
} cx_aot_target_t;
CX_MUST_USE cx_status_t cx_aot_target_resolve(const char* name, cx_aot_target_t* out);

// The targets `--target` accepts, for messages: "host, x86-64, ...".
#define CX_AOT_TARGETS "host, x86-64, x86-64-v2, x86-64-v3, x86-64-v4, aarch64"

#endif  // CXLA_COMPILER_AOT_H_
