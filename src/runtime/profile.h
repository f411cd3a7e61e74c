// What the executor tells a profile (include/cxla/runtime.h: cx_rt_profile_t)
// while a call runs. The executor calls these only when the call has a
// profile, so a call without one pays a single branch per step.
#ifndef CXLA_RUNTIME_PROFILE_H_
#define CXLA_RUNTIME_PROFILE_H_

#include <stdint.h>

#include "cxla/runtime.h"
#include "runtime/executable.h"

// CLOCK_MONOTONIC in nanoseconds.
int64_t cx_rt_profile_now(void);
// The calling thread's CPU time in nanoseconds (CLOCK_THREAD_CPUTIME_ID).
int64_t cx_rt_profile_thread_cpu(void);

// Starts a call of `exe` (the executable whose steps run: a bound one's
// base): binds the profile to it on first use (sizing its tables) and, when
// tracing, routes the calling thread's pool tasks to the profile. A profile
// bound to another executable, or out of memory, is an error.
CX_MUST_USE cx_status_t cx_rt_profile_begin(cx_rt_profile_t* profile, cx_rt_executable_t* exe);
// Step `step` (an index into exe->steps) ran from `begin` to `end` (ns),
// using `cpu_ns` of the calling thread's CPU time.
void cx_rt_profile_add_step(cx_rt_profile_t* profile, uint32_t step, int64_t begin, int64_t end,
                            int64_t cpu_ns);
// Names the step that is about to run (pool tasks are attributed to it).
void cx_rt_profile_enter(cx_rt_profile_t* profile, uint32_t step);
// Ends the call begun at `begin` (ns), which used `cpu_ns` of the calling
// thread's CPU time, and the routing of pool tasks.
void cx_rt_profile_end(cx_rt_profile_t* profile, int64_t begin, int64_t end, int64_t cpu_ns);

#endif  // CXLA_RUNTIME_PROFILE_H_
