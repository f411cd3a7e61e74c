// Checked size arithmetic for sizes that come from untrusted input.
#ifndef CXLA_SUPPORT_CHECKED_H_
#define CXLA_SUPPORT_CHECKED_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Each returns false (and leaves *out unspecified) on overflow.
static inline bool cx_mul_size(size_t a, size_t b, size_t* out) {
  return !__builtin_mul_overflow(a, b, out);
}
static inline bool cx_add_size(size_t a, size_t b, size_t* out) {
  return !__builtin_add_overflow(a, b, out);
}
static inline bool cx_mul_i64(int64_t a, int64_t b, int64_t* out) {
  return !__builtin_mul_overflow(a, b, out);
}
static inline bool cx_add_i64(int64_t a, int64_t b, int64_t* out) {
  return !__builtin_add_overflow(a, b, out);
}

#endif  // CXLA_SUPPORT_CHECKED_H_
