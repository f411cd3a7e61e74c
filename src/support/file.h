// Reading and writing whole files.
#ifndef CXLA_SUPPORT_FILE_H_
#define CXLA_SUPPORT_FILE_H_

#include <stddef.h>

#include "cxla/status.h"

// Reads a file ("-" is standard input) into a malloc'ed buffer with a NUL
// byte after the last byte (not counted in *out_len). Caller frees *out_data.
CX_MUST_USE cx_status_t cx_file_read(const char* path, char** out_data, size_t* out_len);
// Writes len bytes; "-" is standard output.
CX_MUST_USE cx_status_t cx_file_write(const char* path, const void* data, size_t len);

#endif  // CXLA_SUPPORT_FILE_H_
