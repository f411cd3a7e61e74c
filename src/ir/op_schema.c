// The op attribute schema (op_schema.h, op_attrs.def): lookups, defaults,
// and the normalization of integer lists to their one stored form.
#include "ir/op_schema.h"

#include <math.h>
#include <string.h>

static const cx_op_attr_schema_t kRows[CX_OP_ATTR_COUNT] = {
#define CX_OP_ATTR(op, name, kind, dflt, flags) \
  {CX_OP_##op, #name, CX_AK_##kind, CX_AD_##dflt, (uint8_t)(flags)},
#define ELIDE CX_AF_ELIDE
#include "ir/op_attrs.def"
#undef ELIDE
#undef CX_OP_ATTR
};

const cx_op_attr_schema_t* cx_op_attr_schema_row(cx_op_attr_id_t id) { return &kRows[id]; }

cx_status_t cx_op_schema_index(cx_context_t* ctx) {
  // Rows grouped by op kind (a counting sort), names interned once.
  uint32_t count[CX_OP_COUNT] = {0};
  for (uint32_t i = 0; i < CX_OP_ATTR_COUNT; i++) {
    count[kRows[i].op]++;
    ctx->op_attr_names[i] = cx_intern(ctx, kRows[i].name, strlen(kRows[i].name));
    if (!ctx->op_attr_names[i]) return CX_OOM();
  }
  uint32_t next = 0;
  for (uint32_t k = 0; k < CX_OP_COUNT; k++) {
    ctx->op_attr_first[k] = (uint16_t)next;
    ctx->op_attr_count[k] = (uint8_t)count[k];
    next += count[k];
  }
  uint32_t fill[CX_OP_COUNT] = {0};
  for (uint32_t i = 0; i < CX_OP_ATTR_COUNT; i++) {
    cx_op_kind_t k = kRows[i].op;
    ctx->op_attr_ids[ctx->op_attr_first[k] + fill[k]++] = (uint16_t)i;
  }
  return NULL;
}

uint32_t cx_op_attr_schema_rows(const cx_context_t* ctx, cx_op_kind_t kind,
                                const uint16_t** out_ids) {
  if (kind >= CX_OP_COUNT) {
    *out_ids = NULL;
    return 0;
  }
  *out_ids = &ctx->op_attr_ids[ctx->op_attr_first[kind]];
  return ctx->op_attr_count[kind];
}

static int row_of(const cx_context_t* ctx, cx_op_kind_t kind, const char* interned_name) {
  const uint16_t* ids;
  uint32_t n = cx_op_attr_schema_rows(ctx, kind, &ids);
  for (uint32_t i = 0; i < n; i++)
    if (ctx->op_attr_names[ids[i]] == interned_name) return ids[i];
  return -1;
}

const cx_op_attr_schema_t* cx_op_attr_schema(const cx_context_t* ctx, cx_op_kind_t kind,
                                             const char* interned_name) {
  int r = row_of(ctx, kind, interned_name);
  return r < 0 ? NULL : &kRows[r];
}

// ----------------------------------------------------------------------------
// Defaults.

uint32_t cx_op_window_rank(const cx_context_t* ctx, const cx_op_t* op) {
  const cx_attr_t* conv = cx_op_attr(op, ctx->names[CX_NAME_dimension_numbers]);
  if (conv && conv->kind == CX_ATTR_CONV) return conv->conv.input_spatial_dims.len;
  cx_i64s_t wd;
  if (cx_attr_get_i64s(cx_op_attr(op, ctx->names[CX_NAME_window_dimensions]), &wd)) return wd.len;
  return 0;
}

int64_t cx_adefault_fill(cx_adefault_t d) { return d == CX_AD_ONES ? 1 : 0; }

bool cx_op_attr_default_int(const cx_context_t* ctx, cx_op_kind_t kind, const char* interned_name,
                            int64_t* out) {
  const cx_op_attr_schema_t* s = cx_op_attr_schema(ctx, kind, interned_name);
  if (!s) return false;
  switch (s->dflt) {
    case CX_AD_FALSE: case CX_AD_ZERO: *out = 0; return true;
    case CX_AD_TRUE: case CX_AD_ONE: *out = 1; return true;
    case CX_AD_MINUS_ONE: *out = -1; return true;
    default: return false;
  }
}

bool cx_op_attr_default_f64(const cx_context_t* ctx, cx_op_kind_t kind, const char* interned_name,
                            double* out) {
  const cx_op_attr_schema_t* s = cx_op_attr_schema(ctx, kind, interned_name);
  if (!s || s->dflt != CX_AD_TOLERANCE) return false;
  *out = 1e-4;
  return true;
}

static const cx_type_t* scalar_type(cx_context_t* ctx, cx_akind_t k) {
  switch (k) {
    case CX_AK_I32: return cx_type_element(ctx, CX_ELEM_SI32);
    case CX_AK_UI64: return cx_type_element(ctx, CX_ELEM_UI64);
    case CX_AK_UI32: return cx_type_element(ctx, CX_ELEM_UI32);
    case CX_AK_F64: return cx_type_element(ctx, CX_ELEM_F64);
    default: return cx_type_element(ctx, CX_ELEM_SI64);
  }
}

cx_status_t cx_op_attr_default(cx_arena_t* arena, cx_context_t* ctx, const cx_op_t* op,
                               const char* interned_name, const cx_attr_t** out) {
  *out = NULL;
  const cx_op_attr_schema_t* s = cx_op_attr_schema(ctx, op->kind, interned_name);
  if (!s) return NULL;
  const cx_attr_t* a = NULL;
  switch (s->dflt) {
    case CX_AD_NONE:
    case CX_AD_ABSENT:
      return NULL;
    case CX_AD_FALSE:
    case CX_AD_TRUE:
      a = cx_attr_bool(arena, s->dflt == CX_AD_TRUE);
      break;
    case CX_AD_ZERO:
    case CX_AD_ONE:
    case CX_AD_MINUS_ONE: {
      const cx_type_t* t = scalar_type(ctx, s->kind);
      if (!t) return CX_OOM();
      a = cx_attr_integer(arena, t, s->dflt == CX_AD_ZERO ? 0 : s->dflt == CX_AD_ONE ? 1 : -1);
      break;
    }
    case CX_AD_EMPTY_STRING:
      a = cx_attr_string(arena, "", 0);
      break;
    case CX_AD_EMPTY_ARRAY:
      a = cx_attr_array(arena, 0, NULL);
      break;
    case CX_AD_EMPTY_DICT:
      a = cx_attr_dict(arena, 0, NULL);
      break;
    case CX_AD_TOLERANCE: {
      const cx_type_t* t = scalar_type(ctx, CX_AK_F64);
      if (!t) return CX_OOM();
      a = cx_attr_float(arena, t, 1e-4);
      break;
    }
    case CX_AD_ACCURACY: {
      cx_attr_t* r = cx_attr_new(arena, CX_ATTR_RESULT_ACCURACY);
      if (r) r->result_accuracy.mode = CX_ACCURACY_DEFAULT;
      a = r;
      break;
    }
    case CX_AD_EMPTY_LIST:
    case CX_AD_ONES:
    case CX_AD_FALSES:
    case CX_AD_ZERO_PAIRS: {
      uint32_t n = s->dflt == CX_AD_EMPTY_LIST ? 0 : cx_op_window_rank(ctx, op);
      bool pairs = s->dflt == CX_AD_ZERO_PAIRS;
      uint32_t count = pairs ? 2 * n : n;
      int64_t* v = count ? CX_ARENA_ARRAY(arena, int64_t, count) : NULL;
      if (count && !v) return CX_OOM();
      for (uint32_t i = 0; i < count; i++) v[i] = cx_adefault_fill(s->dflt);
      const cx_type_t* e = cx_type_element(ctx, s->dflt == CX_AD_FALSES ? CX_ELEM_I1 : CX_ELEM_SI64);
      if (!e) return CX_OOM();
      if (pairs) {
        int64_t dims[2] = {n, 2};
        const cx_type_t* t = cx_type_tensor(ctx, e, 2, dims, NULL);
        if (!t) return CX_OOM();
        a = cx_attr_i64_matrix(arena, t, count, v);
      } else {
        a = cx_attr_dense_i64_array(arena, e, count, v);
      }
      break;
    }
  }
  if (!a) return CX_OOM();
  *out = a;
  return NULL;
}

// MLIR compares a default by attribute identity, so the type counts too.
static bool type_is(const cx_type_t* t, cx_akind_t k) {
  if (!t || t->kind != CX_TYPE_ELEMENT) return false;
  switch (k) {
    case CX_AK_I32: return t->element.elem == CX_ELEM_SI32 && t->element.signless;
    case CX_AK_UI64: return t->element.elem == CX_ELEM_UI64;
    case CX_AK_UI32: return t->element.elem == CX_ELEM_UI32;
    case CX_AK_F64: return t->element.elem == CX_ELEM_F64;
    default: return t->element.elem == CX_ELEM_SI64 && t->element.signless;
  }
}

static bool int_is(const cx_attr_t* a, cx_akind_t k, int64_t v) {
  return a->kind == CX_ATTR_INTEGER && type_is(a->type, k) && a->integer == v;
}

static bool list_all(const cx_attr_t* a, int64_t v, uint32_t n, bool pairs) {
  cx_i64s_t l;
  if (!cx_attr_get_i64s(a, &l) || l.len != (pairs ? 2 * n : n)) return false;
  if (pairs && (l.rank != 2 || l.cols != 2)) return false;
  for (uint32_t i = 0; i < l.len; i++)
    if (l.data[i] != v) return false;
  return true;
}

bool cx_op_attr_is_default(const cx_context_t* ctx, const cx_op_t* op, const char* interned_name,
                           const cx_attr_t* a) {
  const cx_op_attr_schema_t* s = cx_op_attr_schema(ctx, op->kind, interned_name);
  if (!s || !a) return false;
  switch (s->dflt) {
    case CX_AD_NONE:
    case CX_AD_ABSENT:
      return false;
    case CX_AD_FALSE:
    case CX_AD_TRUE:
      return a->kind == CX_ATTR_BOOL && a->boolean == (s->dflt == CX_AD_TRUE);
    case CX_AD_ZERO:
      return int_is(a, s->kind, 0);
    case CX_AD_ONE:
      return int_is(a, s->kind, 1);
    case CX_AD_MINUS_ONE:
      return int_is(a, s->kind, -1);
    case CX_AD_EMPTY_STRING:
      return a->kind == CX_ATTR_STRING && a->str.len == 0 && !a->type;
    case CX_AD_EMPTY_ARRAY:
      return a->kind == CX_ATTR_ARRAY && a->array.count == 0;
    case CX_AD_EMPTY_DICT:
      return a->kind == CX_ATTR_DICT && a->dict.count == 0;
    case CX_AD_TOLERANCE:
      return a->kind == CX_ATTR_FLOAT && type_is(a->type, CX_AK_F64) && a->fp == 1e-4;
    case CX_AD_ACCURACY:
      return a->kind == CX_ATTR_RESULT_ACCURACY && a->result_accuracy.mode == CX_ACCURACY_DEFAULT &&
             a->result_accuracy.atol == 0 && !signbit(a->result_accuracy.atol) &&
             a->result_accuracy.rtol == 0 && !signbit(a->result_accuracy.rtol) &&
             a->result_accuracy.ulps == 0;
    case CX_AD_EMPTY_LIST:
      return list_all(a, 0, 0, false);
    case CX_AD_ONES:
    case CX_AD_FALSES:
    case CX_AD_ZERO_PAIRS:
      return list_all(a, cx_adefault_fill(s->dflt), cx_op_window_rank(ctx, op),
                      s->dflt == CX_AD_ZERO_PAIRS);
  }
  return false;
}

bool cx_op_attr_elided(const cx_context_t* ctx, const cx_op_t* op, const char* interned_name,
                       const cx_attr_t* value) {
  const cx_op_attr_schema_t* s = cx_op_attr_schema(ctx, op->kind, interned_name);
  return s && (s->flags & CX_AF_ELIDE) && cx_op_attr_is_default(ctx, op, interned_name, value);
}

// ----------------------------------------------------------------------------
// Normalization.

// The list form of `a` for an attribute of kind k, or `a` itself if it is
// already in that form or cannot be converted (the verifier reports it).
static cx_status_t normalize(cx_module_t* m, cx_akind_t k, const cx_attr_t* a,
                             const cx_attr_t** out) {
  *out = a;
  cx_context_t* ctx = m->ctx;
  bool bools = k == CX_AK_BOOL_LIST;
  cx_elem_t want = bools ? CX_ELEM_I1 : CX_ELEM_SI64;
  if (a->kind == CX_ATTR_DENSE) {
    // dense<...> : tensor<Nxi64> (tensor<Nxi1>), or for a matrix any
    // 64-bit integer tensor of rank 2: the legacy and the tensor spellings.
    const cx_type_t* t = a->type;
    if (!cx_type_is_tensor(t) || t->tensor.element->kind != CX_TYPE_ELEMENT) return NULL;
    const cx_type_t* e = t->tensor.element;
    bool fits = k == CX_AK_I64_MATRIX
                    ? t->tensor.rank == 2 && cx_elem_is_integer(e->element.elem) &&
                          cx_elem_bit_width(e->element.elem) == 64
                    : t->tensor.rank == 1 && e->element.elem == want && e->element.signless;
    if (!fits) return NULL;
    int64_t* v;
    uint32_t n;
    const char* why = cx_dense_read_i64s(&m->arena, a, INT32_MAX, &v, &n);
    if (why) return strcmp(why, "out of memory") == 0 ? CX_OOM() : NULL;
    const cx_attr_t* r = k == CX_AK_I64_MATRIX ? cx_attr_i64_matrix(&m->arena, t, n, v)
                                               : cx_attr_dense_i64_array(&m->arena, e, n, v);
    if (!r) return CX_OOM();
    *out = r;
    return NULL;
  }
  if (a->kind == CX_ATTR_ARRAY && k != CX_AK_I64_MATRIX) {
    // [1, 2]: an array of i64 integers (booleans: of true/false).
    const cx_type_t* e = cx_type_element(ctx, want);
    if (!e) return CX_OOM();
    for (uint32_t i = 0; i < a->array.count; i++) {
      const cx_attr_t* it = a->array.items[i];
      bool ok = bools ? it->kind == CX_ATTR_BOOL : it->kind == CX_ATTR_INTEGER && it->type == e;
      if (!ok) return NULL;
    }
    int64_t* v = a->array.count ? CX_ARENA_ARRAY(&m->arena, int64_t, a->array.count) : NULL;
    if (a->array.count && !v) return CX_OOM();
    for (uint32_t i = 0; i < a->array.count; i++)
      v[i] = bools ? a->array.items[i]->boolean : a->array.items[i]->integer;
    const cx_attr_t* r = cx_attr_dense_i64_array(&m->arena, e, a->array.count, v);
    if (!r) return CX_OOM();
    *out = r;
  }
  return NULL;
}

static bool is_list_kind(cx_akind_t k) {
  return k == CX_AK_I64_LIST || k == CX_AK_BOOL_LIST || k == CX_AK_I64_MATRIX;
}

cx_status_t cx_op_normalize_attr(cx_module_t* m, const cx_op_t* op, const char* interned_name,
                                 const cx_attr_t** value) {
  if (!*value || ((*value)->kind != CX_ATTR_DENSE && (*value)->kind != CX_ATTR_ARRAY)) return NULL;
  const cx_op_attr_schema_t* s = cx_op_attr_schema(m->ctx, op->kind, interned_name);
  if (!s || !is_list_kind(s->kind)) return NULL;
  return normalize(m, s->kind, *value, value);
}

cx_status_t cx_op_normalize_attrs(cx_module_t* m, cx_op_t* op) {
  if (!m->ctx->op_attr_count[op->kind < CX_OP_COUNT ? op->kind : CX_OP_UNKNOWN]) return NULL;
  for (uint32_t i = 0; i < op->num_attrs; i++)
    CX_RETURN_IF_ERROR(cx_op_normalize_attr(m, op, op->attrs[i].name, &op->attrs[i].value));
  return NULL;
}
