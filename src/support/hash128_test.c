// cx_hash128: streaming in any pieces gives the one-shot value; inputs that
// differ in one bit, in length or in a seed give different values, and a
// one-bit change flips about half of the 128 output bits.
#include <stdlib.h>
#include <string.h>

#include "cx_test.h"
#include "support/hash128.h"

static bool same(cx_hash128_t a, cx_hash128_t b) { return a.lo == b.lo && a.hi == b.hi; }

CX_TEST(pieces_hash_like_the_whole) {
  unsigned char buf[1000];
  for (int i = 0; i < 1000; i++) buf[i] = (unsigned char)(i * 131 + 7);
  for (size_t n = 0; n <= 1000; n += 37) {
    cx_hash128_t whole = cx_hash128(buf, n, 9);
    for (size_t step = 1; step < 70; step += 13) {
      cx_hash128_state_t s;
      cx_hash128_init(&s, 9);
      for (size_t at = 0; at < n; at += step) cx_hash128_update(&s, buf + at, at + step > n ? n - at : step);
      CX_EXPECT(same(cx_hash128_final(&s), whole));
    }
  }
}

CX_TEST(one_bit_lengths_and_seeds_differ) {
  enum { N = 96 };
  unsigned char buf[N];
  memset(buf, 0, N);
  cx_hash128_t base = cx_hash128(buf, N, 0);
  cx_hash128_t* seen = malloc((N * 8 + N + 2) * sizeof *seen);
  size_t k = 0;
  seen[k++] = base;
  double flipped = 0;
  for (int bit = 0; bit < N * 8; bit++) {
    buf[bit / 8] ^= (unsigned char)(1u << (bit % 8));
    cx_hash128_t h = cx_hash128(buf, N, 0);
    buf[bit / 8] ^= (unsigned char)(1u << (bit % 8));
    flipped += __builtin_popcountll(h.lo ^ base.lo) + __builtin_popcountll(h.hi ^ base.hi);
    seen[k++] = h;
  }
  // Zero inputs of every length (a zero tail must still count).
  for (int n = 0; n < N; n++) seen[k++] = cx_hash128(buf, (size_t)n, 0);
  seen[k++] = cx_hash128(buf, N, 1);
  for (size_t i = 0; i < k; i++)
    for (size_t j = i + 1; j < k; j++)
      if (same(seen[i], seen[j])) CX_FAIL_("inputs %zu and %zu hash alike", i, j);
  double mean = flipped / (N * 8);
  CX_EXPECT(mean > 60 && mean < 68);
  free(seen);
}

CX_TEST(hex_is_high_half_first) {
  cx_hash128_t h = {0x0123456789abcdefull, 0xfedcba9876543210ull};
  char hex[33];
  cx_hash128_hex(h, hex);
  CX_EXPECT_STREQ(hex, "fedcba98765432100123456789abcdef");
}

int main(void) {
  CX_RUN(pieces_hash_like_the_whole);
  CX_RUN(one_bit_lengths_and_seeds_differ);
  CX_RUN(hex_is_high_half_first);
  return CX_TEST_EXIT();
}
