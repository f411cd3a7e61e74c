// Vectorizable elementary functions for generated code (cg_math.c).
//
// Each function emits straight-line LLVM IR (arithmetic, integer bit
// manipulation and selects; no calls, no branches; memory only for f32
// tanh's coefficient tables on AVX-512 hosts, read-only constants), so that
// the loop vectorizer turns a kernel's element loop into SIMD code. Arguments
// and results are real scalars of one LLVM type, float (f32, also for the
// narrow float formats, which the caller rounds afterwards) or double (f64).
// A function returns NULL for a type it has no vectorizable version of; the
// caller then calls libm through the kernel's import table.
//
// Accuracy (measured by cg_math_test.c, see docs/kernels.md): f32 results
// within 1 ULP of the exact result over all 2^32 inputs of the unary
// functions (2 ULP for tanh and logistic, computed faster), f64 results
// within 2 ULP; special values
// (NaN, infinities, signed zeros, overflow, underflow to subnormals and
// zero) as C99's libm defines them.
#ifndef CXLA_CODEGEN_CG_MATH_H_
#define CXLA_CODEGEN_CG_MATH_H_

#include <stdbool.h>

#include "codegen/cg.h"

// As llvm-c/Types.h declares it (so that tests include this header without
// LLVM's; C11 allows the repeated typedef).
typedef struct LLVMOpaqueValue* LLVMValueRef;

typedef enum cx_cg_math_fn {
  CX_CG_MATH_EXP,
  CX_CG_MATH_EXPM1,
  CX_CG_MATH_LOG,
  CX_CG_MATH_LOG1P,
  CX_CG_MATH_TANH,
  CX_CG_MATH_LOGISTIC,  // 1 / (1 + e^-x)
  CX_CG_MATH_ERF,
  CX_CG_MATH_SIN,
  CX_CG_MATH_COS,
  CX_CG_MATH_TAN,
  CX_CG_MATH_CBRT,
  CX_CG_MATH_RSQRT,
  CX_CG_MATH_ATAN2,  // atan2(args[0] = y, args[1] = x)
  CX_CG_MATH_POW,    // pow(args[0] = x, args[1] = y)
  CX_CG_MATH_COUNT
} cx_cg_math_fn_t;

// Emits fn of args (1 or 2 values of one type, float or double) at the
// builder's position; NULL if fn has no vectorizable version for the type.
LLVMValueRef cx_cg_math(cx_cg_t* cg, cx_cg_math_fn_t fn, const LLVMValueRef* args);

// erf (for chlo.erf): NULL for types without a vectorizable version.
LLVMValueRef cx_cg_math_erf(cx_cg_t* cg, LLVMValueRef x);

// The real elementwise StableHLO ops computed by this file: the function of
// an op kind, or CX_CG_MATH_COUNT.
cx_cg_math_fn_t cx_cg_math_of_op(cx_op_kind_t kind);

// A kernel of the kernel ABI computing fn elementwise over f32 or f64
// buffers, for the functions' accuracy tests and benchmarks
// (cg_math_test.c): bindings x (and y for two-argument functions), then the
// result; work items are elements (the caller chooses the range);
// CX_UNIMPLEMENTED if fn has no vectorizable version for the type.
CX_MUST_USE cx_status_t cx_cg_emit_math_kernel(cx_cg_t* cg, cx_cg_math_fn_t fn, bool f64,
                                               cx_cg_kernel_info_t* out_info);

// After the module's optimization: replaces the vectorized table lookups of
// f32 tanh (16-lane gathers from its tables) with permutes of vector
// constants, on targets with AVX-512 (cg_math.c, "table-driven f32 tanh").
void cx_cg_math_lower_lookups(cx_cg_t* cg);

#endif  // CXLA_CODEGEN_CG_MATH_H_
