// Parsing the custom (pretty) form of each op, one function per assembly
// format of op_formats.def. Each quotes the syntax it accepts; the printer
// (print_formats.c) writes the same syntax.
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "text/parse_formats.h"
#include "text/parser.h"

typedef cx_op_parse_state_t state_t;

static cx_arena_t* A(cx_parser_t* p) { return &p->module->arena; }

static cx_context_t* C(cx_parser_t* p) { return p->ctx; }

// ---- small building blocks ---------------------------------------------------

static cx_status_t operands(cx_parser_t* p, state_t* s) {
  cx_value_t** vals;
  uint32_t n;
  CX_RETURN_IF_ERROR(cx_p_value_list(p, &vals, &n));
  return cx_ps_set_operands(p, s, vals, n);
}

// (%a, %b, ...)
static cx_status_t paren_operands(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(cx_p_expect(p, '('));
  CX_RETURN_IF_ERROR(operands(p, s));
  return cx_p_expect(p, ')');
}

static cx_status_t one_operand(cx_parser_t* p, state_t* s) {
  cx_value_t* v;
  CX_RETURN_IF_ERROR(cx_p_value_use(p, &v));
  return cx_ps_append_operand(p, s, v);
}

// %a, %b, ... (n of them)
static cx_status_t n_operands(cx_parser_t* p, state_t* s, int n) {
  for (int i = 0; i < n; i++) {
    if (i) CX_RETURN_IF_ERROR(cx_p_expect(p, ','));
    CX_RETURN_IF_ERROR(one_operand(p, s));
  }
  return NULL;
}

static cx_status_t opt_attr_dict(cx_parser_t* p, state_t* s) { return cx_ps_opt_attr_dict(p, s); }

static cx_status_t single_result(cx_parser_t* p, state_t* s, const cx_type_t* t) {
  const cx_type_t** r = CX_P_TMP_ARRAY(p, const cx_type_t*, 1);
  if (!r) return CX_OOM();
  r[0] = t;
  return cx_ps_set_results(p, s, r, 1);
}

// R, the op's one result type.
static cx_status_t result_type(cx_parser_t* p, state_t* s) {
  const cx_type_t* t;
  CX_RETURN_IF_ERROR(cx_p_type(p, &t));
  return single_result(p, s, t);
}

// `:` functional-type(operands, results)
static cx_status_t functional_type(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
  return cx_ps_function_type(p, s);
}

// attr-dict `:` functional-type: how most formats end.
static cx_status_t attrs_functional(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
  return functional_type(p, s);
}

// `:` T, the operands' types: *out is T.
static cx_status_t colon_operand_type(cx_parser_t* p, state_t* s, const cx_type_t** out) {
  CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
  const char* at = p->cur;
  CX_RETURN_IF_ERROR(cx_p_type(p, out));
  return cx_ps_check_operand_types(p, s, out, 1, at);
}

// T1, T2, ...: the operands' types.
static cx_status_t operand_types(cx_parser_t* p, state_t* s, const cx_type_t*** out_types,
                                 uint32_t* out_n) {
  const char* at = p->cur;
  CX_RETURN_IF_ERROR(cx_p_type_list(p, false, out_types, out_n));
  return cx_ps_check_operand_types(p, s, *out_types, *out_n, at);
}

// `:` custom<SameOperandsAndResultType>: one type for every operand and the
// result, or a function type when they differ.
static cx_status_t same_type(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
  const char* at = p->cur;
  const cx_type_t* t;
  CX_RETURN_IF_ERROR(cx_p_type(p, &t));
  if (t->kind == CX_TYPE_FUNCTION) {
    CX_RETURN_IF_ERROR(cx_ps_check_operand_types(p, s, t->func.inputs, t->func.num_inputs, at));
    if (t->func.num_results != 1) return cx_p_error_at(p, at, "expected a single result type");
    return cx_ps_set_results(p, s, (const cx_type_t**)t->func.results, 1);
  }
  for (uint32_t i = 0; i < s->num_operands; i++) {
    if (s->operands[i]->type != t)
      return cx_p_error_at(p, at, "operand #%u's type differs from the op's type; use a function "
                           "type '(...) -> ...' when types differ", i);
  }
  return single_result(p, s, t);
}

// attr-dict `:` custom<SameOperandsAndResultType>
static cx_status_t attrs_same_type(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
  return same_type(p, s);
}

static cx_status_t i64_attr(cx_parser_t* p, state_t* s, cx_name_id_t name) {
  int64_t v;
  CX_RETURN_IF_ERROR(cx_p_int(p, &v));
  cx_p_share_t sh = cx_p_share_begin(p);
  const cx_attr_t* a =
      cx_p_share_end(p, sh, cx_attr_integer(A(p), cx_type_element(C(p), CX_ELEM_SI64), v));
  if (!a) return CX_OOM();
  return cx_ps_add_attr(p, s, name, a);
}

static cx_status_t int_attr_typed(cx_parser_t* p, state_t* s, cx_name_id_t name, cx_elem_t e) {
  int64_t v;
  CX_RETURN_IF_ERROR(cx_p_int(p, &v));
  const cx_type_t* t = cx_type_element_ex(C(p), e, true);
  cx_p_share_t sh = cx_p_share_begin(p);
  const cx_attr_t* a = cx_p_share_end(p, sh, t ? cx_attr_integer(A(p), t, v) : NULL);
  if (!a) return CX_OOM();
  return cx_ps_add_attr(p, s, name, a);
}

// `[1, 2]` as array<i64: 1, 2>.
static cx_status_t i64_array_attr(cx_parser_t* p, state_t* s, cx_name_id_t name) {
  int64_t* vals;
  uint32_t n;
  CX_RETURN_IF_ERROR(cx_p_int_list_tmp(p, false, &vals, &n));
  cx_p_share_t sh = cx_p_share_begin(p);
  const cx_attr_t* a = cx_p_share_end(
      p, sh, cx_attr_dense_i64_array(A(p), cx_type_element(C(p), CX_ELEM_SI64), n, vals));
  if (!a) return CX_OOM();
  return cx_ps_add_attr(p, s, name, a);
}

static cx_status_t keyword_eq(cx_parser_t* p, const char* kw) {
  CX_RETURN_IF_ERROR(cx_p_expect_keyword(p, kw));
  return cx_p_expect(p, '=');
}

static cx_status_t comma_keyword_eq(cx_parser_t* p, const char* kw) {
  CX_RETURN_IF_ERROR(cx_p_expect(p, ','));
  return keyword_eq(p, kw);
}

// A bare enum value (`LT`, `FLOAT`) of the given kind.
static cx_status_t enum_value(cx_parser_t* p, cx_enum_kind_t kind, const cx_attr_t** out) {
  const char* v;
  size_t n;
  cx_p_skip_ws(p);
  const char* at = p->cur;
  if (!cx_p_ident(p, &v, &n)) return cx_p_error(p, "expected %s", cx_enum_name(kind));
  int value = cx_enum_lookup(kind, v, n);
  if (value < 0) return cx_p_error_at(p, at, "unknown %s '%.*s'", cx_enum_name(kind), (int)n, v);
  cx_p_share_t sh = cx_p_share_begin(p);
  *out = cx_p_share_end(p, sh, cx_attr_enum(A(p), kind, value));
  return *out ? NULL : CX_OOM();
}

static cx_status_t enum_attr(cx_parser_t* p, state_t* s, cx_name_id_t name, cx_enum_kind_t kind) {
  const cx_attr_t* a;
  CX_RETURN_IF_ERROR(enum_value(p, kind, &a));
  return cx_ps_add_attr(p, s, name, a);
}

// `[DEFAULT, HIGH]` as an array of precision enums.
static cx_status_t precision_list(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(cx_p_expect(p, '['));
  const cx_attr_t** items = NULL;
  uint32_t n = 0, cap = 0;
  if (!cx_p_accept(p, ']')) {
    do {
      if (!CX_P_TMP_GROW(p, items, cap, n)) return CX_OOM();
      CX_RETURN_IF_ERROR(enum_value(p, CX_ENUM_PRECISION, &items[n]));
      n++;
    } while (cx_p_accept(p, ','));
    CX_RETURN_IF_ERROR(cx_p_expect(p, ']'));
  }
  cx_p_share_t sh = cx_p_share_begin(p);
  const cx_attr_t* a = cx_p_share_end(p, sh, cx_attr_array(A(p), n, items));
  if (!a) return CX_OOM();
  return cx_ps_add_attr(p, s, CX_NAME_precision_config, a);
}

static cx_status_t bool_attr(cx_parser_t* p, state_t* s, cx_name_id_t name) {
  bool v;
  if (cx_p_accept_keyword(p, "true")) v = true;
  else if (cx_p_accept_keyword(p, "false")) v = false;
  else return cx_p_error(p, "expected true or false");
  cx_p_share_t sh = cx_p_share_begin(p);
  const cx_attr_t* a = cx_p_share_end(p, sh, cx_attr_bool(A(p), v));
  if (!a) return CX_OOM();
  return cx_ps_add_attr(p, s, name, a);
}

static cx_status_t string_attr(cx_parser_t* p, state_t* s, const char* interned) {
  const char* str;
  size_t n;
  CX_RETURN_IF_ERROR(cx_p_string(p, &str, &n));
  cx_attr_t* a = cx_attr_new(A(p), CX_ATTR_STRING);
  if (!a) return CX_OOM();
  a->str.data = str;
  a->str.len = n;
  return cx_ps_add_attr_named(p, s, interned, a);
}

static cx_status_t float_attr(cx_parser_t* p, state_t* s, const char* interned) {
  double v;
  CX_RETURN_IF_ERROR(cx_p_float(p, &v));
  const cx_attr_t* a = cx_attr_float(A(p), cx_type_element(C(p), CX_ELEM_F64), v);
  if (!a) return CX_OOM();
  return cx_ps_add_attr_named(p, s, interned, a);
}

static const char* intern(cx_parser_t* p, const char* s) { return cx_intern(C(p), s, strlen(s)); }

// ---- keyword fields -----------------------------------------------------------

// How a `keyword = value` field's value is written and stored.
typedef enum field_kind {
  F_I64,        // N as an i64 attribute
  F_I64_ARRAY,  // [..] as array<i64: ..>
  F_ENUM,       // a bare enum value of field_t.enum_kind
  F_STRING,     // "..." as a string attribute
} field_kind_t;

typedef struct field {
  const char* keyword;
  field_kind_t kind;
  cx_name_id_t name;  // the attribute it sets
  cx_enum_kind_t enum_kind;
} field_t;

static cx_status_t field_value(cx_parser_t* p, state_t* s, const field_t* f) {
  switch (f->kind) {
    case F_I64: return i64_attr(p, s, f->name);
    case F_I64_ARRAY: return i64_array_attr(p, s, f->name);
    case F_ENUM: return enum_attr(p, s, f->name, f->enum_kind);
    case F_STRING: return string_attr(p, s, p->ctx->names[f->name]);
  }
  return cx_p_error(p, "internal error: unknown field kind");
}

// The formats made of operands, `keyword = value` fields and a type:
//   %a (, %b)*, kw = v (, kw = v)* attr-dict : functional-type (or same-type)
//   kw = v attr-dict : R   (no operands)
typedef enum format_type { T_FUNCTIONAL, T_SAME, T_RESULT } format_type_t;
typedef struct field_format {
  int operands;  // how many; -1: a list
  format_type_t type;
  field_t fields[3];  // up to the first without a keyword
} field_format_t;

#define I64(kw, name) {kw, F_I64, CX_NAME_##name, 0}
#define ARRAY(kw, name) {kw, F_I64_ARRAY, CX_NAME_##name, 0}
#define ENUM(kw, name, kind) {kw, F_ENUM, CX_NAME_##name, CX_ENUM_##kind}
#define STRING(kw, name) {kw, F_STRING, CX_NAME_##name, 0}
static const field_format_t kFieldFormats[CX_FORMAT_COUNT] = {
    [CX_FORMAT_IOTA] = {0, T_RESULT, {I64("dim", iota_dimension)}},
    [CX_FORMAT_DYNAMIC_IOTA] = {1, T_FUNCTIONAL, {I64("dim", iota_dimension)}},
    [CX_FORMAT_BROADCAST_IN_DIM] = {1, T_FUNCTIONAL, {ARRAY("dims", broadcast_dimensions)}},
    [CX_FORMAT_DYNAMIC_BROADCAST_IN_DIM] = {2, T_FUNCTIONAL,
                                            {ARRAY("dims", broadcast_dimensions)}},
    [CX_FORMAT_BROADCAST] = {1, T_FUNCTIONAL, {ARRAY("sizes", broadcast_sizes)}},
    [CX_FORMAT_TRANSPOSE] = {1, T_FUNCTIONAL, {ARRAY("dims", permutation)}},
    [CX_FORMAT_REVERSE] = {1, T_SAME, {ARRAY("dims", dimensions)}},
    [CX_FORMAT_DYNAMIC_SLICE] = {-1, T_FUNCTIONAL, {ARRAY("sizes", slice_sizes)}},
    [CX_FORMAT_PAD] = {2, T_FUNCTIONAL,
                       {ARRAY("low", edge_padding_low), ARRAY("high", edge_padding_high),
                        ARRAY("interior", interior_padding)}},
    [CX_FORMAT_RNG] = {-1, T_FUNCTIONAL,
                       {ENUM("distribution", rng_distribution, RNG_DISTRIBUTION)}},
    [CX_FORMAT_RNG_BIT_GENERATOR] = {1, T_FUNCTIONAL,
                                     {ENUM("algorithm", rng_algorithm, RNG_ALGORITHM)}},
    [CX_FORMAT_FFT] = {1, T_FUNCTIONAL,
                       {ENUM("type", fft_type, FFT_TYPE), ARRAY("length", fft_length)}},
    [CX_FORMAT_GET_DIMENSION_SIZE] = {1, T_FUNCTIONAL, {I64("dim", dimension)}},
    [CX_FORMAT_SET_DIMENSION_SIZE] = {2, T_FUNCTIONAL, {I64("dim", dimension)}},
    [CX_FORMAT_EINSUM] = {-1, T_FUNCTIONAL, {STRING("config", einsum_config)}},
    [CX_FORMAT_UNARY_EINSUM] = {-1, T_FUNCTIONAL, {STRING("config", einsum_config)}},
};
#undef I64
#undef ARRAY
#undef ENUM
#undef STRING

static cx_status_t f_result_type(cx_parser_t* p, state_t* s);

static cx_status_t f_fields(cx_parser_t* p, state_t* s, const field_format_t* f) {
  if (f->operands < 0) CX_RETURN_IF_ERROR(operands(p, s));
  else CX_RETURN_IF_ERROR(n_operands(p, s, f->operands));
  for (size_t i = 0; i < sizeof(f->fields) / sizeof(f->fields[0]) && f->fields[i].keyword; i++) {
    if (i || f->operands) CX_RETURN_IF_ERROR(cx_p_expect(p, ','));
    CX_RETURN_IF_ERROR(keyword_eq(p, f->fields[i].keyword));
    CX_RETURN_IF_ERROR(field_value(p, s, &f->fields[i]));
  }
  if (f->type == T_RESULT) return f_result_type(p, s);
  return f->type == T_SAME ? attrs_same_type(p, s) : attrs_functional(p, s);
}

// ---- formats ----------------------------------------------------------------

// The `value` attribute: dense elements (or, if `resource`, a dense
// resource), else the error `msg`.
static cx_status_t dense_value(cx_parser_t* p, state_t* s, bool resource, const char* msg,
                               const cx_attr_t** out) {
  const char* at = p->cur;
  CX_RETURN_IF_ERROR(cx_p_attr(p, out));
  if ((*out)->kind != CX_ATTR_DENSE && !(resource && (*out)->kind == CX_ATTR_DENSE_RESOURCE))
    return cx_p_error_at(p, at, "%s", msg);
  return cx_ps_add_attr(p, s, CX_NAME_value, *out);
}

// %a, %b attr-dict : T, where T may instead be a function type, which is then
// applied (*out = NULL); else *out is T, written at *out_at.
static cx_status_t operands_type_or_function(cx_parser_t* p, state_t* s, const cx_type_t** out,
                                             const char** out_at) {
  CX_RETURN_IF_ERROR(operands(p, s));
  CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
  CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
  *out_at = p->cur;
  *out = NULL;
  const cx_type_t* t;
  CX_RETURN_IF_ERROR(cx_p_type(p, &t));
  if (t->kind == CX_TYPE_FUNCTION) return cx_ps_apply_function_type(p, s, t, *out_at);
  *out = t;
  return NULL;
}

// %a, %b attr-dict : T   |   : (T1, T2) -> R   (after_all: T is !stablehlo.token)
static cx_status_t f_same_type(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(operands(p, s));
  return attrs_same_type(p, s);
}

// %a, %b attr-dict : (T1, T2) -> R
static cx_status_t f_functional(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(operands(p, s));
  return attrs_functional(p, s);
}

// attr-dict : R
static cx_status_t f_result_type(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
  CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
  return result_type(p, s);
}

// attr-dict? %a, %b attr-dict? (: T1, T2)?
static cx_status_t f_return(cx_parser_t* p, state_t* s) {
  // func.return and sdy.return write attr-dict first (`attr-dict ($operands^
  // : type($operands))?`), stablehlo.return after the operands.
  CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
  CX_RETURN_IF_ERROR(operands(p, s));
  CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
  if (s->num_operands == 0) return cx_ps_set_results(p, s, NULL, 0);
  CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
  const cx_type_t** types;
  uint32_t n;
  CX_RETURN_IF_ERROR(operand_types(p, s, &types, &n));
  return cx_ps_set_results(p, s, NULL, 0);
}

// @callee(%a, %b) attr-dict : (T1, T2) -> R
static cx_status_t f_call(cx_parser_t* p, state_t* s) {
  if (cx_p_peek(p) != '@') return cx_p_error(p, "expected callee symbol");
  const cx_attr_t* callee;
  CX_RETURN_IF_ERROR(cx_p_attr(p, &callee));
  CX_RETURN_IF_ERROR(cx_ps_add_attr(p, s, CX_NAME_callee, callee));
  CX_RETURN_IF_ERROR(paren_operands(p, s));
  return attrs_functional(p, s);
}

// attr-dict? dense<...> : T   |   () <{value = ...}> attr-dict? : () -> T
static cx_status_t f_constant(cx_parser_t* p, state_t* s) {
  if (cx_p_accept(p, '(')) {
    CX_RETURN_IF_ERROR(cx_p_expect(p, ')'));
    if (cx_p_accept_str(p, "<{")) {
      p->cur--;
      cx_named_attr_t* attrs;
      uint32_t n;
      CX_RETURN_IF_ERROR(cx_p_attr_dict(p, &attrs, &n));
      CX_RETURN_IF_ERROR(cx_p_expect(p, '>'));
      CX_RETURN_IF_ERROR(cx_ps_merge_attrs(p, s, attrs, n));
    }
    CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
    return functional_type(p, s);
  }
  CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
  const cx_attr_t* value;
  CX_RETURN_IF_ERROR(
      dense_value(p, s, true, "expected dense elements for the constant's value", &value));
  return single_result(p, s, value->type);
}

// %a, %b, dim = N attr-dict : functional
static cx_status_t f_concatenate(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(operands(p, s));
  if (s->num_operands) CX_RETURN_IF_ERROR(cx_p_expect(p, ','));
  CX_RETURN_IF_ERROR(keyword_eq(p, "dim"));
  CX_RETURN_IF_ERROR(i64_attr(p, s, CX_NAME_dimension));
  return attrs_functional(p, s);
}

// %x [s:l(:stride)?, ...] attr-dict : functional
static cx_status_t f_slice(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(one_operand(p, s));
  CX_RETURN_IF_ERROR(cx_p_expect(p, '['));
  int64_t start[64], limit[64], stride[64];
  uint32_t n = 0;
  if (!cx_p_accept(p, ']')) {
    do {
      if (n == 64) return cx_p_error(p, "too many slice dimensions");
      CX_RETURN_IF_ERROR(cx_p_int(p, &start[n]));
      CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
      CX_RETURN_IF_ERROR(cx_p_int(p, &limit[n]));
      stride[n] = 1;
      if (cx_p_accept(p, ':')) CX_RETURN_IF_ERROR(cx_p_int(p, &stride[n]));
      n++;
    } while (cx_p_accept(p, ','));
    CX_RETURN_IF_ERROR(cx_p_expect(p, ']'));
  }
  const cx_type_t* i64 = cx_type_element(C(p), CX_ELEM_SI64);
  const cx_attr_t* a0 = cx_attr_dense_i64_array(A(p), i64, n, start);
  const cx_attr_t* a1 = cx_attr_dense_i64_array(A(p), i64, n, limit);
  const cx_attr_t* a2 = cx_attr_dense_i64_array(A(p), i64, n, stride);
  if (!a0 || !a1 || !a2) return CX_OOM();
  CX_RETURN_IF_ERROR(cx_ps_add_attr(p, s, CX_NAME_start_indices, a0));
  CX_RETURN_IF_ERROR(cx_ps_add_attr(p, s, CX_NAME_limit_indices, a1));
  CX_RETURN_IF_ERROR(cx_ps_add_attr(p, s, CX_NAME_strides, a2));
  return attrs_functional(p, s);
}

// DIR, %a, %b (, TYPE)? attr-dict : functional
static cx_status_t f_compare(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(enum_attr(p, s, CX_NAME_comparison_direction, CX_ENUM_COMPARISON_DIRECTION));
  CX_RETURN_IF_ERROR(cx_p_expect(p, ','));
  CX_RETURN_IF_ERROR(n_operands(p, s, 2));
  if (cx_p_accept(p, ','))
    CX_RETURN_IF_ERROR(enum_attr(p, s, CX_NAME_compare_type, CX_ENUM_COMPARISON_TYPE));
  return attrs_functional(p, s);
}

// %p, %a, %b attr-dict : PRED_T, T   |   : (P, A, B) -> R
static cx_status_t f_select(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(operands(p, s));
  CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
  CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
  const char* at = p->cur;
  const cx_type_t** types;
  uint32_t n;
  CX_RETURN_IF_ERROR(cx_p_type_list(p, false, &types, &n));
  if (n == 1 && types[0]->kind == CX_TYPE_FUNCTION)
    return cx_ps_apply_function_type(p, s, types[0], at);
  if (n != 2) return cx_p_error_at(p, at, "expected 'pred_type, result_type' or a function type");
  const cx_type_t* expect[3] = {types[0], types[1], types[1]};
  CX_RETURN_IF_ERROR(cx_ps_check_operand_types(p, s, expect, 3, at));
  return single_result(p, s, types[1]);
}

// %a, %b attr-dict : complex_T   |   : (A, B) -> R
static cx_status_t f_complex(cx_parser_t* p, state_t* s) {
  const cx_type_t* t;
  const char* at;
  CX_RETURN_IF_ERROR(operands_type_or_function(p, s, &t, &at));
  if (!t) return NULL;
  if (!cx_type_is_tensor(t) || !cx_elem_is_complex(cx_tensor_elem(t)))
    return cx_p_error_at(p, at, "expected a tensor of complex type");
  const cx_type_t* part = cx_tensor_with_element(
      C(p), t, cx_type_element(C(p), cx_elem_complex_component(cx_tensor_elem(t))));
  if (!part) return CX_OOM();
  const cx_type_t* expect[2] = {part, part};
  CX_RETURN_IF_ERROR(cx_ps_check_operand_types(p, s, expect, 2, at));
  return single_result(p, s, t);
}

// %a, %b (, precision = [..])? attr-dict : functional
static cx_status_t f_dot(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(n_operands(p, s, 2));
  if (cx_p_accept(p, ',')) {
    CX_RETURN_IF_ERROR(keyword_eq(p, "precision"));
    CX_RETURN_IF_ERROR(precision_list(p, s));
  }
  return attrs_functional(p, s);
}

static cx_status_t dims_pair(cx_parser_t* p, cx_i64_list_t* lhs, cx_i64_list_t* rhs) {
  int64_t* a;
  uint32_t na;
  CX_RETURN_IF_ERROR(cx_p_int_list(p, false, &a, &na));
  CX_RETURN_IF_ERROR(cx_p_expect_keyword(p, "x"));
  int64_t* b;
  uint32_t nb;
  CX_RETURN_IF_ERROR(cx_p_int_list(p, false, &b, &nb));
  lhs->data = a;
  lhs->len = na;
  rhs->data = b;
  rhs->len = nb;
  return NULL;
}

// (batching_dims = [..] x [..],)? contracting_dims = [..] x [..]
static cx_status_t dot_dims(cx_parser_t* p, cx_dot_dims_t* dims) {
  if (cx_p_accept_keyword(p, "batching_dims")) {
    CX_RETURN_IF_ERROR(cx_p_expect(p, '='));
    CX_RETURN_IF_ERROR(dims_pair(p, &dims->lhs_batching_dims, &dims->rhs_batching_dims));
    CX_RETURN_IF_ERROR(cx_p_expect(p, ','));
  }
  CX_RETURN_IF_ERROR(keyword_eq(p, "contracting_dims"));
  return dims_pair(p, &dims->lhs_contracting_dims, &dims->rhs_contracting_dims);
}

// %a, %b, (batching_dims = [..] x [..],)? contracting_dims = [..] x [..]
//   (, precision = [..])? (, algorithm = <...>)? attr-dict : functional
static cx_status_t f_dot_general(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(n_operands(p, s, 2));
  CX_RETURN_IF_ERROR(cx_p_expect(p, ','));
  cx_p_share_t sh = cx_p_share_begin(p);
  cx_attr_t* dims = cx_attr_new(A(p), CX_ATTR_DOT);
  cx_status_t st = dims ? dot_dims(p, &dims->dot) : CX_OOM();
  const cx_attr_t* shared = cx_p_share_end(p, sh, st ? NULL : dims);
  CX_RETURN_IF_ERROR(st);
  CX_RETURN_IF_ERROR(cx_ps_add_attr(p, s, CX_NAME_dot_dimension_numbers, shared));
  while (cx_p_accept(p, ',')) {
    if (cx_p_accept_keyword(p, "precision")) {
      CX_RETURN_IF_ERROR(cx_p_expect(p, '='));
      CX_RETURN_IF_ERROR(precision_list(p, s));
    } else if (cx_p_accept_keyword(p, "algorithm")) {
      CX_RETURN_IF_ERROR(cx_p_expect(p, '='));
      CX_RETURN_IF_ERROR(cx_p_expect(p, '<'));
      cx_attr_t* alg = cx_attr_new(A(p), CX_ATTR_DOT_ALGORITHM);
      if (!alg) return CX_OOM();
      CX_RETURN_IF_ERROR(cx_p_dot_algorithm_body(p, &alg->dot_algorithm));
      CX_RETURN_IF_ERROR(cx_ps_add_attr(p, s, CX_NAME_algorithm, alg));
    } else {
      return cx_p_error(p, "expected 'precision' or 'algorithm'");
    }
  }
  return attrs_functional(p, s);
}

// `[[lo, hi], ...]` as dense<...> : tensor<Nx2xi64>.
static cx_status_t padding_attr(cx_parser_t* p, const cx_attr_t** out) {
  CX_RETURN_IF_ERROR(cx_p_expect(p, '['));
  int64_t vals[128];
  uint32_t n = 0;
  if (!cx_p_accept(p, ']')) {
    do {
      if (n == 64) return cx_p_error(p, "too many padding pairs");
      CX_RETURN_IF_ERROR(cx_p_expect(p, '['));
      CX_RETURN_IF_ERROR(cx_p_int(p, &vals[2 * n]));
      CX_RETURN_IF_ERROR(cx_p_expect(p, ','));
      CX_RETURN_IF_ERROR(cx_p_int(p, &vals[2 * n + 1]));
      CX_RETURN_IF_ERROR(cx_p_expect(p, ']'));
      n++;
    } while (cx_p_accept(p, ','));
    CX_RETURN_IF_ERROR(cx_p_expect(p, ']'));
  }
  int64_t dims[2] = {n, 2};
  const cx_type_t* t =
      cx_type_tensor(C(p), cx_type_element(C(p), CX_ELEM_SI64), 2, dims, NULL);
  if (!t) return CX_OOM();
  // All-equal padding is a splat, as MLIR stores it (see parse_dense.c).
  bool splat = n > 0;
  for (uint32_t i = 1; i < 2 * n; i++) splat = splat && vals[i] == vals[0];
  *out = cx_attr_dense(A(p), t, vals, (splat ? 1 : n * 2) * sizeof(int64_t), splat, false);
  return *out ? NULL : CX_OOM();
}

// window = { stride = [..], pad = [[..]], lhs_dilate = [..], rhs_dilate = [..],
//            reverse = [..] }  (any order, each at most once)
static cx_status_t window_attrs(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(cx_p_expect(p, '{'));
  if (cx_p_accept(p, '}')) return NULL;
  do {
    if (cx_p_accept_keyword(p, "stride")) {
      CX_RETURN_IF_ERROR(cx_p_expect(p, '='));
      CX_RETURN_IF_ERROR(i64_array_attr(p, s, CX_NAME_window_strides));
    } else if (cx_p_accept_keyword(p, "pad")) {
      CX_RETURN_IF_ERROR(cx_p_expect(p, '='));
      const cx_attr_t* a;
      CX_RETURN_IF_ERROR(padding_attr(p, &a));
      CX_RETURN_IF_ERROR(cx_ps_add_attr(p, s, CX_NAME_padding, a));
    } else if (cx_p_accept_keyword(p, "lhs_dilate")) {
      CX_RETURN_IF_ERROR(cx_p_expect(p, '='));
      CX_RETURN_IF_ERROR(i64_array_attr(p, s, CX_NAME_lhs_dilation));
    } else if (cx_p_accept_keyword(p, "rhs_dilate")) {
      CX_RETURN_IF_ERROR(cx_p_expect(p, '='));
      CX_RETURN_IF_ERROR(i64_array_attr(p, s, CX_NAME_rhs_dilation));
    } else if (cx_p_accept_keyword(p, "reverse")) {
      CX_RETURN_IF_ERROR(cx_p_expect(p, '='));
      // Older printers wrote 0/1, newer true/false; both read as booleans.
      int64_t* vals;
      uint32_t n;
      CX_RETURN_IF_ERROR(cx_p_int_list_tmp(p, false, &vals, &n));
      for (uint32_t i = 0; i < n; i++) vals[i] = vals[i] != 0;
      const cx_attr_t* a =
          cx_attr_dense_i64_array(A(p), cx_type_element(C(p), CX_ELEM_I1), n, vals);
      if (!a) return CX_OOM();
      CX_RETURN_IF_ERROR(cx_ps_add_attr(p, s, CX_NAME_window_reversal, a));
    } else {
      return cx_p_error(p, "unexpected keyword in convolution window");
    }
  } while (cx_p_accept(p, ','));
  return cx_p_expect(p, '}');
}

// (%a, %b) dim_numbers = <conv-dims>, window = {...} attr-dict : functional
static cx_status_t f_convolution(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(paren_operands(p, s));
  CX_RETURN_IF_ERROR(keyword_eq(p, "dim_numbers"));
  const cx_attr_t* dims;
  CX_RETURN_IF_ERROR(cx_p_conv_dims(p, &dims));
  CX_RETURN_IF_ERROR(cx_ps_add_attr(p, s, CX_NAME_dimension_numbers, dims));
  CX_RETURN_IF_ERROR(comma_keyword_eq(p, "window"));
  CX_RETURN_IF_ERROR(window_attrs(p, s));
  return attrs_functional(p, s);
}

// Builds the reducer region of the compact form: ^bb0(%a: T, %b: T):
// %r = <op> %a, %b; stablehlo.return %r.
static cx_status_t build_applies_region(cx_parser_t* p, state_t* s, cx_op_kind_t kind,
                                        const cx_type_t* scalar, const char* at) {
  CX_RETURN_IF_ERROR(cx_ps_alloc_regions(p, s, 1));
  memset(s->regions, 0, sizeof(cx_region_t));
  cx_block_t* b = cx_block_create(p->module);
  if (!b) return CX_OOM();
  cx_region_append_block(&s->regions[0], b);
  cx_value_t* x = cx_block_add_arg(p->module, b, scalar);
  cx_value_t* y = cx_block_add_arg(p->module, b, scalar);
  if (!x || !y) return CX_OOM();
  cx_value_t* args[2] = {x, y};
  cx_loc_t loc = cx_p_loc_at(p, at);
  cx_op_state_t os = {.kind = kind, .loc = loc, .num_operands = 2, .operands = args,
                      .num_results = 1, .result_types = &scalar};
  cx_op_t* op;
  CX_RETURN_IF_ERROR(cx_op_build(p->module, &os, &op));
  cx_block_append_op(b, op);
  cx_value_t* r = cx_op_result(op, 0);
  cx_op_state_t rs = {.kind = CX_OP_RETURN, .loc = loc, .num_operands = 1, .operands = &r};
  cx_op_t* ret;
  CX_RETURN_IF_ERROR(cx_op_build(p->module, &rs, &ret));
  cx_block_append_op(b, ret);
  return NULL;
}

// (%x init: %i), ... applies <op> across dimensions = [..] attr-dict : functional
// (%x init: %i), ... across dimensions = [..] attr-dict : functional
//     reducer(%a: T, %c: T) (%b: U, %d: U) { ... }
static cx_status_t f_reduce(cx_parser_t* p, state_t* s) {
  cx_value_t** inputs = NULL;
  cx_value_t** inits = NULL;
  uint32_t n = 0, cap_in = 0, cap_init = 0;
  do {
    if (!CX_P_TMP_GROW(p, inputs, cap_in, n) || !CX_P_TMP_GROW(p, inits, cap_init, n))
      return CX_OOM();
    CX_RETURN_IF_ERROR(cx_p_expect(p, '('));
    CX_RETURN_IF_ERROR(cx_p_value_use(p, &inputs[n]));
    CX_RETURN_IF_ERROR(cx_p_expect_keyword(p, "init"));
    CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
    CX_RETURN_IF_ERROR(cx_p_value_use(p, &inits[n]));
    CX_RETURN_IF_ERROR(cx_p_expect(p, ')'));
    n++;
  } while (cx_p_accept(p, ','));
  for (uint32_t i = 0; i < n; i++) CX_RETURN_IF_ERROR(cx_ps_append_operand(p, s, inputs[i]));
  for (uint32_t i = 0; i < n; i++) CX_RETURN_IF_ERROR(cx_ps_append_operand(p, s, inits[i]));
  cx_op_kind_t applies = CX_OP_UNKNOWN;
  const char* applies_at = NULL;
  if (cx_p_accept_keyword(p, "applies")) {
    cx_p_skip_ws(p);
    applies_at = p->cur;
    const char* name;
    size_t len;
    if (!cx_p_ident(p, &name, &len)) return cx_p_error(p, "expected op name after 'applies'");
    applies = cx_op_kind_lookup(name, len);
    if (applies == CX_OP_UNKNOWN || cx_op_info(applies)->family != CX_FAMILY_BINARY)
      return cx_p_error_at(p, applies_at, "'%.*s' cannot be applied as a reducer", (int)len, name);
    if (n != 1) return cx_p_error_at(p, applies_at, "'applies' needs exactly one input");
  }
  CX_RETURN_IF_ERROR(cx_p_expect_keyword(p, "across"));
  CX_RETURN_IF_ERROR(keyword_eq(p, "dimensions"));
  CX_RETURN_IF_ERROR(i64_array_attr(p, s, CX_NAME_dimensions));
  CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
  CX_RETURN_IF_ERROR(functional_type(p, s));
  if (applies != CX_OP_UNKNOWN) {
    const cx_type_t* in = inputs[0]->type;
    if (!cx_type_is_tensor(in)) return cx_p_error_at(p, applies_at, "reduce input must be a tensor");
    const cx_type_t* scalar = cx_type_tensor(C(p), in->tensor.element, 0, NULL, NULL);
    if (!scalar) return CX_OOM();
    return build_applies_region(p, s, applies, scalar, applies_at);
  }
  CX_RETURN_IF_ERROR(cx_p_expect_keyword(p, "reducer"));
  // Pairs (input arg k, init arg k); block arguments are ordered
  // [input args..., init args...].
  const cx_type_t** types = CX_ARENA_ARRAY(A(p), const cx_type_t*, 2 * (size_t)n);
  const char** names = CX_ARENA_ARRAY(A(p), const char*, 2 * (size_t)n);
  size_t* lens = CX_ARENA_ARRAY(A(p), size_t, 2 * (size_t)n);
  if (!types || !names || !lens) return CX_OOM();
  for (uint32_t k = 0; k < n; k++) {
    CX_RETURN_IF_ERROR(cx_p_expect(p, '('));
    for (int j = 0; j < 2; j++) {
      uint32_t slot = j == 0 ? k : n + k;
      CX_RETURN_IF_ERROR(cx_p_value_def_name(p, &names[slot], &lens[slot]));
      CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
      CX_RETURN_IF_ERROR(cx_p_type(p, &types[slot]));
      CX_RETURN_IF_ERROR(cx_p_optional_location(p, NULL));
      if (j == 0) CX_RETURN_IF_ERROR(cx_p_expect(p, ','));
    }
    CX_RETURN_IF_ERROR(cx_p_expect(p, ')'));
  }
  CX_RETURN_IF_ERROR(cx_ps_alloc_regions(p, s, 1));
  memset(s->regions, 0, sizeof(cx_region_t));
  cx_region_args_t args = {2 * n, types, names, lens, NULL};
  return cx_p_region(p, &s->regions[0], &args);
}

// (%arg = %init, ...) (: T1, T2)? (attributes {..})? cond { .. } do { .. }
static cx_status_t f_while(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(cx_p_expect(p, '('));
  const char** names = NULL;
  size_t* lens = NULL;
  uint32_t n = 0, cap_names = 0, cap_lens = 0;
  if (!cx_p_accept(p, ')')) {
    do {
      if (!CX_P_TMP_GROW(p, names, cap_names, n) || !CX_P_TMP_GROW(p, lens, cap_lens, n))
        return CX_OOM();
      CX_RETURN_IF_ERROR(cx_p_value_def_name(p, &names[n], &lens[n]));
      CX_RETURN_IF_ERROR(cx_p_expect(p, '='));
      CX_RETURN_IF_ERROR(one_operand(p, s));
      n++;
    } while (cx_p_accept(p, ','));
    CX_RETURN_IF_ERROR(cx_p_expect(p, ')'));
  }
  const cx_type_t** types = NULL;
  if (n) {
    CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
    uint32_t nt;
    CX_RETURN_IF_ERROR(operand_types(p, s, &types, &nt));
  }
  if (cx_p_accept_keyword(p, "attributes")) CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
  CX_RETURN_IF_ERROR(cx_ps_alloc_regions(p, s, 2));
  memset(s->regions, 0, 2 * sizeof(cx_region_t));
  cx_region_args_t args = {n, types, names, lens, NULL};
  CX_RETURN_IF_ERROR(cx_p_expect_keyword(p, "cond"));
  CX_RETURN_IF_ERROR(cx_p_region(p, &s->regions[0], &args));
  CX_RETURN_IF_ERROR(cx_p_expect_keyword(p, "do"));
  CX_RETURN_IF_ERROR(cx_p_region(p, &s->regions[1], &args));
  return cx_ps_set_results(p, s, types, n);
}

// @target(%a, %b) attr-dict : functional
static cx_status_t f_custom_call(cx_parser_t* p, state_t* s) {
  if (!cx_p_accept(p, '@')) return cx_p_error(p, "expected call target '@name'");
  const char* name;
  size_t len;
  if (cx_p_peek(p) == '"') {
    CX_RETURN_IF_ERROR(cx_p_name_string(p, &name, &len));
  } else {
    cx_p_skip_ws(p);
    const char* e = p->cur;
    while (e < p->end && (isalnum((unsigned char)*e) || (*e && strchr("_$.-", *e)))) e++;
    if (e == p->cur) return cx_p_error(p, "expected call target name");
    name = p->cur;
    len = (size_t)(e - p->cur);
    p->cur = e;
  }
  const cx_attr_t* target = cx_attr_string(A(p), name, len);
  if (!target) return CX_OOM();
  CX_RETURN_IF_ERROR(cx_ps_add_attr(p, s, CX_NAME_call_target_name, target));
  CX_RETURN_IF_ERROR(paren_operands(p, s));
  return attrs_functional(p, s);
}

// "name" %a, %b attr-dict : functional
static cx_status_t f_composite(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(string_attr(p, s, p->ctx->names[CX_NAME_name]));
  return f_functional(p, s);
}

// %t[N] attr-dict : functional
static cx_status_t f_get_tuple_element(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(one_operand(p, s));
  CX_RETURN_IF_ERROR(cx_p_expect(p, '['));
  CX_RETURN_IF_ERROR(int_attr_typed(p, s, CX_NAME_index, CX_ELEM_SI32));
  CX_RETURN_IF_ERROR(cx_p_expect(p, ']'));
  return attrs_functional(p, s);
}

// %a, %b attr-dict : tuple<...>
static cx_status_t f_tuple(cx_parser_t* p, state_t* s) {
  const cx_type_t* t;
  const char* at;
  CX_RETURN_IF_ERROR(operands_type_or_function(p, s, &t, &at));
  if (!t) return NULL;
  if (!cx_type_is_tuple(t)) return cx_p_error_at(p, at, "expected a tuple type");
  CX_RETURN_IF_ERROR(cx_ps_check_operand_types(p, s, t->tuple.items, t->tuple.count, at));
  return single_result(p, s, t);
}

// %x, format = eXmY attr-dict : same-type
static cx_status_t f_reduce_precision(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(one_operand(p, s));
  CX_RETURN_IF_ERROR(comma_keyword_eq(p, "format"));
  cx_p_skip_ws(p);
  const char* at = p->cur;
  const char* w;
  size_t n;
  if (!cx_p_ident(p, &w, &n) || n < 4 || w[0] != 'e')
    return cx_p_error_at(p, at, "expected format 'e<exponent bits>m<mantissa bits>'");
  char buf[32];
  if (n >= sizeof(buf)) return cx_p_error_at(p, at, "format too long");
  memcpy(buf, w, n);
  buf[n] = 0;
  char* m = strchr(buf, 'm');
  if (!m) return cx_p_error_at(p, at, "expected format 'e<exponent bits>m<mantissa bits>'");
  char* end1;
  char* end2;
  long e = strtol(buf + 1, &end1, 10);
  long mb = strtol(m + 1, &end2, 10);
  if (end1 != m || *end2 || end1 == buf + 1 || end2 == m + 1)
    return cx_p_error_at(p, at, "expected format 'e<exponent bits>m<mantissa bits>'");
  const cx_type_t* i32 = cx_type_element(C(p), CX_ELEM_SI32);
  const cx_attr_t* ea = cx_attr_integer(A(p), i32, e);
  const cx_attr_t* ma = cx_attr_integer(A(p), i32, mb);
  if (!ea || !ma) return CX_OOM();
  CX_RETURN_IF_ERROR(cx_ps_add_attr(p, s, CX_NAME_exponent_bits, ea));
  CX_RETURN_IF_ERROR(cx_ps_add_attr(p, s, CX_NAME_mantissa_bits, ma));
  return attrs_same_type(p, s);
}

// %a (, lower = true)? attr-dict : same-type
static cx_status_t f_cholesky(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(one_operand(p, s));
  if (cx_p_accept(p, ',')) {
    CX_RETURN_IF_ERROR(keyword_eq(p, "lower"));
    CX_RETURN_IF_ERROR(bool_attr(p, s, CX_NAME_lower));
  }
  return attrs_same_type(p, s);
}

// attr-dict (%a, %b : T1, T2 | ())
static cx_status_t f_optimization_barrier(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
  if (cx_p_accept(p, '(')) {
    CX_RETURN_IF_ERROR(cx_p_expect(p, ')'));
    return cx_ps_set_results(p, s, NULL, 0);
  }
  CX_RETURN_IF_ERROR(operands(p, s));
  CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
  const cx_type_t** types;
  uint32_t n;
  CX_RETURN_IF_ERROR(operand_types(p, s, &types, &n));
  return cx_ps_set_results(p, s, types, n);
}

// %a attr-dict : T -> R
static cx_status_t f_chlo_unary(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(one_operand(p, s));
  CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
  const cx_type_t* t;
  CX_RETURN_IF_ERROR(colon_operand_type(p, s, &t));
  CX_RETURN_IF_ERROR(cx_p_expect_str(p, "->"));
  return result_type(p, s);
}

// %a, %b attr-dict : T1, T2 -> R
static cx_status_t f_chlo_binary(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(operands(p, s));
  CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
  CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
  const cx_type_t** types;
  uint32_t n;
  CX_RETURN_IF_ERROR(operand_types(p, s, &types, &n));
  CX_RETURN_IF_ERROR(cx_p_expect_str(p, "->"));
  return result_type(p, s);
}

// (%a, k = N) attr-dict : T -> (R1, R2)
static cx_status_t f_chlo_top_k(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(cx_p_expect(p, '('));
  CX_RETURN_IF_ERROR(one_operand(p, s));
  CX_RETURN_IF_ERROR(comma_keyword_eq(p, "k"));
  CX_RETURN_IF_ERROR(i64_attr(p, s, CX_NAME_k));
  CX_RETURN_IF_ERROR(cx_p_expect(p, ')'));
  CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
  const cx_type_t* t;
  CX_RETURN_IF_ERROR(colon_operand_type(p, s, &t));
  CX_RETURN_IF_ERROR(cx_p_expect_str(p, "->"));
  const cx_type_t** results;
  uint32_t n;
  CX_RETURN_IF_ERROR(cx_p_result_types(p, &results, &n));
  return cx_ps_set_results(p, s, results, n);
}

static cx_status_t segment_attr(cx_parser_t* p, state_t* s, const char* name, int64_t a,
                                int64_t b) {
  int64_t v[2] = {a, b};
  const cx_attr_t* attr =
      cx_attr_dense_i64_array(A(p), cx_type_element(C(p), CX_ELEM_SI32), 2, v);
  if (!attr) return CX_OOM();
  return cx_ps_add_attr_named(p, s, intern(p, name), attr);
}

// (%in...) inits(%init...) dimension = N (attributes {...})? region attr-dict?
//   : functional
static cx_status_t f_chlo_scan(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(cx_p_expect(p, '('));
  CX_RETURN_IF_ERROR(operands(p, s));
  uint32_t num_inputs = s->num_operands;
  CX_RETURN_IF_ERROR(cx_p_expect(p, ')'));
  CX_RETURN_IF_ERROR(cx_p_expect_keyword(p, "inits"));
  CX_RETURN_IF_ERROR(cx_p_expect(p, '('));
  cx_value_t** inits;
  uint32_t num_inits;
  CX_RETURN_IF_ERROR(cx_p_value_list(p, &inits, &num_inits));
  for (uint32_t i = 0; i < num_inits; i++) CX_RETURN_IF_ERROR(cx_ps_append_operand(p, s, inits[i]));
  CX_RETURN_IF_ERROR(cx_p_expect(p, ')'));
  CX_RETURN_IF_ERROR(keyword_eq(p, "dimension"));
  CX_RETURN_IF_ERROR(i64_attr(p, s, CX_NAME_dimension));
  if (cx_p_accept_keyword(p, "attributes")) CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
  CX_RETURN_IF_ERROR(cx_ps_alloc_regions(p, s, 1));
  memset(s->regions, 0, sizeof(cx_region_t));
  CX_RETURN_IF_ERROR(cx_p_region(p, &s->regions[0], NULL));
  CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
  CX_RETURN_IF_ERROR(functional_type(p, s));
  if (s->num_result_types < num_inits)
    return cx_p_error(p, "chlo.scan needs at least as many results as inits");
  CX_RETURN_IF_ERROR(segment_attr(p, s, "operandSegmentSizes", num_inputs, num_inits));
  return segment_attr(p, s, "resultSegmentSizes", s->num_result_types - num_inits, num_inits);
}

// attr-dict dense<...> : T
static cx_status_t f_chlo_constant(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
  const cx_attr_t* value;
  CX_RETURN_IF_ERROR(dense_value(p, s, false, "expected dense elements", &value));
  return single_result(p, s, value->type);
}

// %a, dense<...> : T (, tolerance = x)? attr-dict
static cx_status_t f_check_const(cx_parser_t* p, state_t* s, bool with_tolerance) {
  CX_RETURN_IF_ERROR(one_operand(p, s));
  CX_RETURN_IF_ERROR(cx_p_expect(p, ','));
  const cx_attr_t* value;
  CX_RETURN_IF_ERROR(dense_value(p, s, true, "expected dense elements", &value));
  if (with_tolerance && cx_p_accept(p, ',')) {
    CX_RETURN_IF_ERROR(keyword_eq(p, "tolerance"));
    CX_RETURN_IF_ERROR(float_attr(p, s, p->ctx->names[CX_NAME_tolerance]));
  }
  CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
  return cx_ps_set_results(p, s, NULL, 0);
}

// %a, %b (, tolerance = x)? attr-dict : T
static cx_status_t f_check_binary(cx_parser_t* p, state_t* s, bool with_tolerance) {
  CX_RETURN_IF_ERROR(n_operands(p, s, 2));
  if (with_tolerance && cx_p_accept(p, ',')) {
    CX_RETURN_IF_ERROR(keyword_eq(p, "tolerance"));
    CX_RETURN_IF_ERROR(float_attr(p, s, p->ctx->names[CX_NAME_tolerance]));
  }
  CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
  CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
  const char* at = p->cur;
  const cx_type_t* t;
  CX_RETURN_IF_ERROR(cx_p_type(p, &t));
  const cx_type_t* both[2] = {t, s->operands[1]->type};
  CX_RETURN_IF_ERROR(cx_ps_check_operand_types(p, s, both, 2, at));
  return cx_ps_set_results(p, s, NULL, 0);
}

// %a, %b, max_ulp_difference = N (, min_ulp_difference = M)? : attr-dict T, T
static cx_status_t f_check_close(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(n_operands(p, s, 2));
  CX_RETURN_IF_ERROR(comma_keyword_eq(p, "max_ulp_difference"));
  CX_RETURN_IF_ERROR(int_attr_typed(p, s, CX_NAME_max_ulp_difference, CX_ELEM_UI64));
  if (cx_p_accept(p, ',')) {
    CX_RETURN_IF_ERROR(keyword_eq(p, "min_ulp_difference"));
    CX_RETURN_IF_ERROR(int_attr_typed(p, s, CX_NAME_min_ulp_difference, CX_ELEM_UI64));
  }
  CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
  CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
  const cx_type_t** types;
  uint32_t n;
  CX_RETURN_IF_ERROR(operand_types(p, s, &types, &n));
  return cx_ps_set_results(p, s, NULL, 0);
}

// %a, probe_id = "id" (, iter = N)? attr-dict : T
static cx_status_t f_probe(cx_parser_t* p, state_t* s, bool has_result) {
  CX_RETURN_IF_ERROR(one_operand(p, s));
  CX_RETURN_IF_ERROR(comma_keyword_eq(p, "probe_id"));
  CX_RETURN_IF_ERROR(string_attr(p, s, p->ctx->names[CX_NAME_probe_id]));
  if (!has_result && cx_p_accept(p, ',')) {
    CX_RETURN_IF_ERROR(keyword_eq(p, "iter"));
    const char* name = intern(p, "iteration");
    int64_t v;
    CX_RETURN_IF_ERROR(cx_p_int(p, &v));
    const cx_attr_t* a = cx_attr_integer(A(p), cx_type_element(C(p), CX_ELEM_UI32), v);
    if (!a || !name) return CX_OOM();
    CX_RETURN_IF_ERROR(cx_ps_add_attr_named(p, s, name, a));
  }
  CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
  const cx_type_t* t;
  CX_RETURN_IF_ERROR(colon_operand_type(p, s, &t));
  return has_result ? single_result(p, s, t) : cx_ps_set_results(p, s, NULL, 0);
}

// %a attr-dict : T
static cx_status_t f_interp_print(cx_parser_t* p, state_t* s) {
  CX_RETURN_IF_ERROR(one_operand(p, s));
  CX_RETURN_IF_ERROR(opt_attr_dict(p, s));
  const cx_type_t* t;
  CX_RETURN_IF_ERROR(colon_operand_type(p, s, &t));
  return cx_ps_set_results(p, s, NULL, 0);
}

cx_status_t cx_p_pretty_op(cx_parser_t* p, cx_op_parse_state_t* s) {
  cx_op_format_t format = cx_op_info(s->kind)->format;
  switch (format) {
    case CX_FORMAT_GENERIC:
    case CX_FORMAT_FUNC:
      return cx_p_error_at(p, s->at, "'%s' has no custom form; write it in generic form "
                           "\"%s\"(...)", s->name, s->name);
    case CX_FORMAT_FUNCTIONAL: return f_functional(p, s);
    case CX_FORMAT_SAME_TYPE:
    case CX_FORMAT_VARIADIC_SAME:
    case CX_FORMAT_AFTER_ALL: return f_same_type(p, s);
    case CX_FORMAT_RESULT_TYPE: return f_result_type(p, s);
    case CX_FORMAT_RETURN: return f_return(p, s);
    case CX_FORMAT_CALL: return f_call(p, s);
    case CX_FORMAT_CONSTANT: return f_constant(p, s);
    case CX_FORMAT_IOTA:
    case CX_FORMAT_DYNAMIC_IOTA:
    case CX_FORMAT_BROADCAST_IN_DIM:
    case CX_FORMAT_DYNAMIC_BROADCAST_IN_DIM:
    case CX_FORMAT_BROADCAST:
    case CX_FORMAT_TRANSPOSE:
    case CX_FORMAT_REVERSE:
    case CX_FORMAT_DYNAMIC_SLICE:
    case CX_FORMAT_PAD:
    case CX_FORMAT_RNG:
    case CX_FORMAT_RNG_BIT_GENERATOR:
    case CX_FORMAT_FFT:
    case CX_FORMAT_GET_DIMENSION_SIZE:
    case CX_FORMAT_SET_DIMENSION_SIZE:
    case CX_FORMAT_EINSUM:
    case CX_FORMAT_UNARY_EINSUM: return f_fields(p, s, &kFieldFormats[format]);
    case CX_FORMAT_CONCATENATE: return f_concatenate(p, s);
    case CX_FORMAT_SLICE: return f_slice(p, s);
    case CX_FORMAT_COMPARE: return f_compare(p, s);
    case CX_FORMAT_SELECT: return f_select(p, s);
    case CX_FORMAT_COMPLEX: return f_complex(p, s);
    case CX_FORMAT_DOT: return f_dot(p, s);
    case CX_FORMAT_DOT_GENERAL: return f_dot_general(p, s);
    case CX_FORMAT_CONVOLUTION: return f_convolution(p, s);
    case CX_FORMAT_REDUCE: return f_reduce(p, s);
    case CX_FORMAT_WHILE: return f_while(p, s);
    case CX_FORMAT_CUSTOM_CALL: return f_custom_call(p, s);
    case CX_FORMAT_COMPOSITE: return f_composite(p, s);
    case CX_FORMAT_GET_TUPLE_ELEMENT: return f_get_tuple_element(p, s);
    case CX_FORMAT_TUPLE: return f_tuple(p, s);
    case CX_FORMAT_REDUCE_PRECISION: return f_reduce_precision(p, s);
    case CX_FORMAT_CHOLESKY: return f_cholesky(p, s);
    case CX_FORMAT_OPTIMIZATION_BARRIER: return f_optimization_barrier(p, s);
    case CX_FORMAT_CHLO_UNARY: return f_chlo_unary(p, s);
    case CX_FORMAT_CHLO_BINARY: return f_chlo_binary(p, s);
    case CX_FORMAT_CHLO_TOP_K: return f_chlo_top_k(p, s);
    case CX_FORMAT_CHLO_SCAN: return f_chlo_scan(p, s);
    case CX_FORMAT_CHLO_CONSTANT: return f_chlo_constant(p, s);
    case CX_FORMAT_CHECK_CONST: return f_check_const(p, s, false);
    case CX_FORMAT_CHECK_ALMOST_EQ_CONST: return f_check_const(p, s, true);
    case CX_FORMAT_CHECK_BINARY: return f_check_binary(p, s, false);
    case CX_FORMAT_CHECK_ALMOST_EQ: return f_check_binary(p, s, true);
    case CX_FORMAT_CHECK_CLOSE: return f_check_close(p, s);
    case CX_FORMAT_CHECK_PROBE: return f_probe(p, s, false);
    case CX_FORMAT_INTERP_PROBE: return f_probe(p, s, true);
    case CX_FORMAT_INTERP_PRINT: return f_interp_print(p, s);
    case CX_FORMAT_SDY_MESH: return cx_p_format_sdy_mesh(p, s);
    case CX_FORMAT_SDY_SHARDING: return cx_p_format_sdy_sharding(p, s);
    case CX_FORMAT_SDY_SHARDING_GROUP: return cx_p_format_sdy_sharding_group(p, s);
    case CX_FORMAT_SDY_PROPAGATION_BARRIER: return cx_p_format_sdy_propagation_barrier(p, s);
    case CX_FORMAT_SDY_MANUAL_COMPUTATION: return cx_p_format_sdy_manual_computation(p, s);
    case CX_FORMAT_SDY_NAMED_COMPUTATION: return cx_p_format_sdy_named_computation(p, s);
    case CX_FORMAT_SDY_COLLECTIVE: return cx_p_format_sdy_collective(p, s);
    case CX_FORMAT_COUNT: break;
  }
  return cx_p_error_at(p, s->at, "internal error: no parser for '%s'", s->name);
}
