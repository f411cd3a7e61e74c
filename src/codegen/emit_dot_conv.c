// Generated code for dot products and convolutions (cg_dot_conv.h): the
// element of a dot_general / dot / convolution / dynamic_conv / einsum /
// unary_einsum result at a multi-index, as a loop over the contracting
// dimensions (or the window and input features) that accumulates exactly as
// the interpreter does; and the strided-copy kernel the compiler puts in
// front of GEMMs whose operands strides cannot describe.
//
// The compiler sends dots and convolutions the runtime's kernels take (f32,
// f64, bf16, f16, i8 in the layouts strides express) to those kernels; this
// code is the rest: every other element type, the dot algorithms' roundings,
// and the layouts and windows the kernels lack.
#include <stdlib.h>
#include <string.h>

#include "codegen/cg_dot_conv.h"
#include "codegen/cg_internal.h"
#include "ir/attr_ints.h"
#include "ir/einsum.h"

// ---- attributes ----------------------------------------------------------------------

static bool copy_list(const cx_i64_list_t* l, int64_t* out, uint32_t* n) {
  if (l->len > CX_MAX_RANK) return false;
  for (uint32_t i = 0; i < l->len; i++) out[i] = l->data[i];
  *n = l->len;
  return true;
}

// The dims of a tensor of `rank` that are in neither list, in order.
static uint32_t free_dims(uint32_t rank, const int64_t* a, uint32_t na, const int64_t* b,
                          uint32_t nb, int64_t* out) {
  bool used[CX_MAX_RANK] = {false};
  for (uint32_t i = 0; i < na; i++)
    if (a[i] >= 0 && a[i] < (int64_t)rank) used[a[i]] = true;
  for (uint32_t i = 0; i < nb; i++)
    if (b[i] >= 0 && b[i] < (int64_t)rank) used[b[i]] = true;
  uint32_t n = 0;
  for (uint32_t d = 0; d < rank; d++)
    if (!used[d]) out[n++] = d;
  return n;
}

bool cx_dot_spec_read(cx_context_t* ctx, const cx_op_t* op, cx_dot_spec_t* s) {
  memset(s, 0, sizeof(*s));
  if (op->num_operands < 2) return false;
  const cx_type_t* lt = cx_op_operand((cx_op_t*)op, 0)->type;
  const cx_type_t* rt = cx_op_operand((cx_op_t*)op, 1)->type;
  if (!cx_type_is_tensor(lt) || !cx_type_is_tensor(rt)) return false;
  uint32_t lrank = lt->tensor.rank, rrank = rt->tensor.rank;
  if (op->kind == CX_OP_DOT) {
    if (lrank < 1 || rrank < 1) return false;
    s->nc = 1;
    s->lc[0] = lrank - 1;
    s->rc[0] = 0;
  } else {
    const cx_dot_dims_t* d = NULL;
    if (op->kind == CX_OP_DOT_GENERAL) {
      const cx_attr_t* a = cx_op_attr(op, cx_name(ctx, CX_NAME_dot_dimension_numbers));
      if (!a || a->kind != CX_ATTR_DOT) return false;
      d = &a->dot;
      const cx_attr_t* alg = cx_op_attr(op, cx_name(ctx, CX_NAME_algorithm));
      if (alg && alg->kind == CX_ATTR_DOT_ALGORITHM) s->algorithm = &alg->dot_algorithm;
    } else if (op->kind == CX_OP_CHLO_RAGGED_DOT) {
      const cx_attr_t* a = cx_op_attr(op, cx_name(ctx, CX_NAME_ragged_dot_dimension_numbers));
      if (!a || a->kind != CX_ATTR_RAGGED_DOT) return false;
      d = &a->ragged_dot.dot;
    } else {
      return false;
    }
    uint32_t n1, n2, n3, n4;
    if (!copy_list(&d->lhs_batching_dims, s->lb, &n1) ||
        !copy_list(&d->rhs_batching_dims, s->rb, &n2) ||
        !copy_list(&d->lhs_contracting_dims, s->lc, &n3) ||
        !copy_list(&d->rhs_contracting_dims, s->rc, &n4) || n1 != n2 || n3 != n4)
      return false;
    s->nb = n1;
    s->nc = n3;
  }
  for (uint32_t i = 0; i < s->nb; i++)
    if (s->lb[i] < 0 || s->lb[i] >= (int64_t)lrank || s->rb[i] < 0 || s->rb[i] >= (int64_t)rrank)
      return false;
  for (uint32_t i = 0; i < s->nc; i++)
    if (s->lc[i] < 0 || s->lc[i] >= (int64_t)lrank || s->rc[i] < 0 || s->rc[i] >= (int64_t)rrank)
      return false;
  s->nlf = free_dims(lrank, s->lb, s->nb, s->lc, s->nc, s->lf);
  s->nrf = free_dims(rrank, s->rb, s->nb, s->rc, s->nc, s->rf);
  return true;
}

bool cx_conv_spec_read(cx_context_t* ctx, const cx_op_t* op, cx_conv_spec_t* s) {
  memset(s, 0, sizeof(*s));
  if (op->kind != CX_OP_CONVOLUTION && op->kind != CX_OP_DYNAMIC_CONV) return false;
  const cx_attr_t* dn = cx_op_attr(op, cx_name(ctx, CX_NAME_dimension_numbers));
  if (!dn || dn->kind != CX_ATTR_CONV) return false;
  const cx_conv_dims_t* c = &dn->conv;
  uint32_t n1, n2, n3;
  if (!copy_list(&c->input_spatial_dims, s->in_sp, &n1) ||
      !copy_list(&c->kernel_spatial_dims, s->k_sp, &n2) ||
      !copy_list(&c->output_spatial_dims, s->out_sp, &n3) || n1 != n2 || n1 != n3 ||
      n1 + 2 > CX_MAX_RANK)
    return false;
  s->ns = n1;
  s->in_batch = c->input_batch_dim;
  s->in_feature = c->input_feature_dim;
  s->k_in = c->kernel_input_feature_dim;
  s->k_out = c->kernel_output_feature_dim;
  s->out_batch = c->output_batch_dim;
  s->out_feature = c->output_feature_dim;
  struct {
    cx_name_id_t id;
    int64_t* dst;
  } lists[] = {{CX_NAME_window_strides, s->stride},
               {CX_NAME_lhs_dilation, s->lhs_dil},
               {CX_NAME_rhs_dilation, s->rhs_dil}};
  for (size_t k = 0; k < sizeof(lists) / sizeof(lists[0]); k++) {
    uint32_t n;
    if (!cx_op_get_ints(ctx, op, lists[k].id, lists[k].dst, CX_MAX_RANK, &n) || n == 0) {
      for (uint32_t i = 0; i < s->ns; i++) lists[k].dst[i] = 1;
    } else if (n != s->ns) {
      return false;
    }
    for (uint32_t i = 0; i < s->ns; i++)
      if (lists[k].dst[i] < 1) return false;
  }
  if (cx_op_attr(op, cx_name(ctx, CX_NAME_window_reversal))) {
    int64_t r[CX_MAX_RANK];
    uint32_t n;
    if (!cx_op_get_ints(ctx, op, CX_NAME_window_reversal, r, CX_MAX_RANK, &n)) return false;
    if (n && n != s->ns) return false;
    for (uint32_t i = 0; i < n; i++) s->reverse[i] = r[i] != 0;
  }
  if (!cx_op_get_int(ctx, op, CX_NAME_feature_group_count, &s->feature_groups))
    s->feature_groups = 1;
  if (!cx_op_get_int(ctx, op, CX_NAME_batch_group_count, &s->batch_groups)) s->batch_groups = 1;
  if (s->feature_groups < 1 || s->batch_groups < 1) return false;
  if (op->kind == CX_OP_CONVOLUTION) {
    int64_t pads[2 * CX_MAX_RANK];
    uint32_t n;
    if (!cx_op_get_ints(ctx, op, CX_NAME_padding, pads, 2 * CX_MAX_RANK, &n) || n == 0) {
      n = 0;
    } else if (n != 2 * s->ns) {
      return false;
    }
    for (uint32_t i = 0; i < s->ns; i++) {
      s->pad_lo[i] = n ? pads[2 * i] : 0;
      s->pad_hi[i] = n ? pads[2 * i + 1] : 0;
    }
    s->has_padding = true;
  }
  return true;
}

// ---- accumulation ----------------------------------------------------------------------
//
// The interpreter's acc_t in generated code. FLOAT sums are kept in double
// (rounded where the interpreter rounds) except in the common case of f32
// accumulation of operands that are f32 values already, which is done in
// f32 directly: one f32 operation on f32 values rounds as the double
// operation rounded to f32 does.

typedef enum dc_mode { DC_INT, DC_BOOL, DC_FLOAT, DC_COMPLEX } dc_mode_t;

typedef struct dc_cfg {
  dc_mode_t mode;
  cx_elem_t result;
  cx_elem_t round_acc;       // CX_ELEM_INVALID: no rounding (double)
  cx_elem_t lround, rround;  // the algorithm's precision types, or INVALID
  cx_elem_t le, re;          // the operands' element types
  bool fast32;
  LLVMTypeRef t;             // the accumulator's type
} dc_cfg_t;

static bool narrow_float(cx_elem_t e) {
  return cx_elem_is_float(e) && e != CX_ELEM_F64;
}

// False (with a message) when the interpreter rejects the combination.
static const char* dc_cfg_init(cx_cg_t* cg, cx_elem_t result, cx_elem_t le, cx_elem_t re,
                               const cx_dot_algorithm_t* alg, dc_cfg_t* c) {
  memset(c, 0, sizeof(*c));
  c->result = result;
  c->le = le;
  c->re = re;
  c->round_acc = CX_ELEM_INVALID;
  c->lround = c->rround = CX_ELEM_INVALID;
  if (cx_elem_is_complex(result)) {
    c->mode = DC_COMPLEX;
    if (result == CX_ELEM_C64) c->round_acc = CX_ELEM_F32;
  } else if (cx_elem_is_float(result)) {
    c->mode = DC_FLOAT;
    if (result != CX_ELEM_F64) c->round_acc = CX_ELEM_F32;
  } else if (result == CX_ELEM_I1) {
    c->mode = DC_BOOL;
  } else if (cx_elem_is_integer(result)) {
    c->mode = DC_INT;
  } else {
    return "has an unsupported result element type";
  }
  cx_elem_t ops[2] = {le, re};
  for (int i = 0; i < 2; i++) {
    if ((c->mode == DC_INT || c->mode == DC_BOOL) && !cx_elem_is_integer(ops[i]))
      return "has non-integer operands with an integer result";
    if (c->mode == DC_FLOAT && !cx_elem_is_integer(ops[i]) && !cx_elem_is_float(ops[i]))
      return "has complex operands with a real result";
  }
  if (alg && (c->mode == DC_FLOAT || c->mode == DC_COMPLEX)) {
    if (alg->lhs_precision_type && cx_elem_is_float(cx_type_elem(alg->lhs_precision_type)))
      c->lround = cx_type_elem(alg->lhs_precision_type);
    if (alg->rhs_precision_type && cx_elem_is_float(cx_type_elem(alg->rhs_precision_type)))
      c->rround = cx_type_elem(alg->rhs_precision_type);
    if (alg->accumulation_type && cx_elem_is_float(cx_type_elem(alg->accumulation_type))) {
      cx_elem_t ae = cx_type_elem(alg->accumulation_type);
      c->round_acc = ae == CX_ELEM_F64 ? CX_ELEM_INVALID : ae;
    }
  }
  c->fast32 = c->mode == DC_FLOAT && c->round_acc == CX_ELEM_F32 && narrow_float(le) &&
              narrow_float(re) && c->lround == CX_ELEM_INVALID && c->rround == CX_ELEM_INVALID;
  switch (c->mode) {
    case DC_INT: c->t = LLVMIntTypeInContext(cg->ctx, (unsigned)cx_elem_bit_width(result)); break;
    case DC_BOOL: c->t = cg->t_i1; break;
    case DC_FLOAT: c->t = c->fast32 ? cg->t_f32 : cg->t_f64; break;
    case DC_COMPLEX: {
      LLVMTypeRef parts[] = {cg->t_f64, cg->t_f64};
      c->t = LLVMStructTypeInContext(cg->ctx, parts, 2, 0);
      break;
    }
  }
  return NULL;
}

// A double rounded to the float format `e` (kept in double).
static LLVMValueRef round_double(cx_cg_kernel_t* k, cx_elem_t e, LLVMValueRef v) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  switch (e) {
    case CX_ELEM_INVALID:
    case CX_ELEM_F64: return v;
    case CX_ELEM_F32: return LLVMBuildFPExt(b, LLVMBuildFPTrunc(b, v, cg->t_f32, ""), cg->t_f64, "");
    case CX_ELEM_F16: return LLVMBuildFPExt(b, LLVMBuildFPTrunc(b, v, cg->t_f16, ""), cg->t_f64, "");
    default: {
      LLVMValueRef args[] = {cx_cg_i32(cg, (int32_t)e), v};
      LLVMValueRef bits =
          cx_cg_call_import(cg, k->imports, CX_KI_STORE_FLOAT, CX_CG_SIG_STOREF, args, 2);
      LLVMValueRef args2[] = {cx_cg_i32(cg, (int32_t)e), bits};
      return cx_cg_call_import(cg, k->imports, CX_KI_LOAD_FLOAT, CX_CG_SIG_LOADF, args2, 2);
    }
  }
}

static LLVMValueRef real_to_double(cx_cg_t* cg, cx_elem_t e, LLVMValueRef x) {
  LLVMBuilderRef b = cg->b;
  if (e == CX_ELEM_F64) return x;
  if (cx_elem_is_float(e)) return LLVMBuildFPExt(b, x, cg->t_f64, "");
  if (e == CX_ELEM_I1 || cx_elem_is_unsigned_int(e)) return LLVMBuildUIToFP(b, x, cg->t_f64, "");
  return LLVMBuildSIToFP(b, x, cg->t_f64, "");
}

// An operand element (compute type of `e`) in the accumulation's domain.
static LLVMValueRef dc_operand(cx_cg_kernel_t* k, const dc_cfg_t* c, cx_elem_t e, cx_elem_t round,
                               LLVMValueRef x) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  switch (c->mode) {
    case DC_INT: {
      unsigned w = LLVMGetIntTypeWidth(c->t), xw = LLVMGetIntTypeWidth(LLVMTypeOf(x));
      if (xw == w) return x;
      if (xw > w) return LLVMBuildTrunc(b, x, c->t, "");
      return e == CX_ELEM_I1 || cx_elem_is_unsigned_int(e) ? LLVMBuildZExt(b, x, c->t, "")
                                                            : LLVMBuildSExt(b, x, c->t, "");
    }
    case DC_BOOL:
      return LLVMBuildICmp(b, LLVMIntNE, x, LLVMConstInt(LLVMTypeOf(x), 0, 0), "");
    case DC_FLOAT:
      if (c->fast32) return x;
      return round_double(k, round, real_to_double(cg, e, x));
    case DC_COMPLEX: {
      LLVMValueRef re, im;
      if (cx_elem_is_complex(e)) {
        cx_elem_t part = cx_elem_complex_component(e);
        re = real_to_double(cg, part, cx_cg_re(cg, x));
        im = real_to_double(cg, part, cx_cg_im(cg, x));
      } else {
        re = real_to_double(cg, e, x);
        im = LLVMConstReal(cg->t_f64, 0.0);
      }
      return cx_cg_complex(cg, c->t, round_double(k, round, re), round_double(k, round, im));
    }
  }
  return x;
}

static LLVMValueRef dc_zero(const dc_cfg_t* c) { return LLVMConstNull(c->t); }

// The multiplicative identity (unary einsum multiplies by it).
static LLVMValueRef dc_one(cx_cg_t* cg, const dc_cfg_t* c) {
  switch (c->mode) {
    case DC_INT:
    case DC_BOOL: return LLVMConstInt(c->t, 1, 0);
    case DC_FLOAT: return LLVMConstReal(c->t, 1.0);
    case DC_COMPLEX: {
      LLVMValueRef parts[] = {LLVMConstReal(cg->t_f64, 1.0), LLVMConstReal(cg->t_f64, 0.0)};
      return LLVMConstStructInContext(cg->ctx, parts, 2, 0);
    }
  }
  return NULL;
}

// An accumulator: a stack slot in the entry block (promoted to a register
// by LLVM), zeroed where the caller is.
static LLVMValueRef dc_acc_new(cx_cg_kernel_t* k, const dc_cfg_t* c) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  LLVMBasicBlockRef here = LLVMGetInsertBlock(b);
  LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(k->fn);
  LLVMValueRef first = LLVMGetFirstInstruction(entry);
  if (first) LLVMPositionBuilderBefore(b, first);
  else LLVMPositionBuilderAtEnd(b, entry);
  LLVMValueRef slot = LLVMBuildAlloca(b, c->t, "acc");
  LLVMPositionBuilderAtEnd(b, here);
  LLVMBuildStore(b, dc_zero(c), slot);
  return slot;
}

// acc += l * r with the interpreter's roundings.
static void dc_mac(cx_cg_kernel_t* k, const dc_cfg_t* c, LLVMValueRef acc, LLVMValueRef l,
                   LLVMValueRef r) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  LLVMValueRef a = LLVMBuildLoad2(b, c->t, acc, "");
  LLVMValueRef n;
  switch (c->mode) {
    case DC_INT: n = LLVMBuildAdd(b, a, LLVMBuildMul(b, l, r, ""), ""); break;
    case DC_BOOL: n = LLVMBuildOr(b, a, LLVMBuildAnd(b, l, r, ""), ""); break;
    case DC_FLOAT: {
      LLVMValueRef p = LLVMBuildFMul(b, l, r, "");
      if (c->fast32) {
        n = LLVMBuildFAdd(b, a, p, "");
      } else {
        p = round_double(k, c->round_acc, p);
        n = round_double(k, c->round_acc, LLVMBuildFAdd(b, a, p, ""));
      }
      break;
    }
    case DC_COMPLEX: {
      cx_elem_t e = c->round_acc;
      LLVMValueRef xr = cx_cg_re(cg, l), xi = cx_cg_im(cg, l);
      LLVMValueRef yr = cx_cg_re(cg, r), yi = cx_cg_im(cg, r);
      LLVMValueRef rr = round_double(k, e, LLVMBuildFMul(b, xr, yr, ""));
      LLVMValueRef ii = round_double(k, e, LLVMBuildFMul(b, xi, yi, ""));
      LLVMValueRef ri = round_double(k, e, LLVMBuildFMul(b, xr, yi, ""));
      LLVMValueRef ir = round_double(k, e, LLVMBuildFMul(b, xi, yr, ""));
      LLVMValueRef pre = round_double(k, e, LLVMBuildFSub(b, rr, ii, ""));
      LLVMValueRef pim = round_double(k, e, LLVMBuildFAdd(b, ri, ir, ""));
      LLVMValueRef sre = round_double(k, e, LLVMBuildFAdd(b, cx_cg_re(cg, a), pre, ""));
      LLVMValueRef sim = round_double(k, e, LLVMBuildFAdd(b, cx_cg_im(cg, a), pim, ""));
      n = cx_cg_complex(cg, c->t, sre, sim);
      break;
    }
    default: n = a; break;
  }
  LLVMBuildStore(b, n, acc);
}

// The accumulated value as an element of the result (its compute type,
// holding a value of the result type, as every op's elements do).
static LLVMValueRef dc_finish(cx_cg_kernel_t* k, const dc_cfg_t* c, LLVMValueRef acc) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  LLVMValueRef a = LLVMBuildLoad2(b, c->t, acc, "");
  switch (c->mode) {
    case DC_INT:
    case DC_BOOL: return a;
    case DC_FLOAT: {
      if (c->result == CX_ELEM_F64) return a;
      LLVMValueRef v = a;
      if (!c->fast32) {
        // An f32 sum holds an f32 value already; a double one is rounded
        // once, to the result type (the interpreter stores the double).
        if (c->round_acc == CX_ELEM_INVALID) v = round_double(k, c->result, v);
        v = LLVMBuildFPTrunc(b, v, cg->t_f32, "");
      }
      return cx_cg_round_to_elem(cg, k->imports, c->result, v);
    }
    case DC_COMPLEX: {
      if (c->result == CX_ELEM_C128) return a;
      LLVMTypeRef ct = cx_cg_compute_type(cg, c->result);
      return cx_cg_complex(cg, ct, LLVMBuildFPTrunc(b, cx_cg_re(cg, a), cg->t_f32, ""),
                           LLVMBuildFPTrunc(b, cx_cg_im(cg, a), cg->t_f32, ""));
    }
  }
  return a;
}

static cx_status_t op_error(const cx_op_t* op, cx_status_code_t code, const char* what) {
  char loc[256];
  cx_loc_format(op->loc, loc, sizeof loc);
  return cx_status_with_location(
      CX_ERROR(code, "'%s' op %s", op->name ? op->name : cx_op_info(op->kind)->name, what), loc);
}

static const int64_t* dims_of(const cx_value_t* v) { return v->type->tensor.dims; }
static uint32_t rank_of(const cx_value_t* v) { return v->type->tensor.rank; }
static cx_elem_t elem_of(const cx_value_t* v) { return cx_tensor_elem(v->type); }

// ---- dot_general / dot -----------------------------------------------------------------

static LLVMValueRef emit_dot(cx_cg_kernel_t* k, cx_op_t* op, const cx_cg_index_t* index) {
  cx_cg_t* cg = k->cg;
  cx_value_t* lhs = cx_op_operand(op, 0);
  cx_value_t* rhs = cx_op_operand(op, 1);
  cx_value_t* r = cx_op_result(op, 0);
  cx_dot_spec_t s;
  if (!cx_dot_spec_read(cg->ir, op, &s))
    return cx_cg_fail(k, op_error(op, CX_INVALID_ARGUMENT, "has malformed dimension numbers"), r);
  dc_cfg_t c;
  const char* why = dc_cfg_init(cg, elem_of(r), elem_of(lhs), elem_of(rhs), s.algorithm, &c);
  if (why) return cx_cg_fail(k, op_error(op, CX_UNIMPLEMENTED, why), r);
  LLVMValueRef acc = dc_acc_new(k, &c);
  cx_cg_index_t* li = cx_cg_index_new(k, rank_of(lhs));
  cx_cg_index_t* ri = cx_cg_index_new(k, rank_of(rhs));
  if (k->status) return cx_cg_fail(k, NULL, r);
  for (uint32_t i = 0; i < s.nb; i++) {
    li->v[s.lb[i]] = index->v[i];
    ri->v[s.rb[i]] = index->v[i];
  }
  for (uint32_t i = 0; i < s.nlf; i++) li->v[s.lf[i]] = index->v[s.nb + i];
  for (uint32_t i = 0; i < s.nrf; i++) ri->v[s.rf[i]] = index->v[s.nb + s.nlf + i];
  cx_cg_loop_t loops[CX_MAX_RANK];
  for (uint32_t i = 0; i < s.nc; i++) {
    LLVMValueRef iv = cx_cg_loop_begin(k, &loops[i], cx_cg_i64(cg, 0),
                                       cx_cg_i64(cg, dims_of(lhs)[s.lc[i]]), "kc");
    li->v[s.lc[i]] = iv;
    ri->v[s.rc[i]] = iv;
  }
  LLVMValueRef l = dc_operand(k, &c, c.le, c.lround, cx_cg_emit_element(k, lhs, li));
  LLVMValueRef x = dc_operand(k, &c, c.re, c.rround, cx_cg_emit_element(k, rhs, ri));
  dc_mac(k, &c, acc, l, x);
  for (uint32_t i = s.nc; i > 0; i--) cx_cg_loop_end(k, &loops[i - 1]);
  return dc_finish(k, &c, acc);
}

// ---- convolution / dynamic_conv --------------------------------------------------------

// if (cond) { ... }: the builder is left in the "then" block; the memo is
// scoped to it.
typedef struct dc_if {
  LLVMBasicBlockRef then_bb, join_bb;
  uint32_t memo_mark;
} dc_if_t;

static void dc_if_begin(cx_cg_kernel_t* k, dc_if_t* f, LLVMValueRef cond) {
  cx_cg_t* cg = k->cg;
  f->then_bb = LLVMAppendBasicBlockInContext(cg->ctx, k->fn, "then");
  f->join_bb = LLVMAppendBasicBlockInContext(cg->ctx, k->fn, "join");
  LLVMBuildCondBr(cg->b, cond, f->then_bb, f->join_bb);
  LLVMPositionBuilderAtEnd(cg->b, f->then_bb);
  f->memo_mark = cx_cg_memo_mark(k);
}

static void dc_if_end(cx_cg_kernel_t* k, dc_if_t* f) {
  cx_cg_memo_release(k, f->memo_mark);
  LLVMBuildBr(k->cg->b, f->join_bb);
  LLVMPositionBuilderAtEnd(k->cg->b, f->join_bb);
}

// An integer element as i64 (sign- or zero-extended).
static LLVMValueRef to_i64(cx_cg_t* cg, cx_elem_t e, LLVMValueRef x) {
  unsigned w = LLVMGetIntTypeWidth(LLVMTypeOf(x));
  if (w == 64) return x;
  if (w > 64) return LLVMBuildTrunc(cg->b, x, cg->t_i64, "");
  return e == CX_ELEM_I1 || cx_elem_is_unsigned_int(e) ? LLVMBuildZExt(cg->b, x, cg->t_i64, "")
                                                        : LLVMBuildSExt(cg->b, x, cg->t_i64, "");
}

static LLVMValueRef emit_conv(cx_cg_kernel_t* k, cx_op_t* op, const cx_cg_index_t* index) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  cx_value_t* lhs = cx_op_operand(op, 0);
  cx_value_t* rhs = cx_op_operand(op, 1);
  cx_value_t* r = cx_op_result(op, 0);
  cx_conv_spec_t s;
  if (!cx_conv_spec_read(cg->ir, op, &s))
    return cx_cg_fail(k, op_error(op, CX_INVALID_ARGUMENT, "has malformed window attributes"), r);
  dc_cfg_t c;
  const char* why = dc_cfg_init(cg, elem_of(r), elem_of(lhs), elem_of(rhs), NULL, &c);
  if (why) return cx_cg_fail(k, op_error(op, CX_UNIMPLEMENTED, why), r);
  const int64_t* ld = dims_of(lhs);
  const int64_t* kd = dims_of(rhs);
  int64_t N = ld[s.in_batch], KI = kd[s.k_in], O = kd[s.k_out];
  if (O % s.feature_groups || O % s.batch_groups || N % s.batch_groups)
    return cx_cg_fail(k, op_error(op, CX_INVALID_ARGUMENT, "has group counts that do not divide"), r);
  int64_t out_b = N / s.batch_groups, o_per_fg = O / s.feature_groups, o_per_bg = O / s.batch_groups;
  // Padding: the attribute's, or dynamic_conv's operand read here.
  LLVMValueRef pad_lo[CX_MAX_RANK];
  for (uint32_t i = 0; i < s.ns; i++) {
    if (s.has_padding) {
      pad_lo[i] = cx_cg_i64(cg, s.pad_lo[i]);
    } else {
      cx_value_t* p = cx_op_operand(op, 2);
      if (rank_of(p) != 2 || dims_of(p)[0] != (int64_t)s.ns || dims_of(p)[1] != 2 ||
          !cx_elem_is_integer(elem_of(p)))
        return cx_cg_fail(k, op_error(op, CX_INVALID_ARGUMENT, "padding must be an Nx2 integer tensor"), r);
      cx_cg_index_t* pi = cx_cg_index_new(k, 2);
      if (k->status) return cx_cg_fail(k, NULL, r);
      pi->v[0] = cx_cg_i64(cg, i);
      pi->v[1] = cx_cg_i64(cg, 0);
      pad_lo[i] = to_i64(cg, elem_of(p), cx_cg_emit_element(k, p, pi));
    }
  }
  LLVMValueRef acc = dc_acc_new(k, &c);
  cx_cg_index_t* li = cx_cg_index_new(k, rank_of(lhs));
  cx_cg_index_t* ki = cx_cg_index_new(k, rank_of(rhs));
  if (k->status) return cx_cg_fail(k, NULL, r);
  LLVMValueRef bidx = index->v[s.out_batch], o = index->v[s.out_feature];
  LLVMValueRef fg = LLVMBuildSDiv(b, o, cx_cg_i64(cg, o_per_fg ? o_per_fg : 1), "fg");
  LLVMValueRef bg = LLVMBuildSDiv(b, o, cx_cg_i64(cg, o_per_bg ? o_per_bg : 1), "bg");
  li->v[s.in_batch] = LLVMBuildAdd(b, LLVMBuildMul(b, bg, cx_cg_i64(cg, out_b), ""), bidx, "");
  ki->v[s.k_out] = o;
  LLVMValueRef c0 = LLVMBuildMul(b, fg, cx_cg_i64(cg, KI), "c0");
  // for kpos (row-major over the spatial dims): if inside: for ci: mac
  cx_cg_loop_t loops[CX_MAX_RANK + 1];
  LLVMValueRef inside = LLVMConstInt(cg->t_i1, 1, 0);
  for (uint32_t i = 0; i < s.ns; i++) {
    int64_t ksz = kd[s.k_sp[i]], isz = ld[s.in_sp[i]];
    LLVMValueRef kpos = cx_cg_loop_begin(k, &loops[i], cx_cg_i64(cg, 0), cx_cg_i64(cg, ksz), "kpos");
    ki->v[s.k_sp[i]] = kpos;
    LLVMValueRef w = s.reverse[i] ? LLVMBuildSub(b, cx_cg_i64(cg, ksz - 1), kpos, "") : kpos;
    LLVMValueRef p = LLVMBuildMul(b, index->v[s.out_sp[i]], cx_cg_i64(cg, s.stride[i]), "");
    p = LLVMBuildAdd(b, p, LLVMBuildMul(b, w, cx_cg_i64(cg, s.rhs_dil[i]), ""), "");
    p = LLVMBuildSub(b, p, pad_lo[i], "p");
    LLVMValueRef zero = cx_cg_i64(cg, 0);
    LLVMValueRef nonneg = LLVMBuildICmp(b, LLVMIntSGE, p, zero, "");
    LLVMValueRef pc = LLVMBuildSelect(b, nonneg, p, zero, "");
    LLVMValueRef q = pc, ok = nonneg;
    if (s.lhs_dil[i] != 1) {
      LLVMValueRef d = cx_cg_i64(cg, s.lhs_dil[i]);
      ok = LLVMBuildAnd(b, ok, LLVMBuildICmp(b, LLVMIntEQ, LLVMBuildSRem(b, pc, d, ""), zero, ""), "");
      q = LLVMBuildSDiv(b, pc, d, "q");
    }
    ok = LLVMBuildAnd(b, ok, LLVMBuildICmp(b, LLVMIntSLT, q, cx_cg_i64(cg, isz), ""), "");
    li->v[s.in_sp[i]] = q;
    inside = LLVMBuildAnd(b, inside, ok, "inside");
  }
  dc_if_t branch;
  dc_if_begin(k, &branch, inside);
  LLVMValueRef ci = cx_cg_loop_begin(k, &loops[s.ns], cx_cg_i64(cg, 0), cx_cg_i64(cg, KI), "ci");
  li->v[s.in_feature] = LLVMBuildAdd(b, c0, ci, "");
  ki->v[s.k_in] = ci;
  LLVMValueRef l = dc_operand(k, &c, c.le, CX_ELEM_INVALID, cx_cg_emit_element(k, lhs, li));
  LLVMValueRef x = dc_operand(k, &c, c.re, CX_ELEM_INVALID, cx_cg_emit_element(k, rhs, ki));
  dc_mac(k, &c, acc, l, x);
  cx_cg_loop_end(k, &loops[s.ns]);
  dc_if_end(k, &branch);
  for (uint32_t i = s.ns; i > 0; i--) cx_cg_loop_end(k, &loops[i - 1]);
  return dc_finish(k, &c, acc);
}

// ---- einsum / unary_einsum -------------------------------------------------------------
//
// Evaluated from the definition, as the interpreter does: output[out
// labels] = sum over the other labels (in increasing label order, row-major)
// of the product of the operands at their labels; repeated labels take
// diagonals; "..." stands for the leading dims an operand has beyond its
// letters, aligned at their trailing end, and dims of size 1 broadcast.

typedef struct einsum_plan {
  uint32_t nops;
  cx_einsum_term_t terms[2], out;
  uint32_t nsum;
  int sum_labels[CX_MAX_RANK];
  int64_t sum_dims[CX_MAX_RANK];
} einsum_plan_t;

static const char* einsum_plan(cx_cg_t* cg, cx_op_t* op, einsum_plan_t* p) {
  memset(p, 0, sizeof(*p));
  const cx_attr_t* cfg = cx_op_attr(op, cx_name(cg->ir, CX_NAME_einsum_config));
  if (!cfg || cfg->kind != CX_ATTR_STRING) return "needs a string einsum_config";
  p->nops = op->kind == CX_OP_EINSUM ? 2 : 1;
  uint32_t ranks[2] = {rank_of(cx_op_operand(op, 0)),
                       p->nops == 2 ? rank_of(cx_op_operand(op, 1)) : 0};
  const char* bad = cx_einsum_parse(cfg->str.data, p->nops, ranks, p->terms, &p->out);
  if (bad) return bad;
  int64_t size_of[CX_EINSUM_LABELS];
  bool known[CX_EINSUM_LABELS] = {false};
  for (uint32_t k = 0; k < p->nops; k++) {
    const int64_t* d = dims_of(cx_op_operand(op, k));
    for (uint32_t i = 0; i < p->terms[k].n; i++) {
      int l = p->terms[k].labels[i];
      if (!known[l] || size_of[l] == 1) size_of[l] = d[i];
      else if (d[i] != size_of[l] && !(l >= CX_EINSUM_ELLIPSIS && d[i] == 1))
        return "has einsum labels of different sizes";
      known[l] = true;
    }
  }
  for (uint32_t i = 0; i < p->out.n; i++)
    if (!known[p->out.labels[i]]) return "has an einsum output label that is not an input label";
  for (int l = 0; l < CX_EINSUM_LABELS; l++) {
    if (!known[l]) continue;
    bool in_out = false;
    for (uint32_t i = 0; i < p->out.n; i++) in_out |= p->out.labels[i] == l;
    if (in_out) continue;
    if (p->nsum == CX_MAX_RANK) return "sums over too many einsum labels";
    p->sum_labels[p->nsum] = l;
    p->sum_dims[p->nsum++] = size_of[l];
  }
  return NULL;
}

static LLVMValueRef emit_einsum(cx_cg_kernel_t* k, cx_op_t* op, const cx_cg_index_t* index) {
  cx_cg_t* cg = k->cg;
  cx_value_t* r = cx_op_result(op, 0);
  einsum_plan_t p;
  const char* why = einsum_plan(cg, op, &p);
  if (why) return cx_cg_fail(k, op_error(op, CX_INVALID_ARGUMENT, why), r);
  if (index->rank != p.out.n)
    return cx_cg_fail(k, op_error(op, CX_INVALID_ARGUMENT, "has a result rank that does not fit its einsum_config"), r);
  cx_value_t* a = cx_op_operand(op, 0);
  cx_value_t* bv = p.nops == 2 ? cx_op_operand(op, 1) : NULL;
  dc_cfg_t c;
  why = dc_cfg_init(cg, elem_of(r), elem_of(a), bv ? elem_of(bv) : elem_of(a), NULL, &c);
  if (why) return cx_cg_fail(k, op_error(op, CX_UNIMPLEMENTED, why), r);
  LLVMValueRef value_of[CX_EINSUM_LABELS];
  memset(value_of, 0, sizeof(value_of));
  for (uint32_t i = 0; i < p.out.n; i++) value_of[p.out.labels[i]] = index->v[i];
  LLVMValueRef acc = dc_acc_new(k, &c);
  cx_cg_loop_t loops[CX_MAX_RANK];
  for (uint32_t j = 0; j < p.nsum; j++)
    value_of[p.sum_labels[j]] =
        cx_cg_loop_begin(k, &loops[j], cx_cg_i64(cg, 0), cx_cg_i64(cg, p.sum_dims[j]), "sum");
  LLVMValueRef x[2];
  for (uint32_t n = 0; n < p.nops; n++) {
    cx_value_t* v = cx_op_operand(op, n);
    cx_cg_index_t* at = cx_cg_index_new(k, rank_of(v));
    if (k->status) break;
    for (uint32_t d = 0; d < p.terms[n].n; d++)
      at->v[d] = dims_of(v)[d] == 1 ? cx_cg_i64(cg, 0) : value_of[p.terms[n].labels[d]];
    x[n] = dc_operand(k, &c, elem_of(v), CX_ELEM_INVALID, cx_cg_emit_element(k, v, at));
  }
  if (!k->status) dc_mac(k, &c, acc, x[0], p.nops == 2 ? x[1] : dc_one(cg, &c));
  for (uint32_t j = p.nsum; j > 0; j--) cx_cg_loop_end(k, &loops[j - 1]);
  return dc_finish(k, &c, acc);
}

// ---- chlo.ragged_dot ----------------------------------------------------------------
//
// As the interpreter defines it (src/interp/eval_chlo.c): group_sizes
// (with leading dims matching the first lhs batching dims) splits the lhs
// ragged dim into consecutive groups (sizes clamped to [0, 2^40]).
//   mode 1, ragged dim free in lhs: each lhs row uses the rhs slice of its
//     group along rhs_group_dimensions; rows past the groups are 0.
//   mode 2, ragged dim contracting: result[g] contracts only over group g's
//     range (the lhs is zero elsewhere).
//   mode 3, ragged dim batching: batches past the groups are 0.

static LLVMValueRef i64_slot(cx_cg_kernel_t* k, const char* name) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  LLVMBasicBlockRef here = LLVMGetInsertBlock(b);
  LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(k->fn);
  LLVMValueRef first = LLVMGetFirstInstruction(entry);
  if (first) LLVMPositionBuilderBefore(b, first);
  else LLVMPositionBuilderAtEnd(b, entry);
  LLVMValueRef slot = LLVMBuildAlloca(b, cg->t_i64, name);
  LLVMPositionBuilderAtEnd(b, here);
  return slot;
}

// The group of position m (-1 past the last group); prefix: the indices of
// group_sizes' leading dims.
static LLVMValueRef ragged_group(cx_cg_kernel_t* k, cx_value_t* gs, const LLVMValueRef* prefix,
                                 LLVMValueRef m) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  uint32_t lead = rank_of(gs) - 1;
  int64_t g = dims_of(gs)[lead];
  LLVMValueRef run = i64_slot(k, "run"), found = i64_slot(k, "group");
  LLVMBuildStore(b, cx_cg_i64(cg, 0), run);
  LLVMBuildStore(b, cx_cg_i64(cg, -1), found);
  cx_cg_index_t* at = cx_cg_index_new(k, lead + 1);
  if (k->status) return cx_cg_i64(cg, -1);
  for (uint32_t i = 0; i < lead; i++) at->v[i] = prefix[i];
  cx_cg_loop_t loop;
  LLVMValueRef i = cx_cg_loop_begin(k, &loop, cx_cg_i64(cg, 0), cx_cg_i64(cg, g), "group");
  at->v[lead] = i;
  LLVMValueRef v = to_i64(cg, elem_of(gs), cx_cg_emit_element(k, gs, at));
  LLVMValueRef zero = cx_cg_i64(cg, 0), cap = cx_cg_i64(cg, INT64_C(1) << 40);
  v = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSLT, v, zero, ""), zero, v, "");
  v = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSGT, v, cap, ""), cap, v, "");
  LLVMValueRef lo = LLVMBuildLoad2(b, cg->t_i64, run, "");
  LLVMValueRef hi = LLVMBuildAdd(b, lo, v, "");
  LLVMValueRef cur = LLVMBuildLoad2(b, cg->t_i64, found, "");
  LLVMValueRef hit = LLVMBuildAnd(b, LLVMBuildICmp(b, LLVMIntSLT, cur, zero, ""),
                                  LLVMBuildAnd(b, LLVMBuildICmp(b, LLVMIntSGE, m, lo, ""),
                                               LLVMBuildICmp(b, LLVMIntSLT, m, hi, ""), ""), "");
  LLVMBuildStore(b, LLVMBuildSelect(b, hit, i, cur, ""), found);
  LLVMBuildStore(b, hi, run);
  cx_cg_loop_end(k, &loop);
  return LLVMBuildLoad2(b, cg->t_i64, found, "gi");
}

static bool list_find(const cx_i64_list_t* l, int64_t v, uint32_t* pos) {
  for (uint32_t i = 0; i < l->len; i++)
    if (l->data[i] == v) {
      if (pos) *pos = i;
      return true;
    }
  return false;
}

static LLVMValueRef emit_ragged_dot(cx_cg_kernel_t* k, cx_op_t* op, const cx_cg_index_t* index) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  cx_value_t* lhs = cx_op_operand(op, 0);
  cx_value_t* rhs = cx_op_operand(op, 1);
  cx_value_t* gs = cx_op_operand(op, 2);
  cx_value_t* r = cx_op_result(op, 0);
  cx_dot_spec_t s;
  const cx_attr_t* a = cx_op_attr(op, cx_name(cg->ir, CX_NAME_ragged_dot_dimension_numbers));
  if (!cx_dot_spec_read(cg->ir, op, &s) || !a || a->kind != CX_ATTR_RAGGED_DOT ||
      a->ragged_dot.lhs_ragged_dims.len != 1 || rank_of(gs) < 1 ||
      !cx_elem_is_integer(elem_of(gs)) || rank_of(gs) - 1 > s.nb)
    return cx_cg_fail(k, op_error(op, CX_INVALID_ARGUMENT, "has malformed ragged dimension numbers"), r);
  const cx_ragged_dot_dims_t* rd = &a->ragged_dot;
  int64_t rdim = rd->lhs_ragged_dims.data[0];
  uint32_t bpos = 0;
  bool contracting = list_find(&rd->dot.lhs_contracting_dims, rdim, NULL);
  bool batch = list_find(&rd->dot.lhs_batching_dims, rdim, &bpos);
  int mode = contracting ? 2 : batch ? 3 : 1;
  int64_t gd = -1;
  if (mode == 1) {
    if (rd->rhs_group_dims.len != 1)
      return cx_cg_fail(k, op_error(op, CX_INVALID_ARGUMENT, "needs one rhs group dimension"), r);
    gd = rd->rhs_group_dims.data[0];
    uint32_t n = 0;
    for (uint32_t i = 0; i < s.nrf; i++)
      if (s.rf[i] != gd) s.rf[n++] = s.rf[i];
    s.nrf = n;
  }
  uint32_t lead = rank_of(gs) - 1;
  int64_t g = dims_of(gs)[lead];
  LLVMTypeRef rt = cx_cg_compute_type(cg, elem_of(r));
  if (mode != 3 && g == 0) return LLVMConstNull(rt);  // no groups: zeros (mode 2: empty)
  dc_cfg_t c;
  const char* why = dc_cfg_init(cg, elem_of(r), elem_of(lhs), elem_of(rhs), NULL, &c);
  if (why) return cx_cg_fail(k, op_error(op, CX_UNIMPLEMENTED, why), r);
  // The dot_general's index: the result's (mode 2: after the group dim).
  const LLVMValueRef* di = mode == 2 ? index->v + 1 : index->v;
  LLVMValueRef gi = NULL;
  if (mode == 1) {
    uint32_t rpos = s.nb;
    for (uint32_t i = 0; i < s.nlf; i++)
      if (s.lf[i] < rdim) rpos++;
    gi = ragged_group(k, gs, di, di[rpos]);
  } else if (mode == 3) {
    gi = ragged_group(k, gs, di, di[bpos]);
  }
  LLVMValueRef acc = dc_acc_new(k, &c);
  cx_cg_index_t* li = cx_cg_index_new(k, rank_of(lhs));
  cx_cg_index_t* ri = cx_cg_index_new(k, rank_of(rhs));
  if (k->status) return cx_cg_fail(k, NULL, r);
  for (uint32_t i = 0; i < s.nb; i++) {
    li->v[s.lb[i]] = di[i];
    ri->v[s.rb[i]] = di[i];
  }
  for (uint32_t i = 0; i < s.nlf; i++) li->v[s.lf[i]] = di[s.nb + i];
  for (uint32_t i = 0; i < s.nrf; i++) ri->v[s.rf[i]] = di[s.nb + s.nlf + i];
  if (mode == 1) {
    LLVMValueRef zero = cx_cg_i64(cg, 0);
    ri->v[gd] = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSLT, gi, zero, ""), zero, gi, "");
  }
  cx_cg_loop_t loops[CX_MAX_RANK];
  LLVMValueRef rpos_iv = NULL;
  for (uint32_t i = 0; i < s.nc; i++) {
    LLVMValueRef iv = cx_cg_loop_begin(k, &loops[i], cx_cg_i64(cg, 0),
                                       cx_cg_i64(cg, dims_of(lhs)[s.lc[i]]), "kc");
    li->v[s.lc[i]] = iv;
    ri->v[s.rc[i]] = iv;
    if (s.lc[i] == rdim) rpos_iv = iv;
  }
  LLVMValueRef l = dc_operand(k, &c, c.le, CX_ELEM_INVALID, cx_cg_emit_element(k, lhs, li));
  LLVMValueRef x = dc_operand(k, &c, c.re, CX_ELEM_INVALID, cx_cg_emit_element(k, rhs, ri));
  if (mode == 2 && rpos_iv) {
    LLVMValueRef in = ragged_group(k, gs, di, rpos_iv);
    l = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntEQ, in, index->v[0], ""), l, dc_zero(&c), "");
  }
  dc_mac(k, &c, acc, l, x);
  for (uint32_t i = s.nc; i > 0; i--) cx_cg_loop_end(k, &loops[i - 1]);
  LLVMValueRef v = dc_finish(k, &c, acc);
  if (gi) v = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSGE, gi, cx_cg_i64(cg, 0), ""), v,
                              LLVMConstNull(rt), "");
  return v;
}

// ---- dispatch ------------------------------------------------------------------------------

LLVMValueRef cx_cg_emit_dot_conv_op(cx_cg_kernel_t* k, cx_op_t* op, uint32_t result,
                                    const cx_cg_index_t* index) {
  (void)result;
  if (cx_tensor_is_quantized(cx_op_result(op, 0)->type) ||
      (op->num_operands && cx_tensor_is_quantized(cx_op_operand(op, 0)->type)))
    switch (op->kind) {
      case CX_OP_DOT_GENERAL:
      case CX_OP_DOT:
      case CX_OP_CONVOLUTION:
      case CX_OP_DYNAMIC_CONV:
      case CX_OP_EINSUM:
      case CX_OP_UNARY_EINSUM:
      case CX_OP_CHLO_RAGGED_DOT:
        return cx_cg_fail(k, op_error(op, CX_UNIMPLEMENTED, "on quantized types is not supported by the code generator"),
                          cx_op_result(op, 0));
      default: return NULL;
    }
  switch (op->kind) {
    case CX_OP_DOT_GENERAL:
    case CX_OP_DOT: return emit_dot(k, op, index);
    case CX_OP_CONVOLUTION:
    case CX_OP_DYNAMIC_CONV: return emit_conv(k, op, index);
    case CX_OP_EINSUM:
    case CX_OP_UNARY_EINSUM: return emit_einsum(k, op, index);
    case CX_OP_CHLO_RAGGED_DOT: return emit_ragged_dot(k, op, index);
    default: return NULL;
  }
}

// ---- strided copies ------------------------------------------------------------------------

cx_status_t cx_cg_emit_strided_copy(cx_cg_t* cg, const char* name, cx_elem_t elem, uint32_t rank,
                                    const int64_t* dims, const int64_t* src_strides,
                                    int64_t src_offset, cx_cg_kernel_info_t* out) {
  memset(out, 0, sizeof(*out));
  if (rank > CX_MAX_RANK) return CX_ERROR(CX_INTERNAL, "strided copy of rank %u", rank);
  int64_t inner = rank ? dims[rank - 1] : 1, outer = 1;
  for (uint32_t d = 0; d + 1 < rank; d++) outer *= dims[d];
  cx_cg_kernel_t k = {0};
  k.cg = cg;
  k.b = cg->b;
  cx_arena_init(&k.arena, cg->allocator);
  k.fn = LLVMAddFunction(cg->mod, name, cg->t_kernel);
  LLVMSetLinkage(k.fn, LLVMInternalLinkage);
  LLVMBuilderRef b = cg->b;
  LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(cg->ctx, k.fn, "entry"));
  LLVMValueRef call = LLVMGetParam(k.fn, 0);
  LLVMValueRef buffers = LLVMBuildLoad2(b, cg->t_ptr, LLVMBuildStructGEP2(b, cg->t_call, call, 0, ""), "");
  LLVMValueRef begin = LLVMBuildLoad2(b, cg->t_i64, LLVMBuildStructGEP2(b, cg->t_call, call, 2, ""), "");
  LLVMValueRef end = LLVMBuildLoad2(b, cg->t_i64, LLVMBuildStructGEP2(b, cg->t_call, call, 3, ""), "");
  LLVMValueRef src = LLVMBuildLoad2(b, cg->t_ptr, buffers, "src");
  LLVMValueRef dst = LLVMBuildLoad2(
      b, cg->t_ptr, LLVMBuildGEP2(b, cg->t_ptr, buffers, (LLVMValueRef[]){cx_cg_i64(cg, 1)}, 1, ""), "dst");
  // Elements move as raw storage (no conversion).
  LLVMTypeRef st = LLVMIntTypeInContext(cg->ctx, (unsigned)(cx_elem_storage_size(elem) * 8));
  cx_cg_loop_t rows, cols;
  LLVMValueRef row = cx_cg_loop_begin(&k, &rows, begin, end, "row");
  LLVMValueRef base = cx_cg_i64(cg, src_offset), rem = row;
  for (uint32_t d = rank > 1 ? rank - 1 : 0; d > 0; d--) {
    LLVMValueRef i = rem;
    if (d > 1) {
      i = LLVMBuildSRem(b, rem, cx_cg_i64(cg, dims[d - 1]), "");
      rem = LLVMBuildSDiv(b, rem, cx_cg_i64(cg, dims[d - 1]), "");
    }
    base = LLVMBuildAdd(b, base, LLVMBuildMul(b, i, cx_cg_i64(cg, src_strides[d - 1]), ""), "");
  }
  LLVMValueRef row_out = LLVMBuildMul(b, row, cx_cg_i64(cg, inner), "");
  LLVMValueRef j = cx_cg_loop_begin(&k, &cols, cx_cg_i64(cg, 0), cx_cg_i64(cg, inner), "j");
  LLVMValueRef from = rank ? LLVMBuildAdd(b, base, LLVMBuildMul(b, j, cx_cg_i64(cg, src_strides[rank - 1]), ""), "")
                           : base;
  LLVMValueRef v = LLVMBuildLoad2(b, st, LLVMBuildGEP2(b, st, src, &from, 1, ""), "");
  LLVMValueRef to = LLVMBuildAdd(b, row_out, j, "");
  LLVMBuildStore(b, v, LLVMBuildGEP2(b, st, dst, &to, 1, ""));
  cx_cg_loop_end(&k, &cols);
  cx_cg_loop_end(&k, &rows);
  LLVMBuildRet(b, cx_cg_i32(cg, 0));
  cx_free(cg->allocator, k.memo);
  cx_arena_destroy(&k.arena);
  CX_RETURN_IF_ERROR(cx_cg_add_kernel(cg, k.fn, name, &out->index));
  out->work_items = inner ? outer : 0;
  int64_t per = inner ? inner : 1;
  out->grain = 16384 / per > 0 ? 16384 / per : 1;
  return NULL;
}
