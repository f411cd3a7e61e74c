// Folding integer shape computations: ops on small integer and boolean
// constants (the arithmetic JAX's shape-polymorphic exports do on
// get_dimension_size results) evaluated at compile time, so that shape
// refinement can read the dims they compute as constants.
//
// Only integer and boolean elements (floats are left to the code generator,
// where the folder would have to reproduce every rounding), only tensors of
// at most CX_FOLD_INT_MAX_ELEMENTS elements, and only ops whose integer
// semantics are simple: elementwise arithmetic, compare, select, clamp,
// converts between integer kinds, get_dimension_size, and data movement
// (reshape, broadcast_in_dim, concatenate, slice, transpose). The rules are
// StableHLO's as cxla implements them everywhere: integers wrap to their
// width, x / 0 = -1, x % 0 = x, INT_MIN / -1 = INT_MIN, shifts past the
// width give 0 (arithmetic: the sign).
#include <stdlib.h>
#include <string.h>

#include "cxla/buffer.h"
#include "ir/attr_ints.h"
#include "ir/builder.h"
#include "passes/passes.h"
#include "support/scalar.h"

enum { CX_FOLD_INT_MAX_ELEMENTS = 4096 };

static bool int_tensor(const cx_type_t* t) {
  if (!cx_type_is_tensor(t) || !cx_tensor_has_static_shape(t) || cx_tensor_is_quantized(t)) return false;
  cx_elem_t e = cx_tensor_elem(t);
  int64_t n = cx_tensor_num_elements(t);
  return cx_elem_is_integer(e) && n >= 0 && n <= CX_FOLD_INT_MAX_ELEMENTS;
}

// The value of a constant operand as int64s (splats expanded); false if it
// is not a foldable integer constant.
static bool const_ints(const cx_value_t* v, int64_t* out) {
  const cx_attr_t* a = cx_value_constant_attr(v);
  if (!a || !int_tensor(v->type)) return false;
  const void* data;
  size_t nbytes;
  bool splat;
  if (!cx_attr_dense_data(a, &data, &nbytes, &splat)) return false;
  cx_elem_t e = cx_tensor_elem(v->type);
  size_t es = cx_elem_storage_size(e);
  int64_t n = cx_tensor_num_elements(v->type);
  if (!splat && nbytes < (size_t)n * es) return false;
  for (int64_t i = 0; i < n; i++) out[i] = cx_load_int(e, (const char*)data + (splat ? 0 : (size_t)i * es));
  return true;
}

static int64_t wrap(cx_elem_t e, int64_t v) {
  unsigned char buf[8];
  cx_store_int(e, buf, v);
  return cx_load_int(e, buf);
}

static bool binary(cx_op_kind_t k, cx_elem_t e, int64_t a, int64_t b, int64_t* out) {
  int w = cx_elem_bit_width(e);
  bool u = cx_elem_is_unsigned_int(e) || e == CX_ELEM_I1;
  uint64_t mask = w >= 64 ? ~0ull : (1ull << w) - 1;
  uint64_t ua = (uint64_t)a & mask, ub = (uint64_t)b & mask;
  int64_t min = u ? 0 : (w >= 64 ? INT64_MIN : -(int64_t)(1ull << (w - 1)));
  switch (k) {
    case CX_OP_ADD: *out = e == CX_ELEM_I1 ? (a | b) : (int64_t)((uint64_t)a + (uint64_t)b); break;
    case CX_OP_SUBTRACT: *out = (int64_t)((uint64_t)a - (uint64_t)b); break;
    case CX_OP_MULTIPLY: *out = e == CX_ELEM_I1 ? (a & b) : (int64_t)((uint64_t)a * (uint64_t)b); break;
    case CX_OP_AND: *out = a & b; break;
    case CX_OP_OR: *out = a | b; break;
    case CX_OP_XOR: *out = a ^ b; break;
    case CX_OP_MAXIMUM: *out = u ? (ua > ub ? a : b) : (a > b ? a : b); break;
    case CX_OP_MINIMUM: *out = u ? (ua < ub ? a : b) : (a < b ? a : b); break;
    case CX_OP_DIVIDE:
      if (ub == 0) *out = -1;
      else if (u) *out = (int64_t)(ua / ub);
      else if (b == -1) *out = a == min ? min : -a;
      else *out = a / b;
      break;
    case CX_OP_REMAINDER:
      if (ub == 0) *out = a;
      else if (u) *out = (int64_t)(ua % ub);
      else if (b == -1) *out = 0;
      else *out = a % b;
      break;
    case CX_OP_SHIFT_LEFT: *out = ub >= (uint64_t)w ? 0 : (int64_t)(ua << ub); break;
    case CX_OP_SHIFT_RIGHT_LOGICAL: *out = ub >= (uint64_t)w ? 0 : (int64_t)(ua >> ub); break;
    case CX_OP_SHIFT_RIGHT_ARITHMETIC: {
      // The value sign-extended from its width (unsigned kinds shift their
      // top bit in too), shifted by at most width - 1.
      int64_t s = w >= 64 ? a : (int64_t)((ua ^ (1ull << (w - 1))) - (1ull << (w - 1)));
      *out = s >> (ub >= (uint64_t)w ? (uint64_t)w - 1 : ub);
      break;
    }
    default: return false;
  }
  *out = wrap(e, *out);
  return true;
}

static bool compare(int dir, bool is_unsigned, int64_t a, int64_t b) {
  int c = is_unsigned ? ((uint64_t)a < (uint64_t)b ? -1 : (uint64_t)a > (uint64_t)b)
                      : (a < b ? -1 : a > b);
  switch (dir) {
    case CX_CMP_EQ: return c == 0;
    case CX_CMP_NE: return c != 0;
    case CX_CMP_GE: return c >= 0;
    case CX_CMP_GT: return c > 0;
    case CX_CMP_LE: return c <= 0;
    default: return c < 0;
  }
}

// Row-major strides of a static shape.
static void strides_of(const cx_type_t* t, int64_t* s) {
  int64_t acc = 1;
  for (uint32_t d = t->tensor.rank; d > 0; d--) {
    s[d - 1] = acc;
    acc *= t->tensor.dims[d - 1];
  }
}

// Evaluates op into out[] (the result's elements); false if it cannot.
static bool evaluate(cx_module_t* m, cx_op_t* op, int64_t* const* in, int64_t* out) {
  cx_context_t* ctx = m->ctx;
  cx_value_t* r = cx_op_result(op, 0);
  const cx_type_t* rt = r->type;
  cx_elem_t re = cx_tensor_elem(rt);
  int64_t n = cx_tensor_num_elements(rt);
  cx_elem_t e0 = op->num_operands ? cx_tensor_elem(cx_op_operand(op, 0)->type) : re;
  switch (op->kind) {
    case CX_OP_NEGATE:
    case CX_OP_ABS:
    case CX_OP_NOT:
    case CX_OP_SIGN:
      for (int64_t i = 0; i < n; i++) {
        int64_t a = in[0][i];
        bool u = cx_elem_is_unsigned_int(re) || re == CX_ELEM_I1;
        int64_t v = op->kind == CX_OP_NEGATE ? (int64_t)(0 - (uint64_t)a)
                    : op->kind == CX_OP_NOT  ? ~a
                    : op->kind == CX_OP_ABS  ? (u || a >= 0 ? a : (int64_t)(0 - (uint64_t)a))
                                             : (u ? a != 0 : (a > 0) - (a < 0));
        out[i] = wrap(re, v);
      }
      return true;
    case CX_OP_CONVERT:
      for (int64_t i = 0; i < n; i++) out[i] = re == CX_ELEM_I1 ? in[0][i] != 0 : wrap(re, in[0][i]);
      return true;
    case CX_OP_COMPARE: {
      const cx_attr_t* dir = cx_op_attr(op, cx_name(ctx, CX_NAME_comparison_direction));
      bool u = cx_elem_is_unsigned_int(e0) || e0 == CX_ELEM_I1;
      for (int64_t i = 0; i < n; i++) out[i] = compare(dir ? dir->enumeration.value : CX_CMP_EQ, u, in[0][i], in[1][i]);
      return true;
    }
    case CX_OP_SELECT: {
      bool scalar_pred = cx_op_operand(op, 0)->type->tensor.rank == 0;
      for (int64_t i = 0; i < n; i++) out[i] = in[0][scalar_pred ? 0 : i] ? in[1][i] : in[2][i];
      return true;
    }
    case CX_OP_CLAMP: {
      bool smin = cx_op_operand(op, 0)->type->tensor.rank == 0;
      bool smax = cx_op_operand(op, 2)->type->tensor.rank == 0;
      for (int64_t i = 0; i < n; i++) {
        int64_t v;
        binary(CX_OP_MAXIMUM, re, in[1][i], in[0][smin ? 0 : i], &v);
        binary(CX_OP_MINIMUM, re, v, in[2][smax ? 0 : i], &out[i]);
      }
      return true;
    }
    case CX_OP_GET_DIMENSION_SIZE: {
      int64_t d;
      const cx_type_t* xt = cx_op_operand(op, 0)->type;
      if (!cx_op_get_int(ctx, op, CX_NAME_dimension, &d) || d < 0 || d >= (int64_t)xt->tensor.rank ||
          xt->tensor.dims[d] == CX_DYNAMIC_DIM)
        return false;
      out[0] = wrap(re, xt->tensor.dims[d]);
      return true;
    }
    case CX_OP_RESHAPE:
      memcpy(out, in[0], (size_t)n * sizeof(int64_t));
      return true;
    case CX_OP_BROADCAST_IN_DIM: {
      const cx_type_t* xt = cx_op_operand(op, 0)->type;
      int64_t bd[CX_MAX_RANK], xs[CX_MAX_RANK], rs[CX_MAX_RANK];
      uint32_t nb;
      if (!cx_op_get_ints(ctx, op, CX_NAME_broadcast_dimensions, bd, CX_MAX_RANK, &nb)) return false;
      strides_of(xt, xs);
      strides_of(rt, rs);
      for (int64_t i = 0; i < n; i++) {
        int64_t src = 0;
        for (uint32_t d = 0; d < nb; d++) {
          int64_t idx = (i / rs[bd[d]]) % rt->tensor.dims[bd[d]];
          src += (xt->tensor.dims[d] == 1 ? 0 : idx) * xs[d];
        }
        out[i] = in[0][src];
      }
      return true;
    }
    case CX_OP_TRANSPOSE: {
      const cx_type_t* xt = cx_op_operand(op, 0)->type;
      int64_t perm[CX_MAX_RANK], xs[CX_MAX_RANK], rs[CX_MAX_RANK];
      uint32_t np;
      if (!cx_op_get_ints(ctx, op, CX_NAME_permutation, perm, CX_MAX_RANK, &np)) return false;
      strides_of(xt, xs);
      strides_of(rt, rs);
      for (int64_t i = 0; i < n; i++) {
        int64_t src = 0;
        for (uint32_t d = 0; d < np; d++) src += ((i / rs[d]) % rt->tensor.dims[d]) * xs[perm[d]];
        out[i] = in[0][src];
      }
      return true;
    }
    case CX_OP_SLICE: {
      const cx_type_t* xt = cx_op_operand(op, 0)->type;
      int64_t start[CX_MAX_RANK], stride[CX_MAX_RANK], xs[CX_MAX_RANK], rs[CX_MAX_RANK];
      uint32_t n1, n2;
      if (!cx_op_get_ints(ctx, op, CX_NAME_start_indices, start, CX_MAX_RANK, &n1)) return false;
      if (!cx_op_get_ints(ctx, op, CX_NAME_strides, stride, CX_MAX_RANK, &n2) || n2 != n1)
        for (uint32_t d = 0; d < n1; d++) stride[d] = 1;
      strides_of(xt, xs);
      strides_of(rt, rs);
      for (int64_t i = 0; i < n; i++) {
        int64_t src = 0;
        for (uint32_t d = 0; d < n1; d++)
          src += (start[d] + ((i / rs[d]) % rt->tensor.dims[d]) * stride[d]) * xs[d];
        out[i] = in[0][src];
      }
      return true;
    }
    case CX_OP_CONCATENATE: {
      int64_t dim, rs[CX_MAX_RANK];
      if (!cx_op_get_int(ctx, op, CX_NAME_dimension, &dim)) return false;
      strides_of(rt, rs);
      for (int64_t i = 0; i < n; i++) {
        int64_t at = (i / rs[dim]) % rt->tensor.dims[dim], offset = 0;
        for (uint32_t k = 0; k < op->num_operands; k++) {
          const cx_type_t* xt = cx_op_operand(op, k)->type;
          int64_t size = xt->tensor.dims[dim];
          if (at < offset + size) {
            int64_t xs[CX_MAX_RANK], src = 0;
            strides_of(xt, xs);
            for (uint32_t d = 0; d < rt->tensor.rank; d++) {
              int64_t idx = (i / rs[d]) % rt->tensor.dims[d];
              src += ((int64_t)d == dim ? idx - offset : idx) * xs[d];
            }
            out[i] = in[k][src];
            break;
          }
          offset += size;
        }
      }
      return true;
    }
    default:
      if (op->num_operands == 2 && cx_op_info(op->kind)->family == CX_FAMILY_BINARY) {
        for (int64_t i = 0; i < n; i++)
          if (!binary(op->kind, re, in[0][i], in[1][i], &out[i])) return false;
        return true;
      }
      return false;
  }
}

cx_status_t cx_fold_int_op(cx_module_t* m, cx_op_t* op, bool* out_folded) {
  *out_folded = false;
  if (op->num_results != 1 || op->num_regions || !int_tensor(cx_op_result(op, 0)->type) ||
      op->num_operands > 64)
    return NULL;
  if (op->kind == CX_OP_CONSTANT || !cx_op_is_pure(op)) return NULL;
  int64_t n = cx_tensor_num_elements(cx_op_result(op, 0)->type);
  int64_t* bufs[65] = {0};
  cx_allocator_t al = m->ctx->allocator;
  cx_status_t s = NULL;
  bool ok = true;
  for (uint32_t i = 0; i < op->num_operands && ok; i++) {
    cx_value_t* v = cx_op_operand(op, i);
    if (op->kind == CX_OP_GET_DIMENSION_SIZE) break;  // reads the type, not the value
    int64_t count = int_tensor(v->type) ? cx_tensor_num_elements(v->type) : -1;
    if (count < 0) {
      ok = false;
      break;
    }
    bufs[i] = cx_alloc_array(al, (size_t)count, sizeof(int64_t));
    if (!bufs[i]) {
      s = CX_OOM();
      ok = false;
      break;
    }
    ok = const_ints(v, bufs[i]);
  }
  int64_t* out = ok ? cx_alloc_array(al, (size_t)n, sizeof(int64_t)) : NULL;
  if (ok && !out) s = CX_OOM();
  if (out && evaluate(m, op, bufs, out)) {
    const cx_type_t* rt = cx_op_result(op, 0)->type;
    cx_elem_t re = cx_tensor_elem(rt);
    size_t es = cx_elem_storage_size(re);
    unsigned char* data = cx_alloc_array(al, (size_t)n, es);
    if (!data) {
      s = CX_OOM();
    } else {
      for (int64_t i = 0; i < n; i++) cx_store_int(re, data + (size_t)i * es, out[i]);
      const cx_attr_t* attr;
      s = cx_attr_dense_from_buffer(m, rt, data, (size_t)n * es, &attr);
      cx_builder_t b;
      cx_builder_init(&b, m);
      cx_builder_set_before(&b, op);
      b.loc = op->loc;
      cx_value_t* c;
      if (!s) s = cx_build_constant(&b, attr, &c);
      if (!s) {
        cx_value_replace_all_uses(cx_op_result(op, 0), c);
        cx_op_erase(op);
        *out_folded = true;
      }
      cx_free(al, data);
    }
  }
  cx_free(al, out);
  for (uint32_t i = 0; i < op->num_operands; i++) cx_free(al, bufs[i]);
  return s;
}
