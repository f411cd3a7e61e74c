#include "runtime/thread_pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

// Each worker has its own mailbox: the caller writes the sequence number of a
// job into the mailboxes of the workers that may take part, so workers outside
// the job's thread count are not involved.
//
// Tasks are claimed from one 64-bit ticket word: the job's sequence number
// (high half) and the next task index (low half). A worker only claims tasks
// through a compare-and-swap that also checks the sequence number, so a worker
// that wakes up late (this VM's vCPUs are often busy with other tenants) can
// never run a task of a later job, and the caller does not have to wait for
// workers that never showed up: it runs the remaining tasks itself and waits
// only for tasks that another thread has actually claimed. On a host where the
// second vCPU is taken by someone else, a call then costs what one thread needs
// instead of a scheduling delay of the absent worker.
//
// Workers spin briefly before sleeping, because kernels in a model run back to
// back and a futex wake-up costs tens of microseconds in this VM.
enum { CX_POOL_SPIN = 1 << 14, CX_POOL_WAIT_SPIN = 1 << 10 };

// Low half of the ticket while a new job is being written: larger than any
// task index, so nothing can be claimed.
#define CX_TICKET_SETUP 0xffffffffu

typedef struct cx_pool_worker {
  cx_rt_thread_pool_t* pool;
  pthread_t thread;
  int index;
  _Alignas(64) atomic_uint_fast64_t mailbox;  // sequence number of the newest job for this worker
} cx_pool_worker_t;

struct cx_rt_thread_pool {
  int num_threads;
  cx_pool_worker_t* workers;  // num_threads - 1 of them; worker i is thread i+1
  pthread_mutex_t call_mu;    // serialises parallel_for callers
  pthread_mutex_t mu;         // guards sleeping
  pthread_cond_t cv;
  bool stop;                  // guarded by mu
  uint64_t seq;               // the current job's sequence number (caller only)
  // The current job. Late workers may read these while the caller writes the
  // next job (they then fail to claim), hence atomics.
  _Atomic(cx_rt_task_fn) fn;
  _Atomic(void*) ctx;
  atomic_int_fast64_t num_tasks;
  _Alignas(64) atomic_uint_fast64_t ticket;  // seq << 32 | next task index
  _Alignas(64) atomic_int_fast64_t done;     // tasks finished in the current job
};

static inline void cx_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// Claims and runs tasks of job `seq` (its low 32 bits, as in the ticket)
// until none is left or a later job has started.
static void cx_pool_run_tasks(cx_rt_thread_pool_t* p, uint32_t seq, int thread) {
  for (;;) {
    uint_fast64_t v = atomic_load_explicit(&p->ticket, memory_order_acquire);
    if ((uint32_t)(v >> 32) != seq) return;
    // Sequentially consistent with the caller's setup stores: if this load
    // already sees the next job's task count, the ticket has been closed
    // before it (in the single total order), so the claim below fails.
    int64_t nt = atomic_load(&p->num_tasks);
    uint32_t idx = (uint32_t)v;
    if ((int64_t)idx >= nt) return;
    if (!atomic_compare_exchange_weak(&p->ticket, &v, v + 1)) continue;
    cx_rt_task_fn fn = atomic_load_explicit(&p->fn, memory_order_relaxed);
    void* ctx = atomic_load_explicit(&p->ctx, memory_order_relaxed);
    fn(ctx, idx, thread);
    atomic_fetch_add_explicit(&p->done, 1, memory_order_release);
  }
}

static void* cx_pool_worker_main(void* arg) {
  cx_pool_worker_t* w = arg;
  cx_rt_thread_pool_t* p = w->pool;
  uint_fast64_t seen = 0;
  for (;;) {
    uint_fast64_t g = atomic_load_explicit(&w->mailbox, memory_order_acquire);
    for (int i = 0; g == seen && i < CX_POOL_SPIN; ++i) {
      cx_cpu_relax();
      g = atomic_load_explicit(&w->mailbox, memory_order_acquire);
    }
    if (g == seen) {
      pthread_mutex_lock(&p->mu);
      while ((g = atomic_load_explicit(&w->mailbox, memory_order_acquire)) == seen && !p->stop)
        pthread_cond_wait(&p->cv, &p->mu);
      bool stop = p->stop;
      pthread_mutex_unlock(&p->mu);
      if (stop && g == seen) return NULL;
    }
    seen = g;
    cx_pool_run_tasks(p, (uint32_t)g, w->index);
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
  atomic_init(&p->fn, NULL);
  atomic_init(&p->ctx, NULL);
  atomic_init(&p->num_tasks, 0);
  atomic_init(&p->ticket, 0);
  atomic_init(&p->done, 0);
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
      atomic_init(&w->mailbox, 0);
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
  // Cache-line-aligned blocks from aligned_alloc (workers on separate lines),
  // which cx_allocator_t's 16-byte alignment does not give: released with free().
  free(p->workers);
  pthread_cond_destroy(&p->cv);
  pthread_mutex_destroy(&p->mu);
  pthread_mutex_destroy(&p->call_mu);
  free(p);
}

int cx_rt_thread_pool_size(const cx_rt_thread_pool_t* p) { return p ? p->num_threads : 1; }

// One job of at most 2^31 tasks (the ticket's index half must not wrap).
static void cx_pool_job(cx_rt_thread_pool_t* p, int64_t first, int64_t num_tasks, int threads,
                        cx_rt_task_fn fn, void* ctx);

typedef struct cx_pool_offset {
  cx_rt_task_fn fn;
  void* ctx;
  int64_t first;
} cx_pool_offset_t;

static void cx_pool_offset_task(void* arg, int64_t t, int thread) {
  const cx_pool_offset_t* o = arg;
  o->fn(o->ctx, o->first + t, thread);
}

static void cx_pool_job(cx_rt_thread_pool_t* p, int64_t first, int64_t num_tasks, int threads,
                        cx_rt_task_fn fn, void* ctx) {
  cx_pool_offset_t off = {fn, ctx, first};
  if (first != 0) {
    fn = cx_pool_offset_task;
    ctx = &off;
  }
  uint64_t full = ++p->seq;  // mailboxes get all 64 bits, so they never repeat
  uint32_t seq = (uint32_t)full;
  // Close the previous job's ticket before rewriting the job (see
  // cx_pool_run_tasks), then open the new one.
  atomic_store(&p->ticket, (uint_fast64_t)seq << 32 | CX_TICKET_SETUP);
  atomic_store_explicit(&p->fn, fn, memory_order_relaxed);
  atomic_store_explicit(&p->ctx, ctx, memory_order_relaxed);
  atomic_store(&p->num_tasks, num_tasks);
  atomic_store_explicit(&p->done, 0, memory_order_relaxed);
  atomic_store_explicit(&p->ticket, (uint_fast64_t)seq << 32, memory_order_release);
  for (int i = 0; i < threads - 1; ++i)
    atomic_store_explicit(&p->workers[i].mailbox, full, memory_order_release);
  // Wake sleepers; taking the mutex orders the mailbox stores before their
  // re-check.
  pthread_mutex_lock(&p->mu);
  pthread_cond_broadcast(&p->cv);
  pthread_mutex_unlock(&p->mu);
  cx_pool_run_tasks(p, seq, 0);
  // Every task is claimed; wait for those still running elsewhere.
  for (int i = 0; atomic_load_explicit(&p->done, memory_order_acquire) != num_tasks; ++i) {
    if (i < CX_POOL_WAIT_SPIN) {
      cx_cpu_relax();
    } else {
      sched_yield();  // a preempted worker needs this core more than we do
    }
  }
}

// The calling thread's task tracer (cx_rt_thread_pool_set_trace).
static _Thread_local cx_rt_task_trace_fn cx_pool_trace_fn;
static _Thread_local void* cx_pool_trace_arg;

void cx_rt_thread_pool_set_trace(cx_rt_task_trace_fn fn, void* arg) {
  cx_pool_trace_fn = fn;
  cx_pool_trace_arg = fn ? arg : NULL;
}

typedef struct cx_pool_traced {
  cx_rt_task_fn fn;
  void* ctx;
  cx_rt_task_trace_fn trace;
  void* arg;
} cx_pool_traced_t;

static int64_t cx_pool_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void cx_pool_traced_task(void* arg, int64_t task, int thread) {
  const cx_pool_traced_t* tr = arg;
  int64_t begin = cx_pool_now();
  tr->fn(tr->ctx, task, thread);
  tr->trace(tr->arg, thread, begin, cx_pool_now());
}

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
  cx_pool_traced_t traced;
  if (cx_pool_trace_fn) {  // a profiled call: every task is timed
    traced = (cx_pool_traced_t){fn, ctx, cx_pool_trace_fn, cx_pool_trace_arg};
    fn = cx_pool_traced_task;
    ctx = &traced;
  }
  pthread_mutex_lock(&p->call_mu);
  const int64_t kMaxJob = (int64_t)1 << 31;
  for (int64_t first = 0; first < num_tasks; first += kMaxJob) {
    int64_t n = num_tasks - first < kMaxJob ? num_tasks - first : kMaxJob;
    cx_pool_job(p, first, n, threads, fn, ctx);
  }
  pthread_mutex_unlock(&p->call_mu);
}
