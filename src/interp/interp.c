// The interpreter's evaluation core: preparing a module, function frames,
// region evaluation, and dispatch of each op to its family's evaluator.
#include "interp/interp.h"
#include "ir/gspmd_manual.h"
#include "ir/sdy_round_trip.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ir/print.h"

static const cx_family_eval_fn kFamilyEval[CX_FAMILY_COUNT] = {
#define CX_FAMILY(id) [CX_FAMILY_##id] = cx_eval_family_##id,
#include "ir/op_families.def"
#undef CX_FAMILY
};

cx_status_t cx_eval_error(const cx_op_t* op, cx_status_code_t code, const char* fmt, ...) {
  char msg[2048];
  va_list args;
  va_start(args, fmt);
  vsnprintf(msg, sizeof(msg), fmt, args);
  va_end(args);
  cx_status_t st = cx_status_make(code, __FILE__, __LINE__, "'%s' op %s", op->name, msg);
  char loc[512];
  return cx_status_with_location(st, cx_loc_format(op->loc, loc, sizeof(loc)));
}

cx_status_t cx_eval_types_error(const cx_op_t* op, cx_status_code_t code, const char* fmt,
                                const char* what, const cx_tensor_t* a, const cx_tensor_t* b) {
  char* sa = cx_tensor_type_string(a);
  char* sb = cx_tensor_type_string(b);
  cx_status_t st = cx_eval_error(op, code, fmt, what, sa ? sa : "?", sb ? sb : "?");
  cx_free_malloced(sa);
  cx_free_malloced(sb);
  return st;
}

cx_status_t cx_eval_wrap(const cx_op_t* op, cx_status_t st) {
  if (!st) return NULL;
  cx_status_t w = cx_eval_error(op, cx_status_code(st), "%s", cx_status_message(st));
  cx_status_free(st);
  return w;
}

cx_status_t cx_eval_dispatch(const cx_eval_row_t* rows, size_t count, const char* family,
                             bool one_result, cx_eval_t* ev, const cx_op_t* op,
                             cx_tensor_t* const* args, cx_tensor_t** results) {
  if (one_result && op->num_results != 1)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "must have exactly one result");
  for (size_t i = 0; i < count; i++) {
    const cx_eval_row_t* r = &rows[i];
    if (r->kind != op->kind) continue;
    if (r->min_operands == r->max_operands && op->num_operands != r->min_operands)
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "expects %u operands but has %u",
                           r->min_operands, op->num_operands);
    if (op->num_operands < r->min_operands)
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "has too few operands");
    return r->fn(ev, op, args, results);
  }
  return cx_eval_error(op, CX_INTERNAL, "is not a %s op", family);
}

// ----------------------------------------------------------------------------
// Setup.

static void free_entry(cx_strmap_entry_t* e, void* arg) {
  cx_interp_t* interp = arg;
  cx_free(interp->allocator, e->value);
}

void cx_interp_destroy(cx_interp_t* interp) {
  if (!interp) return;
  size_t cursor = 0;
  void* info;
  while (cx_ptrmap_next(&interp->functions, &cursor, NULL, &info)) cx_free(interp->allocator, info);
  cx_ptrmap_free(&interp->functions);
  cx_symbol_table_destroy(&interp->symbols);
  cx_strmap_foreach(&interp->custom_calls, free_entry, interp);
  cx_strmap_free(&interp->custom_calls);
  cx_free(interp->allocator, interp->slots);
  cx_free(interp->allocator, interp);
}

// Numbers the values of a function's regions into frame slots.
static void number_block(cx_interp_t* interp, const cx_block_t* b, uint32_t* next);

static void number_op(cx_interp_t* interp, const cx_op_t* op, uint32_t* next) {
  for (uint32_t i = 0; i < op->num_results; i++) interp->slots[op->results[i].id] = (*next)++;
  for (uint32_t r = 0; r < op->num_regions; r++)
    for (const cx_block_t* b = op->regions[r].first_block; b; b = b->next)
      number_block(interp, b, next);
}

static void number_block(cx_interp_t* interp, const cx_block_t* b, uint32_t* next) {
  for (uint32_t i = 0; i < b->num_args; i++) interp->slots[b->args[i]->id] = (*next)++;
  for (const cx_op_t* op = b->first_op; op; op = op->next) number_op(interp, op, next);
}

cx_status_t cx_interp_create(cx_module_t* module, const cx_interp_options_t* options,
                             cx_interp_t** out) {
  *out = NULL;
  cx_allocator_t a = module->ctx->allocator;
  cx_interp_t* interp = cx_calloc(a, 1, sizeof(*interp));
  if (!interp) return CX_OOM();
  interp->module = module;
  interp->ctx = module->ctx;
  interp->allocator = a;
  if (options) interp->options = *options;
  cx_ptrmap_init(&interp->functions, a);
  cx_strmap_init(&interp->custom_calls, a);
  // Shardy's round-trip form and GSPMD's manual regions as Shardy's ops
  // first (ir/sdy_round_trip.h, ir/gspmd_manual.h):
  // the module is changed in place, before its values are numbered.
  cx_status_t st = cx_sdy_import_round_trip(module, NULL);
  if (!st) st = cx_gspmd_import_manual(module, NULL);
  if (!st) st = cx_symbol_table_build(&interp->symbols, module);
  interp->num_ids = module->next_value_id;
  if (!st) {
    interp->slots = cx_alloc_array(a, interp->num_ids, sizeof(uint32_t));
    if (!interp->slots) st = CX_OOM();
  }
  if (!st) memset(interp->slots, 0xff, interp->num_ids * sizeof(uint32_t));
  for (cx_op_t* op = cx_module_block(module)->first_op; op && !st; op = op->next) {
    if (op->kind != CX_OP_FUNC_FUNC || !cx_func_name(op)) continue;
    cx_interp_func_t* f = cx_calloc(a, 1, sizeof(*f));
    if (!f || !cx_ptrmap_put(&interp->functions, op, f)) {
      cx_free(a, f);
      st = CX_OOM();
      break;
    }
    f->op = op;
    for (uint32_t r = 0; r < op->num_regions; r++)
      for (const cx_block_t* b = op->regions[r].first_block; b; b = b->next)
        number_block(interp, b, &f->num_values);
  }
  if (!st) st = cx_interp_register_builtin_custom_calls(interp);
  if (st) {
    cx_interp_destroy(interp);
    return st;
  }
  *out = interp;
  return NULL;
}

cx_status_t cx_interp_register_custom_call(cx_interp_t* interp, const char* target,
                                           cx_custom_call_fn fn, void* user_data) {
  cx_strmap_entry_t* e = cx_strmap_find(&interp->custom_calls, target, strlen(target));
  cx_custom_call_entry_t* entry = e ? e->value : cx_calloc(interp->allocator, 1, sizeof(*entry));
  if (!entry) return CX_OOM();
  entry->fn = fn;
  entry->user_data = user_data;
  if (!e && !cx_strmap_put(&interp->custom_calls, target, strlen(target), entry)) {
    cx_free(interp->allocator, entry);
    return CX_OOM();
  }
  return NULL;
}

const cx_interp_func_t* cx_interp_find_func(const cx_interp_t* interp, const char* name) {
  cx_op_t* op = cx_symbol_table_lookup(&interp->symbols, name);
  return op ? cx_ptrmap_get(&interp->functions, op) : NULL;
}

// ----------------------------------------------------------------------------
// The evaluation budget.

cx_status_t cx_eval_charge(cx_eval_t* ev, const cx_op_t* op, uint64_t steps) {
  uint64_t max = ev->interp->options.max_steps;
  ev->steps = steps > UINT64_MAX - ev->steps ? UINT64_MAX : ev->steps + steps;
  if (max && ev->steps > max)
    return cx_eval_error(op, CX_OUT_OF_RANGE, "exceeds the evaluation budget of %llu steps",
                         (unsigned long long)max);
  return NULL;
}

double cx_eval_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

cx_status_t cx_eval_poll(const cx_eval_t* ev, const cx_op_t* op) {
  const cx_interp_options_t* o = &ev->interp->options;
  if (o->cancel && __atomic_load_n(o->cancel, __ATOMIC_RELAXED))
    return cx_eval_error(op, CX_CANCELLED, "cancelled while running");
  if (ev->deadline > 0 && cx_eval_now() > ev->deadline)
    return cx_eval_error(op, CX_CANCELLED, "exceeds the time limit of %g s",
                         o->timeout_seconds);
  return NULL;
}

// Elements of a shape, saturating at UINT64_MAX.
static uint64_t shape_elements(uint32_t rank, const int64_t* dims) {
  uint64_t n = 1;
  for (uint32_t d = 0; d < rank; d++) {
    uint64_t k = dims[d] < 0 ? 0 : (uint64_t)dims[d];
    if (k && n > UINT64_MAX / k) return UINT64_MAX;
    n *= k;
  }
  return n;
}

cx_status_t cx_eval_check_size(const cx_eval_t* ev, const cx_op_t* op, size_t esize,
                               uint32_t rank, const int64_t* dims) {
  uint64_t max = ev->interp->options.max_tensor_bytes;
  if (!max) return NULL;
  uint64_t n = shape_elements(rank, dims);
  if (n && (uint64_t)esize > max / n)
    return cx_eval_error(op, CX_OUT_OF_RANGE,
                         "would create a tensor of %llu elements of %zu bytes, more than the "
                         "limit of %llu bytes",
                         (unsigned long long)n, esize, (unsigned long long)max);
  return NULL;
}

static uint64_t value_elements(const cx_tensor_t* t) {
  return t && t->kind == CX_VALUE_TENSOR ? (uint64_t)t->num_elements : 1;
}

// Before an op runs: charges its operands and statically shaped results and
// checks the size of those results (a giant iota, broadcast or constant
// fails here instead of allocating).
static cx_status_t budget_before(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args) {
  const cx_interp_options_t* o = &ev->interp->options;
  if (!o->max_steps && !o->max_tensor_bytes) return NULL;
  uint64_t cost = 1;
  for (uint32_t i = 0; i < op->num_operands; i++) {
    uint64_t n = value_elements(args[i]);
    cost = n > UINT64_MAX - cost ? UINT64_MAX : cost + n;
  }
  for (uint32_t i = 0; i < op->num_results; i++) {
    const cx_type_t* t = op->results[i].type;
    if (!cx_type_is_tensor(t) || !cx_tensor_has_static_shape(t)) continue;
    if (t->tensor.rank > CX_MAX_RANK) continue;  // the op reports it
    cx_elem_t e = cx_type_elem(t->tensor.element);
    if (e != CX_ELEM_INVALID)
      CX_RETURN_IF_ERROR(cx_eval_check_size(ev, op, cx_elem_storage_size(e), t->tensor.rank,
                                            t->tensor.dims));
    uint64_t n = shape_elements(t->tensor.rank, t->tensor.dims);
    cost = n > UINT64_MAX - cost ? UINT64_MAX : cost + n;
  }
  return cx_eval_charge(ev, op, cost);
}

// After an op ran: results whose size the type did not fix (dynamic shapes)
// are charged and checked now.
static cx_status_t budget_after(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* results) {
  const cx_interp_options_t* o = &ev->interp->options;
  if (!o->max_steps && !o->max_tensor_bytes) return NULL;
  uint64_t cost = 0;
  for (uint32_t i = 0; i < op->num_results; i++) {
    const cx_tensor_t* r = results[i];
    const cx_type_t* t = op->results[i].type;
    if (r->kind != CX_VALUE_TENSOR || (cx_type_is_tensor(t) && cx_tensor_has_static_shape(t)))
      continue;
    CX_RETURN_IF_ERROR(cx_eval_check_size(ev, op, r->esize, r->rank, r->dims));
    uint64_t n = (uint64_t)r->num_elements;
    cost = n > UINT64_MAX - cost ? UINT64_MAX : cost + n;
  }
  return cost ? cx_eval_charge(ev, op, cost) : NULL;
}

// ----------------------------------------------------------------------------
// Evaluation.

// A failure from a helper that knows no op (a tensor that cannot be
// allocated, a size that overflows) is reported at the op that ran it, as
// cx_eval_error would: "'stablehlo.pad' op cannot allocate ..." at its location.
static cx_status_t at_op(const cx_op_t* op, cx_status_t st) {
  if (!st || cx_status_location(st)) return st;
  return cx_eval_wrap(op, st);
}

static cx_status_t eval_op(cx_eval_t* ev, const cx_op_t* op) {
  cx_tensor_t* args_small[16];
  cx_tensor_t* results_small[16];
  cx_tensor_t** args = op->num_operands <= 16
                           ? args_small
                           : cx_alloc_array(ev->allocator, op->num_operands, sizeof(cx_tensor_t*));
  cx_tensor_t** results = op->num_results <= 16
                              ? results_small
                              : cx_calloc(ev->allocator, op->num_results, sizeof(cx_tensor_t*));
  cx_status_t st = NULL;
  if (!args || !results) {
    st = CX_OOM();
    goto out;
  }
  memset(results, 0, op->num_results * sizeof(cx_tensor_t*));
  for (uint32_t i = 0; i < op->num_operands; i++) {
    uint32_t slot = cx_eval_slot(ev, op->operands[i].value);
    args[i] = slot < ev->frame->size ? ev->frame->values[slot] : NULL;
    if (!args[i]) {
      st = cx_eval_error(op, CX_INTERNAL, "operand #%u has no value (used before defined?)", i);
      goto out;
    }
  }
  st = cx_eval_poll(ev, op);
  if (!st) st = budget_before(ev, op, args);
  if (st) goto out;
  st = at_op(op, kFamilyEval[cx_op_info(op->kind)->family](ev, op, args, results));
  if (st) {
    for (uint32_t i = 0; i < op->num_results; i++) cx_tensor_release(results[i]);
    goto out;
  }
  for (uint32_t i = 0; i < op->num_results; i++) {
    if (!results[i]) {
      st = cx_eval_error(op, CX_INTERNAL, "produced no value for result #%u", i);
      break;
    }
    // The spec fixes each result's type; a mismatch is an interpreter bug or
    // a dynamic shape the program promised differently.
    if (!cx_tensor_matches_type(results[i], op->results[i].type)) {
      char* got = cx_tensor_type_string(results[i]);
      char* want = cx_type_to_string(op->results[i].type);
      st = cx_eval_error(op, CX_INVALID_ARGUMENT, "result #%u is %s but the op declares %s", i,
                         got ? got : "?", want ? want : "?");
      cx_free_malloced(got);
      cx_free_malloced(want);
      break;
    }
  }
  if (!st) st = at_op(op, budget_after(ev, op, results));
  if (st) {
    for (uint32_t i = 0; i < op->num_results; i++) cx_tensor_release(results[i]);
    goto out;
  }
  for (uint32_t i = 0; i < op->num_results; i++) {
    uint32_t slot = cx_eval_slot(ev, &op->results[i]);
    if (slot >= ev->frame->size) {
      // An op added after cx_interp_create has no slots.
      for (uint32_t j = i; j < op->num_results; j++) cx_tensor_release(results[j]);
      st = cx_eval_error(op, CX_INTERNAL, "result #%u has no frame slot (IR changed after the "
                         "interpreter was created?)", i);
      break;
    }
    cx_tensor_release(ev->frame->values[slot]);
    ev->frame->values[slot] = results[i];
  }
out:
  if (args != args_small) cx_free(ev->allocator, args);
  if (results != results_small) cx_free(ev->allocator, results);
  return st;
}

static void release_block_values(cx_eval_t* ev, const cx_block_t* b) {
  cx_frame_t* f = ev->frame;
  for (uint32_t i = 0; i < b->num_args; i++) {
    uint32_t slot = cx_eval_slot(ev, b->args[i]);
    if (slot >= f->size) continue;
    cx_tensor_release(f->values[slot]);
    f->values[slot] = NULL;
  }
  for (const cx_op_t* op = b->first_op; op; op = op->next) {
    for (uint32_t i = 0; i < op->num_results; i++) {
      uint32_t slot = cx_eval_slot(ev, &op->results[i]);
      if (slot >= f->size) continue;
      cx_tensor_release(f->values[slot]);
      f->values[slot] = NULL;
    }
  }
}

cx_status_t cx_eval_region(cx_eval_t* ev, const cx_region_t* region, uint32_t num_args,
                           cx_tensor_t* const* args, uint32_t max_results, uint32_t* num_results,
                           cx_tensor_t** results) {
  *num_results = 0;
  const cx_block_t* b = region->first_block;
  if (!b) return CX_ERROR(CX_INVALID_ARGUMENT, "cannot evaluate an empty region");
  if (b->num_args != num_args)
    return CX_ERROR(CX_INVALID_ARGUMENT, "region expects %u arguments but got %u", b->num_args,
                    num_args);
  if (++ev->depth > CX_EVAL_MAX_DEPTH) {
    ev->depth--;
    // At the op that owns the region (the function for a call), so that the
    // error names a place.
    if (region->parent)
      return cx_eval_error(region->parent, CX_OUT_OF_RANGE,
                           "regions and calls nested deeper than %d", CX_EVAL_MAX_DEPTH);
    return CX_ERROR(CX_OUT_OF_RANGE, "regions and calls nested deeper than %d", CX_EVAL_MAX_DEPTH);
  }
  // Every region run costs a step of the budget, so that regions without
  // ops (a while loop returning captured values) cannot run forever.
  cx_status_t st = region->parent ? cx_eval_poll(ev, region->parent) : NULL;
  if (!st && ev->interp->options.max_steps && region->parent)
    st = cx_eval_charge(ev, region->parent, 1);
  if (st) {
    ev->depth--;
    return st;
  }
  cx_frame_t* f = ev->frame;
  for (uint32_t i = 0; i < num_args; i++) {
    uint32_t slot = cx_eval_slot(ev, b->args[i]);
    if (slot >= f->size) {
      ev->depth--;
      return CX_ERROR(CX_INTERNAL, "block argument #%u has no frame slot (IR changed after the "
                      "interpreter was created?)", i);
    }
    cx_tensor_release(f->values[slot]);
    f->values[slot] = cx_tensor_retain(args[i]);
  }
  const cx_op_t* term = NULL;
  for (const cx_op_t* op = b->first_op; op; op = op->next) {
    if (cx_op_has_trait(op, CX_TRAIT_TERMINATOR)) {
      term = op;
      break;
    }
    st = eval_op(ev, op);
    if (st) break;
  }
  if (!st) {
    if (!term) {
      st = CX_ERROR(CX_INVALID_ARGUMENT, "region has no terminator");
    } else if (term->num_operands > max_results) {
      st = cx_eval_error(term, CX_INVALID_ARGUMENT, "returns %u values where at most %u fit",
                         term->num_operands, max_results);
    } else {
      for (uint32_t i = 0; i < term->num_operands; i++) {
        uint32_t slot = cx_eval_slot(ev, term->operands[i].value);
        cx_tensor_t* v = slot < f->size ? f->values[slot] : NULL;
        if (!v) {
          st = cx_eval_error(term, CX_INTERNAL, "operand #%u has no value", i);
          for (uint32_t j = 0; j < i; j++) cx_tensor_release(results[j]);
          break;
        }
        results[i] = cx_tensor_retain(v);
      }
      if (!st) *num_results = term->num_operands;
    }
  }
  release_block_values(ev, b);
  ev->depth--;
  return st;
}

cx_status_t cx_eval_region_exact(cx_eval_t* ev, const cx_op_t* op, const cx_region_t* region,
                                 uint32_t num_args, cx_tensor_t* const* args,
                                 uint32_t num_results, const char* what, cx_tensor_t** results) {
  uint32_t n;
  CX_RETURN_IF_ERROR(cx_eval_region(ev, region, num_args, args, num_results, &n, results));
  if (n == num_results) return NULL;
  for (uint32_t i = 0; i < n; i++) cx_tensor_release(results[i]);
  if (op)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "%s returned %u values, expected %u", what, n,
                         num_results);
  return CX_ERROR(CX_INVALID_ARGUMENT, "%s returned %u values, expected %u", what, n, num_results);
}

cx_status_t cx_eval_region_scalars(cx_eval_t* ev, const cx_region_t* region, uint32_t num_args,
                                   cx_tensor_t* const* args, uint32_t num_results,
                                   cx_tensor_t** results) {
  return cx_eval_region_exact(ev, NULL, region, num_args, args, num_results, "region", results);
}

cx_status_t cx_eval_call(cx_eval_t* ev, const cx_op_t* func, uint32_t num_args,
                         cx_tensor_t* const* args, uint32_t* num_results, cx_tensor_t*** results) {
  *num_results = 0;
  *results = NULL;
  const char* name = cx_func_name(func);
  const cx_interp_func_t* info = name ? cx_interp_find_func(ev->interp, name) : NULL;
  if (!info || info->op != func)
    return CX_ERROR(CX_NOT_FOUND, "function '%s' is not part of the module", name ? name : "?");
  if (!cx_func_body(func))
    return CX_ERROR(CX_INVALID_ARGUMENT, "function '%s' has no body", name);
  const cx_type_t* fn = cx_func_type(func);
  if (fn->func.num_inputs != num_args)
    return CX_ERROR(CX_INVALID_ARGUMENT, "function '%s' takes %u arguments, got %u", name,
                    fn->func.num_inputs, num_args);
  cx_frame_t frame = {cx_calloc(ev->allocator, info->num_values, sizeof(cx_tensor_t*)),
                      info->num_values};
  if (!frame.values) return CX_OOM();
  cx_frame_t* saved = ev->frame;
  ev->frame = &frame;
  uint32_t n_out = fn->func.num_results;
  cx_tensor_t** out = cx_calloc(ev->allocator, n_out, sizeof(cx_tensor_t*));
  cx_status_t st = out ? NULL : CX_OOM();
  uint32_t got = 0;
  if (!st) st = cx_eval_region(ev, &func->regions[0], num_args, args, n_out, &got, out);
  ev->frame = saved;
  for (uint32_t i = 0; i < frame.size; i++) cx_tensor_release(frame.values[i]);
  cx_free(ev->allocator, frame.values);
  if (!st && got != n_out)
    st = CX_ERROR(CX_INVALID_ARGUMENT, "function '%s' returned %u values, its type says %u", name,
                  got, n_out);
  if (st) {
    for (uint32_t i = 0; i < got; i++) cx_tensor_release(out[i]);
    cx_free(ev->allocator, out);
    // A recursion names each function once, not once per level (up to
    // CX_EVAL_MAX_DEPTH times).
    char prefix[256];
    snprintf(prefix, sizeof(prefix), "in function '%s': ", name);
    if (!strncmp(cx_status_message(st), prefix, strlen(prefix))) return st;
    return cx_status_prefix(st, "in function '%s'", name);
  }
  *num_results = n_out;
  *results = out;
  return NULL;
}

// ----------------------------------------------------------------------------
// The public entry point.

cx_status_t cx_interp_call(cx_interp_t* interp, const char* function, uint32_t num_args,
                           const cx_buffer_view_t* args, uint32_t* out_num_results,
                           cx_buffer_view_t** out_results) {
  *out_num_results = 0;
  *out_results = NULL;
  const cx_interp_func_t* info = cx_interp_find_func(interp, function);
  if (!info) return CX_ERROR(CX_NOT_FOUND, "no function named '%s'", function);
  const cx_type_t* fn = cx_func_type(info->op);
  if (fn->func.num_inputs != num_args)
    return CX_ERROR(CX_INVALID_ARGUMENT, "function '%s' takes %u arguments but %u were given",
                    function, fn->func.num_inputs, num_args);
  cx_allocator_t a = interp->allocator;
  cx_tensor_t** targs = cx_calloc(a, num_args, sizeof(cx_tensor_t*));
  if (!targs) return CX_OOM();
  cx_status_t st = NULL;
  for (uint32_t i = 0; i < num_args && !st; i++) {
    const cx_type_t* t = fn->func.inputs[i];
    if (t->kind == CX_TYPE_TOKEN) {
      st = cx_tensor_token(a, &targs[i]);
      continue;
    }
    char* want = cx_type_to_string(t);
    if (!cx_type_is_tensor(t) || cx_type_elem(t->tensor.element) != args[i].elem ||
        t->tensor.rank != args[i].rank) {
      st = CX_ERROR(CX_INVALID_ARGUMENT, "argument %u of '%s' must be %s but got %s of rank %u",
                    i, function, want ? want : "?", cx_elem_name(args[i].elem), args[i].rank);
      cx_free_malloced(want);
      break;
    }
    for (uint32_t d = 0; d < args[i].rank && !st; d++) {
      if (t->tensor.dims[d] != CX_DYNAMIC_DIM && t->tensor.dims[d] != args[i].dims[d])
        st = CX_ERROR(CX_INVALID_ARGUMENT,
                      "argument %u of '%s' must be %s but dimension %u has size %lld", i,
                      function, want ? want : "?", d, (long long)args[i].dims[d]);
    }
    cx_free_malloced(want);
    if (st) break;
    st = cx_tensor_create(a, t->tensor.element, args[i].rank, args[i].dims, &targs[i]);
    if (st) st = cx_status_prefix(st, "argument %u of '%s'", i, function);
    if (!st && targs[i]->nbytes != args[i].nbytes)
      st = CX_ERROR(CX_INVALID_ARGUMENT, "argument %u of '%s' has %zu bytes, expected %zu", i,
                    function, args[i].nbytes, targs[i]->nbytes);
    if (!st && targs[i]->nbytes) memcpy(targs[i]->data, args[i].data, targs[i]->nbytes);
  }
  cx_process_t process = {0, 0, 1, 1, NULL};
  cx_eval_t ev = {a, interp, &process, NULL, 0, 0, 0};
  if (interp->options.timeout_seconds > 0)
    ev.deadline = cx_eval_now() + interp->options.timeout_seconds;
  uint32_t n = 0;
  cx_tensor_t** results = NULL;
  if (!st) st = cx_eval_call(&ev, info->op, num_args, targs, &n, &results);
  for (uint32_t i = 0; i < num_args; i++) cx_tensor_release(targs[i]);
  cx_free(a, targs);
  if (st) return st;
  // The results are the caller's: malloc'ed (interp.h).
  cx_buffer_view_t* views = cx_calloc(cx_allocator_system(), n, sizeof(cx_buffer_view_t));
  if (!views) st = CX_OOM();
  for (uint32_t i = 0; i < n && !st; i++) {
    cx_tensor_t* t = results[i];
    if (t->kind != CX_VALUE_TENSOR) {
      // Tokens carry no data; return them as empty views of rank 0.
      views[i].elem = CX_ELEM_INVALID;
      continue;
    }
    st = cx_buffer_view_allocate(t->elem, t->rank, t->dims, &views[i]);
    if (st) st = cx_status_prefix(st, "result %u of '%s'", i, function);
    if (!st && t->nbytes) memcpy(views[i].data, t->data, t->nbytes);
  }
  for (uint32_t i = 0; i < n; i++) cx_tensor_release(results[i]);
  cx_free(a, results);
  if (st) {
    cx_interp_free_results(n, views);
    return st;
  }
  *out_num_results = n;
  *out_results = views;
  return NULL;
}

void cx_interp_free_results(uint32_t num_results, cx_buffer_view_t* results) {
  if (!results) return;
  for (uint32_t i = 0; i < num_results; i++) cx_buffer_view_free_data(&results[i]);
  cx_free_malloced(results);
}
