// Printing the custom (pretty) form of each op, one function per assembly
// format of op_formats.def, writing exactly what parse_formats.c reads. A
// printer returns false when the op does not fit its format (e.g. an op built
// by a pass with an unusual attribute), and the op is printed generically.
#include <string.h>

#include "ir/op_schema.h"
#include "text/printer.h"

typedef cx_printer_t printer_t;

static void puts_(printer_t* pr, const char* s) { cx_strbuf_puts(pr->out, s); }

static const cx_attr_t* attr(const cx_op_t* op, const char* name) {
  for (uint32_t i = 0; i < op->num_attrs; i++)
    if (strcmp(op->attrs[i].name, name) == 0) return op->attrs[i].value;
  return NULL;
}

// Pretty forms print integers without their type, and parse_formats.c gives
// them back the type the op defines (as cx_type_element_ex(e, true)); an
// attribute of another type must print generically to survive a round trip.
static bool is_int_type(const cx_type_t* t, cx_elem_t e) {
  return t && t->kind == CX_TYPE_ELEMENT && t->element.elem == e &&
         (t->element.signless || !cx_elem_is_signed_int(e));
}

static const cx_attr_t* i64_array(const cx_op_t* op, const char* name) {
  const cx_attr_t* a = attr(op, name);
  return a && a->kind == CX_ATTR_DENSE_ARRAY && a->dense_array.ints &&
                 is_int_type(a->type, CX_ELEM_SI64)
             ? a
             : NULL;
}

// array<e: ...> of exactly the element type the pretty parser produces.
static bool is_int_array(const cx_attr_t* a, cx_elem_t e) {
  return a && a->kind == CX_ATTR_DENSE_ARRAY && a->dense_array.ints && is_int_type(a->type, e);
}

// A float attribute of type f64 (what `tolerance = x` gives back).
static bool is_float_f64(const cx_attr_t* a) {
  return a->type && a->type->kind == CX_TYPE_ELEMENT && a->type->element.elem == CX_ELEM_F64;
}

static const cx_attr_t* int_attr(const cx_op_t* op, const char* name, cx_elem_t e) {
  const cx_attr_t* a = attr(op, name);
  return a && a->kind == CX_ATTR_INTEGER && is_int_type(a->type, e) ? a : NULL;
}

static const cx_attr_t* enum_attr(const cx_op_t* op, const char* name, cx_enum_kind_t kind) {
  const cx_attr_t* a = attr(op, name);
  return a && a->kind == CX_ATTR_ENUM && a->enumeration.kind == kind ? a : NULL;
}

// An attribute of an optional group `( ... $attr^)?` holding the default
// its op declares: MLIR's printer leaves the group out.
static bool group_elided(printer_t* pr, const cx_op_t* op, const char* name, const cx_attr_t* a) {
  const char* interned = cx_interned(pr->module->ctx, name, strlen(name));
  return interned && cx_op_attr_elided(pr->module->ctx, op, interned, a);
}

static void list(printer_t* pr, const cx_attr_t* a) {
  cx_print_i64_list(pr->out, a->dense_array.ints, a->dense_array.count);
}

static void operands(printer_t* pr, const cx_op_t* op) {
  if (!op->num_operands) return;
  puts_(pr, " ");
  cx_pr_values(pr, op->operands, op->num_operands);
}

static bool all_types_equal(const cx_op_t* op) {
  if (op->num_results != 1) return false;
  const cx_type_t* t = op->results[0].type;
  for (uint32_t i = 0; i < op->num_operands; i++)
    if (op->operands[i].value->type != t) return false;
  return true;
}

// " : T" when every operand and the result share T; else the function type.
static void same_type(printer_t* pr, const cx_op_t* op) {
  if (all_types_equal(op)) {
    puts_(pr, " : ");
    cx_print_type(pr->out, op->results[0].type);
  } else {
    cx_pr_functional_type(pr, op);
  }
}

static void enum_value(printer_t* pr, const cx_attr_t* a) {
  // Enum values in custom forms print with a leading space, as MLIR does.
  puts_(pr, " ");
  puts_(pr, cx_enum_value_name(a->enumeration.kind, a->enumeration.value));
}

static bool precision_list(printer_t* pr, const cx_attr_t* a) {
  if (a->kind != CX_ATTR_ARRAY) return false;
  for (uint32_t i = 0; i < a->array.count; i++) {
    const cx_attr_t* e = a->array.items[i];
    if (e->kind != CX_ATTR_ENUM || e->enumeration.kind != CX_ENUM_PRECISION) return false;
  }
  puts_(pr, "precision = [");
  for (uint32_t i = 0; i < a->array.count; i++) {
    if (i) puts_(pr, ", ");
    puts_(pr, cx_enum_value_name(CX_ENUM_PRECISION, a->array.items[i]->enumeration.value));
  }
  puts_(pr, "]");
  return true;
}

static bool precision_printable(const cx_attr_t* a) {
  if (!a) return true;
  if (a->kind != CX_ATTR_ARRAY) return false;
  for (uint32_t i = 0; i < a->array.count; i++) {
    const cx_attr_t* e = a->array.items[i];
    if (e->kind != CX_ATTR_ENUM || e->enumeration.kind != CX_ENUM_PRECISION) return false;
  }
  return true;
}

// ---- formats ----------------------------------------------------------------

static bool p_same_type(printer_t* pr, const cx_op_t* op) {
  if (op->num_results != 1 || op->num_regions) return false;
  operands(pr, op);
  cx_pr_attr_dict(pr, op, NULL);
  same_type(pr, op);
  return true;
}

static bool p_functional(printer_t* pr, const cx_op_t* op) {
  if (op->num_regions) return false;
  operands(pr, op);
  cx_pr_attr_dict(pr, op, NULL);
  cx_pr_functional_type(pr, op);
  return true;
}

static bool p_result_type(printer_t* pr, const cx_op_t* op) {
  if (op->num_operands || op->num_results != 1 || op->num_regions) return false;
  cx_pr_attr_dict(pr, op, NULL);
  puts_(pr, " : ");
  cx_print_type(pr->out, op->results[0].type);
  return true;
}

static bool p_return(printer_t* pr, const cx_op_t* op) {
  if (op->num_results || op->num_regions) return false;
  // func.return and sdy.return: attr-dict before the operands (their ODS
  // formats); stablehlo.return: after.
  bool attrs_first = op->kind == CX_OP_FUNC_RETURN || op->kind == CX_OP_SDY_RETURN;
  if (attrs_first) cx_pr_attr_dict(pr, op, NULL);
  operands(pr, op);
  if (!attrs_first) cx_pr_attr_dict(pr, op, NULL);
  if (op->num_operands) {
    puts_(pr, " : ");
    for (uint32_t i = 0; i < op->num_operands; i++) {
      if (i) puts_(pr, ", ");
      cx_print_type(pr->out, op->operands[i].value->type);
    }
  }
  return true;
}

// @symbol(%a, %b) attr-dict : functional, `symbol` the attribute `name`.
static bool symbol_call(printer_t* pr, const cx_op_t* op, const cx_attr_t* symbol,
                        const char* name) {
  puts_(pr, " ");
  cx_print_symbol(pr->out, symbol->str.data, symbol->str.len);
  puts_(pr, "(");
  cx_pr_values(pr, op->operands, op->num_operands);
  puts_(pr, ")");
  cx_pr_attr_dict(pr, op, name);
  cx_pr_functional_type(pr, op);
  return true;
}

static bool p_call(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* callee = attr(op, "callee");
  if (!callee || callee->kind != CX_ATTR_SYMBOL_REF || op->num_regions) return false;
  return symbol_call(pr, op, callee, "callee");
}

static bool p_constant(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* v = attr(op, "value");
  if (!v || op->num_operands || op->num_results != 1) return false;
  if (v->kind != CX_ATTR_DENSE && v->kind != CX_ATTR_DENSE_RESOURCE) return false;
  if (v->type != op->results[0].type) {
    // E.g. a quantized result: "() <{value = ...}> : () -> T".
    puts_(pr, "() <{value = ");
    cx_print_attr(pr->out, v);
    puts_(pr, "}>");
    cx_pr_attr_dict(pr, op, "value");
    cx_pr_functional_type(pr, op);
    return true;
  }
  cx_pr_attr_dict(pr, op, "value");
  puts_(pr, " ");
  cx_print_attr(pr->out, v);
  return true;
}

static bool p_iota(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* d = int_attr(op, "iota_dimension", CX_ELEM_SI64);
  if (!d || op->num_operands || op->num_results != 1) return false;
  cx_strbuf_printf(pr->out, " dim = %lld", (long long)d->integer);
  cx_pr_attr_dict(pr, op, "iota_dimension");
  puts_(pr, " : ");
  cx_print_type(pr->out, op->results[0].type);
  return true;
}

static bool p_dynamic_iota(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* d = int_attr(op, "iota_dimension", CX_ELEM_SI64);
  if (!d || op->num_operands != 1) return false;
  operands(pr, op);
  cx_strbuf_printf(pr->out, ", dim = %lld", (long long)d->integer);
  cx_pr_attr_dict(pr, op, "iota_dimension");
  cx_pr_functional_type(pr, op);
  return true;
}

// %x(, %y)*, <kw> = [..] attr-dict <type>
static bool operands_list_attr(printer_t* pr, const cx_op_t* op, uint32_t num_operands,
                               const char* kw, const char* name, bool same) {
  const cx_attr_t* a = i64_array(op, name);
  if (!a || op->num_operands != num_operands || op->num_results != 1 || op->num_regions)
    return false;
  operands(pr, op);
  cx_strbuf_printf(pr->out, ", %s = ", kw);
  list(pr, a);
  cx_pr_attr_dict(pr, op, name);
  if (same) same_type(pr, op);
  else cx_pr_functional_type(pr, op);
  return true;
}

static bool p_concatenate(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* d = int_attr(op, "dimension", CX_ELEM_SI64);
  if (!d || op->num_results != 1) return false;
  operands(pr, op);
  cx_strbuf_printf(pr->out, "%s dim = %lld", op->num_operands ? "," : "", (long long)d->integer);
  cx_pr_attr_dict(pr, op, "dimension");
  cx_pr_functional_type(pr, op);
  return true;
}

static bool p_slice(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* s = i64_array(op, "start_indices");
  const cx_attr_t* l = i64_array(op, "limit_indices");
  const cx_attr_t* st = i64_array(op, "strides");
  if (!s || !l || !st || op->num_operands != 1) return false;
  uint32_t n = s->dense_array.count;
  if (l->dense_array.count != n || st->dense_array.count != n) return false;
  operands(pr, op);
  puts_(pr, " [");
  for (uint32_t i = 0; i < n; i++) {
    if (i) puts_(pr, ", ");
    cx_strbuf_printf(pr->out, "%lld:%lld", (long long)s->dense_array.ints[i],
                     (long long)l->dense_array.ints[i]);
    if (st->dense_array.ints[i] != 1)
      cx_strbuf_printf(pr->out, ":%lld", (long long)st->dense_array.ints[i]);
  }
  puts_(pr, "]");
  cx_pr_attr_dict(pr, op, "start_indices,limit_indices,strides");
  cx_pr_functional_type(pr, op);
  return true;
}

static bool p_dynamic_slice(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* sizes = i64_array(op, "slice_sizes");
  if (!sizes || op->num_operands < 1) return false;
  operands(pr, op);
  puts_(pr, ", sizes = ");
  list(pr, sizes);
  cx_pr_attr_dict(pr, op, "slice_sizes");
  cx_pr_functional_type(pr, op);
  return true;
}

static bool p_pad(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* lo = i64_array(op, "edge_padding_low");
  const cx_attr_t* hi = i64_array(op, "edge_padding_high");
  const cx_attr_t* in = i64_array(op, "interior_padding");
  if (!lo || !hi || !in || op->num_operands != 2) return false;
  operands(pr, op);
  puts_(pr, ", low = ");
  list(pr, lo);
  puts_(pr, ", high = ");
  list(pr, hi);
  puts_(pr, ", interior = ");
  list(pr, in);
  cx_pr_attr_dict(pr, op, "edge_padding_low,edge_padding_high,interior_padding");
  cx_pr_functional_type(pr, op);
  return true;
}

static bool p_compare(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* dir = enum_attr(op, "comparison_direction", CX_ENUM_COMPARISON_DIRECTION);
  const cx_attr_t* type = attr(op, "compare_type");
  if (!dir || op->num_operands != 2) return false;
  if (type && (type->kind != CX_ATTR_ENUM || type->enumeration.kind != CX_ENUM_COMPARISON_TYPE))
    return false;
  puts_(pr, " ");
  enum_value(pr, dir);
  puts_(pr, ", ");
  cx_pr_values(pr, op->operands, 2);
  if (type) {
    puts_(pr, ", ");
    enum_value(pr, type);
  }
  cx_pr_attr_dict(pr, op, "comparison_direction,compare_type");
  cx_pr_functional_type(pr, op);
  return true;
}

static bool p_select(printer_t* pr, const cx_op_t* op) {
  if (op->num_operands != 3 || op->num_results != 1) return false;
  operands(pr, op);
  cx_pr_attr_dict(pr, op, NULL);
  const cx_type_t* r = op->results[0].type;
  if (op->operands[1].value->type == r && op->operands[2].value->type == r) {
    puts_(pr, " : ");
    cx_print_type(pr->out, op->operands[0].value->type);
    puts_(pr, ", ");
    cx_print_type(pr->out, r);
  } else {
    cx_pr_functional_type(pr, op);
  }
  return true;
}

static bool p_complex(printer_t* pr, const cx_op_t* op) {
  if (op->num_operands != 2 || op->num_results != 1) return false;
  operands(pr, op);
  cx_pr_attr_dict(pr, op, NULL);
  const cx_type_t* r = op->results[0].type;
  const cx_type_t* a = op->operands[0].value->type;
  const cx_type_t* b = op->operands[1].value->type;
  bool compact = cx_type_is_tensor(r) && cx_type_is_tensor(a) && a == b &&
                 cx_elem_is_complex(cx_tensor_elem(r)) &&
                 cx_tensor_elem(a) == cx_elem_complex_component(cx_tensor_elem(r)) &&
                 a->tensor.rank == r->tensor.rank && !a->tensor.encoding && !r->tensor.encoding &&
                 !memcmp(a->tensor.dims, r->tensor.dims, a->tensor.rank * sizeof(int64_t)) &&
                 !cx_tensor_is_quantized(a);
  if (compact) {
    puts_(pr, " : ");
    cx_print_type(pr->out, r);
  } else {
    cx_pr_functional_type(pr, op);
  }
  return true;
}

static bool p_dot(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* prec = attr(op, "precision_config");
  if (op->num_operands != 2 || !precision_printable(prec)) return false;
  operands(pr, op);
  if (prec) {
    puts_(pr, ", ");
    precision_list(pr, prec);
  }
  cx_pr_attr_dict(pr, op, "precision_config");
  cx_pr_functional_type(pr, op);
  return true;
}

static bool p_dot_general(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* dims = attr(op, "dot_dimension_numbers");
  const cx_attr_t* prec = attr(op, "precision_config");
  const cx_attr_t* alg = attr(op, "algorithm");
  if (!dims || dims->kind != CX_ATTR_DOT || op->num_operands != 2 || !precision_printable(prec))
    return false;
  if (alg && alg->kind != CX_ATTR_DOT_ALGORITHM) return false;
  const cx_dot_dims_t* d = &dims->dot;
  operands(pr, op);
  if (d->lhs_batching_dims.len || d->rhs_batching_dims.len) {
    puts_(pr, ", batching_dims = ");
    cx_print_i64_list(pr->out, d->lhs_batching_dims.data, d->lhs_batching_dims.len);
    puts_(pr, " x ");
    cx_print_i64_list(pr->out, d->rhs_batching_dims.data, d->rhs_batching_dims.len);
  }
  puts_(pr, ", contracting_dims = ");
  cx_print_i64_list(pr->out, d->lhs_contracting_dims.data, d->lhs_contracting_dims.len);
  puts_(pr, " x ");
  cx_print_i64_list(pr->out, d->rhs_contracting_dims.data, d->rhs_contracting_dims.len);
  if (prec) {
    puts_(pr, ", ");
    precision_list(pr, prec);
  }
  if (alg) {
    puts_(pr, ", algorithm = ");
    cx_print_dot_algorithm_body(pr->out, &alg->dot_algorithm);
  }
  cx_pr_attr_dict(pr, op, "dot_dimension_numbers,precision_config,algorithm");
  cx_pr_functional_type(pr, op);
  return true;
}

static bool p_convolution(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* dims = attr(op, "dimension_numbers");
  if (!dims || dims->kind != CX_ATTR_CONV || op->num_operands != 2) return false;
  const cx_attr_t* strides = attr(op, "window_strides");
  const cx_attr_t* pad = attr(op, "padding");
  const cx_attr_t* lhs = attr(op, "lhs_dilation");
  const cx_attr_t* rhs = attr(op, "rhs_dilation");
  const cx_attr_t* rev = attr(op, "window_reversal");
  // The window syntax gives back i64 arrays, an i1 array and a padding
  // tensor<Nx2xi64>; anything else prints generically.
  const cx_attr_t* arrays[3] = {strides, lhs, rhs};
  for (int i = 0; i < 3; i++)
    if (arrays[i] && !is_int_array(arrays[i], CX_ELEM_SI64)) return false;
  if (rev && !is_int_array(rev, CX_ELEM_I1)) return false;
  cx_i64s_t pads;
  if (pad && (!cx_attr_get_i64s(pad, &pads) || pads.rank != 2 || pads.cols != 2 ||
              pad->type->tensor.encoding || !is_int_type(pad->type->tensor.element, CX_ELEM_SI64)))
    return false;
  // The compact dimension syntax must be able to express the numbers.
  cx_strbuf_t probe;
  cx_strbuf_init_with(&probe, pr->allocator);
  cx_print_attr(&probe, dims);
  bool compact = probe.data && strstr(probe.data, "raw ") == NULL;
  cx_strbuf_free(&probe);
  if (!compact) return false;
  puts_(pr, "(");
  cx_pr_values(pr, op->operands, 2);
  puts_(pr, ") dim_numbers = ");
  cx_print_conv_dims(pr->out, &dims->conv);
  puts_(pr, ", window = {");
  bool first = true;
  if (strides) {
    puts_(pr, "stride = ");
    list(pr, strides);
    first = false;
  }
  if (pad) {
    if (!first) puts_(pr, ", ");
    first = false;
    puts_(pr, "pad = [");
    for (int64_t i = 0; i < pads.rows; i++)
      cx_strbuf_printf(pr->out, "%s[%lld, %lld]", i ? ", " : "", (long long)pads.data[2 * i],
                       (long long)pads.data[2 * i + 1]);
    puts_(pr, "]");
  }
  if (lhs) {
    if (!first) puts_(pr, ", ");
    first = false;
    puts_(pr, "lhs_dilate = ");
    list(pr, lhs);
  }
  if (rhs) {
    if (!first) puts_(pr, ", ");
    first = false;
    puts_(pr, "rhs_dilate = ");
    list(pr, rhs);
  }
  if (rev) {
    if (!first) puts_(pr, ", ");
    puts_(pr, "reverse = [");
    for (uint32_t i = 0; i < rev->dense_array.count; i++)
      cx_strbuf_printf(pr->out, "%s%s", i ? ", " : "", rev->dense_array.ints[i] ? "true" : "false");
    puts_(pr, "]");
  }
  puts_(pr, "}");
  cx_pr_attr_dict(pr, op,
                  "dimension_numbers,window_strides,padding,lhs_dilation,rhs_dilation,"
                  "window_reversal");
  cx_pr_functional_type(pr, op);
  return true;
}

// The reducer "applies <op>" form fits when the body is exactly
// `%r = <op> %arg0, %arg1; return %r` on rank-0 tensors of input 0's element.
// With locations printed, the body's own locations must have nowhere to go
// lost: the form needs the body's ops to have none.
static cx_op_kind_t reduce_applies(const printer_t* pr, const cx_op_t* op) {
  if (op->num_operands != 2 || op->num_regions != 1) return CX_OP_UNKNOWN;
  const cx_block_t* b = op->regions[0].first_block;
  if (!b || b->next || b->num_args != 2 || !b->first_op || b->first_op->next != b->last_op)
    return CX_OP_UNKNOWN;
  const cx_op_t* x = b->first_op;
  const cx_op_t* ret = b->last_op;
  if (pr->options->print_locations && (x->loc.full || ret->loc.full)) return CX_OP_UNKNOWN;
  switch (x->kind) {
    case CX_OP_ADD: case CX_OP_MULTIPLY: case CX_OP_MAXIMUM: case CX_OP_MINIMUM:
    case CX_OP_AND: case CX_OP_OR: case CX_OP_XOR:
      break;
    default:
      return CX_OP_UNKNOWN;
  }
  if (x->num_operands != 2 || x->num_results != 1 || x->num_regions || x->num_attrs)
    return CX_OP_UNKNOWN;
  if (x->operands[0].value != b->args[0] || x->operands[1].value != b->args[1])
    return CX_OP_UNKNOWN;
  if (ret->kind != CX_OP_RETURN || ret->num_operands != 1 || ret->operands[0].value != &x->results[0])
    return CX_OP_UNKNOWN;
  const cx_type_t* in = op->operands[0].value->type;
  if (!cx_type_is_tensor(in)) return CX_OP_UNKNOWN;
  const cx_type_t* t = x->results[0].type;
  if (!cx_type_is_tensor(t) || t->tensor.rank || t->tensor.encoding ||
      t->tensor.element != in->tensor.element)
    return CX_OP_UNKNOWN;
  if (b->args[0]->type != t || b->args[1]->type != t) return CX_OP_UNKNOWN;
  return x->kind;
}

static bool p_reduce(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* dims = i64_array(op, "dimensions");
  if (!dims || op->num_operands % 2 || !op->num_operands || op->num_regions != 1) return false;
  uint32_t n = op->num_operands / 2;
  const cx_block_t* b = op->regions[0].first_block;
  if (!b || b->next || b->num_args != 2 * n) return false;
  puts_(pr, "(");
  for (uint32_t i = 0; i < n; i++) {
    if (i) puts_(pr, ", (");
    cx_pr_value(pr, op->operands[i].value);
    puts_(pr, " init: ");
    cx_pr_value(pr, op->operands[n + i].value);
    puts_(pr, ")");
  }
  cx_op_kind_t applies = reduce_applies(pr, op);
  if (applies != CX_OP_UNKNOWN) {
    puts_(pr, " applies ");
    puts_(pr, cx_op_info(applies)->name);
  }
  puts_(pr, " across dimensions = ");
  list(pr, dims);
  cx_pr_attr_dict(pr, op, "dimensions");
  cx_pr_functional_type(pr, op);
  if (applies != CX_OP_UNKNOWN) return true;
  cx_pr_newline(pr);
  puts_(pr, " reducer");
  for (uint32_t k = 0; k < n; k++) {
    puts_(pr, "(");
    cx_pr_value(pr, b->args[k]);
    puts_(pr, ": ");
    cx_print_type(pr->out, b->args[k]->type);
    puts_(pr, ", ");
    cx_pr_value(pr, b->args[n + k]);
    puts_(pr, ": ");
    cx_print_type(pr->out, b->args[n + k]->type);
    puts_(pr, ") ");
  }
  puts_(pr, " ");
  cx_pr_region(pr, &op->regions[0], false);
  return true;
}

static bool p_while(printer_t* pr, const cx_op_t* op) {
  if (op->num_regions != 2 || op->num_results != op->num_operands) return false;
  for (uint32_t r = 0; r < 2; r++) {
    const cx_block_t* b = op->regions[r].first_block;
    if (!b || b->next || b->num_args != op->num_operands) return false;
    for (uint32_t i = 0; i < b->num_args; i++)
      if (b->args[i]->type != op->operands[i].value->type) return false;
  }
  for (uint32_t i = 0; i < op->num_results; i++)
    if (op->results[i].type != op->operands[i].value->type) return false;
  const cx_block_t* cond = op->regions[0].first_block;
  puts_(pr, "(");
  for (uint32_t i = 0; i < op->num_operands; i++) {
    if (i) puts_(pr, ", ");
    cx_pr_value(pr, cond->args[i]);
    puts_(pr, " = ");
    cx_pr_value(pr, op->operands[i].value);
  }
  puts_(pr, ")");
  if (op->num_operands) {
    puts_(pr, " : ");
    for (uint32_t i = 0; i < op->num_operands; i++) {
      if (i) puts_(pr, ", ");
      cx_print_type(pr->out, op->operands[i].value->type);
    }
  }
  if (op->num_attrs) {
    puts_(pr, " attributes ");
    cx_print_attr_dict(pr->out, op->attrs, op->num_attrs, NULL, 0);
  }
  // MLIR's while printer starts the line with a space (like " reducer").
  cx_pr_newline(pr);
  puts_(pr, " cond ");
  cx_pr_region(pr, &op->regions[0], false);
  puts_(pr, " do ");
  cx_pr_region(pr, &op->regions[1], false);
  return true;
}

static bool p_custom_call(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* target = attr(op, "call_target_name");
  if (!target || target->kind != CX_ATTR_STRING || target->type || op->num_regions) return false;
  // The pretty form spells the target as a symbol, and symbol names cannot
  // hold NUL characters; such a target stays a string in the generic form.
  if (memchr(target->str.data, 0, target->str.len)) return false;
  return symbol_call(pr, op, target, "call_target_name");
}

static bool p_composite(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* name = attr(op, "name");
  if (!name || name->kind != CX_ATTR_STRING || name->type || op->num_regions) return false;
  puts_(pr, " \"");
  cx_strbuf_escaped(pr->out, name->str.data, name->str.len);
  puts_(pr, "\"");
  operands(pr, op);
  cx_pr_attr_dict(pr, op, "name");
  cx_pr_functional_type(pr, op);
  return true;
}

static bool p_get_tuple_element(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* index = int_attr(op, "index", CX_ELEM_SI32);
  if (!index || op->num_operands != 1) return false;
  operands(pr, op);
  cx_strbuf_printf(pr->out, "[%lld]", (long long)index->integer);
  cx_pr_attr_dict(pr, op, "index");
  cx_pr_functional_type(pr, op);
  return true;
}

static bool p_tuple(printer_t* pr, const cx_op_t* op) {
  if (op->num_results != 1) return false;
  const cx_type_t* t = op->results[0].type;
  if (!cx_type_is_tuple(t) || t->tuple.count != op->num_operands) return false;
  for (uint32_t i = 0; i < op->num_operands; i++)
    if (op->operands[i].value->type != t->tuple.items[i]) return false;
  operands(pr, op);
  cx_pr_attr_dict(pr, op, NULL);
  puts_(pr, " : ");
  cx_print_type(pr->out, t);
  return true;
}

static bool p_reduce_precision(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* e = int_attr(op, "exponent_bits", CX_ELEM_SI32);
  const cx_attr_t* m = int_attr(op, "mantissa_bits", CX_ELEM_SI32);
  if (!e || !m || op->num_operands != 1 || e->integer < 0 || m->integer < 0) return false;
  operands(pr, op);
  cx_strbuf_printf(pr->out, ", format = e%lldm%lld", (long long)e->integer, (long long)m->integer);
  cx_pr_attr_dict(pr, op, "exponent_bits,mantissa_bits");
  same_type(pr, op);
  return true;
}

// %a..., <kw> =  VALUE attr-dict : functional
static bool operands_enum(printer_t* pr, const cx_op_t* op, const char* kw, const char* name,
                          cx_enum_kind_t kind) {
  const cx_attr_t* a = enum_attr(op, name, kind);
  if (!a || !op->num_operands) return false;
  operands(pr, op);
  cx_strbuf_printf(pr->out, ", %s = ", kw);
  enum_value(pr, a);
  cx_pr_attr_dict(pr, op, name);
  cx_pr_functional_type(pr, op);
  return true;
}

static bool p_fft(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* type = enum_attr(op, "fft_type", CX_ENUM_FFT_TYPE);
  const cx_attr_t* length = i64_array(op, "fft_length");
  if (!type || !length || op->num_operands != 1) return false;
  operands(pr, op);
  puts_(pr, ", type = ");
  enum_value(pr, type);
  puts_(pr, ", length = ");
  list(pr, length);
  cx_pr_attr_dict(pr, op, "fft_type,fft_length");
  cx_pr_functional_type(pr, op);
  return true;
}

static bool p_dimension_size(printer_t* pr, const cx_op_t* op, uint32_t num_operands) {
  const cx_attr_t* d = int_attr(op, "dimension", CX_ELEM_SI64);
  if (!d || op->num_operands != num_operands) return false;
  operands(pr, op);
  cx_strbuf_printf(pr->out, ", dim = %lld", (long long)d->integer);
  cx_pr_attr_dict(pr, op, "dimension");
  cx_pr_functional_type(pr, op);
  return true;
}

static bool p_einsum(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* config = attr(op, "einsum_config");
  if (!config || config->kind != CX_ATTR_STRING || config->type || !op->num_operands) return false;
  operands(pr, op);
  puts_(pr, ", config = \"");
  cx_strbuf_escaped(pr->out, config->str.data, config->str.len);
  puts_(pr, "\"");
  cx_pr_attr_dict(pr, op, "einsum_config");
  cx_pr_functional_type(pr, op);
  return true;
}

static bool p_cholesky(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* lower = attr(op, "lower");
  if (op->num_operands != 1 || op->num_results != 1) return false;
  if (lower && lower->kind != CX_ATTR_BOOL) return false;
  operands(pr, op);
  if (lower && !group_elided(pr, op, "lower", lower))
    cx_strbuf_printf(pr->out, ", lower = %s", lower->boolean ? "true" : "false");
  cx_pr_attr_dict(pr, op, "lower");
  same_type(pr, op);
  return true;
}

static bool p_optimization_barrier(printer_t* pr, const cx_op_t* op) {
  if (op->num_results != op->num_operands || op->num_regions) return false;
  for (uint32_t i = 0; i < op->num_operands; i++)
    if (op->results[i].type != op->operands[i].value->type) return false;
  cx_pr_attr_dict(pr, op, NULL);
  if (!op->num_operands) {
    puts_(pr, "()");
    return true;
  }
  operands(pr, op);
  puts_(pr, " : ");
  for (uint32_t i = 0; i < op->num_operands; i++) {
    if (i) puts_(pr, ", ");
    cx_print_type(pr->out, op->operands[i].value->type);
  }
  return true;
}

static bool p_chlo_unary_binary(printer_t* pr, const cx_op_t* op, uint32_t n) {
  if (op->num_operands != n || op->num_results != 1 || op->num_regions) return false;
  operands(pr, op);
  cx_pr_attr_dict(pr, op, NULL);
  puts_(pr, " : ");
  for (uint32_t i = 0; i < n; i++) {
    if (i) puts_(pr, ", ");
    cx_print_type(pr->out, op->operands[i].value->type);
  }
  puts_(pr, " -> ");
  cx_print_type(pr->out, op->results[0].type);
  return true;
}

static bool p_chlo_top_k(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* k = int_attr(op, "k", CX_ELEM_SI64);
  if (!k || op->num_operands != 1 || op->num_results != 2) return false;
  puts_(pr, "(");
  cx_pr_value(pr, op->operands[0].value);
  cx_strbuf_printf(pr->out, ", k = %lld)", (long long)k->integer);
  cx_pr_attr_dict(pr, op, "k");
  puts_(pr, " : ");
  cx_print_type(pr->out, op->operands[0].value->type);
  puts_(pr, " -> (");
  cx_print_type(pr->out, op->results[0].type);
  puts_(pr, ", ");
  cx_print_type(pr->out, op->results[1].type);
  puts_(pr, ")");
  return true;
}

static bool p_chlo_scan(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* dim = int_attr(op, "dimension", CX_ELEM_SI64);
  const cx_attr_t* seg = attr(op, "operandSegmentSizes");
  const cx_attr_t* rseg = attr(op, "resultSegmentSizes");
  if (!dim || !is_int_array(seg, CX_ELEM_SI32) || seg->dense_array.count != 2 ||
      op->num_regions != 1)
    return false;
  int64_t num_inputs = seg->dense_array.ints[0];
  if (num_inputs < 0 || num_inputs + seg->dense_array.ints[1] != (int64_t)op->num_operands)
    return false;
  // The pretty parser derives resultSegmentSizes from the result count.
  int64_t num_inits = seg->dense_array.ints[1];
  if (!is_int_array(rseg, CX_ELEM_SI32) || rseg->dense_array.count != 2 ||
      rseg->dense_array.ints[1] != num_inits ||
      rseg->dense_array.ints[0] != (int64_t)op->num_results - num_inits)
    return false;
  puts_(pr, "(");
  cx_pr_values(pr, op->operands, (uint32_t)num_inputs);
  puts_(pr, ") inits(");
  cx_pr_values(pr, op->operands + num_inputs, op->num_operands - (uint32_t)num_inputs);
  cx_strbuf_printf(pr->out, ") dimension = %lld", (long long)dim->integer);
  const char* elided = "dimension,operandSegmentSizes,resultSegmentSizes";
  bool extra = false;
  for (uint32_t i = 0; i < op->num_attrs; i++)
    extra |= !strstr(elided, op->attrs[i].name);
  if (extra) {
    puts_(pr, " attributes");
    cx_pr_attr_dict(pr, op, elided);
  }
  puts_(pr, " ");
  cx_pr_region(pr, &op->regions[0], true);
  cx_pr_functional_type(pr, op);
  return true;
}

static bool p_chlo_constant(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* v = attr(op, "value");
  if (!v || v->kind != CX_ATTR_DENSE || op->num_operands || op->num_results != 1 ||
      v->type != op->results[0].type)
    return false;
  cx_pr_attr_dict(pr, op, "value");
  puts_(pr, " ");
  cx_print_attr(pr->out, v);
  return true;
}

static void print_f64(printer_t* pr, const cx_attr_t* a) {
  uint64_t bits;
  memcpy(&bits, &a->fp, 8);
  cx_print_float(pr->out, CX_ELEM_F64, a->fp, bits);
}

static bool p_check_const(printer_t* pr, const cx_op_t* op, bool tolerance) {
  const cx_attr_t* v = attr(op, "value");
  const cx_attr_t* tol = tolerance ? attr(op, "tolerance") : NULL;
  if (!v || (v->kind != CX_ATTR_DENSE && v->kind != CX_ATTR_DENSE_RESOURCE) ||
      op->num_operands != 1 || op->num_results)
    return false;
  if (tol && (tol->kind != CX_ATTR_FLOAT || !is_float_f64(tol))) return false;
  operands(pr, op);
  puts_(pr, ", ");
  cx_print_attr(pr->out, v);
  if (tol && !group_elided(pr, op, "tolerance", tol)) {
    puts_(pr, ", tolerance = ");
    print_f64(pr, tol);
  }
  cx_pr_attr_dict(pr, op, tolerance ? "value,tolerance" : "value");
  return true;
}

static bool p_check_binary(printer_t* pr, const cx_op_t* op, bool tolerance) {
  const cx_attr_t* tol = tolerance ? attr(op, "tolerance") : NULL;
  if (op->num_operands != 2 || op->num_results) return false;
  if (tol && (tol->kind != CX_ATTR_FLOAT || !is_float_f64(tol))) return false;
  if (op->operands[0].value->type != op->operands[1].value->type) return false;
  operands(pr, op);
  if (tol && !group_elided(pr, op, "tolerance", tol)) {
    puts_(pr, ", tolerance = ");
    print_f64(pr, tol);
  }
  cx_pr_attr_dict(pr, op, tolerance ? "tolerance" : NULL);
  puts_(pr, " : ");
  cx_print_type(pr->out, op->operands[0].value->type);
  return true;
}

static bool p_check_close(printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* max = attr(op, "max_ulp_difference");
  const cx_attr_t* min = attr(op, "min_ulp_difference");
  if (op->num_operands != 2 || op->num_results) return false;
  if ((max && !int_attr(op, "max_ulp_difference", CX_ELEM_UI64)) ||
      (min && !int_attr(op, "min_ulp_difference", CX_ELEM_UI64)))
    return false;
  operands(pr, op);
  cx_strbuf_printf(pr->out, ", max_ulp_difference = %llu",
                   (unsigned long long)(max ? max->integer : 1));
  if (min && !group_elided(pr, op, "min_ulp_difference", min))
    cx_strbuf_printf(pr->out, ", min_ulp_difference = %llu", (unsigned long long)min->integer);
  puts_(pr, " :");
  cx_pr_attr_dict(pr, op, "max_ulp_difference,min_ulp_difference");
  puts_(pr, " ");
  cx_print_type(pr->out, op->operands[0].value->type);
  puts_(pr, ", ");
  cx_print_type(pr->out, op->operands[1].value->type);
  return true;
}

static bool p_probe(printer_t* pr, const cx_op_t* op, bool has_result) {
  const cx_attr_t* id = attr(op, "probe_id");
  const cx_attr_t* iter = has_result ? NULL : int_attr(op, "iteration", CX_ELEM_UI32);
  if (!id || id->kind != CX_ATTR_STRING || id->type || op->num_operands != 1) return false;
  if (!iter && attr(op, "iteration")) return false;  // not the form's type
  if (op->num_results != (has_result ? 1u : 0u)) return false;
  if (has_result && op->results[0].type != op->operands[0].value->type) return false;
  operands(pr, op);
  puts_(pr, ", probe_id = \"");
  cx_strbuf_escaped(pr->out, id->str.data, id->str.len);
  puts_(pr, "\"");
  if (iter && !group_elided(pr, op, "iteration", iter))
    cx_strbuf_printf(pr->out, ", iter = %lld", (long long)iter->integer);
  cx_pr_attr_dict(pr, op, "probe_id,iteration");
  puts_(pr, " : ");
  cx_print_type(pr->out, op->operands[0].value->type);
  return true;
}

static bool p_interp_print(printer_t* pr, const cx_op_t* op) {
  if (op->num_operands != 1 || op->num_results) return false;
  operands(pr, op);
  cx_pr_attr_dict(pr, op, NULL);
  puts_(pr, " : ");
  cx_print_type(pr->out, op->operands[0].value->type);
  return true;
}

static bool dispatch(printer_t* pr, const cx_op_t* op) {
  switch (cx_op_info(op->kind)->format) {
    case CX_FORMAT_GENERIC:
    case CX_FORMAT_FUNC:
    case CX_FORMAT_COUNT: return false;
    case CX_FORMAT_SAME_TYPE: return p_same_type(pr, op);
    case CX_FORMAT_FUNCTIONAL: return p_functional(pr, op);
    case CX_FORMAT_VARIADIC_SAME:
    case CX_FORMAT_AFTER_ALL: return p_same_type(pr, op);
    case CX_FORMAT_RESULT_TYPE: return p_result_type(pr, op);
    case CX_FORMAT_RETURN: return p_return(pr, op);
    case CX_FORMAT_CALL: return p_call(pr, op);
    case CX_FORMAT_CONSTANT: return p_constant(pr, op);
    case CX_FORMAT_IOTA: return p_iota(pr, op);
    case CX_FORMAT_DYNAMIC_IOTA: return p_dynamic_iota(pr, op);
    case CX_FORMAT_BROADCAST_IN_DIM:
      return operands_list_attr(pr, op, 1, "dims", "broadcast_dimensions", false);
    case CX_FORMAT_DYNAMIC_BROADCAST_IN_DIM:
      return operands_list_attr(pr, op, 2, "dims", "broadcast_dimensions", false);
    case CX_FORMAT_BROADCAST: return operands_list_attr(pr, op, 1, "sizes", "broadcast_sizes", false);
    case CX_FORMAT_TRANSPOSE: return operands_list_attr(pr, op, 1, "dims", "permutation", false);
    case CX_FORMAT_REVERSE: return operands_list_attr(pr, op, 1, "dims", "dimensions", true);
    case CX_FORMAT_CONCATENATE: return p_concatenate(pr, op);
    case CX_FORMAT_SLICE: return p_slice(pr, op);
    case CX_FORMAT_DYNAMIC_SLICE: return p_dynamic_slice(pr, op);
    case CX_FORMAT_PAD: return p_pad(pr, op);
    case CX_FORMAT_COMPARE: return p_compare(pr, op);
    case CX_FORMAT_SELECT: return p_select(pr, op);
    case CX_FORMAT_COMPLEX: return p_complex(pr, op);
    case CX_FORMAT_DOT: return p_dot(pr, op);
    case CX_FORMAT_DOT_GENERAL: return p_dot_general(pr, op);
    case CX_FORMAT_CONVOLUTION: return p_convolution(pr, op);
    case CX_FORMAT_REDUCE: return p_reduce(pr, op);
    case CX_FORMAT_WHILE: return p_while(pr, op);
    case CX_FORMAT_CUSTOM_CALL: return p_custom_call(pr, op);
    case CX_FORMAT_COMPOSITE: return p_composite(pr, op);
    case CX_FORMAT_GET_TUPLE_ELEMENT: return p_get_tuple_element(pr, op);
    case CX_FORMAT_TUPLE: return p_tuple(pr, op);
    case CX_FORMAT_REDUCE_PRECISION: return p_reduce_precision(pr, op);
    case CX_FORMAT_RNG:
      return operands_enum(pr, op, "distribution", "rng_distribution", CX_ENUM_RNG_DISTRIBUTION);
    case CX_FORMAT_RNG_BIT_GENERATOR:
      return op->num_operands == 1 &&
             operands_enum(pr, op, "algorithm", "rng_algorithm", CX_ENUM_RNG_ALGORITHM);
    case CX_FORMAT_FFT: return p_fft(pr, op);
    case CX_FORMAT_GET_DIMENSION_SIZE: return p_dimension_size(pr, op, 1);
    case CX_FORMAT_SET_DIMENSION_SIZE: return p_dimension_size(pr, op, 2);
    case CX_FORMAT_EINSUM:
    case CX_FORMAT_UNARY_EINSUM: return p_einsum(pr, op);
    case CX_FORMAT_CHOLESKY: return p_cholesky(pr, op);
    case CX_FORMAT_OPTIMIZATION_BARRIER: return p_optimization_barrier(pr, op);
    case CX_FORMAT_CHLO_UNARY: return p_chlo_unary_binary(pr, op, 1);
    case CX_FORMAT_CHLO_BINARY: return p_chlo_unary_binary(pr, op, 2);
    case CX_FORMAT_CHLO_TOP_K: return p_chlo_top_k(pr, op);
    case CX_FORMAT_CHLO_SCAN: return p_chlo_scan(pr, op);
    case CX_FORMAT_CHLO_CONSTANT: return p_chlo_constant(pr, op);
    case CX_FORMAT_CHECK_CONST: return p_check_const(pr, op, false);
    case CX_FORMAT_CHECK_ALMOST_EQ_CONST: return p_check_const(pr, op, true);
    case CX_FORMAT_CHECK_BINARY: return p_check_binary(pr, op, false);
    case CX_FORMAT_CHECK_ALMOST_EQ: return p_check_binary(pr, op, true);
    case CX_FORMAT_CHECK_CLOSE: return p_check_close(pr, op);
    case CX_FORMAT_CHECK_PROBE: return p_probe(pr, op, false);
    case CX_FORMAT_INTERP_PROBE: return p_probe(pr, op, true);
    case CX_FORMAT_INTERP_PRINT: return p_interp_print(pr, op);
    case CX_FORMAT_SDY_MESH:
    case CX_FORMAT_SDY_SHARDING:
    case CX_FORMAT_SDY_SHARDING_GROUP:
    case CX_FORMAT_SDY_PROPAGATION_BARRIER:
    case CX_FORMAT_SDY_MANUAL_COMPUTATION:
    case CX_FORMAT_SDY_NAMED_COMPUTATION:
    case CX_FORMAT_SDY_COLLECTIVE: return cx_pr_sdy_op(pr, op);
  }
  return false;
}

bool cx_pr_pretty_op(cx_printer_t* pr, const cx_op_t* op) {
  // Print into the real buffer; if the format does not fit, roll back.
  size_t mark = pr->out->len;
  // Directly inside a function MLIR elides the func dialect's prefix (the
  // function's default dialect): "return", "call". In the regions of other
  // ops (a while body, a reducer) there is no default dialect.
  const cx_op_t* parent = cx_op_parent(op);
  bool in_func = parent && parent->kind == CX_OP_FUNC_FUNC;
  if (op->kind == CX_OP_FUNC_RETURN && in_func) puts_(pr, "return");
  else if (op->kind == CX_OP_FUNC_CALL && in_func) puts_(pr, "call");
  else puts_(pr, op->name);
  if (dispatch(pr, op)) return true;
  pr->out->len = mark;
  if (pr->out->data) pr->out->data[mark] = 0;
  return false;
}
