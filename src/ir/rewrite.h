// Pattern rewriting: patterns, pattern sets, the rewriter that edits the IR
// on a pattern's behalf, and the greedy worklist driver.
//
// A pattern matches one op kind (or any op) and, when it applies, rewrites
// the IR through the rewriter:
//
//   static cx_status_t fold_neg_neg(cx_rewriter_t* rw, cx_op_t* op, bool* applied) {
//     cx_op_t* inner = cx_op_operand(op, 0)->def_op;      // neg(neg(x)) -> x
//     if (!inner || inner->kind != CX_OP_NEGATE) return NULL;  // no match: change nothing
//     cx_value_t* x = cx_op_operand(inner, 0);
//     cx_rw_replace_op(rw, op, &x);
//     *applied = true;
//     return NULL;
//   }
//   ...
//   cx_pattern_set_add(&set, &(cx_pattern_t){"neg_neg", CX_OP_NEGATE, fold_neg_neg});
//   CX_RETURN_IF_ERROR(cx_rewrite_greedy(module, func, &set, NULL, &stats));
//
// Rules for patterns:
//   - Change nothing unless you apply; set *applied when you do.
//   - Make every change through the rewriter (cx_rw_*) or its builder
//     (cx_rw_builder: insertion point just before the matched op, location
//     that op's), so use lists and the driver's worklist stay consistent:
//     ops the rewriter sees created, modified or left without users are
//     (re)visited, erased ops are forgotten.
//   - Build new ops with result types from the shape functions
//     (cx_infer_result_types, ir/infer.h) or from types at hand.
//   - Returning an error aborts the driver (out of memory, or a state the
//     pattern cannot handle and must not ignore). A failed match is not an
//     error.
//
// The driver erases trivially dead ops (pure, not a terminator, no result
// used: cx_op_is_trivially_dead) as it meets them, so a pattern that
// replaces an op need not clean up the ops that fed it.
#ifndef CXLA_IR_REWRITE_H_
#define CXLA_IR_REWRITE_H_

#include "ir/builder.h"
#include "ir/ir.h"
#include "support/ptrmap.h"

typedef struct cx_rewriter cx_rewriter_t;

// Tries to rewrite `op`; sets *out_applied when it did (it is false on entry).
typedef cx_status_t (*cx_pattern_fn)(cx_rewriter_t* rw, cx_op_t* op, bool* out_applied);

// cx_pattern_t.root for patterns that look at every op.
#define CX_PATTERN_ANY_OP CX_OP_COUNT

typedef struct cx_pattern {
  const char* name;    // statistics key, e.g. "add_zero" (the set keeps the pointer)
  cx_op_kind_t root;   // the op kind matched, or CX_PATTERN_ANY_OP
  cx_pattern_fn fn;
  void* user_data;     // for the pattern (cx_rw_pattern)
} cx_pattern_t;

// Patterns in the order added: for an op, the driver tries the patterns of
// its kind first, then the any-op patterns, each in that order, and stops
// at the first that applies.
typedef struct cx_pattern_set {
  cx_pattern_t* patterns;
  uint64_t* applied;  // per pattern: times it applied, over every run
  uint32_t count, cap;
  // The set's arrays; cx_pattern_set_init leaves it zero: the system
  // allocator (sets are built by passes, before and apart from modules).
  cx_allocator_t allocator;
} cx_pattern_set_t;

void cx_pattern_set_init(cx_pattern_set_t* set);
void cx_pattern_set_destroy(cx_pattern_set_t* set);
CX_MUST_USE cx_status_t cx_pattern_set_add(cx_pattern_set_t* set, const cx_pattern_t* pattern);
// Times the pattern named `name` applied (0 if there is none).
uint64_t cx_pattern_set_applied(const cx_pattern_set_t* set, const char* name);

// ---- the rewriter ------------------------------------------------------------------

struct cx_rewriter {
  cx_module_t* module;
  cx_builder_t builder;            // inserts before the op being rewritten
  const cx_pattern_t* pattern;     // the pattern running (NULL outside patterns)
  // The worklist: a stack of ops to visit (NULL where an op was erased), and
  // op -> index + 1 for the ops on it.
  cx_op_t** list;
  size_t len, cap;
  cx_ptrmap_t index;
  cx_op_t* scope;                  // only ops nested in it are visited (NULL: all)
  bool changed;                    // anything changed since the flag was cleared
  cx_status_t error;               // first failure inside a notification (sticky)
};

// A rewriter for use outside the driver (its worklist is then unused).
void cx_rewriter_init(cx_rewriter_t* rw, cx_module_t* module);
void cx_rewriter_destroy(cx_rewriter_t* rw);
static inline cx_builder_t* cx_rw_builder(cx_rewriter_t* rw) { return &rw->builder; }
static inline const cx_pattern_t* cx_rw_pattern(const cx_rewriter_t* rw) { return rw->pattern; }

// Replaces each result of `op` by values[i] (all uses) and erases `op`.
void cx_rw_replace_op(cx_rewriter_t* rw, cx_op_t* op, cx_value_t* const* values);
// Replaces every use of `from` by `to`; the users are revisited.
void cx_rw_replace_all_uses(cx_rewriter_t* rw, cx_value_t* from, cx_value_t* to);
// Erases an op whose results have no uses left (else the rewrite fails with
// CX_INTERNAL); the producers of its operands are revisited (they may be
// dead now), the op and the ops nested in it are forgotten.
void cx_rw_erase_op(cx_rewriter_t* rw, cx_op_t* op);
// Sets an operand in place; the op and the old operand's producer are
// revisited.
void cx_rw_set_operand(cx_rewriter_t* rw, cx_op_t* op, uint32_t index, cx_value_t* value);
// Sets (or replaces) an attribute in place; the op is revisited.
CX_MUST_USE cx_status_t cx_rw_set_attr(cx_rewriter_t* rw, cx_op_t* op, const char* interned_name,
                                       const cx_attr_t* value);
// For any other in-place change (e.g. a result type refined): the op is
// revisited.
void cx_rw_notify_modified(cx_rewriter_t* rw, cx_op_t* op);
// Moves an op before `anchor`; it is revisited.
void cx_rw_move_op_before(cx_rewriter_t* rw, cx_op_t* op, cx_op_t* anchor);

// ---- the greedy driver --------------------------------------------------------------

typedef struct cx_rewrite_config {
  // Sweeps over the scope, each visiting every op and then the worklist
  // until it is empty; the driver stops after a sweep that changed nothing
  // (converged) or after this many (0: 10, as MLIR's default).
  uint32_t max_iterations;
  // Pattern applications in one run before the driver gives up. 0: 64 per
  // op in the scope when the run starts (at least 1024), so that patterns
  // that keep undoing each other within a sweep cannot loop forever.
  uint64_t max_rewrites;
  bool keep_dead_ops;               // do not erase trivially dead ops
  bool error_if_not_converged;      // not converging is an error (CX_FAILED_PRECONDITION)
} cx_rewrite_config_t;

typedef struct cx_rewrite_stats {
  uint32_t iterations;       // sweeps run, the final one that changed nothing included
  uint64_t rewrites;         // pattern applications (per pattern: cx_pattern_set_t.applied)
  uint64_t dead_ops_erased;  // trivially dead ops the driver erased
  bool converged;            // the last sweep changed nothing
} cx_rewrite_stats_t;

// Applies the patterns to the ops nested in `scope` (a func.func or any op
// with regions; NULL: the whole module) until nothing changes. `config` may
// be NULL for the defaults; `out_stats` may be NULL.
CX_MUST_USE cx_status_t cx_rewrite_greedy(cx_module_t* module, cx_op_t* scope,
                                          cx_pattern_set_t* set,
                                          const cx_rewrite_config_t* config,
                                          cx_rewrite_stats_t* out_stats);

#endif  // CXLA_IR_REWRITE_H_
