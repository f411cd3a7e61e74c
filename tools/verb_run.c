// cxla run: run a function of a program in the reference interpreter on
// inputs given in IREE's syntax, and print or save its results.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxla/interp.h"
#include "cxla/module.h"
#include "interp/input_spec.h"
#include "ir/ir.h"
#include "support/file.h"
#include "support/npy.h"
#include "support/strbuf.h"
#include "text/printer.h"
#include "tools/verbs.h"

typedef struct run_args {
  const char* file;
  const char* function;
  const char** inputs;
  int num_inputs;
  const char** outputs;
  int num_outputs;
  bool fill_elided;
  const char* probe_dir;
  long long max_elements;
} run_args_t;

// "tensor<2x?xf32>" for messages; caller frees.
extern char* cx_type_to_string(const cx_type_t* t);

static cx_status_t arg_error(const char* function, uint32_t i, const cx_type_t* t,
                             const char* fmt, const char* detail) {
  char* ts = cx_type_to_string(t);
  cx_status_t st = CX_ERROR(CX_INVALID_ARGUMENT, "argument %u (%s) of @%s: %s%s", i,
                            ts ? ts : "?", function, fmt, detail ? detail : "");
  free(ts);
  return st;
}

// Matches the inputs to the function's arguments and makes views of them.
// Token arguments need no input (a fresh token is passed).
static cx_status_t bind_inputs(const cx_type_t* fn, const char* function,
                               const cx_input_list_t* inputs, cx_buffer_view_t* views) {
  uint32_t next = 0, wanted = 0;
  for (uint32_t i = 0; i < fn->func.num_inputs; i++)
    if (!cx_type_is_token(fn->func.inputs[i])) wanted++;
  if (inputs->count != wanted)
    return CX_ERROR(CX_INVALID_ARGUMENT, "@%s takes %u input%s but %zu %s given", function,
                    wanted, wanted == 1 ? "" : "s", inputs->count,
                    inputs->count == 1 ? "was" : "were");
  for (uint32_t i = 0; i < fn->func.num_inputs; i++) {
    const cx_type_t* t = fn->func.inputs[i];
    if (cx_type_is_token(t)) {
      memset(&views[i], 0, sizeof(views[i]));
      continue;
    }
    if (!cx_type_is_tensor(t)) return arg_error(function, i, t, "only tensor arguments can be given", NULL);
    const cx_input_t* in = &inputs->items[next++];
    cx_elem_t want = cx_type_elem(t->tensor.element);
    cx_status_t st = cx_input_view(in, want, &views[i]);
    if (st) {
      cx_status_t e = arg_error(function, i, t, "", cx_status_message(st));
      cx_status_free(st);
      return e;
    }
    bool ok = views[i].rank == t->tensor.rank;
    for (uint32_t d = 0; ok && d < t->tensor.rank; d++)
      ok = t->tensor.dims[d] == CX_DYNAMIC_DIM || t->tensor.dims[d] == views[i].dims[d];
    if (!ok) {
      char shape[256] = "";
      size_t n = 0;
      for (uint32_t d = 0; d < views[i].rank && n < sizeof(shape) - 24; d++)
        n += (size_t)snprintf(shape + n, sizeof(shape) - n, "%s%lld", d ? "x" : "",
                              (long long)views[i].dims[d]);
      char detail[512];
      snprintf(detail, sizeof(detail), "%s has shape [%s] (rank %u)", in->source, shape,
               views[i].rank);
      return arg_error(function, i, t, "", detail);
    }
  }
  return NULL;
}

static void print_result(uint32_t i, const cx_buffer_view_t* v, const cx_type_t* declared,
                         long long max_elements) {
  cx_strbuf_t sb;
  cx_strbuf_init(&sb);
  if (v->elem == CX_ELEM_INVALID) {
    // Tokens and tuples carry no data in a buffer view: name the type only.
    char* ts = cx_type_to_string(declared);
    printf("result[%u]: %s\n", i, ts ? ts : "?");
    free(ts);
    return;
  }
  cx_strbuf_printf(&sb, "result[%u]: tensor<", i);
  for (uint32_t d = 0; d < v->rank; d++) cx_strbuf_printf(&sb, "%lldx", (long long)v->dims[d]);
  // A quantized result's values are its storage integers; its header keeps
  // the quant type.
  if (cx_type_is_tensor(declared) && cx_type_is_quant(declared->tensor.element))
    cx_print_type(&sb, declared->tensor.element);
  else
    cx_strbuf_puts(&sb, cx_elem_name(v->elem));
  cx_strbuf_puts(&sb, ">\n");
  cx_format_buffer_view(&sb, v, max_elements);
  cx_strbuf_putc(&sb, '\n');
  fputs(sb.data ? sb.data : "", stdout);
  cx_strbuf_free(&sb);
}

static cx_status_t write_output(const char* spec, uint32_t i, const cx_buffer_view_t* v) {
  if (spec[0] != '@')
    return CX_ERROR(CX_INVALID_ARGUMENT, "--output=%s: expected @FILE.npy (or '-' to print)",
                    spec);
  if (v->elem == CX_ELEM_INVALID)
    return CX_ERROR(CX_INVALID_ARGUMENT, "result %u is a token and cannot be written to %s", i,
                    spec + 1);
  cx_npy_array_t a;
  cx_npy_from_view(v, &a);
  cx_status_t st = cx_npy_write(spec + 1, &a);
  return st ? cx_status_prefix(st, "result %u", i) : NULL;
}

static cx_status_t run(const run_args_t* a) {
  char* data = NULL;
  size_t len = 0;
  CX_RETURN_IF_ERROR(cx_file_read(a->file, &data, &len));
  cx_context_t* ctx = NULL;
  cx_module_t* m = NULL;
  cx_interp_t* interp = NULL;
  cx_input_list_t inputs = {0};
  cx_buffer_view_t* views = NULL;
  cx_buffer_view_t* results = NULL;
  uint32_t num_results = 0;
  cx_status_t st = cx_context_create(cx_allocator_system(), &ctx);
  if (!st) {
    // Text or bytecode; the module takes the buffer (bytecode constants may
    // point into it).
    cx_parse_options_t po = {a->file, 0, a->fill_elided};
    st = cx_module_load(ctx, data, len, true, &po, &m);
    data = NULL;
  }
  if (!st) st = cx_module_verify(m);
  const cx_op_t* func = NULL;
  if (!st) {
    func = cx_module_lookup_func(m, a->function);
    if (!func || !cx_func_body(func))
      st = CX_ERROR(CX_NOT_FOUND, "%s has no function @%s", a->file, a->function);
  }
  for (int i = 0; i < a->num_inputs && !st; i++) {
    st = cx_input_parse(a->inputs[i], &inputs);
    if (st) st = cx_status_prefix(st, "--input #%d", i);
  }
  const cx_type_t* fn = func ? cx_func_type(func) : NULL;
  if (!st) {
    views = calloc(fn->func.num_inputs ? fn->func.num_inputs : 1, sizeof(cx_buffer_view_t));
    if (!views) st = CX_OOM();
  }
  if (!st) st = bind_inputs(fn, a->function, &inputs, views);
  if (!st) {
    cx_interp_options_t io = {.print_output = stdout, .probe_dir = a->probe_dir};
    st = cx_interp_create(m, &io, &interp);
  }
  if (!st)
    st = cx_interp_call(interp, a->function, fn->func.num_inputs, views, &num_results, &results);
  if (!st && a->num_outputs > (int)num_results)
    st = CX_ERROR(CX_INVALID_ARGUMENT, "%d --output flags for %u results", a->num_outputs,
                  num_results);
  fflush(stdout);
  for (uint32_t i = 0; i < num_results && !st; i++) {
    if ((int)i < a->num_outputs && strcmp(a->outputs[i], "-") != 0)
      st = write_output(a->outputs[i], i, &results[i]);
    else
      print_result(i, &results[i], fn->func.results[i], a->max_elements);
  }
  cx_interp_free_results(num_results, results);
  cx_interp_destroy(interp);
  free(views);
  cx_input_list_free(&inputs);
  cx_module_destroy(m);
  cx_context_destroy(ctx);
  free(data);
  return st;
}

static int run_run(int argc, char** argv) {
  run_args_t a;
  memset(&a, 0, sizeof(a));
  a.function = "main";
  a.max_elements = 1024;
  a.inputs = calloc((size_t)argc + 1, sizeof(char*));
  a.outputs = calloc((size_t)argc + 1, sizeof(char*));
  int rc = (a.inputs && a.outputs) ? 0 : 1;
  for (int i = 0; i < argc && !rc; i++) {
    const char* v;
    if (cx_tool_flag_value(argv[i], "--function", &v)) {
      a.function = *v == '@' ? v + 1 : v;
    } else if (cx_tool_flag_value(argv[i], "--input", &v)) {
      a.inputs[a.num_inputs++] = v;
    } else if (cx_tool_flag_value(argv[i], "--output", &v)) {
      a.outputs[a.num_outputs++] = v;
    } else if (cx_tool_flag_value(argv[i], "--probe-dir", &v)) {
      a.probe_dir = v;
    } else if (cx_tool_flag_value(argv[i], "--print-max-elements", &v)) {
      char* end;
      a.max_elements = strtoll(v, &end, 10);
      if (*end) {
        fprintf(stderr, "cxla run: --print-max-elements wants a number, got '%s'\n", v);
        rc = 2;
      }
    } else if (!strcmp(argv[i], "--fill-elided")) {
      a.fill_elided = true;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "cxla run: unknown option '%s'\n", argv[i]);
      rc = 2;
    } else if (!a.file) {
      a.file = argv[i];
    } else {
      fprintf(stderr, "cxla run: more than one program file ('%s', '%s')\n", a.file, argv[i]);
      rc = 2;
    }
  }
  if (!rc && !a.file) {
    fprintf(stderr, "cxla run: no program file (see cxla run --help)\n");
    rc = 2;
  }
  if (!rc) {
    cx_status_t st = run(&a);
    if (st) rc = cx_tool_error(st);
  }
  free(a.inputs);
  free(a.outputs);
  return rc;
}

const cx_verb_t cx_verb_run = {
    "run", run_run, "run a function of a program in the reference interpreter",
    "usage: cxla run FILE [--function=main] [--input=SPEC]... [--output=@OUT.npy]...\n"
    "                [--fill-elided] [--probe-dir=DIR] [--print-max-elements=N]\n"
    "Runs a function of a StableHLO program in the reference interpreter.\n"
    "Inputs, one --input per argument in order (IREE's syntax):\n"
    "  --input=2x3xf32=1,2,3,4,5,6   shape x element type = values\n"
    "  --input=f32=3.5               a scalar;  --input=2xi1=true,false\n"
    "  --input=2x2xf32=0             one value fills the tensor; no '=': zeros\n"
    "  --input=@x.npy                a NumPy array\n"
    "  --input=@params.npz           every array of the archive, in order\n"
    "Token arguments take no input. Results print as 'result[i]: tensor<...>'\n"
    "followed by IREE-style values ('2x2xf32=[1 2][3 4]', abbreviated after\n"
    "--print-max-elements, default 1024), or go to .npy files: one --output per\n"
    "result in order ('-' prints that result). bf16 and the f8/f6/f4 types are\n"
    "read and written as raw bits (NumPy dtypes <V2 / |V1).\n"};
