// The host device: a thread pool, or nothing (one thread: all inline).
#ifndef CXLA_RUNTIME_DEVICE_H_
#define CXLA_RUNTIME_DEVICE_H_

#include "cxla/allocator.h"
#include "cxla/runtime.h"
#include "runtime/thread_pool.h"

#define CX_RT_MAX_THREADS 1024

struct cx_rt_device {
  cx_allocator_t allocator;
  int num_threads;
  cx_rt_thread_pool_t* pool;  // NULL when num_threads == 1
};

#endif  // CXLA_RUNTIME_DEVICE_H_
