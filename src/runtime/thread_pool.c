#include "runtime/thread_pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

// Each worker has its own generation counter ("mailbox"): the caller bumps the
// counters of the workers that take part in a job, so workers outside the
// job's thread count are not involved and cannot mistake one job for another.
// Workers spin briefly before sleeping, because kernels in a model run back to
// back and a futex wake-up costs tens of microseconds in this VM.
enum { CX_POOL_SPIN = 1 << 14 };

typedef struct cx_pool_worker {
  cx_rt_thread_pool_t* pool;
  pthread_t thread;
  int index;
  _Alignas(64) atomic_uint_fast64_t gen;
} cx_pool_worker_t;

struct cx_rt_thread_pool {
  int num_threads;
  cx_pool_worker_t* workers;  // num_threads - 1 of them; worker i is thread i+1
  pthread_mutex_t call_mu;    // serialises parallel_for callers
  pthread_mutex_t mu;         // guards sleeping
  pthread_cond_t cv;
  bool stop;
  // The current job; written by the caller before bumping generations.
  cx_rt_task_fn fn;
  void* ctx;
  int64_t num_tasks;
  _Alignas(64) atomic_int_fast64_t next;
  _Alignas(64) atomic_int pending;  // workers still running the job
};

static inline void cx_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

static void cx_pool_run_tasks(cx_rt_thread_pool_t* p, int thread) {
  for (;;) {
    int64_t t = atomic_fetch_add_explicit(&p->next, 1, memory_order_relaxed);
    if (t >= p->num_tasks) break;
    p->fn(p->ctx, t, thread);
  }
}

static void* cx_pool_worker_main(void* arg) {
  cx_pool_worker_t* w = arg;
  cx_rt_thread_pool_t* p = w->pool;
  uint_fast64_t seen = 0;
  for (;;) {
    uint_fast64_t g = atomic_load_explicit(&w->gen, memory_order_acquire);
    for (int i = 0; g == seen && i < CX_POOL_SPIN; ++i) {
      cx_cpu_relax();
      g = atomic_load_explicit(&w->gen, memory_order_acquire);
    }
    if (g == seen) {
      pthread_mutex_lock(&p->mu);
      while ((g = atomic_load_explicit(&w->gen, memory_order_acquire)) == seen && !p->stop)
        pthread_cond_wait(&p->cv, &p->mu);
      bool stop = p->stop;
      pthread_mutex_unlock(&p->mu);
      if (stop && g == seen) return NULL;
    }
    seen = g;
    cx_pool_run_tasks(p, w->index);
    atomic_fetch_sub_explicit(&p->pending, 1, memory_order_release);
  }
}

cx_status_t cx_rt_thread_pool_create(int num_threads, cx_rt_thread_pool_t** out_pool) {
  *out_pool = NULL;
  if (num_threads < 1 || num_threads > 1024)
    return CX_ERROR(CX_INVALID_ARGUMENT, "thread pool size %d is not in [1, 1024]", num_threads);
  cx_rt_thread_pool_t* p = aligned_alloc(64, (sizeof(*p) + 63) / 64 * 64);
  if (!p) return CX_OOM();
  *p = (cx_rt_thread_pool_t){.num_threads = 1};
  pthread_mutex_init(&p->call_mu, NULL);
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->cv, NULL);
  atomic_init(&p->next, 0);
  atomic_init(&p->pending, 0);
  if (num_threads > 1) {
    size_t bytes = (sizeof(cx_pool_worker_t) * (size_t)(num_threads - 1) + 63) / 64 * 64;
    p->workers = aligned_alloc(64, bytes);
    if (!p->workers) {
      cx_rt_thread_pool_destroy(p);
      return CX_OOM();
    }
    for (int i = 0; i < num_threads - 1; ++i) {
      cx_pool_worker_t* w = &p->workers[i];
      w->pool = p;
      w->index = i + 1;
      atomic_init(&w->gen, 0);
      if (pthread_create(&w->thread, NULL, cx_pool_worker_main, w) != 0) {
        cx_rt_thread_pool_destroy(p);
        return CX_ERROR(CX_INTERNAL, "pthread_create failed for worker %d", i + 1);
      }
      p->num_threads = i + 2;
    }
  }
  *out_pool = p;
  return NULL;
}

void cx_rt_thread_pool_destroy(cx_rt_thread_pool_t* p) {
  if (!p) return;
  pthread_mutex_lock(&p->mu);
  p->stop = true;
  pthread_cond_broadcast(&p->cv);
  pthread_mutex_unlock(&p->mu);
  for (int i = 0; i < p->num_threads - 1; ++i) pthread_join(p->workers[i].thread, NULL);
  free(p->workers);
  pthread_cond_destroy(&p->cv);
  pthread_mutex_destroy(&p->mu);
  pthread_mutex_destroy(&p->call_mu);
  free(p);
}

int cx_rt_thread_pool_size(const cx_rt_thread_pool_t* p) { return p ? p->num_threads : 1; }

void cx_rt_thread_pool_parallel_for(cx_rt_thread_pool_t* p, int64_t num_tasks, int max_threads,
                                    cx_rt_task_fn fn, void* ctx) {
  if (num_tasks <= 0) return;
  int threads = p ? p->num_threads : 1;
  if (max_threads > 0 && max_threads < threads) threads = max_threads;
  if (threads > num_tasks) threads = (int)num_tasks;
  if (threads <= 1) {
    for (int64_t t = 0; t < num_tasks; ++t) fn(ctx, t, 0);
    return;
  }
  pthread_mutex_lock(&p->call_mu);
  p->fn = fn;
  p->ctx = ctx;
  p->num_tasks = num_tasks;
  atomic_store_explicit(&p->next, 0, memory_order_relaxed);
  atomic_store_explicit(&p->pending, threads - 1, memory_order_relaxed);
  for (int i = 0; i < threads - 1; ++i)
    atomic_fetch_add_explicit(&p->workers[i].gen, 1, memory_order_release);
  // Wake sleepers; taking the mutex orders the bump before their re-check.
  pthread_mutex_lock(&p->mu);
  pthread_cond_broadcast(&p->cv);
  pthread_mutex_unlock(&p->mu);
  cx_pool_run_tasks(p, 0);
  for (int i = 0; atomic_load_explicit(&p->pending, memory_order_acquire) != 0; ++i) {
    if (i < CX_POOL_SPIN) {
      cx_cpu_relax();
    } else {
      sched_yield();  // a preempted worker needs this core more than we do
    }
  }
  pthread_mutex_unlock(&p->call_mu);
}
