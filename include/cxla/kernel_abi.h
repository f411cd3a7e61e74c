// The kernel ABI: the one contract between code that cxla generates (at
// compile time, with LLVM) and the runtime that runs it (without LLVM).
//
// This header is standalone (C11, no other cxla include) and versioned, so
// that an ahead-of-time artifact names the ABI it was built for and a
// runtime refuses artifacts of another version. Everything here is plain
// data and function pointers with a fixed layout (checked below).
//
// A kernel is one generated function. The runtime calls it for a range of
// work items [begin, end) -- a slice of the kernel's iteration space that the
// compiler chose, e.g. rows of the output -- possibly from several threads at
// once with disjoint ranges. Its buffers are passed as base pointers in the
// order the compiler bound them. A kernel never allocates, never blocks and
// never calls back into the runtime except through the import table below.
#ifndef CXLA_KERNEL_ABI_H_
#define CXLA_KERNEL_ABI_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// Bumped whenever a layout, an import or a calling convention changes.
#define CX_KERNEL_ABI_VERSION 1u

// Imports: functions of the runtime that generated code may call, through a
// table the runtime fills (so generated code has no unresolved symbols and
// the same machine code works from the JIT and from an artifact). Each row:
// X(ID, signature class). Signature classes (the C types):
//   D_D    double f(double)
//   D_DD   double f(double, double)
//   C_C    void f(const double in[2], double out[2])            complex unary
//   C_CC   void f(const double a[2], const double b[2], double out[2])
//   LOADF  double f(int32_t elem, uint64_t bits)   an exotic float's value
//   STOREF uint64_t f(int32_t elem, double value)  rounded to an exotic float
// Element codes (`elem`) are cx_elem_t values of include/cxla/element_type.h.
#define CX_KERNEL_IMPORTS(X)                                         \
  X(EXP, D_D) X(EXPM1, D_D) X(LOG, D_D) X(LOG1P, D_D) X(SIN, D_D)    \
  X(COS, D_D) X(TAN, D_D) X(TANH, D_D) X(CBRT, D_D) X(ATAN2, D_DD)   \
  X(POW, D_DD) X(FMOD, D_DD) X(ACOS, D_D) X(ASIN, D_D) X(ATAN, D_D)  \
  X(ACOSH, D_D) X(ASINH, D_D) X(ATANH, D_D) X(COSH, D_D)             \
  X(SINH, D_D) X(ERF, D_D) X(ERFC, D_D) X(LGAMMA, D_D)              \
  X(DIGAMMA, D_D) X(ERF_INV, D_D) X(BESSEL_I1E, D_D)                 \
  X(SINH_F32_XLA, D_D) X(ZETA, D_DD) X(POLYGAMMA, D_DD)              \
  X(NEXTAFTER, D_DD) X(NEXTAFTERF, D_DD) X(HYPOT, D_DD)              \
  X(CEXP, C_C) X(CEXPM1, C_C) X(CLOG, C_C) X(CLOG1P, C_C)            \
  X(CSQRT, C_C) X(CRSQRT, C_C) X(CCBRT, C_C) X(CSIN, C_C)            \
  X(CCOS, C_C) X(CTAN, C_C) X(CTANH, C_C) X(CLOGISTIC, C_C)          \
  X(CACOS, C_C) X(CASIN, C_C) X(CATAN, C_C) X(CACOSH, C_C)           \
  X(CASINH, C_C) X(CATANH, C_C) X(CCOSH, C_C) X(CSINH, C_C)          \
  X(CSIGN, C_C) X(CDIV, C_CC) X(CPOW, C_CC) X(CATAN2, C_CC)          \
  X(LOAD_FLOAT, LOADF) X(STORE_FLOAT, STOREF)

typedef enum cx_kernel_import_id {
#define CX_KERNEL_IMPORT_ENUM_(id, sig) CX_KI_##id,
  CX_KERNEL_IMPORTS(CX_KERNEL_IMPORT_ENUM_)
#undef CX_KERNEL_IMPORT_ENUM_
  CX_KI_COUNT
} cx_kernel_import_id_t;

// What a kernel receives for one call.
typedef struct cx_kernel_call {
  void* const* buffers;         // base pointers, in the kernel's binding order
  const void* const* imports;   // CX_KI_COUNT entries, indexed by cx_kernel_import_id_t
  int64_t begin;                // first work item
  int64_t end;                  // one past the last work item
} cx_kernel_call_t;

// Returns 0 on success; any other value is a kernel-specific failure code
// that the runtime reports with the step's source location (e.g. an index
// out of bounds in a program the verifier could not check statically).
typedef int32_t (*cx_kernel_fn_t)(const cx_kernel_call_t* call);

// A library of kernels: what the code generator emits into one object, and
// what a loader (JIT or artifact) hands the runtime. The query function is
// the library's only exported symbol; it returns NULL for another ABI.
typedef struct cx_kernel_library {
  uint32_t abi_version;         // CX_KERNEL_ABI_VERSION
  uint32_t num_kernels;
  const cx_kernel_fn_t* kernels;
  const char* const* names;     // for profiles and errors; may be NULL
} cx_kernel_library_t;

typedef const cx_kernel_library_t* (*cx_kernel_library_query_fn_t)(uint32_t abi_version);
#define CX_KERNEL_LIBRARY_QUERY_SYMBOL "cx_kernel_library_query"

// Layout checks: generated code hard-codes these offsets.
_Static_assert(sizeof(void*) == 8, "cxla kernels are generated for 64-bit targets");
_Static_assert(offsetof(cx_kernel_call_t, buffers) == 0, "kernel ABI layout");
_Static_assert(offsetof(cx_kernel_call_t, imports) == 8, "kernel ABI layout");
_Static_assert(offsetof(cx_kernel_call_t, begin) == 16, "kernel ABI layout");
_Static_assert(offsetof(cx_kernel_call_t, end) == 24, "kernel ABI layout");
_Static_assert(sizeof(cx_kernel_call_t) == 32, "kernel ABI layout");
_Static_assert(offsetof(cx_kernel_library_t, kernels) == 8, "kernel ABI layout");
_Static_assert(offsetof(cx_kernel_library_t, names) == 16, "kernel ABI layout");

#ifdef __cplusplus
}
#endif
#endif  // CXLA_KERNEL_ABI_H_
