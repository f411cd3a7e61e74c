// einsum_config terms (see einsum.h).
#include "ir/einsum.h"

#include <stdbool.h>
#include <string.h>

// Parses one term ("ab", "a...c") of an operand of rank `rank` (or, for the
// output, rank = -1: the ellipsis expands to `ell_rank` dims).
static bool parse_term(const char* s, size_t len, int rank, int ell_rank, cx_einsum_term_t* t) {
  int letters = 0;
  bool ell = false;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '.') {
      if (ell || i + 2 >= len || s[i + 1] != '.' || s[i + 2] != '.') return false;
      ell = true;
      i += 2;
    } else if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')) {
      letters++;
    } else if (s[i] != ' ') {
      return false;
    }
  }
  int ell_dims = 0;
  if (rank >= 0) {
    if (ell) ell_dims = rank - letters;
    if (ell_dims < 0 || letters + ell_dims != rank) return false;
  } else if (ell) {
    ell_dims = ell_rank;
  }
  if (letters + ell_dims > CX_MAX_RANK) return false;
  t->n = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '.') {
      for (int j = 0; j < ell_dims; j++)
        t->labels[t->n++] = CX_EINSUM_ELLIPSIS + (ell_rank - ell_dims) + j;
      i += 2;
    } else if (s[i] != ' ') {
      t->labels[t->n++] = (unsigned char)s[i];
    }
  }
  return true;
}

const char* cx_einsum_parse(const char* config, uint32_t nops, const uint32_t* ranks,
                            cx_einsum_term_t* out_terms, cx_einsum_term_t* out_result) {
  const char* arrow = strstr(config, "->");
  if (!arrow) return "has an einsum_config without '->'";
  const char* comma = nops == 2 ? memchr(config, ',', (size_t)(arrow - config)) : NULL;
  if (nops == 2 && !comma) return "needs two input terms in its einsum_config";
  const char* starts[2] = {config, comma ? comma + 1 : NULL};
  size_t lens[2] = {(size_t)((comma ? comma : arrow) - config),
                    comma ? (size_t)(arrow - comma - 1) : 0};
  // The ellipsis stands for as many dims as the operand with the most has
  // beyond its letters.
  int ell_rank = 0;
  for (uint32_t k = 0; k < nops; k++) {
    int letters = 0;
    bool has_ell = false;
    for (size_t i = 0; i < lens[k]; i++) {
      char c = starts[k][i];
      if (c == '.') has_ell = true;
      else if (c != ' ') letters++;
    }
    if (has_ell && (int)ranks[k] - letters > ell_rank) ell_rank = (int)ranks[k] - letters;
  }
  for (uint32_t k = 0; k < nops; k++)
    if (!parse_term(starts[k], lens[k], (int)ranks[k], ell_rank, &out_terms[k]))
      return "has an einsum_config that does not fit its operands";
  if (!parse_term(arrow + 2, strlen(arrow + 2), -1, ell_rank, out_result))
    return "has a bad einsum output term";
  return NULL;
}
