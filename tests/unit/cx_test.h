// A minimal unit-test harness: each test file defines CX_TEST functions and a
// main that runs them with CX_RUN. A failed expectation prints file:line and
// the values, marks the test failed, and continues.
#ifndef CXLA_TESTS_CX_TEST_H_
#define CXLA_TESTS_CX_TEST_H_

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxla/status.h"

static int cx_test_failures_ = 0;
static int cx_test_current_failed_ = 0;

#define CX_TEST(name) static void name(void)

#define CX_FAIL_(...)                                   \
  do {                                                  \
    fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);     \
    fprintf(stderr, __VA_ARGS__);                       \
    fprintf(stderr, "\n");                              \
    cx_test_current_failed_ = 1;                        \
  } while (0)

#define CX_EXPECT(cond) \
  do {                  \
    if (!(cond)) CX_FAIL_("expected: %s", #cond); \
  } while (0)

#define CX_EXPECT_EQ_I64(a, b)                                                        \
  do {                                                                                \
    long long a_ = (long long)(a), b_ = (long long)(b);                               \
    if (a_ != b_) CX_FAIL_("%s == %s: %lld vs %lld", #a, #b, a_, b_);                 \
  } while (0)

#define CX_EXPECT_EQ_U64(a, b)                                                        \
  do {                                                                                \
    unsigned long long a_ = (unsigned long long)(a), b_ = (unsigned long long)(b);    \
    if (a_ != b_) CX_FAIL_("%s == %s: 0x%llx vs 0x%llx", #a, #b, a_, b_);             \
  } while (0)

#define CX_EXPECT_STREQ(a, b)                                                         \
  do {                                                                                \
    const char *a_ = (a), *b_ = (b);                                                  \
    if (!a_ || !b_ || strcmp(a_, b_) != 0)                                            \
      CX_FAIL_("%s == %s:\n  \"%s\"\nvs\n  \"%s\"", #a, #b, a_ ? a_ : "(null)",       \
               b_ ? b_ : "(null)");                                                   \
  } while (0)

#define CX_EXPECT_NEAR(a, b, tol)                                                     \
  do {                                                                                \
    double a_ = (double)(a), b_ = (double)(b);                                        \
    if (!(fabs(a_ - b_) <= (tol))) CX_FAIL_("%s ~= %s: %.17g vs %.17g", #a, #b, a_, b_); \
  } while (0)

// Expects a status-returning expression to succeed; prints the error if not.
#define CX_EXPECT_OK(expr)                                                            \
  do {                                                                                \
    cx_status_t s_ = (expr);                                                          \
    if (s_) {                                                                         \
      CX_FAIL_("%s failed: %s", #expr, cx_status_message(s_));                        \
      cx_status_free(s_);                                                             \
    }                                                                                 \
  } while (0)

// Expects failure; the status is freed.
#define CX_EXPECT_ERROR(expr)                                                         \
  do {                                                                                \
    cx_status_t s_ = (expr);                                                          \
    if (!s_) CX_FAIL_("%s succeeded but should have failed", #expr);                  \
    cx_status_free(s_);                                                               \
  } while (0)

#define CX_RUN(test)                                         \
  do {                                                       \
    cx_test_current_failed_ = 0;                             \
    test();                                                  \
    fprintf(stderr, "%s %s\n", cx_test_current_failed_ ? "FAIL" : "ok  ", #test); \
    cx_test_failures_ += cx_test_current_failed_;            \
  } while (0)

#define CX_TEST_EXIT() \
  (cx_test_failures_ ? (fprintf(stderr, "%d test(s) failed\n", cx_test_failures_), 1) : 0)

#endif  // CXLA_TESTS_CX_TEST_H_
