// Types of the StableHLO IR: element types, quantized types, ranked tensors,
// tuples, tokens and function types.
//
// Types are interned in a cx_context_t: two types are equal exactly when their
// pointers are equal, and a type lives as long as its context.
#ifndef CXLA_IR_TYPES_H_
#define CXLA_IR_TYPES_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cx_context cx_context_t;
typedef struct cx_type cx_type_t;
typedef struct cx_attr cx_attr_t;

#include "cxla/element_type.h"

// Memory layout of tensor elements, shared by dense attributes, the
// interpreter and the runtime: each element occupies cx_elem_storage_size
// bytes, little-endian. i1 is one byte (0 or 1); si2/si4 are sign-extended
// int8; ui2/ui4 are zero-extended uint8; f4/f6/f8 are their bit pattern in
// the low bits of a byte; bf16/f16 are 2-byte bit patterns; tf32 is an f32
// whose low 13 mantissa bits are zero; complex is (real, imag).

typedef enum cx_type_kind {
  CX_TYPE_ELEMENT,   // a scalar element type (f32, i8, complex<f64>, index)
  CX_TYPE_QUANT,     // !quant.uniform<...>
  CX_TYPE_TENSOR,    // tensor<2x?x3xf32, #stablehlo.bounds<...>>
  CX_TYPE_TUPLE,     // tuple<...>
  CX_TYPE_TOKEN,     // !stablehlo.token
  CX_TYPE_FUNCTION,  // (inputs) -> results
  CX_TYPE_NONE,      // none
  CX_TYPE_OPAQUE,    // a type of a dialect cxla does not model, kept as text
} cx_type_kind_t;

#define CX_DYNAMIC_DIM INT64_MIN
#define CX_QUANT_PER_TENSOR (-1)

struct cx_type {
  cx_type_kind_t kind;
  uint64_t hash;
  union {
    struct {
      cx_elem_t elem;
      bool signless;  // "i32" rather than "si32"
    } element;
    struct {
      const cx_type_t* storage;    // an integer element type
      const cx_type_t* expressed;  // a float element type
      int64_t storage_min, storage_max;
      bool explicit_range;         // written as i8<-127:127>
      int32_t axis;                // CX_QUANT_PER_TENSOR or the quantized dimension
      uint32_t num_scales;         // 1 for per-tensor
      const double* scales;
      const int64_t* zero_points;
    } quant;
    struct {
      const cx_type_t* element;    // an element type or a quant type
      uint32_t rank;
      const int64_t* dims;         // CX_DYNAMIC_DIM for '?'
      const cx_attr_t* encoding;   // bounds (#stablehlo.bounds / type_extensions) or NULL
    } tensor;
    struct {
      uint32_t count;
      const cx_type_t* const* items;
    } tuple;
    struct {
      uint32_t num_inputs;
      uint32_t num_results;
      const cx_type_t* const* inputs;
      const cx_type_t* const* results;
    } func;
    struct {
      const char* text;  // the full spelling, e.g. "!vhlo.f32_v1"
    } opaque;
  };
};

// Constructors: each returns the interned type, or NULL on out-of-memory.
const cx_type_t* cx_type_element(cx_context_t* ctx, cx_elem_t elem);  // signless ints
const cx_type_t* cx_type_element_ex(cx_context_t* ctx, cx_elem_t elem, bool signless);
const cx_type_t* cx_type_quant(cx_context_t* ctx, const cx_type_t* storage,
                               const cx_type_t* expressed, int64_t storage_min,
                               int64_t storage_max, bool explicit_range, int32_t axis,
                               uint32_t num_scales, const double* scales,
                               const int64_t* zero_points);
const cx_type_t* cx_type_tensor(cx_context_t* ctx, const cx_type_t* element, uint32_t rank,
                                const int64_t* dims, const cx_attr_t* encoding);
// A tensor with bounds (#stablehlo.bounds<...>) on its dynamic dims; bounds
// may be NULL or all CX_DYNAMIC_DIM (no encoding).
const cx_type_t* cx_type_tensor_bounded(cx_context_t* ctx, const cx_type_t* element,
                                        uint32_t rank, const int64_t* dims,
                                        const int64_t* bounds);
const cx_type_t* cx_type_tuple(cx_context_t* ctx, uint32_t count,
                               const cx_type_t* const* items);
const cx_type_t* cx_type_token(cx_context_t* ctx);
const cx_type_t* cx_type_none(cx_context_t* ctx);
const cx_type_t* cx_type_function(cx_context_t* ctx, uint32_t num_inputs,
                                  const cx_type_t* const* inputs, uint32_t num_results,
                                  const cx_type_t* const* results);
const cx_type_t* cx_type_opaque(cx_context_t* ctx, const char* text, size_t len);

// Queries.
static inline bool cx_type_is_tensor(const cx_type_t* t) { return t && t->kind == CX_TYPE_TENSOR; }
static inline bool cx_type_is_token(const cx_type_t* t) { return t && t->kind == CX_TYPE_TOKEN; }
static inline bool cx_type_is_tuple(const cx_type_t* t) { return t && t->kind == CX_TYPE_TUPLE; }
static inline bool cx_type_is_quant(const cx_type_t* t) { return t && t->kind == CX_TYPE_QUANT; }
static inline bool cx_type_is_element(const cx_type_t* t) {
  return t && t->kind == CX_TYPE_ELEMENT;
}
// The element type of a tensor (an element or quant type).
static inline const cx_type_t* cx_tensor_element(const cx_type_t* t) { return t->tensor.element; }
// The element kind of a tensor; for quantized tensors the storage kind.
cx_elem_t cx_tensor_elem(const cx_type_t* tensor);
// True if the tensor's element type is a quant type.
bool cx_tensor_is_quantized(const cx_type_t* tensor);
bool cx_tensor_has_static_shape(const cx_type_t* tensor);
// Product of dims; -1 if any is dynamic; overflow-checked (returns -1 as well).
int64_t cx_tensor_num_elements(const cx_type_t* tensor);
// The element kind of an element or quant type (quant: its storage kind).
cx_elem_t cx_type_elem(const cx_type_t* t);
// For quant types the expressed type, otherwise t.
const cx_type_t* cx_type_expressed(const cx_type_t* t);
// Same tensor type with another element type / shape (interned).
const cx_type_t* cx_tensor_with_element(cx_context_t* ctx, const cx_type_t* tensor,
                                        const cx_type_t* element);
const cx_type_t* cx_tensor_with_shape(cx_context_t* ctx, const cx_type_t* tensor,
                                      uint32_t rank, const int64_t* dims);
// Bounds of a dynamic tensor's dims from its encoding; CX_DYNAMIC_DIM where
// unbounded. Returns false if the tensor has no bounds encoding.
bool cx_tensor_bounds(const cx_type_t* tensor, int64_t* out_bounds);

#endif  // CXLA_IR_TYPES_H_
