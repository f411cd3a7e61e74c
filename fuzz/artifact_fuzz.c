// libFuzzer harness for the artifact loader (src/runtime/artifact_read.c,
// artifact_elf.c): `cxla compile` output and any damage to it.
//
// Each input is loaded twice:
//   - as a file would be: header, versions, size and checksum first. Almost
//     every mutation fails the checksum here; a seed loads for real (its
//     kernel library is queried, so the seeds must be artifacts for this
//     machine, or they stop at the machine check);
//   - behind the checksum (CX_RT_ARTIFACT_NO_CHECKSUM), validating every
//     table and mapping and relocating the code without running any of it
//     (CX_RT_ARTIFACT_VALIDATE_ONLY), which is where the fuzzer's mutations
//     reach the structure.
// Any input must load or give an error status; sanitizers catch the rest.
// When an input validates, the writer's contract is checked too: the
// executable re-serializes to an artifact that validates and re-serializes
// to the same bytes.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxla/runtime.h"
#include "runtime/artifact.h"

static void die(const char* what, cx_status_t st) {
  fprintf(stderr, "artifact_fuzz: %s%s%s\n", what, st ? ": " : "", st ? cx_status_message(st) : "");
  abort();
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A private copy: the loader must not depend on the caller's buffer, and
  // reads past the end become visible to ASan.
  uint8_t* copy = malloc(size ? size : 1);
  if (!copy) return 0;
  memcpy(copy, data, size);
  cx_rt_executable_t* exe = NULL;
  cx_status_t st = cx_rt_artifact_load(copy, size, 0, false, NULL, NULL, &exe);
  cx_status_free(st);
  cx_rt_executable_release(exe);
  exe = NULL;
  st = cx_rt_artifact_load(copy, size, CX_RT_ARTIFACT_NO_CHECKSUM | CX_RT_ARTIFACT_VALIDATE_ONLY,
                           false, NULL, NULL, &exe);
  if (!st) {
    void* again = NULL;
    size_t again_size = 0;
    st = cx_rt_executable_serialize(exe, &again, &again_size);
    if (st) die("a validated artifact does not serialize", st);
    cx_rt_executable_t* back = NULL;
    st = cx_rt_artifact_load(again, again_size, CX_RT_ARTIFACT_VALIDATE_ONLY, false, NULL, NULL, &back);
    if (st) die("a re-serialized artifact does not validate", st);
    void* third = NULL;
    size_t third_size = 0;
    st = cx_rt_executable_serialize(back, &third, &third_size);
    if (st) die("re-serializing a re-serialized artifact", st);
    if (third_size != again_size || memcmp(third, again, again_size))
      die("serialization is not stable", NULL);
    free(third);
    free(again);
    cx_rt_executable_release(back);
  }
  cx_status_free(st);
  cx_rt_executable_release(exe);
  free(copy);
  return 0;
}
