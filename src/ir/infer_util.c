// Helpers of the shape functions (see infer_util.h).
#include "ir/infer_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir/op_schema.h"
#include "support/checked.h"

// ----------------------------------------------------------------------------
// Errors and messages.

cx_status_t cx_i_error(const cx_infer_state_t* s, const char* label, const char* fmt, ...) {
  char msg[1024];
  va_list args;
  va_start(args, fmt);
  vsnprintf(msg, sizeof(msg), fmt, args);
  va_end(args);
  cx_status_t st = label ? CX_ERROR(CX_INVALID_ARGUMENT, "'%s' op %s (%s)", s->op_name, msg, label)
                         : CX_ERROR(CX_INVALID_ARGUMENT, "'%s' op %s", s->op_name, msg);
  char loc[512];
  return cx_status_with_location(st, cx_loc_format(s->in->loc, loc, sizeof(loc)));
}

const char* cx_i_label(const cx_infer_state_t* s, const char* c) {
  const char* dot = strrchr(s->op_name, '.');
  const char* op = dot ? dot + 1 : s->op_name;
  size_t n = strlen(op), m = strlen(c);
  char* l = cx_arena_alloc(s->scratch, n + m + 2, 1);
  if (!l) return c;
  memcpy(l, op, n);
  l[n] = '_';
  memcpy(l + n + 1, c, m + 1);
  return l;
}

const char* cx_i_type_str(const cx_infer_state_t* s, const cx_type_t* t) {
  return cx_v_format_type(s->scratch, t);
}

const char* cx_i_dims_str(const cx_infer_state_t* s, uint32_t n, const int64_t* dims) {
  return cx_v_format_dims(s->scratch, n, dims, true);
}

const char* cx_i_ints_str(const cx_infer_state_t* s, const int64_t* v, uint32_t n) {
  return cx_v_format_dims(s->scratch, n, v, false);
}

const char* cx_i_list_str(const cx_infer_state_t* s, cx_i64_list_t l) {
  return cx_i_ints_str(s, l.data, l.len);
}

// ----------------------------------------------------------------------------
// Operands.

uint32_t cx_i_num_operands(const cx_infer_state_t* s) {
  const cx_infer_input_t* in = s->in;
  return !in->operand_types && in->op ? in->op->num_operands : in->num_operands;
}

const cx_type_t* cx_i_otype(const cx_infer_state_t* s, uint32_t i) {
  const cx_infer_input_t* in = s->in;
  if (!in->operand_types && in->op) return in->op->operands[i].value->type;
  return in->operand_types[i];
}

cx_status_t cx_i_count(const cx_infer_state_t* s, uint32_t min, int64_t max) {
  uint32_t n = cx_i_num_operands(s);
  if (n >= min && (max < 0 || n <= (uint64_t)max)) return NULL;
  if (max == (int64_t)min) return cx_i_error(s, NULL, "expected %u operands, but found %u", min, n);
  if (max < 0) return cx_i_error(s, NULL, "expected %u or more operands, but found %u", min, n);
  return cx_i_error(s, NULL, "expected between %u and %lld operands, but found %u", min,
                    (long long)max, n);
}

cx_status_t cx_i_tensor(const cx_infer_state_t* s, uint32_t i, const cx_type_t** out) {
  const cx_type_t* t = cx_i_otype(s, i);
  if (!cx_type_is_tensor(t))
    return cx_i_error(s, NULL, "operand #%u must be a ranked tensor, but got '%s'", i,
                      cx_i_type_str(s, t));
  if (out) *out = t;
  return NULL;
}

cx_status_t cx_i_one_tensor(const cx_infer_state_t* s, const cx_type_t** out) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, 1));
  return cx_i_tensor(s, 0, out);
}

cx_status_t cx_i_all_tensors(const cx_infer_state_t* s) {
  uint32_t n = cx_i_num_operands(s);
  for (uint32_t i = 0; i < n; i++) CX_RETURN_IF_ERROR(cx_i_tensor(s, i, NULL));
  return NULL;
}

cx_status_t cx_i_check_elem(const cx_infer_state_t* s, const cx_type_t* t, unsigned mask,
                            const char* what) {
  if (cx_v_elem_in(t, mask)) return NULL;
  return cx_i_error(s, NULL, "%s must be a tensor of %s values, but got '%s'", what,
                    cx_v_mask_str(s->scratch, mask), cx_i_type_str(s, t));
}

bool cx_i_const_ints(const cx_infer_state_t* s, uint32_t i, cx_v_ints_t* out) {
  const cx_infer_input_t* in = s->in;
  const cx_attr_t* a = NULL;
  if (in->operand_values) {
    a = in->operand_values[i];
  } else if (in->op && i < in->op->num_operands) {
    const cx_op_t* d = in->op->operands[i].value->def_op;
    if (d && d->kind == CX_OP_CONSTANT) a = cx_op_attr(d, CX_I_NAME(s, value));
  }
  return a && cx_v_decode_dense(s->scratch, a, out, NULL);
}

// ----------------------------------------------------------------------------
// Attributes.

const cx_attr_t* cx_i_attr(const cx_infer_state_t* s, const char* name) {
  const cx_infer_input_t* in = s->in;
  if (!in->attrs && in->op) return cx_op_attr(in->op, name);
  for (uint32_t i = 0; i < in->num_attrs; i++)
    if (in->attrs[i].name == name) return in->attrs[i].value;
  return NULL;
}

static cx_status_t missing(const cx_infer_state_t* s, const char* name) {
  return cx_i_error(s, NULL, "requires attribute '%s'", name);
}

static cx_status_t wrong_kind(const cx_infer_state_t* s, const char* name, const char* expected) {
  return cx_i_error(s, NULL, "attribute '%s' failed to satisfy constraint: %s", name, expected);
}

cx_status_t cx_i_dense_ints(const cx_infer_state_t* s, const cx_attr_t* a, const char* name,
                            cx_v_ints_t* out) {
  const char* why;
  if (!cx_v_decode_dense(s->scratch, a, out, &why)) return wrong_kind(s, name, why);
  return NULL;
}

// Integer lists and matrices are read with cx_attr_get_i64s: parsing and
// importing leave every valid spelling in that one form (op_schema.h), so
// anything else is an attribute of the wrong kind.
static cx_status_t get_list(const cx_infer_state_t* s, const char* name, bool required, bool bools,
                            cx_v_ints_t* out, bool* present) {
  memset(out, 0, sizeof(*out));
  out->rank = 1;
  if (present) *present = false;
  const cx_attr_t* a = cx_i_attr(s, name);
  if (!a) return required ? missing(s, name) : NULL;
  if (present) *present = true;
  const cx_op_attr_schema_t* row = cx_op_attr_schema(s->ctx, s->kind, name);
  const char* expected = row && row->kind == CX_AK_I64_MATRIX
                             ? "64-bit signless integer elements attribute"
                         : bools ? "i1 dense array attribute"
                                 : "i64 dense array attribute";
  cx_i64s_t l;
  if (!cx_attr_get_i64s(a, &l) || bools != (l.elem == CX_ELEM_I1))
    return wrong_kind(s, name, expected);
  out->v = l.data;
  out->n = l.len;
  out->rank = l.rank;
  out->dims[0] = l.rows;
  out->dims[1] = l.cols;
  return NULL;
}

cx_status_t cx_i_get_ints(const cx_infer_state_t* s, const char* name, bool required,
                          cx_v_ints_t* out, bool* present) {
  return get_list(s, name, required, false, out, present);
}

cx_status_t cx_i_get_bools(const cx_infer_state_t* s, const char* name, bool required,
                           cx_v_ints_t* out, bool* present) {
  return get_list(s, name, required, true, out, present);
}

// An absent optional scalar means the op's declared default (op_attrs.def);
// `def` covers attributes the schema does not list.
cx_status_t cx_i_get_int(const cx_infer_state_t* s, const char* name, bool required, int64_t def,
                         int64_t* out) {
  if (!cx_op_attr_default_int(s->ctx, s->kind, name, out)) *out = def;
  const cx_attr_t* a;
  CX_RETURN_IF_ERROR(cx_i_get_kind(s, name, CX_ATTR_INTEGER, required, &a));
  if (a) *out = a->integer;
  return NULL;
}

cx_status_t cx_i_get_bool(const cx_infer_state_t* s, const char* name, bool required, bool def,
                          bool* out) {
  int64_t d;
  *out = cx_op_attr_default_int(s->ctx, s->kind, name, &d) ? d != 0 : def;
  const cx_attr_t* a = cx_i_attr(s, name);
  if (!a) return required ? missing(s, name) : NULL;
  if (a->kind == CX_ATTR_BOOL)
    *out = a->boolean;
  else if (a->kind == CX_ATTR_UNIT)
    *out = true;
  else
    return wrong_kind(s, name, "bool attribute");
  return NULL;
}

cx_status_t cx_i_get_float(const cx_infer_state_t* s, const char* name, bool required, double def,
                           double* out) {
  if (!cx_op_attr_default_f64(s->ctx, s->kind, name, out)) *out = def;
  const cx_attr_t* a;
  CX_RETURN_IF_ERROR(cx_i_get_kind(s, name, CX_ATTR_FLOAT, required, &a));
  if (a) *out = a->fp;
  return NULL;
}

cx_status_t cx_i_get_enum(const cx_infer_state_t* s, const char* name, cx_enum_kind_t kind,
                          bool required, int def, int* out, bool* present) {
  *out = def;
  if (present) *present = false;
  const cx_attr_t* a = cx_i_attr(s, name);
  if (!a) return required ? missing(s, name) : NULL;
  if (a->kind != CX_ATTR_ENUM || a->enumeration.kind != kind || a->enumeration.value < 0 ||
      a->enumeration.value >= cx_enum_value_count(kind)) {
    return cx_i_error(s, NULL, "attribute '%s' failed to satisfy constraint: #%s<%s> attribute",
                      name, cx_enum_dialect(kind), cx_enum_name(kind));
  }
  *out = a->enumeration.value;
  if (present) *present = true;
  return NULL;
}

static const char* kind_desc(cx_attr_kind_t k) {
  switch (k) {
    case CX_ATTR_INTEGER:
      return "integer attribute";
    case CX_ATTR_FLOAT:
      return "float attribute";
    case CX_ATTR_STRING:
      return "string attribute";
    case CX_ATTR_SYMBOL_REF:
      return "flat symbol reference attribute";
    case CX_ATTR_ARRAY:
      return "array attribute";
    case CX_ATTR_DICT:
      return "dictionary attribute";
    case CX_ATTR_TYPE:
      return "type attribute";
    case CX_ATTR_GATHER:
      return "#stablehlo.gather attribute";
    case CX_ATTR_SCATTER:
      return "#stablehlo.scatter attribute";
    case CX_ATTR_DOT:
      return "#stablehlo.dot attribute";
    case CX_ATTR_DOT_ALGORITHM:
      return "#stablehlo.dot_algorithm attribute";
    case CX_ATTR_CONV:
      return "#stablehlo.conv attribute";
    case CX_ATTR_CHANNEL_HANDLE:
      return "#stablehlo.channel_handle attribute";
    case CX_ATTR_RESULT_ACCURACY:
      return "#stablehlo.result_accuracy attribute";
    case CX_ATTR_RAGGED_DOT:
      return "#chlo.ragged_dot attribute";
    case CX_ATTR_DENSE:
      return "elements attribute";
    default:
      return "attribute of another kind";
  }
}

cx_status_t cx_i_get_kind(const cx_infer_state_t* s, const char* name, cx_attr_kind_t kind,
                          bool required, const cx_attr_t** out) {
  *out = NULL;
  const cx_attr_t* a = cx_i_attr(s, name);
  if (!a) return required ? missing(s, name) : NULL;
  if (a->kind != kind) return wrong_kind(s, name, kind_desc(kind));
  *out = a;
  return NULL;
}

cx_status_t cx_i_get_precision(const cx_infer_state_t* s, const char* name, cx_enum_kind_t kind,
                               uint32_t* n) {
  const cx_attr_t* a;
  *n = 0;
  CX_RETURN_IF_ERROR(cx_i_get_kind(s, name, CX_ATTR_ARRAY, false, &a));
  if (!a) return NULL;
  for (uint32_t i = 0; i < a->array.count; i++) {
    const cx_attr_t* e = a->array.items[i];
    if (!e || e->kind != CX_ATTR_ENUM || e->enumeration.kind != kind)
      return wrong_kind(s, name, "array of precision enum attributes");
  }
  *n = a->array.count;
  return NULL;
}

// ----------------------------------------------------------------------------
// Integer lists.

static int cmp_i64(const void* a, const void* b) {
  int64_t x = *(const int64_t*)a, y = *(const int64_t*)b;
  return (x > y) - (x < y);
}

bool cx_i_unique2(const cx_infer_state_t* s, const int64_t* a, uint32_t na, const int64_t* b,
                  uint32_t nb) {
  size_t n = (size_t)na + nb;
  if (n <= 64) {
    for (size_t i = 0; i < n; i++) {
      int64_t x = i < na ? a[i] : b[i - na];
      for (size_t j = i + 1; j < n; j++)
        if (x == (j < na ? a[j] : b[j - na])) return false;
    }
    return true;
  }
  // Long lists (only from adversarial input) are sorted to stay O(n log n).
  int64_t* v = CX_ARENA_ARRAY(s->scratch, int64_t, n);
  if (!v) return false;
  if (na) memcpy(v, a, na * sizeof(int64_t));
  if (nb) memcpy(v + na, b, nb * sizeof(int64_t));
  qsort(v, n, sizeof(int64_t), cmp_i64);
  for (size_t i = 1; i < n; i++)
    if (v[i] == v[i - 1]) return false;
  return true;
}

bool cx_i_unique(const cx_infer_state_t* s, const int64_t* v, uint32_t n) {
  return cx_i_unique2(s, v, n, NULL, 0);
}

// ----------------------------------------------------------------------------
// Regions.

uint32_t cx_i_num_regions(const cx_infer_state_t* s) {
  const cx_infer_input_t* in = s->in;
  return !in->regions && in->op ? in->op->num_regions : in->num_regions;
}

cx_status_t cx_i_count_regions(const cx_infer_state_t* s, uint32_t n) {
  uint32_t have = cx_i_num_regions(s);
  if (have != n)
    return cx_i_error(s, NULL, "requires %u region%s, but found %u", n, n == 1 ? "" : "s", have);
  return NULL;
}

cx_status_t cx_i_region(const cx_infer_state_t* s, uint32_t r, const char* region_name,
                        cx_i_region_t* out) {
  memset(out, 0, sizeof(*out));
  const cx_infer_input_t* in = s->in;
  if (in->regions || !in->op) {
    if (r >= in->num_regions)
      return cx_i_error(s, NULL, "expects region '%s' to have one block", region_name);
    out->given = &in->regions[r];
    return NULL;
  }
  const cx_block_t* b = r < in->op->num_regions ? in->op->regions[r].first_block : NULL;
  if (!b) return cx_i_error(s, NULL, "expects region '%s' to have one block", region_name);
  if (b->next)
    return cx_i_error(s, NULL, "expects region '%s' to have exactly one block", region_name);
  const cx_op_t* t = cx_block_terminator(b);
  if (!t)
    return cx_i_error(s, NULL,
                      "expects region '%s' to end with 'stablehlo.return', but it is empty",
                      region_name);
  if (t->kind != CX_OP_RETURN)
    return cx_i_error(s, NULL, "expects region '%s' to end with 'stablehlo.return', found '%s'",
                      region_name, t->name);
  out->block = b;
  out->ret = t;
  return NULL;
}

uint32_t cx_i_region_num_args(const cx_i_region_t* r) {
  return r->given ? r->given->num_args : r->block->num_args;
}
const cx_type_t* cx_i_region_arg(const cx_i_region_t* r, uint32_t i) {
  return r->given ? r->given->arg_types[i] : r->block->args[i]->type;
}
uint32_t cx_i_region_num_results(const cx_i_region_t* r) {
  return r->given ? r->given->num_results : r->ret->num_operands;
}
const cx_type_t* cx_i_region_result(const cx_i_region_t* r, uint32_t i) {
  return r->given ? r->given->result_types[i] : r->ret->operands[i].value->type;
}

cx_status_t cx_i_reducer(const cx_infer_state_t* s, uint32_t region, const char* region_name,
                         uint32_t n, const cx_type_t* const* input_elems,
                         const cx_type_t** out_elems) {
  cx_i_region_t b;
  CX_RETURN_IF_ERROR(cx_i_region(s, region, region_name, &b));
  uint32_t nargs = cx_i_region_num_args(&b), nres = cx_i_region_num_results(&b);
  if (nargs != 2 * n)
    return cx_i_error(s, NULL, "reduction region '%s' must take %u parameters, but takes %u",
                      region_name, 2 * n, nargs);
  if (nres != n)
    return cx_i_error(s, NULL, "reduction region '%s' must produce %u tensors, but produces %u",
                      region_name, n, nres);
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t* r = cx_i_region_result(&b, i);
    if (!cx_type_is_tensor(r) || r->tensor.rank != 0)
      return cx_i_error(
          s, NULL,
          "reduction region '%s' must return 0-dimensional tensors, but result #%u is '%s'",
          region_name, i, cx_i_type_str(s, r));
    for (uint32_t k = 0; k < 2; k++) {
      uint32_t ai = i + k * n;
      const cx_type_t* at = cx_i_region_arg(&b, ai);
      if (!cx_v_types_compat(at, r))
        return cx_i_error(s, NULL,
                          "the type of reduction region '%s' parameter #%u ('%s') differs from the "
                          "corresponding result type '%s'",
                          region_name, ai, cx_i_type_str(s, at), cx_i_type_str(s, r));
    }
    if (!cx_v_is_promotable(input_elems[i], r->tensor.element))
      return cx_i_error(s, NULL,
                        "the element type of reduction region '%s' parameter #%u is expected to be "
                        "promotable from '%s', but got '%s'",
                        region_name, n + i, cx_i_type_str(s, input_elems[i]),
                        cx_i_type_str(s, r->tensor.element));
    out_elems[i] = r->tensor.element;
  }
  return NULL;
}

// ----------------------------------------------------------------------------
// Results.

bool cx_i_bounds(const cx_type_t* t, const int64_t** out) {
  const cx_attr_t* enc = t->tensor.encoding;
  if (!enc || enc->kind != CX_ATTR_BOUNDS || enc->bounds.rank != t->tensor.rank) return false;
  *out = enc->bounds.bounds;
  return true;
}

const cx_type_t* cx_i_tensor_type(const cx_infer_state_t* s, const cx_type_t* elem, uint32_t rank,
                                  const int64_t* dims, const int64_t* bounds) {
  return cx_type_tensor_bounded(s->ctx, elem, rank, dims, bounds);
}

const cx_type_t* cx_i_none(const cx_infer_state_t* s) {
  return cx_type_none(s->ctx);
}

cx_status_t cx_i_result(cx_infer_state_t* s, const cx_type_t* t) {
  if (s->num_results >= s->max_results)
    return CX_ERROR(CX_OUT_OF_RANGE, "'%s' has more than %u results", s->op_name, s->max_results);
  s->out[s->num_results++] = t;
  return NULL;
}

cx_status_t cx_i_result_tensor(cx_infer_state_t* s, const cx_type_t* elem, uint32_t rank,
                               const int64_t* dims, const int64_t* bounds) {
  const cx_type_t* t = cx_i_tensor_type(s, elem, rank, dims, bounds);
  if (!t) return CX_OOM();
  return cx_i_result(s, t);
}

cx_status_t cx_i_results_given(cx_infer_state_t* s, int64_t n) {
  if (n < 0) n = s->in->op ? s->in->op->num_results : 0;
  for (int64_t i = 0; i < n; i++) CX_RETURN_IF_ERROR(cx_i_result(s, NULL));
  return NULL;
}

// Inference rules to merge dimensions with bounds (StableHLO's
// inferMostSpecificDimAndBound): a static size wins (and must fit the other
// side's bound); two dynamic sizes keep the tighter bound.
bool cx_i_merge_dim(int64_t a, int64_t ab, int64_t b, int64_t bb, int64_t* out,
                    int64_t* out_bound) {
  bool sa = a != CX_DYNAMIC_DIM, sb = b != CX_DYNAMIC_DIM;
  *out = CX_DYNAMIC_DIM;
  *out_bound = CX_DYNAMIC_DIM;
  if (sa || sb) {
    if (sa && sb && a != b) return false;
    int64_t v = sa ? a : b;
    if ((ab != CX_DYNAMIC_DIM && v > ab) || (bb != CX_DYNAMIC_DIM && v > bb)) return false;
    *out = v;
    return true;
  }
  if (ab != CX_DYNAMIC_DIM && bb != CX_DYNAMIC_DIM)
    *out_bound = ab < bb ? ab : bb;
  else
    *out_bound = ab != CX_DYNAMIC_DIM ? ab : bb;
  return true;
}

const cx_type_t* cx_i_most_specific(const cx_infer_state_t* s, const cx_type_t* a,
                                    const cx_type_t* b, const cx_type_t* elem) {
  if (!elem) elem = a->tensor.element;
  if (a == b || (a->tensor.rank == b->tensor.rank && !a->tensor.encoding && !b->tensor.encoding &&
                 cx_v_has_static_shape(a))) {
    return elem == a->tensor.element ? a : cx_tensor_with_element(s->ctx, a, elem);
  }
  uint32_t rank = a->tensor.rank;
  if (rank != b->tensor.rank || rank > CX_V_MAX_RANK) return NULL;
  int64_t dims[CX_V_MAX_RANK], bounds[CX_V_MAX_RANK];
  const int64_t *ab = NULL, *bb = NULL;
  cx_i_bounds(a, &ab);
  cx_i_bounds(b, &bb);
  for (uint32_t i = 0; i < rank; i++)
    if (!cx_i_merge_dim(a->tensor.dims[i], ab ? ab[i] : CX_DYNAMIC_DIM, b->tensor.dims[i],
                        bb ? bb[i] : CX_DYNAMIC_DIM, &dims[i], &bounds[i]))
      return NULL;
  return cx_type_tensor_bounded(s->ctx, elem, rank, dims, bounds);
}
