// jaxlib's GPU solver targets (cuSOLVER / hipSOLVER / cuSPARSE), run on the
// CPU through the LAPACK targets of this registry.
//
// Programs JAX exported for CUDA or ROCm call these. jaxlib's GPU kernels
// (jaxlib/gpu/solver_kernels_ffi.cc, sparse_kernels.cc) take the same
// buffers as its CPU LAPACK kernels: batch dims major, each matrix
// column-major (the exports' operand_layouts say so), info as an i32 per
// matrix. What differs is the spelling:
//   - one name for every element type (the type is the operand's), where
//     LAPACK has s/d/c/z names;
//   - flags are bool attributes (`lower = true`) where LAPACK's are ui8
//     characters (`uplo = 76 : ui8`);
//   - some results are missing or extra (gtsv2 returns only x; the legacy
//     syevd returns its workspace).
// So each target here checks its element type, rewrites the attributes and
// runs the LAPACK target of that type on the same buffers. cuSOLVER and
// LAPACK compute the same factorizations; where a factor is not unique
// (eigenvectors' signs) the results may differ by that freedom, as JAX's
// tests allow.
//
// Targets (cusolver_* for CUDA, hipsolver_* for ROCm, same conventions):
//   *_potrf_ffi {lower: bool}   (a) -> (a_out, info)           = potrf
//   *_getrf_ffi                 (a) -> (a_out, ipiv, info)     = getrf
//                               (ipiv 1-based, as LAPACK's and cuSOLVER's)
//   *_geqrf_ffi                 (a) -> (a_out, tau)            = geqrf
//   *_orgqr_ffi                 (a, tau) -> a_out              = orgqr/ungqr
//   *_syevd_ffi {algorithm: ui8 (0 default, 1 QR, 2 Jacobi), lower: bool}
//                               (a) -> (v, w, info)            = syevd/heevd
//                               (every algorithm gives the same decomposition)
//   *_sytrd_ffi {lower: bool}   (a) -> (a_out, d, e, tau, info) = sytrd/hetrd
//   cusparse_gtsv2_ffi / hipsparse_gtsv2_ffi
//                               (dl, d, du, b) -> x            = gtsv on copies
//                               of the bands (cuSPARSE reports no info; a
//                               singular system leaves x unspecified)
//   hipsolver_syevd / hipsolver_syevj: ROCm's legacy (api_version 2) forms,
//       attributes in an opaque backend_config string (jaxlib's
//       SyevdDescriptor: i32 type (0 f32, 1 f64, 2 c64, 3 c128), i32 fill
//       mode (121 upper, 122 lower), i32 batch, i32 n, i32 lwork):
//                               (a) -> (v, w, info, work[lwork])
//       The workspace result is left zero (it is scratch; JAX drops it).
#include <stdlib.h>
#include <string.h>

#include "runtime/custom_calls/families.h"
#include "runtime/custom_calls/lapack_util.h"

#define GPU_ANY CX_ELEM_INVALID  // element type taken from the operand

// Runs `target` on this call's operands with other attributes and results.
static cx_status_t delegate(const cx_rt_cc_call_t* c, const cx_rt_cc_target_t* target,
                            uint32_t num_attrs, const cx_rt_cc_attr_t* attrs, uint32_t num_results,
                            cx_rt_cc_buffer_t* results, bool execute) {
  cx_rt_cc_call_t sub = {target, c->num_operands, c->operands, num_results, results,
                         num_attrs, attrs};
  return cx_rt_cc_run_as(c, &sub, execute);
}

// A bool attribute; missing or ill-typed is an error.
static cx_status_t attr_bool(const cx_rt_cc_call_t* c, const char* name, bool* out) {
  const cx_rt_cc_attr_t* a = cx_rt_cc_attr_find(c, name);
  if (!a) return cx_rt_cc_error(c, CX_INVALID_ARGUMENT, "missing attribute '%s'", name);
  if (a->kind != CX_RT_CC_ATTR_BOOL)
    return cx_rt_cc_error(c, CX_INVALID_ARGUMENT, "attribute '%s' must be a bool", name);
  *out = a->i != 0;
  return NULL;
}

// ---- potrf, getrf, geqrf, orgqr, sytrd: one bool or no attribute -------------------------

typedef struct plain_spec {
  const char* real_name;
  const char* complex_name;
  bool has_lower;  // `lower` becomes LAPACK's `uplo`
} plain_spec_t;

static const plain_spec_t* plain_spec_of(const cx_rt_cc_target_t* t) {
  static const struct {
    const char* suffix;
    plain_spec_t spec;
  } kSpecs[] = {
      {"_potrf_ffi", {"potrf", "potrf", true}}, {"_getrf_ffi", {"getrf", "getrf", false}},
      {"_geqrf_ffi", {"geqrf", "geqrf", false}}, {"_orgqr_ffi", {"orgqr", "ungqr", false}},
      {"_sytrd_ffi", {"sytrd", "hetrd", true}},
  };
  size_t n = strlen(t->name);
  for (size_t i = 0; i < sizeof(kSpecs) / sizeof(kSpecs[0]); i++) {
    size_t m = strlen(kSpecs[i].suffix);
    if (n >= m && strcmp(t->name + n - m, kSpecs[i].suffix) == 0) return &kSpecs[i].spec;
  }
  return NULL;
}

static cx_status_t plain_run(const cx_rt_cc_call_t* c, bool execute) {
  const plain_spec_t* s = plain_spec_of(c->target);
  if (!s) return cx_rt_cc_error(c, CX_INTERNAL, "no LAPACK routine for this target");
  const cx_rt_cc_target_t* t;
  CX_RETURN_IF_ERROR(cx_rt_lapack_target_for(c, s->real_name, s->complex_name, &t));
  cx_rt_cc_attr_t attrs[1];
  uint32_t nattrs = 0;
  if (s->has_lower) {
    bool lower = false;
    CX_RETURN_IF_ERROR(attr_bool(c, "lower", &lower));
    attrs[nattrs++] = cx_rt_cc_char_attr("uplo", lower ? 'L' : 'U');
  }
  return delegate(c, t, nattrs, attrs, c->num_results, c->results, execute);
}

static cx_status_t plain_prepare(const cx_rt_cc_call_t* c) {
  return plain_run(c, false);
}
static cx_status_t plain_execute(const cx_rt_cc_call_t* c) {
  return plain_run(c, true);
}

// ---- syevd (typed FFI) -----------------------------------------------------------------

static cx_status_t syevd_run(const cx_rt_cc_call_t* c, bool execute) {
  const cx_rt_cc_target_t* t;
  CX_RETURN_IF_ERROR(cx_rt_lapack_target_for(c, "syevd", "heevd", &t));
  bool lower = false;
  CX_RETURN_IF_ERROR(attr_bool(c, "lower", &lower));
  // jaxlib's SyevdAlgorithm: kDefault, kQr, kJacobi (a ui8 enum).
  const cx_rt_cc_attr_t* alg = cx_rt_cc_attr_find(c, "algorithm");
  if (alg && (alg->kind != CX_RT_CC_ATTR_INT || alg->i < 0 || alg->i > 2))
    return cx_rt_cc_error(c, CX_INVALID_ARGUMENT,
                          "attribute 'algorithm' must be 0 (default), 1 (QR) or 2 (Jacobi)");
  cx_rt_cc_attr_t attrs[2] = {cx_rt_cc_char_attr("uplo", lower ? 'L' : 'U'),
                              cx_rt_cc_char_attr("mode", 'V')};
  return delegate(c, t, 2, attrs, c->num_results, c->results, execute);
}

static cx_status_t syevd_prepare(const cx_rt_cc_call_t* c) {
  return syevd_run(c, false);
}
static cx_status_t syevd_execute(const cx_rt_cc_call_t* c) {
  return syevd_run(c, true);
}

// ---- legacy hipsolver_syevd / hipsolver_syevj (opaque descriptor) ------------------------

typedef struct syevd_descriptor {
  int32_t type, fill_mode, batch, n, lwork;
} syevd_descriptor_t;

#define HIP_FILL_MODE_UPPER 121
#define HIP_FILL_MODE_LOWER 122

static cx_status_t legacy_descriptor(const cx_rt_cc_call_t* c, syevd_descriptor_t* d) {
  const cx_rt_cc_attr_t* a = cx_rt_cc_attr_find(c, "backend_config");
  if (!a || a->kind != CX_RT_CC_ATTR_STRING || a->str.len != sizeof(*d))
    return cx_rt_cc_error(c, CX_INVALID_ARGUMENT,
                          "needs jaxlib's %zu-byte descriptor as its backend_config string",
                          sizeof(*d));
  // The descriptor is the raw bytes of a struct of int32s in the exporting
  // machine's order; every ROCm host is little-endian, as is every host
  // cxla runs on.
  memcpy(d, a->str.data, sizeof(*d));
  return NULL;
}

static cx_status_t legacy_run(const cx_rt_cc_call_t* c, bool execute) {
  syevd_descriptor_t d;
  CX_RETURN_IF_ERROR(legacy_descriptor(c, &d));
  if (c->num_operands == 2)
    return cx_rt_cc_error(c, CX_UNIMPLEMENTED,
                          "dynamic batch sizes (a batch-size operand) are not supported");
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_counts(c, 1, 4, 4));
  static const cx_elem_t kTypes[4] = {CX_ELEM_F32, CX_ELEM_F64, CX_ELEM_C64, CX_ELEM_C128};
  if (d.type < 0 || d.type > 3 || kTypes[d.type] != c->operands[0].elem)
    return cx_rt_cc_error(c, CX_INVALID_ARGUMENT,
                          "the descriptor's type %d does not match operand #0 (%s)", (int)d.type,
                          cx_elem_name(c->operands[0].elem));
  if (d.fill_mode != HIP_FILL_MODE_UPPER && d.fill_mode != HIP_FILL_MODE_LOWER)
    return cx_rt_cc_error(c, CX_INVALID_ARGUMENT,
                          "the descriptor's fill mode %d is neither upper (%d) nor lower (%d)",
                          (int)d.fill_mode, HIP_FILL_MODE_UPPER, HIP_FILL_MODE_LOWER);
  const cx_rt_cc_buffer_t* a = &c->operands[0];
  int64_t batch = a->rank >= 2 ? cx_rt_cc_batch_count(a, a->rank - 2) : -1;
  if (a->rank < 2 || a->dims[a->rank - 1] != d.n || batch != d.batch || d.lwork < 0)
    return cx_rt_cc_error(c, CX_INVALID_ARGUMENT,
                          "the descriptor (batch %d, n %d, lwork %d) does not match operand #0",
                          (int)d.batch, (int)d.n, (int)d.lwork);
  const cx_rt_cc_target_t* t;
  CX_RETURN_IF_ERROR(cx_rt_lapack_target_for(c, "syevd", "heevd", &t));
  if (!execute) {
    int64_t wdims[1] = {d.lwork};
    CX_RETURN_IF_ERROR(cx_rt_cc_expect_result(c, 3, a->elem, 1, wdims));
  }
  char uplo = d.fill_mode == HIP_FILL_MODE_LOWER ? 'L' : 'U';
  cx_rt_cc_attr_t attrs[2] = {cx_rt_cc_char_attr("uplo", uplo), cx_rt_cc_char_attr("mode", 'V')};
  return delegate(c, t, 2, attrs, 3, c->results, execute);
}

static cx_status_t legacy_prepare(const cx_rt_cc_call_t* c) {
  return legacy_run(c, false);
}
static cx_status_t legacy_execute(const cx_rt_cc_call_t* c) {
  return legacy_run(c, true);
}

// ---- gtsv2 ---------------------------------------------------------------------------

// LAPACK's gtsv has results (dl, d, du, x, info); gtsv2 only x. The bands
// and info go to scratch buffers shaped like the operands.
typedef struct gtsv_results {
  cx_rt_cc_buffer_t r[5];
  void* owned[4];
} gtsv_results_t;

static void gtsv_results_free(gtsv_results_t* g) {
  for (int i = 0; i < 4; i++) cx_rt_lapack_free(g->owned[i]);
}

static cx_status_t gtsv2_run(const cx_rt_cc_call_t* c, bool execute) {
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_counts(c, 4, 1, 1));
  const cx_rt_cc_target_t* t;
  CX_RETURN_IF_ERROR(cx_rt_lapack_target_for(c, "gtsv", "gtsv", &t));
  const cx_rt_cc_buffer_t* b = &c->operands[3];
  if (b->rank < 2)
    return cx_rt_cc_error(c, CX_INVALID_ARGUMENT, "operand #3 (b) must have rank >= 2");
  gtsv_results_t g;
  memset(&g, 0, sizeof(g));
  for (int i = 0; i < 3; i++) {
    g.r[i] = c->operands[i];
    g.r[i].data = NULL;
  }
  g.r[3] = c->results[0];
  g.r[4].elem = CX_ELEM_SI32;
  g.r[4].rank = b->rank - 2;
  memcpy(g.r[4].dims, b->dims, g.r[4].rank * sizeof(int64_t));
  g.r[4].num_elements = cx_rt_cc_batch_count(b, b->rank - 2);
  if (!execute) {
    CX_RETURN_IF_ERROR(delegate(c, t, 0, NULL, 5, g.r, false));
    // The prepared shape of x is this call's result shape.
    memcpy(c->results[0].dims, g.r[3].dims, g.r[3].rank * sizeof(int64_t));
    return NULL;
  }
  for (int i = 0; i < 4; i++) {
    int idx = i < 3 ? i : 4;
    g.owned[i] = cx_rt_lapack_alloc(g.r[idx].elem, g.r[idx].num_elements);
    if (!g.owned[i]) {
      gtsv_results_free(&g);
      return CX_OOM();
    }
    g.r[idx].data = g.owned[i];
  }
  cx_status_t st = delegate(c, t, 0, NULL, 5, g.r, true);
  gtsv_results_free(&g);
  return st;
}

static cx_status_t gtsv2_prepare(const cx_rt_cc_call_t* c) {
  return gtsv2_run(c, false);
}
static cx_status_t gtsv2_execute(const cx_rt_cc_call_t* c) {
  return gtsv2_run(c, true);
}

#define SOLVER_TARGETS(prefix)                                     \
  {prefix "solver_potrf_ffi", GPU_ANY, plain_prepare, plain_execute, false}, \
  {prefix "solver_getrf_ffi", GPU_ANY, plain_prepare, plain_execute, false}, \
  {prefix "solver_geqrf_ffi", GPU_ANY, plain_prepare, plain_execute, false}, \
  {prefix "solver_orgqr_ffi", GPU_ANY, plain_prepare, plain_execute, false}, \
  {prefix "solver_sytrd_ffi", GPU_ANY, plain_prepare, plain_execute, false}, \
  {prefix "solver_syevd_ffi", GPU_ANY, syevd_prepare, syevd_execute, false}, \
  {prefix "sparse_gtsv2_ffi", GPU_ANY, gtsv2_prepare, gtsv2_execute, false}

CX_RT_CC_FAMILY(gpu_solver,
    SOLVER_TARGETS("cu"),
    SOLVER_TARGETS("hip"),
    {"hipsolver_syevd", GPU_ANY, legacy_prepare, legacy_execute, true},
    {"hipsolver_syevj", GPU_ANY, legacy_prepare, legacy_execute, true});
