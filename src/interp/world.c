// The process grid of interpreter.run_parallel and the meeting points of its
// processes (see world.h).
//
// One mutex and one condition variable guard the whole world: the
// interpreter's processes are few and exchange small values, so simplicity
// beats lock granularity here. Waiting processes are tracked so that a
// deadlock (every process either waiting or finished) is reported at once
// instead of after the timeout.
#include "interp/world.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "support/strbuf.h"

// A collective in flight: the members of one group that have arrived.
typedef struct meeting {
  struct meeting* next;
  cx_op_kind_t kind;
  int64_t channel;
  uint32_t n;
  uint32_t count;
  int64_t* group;            // n flattened ids
  cx_tensor_t** values;      // n * count, member-major
  uint32_t arrived;
  uint32_t departed;
  bool complete;
} meeting_t;

typedef struct message {
  struct message* next;
  uint32_t count;
  cx_tensor_t** values;
} message_t;

// A send/recv queue keyed by (channel, destination).
typedef struct channel {
  struct channel* next;
  int64_t id;
  int64_t dest;
  message_t* head;
  message_t* tail;
} channel_t;

typedef struct proc {
  cx_process_t process;
  cx_eval_t ev;
  struct cx_world* world;
  const cx_op_t* func;      // what the process runs: a function,
  const cx_op_t* owner;     // or the region of this op (in a frame of
  uint32_t frame_size;      // frame_size slots, as the caller's frame)
  uint32_t num_args;
  cx_tensor_t* const* args;
  uint32_t num_results;
  cx_tensor_t** results;
  cx_status_t status;
  bool secondary;        // failed only because another process failed first
  bool finished;
  bool waiting;          // blocked in the world (cleared by whoever releases it)
  const cx_op_t* wait_op;
  channel_t* wait_channel;
  uint32_t infeed_next;
  cx_tensor_t** outfeed;
  size_t outfeed_count;
  size_t outfeed_cap;
} proc_t;

typedef struct cx_world {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int64_t num_processes;
  proc_t* procs;
  meeting_t* meetings;
  channel_t* channels;
  const cx_op_t* const* infeed;
  uint32_t num_infeed;
  bool aborted;
  char abort_reason[512];
  cx_allocator_t allocator;  // the interpreter's (called from every process's thread)
} cx_world_t;

// Values never cross threads by reference: refcounts are plain integers
// (tensor.h), so a tensor reachable from two threads could be retained and
// released concurrently. Whatever one process hands to another is copied
// (under the world's lock where the copy is shared), and the receiver owns
// its copy alone.
static cx_status_t isolate(const cx_tensor_t* t, cx_tensor_t** out) {
  *out = NULL;
  if (t->kind == CX_VALUE_TOKEN) return cx_tensor_token(t->allocator, out);
  if (t->kind == CX_VALUE_TENSOR) return cx_tensor_clone(t, out);
  cx_tensor_t** items = cx_calloc(t->allocator, t->count ? t->count : 1, sizeof(cx_tensor_t*));
  if (!items) return CX_OOM();
  cx_status_t st = NULL;
  for (uint32_t i = 0; i < t->count && !st; i++) st = isolate(t->items[i], &items[i]);
  if (!st) st = cx_tensor_tuple(t->allocator, t->count, items, out);
  for (uint32_t i = 0; i < t->count; i++) cx_tensor_release(items[i]);
  cx_free(t->allocator, items);
  return st;
}

static proc_t* self(cx_eval_t* ev) {
  cx_world_t* w = ev->process->world;
  return &w->procs[cx_process_flat_id(ev->process)];
}

static void release_all(cx_tensor_t** v, size_t n) {
  for (size_t i = 0; i < n; i++) cx_tensor_release(v[i]);
}

// ---- waiting ----------------------------------------------------------------------

// Called with the lock held: true if no process can make progress.
static bool deadlocked(const cx_world_t* w) {
  for (int64_t i = 0; i < w->num_processes; i++)
    if (!w->procs[i].finished && !w->procs[i].waiting) return false;
  return true;
}

static void abort_world(cx_world_t* w, const char* reason) {
  if (!w->aborted) {
    w->aborted = true;
    snprintf(w->abort_reason, sizeof(w->abort_reason), "%s", reason);
  }
  pthread_cond_broadcast(&w->cv);
}

// Describes what every process is doing, for deadlock messages.
static void describe_processes(const cx_world_t* w, cx_strbuf_t* sb) {
  for (int64_t i = 0; i < w->num_processes; i++) {
    const proc_t* p = &w->procs[i];
    cx_strbuf_printf(sb, "%sprocess (%lld, %lld) ", i ? "; " : "",
                     (long long)p->process.replica_id, (long long)p->process.partition_id);
    if (p->finished) {
      cx_strbuf_puts(sb, "has finished");
    } else if (p->waiting && p->wait_op) {
      char loc[256];
      cx_strbuf_printf(sb, "waits in '%s' at %s", p->wait_op->name,
                       cx_loc_format(p->wait_op->loc, loc, sizeof(loc)));
    } else {
      cx_strbuf_puts(sb, "is running");
    }
  }
}

typedef bool (*ready_fn)(const void* arg);

// Waits (lock held) until ready(arg), the world aborts, a deadlock shows,
// or the timeout passes. `me` is marked waiting meanwhile; whoever makes it
// ready clears the mark at once, so that the deadlock check of the others
// does not count a process that is merely slow to wake up.
static cx_status_t wait_until(cx_world_t* w, proc_t* me, const cx_op_t* op, ready_fn ready,
                              const void* arg, const char* what) {
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += CX_WORLD_TIMEOUT_SECONDS;
  cx_status_t st = NULL;
  while (!ready(arg)) {
    if (w->aborted) {
      me->secondary = true;
      st = cx_eval_error(op, CX_INVALID_ARGUMENT, "gave up waiting for %s: %s", what,
                         w->abort_reason);
      break;
    }
    me->waiting = true;
    me->wait_op = op;
    if (deadlocked(w)) {
      cx_strbuf_t sb;
      cx_strbuf_init(&sb);
      describe_processes(w, &sb);
      st = cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "deadlock: waits for %s, but no process can make progress (%s)", what,
                         sb.data ? sb.data : "");
      char reason[400];
      snprintf(reason, sizeof(reason), "deadlock detected in process (%lld, %lld)",
               (long long)me->process.replica_id, (long long)me->process.partition_id);
      cx_strbuf_free(&sb);
      abort_world(w, reason);
      break;
    }
    int rc = pthread_cond_timedwait(&w->cv, &w->mu, &deadline);
    if (rc == ETIMEDOUT && !ready(arg)) {
      st = cx_eval_error(op, CX_INVALID_ARGUMENT, "timed out after %d s waiting for %s",
                         CX_WORLD_TIMEOUT_SECONDS, what);
      abort_world(w, "another process timed out");
      break;
    }
  }
  me->waiting = false;
  me->wait_op = NULL;
  me->wait_channel = NULL;
  return st;
}

// ---- collectives ----------------------------------------------------------------

static bool meeting_ready(const void* arg) { return ((const meeting_t*)arg)->complete; }

static bool same_group(const meeting_t* m, cx_op_kind_t kind, int64_t channel,
                       const int64_t* group, uint32_t n, uint32_t count) {
  return m->kind == kind && m->channel == channel && m->n == n && m->count == count &&
         !memcmp(m->group, group, n * sizeof(int64_t));
}

cx_status_t cx_world_exchange(cx_eval_t* ev, const cx_op_t* op, int64_t channel,
                              const int64_t* group, uint32_t n, uint32_t count,
                              cx_tensor_t* const* mine, cx_tensor_t*** out) {
  *out = NULL;
  int64_t me_id = cx_process_flat_id(ev->process);
  uint32_t pos = n;
  for (uint32_t i = 0; i < n; i++)
    if (group[i] == me_id) pos = i;
  if (pos == n)
    return cx_eval_error(op, CX_INTERNAL, "process %lld is not in its own group",
                         (long long)me_id);
  size_t total = (size_t)n * count;
  cx_tensor_t** result = cx_calloc(ev->allocator, total ? total : 1, sizeof(cx_tensor_t*));
  if (!result) return CX_OOM();
  cx_world_t* w = ev->process->world;
  if (!w || n == 1) {
    if (n != 1) {
      cx_free(ev->allocator, result);
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "needs %u processes but runs outside interpreter.run_parallel", n);
    }
    for (uint32_t i = 0; i < count; i++) result[i] = cx_tensor_retain(mine[i]);
    *out = result;
    return NULL;
  }
  cx_tensor_t** copies = cx_calloc(ev->allocator, count ? count : 1, sizeof(cx_tensor_t*));
  cx_status_t st = copies ? NULL : CX_OOM();
  for (uint32_t i = 0; i < count && !st; i++) st = isolate(mine[i], &copies[i]);
  if (st) {
    if (copies) release_all(copies, count);
    cx_free(ev->allocator, copies);
    cx_free(ev->allocator, result);
    return st;
  }
  pthread_mutex_lock(&w->mu);
  proc_t* me = self(ev);
  meeting_t* m = NULL;
  for (meeting_t* it = w->meetings; it; it = it->next)
    if (!it->complete && same_group(it, op->kind, channel, group, n, count)) m = it;
  if (!m) {
    m = cx_calloc(ev->allocator, 1, sizeof(*m));
    if (m) {
      m->group = cx_alloc(ev->allocator, n * sizeof(int64_t));
      m->values = cx_calloc(ev->allocator, total ? total : 1, sizeof(cx_tensor_t*));
    }
    if (!m || !m->group || !m->values) {
      if (m) {
        cx_free(ev->allocator, m->group);
        cx_free(ev->allocator, m->values);
        cx_free(ev->allocator, m);
      }
      pthread_mutex_unlock(&w->mu);
      release_all(copies, count);
      cx_free(ev->allocator, copies);
      cx_free(ev->allocator, result);
      return CX_OOM();
    }
    m->kind = op->kind;
    m->channel = channel;
    m->n = n;
    m->count = count;
    memcpy(m->group, group, n * sizeof(int64_t));
    m->next = w->meetings;
    w->meetings = m;
  }
  for (uint32_t i = 0; i < count; i++) m->values[(size_t)pos * count + i] = copies[i];
  cx_free(ev->allocator, copies);
  if (++m->arrived == n) {
    m->complete = true;
    for (uint32_t i = 0; i < n; i++) w->procs[group[i]].waiting = false;
    pthread_cond_broadcast(&w->cv);
  } else {
    st = wait_until(w, me, op, meeting_ready, m, "the other processes of its group");
  }
  // Copy out under the lock: the meeting's values belong to the meeting.
  for (size_t i = 0; i < total && !st; i++) st = isolate(m->values[i], &result[i]);
  // The last member to leave (or anyone, once the world aborted) frees the
  // meeting; an aborted meeting is dropped when the world is destroyed.
  if (m->complete && ++m->departed == n) {
    for (meeting_t** pp = &w->meetings; *pp; pp = &(*pp)->next) {
      if (*pp == m) {
        *pp = m->next;
        break;
      }
    }
    release_all(m->values, total);
    cx_free(ev->allocator, m->values);
    cx_free(ev->allocator, m->group);
    cx_free(ev->allocator, m);
  }
  pthread_mutex_unlock(&w->mu);
  if (st) {
    release_all(result, total);
    cx_free(ev->allocator, result);
    return st;
  }
  *out = result;
  return NULL;
}

// ---- send / recv ------------------------------------------------------------------

static channel_t* find_channel(cx_world_t* w, int64_t id, int64_t dest, bool create) {
  for (channel_t* c = w->channels; c; c = c->next)
    if (c->id == id && c->dest == dest) return c;
  if (!create) return NULL;
  channel_t* c = cx_calloc(w->allocator, 1, sizeof(*c));
  if (!c) return NULL;
  c->id = id;
  c->dest = dest;
  c->next = w->channels;
  w->channels = c;
  return c;
}

static bool channel_ready(const void* arg) { return ((const channel_t*)arg)->head != NULL; }

cx_status_t cx_world_send(cx_eval_t* ev, const cx_op_t* op, int64_t channel, int64_t dest,
                          uint32_t count, cx_tensor_t* const* values) {
  cx_world_t* w = ev->process->world;
  if (!w)
    return cx_eval_error(op, CX_UNIMPLEMENTED,
                         "has no receiver outside interpreter.run_parallel");
  message_t* msg = cx_calloc(ev->allocator, 1, sizeof(*msg));
  if (msg) msg->values = cx_calloc(ev->allocator, count ? count : 1, sizeof(cx_tensor_t*));
  if (!msg || !msg->values) {
    cx_free(ev->allocator, msg);
    return CX_OOM();
  }
  msg->count = count;
  cx_status_t st = NULL;
  for (uint32_t i = 0; i < count && !st; i++) st = isolate(values[i], &msg->values[i]);
  if (st) {
    release_all(msg->values, count);
    cx_free(ev->allocator, msg->values);
    cx_free(ev->allocator, msg);
    return st;
  }
  pthread_mutex_lock(&w->mu);
  channel_t* c = find_channel(w, channel, dest, true);
  if (!c) {
    pthread_mutex_unlock(&w->mu);
    release_all(msg->values, count);
    cx_free(ev->allocator, msg->values);
    cx_free(ev->allocator, msg);
    return CX_OOM();
  }
  if (c->tail) c->tail->next = msg;
  else c->head = msg;
  c->tail = msg;
  for (int64_t i = 0; i < w->num_processes; i++)
    if (w->procs[i].waiting && w->procs[i].wait_channel == c) w->procs[i].waiting = false;
  pthread_cond_broadcast(&w->cv);
  pthread_mutex_unlock(&w->mu);
  return NULL;
}

cx_status_t cx_world_recv(cx_eval_t* ev, const cx_op_t* op, int64_t channel, int64_t dest,
                          uint32_t* count, cx_tensor_t*** values) {
  *count = 0;
  *values = NULL;
  cx_world_t* w = ev->process->world;
  if (!w)
    return cx_eval_error(op, CX_UNIMPLEMENTED, "has no sender outside interpreter.run_parallel");
  pthread_mutex_lock(&w->mu);
  proc_t* me = self(ev);
  channel_t* c = find_channel(w, channel, dest, true);
  cx_status_t st = c ? NULL : CX_OOM();
  if (!st) {
    char what[96];
    snprintf(what, sizeof(what), "a message on channel %lld", (long long)channel);
    me->wait_channel = c;
    st = wait_until(w, me, op, channel_ready, c, what);
  }
  message_t* msg = NULL;
  if (!st) {
    msg = c->head;
    c->head = msg->next;
    if (!c->head) c->tail = NULL;
  }
  pthread_mutex_unlock(&w->mu);
  if (st) return st;
  *count = msg->count;
  *values = msg->values;
  cx_free(ev->allocator, msg);
  return NULL;
}

// ---- infeed / outfeed -------------------------------------------------------------

const cx_op_t* cx_world_next_infeed(cx_eval_t* ev) {
  cx_world_t* w = ev->process->world;
  if (!w) return NULL;
  // Each process reads its own copy of the queue, so no lock is needed for
  // its cursor; the list itself is read-only.
  proc_t* me = self(ev);
  if (me->infeed_next >= w->num_infeed) return NULL;
  return w->infeed[me->infeed_next++];
}

cx_status_t cx_world_outfeed(cx_eval_t* ev, uint32_t count, cx_tensor_t* const* values) {
  cx_world_t* w = ev->process->world;
  if (!w) return NULL;  // a plain call has nowhere to send outfeed data: dropped
  proc_t* me = self(ev);
  if (me->outfeed_count + count > me->outfeed_cap) {
    size_t cap = me->outfeed_cap ? me->outfeed_cap * 2 : 8;
    while (cap < me->outfeed_count + count) cap *= 2;
    cx_tensor_t** grown = cx_realloc(ev->allocator, me->outfeed, cap * sizeof(cx_tensor_t*));
    if (!grown) return CX_OOM();
    me->outfeed = grown;
    me->outfeed_cap = cap;
  }
  for (uint32_t i = 0; i < count; i++) me->outfeed[me->outfeed_count++] = cx_tensor_retain(values[i]);
  return NULL;
}

// ---- the grid ----------------------------------------------------------------------

// The owner op's region in a frame of the process's own (the region's
// values have slots in the frame of the function around the op).
static cx_status_t run_region(proc_t* p, cx_tensor_t*** out) {
  cx_allocator_t al = p->ev.allocator;
  cx_frame_t frame = {cx_calloc(al, p->frame_size ? p->frame_size : 1, sizeof(cx_tensor_t*)),
                      p->frame_size};
  *out = cx_calloc(al, p->num_results ? p->num_results : 1, sizeof(cx_tensor_t*));
  if (!frame.values || !*out) {
    cx_free(al, frame.values);
    return CX_OOM();
  }
  p->ev.frame = &frame;
  cx_status_t st = cx_eval_region_exact(&p->ev, p->owner, &p->owner->regions[0], p->num_args,
                                        p->args, p->num_results, "body", *out);
  p->ev.frame = NULL;
  release_all(frame.values, frame.size);
  cx_free(al, frame.values);
  return st;
}

static void* run_process(void* arg) {
  proc_t* p = arg;
  cx_world_t* w = p->world;
  uint32_t n = 0;
  cx_tensor_t** out = NULL;
  if (p->func) {
    p->status = cx_eval_call(&p->ev, p->func, p->num_args, p->args, &n, &out);
  } else {
    p->status = run_region(p, &out);
    n = p->num_results;
  }
  if (!p->status && n != p->num_results) {
    p->status = CX_ERROR(CX_INTERNAL, "returned %u values, expected %u", n, p->num_results);
    release_all(out, n);
  } else if (!p->status) {
    memcpy(p->results, out, n * sizeof(cx_tensor_t*));
  }
  cx_free(p->ev.allocator, out);
  pthread_mutex_lock(&w->mu);
  p->finished = true;
  if (p->status && !p->secondary) {
    char reason[200];
    snprintf(reason, sizeof(reason), "process (%lld, %lld) failed",
             (long long)p->process.replica_id, (long long)p->process.partition_id);
    abort_world(w, reason);
  }
  // Others may be waiting for us: let them re-check for a deadlock.
  pthread_cond_broadcast(&w->cv);
  pthread_mutex_unlock(&w->mu);
  return NULL;
}

static void destroy_world(cx_world_t* w) {
  for (int64_t i = 0; i < w->num_processes; i++) {
    release_all(w->procs[i].outfeed, w->procs[i].outfeed_count);
    cx_free(w->allocator, w->procs[i].outfeed);
  }
  while (w->meetings) {
    meeting_t* m = w->meetings;
    w->meetings = m->next;
    release_all(m->values, (size_t)m->n * m->count);
    cx_free(w->allocator, m->values);
    cx_free(w->allocator, m->group);
    cx_free(w->allocator, m);
  }
  while (w->channels) {
    channel_t* c = w->channels;
    w->channels = c->next;
    while (c->head) {
      message_t* msg = c->head;
      c->head = msg->next;
      release_all(msg->values, msg->count);
      cx_free(w->allocator, msg->values);
      cx_free(w->allocator, msg);
    }
    cx_free(w->allocator, c);
  }
  pthread_cond_destroy(&w->cv);
  pthread_mutex_destroy(&w->mu);
  cx_free(w->allocator, w->procs);
}

// Process i runs funcs[i], or with funcs NULL op's region.
static cx_status_t run_grid(cx_eval_t* ev, const cx_op_t* op, uint32_t num_replicas,
                            uint32_t num_partitions, const cx_op_t* const* funcs,
                            const cx_op_t* const* infeed, uint32_t num_infeed, uint32_t num_args,
                            cx_tensor_t* const* args, uint32_t num_results,
                            cx_tensor_t** results) {
  uint64_t np = (uint64_t)num_replicas * num_partitions;
  if (np == 0 || np > 4096)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "a grid of %u x %u processes is not supported",
                         num_replicas, num_partitions);
  // Budget: each process is a thread with its own stack; charging it like
  // this many ops bounds the grid a budgeted run may start (a 4096-thread
  // grid takes gigabytes under a sanitizer).
  CX_RETURN_IF_ERROR(cx_eval_charge(ev, op, np * CX_WORLD_PROCESS_STEPS));
  cx_world_t w;
  memset(&w, 0, sizeof(w));
  w.allocator = ev->allocator;
  w.num_processes = (int64_t)np;
  w.infeed = infeed;
  w.num_infeed = num_infeed;
  w.procs = cx_calloc(ev->allocator, np, sizeof(proc_t));
  if (!w.procs) return CX_OOM();
  pthread_mutex_init(&w.mu, NULL);
  pthread_cond_init(&w.cv, NULL);
  // Hand out arguments (each process gets its own copies, see isolate) and
  // result slots in process order.
  uint32_t arg_pos = 0, res_pos = 0;
  cx_tensor_t** own_args = cx_calloc(ev->allocator, num_args ? num_args : 1, sizeof(cx_tensor_t*));
  cx_status_t st = own_args ? NULL : CX_OOM();
  for (uint32_t i = 0; i < num_args && !st; i++) st = isolate(args[i], &own_args[i]);
  for (uint64_t i = 0; i < np && !st; i++) {
    proc_t* p = &w.procs[i];
    p->process.replica_id = (int64_t)(i / num_partitions);
    p->process.partition_id = (int64_t)(i % num_partitions);
    p->process.num_replicas = num_replicas;
    p->process.num_partitions = num_partitions;
    p->process.world = &w;
    p->ev.allocator = ev->allocator;
    p->ev.interp = ev->interp;
    p->ev.process = &p->process;
    p->ev.frame = NULL;
    p->ev.depth = ev->depth + 1;
    p->ev.steps = ev->steps;  // each process gets what is left of the budget
    p->ev.deadline = ev->deadline;
    p->world = &w;
    if (funcs) {
      const cx_type_t* fn = cx_func_type(funcs[i]);
      p->func = funcs[i];
      p->num_args = fn->func.num_inputs;
      p->num_results = fn->func.num_results;
    } else {
      p->owner = op;
      p->frame_size = ev->frame ? ev->frame->size : 0;
      p->num_args = op->num_operands;
      p->num_results = op->num_results;
    }
    if (arg_pos + p->num_args > num_args || res_pos + p->num_results > num_results) {
      st = cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "has %u operands and %u results, fewer than its programs take", num_args,
                         num_results);
      break;
    }
    p->args = own_args + arg_pos;
    p->results = results + res_pos;
    arg_pos += p->num_args;
    res_pos += p->num_results;
  }
  if (!st && (arg_pos != num_args || res_pos != num_results))
    st = cx_eval_error(op, CX_INVALID_ARGUMENT,
                       "has %u operands and %u results but its programs take %u and return %u",
                       num_args, num_results, arg_pos, res_pos);
  if (st) {
    if (own_args) release_all(own_args, num_args);
    cx_free(ev->allocator, own_args);
    destroy_world(&w);
    return st;
  }
  pthread_t* threads = cx_calloc(ev->allocator, np, sizeof(pthread_t));
  bool* started = cx_calloc(ev->allocator, np, sizeof(bool));
  if (!threads || !started) {
    cx_free(ev->allocator, threads);
    cx_free(ev->allocator, started);
    release_all(own_args, num_args);
    cx_free(ev->allocator, own_args);
    destroy_world(&w);
    return CX_OOM();
  }
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  // Deeply nested programs recurse in the evaluator; give each process the
  // stack a main thread would have.
  pthread_attr_setstacksize(&attr, 8u << 20);
  for (uint64_t i = 0; i < np; i++) {
    if (pthread_create(&threads[i], &attr, run_process, &w.procs[i]) == 0) {
      started[i] = true;
    } else {
      // Could not start: this process counts as failed and finished, so the
      // others do not wait for it.
      pthread_mutex_lock(&w.mu);
      w.procs[i].status = cx_eval_error(op, CX_OUT_OF_MEMORY, "cannot start a thread for process %llu",
                                        (unsigned long long)i);
      w.procs[i].finished = true;
      abort_world(&w, "a process could not be started");
      pthread_mutex_unlock(&w.mu);
    }
  }
  pthread_attr_destroy(&attr);
  for (uint64_t i = 0; i < np; i++)
    if (started[i]) pthread_join(threads[i], NULL);
  cx_free(ev->allocator, threads);
  cx_free(ev->allocator, started);
  release_all(own_args, num_args);
  cx_free(ev->allocator, own_args);
  // Report the root cause: the first failure that was not merely a reaction
  // to another process failing.
  for (uint64_t i = 0; i < np && !st; i++)
    if (w.procs[i].status && !w.procs[i].secondary) {
      st = w.procs[i].status;
      w.procs[i].status = NULL;
      st = cx_status_prefix(st, "in process (%lld, %lld)", (long long)w.procs[i].process.replica_id,
                            (long long)w.procs[i].process.partition_id);
    }
  for (uint64_t i = 0; i < np && !st; i++)
    if (w.procs[i].status) {
      st = w.procs[i].status;
      w.procs[i].status = NULL;
    }
  for (uint64_t i = 0; i < np; i++) cx_status_free(w.procs[i].status);
  if (st) {
    for (uint32_t i = 0; i < num_results; i++) {
      cx_tensor_release(results[i]);
      results[i] = NULL;
    }
  }
  destroy_world(&w);
  return st;
}

cx_status_t cx_world_run_parallel(cx_eval_t* ev, const cx_op_t* op, uint32_t num_replicas,
                                  uint32_t num_partitions, const cx_op_t* const* funcs,
                                  const cx_op_t* const* infeed, uint32_t num_infeed,
                                  uint32_t num_args, cx_tensor_t* const* args,
                                  uint32_t num_results, cx_tensor_t** results) {
  return run_grid(ev, op, num_replicas, num_partitions, funcs, infeed, num_infeed, num_args, args,
                  num_results, results);
}

cx_status_t cx_world_run_region(cx_eval_t* ev, const cx_op_t* op, uint32_t num_devices,
                                cx_tensor_t* const* args, cx_tensor_t** results) {
  return run_grid(ev, op, 1, num_devices, NULL, NULL, 0, num_devices * op->num_operands, args,
                  num_devices * op->num_results, results);
}
