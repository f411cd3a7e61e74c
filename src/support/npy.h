// NumPy .npy and .npz files: reading and writing arrays.
//
// An array here is a dtype (numpy's descr string, e.g. "<f4", "|b1", "<c8"),
// a shape and the raw little-endian, C-ordered data. Mapping dtypes to cxla
// element types happens in the caller (the runtime and the tools), so this
// file stays free of IR.
#ifndef CXLA_SUPPORT_NPY_H_
#define CXLA_SUPPORT_NPY_H_

#include <stddef.h>
#include <stdint.h>

#include "cxla/status.h"

#define CX_NPY_MAX_RANK 32

typedef struct cx_npy_array {
  char name[128];        // for .npz members: the member name without ".npy"
  char descr[16];        // numpy dtype string, normalised to little-endian ('<', or '|')
  int rank;
  int64_t shape[CX_NPY_MAX_RANK];
  void* data;            // malloc'ed, C order (Fortran-order files are transposed on read)
  size_t nbytes;
} cx_npy_array_t;

// Parses one .npy image from memory. Truncated or malformed input is an error
// naming the problem; sizes are overflow-checked against the input length.
CX_MUST_USE cx_status_t cx_npy_parse(const void* bytes, size_t len, cx_npy_array_t* out);
CX_MUST_USE cx_status_t cx_npy_read(const char* path, cx_npy_array_t* out);
// Reads every array of an .npz (zip; stored or deflated members) in archive
// order. *out_arrays is malloc'ed; free with cx_npy_free_arrays.
CX_MUST_USE cx_status_t cx_npz_read(const char* path, cx_npy_array_t** out_arrays,
                                    size_t* out_count);
// The same with a limit for reading from a stream (see cx_file_read_limited;
// 0: the default).
CX_MUST_USE cx_status_t cx_npy_read_limited(const char* path, size_t stream_limit,
                                            cx_npy_array_t* out);
CX_MUST_USE cx_status_t cx_npz_read_limited(const char* path, size_t stream_limit,
                                            cx_npy_array_t** out_arrays, size_t* out_count);
CX_MUST_USE cx_status_t cx_npy_write(const char* path, const cx_npy_array_t* array);
// Serialises to a malloc'ed .npy image.
CX_MUST_USE cx_status_t cx_npy_serialize(const cx_npy_array_t* array, void** out_bytes,
                                         size_t* out_len);
void cx_npy_free(cx_npy_array_t* array);
void cx_npy_free_arrays(cx_npy_array_t* arrays, size_t count);
// Bytes per element of a descr ("<f4" -> 4, "|b1" -> 1); 0 if unknown.
size_t cx_npy_descr_itemsize(const char* descr);

#endif  // CXLA_SUPPORT_NPY_H_
