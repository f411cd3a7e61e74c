// The SORT family: sort.
//
// Sorts the 1-D slices along `dimension` (negative counts from the end) of
// all inputs together, ordered by the comparator region, which takes
// (lhs_0, rhs_0, lhs_1, rhs_1, ...) and returns true when lhs sorts before
// rhs. We always use a stable merge sort: it satisfies is_stable = true, and
// for is_stable = false any order consistent with the comparator is allowed,
// so the stable one is too. Merge sort also makes O(n log n) comparator
// calls whatever the comparator does (a comparator that is not a strict weak
// order gives some permutation, never a crash).
//
// Sorting works on handles (positions within the slice); each comparison
// evaluates the region on the elements at the two handles, read straight
// from the inputs. Afterwards the handles permute every input into its
// result.
#include <stdlib.h>
#include <string.h>

#include "interp/eval_shape.h"
#include "ir/op_schema.h"

typedef struct sorter {
  cx_region_runner_t runner;
  cx_tensor_t* const* inputs;
  uint32_t n;         // inputs
  cx_elem_t* elems;   // 2n argument kinds
  const void** ptrs;  // 2n argument pointers
  int64_t base;       // offset of the slice's first element
  int64_t stride;     // distance between slice elements
} sorter_t;

// *out = comparator(a, b), i.e. a sorts strictly before b.
static cx_status_t less(sorter_t* s, int64_t a, int64_t b, bool* out) {
  for (uint32_t i = 0; i < s->n; i++) {
    s->ptrs[2 * i] = cx_tensor_at(s->inputs[i], s->base + a * s->stride);
    s->ptrs[2 * i + 1] = cx_tensor_at(s->inputs[i], s->base + b * s->stride);
  }
  uint8_t r = 0;
  const cx_elem_t out_elem[1] = {CX_ELEM_I1};
  void* out_ptr[1] = {&r};
  CX_RETURN_IF_ERROR(cx_region_runner_run(&s->runner, s->elems, s->ptrs, out_elem, out_ptr));
  *out = r != 0;
  return NULL;
}

// Bottom-up merge sort of h[0..len) using tmp; stable: on ties (neither
// sorts before the other) the element from the left run goes first.
static cx_status_t merge_sort(sorter_t* s, int64_t* h, int64_t* tmp, int64_t len) {
  for (int64_t width = 1; width < len; width *= 2) {
    for (int64_t lo = 0; lo < len; lo += 2 * width) {
      int64_t mid = lo + width < len ? lo + width : len;
      int64_t hi = lo + 2 * width < len ? lo + 2 * width : len;
      int64_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        bool right_first;
        CX_RETURN_IF_ERROR(less(s, h[j], h[i], &right_first));
        tmp[k++] = right_first ? h[j++] : h[i++];
      }
      while (i < mid) tmp[k++] = h[i++];
      while (j < hi) tmp[k++] = h[j++];
    }
    memcpy(h, tmp, (size_t)len * sizeof(int64_t));
  }
  return NULL;
}

static cx_status_t eval_sort(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                             cx_tensor_t** results) {
  // Verified (infer_sort.c): N inputs, N results, a comparator region and a
  // dimension in [-rank, rank). Dynamic dims of the inputs are compared now.
  const uint32_t N = op->num_operands;
  const cx_tensor_t* x = args[0];
  CX_RETURN_IF_ERROR(cx_eval_expect_same_shapes(op, args, N));
  int64_t dim;
  if (!cx_op_attr_default_int(ev->interp->ctx, op->kind, ev->interp->ctx->names[CX_NAME_dimension],
                              &dim))
    dim = -1;
  if (cx_op_attr(op, ev->interp->ctx->names[CX_NAME_dimension]))
    CX_RETURN_IF_ERROR(cx_eval_get_int(ev, op, CX_NAME_dimension, &dim));
  if (dim < 0) dim += x->rank;
  for (uint32_t i = 0; i < N; i++) {
    const cx_type_t* element;
    CX_RETURN_IF_ERROR(cx_eval_result_element(op, i, args[i]->elem, &element));
    CX_RETURN_IF_ERROR(
        cx_eval_wrap(op, cx_tensor_create(ev->allocator, element, x->rank, x->dims, &results[i])));
  }
  if (x->num_elements == 0) return NULL;

  sorter_t s;
  memset(&s, 0, sizeof(s));
  CX_RETURN_IF_ERROR(cx_region_runner_init(&s.runner, ev, op, &op->regions[0], 2 * N, 1));
  s.inputs = args;
  s.n = N;
  const int64_t len = x->dims[dim];
  int64_t strides[CX_MAX_RANK];
  cx_strides(x->rank, x->dims, strides);
  s.stride = strides[dim];
  s.elems = cx_calloc(ev->allocator, 2 * N, sizeof(cx_elem_t));
  s.ptrs = cx_calloc(ev->allocator, 2 * N, sizeof(void*));
  int64_t* h = cx_calloc(ev->allocator, (size_t)len, sizeof(int64_t));
  int64_t* tmp = cx_calloc(ev->allocator, (size_t)len, sizeof(int64_t));
  cx_status_t st = (!s.elems || !s.ptrs || !h || !tmp) ? CX_OOM() : NULL;
  if (!st)
    for (uint32_t i = 0; i < N; i++) s.elems[2 * i] = s.elems[2 * i + 1] = args[i]->elem;
  // Walk the slices: every index whose coordinate along `dim` is 0.
  int64_t outer_dims[CX_MAX_RANK];
  memcpy(outer_dims, x->dims, x->rank * sizeof(int64_t));
  outer_dims[dim] = 1;
  int64_t idx[CX_MAX_RANK] = {0};
  bool more = !st;
  while (more) {
    s.base = 0;
    for (uint32_t d = 0; d < x->rank; d++) s.base += idx[d] * strides[d];
    for (int64_t k = 0; k < len; k++) h[k] = k;
    st = merge_sort(&s, h, tmp, len);
    if (st) break;
    for (uint32_t i = 0; i < N; i++)
      for (int64_t k = 0; k < len; k++)
        memcpy(cx_tensor_at(results[i], s.base + k * s.stride),
               cx_tensor_at(args[i], s.base + h[k] * s.stride), results[i]->esize);
    more = cx_next_index(x->rank, outer_dims, idx);
  }
  cx_free(ev->allocator, h);
  cx_free(ev->allocator, tmp);
  cx_free(ev->allocator, s.elems);
  cx_free(ev->allocator, s.ptrs);
  cx_region_runner_destroy(&s.runner);
  return st;
}

cx_status_t cx_eval_family_SORT(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                cx_tensor_t** results) {
  if (op->kind != CX_OP_SORT) return cx_eval_error(op, CX_INTERNAL, "is not a SORT op");
  return eval_sort(ev, op, args, results);
}
