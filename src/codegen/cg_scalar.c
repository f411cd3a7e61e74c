// Scalar semantics of the elementwise ops in generated code: one element of
// the result from the elements of the operands.
//
// The rules are StableHLO's, with the choices cxla's interpreter documents
// where the spec leaves them open (src/interp/eval_binary.c and friends):
// integers wrap; x / 0 is -1 and x % 0 is x; INT_MIN / -1 is INT_MIN;
// shifts by the width or more give 0 (arithmetic right shifts the sign);
// float maximum/minimum propagate NaN and order -0 < +0; float-to-integer
// conversion truncates, saturates and maps NaN to 0. Floats narrower than
// f64 are computed in f32 where one f32 operation gives the correctly
// rounded result (+ - * / sqrt, comparisons); the common elementary
// functions of real floats are vectorizable code from cg_math.c, the others
// (and complex ones) are computed in double through the runtime's imports
// and rounded once, as the interpreter computes them. Every result is
// rounded to its element type.
#include <stdlib.h>
#include <string.h>

#include "codegen/cg_internal.h"
#include "codegen/cg_math.h"

// ---- helpers -----------------------------------------------------------------------

static cx_elem_t elem_of_value(const cx_value_t* v) { return cx_tensor_elem(v->type); }

static LLVMValueRef intrinsic(cx_cg_t* cg, const char* name, LLVMTypeRef* types, unsigned ntypes,
                              LLVMValueRef* args, unsigned nargs) {
  unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
  LLVMValueRef fn = LLVMGetIntrinsicDeclaration(cg->mod, id, types, ntypes);
  LLVMTypeRef fty = LLVMIntrinsicGetType(cg->ctx, id, types, ntypes);
  return LLVMBuildCall2(cg->b, fty, fn, args, nargs, "");
}

LLVMValueRef cx_cg_intrinsic(cx_cg_t* cg, const char* name, LLVMValueRef a, LLVMValueRef b) {
  LLVMTypeRef t = LLVMTypeOf(a);
  LLVMValueRef args[] = {a, b};
  return intrinsic(cg, name, &t, 1, args, b ? 2 : 1);
}
static LLVMValueRef intrinsic1(cx_cg_t* cg, const char* name, LLVMValueRef a) {
  return cx_cg_intrinsic(cg, name, a, NULL);
}
static LLVMValueRef intrinsic2(cx_cg_t* cg, const char* name, LLVMValueRef a, LLVMValueRef b) {
  return cx_cg_intrinsic(cg, name, a, b);
}

static bool is_f64(LLVMValueRef v, cx_cg_t* cg) { return LLVMTypeOf(v) == cg->t_f64; }

LLVMValueRef cx_cg_to_double(cx_cg_t* cg, LLVMValueRef v) {
  return is_f64(v, cg) ? v : LLVMBuildFPExt(cg->b, v, cg->t_f64, "");
}

// A real function of the import table applied in double and rounded once to
// element type e (b is NULL for functions of one argument).
LLVMValueRef cx_cg_call_real(cx_cg_kernel_t* k, cx_kernel_import_id_t id, cx_elem_t e,
                             LLVMValueRef a, LLVMValueRef b) {
  cx_cg_t* cg = k->cg;
  LLVMValueRef args[] = {cx_cg_to_double(cg, a), b ? cx_cg_to_double(cg, b) : NULL};
  LLVMValueRef r =
      cx_cg_call_import(cg, k->imports, id, b ? CX_CG_SIG_D_DD : CX_CG_SIG_D_D, args, b ? 2 : 1);
  return cx_cg_round_double_to_elem(cg, k->imports, e, r);
}
static LLVMValueRef call_d_d(cx_cg_kernel_t* k, cx_kernel_import_id_t id, cx_elem_t e,
                             LLVMValueRef v) {
  return cx_cg_call_real(k, id, e, v, NULL);
}
static LLVMValueRef call_d_dd(cx_cg_kernel_t* k, cx_kernel_import_id_t id, cx_elem_t e,
                              LLVMValueRef a, LLVMValueRef b) {
  return cx_cg_call_real(k, id, e, a, b);
}

LLVMValueRef cx_cg_call_complex(cx_cg_kernel_t* k, cx_kernel_import_id_t id, LLVMValueRef a,
                                LLVMValueRef b) {
  cx_cg_sig_t sig = b ? CX_CG_SIG_C_CC : CX_CG_SIG_C_C;
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef bld = cg->b;
  LLVMTypeRef part = LLVMStructGetTypeAtIndex(LLVMTypeOf(a), 0);
  LLVMTypeRef arr = LLVMArrayType2(cg->t_f64, 2);
  // Allocas go to the entry block so that loops do not grow the stack.
  LLVMBasicBlockRef here = LLVMGetInsertBlock(bld);
  LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(k->fn);
  LLVMValueRef first = LLVMGetFirstInstruction(entry);
  if (first) LLVMPositionBuilderBefore(bld, first);
  else LLVMPositionBuilderAtEnd(bld, entry);
  LLVMValueRef bufs[3];
  for (int i = 0; i < 3; i++) bufs[i] = LLVMBuildAlloca(bld, arr, "cbuf");
  LLVMPositionBuilderAtEnd(bld, here);
  LLVMValueRef ins[2] = {a, b};
  unsigned nin = sig == CX_CG_SIG_C_CC ? 2 : 1;
  for (unsigned i = 0; i < nin; i++) {
    for (unsigned j = 0; j < 2; j++) {
      LLVMValueRef x = LLVMBuildExtractValue(bld, ins[i], j, "");
      if (part != cg->t_f64) x = LLVMBuildFPExt(bld, x, cg->t_f64, "");
      LLVMValueRef p = LLVMBuildGEP2(bld, cg->t_f64, bufs[i], (LLVMValueRef[]){cx_cg_i64(cg, j)}, 1, "");
      LLVMBuildStore(bld, x, p);
    }
  }
  LLVMValueRef args[3] = {bufs[0], nin == 2 ? bufs[1] : bufs[2], bufs[2]};
  cx_cg_call_import(cg, k->imports, id, sig, args, nin + 1);
  LLVMValueRef parts[2];
  for (unsigned j = 0; j < 2; j++) {
    LLVMValueRef p = LLVMBuildGEP2(bld, cg->t_f64, bufs[2], (LLVMValueRef[]){cx_cg_i64(cg, j)}, 1, "");
    LLVMValueRef x = LLVMBuildLoad2(bld, cg->t_f64, p, "");
    parts[j] = part == cg->t_f64 ? x : LLVMBuildFPTrunc(bld, x, part, "");
  }
  return cx_cg_complex(cg, LLVMTypeOf(a), parts[0], parts[1]);
}

static LLVMValueRef iconst(LLVMTypeRef t, int64_t v) {
  return LLVMConstInt(t, (unsigned long long)v, 1);
}

// ---- unary --------------------------------------------------------------------------

static LLVMValueRef sign_float(cx_cg_t* cg, LLVMValueRef x) {
  LLVMBuilderRef b = cg->b;
  LLVMTypeRef t = LLVMTypeOf(x);
  LLVMValueRef one = intrinsic2(cg, "llvm.copysign", LLVMConstReal(t, 1.0), x);
  // NaN, -0 and +0 are their own sign.
  LLVMValueRef keep = LLVMBuildFCmp(b, LLVMRealUEQ, x, LLVMConstReal(t, 0.0), "");
  return LLVMBuildSelect(b, keep, x, one, "");
}

static LLVMValueRef emit_unary(cx_cg_kernel_t* k, cx_op_kind_t kind, cx_elem_t e, LLVMValueRef x) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  LLVMTypeRef t = LLVMTypeOf(x);
  bool is_int = cx_elem_is_integer(e), is_cplx = cx_elem_is_complex(e);
  bool is_unsigned = cx_elem_is_unsigned_int(e);
  switch (kind) {
    case CX_OP_ABS:
      if (is_int) {
        if (is_unsigned || e == CX_ELEM_I1) return x;
        return LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSLT, x, iconst(t, 0), ""),
                               LLVMBuildNeg(b, x, ""), x, "");
      }
      if (is_cplx) {
        return call_d_dd(k, CX_KI_HYPOT, cx_elem_complex_component(e), cx_cg_re(cg, x),
                         cx_cg_im(cg, x));
      }
      return intrinsic1(cg, "llvm.fabs", x);
    case CX_OP_NEGATE:
      if (is_int) return LLVMBuildNeg(b, x, "");
      if (is_cplx)
        return cx_cg_complex(cg, t, LLVMBuildFNeg(b, cx_cg_re(cg, x), ""),
                             LLVMBuildFNeg(b, cx_cg_im(cg, x), ""));
      return LLVMBuildFNeg(b, x, "");
    case CX_OP_NOT: return LLVMBuildNot(b, x, "");
    case CX_OP_POPCNT: return intrinsic1(cg, "llvm.ctpop", x);
    case CX_OP_COUNT_LEADING_ZEROS: {
      LLVMValueRef args[] = {x, LLVMConstInt(cg->t_i1, 0, 0)};
      return intrinsic(cg, "llvm.ctlz", &t, 1, args, 2);
    }
    case CX_OP_SIGN:
      if (is_int) {
        if (is_unsigned) return LLVMBuildZExt(b, LLVMBuildICmp(b, LLVMIntNE, x, iconst(t, 0), ""), t, "");
        LLVMValueRef pos = LLVMBuildZExt(b, LLVMBuildICmp(b, LLVMIntSGT, x, iconst(t, 0), ""), t, "");
        LLVMValueRef neg = LLVMBuildZExt(b, LLVMBuildICmp(b, LLVMIntSLT, x, iconst(t, 0), ""), t, "");
        return LLVMBuildSub(b, pos, neg, "");
      }
      if (is_cplx) return cx_cg_call_complex(k, CX_KI_CSIGN, x, NULL);
      return sign_float(cg, x);
    case CX_OP_CEIL: return intrinsic1(cg, "llvm.ceil", x);
    case CX_OP_FLOOR: return intrinsic1(cg, "llvm.floor", x);
    case CX_OP_ROUND_NEAREST_AFZ: return intrinsic1(cg, "llvm.round", x);
    case CX_OP_ROUND_NEAREST_EVEN: return intrinsic1(cg, "llvm.roundeven", x);
    case CX_OP_IS_FINITE: {
      LLVMValueRef a = intrinsic1(cg, "llvm.fabs", x);
      return LLVMBuildFCmp(b, LLVMRealOLT, a, LLVMConstReal(t, __builtin_inf()), "");
    }
    case CX_OP_REAL:
      if (is_cplx) return cx_cg_re(cg, x);
      return x;
    case CX_OP_IMAG:
      if (is_cplx) return cx_cg_im(cg, x);
      return LLVMConstReal(t, 0.0);
    case CX_OP_SQRT:
      if (is_cplx) return cx_cg_call_complex(k, CX_KI_CSQRT, x, NULL);
      return intrinsic1(cg, "llvm.sqrt", x);  // correctly rounded in every width
    case CX_OP_RSQRT: {
      if (is_cplx) return cx_cg_call_complex(k, CX_KI_CRSQRT, x, NULL);
      // 1 / sqrt(x) in double, rounded once (as the interpreter computes it).
      LLVMValueRef d = cx_cg_to_double(cg, x);
      LLVMValueRef r = LLVMBuildFDiv(b, LLVMConstReal(cg->t_f64, 1.0), intrinsic1(cg, "llvm.sqrt", d), "");
      return cx_cg_round_double_to_elem(cg, k->imports, e, r);
    }
    case CX_OP_LOGISTIC: {
      if (is_cplx) return cx_cg_call_complex(k, CX_KI_CLOGISTIC, x, NULL);
      LLVMValueRef nd = LLVMBuildFNeg(b, cx_cg_to_double(cg, x), "");
      LLVMValueRef ex = cx_cg_call_import(cg, k->imports, CX_KI_EXP, CX_CG_SIG_D_D, &nd, 1);
      LLVMValueRef one = LLVMConstReal(cg->t_f64, 1.0);
      LLVMValueRef r = LLVMBuildFDiv(b, one, LLVMBuildFAdd(b, one, ex, ""), "");
      return cx_cg_round_double_to_elem(cg, k->imports, e, r);
    }
    default: break;
  }
  struct { cx_op_kind_t op; cx_kernel_import_id_t real, cplx; } table[] = {
      {CX_OP_CBRT, CX_KI_CBRT, CX_KI_CCBRT},
      {CX_OP_COSINE, CX_KI_COS, CX_KI_CCOS},
      {CX_OP_SINE, CX_KI_SIN, CX_KI_CSIN},
      {CX_OP_TAN, CX_KI_TAN, CX_KI_CTAN},
      {CX_OP_TANH, CX_KI_TANH, CX_KI_CTANH},
      {CX_OP_EXPONENTIAL, CX_KI_EXP, CX_KI_CEXP},
      {CX_OP_EXPONENTIAL_MINUS_ONE, CX_KI_EXPM1, CX_KI_CEXPM1},
      {CX_OP_LOG, CX_KI_LOG, CX_KI_CLOG},
      {CX_OP_LOG_PLUS_ONE, CX_KI_LOG1P, CX_KI_CLOG1P},
  };
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    if (table[i].op != kind) continue;
    if (is_cplx) return cx_cg_call_complex(k, table[i].cplx, x, NULL);
    return call_d_d(k, table[i].real, e, x);
  }
  return NULL;
}

// ---- binary -------------------------------------------------------------------------

static LLVMValueRef int_power(cx_cg_t* cg, LLVMValueRef base, LLVMValueRef exponent,
                              bool is_signed) {
  // Square-and-multiply over every bit of the exponent, branch-free. A
  // negative exponent gives 0 unless |base| = 1 (then base^|exponent|).
  LLVMBuilderRef b = cg->b;
  LLVMTypeRef t = LLVMTypeOf(base);
  unsigned w = LLVMGetIntTypeWidth(t);
  LLVMValueRef zero = iconst(t, 0), one = iconst(t, 1);
  LLVMValueRef neg = is_signed ? LLVMBuildICmp(b, LLVMIntSLT, exponent, zero, "") : NULL;
  LLVMValueRef e = neg ? LLVMBuildSelect(b, neg, LLVMBuildNeg(b, exponent, ""), exponent, "") : exponent;
  LLVMValueRef r = one, sq = base;
  for (unsigned i = 0; i < w; i++) {
    LLVMValueRef bit = LLVMBuildTrunc(b, LLVMBuildLShr(b, e, LLVMConstInt(t, i, 0), ""), cg->t_i1, "");
    r = LLVMBuildSelect(b, bit, LLVMBuildMul(b, r, sq, ""), r, "");
    if (i + 1 < w) sq = LLVMBuildMul(b, sq, sq, "");
  }
  if (!neg) return r;
  LLVMValueRef unit = LLVMBuildOr(b, LLVMBuildICmp(b, LLVMIntEQ, base, one, ""),
                                  LLVMBuildICmp(b, LLVMIntEQ, base, iconst(t, -1), ""), "");
  return LLVMBuildSelect(b, LLVMBuildAnd(b, neg, LLVMBuildNot(b, unit, ""), ""), zero, r, "");
}

static LLVMValueRef emit_int_binary(cx_cg_kernel_t* k, cx_op_kind_t kind, cx_elem_t e,
                                    LLVMValueRef x, LLVMValueRef y) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  LLVMTypeRef t = LLVMTypeOf(x);
  unsigned w = LLVMGetIntTypeWidth(t);
  bool is_unsigned = cx_elem_is_unsigned_int(e);
  if (e == CX_ELEM_I1) {
    switch (kind) {
      case CX_OP_ADD:
      case CX_OP_OR:
      case CX_OP_MAXIMUM: return LLVMBuildOr(b, x, y, "");
      case CX_OP_MULTIPLY:
      case CX_OP_AND:
      case CX_OP_MINIMUM: return LLVMBuildAnd(b, x, y, "");
      case CX_OP_XOR: return LLVMBuildXor(b, x, y, "");
      default: return NULL;
    }
  }
  LLVMValueRef zero = iconst(t, 0);
  switch (kind) {
    case CX_OP_ADD: return LLVMBuildAdd(b, x, y, "");
    case CX_OP_SUBTRACT: return LLVMBuildSub(b, x, y, "");
    case CX_OP_MULTIPLY: return LLVMBuildMul(b, x, y, "");
    case CX_OP_AND: return LLVMBuildAnd(b, x, y, "");
    case CX_OP_OR: return LLVMBuildOr(b, x, y, "");
    case CX_OP_XOR: return LLVMBuildXor(b, x, y, "");
    case CX_OP_MAXIMUM: return intrinsic2(cg, is_unsigned ? "llvm.umax" : "llvm.smax", x, y);
    case CX_OP_MINIMUM: return intrinsic2(cg, is_unsigned ? "llvm.umin" : "llvm.smin", x, y);
    case CX_OP_DIVIDE:
    case CX_OP_REMAINDER: {
      // Divisors that would trap (0, and -1 with INT_MIN) are replaced by 1
      // and the defined results selected afterwards.
      LLVMValueRef by_zero = LLVMBuildICmp(b, LLVMIntEQ, y, zero, "");
      LLVMValueRef bad = by_zero;
      LLVMValueRef minus_one = NULL;
      if (!is_unsigned) {
        minus_one = LLVMBuildICmp(b, LLVMIntEQ, y, iconst(t, -1), "");
        bad = LLVMBuildOr(b, bad, minus_one, "");
      }
      LLVMValueRef safe = LLVMBuildSelect(b, bad, iconst(t, 1), y, "");
      if (kind == CX_OP_DIVIDE) {
        LLVMValueRef q = is_unsigned ? LLVMBuildUDiv(b, x, safe, "") : LLVMBuildSDiv(b, x, safe, "");
        if (minus_one) q = LLVMBuildSelect(b, minus_one, LLVMBuildNeg(b, x, ""), q, "");
        return LLVMBuildSelect(b, by_zero, iconst(t, -1), q, "");
      }
      LLVMValueRef r = is_unsigned ? LLVMBuildURem(b, x, safe, "") : LLVMBuildSRem(b, x, safe, "");
      if (minus_one) r = LLVMBuildSelect(b, minus_one, zero, r, "");
      return LLVMBuildSelect(b, by_zero, x, r, "");
    }
    case CX_OP_POWER: return int_power(cg, x, y, !is_unsigned);
    case CX_OP_SHIFT_LEFT:
    case CX_OP_SHIFT_RIGHT_LOGICAL:
    case CX_OP_SHIFT_RIGHT_ARITHMETIC: {
      // Amounts are read as unsigned: negative ones are >= the width too.
      LLVMValueRef wide = LLVMBuildICmp(b, LLVMIntUGE, y, LLVMConstInt(t, w, 0), "");
      if (kind == CX_OP_SHIFT_RIGHT_ARITHMETIC) {
        LLVMValueRef amount = LLVMBuildSelect(b, wide, LLVMConstInt(t, w - 1, 0), y, "");
        return LLVMBuildAShr(b, x, amount, "");
      }
      LLVMValueRef amount = LLVMBuildSelect(b, wide, zero, y, "");
      LLVMValueRef s = kind == CX_OP_SHIFT_LEFT ? LLVMBuildShl(b, x, amount, "")
                                                : LLVMBuildLShr(b, x, amount, "");
      return LLVMBuildSelect(b, wide, zero, s, "");
    }
    default: return NULL;
  }
}

// Lexicographic order on (re, im) for complex maximum/minimum.
static LLVMValueRef complex_pick(cx_cg_t* cg, LLVMValueRef x, LLVMValueRef y, bool greater) {
  LLVMBuilderRef b = cg->b;
  LLVMValueRef xr = cx_cg_re(cg, x), yr = cx_cg_re(cg, y), xi = cx_cg_im(cg, x), yi = cx_cg_im(cg, y);
  LLVMRealPredicate p = greater ? LLVMRealOGT : LLVMRealOLT;
  LLVMValueRef re_eq = LLVMBuildFCmp(b, LLVMRealOEQ, xr, yr, "");
  LLVMValueRef better = LLVMBuildSelect(b, re_eq, LLVMBuildFCmp(b, p, xi, yi, ""),
                                        LLVMBuildFCmp(b, p, xr, yr, ""), "");
  return LLVMBuildSelect(b, better, x, y, "");
}

static LLVMValueRef emit_float_binary(cx_cg_kernel_t* k, cx_op_kind_t kind, cx_elem_t e,
                                      LLVMValueRef x, LLVMValueRef y) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  switch (kind) {
    case CX_OP_ADD: return LLVMBuildFAdd(b, x, y, "");
    case CX_OP_SUBTRACT: return LLVMBuildFSub(b, x, y, "");
    case CX_OP_MULTIPLY: return LLVMBuildFMul(b, x, y, "");
    case CX_OP_DIVIDE: return LLVMBuildFDiv(b, x, y, "");
    case CX_OP_REMAINDER: return call_d_dd(k, CX_KI_FMOD, e, x, y);  // exact in any width
    case CX_OP_MAXIMUM: return intrinsic2(cg, "llvm.maximum", x, y);
    case CX_OP_MINIMUM: return intrinsic2(cg, "llvm.minimum", x, y);
    case CX_OP_POWER: return call_d_dd(k, CX_KI_POW, e, x, y);
    case CX_OP_ATAN2: return call_d_dd(k, CX_KI_ATAN2, e, x, y);
    default: return NULL;
  }
}

static LLVMValueRef emit_complex_binary(cx_cg_kernel_t* k, cx_op_kind_t kind, LLVMValueRef x,
                                        LLVMValueRef y) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  LLVMTypeRef t = LLVMTypeOf(x);
  LLVMValueRef xr = cx_cg_re(cg, x), xi = cx_cg_im(cg, x), yr = cx_cg_re(cg, y), yi = cx_cg_im(cg, y);
  switch (kind) {
    case CX_OP_ADD:
      return cx_cg_complex(cg, t, LLVMBuildFAdd(b, xr, yr, ""), LLVMBuildFAdd(b, xi, yi, ""));
    case CX_OP_SUBTRACT:
      return cx_cg_complex(cg, t, LLVMBuildFSub(b, xr, yr, ""), LLVMBuildFSub(b, xi, yi, ""));
    case CX_OP_MULTIPLY: {
      // Each product rounded to the component type, then the sums: no fused
      // multiply-add (the interpreter rounds every step).
      LLVMValueRef rr = LLVMBuildFMul(b, xr, yr, ""), ii = LLVMBuildFMul(b, xi, yi, "");
      LLVMValueRef ri = LLVMBuildFMul(b, xr, yi, ""), ir = LLVMBuildFMul(b, xi, yr, "");
      return cx_cg_complex(cg, t, LLVMBuildFSub(b, rr, ii, ""), LLVMBuildFAdd(b, ri, ir, ""));
    }
    case CX_OP_DIVIDE: return cx_cg_call_complex(k, CX_KI_CDIV, x, y);
    case CX_OP_POWER: return cx_cg_call_complex(k, CX_KI_CPOW, x, y);
    case CX_OP_ATAN2: return cx_cg_call_complex(k, CX_KI_CATAN2, x, y);
    case CX_OP_MAXIMUM: return complex_pick(cg, x, y, true);
    case CX_OP_MINIMUM: return complex_pick(cg, x, y, false);
    default: return NULL;
  }
}

// ---- compare ------------------------------------------------------------------------

// A signed integer whose order is IEEE totalOrder of the float x.
static LLVMValueRef total_order_key(cx_cg_t* cg, LLVMValueRef x) {
  LLVMBuilderRef b = cg->b;
  LLVMTypeRef it = is_f64(x, cg) ? cg->t_i64 : cg->t_i32;
  unsigned w = LLVMGetIntTypeWidth(it);
  LLVMValueRef bits = LLVMBuildBitCast(b, x, it, "");
  // Negative values: flip every bit but the sign, so larger magnitudes sort lower.
  LLVMValueRef sign = LLVMBuildAShr(b, bits, LLVMConstInt(it, w - 1, 0), "");
  LLVMValueRef mask = LLVMBuildLShr(b, sign, LLVMConstInt(it, 1, 0), "");
  return LLVMBuildXor(b, bits, mask, "");
}

static LLVMValueRef emit_compare(cx_cg_kernel_t* k, cx_op_t* op, cx_elem_t e, LLVMValueRef x,
                                 LLVMValueRef y) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  const cx_attr_t* dir_attr = cx_op_attr(op, cx_name(cg->ir, CX_NAME_comparison_direction));
  const cx_attr_t* type_attr = cx_op_attr(op, cx_name(cg->ir, CX_NAME_compare_type));
  int dir = dir_attr ? dir_attr->enumeration.value : CX_CMP_EQ;
  int ctype;
  if (type_attr) {
    ctype = type_attr->enumeration.value;
  } else if (cx_elem_is_float(e) || cx_elem_is_complex(e)) {
    ctype = CX_CMPTYPE_FLOAT;
  } else {
    ctype = cx_elem_is_signed_int(e) && e != CX_ELEM_I1 ? CX_CMPTYPE_SIGNED : CX_CMPTYPE_UNSIGNED;
  }
  if (cx_elem_is_complex(e)) {
    LLVMValueRef re = LLVMBuildFCmp(b, dir == CX_CMP_NE ? LLVMRealUNE : LLVMRealOEQ,
                                    cx_cg_re(cg, x), cx_cg_re(cg, y), "");
    LLVMValueRef im = LLVMBuildFCmp(b, dir == CX_CMP_NE ? LLVMRealUNE : LLVMRealOEQ,
                                    cx_cg_im(cg, x), cx_cg_im(cg, y), "");
    return dir == CX_CMP_NE ? LLVMBuildOr(b, re, im, "") : LLVMBuildAnd(b, re, im, "");
  }
  if (cx_elem_is_float(e) && ctype == CX_CMPTYPE_TOTALORDER) {
    x = total_order_key(cg, x);
    y = total_order_key(cg, y);
    ctype = CX_CMPTYPE_SIGNED;
  } else if (cx_elem_is_float(e)) {
    static const LLVMRealPredicate preds[] = {LLVMRealOEQ, LLVMRealUNE, LLVMRealOGE,
                                              LLVMRealOGT, LLVMRealOLE, LLVMRealOLT};
    return LLVMBuildFCmp(b, preds[dir], x, y, "");
  }
  static const LLVMIntPredicate spreds[] = {LLVMIntEQ, LLVMIntNE, LLVMIntSGE,
                                            LLVMIntSGT, LLVMIntSLE, LLVMIntSLT};
  static const LLVMIntPredicate upreds[] = {LLVMIntEQ, LLVMIntNE, LLVMIntUGE,
                                            LLVMIntUGT, LLVMIntULE, LLVMIntULT};
  return LLVMBuildICmp(b, ctype == CX_CMPTYPE_SIGNED ? spreds[dir] : upreds[dir], x, y, "");
}

// ---- convert ------------------------------------------------------------------------

static LLVMValueRef float_to_int(cx_cg_t* cg, LLVMValueRef x, cx_elem_t to) {
  LLVMBuilderRef b = cg->b;
  if (to == CX_ELEM_I1) return LLVMBuildFCmp(b, LLVMRealUNE, x, LLVMConstReal(LLVMTypeOf(x), 0.0), "");
  LLVMTypeRef types[] = {cx_cg_compute_type(cg, to), LLVMTypeOf(x)};
  LLVMValueRef args[] = {x};
  return intrinsic(cg, cx_elem_is_unsigned_int(to) ? "llvm.fptoui.sat" : "llvm.fptosi.sat", types, 2,
                   args, 1);
}

// A real float of `to` from an integer, rounded once.
static LLVMValueRef int_to_float(cx_cg_kernel_t* k, LLVMValueRef x, bool is_unsigned, cx_elem_t to) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  if (to == CX_ELEM_F64 || to == CX_ELEM_F32) {
    LLVMTypeRef t = to == CX_ELEM_F64 ? cg->t_f64 : cg->t_f32;
    return is_unsigned ? LLVMBuildUIToFP(b, x, t, "") : LLVMBuildSIToFP(b, x, t, "");
  }
  // Narrow formats: integers of up to 24 bits are exact in f32, so one
  // rounding to the format follows; wider ones go through double.
  unsigned w = LLVMGetIntTypeWidth(LLVMTypeOf(x));
  if (w <= 24) {
    LLVMValueRef f = is_unsigned ? LLVMBuildUIToFP(b, x, cg->t_f32, "") : LLVMBuildSIToFP(b, x, cg->t_f32, "");
    return cx_cg_round_to_elem(cg, k->imports, to, f);
  }
  // Wider integers: the magnitude rounded to odd at 53 bits (the dropped
  // bits leave a sticky 1), which a double holds exactly; the rounding to
  // the format is then the correctly rounded one.
  LLVMTypeRef t = LLVMTypeOf(x);
  LLVMValueRef wide = w < 64 ? (is_unsigned ? LLVMBuildZExt(b, x, cg->t_i64, "") : LLVMBuildSExt(b, x, cg->t_i64, ""))
                             : x;
  (void)t;
  LLVMValueRef zero = LLVMConstInt(cg->t_i64, 0, 0), one = LLVMConstInt(cg->t_i64, 1, 0);
  LLVMValueRef neg = is_unsigned ? LLVMConstInt(cg->t_i1, 0, 0) : LLVMBuildICmp(b, LLVMIntSLT, wide, zero, "");
  LLVMValueRef m = LLVMBuildSelect(b, neg, LLVMBuildNeg(b, wide, ""), wide, "");
  LLVMValueRef ctlz_args[] = {m, LLVMConstInt(cg->t_i1, 0, 0)};
  LLVMValueRef lz = intrinsic(cg, "llvm.ctlz", &cg->t_i64, 1, ctlz_args, 2);
  LLVMValueRef len = LLVMBuildSub(b, LLVMConstInt(cg->t_i64, 64, 0), lz, "");
  LLVMValueRef excess = LLVMBuildSub(b, len, LLVMConstInt(cg->t_i64, 53, 0), "");
  LLVMValueRef sh = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSGT, excess, zero, ""), excess, zero, "");
  LLVMValueRef mask = LLVMBuildSub(b, LLVMBuildShl(b, one, sh, ""), one, "");
  LLVMValueRef low = LLVMBuildAnd(b, m, mask, "");
  LLVMValueRef kept = LLVMBuildAnd(b, m, LLVMBuildNot(b, mask, ""), "");
  LLVMValueRef sticky = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntNE, low, zero, ""),
                                        LLVMBuildShl(b, one, sh, ""), zero, "");
  LLVMValueRef mag = LLVMBuildUIToFP(b, LLVMBuildOr(b, kept, sticky, ""), cg->t_f64, "");
  LLVMValueRef d = LLVMBuildSelect(b, neg, LLVMBuildFNeg(b, mag, ""), mag, "");
  return cx_cg_round_double_to_elem(cg, k->imports, to, d);
}

// A real float value of `from` (f32 or f64 compute type) to real float `to`.
static LLVMValueRef float_to_float(cx_cg_kernel_t* k, LLVMValueRef x, cx_elem_t from, cx_elem_t to) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  if (to == CX_ELEM_F64) return from == CX_ELEM_F64 ? x : LLVMBuildFPExt(b, x, cg->t_f64, "");
  if (from != CX_ELEM_F64) return cx_cg_round_to_elem(cg, k->imports, to, x);  // exact value in f32
  return cx_cg_round_double_to_elem(cg, k->imports, to, x);  // one rounding from double
}

LLVMValueRef cx_cg_emit_convert(cx_cg_kernel_t* k, cx_elem_t from, cx_elem_t to, LLVMValueRef x) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  if (cx_elem_is_complex(to)) {
    cx_elem_t comp = cx_elem_complex_component(to);
    LLVMTypeRef ct = cx_cg_compute_type(cg, to);
    LLVMValueRef re, im;
    if (cx_elem_is_complex(from)) {
      cx_elem_t fc = cx_elem_complex_component(from);
      re = float_to_float(k, cx_cg_re(cg, x), fc, comp);
      im = float_to_float(k, cx_cg_im(cg, x), fc, comp);
    } else {
      if (cx_elem_is_float(from)) re = float_to_float(k, x, from, comp);
      else re = int_to_float(k, x, cx_elem_is_unsigned_int(from) || from == CX_ELEM_I1, comp);
      im = LLVMConstReal(cx_cg_compute_type(cg, comp), 0.0);
    }
    return cx_cg_complex(cg, ct, re, im);
  }
  if (cx_elem_is_complex(from)) {
    x = cx_cg_re(cg, x);  // complex to real keeps the real part
    from = cx_elem_complex_component(from);
  }
  if (to == CX_ELEM_I1) {
    if (cx_elem_is_float(from)) return LLVMBuildFCmp(b, LLVMRealUNE, x, LLVMConstReal(LLVMTypeOf(x), 0.0), "");
    return LLVMBuildICmp(b, LLVMIntNE, x, LLVMConstInt(LLVMTypeOf(x), 0, 0), "");
  }
  if (cx_elem_is_integer(to)) {
    if (cx_elem_is_float(from)) return float_to_int(cg, x, to);
    LLVMTypeRef t = cx_cg_compute_type(cg, to);
    unsigned wf = LLVMGetIntTypeWidth(LLVMTypeOf(x)), wt = LLVMGetIntTypeWidth(t);
    if (wf == wt) return x;
    if (wf > wt) return LLVMBuildTrunc(b, x, t, "");
    return cx_elem_is_unsigned_int(from) || from == CX_ELEM_I1 ? LLVMBuildZExt(b, x, t, "")
                                                                : LLVMBuildSExt(b, x, t, "");
  }
  if (cx_elem_is_float(from)) return float_to_float(k, x, from, to);
  return int_to_float(k, x, cx_elem_is_unsigned_int(from) || from == CX_ELEM_I1, to);
}

// ---- dispatch -----------------------------------------------------------------------

bool cx_cg_is_scalar_op(const cx_op_t* op) {
  switch (cx_op_info(op->kind)->family) {
    case CX_FAMILY_UNARY:
    case CX_FAMILY_BINARY:
    case CX_FAMILY_SELECT_CLAMP: return true;
    case CX_FAMILY_COMPARE: return !cx_cg_is_convert_op(op);  // some orders compare encodings
    default: break;
  }
  return op->kind == CX_OP_CONVERT || op->kind == CX_OP_REDUCE_PRECISION ||
         cx_cg_chlo_is_scalar(op->kind);
}

LLVMValueRef cx_cg_emit_scalar(cx_cg_kernel_t* k, cx_op_t* op, cx_op_kind_t kind,
                               const cx_elem_t* elems, cx_elem_t re, const LLVMValueRef* v) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  cx_elem_t e = op->num_operands ? elems[0] : CX_ELEM_INVALID;
  LLVMValueRef r = NULL;
  cx_cg_math_fn_t mf = cx_cg_math_of_op(kind);
  if (mf != CX_CG_MATH_COUNT && cx_elem_is_float(e)) r = cx_cg_math(cg, mf, v);
  if (!r) switch (cx_op_info(kind)->family) {
    case CX_FAMILY_UNARY: r = emit_unary(k, kind, e, v[0]); break;
    case CX_FAMILY_BINARY:
      if (kind == CX_OP_COMPLEX) {
        r = cx_cg_complex(cg, cx_cg_compute_type(cg, re), v[0], v[1]);
      } else if (cx_elem_is_integer(e)) {
        r = emit_int_binary(k, kind, e, v[0], v[1]);
      } else if (cx_elem_is_complex(e)) {
        r = emit_complex_binary(k, kind, v[0], v[1]);
      } else {
        r = emit_float_binary(k, kind, e, v[0], v[1]);
      }
      break;
    case CX_FAMILY_COMPARE: r = emit_compare(k, op, e, v[0], v[1]); break;
    case CX_FAMILY_SELECT_CLAMP:
      if (kind == CX_OP_SELECT) {
        r = LLVMBuildSelect(b, v[0], v[1], v[2], "");
      } else {  // clamp(min, x, max) = minimum(maximum(x, min), max)
        cx_elem_t xe = elems[1];
        LLVMValueRef m;
        if (cx_elem_is_integer(xe)) {
          m = emit_int_binary(k, CX_OP_MAXIMUM, xe, v[1], v[0]);
          r = m ? emit_int_binary(k, CX_OP_MINIMUM, xe, m, v[2]) : NULL;
        } else if (cx_elem_is_complex(xe)) {
          m = emit_complex_binary(k, CX_OP_MAXIMUM, v[1], v[0]);
          r = emit_complex_binary(k, CX_OP_MINIMUM, m, v[2]);
        } else {
          m = emit_float_binary(k, CX_OP_MAXIMUM, xe, v[1], v[0]);
          r = emit_float_binary(k, CX_OP_MINIMUM, xe, m, v[2]);
        }
      }
      break;
    default:
      if (kind == CX_OP_CONVERT) r = cx_cg_emit_convert(k, e, re, v[0]);
      else if (kind == CX_OP_REDUCE_PRECISION) r = cx_cg_emit_reduce_precision(k, op, e, v[0]);
      else if (cx_cg_chlo_is_scalar(kind)) r = cx_cg_emit_chlo_scalar(k, kind, e, re, v);
      break;
  }
  if (!r) return NULL;
  // Exact already for f32, f64 and complex (components are f32 or f64) and
  // for results rounded from double; narrow floats computed in f32 are
  // rounded here.
  if (cx_elem_is_float(re)) r = cx_cg_round_to_elem(cg, k->imports, re, r);
  return r;
}

LLVMValueRef cx_cg_emit_scalar_op(cx_cg_kernel_t* k, cx_op_t* op, const LLVMValueRef* v) {
  // Quantized operands are stored integers: emit_quant.c dequantizes them
  // and calls cx_cg_emit_scalar with the expressed types.
  cx_elem_t elems[4] = {CX_ELEM_INVALID, CX_ELEM_INVALID, CX_ELEM_INVALID, CX_ELEM_INVALID};
  if (op->num_operands > 4 || cx_tensor_is_quantized(cx_op_result(op, 0)->type)) return NULL;
  for (uint32_t i = 0; i < op->num_operands; i++) {
    const cx_type_t* t = cx_op_operand(op, i)->type;
    if (cx_tensor_is_quantized(t)) return NULL;
    elems[i] = cx_tensor_elem(t);
  }
  return cx_cg_emit_scalar(k, op, op->kind, elems, elem_of_value(cx_op_result(op, 0)), v);
}
