// The persistent compilation cache (include/cxla/compiler.h:
// cx_compile_options_t.cache_dir; docs/architecture.md "Compilation
// cache"): compiled functions kept as artifacts in a directory, keyed by
// everything that determines the code, so that a later process compiling
// the same program for the same CPU with the same cxla loads the file
// instead of compiling.
#ifndef CXLA_COMPILER_COMPILE_CACHE_H_
#define CXLA_COMPILER_COMPILE_CACHE_H_

#include <stddef.h>

#include "cxla/compiler.h"

// The directory to cache in: options->cache_dir, else $CXLA_CACHE_DIR;
// NULL when neither is set or the one that applies is "" (caching off), or
// when the compilation cannot be cached (stop_after, an observer that wants
// the phases' text).
const char* cx_cache_dir(const cx_compile_options_t* options);

// cx_compile through the cache in `dir`: a hit loads the entry; a miss
// compiles an artifact for options->target (NULL: "host"), stores it and
// loads it. The cache never fails a compilation: an unreadable, damaged or
// foreign entry is a miss, a directory that cannot be written compiles
// without storing, and if the artifact cannot be made (no linker) the JIT
// compiles instead. The observer gets a phase "cache" (text "hit" or
// "miss") with the time of the key and the lookup (and on a hit, the load).
CX_MUST_USE cx_status_t cx_cache_compile(cx_module_t* module, const cx_compile_options_t* options,
                                         const char* dir, cx_rt_executable_t** out_executable);

// cx_compile_artifact through the cache: the artifact's bytes (malloc'ed).
CX_MUST_USE cx_status_t cx_cache_compile_artifact(cx_module_t* module,
                                                  const cx_compile_options_t* options,
                                                  const char* dir, void** out_data,
                                                  size_t* out_size);

// The artifact compiler without the cache (aot.c).
CX_MUST_USE cx_status_t cx_aot_compile_artifact(cx_module_t* module,
                                                const cx_compile_options_t* options,
                                                void** out_data, size_t* out_size);

#endif  // CXLA_COMPILER_COMPILE_CACHE_H_
