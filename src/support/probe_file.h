// Probe files: where interpreter.probe writes a value and where
// check.expect_serialized_eq reads it back, shared by the interpreter
// (src/interp/probe.c) and compiled programs (src/runtime/routine_probe.c),
// which agree on the files through these functions only.
//
// A probe with id ID writes <dir>/ID.npy the first time it runs, then
// <dir>/ID.1.npy, ID.2.npy, ... (the `iter` of expect_serialized_eq counts
// from 0). Characters of ID outside [A-Za-z0-9_-] are written as %XX so
// that any id ("probe/0") names one file and no two ids share a file. The
// NumPy dtype of each element kind is support/npy_dtype.h's.
//
// Each write also appends "ID,type,file" to <dir>/index.csv, as the
// StableHLO reference interpreter records probes, in one write() with
// O_APPEND so that concurrent writers' lines stay whole. The iteration a
// write takes is the first whose file does not exist yet, claimed with
// O_EXCL, so concurrent writers probing into one directory never overwrite
// each other.
//
// Probes are files: paths use the system allocator (cx_free_malloced).
#ifndef CXLA_SUPPORT_PROBE_FILE_H_
#define CXLA_SUPPORT_PROBE_FILE_H_

#include <stddef.h>
#include <stdint.h>

#include "cxla/element_type.h"
#include "cxla/status.h"

// <dir>/<ID as above>[.<iteration>].npy; NULL on out-of-memory.
char* cx_probe_file_path(const char* dir, const char* id, int64_t iteration);

// Writes the dense array `data` (nbytes bytes of kind e, shape rank/dims)
// as the next iteration of probe `id` in `dir` and appends its index line
// with `type` (e.g. "tensor<2x3xf32>"). Errors name the probe.
CX_MUST_USE cx_status_t cx_probe_file_write(const char* dir, const char* id, const char* type,
                                            cx_elem_t e, uint32_t rank, const int64_t* dims,
                                            const void* data, size_t nbytes);

#endif  // CXLA_SUPPORT_PROBE_FILE_H_
