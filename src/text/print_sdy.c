// The sdy ops' pretty forms (Shardy's ops.td assembly formats), writing what
// parse_sdy.c reads. The sharding attributes print stripped of their dialect
// prefix (ir/sdy.h), as Shardy's custom printers do; an op whose attributes
// are not what its format spells prints generically.
#include <stdio.h>
#include <string.h>

#include "ir/sdy.h"
#include "text/printer.h"

static void puts_(cx_printer_t* pr, const char* s) { cx_strbuf_puts(pr->out, s); }

static const cx_attr_t* attr(const cx_op_t* op, const char* name) {
  for (uint32_t i = 0; i < op->num_attrs; i++)
    if (strcmp(op->attrs[i].name, name) == 0) return op->attrs[i].value;
  return NULL;
}

// Prints " kw=" (kw may be empty) and the stripped text of attribute `name`;
// false if it is missing or of another kind.
static bool stripped(cx_printer_t* pr, const cx_op_t* op, const char* kw, const char* name,
                     cx_sdy_attr_kind_t kind) {
  const char* s;
  size_t n;
  if (!cx_sdy_attr_stripped(attr(op, name), kind, &s, &n)) return false;
  puts_(pr, " ");
  if (*kw) {
    puts_(pr, kw);
    puts_(pr, "=");
  }
  cx_strbuf_append(pr->out, s, n);
  return true;
}

static bool one_operand(cx_printer_t* pr, const cx_op_t* op, uint32_t num_results) {
  if (op->num_operands != 1 || op->num_results != num_results || op->num_regions) return false;
  if (num_results && op->results[0].type != op->operands[0].value->type) return false;
  puts_(pr, " ");
  cx_pr_value(pr, op->operands[0].value);
  return true;
}

static void type_suffix(cx_printer_t* pr, const cx_op_t* op) {
  puts_(pr, " : ");
  cx_print_type(pr->out, op->operands[0].value->type);
}

// sdy.mesh @name = <mesh> attr-dict
static bool p_mesh(cx_printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* name = attr(op, "sym_name");
  if (op->num_operands || op->num_results || op->num_regions || !name ||
      name->kind != CX_ATTR_STRING || !cx_sdy_attr_stripped(attr(op, "mesh"), CX_SDY_MESH, NULL, NULL))
    return false;
  puts_(pr, " ");
  cx_print_symbol(pr->out, name->str.data, name->str.len);
  puts_(pr, " =");
  stripped(pr, op, "", "mesh", CX_SDY_MESH);
  cx_pr_attr_dict(pr, op, "sym_name,mesh");
  return true;
}

// %x (kw=)?<attr> attr-dict : T, the attribute `name` of kind `kind`.
static bool operand_stripped(cx_printer_t* pr, const cx_op_t* op, const char* kw,
                             const char* name, cx_sdy_attr_kind_t kind) {
  if (!cx_sdy_attr_stripped(attr(op, name), kind, NULL, NULL) || !one_operand(pr, op, 1))
    return false;
  stripped(pr, op, kw, name, kind);
  cx_pr_attr_dict(pr, op, name);
  type_suffix(pr, op);
  return true;
}

// %x <sharding> attr-dict : T
static bool p_sharding(cx_printer_t* pr, const cx_op_t* op) {
  return operand_stripped(pr, op, "", "sharding", CX_SDY_SHARDING);
}

// %x group_id=N attr-dict : T
static bool p_sharding_group(cx_printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* id = attr(op, "group_id");
  if (!id || id->kind != CX_ATTR_INTEGER || id->type->kind != CX_TYPE_ELEMENT ||
      id->type->element.elem != CX_ELEM_SI64 || !id->type->element.signless ||
      !one_operand(pr, op, 0))
    return false;
  cx_strbuf_printf(pr->out, " group_id=%lld", (long long)id->integer);
  cx_pr_attr_dict(pr, op, "group_id");
  type_suffix(pr, op);
  return true;
}

// %x allowed_direction=D attr-dict : T
static bool p_barrier(cx_printer_t* pr, const cx_op_t* op) {
  return operand_stripped(pr, op, "allowed_direction", "allowed_direction", CX_SDY_DIRECTION);
}

// The region signature, the body, attr-dict and the functional type.
static void body_and_type(cx_printer_t* pr, const cx_op_t* op, const char* elided) {
  const cx_block_t* b = op->regions[0].first_block;
  puts_(pr, " (");
  for (uint32_t i = 0; i < b->num_args; i++) {
    if (i) puts_(pr, ", ");
    cx_pr_block_arg(pr, b->args[i]);
  }
  puts_(pr, ") ");
  cx_pr_region(pr, &op->regions[0], false);
  cx_pr_attr_dict(pr, op, elided);
  cx_pr_functional_type(pr, op);
}

static bool single_block(const cx_op_t* op) {
  return op->num_regions == 1 && op->regions[0].first_block &&
         !op->regions[0].first_block->next;
}

static void operand_list(cx_printer_t* pr, const cx_op_t* op) {
  puts_(pr, "(");
  cx_pr_values(pr, op->operands, op->num_operands);
  puts_(pr, ")");
}

// (%a) in_shardings=[..] out_shardings=[..] manual_axes={..} (%x: T) {..} : F
static bool p_manual_computation(cx_printer_t* pr, const cx_op_t* op) {
  if (!single_block(op) ||
      !cx_sdy_attr_stripped(attr(op, "in_shardings"), CX_SDY_SHARDING_PER_VALUE, NULL, NULL) ||
      !cx_sdy_attr_stripped(attr(op, "out_shardings"), CX_SDY_SHARDING_PER_VALUE, NULL, NULL) ||
      !cx_sdy_attr_stripped(attr(op, "manual_axes"), CX_SDY_MANUAL_AXES, NULL, NULL))
    return false;
  operand_list(pr, op);
  stripped(pr, op, "in_shardings", "in_shardings", CX_SDY_SHARDING_PER_VALUE);
  stripped(pr, op, "out_shardings", "out_shardings", CX_SDY_SHARDING_PER_VALUE);
  stripped(pr, op, "manual_axes", "manual_axes", CX_SDY_MANUAL_AXES);
  body_and_type(pr, op, "in_shardings,out_shardings,manual_axes");
  return true;
}

// <"name">(%a) (in_shardings=[..])? (out_shardings=[..])? (%x: T) {..} : F
static bool p_named_computation(cx_printer_t* pr, const cx_op_t* op) {
  const cx_attr_t* name = attr(op, "name");
  const cx_attr_t* in = attr(op, "in_shardings");
  const cx_attr_t* out = attr(op, "out_shardings");
  if (!single_block(op) || !name || name->kind != CX_ATTR_STRING ||
      (in && !cx_sdy_attr_stripped(in, CX_SDY_SHARDING_PER_VALUE, NULL, NULL)) ||
      (out && !cx_sdy_attr_stripped(out, CX_SDY_SHARDING_PER_VALUE, NULL, NULL)))
    return false;
  puts_(pr, "<");
  cx_print_attr(pr->out, name);
  puts_(pr, ">");
  operand_list(pr, op);
  if (in) stripped(pr, op, "in_shardings", "in_shardings", CX_SDY_SHARDING_PER_VALUE);
  if (out) stripped(pr, op, "out_shardings", "out_shardings", CX_SDY_SHARDING_PER_VALUE);
  body_and_type(pr, op, "name,in_shardings,out_shardings");
  return true;
}

// (lead)? %x out_sharding=<sharding> attr-dict : T
static bool p_collective(cx_printer_t* pr, const cx_op_t* op) {
  const char* lead = NULL;
  cx_sdy_attr_kind_t kind = CX_SDY_AXIS_LISTS;
  switch (op->kind) {
    case CX_OP_SDY_ALL_GATHER: lead = "gathering_axes"; break;
    case CX_OP_SDY_ALL_SLICE: lead = "slicing_axes"; break;
    case CX_OP_SDY_ALL_REDUCE: lead = "reduction_axes", kind = CX_SDY_AXIS_LIST; break;
    case CX_OP_SDY_ALL_TO_ALL: lead = "params", kind = CX_SDY_ALL_TO_ALL_PARAMS; break;
    default: break;
  }
  // A reduction other than the default (sum) has no pretty spelling here.
  if ((lead && !cx_sdy_attr_stripped(attr(op, lead), kind, NULL, NULL)) ||
      (op->kind == CX_OP_SDY_ALL_REDUCE && attr(op, "reduction_op")) ||
      !cx_sdy_attr_stripped(attr(op, "out_sharding"), CX_SDY_SHARDING, NULL, NULL))
    return false;
  if (lead) stripped(pr, op, "", lead, kind);
  if (!one_operand(pr, op, 1)) return false;
  stripped(pr, op, "out_sharding", "out_sharding", CX_SDY_SHARDING);
  char elided[64];
  snprintf(elided, sizeof elided, "out_sharding%s%s", lead ? "," : "", lead ? lead : "");
  cx_pr_attr_dict(pr, op, elided);
  type_suffix(pr, op);
  return true;
}

bool cx_pr_sdy_op(cx_printer_t* pr, const cx_op_t* op) {
  switch (cx_op_info(op->kind)->format) {
    case CX_FORMAT_SDY_MESH: return p_mesh(pr, op);
    case CX_FORMAT_SDY_SHARDING: return p_sharding(pr, op);
    case CX_FORMAT_SDY_SHARDING_GROUP: return p_sharding_group(pr, op);
    case CX_FORMAT_SDY_PROPAGATION_BARRIER: return p_barrier(pr, op);
    case CX_FORMAT_SDY_MANUAL_COMPUTATION: return p_manual_computation(pr, op);
    case CX_FORMAT_SDY_NAMED_COMPUTATION: return p_named_computation(pr, op);
    case CX_FORMAT_SDY_COLLECTIVE: return p_collective(pr, op);
    default: return false;
  }
}
