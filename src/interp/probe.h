// Probe files: where interpreter.probe writes a value and where
// check.expect_serialized_eq reads it back. The two ops agree through these
// functions only, built on support/probe_file.h, which compiled programs
// share.
//
// A probe with id ID writes <probe_dir>/ID.npy the first time it runs, then
// <probe_dir>/ID.1.npy, ID.2.npy, ... (the `iter` of expect_serialized_eq
// counts from 0). Characters of ID outside [A-Za-z0-9_-] are written as %XX
// so that any id ("probe/0") names one file and no two ids share a file.
// The NumPy dtype of each element kind is input_spec.h's.
//
// Each write also appends "probe_id,type,file" to <probe_dir>/index.csv, as
// the StableHLO reference interpreter records probes; readers may use either
// the index (its n-th line for an id is iteration n) or cx_probe_path.
//
// The iteration a probe writes is the first whose file does not exist yet,
// claimed atomically (O_EXCL), so processes of interpreter.run_parallel can
// probe concurrently. A probe directory therefore belongs to one run: reuse
// across runs appends iterations (cxla check gives each case a fresh one).
#ifndef CXLA_INTERP_PROBE_H_
#define CXLA_INTERP_PROBE_H_

#include <stdint.h>

#include "cxla/interp.h"
#include "interp/tensor.h"

// Probes are files: paths and file contents use the system allocator.

// The file of iteration `iteration` of probe `probe_id` (malloc'ed path).
// Fails if options has no probe_dir.
CX_MUST_USE cx_status_t cx_probe_path(const cx_interp_options_t* options, const char* probe_id,
                                      int64_t iteration, char** out_path);

// Writes a tensor as the next iteration of probe_id.
CX_MUST_USE cx_status_t cx_probe_write(const cx_interp_options_t* options, const char* probe_id,
                                       const cx_tensor_t* value);

// Reads iteration `iteration` of probe_id as a tensor of element type
// `element` (an element or quant type from the IR). The file's dtype must fit
// the element kind (input_spec.h); the shape is the file's. The tensor comes
// from `allocator`.
CX_MUST_USE cx_status_t cx_probe_read(cx_allocator_t allocator, const cx_interp_options_t* options,
                                      const char* probe_id, int64_t iteration,
                                      const cx_type_t* element, cx_tensor_t** out);

#endif  // CXLA_INTERP_PROBE_H_
