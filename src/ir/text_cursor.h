// A cursor over attribute text that cxla keeps as strings (Shardy's
// canonical text, HLO sharding strings): the few tokens their readers
// (sdy_manual.c, gspmd_manual.c) need. Every function stays within n.
#ifndef CXLA_IR_TEXT_CURSOR_H_
#define CXLA_IR_TEXT_CURSOR_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct cx_text_cursor {
  const char* s;
  size_t n, i;
} cx_text_cursor_t;

static inline void cx_tc_spaces(cx_text_cursor_t* c) {
  while (c->i < c->n && c->s[c->i] == ' ') c->i++;
}

// The word w (after spaces), consumed if there.
static inline bool cx_tc_eat(cx_text_cursor_t* c, const char* w) {
  cx_tc_spaces(c);
  size_t l = strlen(w);
  if (c->n - c->i < l || memcmp(c->s + c->i, w, l) != 0) return false;
  c->i += l;
  return true;
}

// A decimal integer (optionally negative), without overflow.
static inline bool cx_tc_integer(cx_text_cursor_t* c, int64_t* out) {
  cx_tc_spaces(c);
  bool neg = c->i < c->n && c->s[c->i] == '-';
  if (neg) c->i++;
  if (c->i >= c->n || c->s[c->i] < '0' || c->s[c->i] > '9') return false;
  int64_t v = 0;
  while (c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9') {
    if (v > (INT64_MAX - 9) / 10) return false;
    v = v * 10 + (c->s[c->i++] - '0');
  }
  *out = neg ? -v : v;
  return true;
}

#endif  // CXLA_IR_TEXT_CURSOR_H_
