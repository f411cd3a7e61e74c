// Printing attributes as MLIR text (see ir/print.h).
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ir/print.h"
#include "support/float_formats.h"
#include "support/scalar.h"

// ----------------------------------------------------------------------------
// Dense elements.

static void print_real(cx_strbuf_t* out, cx_elem_t e, const uint8_t* p) {
  switch (e) {
    case CX_ELEM_F64: {
      double d;
      uint64_t b;
      memcpy(&d, p, 8);
      memcpy(&b, p, 8);
      cx_print_float(out, e, d, b);
      return;
    }
    case CX_ELEM_F32:
    case CX_ELEM_TF32: {  // tf32 is stored as an f32; its encoding is the top 19 bits
      float f;
      uint32_t b;
      memcpy(&f, p, 4);
      memcpy(&b, p, 4);
      cx_print_float(out, e, f, e == CX_ELEM_TF32 ? b >> 13 : b);
      return;
    }
    default: {
      uint64_t b = cx_elem_storage_size(e) == 2 ? (uint64_t)(p[0] | p[1] << 8) : p[0];
      cx_print_float(out, e, cx_float_decode(cx_elem_float_format(e), b), b);
    }
  }
}

static void print_element(cx_strbuf_t* out, cx_elem_t e, const uint8_t* p) {
  size_t size = cx_elem_storage_size(e);
  if (e == CX_ELEM_I1) {
    cx_strbuf_puts(out, p[0] ? "true" : "false");
  } else if (cx_elem_is_integer(e) || e == CX_ELEM_INDEX) {
    int64_t v = cx_load_int(e, p);
    if (cx_elem_is_unsigned_int(e)) cx_strbuf_u64(out, (uint64_t)v);
    else cx_strbuf_i64(out, v);
  } else if (cx_elem_is_complex(e)) {
    cx_elem_t part = cx_elem_complex_component(e);
    // MLIR prints complex elements as "(re,im)", without a space.
    cx_strbuf_putc(out, '(');
    print_real(out, part, p);
    cx_strbuf_putc(out, ',');
    print_real(out, part, p + size / 2);
    cx_strbuf_putc(out, ')');
  } else {
    print_real(out, e, p);
  }
}

typedef struct dense_walk {
  cx_strbuf_t* out;
  const cx_type_t* type;
  cx_elem_t elem;
  size_t esize;
  const uint8_t* data;
  int64_t next;
} dense_walk_t;

static void print_nested(dense_walk_t* w, uint32_t depth) {
  if (depth == w->type->tensor.rank) {
    print_element(w->out, w->elem, w->data + (size_t)w->next * w->esize);
    w->next++;
    return;
  }
  cx_strbuf_putc(w->out, '[');
  for (int64_t i = 0; i < w->type->tensor.dims[depth]; i++) {
    if (i) cx_strbuf_puts(w->out, ", ");
    print_nested(w, depth + 1);
  }
  cx_strbuf_putc(w->out, ']');
}

// MLIR prints elements attributes with more than 100 elements as hex.
enum { kHexElementThreshold = 100 };

static void print_dense(cx_strbuf_t* out, const cx_attr_t* a) {
  const cx_type_t* t = a->type;
  cx_elem_t e = cx_tensor_elem(t);
  int64_t n = cx_tensor_num_elements(t);
  cx_strbuf_puts(out, "dense<");
  if (n == 0) {
    // nothing: dense<>
  } else if (a->dense.splat) {
    print_element(out, e, a->dense.data);
  } else if (n > kHexElementThreshold) {
    static const char kHex[] = "0123456789ABCDEF";
    cx_strbuf_puts(out, "\"0x");
    const uint8_t* d = a->dense.data;
    if (cx_strbuf_reserve(out, a->dense.nbytes * 2 + 2)) {
      char* dst = out->data + out->len;
      for (size_t i = 0; i < a->dense.nbytes; i++) {
        dst[2 * i] = kHex[d[i] >> 4];
        dst[2 * i + 1] = kHex[d[i] & 15];
      }
      out->len += a->dense.nbytes * 2;
      out->data[out->len] = 0;
    }
    cx_strbuf_putc(out, '"');
  } else {
    dense_walk_t w = {out, t, e, cx_elem_storage_size(e), a->dense.data, 0};
    print_nested(&w, 0);
  }
  cx_strbuf_puts(out, "> : ");
  cx_print_type(out, t);
}

// ----------------------------------------------------------------------------
// Attributes.

void cx_print_i64_list(cx_strbuf_t* out, const int64_t* v, uint32_t n) {
  cx_strbuf_putc(out, '[');
  for (uint32_t i = 0; i < n; i++) {
    if (i) cx_strbuf_puts(out, ", ");
    if (v[i] == CX_DYNAMIC_DIM) cx_strbuf_putc(out, '?');
    else cx_strbuf_i64(out, v[i]);
  }
  cx_strbuf_putc(out, ']');
}

static bool is_bare_id(const char* s, size_t len) {
  if (len == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_')) return false;
  for (size_t i = 1; i < len; i++)
    if (!(isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '$' || s[i] == '.')) return false;
  return true;
}

void cx_print_symbol(cx_strbuf_t* out, const char* name, size_t len) {
  cx_strbuf_putc(out, '@');
  if (is_bare_id(name, len)) {
    cx_strbuf_append(out, name, len);
  } else {
    cx_strbuf_putc(out, '"');
    cx_strbuf_escaped(out, name, len);
    cx_strbuf_putc(out, '"');
  }
}

static void print_string(cx_strbuf_t* out, const char* s, size_t len) {
  cx_strbuf_putc(out, '"');
  cx_strbuf_escaped(out, s, len);
  cx_strbuf_putc(out, '"');
}

// Prints "name = [..]" for a non-empty list, with a separator.
static void field_list(cx_strbuf_t* out, bool* first, const char* name, cx_i64_list_t l) {
  if (!l.len) return;
  if (!*first) cx_strbuf_puts(out, ", ");
  *first = false;
  cx_strbuf_printf(out, "%s = ", name);
  cx_print_i64_list(out, l.data, l.len);
}

static void field_int(cx_strbuf_t* out, bool* first, const char* name, int64_t v) {
  if (!v) return;
  if (!*first) cx_strbuf_puts(out, ", ");
  *first = false;
  cx_strbuf_printf(out, "%s = %lld", name, (long long)v);
}

void cx_print_dot_algorithm_body(cx_strbuf_t* out, const cx_dot_algorithm_t* d) {
  cx_strbuf_puts(out, "<lhs_precision_type = ");
  cx_print_type(out, d->lhs_precision_type);
  cx_strbuf_puts(out, ", rhs_precision_type = ");
  cx_print_type(out, d->rhs_precision_type);
  cx_strbuf_puts(out, ", accumulation_type = ");
  cx_print_type(out, d->accumulation_type);
  cx_strbuf_printf(out,
                   ", lhs_component_count = %lld, rhs_component_count = %lld, "
                   "num_primitive_operations = %lld, allow_imprecise_accumulation = %s>",
                   (long long)d->lhs_component_count, (long long)d->rhs_component_count,
                   (long long)d->num_primitive_operations,
                   d->allow_imprecise_accumulation ? "true" : "false");
}

static void conv_bracket(cx_strbuf_t* out, int64_t a, int64_t b, char ca, char cb,
                         cx_i64_list_t spatial) {
  int64_t rank = 2 + spatial.len;
  cx_strbuf_putc(out, '[');
  for (int64_t pos = 0; pos < rank; pos++) {
    if (pos) cx_strbuf_puts(out, ", ");
    if (pos == a) {
      cx_strbuf_putc(out, ca);
      continue;
    }
    if (pos == b) {
      cx_strbuf_putc(out, cb);
      continue;
    }
    bool found = false;
    for (uint32_t k = 0; k < spatial.len; k++) {
      if (spatial.data[k] == pos) {
        cx_strbuf_printf(out, "%u", k);
        found = true;
      }
    }
    if (!found) cx_strbuf_putc(out, '?');
  }
  cx_strbuf_putc(out, ']');
}

void cx_print_conv_dims(cx_strbuf_t* out, const cx_conv_dims_t* d) {
  conv_bracket(out, d->input_batch_dim, d->input_feature_dim, 'b', 'f', d->input_spatial_dims);
  cx_strbuf_putc(out, 'x');
  conv_bracket(out, d->kernel_input_feature_dim, d->kernel_output_feature_dim, 'i', 'o',
               d->kernel_spatial_dims);
  cx_strbuf_puts(out, "->");
  conv_bracket(out, d->output_batch_dim, d->output_feature_dim, 'b', 'f', d->output_spatial_dims);
}

static bool conv_dims_printable(const cx_conv_dims_t* d) {
  // The compact form needs every position of each bracket to be named once.
  const cx_i64_list_t lists[3] = {d->input_spatial_dims, d->kernel_spatial_dims,
                                  d->output_spatial_dims};
  const int64_t firsts[3] = {d->input_batch_dim, d->kernel_input_feature_dim, d->output_batch_dim};
  const int64_t seconds[3] = {d->input_feature_dim, d->kernel_output_feature_dim,
                              d->output_feature_dim};
  for (int b = 0; b < 3; b++) {
    int64_t rank = 2 + lists[b].len;
    uint64_t seen = 0;
    int64_t all[66];
    all[0] = firsts[b];
    all[1] = seconds[b];
    for (uint32_t k = 0; k < lists[b].len && k < 64; k++) all[2 + k] = lists[b].data[k];
    if (rank > 64) return false;
    for (int64_t i = 0; i < rank; i++) {
      if (all[i] < 0 || all[i] >= rank || (seen >> all[i] & 1)) return false;
      seen |= 1ull << all[i];
    }
  }
  return true;
}

static void print_conv_raw(cx_strbuf_t* out, const cx_conv_dims_t* d) {
  cx_strbuf_printf(out, "raw input_batch_dimension = %lld, input_feature_dimension = %lld, "
                   "input_spatial_dimensions = ",
                   (long long)d->input_batch_dim, (long long)d->input_feature_dim);
  cx_print_i64_list(out, d->input_spatial_dims.data, d->input_spatial_dims.len);
  cx_strbuf_printf(out, ", kernel_input_feature_dimension = %lld, "
                   "kernel_output_feature_dimension = %lld, kernel_spatial_dimensions = ",
                   (long long)d->kernel_input_feature_dim, (long long)d->kernel_output_feature_dim);
  cx_print_i64_list(out, d->kernel_spatial_dims.data, d->kernel_spatial_dims.len);
  cx_strbuf_printf(out, ", output_batch_dimension = %lld, output_feature_dimension = %lld, "
                   "output_spatial_dimensions = ",
                   (long long)d->output_batch_dim, (long long)d->output_feature_dim);
  cx_print_i64_list(out, d->output_spatial_dims.data, d->output_spatial_dims.len);
}

// A matrix stored as a list (cx_attr_i64_matrix) prints as the dense
// tensor StableHLO spells it, a splat when every value is the same (as MLIR
// stores such elements).
static void print_i64_matrix(cx_strbuf_t* out, const cx_attr_t* a) {
  const int64_t* v = a->dense_array.ints;
  uint32_t n = a->dense_array.count;
  bool splat = n > 0;
  for (uint32_t i = 1; splat && i < n; i++) splat = v[i] == v[0];
  cx_attr_t tmp = {.kind = CX_ATTR_DENSE, .type = a->type};
  tmp.dense.data = v;
  tmp.dense.nbytes = (splat ? 1 : (size_t)n) * sizeof(int64_t);
  tmp.dense.splat = splat;
  print_dense(out, &tmp);
}

static void print_dense_array(cx_strbuf_t* out, const cx_attr_t* a) {
  if (a->type && a->type->kind == CX_TYPE_TENSOR && a->dense_array.ints) {
    print_i64_matrix(out, a);
    return;
  }
  cx_strbuf_puts(out, "array<");
  cx_print_type(out, a->type);
  cx_elem_t e = cx_type_elem(a->type);
  for (uint32_t i = 0; i < a->dense_array.count; i++) {
    cx_strbuf_puts(out, i ? ", " : ": ");
    if (a->dense_array.floats) {
      double v = a->dense_array.floats[i];
      uint64_t bits;
      if (e == CX_ELEM_F64) {
        memcpy(&bits, &v, 8);
      } else if (e == CX_ELEM_F32) {
        float f = (float)v;
        uint32_t b;
        memcpy(&b, &f, 4);
        bits = b;
      } else {
        bits = cx_float_encode(cx_elem_float_format(e), v);
      }
      cx_print_float(out, e, v, bits);
    } else if (e == CX_ELEM_I1) {
      cx_strbuf_puts(out, a->dense_array.ints[i] ? "true" : "false");
    } else if (cx_elem_is_unsigned_int(e)) {
      cx_strbuf_u64(out, (uint64_t)a->dense_array.ints[i]);
    } else {
      cx_strbuf_i64(out, a->dense_array.ints[i]);
    }
  }
  cx_strbuf_putc(out, '>');
}

void cx_print_attr(cx_strbuf_t* out, const cx_attr_t* a) {
  if (!a) {
    cx_strbuf_puts(out, "<<null attr>>");
    return;
  }
  switch (a->kind) {
    case CX_ATTR_UNIT:
      cx_strbuf_puts(out, "unit");
      return;
    case CX_ATTR_BOOL:
      cx_strbuf_puts(out, a->boolean ? "true" : "false");
      return;
    case CX_ATTR_INTEGER: {
      // An i1 integer prints as `1 : i1`, not `true`: `true` reads back as a
      // bool attribute, a different kind (chlo.constant_like's value needs a
      // typed scalar).
      cx_elem_t e = cx_type_elem(a->type);
      if (cx_elem_is_unsigned_int(e)) cx_strbuf_u64(out, (uint64_t)a->integer);
      else cx_strbuf_i64(out, a->integer);
      cx_strbuf_puts(out, " : ");
      cx_print_type(out, a->type);
      return;
    }
    case CX_ATTR_FLOAT: {
      cx_elem_t e = cx_type_elem(a->type);
      uint64_t bits;
      if (e == CX_ELEM_F64) {
        memcpy(&bits, &a->fp, 8);
      } else if (e == CX_ELEM_F32) {
        float f = (float)a->fp;
        uint32_t b;
        memcpy(&b, &f, 4);
        bits = b;
      } else {
        bits = cx_float_encode(cx_elem_float_format(e), a->fp);
      }
      cx_print_float(out, e, a->fp, bits);
      cx_strbuf_puts(out, " : ");
      cx_print_type(out, a->type);
      return;
    }
    case CX_ATTR_STRING:
      print_string(out, a->str.data, a->str.len);
      if (a->type) {
        cx_strbuf_puts(out, " : ");
        cx_print_type(out, a->type);
      }
      return;
    case CX_ATTR_TYPE:
      cx_print_type(out, a->type);
      return;
    case CX_ATTR_ARRAY:
      cx_print_list(out, "[", a->array.count, NULL, a->array.items, "]");
      return;
    case CX_ATTR_DICT:
      cx_print_attr_dict(out, a->dict.items, a->dict.count, NULL, 0);
      return;
    case CX_ATTR_DENSE_ARRAY:
      print_dense_array(out, a);
      return;
    case CX_ATTR_DENSE:
      print_dense(out, a);
      return;
    case CX_ATTR_DENSE_RESOURCE:
      cx_strbuf_printf(out, "dense_resource<%s> : ", a->resource.name);
      cx_print_type(out, a->type);
      return;
    case CX_ATTR_SYMBOL_REF:
      cx_print_symbol(out, a->str.data, a->str.len);
      return;
    case CX_ATTR_ENUM:
      if (a->enumeration.kind == CX_ENUM_RESULT_ACCURACY_MODE) {
        cx_strbuf_printf(out, "#stablehlo.result_accuracy_mode<%s>",
                         cx_enum_value_name(a->enumeration.kind, a->enumeration.value));
      } else {
        cx_strbuf_printf(out, "#%s<%s %s>", cx_enum_dialect(a->enumeration.kind),
                         cx_enum_name(a->enumeration.kind),
                         cx_enum_value_name(a->enumeration.kind, a->enumeration.value));
      }
      return;
    case CX_ATTR_GATHER: {
      const cx_gather_dims_t* g = &a->gather;
      bool first = true;
      cx_strbuf_puts(out, "#stablehlo.gather<");
      field_list(out, &first, "offset_dims", g->offset_dims);
      field_list(out, &first, "collapsed_slice_dims", g->collapsed_slice_dims);
      field_list(out, &first, "operand_batching_dims", g->operand_batching_dims);
      field_list(out, &first, "start_indices_batching_dims", g->start_indices_batching_dims);
      field_list(out, &first, "start_index_map", g->start_index_map);
      field_int(out, &first, "index_vector_dim", g->index_vector_dim);
      cx_strbuf_putc(out, '>');
      return;
    }
    case CX_ATTR_SCATTER: {
      const cx_scatter_dims_t* s = &a->scatter;
      bool first = true;
      cx_strbuf_puts(out, "#stablehlo.scatter<");
      field_list(out, &first, "update_window_dims", s->update_window_dims);
      field_list(out, &first, "inserted_window_dims", s->inserted_window_dims);
      field_list(out, &first, "input_batching_dims", s->input_batching_dims);
      field_list(out, &first, "scatter_indices_batching_dims", s->scatter_indices_batching_dims);
      field_list(out, &first, "scatter_dims_to_operand_dims", s->scatter_dims_to_operand_dims);
      field_int(out, &first, "index_vector_dim", s->index_vector_dim);
      cx_strbuf_putc(out, '>');
      return;
    }
    case CX_ATTR_DOT:
    case CX_ATTR_RAGGED_DOT: {
      const cx_dot_dims_t* d = a->kind == CX_ATTR_DOT ? &a->dot : &a->ragged_dot.dot;
      bool first = true;
      cx_strbuf_puts(out, a->kind == CX_ATTR_DOT ? "#stablehlo.dot<" : "#chlo.ragged_dot<");
      field_list(out, &first, "lhs_batching_dimensions", d->lhs_batching_dims);
      field_list(out, &first, "rhs_batching_dimensions", d->rhs_batching_dims);
      field_list(out, &first, "lhs_contracting_dimensions", d->lhs_contracting_dims);
      field_list(out, &first, "rhs_contracting_dimensions", d->rhs_contracting_dims);
      if (a->kind == CX_ATTR_RAGGED_DOT) {
        field_list(out, &first, "lhs_ragged_dimensions", a->ragged_dot.lhs_ragged_dims);
        field_list(out, &first, "rhs_group_dimensions", a->ragged_dot.rhs_group_dims);
      }
      cx_strbuf_putc(out, '>');
      return;
    }
    case CX_ATTR_DOT_ALGORITHM:
      cx_strbuf_puts(out, "#stablehlo.dot_algorithm");
      cx_print_dot_algorithm_body(out, &a->dot_algorithm);
      return;
    case CX_ATTR_CONV:
      cx_strbuf_puts(out, "#stablehlo.conv<");
      if (conv_dims_printable(&a->conv)) cx_print_conv_dims(out, &a->conv);
      else print_conv_raw(out, &a->conv);
      cx_strbuf_putc(out, '>');
      return;
    case CX_ATTR_CHANNEL_HANDLE:
      cx_strbuf_printf(out, "#stablehlo.channel_handle<handle = %lld, type = %lld>",
                       (long long)a->channel_handle.handle, (long long)a->channel_handle.type);
      return;
    case CX_ATTR_OUTPUT_OPERAND_ALIAS: {
      const cx_output_operand_alias_t* o = &a->output_operand_alias;
      cx_strbuf_puts(out, "#stablehlo.output_operand_alias<output_tuple_indices = ");
      cx_print_i64_list(out, o->output_tuple_indices.data, o->output_tuple_indices.len);
      cx_strbuf_printf(out, ", operand_index = %lld, operand_tuple_indices = ",
                       (long long)o->operand_index);
      cx_print_i64_list(out, o->operand_tuple_indices.data, o->operand_tuple_indices.len);
      cx_strbuf_putc(out, '>');
      return;
    }
    case CX_ATTR_BOUNDS:
      cx_strbuf_puts(out, "#stablehlo.bounds<");
      for (uint32_t i = 0; i < a->bounds.rank; i++) {
        if (i) cx_strbuf_puts(out, ", ");
        if (a->bounds.bounds[i] == CX_DYNAMIC_DIM) cx_strbuf_putc(out, '?');
        else cx_strbuf_i64(out, a->bounds.bounds[i]);
      }
      cx_strbuf_putc(out, '>');
      return;
    case CX_ATTR_RESULT_ACCURACY: {
      const cx_result_accuracy_t* r = &a->result_accuracy;
      cx_strbuf_puts(out, "#stablehlo.result_accuracy<");
      uint64_t atol_bits, rtol_bits;
      memcpy(&atol_bits, &r->atol, 8);
      memcpy(&rtol_bits, &r->rtol, 8);
      cx_strbuf_puts(out, "atol = ");
      cx_print_float(out, CX_ELEM_F64, r->atol, atol_bits);
      cx_strbuf_puts(out, ", rtol = ");
      cx_print_float(out, CX_ELEM_F64, r->rtol, rtol_bits);
      cx_strbuf_printf(out, ", ulps = %lld, mode = #stablehlo.result_accuracy_mode<%s>>",
                       (long long)r->ulps, cx_enum_value_name(CX_ENUM_RESULT_ACCURACY_MODE, r->mode));
      return;
    }
    case CX_ATTR_AXIS_REF:
      cx_strbuf_puts(out, "#stablehlo.axis_ref<name = ");
      print_string(out, a->axis_ref.name, strlen(a->axis_ref.name));
      if (a->axis_ref.has_sub_axis_info)
        cx_strbuf_printf(out, ", sub_axis_info = (%lld)%lld", (long long)a->axis_ref.pre_size,
                         (long long)a->axis_ref.size);
      cx_strbuf_putc(out, '>');
      return;
    case CX_ATTR_REPLICA_GROUP_MESH_AXES:
      cx_strbuf_puts(out, "#stablehlo.replica_group_mesh_axes<mesh = ");
      cx_print_symbol(out, a->mesh_axes.mesh_name, strlen(a->mesh_axes.mesh_name));
      cx_print_list(out, ", axes = [", a->mesh_axes.num_axes, NULL, a->mesh_axes.axes, "]>");
      return;
    case CX_ATTR_OPAQUE:
      cx_strbuf_append(out, a->str.data, a->str.len);
      return;
  }
}

static int compare_named(const void* x, const void* y) {
  const cx_named_attr_t* a = x;
  const cx_named_attr_t* b = y;
  return strcmp(a->name, b->name);
}

static bool needs_quotes(const char* name) { return !is_bare_id(name, strlen(name)); }

void cx_print_attr_dict(cx_strbuf_t* out, const cx_named_attr_t* attrs, uint32_t n,
                        const char* const* elided, uint32_t num_elided) {
  // MLIR dictionaries are sorted by name; printing sorted keeps output stable.
  cx_named_attr_t small[32];
  cx_named_attr_t* sorted = n <= 32 ? small : cx_alloc(out->allocator, n * sizeof(*sorted));
  if (!sorted) {
    out->failed = true;
    return;
  }
  uint32_t m = 0;
  for (uint32_t i = 0; i < n; i++) {
    bool skip = false;
    for (uint32_t j = 0; j < num_elided; j++)
      if (strcmp(attrs[i].name, elided[j]) == 0) skip = true;
    if (!skip) sorted[m++] = attrs[i];
  }
  qsort(sorted, m, sizeof(*sorted), compare_named);
  cx_strbuf_putc(out, '{');
  for (uint32_t i = 0; i < m; i++) {
    if (i) cx_strbuf_puts(out, ", ");
    if (needs_quotes(sorted[i].name)) print_string(out, sorted[i].name, strlen(sorted[i].name));
    else cx_strbuf_puts(out, sorted[i].name);
    if (sorted[i].value->kind != CX_ATTR_UNIT) {
      cx_strbuf_puts(out, " = ");
      cx_print_attr(out, sorted[i].value);
    }
  }
  cx_strbuf_putc(out, '}');
  if (sorted != small) cx_free(out->allocator, sorted);
}
