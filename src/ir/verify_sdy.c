// Shardy's ops (openxla/shardy ops.td and verifiers.cc): the structure each
// op's format and attributes promise, the types that must agree, and the
// meshes shardings refer to. Shardy's checks that need the mesh's axis
// sizes against each dimension (divisibility, axes used once) are left out:
// on one device a sharding describes no work, and a manual computation's
// mesh is read when it runs (ir/sdy_manual.h), which reports what does not
// fit.
#include <string.h>

#include "ir/sdy.h"
#include "ir/verify_util.h"

static bool is_sdy(const cx_attr_t* a, cx_sdy_attr_kind_t kind) {
  return cx_sdy_attr_stripped(a, kind, NULL, NULL);
}

static const cx_attr_t* named(cx_verify_ctx_t* vc, const cx_op_t* op, cx_name_id_t id) {
  return cx_op_attr(op, cx_name(vc->ctx, id));
}

// A stripped sharding: its mesh exists and, for a ranked tensor, it has one
// dimension sharding per dimension.
static cx_status_t check_sharding(cx_verify_ctx_t* vc, const cx_op_t* op, const char* s, size_t n,
                                  const cx_type_t* t, const char* what) {
  const char* mesh;
  size_t len;
  cx_sdy_sharding_mesh_ref(s, n, &mesh, &len);
  if (mesh && !cx_sdy_find_mesh(vc->module, mesh, len))
    return cx_verify_error(op, "%s refers to an unknown mesh: @%.*s", what, (int)len, mesh);
  uint32_t rank = cx_sdy_sharding_rank(s, n);
  if (t && t->kind == CX_TYPE_TENSOR && rank != t->tensor.rank)
    return cx_verify_error(op, "%s has %u dimension shardings for a tensor of rank %u (%s)", what,
                           rank, t->tensor.rank, cx_v_type_str(vc, t));
  return NULL;
}

// An op on one value with a #sdy.sharding attribute (named `what`) for it:
// the sharding fits the operand, and the result has the inferred type.
static cx_status_t check_one_sharding(cx_verify_ctx_t* vc, const cx_op_t* op, cx_name_id_t id,
                                      const char* what, const cx_type_t* inferred) {
  const char* s;
  size_t n;
  if (!cx_sdy_attr_stripped(named(vc, op, id), CX_SDY_SHARDING, &s, &n))
    return cx_verify_error(op, "requires attribute '%s' (#sdy.sharding)", what);
  CX_RETURN_IF_ERROR(check_sharding(vc, op, s, n, cx_v_otype(op, 0), what));
  return cx_v_expect_result(vc, op, 0, inferred, NULL);
}

static cx_status_t check_per_value(cx_verify_ctx_t* vc, const cx_op_t* op, cx_name_id_t id,
                                   const char* what, uint32_t count,
                                   const cx_type_t* (*type_of)(const cx_op_t*, uint32_t),
                                   bool optional) {
  const cx_attr_t* a = named(vc, op, id);
  if (!a && optional) return NULL;
  uint32_t n;
  if (!cx_sdy_per_value_count(a, &n))
    return cx_verify_error(op, "requires attribute '%s' (#sdy.sharding_per_value)", what);
  if (n != count)
    return cx_verify_error(op, "has %u %s for %u values", n, what, count);
  for (uint32_t i = 0; i < n; i++) {
    const char* s;
    size_t len;
    (void)cx_sdy_per_value_item(a, i, &s, &len);
    char label[64];
    snprintf(label, sizeof label, "%s #%u", what, i);
    CX_RETURN_IF_ERROR(check_sharding(vc, op, s, len, type_of(op, i), label));
  }
  return NULL;
}

static const cx_type_t* operand_type(const cx_op_t* op, uint32_t i) { return cx_v_otype(op, i); }
static const cx_type_t* result_type(const cx_op_t* op, uint32_t i) { return cx_v_rtype(op, i); }

static cx_status_t verify_region_signature(cx_verify_ctx_t* vc, cx_op_t* op, bool local) {
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 1));
  const cx_block_t* b = op->regions[0].first_block;
  if (!b || b->next) return cx_verify_error(op, "expects a body of one block");
  if (b->num_args != op->num_operands)
    return cx_verify_error(op, "has %u operands but its body takes %u arguments",
                           op->num_operands, b->num_args);
  const cx_op_t* ret = b->last_op;
  if (!ret || ret->kind != CX_OP_SDY_RETURN)
    return cx_verify_error(op, "body must end with 'sdy.return'");
  if (ret->num_operands != op->num_results)
    return cx_verify_error(op, "has %u results but its body returns %u values", op->num_results,
                           ret->num_operands);
  for (uint32_t k = 0; k < 2; k++) {
    uint32_t n = k ? op->num_results : op->num_operands;
    for (uint32_t i = 0; i < n; i++) {
      const cx_type_t* global = k ? cx_v_rtype(op, i) : cx_v_otype(op, i);
      const cx_type_t* inner = k ? cx_v_otype(ret, i) : b->args[i]->type;
      const char* what = k ? "result" : "operand";
      if (global == inner) continue;
      // A manual computation's body sees each device's shard: the same
      // element type and rank, each dimension the global one divided by the
      // product of the manual axes sharding it.
      bool ok = local && global->kind == CX_TYPE_TENSOR && inner->kind == CX_TYPE_TENSOR &&
                global->tensor.element == inner->tensor.element &&
                global->tensor.rank == inner->tensor.rank;
      for (uint32_t d = 0; ok && d < global->tensor.rank; d++) {
        int64_t g = global->tensor.dims[d], l = inner->tensor.dims[d];
        if (g == CX_DYNAMIC_DIM || l == CX_DYNAMIC_DIM) continue;
        ok = l > 0 ? g % l == 0 : g == 0;
      }
      if (!ok)
        return cx_verify_error(op, "%s #%u has type %s, but the body's is %s", what, i,
                               cx_v_type_str(vc, global), cx_v_type_str(vc, inner));
    }
  }
  return NULL;
}

cx_status_t cx_verify_sdy(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t* const* inferred;
  CX_RETURN_IF_ERROR(cx_v_infer(vc, op, &inferred));
  switch (op->kind) {
    case CX_OP_SDY_MESH: {
      if (op->block != cx_module_block(vc->module))
        return cx_verify_error(op, "must be at module level");
      const cx_attr_t* name = named(vc, op, CX_NAME_sym_name);
      if (!name || name->kind != CX_ATTR_STRING)
        return cx_verify_error(op, "requires attribute 'sym_name'");
      if (!is_sdy(named(vc, op, CX_NAME_mesh), CX_SDY_MESH))
        return cx_verify_error(op, "requires attribute 'mesh' (#sdy.mesh)");
      return NULL;
    }
    case CX_OP_SDY_SHARDING_CONSTRAINT:
    case CX_OP_SDY_RESHARD:
      return check_one_sharding(vc, op, CX_NAME_sharding, "sharding", inferred[0]);
    case CX_OP_SDY_PROPAGATION_BARRIER:
      if (!is_sdy(named(vc, op, CX_NAME_allowed_direction), CX_SDY_DIRECTION))
        return cx_verify_error(op, "requires attribute 'allowed_direction'");
      return cx_v_expect_result(vc, op, 0, inferred[0], NULL);
    case CX_OP_SDY_SHARDING_GROUP: {
      const cx_attr_t* id = named(vc, op, CX_NAME_group_id);
      if (!id || id->kind != CX_ATTR_INTEGER)
        return cx_verify_error(op, "requires integer attribute 'group_id'");
      return NULL;
    }
    case CX_OP_SDY_RETURN: {
      const cx_op_t* parent = cx_op_parent(op);
      if (!parent || (parent->kind != CX_OP_SDY_MANUAL_COMPUTATION &&
                      parent->kind != CX_OP_SDY_NAMED_COMPUTATION))
        return cx_verify_error(op, "expects parent op 'sdy.manual_computation' or "
                               "'sdy.named_computation'");
      if (op->next) return cx_verify_error(op, "must be the last op of its block");
      return NULL;
    }
    case CX_OP_SDY_MANUAL_COMPUTATION: {
      CX_RETURN_IF_ERROR(verify_region_signature(vc, op, true));
      CX_RETURN_IF_ERROR(check_per_value(vc, op, CX_NAME_in_shardings, "in_shardings",
                                         op->num_operands, operand_type, false));
      CX_RETURN_IF_ERROR(check_per_value(vc, op, CX_NAME_out_shardings, "out_shardings",
                                         op->num_results, result_type, false));
      if (!is_sdy(named(vc, op, CX_NAME_manual_axes), CX_SDY_MANUAL_AXES))
        return cx_verify_error(op, "requires attribute 'manual_axes' (#sdy<manual_axes{...}>)");
      return NULL;
    }
    case CX_OP_SDY_NAMED_COMPUTATION: {
      const cx_attr_t* name = named(vc, op, CX_NAME_name);
      if (!name || name->kind != CX_ATTR_STRING)
        return cx_verify_error(op, "requires string attribute 'name'");
      CX_RETURN_IF_ERROR(verify_region_signature(vc, op, false));
      CX_RETURN_IF_ERROR(check_per_value(vc, op, CX_NAME_in_shardings, "in_shardings",
                                         op->num_operands, operand_type, true));
      return check_per_value(vc, op, CX_NAME_out_shardings, "out_shardings", op->num_results,
                             result_type, true);
    }
    case CX_OP_SDY_ALL_GATHER:
    case CX_OP_SDY_ALL_SLICE:
    case CX_OP_SDY_ALL_REDUCE:
    case CX_OP_SDY_ALL_TO_ALL:
    case CX_OP_SDY_COLLECTIVE_PERMUTE: {
      static const struct {
        cx_op_kind_t kind;
        cx_name_id_t name;
        cx_sdy_attr_kind_t attr;
        const char* spelling;
      } kLead[] = {
          {CX_OP_SDY_ALL_GATHER, CX_NAME_gathering_axes, CX_SDY_AXIS_LISTS, "gathering_axes"},
          {CX_OP_SDY_ALL_SLICE, CX_NAME_slicing_axes, CX_SDY_AXIS_LISTS, "slicing_axes"},
          {CX_OP_SDY_ALL_REDUCE, CX_NAME_reduction_axes, CX_SDY_AXIS_LIST, "reduction_axes"},
          {CX_OP_SDY_ALL_TO_ALL, CX_NAME_params, CX_SDY_ALL_TO_ALL_PARAMS, "params"},
      };
      for (size_t i = 0; i < sizeof(kLead) / sizeof(kLead[0]); i++)
        if (kLead[i].kind == op->kind && !is_sdy(named(vc, op, kLead[i].name), kLead[i].attr))
          return cx_verify_error(op, "requires attribute '%s'", kLead[i].spelling);
      return check_one_sharding(vc, op, CX_NAME_out_sharding, "out_sharding", inferred[0]);
    }
    default:
      return cx_verify_error(op, "is not an sdy op");
  }
}
