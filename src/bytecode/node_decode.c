// Decoding the attribute/type table into bc_node_t values (layouts in
// nodes.c): the builtin dialect's encodings (BuiltinDialectBytecode.td),
// VHLO's (VhloBytecode.cpp), CHLO's (ChloBytecode.cpp) and the textual
// fallback. Entries decode lazily, once, on first reference; a reference
// cycle or an over-deep nesting is an error rather than a stack overflow.
#include <string.h>

#include "bytecode/bc_internal.h"

typedef struct dec {
  bc_file_t* f;
  bc_cursor_t c;
} dec_t;

static cx_status_t new_node(dec_t* d, bc_node_t** out) {
  *out = CX_ARENA_NEW(&d->f->arena, bc_node_t);
  return *out ? NULL : CX_OOM();
}

static cx_status_t alloc_kids(dec_t* d, bc_node_t* n, uint64_t count) {
  n->nkids = (uint32_t)count;
  n->kids = count ? CX_ARENA_ARRAY(&d->f->arena, const bc_node_t*, count) : NULL;
  return !count || n->kids ? NULL : CX_OOM();
}

static cx_status_t alloc_ints(dec_t* d, bc_node_t* n, uint64_t count) {
  n->nints = (uint32_t)count;
  n->ints = count ? CX_ARENA_ARRAY(&d->f->arena, int64_t, count) : NULL;
  return !count || n->ints ? NULL : CX_OOM();
}

static cx_status_t attr_ref(dec_t* d, const bc_node_t** out) {
  return bc_read_attr_ref(d->f, &d->c, out);
}
static cx_status_t type_ref(dec_t* d, const bc_node_t** out) {
  return bc_read_type_ref(d->f, &d->c, out);
}

// A list: varint count, then `count` references.
static cx_status_t ref_list(dec_t* d, bc_node_t* n, bool types, uint32_t offset, uint64_t* count) {
  CX_RETURN_IF_ERROR(bc_read_count(&d->c, 1, count));
  CX_RETURN_IF_ERROR(alloc_kids(d, n, offset + *count));
  const bc_node_t** kids = (const bc_node_t**)n->kids;
  for (uint64_t i = 0; i < *count; i++)
    CX_RETURN_IF_ERROR(types ? type_ref(d, &kids[offset + i]) : attr_ref(d, &kids[offset + i]));
  return NULL;
}

static cx_status_t svarint_list(dec_t* d, bc_node_t* n, uint32_t offset, uint64_t* count) {
  CX_RETURN_IF_ERROR(bc_read_count(&d->c, 1, count));
  CX_RETURN_IF_ERROR(alloc_ints(d, n, offset + *count));
  int64_t* ints = (int64_t*)n->ints;
  for (uint64_t i = 0; i < *count; i++) CX_RETURN_IF_ERROR(bc_read_svarint(&d->c, &ints[offset + i]));
  return NULL;
}

static cx_status_t blob(dec_t* d, bc_node_t* n) {
  uint64_t size;
  const uint8_t* p;
  CX_RETURN_IF_ERROR(bc_read_varint(&d->c, &size));
  CX_RETURN_IF_ERROR(bc_read_bytes(&d->c, (size_t)size, &p));
  n->str = (const char*)p;
  n->len = (size_t)size;
  return NULL;
}

static cx_status_t string_ref(dec_t* d, bc_node_t* n) {
  bc_str_t s;
  CX_RETURN_IF_ERROR(bc_file_string(d->f, &d->c, &s));
  n->str = s.s;
  n->len = s.len;
  return NULL;
}

// ---- bit widths of integer and float types -------------------------------------

// Storage bit width of an integer-like or float type for APInt/APFloat
// encoding, or 0 if the node is not one.
static int value_bits(const bc_node_t* t) {
  if (!t || !t->is_type || t->text || t->opaque) return 0;
  if (t->dialect == BC_D_VHLO) {
    switch (t->code) {
      case VT_BOOL: return 1;
      case VT_SI2: case VT_UI2: return 2;
      case VT_SI4: case VT_UI4: case VT_F4E2M1FN: return 4;
      case VT_F6E2M3FN: case VT_F6E3M2FN: return 6;
      case VT_SI8: case VT_UI8: case VT_F8E4M3FN: case VT_F8E5M2: case VT_F8E4M3FNUZ:
      case VT_F8E5M2FNUZ: case VT_F8E4M3B11FNUZ: case VT_F8E4M3: case VT_F8E3M4:
      case VT_F8E8M0FNU:
        return 8;
      case VT_SI16: case VT_UI16: case VT_BF16: case VT_F16: return 16;
      case VT_TF32: return 19;
      case VT_SI32: case VT_UI32: case VT_F32: return 32;
      case VT_SI64: case VT_UI64: case VT_F64: case VT_INDEX: return 64;
      default: return 0;
    }
  }
  if (t->dialect == BC_D_BUILTIN) {
    switch (t->code) {
      case BT_INTEGER: return (int)(t->u >> 2);
      case BT_INDEX: return 64;
      case BT_BF16: case BT_F16: return 16;
      case BT_F32: return 32;
      case BT_F64: return 64;
      case BT_F80: return 80;
      case BT_F128: return 128;
      default: return 0;
    }
  }
  return 0;
}

// APInt with a known width: one raw byte up to 8 bits, a signed varint up to
// 64, else a word count and signed-varint words (kept in ints).
static cx_status_t apint(dec_t* d, bc_node_t* n, int bits) {
  if (bits <= 0) return bc_error(&d->c, "integer or float attribute of a non-numeric type");
  if (bits <= 8) {
    uint8_t b;
    CX_RETURN_IF_ERROR(bc_read_byte(&d->c, &b));
    n->u = b;
    return NULL;
  }
  if (bits <= 64) {
    int64_t v;
    CX_RETURN_IF_ERROR(bc_read_svarint(&d->c, &v));
    n->u = (uint64_t)v;
    return NULL;
  }
  uint64_t words;
  CX_RETURN_IF_ERROR(svarint_list(d, n, 0, &words));
  n->u = words ? (uint64_t)n->ints[0] : 0;
  return NULL;
}

// ---- builtin ----------------------------------------------------------------------

static cx_status_t builtin_attr(dec_t* d, bc_node_t* n) {
  uint64_t count;
  switch (n->code) {
    case BA_ARRAY:
      return ref_list(d, n, false, 0, &count);
    case BA_DICT: {
      CX_RETURN_IF_ERROR(bc_read_count(&d->c, 2, &count));
      CX_RETURN_IF_ERROR(alloc_kids(d, n, count * 2));
      const bc_node_t** kids = (const bc_node_t**)n->kids;
      for (uint64_t i = 0; i < count * 2; i++) CX_RETURN_IF_ERROR(attr_ref(d, &kids[i]));
      return NULL;
    }
    case BA_STRING:
      return string_ref(d, n);
    case BA_STRING_TYPED:
      CX_RETURN_IF_ERROR(string_ref(d, n));
      CX_RETURN_IF_ERROR(alloc_kids(d, n, 1));
      return type_ref(d, (const bc_node_t**)&n->kids[0]);
    case BA_FLAT_SYMBOL_REF:
      CX_RETURN_IF_ERROR(alloc_kids(d, n, 1));
      return attr_ref(d, (const bc_node_t**)&n->kids[0]);
    case BA_SYMBOL_REF: {
      const bc_node_t* root;
      CX_RETURN_IF_ERROR(attr_ref(d, &root));
      CX_RETURN_IF_ERROR(ref_list(d, n, false, 1, &count));
      ((const bc_node_t**)n->kids)[0] = root;
      return NULL;
    }
    case BA_TYPE:
      CX_RETURN_IF_ERROR(alloc_kids(d, n, 1));
      return type_ref(d, (const bc_node_t**)&n->kids[0]);
    case BA_UNIT:
    case BA_LOC_UNKNOWN:
      return NULL;
    case BA_INTEGER:
    case BA_FLOAT: {
      const bc_node_t* t;
      CX_RETURN_IF_ERROR(type_ref(d, &t));
      CX_RETURN_IF_ERROR(alloc_kids(d, n, 1));
      ((const bc_node_t**)n->kids)[0] = t;
      return apint(d, n, value_bits(t));
    }
    case BA_LOC_CALLSITE:
    case BA_LOC_NAME:
      CX_RETURN_IF_ERROR(alloc_kids(d, n, 2));
      CX_RETURN_IF_ERROR(attr_ref(d, (const bc_node_t**)&n->kids[0]));
      return attr_ref(d, (const bc_node_t**)&n->kids[1]);
    case BA_LOC_FILE: {
      CX_RETURN_IF_ERROR(alloc_kids(d, n, 1));
      CX_RETURN_IF_ERROR(attr_ref(d, (const bc_node_t**)&n->kids[0]));
      CX_RETURN_IF_ERROR(alloc_ints(d, n, 2));
      uint64_t line, col;
      CX_RETURN_IF_ERROR(bc_read_varint(&d->c, &line));
      CX_RETURN_IF_ERROR(bc_read_varint(&d->c, &col));
      if (line > UINT32_MAX || col > UINT32_MAX)
        return bc_error(&d->c, "file location %llu:%llu out of range", (unsigned long long)line,
                        (unsigned long long)col);
      ((int64_t*)n->ints)[0] = (int64_t)line;
      ((int64_t*)n->ints)[1] = (int64_t)col;
      return NULL;
    }
    case BA_LOC_RANGE: {
      // MLIR's FileLineColRange: the file, then how many of start line,
      // start column, end column, end line follow (in that order of
      // appearance: line; line col; line col endcol; line col endline endcol).
      CX_RETURN_IF_ERROR(alloc_kids(d, n, 1));
      CX_RETURN_IF_ERROR(attr_ref(d, (const bc_node_t**)&n->kids[0]));
      CX_RETURN_IF_ERROR(alloc_ints(d, n, 4));
      CX_RETURN_IF_ERROR(bc_read_count(&d->c, 1, &count));
      if (count > 4) return bc_error(&d->c, "file location range with %llu values (at most 4)",
                                     (unsigned long long)count);
      for (uint64_t i = 0; i < 4; i++) ((int64_t*)n->ints)[i] = 0;
      for (uint64_t i = 0; i < count; i++) {
        uint64_t v;
        CX_RETURN_IF_ERROR(bc_read_varint(&d->c, &v));
        if (v > UINT32_MAX) return bc_error(&d->c, "file location value %llu out of range",
                                            (unsigned long long)v);
        ((int64_t*)n->ints)[i] = (int64_t)v;
      }
      n->u = count;
      return NULL;
    }
    case BA_LOC_FUSED:
      CX_RETURN_IF_ERROR(ref_list(d, n, false, 0, &count));
      n->u = count;
      return NULL;
    case BA_LOC_FUSED_META: {
      CX_RETURN_IF_ERROR(bc_read_count(&d->c, 1, &count));
      CX_RETURN_IF_ERROR(alloc_kids(d, n, count + 1));
      const bc_node_t** kids = (const bc_node_t**)n->kids;
      for (uint64_t i = 0; i <= count; i++) CX_RETURN_IF_ERROR(attr_ref(d, &kids[i]));
      n->u = count;
      return NULL;
    }
    case BA_DENSE_RESOURCE: {
      CX_RETURN_IF_ERROR(alloc_kids(d, n, 1));
      CX_RETURN_IF_ERROR(type_ref(d, (const bc_node_t**)&n->kids[0]));
      CX_RETURN_IF_ERROR(bc_read_varint(&d->c, &n->u));
      if (n->u >= d->f->nresources) return bc_error(&d->c, "resource handle out of range");
      return NULL;
    }
    case BA_DENSE_ARRAY:
      CX_RETURN_IF_ERROR(alloc_kids(d, n, 1));
      CX_RETURN_IF_ERROR(type_ref(d, (const bc_node_t**)&n->kids[0]));
      CX_RETURN_IF_ERROR(bc_read_varint(&d->c, &n->u));
      return blob(d, n);
    case BA_DENSE:
      CX_RETURN_IF_ERROR(alloc_kids(d, n, 1));
      CX_RETURN_IF_ERROR(type_ref(d, (const bc_node_t**)&n->kids[0]));
      return blob(d, n);
    default:
      return bc_error(&d->c, "unsupported builtin attribute code %u", n->code);
  }
}

// A function type (builtin or VHLO): its input and result types as one kid
// list, inputs first; n->u is the number of inputs.
static cx_status_t function_type(dec_t* d, bc_node_t* n) {
  uint64_t nin, nres;
  CX_RETURN_IF_ERROR(ref_list(d, n, true, 0, &nin));
  const bc_node_t* const* ins = n->kids;
  bc_node_t res = {0};
  CX_RETURN_IF_ERROR(ref_list(d, &res, true, 0, &nres));
  CX_RETURN_IF_ERROR(alloc_kids(d, n, nin + nres));
  const bc_node_t** kids = (const bc_node_t**)n->kids;
  for (uint64_t i = 0; i < nin; i++) kids[i] = ins[i];
  for (uint64_t i = 0; i < nres; i++) kids[nin + i] = res.kids[i];
  n->u = nin;
  return NULL;
}

static cx_status_t builtin_type(dec_t* d, bc_node_t* n) {
  uint64_t count;
  switch (n->code) {
    case BT_INTEGER:
      return bc_read_varint(&d->c, &n->u);
    case BT_INDEX: case BT_BF16: case BT_F16: case BT_F32: case BT_F64: case BT_F80:
    case BT_F128: case BT_NONE:
      return NULL;
    case BT_FUNCTION:
      return function_type(d, n);
    case BT_COMPLEX:
    case BT_UNRANKED_TENSOR:
      CX_RETURN_IF_ERROR(alloc_kids(d, n, 1));
      return type_ref(d, (const bc_node_t**)&n->kids[0]);
    case BT_TUPLE:
      return ref_list(d, n, true, 0, &count);
    case BT_TENSOR:
    case BT_TENSOR_ENCODING: {
      const bc_node_t* enc = NULL;
      if (n->code == BT_TENSOR_ENCODING) CX_RETURN_IF_ERROR(attr_ref(d, &enc));
      CX_RETURN_IF_ERROR(svarint_list(d, n, 0, &count));
      CX_RETURN_IF_ERROR(alloc_kids(d, n, enc ? 2 : 1));
      CX_RETURN_IF_ERROR(type_ref(d, (const bc_node_t**)&n->kids[0]));
      if (enc) ((const bc_node_t**)n->kids)[1] = enc;
      return NULL;
    }
    default:
      return bc_error(&d->c, "unsupported builtin type code %u", n->code);
  }
}

// ---- VHLO ---------------------------------------------------------------------------

static cx_status_t vhlo_attr(dec_t* d, bc_node_t* n) {
  uint64_t count;
  switch (n->code) {
    case VA_ARRAY:
      return ref_list(d, n, false, 0, &count);
    case VA_BOOL:
      CX_RETURN_IF_ERROR(bc_read_varint(&d->c, &n->u));
      if (n->u > 1) return bc_error(&d->c, "boolean value %llu", (unsigned long long)n->u);
      return NULL;
    case VA_CMP_DIRECTION: case VA_CMP_TYPE: case VA_API_VERSION: case VA_FFT_TYPE:
    case VA_PRECISION: case VA_RNG_ALGORITHM: case VA_RNG_DISTRIBUTION: case VA_TRANSPOSE:
    case VA_RESULT_ACCURACY_MODE:
      return bc_read_varint(&d->c, &n->u);
    case VA_DICT: {
      CX_RETURN_IF_ERROR(bc_read_count(&d->c, 2, &count));
      CX_RETURN_IF_ERROR(alloc_kids(d, n, count * 2));
      const bc_node_t** kids = (const bc_node_t**)n->kids;
      for (uint64_t i = 0; i < count * 2; i++) CX_RETURN_IF_ERROR(attr_ref(d, &kids[i]));
      return NULL;
    }
    case VA_FLOAT:
    case VA_INTEGER: {
      const bc_node_t* t;
      CX_RETURN_IF_ERROR(type_ref(d, &t));
      CX_RETURN_IF_ERROR(alloc_kids(d, n, 1));
      ((const bc_node_t**)n->kids)[0] = t;
      return apint(d, n, value_bits(t));
    }
    case VA_OUTPUT_OPERAND_ALIAS: {
      uint64_t n1, n2;
      bc_cursor_t save = d->c;
      // Two passes: sizes first so the ints array is allocated once.
      CX_RETURN_IF_ERROR(bc_read_count(&d->c, 1, &n1));
      for (uint64_t i = 0; i < n1; i++) {
        int64_t v;
        CX_RETURN_IF_ERROR(bc_read_svarint(&d->c, &v));
      }
      int64_t idx;
      CX_RETURN_IF_ERROR(bc_read_svarint(&d->c, &idx));
      CX_RETURN_IF_ERROR(bc_read_count(&d->c, 1, &n2));
      d->c = save;
      CX_RETURN_IF_ERROR(alloc_ints(d, n, n1 + n2 + 3));
      int64_t* ints = (int64_t*)n->ints;
      CX_RETURN_IF_ERROR(bc_read_varint(&d->c, &n1));
      ints[0] = (int64_t)n1;
      for (uint64_t i = 0; i < n1; i++) CX_RETURN_IF_ERROR(bc_read_svarint(&d->c, &ints[1 + i]));
      CX_RETURN_IF_ERROR(bc_read_svarint(&d->c, &ints[1 + n1]));
      CX_RETURN_IF_ERROR(bc_read_varint(&d->c, &n2));
      ints[2 + n1] = (int64_t)n2;
      for (uint64_t i = 0; i < n2; i++)
        CX_RETURN_IF_ERROR(bc_read_svarint(&d->c, &ints[3 + n1 + i]));
      return NULL;
    }
    case VA_STRING:
      return string_ref(d, n);
    case VA_TENSOR:
      CX_RETURN_IF_ERROR(alloc_kids(d, n, 1));
      CX_RETURN_IF_ERROR(type_ref(d, (const bc_node_t**)&n->kids[0]));
      return blob(d, n);
    case VA_TYPE:
      CX_RETURN_IF_ERROR(alloc_kids(d, n, 1));
      return type_ref(d, (const bc_node_t**)&n->kids[0]);
    case VA_TYPE_EXTENSIONS:
      return svarint_list(d, n, 0, &count);
    case VA_RESULT_ACCURACY: {
      CX_RETURN_IF_ERROR(alloc_ints(d, n, 3));
      int64_t* ints = (int64_t*)n->ints;
      for (int i = 0; i < 3; i++) CX_RETURN_IF_ERROR(bc_read_svarint(&d->c, &ints[i]));
      CX_RETURN_IF_ERROR(alloc_kids(d, n, 1));
      return attr_ref(d, (const bc_node_t**)&n->kids[0]);
    }
    case VA_SUB_AXIS_INFO: {
      CX_RETURN_IF_ERROR(alloc_ints(d, n, 2));
      int64_t* ints = (int64_t*)n->ints;
      CX_RETURN_IF_ERROR(bc_read_svarint(&d->c, &ints[0]));
      return bc_read_svarint(&d->c, &ints[1]);
    }
    case VA_AXIS_REF: {
      const bc_node_t* name;
      uint64_t has_sub;
      CX_RETURN_IF_ERROR(attr_ref(d, &name));
      CX_RETURN_IF_ERROR(bc_read_varint(&d->c, &has_sub));
      if (has_sub > 1) return bc_error(&d->c, "axis_ref flag %llu", (unsigned long long)has_sub);
      CX_RETURN_IF_ERROR(alloc_kids(d, n, 1 + has_sub));
      ((const bc_node_t**)n->kids)[0] = name;
      if (has_sub) CX_RETURN_IF_ERROR(attr_ref(d, (const bc_node_t**)&n->kids[1]));
      return NULL;
    }
    case VA_REPLICA_GROUP_MESH_AXES:
      CX_RETURN_IF_ERROR(alloc_kids(d, n, 2));
      CX_RETURN_IF_ERROR(attr_ref(d, (const bc_node_t**)&n->kids[0]));
      return attr_ref(d, (const bc_node_t**)&n->kids[1]);
    default:
      return bc_error(&d->c, "unknown vhlo attribute code %u", n->code);
  }
}

static cx_status_t vhlo_type(dec_t* d, bc_node_t* n) {
  uint64_t count;
  switch (n->code) {
    case VT_COMPLEX:
    case VT_UNRANKED_TENSOR:
      CX_RETURN_IF_ERROR(alloc_kids(d, n, 1));
      return type_ref(d, (const bc_node_t**)&n->kids[0]);
    case VT_FUNCTION:
      return function_type(d, n);
    case VT_TENSOR:
    case VT_TENSOR_ENCODING: {
      const bc_node_t* enc = NULL;
      if (n->code == VT_TENSOR_ENCODING) CX_RETURN_IF_ERROR(attr_ref(d, &enc));
      CX_RETURN_IF_ERROR(svarint_list(d, n, 0, &count));
      CX_RETURN_IF_ERROR(alloc_kids(d, n, enc ? 2 : 1));
      CX_RETURN_IF_ERROR(type_ref(d, (const bc_node_t**)&n->kids[0]));
      if (enc) ((const bc_node_t**)n->kids)[1] = enc;
      return NULL;
    }
    case VT_BUFFER:
      CX_RETURN_IF_ERROR(svarint_list(d, n, 0, &count));
      CX_RETURN_IF_ERROR(alloc_kids(d, n, 1));
      return type_ref(d, (const bc_node_t**)&n->kids[0]);
    case VT_TUPLE:
    case VT_FUTURE:
      return ref_list(d, n, true, 0, &count);
    case VT_QUANT: {
      CX_RETURN_IF_ERROR(bc_read_varint(&d->c, &n->u));
      CX_RETURN_IF_ERROR(alloc_kids(d, n, 2));
      CX_RETURN_IF_ERROR(type_ref(d, (const bc_node_t**)&n->kids[0]));
      CX_RETURN_IF_ERROR(type_ref(d, (const bc_node_t**)&n->kids[1]));
      CX_RETURN_IF_ERROR(alloc_ints(d, n, 4));
      int64_t* ints = (int64_t*)n->ints;
      for (int i = 0; i < 4; i++) CX_RETURN_IF_ERROR(bc_read_svarint(&d->c, &ints[i]));
      return NULL;
    }
    case VT_QUANT_PER_AXIS: {
      CX_RETURN_IF_ERROR(bc_read_varint(&d->c, &n->u));
      CX_RETURN_IF_ERROR(alloc_kids(d, n, 2));
      CX_RETURN_IF_ERROR(type_ref(d, (const bc_node_t**)&n->kids[0]));
      CX_RETURN_IF_ERROR(type_ref(d, (const bc_node_t**)&n->kids[1]));
      uint64_t axis;
      int64_t mn, mx;
      CX_RETURN_IF_ERROR(bc_read_varint(&d->c, &axis));
      CX_RETURN_IF_ERROR(bc_read_svarint(&d->c, &mn));
      CX_RETURN_IF_ERROR(bc_read_svarint(&d->c, &mx));
      uint64_t nscales, nzps;
      bc_cursor_t save = d->c;
      CX_RETURN_IF_ERROR(bc_read_count(&d->c, 1, &nscales));
      for (uint64_t i = 0; i < nscales; i++) {
        int64_t v;
        CX_RETURN_IF_ERROR(bc_read_svarint(&d->c, &v));
      }
      CX_RETURN_IF_ERROR(bc_read_count(&d->c, 1, &nzps));
      d->c = save;
      CX_RETURN_IF_ERROR(alloc_ints(d, n, 5 + nscales + nzps));
      int64_t* ints = (int64_t*)n->ints;
      ints[0] = (int64_t)axis;
      ints[1] = mn;
      ints[2] = mx;
      CX_RETURN_IF_ERROR(bc_read_varint(&d->c, &nscales));
      ints[3] = (int64_t)nscales;
      for (uint64_t i = 0; i < nscales; i++) CX_RETURN_IF_ERROR(bc_read_svarint(&d->c, &ints[4 + i]));
      CX_RETURN_IF_ERROR(bc_read_varint(&d->c, &nzps));
      ints[4 + nscales] = (int64_t)nzps;
      for (uint64_t i = 0; i < nzps; i++)
        CX_RETURN_IF_ERROR(bc_read_svarint(&d->c, &ints[5 + nscales + i]));
      return NULL;
    }
    default:
      if (n->code < VT_COUNT) return NULL;  // scalar types: no payload
      return bc_error(&d->c, "unknown vhlo type code %u", n->code);
  }
}

// ---- entries ------------------------------------------------------------------------

static bool sdy_code_decodes(const bc_cursor_t* c) {
  bc_cursor_t peek = *c;
  uint64_t code;
  cx_status_t st = bc_read_varint(&peek, &code);
  if (st) {
    cx_status_free(st);
    return false;
  }
  return bc_sdy_decodes(code);
}

static cx_status_t decode_entry(bc_file_t* f, bc_entry_t* e, bool is_type, const bc_node_t** out) {
  if (e->state == 2) {
    *out = e->node;
    return NULL;
  }
  dec_t d = {f, bc_file_cursor(f, e->data, e->len, "attribute/type")};
  if (e->state == 1) return bc_error(&d.c, "%s refers to itself", is_type ? "type" : "attribute");
  if (f->depth >= BC_MAX_NODE_DEPTH) return bc_error(&d.c, "attributes/types nested too deeply");
  e->state = 1;
  f->depth++;
  bc_node_t* n;
  cx_status_t st = new_node(&d, &n);
  const bc_dialect_entry_t* dialect = &f->dialects[e->dialect];
  if (!st) {
    n->is_type = is_type;
    n->dialect = (uint8_t)dialect->kind;
    n->dialect_name = dialect->interned;
    if (!e->custom) {
      // MLIR's textual fallback: the assembly, NUL-terminated.
      n->text = 1;
      if (e->len == 0 || e->data[e->len - 1] != 0) st = bc_error(&d.c, "unterminated textual entry");
      n->str = (const char*)e->data;
      n->len = e->len ? e->len - 1 : 0;
      d.c.p = d.c.end;
    } else if (dialect->kind == BC_D_OTHER && !is_type && dialect->interned &&
               !strcmp(dialect->interned, "sdy") && sdy_code_decodes(&d.c)) {
      // Shardy's own encoding, read as the text it stands for.
      n->text = 1;
      st = bc_sdy_decode(f, &d.c, &n->str, &n->len);
    } else if (dialect->kind == BC_D_OTHER) {
      n->opaque = 1;
      n->str = (const char*)e->data;
      n->len = e->len;
      d.c.p = d.c.end;
    } else {
      uint64_t code;
      st = bc_read_varint(&d.c, &code);
      if (!st && code > 0xffff) st = bc_error(&d.c, "invalid code %llu", (unsigned long long)code);
      if (!st) {
        n->code = (uint16_t)code;
        switch (dialect->kind) {
          case BC_D_BUILTIN: st = is_type ? builtin_type(&d, n) : builtin_attr(&d, n); break;
          case BC_D_VHLO: st = is_type ? vhlo_type(&d, n) : vhlo_attr(&d, n); break;
          case BC_D_CHLO:
            if (is_type || code > CA_CMP_TYPE) {
              st = bc_error(&d.c, "unknown chlo %s code %llu", is_type ? "type" : "attribute",
                            (unsigned long long)code);
            } else {
              st = bc_read_varint(&d.c, &n->u);
            }
            break;
          default: break;
        }
      }
    }
    if (!st && !bc_at_end(&d.c)) st = bc_error(&d.c, "trailing bytes after %s", is_type ? "type" : "attribute");
  }
  f->depth--;
  if (st) {
    e->state = 0;
    return st;
  }
  e->node = n;
  e->state = 2;
  *out = n;
  return NULL;
}

cx_status_t bc_file_attr(bc_file_t* f, uint64_t index, const bc_node_t** out) {
  if (index >= f->nattrs) {
    bc_cursor_t c = bc_file_cursor(f, f->data, 0, "attribute/type");
    return bc_error(&c, "attribute index %llu out of range (%u attributes)",
                    (unsigned long long)index, f->nattrs);
  }
  return decode_entry(f, &f->attrs[index], false, out);
}

cx_status_t bc_file_type(bc_file_t* f, uint64_t index, const bc_node_t** out) {
  if (index >= f->ntypes) {
    bc_cursor_t c = bc_file_cursor(f, f->data, 0, "attribute/type");
    return bc_error(&c, "type index %llu out of range (%u types)", (unsigned long long)index,
                    f->ntypes);
  }
  return decode_entry(f, &f->types[index], true, out);
}

cx_status_t bc_read_attr_ref(bc_file_t* f, bc_cursor_t* c, const bc_node_t** out) {
  uint64_t i;
  CX_RETURN_IF_ERROR(bc_read_varint(c, &i));
  if (i >= f->nattrs) return bc_error(c, "attribute index %llu out of range", (unsigned long long)i);
  return decode_entry(f, &f->attrs[i], false, out);
}

cx_status_t bc_read_type_ref(bc_file_t* f, bc_cursor_t* c, const bc_node_t** out) {
  uint64_t i;
  CX_RETURN_IF_ERROR(bc_read_varint(c, &i));
  if (i >= f->ntypes) return bc_error(c, "type index %llu out of range", (unsigned long long)i);
  return decode_entry(f, &f->types[i], true, out);
}
