// Dot products and convolutions: dot_general, dot, convolution, dynamic_conv,
// einsum and unary_einsum.
//
// Arithmetic: integer results accumulate exactly in 64 bits and wrap to the
// result type at the end (the same value as wrapping after every step, since
// wrapping is arithmetic modulo 2^n). Float results multiply and add in the
// order of the contracting dimensions with each product and partial sum
// rounded to f32 for results of f32 or narrower (see default_acc_elem) and in
// double for f64. precision_config is a speed/accuracy hint for accelerators
// and is ignored. Boolean dot products are OR of ANDs (the spec's add and
// multiply for i1). The dot_general `algorithm` attribute is honoured: inputs
// are rounded to lhs/rhs_precision_type before multiplying and products and
// sums to accumulation_type, since those roundings are what the algorithm
// promises its users. Quantized operands follow the spec's
// dequantize-op-quantize (quant.h).
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "interp/dot_general.h"
#include "interp/eval_shape.h"
#include "interp/interp.h"
#include "interp/quant.h"
#include "ir/einsum.h"
#include "support/checked.h"

#define MAX_SPATIAL CX_MAX_RANK

// ---- the evaluation budget -------------------------------------------------------

static uint64_t sat_mul(uint64_t a, uint64_t b) {
  return a && b > UINT64_MAX / a ? UINT64_MAX : a * b;
}

static uint64_t tensor_elements(const cx_tensor_t* t) {
  return t->kind == CX_VALUE_TENSOR && t->num_elements > 0 ? (uint64_t)t->num_elements : 0;
}

// Charges an op whose every result element costs `per_element`
// multiply-adds (cx_eval_charge); `fallback` is the total when the result
// type does not tell the number of elements.
static cx_status_t charge_products(cx_eval_t* ev, const cx_op_t* op, uint64_t per_element,
                                   uint64_t fallback) {
  if (!ev->interp->options.max_steps) return NULL;
  const cx_type_t* rt = op->num_results ? op->results[0].type : NULL;
  if (!rt || !cx_type_is_tensor(rt) || !cx_tensor_has_static_shape(rt))
    return cx_eval_charge(ev, op, fallback);
  uint64_t n = 1;
  for (uint32_t d = 0; d < rt->tensor.rank; d++) n = sat_mul(n, (uint64_t)rt->tensor.dims[d]);
  return cx_eval_charge(ev, op, sat_mul(n, per_element));
}

// ---- attribute helpers -------------------------------------------------------

static const cx_attr_t* get_attr(cx_eval_t* ev, const cx_op_t* op, cx_name_id_t id) {
  return cx_op_attr(op, ev->interp->ctx->names[id]);
}

static cx_status_t read_i64_attr(cx_eval_t* ev, const cx_op_t* op, cx_name_id_t id,
                                 int64_t dflt, int64_t* out) {
  const cx_attr_t* a = get_attr(ev, op, id);
  *out = dflt;
  if (!a) return NULL;
  if (a->kind != CX_ATTR_INTEGER)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "attribute '%s' must be an integer",
                         ev->interp->ctx->names[id]);
  *out = a->integer;
  return NULL;
}

// ---- numeric views of operands ----------------------------------------------------

typedef enum num_mode { NUM_INT, NUM_BOOL, NUM_FLOAT, NUM_COMPLEX } num_mode_t;

// An operand's elements widened to the mode of the computation.
typedef struct numbuf {
  int64_t n;
  int64_t* i;
  double* f;
  cx_complex_t* c;
  cx_allocator_t allocator;
} numbuf_t;

static void numbuf_free(numbuf_t* b) {
  cx_free(b->allocator, b->i);
  cx_free(b->allocator, b->f);
  cx_free(b->allocator, b->c);
  memset(b, 0, sizeof(*b));
}

static bool elem_is_real_float(cx_elem_t e) { return cx_elem_is_float(e); }

// The mode in which a result of element kind `re` is computed.
static cx_status_t mode_for(const cx_op_t* op, cx_elem_t re, num_mode_t* mode) {
  if (cx_elem_is_complex(re)) *mode = NUM_COMPLEX;
  else if (elem_is_real_float(re)) *mode = NUM_FLOAT;
  else if (cx_elem_is_bool(re)) *mode = NUM_BOOL;
  else if (cx_elem_is_integer(re)) *mode = NUM_INT;
  else return cx_eval_error(op, CX_INVALID_ARGUMENT, "unsupported result element type %s",
                            cx_elem_name(re));
  return NULL;
}

// Loads a (non-quantized) tensor in `mode`; float values are rounded to
// `round_elem` first when it is a float kind (the algorithm's precision type).
static cx_status_t numbuf_load(const cx_op_t* op, const cx_tensor_t* t, num_mode_t mode,
                               cx_elem_t round_elem, numbuf_t* out) {
  memset(out, 0, sizeof(*out));
  out->allocator = t->allocator;
  if (t->kind != CX_VALUE_TENSOR)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "operands must be tensors");
  if (cx_type_is_quant(t->element))
    return cx_eval_error(op, CX_INTERNAL, "quantized operand reached the float path");
  int64_t n = t->num_elements;
  out->n = n;
  size_t cnt = n ? (size_t)n : 1;
  cx_elem_t e = t->elem;
  bool round = round_elem != CX_ELEM_INVALID && elem_is_real_float(round_elem);
  switch (mode) {
    case NUM_INT:
    case NUM_BOOL:
      if (!cx_elem_is_integer(e))
        return cx_eval_error(op, CX_UNIMPLEMENTED,
                             "%s operands with an integer result are not supported",
                             cx_elem_name(e));
      out->i = cx_alloc(out->allocator, cnt * sizeof(int64_t));
      if (!out->i) return CX_OOM();
      for (int64_t k = 0; k < n; k++) out->i[k] = cx_load_int(e, cx_tensor_at(t, k));
      return NULL;
    case NUM_FLOAT:
      if (cx_elem_is_complex(e))
        return cx_eval_error(op, CX_INVALID_ARGUMENT,
                             "complex operands need a complex result type");
      out->f = cx_alloc(out->allocator, cnt * sizeof(double));
      if (!out->f) return CX_OOM();
      for (int64_t k = 0; k < n; k++) {
        double v = cx_load_as_double(e, cx_tensor_at(t, k));
        out->f[k] = round ? cx_scalar_round_float(round_elem, v) : v;
      }
      return NULL;
    case NUM_COMPLEX:
      out->c = cx_alloc(out->allocator, cnt * sizeof(cx_complex_t));
      if (!out->c) return CX_OOM();
      for (int64_t k = 0; k < n; k++) {
        cx_complex_t v;
        if (cx_elem_is_complex(e)) {
          v = cx_load_complex(e, cx_tensor_at(t, k));
        } else {
          v.re = cx_load_as_double(e, cx_tensor_at(t, k));
          v.im = 0;
        }
        if (round) {
          v.re = cx_scalar_round_float(round_elem, v.re);
          v.im = cx_scalar_round_float(round_elem, v.im);
        }
        out->c[k] = v;
      }
      return NULL;
  }
  return NULL;
}

// numbuf_load of both operands of a product; on failure both are safe to free.
static cx_status_t numbuf_load_pair(const cx_op_t* op, const cx_tensor_t* lhs,
                                    const cx_tensor_t* rhs, num_mode_t mode, cx_elem_t lround,
                                    cx_elem_t rround, numbuf_t* L, numbuf_t* R) {
  cx_status_t st = numbuf_load(op, lhs, mode, lround, L);
  if (!st) return numbuf_load(op, rhs, mode, rround, R);
  memset(R, 0, sizeof(*R));
  return st;
}

// A running sum in one of the modes.
typedef struct acc {
  uint64_t i;  // wraps modulo 2^64 (unsigned: no UB)
  double f;
  cx_complex_t c;
} acc_t;

typedef struct acc_cfg {
  num_mode_t mode;
  cx_elem_t round_acc;  // float kind to round the sum to after each step, or INVALID
} acc_cfg_t;

// The precision a float dot product accumulates in by default: f32 for
// results of f32 or narrower (complex<f32> included), else f64. The spec
// defines dot products as multiply-then-add in the element type; f32 is what
// XLA and the StableHLO reference interpreter use for f32, and what XLA uses
// for bf16/f16/f8 too (it widens those dots to f32), so results match the
// values programs exported from JAX expect to the ulp, including where the
// sum cancels. Products and partial sums are rounded in the order of the
// contracting dimensions, row-major.
static cx_elem_t default_acc_elem(cx_elem_t result) {
  if (cx_elem_is_complex(result)) return result == CX_ELEM_C64 ? CX_ELEM_F32 : CX_ELEM_INVALID;
  if (cx_elem_is_float(result) && result != CX_ELEM_F64) return CX_ELEM_F32;
  return CX_ELEM_INVALID;
}

static inline void acc_zero(acc_t* a) { memset(a, 0, sizeof(*a)); }

static inline void acc_mac(const acc_cfg_t* cfg, acc_t* a, const numbuf_t* l, int64_t li,
                           const numbuf_t* r, int64_t ri) {
  switch (cfg->mode) {
    case NUM_INT:
      a->i += (uint64_t)l->i[li] * (uint64_t)r->i[ri];
      break;
    case NUM_BOOL:
      a->i |= (l->i[li] != 0) & (r->i[ri] != 0);
      break;
    case NUM_FLOAT:
      if (cfg->round_acc == CX_ELEM_F32) {
        // The common case, without the generic rounding helper: a C float
        // conversion rounds to nearest even like cx_store_float does.
        a->f = (float)(a->f + (double)(float)(l->f[li] * r->f[ri]));
      } else if (cfg->round_acc != CX_ELEM_INVALID) {
        double p = cx_scalar_round_float(cfg->round_acc, l->f[li] * r->f[ri]);
        a->f = cx_scalar_round_float(cfg->round_acc, a->f + p);
      } else {
        a->f += l->f[li] * r->f[ri];
      }
      break;
    case NUM_COMPLEX: {
      cx_complex_t x = l->c[li], y = r->c[ri];
      if (cfg->round_acc != CX_ELEM_INVALID) {
        // Every real product, difference and sum rounded, as complex
        // arithmetic in that precision does.
        cx_elem_t e = cfg->round_acc;
        double re = cx_scalar_round_float(e, cx_scalar_round_float(e, x.re * y.re) -
                                                  cx_scalar_round_float(e, x.im * y.im));
        double im = cx_scalar_round_float(e, cx_scalar_round_float(e, x.re * y.im) +
                                                  cx_scalar_round_float(e, x.im * y.re));
        a->c.re = cx_scalar_round_float(e, a->c.re + re);
        a->c.im = cx_scalar_round_float(e, a->c.im + im);
      } else {
        double re = x.re * y.re - x.im * y.im;
        double im = x.re * y.im + x.im * y.re;
        a->c.re += re;
        a->c.im += im;
      }
      break;
    }
  }
}

static inline void acc_store(const acc_cfg_t* cfg, const acc_t* a, cx_tensor_t* out, int64_t k) {
  void* p = cx_tensor_at(out, k);
  switch (cfg->mode) {
    case NUM_INT: cx_store_int(out->elem, p, (int64_t)a->i); break;
    case NUM_BOOL: cx_store_int(out->elem, p, a->i != 0); break;
    case NUM_FLOAT: cx_store_float(out->elem, p, a->f); break;
    case NUM_COMPLEX: cx_store_complex(out->elem, p, a->c); break;
  }
}

// ---- dot_general -----------------------------------------------------------------

// The offset of index idx[0..n) taken along dimensions dims[0..n) of a
// tensor with strides str.
static int64_t offset_along(uint32_t n, const int64_t* idx, const int64_t* dims,
                            const int64_t* str) {
  int64_t off = 0;
  for (uint32_t i = 0; i < n; i++) off += idx[i] * str[dims[i]];
  return off;
}

typedef struct dot_spec {
  uint32_t nb, nc;
  int64_t lb[CX_MAX_RANK], rb[CX_MAX_RANK];  // batching dims
  int64_t lc[CX_MAX_RANK], rc[CX_MAX_RANK];  // contracting dims
  const cx_dot_algorithm_t* alg;             // or NULL
} dot_spec_t;

static cx_status_t list_to_spec(const cx_op_t* op, const cx_i64_list_t* l, int64_t* out,
                                uint32_t* n) {
  if (l->len > CX_MAX_RANK)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "too many dimensions in dot dimension numbers");
  for (uint32_t i = 0; i < l->len; i++) out[i] = l->data[i];
  *n = l->len;
  return NULL;
}

static cx_status_t dot_spec_from_dims(const cx_op_t* op, const cx_dot_dims_t* d,
                                      dot_spec_t* s) {
  uint32_t n1 = 0, n2 = 0, n3 = 0, n4 = 0;
  CX_RETURN_IF_ERROR(list_to_spec(op, &d->lhs_batching_dims, s->lb, &n1));
  CX_RETURN_IF_ERROR(list_to_spec(op, &d->rhs_batching_dims, s->rb, &n2));
  CX_RETURN_IF_ERROR(list_to_spec(op, &d->lhs_contracting_dims, s->lc, &n3));
  CX_RETURN_IF_ERROR(list_to_spec(op, &d->rhs_contracting_dims, s->rc, &n4));
  (void)n2;  // dot_general_c1, dot_general_c2: the verifier made n1 = n2, n3 = n4
  (void)n4;
  s->nb = n1;
  s->nc = n3;
  return NULL;
}

// One side's free (result) dims: those neither batching nor contracting.
// The dimension lists are in range and unique (dot_general_c3 ..
// dot_general_c8, checked by the verifier).
static void side_free_dims(const cx_tensor_t* t, const int64_t* b, const int64_t* c, uint32_t nb,
                           uint32_t nc, int64_t* free_dims, uint32_t* nfree) {
  bool used[CX_MAX_RANK] = {false};
  for (uint32_t i = 0; i < nb + nc; i++) used[i < nb ? b[i] : c[i - nb]] = true;
  *nfree = 0;
  for (uint32_t d = 0; d < t->rank; d++)
    if (!used[d]) free_dims[(*nfree)++] = d;
}

// Computes dot_general of non-quantized tensors into a new tensor of element
// type `relem` (an element type, not a quant type).
static cx_status_t dot_general_compute(const cx_op_t* op, const cx_tensor_t* lhs,
                                       const cx_tensor_t* rhs, const dot_spec_t* s,
                                       const cx_type_t* relem, cx_tensor_t** out) {
  *out = NULL;
  int64_t lfree[CX_MAX_RANK], rfree[CX_MAX_RANK];
  uint32_t nlf, nrf;
  side_free_dims(lhs, s->lb, s->lc, s->nb, s->nc, lfree, &nlf);
  side_free_dims(rhs, s->rb, s->rc, s->nb, s->nc, rfree, &nrf);
  // The sizes of dynamic dims are known only now (dot_general_c9,
  // dot_general_c10 on the values' shapes).
  for (uint32_t i = 0; i < s->nb; i++)
    if (lhs->dims[s->lb[i]] != rhs->dims[s->rb[i]])
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "batching dimension sizes differ (%lld vs %lld)",
                           (long long)lhs->dims[s->lb[i]], (long long)rhs->dims[s->rb[i]]);
  for (uint32_t i = 0; i < s->nc; i++)
    if (lhs->dims[s->lc[i]] != rhs->dims[s->rc[i]])
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "contracting dimension sizes differ (%lld vs %lld)",
                           (long long)lhs->dims[s->lc[i]], (long long)rhs->dims[s->rc[i]]);
  uint32_t rrank = s->nb + nlf + nrf;
  if (rrank > CX_MAX_RANK)
    return cx_eval_error(op, CX_UNIMPLEMENTED, "result rank %u exceeds cxla's limit", rrank);
  int64_t rdims[CX_MAX_RANK];
  for (uint32_t i = 0; i < s->nb; i++) rdims[i] = lhs->dims[s->lb[i]];
  for (uint32_t i = 0; i < nlf; i++) rdims[s->nb + i] = lhs->dims[lfree[i]];
  for (uint32_t i = 0; i < nrf; i++) rdims[s->nb + nlf + i] = rhs->dims[rfree[i]];

  cx_elem_t re = cx_type_elem(relem);
  num_mode_t mode = NUM_INT;
  CX_RETURN_IF_ERROR(mode_for(op, re, &mode));
  acc_cfg_t cfg = {mode, default_acc_elem(re)};
  cx_elem_t lround = CX_ELEM_INVALID, rround = CX_ELEM_INVALID;
  if (s->alg && (mode == NUM_FLOAT || mode == NUM_COMPLEX)) {
    if (s->alg->lhs_precision_type) lround = cx_type_elem(s->alg->lhs_precision_type);
    if (s->alg->rhs_precision_type) rround = cx_type_elem(s->alg->rhs_precision_type);
    if (s->alg->accumulation_type) {
      cx_elem_t ae = cx_type_elem(s->alg->accumulation_type);
      if (elem_is_real_float(ae)) cfg.round_acc = ae == CX_ELEM_F64 ? CX_ELEM_INVALID : ae;
    }
  }

  cx_tensor_t* res;
  CX_RETURN_IF_ERROR(cx_tensor_create(lhs->allocator, relem, rrank, rdims, &res));
  numbuf_t L, R;
  cx_status_t st = numbuf_load_pair(op, lhs, rhs, mode, lround, rround, &L, &R);
  int64_t* loff = NULL;
  int64_t* roff = NULL;
  if (st) goto done;

  int64_t lstr[CX_MAX_RANK], rstr[CX_MAX_RANK];
  cx_strides(lhs->rank, lhs->dims, lstr);
  cx_strides(rhs->rank, rhs->dims, rstr);
  // Offsets of every contracting multi-index in lhs and rhs.
  int64_t K = 1;
  int64_t cdims[CX_MAX_RANK];
  for (uint32_t i = 0; i < s->nc; i++) {
    cdims[i] = lhs->dims[s->lc[i]];
    K *= cdims[i];
  }
  loff = cx_alloc(lhs->allocator, (K ? (size_t)K : 1) * sizeof(int64_t));
  roff = cx_alloc(lhs->allocator, (K ? (size_t)K : 1) * sizeof(int64_t));
  if (!loff || !roff) {
    st = CX_OOM();
    goto done;
  }
  if (K > 0) {
    int64_t idx[CX_MAX_RANK] = {0};
    int64_t k = 0;
    do {
      loff[k] = offset_along(s->nc, idx, s->lc, lstr);
      roff[k] = offset_along(s->nc, idx, s->rc, rstr);
      k++;
    } while (cx_next_index(s->nc, cdims, idx));
  }
  if (res->num_elements > 0) {
    int64_t idx[CX_MAX_RANK] = {0};
    int64_t k = 0;
    do {
      int64_t lbase = offset_along(s->nb, idx, s->lb, lstr) +
                      offset_along(nlf, idx + s->nb, lfree, lstr);
      int64_t rbase = offset_along(s->nb, idx, s->rb, rstr) +
                      offset_along(nrf, idx + s->nb + nlf, rfree, rstr);
      acc_t a;
      acc_zero(&a);
      for (int64_t c = 0; c < K; c++) acc_mac(&cfg, &a, &L, lbase + loff[c], &R, rbase + roff[c]);
      acc_store(&cfg, &a, res, k);
      k++;
    } while (cx_next_index(rrank, rdims, idx));
  }
done:
  cx_free(lhs->allocator, loff);
  cx_free(lhs->allocator, roff);
  numbuf_free(&L);
  numbuf_free(&R);
  return cx_tensor_finish(st, res, out);
}

cx_status_t cx_dot_general_compute(const cx_op_t* op, const cx_tensor_t* lhs,
                                   const cx_tensor_t* rhs, const cx_dot_dims_t* dims,
                                   const cx_type_t* result_element, cx_tensor_t** out) {
  *out = NULL;
  dot_spec_t s;
  memset(&s, 0, sizeof(s));
  CX_RETURN_IF_ERROR(dot_spec_from_dims(op, dims, &s));
  return dot_general_compute(op, lhs, rhs, &s, result_element, out);
}

static cx_status_t dot_float_fn(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                const cx_type_t* const* result_elems, cx_tensor_t** results,
                                void* user_data) {
  (void)ev;
  return dot_general_compute(op, args[0], args[1], (const dot_spec_t*)user_data,
                             result_elems[0], &results[0]);
}

static cx_status_t run_dot(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                           cx_tensor_t** results, dot_spec_t* s) {
  // Budget: K multiply-adds per result element (K: the contracting size).
  if (args[0]->kind == CX_VALUE_TENSOR) {
    uint64_t k = 1;
    for (uint32_t i = 0; i < s->nc; i++)
      if (s->lc[i] >= 0 && s->lc[i] < (int64_t)args[0]->rank)
        k = sat_mul(k, (uint64_t)args[0]->dims[s->lc[i]]);
    uint64_t all = sat_mul(tensor_elements(args[0]), tensor_elements(args[1]));
    CX_RETURN_IF_ERROR(charge_products(ev, op, k, k ? all / k : 0));
  }
  if (cx_op_is_quantized(op))
    return cx_eval_dequantize_op_quantize(ev, op, args, results, dot_float_fn, s);
  return dot_general_compute(op, args[0], args[1], s, op->results[0].type->tensor.element,
                             &results[0]);
}

static cx_status_t eval_dot_general(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                    cx_tensor_t** results) {
  // Verified: the attributes have their kinds (infer_dot_conv.c).
  const cx_attr_t* dn = get_attr(ev, op, CX_NAME_dot_dimension_numbers);
  dot_spec_t s;
  memset(&s, 0, sizeof(s));
  CX_RETURN_IF_ERROR(dot_spec_from_dims(op, &dn->dot, &s));
  const cx_attr_t* alg = get_attr(ev, op, CX_NAME_algorithm);
  if (alg) s.alg = &alg->dot_algorithm;
  return run_dot(ev, op, args, results, &s);
}

// dot (deprecated): contracts the last dimension of lhs with the first of rhs.
static cx_status_t eval_dot(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                            cx_tensor_t** results) {
  // Verified: tensors of rank 1 or 2.
  const cx_tensor_t* l = args[0];
  dot_spec_t s;
  memset(&s, 0, sizeof(s));
  s.nc = 1;
  s.lc[0] = l->rank - 1;
  s.rc[0] = 0;
  return run_dot(ev, op, args, results, &s);
}

// ---- convolution ---------------------------------------------------------------

typedef struct conv_spec {
  cx_conv_dims_t dn;
  uint32_t ns;  // number of spatial dims
  int64_t in_sp[MAX_SPATIAL], k_sp[MAX_SPATIAL], out_sp[MAX_SPATIAL];
  int64_t stride[MAX_SPATIAL], pad_lo[MAX_SPATIAL], pad_hi[MAX_SPATIAL];
  int64_t ldil[MAX_SPATIAL], rdil[MAX_SPATIAL];
  bool reverse[MAX_SPATIAL];
  int64_t fgc, bgc;
} conv_spec_t;

static cx_status_t copy_dim_list(const cx_op_t* op, const cx_i64_list_t* l, int64_t* out,
                                 uint32_t n) {
  if (l->len != n)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "convolution dimension numbers have inconsistent spatial ranks");
  for (uint32_t i = 0; i < n; i++) out[i] = l->data[i];
  return NULL;
}

// Reads the window attributes (all but padding, which dynamic_conv takes from
// an operand) and dimension numbers.
static cx_status_t conv_read_attrs(cx_eval_t* ev, const cx_op_t* op, conv_spec_t* s) {
  memset(s, 0, sizeof(*s));
  // Verified (infer_dot_conv.c): the dimension numbers are permutations of
  // each operand's dims with one spatial entry per spatial dim, window
  // values are positive, group counts positive and not both above 1.
  const cx_attr_t* dn = get_attr(ev, op, CX_NAME_dimension_numbers);
  s->dn = dn->conv;
  s->ns = dn->conv.input_spatial_dims.len;
  if (s->ns > MAX_SPATIAL || s->ns + 2 > CX_MAX_RANK)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "too many spatial dimensions");
  int64_t tmp[MAX_SPATIAL];
  CX_RETURN_IF_ERROR(copy_dim_list(op, &dn->conv.input_spatial_dims, s->in_sp, s->ns));
  CX_RETURN_IF_ERROR(copy_dim_list(op, &dn->conv.kernel_spatial_dims, s->k_sp, s->ns));
  CX_RETURN_IF_ERROR(copy_dim_list(op, &dn->conv.output_spatial_dims, s->out_sp, s->ns));
  // Absent window attributes take the schema's defaults (ones, falses).
  struct {
    cx_name_id_t id;
    int64_t* dst;
    const char* name;
  } lists[] = {{CX_NAME_window_strides, s->stride, "window_strides"},
               {CX_NAME_lhs_dilation, s->ldil, "lhs_dilation"},
               {CX_NAME_rhs_dilation, s->rdil, "rhs_dilation"}};
  for (size_t k = 0; k < sizeof(lists) / sizeof(lists[0]); k++) {
    CX_RETURN_IF_ERROR(cx_eval_get_ints_or(ev, op, lists[k].id, s->ns, lists[k].dst));
  }
  CX_RETURN_IF_ERROR(cx_eval_get_ints_or(ev, op, CX_NAME_window_reversal, s->ns, tmp));
  for (uint32_t i = 0; i < s->ns; i++) s->reverse[i] = tmp[i] != 0;
  CX_RETURN_IF_ERROR(read_i64_attr(ev, op, CX_NAME_feature_group_count, 1, &s->fgc));
  CX_RETURN_IF_ERROR(read_i64_attr(ev, op, CX_NAME_batch_group_count, 1, &s->bgc));
  return NULL;
}

static cx_status_t conv_set_padding(const cx_op_t* op, conv_spec_t* s, const int64_t* pads,
                                    uint32_t n) {
  if (n != 2 * s->ns)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "padding must be %ux2", s->ns);
  for (uint32_t i = 0; i < s->ns; i++) {
    s->pad_lo[i] = pads[2 * i];
    s->pad_hi[i] = pads[2 * i + 1];
  }
  return NULL;
}

// Computes the convolution of non-quantized tensors into a new tensor of
// element type `relem`, following the spec's definition: each output window
// is a dot product of a (strided, padded, lhs-dilated, rhs-dilated, possibly
// reversed) lhs window with the kernel, per feature group and batch group.
static cx_status_t conv_compute(const cx_op_t* op, const cx_tensor_t* lhs, const cx_tensor_t* rhs,
                                const conv_spec_t* s, const cx_type_t* relem, cx_tensor_t** out) {
  *out = NULL;
  uint32_t rank = s->ns + 2;  // the operands' rank (convolution_c1, verified)
  const cx_conv_dims_t* dn = &s->dn;
  // The sizes of dynamic dims are known only now: check the feature and
  // batch group constraints (convolution_c10 .. convolution_c16) on them.
  int64_t N = lhs->dims[dn->input_batch_dim];
  int64_t C = lhs->dims[dn->input_feature_dim];
  int64_t KI = rhs->dims[dn->kernel_input_feature_dim];
  int64_t O = rhs->dims[dn->kernel_output_feature_dim];
  if (C != KI * s->fgc)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "input features (%lld) must be kernel input features (%lld) times "
                         "feature_group_count (%lld)",
                         (long long)C, (long long)KI, (long long)s->fgc);
  if (N % s->bgc != 0)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "batch size must be a multiple of batch_group_count");
  if (O % s->fgc != 0 || O % s->bgc != 0)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "kernel output features must be a multiple of the group counts");
  int64_t rdims[CX_MAX_RANK];
  rdims[dn->output_batch_dim] = N / s->bgc;
  rdims[dn->output_feature_dim] = O;
  int64_t osz[MAX_SPATIAL], isz[MAX_SPATIAL], ksz[MAX_SPATIAL];
  // Window attributes come from the program: bound them so that no index
  // arithmetic below can overflow.
  const int64_t kLimit = INT64_C(1) << 40;
  for (uint32_t i = 0; i < s->ns; i++)
    if (s->stride[i] > kLimit || s->ldil[i] > kLimit || s->rdil[i] > kLimit ||
        s->pad_lo[i] > kLimit || s->pad_lo[i] < -kLimit || s->pad_hi[i] > kLimit ||
        s->pad_hi[i] < -kLimit)
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "window attributes are too large");
  for (uint32_t i = 0; i < s->ns; i++) {
    isz[i] = lhs->dims[s->in_sp[i]];
    ksz[i] = rhs->dims[s->k_sp[i]];
    if (isz[i] > kLimit || ksz[i] > kLimit)
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "operands are too large");
    int64_t dil_in = isz[i] == 0 ? 0 : (isz[i] - 1) * s->ldil[i] + 1;
    int64_t padded = dil_in + s->pad_lo[i] + s->pad_hi[i];
    int64_t win = ksz[i] == 0 ? 0 : (ksz[i] - 1) * s->rdil[i] + 1;
    if (padded < 0)
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "padding makes spatial dimension %u negative",
                           i);
    osz[i] = (padded == 0 || win > padded) ? 0 : (padded - win) / s->stride[i] + 1;
    rdims[s->out_sp[i]] = osz[i];
  }

  cx_elem_t re = cx_type_elem(relem);
  num_mode_t mode = NUM_INT;
  CX_RETURN_IF_ERROR(mode_for(op, re, &mode));
  acc_cfg_t cfg = {mode, default_acc_elem(re)};
  cx_tensor_t* res;
  CX_RETURN_IF_ERROR(cx_tensor_create(lhs->allocator, relem, rank, rdims, &res));
  numbuf_t L, R;
  cx_status_t st =
      numbuf_load_pair(op, lhs, rhs, mode, CX_ELEM_INVALID, CX_ELEM_INVALID, &L, &R);
  if (st || res->num_elements == 0) goto done;

  int64_t lstr[CX_MAX_RANK], rstr[CX_MAX_RANK], ostr[CX_MAX_RANK];
  cx_strides(lhs->rank, lhs->dims, lstr);
  cx_strides(rhs->rank, rhs->dims, rstr);
  cx_strides(rank, rdims, ostr);
  int64_t out_b = N / s->bgc;
  int64_t o_per_fg = O / s->fgc;
  int64_t o_per_bg = O / s->bgc;
  // Iterate: output batch b, output feature o, output spatial position.
  int64_t opos[MAX_SPATIAL];
  int64_t kpos[MAX_SPATIAL];
  for (int64_t b = 0; b < out_b; b++) {
    for (int64_t o = 0; o < O; o++) {
      int64_t fg = o / o_per_fg;
      int64_t bg = o / o_per_bg;
      int64_t in_b = bg * out_b + b;
      memset(opos, 0, sizeof(opos));
      do {
        int64_t oidx = b * ostr[dn->output_batch_dim] + o * ostr[dn->output_feature_dim];
        for (uint32_t i = 0; i < s->ns; i++) oidx += opos[i] * ostr[s->out_sp[i]];
        acc_t a;
        acc_zero(&a);
        bool any_k = true;
        for (uint32_t i = 0; i < s->ns; i++)
          if (ksz[i] == 0) any_k = false;
        memset(kpos, 0, sizeof(kpos));
        while (any_k && KI > 0) {
          // The lhs position matched with kernel position kpos: the window
          // is reversed where window_reversal says so.
          int64_t loff = in_b * lstr[dn->input_batch_dim];
          int64_t roff = o * rstr[dn->kernel_output_feature_dim];
          bool inside = true;
          for (uint32_t i = 0; i < s->ns && inside; i++) {
            int64_t w = s->reverse[i] ? ksz[i] - 1 - kpos[i] : kpos[i];
            int64_t p = opos[i] * s->stride[i] + w * s->rdil[i] - s->pad_lo[i];
            if (p < 0 || p % s->ldil[i] != 0) {
              inside = false;
              break;
            }
            int64_t q = p / s->ldil[i];
            if (q >= isz[i]) {
              inside = false;
              break;
            }
            loff += q * lstr[s->in_sp[i]];
            roff += kpos[i] * rstr[s->k_sp[i]];
          }
          if (inside) {
            for (int64_t ci = 0; ci < KI; ci++) {
              int64_t c = fg * KI + ci;
              acc_mac(&cfg, &a, &L, loff + c * lstr[dn->input_feature_dim], &R,
                      roff + ci * rstr[dn->kernel_input_feature_dim]);
            }
          }
          if (!cx_next_index(s->ns, ksz, kpos)) break;
        }
        acc_store(&cfg, &a, res, oidx);
      } while (cx_next_index(s->ns, osz, opos));
    }
  }
done:
  numbuf_free(&L);
  numbuf_free(&R);
  return cx_tensor_finish(st, res, out);
}

static cx_status_t conv_float_fn(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                 const cx_type_t* const* result_elems, cx_tensor_t** results,
                                 void* user_data) {
  (void)ev;
  return conv_compute(op, args[0], args[1], (const conv_spec_t*)user_data, result_elems[0],
                      &results[0]);
}

static cx_status_t run_conv(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                            cx_tensor_t** results, conv_spec_t* s) {
  // Budget: each output element is a window of the kernel for one output
  // feature (at most the kernel's elements over its output features).
  const cx_tensor_t* k = args[1];
  if (k->kind == CX_VALUE_TENSOR) {
    int64_t of = s->dn.kernel_output_feature_dim;
    uint64_t per = tensor_elements(k);
    if (of >= 0 && of < (int64_t)k->rank && k->dims[of] > 0) per /= (uint64_t)k->dims[of];
    CX_RETURN_IF_ERROR(charge_products(ev, op, per, sat_mul(tensor_elements(args[0]), per)));
  }
  if (cx_op_is_quantized(op))
    return cx_eval_dequantize_op_quantize(ev, op, args, results, conv_float_fn, s);
  return conv_compute(op, args[0], args[1], s, op->results[0].type->tensor.element, &results[0]);
}

static cx_status_t eval_convolution(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                    cx_tensor_t** results) {
  conv_spec_t s;
  CX_RETURN_IF_ERROR(conv_read_attrs(ev, op, &s));
  int64_t pads[2 * MAX_SPATIAL];
  CX_RETURN_IF_ERROR(cx_eval_get_ints_or(ev, op, CX_NAME_padding, 2 * s.ns, pads));
  CX_RETURN_IF_ERROR(conv_set_padding(op, &s, pads, 2 * s.ns));
  return run_conv(ev, op, args, results, &s);
}

// dynamic_conv: convolution whose padding is the third operand (an Nx2
// integer tensor).
static cx_status_t eval_dynamic_conv(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                     cx_tensor_t** results) {
  conv_spec_t s;
  CX_RETURN_IF_ERROR(conv_read_attrs(ev, op, &s));
  const cx_tensor_t* p = args[2];
  if (p->kind != CX_VALUE_TENSOR || !cx_elem_is_integer(p->elem) ||
      p->num_elements != 2 * (int64_t)s.ns)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "padding operand must be a %ux2 integer tensor",
                         s.ns);
  int64_t pads[2 * MAX_SPATIAL];
  for (int64_t i = 0; i < p->num_elements; i++) pads[i] = cx_load_int(p->elem, cx_tensor_at(p, i));
  CX_RETURN_IF_ERROR(conv_set_padding(op, &s, pads, 2 * s.ns));
  // The quantized path sees all operands; only lhs and rhs are dequantized.
  return run_conv(ev, op, args, results, &s);
}

// ---- einsum ----------------------------------------------------------------------

// Evaluates an einsum of one or two operands directly from its definition:
// output[out labels] = sum over the other labels of the product of the
// operands at their labels (repeated labels take diagonals).
static cx_status_t einsum_compute(cx_eval_t* ev, const cx_op_t* op, uint32_t nops,
                                  cx_tensor_t* const* ops, const char* config,
                                  const cx_type_t* relem, cx_tensor_t** out) {
  *out = NULL;
  uint32_t ranks[2] = {0, 0};
  for (uint32_t k = 0; k < nops; k++) {
    if (ops[k]->kind != CX_VALUE_TENSOR)
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "operands must be tensors");
    ranks[k] = ops[k]->rank;
  }
  cx_einsum_term_t terms[2], oterm;
  const char* bad = cx_einsum_parse(config, nops, ranks, terms, &oterm);
  if (bad) return cx_eval_error(op, CX_INVALID_ARGUMENT, "%s (\"%s\")", bad, config);

  // Label sizes; ellipsis dims of size 1 broadcast.
  int64_t size_of[CX_EINSUM_LABELS];
  bool known[CX_EINSUM_LABELS];
  memset(known, 0, sizeof(known));
  for (uint32_t k = 0; k < nops; k++) {
    for (uint32_t d = 0; d < terms[k].n; d++) {
      int l = terms[k].labels[d];
      int64_t sz = ops[k]->dims[d];
      if (!known[l]) {
        known[l] = true;
        size_of[l] = sz;
      } else if (size_of[l] != sz) {
        if (l >= CX_EINSUM_ELLIPSIS && (sz == 1 || size_of[l] == 1)) {
          if (size_of[l] == 1) size_of[l] = sz;
        } else {
          return cx_eval_error(op, CX_INVALID_ARGUMENT, "einsum label '%c' has sizes %lld and %lld",
                               l < CX_EINSUM_ELLIPSIS ? (char)l : '.', (long long)size_of[l],
                               (long long)sz);
        }
      }
    }
  }
  int64_t rdims[CX_MAX_RANK];
  for (uint32_t d = 0; d < oterm.n; d++) {
    int l = oterm.labels[d];
    if (!known[l])
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "einsum output label '%c' is not an input label",
                           (char)l);
    for (uint32_t e = 0; e < d; e++)
      if (oterm.labels[e] == l)
        return cx_eval_error(op, CX_INVALID_ARGUMENT, "einsum output repeats a label");
    rdims[d] = size_of[l];
  }
  // Summed labels: known but not in the output.
  int sum_labels[2 * CX_MAX_RANK];
  int64_t sum_dims[2 * CX_MAX_RANK];
  uint32_t nsum = 0;
  for (int l = 0; l < CX_EINSUM_LABELS; l++) {
    if (!known[l]) continue;
    bool in_out = false;
    for (uint32_t d = 0; d < oterm.n; d++) in_out |= oterm.labels[d] == l;
    if (!in_out) {
      if (nsum == CX_MAX_RANK)
        return cx_eval_error(op, CX_UNIMPLEMENTED, "too many summed einsum labels");
      sum_labels[nsum] = l;
      sum_dims[nsum++] = size_of[l];
    }
  }

  cx_elem_t re = cx_type_elem(relem);
  num_mode_t mode = NUM_INT;
  CX_RETURN_IF_ERROR(mode_for(op, re, &mode));
  acc_cfg_t cfg = {mode, default_acc_elem(re)};
  // Budget: the result's size (its labels come from the operands, not the
  // declared type), and one product per result element and summed index.
  CX_RETURN_IF_ERROR(cx_eval_check_size(ev, op, cx_elem_storage_size(re), oterm.n, rdims));
  uint64_t work = 1;
  for (uint32_t d = 0; d < oterm.n; d++) work = sat_mul(work, (uint64_t)rdims[d]);
  for (uint32_t i = 0; i < nsum; i++) work = sat_mul(work, (uint64_t)sum_dims[i]);
  CX_RETURN_IF_ERROR(cx_eval_charge(ev, op, work));
  cx_tensor_t* res;
  CX_RETURN_IF_ERROR(cx_tensor_create(ev->allocator, relem, oterm.n, rdims, &res));
  numbuf_t B[2];
  memset(B, 0, sizeof(B));
  // For unary einsum the "rhs" is the constant 1 of the mode.
  numbuf_t one;
  memset(&one, 0, sizeof(one));
  int64_t one_i = 1;
  double one_f = 1;
  cx_complex_t one_c = {1, 0};
  one.i = &one_i;
  one.f = &one_f;
  one.c = &one_c;
  cx_status_t st = NULL;
  for (uint32_t k = 0; k < nops && !st; k++)
    st = numbuf_load(op, ops[k], mode, CX_ELEM_INVALID, &B[k]);
  if (st || res->num_elements == 0) goto done;
  int64_t strides[2][CX_MAX_RANK];
  for (uint32_t k = 0; k < nops; k++) cx_strides(ops[k]->rank, ops[k]->dims, strides[k]);
  int64_t value_of[CX_EINSUM_LABELS];
  int64_t oidx[CX_MAX_RANK] = {0};
  int64_t pos = 0;
  do {
    for (uint32_t d = 0; d < oterm.n; d++) value_of[oterm.labels[d]] = oidx[d];
    acc_t a;
    acc_zero(&a);
    int64_t sidx[2 * CX_MAX_RANK] = {0};
    bool empty = false;
    for (uint32_t j = 0; j < nsum; j++) empty |= sum_dims[j] == 0;
    while (!empty) {
      for (uint32_t j = 0; j < nsum; j++) value_of[sum_labels[j]] = sidx[j];
      int64_t off[2] = {0, 0};
      for (uint32_t k = 0; k < nops; k++)
        for (uint32_t d = 0; d < terms[k].n; d++) {
          int64_t v = value_of[terms[k].labels[d]];
          if (ops[k]->dims[d] == 1) v = 0;  // broadcast ellipsis dim
          off[k] += v * strides[k][d];
        }
      if (nops == 2) acc_mac(&cfg, &a, &B[0], off[0], &B[1], off[1]);
      else acc_mac(&cfg, &a, &B[0], off[0], &one, 0);
      if (!cx_next_index(nsum, sum_dims, sidx)) break;
    }
    acc_store(&cfg, &a, res, pos++);
  } while (cx_next_index(oterm.n, rdims, oidx));
done:
  for (uint32_t k = 0; k < nops; k++) numbuf_free(&B[k]);
  return cx_tensor_finish(st, res, out);
}

typedef struct einsum_ctx {
  const char* config;
  uint32_t nops;
} einsum_ctx_t;

static cx_status_t einsum_float_fn(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                   const cx_type_t* const* result_elems, cx_tensor_t** results,
                                   void* user_data) {
  const einsum_ctx_t* c = user_data;
  return einsum_compute(ev, op, c->nops, args, c->config, result_elems[0], &results[0]);
}

// einsum takes two operands, unary_einsum one.
static cx_status_t eval_einsum(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                               cx_tensor_t** results) {
  uint32_t nops = op->kind == CX_OP_EINSUM ? 2 : 1;
  if (op->num_operands != nops || op->num_results != 1)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "expects %u operand(s) and one result", nops);
  const cx_attr_t* cfg = get_attr(ev, op, CX_NAME_einsum_config);
  if (!cfg || cfg->kind != CX_ATTR_STRING)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "needs a string einsum_config");
  einsum_ctx_t c = {cfg->str.data, nops};
  if (cx_op_is_quantized(op))
    return cx_eval_dequantize_op_quantize(ev, op, args, results, einsum_float_fn, &c);
  const cx_type_t* rt = op->results[0].type;
  if (!cx_type_is_tensor(rt)) return cx_eval_error(op, CX_INVALID_ARGUMENT, "result must be a tensor");
  return einsum_compute(ev, op, nops, args, c.config, rt->tensor.element, &results[0]);
}

// ---- dispatch ----------------------------------------------------------------------

// cx_eval_family_DOT_CONV: its ops by kind.
CX_EVAL_FAMILY_ROWS(DOT_CONV, "dot or convolution", false,
    CX_EVAL_ANY_OPERANDS(CX_OP_DOT_GENERAL, eval_dot_general),
    CX_EVAL_ANY_OPERANDS(CX_OP_DOT, eval_dot),
    CX_EVAL_ANY_OPERANDS(CX_OP_CONVOLUTION, eval_convolution),
    CX_EVAL_ANY_OPERANDS(CX_OP_DYNAMIC_CONV, eval_dynamic_conv),
    CX_EVAL_ANY_OPERANDS(CX_OP_EINSUM, eval_einsum),
    CX_EVAL_ANY_OPERANDS(CX_OP_UNARY_EINSUM, eval_einsum))
