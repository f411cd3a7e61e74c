// Element types of tensors, shared by every layer (IR, interpreter, runtime,
// public API). The storage layout of each kind is described in ir/types.h and
// implemented by the interpreter and the runtime alike.
#ifndef CXLA_ELEMENT_TYPE_H_
#define CXLA_ELEMENT_TYPE_H_

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

// Element kinds. Signless integers (i8) and signed integers (si8) share a kind
// (StableHLO treats signless as signed); the type keeps the spelling.
typedef enum cx_elem {
  CX_ELEM_INVALID = 0,
  CX_ELEM_I1,
  CX_ELEM_SI2,
  CX_ELEM_SI4,
  CX_ELEM_SI8,
  CX_ELEM_SI16,
  CX_ELEM_SI32,
  CX_ELEM_SI64,
  CX_ELEM_UI2,
  CX_ELEM_UI4,
  CX_ELEM_UI8,
  CX_ELEM_UI16,
  CX_ELEM_UI32,
  CX_ELEM_UI64,
  CX_ELEM_F4E2M1FN,
  CX_ELEM_F6E2M3FN,
  CX_ELEM_F6E3M2FN,
  CX_ELEM_F8E3M4,
  CX_ELEM_F8E4M3,
  CX_ELEM_F8E4M3FN,
  CX_ELEM_F8E4M3FNUZ,
  CX_ELEM_F8E4M3B11FNUZ,
  CX_ELEM_F8E5M2,
  CX_ELEM_F8E5M2FNUZ,
  CX_ELEM_F8E8M0FNU,
  CX_ELEM_BF16,
  CX_ELEM_F16,
  CX_ELEM_TF32,
  CX_ELEM_F32,
  CX_ELEM_F64,
  CX_ELEM_C64,   // complex<f32>
  CX_ELEM_C128,  // complex<f64>
  CX_ELEM_INDEX, // MLIR's index type (64-bit); appears in attributes only
  CX_ELEM_COUNT
} cx_elem_t;

// Properties of an element kind.
int cx_elem_bit_width(cx_elem_t e);       // i1 -> 1, si4 -> 4, f8 -> 8, c64 -> 64
size_t cx_elem_storage_size(cx_elem_t e); // bytes per element in memory (see below)
bool cx_elem_is_integer(cx_elem_t e);     // i1 and all si/ui kinds (not index)
bool cx_elem_is_signed_int(cx_elem_t e);  // si kinds (incl. signless)
bool cx_elem_is_unsigned_int(cx_elem_t e);
bool cx_elem_is_bool(cx_elem_t e);
bool cx_elem_is_float(cx_elem_t e);       // every real floating-point kind
bool cx_elem_is_complex(cx_elem_t e);
// The MLIR spelling of the element kind with signless integers ("i8", "ui8",
// "f8E4M3FN", "complex<f32>").
const char* cx_elem_name(cx_elem_t e);
// For complex kinds the component kind (F32 or F64); otherwise e.
cx_elem_t cx_elem_complex_component(cx_elem_t e);

#ifdef __cplusplus
}
#endif
#endif  // CXLA_ELEMENT_TYPE_H_
