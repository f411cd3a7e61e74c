// StableHLO portable artifacts: MLIR bytecode holding the VHLO dialect.
//
// JAX (jax.export), PyTorch/XLA and TensorFlow hand programs over as MLIR
// bytecode (magic "ML\xEFR", bytecode versions 0..6) whose ops are VHLO, the
// versioned copy of StableHLO ("vhlo.add_v1", "!vhlo.f32_v1", ...). cx_bc_read
// turns any artifact written by StableHLO 0.9.0 .. 1.20.0 into cxla's
// StableHLO IR (upgrading older op versions); cx_bc_write writes an artifact
// that a chosen StableHLO version reads, byte for byte what StableHLO's own
// serializer writes for that target where cxla's IR carries the same
// information (see docs/bytecode.md for what differs).
#ifndef CXLA_BYTECODE_H_
#define CXLA_BYTECODE_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxla/module.h"
#include "cxla/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cx_bc_read_options {
  // Name used in error messages ("model.mlir.bc"); "<input>" if NULL.
  const char* filename;
  // If true, large constants (dense tensors, resource blobs) point into the
  // input buffer instead of being copied: the caller keeps `data` alive and
  // unchanged for the module's lifetime (or gives it to the module with
  // cx_module_adopt_buffer-style ownership, as cx_module_load does).
  bool borrow_constants;
  // dense_resource<__elided__> constants: as cx_parse_options_t.
  bool fill_elided_resources;
  // If true, `data` is a read-only private mapping of a file that nothing
  // wrote to: the reader gives back the whole pages of each large constant
  // it copies, right after copying it (they read back from the file if
  // touched again), so that file pages and copies do not pile up during the
  // load. Never set it for memory the process wrote (its pages would read
  // back as zeros).
  bool release_copied_pages;
} cx_bc_read_options_t;

// Reads a portable artifact. Errors name the section and byte offset, and for
// artifacts that fail to read and come from a newer StableHLO, both versions:
// "... in bytecode version 6 produced by: StableHLO_v2.0.0; failed to
// deserialize portable artifact using StableHLO_v1.20.0".
CX_MUST_USE cx_status_t cx_bc_read(cx_context_t* ctx, const void* data, size_t len,
                                   const cx_bc_read_options_t* options,
                                   cx_module_t** out_module);

typedef struct cx_bc_artifact_info {
  uint32_t bytecode_version;  // MLIR bytecode version (0..6)
  char producer[64];          // "StableHLO_v1.0.0" (truncated if longer)
  char version[16];           // "1.0.0", or "" if the producer names none
} cx_bc_artifact_info_t;

// Reads the header only (like stablehlo's getPortableArtifactVersion).
CX_MUST_USE cx_status_t cx_bc_artifact_info(const void* data, size_t len,
                                            cx_bc_artifact_info_t* out_info);

typedef struct cx_bc_write_options {
  // Target StableHLO version "X.Y.Z" (0.9.0 .. 1.20.0), "current" or NULL
  // (the newest cxla writes). Ops or types the target cannot represent are
  // an error naming the op and the version that introduced it.
  const char* target;
  // Writes every location as unknown (stablehlo-translate --strip-debuginfo).
  bool strip_locations;
} cx_bc_write_options_t;

// Serializes a module to a portable artifact in a malloc'ed buffer.
CX_MUST_USE cx_status_t cx_bc_write(const cx_module_t* module, const cx_bc_write_options_t* options,
                                    uint8_t** out_data, size_t* out_len);

// The newest StableHLO version cxla reads and writes ("1.20.0"), and the
// oldest it writes ("0.9.0").
const char* cx_bc_current_version(void);
const char* cx_bc_minimum_version(void);

#ifdef __cplusplus
}
#endif
#endif  // CXLA_BYTECODE_H_
