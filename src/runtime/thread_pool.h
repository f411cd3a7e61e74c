// A small fork-join thread pool for the runtime's kernels.
//
// Created once with a fixed number of threads (the caller counts as thread 0,
// so a pool of N threads starts N-1 workers) and reused across calls: starting
// threads per call would cost more than a small GEMM. Each parallel-for names
// how many threads may take part, so one pool serves kernels that want fewer
// threads than it has. Tasks are handed out through one atomic counter, which
// balances load when the shared host preempts a core.
//
// Ownership and threading: single owner (create/destroy). Calls from several
// threads are serialised by a lock inside the pool; a task must not call back
// into the same pool (it would deadlock), kernels run nested work inline.
// All state hangs off the pool object; there are no globals.
#ifndef CXLA_RUNTIME_THREAD_POOL_H_
#define CXLA_RUNTIME_THREAD_POOL_H_

#include <stdint.h>

#include "cxla/status.h"

typedef struct cx_rt_thread_pool cx_rt_thread_pool_t;

// num_threads >= 1 (1 means the caller runs everything, no worker starts).
CX_MUST_USE cx_status_t cx_rt_thread_pool_create(int num_threads, cx_rt_thread_pool_t** out_pool);
// Stops and joins the workers. NULL is ignored.
void cx_rt_thread_pool_destroy(cx_rt_thread_pool_t* pool);
int cx_rt_thread_pool_size(const cx_rt_thread_pool_t* pool);

// fn(ctx, task, thread) runs once for every task in [0, num_tasks); thread is
// in [0, threads used) and identifies a per-thread scratch slot. At most
// max_threads threads take part (<= 0 means all; a NULL pool means 1). Returns
// when every task has finished.
typedef void (*cx_rt_task_fn)(void* ctx, int64_t task, int thread);
void cx_rt_thread_pool_parallel_for(cx_rt_thread_pool_t* pool, int64_t num_tasks, int max_threads,
                                    cx_rt_task_fn fn, void* ctx);

// Task tracing for profiles (runtime/profile.c): while a trace function is
// set on a thread, the parallel_for calls that thread makes with more than
// one thread time every task (CLOCK_MONOTONIC, ns) and report it, from the
// thread that ran it, as trace(arg, thread, begin, end). fn NULL clears it.
// Threads without one run parallel_for unchanged.
typedef void (*cx_rt_task_trace_fn)(void* arg, int thread, int64_t begin, int64_t end);
void cx_rt_thread_pool_set_trace(cx_rt_task_trace_fn fn, void* arg);

#endif  // CXLA_RUNTIME_THREAD_POOL_H_
