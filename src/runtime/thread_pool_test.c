// The thread pool: every task runs exactly once with a thread index below the
// job's thread count, across many back-to-back jobs of varying sizes and
// thread counts (workers that wake late must not run tasks of a later job),
// with workers that sleep between jobs, and from several callers.
#include "runtime/thread_pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "cx_test.h"

typedef struct cx_count_job {
  atomic_int* hits;     // per task
  atomic_int bad_thread;
  int threads;
  int64_t spin;         // busy work per task, so tasks overlap
} cx_count_job_t;

static void cx_count_task(void* arg, int64_t t, int thread) {
  cx_count_job_t* j = arg;
  if (thread < 0 || thread >= j->threads) atomic_fetch_add(&j->bad_thread, 1);
  volatile int64_t x = 0;
  for (int64_t i = 0; i < j->spin; ++i) x += i;
  atomic_fetch_add(&j->hits[t], 1);
}

static bool cx_run_counted(cx_rt_thread_pool_t* pool, int64_t tasks, int max_threads,
                           int64_t spin) {
  int eff = max_threads <= 0 ? cx_rt_thread_pool_size(pool) : max_threads;
  if (eff > cx_rt_thread_pool_size(pool)) eff = cx_rt_thread_pool_size(pool);
  cx_count_job_t j = {calloc((size_t)(tasks > 0 ? tasks : 1), sizeof(atomic_int)), 0, eff, spin};
  cx_rt_thread_pool_parallel_for(pool, tasks, max_threads, cx_count_task, &j);
  bool ok = atomic_load(&j.bad_thread) == 0;
  for (int64_t t = 0; t < tasks; ++t) ok &= atomic_load(&j.hits[t]) == 1;
  free((void*)j.hits);
  return ok;
}

CX_TEST(test_pool_every_task_once) {
  for (int size = 1; size <= 4; ++size) {
    cx_rt_thread_pool_t* pool = NULL;
    CX_EXPECT_OK(cx_rt_thread_pool_create(size, &pool));
    CX_EXPECT(cx_rt_thread_pool_size(pool) == size);
    static const int64_t counts[] = {0, 1, 2, 3, 17, 255, 1000};
    for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); ++c)
      for (int mt = 0; mt <= size + 1; ++mt)
        CX_EXPECT(cx_run_counted(pool, counts[c], mt, c % 2 ? 200 : 0));
    cx_rt_thread_pool_destroy(pool);
  }
  CX_EXPECT(cx_run_counted(NULL, 10, 0, 0));  // no pool: the caller runs everything
}

// Thousands of tiny jobs back to back, alternating thread counts: the case
// where a worker invited to one job may only get to run after the caller
// has finished it alone and started the next.
CX_TEST(test_pool_back_to_back) {
  cx_rt_thread_pool_t* pool = NULL;
  CX_EXPECT_OK(cx_rt_thread_pool_create(3, &pool));
  bool ok = true;
  for (int i = 0; i < 20000 && ok; ++i) ok = cx_run_counted(pool, 1 + i % 5, 1 + i % 3, i % 7);
  CX_EXPECT(ok);
  cx_rt_thread_pool_destroy(pool);
}

// Jobs after the workers went to sleep wake them again.
CX_TEST(test_pool_after_sleep) {
  cx_rt_thread_pool_t* pool = NULL;
  CX_EXPECT_OK(cx_rt_thread_pool_create(2, &pool));
  for (int i = 0; i < 3; ++i) {
    CX_EXPECT(cx_run_counted(pool, 64, 0, 1000));
    struct timespec ts = {0, 5 * 1000 * 1000};  // longer than the workers spin
    nanosleep(&ts, NULL);
  }
  cx_rt_thread_pool_destroy(pool);
}

typedef struct cx_caller {
  cx_rt_thread_pool_t* pool;
  atomic_int* ok;
} cx_caller_t;

static void* cx_caller_main(void* arg) {
  cx_caller_t* c = arg;
  for (int i = 0; i < 500; ++i)
    if (!cx_run_counted(c->pool, 1 + i % 9, 0, 50)) atomic_store(c->ok, 0);
  return NULL;
}

// Callers on several threads are serialised by the pool.
CX_TEST(test_pool_concurrent_callers) {
  cx_rt_thread_pool_t* pool = NULL;
  CX_EXPECT_OK(cx_rt_thread_pool_create(2, &pool));
  atomic_int ok = 1;
  cx_caller_t c = {pool, &ok};
  pthread_t th[3];
  for (int i = 0; i < 3; ++i) pthread_create(&th[i], NULL, cx_caller_main, &c);
  for (int i = 0; i < 3; ++i) pthread_join(th[i], NULL);
  CX_EXPECT(atomic_load(&ok) == 1);
  cx_rt_thread_pool_destroy(pool);
}

CX_TEST(test_pool_rejects_bad_size) {
  cx_rt_thread_pool_t* pool = NULL;
  CX_EXPECT_ERROR(cx_rt_thread_pool_create(0, &pool));
  CX_EXPECT(pool == NULL);
  CX_EXPECT_ERROR(cx_rt_thread_pool_create(5000, &pool));
  cx_rt_thread_pool_destroy(NULL);
}

int main(void) {
  CX_RUN(test_pool_every_task_once);
  CX_RUN(test_pool_back_to_back);
  CX_RUN(test_pool_after_sleep);
  CX_RUN(test_pool_concurrent_callers);
  CX_RUN(test_pool_rejects_bad_size);
  return CX_TEST_EXIT();
}
