// The target families of the runtime's custom-call registry, one table per
// source file (internal to src/runtime/custom_calls).
#ifndef CXLA_RUNTIME_CUSTOM_CALLS_FAMILIES_H_
#define CXLA_RUNTIME_CUSTOM_CALLS_FAMILIES_H_

#include "runtime/custom_calls/custom_call.h"

// Defines cx_rt_cc_family_<name>: a table of the target rows given.
#define CX_RT_CC_FAMILY(name, ...)                                        \
  static const cx_rt_cc_target_t name##_targets[] = {__VA_ARGS__};        \
  const cx_rt_cc_family_t cx_rt_cc_family_##name = {                      \
      name##_targets, sizeof(name##_targets) / sizeof(name##_targets[0])}

extern const cx_rt_cc_family_t cx_rt_cc_family_cholesky;     // lapack_cholesky.c: potrf
extern const cx_rt_cc_family_t cx_rt_cc_family_lu;           // lapack_lu.c: getrf
extern const cx_rt_cc_family_t cx_rt_cc_family_qr;           // lapack_qr.c: geqrf, orgqr/ungqr
extern const cx_rt_cc_family_t cx_rt_cc_family_eigh;         // lapack_eigh.c: syevd/heevd
extern const cx_rt_cc_family_t cx_rt_cc_family_eig;          // lapack_eig.c: geev
extern const cx_rt_cc_family_t cx_rt_cc_family_svd;          // lapack_svd.c: gesdd
extern const cx_rt_cc_family_t cx_rt_cc_family_schur;        // lapack_schur.c: gees
extern const cx_rt_cc_family_t cx_rt_cc_family_hessenberg;   // lapack_hessenberg.c: gehrd
extern const cx_rt_cc_family_t cx_rt_cc_family_tridiagonal;  // lapack_tridiagonal.c: sytrd/hetrd
extern const cx_rt_cc_family_t cx_rt_cc_family_gtsv;         // lapack_gtsv.c: gtsv
extern const cx_rt_cc_family_t cx_rt_cc_family_trsm;         // blas_trsm.c: trsm
// Other platforms' targets, run on the CPU (most through the LAPACK ones):
extern const cx_rt_cc_family_t cx_rt_cc_family_gpu_solver;  // gpu_solver.c: cusolver/hipsolver
extern const cx_rt_cc_family_t cx_rt_cc_family_gpu_linalg;  // gpu_linalg.c: pivots, threefry
extern const cx_rt_cc_family_t cx_rt_cc_family_tpu_linalg;  // tpu_linalg.c: Qr, LU, Householder

#endif  // CXLA_RUNTIME_CUSTOM_CALLS_FAMILIES_H_
