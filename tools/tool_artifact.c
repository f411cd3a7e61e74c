// Artifacts in the verbs: `cxla run model.cxla` and `cxla bench model.cxla`
// run an ahead-of-time artifact (written by `cxla compile`) through the
// runtime alone; arguments are matched against the executable's signature
// instead of a program's function.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxla/buffer.h"
#include "cxla/runtime.h"
#include "cxla/values.h"
#include "tools/verbs.h"

cx_status_t cx_tool_device_and_results(const cx_rt_executable_t* exe, int threads,
                                       cx_rt_device_t** out_device, uint32_t* out_n,
                                       cx_buffer_view_t** out_results) {
  cx_rt_device_options_t dopt = {threads};
  CX_RETURN_IF_ERROR(cx_rt_device_create(&dopt, out_device));
  uint32_t n = cx_rt_executable_num_results(exe);
  *out_results = cx_calloc(cx_allocator_system(), n ? n : 1, sizeof(cx_buffer_view_t));
  if (!*out_results) return CX_OOM();
  *out_n = n;
  return cx_rt_executable_allocate_results(exe, *out_results);
}

bool cx_tool_is_artifact_file(const char* path) {
  FILE* f = fopen(path, "rb");
  if (!f) return false;
  unsigned char head[8];
  size_t n = fread(head, 1, sizeof head, f);
  fclose(f);
  return cx_rt_is_artifact(head, n);
}

static void type_text(const cx_buffer_view_t* v, char* buf, size_t size) {
  if (v->elem == CX_ELEM_INVALID) {
    snprintf(buf, size, "!stablehlo.token");
    return;
  }
  size_t n = (size_t)snprintf(buf, size, "tensor<");
  for (uint32_t d = 0; d < v->rank && n < size; d++)
    n += (size_t)snprintf(buf + n, size - n, "%lldx", (long long)v->dims[d]);
  if (n < size) snprintf(buf + n, size - n, "%s>", cx_elem_name(v->elem));
}

cx_status_t cx_tool_artifact_bind_inputs(const cx_rt_executable_t* exe, const cx_input_list_t* inputs,
                                         cx_buffer_view_t* views) {
  uint32_t n = cx_rt_executable_num_args(exe), wanted = 0;
  const char* fn = cx_rt_executable_function_name(exe);
  for (uint32_t i = 0; i < n; i++)
    if (cx_rt_executable_arg(exe, i)->elem != CX_ELEM_INVALID) wanted++;
  if (inputs->count != wanted)
    return CX_ERROR(CX_INVALID_ARGUMENT, "@%s takes %u input%s but %zu %s given", fn, wanted,
                    wanted == 1 ? "" : "s", inputs->count, inputs->count == 1 ? "was" : "were");
  size_t next = 0;
  for (uint32_t i = 0; i < n; i++) {
    const cx_buffer_view_t* t = cx_rt_executable_arg(exe, i);
    memset(&views[i], 0, sizeof views[i]);
    if (t->elem == CX_ELEM_INVALID) continue;
    const cx_input_t* in = &inputs->items[next++];
    char type[512];
    type_text(t, type, sizeof type);
    cx_status_t st = cx_input_view(in, t->elem, &views[i]);
    if (st) {
      cx_status_t e = CX_ERROR(CX_INVALID_ARGUMENT, "argument %u (%s) of @%s: %s", i, type, fn,
                               cx_status_message(st));
      cx_status_free(st);
      return e;
    }
    bool same = views[i].rank == t->rank;
    for (uint32_t d = 0; same && d < t->rank; d++) same = views[i].dims[d] == t->dims[d];
    if (!same) {
      char got[512];
      type_text(&views[i], got, sizeof got);
      return CX_ERROR(CX_INVALID_ARGUMENT,
                      "argument %u (%s) of @%s: %s is %s (the artifact was compiled for fixed "
                      "shapes)",
                      i, type, fn, in->source, got);
    }
  }
  return NULL;
}

cx_status_t cx_tool_artifact_random_inputs(const cx_rt_executable_t* exe, uint64_t seed,
                                           cx_buffer_view_t* views) {
  uint32_t n = cx_rt_executable_num_args(exe);
  for (uint32_t i = 0; i < n; i++) memset(&views[i], 0, sizeof views[i]);
  for (uint32_t i = 0; i < n; i++) {
    const cx_buffer_view_t* t = cx_rt_executable_arg(exe, i);
    if (t->elem == CX_ELEM_INVALID) continue;
    CX_RETURN_IF_ERROR(cx_buffer_view_allocate(t->elem, t->rank, t->dims, &views[i]));
    cx_buffer_view_fill_random(&views[i], seed + i);
  }
  return NULL;
}

cx_status_t cx_tool_run_artifact(const cx_tool_artifact_run_t* r) {
  cx_rt_executable_t* exe = NULL;
  cx_rt_device_t* device = NULL;
  cx_input_list_t inputs = {0};
  inputs.stream_limit = r->max_input;
  cx_buffer_view_t* views = NULL;
  cx_buffer_view_t* results = NULL;
  uint32_t nargs = 0, nres = 0;
  cx_status_t st = cx_rt_executable_load_file(r->file, NULL, &exe);
  for (int i = 0; i < r->num_inputs && !st; i++) {
    st = cx_input_parse(r->inputs[i], &inputs);
    if (st) st = cx_status_prefix(st, "--input #%d", i);
  }
  if (!st) {
    nargs = cx_rt_executable_num_args(exe);
    nres = cx_rt_executable_num_results(exe);
    views = calloc(nargs ? nargs : 1, sizeof *views);
    results = calloc(nres ? nres : 1, sizeof *results);
    if (!views || !results) st = CX_OOM();
  }
  bool made_up = false;
  if (!st && r->random_inputs) {
    if (r->num_inputs)
      st = CX_ERROR(CX_INVALID_ARGUMENT, "--random-inputs and --input do not go together");
    else
      st = cx_tool_artifact_random_inputs(exe, r->seed, views);
    made_up = true;
  } else if (!st) {
    st = cx_tool_artifact_bind_inputs(exe, &inputs, views);
  }
  if (!st && r->num_outputs > (int)nres)
    st = CX_ERROR(CX_INVALID_ARGUMENT, "%d --output flags for %u results", r->num_outputs, nres);
  if (!st) {
    cx_rt_device_options_t dopt = {r->threads};
    st = cx_rt_device_create(&dopt, &device);
  }
  if (!st) st = cx_rt_executable_allocate_results(exe, results);
  if (!st) {
    // iree-run-module's first line, as `cxla run` prints it for source programs.
    printf("EXEC @%s\n", cx_rt_executable_function_name(exe));
    fflush(stdout);
    cx_rt_invoke_options_t io = {.timeout_seconds = r->timeout, .max_steps = r->max_steps};
    st = cx_rt_executable_invoke(exe, device, nargs, views, nres, results, &io);
  }
  for (uint32_t i = 0; i < nres && !st; i++) {
    const cx_buffer_view_t* v = &results[i];
    if (i < (uint32_t)r->num_outputs && strcmp(r->outputs[i], "-") != 0) {
      if (r->outputs[i][0] != '@') {
        st = CX_ERROR(CX_INVALID_ARGUMENT, "--output=%s: expected @FILE.npy (or '-' to print)",
                      r->outputs[i]);
      } else if (v->elem == CX_ELEM_INVALID) {
        st = CX_ERROR(CX_INVALID_ARGUMENT, "result %u is a token and cannot be written to %s", i,
                      r->outputs[i] + 1);
      } else {
        st = cx_buffer_view_write_npy(r->outputs[i] + 1, v);
        if (st) st = cx_status_prefix(st, "result %u", i);
      }
      continue;
    }
    if (v->elem == CX_ELEM_INVALID) {  // a token: its line names the type
      char type[512];
      type_text(v, type, sizeof type);
      printf("result[%u]: %s\n", i, type);
      continue;
    }
    char* values = NULL;
    st = cx_buffer_view_format(v, r->max_elements, &values);
    if (!st) printf("result[%u]: hal.buffer_view\n%s\n", i, values);
    free(values);
  }
  fflush(stdout);
  for (uint32_t i = 0; results && i < nres; i++) cx_buffer_view_free_data(&results[i]);
  if (made_up)
    for (uint32_t i = 0; i < nargs; i++) cx_buffer_view_free_data(&views[i]);
  free(results);
  free(views);
  cx_input_list_free(&inputs);
  cx_rt_device_destroy(device);
  cx_rt_executable_release(exe);
  return st;
}
