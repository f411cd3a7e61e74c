// Attribute and type nodes to cxla IR: VHLO types to StableHLO types
// (!vhlo.tensor_v1<!vhlo.f32_v1> -> tensor<f32>), VHLO and builtin
// attributes to cxla attributes (the generic conversion of
// VhloLegalizeToStablehlo.cpp), dense element data from MLIR's storage
// layout to cxla's (types.h), and locations. Results are cached on the node.
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bytecode/bc_internal.h"
#include "ir/location.h"
#include "ir/print.h"
#include "support/checked.h"
#include "support/file.h"
#include "support/float_formats.h"
#include "support/scalar.h"
#include "support/strbuf.h"
#include "ir/print.h"

cx_status_t bc_import_error(bc_import_t* im, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  cx_status_t st = cx_status_makev(CX_INVALID_ARGUMENT, __FILE__, __LINE__, fmt, args);
  va_end(args);
  return cx_status_with_location(st, im->f->filename);
}

// ---- types ----------------------------------------------------------------------------

static cx_elem_t vhlo_elem(int code, bool* signless) {
  *signless = true;
  switch (code) {
    case VT_BOOL: return CX_ELEM_I1;
    case VT_SI2: return CX_ELEM_SI2;
    case VT_SI4: return CX_ELEM_SI4;
    case VT_SI8: return CX_ELEM_SI8;
    case VT_SI16: return CX_ELEM_SI16;
    case VT_SI32: return CX_ELEM_SI32;
    case VT_SI64: return CX_ELEM_SI64;
    case VT_UI2: return CX_ELEM_UI2;
    case VT_UI4: return CX_ELEM_UI4;
    case VT_UI8: return CX_ELEM_UI8;
    case VT_UI16: return CX_ELEM_UI16;
    case VT_UI32: return CX_ELEM_UI32;
    case VT_UI64: return CX_ELEM_UI64;
    case VT_F4E2M1FN: return CX_ELEM_F4E2M1FN;
    case VT_F6E2M3FN: return CX_ELEM_F6E2M3FN;
    case VT_F6E3M2FN: return CX_ELEM_F6E3M2FN;
    case VT_F8E3M4: return CX_ELEM_F8E3M4;
    case VT_F8E4M3: return CX_ELEM_F8E4M3;
    case VT_F8E4M3FN: return CX_ELEM_F8E4M3FN;
    case VT_F8E4M3FNUZ: return CX_ELEM_F8E4M3FNUZ;
    case VT_F8E4M3B11FNUZ: return CX_ELEM_F8E4M3B11FNUZ;
    case VT_F8E5M2: return CX_ELEM_F8E5M2;
    case VT_F8E5M2FNUZ: return CX_ELEM_F8E5M2FNUZ;
    case VT_F8E8M0FNU: return CX_ELEM_F8E8M0FNU;
    case VT_BF16: return CX_ELEM_BF16;
    case VT_F16: return CX_ELEM_F16;
    case VT_TF32: return CX_ELEM_TF32;
    case VT_F32: return CX_ELEM_F32;
    case VT_F64: return CX_ELEM_F64;
    case VT_INDEX: return CX_ELEM_INDEX;
    default: return CX_ELEM_INVALID;
  }
}

static cx_elem_t builtin_int_elem(uint64_t width_sign, bool* signless) {
  uint64_t width = width_sign >> 2;
  unsigned sign = width_sign & 3;  // 0 signless, 1 signed, 2 unsigned
  *signless = sign == 0;
  if (width == 1 && sign != 2) return CX_ELEM_I1;
  static const struct { uint64_t w; cx_elem_t s, u; } kInts[] = {
      {2, CX_ELEM_SI2, CX_ELEM_UI2},    {4, CX_ELEM_SI4, CX_ELEM_UI4},
      {8, CX_ELEM_SI8, CX_ELEM_UI8},    {16, CX_ELEM_SI16, CX_ELEM_UI16},
      {32, CX_ELEM_SI32, CX_ELEM_UI32}, {64, CX_ELEM_SI64, CX_ELEM_UI64}};
  for (size_t i = 0; i < sizeof(kInts) / sizeof(kInts[0]); i++)
    if (kInts[i].w == width) return sign == 2 ? kInts[i].u : kInts[i].s;
  return CX_ELEM_INVALID;
}

static cx_status_t oom_if_null(const void* p) { return p ? NULL : CX_OOM(); }

// The text of a shaped type kept as text: "<kind>" (e.g. "tensor<"), the
// node's dims each followed by 'x' ('?' for a dynamic one), then the element
// type; the caller closes it.
static void shaped_text(cx_strbuf_t* sb, const char* kind, const bc_node_t* n,
                        const cx_type_t* elem) {
  cx_strbuf_puts(sb, kind);
  for (uint32_t i = 0; i < n->nints; i++) {
    if (n->ints[i] == CX_DYNAMIC_DIM) cx_strbuf_putc(sb, '?');
    else cx_strbuf_i64(sb, n->ints[i]);
    cx_strbuf_putc(sb, 'x');
  }
  cx_print_type(sb, elem);
}

// Prints types with cxla's printer (for types kept as text).
static cx_status_t opaque_from(bc_import_t* im, cx_strbuf_t* sb, const cx_type_t** out) {
  if (sb->failed) {
    cx_strbuf_free(sb);
    return CX_OOM();
  }
  *out = cx_type_opaque(im->ctx, sb->data, sb->len);
  cx_strbuf_free(sb);
  return oom_if_null(*out);
}

static cx_status_t import_shape(bc_import_t* im, const bc_node_t* n, int64_t** out) {
  // MLIR writes dynamic dimensions as INT64_MIN (ShapedType::kDynamic), as
  // cxla stores them; other negative sizes are invalid.
  for (uint32_t i = 0; i < n->nints; i++)
    if (n->ints[i] < 0 && n->ints[i] != CX_DYNAMIC_DIM)
      return bc_import_error(im, "tensor dimension %lld is negative", (long long)n->ints[i]);
  *out = (int64_t*)n->ints;
  return NULL;
}

static cx_status_t import_text_type(bc_import_t* im, const bc_node_t* n, const cx_type_t** out) {
  // Builtin and other dialects' textual types read as MLIR assembly; those
  // cxla does not model come back as opaque types holding the text.
  cx_status_t st = cx_asm_parse_type(im->m, n->str, n->len, out);
  if (!st || cx_status_code(st) == CX_OUT_OF_MEMORY) return st;
  cx_status_free(st);
  *out = cx_type_opaque(im->ctx, n->str, n->len);
  return oom_if_null(*out);
}

static cx_status_t import_quant(bc_import_t* im, const bc_node_t* n, const cx_type_t** out) {
  const cx_type_t *storage, *expressed;
  CX_RETURN_IF_ERROR(bc_import_type(im, n->kids[0], &storage));
  CX_RETURN_IF_ERROR(bc_import_type(im, n->kids[1], &expressed));
  if (!cx_type_is_element(storage) || !cx_elem_is_integer(storage->element.elem))
    return bc_import_error(im, "quantized type with a non-integer storage type");
  // MLIR keeps the storage type signless and the signedness in flag bit 0.
  int bits = cx_elem_bit_width(storage->element.elem);
  bool is_signed = n->u & 1;
  cx_elem_t e = storage->element.elem;
  if (!is_signed && cx_elem_is_signed_int(e)) e = (cx_elem_t)(e - CX_ELEM_SI2 + CX_ELEM_UI2);
  if (is_signed && cx_elem_is_unsigned_int(e)) e = (cx_elem_t)(e - CX_ELEM_UI2 + CX_ELEM_SI2);
  storage = cx_type_element(im->ctx, e);
  CX_RETURN_IF_ERROR(oom_if_null(storage));
  int64_t dmin = is_signed ? -(int64_t)(1ull << (bits - 1)) : 0;
  int64_t dmax = is_signed ? (int64_t)((1ull << (bits - 1)) - 1)
                           : (bits == 64 ? -1 : (int64_t)((1ull << bits) - 1));
  if (n->code == VT_QUANT) {
    double scale;
    memcpy(&scale, &n->ints[0], 8);
    int64_t zp = n->ints[1], mn = n->ints[2], mx = n->ints[3];
    *out = cx_type_quant(im->ctx, storage, expressed, mn, mx, mn != dmin || mx != dmax,
                         CX_QUANT_PER_TENSOR, 1, &scale, &zp);
    return oom_if_null(*out);
  }
  int64_t axis = n->ints[0], mn = n->ints[1], mx = n->ints[2];
  uint64_t nscales = (uint64_t)n->ints[3];
  uint64_t nzps = (uint64_t)n->ints[4 + nscales];
  if (nscales != nzps || nscales == 0 || nscales > UINT32_MAX || axis < 0 || axis > INT32_MAX)
    return bc_import_error(im, "malformed per-axis quantized type");
  double* scales = cx_alloc(im->ctx->allocator, nscales * sizeof(double));
  if (!scales) return CX_OOM();
  for (uint64_t i = 0; i < nscales; i++) memcpy(&scales[i], &n->ints[4 + i], 8);
  *out = cx_type_quant(im->ctx, storage, expressed, mn, mx, mn != dmin || mx != dmax,
                       (int32_t)axis, (uint32_t)nscales, scales, &n->ints[5 + nscales]);
  cx_free(im->ctx->allocator, scales);
  return oom_if_null(*out);
}

static cx_status_t type_list(bc_import_t* im, const bc_node_t* const* kids, uint32_t n,
                             const cx_type_t*** out) {
  *out = n ? cx_alloc(im->ctx->allocator, n * sizeof(**out)) : NULL;
  if (n && !*out) return CX_OOM();
  for (uint32_t i = 0; i < n; i++) {
    cx_status_t st = bc_import_type(im, kids[i], &(*out)[i]);
    if (st) {
      cx_free(im->ctx->allocator, *out);
      return st;
    }
  }
  return NULL;
}

static cx_status_t import_type_uncached(bc_import_t* im, const bc_node_t* n,
                                        const cx_type_t** out) {
  if (n->text) return import_text_type(im, n, out);
  if (n->opaque) return bc_import_error(im, "type of dialect '%s' has an encoding cxla cannot read",
                                        n->dialect_name);
  bool signless;
  if (n->dialect == BC_D_VHLO || n->dialect == BC_D_BUILTIN) {
    bool vhlo = n->dialect == BC_D_VHLO;
    int code = n->code;
    cx_elem_t e = CX_ELEM_INVALID;
    if (vhlo) {
      e = vhlo_elem(code, &signless);
    } else {
      signless = true;
      switch (code) {
        case BT_INTEGER: e = builtin_int_elem(n->u, &signless); break;
        case BT_INDEX: e = CX_ELEM_INDEX; break;
        case BT_BF16: e = CX_ELEM_BF16; break;
        case BT_F16: e = CX_ELEM_F16; break;
        case BT_F32: e = CX_ELEM_F32; break;
        case BT_F64: e = CX_ELEM_F64; break;
        default: break;
      }
      if (code == BT_INTEGER && e == CX_ELEM_INVALID)
        return bc_import_error(im, "unsupported integer width %llu",
                               (unsigned long long)(n->u >> 2));
    }
    if (e != CX_ELEM_INVALID) {
      *out = cx_type_element_ex(im->ctx, e, signless);
      return oom_if_null(*out);
    }
    bool is_complex = vhlo ? code == VT_COMPLEX : code == BT_COMPLEX;
    bool is_tensor = vhlo ? (code == VT_TENSOR || code == VT_TENSOR_ENCODING)
                          : (code == BT_TENSOR || code == BT_TENSOR_ENCODING);
    bool is_tuple = vhlo ? code == VT_TUPLE : code == BT_TUPLE;
    bool is_function = vhlo ? code == VT_FUNCTION : code == BT_FUNCTION;
    bool is_none = vhlo ? code == VT_NONE : code == BT_NONE;
    bool is_unranked = vhlo ? code == VT_UNRANKED_TENSOR : code == BT_UNRANKED_TENSOR;
    if (is_complex) {
      const cx_type_t* part;
      CX_RETURN_IF_ERROR(bc_import_type(im, n->kids[0], &part));
      cx_elem_t pe = cx_type_is_element(part) ? part->element.elem : CX_ELEM_INVALID;
      if (pe != CX_ELEM_F32 && pe != CX_ELEM_F64)
        return bc_import_error(im, "complex type of an element other than f32/f64");
      *out = cx_type_element(im->ctx, pe == CX_ELEM_F32 ? CX_ELEM_C64 : CX_ELEM_C128);
      return oom_if_null(*out);
    }
    if (is_none) {
      *out = cx_type_none(im->ctx);
      return oom_if_null(*out);
    }
    if (is_tensor) {
      const cx_type_t* elem;
      const cx_attr_t* enc = NULL;
      int64_t* dims = NULL;
      CX_RETURN_IF_ERROR(bc_import_type(im, n->kids[0], &elem));
      if (!cx_type_is_element(elem) && !cx_type_is_quant(elem)) {
        // Tensors of types cxla keeps opaque print as text.
        cx_strbuf_t sb;
        cx_strbuf_init_with(&sb, im->ctx->allocator);
        shaped_text(&sb, "tensor<", n, elem);
        cx_strbuf_putc(&sb, '>');
        return opaque_from(im, &sb, out);
      }
      CX_RETURN_IF_ERROR(import_shape(im, n, &dims));
      if (n->nkids > 1) {
        const cx_attr_t* a;
        CX_RETURN_IF_ERROR(bc_import_attr(im, n->kids[1], &a));
        enc = cx_attr_persist_encoding(im->ctx, a);
        CX_RETURN_IF_ERROR(oom_if_null(enc));
      }
      *out = cx_type_tensor(im->ctx, elem, n->nints, dims, enc);
      return oom_if_null(*out);
    }
    if (is_tuple || is_function) {
      const cx_type_t** items;
      CX_RETURN_IF_ERROR(type_list(im, n->kids, n->nkids, &items));
      if (is_tuple) {
        *out = cx_type_tuple(im->ctx, n->nkids, items);
      } else {
        uint32_t nin = (uint32_t)n->u;
        *out = cx_type_function(im->ctx, nin, items, n->nkids - nin, items ? items + nin : NULL);
      }
      cx_free(im->ctx->allocator, items);
      return oom_if_null(*out);
    }
    if (is_unranked) {
      const cx_type_t* elem;
      CX_RETURN_IF_ERROR(bc_import_type(im, n->kids[0], &elem));
      cx_strbuf_t sb;
      cx_strbuf_init_with(&sb, im->ctx->allocator);
      cx_strbuf_puts(&sb, "tensor<*x");
      cx_print_type(&sb, elem);
      cx_strbuf_putc(&sb, '>');
      return opaque_from(im, &sb, out);
    }
    if (vhlo) {
      switch (code) {
        case VT_TOKEN:
          *out = cx_type_token(im->ctx);
          return oom_if_null(*out);
        case VT_QUANT:
        case VT_QUANT_PER_AXIS:
          return import_quant(im, n, out);
        case VT_WITNESS:
          *out = cx_type_opaque(im->ctx, "!shape.witness", 14);
          return oom_if_null(*out);
        case VT_BUFFER:
        case VT_FUTURE: {
          // StableHLO's memref and future types: cxla keeps them as text.
          cx_strbuf_t sb;
          cx_strbuf_init_with(&sb, im->ctx->allocator);
          if (code == VT_BUFFER) {
            const cx_type_t* elem;
            CX_RETURN_IF_ERROR(bc_import_type(im, n->kids[0], &elem));
            shaped_text(&sb, "memref<", n, elem);
          } else {
            cx_strbuf_puts(&sb, "!stablehlo.future<");
            for (uint32_t i = 0; i < n->nkids; i++) {
              const cx_type_t* t;
              cx_status_t st = bc_import_type(im, n->kids[i], &t);
              if (st) {
                cx_strbuf_free(&sb);
                return st;
              }
              if (i) cx_strbuf_puts(&sb, ", ");
              cx_print_type(&sb, t);
            }
          }
          cx_strbuf_putc(&sb, '>');
          return opaque_from(im, &sb, out);
        }
        default:
          break;
      }
    }
  }
  return bc_import_error(im, "unsupported %s type (code %u)", n->dialect_name, n->code);
}

cx_status_t bc_import_type(bc_import_t* im, const bc_node_t* n, const cx_type_t** out) {
  if (!n->is_type) return bc_import_error(im, "expected a type, found an attribute");
  if (n->cx) {
    *out = n->cx;
    return NULL;
  }
  CX_RETURN_IF_ERROR(import_type_uncached(im, n, out));
  ((bc_node_t*)n)->cx = *out;
  return NULL;
}

// ---- scalar values --------------------------------------------------------------------

static int64_t extend_int(cx_elem_t e, uint64_t bits_value) {
  int w = e == CX_ELEM_INDEX ? 64 : cx_elem_bit_width(e);
  if (w >= 64) return (int64_t)bits_value;
  uint64_t mask = (1ull << w) - 1;
  uint64_t v = bits_value & mask;
  if (e != CX_ELEM_I1 && cx_elem_is_signed_int(e) && (v >> (w - 1)) & 1) v |= ~mask;
  return (int64_t)v;
}

static double float_value(cx_elem_t e, uint64_t bits) {
  if (e == CX_ELEM_F64) return cx_bits_f64(bits);
  if (e == CX_ELEM_F32) return cx_bits_f32((uint32_t)bits);
  return cx_float_decode(cx_elem_float_format(e), bits);
}

// ---- dense elements -------------------------------------------------------------------

// MLIR's raw dense data to cxla's layout. MLIR stores i1 one byte per element
// (VHLO packs them into bits in the file), 2/4-bit integers in the low bits
// of a byte, tf32 in 3 bytes; everything else matches cxla's layout and can
// be borrowed from the input.
// A dense attribute over data the reader already put in the module arena
// (converted or copied): no second copy, and not marked as borrowed.
static const cx_attr_t* arena_dense(cx_arena_t* arena, const cx_type_t* t, const void* data,
                                    size_t nbytes, bool splat) {
  cx_attr_t* a = (cx_attr_t*)cx_attr_dense(arena, t, data, nbytes, splat, true);
  if (a) a->dense.borrowed = false;
  return a;
}

static cx_status_t import_dense(bc_import_t* im, const cx_type_t* t, const uint8_t* blob,
                                size_t len, bool vhlo_packed_bools, const cx_attr_t** out) {
  if (!cx_type_is_tensor(t)) return bc_import_error(im, "dense elements of a non-tensor type");
  int64_t n = cx_tensor_num_elements(t);
  if (n < 0) return bc_import_error(im, "dense elements of a dynamically shaped tensor");
  cx_elem_t e = cx_tensor_elem(t);
  size_t esize = cx_elem_storage_size(e);
  size_t mlir_esize = e == CX_ELEM_TF32 ? 3 : esize;
  cx_arena_t* arena = &im->m->arena;
  if (e == CX_ELEM_I1) {
    size_t un = (size_t)n;
    uint8_t* data;
    bool splat = false;
    if (len == un) {
      data = cx_module_payload_alloc(im->m, un);
      CX_RETURN_IF_ERROR(oom_if_null(data));
      for (size_t i = 0; i < un; i++) data[i] = blob[i] != 0;
    } else if (vhlo_packed_bools && len == (un + 7) / 8) {
      data = cx_module_payload_alloc(im->m, un);
      CX_RETURN_IF_ERROR(oom_if_null(data));
      for (size_t i = 0; i < un; i++) data[i] = (blob[i / 8] >> (i % 8)) & 1;
    } else if (len == 1) {
      data = cx_arena_alloc(arena, 1, 1);
      CX_RETURN_IF_ERROR(oom_if_null(data));
      data[0] = blob[0] != 0;
      splat = un > 1;
      un = 1;
    } else {
      return bc_import_error(im, "boolean tensor data of %zu bytes for %lld elements", len,
                             (long long)n);
    }
    if (!splat && un >= 2) {
      size_t i = 1;
      while (i < un && data[i] == data[0]) i++;
      if (i == un) {
        splat = true;
        un = 1;
      }
    }
    if (n == 1 && t->tensor.rank > 0) splat = true;  // as cxla's parser reads dense<x>
    *out = arena_dense(arena, t, data, un, splat);
    return oom_if_null(*out);
  }
  size_t total;
  if (!cx_mul_size((size_t)n, mlir_esize, &total)) return bc_import_error(im, "tensor too large");
  bool splat;
  size_t count;
  if (len == total) {
    splat = false;
    count = (size_t)n;
  } else if (len == mlir_esize && n > 1) {
    splat = true;
    count = 1;
  } else {
    return bc_import_error(im, "dense data of %zu bytes for %lld elements of %zu bytes", len,
                           (long long)n, mlir_esize);
  }
  if (!splat && count >= 2 && memcmp(blob, blob + (count - 1) * mlir_esize, mlir_esize) == 0) {
    // MLIR uniques all-equal data as a splat (so does cxla's parser); check
    // the first and last element first to keep non-splats cheap.
    size_t i = 1;
    while (i < count && !memcmp(blob, blob + i * mlir_esize, mlir_esize)) i++;
    if (i == count) {
      splat = true;
      count = 1;
    }
  }
  // A one-element tensor of rank >= 1 is a splat in MLIR (and cxla's parser).
  if (n == 1 && t->tensor.rank > 0) splat = true;
  bool narrow = e == CX_ELEM_SI2 || e == CX_ELEM_SI4 || e == CX_ELEM_UI2 || e == CX_ELEM_UI4;
  if (e == CX_ELEM_TF32 || narrow) {
    uint8_t* data = cx_module_payload_alloc(im->m, count * esize);
    CX_RETURN_IF_ERROR(oom_if_null(data));
    for (size_t i = 0; i < count; i++) {
      if (e == CX_ELEM_TF32) {
        const uint8_t* s = blob + i * 3;
        uint32_t bits = (uint32_t)s[0] | (uint32_t)s[1] << 8 | (uint32_t)s[2] << 16;
        bits = (bits & 0x7ffff) << 13;
        memcpy(data + i * 4, &bits, 4);
      } else {
        data[i] = (uint8_t)extend_int(e, blob[i]);
      }
    }
    *out = arena_dense(arena, t, data, count * esize, splat);
    return oom_if_null(*out);
  }
  // Borrowed data must still be aligned for its element type: consumers read
  // it as float/int arrays, and dense data in the attribute section has no
  // alignment of its own (resource blobs do).
  size_t align = esize > 8 ? 8 : esize;
  bool aligned = align <= 1 || ((uintptr_t)blob & (align - 1)) == 0;
  if (im->borrow && aligned) {
    *out = cx_attr_dense(arena, t, blob, count * esize, splat, true);
  } else {
    size_t nbytes = count * esize;
    // Copies of large constants are module payloads (ir.h), given back
    // when a pass replaces them.
    uint8_t* data = cx_module_payload_alloc(im->m, nbytes);
    CX_RETURN_IF_ERROR(oom_if_null(data));
    if (nbytes > 0) memcpy(data, blob, nbytes);
    if (im->release_copied) cx_pages_release(blob, nbytes);
    *out = arena_dense(arena, t, data, count * esize, splat);
  }
  return oom_if_null(*out);
}

// ---- attributes -----------------------------------------------------------------------

static cx_status_t attr_list(bc_import_t* im, const bc_node_t* n, const cx_attr_t** out) {
  const cx_attr_t** items =
      n->nkids ? cx_alloc(im->ctx->allocator, n->nkids * sizeof(*items)) : NULL;
  if (n->nkids && !items) return CX_OOM();
  for (uint32_t i = 0; i < n->nkids; i++) {
    cx_status_t st = bc_import_attr(im, n->kids[i], &items[i]);
    if (st) {
      cx_free(im->ctx->allocator, items);
      return st;
    }
  }
  *out = cx_attr_array(&im->m->arena, n->nkids, items);
  cx_free(im->ctx->allocator, items);
  return oom_if_null(*out);
}

static cx_status_t dict(bc_import_t* im, const bc_node_t* n, const cx_attr_t** out) {
  uint32_t count = n->nkids / 2;
  cx_named_attr_t* items = count ? cx_alloc(im->ctx->allocator, count * sizeof(*items)) : NULL;
  if (count && !items) return CX_OOM();
  cx_status_t st = NULL;
  for (uint32_t i = 0; i < count && !st; i++) {
    const char* s;
    size_t len;
    if (!bc_node_string(n->kids[2 * i], &s, &len)) {
      st = bc_import_error(im, "dictionary key is not a string");
      break;
    }
    st = bc_intern_name(im->f, s, len, "dictionary key", &items[i].name);
    if (!st) st = bc_import_attr(im, n->kids[2 * i + 1], &items[i].value);
  }
  if (!st) {
    *out = cx_attr_dict(&im->m->arena, count, items);
    st = oom_if_null(*out);
  }
  cx_free(im->ctx->allocator, items);
  return st;
}

static cx_status_t enum_attr(bc_import_t* im, cx_enum_kind_t kind, int64_t value,
                             const cx_attr_t** out) {
  if (value < 0 || value >= cx_enum_value_count(kind))
    return bc_import_error(im, "invalid %s value %lld", cx_enum_name(kind), (long long)value);
  *out = cx_attr_enum(&im->m->arena, kind, (int)value);
  return oom_if_null(*out);
}

static cx_status_t scalar_attr(bc_import_t* im, const bc_node_t* n, bool is_float,
                               const cx_attr_t** out) {
  const cx_type_t* t;
  CX_RETURN_IF_ERROR(bc_import_type(im, n->kids[0], &t));
  if (!cx_type_is_element(t)) return bc_import_error(im, "numeric attribute of a non-scalar type");
  cx_elem_t e = t->element.elem;
  if (is_float) {
    if (!cx_elem_is_float(e)) return bc_import_error(im, "float attribute of a non-float type");
    *out = cx_attr_float(&im->m->arena, t, float_value(e, n->u));
  } else {
    if (!cx_elem_is_integer(e) && e != CX_ELEM_INDEX)
      return bc_import_error(im, "integer attribute of a non-integer type");
    if (e == CX_ELEM_I1 && n->dialect == BC_D_VHLO)
      return bc_import_error(im, "vhlo integer attribute of boolean type");
    if (e == CX_ELEM_I1 && n->dialect == BC_D_BUILTIN) {
      *out = cx_attr_bool(&im->m->arena, n->u & 1);  // MLIR's BoolAttr
    } else {
      *out = cx_attr_integer(&im->m->arena, t, extend_int(e, n->u));
    }
  }
  return oom_if_null(*out);
}

static cx_status_t import_dense_array(bc_import_t* im, const bc_node_t* n, const cx_attr_t** out) {
  const cx_type_t* t;
  CX_RETURN_IF_ERROR(bc_import_type(im, n->kids[0], &t));
  if (!cx_type_is_element(t)) return bc_import_error(im, "array<> of a non-scalar type");
  cx_elem_t e = t->element.elem;
  size_t esize = e == CX_ELEM_I1 ? 1 : (size_t)(cx_elem_bit_width(e) + 7) / 8;
  uint64_t count = n->u;
  size_t need;
  if (count > UINT32_MAX || !cx_mul_size((size_t)count, esize, &need) || need != n->len)
    return bc_import_error(im, "array<> data of %zu bytes for %llu elements", n->len,
                           (unsigned long long)count);
  const uint8_t* p = (const uint8_t*)n->str;
  // The values as doubles (float elements) or int64s, 8 bytes each.
  bool is_float = cx_elem_is_float(e);
  void* v = cx_alloc(im->ctx->allocator, (count ? count : 1) * 8);
  if (!v) return CX_OOM();
  for (uint64_t i = 0; i < count; i++) {
    uint64_t bits = 0;
    memcpy(&bits, p + i * esize, esize);
    if (is_float)
      ((double*)v)[i] = float_value(e, bits);
    else
      ((int64_t*)v)[i] = extend_int(e, bits);
  }
  *out = is_float ? cx_attr_dense_f64_array(&im->m->arena, t, (uint32_t)count, v)
                  : cx_attr_dense_i64_array(&im->m->arena, t, (uint32_t)count, v);
  cx_free(im->ctx->allocator, v);
  return oom_if_null(*out);
}

static cx_status_t import_resource(bc_import_t* im, const bc_node_t* n, const cx_attr_t** out) {
  const cx_type_t* t;
  CX_RETURN_IF_ERROR(bc_import_type(im, n->kids[0], &t));
  bc_resource_entry_t* r = &im->f->resources[n->u];
  cx_module_t* m = im->m;
  if (r->module_index < 0 && r->has_data) {
    // The table is sized for every resource of the file at once, so blob
    // pointers handed out stay valid.
    if (!m->resources) {
      m->resources = CX_ARENA_ARRAY(&m->arena, cx_resource_t, im->f->nresources);
      CX_RETURN_IF_ERROR(oom_if_null(m->resources));
    }
    cx_resource_t* res = &m->resources[m->num_resources];
    CX_RETURN_IF_ERROR(bc_intern_name(im->f, r->key.s, r->key.len, "resource name", &res->name));
    res->nbytes = r->len;
    res->alignment = (uint32_t)r->alignment;
    // The file aligns blobs relative to its start; borrowing also needs the
    // buffer itself aligned enough for any element type (8 bytes).
    if (im->borrow && ((uintptr_t)r->data & 7) == 0) {
      res->data = r->data;
    } else {
      void* copy = cx_arena_memdup(&m->arena, r->data, r->len ? r->len : 1, 16);
      CX_RETURN_IF_ERROR(oom_if_null(copy));
      res->data = copy;
    }
    r->module_index = (int32_t)m->num_resources++;
  }
  cx_attr_t* a = cx_attr_new(&m->arena, CX_ATTR_DENSE_RESOURCE);
  CX_RETURN_IF_ERROR(oom_if_null(a));
  a->type = t;
  a->resource.blob = r->module_index >= 0 ? &m->resources[r->module_index] : NULL;
  *out = a;
  return bc_intern_name(im->f, r->key.s, r->key.len, "resource name", &a->resource.name);
}

static cx_status_t import_vhlo_attr(bc_import_t* im, const bc_node_t* n, const cx_attr_t** out) {
  cx_arena_t* arena = &im->m->arena;
  switch (n->code) {
    case VA_ARRAY: return attr_list(im, n, out);
    case VA_BOOL:
      *out = cx_attr_bool(arena, n->u != 0);
      return oom_if_null(*out);
    case VA_CMP_DIRECTION: return enum_attr(im, CX_ENUM_COMPARISON_DIRECTION, (int64_t)n->u, out);
    case VA_CMP_TYPE: return enum_attr(im, CX_ENUM_COMPARISON_TYPE, (int64_t)n->u, out);
    case VA_FFT_TYPE: return enum_attr(im, CX_ENUM_FFT_TYPE, (int64_t)n->u, out);
    case VA_PRECISION: return enum_attr(im, CX_ENUM_PRECISION, (int64_t)n->u, out);
    case VA_RNG_ALGORITHM: return enum_attr(im, CX_ENUM_RNG_ALGORITHM, (int64_t)n->u, out);
    // VHLO numbers distributions from 1 (UNIFORM = 1, NORMAL = 2).
    case VA_RNG_DISTRIBUTION: return enum_attr(im, CX_ENUM_RNG_DISTRIBUTION, (int64_t)n->u - 1, out);
    case VA_TRANSPOSE: return enum_attr(im, CX_ENUM_TRANSPOSE, (int64_t)n->u, out);
    case VA_RESULT_ACCURACY_MODE:
      return enum_attr(im, CX_ENUM_RESULT_ACCURACY_MODE, (int64_t)n->u, out);
    case VA_API_VERSION: {
      // StableHLO spells CustomCallApiVersion as an i32 integer.
      const cx_type_t* i32 = cx_type_element(im->ctx, CX_ELEM_SI32);
      CX_RETURN_IF_ERROR(oom_if_null(i32));
      if (n->u > 4) return bc_import_error(im, "invalid custom call api_version %llu",
                                           (unsigned long long)n->u);
      *out = cx_attr_integer(arena, i32, (int64_t)n->u);
      return oom_if_null(*out);
    }
    case VA_DICT: return dict(im, n, out);
    case VA_FLOAT: return scalar_attr(im, n, true, out);
    case VA_INTEGER: return scalar_attr(im, n, false, out);
    case VA_OUTPUT_OPERAND_ALIAS: {
      cx_attr_t* a = cx_attr_new(arena, CX_ATTR_OUTPUT_OPERAND_ALIAS);
      CX_RETURN_IF_ERROR(oom_if_null(a));
      uint32_t n1 = (uint32_t)n->ints[0];
      uint32_t n2 = (uint32_t)n->ints[2 + n1];
      if (!cx_i64_list_copy(arena, n->ints + 1, n1, &a->output_operand_alias.output_tuple_indices) ||
          !cx_i64_list_copy(arena, n->ints + 3 + n1, n2,
                            &a->output_operand_alias.operand_tuple_indices))
        return CX_OOM();
      a->output_operand_alias.operand_index = n->ints[1 + n1];
      *out = a;
      return NULL;
    }
    case VA_STRING:
      *out = cx_attr_string(arena, n->str, n->len);
      return oom_if_null(*out);
    case VA_TENSOR: {
      const cx_type_t* t;
      CX_RETURN_IF_ERROR(bc_import_type(im, n->kids[0], &t));
      return import_dense(im, t, (const uint8_t*)n->str, n->len, true, out);
    }
    case VA_TYPE: {
      const cx_type_t* t;
      CX_RETURN_IF_ERROR(bc_import_type(im, n->kids[0], &t));
      *out = cx_attr_type(arena, t);
      return oom_if_null(*out);
    }
    case VA_TYPE_EXTENSIONS: {
      cx_attr_t* a = cx_attr_new(arena, CX_ATTR_BOUNDS);
      CX_RETURN_IF_ERROR(oom_if_null(a));
      a->bounds.rank = n->nints;
      int64_t* bounds = CX_ARENA_ARRAY(arena, int64_t, n->nints ? n->nints : 1);
      CX_RETURN_IF_ERROR(oom_if_null(bounds));
      if (n->nints) memcpy(bounds, n->ints, n->nints * sizeof(int64_t));
      a->bounds.bounds = bounds;
      // Left false as the text parser does: both spellings are one
      // StableHLO attribute, and tensor types must intern the same whichever
      // front end built them.
      a->bounds.type_extensions = false;
      *out = a;
      return NULL;
    }
    case VA_RESULT_ACCURACY: {
      cx_attr_t* a = cx_attr_new(arena, CX_ATTR_RESULT_ACCURACY);
      CX_RETURN_IF_ERROR(oom_if_null(a));
      memcpy(&a->result_accuracy.atol, &n->ints[0], 8);
      memcpy(&a->result_accuracy.rtol, &n->ints[1], 8);
      a->result_accuracy.ulps = n->ints[2];
      const bc_node_t* mode = n->kids[0];
      if (mode->dialect != BC_D_VHLO || mode->code != VA_RESULT_ACCURACY_MODE || mode->text ||
          mode->u > 2)
        return bc_import_error(im, "result_accuracy without a valid mode");
      a->result_accuracy.mode = (int)mode->u;
      *out = a;
      return NULL;
    }
    case VA_AXIS_REF: {
      const char* s;
      size_t len;
      if (!bc_node_string(n->kids[0], &s, &len))
        return bc_import_error(im, "axis_ref name is not a string");
      cx_attr_t* a = cx_attr_new(arena, CX_ATTR_AXIS_REF);
      CX_RETURN_IF_ERROR(oom_if_null(a));
      a->axis_ref.name = cx_arena_strndup(arena, s, len);
      CX_RETURN_IF_ERROR(oom_if_null(a->axis_ref.name));
      if (n->nkids > 1) {
        const bc_node_t* sub = n->kids[1];
        if (sub->dialect != BC_D_VHLO || sub->code != VA_SUB_AXIS_INFO || sub->text)
          return bc_import_error(im, "axis_ref sub_axis_info has the wrong kind");
        a->axis_ref.has_sub_axis_info = true;
        a->axis_ref.pre_size = sub->ints[0];
        a->axis_ref.size = sub->ints[1];
      }
      *out = a;
      return NULL;
    }
    case VA_REPLICA_GROUP_MESH_AXES: {
      const char* s;
      size_t len;
      if (!bc_node_string(n->kids[0], &s, &len))
        return bc_import_error(im, "mesh name is not a string");
      const cx_attr_t* axes;
      CX_RETURN_IF_ERROR(bc_import_attr(im, n->kids[1], &axes));
      if (axes->kind != CX_ATTR_ARRAY) return bc_import_error(im, "mesh axes are not an array");
      cx_attr_t* a = cx_attr_new(arena, CX_ATTR_REPLICA_GROUP_MESH_AXES);
      CX_RETURN_IF_ERROR(oom_if_null(a));
      a->mesh_axes.mesh_name = cx_arena_strndup(arena, s, len);
      CX_RETURN_IF_ERROR(oom_if_null(a->mesh_axes.mesh_name));
      a->mesh_axes.num_axes = axes->array.count;
      a->mesh_axes.axes = axes->array.items;
      *out = a;
      return NULL;
    }
    default:
      return bc_import_error(im, "vhlo attribute code %u cannot be converted", n->code);
  }
}

static cx_status_t import_builtin_attr(bc_import_t* im, const bc_node_t* n, const cx_attr_t** out) {
  cx_arena_t* arena = &im->m->arena;
  switch (n->code) {
    case BA_ARRAY: return attr_list(im, n, out);
    case BA_DICT: return dict(im, n, out);
    case BA_STRING:
      *out = cx_attr_string(arena, n->str, n->len);
      return oom_if_null(*out);
    case BA_STRING_TYPED: {
      const cx_type_t* t;
      CX_RETURN_IF_ERROR(bc_import_type(im, n->kids[0], &t));
      cx_attr_t* a = cx_attr_new(arena, CX_ATTR_STRING);
      if (!a) return CX_OOM();
      a->str.data = cx_arena_strndup(arena, n->str, n->len);
      if (!a->str.data) return CX_OOM();
      a->str.len = n->len;
      a->type = t;
      *out = a;
      return NULL;
    }
    case BA_FLAT_SYMBOL_REF: {
      const char* s;
      size_t len;
      if (!bc_node_string(n->kids[0], &s, &len))
        return bc_import_error(im, "symbol is not a string");
      *out = cx_attr_symbol_ref(arena, s, len);
      return oom_if_null(*out);
    }
    case BA_TYPE: {
      const cx_type_t* t;
      CX_RETURN_IF_ERROR(bc_import_type(im, n->kids[0], &t));
      *out = cx_attr_type(arena, t);
      return oom_if_null(*out);
    }
    case BA_UNIT:
      *out = cx_attr_unit(arena);
      return oom_if_null(*out);
    case BA_INTEGER: return scalar_attr(im, n, false, out);
    case BA_FLOAT: return scalar_attr(im, n, true, out);
    case BA_DENSE: {
      const cx_type_t* t;
      CX_RETURN_IF_ERROR(bc_import_type(im, n->kids[0], &t));
      return import_dense(im, t, (const uint8_t*)n->str, n->len, false, out);
    }
    case BA_DENSE_ARRAY: return import_dense_array(im, n, out);
    case BA_DENSE_RESOURCE: return import_resource(im, n, out);
    default:
      return bc_import_error(im, "builtin attribute code %u cannot be converted", n->code);
  }
}

static cx_status_t import_attr_uncached(bc_import_t* im, const bc_node_t* n, const cx_attr_t** out) {
  if (n->text) {
    // Textual fallback: MLIR assembly, read by cxla's parser if it models
    // the attribute, kept verbatim otherwise.
    cx_status_t st = cx_asm_parse_attr(im->m, n->str, n->len, out);
    if (!st || cx_status_code(st) == CX_OUT_OF_MEMORY) return st;
    cx_status_free(st);
    *out = cx_attr_opaque(&im->m->arena, n->str, n->len);
    return oom_if_null(*out);
  }
  if (n->opaque) {
    // Another dialect's own encoding (e.g. Shardy's): cxla cannot print it
    // as MLIR text, so it keeps the bytes in a form the writer restores.
    cx_strbuf_t sb;
    cx_strbuf_init_with(&sb, im->ctx->allocator);
    cx_strbuf_printf(&sb, "#%s.bytecode<\"", n->dialect_name);
    static const char kHex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n->len; i++) {
      cx_strbuf_putc(&sb, kHex[(uint8_t)n->str[i] >> 4]);
      cx_strbuf_putc(&sb, kHex[(uint8_t)n->str[i] & 15]);
    }
    cx_strbuf_puts(&sb, "\">");
    if (sb.failed) {
      cx_strbuf_free(&sb);
      return CX_OOM();
    }
    *out = cx_attr_opaque(&im->m->arena, sb.data, sb.len);
    cx_strbuf_free(&sb);
    return oom_if_null(*out);
  }
  switch (n->dialect) {
    case BC_D_VHLO: return import_vhlo_attr(im, n, out);
    case BC_D_BUILTIN: return import_builtin_attr(im, n, out);
    case BC_D_CHLO:
      return enum_attr(im, n->code == CA_CMP_DIRECTION ? CX_ENUM_CHLO_COMPARISON_DIRECTION
                                                      : CX_ENUM_CHLO_COMPARISON_TYPE,
                       (int64_t)n->u, out);
    default:
      return bc_import_error(im, "attribute of dialect '%s' cannot be converted", n->dialect_name);
  }
}

cx_status_t bc_import_attr(bc_import_t* im, const bc_node_t* n, const cx_attr_t** out) {
  if (n->is_type) return bc_import_error(im, "expected an attribute, found a type");
  if (n->cx) {
    *out = n->cx;
    return NULL;
  }
  CX_RETURN_IF_ERROR(import_attr_uncached(im, n, out));
  ((bc_node_t*)n)->cx = *out;
  return NULL;
}

// ---- helpers for op conversions -------------------------------------------------------

cx_status_t bc_import_i64_list(bc_import_t* im, const bc_node_t* n, const char* what,
                               int64_t** out, uint32_t* out_len) {
  const cx_attr_t* a;
  CX_RETURN_IF_ERROR(bc_import_attr(im, n, &a));
  if (a->kind != CX_ATTR_DENSE || a->type->tensor.rank > 1)
    return bc_import_error(im, "%s: expected a 1-d integer tensor", what);
  if (!cx_elem_is_integer(cx_tensor_elem(a->type)))
    return bc_import_error(im, "%s: expected integer elements", what);
  const char* why = cx_dense_read_i64s(&im->m->arena, a, INT32_MAX, out, out_len);
  if (why && !strcmp(why, "out of memory")) return CX_OOM();
  if (why) return bc_import_error(im, "%s: expected %s", what, why);
  if (!*out) {
    // Never NULL: empty lists are copied with memcpy(dst, data, 0).
    *out = CX_ARENA_ARRAY(&im->m->arena, int64_t, 1);
    CX_RETURN_IF_ERROR(oom_if_null(*out));
  }
  return NULL;
}

cx_status_t bc_import_int(bc_import_t* im, const bc_node_t* n, const char* what, int64_t* out) {
  const cx_attr_t* a;
  CX_RETURN_IF_ERROR(bc_import_attr(im, n, &a));
  if (a->kind != CX_ATTR_INTEGER) return bc_import_error(im, "%s: expected an integer", what);
  *out = a->integer;
  return NULL;
}

// ---- locations ------------------------------------------------------------------------

// A location node as an interned location (ir/location.h). Anything that
// is not a builtin location (a corrupt file's attribute) reads as unknown.
static cx_status_t import_location(bc_import_t* im, const bc_node_t* n, int depth,
                                   const cx_location_t** out) {
  *out = NULL;
  if (depth > 200) return bc_import_error(im, "locations nested more than 200 deep");
  const char* s;
  size_t len;
  cx_context_t* ctx = im->ctx;
  if (!n || n->dialect != BC_D_BUILTIN || n->text || n->is_type) {
    *out = cx_location_unknown(ctx);
    return oom_if_null(*out);
  }
  switch (n->code) {
    case BA_LOC_FILE:
      if (!bc_node_string(n->kids[0], &s, &len)) break;
      *out = cx_location_file(ctx, s, len, CX_LOC_FORM_POINT, (uint32_t)n->ints[0],
                              (uint32_t)n->ints[1], (uint32_t)n->ints[0], (uint32_t)n->ints[1]);
      return oom_if_null(*out);
    case BA_LOC_RANGE: {
      if (!bc_node_string(n->kids[0], &s, &len)) break;
      const int64_t* v = n->ints;
      // Stored in order: start line, start column, then the end column (3
      // values) or the end line and column (4).
      uint32_t end_line = n->u == 4 ? (uint32_t)v[2] : (uint32_t)v[0];
      uint32_t end_col = n->u == 4 ? (uint32_t)v[3] : (uint32_t)v[2];
      *out = cx_location_file(ctx, s, len, (cx_loc_form_t)n->u, (uint32_t)v[0], (uint32_t)v[1],
                              end_line, end_col);
      return oom_if_null(*out);
    }
    case BA_LOC_NAME: {
      if (!bc_node_string(n->kids[0], &s, &len)) break;
      const cx_location_t* child;
      CX_RETURN_IF_ERROR(import_location(im, n->kids[1], depth + 1, &child));
      *out = cx_location_name(ctx, s, len, child);
      return oom_if_null(*out);
    }
    case BA_LOC_CALLSITE: {
      const cx_location_t *callee, *caller;
      CX_RETURN_IF_ERROR(import_location(im, n->kids[0], depth + 1, &callee));
      CX_RETURN_IF_ERROR(import_location(im, n->kids[1], depth + 1, &caller));
      *out = cx_location_callsite(ctx, callee, caller);
      return oom_if_null(*out);
    }
    case BA_LOC_FUSED:
    case BA_LOC_FUSED_META: {
      uint32_t count = (uint32_t)n->u;
      const cx_location_t** locs = cx_alloc(ctx->allocator, (count ? count : 1) * sizeof(*locs));
      CX_RETURN_IF_ERROR(oom_if_null(locs));
      cx_status_t st = NULL;
      for (uint32_t i = 0; i < count && !st; i++)
        st = import_location(im, n->kids[i], depth + 1, &locs[i]);
      // The metadata attribute is kept as its text.
      cx_strbuf_t meta;
      cx_strbuf_init_with(&meta, ctx->allocator);
      if (!st && n->code == BA_LOC_FUSED_META) {
        const cx_attr_t* a;
        st = bc_import_attr(im, n->kids[count], &a);
        if (!st) cx_print_attr(&meta, a);
        if (!st && meta.failed) st = CX_OOM();
      }
      if (!st) {
        *out = cx_location_fused(ctx, count, locs,
                                 n->code == BA_LOC_FUSED_META ? (meta.data ? meta.data : "") : NULL,
                                 meta.len);
        st = oom_if_null(*out);
      }
      cx_strbuf_free(&meta);
      cx_free(ctx->allocator, locs);
      return st;
    }
    default:
      break;
  }
  *out = cx_location_unknown(ctx);
  return oom_if_null(*out);
}

cx_status_t bc_import_loc(bc_import_t* im, const bc_node_t* n, cx_loc_t* out) {
  memset(out, 0, sizeof(*out));
  const cx_location_t* full;
  CX_RETURN_IF_ERROR(import_location(im, n, 0, &full));
  *out = cx_location_summary(full);
  return NULL;
}
