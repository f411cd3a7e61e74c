// The terms of an einsum_config ("ab,bc->ac", "a...c->...ac"), for the
// interpreter and the code generator, which both compute einsum and unary
// einsum from them: each operand's and the output's labels, one per
// dimension, with "..." expanded.
#ifndef CXLA_IR_EINSUM_H_
#define CXLA_IR_EINSUM_H_

#include <stdint.h>

#include "cxla/buffer.h"  // CX_MAX_RANK

// Label ids: a letter is its character code; the dims an ellipsis stands for
// are CX_EINSUM_ELLIPSIS + j, the ellipsis dims of all terms aligned at their
// trailing end (as numpy broadcasting aligns them). Ids are below
// CX_EINSUM_LABELS.
enum { CX_EINSUM_ELLIPSIS = 256, CX_EINSUM_LABELS = CX_EINSUM_ELLIPSIS + CX_MAX_RANK };

typedef struct cx_einsum_term {
  uint32_t n;
  int labels[CX_MAX_RANK];
} cx_einsum_term_t;

// Parses `config` for `nops` (1 or 2) operands of ranks ranks[0..nops) into
// their terms and the output's. Returns NULL, or what is wrong as an op
// error's text ("has an einsum_config that does not fit its operands", ...).
const char* cx_einsum_parse(const char* config, uint32_t nops, const uint32_t* ranks,
                            cx_einsum_term_t* out_terms, cx_einsum_term_t* out_result);

#endif  // CXLA_IR_EINSUM_H_
