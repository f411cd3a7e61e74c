// Custom-call targets of the runtime: native functions that programs call by
// name through stablehlo.custom_call (JAX's CPU LAPACK/BLAS targets, ...).
//
// The interface is the runtime's, not the IR's: a target sees typed buffer
// views and a decoded list of attributes, never ops or attribute trees, so
// the interpreter (src/interp/custom_calls_jax.c) and compiled code can call
// the same targets. It follows the shape of XLA's typed FFI (api_version 4):
// buffers in, buffers out, attributes by name.
//
// A call has two phases:
//   prepare  checks operand element types and shapes and the attributes, and
//            computes each result's shape (filling dims the caller left
//            dynamic, rejecting static dims that disagree). It reads no data.
//   execute  runs the target on operand data and writes every result. The
//            caller allocated each result with the prepared shape.
//
// Layout: a buffer view carries its logical dims; its data is dense, in the
// physical layout the target's contract names. The LAPACK/BLAS targets use
// jaxlib's contract (the layouts JAX writes in operand_layouts and
// result_layouts): batch dims major and row-major among themselves, each
// matrix column-major. Callers that hold tensors in another layout (the
// interpreter holds them row-major) convert around the call.
//
// Results never alias operands here, but a target must not rely on that:
// where jaxlib declares an output aliased to an operand, the target copies
// the operand into the result unless they are the same memory.
//
// Errors are values: a malformed call (wrong operand count, element type or
// shape, a missing or ill-typed attribute) is a CX_INVALID_ARGUMENT status
// naming the target; an unsupported mode is CX_UNIMPLEMENTED. Numerical
// failures are not errors: LAPACK's `info` is a result, as in jaxlib.
//
// There are no globals: the registry is a constant table.
#ifndef CXLA_RUNTIME_CUSTOM_CALLS_CUSTOM_CALL_H_
#define CXLA_RUNTIME_CUSTOM_CALLS_CUSTOM_CALL_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxla/buffer.h"  // CX_MAX_RANK
#include "cxla/element_type.h"
#include "cxla/status.h"

// A dim the caller does not know before prepare (a dynamic result dim).
#define CX_RT_CC_DYNAMIC_DIM INT64_MIN

typedef struct cx_rt_cc_buffer {
  cx_elem_t elem;
  uint32_t rank;
  int64_t dims[CX_MAX_RANK];  // logical dims
  void* data;                 // dense, in the target's layout; NULL while preparing
  int64_t num_elements;       // set by the caller once the shape is known
} cx_rt_cc_buffer_t;

// Attribute values, as XLA's FFI decodes them: scalars keep their element
// type (jaxlib's LAPACK flags are ui8 characters, its integers i32).
typedef enum cx_rt_cc_attr_kind {
  CX_RT_CC_ATTR_INT,    // scalar integer (elem: its type)
  CX_RT_CC_ATTR_FLOAT,  // scalar float (elem: its type)
  CX_RT_CC_ATTR_BOOL,
  CX_RT_CC_ATTR_STRING,
  CX_RT_CC_ATTR_INT_ARRAY,    // array<i64: ...> and the like
  CX_RT_CC_ATTR_UNSUPPORTED,  // present, but of a kind no target reads
} cx_rt_cc_attr_kind_t;

typedef struct cx_rt_cc_attr {
  const char* name;
  cx_rt_cc_attr_kind_t kind;
  cx_elem_t elem;
  union {
    int64_t i;  // INT (sign- or zero-extended per elem), BOOL (0/1)
    double f;   // FLOAT
    struct {
      const char* data;
      size_t len;
    } str;  // STRING
    struct {
      const int64_t* data;
      uint32_t len;
    } ints;  // INT_ARRAY
  };
} cx_rt_cc_attr_t;

typedef struct cx_rt_cc_target cx_rt_cc_target_t;

typedef struct cx_rt_cc_call {
  const cx_rt_cc_target_t* target;
  uint32_t num_operands;
  const cx_rt_cc_buffer_t* operands;
  uint32_t num_results;
  cx_rt_cc_buffer_t* results;  // prepare: elem/rank/dims as declared; execute: allocated
  uint32_t num_attrs;
  const cx_rt_cc_attr_t* attrs;
} cx_rt_cc_call_t;

struct cx_rt_cc_target {
  const char* name;  // the call_target_name, e.g. "lapack_spotrf_ffi"
  cx_elem_t elem;    // the element type this instance is for (s/d/c/z)
  cx_status_t (*prepare)(const cx_rt_cc_call_t* call);
  cx_status_t (*execute)(const cx_rt_cc_call_t* call);
  // A legacy target (XLA's api_version 1-3, e.g. ROCm's hipsolver_syevd):
  // its attributes are one opaque `backend_config` string, passed as the
  // STRING attribute "backend_config". Typed-FFI targets (false) take a
  // dictionary of named attributes.
  bool opaque_config;
};

// Targets are grouped in families, one per source file (lapack_cholesky.c,
// ...); each exports a constant table.
typedef struct cx_rt_cc_family {
  const cx_rt_cc_target_t* targets;
  size_t count;
} cx_rt_cc_family_t;

// ---- registry ------------------------------------------------------------------

// The target of that name, or NULL.
const cx_rt_cc_target_t* cx_rt_cc_target_find(const char* name);
// All targets, for registering them elsewhere: indices [0, count).
size_t cx_rt_cc_target_count(void);
const cx_rt_cc_target_t* cx_rt_cc_target_at(size_t index);

// Runs one phase of `sub`, a call of another target that implements `c`'s
// (the GPU and TPU targets run LAPACK's); its errors are reported as `c`'s
// target's, naming the one that ran.
CX_MUST_USE cx_status_t cx_rt_cc_run_as(const cx_rt_cc_call_t* c, const cx_rt_cc_call_t* sub,
                                        bool execute);

// Runs both phases for callers whose result shapes are already final.
CX_MUST_USE cx_status_t cx_rt_cc_call_run(const cx_rt_cc_call_t* call);

// ---- helpers for targets ----------------------------------------------------------

// "lapack_spotrf_ffi: <message>" as CX_INVALID_ARGUMENT (or `code`).
CX_MUST_USE cx_status_t cx_rt_cc_error(const cx_rt_cc_call_t* call, cx_status_code_t code,
                                       const char* fmt, ...) CX_PRINTF(3, 4);

const cx_rt_cc_attr_t* cx_rt_cc_attr_find(const cx_rt_cc_call_t* call, const char* name);
// A ui8 attribute holding one of the characters in `allowed` (jaxlib's
// char-enum attributes: uplo, side, trans_x, diag, mode, ...).
CX_MUST_USE cx_status_t cx_rt_cc_attr_char(const cx_rt_cc_call_t* call, const char* name,
                                           const char* allowed, char* out);
// Such an attribute, for a caller that forwards to a target taking it.
cx_rt_cc_attr_t cx_rt_cc_char_attr(const char* name, char value);
// An i32 attribute (jaxlib's lapack_int attributes).
CX_MUST_USE cx_status_t cx_rt_cc_attr_i32(const cx_rt_cc_call_t* call, const char* name,
                                          int32_t* out);

// Checks the operand and result counts (results may range over [min, max]).
CX_MUST_USE cx_status_t cx_rt_cc_expect_counts(const cx_rt_cc_call_t* call, uint32_t num_operands,
                                               uint32_t min_results, uint32_t max_results);
// Checks operand `i`'s element type and, when rank_min > 0, that its rank is
// at least rank_min.
CX_MUST_USE cx_status_t cx_rt_cc_expect_operand(const cx_rt_cc_call_t* call, uint32_t i,
                                                cx_elem_t elem, uint32_t rank_min);
// Result `i` must have element type `elem` and the given shape: dims the
// caller left dynamic are filled in, static ones must agree.
CX_MUST_USE cx_status_t cx_rt_cc_expect_result(const cx_rt_cc_call_t* call, uint32_t i,
                                               cx_elem_t elem, uint32_t rank, const int64_t* dims);
// A shape made of `batch` (rank nb) followed by up to two more dims.
uint32_t cx_rt_cc_shape(uint32_t nb, const int64_t* batch, int ntail, int64_t d0, int64_t d1,
                        int64_t* out);

// Product of the leading `nb` dims of a buffer (1 if nb == 0); -1 on overflow.
int64_t cx_rt_cc_batch_count(const cx_rt_cc_buffer_t* b, uint32_t nb);
// Copies src into dst when they are different memory (jaxlib's aliasing
// convention: an in-place result starts as a copy of its operand).
void cx_rt_cc_copy_if_distinct(const cx_rt_cc_buffer_t* src, cx_rt_cc_buffer_t* dst);

// Copies a dense buffer of `rank` dims between row-major order and the
// physical layout `minor_to_major` (XLA's; a permutation of the dims), one
// element of `elem_size` bytes at a time: into the layout when `to_layout`,
// else back. Callers of targets convert around a call with it (the
// interpreter and compiled code hold tensors row-major).
void cx_rt_cc_relayout(uint32_t rank, const int64_t* dims, const int64_t* minor_to_major,
                       size_t elem_size, const void* src, void* dst, bool to_layout);

// The real type of a floating-point or complex element type.
cx_elem_t cx_rt_cc_real_elem(cx_elem_t e);
// The complex type with the given real component type.
cx_elem_t cx_rt_cc_complex_elem(cx_elem_t e);
// Bytes per element of a target's working type (f32, f64, c64, c128, i32).
size_t cx_rt_cc_elem_size(cx_elem_t e);

#endif  // CXLA_RUNTIME_CUSTOM_CALLS_CUSTOM_CALL_H_
