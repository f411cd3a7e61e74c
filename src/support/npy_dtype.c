// NumPy dtypes of cxla's element kinds (npy_dtype.h).
#include "support/npy_dtype.h"

#include <stdlib.h>
#include <string.h>

#include "support/scalar.h"

const char* cx_npy_descr_for_elem(cx_elem_t e) {
  switch (e) {
    case CX_ELEM_I1:
      return "|b1";
    case CX_ELEM_SI2:
    case CX_ELEM_SI4:
    case CX_ELEM_SI8:
      return "|i1";
    case CX_ELEM_UI2:
    case CX_ELEM_UI4:
    case CX_ELEM_UI8:
      return "|u1";
    case CX_ELEM_SI16:
      return "<i2";
    case CX_ELEM_UI16:
      return "<u2";
    case CX_ELEM_SI32:
      return "<i4";
    case CX_ELEM_UI32:
      return "<u4";
    case CX_ELEM_SI64:
    case CX_ELEM_INDEX:
      return "<i8";
    case CX_ELEM_UI64:
      return "<u8";
    case CX_ELEM_F16:
      return "<f2";
    // tf32 values are stored as f32 bit patterns (already rounded).
    case CX_ELEM_TF32:
    case CX_ELEM_F32:
      return "<f4";
    case CX_ELEM_F64:
      return "<f8";
    case CX_ELEM_C64:
      return "<c8";
    case CX_ELEM_C128:
      return "<c16";
    case CX_ELEM_BF16:
      return "<V2";
    default:
      return "|V1";  // f8/f6/f4 formats: raw bits in a byte
  }
}

static bool is_raw_descr(const char* d, size_t size) {
  if ((d[0] != '<' && d[0] != '|' && d[0] != '>') || d[1] != 'V') return false;
  char* end;
  long n = strtol(d + 2, &end, 10);
  return !*end && n == (long)size;
}

bool cx_npy_descr_fits(const char* descr, cx_elem_t e) {
  if (!strcmp(descr, cx_npy_descr_for_elem(e))) return true;
  size_t size = cx_elem_storage_size(e);
  if (size == 0) return false;
  // Raw bytes of the right size can carry any kind without a NumPy dtype.
  if (!cx_elem_is_integer(e) && !cx_elem_is_complex(e) && e != CX_ELEM_F16 && e != CX_ELEM_F32 &&
      e != CX_ELEM_F64 && is_raw_descr(descr, size))
    return true;
  // bf16 as uint16 bit patterns (the StableHLO reference interpreter's probes).
  if (e == CX_ELEM_BF16 && !strcmp(descr, "<u2")) return true;
  // Booleans saved as bytes.
  if (e == CX_ELEM_I1 && (!strcmp(descr, "|u1") || !strcmp(descr, "|i1"))) return true;
  return false;
}
