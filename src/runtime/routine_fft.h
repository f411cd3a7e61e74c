// The FFT routine's parameter record (runtime/routine_fft.c): stablehlo.fft
// in compiled programs, over the one-dimensional transforms of
// runtime/kernels/fft.h. Plain fields only, as every record of routines.h.
#ifndef CXLA_RUNTIME_ROUTINE_FFT_H_
#define CXLA_RUNTIME_ROUTINE_FFT_H_

#include <stdbool.h>
#include <stdint.h>

#include "runtime/routines.h"

// StableHLO's fft_type, in its order.
typedef enum cx_rt_fft_type {
  CX_RT_FFT_FORWARD,       // FFT: complex -> complex
  CX_RT_FFT_INVERSE,       // IFFT: complex -> complex, divided by each length
  CX_RT_FFT_REAL_FORWARD,  // RFFT: real -> the n/2 + 1 non-redundant outputs
  CX_RT_FFT_REAL_INVERSE,  // IRFFT: n/2 + 1 complex inputs -> n real outputs
} cx_rt_fft_type_t;

#define CX_RT_FFT_MAX_AXES 3

// FFT: bindings[0] the operand, bindings[1] the result, bindings[2] the work
// area of work_bytes (cx_rt_fft_work_bytes). The last num_axes dims are
// transformed, with the lengths `length` (fft_length); the dims before them
// are batch dims. Every transform runs in double (complex<f32> and f32 are
// widened) and the result is rounded once, as the interpreter computes it:
// the axes one after the other, an inverse divided by each axis' length;
// RFFT keeps the first n/2 + 1 outputs of the last axis; IRFFT runs the
// inverse transforms of the leading axes on the half spectrum, then extends
// each last-axis line by Hermitian symmetry (x[n - k] = conj(x[k])) and
// keeps the real part of its inverse, so the imaginary parts of the DC and
// Nyquist terms drop out.
typedef struct cx_rt_fft_params {
  cx_rt_shape_t operand;
  cx_rt_shape_t result;
  uint32_t type;      // cx_rt_fft_type_t
  uint32_t num_axes;  // 1 to CX_RT_FFT_MAX_AXES trailing dims
  int64_t length[CX_RT_FFT_MAX_AXES];
  // 1 + the executable's routine cache holding the plans (twiddles,
  // Bluestein filters), made by the first call; 0: made in every call.
  int32_t plan_cache;
  uint32_t reserved;
  uint64_t work_bytes;
} cx_rt_fft_params_t;

// Why the record describes no valid transform (element types that do not
// fit the type, dims that do not fit the lengths, sizes out of range), or
// NULL if it does. The compiler checks what it builds, and the routine
// checks again what an artifact gives it.
const char* cx_rt_fft_params_invalid(const cx_rt_fft_params_t* p);

// The bytes of the work area a valid record needs: the complex transform
// in double, one line, and the transforms' scratch.
uint64_t cx_rt_fft_work_bytes(const cx_rt_fft_params_t* p);

#endif  // CXLA_RUNTIME_ROUTINE_FFT_H_
