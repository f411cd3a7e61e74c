// Reading and writing whole files, as the cxla tool does ("-" is standard
// input or output).
#ifndef CXLA_FILE_H_
#define CXLA_FILE_H_

#include <stddef.h>

#include "cxla/status.h"

#ifdef __cplusplus
extern "C" {
#endif

// Reads a file ("-" is standard input) into a malloc'ed buffer with a NUL
// byte after the last byte (not counted in *out_len). Caller frees *out_data.
// Errors name the file and the reason (a directory is an error).
CX_MUST_USE cx_status_t cx_file_read(const char* path, char** out_data, size_t* out_len);
// Writes len bytes; "-" is standard output.
CX_MUST_USE cx_status_t cx_file_write(const char* path, const void* data, size_t len);

#ifdef __cplusplus
}
#endif
#endif  // CXLA_FILE_H_
