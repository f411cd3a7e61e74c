// Devices (include/cxla/runtime.h): the host CPU with a thread pool.
#include <stdlib.h>
#include <unistd.h>

#include "runtime/device.h"

cx_status_t cx_rt_device_create(const cx_rt_device_options_t* options,
                                cx_rt_device_t** out_device) {
  *out_device = NULL;
  int n = options ? options->num_threads : 0;
  if (n < 0) return CX_ERROR(CX_INVALID_ARGUMENT, "device: thread count %d is negative", n);
  if (n == 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    n = cpus > 0 ? (int)cpus : 1;
  }
  if (n > CX_RT_MAX_THREADS)
    return CX_ERROR(CX_INVALID_ARGUMENT, "device: %d threads exceed the limit of %d", n,
                    CX_RT_MAX_THREADS);
  cx_allocator_t a = cx_allocator_system();
  cx_rt_device_t* d = cx_alloc(a, sizeof(*d));
  if (!d) return CX_OOM();
  d->allocator = a;
  d->num_threads = n;
  d->pool = NULL;
  if (n > 1) {
    cx_status_t s = cx_rt_thread_pool_create(n, &d->pool);
    if (s) {
      cx_free(a, d);
      return s;
    }
  }
  *out_device = d;
  return NULL;
}

void cx_rt_device_destroy(cx_rt_device_t* device) {
  if (!device) return;
  cx_rt_thread_pool_destroy(device->pool);
  cx_free(device->allocator, device);
}

int cx_rt_device_num_threads(const cx_rt_device_t* device) { return device->num_threads; }
