// cx_ptrmap_t: put/get/replace/remove against a plain array as the
// reference, through many growths and deletions (backward shifting must keep
// every remaining key findable).
#include "support/ptrmap.h"

#include <stdint.h>

#include "cx_test.h"

enum { N = 5000 };

CX_TEST(put_get_replace) {
  cx_ptrmap_t m;
  cx_ptrmap_init(&m, cx_allocator_system());
  static char keys[N];
  for (int i = 0; i < N; i++) CX_EXPECT(cx_ptrmap_put(&m, &keys[i], (void*)(uintptr_t)i));
  CX_EXPECT_EQ_U64(cx_ptrmap_len(&m), N);
  for (int i = 0; i < N; i++) CX_EXPECT_EQ_U64((uintptr_t)cx_ptrmap_get(&m, &keys[i]), i);
  // Replacing keeps the count.
  CX_EXPECT(cx_ptrmap_put(&m, &keys[7], NULL));
  CX_EXPECT_EQ_U64(cx_ptrmap_len(&m), N);
  void* v = (void*)1;
  CX_EXPECT(cx_ptrmap_find(&m, &keys[7], &v));
  CX_EXPECT(v == NULL);
  int other;
  CX_EXPECT(!cx_ptrmap_find(&m, &other, NULL));
  CX_EXPECT(cx_ptrmap_get(&m, &other) == NULL);
  cx_ptrmap_free(&m);
  CX_EXPECT(cx_ptrmap_get(&m, &keys[0]) == NULL);
}

CX_TEST(remove_keeps_the_rest_findable) {
  cx_ptrmap_t m;
  cx_ptrmap_init(&m, cx_allocator_system());
  static int64_t keys[N];
  static bool present[N];
  uint64_t rng = 12345;
  for (int round = 0; round < 20 * N; round++) {
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    int i = (int)((rng >> 33) % N);
    if (present[i]) {
      CX_EXPECT(cx_ptrmap_remove(&m, &keys[i]));
      present[i] = false;
    } else {
      CX_EXPECT(cx_ptrmap_put(&m, &keys[i], &keys[(i + 1) % N]));
      present[i] = true;
    }
  }
  size_t expected = 0;
  for (int i = 0; i < N; i++) {
    void* v;
    bool found = cx_ptrmap_find(&m, &keys[i], &v);
    if (found != present[i]) CX_FAIL_("key %d: found %d, expected %d", i, found, present[i]);
    if (found && v != &keys[(i + 1) % N]) CX_FAIL_("key %d: wrong value", i);
    expected += present[i];
  }
  CX_EXPECT_EQ_U64(cx_ptrmap_len(&m), expected);
  CX_EXPECT(!cx_ptrmap_remove(&m, &expected));
  // Iteration visits each present key once.
  size_t seen = 0, cursor = 0;
  const void* k;
  while (cx_ptrmap_next(&m, &cursor, &k, NULL)) {
    int i = (int)((const int64_t*)k - keys);
    CX_EXPECT(i >= 0 && i < N && present[i]);
    seen++;
  }
  CX_EXPECT_EQ_U64(seen, expected);
  cx_ptrmap_clear(&m);
  CX_EXPECT_EQ_U64(cx_ptrmap_len(&m), 0);
  CX_EXPECT(cx_ptrmap_get(&m, &keys[0]) == NULL);
  cx_ptrmap_free(&m);
}

int main(void) {
  CX_RUN(put_get_replace);
  CX_RUN(remove_keeps_the_rest_findable);
  return CX_TEST_EXIT();
}
