// cxla status values: errors are values, never aborts.
//
// A cx_status_t is NULL on success. On failure it points to a heap object that
// carries a code, a message, the C source location that raised it and, where
// it applies, the input location ("model.mlir:12:8"). The caller owns a
// returned status and must release it with cx_status_free (or pass it up).
#ifndef CXLA_STATUS_H_
#define CXLA_STATUS_H_

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CX_MUST_USE __attribute__((warn_unused_result))
#define CX_PRINTF(fmt_index, args_index) __attribute__((format(printf, fmt_index, args_index)))
#else
#define CX_MUST_USE
#define CX_PRINTF(fmt_index, args_index)
#endif

typedef enum cx_status_code {
  CX_OK = 0,
  CX_INVALID_ARGUMENT,   // bad input: malformed text, wrong shape, failed verification
  CX_UNIMPLEMENTED,      // valid input cxla does not support (yet)
  CX_OUT_OF_MEMORY,      // an allocation failed or a size overflowed
  CX_OUT_OF_RANGE,       // an index or size outside what the format allows
  CX_DATA_LOSS,          // truncated or corrupted binary input
  CX_NOT_FOUND,          // a named function, file or symbol does not exist
  CX_FAILED_PRECONDITION,// e.g. a check op failed in the interpreter
  CX_IO_ERROR,           // the operating system refused a read or write
  CX_INTERNAL,           // a bug in cxla
  CX_CANCELLED,          // the caller cancelled the work, or it ran past its time limit
} cx_status_code_t;

typedef struct cx_status* cx_status_t;

// Creates a status. Use the CX_ERROR macro, which fills in the source location.
CX_MUST_USE cx_status_t cx_status_make(cx_status_code_t code, const char* src_file, int src_line,
                                       const char* format, ...) CX_PRINTF(4, 5);
CX_MUST_USE cx_status_t cx_status_makev(cx_status_code_t code, const char* src_file,
                                        int src_line, const char* format, va_list args);

#define CX_ERROR(code, ...) cx_status_make((code), __FILE__, __LINE__, __VA_ARGS__)

// The one status that needs no allocation; returned when memory runs out.
cx_status_t cx_status_out_of_memory(void);
#define CX_OOM() cx_status_out_of_memory()

// Propagates a failure to the caller.
#define CX_RETURN_IF_ERROR(expr)     \
  do {                               \
    cx_status_t cx_status_ = (expr); \
    if (cx_status_) return cx_status_; \
  } while (0)

// Sets the input location ("file:line:col") if the status has none yet, and
// returns the same status. Safe to call with NULL (returns NULL).
cx_status_t cx_status_with_location(cx_status_t status, const char* location);
// Prepends "prefix: " to the message. Returns the same status.
cx_status_t cx_status_prefix(cx_status_t status, const char* format, ...) CX_PRINTF(2, 3);

cx_status_code_t cx_status_code(cx_status_t status);
const char* cx_status_message(cx_status_t status);   // without the location
const char* cx_status_location(cx_status_t status);  // NULL if none
const char* cx_status_code_name(cx_status_code_t code);
// Prints "location: error: message" (MLIR style) and a newline.
void cx_status_print(cx_status_t status, FILE* out);
void cx_status_free(cx_status_t status);

#ifdef __cplusplus
}
#endif
#endif  // CXLA_STATUS_H_
