// libFuzzer harness for the verifier and the reference interpreter.
//
// Each input is split like `cxla check` does (// -----); every chunk that
// parses (cx_module_parse_text) is verified (cx_module_verify), and every
// chunk that verifies is interpreted: each public function that takes no
// arguments is called, as `cxla check` calls them. The conformance tests are
// exactly such programs (constants in, check ops on the results), so seeding
// with them and mutating their constants, shapes and attributes reaches the
// interpreter's op evaluators with hostile-but-verified programs. Functions
// with arguments run on made-up inputs (dynamic dimensions 2).
//
// The contract under test: the verifier and the interpreter turn anything
// into a status, never a crash, a hang, a leak or undefined behaviour. The
// interpreter runs with an evaluation budget (cx_interp_options_t.max_steps
// and max_tensor_bytes), so a while loop that never ends or a giant iota
// ends in CX_OUT_OF_RANGE; libFuzzer's -timeout and -rss_limit_mb catch
// whatever escapes the budget. A budget error must carry the op's location.
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxla/interp.h"
#include "cxla/module.h"
#include "interp/tensor.h"
#include "ir/ir.h"

// The budget: generous for the corpus's small tests, small enough that one
// input takes at most a few seconds under ASan (about 2 us a step).
enum {
  kMaxSteps = 1000 * 1000,
  kMaxTensorBytes = 16 << 20,
};

typedef struct chunk_arg {
  cx_context_t* ctx;
  FILE* sink;    // interpreter.print output
  bool verbose;  // CXLA_FUZZ_VERBOSE=1: print each chunk's outcome (reproducing)
} chunk_arg_t;

static void report(const chunk_arg_t* a, const char* what, cx_status_t st) {
  if (!a->verbose) return;
  const char* loc = st ? cx_status_location(st) : NULL;
  fprintf(stderr, "interp_fuzz: %s: %s%s%s\n", what, loc ? loc : "", loc ? ": " : "",
          st ? cx_status_message(st) : "ok");
}

static void die_status(const char* what, cx_status_t st) {
  const char* loc = cx_status_location(st);
  fprintf(stderr, "interp_fuzz: %s: %s%s%s\n", what, loc ? loc : "", loc ? ": " : "",
          cx_status_message(st));
  abort();
}

// Inputs for a function's arguments: dynamic dimensions are 2, leading
// integer scalars (JAX's dimension variables) 2, floats 1, the rest zero.
// False if an argument cannot be made (a tuple) or the inputs are too big.
static bool synthesize(const cx_type_t* fn, cx_buffer_view_t* views) {
  size_t total = 0;
  bool leading = true;
  for (uint32_t i = 0; i < fn->func.num_inputs; i++) {
    const cx_type_t* t = fn->func.inputs[i];
    memset(&views[i], 0, sizeof(views[i]));
    if (cx_type_is_token(t)) continue;  // cx_interp_call makes the token
    if (!cx_type_is_tensor(t) || t->tensor.rank > CX_MAX_RANK) return false;
    cx_elem_t e = cx_type_elem(t->tensor.element);
    if (e == CX_ELEM_INVALID) return false;
    int64_t dims[CX_MAX_RANK];
    for (uint32_t d = 0; d < t->tensor.rank; d++)
      dims[d] = t->tensor.dims[d] == CX_DYNAMIC_DIM ? 2 : t->tensor.dims[d];
    int64_t count = 1;
    for (uint32_t d = 0; d < t->tensor.rank; d++) {
      if (dims[d] < 0 || (dims[d] && count > (int64_t)kMaxTensorBytes / dims[d])) return false;
      count *= dims[d];
    }
    size_t esize = cx_elem_storage_size(e);
    if ((uint64_t)count * esize > kMaxTensorBytes - total) return false;
    total += (size_t)count * esize;
    cx_status_t st = cx_buffer_view_allocate(e, t->tensor.rank, dims, &views[i]);
    if (st) {
      cx_status_free(st);
      return false;
    }
    bool dim_var = leading && t->tensor.rank == 0 && cx_elem_is_integer(e) && e != CX_ELEM_I1 &&
                   !cx_type_is_quant(t->tensor.element);
    if (!dim_var) leading = false;
    for (int64_t k = 0; k < count; k++) {
      void* p = (char*)views[i].data + (size_t)k * esize;
      if (dim_var) cx_store_int(e, p, 2);
      else if (cx_elem_is_float(e)) cx_store_float(e, p, 1.0);
    }
  }
  return true;
}

static void run_functions(chunk_arg_t* a, cx_module_t* m) {
  cx_interp_options_t io;
  memset(&io, 0, sizeof(io));
  io.print_output = a->sink;
  io.probe_dir = NULL;  // probes fail cleanly: nothing is written
  io.max_steps = kMaxSteps;
  io.max_tensor_bytes = kMaxTensorBytes;
  cx_interp_t* interp = NULL;
  cx_status_t st = cx_interp_create(m, &io, &interp);
  if (st) {
    cx_status_free(st);
    return;
  }
  for (cx_op_t* op = cx_module_block(m)->first_op; op; op = op->next) {
    if (op->kind != CX_OP_FUNC_FUNC || !cx_func_is_public(op) || !cx_func_body(op)) continue;
    const cx_type_t* fn = cx_func_type(op);
    const char* name = cx_func_name(op);
    if (!fn || !name) continue;
    // Functions with arguments run on made-up inputs (as `cxla check
    // --synthesize-inputs` does), so shape-polymorphic programs run too.
    uint32_t nargs = fn->func.num_inputs;
    cx_buffer_view_t* args = nargs ? calloc(nargs, sizeof(cx_buffer_view_t)) : NULL;
    if (nargs && (!args || !synthesize(fn, args))) {
      for (uint32_t i = 0; args && i < nargs; i++) cx_buffer_view_free_data(&args[i]);
      free(args);
      continue;
    }
    uint32_t n = 0;
    cx_buffer_view_t* results = NULL;
    st = cx_interp_call(interp, name, nargs, args, &n, &results);
    for (uint32_t i = 0; i < nargs; i++) cx_buffer_view_free_data(&args[i]);
    free(args);
    report(a, name, st);
    if (st) {
      // Running out of budget is an input error like any other, but it
      // must say where.
      if (cx_status_code(st) == CX_OUT_OF_RANGE && !cx_status_location(st) &&
          strstr(cx_status_message(st), "budget"))
        die_status("a budget error without a location", st);
      if (cx_status_code(st) == CX_INTERNAL) die_status("an internal error", st);
      cx_status_free(st);
    }
    cx_interp_free_results(n, results);
  }
  cx_interp_destroy(interp);
}

static cx_status_t run_chunk(const char* text, size_t len, unsigned first_line, void* arg) {
  chunk_arg_t* a = arg;
  cx_parse_options_t po = {"fuzz.mlir", first_line, false};
  cx_module_t* m = NULL;
  cx_status_t st = cx_module_parse_text(a->ctx, text, len, &po, &m);
  if (st) {
    report(a, "parse", st);
    cx_status_free(st);
    return NULL;
  }
  st = cx_module_verify(m);
  report(a, "verify", st);
  if (st) {
    cx_status_free(st);
  } else {
    run_functions(a, m);
  }
  cx_module_destroy(m);
  return NULL;
}

// ---- structure-aware mutation ------------------------------------------------
// Byte mutations mostly break the syntax, so few mutants reach the
// interpreter. Half of the mutations here edit the program as text instead:
// a number (a dimension, an attribute, a constant) becomes an edge value,
// an element type becomes another, or a line is deleted or duplicated; the
// result usually still parses, and often still verifies.

size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

static const char* const kNumbers[] = {
    "0", "1", "2", "3", "-1", "-2", "4", "5", "7", "8", "16", "31", "32", "63", "64", "127",
    "128", "255", "256", "1023", "65535", "65536", "1000000", "2147483647", "-2147483648",
    "4294967295", "4294967296", "9223372036854775807", "-9223372036854775808",
    "18446744073709551615", "0.5", "-0.0", "1.0e+38", "1.0e-45", "0x7FC00000", "0x7F800000"};
static const char* const kTypes[] = {"f32", "f64", "f16", "bf16", "i1", "i8", "i16", "i32",
                                     "i64", "ui8", "ui32", "ui64", "i4", "ui4", "f8E4M3FN",
                                     "f8E5M2", "complex<f32>", "complex<f64>", "tf32"};

static uint64_t next_rand(uint64_t* s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

// Replaces data[at, at + len) with `with`; returns the new size (or 0 if it
// would not fit).
static size_t splice(uint8_t* data, size_t size, size_t max_size, size_t at, size_t len,
                     const char* with, size_t wlen) {
  if (size - len + wlen > max_size) return 0;
  memmove(data + at + wlen, data + at + len, size - at - len);
  memcpy(data + at, with, wlen);
  return size - len + wlen;
}

static bool is_digit(uint8_t c) { return c >= '0' && c <= '9'; }
static bool is_word(uint8_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
}

// The k-th (mod count) token of a kind: numbers (digit runs with an
// optional '-') or element-type words. Returns false if there is none.
static bool find_token(const uint8_t* d, size_t size, bool numbers, uint64_t k, size_t* at,
                       size_t* len) {
  size_t count = 0;
  for (int pass = 0; pass < 2; pass++) {
    if (pass == 1) {
      if (!count) return false;
      k %= count;
      count = 0;
    }
    for (size_t i = 0; i < size;) {
      size_t start = i;
      if (numbers && (is_digit(d[i]) || (d[i] == '-' && i + 1 < size && is_digit(d[i + 1]))) &&
          (i == 0 || !is_word(d[i - 1]))) {
        i++;
        while (i < size && (is_digit(d[i]) || d[i] == '.')) i++;
      } else if (!numbers && is_word(d[i]) && (i == 0 || !is_word(d[i - 1]))) {
        while (i < size && is_word(d[i])) i++;
        size_t n = i - start;
        bool type = false;
        for (size_t t = 0; t < sizeof(kTypes) / sizeof(kTypes[0]) && !type; t++)
          type = strlen(kTypes[t]) == n && !memcmp(kTypes[t], d + start, n);
        if (!type) continue;
      } else {
        i++;
        continue;
      }
      if (pass == 1 && count == k) {
        *at = start;
        *len = i - start;
        return true;
      }
      count++;
    }
  }
  return false;
}

size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size, unsigned int seed) {
  uint64_t r = (uint64_t)seed * 0x9E3779B97F4A7C15ull | 1;
  uint64_t choice = next_rand(&r) % 8;
  if (choice < 4 || size == 0) return LLVMFuzzerMutate(data, size, max_size);
  size_t at, len, out = 0;
  if (choice <= 5) {
    // A number becomes an edge value (or its neighbour).
    if (find_token(data, size, true, next_rand(&r), &at, &len)) {
      char buf[32];
      const char* with;
      if (next_rand(&r) % 4 == 0) {
        long long v = strtoll((const char*)data + at, NULL, 10);  // stops at the token's end
        unsigned long long u = (unsigned long long)v + (next_rand(&r) % 2 ? 1ull : ~0ull);
        snprintf(buf, sizeof(buf), "%lld", (long long)u);  // wraps at the int64 edges
        with = buf;
      } else {
        with = kNumbers[next_rand(&r) % (sizeof(kNumbers) / sizeof(kNumbers[0]))];
      }
      out = splice(data, size, max_size, at, len, with, strlen(with));
    }
  } else if (choice == 6) {
    if (find_token(data, size, false, next_rand(&r), &at, &len)) {
      const char* with = kTypes[next_rand(&r) % (sizeof(kTypes) / sizeof(kTypes[0]))];
      out = splice(data, size, max_size, at, len, with, strlen(with));
    }
  } else {
    // Delete or duplicate a line.
    size_t lines = 0;
    for (size_t i = 0; i < size; i++) lines += data[i] == '\n';
    if (lines) {
      uint64_t k = next_rand(&r) % lines, seen = 0;
      size_t begin = 0;
      for (size_t i = 0; i < size && seen < k; i++)
        if (data[i] == '\n' && ++seen == k) begin = i + 1;
      size_t end = begin;
      while (end < size && data[end] != '\n') end++;
      if (end < size) end++;
      if (next_rand(&r) % 2) {
        out = splice(data, size, max_size, begin, end - begin, "", 0);
      } else if (size + (end - begin) <= max_size) {
        memmove(data + end + (end - begin), data + end, size - end);
        memcpy(data + end, data + begin, end - begin);
        out = size + (end - begin);
      }
    }
  }
  return out ? out : LLVMFuzzerMutate(data, size, max_size);
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // interpreter.print writes here; opened once (not a leak: it lives as
  // long as the process).
  static FILE* sink;
  if (!sink) sink = fopen("/dev/null", "w");
  if (!sink) return 0;
  // A fresh context per input, as in text_parser_fuzz.c.
  cx_context_t* ctx = NULL;
  if (cx_context_create(cx_allocator_system(), &ctx)) return 0;
  const char* v = getenv("CXLA_FUZZ_VERBOSE");
  chunk_arg_t arg = {ctx, sink, v && *v == '1'};
  cx_status_t st = cx_split_input((const char*)data, size, run_chunk, &arg);
  cx_status_free(st);
  cx_context_destroy(ctx);
  return 0;
}
