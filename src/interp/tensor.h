// Interpreter values: tensors with concrete shapes, tokens and tuples.
//
// A tensor's data uses cxla's storage layout (ir/types.h): row-major,
// cx_elem_storage_size bytes per element. Values are immutable once an op
// has produced them and are shared by reference counting; ops always create
// new tensors for their results. Constant tensors may borrow their data from
// the module's dense attributes. A tensor, its data and its tuple items come
// from the allocator it was created with (the interpreter's: its context's).
#ifndef CXLA_INTERP_TENSOR_H_
#define CXLA_INTERP_TENSOR_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxla/status.h"
#include "ir/ir.h"
#include "support/scalar.h"

#include "cxla/buffer.h"  // CX_MAX_RANK

typedef enum cx_value_kind {
  CX_VALUE_TENSOR,
  CX_VALUE_TOKEN,
  CX_VALUE_TUPLE,
} cx_value_kind_t;

typedef struct cx_tensor cx_tensor_t;

struct cx_tensor {
  int refcount;
  cx_value_kind_t kind;
  // Tensors:
  const cx_type_t* element;  // element or quant type (interned, from the IR)
  cx_elem_t elem;            // storage kind (for quantized tensors: the storage integer)
  size_t esize;              // bytes per element
  uint32_t rank;
  int64_t dims[CX_MAX_RANK];
  int64_t num_elements;
  void* data;                // NULL when num_elements == 0
  size_t nbytes;
  bool borrowed;             // data belongs to an attribute; never freed or written
  // Tuples:
  uint32_t count;
  cx_tensor_t** items;
  cx_allocator_t allocator;  // the tensor's memory
};

// Constructors return NULL status and a new reference (refcount 1).
// A zero-filled tensor of the given element (element or quant type) and shape.
CX_MUST_USE cx_status_t cx_tensor_create(cx_allocator_t allocator, const cx_type_t* element,
                                         uint32_t rank, const int64_t* dims, cx_tensor_t** out);
// A zero-filled tensor shaped like a statically shaped IR tensor type.
CX_MUST_USE cx_status_t cx_tensor_create_like(cx_allocator_t allocator,
                                              const cx_type_t* tensor_type, cx_tensor_t** out);
// A tensor with the same element type, shape and allocator as `t`,
// zero-filled.
CX_MUST_USE cx_status_t cx_tensor_create_same(const cx_tensor_t* t, cx_tensor_t** out);
// The value of a DENSE / DENSE_RESOURCE attribute (splats are expanded;
// otherwise the data is borrowed).
CX_MUST_USE cx_status_t cx_tensor_from_attr(cx_allocator_t allocator, const cx_attr_t* attr,
                                            cx_tensor_t** out);
CX_MUST_USE cx_status_t cx_tensor_token(cx_allocator_t allocator, cx_tensor_t** out);
// A tuple taking new references to the items.
CX_MUST_USE cx_status_t cx_tensor_tuple(cx_allocator_t allocator, uint32_t count,
                                        cx_tensor_t* const* items, cx_tensor_t** out);
// A deep copy with writable data (same allocator).
CX_MUST_USE cx_status_t cx_tensor_clone(const cx_tensor_t* t, cx_tensor_t** out);

cx_tensor_t* cx_tensor_retain(cx_tensor_t* t);
void cx_tensor_release(cx_tensor_t* t);
// The end of an evaluator that built t: on success t goes to *out, on
// error it is released. Returns st.
static inline cx_status_t cx_tensor_finish(cx_status_t st, cx_tensor_t* t, cx_tensor_t** out) {
  if (st) {
    cx_tensor_release(t);
    return st;
  }
  *out = t;
  return NULL;
}

// True if `t` conforms to the IR type (same element type; each static dim
// equal; rank equal). Used to check inputs and results against signatures.
bool cx_tensor_matches_type(const cx_tensor_t* t, const cx_type_t* type);
// "tensor<2x3xf32>" for messages, from the system allocator like the
// statuses it ends in (free with cx_free_malloced).
char* cx_tensor_type_string(const cx_tensor_t* t);
// Whether two tensors have the same rank and dimensions.
bool cx_tensor_same_shape(const cx_tensor_t* a, const cx_tensor_t* b);

// ---- element access -----------------------------------------------------------
// Scalars are loaded and stored with support/scalar.h (int64, double and
// complex wide forms).

static inline void* cx_tensor_at(const cx_tensor_t* t, int64_t i) {
  return (char*)t->data + (size_t)i * t->esize;
}

// Multi-dimensional indexing (row-major).
void cx_strides(uint32_t rank, const int64_t* dims, int64_t* out_strides);
// Advances a multi-index in row-major order; returns false after the last.
bool cx_next_index(uint32_t rank, const int64_t* dims, int64_t* index);

#endif  // CXLA_INTERP_TENSOR_H_
