// Numbering a module for writing, as MLIR's IRNumbering does, so that tables
// come out in the same order as StableHLO's writer puts them:
//
// - Regions are numbered from a stack (last pushed first): the root op, then
//   its regions; each region's ops are numbered (name, result types,
//   attribute dictionary, properties, location) before their own regions are
//   pushed. Values are numbered per region; isolated regions start at 0.
// - An attribute or type is numbered when first referenced, and everything it
//   references in its encoding right after it (depth first, in write order);
//   later references only count (refcount).
// - Attributes, types and op names are then stably sorted by reference count
//   (most used first, for shorter varints), and within each range of indices
//   that take the same number of varint bytes, grouped by dialect (the
//   previous range's last dialect first), so the offset table needs fewer
//   dialect groups.
#include <stdlib.h>
#include <string.h>

#include "bytecode/wir.h"

static cx_status_t grow(cx_allocator_t a, void** data, uint32_t* cap, uint32_t need, size_t elem) {
  if (need <= *cap) return NULL;
  uint32_t c = *cap ? *cap * 2 : 64;
  while (c < need) c *= 2;
  void* grown = cx_realloc_array(a, *data, c, elem);
  if (!grown) return CX_OOM();
  *data = grown;
  *cap = c;
  return NULL;
}

static const char* dialect_name(const bc_node_t* n) {
  switch (n->dialect) {
    case BC_D_BUILTIN: return "builtin";
    case BC_D_VHLO: return "vhlo";
    case BC_D_CHLO: return "chlo";
    default: return n->dialect_name;
  }
}

static cx_status_t dialect_index(w_module_t* m, const char* name, uint32_t* out) {
  for (uint32_t i = 0; i < m->ndialects; i++) {
    if (!strcmp(m->dialects[i].name, name)) {
      *out = i;
      return NULL;
    }
  }
  CX_RETURN_IF_ERROR(grow(m->arena.allocator, (void**)&m->dialects, &m->dialects_cap,
                          m->ndialects + 1, sizeof(w_dialect_t)));
  m->dialects[m->ndialects] = (w_dialect_t){name, m->ndialects};
  *out = m->ndialects++;
  return NULL;
}

cx_status_t w_dialect_of(w_module_t* m, const bc_node_t* n, uint32_t* out) {
  return dialect_index(m, dialect_name(n), out);
}

int w_resource_index(const w_module_t* m, const char* name) {
  for (uint32_t i = 0; i < m->nresources; i++)
    if (!strcmp(m->resources[i], name)) return (int)i;
  return -1;
}

static cx_status_t number_node(w_module_t* m, const bc_node_t* cn);

static cx_status_t number_kids(w_module_t* m, const bc_node_t* n) {
  bool enc_first = (n->dialect == BC_D_VHLO && n->is_type && n->code == VT_TENSOR_ENCODING) ||
                   (n->dialect == BC_D_BUILTIN && n->is_type && n->code == BT_TENSOR_ENCODING);
  if (enc_first) {
    CX_RETURN_IF_ERROR(number_node(m, n->kids[1]));
    return number_node(m, n->kids[0]);
  }
  for (uint32_t i = 0; i < n->nkids; i++) CX_RETURN_IF_ERROR(number_node(m, n->kids[i]));
  return NULL;
}

static cx_status_t number_node(w_module_t* m, const bc_node_t* cn) {
  bc_node_t* n = (bc_node_t*)cn;
  if (n->numbered) {
    n->refcount++;
    return NULL;
  }
  n->numbered = true;
  n->refcount = 1;
  if (n->is_type) {
    CX_RETURN_IF_ERROR(grow(m->arena.allocator, (void**)&m->types, &m->types_cap, m->ntypes + 1,
                            sizeof(*m->types)));
    n->number = m->ntypes;  // insertion order, the sort's tie-break
    m->types[m->ntypes++] = n;
  } else {
    CX_RETURN_IF_ERROR(grow(m->arena.allocator, (void**)&m->attrs, &m->attrs_cap, m->nattrs + 1,
                            sizeof(*m->attrs)));
    n->number = m->nattrs;
    m->attrs[m->nattrs++] = n;
  }
  CX_RETURN_IF_ERROR(w_dialect_of(m, n, &n->dialect_number));
  n->custom = !n->text;
  if (n->text || n->opaque) return NULL;
  CX_RETURN_IF_ERROR(number_kids(m, n));
  if (n->dialect == BC_D_BUILTIN && !n->is_type && n->code == BA_DENSE_RESOURCE) {
    // The resource handle is written after the type.
    if (w_resource_index(m, n->str) < 0) {
      CX_RETURN_IF_ERROR(grow(m->arena.allocator, (void**)&m->resources, &m->resources_cap,
                              m->nresources + 1, sizeof(*m->resources)));
      m->resources[m->nresources++] = n->str;
    }
  }
  return NULL;
}

static cx_status_t number_opname(w_module_t* m, w_opname_t* o) {
  if (o->refcount) {
    o->refcount++;
    return NULL;
  }
  o->refcount = 1;
  CX_RETURN_IF_ERROR(dialect_index(m, o->dialect, &o->dialect_index));
  CX_RETURN_IF_ERROR(grow(m->arena.allocator, (void**)&m->opnames, &m->opnames_cap, m->nopnames + 1,
                          sizeof(*m->opnames)));
  o->number = m->nopnames;
  m->opnames[m->nopnames++] = o;
  return NULL;
}

static cx_status_t number_op(w_module_t* m, w_op_t* op, uint32_t* next_id) {
  CX_RETURN_IF_ERROR(number_opname(m, op->name));
  for (uint32_t i = 0; i < op->nresults; i++) {
    op->results[i].id = (*next_id)++;
    CX_RETURN_IF_ERROR(number_node(m, op->result_types[i]));
  }
  if (op->dict) CX_RETURN_IF_ERROR(number_node(m, op->dict));
  for (uint32_t i = 0; i < op->nprops; i++)
    if (op->props[i]) CX_RETURN_IF_ERROR(number_node(m, op->props[i]));
  return number_node(m, op->loc);
}

typedef struct pending {
  w_region_t* region;
  uint32_t first_id;
} pending_t;

static cx_status_t push(cx_allocator_t a, pending_t** stack, uint32_t* n, uint32_t* cap, w_op_t* op,
                        uint32_t id) {
  for (uint32_t r = 0; r < op->nregions; r++) {
    CX_RETURN_IF_ERROR(grow(a, (void**)stack, cap, *n + 1, sizeof(**stack)));
    (*stack)[(*n)++] = (pending_t){&op->regions[r], op->isolated ? 0 : id};
  }
  return NULL;
}

static cx_status_t number_regions(w_module_t* m) {
  pending_t* stack = NULL;
  uint32_t n = 0, cap = 0;
  uint32_t next_id = 0;
  cx_status_t st = number_op(m, m->root, &next_id);
  if (!st) st = push(m->arena.allocator, &stack, &n, &cap, m->root, next_id);
  while (!st && n) {
    pending_t p = stack[--n];
    w_region_t* r = p.region;
    if (!r->nblocks) continue;
    uint32_t id = p.first_id;
    for (uint32_t b = 0; b < r->nblocks && !st; b++) {
      w_block_t* blk = &r->blocks[b];
      for (uint32_t a = 0; a < blk->nargs && !st; a++) {
        blk->args[a].id = id++;
        st = number_node(m, blk->arg_locs[a]);
        if (!st) st = number_node(m, blk->arg_types[a]);
      }
      for (uint32_t k = 0; k < blk->nops && !st; k++) st = number_op(m, blk->ops[k], &id);
    }
    r->num_values = id - p.first_id;
    for (uint32_t b = 0; b < r->nblocks && !st; b++)
      for (uint32_t k = 0; k < r->blocks[b].nops && !st; k++)
        st = push(m->arena.allocator, &stack, &n, &cap, r->blocks[b].ops[k], id);
  }
  cx_free(m->arena.allocator, stack);
  return st;
}

// ---- ordering -----------------------------------------------------------------------------

typedef struct sortable {
  uint32_t refcount;
  uint32_t order;    // first numbering order (stable tie-break)
  uint32_t dialect;
  void* item;
} sortable_t;

static int by_refcount(const void* a, const void* b) {
  const sortable_t* x = a;
  const sortable_t* y = b;
  if (x->refcount != y->refcount) return x->refcount > y->refcount ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

// Stable sort of one byte range by dialect, `first` ordered first.
static bool sort_range(cx_allocator_t a, sortable_t* v, size_t n, uint32_t first) {
  // Insertion-free stable sort: a counting pass per dialect keeps it O(n * d)
  // with d (dialects) tiny.
  sortable_t* tmp = cx_alloc_array(a, n, sizeof(*tmp));
  if (!tmp) return false;
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (v[i].dialect == first) tmp[k++] = v[i];
  uint32_t maxd = 0;
  for (size_t i = 0; i < n; i++)
    if (v[i].dialect > maxd) maxd = v[i].dialect;
  for (uint32_t d = 0; d <= maxd; d++) {
    if (d == first) continue;
    for (size_t i = 0; i < n; i++)
      if (v[i].dialect == d) tmp[k++] = v[i];
  }
  memcpy(v, tmp, n * sizeof(*tmp));
  cx_free(a, tmp);
  return true;
}

// False on out-of-memory (the output must not depend on how memory went).
static bool group_by_dialect_per_byte(cx_allocator_t a, sortable_t* v, size_t n) {
  if (!n) return true;
  uint32_t first = 0;
  size_t in_group = 0;
  size_t at = 0;
  for (unsigned i = 1; i < 9 && at < n; i++) {
    // Indices that need i varint bytes: [2^(7(i-1)), 2^(7i)).
    in_group = ((size_t)1 << (7 * i)) - in_group;
    size_t len = n - at < in_group ? n - at : in_group;
    if (!sort_range(a, v + at, len, first)) return false;
    first = v[at + len - 1].dialect;
    at += len;
  }
  return true;
}

static cx_status_t order_nodes(cx_allocator_t a, bc_node_t** nodes, uint32_t n) {
  sortable_t* v = cx_alloc_array(a, n, sizeof(*v));
  if (!v) return CX_OOM();
  for (uint32_t i = 0; i < n; i++)
    v[i] = (sortable_t){nodes[i]->refcount, nodes[i]->number, nodes[i]->dialect_number, nodes[i]};
  qsort(v, n, sizeof(*v), by_refcount);
  if (!group_by_dialect_per_byte(a, v, n)) {
    cx_free(a, v);
    return CX_OOM();
  }
  for (uint32_t i = 0; i < n; i++) {
    nodes[i] = v[i].item;
    nodes[i]->number = i;
  }
  cx_free(a, v);
  return NULL;
}

static cx_status_t order_opnames(w_module_t* m) {
  uint32_t n = m->nopnames;
  cx_allocator_t a = m->arena.allocator;
  sortable_t* v = cx_alloc_array(a, n, sizeof(*v));
  if (!v) return CX_OOM();
  for (uint32_t i = 0; i < n; i++) {
    w_opname_t* o = m->opnames[i];
    v[i] = (sortable_t){o->refcount, o->number, o->dialect_index, o};
  }
  qsort(v, n, sizeof(*v), by_refcount);
  if (!group_by_dialect_per_byte(a, v, n)) {
    cx_free(a, v);
    return CX_OOM();
  }
  for (uint32_t i = 0; i < n; i++) {
    m->opnames[i] = v[i].item;
    m->opnames[i]->number = i;
  }
  cx_free(a, v);
  return NULL;
}

cx_status_t w_number(w_module_t* m) {
  CX_RETURN_IF_ERROR(number_regions(m));
  CX_RETURN_IF_ERROR(order_nodes(m->arena.allocator, m->attrs, m->nattrs));
  CX_RETURN_IF_ERROR(order_nodes(m->arena.allocator, m->types, m->ntypes));
  return order_opnames(m);
}
