// Reading and writing whole files, as the cxla tool does ("-" is standard
// input or output).
#ifndef CXLA_FILE_H_
#define CXLA_FILE_H_

#include <stdbool.h>
#include <stddef.h>

#include "cxla/status.h"

#ifdef __cplusplus
extern "C" {
#endif

// The most bytes read from a stream (a pipe, a device such as /dev/zero,
// standard input) by default: streams have no size to check up front, and
// an endless one must end in an error, not in exhausting memory.
#define CX_FILE_DEFAULT_INPUT_LIMIT ((size_t)128 << 20)

// Reads a file ("-" is standard input) into a malloc'ed buffer with a NUL
// byte after the last byte (not counted in *out_len). Caller frees *out_data.
// Errors name the file and the reason (a directory is an error). Regular
// files are read whole by their size; streams up to
// CX_FILE_DEFAULT_INPUT_LIMIT bytes.
CX_MUST_USE cx_status_t cx_file_read(const char* path, char** out_data, size_t* out_len);
// The same with the stream limit given (0: the default). A longer stream is
// an error (CX_OUT_OF_RANGE) naming the limit.
CX_MUST_USE cx_status_t cx_file_read_limited(const char* path, size_t stream_limit,
                                             char** out_data, size_t* out_len);
// A whole file to read from: a regular file is mapped (read-only, private),
// so its bytes are the page cache's and a reader may give back the pages it
// is done with (cx_module_load_file_view): they read back from the file if
// touched again (the mapping is kept off huge pages, which would map given
// back pages again with their neighbours). Standard input, streams and
// empty files are read as cx_file_read_limited reads them (mapped false).
// Not NUL-terminated when mapped.
typedef struct cx_file_view {
  const char* data;
  size_t len;
  bool mapped;
} cx_file_view_t;
CX_MUST_USE cx_status_t cx_file_map(const char* path, size_t stream_limit, cx_file_view_t* out);
// Unmaps or frees the view's bytes (a zeroed view is fine).
void cx_file_unmap(cx_file_view_t* view);
// Parses a byte count for --max-input-size: digits with an optional K, M or
// G suffix (powers of 1024). False if malformed, zero or overflowing.
bool cx_file_parse_size(const char* text, size_t* out);
// Writes len bytes; "-" is standard output.
CX_MUST_USE cx_status_t cx_file_write(const char* path, const void* data, size_t len);

#ifdef __cplusplus
}
#endif
#endif  // CXLA_FILE_H_
