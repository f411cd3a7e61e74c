// Helpers shared by the kernel tests: typed random buffers that remember the
// exact value of every stored element, and tolerance checks.
#ifndef CXLA_RUNTIME_KERNELS_KERNEL_TEST_UTIL_H_
#define CXLA_RUNTIME_KERNELS_KERNEL_TEST_UTIL_H_

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/kernels/dtype.h"

typedef struct cx_tbuf {
  cx_rt_dtype_t type;
  size_t n;
  void* data;    // typed storage
  double* val;   // the exact value of each stored element
} cx_tbuf_t;

static inline uint64_t cx_t_rng(uint64_t* s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

static inline double cx_t_uniform(uint64_t* s) {  // in [-1, 1)
  return (double)(cx_t_rng(s) >> 11) * (1.0 / 4503599627370496.0) - 1.0;
}

static inline void cx_t_store(cx_tbuf_t* b, size_t i, double v) {
  switch (b->type) {
    case CX_RT_F32: ((float*)b->data)[i] = (float)v; b->val[i] = (float)v; break;
    case CX_RT_F64: ((double*)b->data)[i] = v; b->val[i] = v; break;
    case CX_RT_BF16: {
      uint16_t h = cx_rt_f32_to_bf16((float)v);
      ((uint16_t*)b->data)[i] = h;
      b->val[i] = cx_rt_bf16_to_f32(h);
      break;
    }
    case CX_RT_F16: {
      uint16_t h = cx_rt_f32_to_f16((float)v);
      ((uint16_t*)b->data)[i] = h;
      b->val[i] = cx_rt_f16_to_f32(h);
      break;
    }
    case CX_RT_I8: {
      int8_t q = (int8_t)lrint(v * 127.0);
      ((int8_t*)b->data)[i] = q;
      b->val[i] = q;
      break;
    }
    case CX_RT_I32: {
      int32_t q = (int32_t)lrint(v * 1000.0);
      ((int32_t*)b->data)[i] = q;
      b->val[i] = q;
      break;
    }
  }
}

static inline double cx_t_load(const cx_tbuf_t* b, size_t i) {
  switch (b->type) {
    case CX_RT_F32: return ((const float*)b->data)[i];
    case CX_RT_F64: return ((const double*)b->data)[i];
    case CX_RT_BF16: return cx_rt_bf16_to_f32(((const uint16_t*)b->data)[i]);
    case CX_RT_F16: return cx_rt_f16_to_f32(((const uint16_t*)b->data)[i]);
    case CX_RT_I8: return ((const int8_t*)b->data)[i];
    case CX_RT_I32: return ((const int32_t*)b->data)[i];
  }
  return 0;
}

// A buffer of n random elements in [-1, 1) (int8: [-127, 127]).
static inline cx_tbuf_t cx_t_random(cx_rt_dtype_t t, size_t n, uint64_t* rng) {
  cx_tbuf_t b = {t, n, calloc(n ? n : 1, 8), calloc(n ? n : 1, sizeof(double))};
  for (size_t i = 0; i < n; ++i) cx_t_store(&b, i, cx_t_uniform(rng));
  return b;
}

static inline void cx_t_free(cx_tbuf_t* b) {
  free(b->data);
  free(b->val);
}

// Unit roundoff of an output type (0 for exact integers).
static inline double cx_t_eps(cx_rt_dtype_t t) {
  switch (t) {
    case CX_RT_F64: return 1.2e-16;
    case CX_RT_BF16: return 1.0 / 256;
    case CX_RT_F16: return 1.0 / 2048;
    case CX_RT_I32: return 0;
    default: return 6e-8;
  }
}

#endif  // CXLA_RUNTIME_KERNELS_KERNEL_TEST_UTIL_H_
