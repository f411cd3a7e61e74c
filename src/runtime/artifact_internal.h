// Between the artifact reader and writer (artifact_read.c, artifact_write.c).
#ifndef CXLA_RUNTIME_ARTIFACT_INTERNAL_H_
#define CXLA_RUNTIME_ARTIFACT_INTERNAL_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime/artifact.h"

// The code of an executable loaded from an artifact (its cx_rt_code_t
// owner): the mapped image, and what re-saving the executable needs.
typedef struct cx_rt_artifact_code {
  cx_rt_elf_image_t image;
  const void* elf;      // the shared object as stored (in `keep` or elf_copy)
  size_t elf_size;
  void* elf_copy;       // malloc'ed when the artifact was not borrowed
  char* meta;           // a copy of META
  size_t meta_size;
  uint32_t machine;
  uint64_t cpu_features;
  uint32_t num_kernels;
  void* keep;           // released with the code (a file mapping)
  void (*release_keep)(void* keep);
} cx_rt_artifact_code_t;

// The artifact code of `exe`, or NULL if its code came from elsewhere (the JIT).
const cx_rt_artifact_code_t* cx_rt_artifact_code_of(const cx_rt_executable_t* exe);

// The value of `key` in a META section ("k=v\0" pairs), or NULL.
const char* cx_rt_artifact_meta_get(const char* meta, size_t size, const char* key);

// Routine ids <-> names (the CX_RT_ROUTINES table's function suffixes).
const char* cx_rt_routine_name(uint32_t routine);
bool cx_rt_routine_find(const char* name, uint32_t* out_routine);

#endif  // CXLA_RUNTIME_ARTIFACT_INTERNAL_H_
