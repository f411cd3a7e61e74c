// Library routines: the work a program does in C rather than in generated
// code (GEMM and convolution through the microkernels, sort, FFT, random
// bits, linear algebra, custom calls, the test dialect's checks).
//
// A CALL step names a routine and a parameter record in the executable's
// params pool. Records are plain structs of fixed-size fields (no pointers),
// so an artifact can store them; where a record refers to other data (a
// custom call's attributes, a check's message) it holds offsets into the
// params pool or the strings table. Each routine reads its buffers from the
// step's bindings in the order its record documents.
#ifndef CXLA_RUNTIME_ROUTINES_H_
#define CXLA_RUNTIME_ROUTINES_H_

#include <stdint.h>

#include "cxla/buffer.h"
#include "cxla/status.h"
#include "runtime/executable.h"

// X(ID, function suffix)
#define CX_RT_ROUTINES(X) \
  X(CHECK, check) X(CUSTOM_CALL, custom_call) X(GEMM, gemm) \
  X(RNG_BIT_GENERATOR, rng_bit_generator) X(RNG, rng) X(PRINT, print) X(PROBE, probe) \
  X(PROBE_CHECK, probe_check) X(FAIL, fail) X(CONV, conv) \
  X(FFT, fft) X(CHOLESKY, cholesky) X(TRIANGULAR_SOLVE, triangular_solve)

typedef enum cx_rt_routine {
#define CX_RT_ROUTINE_ENUM_(id, fn) CX_RT_ROUTINE_##id,
  CX_RT_ROUTINES(CX_RT_ROUTINE_ENUM_)
#undef CX_RT_ROUTINE_ENUM_
  CX_RT_ROUTINE_COUNT
} cx_rt_routine_t;

// What a routine sees of the call it runs in.
typedef struct cx_rt_routine_ctx {
  const cx_rt_executable_t* exe;
  const cx_rt_step_t* step;
  cx_rt_device_t* device;
  int max_threads;
  cx_rt_call_state_t* state;  // the call's scratch (kernel_ctx: see routine_gemm.h)
  const cx_rt_invoke_options_t* options;  // the call's (may be NULL)
  // Only make the step's routine cache, if it has one, and compute nothing
  // (the first call's packing pass, executor.c): errors are left for the
  // step itself to meet when it runs.
  bool pack_only;
} cx_rt_routine_ctx_t;

// The executable's routine cache `index` (cx_rt_cached_t), made by the first
// call that needs it: `make` builds one (setting its destroy); when first
// calls race, one result is published with a compare-and-swap and the
// others are destroyed. Later calls get the published one.
typedef cx_status_t (*cx_rt_cache_make_fn)(void* arg, cx_rt_cached_t** out);
CX_MUST_USE cx_status_t cx_rt_routine_cache(const cx_rt_routine_ctx_t* ctx, uint32_t index,
                                            cx_rt_cache_make_fn make, void* arg,
                                            cx_rt_cached_t** out);

typedef cx_status_t (*cx_rt_routine_fn)(const cx_rt_routine_ctx_t* ctx, const void* params,
                                        void* const* buffers);

extern const cx_rt_routine_fn cx_rt_routine_table[CX_RT_ROUTINE_COUNT];

#define CX_RT_ROUTINE_DECL_(id, fn)                                                  \
  CX_MUST_USE cx_status_t cx_rt_routine_##fn(const cx_rt_routine_ctx_t* ctx,         \
                                             const void* params, void* const* buffers);
CX_RT_ROUTINES(CX_RT_ROUTINE_DECL_)
#undef CX_RT_ROUTINE_DECL_

// An error of the routine at its step's source location.
CX_MUST_USE cx_status_t cx_rt_routine_error(const cx_rt_routine_ctx_t* ctx, cx_status_code_t code,
                                            const char* fmt, ...) CX_PRINTF(3, 4);

// ---- parameter records ------------------------------------------------------------

// A shape as routines read it.
typedef struct cx_rt_shape {
  int32_t elem;  // cx_elem_t
  uint32_t rank;
  int64_t dims[CX_MAX_RANK];
} cx_rt_shape_t;

// CHECK: compares bindings[0] (actual) with bindings[1] (expected), both of
// `shape`, as the test dialect's check ops do; a mismatch is
// CX_FAILED_PRECONDITION naming the first differing index. If there is a
// bindings[2] (@check.eq's result), it is filled with true.
typedef enum cx_rt_check_mode {
  CX_RT_CHECK_EQ,         // bit-exact (floats: equal values, NaN equal to NaN)
  CX_RT_CHECK_ALMOST_EQ,  // |a - e| <= tolerance (relative where the op says so)
  CX_RT_CHECK_CLOSE,      // ULP distance within [min_ulp, max_ulp]
} cx_rt_check_mode_t;

typedef struct cx_rt_check_params {
  cx_rt_shape_t shape;
  uint32_t mode;         // cx_rt_check_mode_t
  uint32_t what;         // offset in strings: the op's name for messages
  double tolerance;
  int64_t min_ulp;
  int64_t max_ulp;
  uint64_t result_nbytes;  // bytes of bindings[2], when present
} cx_rt_check_params_t;

// CUSTOM_CALL: a target of the custom-call registry (runtime/custom_calls:
// jaxlib's LAPACK/BLAS targets, the GPU/TPU ones run on the CPU) on
// bindings [operands..., results...], every shape static. The record is
// followed, within the step's params_size, by the buffer descriptions
// (operands, then results), the attribute descriptions and the attributes'
// payloads (string bytes, integer arrays), addressed by byte offsets from
// the record's start. A buffer whose layout is not row-major is copied into
// its layout (XLA's minor_to_major) for the call and back out of it.
typedef struct cx_rt_cc_buffer_desc {
  cx_rt_shape_t shape;
  int64_t minor_to_major[CX_MAX_RANK];
  uint32_t row_major;  // the default layout: the target reads/writes the binding itself
  uint32_t reserved;
} cx_rt_cc_buffer_desc_t;

typedef struct cx_rt_cc_attr_desc {
  uint32_t name;     // offset in strings
  int32_t kind;      // cx_rt_cc_attr_kind_t
  int32_t elem;      // cx_elem_t
  uint32_t len;      // STRING: bytes; INT_ARRAY: elements
  uint64_t payload;  // STRING, INT_ARRAY: offset from the record's start
  int64_t i;         // INT, BOOL
  double f;          // FLOAT
} cx_rt_cc_attr_desc_t;

typedef struct cx_rt_custom_call_params {
  uint32_t target;  // offset in strings: the call_target_name
  uint32_t num_operands, num_results, num_attrs;
  uint64_t buffers;  // offset of num_operands + num_results cx_rt_cc_buffer_desc_t
  uint64_t attrs;    // offset of num_attrs cx_rt_cc_attr_desc_t
} cx_rt_custom_call_params_t;

#endif  // CXLA_RUNTIME_ROUTINES_H_
