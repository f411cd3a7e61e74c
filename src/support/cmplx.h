// Building a C99 double complex from its parts, for code that computes with
// <complex.h> (the interpreter's elementwise ops, the runtime's kernels).
#ifndef CXLA_SUPPORT_CMPLX_H_
#define CXLA_SUPPORT_CMPLX_H_

#include <complex.h>

// re + i im. CMPLX is not available with every compiler/libc pair (glibc
// defines it only for GCC >= 4.7, so not for clang), and re + im * I turns
// an infinite part into NaNs; C11 guarantees a complex number is laid out
// as an array of its real and imaginary parts.
static inline double complex cx_make_complex(double re, double im) {
  double complex z;
  double* parts = (double*)&z;
  parts[0] = re;
  parts[1] = im;
  return z;
}

#endif  // CXLA_SUPPORT_CMPLX_H_
