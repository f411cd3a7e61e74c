// The custom-call registry and the helpers targets share (see custom_call.h).
#include "runtime/custom_calls/custom_call.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "runtime/custom_calls/families.h"

// Every family, in the order targets are listed. A constant table, not a
// mutable registry: programs cannot add targets to the runtime, they register
// extra ones with the interpreter or the executable that calls them.
// A runtime built without LAPACK (CXLA_RUNTIME_LAPACK=OFF, e.g. cross-built
// for a CPU whose LAPACK is not installed) has only the targets that do
// not call it.
static const cx_rt_cc_family_t* const kFamilies[] = {
#ifndef CXLA_NO_LAPACK
    &cx_rt_cc_family_cholesky, &cx_rt_cc_family_lu,         &cx_rt_cc_family_qr,
    &cx_rt_cc_family_eigh,     &cx_rt_cc_family_eig,        &cx_rt_cc_family_svd,
    &cx_rt_cc_family_schur,    &cx_rt_cc_family_hessenberg, &cx_rt_cc_family_tridiagonal,
    &cx_rt_cc_family_gtsv,     &cx_rt_cc_family_trsm,      &cx_rt_cc_family_gpu_solver,
#endif
    &cx_rt_cc_family_gpu_linalg,
#ifndef CXLA_NO_LAPACK
    &cx_rt_cc_family_tpu_linalg,
#endif
};
#define NUM_FAMILIES (sizeof(kFamilies) / sizeof(kFamilies[0]))

size_t cx_rt_cc_target_count(void) {
  size_t n = 0;
  for (size_t f = 0; f < NUM_FAMILIES; f++) n += kFamilies[f]->count;
  return n;
}

const cx_rt_cc_target_t* cx_rt_cc_target_at(size_t index) {
  for (size_t f = 0; f < NUM_FAMILIES; f++) {
    if (index < kFamilies[f]->count) return &kFamilies[f]->targets[index];
    index -= kFamilies[f]->count;
  }
  return NULL;
}

const cx_rt_cc_target_t* cx_rt_cc_target_find(const char* name) {
  for (size_t f = 0; f < NUM_FAMILIES; f++)
    for (size_t i = 0; i < kFamilies[f]->count; i++)
      if (strcmp(kFamilies[f]->targets[i].name, name) == 0) return &kFamilies[f]->targets[i];
  return NULL;
}

cx_status_t cx_rt_cc_call_run(const cx_rt_cc_call_t* call) {
  CX_RETURN_IF_ERROR(call->target->prepare(call));
  return call->target->execute(call);
}

cx_status_t cx_rt_cc_run_as(const cx_rt_cc_call_t* c, const cx_rt_cc_call_t* sub, bool execute) {
  cx_status_t st = execute ? sub->target->execute(sub) : sub->target->prepare(sub);
  if (st)
    return cx_status_prefix(st, "custom-call target '%s' (run as %s)", c->target->name,
                            sub->target->name);
  return NULL;
}

// ---- helpers -------------------------------------------------------------------------

cx_status_t cx_rt_cc_error(const cx_rt_cc_call_t* call, cx_status_code_t code, const char* fmt,
                           ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  return CX_ERROR(code, "custom-call target '%s': %s", call->target->name, msg);
}

const cx_rt_cc_attr_t* cx_rt_cc_attr_find(const cx_rt_cc_call_t* call, const char* name) {
  for (uint32_t i = 0; i < call->num_attrs; i++)
    if (strcmp(call->attrs[i].name, name) == 0) return &call->attrs[i];
  return NULL;
}

cx_status_t cx_rt_cc_attr_char(const cx_rt_cc_call_t* call, const char* name, const char* allowed,
                               char* out) {
  const cx_rt_cc_attr_t* a = cx_rt_cc_attr_find(call, name);
  if (!a) return cx_rt_cc_error(call, CX_INVALID_ARGUMENT, "missing attribute '%s'", name);
  // jaxlib decodes these as XLA FFI scalars of type U8 and rejects others.
  if (a->kind != CX_RT_CC_ATTR_INT || a->elem != CX_ELEM_UI8)
    return cx_rt_cc_error(call, CX_INVALID_ARGUMENT,
                          "attribute '%s' must be a ui8 character code (e.g. %d : ui8)", name,
                          (int)allowed[0]);
  for (const char* c = allowed; *c; c++)
    if (a->i == (unsigned char)*c) {
      *out = *c;
      return NULL;
    }
  return cx_rt_cc_error(call, CX_INVALID_ARGUMENT, "attribute '%s' = %lld is not one of '%s'", name,
                        (long long)a->i, allowed);
}

cx_rt_cc_attr_t cx_rt_cc_char_attr(const char* name, char value) {
  cx_rt_cc_attr_t a;
  memset(&a, 0, sizeof(a));
  a.name = name;
  a.kind = CX_RT_CC_ATTR_INT;
  a.elem = CX_ELEM_UI8;
  a.i = (unsigned char)value;
  return a;
}

cx_status_t cx_rt_cc_attr_i32(const cx_rt_cc_call_t* call, const char* name, int32_t* out) {
  const cx_rt_cc_attr_t* a = cx_rt_cc_attr_find(call, name);
  if (!a) return cx_rt_cc_error(call, CX_INVALID_ARGUMENT, "missing attribute '%s'", name);
  if (a->kind != CX_RT_CC_ATTR_INT || a->elem != CX_ELEM_SI32)
    return cx_rt_cc_error(call, CX_INVALID_ARGUMENT, "attribute '%s' must be an i32 integer", name);
  *out = (int32_t)a->i;
  return NULL;
}

cx_status_t cx_rt_cc_expect_counts(const cx_rt_cc_call_t* call, uint32_t num_operands,
                                   uint32_t min_results, uint32_t max_results) {
  if (call->num_operands != num_operands)
    return cx_rt_cc_error(call, CX_INVALID_ARGUMENT, "expects %u operand%s, got %u", num_operands,
                          num_operands == 1 ? "" : "s", call->num_operands);
  if (call->num_results < min_results || call->num_results > max_results) {
    if (min_results == max_results)
      return cx_rt_cc_error(call, CX_INVALID_ARGUMENT, "expects %u result%s, got %u", min_results,
                            min_results == 1 ? "" : "s", call->num_results);
    return cx_rt_cc_error(call, CX_INVALID_ARGUMENT, "expects %u to %u results, got %u",
                          min_results, max_results, call->num_results);
  }
  return NULL;
}

cx_status_t cx_rt_cc_expect_operand(const cx_rt_cc_call_t* call, uint32_t i, cx_elem_t elem,
                                    uint32_t rank_min) {
  const cx_rt_cc_buffer_t* b = &call->operands[i];
  if (b->elem != elem)
    return cx_rt_cc_error(call, CX_INVALID_ARGUMENT,
                          "operand #%u must have element type %s, got %s", i, cx_elem_name(elem),
                          cx_elem_name(b->elem));
  if (b->rank < rank_min)
    return cx_rt_cc_error(call, CX_INVALID_ARGUMENT, "operand #%u must have rank >= %u, got %u", i,
                          rank_min, b->rank);
  for (uint32_t d = 0; d < b->rank; d++)
    if (b->dims[d] < 0)
      return cx_rt_cc_error(call, CX_INVALID_ARGUMENT, "operand #%u has a negative dimension", i);
  return NULL;
}

static void format_shape(uint32_t rank, const int64_t* dims, cx_elem_t elem, char* buf,
                         size_t cap) {
  size_t n = 0;
  n += (size_t)snprintf(buf + n, cap - n, "tensor<");
  for (uint32_t d = 0; d < rank && n < cap; d++) {
    if (dims[d] == CX_RT_CC_DYNAMIC_DIM)
      n += (size_t)snprintf(buf + n, cap - n, "?x");
    else
      n += (size_t)snprintf(buf + n, cap - n, "%lldx", (long long)dims[d]);
  }
  if (n < cap) snprintf(buf + n, cap - n, "%s>", cx_elem_name(elem));
}

cx_status_t cx_rt_cc_expect_result(const cx_rt_cc_call_t* call, uint32_t i, cx_elem_t elem,
                                   uint32_t rank, const int64_t* dims) {
  cx_rt_cc_buffer_t* r = &call->results[i];
  bool ok = r->elem == elem && r->rank == rank;
  for (uint32_t d = 0; ok && d < rank; d++)
    ok = r->dims[d] == CX_RT_CC_DYNAMIC_DIM || r->dims[d] == dims[d];
  if (!ok) {
    char want[256], got[256];
    format_shape(rank, dims, elem, want, sizeof(want));
    format_shape(r->rank, r->dims, r->elem, got, sizeof(got));
    return cx_rt_cc_error(call, CX_INVALID_ARGUMENT, "result #%u must be %s, declared %s", i, want,
                          got);
  }
  memcpy(r->dims, dims, rank * sizeof(int64_t));
  return NULL;
}

uint32_t cx_rt_cc_shape(uint32_t nb, const int64_t* batch, int ntail, int64_t d0, int64_t d1,
                        int64_t* out) {
  memcpy(out, batch, nb * sizeof(int64_t));
  if (ntail > 0) out[nb] = d0;
  if (ntail > 1) out[nb + 1] = d1;
  return nb + (uint32_t)ntail;
}

int64_t cx_rt_cc_batch_count(const cx_rt_cc_buffer_t* b, uint32_t nb) {
  int64_t n = 1;
  for (uint32_t d = 0; d < nb; d++) {
    if (b->dims[d] < 0) return -1;
    if (b->dims[d] != 0 && n > INT64_MAX / b->dims[d]) return -1;
    n *= b->dims[d];
  }
  return n;
}

void cx_rt_cc_relayout(uint32_t rank, const int64_t* dims, const int64_t* minor_to_major,
                       size_t elem_size, const void* src, void* dst, bool to_layout) {
  int64_t strides[CX_MAX_RANK], s = 1, n = 1;
  for (uint32_t i = 0; i < rank; i++) {
    int64_t d = minor_to_major[i];
    strides[d] = s;
    s *= dims[d];
    n *= dims[d];
  }
  if (n == 0) return;
  const char* from = src;
  char* to = dst;
  int64_t idx[CX_MAX_RANK] = {0};
  for (int64_t k = 0; k < n; k++) {
    int64_t p = 0;
    for (uint32_t d = 0; d < rank; d++) p += idx[d] * strides[d];
    if (to_layout)
      memcpy(to + (size_t)p * elem_size, from + (size_t)k * elem_size, elem_size);
    else
      memcpy(to + (size_t)k * elem_size, from + (size_t)p * elem_size, elem_size);
    for (int d = (int)rank - 1; d >= 0; d--) {
      if (++idx[d] < dims[d]) break;
      idx[d] = 0;
    }
  }
}

void cx_rt_cc_copy_if_distinct(const cx_rt_cc_buffer_t* src, cx_rt_cc_buffer_t* dst) {
  if (src->data == dst->data || src->num_elements <= 0) return;
  memcpy(dst->data, src->data, (size_t)src->num_elements * cx_rt_cc_elem_size(src->elem));
}

cx_elem_t cx_rt_cc_real_elem(cx_elem_t e) {
  if (e == CX_ELEM_C64) return CX_ELEM_F32;
  if (e == CX_ELEM_C128) return CX_ELEM_F64;
  return e;
}

cx_elem_t cx_rt_cc_complex_elem(cx_elem_t e) {
  if (e == CX_ELEM_F32) return CX_ELEM_C64;
  if (e == CX_ELEM_F64) return CX_ELEM_C128;
  return e;
}

size_t cx_rt_cc_elem_size(cx_elem_t e) {
  return cx_elem_storage_size(e);
}
