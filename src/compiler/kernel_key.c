// Structural keys of fusions, so that identical kernels are compiled once
// (kernel_key.h).
#include "compiler/kernel_key.h"

#include <string.h>

#include "support/hashmap.h"

enum { TAG_INPUT = 1, TAG_OP, TAG_REF, TAG_REGION, TAG_BLOCK, TAG_END };

typedef struct builder {
  cx_kernel_key_t* key;
  cx_ptrmap_t ids;  // value -> id + 1
  uint64_t next_id;
  bool oom;
} builder_t;

static void word(builder_t* b, uint64_t w) {
  if (!cx_vec_push(&b->key->words, w)) b->oom = true;
}

static void define(builder_t* b, const cx_value_t* v) {
  if (!cx_ptrmap_put(&b->ids, v, (void*)(uintptr_t)(++b->next_id))) b->oom = true;
}

static void op_item(builder_t* b, const cx_op_t* op) {
  if (!cx_vec_push(&b->key->ops, op)) b->oom = true;
}

static void visit_op(builder_t* b, const cx_op_t* op);

// The compiler's own annotations (cxla.fusion: which fusion an op is in and
// its role) differ between identical fusions and do not change the code.
static bool is_annotation(const char* attr_name) { return strncmp(attr_name, "cxla.", 5) == 0; }

// A reference to a value: its id, after visiting its producer if needed.
static void ref(builder_t* b, const cx_value_t* v) {
  void* id;
  if (!cx_ptrmap_find(&b->ids, v, &id)) {
    if (v->def_op) visit_op(b, v->def_op);
    if (!cx_ptrmap_find(&b->ids, v, &id)) {
      // A value neither an input nor computed here (cannot happen for a
      // planned fusion): make the key unique so nothing is shared.
      word(b, (uint64_t)(uintptr_t)v);
      return;
    }
  }
  word(b, TAG_REF);
  word(b, (uint64_t)(uintptr_t)id);
}

static void visit_block(builder_t* b, const cx_block_t* block) {
  word(b, TAG_BLOCK);
  word(b, block->num_args);
  for (uint32_t i = 0; i < block->num_args; i++) {
    word(b, (uint64_t)(uintptr_t)block->args[i]->type);  // types are interned
    define(b, block->args[i]);
  }
  for (const cx_op_t* op = block->first_op; op; op = op->next) visit_op(b, op);
  word(b, TAG_END);
}

static void visit_op(builder_t* b, const cx_op_t* op) {
  if (op->num_results && cx_ptrmap_find(&b->ids, &op->results[0], NULL)) return;
  for (uint32_t i = 0; i < op->num_operands; i++) {
    const cx_value_t* v = op->operands[i].value;
    if (!cx_ptrmap_find(&b->ids, v, NULL) && v->def_op) visit_op(b, v->def_op);
  }
  word(b, TAG_OP);
  word(b, (uint64_t)op->kind);
  word(b, (uint64_t)(uintptr_t)op->name);  // interned
  word(b, op->num_operands);
  for (uint32_t i = 0; i < op->num_operands; i++) ref(b, op->operands[i].value);
  word(b, op->num_results);
  for (uint32_t i = 0; i < op->num_results; i++) word(b, (uint64_t)(uintptr_t)op->results[i].type);
  for (uint32_t i = 0; i < op->num_attrs; i++) {
    if (is_annotation(op->attrs[i].name)) continue;
    word(b, (uint64_t)(uintptr_t)op->attrs[i].name);
    word(b, cx_attr_hash(op->attrs[i].value));
  }
  word(b, TAG_END);
  word(b, op->num_regions);
  for (uint32_t r = 0; r < op->num_regions; r++) {
    word(b, TAG_REGION);
    for (const cx_block_t* blk = op->regions[r].first_block; blk; blk = blk->next) visit_block(b, blk);
  }
  op_item(b, op);
  for (uint32_t i = 0; i < op->num_results; i++) define(b, &op->results[i]);
}

cx_status_t cx_kernel_key_build(const cx_op_t* root, cx_value_t* const* inputs, uint32_t num_inputs,
                                cx_kernel_key_t* out) {
  memset(out, 0, sizeof(*out));
  builder_t b = {out, {{0}, NULL, NULL, 0, 0}, 0, false};
  cx_ptrmap_init(&b.ids, cx_allocator_system());
  for (uint32_t i = 0; i < num_inputs; i++) {
    word(&b, TAG_INPUT);
    word(&b, (uint64_t)(uintptr_t)inputs[i]->type);
    define(&b, inputs[i]);
  }
  visit_op(&b, root);
  cx_ptrmap_free(&b.ids);
  if (b.oom) {
    cx_kernel_key_free(out);
    return CX_OOM();
  }
  out->hash = cx_hash_bytes(out->words.data, out->words.len * sizeof(uint64_t), 0x6b65726e656cull);
  return NULL;
}

void cx_kernel_key_free(cx_kernel_key_t* key) {
  cx_vec_free(&key->words);
  cx_vec_free(&key->ops);
}

bool cx_kernel_key_equal(const cx_kernel_key_t* a, const cx_kernel_key_t* b) {
  if (a->hash != b->hash || a->words.len != b->words.len || a->ops.len != b->ops.len) return false;
  if (memcmp(a->words.data, b->words.data, a->words.len * sizeof(uint64_t)) != 0) return false;
  // Same structure and attribute hashes: confirm the attributes themselves.
  for (size_t i = 0; i < a->ops.len; i++) {
    const cx_op_t* x = a->ops.data[i];
    const cx_op_t* y = b->ops.data[i];
    for (uint32_t k = 0; k < x->num_attrs; k++) {
      if (is_annotation(x->attrs[k].name)) continue;
      const cx_attr_t* other = NULL;  // names are interned: compare by address
      for (uint32_t j = 0; j < y->num_attrs && !other; j++)
        if (y->attrs[j].name == x->attrs[k].name) other = y->attrs[j].value;
      if (!other || !cx_attr_equal(x->attrs[k].value, other)) return false;
    }
  }
  return true;
}
