// cxla IR to attribute/type nodes for the writer: StableHLO types to VHLO
// types, attributes to VHLO attributes (StablehloLegalizeToVhlo's generic and
// special conversions, with the defaults StableHLO makes explicit in VHLO),
// and for a chosen target version the op attributes of the op version that
// target has, refusing what the target cannot represent.
//
// Nodes are hash-consed (nodes.c), so equal values are one table entry, as
// MLIR's uniqued attributes are; that is what makes the writer's numbering,
// and so its output, match StableHLO's.
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bytecode/bc_internal.h"
#include "ir/location.h"
#include "support/float_formats.h"
#include "support/scalar.h"
#include "support/strbuf.h"
#include "ir/print.h"

cx_status_t bc_export_error(bc_export_t* ex, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  char* msg = cx_vformat(fmt, args);
  va_end(args);
  cx_status_t st = ex->op_name
                       ? CX_ERROR(CX_INVALID_ARGUMENT, "'%s' op %s", ex->op_name, msg ? msg : "")
                       : CX_ERROR(CX_INVALID_ARGUMENT, "%s", msg ? msg : "");
  cx_free_malloced(msg);
  if (ex->loc.file) {
    char buf[512];
    st = cx_status_with_location(st, cx_loc_format(ex->loc, buf, sizeof(buf)));
  }
  return st;
}

static cx_status_t oom_if_null(bc_export_t* ex, const void* p) {
  (void)ex;
  return p ? NULL : CX_OOM();
}

static const char* vstr(bc_version_t v, char* buf, size_t size) {
  return bc_version_format(v, buf, size);
}

cx_status_t bc_export_need_version(bc_export_t* ex, bc_version_t min, const char* what) {
  if (ex->target >= min) return NULL;
  char a[16], b[16];
  return bc_export_error(ex, "uses %s, which StableHLO supports from version %s (target %s)", what,
                         vstr(min, a, sizeof(a)), vstr(ex->target, b, sizeof(b)));
}

// ---- types ------------------------------------------------------------------------------

// VHLO spells i32 and si32 alike (integers are signless there), so a type
// with an explicitly signed integer, which only a builtin attribute can
// carry, has no VHLO form that would read back as itself.
static bool explicitly_signed(const cx_type_t* t) {
  switch (t->kind) {
    case CX_TYPE_ELEMENT:
      return cx_elem_is_signed_int(t->element.elem) && !t->element.signless;
    case CX_TYPE_TENSOR:
      return explicitly_signed(t->tensor.element);
    case CX_TYPE_TUPLE:
      for (uint32_t i = 0; i < t->tuple.count; i++)
        if (explicitly_signed(t->tuple.items[i])) return true;
      return false;
    case CX_TYPE_FUNCTION:
      for (uint32_t i = 0; i < t->func.num_inputs; i++)
        if (explicitly_signed(t->func.inputs[i])) return true;
      for (uint32_t i = 0; i < t->func.num_results; i++)
        if (explicitly_signed(t->func.results[i])) return true;
      return false;
    default:
      return false;
  }
}

static int vhlo_elem_code(const cx_type_t* t) {
  cx_elem_t e = t->element.elem;
  switch (e) {
    case CX_ELEM_I1: return VT_BOOL;
    case CX_ELEM_SI2: return VT_SI2;
    case CX_ELEM_SI4: return VT_SI4;
    case CX_ELEM_SI8: return VT_SI8;
    case CX_ELEM_SI16: return VT_SI16;
    case CX_ELEM_SI32: return VT_SI32;
    case CX_ELEM_SI64: return VT_SI64;
    case CX_ELEM_UI2: return VT_UI2;
    case CX_ELEM_UI4: return VT_UI4;
    case CX_ELEM_UI8: return VT_UI8;
    case CX_ELEM_UI16: return VT_UI16;
    case CX_ELEM_UI32: return VT_UI32;
    case CX_ELEM_UI64: return VT_UI64;
    case CX_ELEM_F4E2M1FN: return VT_F4E2M1FN;
    case CX_ELEM_F6E2M3FN: return VT_F6E2M3FN;
    case CX_ELEM_F6E3M2FN: return VT_F6E3M2FN;
    case CX_ELEM_F8E3M4: return VT_F8E3M4;
    case CX_ELEM_F8E4M3: return VT_F8E4M3;
    case CX_ELEM_F8E4M3FN: return VT_F8E4M3FN;
    case CX_ELEM_F8E4M3FNUZ: return VT_F8E4M3FNUZ;
    case CX_ELEM_F8E4M3B11FNUZ: return VT_F8E4M3B11FNUZ;
    case CX_ELEM_F8E5M2: return VT_F8E5M2;
    case CX_ELEM_F8E5M2FNUZ: return VT_F8E5M2FNUZ;
    case CX_ELEM_F8E8M0FNU: return VT_F8E8M0FNU;
    case CX_ELEM_BF16: return VT_BF16;
    case CX_ELEM_F16: return VT_F16;
    case CX_ELEM_TF32: return VT_TF32;
    case CX_ELEM_F32: return VT_F32;
    case CX_ELEM_F64: return VT_F64;
    case CX_ELEM_INDEX: return VT_INDEX;
    default: return -1;
  }
}

// `name` spells the type in errors (NULL: its VHLO code does).
static cx_status_t scalar_type(bc_export_t* ex, int code, const char* name, const bc_node_t** out) {
  char what[48];
  if (name)
    snprintf(what, sizeof(what), "the type %s", name);
  else
    snprintf(what, sizeof(what), "the VHLO type with code %d", code);
  bc_version_t min = vhlo_type_min_version(code);
  if (min > ex->target) return bc_export_need_version(ex, min, what);
  *out = bc_vtype(ex->t, code);
  return oom_if_null(ex, *out);
}

static cx_status_t builtin_elem(bc_export_t* ex, const cx_type_t* t, const bc_node_t** out) {
  cx_elem_t e = t->element.elem;
  bc_node_t n = {.is_type = 1, .dialect = BC_D_BUILTIN};
  if (cx_elem_is_integer(e)) {
    int w = cx_elem_bit_width(e);
    unsigned sign = e == CX_ELEM_I1 || t->element.signless ? 0 : cx_elem_is_unsigned_int(e) ? 2 : 1;
    n.code = BT_INTEGER;
    n.u = (uint64_t)w << 2 | sign;
  } else {
    switch (e) {
      case CX_ELEM_INDEX: n.code = BT_INDEX; break;
      case CX_ELEM_BF16: n.code = BT_BF16; break;
      case CX_ELEM_F16: n.code = BT_F16; break;
      case CX_ELEM_F32: n.code = BT_F32; break;
      case CX_ELEM_F64: n.code = BT_F64; break;
      case CX_ELEM_C64:
      case CX_ELEM_C128: {
        const bc_node_t* part;
        const cx_type_t* pt = cx_type_element(ex->ctx, cx_elem_complex_component(e));
        CX_RETURN_IF_ERROR(oom_if_null(ex, pt));
        CX_RETURN_IF_ERROR(builtin_elem(ex, pt, &part));
        *out = bc_node_kids(ex->t, true, BC_D_BUILTIN, BT_COMPLEX, &part, 1);
        return oom_if_null(ex, *out);
      }
      default: {
        // Other float types have no builtin code in the bytecode: MLIR writes
        // them as text ("f8E4M3FN").
        const char* s = cx_elem_name(e);
        n.text = 1;
        n.str = s;
        n.len = strlen(s);
        break;
      }
    }
  }
  *out = bc_node_intern(ex->t, &n);
  return oom_if_null(ex, *out);
}

static cx_status_t type_list(bc_export_t* ex, const cx_type_t* const* types, uint32_t n,
                             bool builtin, const bc_node_t*** out) {
  *out = n ? cx_alloc(ex->ctx->allocator, n * sizeof(**out)) : NULL;
  if (n && !*out) return CX_OOM();
  for (uint32_t i = 0; i < n; i++) {
    cx_status_t st = bc_export_type(ex, types[i], builtin, &(*out)[i]);
    if (st) {
      cx_free(ex->ctx->allocator, *out);
      return st;
    }
  }
  return NULL;
}

// Types cxla keeps as text: StableHLO's future, memref (buffer) and unranked
// tensor types, and the shape witness.
static cx_status_t opaque_type(bc_export_t* ex, const cx_type_t* t, bool builtin,
                               const bc_node_t** out) {
  const char* s = t->opaque.text;
  size_t len = strlen(s);
  if (!builtin && len > 18 && !strncmp(s, "!stablehlo.future<", 18) && s[len - 1] == '>') {
    CX_RETURN_IF_ERROR(bc_export_need_version(ex, vhlo_type_min_version(VT_FUTURE), "!stablehlo.future"));
    // The element types, separated by top-level commas.
    const bc_node_t* kids[64];
    uint32_t n = 0;
    size_t start = 18;
    int depth = 0;
    cx_module_t* scratch;
    CX_RETURN_IF_ERROR(cx_module_create(ex->ctx, &scratch));
    cx_status_t st = NULL;
    for (size_t i = 18; i < len && !st; i++) {
      char c = s[i];
      if (c == '<' || c == '(' || c == '[' || c == '{') depth++;
      if (c == '>' || c == ')' || c == ']' || c == '}') depth--;
      if ((c == ',' && depth == 0) || (i == len - 1 && depth < 0)) {
        const cx_type_t* et;
        if (n == 64) {
          st = bc_export_error(ex, "too many future element types");
          break;
        }
        st = cx_asm_parse_type(scratch, s + start, i - start, &et);
        if (!st) st = bc_export_type(ex, et, false, &kids[n++]);
        start = i + 1;
      }
    }
    cx_module_destroy(scratch);
    CX_RETURN_IF_ERROR(st);
    *out = bc_node_kids(ex->t, true, BC_D_VHLO, VT_FUTURE, kids, n);
    return oom_if_null(ex, *out);
  }
  if (!builtin && len > 7 && !strncmp(s, "memref<", 7)) {
    CX_RETURN_IF_ERROR(bc_export_need_version(ex, vhlo_type_min_version(VT_BUFFER), "memref types"));
    // memref<2x?xf32>: parse it as the tensor of the same spelling.
    cx_strbuf_t sb;
    cx_strbuf_init_with(&sb, ex->ctx->allocator);
    cx_strbuf_puts(&sb, "tensor<");
    cx_strbuf_append(&sb, s + 7, len - 7);
    cx_module_t* scratch = NULL;
    const cx_type_t* tt;
    cx_status_t st = sb.failed ? CX_OOM() : cx_module_create(ex->ctx, &scratch);
    if (!st) st = cx_asm_parse_type(scratch, sb.data, sb.len, &tt);
    cx_module_destroy(scratch);
    cx_strbuf_free(&sb);
    CX_RETURN_IF_ERROR(st);
    if (!cx_type_is_tensor(tt)) return bc_export_error(ex, "unsupported memref type %s", s);
    const bc_node_t* elem;
    CX_RETURN_IF_ERROR(bc_export_type(ex, tt->tensor.element, false, &elem));
    bc_node_t n = {.is_type = 1, .dialect = BC_D_VHLO, .code = VT_BUFFER, .nkids = 1,
                   .kids = &elem, .nints = tt->tensor.rank, .ints = tt->tensor.dims};
    *out = bc_node_intern(ex->t, &n);
    return oom_if_null(ex, *out);
  }
  if (!builtin && !strcmp(s, "!shape.witness")) return scalar_type(ex, VT_WITNESS, NULL, out);
  if (!strncmp(s, "tensor<*x", 9) && s[len - 1] == '>') {
    cx_module_t* scratch;
    CX_RETURN_IF_ERROR(cx_module_create(ex->ctx, &scratch));
    const cx_type_t* et;
    cx_status_t st = cx_asm_parse_type(scratch, s + 9, len - 10, &et);
    cx_module_destroy(scratch);
    CX_RETURN_IF_ERROR(st);
    const bc_node_t* elem;
    CX_RETURN_IF_ERROR(bc_export_type(ex, et, builtin, &elem));
    *out = bc_node_kids(ex->t, true, builtin ? BC_D_BUILTIN : BC_D_VHLO,
                        builtin ? BT_UNRANKED_TENSOR : VT_UNRANKED_TENSOR, &elem, 1);
    return oom_if_null(ex, *out);
  }
  if (builtin || s[0] != '!') {
    // Kept in MLIR's textual form (builtin types cxla does not model).
    bc_node_t n = {.is_type = 1, .dialect = BC_D_BUILTIN, .text = 1, .str = s, .len = len};
    *out = bc_node_intern(ex->t, &n);
    return oom_if_null(ex, *out);
  }
  return bc_export_error(ex, "type %s has no VHLO form", s);
}

cx_status_t bc_export_type(bc_export_t* ex, const cx_type_t* t, bool builtin,
                           const bc_node_t** out) {
  int dialect = builtin ? BC_D_BUILTIN : BC_D_VHLO;
  switch (t->kind) {
    case CX_TYPE_ELEMENT: {
      if (builtin) return builtin_elem(ex, t, out);
      cx_elem_t e = t->element.elem;
      if (cx_elem_is_complex(e)) {
        const bc_node_t* part;
        CX_RETURN_IF_ERROR(scalar_type(ex, e == CX_ELEM_C64 ? VT_F32 : VT_F64, NULL, &part));
        *out = bc_node_kids(ex->t, true, BC_D_VHLO, VT_COMPLEX, &part, 1);
        return oom_if_null(ex, *out);
      }
      int code = vhlo_elem_code(t);
      if (explicitly_signed(t))
        return bc_export_error(ex, "element type si%d has no VHLO form (VHLO integers are signless)",
                               cx_elem_bit_width(e));
      if (code < 0) return bc_export_error(ex, "element type %s has no VHLO form", cx_elem_name(e));
      return scalar_type(ex, code, cx_elem_name(e), out);
    }
    case CX_TYPE_QUANT: {
      if (builtin) return bc_export_error(ex, "quantized types are only supported in VHLO");
      bool per_axis = t->quant.axis != CX_QUANT_PER_TENSOR;
      if (per_axis) CX_RETURN_IF_ERROR(bc_export_need_version(ex, vhlo_type_min_version(VT_QUANT_PER_AXIS),
                                                    "per-axis quantized types"));
      // MLIR's storage type is signless; signedness is flag bit 0.
      cx_elem_t se = t->quant.storage->element.elem;
      bool is_signed = cx_elem_is_signed_int(se);
      if (cx_elem_is_unsigned_int(se)) se = (cx_elem_t)(se - CX_ELEM_UI2 + CX_ELEM_SI2);
      const cx_type_t* st = cx_type_element(ex->ctx, se);
      CX_RETURN_IF_ERROR(oom_if_null(ex, st));
      const bc_node_t* kids[2];
      CX_RETURN_IF_ERROR(bc_export_type(ex, st, false, &kids[0]));
      CX_RETURN_IF_ERROR(bc_export_type(ex, t->quant.expressed, false, &kids[1]));
      bc_node_t n = {.is_type = 1, .dialect = BC_D_VHLO, .u = is_signed ? 1 : 0, .nkids = 2,
                     .kids = kids};
      if (!per_axis) {
        int64_t ints[4];
        memcpy(&ints[0], &t->quant.scales[0], 8);
        ints[1] = t->quant.zero_points[0];
        ints[2] = t->quant.storage_min;
        ints[3] = t->quant.storage_max;
        n.code = VT_QUANT;
        n.nints = 4;
        n.ints = ints;
        *out = bc_node_intern(ex->t, &n);
        return oom_if_null(ex, *out);
      }
      uint32_t ns = t->quant.num_scales;
      int64_t* ints = cx_alloc(ex->ctx->allocator, (5 + 2 * (size_t)ns) * sizeof(int64_t));
      if (!ints) return CX_OOM();
      ints[0] = t->quant.axis;
      ints[1] = t->quant.storage_min;
      ints[2] = t->quant.storage_max;
      ints[3] = ns;
      for (uint32_t i = 0; i < ns; i++) memcpy(&ints[4 + i], &t->quant.scales[i], 8);
      ints[4 + ns] = ns;
      for (uint32_t i = 0; i < ns; i++) ints[5 + ns + i] = t->quant.zero_points[i];
      n.code = VT_QUANT_PER_AXIS;
      n.nints = 5 + 2 * ns;
      n.ints = ints;
      *out = bc_node_intern(ex->t, &n);
      cx_free(ex->ctx->allocator, ints);
      return oom_if_null(ex, *out);
    }
    case CX_TYPE_TENSOR: {
      const bc_node_t* kids[2];
      CX_RETURN_IF_ERROR(bc_export_type(ex, t->tensor.element, builtin, &kids[0]));
      bc_node_t n = {.is_type = 1, .dialect = (uint8_t)dialect, .nkids = 1, .kids = kids,
                     .nints = t->tensor.rank, .ints = t->tensor.dims};
      n.code = builtin ? BT_TENSOR : VT_TENSOR;
      if (t->tensor.encoding) {
        const cx_attr_t* enc = t->tensor.encoding;
        if (enc->kind != CX_ATTR_BOUNDS) return bc_export_error(ex, "unsupported tensor encoding");
        bc_node_t b = {.dialect = BC_D_VHLO, .code = VA_TYPE_EXTENSIONS, .nints = enc->bounds.rank,
                       .ints = enc->bounds.bounds};
        kids[1] = bc_node_intern(ex->t, &b);
        CX_RETURN_IF_ERROR(oom_if_null(ex, kids[1]));
        n.nkids = 2;
        n.code = builtin ? BT_TENSOR_ENCODING : VT_TENSOR_ENCODING;
      }
      *out = bc_node_intern(ex->t, &n);
      return oom_if_null(ex, *out);
    }
    case CX_TYPE_TUPLE:
    case CX_TYPE_FUNCTION: {
      bool tuple = t->kind == CX_TYPE_TUPLE;
      uint32_t n = tuple ? t->tuple.count : t->func.num_inputs + t->func.num_results;
      const cx_type_t** all = n ? cx_alloc(ex->ctx->allocator, n * sizeof(*all)) : NULL;
      if (n && !all) return CX_OOM();
      if (tuple) {
        for (uint32_t i = 0; i < n; i++) all[i] = t->tuple.items[i];
      } else {
        for (uint32_t i = 0; i < t->func.num_inputs; i++) all[i] = t->func.inputs[i];
        for (uint32_t i = 0; i < t->func.num_results; i++)
          all[t->func.num_inputs + i] = t->func.results[i];
      }
      const bc_node_t** kids;
      cx_status_t st = type_list(ex, all, n, builtin, &kids);
      cx_free(ex->ctx->allocator, all);
      CX_RETURN_IF_ERROR(st);
      bc_node_t node = {.is_type = 1, .dialect = (uint8_t)dialect, .nkids = n, .kids = kids};
      node.code = tuple ? (builtin ? BT_TUPLE : VT_TUPLE) : (builtin ? BT_FUNCTION : VT_FUNCTION);
      if (!tuple) node.u = t->func.num_inputs;
      *out = bc_node_intern(ex->t, &node);
      cx_free(ex->ctx->allocator, kids);
      return oom_if_null(ex, *out);
    }
    case CX_TYPE_TOKEN:
      if (builtin) return bc_export_error(ex, "!stablehlo.token outside VHLO");
      return scalar_type(ex, VT_TOKEN, NULL, out);
    case CX_TYPE_NONE:
      if (builtin) {
        bc_node_t n = {.is_type = 1, .dialect = BC_D_BUILTIN, .code = BT_NONE};
        *out = bc_node_intern(ex->t, &n);
        return oom_if_null(ex, *out);
      }
      return scalar_type(ex, VT_NONE, "none", out);
    case CX_TYPE_OPAQUE:
      return opaque_type(ex, t, builtin, out);
  }
  return bc_export_error(ex, "unsupported type");
}

// ---- values ------------------------------------------------------------------------------

static uint64_t float_bits(cx_elem_t e, double v) {
  if (e == CX_ELEM_F64) return cx_f64_bits(v);
  if (e == CX_ELEM_F32) return cx_f32_bits((float)v);
  return cx_float_encode(cx_elem_float_format(e), v);
}

static uint64_t int_bits(cx_elem_t e, int64_t v) {
  int w = e == CX_ELEM_INDEX ? 64 : cx_elem_bit_width(e);
  return w >= 64 ? (uint64_t)v : (uint64_t)v & ((1ull << w) - 1);
}

// An integer matrix stored as a list (cx_attr_i64_matrix) as the dense
// tensor attribute it stands for; `out` borrows the values.
static void matrix_as_dense(const cx_attr_t* a, cx_attr_t* out) {
  memset(out, 0, sizeof(*out));
  out->kind = CX_ATTR_DENSE;
  out->type = a->type;
  out->dense.data = a->dense_array.ints;
  out->dense.nbytes = (size_t)a->dense_array.count * sizeof(int64_t);
}

// cxla's dense data to MLIR's raw layout: booleans packed into bits (VHLO's
// tensor encoding) or one byte (builtin), 2/4-bit integers masked to their
// width, tf32 in 3 bytes; a tensor of equal elements as one element (MLIR's
// uniqued splat). The result lives in the node table's arena.
static cx_status_t dense_raw(bc_export_t* ex, const cx_attr_t* a, bool vhlo, const char** out,
                             size_t* out_len) {
  const cx_type_t* t = a->type;
  int64_t n = cx_tensor_num_elements(t);
  if (n < 0) return bc_export_error(ex, "dense elements of a dynamic shape");
  cx_elem_t e = cx_tensor_elem(t);
  size_t esize = cx_elem_storage_size(e);
  const uint8_t* data = a->dense.data;
  size_t count = a->dense.splat ? 1 : (size_t)n;
  if (!a->dense.splat && count >= 2 && !memcmp(data, data + (count - 1) * esize, esize)) {
    size_t i = 1;
    while (i < count && !memcmp(data, data + i * esize, esize)) i++;
    if (i == count) count = 1;
  }
  cx_arena_t* arena = &ex->t->arena;
  if (e == CX_ELEM_I1) {
    if (!vhlo || n <= 1) {
      uint8_t* raw = cx_arena_alloc(arena, count ? count : 1, 1);
      CX_RETURN_IF_ERROR(oom_if_null(ex, raw));
      for (size_t i = 0; i < count; i++) raw[i] = data[i] ? 1 : 0;
      *out = (const char*)raw;
      *out_len = count;
      return NULL;
    }
    if (count == 1) {
      // VHLO writes a boolean splat as one byte of all ones or all zeros.
      uint8_t* raw = cx_arena_alloc(arena, 1, 1);
      CX_RETURN_IF_ERROR(oom_if_null(ex, raw));
      raw[0] = data[0] ? 0xFF : 0x00;
      *out = (const char*)raw;
      *out_len = 1;
      return NULL;
    }
    size_t bytes = ((size_t)n + 7) / 8;
    uint8_t* raw = cx_arena_calloc(arena, bytes, 1, 1);
    CX_RETURN_IF_ERROR(oom_if_null(ex, raw));
    for (size_t i = 0; i < (size_t)n; i++)
      if (data[i]) raw[i / 8] |= (uint8_t)(1 << (i % 8));
    *out = (const char*)raw;
    *out_len = bytes;
    return NULL;
  }
  bool narrow = e == CX_ELEM_SI2 || e == CX_ELEM_SI4 || e == CX_ELEM_UI2 || e == CX_ELEM_UI4;
  if (narrow || e == CX_ELEM_TF32) {
    size_t mesize = e == CX_ELEM_TF32 ? 3 : 1;
    uint8_t* raw = cx_arena_alloc(arena, count * mesize + 1, 1);
    CX_RETURN_IF_ERROR(oom_if_null(ex, raw));
    for (size_t i = 0; i < count; i++) {
      if (e == CX_ELEM_TF32) {
        uint32_t bits;
        memcpy(&bits, data + i * 4, 4);
        bits >>= 13;
        raw[3 * i] = (uint8_t)bits;
        raw[3 * i + 1] = (uint8_t)(bits >> 8);
        raw[3 * i + 2] = (uint8_t)(bits >> 16);
      } else {
        raw[i] = (uint8_t)int_bits(e, (int8_t)data[i]);
      }
    }
    *out = (const char*)raw;
    *out_len = count * mesize;
    return NULL;
  }
  *out = (const char*)data;
  *out_len = count * esize;
  return NULL;
}

static cx_status_t vtensor(bc_export_t* ex, const cx_type_t* tensor, const char* raw, size_t len,
                           const bc_node_t** out) {
  const bc_node_t* type;
  CX_RETURN_IF_ERROR(bc_export_type(ex, tensor, false, &type));
  bc_node_t n = {.dialect = BC_D_VHLO, .code = VA_TENSOR, .nkids = 1, .kids = &type, .str = raw,
                 .len = len};
  *out = bc_node_intern(ex->t, &n);
  return oom_if_null(ex, *out);
}

// tensor<Nxi64> (or i1) holding `vals`, written as MLIR stores it.
cx_status_t bc_export_i64_tensor(bc_export_t* ex, const int64_t* vals, uint32_t n, bool bools,
                              const int64_t* shape, uint32_t rank, const bc_node_t** out) {
  int64_t dim = n;
  const cx_type_t* elem = cx_type_element(ex->ctx, bools ? CX_ELEM_I1 : CX_ELEM_SI64);
  CX_RETURN_IF_ERROR(oom_if_null(ex, elem));
  const cx_type_t* t = cx_type_tensor(ex->ctx, elem, shape ? rank : 1, shape ? shape : &dim, NULL);
  CX_RETURN_IF_ERROR(oom_if_null(ex, t));
  size_t esize = bools ? 1 : 8;
  uint8_t* buf = cx_arena_alloc(&ex->t->arena, (size_t)n * esize + 1, 8);
  CX_RETURN_IF_ERROR(oom_if_null(ex, buf));
  for (uint32_t i = 0; i < n; i++) {
    if (bools) buf[i] = vals[i] != 0;
    else memcpy(buf + i * 8, &vals[i], 8);
  }
  cx_attr_t tmp = {.kind = CX_ATTR_DENSE, .type = t};
  tmp.dense.data = buf;
  tmp.dense.nbytes = (size_t)n * esize;
  const char* raw;
  size_t len;
  CX_RETURN_IF_ERROR(dense_raw(ex, &tmp, true, &raw, &len));
  return vtensor(ex, t, raw, len, out);
}

cx_status_t bc_export_int(bc_export_t* ex, cx_elem_t e, int64_t v, const bc_node_t** out) {
  const cx_type_t* t = cx_type_element(ex->ctx, e);
  CX_RETURN_IF_ERROR(oom_if_null(ex, t));
  const bc_node_t* type;
  CX_RETURN_IF_ERROR(bc_export_type(ex, t, false, &type));
  bc_node_t n = {.dialect = BC_D_VHLO, .code = VA_INTEGER, .nkids = 1, .kids = &type,
                 .u = int_bits(e, v)};
  *out = bc_node_intern(ex->t, &n);
  return oom_if_null(ex, *out);
}

cx_status_t bc_export_type_attr(bc_export_t* ex, const bc_node_t* type, const bc_node_t** out) {
  *out = bc_node_kids(ex->t, false, BC_D_VHLO, VA_TYPE, &type, 1);
  return oom_if_null(ex, *out);
}

// ---- generic attribute conversion ---------------------------------------------------------

static cx_status_t attr_list(bc_export_t* ex, const cx_attr_t* const* items, uint32_t n,
                             bool builtin, const bc_node_t*** out) {
  *out = n ? cx_alloc(ex->ctx->allocator, n * sizeof(**out)) : NULL;
  if (n && !*out) return CX_OOM();
  for (uint32_t i = 0; i < n; i++) {
    cx_status_t st = builtin ? bc_export_builtin_attr(ex, items[i], &(*out)[i])
                             : bc_export_attr(ex, items[i], &(*out)[i]);
    if (!st && !(*out)[i]) st = bc_export_builtin_attr(ex, items[i], &(*out)[i]);
    if (st) {
      cx_free(ex->ctx->allocator, *out);
      return st;
    }
  }
  return NULL;
}

static int cmp_named(const void* a, const void* b) {
  return strcmp(((const cx_named_attr_t*)a)->name, ((const cx_named_attr_t*)b)->name);
}

// Dictionaries are sorted by name, as MLIR's DictionaryAttr is.
static cx_status_t dict(bc_export_t* ex, const cx_attr_t* a, bool builtin, const bc_node_t** out) {
  uint32_t n = a->dict.count;
  cx_named_attr_t* sorted = n ? cx_alloc(ex->ctx->allocator, n * sizeof(*sorted)) : NULL;
  const bc_node_t** kids = n ? cx_alloc(ex->ctx->allocator, 2 * n * sizeof(*kids)) : NULL;
  cx_status_t st = n && (!sorted || !kids) ? CX_OOM() : NULL;
  if (!st) {
    if (n) memcpy(sorted, a->dict.items, n * sizeof(*sorted));
    if (n) qsort(sorted, n, sizeof(*sorted), cmp_named);
    for (uint32_t i = 0; i < n && !st; i++) {
      const char* name = sorted[i].name;
      kids[2 * i] = builtin ? bc_battr_str(ex->t, name, strlen(name))
                            : bc_vattr_str(ex->t, name, strlen(name));
      st = oom_if_null(ex, kids[2 * i]);
      if (!st) st = builtin ? bc_export_builtin_attr(ex, sorted[i].value, &kids[2 * i + 1])
                            : bc_export_attr(ex, sorted[i].value, &kids[2 * i + 1]);
      if (!st && !kids[2 * i + 1]) st = bc_export_builtin_attr(ex, sorted[i].value, &kids[2 * i + 1]);
    }
  }
  if (!st) {
    *out = bc_node_kids(ex->t, false, builtin ? BC_D_BUILTIN : BC_D_VHLO,
                        builtin ? BA_DICT : VA_DICT, kids, 2 * n);
    st = oom_if_null(ex, *out);
  }
  cx_free(ex->ctx->allocator, sorted);
  cx_free(ex->ctx->allocator, kids);
  return st;
}

static int vhlo_enum_code(cx_enum_kind_t k) {
  switch (k) {
    case CX_ENUM_COMPARISON_DIRECTION: return VA_CMP_DIRECTION;
    case CX_ENUM_COMPARISON_TYPE: return VA_CMP_TYPE;
    case CX_ENUM_PRECISION: return VA_PRECISION;
    case CX_ENUM_FFT_TYPE: return VA_FFT_TYPE;
    case CX_ENUM_RNG_ALGORITHM: return VA_RNG_ALGORITHM;
    case CX_ENUM_RNG_DISTRIBUTION: return VA_RNG_DISTRIBUTION;
    case CX_ENUM_TRANSPOSE: return VA_TRANSPOSE;
    case CX_ENUM_RESULT_ACCURACY_MODE: return VA_RESULT_ACCURACY_MODE;
    default: return -1;
  }
}

static cx_status_t vstring(bc_export_t* ex, const char* s, size_t len, const bc_node_t** out) {
  *out = bc_vattr_str(ex->t, s, len);
  return oom_if_null(ex, *out);
}

cx_status_t bc_export_accuracy(bc_export_t* ex, const cx_result_accuracy_t* r, const bc_node_t** out) {
  CX_RETURN_IF_ERROR(bc_export_need_version(ex, vhlo_attr_min_version(VA_RESULT_ACCURACY), "result_accuracy"));
  const bc_node_t* mode = bc_vattr_u(ex->t, VA_RESULT_ACCURACY_MODE, (uint64_t)r->mode);
  CX_RETURN_IF_ERROR(oom_if_null(ex, mode));
  int64_t ints[3];
  memcpy(&ints[0], &r->atol, 8);
  memcpy(&ints[1], &r->rtol, 8);
  ints[2] = r->ulps;
  bc_node_t n = {.dialect = BC_D_VHLO, .code = VA_RESULT_ACCURACY, .nkids = 1, .kids = &mode,
                 .nints = 3, .ints = ints};
  *out = bc_node_intern(ex->t, &n);
  return oom_if_null(ex, *out);
}

cx_status_t bc_export_attr(bc_export_t* ex, const cx_attr_t* a, const bc_node_t** out) {
  *out = NULL;
  switch (a->kind) {
    case CX_ATTR_BOOL:
      *out = bc_vattr_u(ex->t, VA_BOOL, a->boolean ? 1 : 0);
      return oom_if_null(ex, *out);
    case CX_ATTR_INTEGER: {
      cx_elem_t e = cx_type_elem(a->type);
      if (e == CX_ELEM_I1) {
        *out = bc_vattr_u(ex->t, VA_BOOL, a->integer ? 1 : 0);
        return oom_if_null(ex, *out);
      }
      // VHLO spells i32 and si32 alike; an explicitly signed type (only
      // ever from a builtin attribute) stays builtin so it reads back.
      if (cx_elem_is_signed_int(e) && !a->type->element.signless) return NULL;
      const bc_node_t* type;
      CX_RETURN_IF_ERROR(bc_export_type(ex, a->type, false, &type));
      bc_node_t n = {.dialect = BC_D_VHLO, .code = VA_INTEGER, .nkids = 1, .kids = &type,
                     .u = int_bits(e, a->integer)};
      *out = bc_node_intern(ex->t, &n);
      return oom_if_null(ex, *out);
    }
    case CX_ATTR_FLOAT: {
      const bc_node_t* type;
      CX_RETURN_IF_ERROR(bc_export_type(ex, a->type, false, &type));
      bc_node_t n = {.dialect = BC_D_VHLO, .code = VA_FLOAT, .nkids = 1, .kids = &type,
                     .u = float_bits(cx_type_elem(a->type), a->fp)};
      *out = bc_node_intern(ex->t, &n);
      return oom_if_null(ex, *out);
    }
    case CX_ATTR_STRING:
      // StableHLO refuses typed strings too (legalize_stablehlo_to_vhlo_invalid).
      if (a->type) return bc_export_error(ex, "has a typed string attribute (\"...\" : type), which VHLO cannot hold");
      return vstring(ex, a->str.data, a->str.len, out);
    case CX_ATTR_TYPE: {
      if (explicitly_signed(a->type)) return NULL;
      const bc_node_t* type;
      CX_RETURN_IF_ERROR(bc_export_type(ex, a->type, false, &type));
      return bc_export_type_attr(ex, type, out);
    }
    case CX_ATTR_ARRAY: {
      const bc_node_t** items;
      CX_RETURN_IF_ERROR(attr_list(ex, a->array.items, a->array.count, false, &items));
      *out = bc_node_kids(ex->t, false, BC_D_VHLO, VA_ARRAY, items, a->array.count);
      cx_free(ex->ctx->allocator, items);
      return oom_if_null(ex, *out);
    }
    case CX_ATTR_DICT:
      return dict(ex, a, false, out);
    case CX_ATTR_DENSE_ARRAY: {
      if (cx_type_is_tensor(a->type)) {
        // An integer matrix (padding, replica_groups, ...): the tensor it is.
        cx_attr_t dense;
        matrix_as_dense(a, &dense);
        if (explicitly_signed(dense.type)) return NULL;
        const char* raw;
        size_t len;
        CX_RETURN_IF_ERROR(dense_raw(ex, &dense, true, &raw, &len));
        return vtensor(ex, dense.type, raw, len, out);
      }
      cx_elem_t e = cx_type_elem(a->type);
      if (a->dense_array.floats || (e != CX_ELEM_SI64 && e != CX_ELEM_I1)) return NULL;
      return bc_export_i64_tensor(ex, a->dense_array.ints, a->dense_array.count, e == CX_ELEM_I1, NULL, 0, out);
    }
    case CX_ATTR_DENSE: {
      if (explicitly_signed(a->type)) return NULL;
      const char* raw;
      size_t len;
      CX_RETURN_IF_ERROR(dense_raw(ex, a, true, &raw, &len));
      return vtensor(ex, a->type, raw, len, out);
    }
    case CX_ATTR_ENUM: {
      int code = vhlo_enum_code(a->enumeration.kind);
      if (code < 0) return NULL;
      if (code == VA_RESULT_ACCURACY_MODE)
        CX_RETURN_IF_ERROR(bc_export_need_version(ex, vhlo_attr_min_version(code), "result_accuracy"));
      uint64_t v = (uint64_t)a->enumeration.value;
      if (code == VA_RNG_DISTRIBUTION) v += 1;  // VHLO numbers UNIFORM from 1
      *out = bc_vattr_u(ex->t, code, v);
      return oom_if_null(ex, *out);
    }
    case CX_ATTR_OUTPUT_OPERAND_ALIAS: {
      const cx_output_operand_alias_t* o = &a->output_operand_alias;
      uint32_t n1 = o->output_tuple_indices.len, n2 = o->operand_tuple_indices.len;
      int64_t* ints = cx_alloc(ex->ctx->allocator, (3 + (size_t)n1 + n2) * sizeof(int64_t));
      if (!ints) return CX_OOM();
      ints[0] = n1;
      if (n1) memcpy(ints + 1, o->output_tuple_indices.data, n1 * sizeof(int64_t));
      ints[1 + n1] = o->operand_index;
      ints[2 + n1] = n2;
      if (n2) memcpy(ints + 3 + n1, o->operand_tuple_indices.data, n2 * sizeof(int64_t));
      bc_node_t n = {.dialect = BC_D_VHLO, .code = VA_OUTPUT_OPERAND_ALIAS, .nints = 3 + n1 + n2,
                     .ints = ints};
      *out = bc_node_intern(ex->t, &n);
      cx_free(ex->ctx->allocator, ints);
      return oom_if_null(ex, *out);
    }
    case CX_ATTR_RESULT_ACCURACY:
      return bc_export_accuracy(ex, &a->result_accuracy, out);
    case CX_ATTR_AXIS_REF: {
      CX_RETURN_IF_ERROR(bc_export_need_version(ex, vhlo_attr_min_version(VA_AXIS_REF), "axis_ref"));
      const bc_node_t* kids[2];
      CX_RETURN_IF_ERROR(vstring(ex, a->axis_ref.name, strlen(a->axis_ref.name), &kids[0]));
      uint32_t nk = 1;
      if (a->axis_ref.has_sub_axis_info) {
        int64_t ints[2] = {a->axis_ref.pre_size, a->axis_ref.size};
        bc_node_t s = {.dialect = BC_D_VHLO, .code = VA_SUB_AXIS_INFO, .nints = 2, .ints = ints};
        kids[1] = bc_node_intern(ex->t, &s);
        CX_RETURN_IF_ERROR(oom_if_null(ex, kids[1]));
        nk = 2;
      }
      *out = bc_node_kids(ex->t, false, BC_D_VHLO, VA_AXIS_REF, kids, nk);
      return oom_if_null(ex, *out);
    }
    case CX_ATTR_REPLICA_GROUP_MESH_AXES: {
      CX_RETURN_IF_ERROR(bc_export_need_version(ex, vhlo_attr_min_version(VA_REPLICA_GROUP_MESH_AXES),
                                      "replica_group_mesh_axes"));
      const bc_node_t* kids[2];
      const bc_node_t** axes;
      CX_RETURN_IF_ERROR(vstring(ex, a->mesh_axes.mesh_name, strlen(a->mesh_axes.mesh_name), &kids[0]));
      CX_RETURN_IF_ERROR(attr_list(ex, a->mesh_axes.axes, a->mesh_axes.num_axes, false, &axes));
      kids[1] = bc_node_kids(ex->t, false, BC_D_VHLO, VA_ARRAY, axes, a->mesh_axes.num_axes);
      cx_free(ex->ctx->allocator, axes);
      CX_RETURN_IF_ERROR(oom_if_null(ex, kids[1]));
      *out = bc_node_kids(ex->t, false, BC_D_VHLO, VA_REPLICA_GROUP_MESH_AXES, kids, 2);
      return oom_if_null(ex, *out);
    }
    case CX_ATTR_BOUNDS: {
      bc_node_t n = {.dialect = BC_D_VHLO, .code = VA_TYPE_EXTENSIONS, .nints = a->bounds.rank,
                     .ints = a->bounds.bounds};
      *out = bc_node_intern(ex->t, &n);
      return oom_if_null(ex, *out);
    }
    case CX_ATTR_GATHER:
    case CX_ATTR_SCATTER:
    case CX_ATTR_DOT:
    case CX_ATTR_DOT_ALGORITHM:
    case CX_ATTR_CONV:
    case CX_ATTR_CHANNEL_HANDLE:
    case CX_ATTR_RAGGED_DOT:
      // StableHLO's structured attributes exist in VHLO only flattened into
      // the ops that own them.
      return bc_export_error(ex, "has a structured StableHLO attribute where VHLO cannot hold it");
    default:
      // Unit, symbols, resources, opaque: no VHLO form; the caller keeps
      // them as builtin (or other-dialect) attributes.
      return NULL;
  }
}

// ---- builtin attributes -------------------------------------------------------------------

// An attribute entry written as assembly text (MLIR's textual fallback),
// in the dialect its text names.
static cx_status_t text_node(bc_export_t* ex, const char* text, size_t len, const bc_node_t** out) {
  char* s = cx_arena_strndup(&ex->t->arena, text, len);
  CX_RETURN_IF_ERROR(oom_if_null(ex, s));
  // The dialect is the prefix of "#dialect.name<...>" / "#dialect<...>".
  const char* dname = "builtin";
  size_t dlen = 7;
  if (s[0] == '#') {
    size_t k = 1;
    while (k < len && s[k] != '.' && s[k] != '<') k++;
    dname = s + 1;
    dlen = k - 1;
  }
  bc_node_t n = {.dialect = BC_D_OTHER, .text = 1, .str = s, .len = len};
  n.dialect_name = cx_intern(ex->ctx, dname, dlen);
  CX_RETURN_IF_ERROR(oom_if_null(ex, n.dialect_name));
  if (dlen == 7 && !memcmp(dname, "builtin", 7)) n.dialect = BC_D_BUILTIN;
  if (dlen == 4 && !memcmp(dname, "vhlo", 4)) n.dialect = BC_D_VHLO;
  if (dlen == 4 && !memcmp(dname, "chlo", 4)) n.dialect = BC_D_CHLO;
  if (n.dialect != BC_D_OTHER) n.dialect_name = NULL;
  *out = bc_node_intern(ex->t, &n);
  return oom_if_null(ex, *out);
}

static cx_status_t text_attr(bc_export_t* ex, const cx_attr_t* a, const bc_node_t** out) {
  cx_strbuf_t sb;
  cx_strbuf_init_with(&sb, ex->ctx->allocator);
  cx_print_attr(&sb, a);
  cx_status_t st = sb.failed ? CX_OOM() : text_node(ex, sb.data ? sb.data : "", sb.len, out);
  cx_strbuf_free(&sb);
  return st;
}

// "#dialect.bytecode<"HEX">": another dialect's custom encoding kept by the
// reader (see node_import.c); written back byte for byte.
static cx_status_t raw_attr(bc_export_t* ex, const cx_attr_t* a, const bc_node_t** out) {
  const char* s = a->str.data;
  size_t len = a->str.len;
  const char* dot = memchr(s, '.', len);
  if (!dot || len < 14 || strncmp(dot, ".bytecode<\"", 11) || s[len - 2] != '"' || s[len - 1] != '>')
    return text_attr(ex, a, out);
  const char* hex = dot + 11;
  size_t digits = (size_t)(s + len - 2 - hex);
  if (digits % 2) return text_attr(ex, a, out);
  uint8_t* raw = cx_arena_alloc(&ex->t->arena, digits / 2 + 1, 1);
  CX_RETURN_IF_ERROR(oom_if_null(ex, raw));
  for (size_t i = 0; i < digits / 2; i++) {
    int v = 0;
    for (int k = 0; k < 2; k++) {
      char c = hex[2 * i + k];
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                             : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (d < 0) return text_attr(ex, a, out);
      v = v * 16 + d;
    }
    raw[i] = (uint8_t)v;
  }
  bc_node_t n = {.dialect = BC_D_OTHER, .opaque = 1, .str = (const char*)raw, .len = digits / 2};
  n.dialect_name = cx_intern(ex->ctx, s + 1, (size_t)(dot - s - 1));
  CX_RETURN_IF_ERROR(oom_if_null(ex, n.dialect_name));
  *out = bc_node_intern(ex->t, &n);
  return oom_if_null(ex, *out);
}

cx_status_t bc_export_builtin_attr(bc_export_t* ex, const cx_attr_t* a, const bc_node_t** out) {
  bc_node_t n = {.dialect = BC_D_BUILTIN};
  switch (a->kind) {
    case CX_ATTR_UNIT:
      n.code = BA_UNIT;
      break;
    case CX_ATTR_BOOL:
    case CX_ATTR_INTEGER:
    case CX_ATTR_FLOAT: {
      const cx_type_t* t = a->kind == CX_ATTR_BOOL ? cx_type_element(ex->ctx, CX_ELEM_I1) : a->type;
      CX_RETURN_IF_ERROR(oom_if_null(ex, t));
      const bc_node_t* type;
      CX_RETURN_IF_ERROR(bc_export_type(ex, t, true, &type));
      n.code = a->kind == CX_ATTR_FLOAT ? BA_FLOAT : BA_INTEGER;
      n.nkids = 1;
      n.kids = &type;
      cx_elem_t e = cx_type_elem(t);
      n.u = a->kind == CX_ATTR_BOOL ? (a->boolean ? 1 : 0)
            : a->kind == CX_ATTR_FLOAT ? float_bits(e, a->fp)
                                       : int_bits(e, a->integer);
      *out = bc_node_intern(ex->t, &n);
      return oom_if_null(ex, *out);
    }
    case CX_ATTR_STRING:
      if (a->type) return bc_export_error(ex, "has a typed string attribute (\"...\" : type), which cxla cannot write");
      *out = bc_battr_str(ex->t, a->str.data, a->str.len);
      return oom_if_null(ex, *out);
    case CX_ATTR_SYMBOL_REF: {
      const bc_node_t* root = bc_battr_str(ex->t, a->str.data, a->str.len);
      CX_RETURN_IF_ERROR(oom_if_null(ex, root));
      *out = bc_node_kids(ex->t, false, BC_D_BUILTIN, BA_FLAT_SYMBOL_REF, &root, 1);
      return oom_if_null(ex, *out);
    }
    case CX_ATTR_TYPE: {
      const bc_node_t* type;
      CX_RETURN_IF_ERROR(bc_export_type(ex, a->type, true, &type));
      *out = bc_node_kids(ex->t, false, BC_D_BUILTIN, BA_TYPE, &type, 1);
      return oom_if_null(ex, *out);
    }
    case CX_ATTR_ARRAY: {
      const bc_node_t** items;
      CX_RETURN_IF_ERROR(attr_list(ex, a->array.items, a->array.count, true, &items));
      *out = bc_node_kids(ex->t, false, BC_D_BUILTIN, BA_ARRAY, items, a->array.count);
      cx_free(ex->ctx->allocator, items);
      return oom_if_null(ex, *out);
    }
    case CX_ATTR_DICT:
      return dict(ex, a, true, out);
    case CX_ATTR_DENSE: {
      const bc_node_t* type;
      CX_RETURN_IF_ERROR(bc_export_type(ex, a->type, true, &type));
      const char* raw;
      size_t len;
      CX_RETURN_IF_ERROR(dense_raw(ex, a, false, &raw, &len));
      n.code = BA_DENSE;
      n.nkids = 1;
      n.kids = &type;
      n.str = raw;
      n.len = len;
      *out = bc_node_intern(ex->t, &n);
      return oom_if_null(ex, *out);
    }
    case CX_ATTR_DENSE_ARRAY: {
      if (cx_type_is_tensor(a->type)) {
        cx_attr_t dense;
        matrix_as_dense(a, &dense);
        return bc_export_builtin_attr(ex, &dense, out);
      }
      const bc_node_t* type;
      CX_RETURN_IF_ERROR(bc_export_type(ex, a->type, true, &type));
      cx_elem_t e = cx_type_elem(a->type);
      size_t esize = e == CX_ELEM_I1 ? 1 : (size_t)(cx_elem_bit_width(e) + 7) / 8;
      uint32_t count = a->dense_array.count;
      uint8_t* raw = cx_arena_alloc(&ex->t->arena, count * esize + 1, 8);
      CX_RETURN_IF_ERROR(oom_if_null(ex, raw));
      for (uint32_t i = 0; i < count; i++) {
        uint64_t bits = a->dense_array.floats ? float_bits(e, a->dense_array.floats[i])
                                              : int_bits(e, a->dense_array.ints[i]);
        memcpy(raw + i * esize, &bits, esize);
      }
      n.code = BA_DENSE_ARRAY;
      n.nkids = 1;
      n.kids = &type;
      n.u = count;
      n.str = (const char*)raw;
      n.len = count * esize;
      *out = bc_node_intern(ex->t, &n);
      return oom_if_null(ex, *out);
    }
    case CX_ATTR_DENSE_RESOURCE: {
      // The resource handle: the blob's name, resolved by the writer.
      const bc_node_t* type;
      CX_RETURN_IF_ERROR(bc_export_type(ex, a->type, true, &type));
      n.code = BA_DENSE_RESOURCE;
      n.nkids = 1;
      n.kids = &type;
      n.str = a->resource.name;
      n.len = strlen(a->resource.name);
      *out = bc_node_intern(ex->t, &n);
      return oom_if_null(ex, *out);
    }
    case CX_ATTR_OPAQUE:
      return raw_attr(ex, a, out);
    default:
      // StableHLO/CHLO attributes outside VHLO ops: their textual form.
      return text_attr(ex, a, out);
  }
  *out = bc_node_intern(ex->t, &n);
  return oom_if_null(ex, *out);
}

// A location as MLIR's builtin dialect encodes it (BuiltinDialectBytecode):
// a point as FileLineColLoc, other file forms as FileLineColRange with as
// many values as MLIR's writer stores for them.
static cx_status_t export_location(bc_export_t* ex, const cx_location_t* l, int depth,
                                   const bc_node_t** out) {
  bc_node_t n = {.dialect = BC_D_BUILTIN, .code = BA_LOC_UNKNOWN};
  if (depth > 200) return bc_export_error(ex, "location nested more than 200 deep");
  const bc_node_t* kids[2];
  const bc_node_t** many = NULL;
  int64_t ints[4];
  switch (l ? l->kind : CX_LOC_UNKNOWN) {
    case CX_LOC_UNKNOWN:
      break;
    case CX_LOC_FILE: {
      kids[0] = bc_battr_str(ex->t, l->str, strlen(l->str));
      CX_RETURN_IF_ERROR(oom_if_null(ex, kids[0]));
      n.nkids = 1;
      n.kids = kids;
      n.ints = ints;
      if (l->form == CX_LOC_FORM_POINT) {
        n.code = BA_LOC_FILE;
        ints[0] = l->start_line;
        ints[1] = l->start_col;
        n.nints = 2;
        break;
      }
      n.code = BA_LOC_RANGE;
      if (!l->start_line && !l->start_col && !l->end_line && !l->end_col) {
        n.u = 0;
      } else if (!l->start_col && l->start_line == l->end_line) {
        n.u = 1;
        ints[0] = l->start_line;
      } else if (l->start_col == l->end_col && l->start_line == l->end_line) {
        n.u = 2;
        ints[0] = l->start_line;
        ints[1] = l->start_col;
      } else if (l->start_line == l->end_line) {
        n.u = 3;
        ints[0] = l->start_line;
        ints[1] = l->start_col;
        ints[2] = l->end_col;
      } else {
        n.u = 4;
        ints[0] = l->start_line;
        ints[1] = l->start_col;
        ints[2] = l->end_line;
        ints[3] = l->end_col;
      }
      n.nints = (uint32_t)n.u;
      break;
    }
    case CX_LOC_NAME:
      n.code = BA_LOC_NAME;
      kids[0] = bc_battr_str(ex->t, l->str, strlen(l->str));
      CX_RETURN_IF_ERROR(oom_if_null(ex, kids[0]));
      CX_RETURN_IF_ERROR(export_location(ex, l->kids[0], depth + 1, &kids[1]));
      n.nkids = 2;
      n.kids = kids;
      break;
    case CX_LOC_CALLSITE:
      n.code = BA_LOC_CALLSITE;
      CX_RETURN_IF_ERROR(export_location(ex, l->kids[0], depth + 1, &kids[0]));
      CX_RETURN_IF_ERROR(export_location(ex, l->kids[1], depth + 1, &kids[1]));
      n.nkids = 2;
      n.kids = kids;
      break;
    case CX_LOC_FUSED: {
      many = cx_alloc(ex->ctx->allocator, ((size_t)l->nkids + 1) * sizeof(*many));
      CX_RETURN_IF_ERROR(oom_if_null(ex, many));
      cx_status_t st = NULL;
      for (uint32_t i = 0; i < l->nkids && !st; i++)
        st = export_location(ex, l->kids[i], depth + 1, &many[i]);
      // The metadata attribute goes back as its text.
      if (!st && l->str) st = text_node(ex, l->str, strlen(l->str), &many[l->nkids]);
      if (st) {
        cx_free(ex->ctx->allocator, many);
        return st;
      }
      n.code = l->str ? BA_LOC_FUSED_META : BA_LOC_FUSED;
      n.u = l->nkids;
      n.nkids = l->nkids + (l->str ? 1 : 0);
      n.kids = many;
      break;
    }
  }
  *out = bc_node_intern(ex->t, &n);
  cx_free(ex->ctx->allocator, many);
  return oom_if_null(ex, *out);
}

cx_status_t bc_export_loc(bc_export_t* ex, cx_loc_t loc, bool strip, const bc_node_t** out) {
  if (strip || (!loc.full && !loc.file)) return export_location(ex, NULL, 0, out);
  if (loc.full) return export_location(ex, loc.full, 0, out);
  // A position the text gave without a loc(...): a file point.
  cx_location_t point = {.kind = CX_LOC_FILE, .form = CX_LOC_FORM_POINT, .str = loc.file,
                         .start_line = loc.line, .start_col = loc.col,
                         .end_line = loc.line, .end_col = loc.col};
  return export_location(ex, &point, 0, out);
}
