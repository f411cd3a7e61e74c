// Op creation, the insertion-point builder, typed attribute constructors and
// constants (see builder.h).
#include "ir/builder.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "cxla/buffer.h"  // CX_MAX_RANK
#include "ir/op_schema.h"
#include "support/checked.h"

// ----------------------------------------------------------------------------
// cx_op_build

cx_status_t cx_op_build(cx_module_t* m, const cx_op_state_t* s, cx_op_t** out_op) {
  *out_op = NULL;
  if ((unsigned)s->kind >= CX_OP_COUNT)
    return CX_ERROR(CX_INVALID_ARGUMENT, "cannot build an op of kind %d (no such op)",
                    (int)s->kind);
  const char* name = s->name ? s->name : (s->kind != CX_OP_UNKNOWN ? cx_op_info(s->kind)->name
                                                                    : NULL);
  if (!name) return CX_ERROR(CX_INVALID_ARGUMENT, "cannot build an unregistered op without a name");
  if (s->num_regions > CX_OP_MAX_REGIONS)
    return CX_ERROR(CX_OUT_OF_RANGE, "'%s' has %u regions; at most %u are supported", name,
                    s->num_regions, (unsigned)CX_OP_MAX_REGIONS);
  if (s->num_results > UINT32_MAX - m->next_value_id)
    return CX_ERROR(CX_OUT_OF_RANGE, "module has no value ids left for %u more results",
                    s->num_results);
  // Everything is allocated before anything is linked, so a failure leaves
  // no use list pointing into a half-made op.
  cx_arena_t* a = &m->arena;
  cx_op_t* op = CX_ARENA_NEW(a, cx_op_t);
  if (!op) return CX_OOM();
  op->kind = s->kind;
  op->name = name;
  op->loc = s->loc;
  if (s->num_operands) {
    op->operands = CX_ARENA_ARRAY(a, cx_operand_t, s->num_operands);
    if (!op->operands) return CX_OOM();
  }
  if (s->num_results) {
    op->results = CX_ARENA_ARRAY(a, cx_value_t, s->num_results);
    if (!op->results) return CX_OOM();
  }
  if (s->num_regions) {
    op->regions = CX_ARENA_ARRAY(a, cx_region_t, s->num_regions);
    if (!op->regions) return CX_OOM();
  }
  if (s->num_attrs) {
    op->attrs = cx_arena_memdup(a, s->attrs, s->num_attrs * sizeof(cx_named_attr_t), 8);
    if (!op->attrs) return CX_OOM();
  }
  op->num_operands = s->num_operands;
  op->num_results = s->num_results;
  op->num_regions = s->num_regions;
  op->num_attrs = op->attrs_cap = s->num_attrs;
  // Integer lists take their one stored form whoever builds the op.
  CX_RETURN_IF_ERROR(cx_op_normalize_attrs(m, op));
  for (uint32_t i = 0; i < s->num_results; i++) {
    cx_value_t* v = &op->results[i];
    v->type = s->result_types[i];
    v->def_op = op;
    v->index = i;
    v->id = m->next_value_id++;
  }
  for (uint32_t r = 0; r < s->num_regions; r++) {
    op->regions[r].parent = op;
    if (s->regions) cx_region_take_blocks(&op->regions[r], &s->regions[r]);
  }
  for (uint32_t i = 0; i < s->num_operands; i++) {
    op->operands[i].owner = op;
    cx_op_set_operand(op, i, s->operands[i]);
  }
  *out_op = op;
  return NULL;
}

// ----------------------------------------------------------------------------
// The insertion-point builder.

void cx_builder_init(cx_builder_t* b, cx_module_t* module) {
  memset(b, 0, sizeof(*b));
  b->module = module;
}

void cx_builder_set_before(cx_builder_t* b, cx_op_t* op) {
  b->block = op->block;
  b->before = op;
}

void cx_builder_set_after(cx_builder_t* b, cx_op_t* op) {
  b->block = op->block;
  b->before = op->next;
}

void cx_builder_set_at_end(cx_builder_t* b, cx_block_t* block) {
  b->block = block;
  b->before = NULL;
}

void cx_builder_set_at_start(cx_builder_t* b, cx_block_t* block) {
  b->block = block;
  b->before = block->first_op;
}

void cx_builder_insert(cx_builder_t* b, cx_op_t* op) {
  if (!b->block) return;
  if (b->before) {
    cx_op_insert_before(b->before, op);
  } else {
    cx_block_append_op(b->block, op);
  }
  if (b->on_insert) b->on_insert(b->on_insert_arg, op);
}

static bool loc_known(cx_loc_t loc) { return loc.file || loc.line; }

cx_status_t cx_build(cx_builder_t* b, const cx_op_state_t* state, cx_op_t** out_op) {
  *out_op = NULL;
  if ((unsigned)state->kind >= CX_OP_COUNT)
    return CX_ERROR(CX_INVALID_ARGUMENT, "cannot build an op of kind %d (no such op)",
                    (int)state->kind);
  const cx_op_info_t* info = cx_op_info(state->kind);
  const char* name = state->name ? state->name : info->name;
  if (state->num_operands < info->min_operands || state->num_operands > info->max_operands)
    return CX_ERROR(CX_INVALID_ARGUMENT, "cannot build '%s' with %u operands", name,
                    state->num_operands);
  if (state->num_results < info->min_results || state->num_results > info->max_results)
    return CX_ERROR(CX_INVALID_ARGUMENT, "cannot build '%s' with %u results", name,
                    state->num_results);
  for (uint32_t i = 0; i < state->num_operands; i++)
    if (!state->operands[i])
      return CX_ERROR(CX_INVALID_ARGUMENT, "cannot build '%s': operand #%u is missing", name, i);
  for (uint32_t i = 0; i < state->num_results; i++)
    if (!state->result_types[i])
      return CX_ERROR(CX_INVALID_ARGUMENT, "cannot build '%s': result #%u has no type", name, i);
  cx_op_state_t s = *state;
  if (!loc_known(s.loc)) s.loc = b->loc;
  cx_op_t* op;
  CX_RETURN_IF_ERROR(cx_op_build(b->module, &s, &op));
  cx_builder_insert(b, op);
  *out_op = op;
  return NULL;
}

cx_status_t cx_build_value(cx_builder_t* b, cx_op_kind_t kind, uint32_t num_operands,
                           cx_value_t* const* operands, const cx_type_t* result_type,
                           uint32_t num_attrs, const cx_named_attr_t* attrs,
                           cx_value_t** out_value) {
  *out_value = NULL;
  cx_op_state_t s = {.kind = kind,
                     .num_operands = num_operands,
                     .operands = operands,
                     .num_results = 1,
                     .result_types = &result_type,
                     .num_attrs = num_attrs,
                     .attrs = attrs};
  cx_op_t* op;
  CX_RETURN_IF_ERROR(cx_build(b, &s, &op));
  *out_value = &op->results[0];
  return NULL;
}

// ----------------------------------------------------------------------------
// Typed attributes.

const cx_attr_t* cx_attr_i64_array(cx_module_t* m, uint32_t count, const int64_t* values) {
  const cx_type_t* i64 = cx_type_element(m->ctx, CX_ELEM_SI64);
  return i64 ? cx_attr_dense_i64_array(&m->arena, i64, count, values) : NULL;
}

const cx_attr_t* cx_attr_bool_array(cx_module_t* m, uint32_t count, const bool* values) {
  const cx_type_t* i1 = cx_type_element(m->ctx, CX_ELEM_I1);
  int64_t small[64];
  int64_t* ints = count <= 64 ? small : cx_arena_calloc(&m->arena, count, sizeof(int64_t), 8);
  if (!i1 || !ints) return NULL;
  for (uint32_t i = 0; i < count; i++) ints[i] = values[i] ? 1 : 0;
  return cx_attr_dense_i64_array(&m->arena, i1, count, ints);
}

const cx_attr_t* cx_attr_i64(cx_module_t* m, int64_t value) {
  const cx_type_t* t = cx_type_element(m->ctx, CX_ELEM_SI64);
  return t ? cx_attr_integer(&m->arena, t, value) : NULL;
}

const cx_attr_t* cx_attr_i32(cx_module_t* m, int32_t value) {
  const cx_type_t* t = cx_type_element(m->ctx, CX_ELEM_SI32);
  return t ? cx_attr_integer(&m->arena, t, value) : NULL;
}

const cx_attr_t* cx_attr_enum_value(cx_module_t* m, cx_enum_kind_t kind, int value) {
  return cx_attr_enum(&m->arena, kind, value);
}

static bool copy_list(cx_arena_t* a, cx_i64_list_t* l) {
  return cx_i64_list_copy(a, l->data, l->len, l);
}

const cx_attr_t* cx_attr_gather_dims(cx_module_t* m, const cx_gather_dims_t* dims) {
  cx_attr_t* a = cx_attr_new(&m->arena, CX_ATTR_GATHER);
  if (!a) return NULL;
  a->gather = *dims;
  cx_gather_dims_t* g = &a->gather;
  bool ok = copy_list(&m->arena, &g->offset_dims) &&
            copy_list(&m->arena, &g->collapsed_slice_dims) &&
            copy_list(&m->arena, &g->operand_batching_dims) &&
            copy_list(&m->arena, &g->start_indices_batching_dims) &&
            copy_list(&m->arena, &g->start_index_map);
  return ok ? a : NULL;
}

const cx_attr_t* cx_attr_scatter_dims(cx_module_t* m, const cx_scatter_dims_t* dims) {
  cx_attr_t* a = cx_attr_new(&m->arena, CX_ATTR_SCATTER);
  if (!a) return NULL;
  a->scatter = *dims;
  cx_scatter_dims_t* s = &a->scatter;
  bool ok = copy_list(&m->arena, &s->update_window_dims) &&
            copy_list(&m->arena, &s->inserted_window_dims) &&
            copy_list(&m->arena, &s->input_batching_dims) &&
            copy_list(&m->arena, &s->scatter_indices_batching_dims) &&
            copy_list(&m->arena, &s->scatter_dims_to_operand_dims);
  return ok ? a : NULL;
}

const cx_attr_t* cx_attr_dot_dims(cx_module_t* m, const cx_dot_dims_t* dims) {
  cx_attr_t* a = cx_attr_new(&m->arena, CX_ATTR_DOT);
  if (!a) return NULL;
  a->dot = *dims;
  cx_dot_dims_t* d = &a->dot;
  bool ok = copy_list(&m->arena, &d->lhs_batching_dims) &&
            copy_list(&m->arena, &d->rhs_batching_dims) &&
            copy_list(&m->arena, &d->lhs_contracting_dims) &&
            copy_list(&m->arena, &d->rhs_contracting_dims);
  return ok ? a : NULL;
}

const cx_attr_t* cx_attr_conv_dims(cx_module_t* m, const cx_conv_dims_t* dims) {
  cx_attr_t* a = cx_attr_new(&m->arena, CX_ATTR_CONV);
  if (!a) return NULL;
  a->conv = *dims;
  cx_conv_dims_t* c = &a->conv;
  bool ok = copy_list(&m->arena, &c->input_spatial_dims) &&
            copy_list(&m->arena, &c->kernel_spatial_dims) &&
            copy_list(&m->arena, &c->output_spatial_dims);
  return ok ? a : NULL;
}

// ----------------------------------------------------------------------------
// Dense splats.

static cx_status_t check_dense_type(const cx_type_t* t, int64_t* out_count, cx_elem_t* out_elem) {
  if (!cx_type_is_tensor(t))
    return CX_ERROR(CX_INVALID_ARGUMENT, "dense elements need a tensor type");
  int64_t n = cx_tensor_num_elements(t);
  if (n < 0)
    return CX_ERROR(CX_INVALID_ARGUMENT,
                    "dense elements need a static shape whose size fits in 64 bits");
  cx_elem_t e = cx_tensor_elem(t);
  if (e == CX_ELEM_INVALID || e == CX_ELEM_INDEX)
    return CX_ERROR(CX_INVALID_ARGUMENT, "dense elements of this element type are not supported");
  *out_count = n;
  *out_elem = e;
  return NULL;
}

// The storage form of MLIR's literal: a splat for rank > 0 and at least
// one element; rank-0 and empty tensors store their elements (as the text
// parser does, so built and parsed constants compare equal).
static cx_status_t make_splat(cx_module_t* m, const cx_type_t* t, int64_t n, const void* elem,
                              size_t esize, const cx_attr_t** out) {
  if (n == 0) {
    *out = cx_attr_dense(&m->arena, t, NULL, 0, false, false);
  } else {
    *out = cx_attr_dense(&m->arena, t, elem, esize, t->tensor.rank > 0, false);
  }
  return *out ? NULL : CX_OOM();
}

// Integer ranges of the element kinds (two's complement widths).
static bool int_fits(cx_elem_t e, int64_t v) {
  if (e == CX_ELEM_I1) return v == 0 || v == 1;
  int bits = cx_elem_bit_width(e);
  if (cx_elem_is_unsigned_int(e)) return v >= 0 && (bits >= 63 || v < ((int64_t)1 << bits));
  if (bits >= 64) return true;
  int64_t lim = (int64_t)1 << (bits - 1);
  return v >= -lim && v < lim;
}

static cx_status_t store_int_checked(cx_elem_t e, void* p, int64_t v) {
  if (!int_fits(e, v))
    return CX_ERROR(CX_OUT_OF_RANGE, "value %lld does not fit in %s", (long long)v,
                    cx_elem_name(e));
  cx_store_int(e, p, v);
  return NULL;
}

cx_status_t cx_attr_splat_i64(cx_module_t* m, const cx_type_t* t, int64_t value,
                              const cx_attr_t** out) {
  *out = NULL;
  int64_t n = 0;
  cx_elem_t e = CX_ELEM_INVALID;
  CX_RETURN_IF_ERROR(check_dense_type(t, &n, &e));
  uint8_t elem[16] = {0};
  if (cx_elem_is_float(e)) {
    cx_store_float(e, elem, (double)value);
  } else if (cx_elem_is_complex(e)) {
    cx_complex_t c = {(double)value, 0};
    cx_store_complex(e, elem, c);
  } else {
    CX_RETURN_IF_ERROR(store_int_checked(e, elem, value));
  }
  return make_splat(m, t, n, elem, cx_elem_storage_size(e), out);
}

cx_status_t cx_attr_splat_f64(cx_module_t* m, const cx_type_t* t, double value,
                              const cx_attr_t** out) {
  *out = NULL;
  int64_t n = 0;
  cx_elem_t e = CX_ELEM_INVALID;
  CX_RETURN_IF_ERROR(check_dense_type(t, &n, &e));
  if (cx_tensor_is_quantized(t))
    return CX_ERROR(CX_INVALID_ARGUMENT,
                    "a quantized splat takes its storage value (cx_attr_splat_i64)");
  uint8_t elem[16] = {0};
  if (cx_elem_is_float(e)) {
    cx_store_float(e, elem, value);
  } else if (cx_elem_is_complex(e)) {
    cx_complex_t c = {value, 0};
    cx_store_complex(e, elem, c);
  } else {
    // 2^63 is the first double past int64's range.
    if (!(value == trunc(value)) || value < -9223372036854775808.0 ||
        value >= 9223372036854775808.0)
      return CX_ERROR(CX_OUT_OF_RANGE, "value %g is not an integer of %s", value,
                      cx_elem_name(e));
    CX_RETURN_IF_ERROR(store_int_checked(e, elem, (int64_t)value));
  }
  return make_splat(m, t, n, elem, cx_elem_storage_size(e), out);
}

cx_status_t cx_attr_splat_complex(cx_module_t* m, const cx_type_t* t, cx_complex_t value,
                                  const cx_attr_t** out) {
  *out = NULL;
  int64_t n = 0;
  cx_elem_t e = CX_ELEM_INVALID;
  CX_RETURN_IF_ERROR(check_dense_type(t, &n, &e));
  if (!cx_elem_is_complex(e)) {
    if (value.im != 0)
      return CX_ERROR(CX_INVALID_ARGUMENT, "a complex value with an imaginary part is not a %s",
                      cx_elem_name(e));
    return cx_attr_splat_f64(m, t, value.re, out);
  }
  uint8_t elem[16];
  cx_store_complex(e, elem, value);
  return make_splat(m, t, n, elem, cx_elem_storage_size(e), out);
}

cx_status_t cx_attr_splat_raw(cx_module_t* m, const cx_type_t* t, const void* element,
                              const cx_attr_t** out) {
  *out = NULL;
  int64_t n = 0;
  cx_elem_t e = CX_ELEM_INVALID;
  CX_RETURN_IF_ERROR(check_dense_type(t, &n, &e));
  return make_splat(m, t, n, element, cx_elem_storage_size(e), out);
}

// Storage invariants a buffer must keep (see ir/types.h): the printer and
// equality rely on them.
static bool element_ok(cx_elem_t e, const uint8_t* p) {
  switch (e) {
    case CX_ELEM_I1: return *p <= 1;
    case CX_ELEM_SI2:
    case CX_ELEM_SI4:
    case CX_ELEM_UI2:
    case CX_ELEM_UI4: return int_fits(e, cx_load_int(e, p));
    default: {
      int bits = cx_elem_bit_width(e);
      return !(cx_elem_is_float(e) && bits < 8) || (*p >> bits) == 0;
    }
  }
}

static cx_status_t dense_from_buffer(cx_module_t* m, const cx_type_t* t, const void* data,
                                     size_t nbytes, bool borrow, const cx_attr_t** out) {
  *out = NULL;
  int64_t n = 0;
  cx_elem_t e = CX_ELEM_INVALID;
  CX_RETURN_IF_ERROR(check_dense_type(t, &n, &e));
  size_t esize = cx_elem_storage_size(e), want;
  if (!cx_mul_size((size_t)n, esize, &want) || want != nbytes)
    return CX_ERROR(CX_INVALID_ARGUMENT, "%zu bytes of data for %lld elements of %zu bytes",
                    nbytes, (long long)n, esize);
  if (esize == 1) {
    const uint8_t* p = data;
    for (size_t i = 0; i < nbytes; i++)
      if (!element_ok(e, p + i))
        return CX_ERROR(CX_INVALID_ARGUMENT, "element %zu (0x%02x) is not a valid %s", i, p[i],
                        cx_elem_name(e));
  }
  // Borrowed data must be as aligned as the module's own (payloads are
  // 16-byte aligned); otherwise it is copied.
  if (borrow && ((uintptr_t)data & 15) == 0) {
    *out = cx_attr_dense(&m->arena, t, data, nbytes, false, true);
    return *out ? NULL : CX_OOM();
  }
  // Large data becomes a payload of the module, given back once no
  // attribute uses it (cx_module_release_unused_payloads).
  *out = cx_module_attr_dense(m, t, data, nbytes, false);
  return *out ? NULL : CX_OOM();
}

cx_status_t cx_attr_dense_from_buffer(cx_module_t* m, const cx_type_t* t, const void* data,
                                      size_t nbytes, const cx_attr_t** out) {
  return dense_from_buffer(m, t, data, nbytes, false, out);
}

cx_status_t cx_attr_dense_borrow_buffer(cx_module_t* m, const cx_type_t* t, const void* data,
                                        size_t nbytes, const cx_attr_t** out) {
  return dense_from_buffer(m, t, data, nbytes, true, out);
}

// ----------------------------------------------------------------------------
// Constants.

cx_status_t cx_build_slice(cx_builder_t* b, cx_value_t* x, const int64_t* start,
                           const int64_t* limit, cx_value_t** out_value) {
  *out_value = NULL;
  cx_module_t* m = b->module;
  const cx_type_t* t = x->type;
  uint32_t r = t->tensor.rank;
  int64_t dims[CX_MAX_RANK], strides[CX_MAX_RANK];
  for (uint32_t d = 0; d < r; d++) {
    dims[d] = limit[d] - start[d];
    strides[d] = 1;
  }
  const cx_type_t* rt = cx_tensor_with_shape(m->ctx, t, r, dims);
  cx_named_attr_t attrs[3] = {
      {m->ctx->names[CX_NAME_start_indices], cx_attr_i64_array(m, r, start)},
      {m->ctx->names[CX_NAME_limit_indices], cx_attr_i64_array(m, r, limit)},
      {m->ctx->names[CX_NAME_strides], cx_attr_i64_array(m, r, strides)}};
  if (!rt || !attrs[0].value || !attrs[1].value || !attrs[2].value) return CX_OOM();
  return cx_build_value(b, CX_OP_SLICE, 1, &x, rt, 3, attrs, out_value);
}

cx_status_t cx_build_concatenate(cx_builder_t* b, cx_value_t* const* parts, uint32_t n,
                                 uint32_t dim, cx_value_t** out_value) {
  if (n == 1) {
    *out_value = parts[0];
    return NULL;
  }
  *out_value = NULL;
  cx_module_t* m = b->module;
  const cx_type_t* t = parts[0]->type;
  int64_t dims[CX_MAX_RANK];
  memcpy(dims, t->tensor.dims, t->tensor.rank * sizeof(int64_t));
  dims[dim] = 0;
  for (uint32_t i = 0; i < n; i++) dims[dim] += parts[i]->type->tensor.dims[dim];
  const cx_type_t* rt = cx_tensor_with_shape(m->ctx, t, t->tensor.rank, dims);
  cx_named_attr_t attr = {m->ctx->names[CX_NAME_dimension], cx_attr_i64(m, dim)};
  if (!rt || !attr.value) return CX_OOM();
  return cx_build_value(b, CX_OP_CONCATENATE, n, parts, rt, 1, &attr, out_value);
}

cx_status_t cx_build_constant(cx_builder_t* b, const cx_attr_t* value, cx_value_t** out_value) {
  *out_value = NULL;
  if (!value || (value->kind != CX_ATTR_DENSE && value->kind != CX_ATTR_DENSE_RESOURCE) ||
      !cx_type_is_tensor(value->type))
    return CX_ERROR(CX_INVALID_ARGUMENT, "a constant needs a dense elements attribute");
  cx_named_attr_t attr = {b->module->ctx->names[CX_NAME_value], value};
  return cx_build_value(b, CX_OP_CONSTANT, 0, NULL, value->type, 1, &attr, out_value);
}

cx_status_t cx_build_splat_constant(cx_builder_t* b, const cx_type_t* tensor_type, double value,
                                    cx_value_t** out_value) {
  *out_value = NULL;
  const cx_attr_t* a;
  CX_RETURN_IF_ERROR(cx_attr_splat_f64(b->module, tensor_type, value, &a));
  return cx_build_constant(b, a, out_value);
}

const cx_attr_t* cx_value_constant_attr(const cx_value_t* v) {
  const cx_op_t* op = v ? v->def_op : NULL;
  if (!op || (op->kind != CX_OP_CONSTANT && op->kind != CX_OP_CHLO_CONSTANT)) return NULL;
  for (uint32_t i = 0; i < op->num_attrs; i++)
    if (strcmp(op->attrs[i].name, "value") == 0) return op->attrs[i].value;
  return NULL;
}

bool cx_attr_splat_element(const cx_attr_t* a, const void** out_elem) {
  const void* data;
  size_t nbytes;
  bool splat;
  if (!a || !cx_type_is_tensor(a->type) || !cx_attr_dense_data(a, &data, &nbytes, &splat))
    return false;
  cx_elem_t e = cx_tensor_elem(a->type);
  size_t esize = cx_elem_storage_size(e);
  if (!esize || nbytes < esize) return false;
  if (!splat) {
    // Stored elements that all agree (rank-0 constants, or data a pass built
    // element by element); bounded so the check stays cheap.
    if (nbytes % esize || nbytes > 65536) return false;
    for (size_t off = esize; off < nbytes; off += esize)
      if (memcmp(data, (const char*)data + off, esize) != 0) return false;
  }
  if (out_elem) *out_elem = data;
  return true;
}

static bool splat_of(const cx_value_t* v, const void** elem, cx_elem_t* e) {
  const cx_attr_t* a = cx_value_constant_attr(v);
  if (!a || !cx_type_is_tensor(a->type) || cx_tensor_is_quantized(a->type)) return false;
  *e = cx_tensor_elem(a->type);
  return cx_attr_splat_element(a, elem);
}

bool cx_value_splat_f64(const cx_value_t* v, double* out) {
  const void* p;
  cx_elem_t e = CX_ELEM_INVALID;
  if (!splat_of(v, &p, &e) || !cx_elem_is_float(e)) return false;
  *out = cx_load_float(e, p);
  return true;
}

bool cx_value_splat_i64(const cx_value_t* v, int64_t* out) {
  const void* p;
  cx_elem_t e = CX_ELEM_INVALID;
  if (!splat_of(v, &p, &e) || !cx_elem_is_integer(e)) return false;
  *out = cx_load_int(e, p);
  return true;
}

bool cx_value_splat_complex(const cx_value_t* v, cx_complex_t* out) {
  const void* p;
  cx_elem_t e = CX_ELEM_INVALID;
  if (!splat_of(v, &p, &e) || !cx_elem_is_complex(e)) return false;
  *out = cx_load_complex(e, p);
  return true;
}
