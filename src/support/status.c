#include "cxla/status.h"

#include <string.h>

#include "support/strbuf.h"

// Statuses live on the system allocator (cxla/allocator.h): cx_status_free
// takes none, and they must be creatable when another allocator fails.
static const cx_allocator_t kSystem = {cx_allocator_system_fn, NULL};

struct cx_status {
  cx_status_code_t code;
  char* message;
  char* location;
  const char* src_file;
  int src_line;
};

// Immutable and shared: returned when even the status cannot be allocated.
static struct cx_status kOutOfMemory = {CX_OUT_OF_MEMORY, "out of memory", NULL, "", 0};

cx_status_t cx_status_out_of_memory(void) { return &kOutOfMemory; }

cx_status_t cx_status_makev(cx_status_code_t code, const char* src_file, int src_line,
                            const char* format, va_list args) {
  cx_status_t s = cx_calloc(kSystem, 1, sizeof(*s));
  if (!s) return &kOutOfMemory;
  s->code = code;
  s->src_file = src_file;
  s->src_line = src_line;
  s->message = cx_vformat(format, args);
  if (!s->message) {
    cx_free(kSystem, s);
    return &kOutOfMemory;
  }
  return s;
}

cx_status_t cx_status_make(cx_status_code_t code, const char* src_file, int src_line,
                           const char* format, ...) {
  va_list args;
  va_start(args, format);
  cx_status_t s = cx_status_makev(code, src_file, src_line, format, args);
  va_end(args);
  return s;
}

cx_status_t cx_status_with_location(cx_status_t status, const char* location) {
  if (!status || status == &kOutOfMemory || status->location || !location) return status;
  status->location = cx_strdup(kSystem, location);
  return status;
}

cx_status_t cx_status_prefix(cx_status_t status, const char* format, ...) {
  if (!status || status == &kOutOfMemory) return status;
  va_list args;
  va_start(args, format);
  char* prefix = cx_vformat(format, args);
  va_end(args);
  if (!prefix) return status;
  char* joined = cx_format("%s: %s", prefix, status->message);
  cx_free(kSystem, prefix);
  if (joined) {
    cx_free(kSystem, status->message);
    status->message = joined;
  }
  return status;
}

cx_status_code_t cx_status_code(cx_status_t status) { return status ? status->code : CX_OK; }
const char* cx_status_message(cx_status_t status) { return status ? status->message : "OK"; }
const char* cx_status_location(cx_status_t status) { return status ? status->location : NULL; }

const char* cx_status_code_name(cx_status_code_t code) {
  switch (code) {
    case CX_OK: return "OK";
    case CX_INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case CX_UNIMPLEMENTED: return "UNIMPLEMENTED";
    case CX_OUT_OF_MEMORY: return "OUT_OF_MEMORY";
    case CX_OUT_OF_RANGE: return "OUT_OF_RANGE";
    case CX_DATA_LOSS: return "DATA_LOSS";
    case CX_NOT_FOUND: return "NOT_FOUND";
    case CX_FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case CX_IO_ERROR: return "IO_ERROR";
    case CX_INTERNAL: return "INTERNAL";
    case CX_CANCELLED: return "CANCELLED";
  }
  return "UNKNOWN";
}

void cx_status_print(cx_status_t status, FILE* out) {
  if (!status) return;
  if (status->location) {
    fprintf(out, "%s: error: %s\n", status->location, status->message);
  } else {
    fprintf(out, "error: %s\n", status->message);
  }
}

void cx_status_free(cx_status_t status) {
  if (!status || status == &kOutOfMemory) return;
  cx_free(kSystem, status->message);
  cx_free(kSystem, status->location);
  cx_free(kSystem, status);
}
