// Properties of element kinds.
#include "cxla/element_type.h"

#include <stdint.h>

typedef struct elem_info {
  const char* name;
  int bits;
  uint8_t storage;
} elem_info_t;

static const elem_info_t kElemInfo[CX_ELEM_COUNT] = {
    [CX_ELEM_INVALID] = {"<invalid>", 0, 0},
    [CX_ELEM_I1] = {"i1", 1, 1},
    [CX_ELEM_SI2] = {"i2", 2, 1},
    [CX_ELEM_SI4] = {"i4", 4, 1},
    [CX_ELEM_SI8] = {"i8", 8, 1},
    [CX_ELEM_SI16] = {"i16", 16, 2},
    [CX_ELEM_SI32] = {"i32", 32, 4},
    [CX_ELEM_SI64] = {"i64", 64, 8},
    [CX_ELEM_UI2] = {"ui2", 2, 1},
    [CX_ELEM_UI4] = {"ui4", 4, 1},
    [CX_ELEM_UI8] = {"ui8", 8, 1},
    [CX_ELEM_UI16] = {"ui16", 16, 2},
    [CX_ELEM_UI32] = {"ui32", 32, 4},
    [CX_ELEM_UI64] = {"ui64", 64, 8},
    [CX_ELEM_F4E2M1FN] = {"f4E2M1FN", 4, 1},
    [CX_ELEM_F6E2M3FN] = {"f6E2M3FN", 6, 1},
    [CX_ELEM_F6E3M2FN] = {"f6E3M2FN", 6, 1},
    [CX_ELEM_F8E3M4] = {"f8E3M4", 8, 1},
    [CX_ELEM_F8E4M3] = {"f8E4M3", 8, 1},
    [CX_ELEM_F8E4M3FN] = {"f8E4M3FN", 8, 1},
    [CX_ELEM_F8E4M3FNUZ] = {"f8E4M3FNUZ", 8, 1},
    [CX_ELEM_F8E4M3B11FNUZ] = {"f8E4M3B11FNUZ", 8, 1},
    [CX_ELEM_F8E5M2] = {"f8E5M2", 8, 1},
    [CX_ELEM_F8E5M2FNUZ] = {"f8E5M2FNUZ", 8, 1},
    [CX_ELEM_F8E8M0FNU] = {"f8E8M0FNU", 8, 1},
    [CX_ELEM_BF16] = {"bf16", 16, 2},
    [CX_ELEM_F16] = {"f16", 16, 2},
    [CX_ELEM_TF32] = {"tf32", 19, 4},
    [CX_ELEM_F32] = {"f32", 32, 4},
    [CX_ELEM_F64] = {"f64", 64, 8},
    [CX_ELEM_C64] = {"complex<f32>", 64, 8},
    [CX_ELEM_C128] = {"complex<f64>", 128, 16},
    [CX_ELEM_INDEX] = {"index", 64, 8},
};

int cx_elem_bit_width(cx_elem_t e) { return e < CX_ELEM_COUNT ? kElemInfo[e].bits : 0; }
size_t cx_elem_storage_size(cx_elem_t e) { return e < CX_ELEM_COUNT ? kElemInfo[e].storage : 0; }
const char* cx_elem_name(cx_elem_t e) { return e < CX_ELEM_COUNT ? kElemInfo[e].name : "?"; }
bool cx_elem_is_bool(cx_elem_t e) { return e == CX_ELEM_I1; }
bool cx_elem_is_signed_int(cx_elem_t e) { return e >= CX_ELEM_SI2 && e <= CX_ELEM_SI64; }
bool cx_elem_is_unsigned_int(cx_elem_t e) { return e >= CX_ELEM_UI2 && e <= CX_ELEM_UI64; }
bool cx_elem_is_integer(cx_elem_t e) { return e >= CX_ELEM_I1 && e <= CX_ELEM_UI64; }
bool cx_elem_is_float(cx_elem_t e) { return e >= CX_ELEM_F4E2M1FN && e <= CX_ELEM_F64; }
bool cx_elem_is_complex(cx_elem_t e) { return e == CX_ELEM_C64 || e == CX_ELEM_C128; }
cx_elem_t cx_elem_complex_component(cx_elem_t e) {
  return e == CX_ELEM_C64 ? CX_ELEM_F32 : e == CX_ELEM_C128 ? CX_ELEM_F64 : e;
}

