// Lowering of the reduction, gather/scatter and sort families' ops that are
// not elemental: scatter, select_and_scatter, sort and chlo.top_k become
// kernels of their own shape (src/codegen/emit_scatter.c, emit_sort.c)
// bound to their operands, their results and, for the sorts, a scratch
// buffer the buffer plan places in the call's arena.
//
// (reduce, reduce_window, map and the gathers are elemental: the loop
// fusion planner (fusion.c) makes each reduction the root of a kernel into
// whose inner loop the elementwise and data-movement ops producing its
// operands are fused, and lower.c lowers those fusions.)
//
// Values a region uses from outside its op (a comparator capturing a
// function argument, say) are bound to the kernel as inputs too.
#include <stdio.h>
#include <string.h>

#include "compiler/lower.h"

enum { MAX_INPUTS = 256 };  // buffers one kernel reads

// ---- inputs ----------------------------------------------------------------------------------

typedef struct inputs {
  uint32_t n;
  cx_value_t* v[MAX_INPUTS];
  uint32_t slot[MAX_INPUTS];
} inputs_t;

static cx_status_t add_input(cx_lower_t* lw, const cx_op_t* op, inputs_t* in, cx_value_t* v) {
  if (!cx_type_is_tensor(v->type)) return NULL;  // tokens carry no data
  for (uint32_t i = 0; i < in->n; i++)
    if (in->v[i] == v) return NULL;
  if (in->n == MAX_INPUTS) return cx_lower_op_error(op, CX_UNIMPLEMENTED, "reads too many buffers for one kernel");
  CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, v, &in->slot[in->n]));
  in->v[in->n++] = v;
  return NULL;
}

// Whether v is defined inside op (in one of its regions, at any depth).
static bool defined_inside(const cx_value_t* v, const cx_op_t* op) {
  const cx_block_t* b = v->def_op ? v->def_op->block : cx_value_block(v);
  while (b && b->parent) {
    const cx_op_t* owner = b->parent->parent;
    if (!owner) return false;
    if (owner == op) return true;
    b = owner->block;
  }
  return false;
}

static cx_status_t add_captures(cx_lower_t* lw, const cx_op_t* root, const cx_region_t* region,
                                inputs_t* in) {
  for (const cx_block_t* b = region->first_block; b; b = b->next) {
    for (cx_op_t* o = b->first_op; o; o = o->next) {
      for (uint32_t i = 0; i < o->num_operands; i++) {
        cx_value_t* v = cx_op_operand(o, i);
        if (!defined_inside(v, root)) CX_RETURN_IF_ERROR(add_input(lw, root, in, v));
      }
      for (uint32_t r = 0; r < o->num_regions; r++)
        CX_RETURN_IF_ERROR(add_captures(lw, root, &o->regions[r], in));
    }
  }
  return NULL;
}

static const char* short_name(const cx_op_t* op) {
  const char* dot = strchr(op->name, '.');
  return dot ? dot + 1 : op->name;
}

static cx_status_t add_kernel_step(cx_lower_t* lw, uint32_t program, const cx_op_t* op,
                                   const cx_cg_kernel_info_t* info, const uint32_t* bind,
                                   uint32_t nbind) {
  cx_rt_step_t st = {0};
  st.kind = CX_RT_STEP_KERNEL;
  cx_lower_where(lw, op, &st);
  st.kernel.kernel = info->index;
  st.kernel.work_items = info->work_items;
  st.kernel.grain = info->grain;
  cx_xb_step(&lw->xb, program, &st, bind, nbind);
  return NULL;
}

static cx_status_t define_results(cx_lower_t* lw, cx_op_t* op, cx_value_t** roots, uint32_t* slots) {
  for (uint32_t i = 0; i < op->num_results; i++) {
    roots[i] = cx_op_result(op, i);
    if (!cx_type_is_tensor(roots[i]->type) || !cx_tensor_has_static_shape(roots[i]->type))
      return cx_lower_op_error(op, CX_UNIMPLEMENTED, "has a result without a static shape");
    CX_RETURN_IF_ERROR(cx_lower_define(lw, roots[i], &slots[i]));
  }
  return NULL;
}

// ---- kernels of their own shape -------------------------------------------------------------

static cx_status_t lower_own_kernel(cx_lower_t* lw, uint32_t program, cx_op_t* op) {
  if (op->num_results > 64) return cx_lower_op_error(op, CX_UNIMPLEMENTED, "has too many results for a kernel");
  inputs_t* in = cx_arena_alloc(&lw->arena, sizeof(inputs_t), _Alignof(inputs_t));
  if (!in) return CX_OOM();
  in->n = 0;
  for (uint32_t i = 0; i < op->num_operands; i++)
    CX_RETURN_IF_ERROR(add_input(lw, op, in, cx_op_operand(op, i)));
  for (uint32_t r = 0; r < op->num_regions; r++) CX_RETURN_IF_ERROR(add_captures(lw, op, &op->regions[r], in));
  cx_value_t* roots[64];
  uint32_t bind[MAX_INPUTS + 64 + 1];
  memcpy(bind, in->slot, in->n * sizeof(uint32_t));
  CX_RETURN_IF_ERROR(define_results(lw, op, roots, bind + in->n));
  uint32_t nbind = in->n + op->num_results;
  uint64_t scratch = cx_cg_own_kernel_scratch(op);
  if (scratch) bind[nbind++] = cx_xb_scratch(&lw->xb, scratch);
  char name[64];
  snprintf(name, sizeof name, "k%u_%s", lw->num_kernels++, short_name(op));
  cx_cg_fusion_t f = {name, 1, &op, op->num_results, roots, in->n, in->v};
  cx_cg_kernel_info_t info;
  CX_RETURN_IF_ERROR(cx_cg_emit_own_kernel(lw->cg, &f, op, &info));
  return add_kernel_step(lw, program, op, &info, bind, nbind);
}

// ---- dispatch ---------------------------------------------------------------------------------

cx_status_t cx_lower_reduce_family(cx_lower_t* lw, uint32_t program, cx_op_t* op,
                                   bool* out_handled) {
  *out_handled = cx_cg_op_has_own_kernel(op);
  return *out_handled ? lower_own_kernel(lw, program, op) : NULL;
}
