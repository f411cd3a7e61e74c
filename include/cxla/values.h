// Tensor values on the command line and in files, as IREE's tools spell
// them, and printing them back:
//
//   2x3xf32=1,2,3,4,5,6     a literal: shape "x" element type "=" values
//   f32=3.5                 a scalar
//   2xi1=true,false         booleans
//   2x2xf32=0               one value fills the whole tensor (a splat)
//   4xf32                   no "=": zero-filled
//   2x3xf32=@x.bin          raw little-endian bytes of the tensor (as IREE reads
//                           them: no header, the size must match the shape)
//   @x.npy                  a NumPy array
//   @params.npz             every array of an archive, in archive order
//
// Values are separated by commas and/or whitespace; brackets are ignored
// (so "[[1 2][3 4]]" also reads). Integers may be decimal or 0x-hex and must
// fit the element type; floats use C's strtod syntax (inf, nan, 1e-3) and are
// rounded to the element type; complex values are "(re,im)" or a real number.
//
// NumPy dtypes: cxla writes every element kind in its storage layout with
// the dtype NumPy would use: |b1 for i1, |i1/|u1 for the 2/4/8-bit integers
// (sign/zero-extended to a byte), <f2 <f4 <f8, <c8 <c16. bf16 has no NumPy
// dtype: it is written as raw bits with dtype <V2 (what ml_dtypes' bfloat16
// arrays save as), and the f8/f6/f4 formats as |V1. Reading accepts those,
// plus <u2 raw bits for bf16 (the StableHLO reference interpreter's probe
// files), whenever the expected element kind is known.
#ifndef CXLA_VALUES_H_
#define CXLA_VALUES_H_

#include <stddef.h>
#include <stdint.h>

#include "cxla/buffer.h"
#include "cxla/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cx_input {
  char source[160];  // for messages: "2x3xf32=...", "x.npy", "params.npz:w0"
  cx_elem_t elem;    // the element kind, or CX_ELEM_INVALID for raw NumPy V dtypes
  char descr[16];    // NumPy dtype for file inputs; "" for literals
  uint32_t rank;
  int64_t dims[CX_MAX_RANK];
  void* data;        // malloc'ed, cxla storage layout (raw for V dtypes)
  size_t nbytes;
} cx_input_t;

typedef struct cx_input_list {
  cx_input_t* items;
  size_t count;
  size_t cap;
  size_t stream_limit;  // most bytes read from a pipe or device (cx_file_read_limited; 0: default)
} cx_input_list_t;

// Parses one --input value and appends its array(s) to the list (start from
// a zeroed list). Errors name the problem and the offending text.
CX_MUST_USE cx_status_t cx_input_parse(const char* spec, cx_input_list_t* list);
void cx_input_list_free(cx_input_list_t* list);

// A view of an input as element kind `want` (the argument's kind): the data
// is borrowed from the input. Fails if the input's element type cannot be
// read as `want` without conversion.
CX_MUST_USE cx_status_t cx_input_view(const cx_input_t* in, cx_elem_t want,
                                      cx_buffer_view_t* out);

// "2x3xf32=[1 2 3][4 5 6]" as iree-run-module prints buffer views, in a
// malloc'ed string: rows of inner dimensions in brackets ("2x2x2xf32=
// [[1 2][3 4]][[5 6][7 8]]"), a 1-D tensor without ("3xi32=1 2 3"), floats
// with printf's %G (1.5, 1E+06, NAN), booleans as their byte in hex (01, 00),
// complex as "(re,im)" under IREE's type names cf64/cf128. After
// max_elements elements (if >= 0) each further row prints "...".
CX_MUST_USE cx_status_t cx_buffer_view_format(const cx_buffer_view_t* view, int64_t max_elements,
                                              char** out_text);
// Writes a view to a .npy file (dtypes as above).
CX_MUST_USE cx_status_t cx_buffer_view_write_npy(const char* path, const cx_buffer_view_t* view);

#ifdef __cplusplus
}
#endif
#endif  // CXLA_VALUES_H_
