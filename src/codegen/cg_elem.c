// Element types in generated code: what LLVM type each cxla element kind is
// computed in, and how it moves between memory (cxla's storage layout,
// ir/types.h) and registers.
//
// Narrow floats (f16, bf16, tf32 and the f8/f6/f4 family) are computed in
// f32 and rounded back to their format after every op, as the interpreter
// rounds every op's result to the element type; for + - * / and sqrt this
// gives the same bits as computing in double and rounding once, because f32
// carries more than twice their precision plus two bits. f16 uses LLVM's
// half conversions; bf16 is rounded with integer arithmetic (ties to even,
// NaN kept quiet, as src/support/float_formats.c defines it); the rarer
// formats go through the runtime's conversion imports.
#include <string.h>

#include "codegen/cg_internal.h"
#include "support/float_formats.h"
#include "support/scalar.h"

static bool is_narrow_float(cx_elem_t e) {
  return cx_elem_is_float(e) && e != CX_ELEM_F32 && e != CX_ELEM_F64;
}

LLVMTypeRef cx_cg_compute_type(cx_cg_t* cg, cx_elem_t e) {
  if (e == CX_ELEM_F64) return cg->t_f64;
  if (cx_elem_is_float(e)) return cg->t_f32;
  if (e == CX_ELEM_C64 || e == CX_ELEM_C128) {
    LLVMTypeRef part = e == CX_ELEM_C64 ? cg->t_f32 : cg->t_f64;
    LLVMTypeRef fields[] = {part, part};
    return LLVMStructTypeInContext(cg->ctx, fields, 2, 0);
  }
  return LLVMIntTypeInContext(cg->ctx, (unsigned)cx_elem_bit_width(e));
}

LLVMTypeRef cx_cg_storage_type(cx_cg_t* cg, cx_elem_t e) {
  switch (e) {
    case CX_ELEM_F16: return cg->t_f16;
    case CX_ELEM_BF16: return cg->t_i16;
    case CX_ELEM_TF32:
    case CX_ELEM_F32: return cg->t_f32;
    case CX_ELEM_F64: return cg->t_f64;
    case CX_ELEM_C64:
    case CX_ELEM_C128: return cx_cg_compute_type(cg, e);
    default: break;
  }
  if (cx_elem_is_float(e)) return cg->t_i8;  // f8, f6, f4
  return LLVMIntTypeInContext(cg->ctx, (unsigned)(cx_elem_storage_size(e) * 8));
}

LLVMValueRef cx_cg_call_import(cx_cg_t* cg, LLVMValueRef imports, cx_kernel_import_id_t id,
                               cx_cg_sig_t sig, LLVMValueRef* args, unsigned num_args) {
  LLVMValueRef slot = LLVMBuildGEP2(cg->b, cg->t_ptr, imports, (LLVMValueRef[]){cx_cg_i64(cg, id)},
                                    1, "imp");
  LLVMValueRef fn = LLVMBuildLoad2(cg->b, cg->t_ptr, slot, "fn");
  LLVMSetMetadata(fn, LLVMGetMDKindIDInContext(cg->ctx, "invariant.load", 14),
                  LLVMMetadataAsValue(cg->ctx, LLVMMDNodeInContext2(cg->ctx, NULL, 0)));
  return LLVMBuildCall2(cg->b, cg->t_sig[sig], fn, args, num_args, "");
}

// f8/f6/f4 and tf32 through the runtime's exact conversions.
static LLVMValueRef load_via_import(cx_cg_t* cg, LLVMValueRef imports, cx_elem_t e,
                                    LLVMValueRef bits_i64) {
  LLVMValueRef args[] = {cx_cg_i32(cg, (int32_t)e), bits_i64};
  LLVMValueRef d = cx_cg_call_import(cg, imports, CX_KI_LOAD_FLOAT, CX_CG_SIG_LOADF, args, 2);
  return LLVMBuildFPTrunc(cg->b, d, cg->t_f32, "");  // exact: every such value is an f32
}

static LLVMValueRef store_bits_via_import(cx_cg_t* cg, LLVMValueRef imports, cx_elem_t e,
                                          LLVMValueRef f32) {
  LLVMValueRef args[] = {cx_cg_i32(cg, (int32_t)e), LLVMBuildFPExt(cg->b, f32, cg->t_f64, "")};
  return cx_cg_call_import(cg, imports, CX_KI_STORE_FLOAT, CX_CG_SIG_STOREF, args, 2);
}

// f32 -> bf16 bits: ties to even; NaN keeps sign and top payload, quiet.
static LLVMValueRef f32_to_bf16_bits(cx_cg_t* cg, LLVMValueRef f) {
  LLVMBuilderRef b = cg->b;
  LLVMValueRef u = LLVMBuildBitCast(b, f, cg->t_i32, "");
  LLVMValueRef k16 = LLVMConstInt(cg->t_i32, 16, 0);
  LLVMValueRef lsb = LLVMBuildAnd(b, LLVMBuildLShr(b, u, k16, ""), LLVMConstInt(cg->t_i32, 1, 0), "");
  LLVMValueRef rounded =
      LLVMBuildAdd(b, u, LLVMBuildAdd(b, LLVMConstInt(cg->t_i32, 0x7FFF, 0), lsb, ""), "");
  LLVMValueRef nan_bits =
      LLVMBuildOr(b, LLVMBuildLShr(b, u, k16, ""), LLVMConstInt(cg->t_i32, 0x40, 0), "");
  LLVMValueRef is_nan = LLVMBuildFCmp(b, LLVMRealUNO, f, f, "");
  LLVMValueRef r = LLVMBuildSelect(b, is_nan, nan_bits, LLVMBuildLShr(b, rounded, k16, ""), "");
  return LLVMBuildTrunc(b, r, cg->t_i16, "");
}

// The bits of an f32 holding a bf16 value (NaNs too: loads and bitcasts
// keep signalling NaNs, as copies in the interpreter do), else rounded.
static LLVMValueRef bf16_bits_of(cx_cg_t* cg, LLVMValueRef f) {
  LLVMBuilderRef b = cg->b;
  LLVMValueRef u = LLVMBuildBitCast(b, f, cg->t_i32, "");
  LLVMValueRef exact = LLVMBuildICmp(
      b, LLVMIntEQ, LLVMBuildAnd(b, u, LLVMConstInt(cg->t_i32, 0xFFFF, 0), ""), LLVMConstInt(cg->t_i32, 0, 0), "");
  LLVMValueRef hi = LLVMBuildTrunc(b, LLVMBuildLShr(b, u, LLVMConstInt(cg->t_i32, 16, 0), ""), cg->t_i16, "");
  return LLVMBuildSelect(b, exact, hi, f32_to_bf16_bits(cg, f), "");
}

static LLVMValueRef bf16_bits_to_f32(cx_cg_t* cg, LLVMValueRef bits16) {
  LLVMValueRef u = LLVMBuildShl(cg->b, LLVMBuildZExt(cg->b, bits16, cg->t_i32, ""),
                                LLVMConstInt(cg->t_i32, 16, 0), "");
  return LLVMBuildBitCast(cg->b, u, cg->t_f32, "");
}

LLVMValueRef cx_cg_load_elem(cx_cg_t* cg, LLVMValueRef imports, cx_elem_t e, LLVMValueRef base,
                             LLVMValueRef linear) {
  LLVMBuilderRef b = cg->b;
  LLVMTypeRef st = cx_cg_storage_type(cg, e);
  LLVMValueRef p = LLVMBuildGEP2(b, st, base, &linear, 1, "");
  LLVMValueRef v = LLVMBuildLoad2(b, st, p, "");
  switch (e) {
    case CX_ELEM_F16: return LLVMBuildFPExt(b, v, cg->t_f32, "");
    case CX_ELEM_BF16: return bf16_bits_to_f32(cg, v);
    case CX_ELEM_TF32:
    case CX_ELEM_F32:
    case CX_ELEM_F64:
    case CX_ELEM_C64:
    case CX_ELEM_C128: return v;
    default: break;
  }
  if (cx_elem_is_float(e)) return load_via_import(cg, imports, e, LLVMBuildZExt(b, v, cg->t_i64, ""));
  LLVMTypeRef ct = cx_cg_compute_type(cg, e);
  if (LLVMGetIntTypeWidth(ct) < LLVMGetIntTypeWidth(st)) return LLVMBuildTrunc(b, v, ct, "");
  return v;
}

void cx_cg_store_elem(cx_cg_t* cg, LLVMValueRef imports, cx_elem_t e, LLVMValueRef base,
                      LLVMValueRef linear, LLVMValueRef value) {
  LLVMBuilderRef b = cg->b;
  LLVMTypeRef st = cx_cg_storage_type(cg, e);
  LLVMValueRef p = LLVMBuildGEP2(b, st, base, &linear, 1, "");
  LLVMValueRef v = value;
  switch (e) {
    case CX_ELEM_F16: v = LLVMBuildFPTrunc(b, value, cg->t_f16, ""); break;
    case CX_ELEM_BF16: v = bf16_bits_of(cg, value); break;
    case CX_ELEM_TF32:
      v = LLVMBuildBitCast(b, cx_cg_round_to_elem(cg, imports, e, value), cg->t_f32, "");
      break;
    case CX_ELEM_F32:
    case CX_ELEM_F64:
    case CX_ELEM_C64:
    case CX_ELEM_C128: break;
    default:
      if (cx_elem_is_float(e)) {
        v = LLVMBuildTrunc(b, store_bits_via_import(cg, imports, e, value), cg->t_i8, "");
      } else if (LLVMGetIntTypeWidth(st) > LLVMGetIntTypeWidth(LLVMTypeOf(value))) {
        v = cx_elem_is_signed_int(e) && e != CX_ELEM_I1 ? LLVMBuildSExt(b, value, st, "")
                                                          : LLVMBuildZExt(b, value, st, "");
      }
      break;
  }
  LLVMBuildStore(b, v, p);
}

LLVMValueRef cx_cg_round_to_elem(cx_cg_t* cg, LLVMValueRef imports, cx_elem_t e, LLVMValueRef v) {
  if (!is_narrow_float(e)) return v;
  LLVMBuilderRef b = cg->b;
  switch (e) {
    case CX_ELEM_F16: return LLVMBuildFPExt(b, LLVMBuildFPTrunc(b, v, cg->t_f16, ""), cg->t_f32, "");
    case CX_ELEM_BF16: return bf16_bits_to_f32(cg, f32_to_bf16_bits(cg, v));
    case CX_ELEM_TF32: {
      // tf32 is stored as an f32 bit pattern in the low 19 bits: decode the
      // encoded pattern through the import, which returns the value.
      LLVMValueRef bits = store_bits_via_import(cg, imports, e, v);
      return load_via_import(cg, imports, e, bits);
    }
    default: {
      LLVMValueRef bits = store_bits_via_import(cg, imports, e, v);
      return load_via_import(cg, imports, e, bits);
    }
  }
}

LLVMValueRef cx_cg_complex(cx_cg_t* cg, LLVMTypeRef type, LLVMValueRef re, LLVMValueRef im) {
  LLVMValueRef z = LLVMGetUndef(type);
  z = LLVMBuildInsertValue(cg->b, z, re, 0, "");
  return LLVMBuildInsertValue(cg->b, z, im, 1, "");
}
LLVMValueRef cx_cg_re(cx_cg_t* cg, LLVMValueRef z) { return LLVMBuildExtractValue(cg->b, z, 0, "re"); }
LLVMValueRef cx_cg_im(cx_cg_t* cg, LLVMValueRef z) { return LLVMBuildExtractValue(cg->b, z, 1, "im"); }

static double load_double(cx_elem_t e, const void* p) {
  switch (e) {
    case CX_ELEM_F32: {
      float f;
      memcpy(&f, p, 4);
      return f;
    }
    case CX_ELEM_F64: {
      double d;
      memcpy(&d, p, 8);
      return d;
    }
    case CX_ELEM_F16: {
      uint16_t u;
      memcpy(&u, p, 2);
      return cx_f16_to_f32(u);
    }
    case CX_ELEM_BF16: {
      uint16_t u;
      memcpy(&u, p, 2);
      return cx_bf16_to_f32(u);
    }
    case CX_ELEM_TF32: {
      float f;
      memcpy(&f, p, 4);
      return f;
    }
    default: {
      uint8_t u;
      memcpy(&u, p, 1);
      return cx_float_decode(cx_elem_float_format(e), u);
    }
  }
}

static LLVMValueRef const_real(cx_cg_t* cg, cx_elem_t e, double v) {
  LLVMTypeRef t = e == CX_ELEM_F64 ? cg->t_f64 : cg->t_f32;
  return LLVMConstReal(t, v);
}

LLVMValueRef cx_cg_const_elem(cx_cg_t* cg, cx_elem_t e, const void* p) {
  if (cx_elem_is_float(e)) return const_real(cg, e, load_double(e, p));
  if (e == CX_ELEM_C64 || e == CX_ELEM_C128) {
    cx_elem_t part = e == CX_ELEM_C64 ? CX_ELEM_F32 : CX_ELEM_F64;
    size_t half = cx_elem_storage_size(part);
    LLVMValueRef parts[] = {const_real(cg, part, load_double(part, p)),
                            const_real(cg, part, load_double(part, (const char*)p + half))};
    return LLVMConstStructInContext(cg->ctx, parts, 2, 0);
  }
  uint64_t u = 0;
  size_t n = cx_elem_storage_size(e);
  memcpy(&u, p, n);  // little-endian
  int w = cx_elem_bit_width(e);
  if (w < 64) u &= (1ull << w) - 1;
  return LLVMConstInt(cx_cg_compute_type(cg, e), u, 0);
}

// ---- single roundings from double, and encodings --------------------------------------

// f64 -> f32 rounded to odd: truncated toward zero, with the last bit set
// when inexact. Rounding that to any format of at most 11 significant bits
// (f16, bf16) gives the value rounded once from the double: f32's 24 bits
// are at least twice as many plus two, and the sticky bit survives.
static LLVMValueRef f64_to_f32_odd(cx_cg_t* cg, LLVMValueRef d) {
  LLVMBuilderRef b = cg->b;
  LLVMValueRef t = LLVMBuildFPTrunc(b, d, cg->t_f32, "");
  LLVMValueRef back = LLVMBuildFPExt(b, t, cg->t_f64, "");
  LLVMValueRef u = LLVMBuildBitCast(b, t, cg->t_i32, "");
  LLVMTypeRef f64 = cg->t_f64;
  unsigned fabs_id = LLVMLookupIntrinsicID("llvm.fabs", 9);
  LLVMValueRef fabs_fn = LLVMGetIntrinsicDeclaration(cg->mod, fabs_id, &f64, 1);
  LLVMTypeRef fabs_ty = LLVMIntrinsicGetType(cg->ctx, fabs_id, &f64, 1);
  LLVMValueRef abs_back = LLVMBuildCall2(b, fabs_ty, fabs_fn, &back, 1, "");
  LLVMValueRef abs_d = LLVMBuildCall2(b, fabs_ty, fabs_fn, &d, 1, "");
  // Rounded away from zero (also overflow to infinity): one step back.
  LLVMValueRef away = LLVMBuildFCmp(b, LLVMRealOGT, abs_back, abs_d, "");
  u = LLVMBuildSelect(b, away, LLVMBuildSub(b, u, LLVMConstInt(cg->t_i32, 1, 0), ""), u, "");
  LLVMValueRef inexact = LLVMBuildFCmp(b, LLVMRealONE, back, d, "");
  u = LLVMBuildSelect(b, inexact, LLVMBuildOr(b, u, LLVMConstInt(cg->t_i32, 1, 0), ""), u, "");
  return LLVMBuildBitCast(b, u, cg->t_f32, "");
}

LLVMValueRef cx_cg_round_double_to_elem(cx_cg_t* cg, LLVMValueRef imports, cx_elem_t e,
                                        LLVMValueRef d) {
  LLVMBuilderRef b = cg->b;
  switch (e) {
    case CX_ELEM_F64: return d;
    case CX_ELEM_F32: return LLVMBuildFPTrunc(b, d, cg->t_f32, "");
    // Through f32 rounded to odd: one correct rounding, with the f32 -> f16
    // conversion the CPU has (f64 -> f16 would be a libgcc call).
    case CX_ELEM_F16:
    case CX_ELEM_BF16: return cx_cg_round_to_elem(cg, imports, e, f64_to_f32_odd(cg, d));
    default: break;
  }
  LLVMValueRef args[] = {cx_cg_i32(cg, (int32_t)e), d};
  LLVMValueRef bits = cx_cg_call_import(cg, imports, CX_KI_STORE_FLOAT, CX_CG_SIG_STOREF, args, 2);
  return load_via_import(cg, imports, e, bits);
}

static LLVMTypeRef bits_type(cx_cg_t* cg, cx_elem_t e) {
  if (e == CX_ELEM_TF32) return cg->t_i32;
  return LLVMIntTypeInContext(cg->ctx, (unsigned)cx_elem_bit_width(e));
}

LLVMValueRef cx_cg_float_to_bits(cx_cg_t* cg, LLVMValueRef imports, cx_elem_t e, LLVMValueRef v) {
  LLVMBuilderRef b = cg->b;
  switch (e) {
    case CX_ELEM_F64: return LLVMBuildBitCast(b, v, cg->t_i64, "");
    case CX_ELEM_F32:
    case CX_ELEM_TF32: return LLVMBuildBitCast(b, v, cg->t_i32, "");
    case CX_ELEM_F16:
      return LLVMBuildBitCast(b, LLVMBuildFPTrunc(b, v, cg->t_f16, ""), cg->t_i16, "");
    case CX_ELEM_BF16: return bf16_bits_of(cg, v);
    default: return LLVMBuildTrunc(b, store_bits_via_import(cg, imports, e, v), bits_type(cg, e), "");
  }
}

LLVMValueRef cx_cg_float_from_bits(cx_cg_t* cg, LLVMValueRef imports, cx_elem_t e,
                                   LLVMValueRef bits) {
  LLVMBuilderRef b = cg->b;
  switch (e) {
    case CX_ELEM_F64: return LLVMBuildBitCast(b, bits, cg->t_f64, "");
    case CX_ELEM_F32:
    case CX_ELEM_TF32: return LLVMBuildBitCast(b, bits, cg->t_f32, "");
    case CX_ELEM_F16:
      return LLVMBuildFPExt(b, LLVMBuildBitCast(b, bits, cg->t_f16, ""), cg->t_f32, "");
    case CX_ELEM_BF16: return bf16_bits_to_f32(cg, bits);
    default: return load_via_import(cg, imports, e, LLVMBuildZExt(b, bits, cg->t_i64, ""));
  }
}
