// Helpers for the tests that call the custom-call targets directly
// (custom_call_test.c, platform_targets_test.c).
#ifndef CXLA_RUNTIME_CUSTOM_CALLS_CUSTOM_CALL_TEST_UTIL_H_
#define CXLA_RUNTIME_CUSTOM_CALLS_CUSTOM_CALL_TEST_UTIL_H_

#include <stdio.h>
#include <string.h>

#include "runtime/custom_calls/custom_call.h"

// A buffer of the given shape over `data` (NULL for prepare's results).
static cx_rt_cc_buffer_t buf(cx_elem_t elem, uint32_t rank, const int64_t* dims, void* data) {
  cx_rt_cc_buffer_t b;
  memset(&b, 0, sizeof(b));
  b.elem = elem;
  b.rank = rank;
  b.num_elements = 1;
  for (uint32_t i = 0; i < rank; i++) {
    b.dims[i] = dims[i];
    // Dynamic dims (prepare's input) leave the count unknown until then.
    b.num_elements = dims[i] < 0 || b.num_elements < 0 ? -1 : b.num_elements * dims[i];
  }
  b.data = data;
  return b;
}

// Is st an error whose message has `text`? Frees st.
static bool message_has(cx_status_t st, const char* text) {
  bool ok = st && strstr(cx_status_message(st), text) != NULL;
  if (st && !ok) fprintf(stderr, "  message was: %s\n", cx_status_message(st));
  cx_status_free(st);
  return ok;
}

#endif  // CXLA_RUNTIME_CUSTOM_CALLS_CUSTOM_CALL_TEST_UTIL_H_
