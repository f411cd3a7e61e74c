// SSA names in scope while parsing (see cx_ssa_names_t in parser.h).
//
// One table for all scopes: bindings are appended to a list of fixed-size
// chunks (no copying as it grows, at most one chunk of slack), an
// open-addressing index maps each name to its newest binding, and scopes
// are ranges of the list. A binding that shadows an outer one records the
// outer one in an undo list, restored when its scope ends. The names point
// into the input text, so nothing is copied, and neither a name's length nor
// its result count is stored: both are read back from the text (the parser
// bound the name there as `%name` or `%name:N`), so a model's thousands of
// values cost about 20 bytes each while their function is parsed.
#include <string.h>

#include "support/hashmap.h"
#include "text/parser.h"

static uint64_t name_hash(const char* name, uint32_t len) { return cx_hash_bytes(name, len, 0x55a); }

static const char* name_at(const cx_ssa_names_t* t, uint32_t i) {
  return t->text_end - t->chunks[i / CX_SSA_CHUNK]->name_back[i % CX_SSA_CHUNK];
}

static cx_value_t* values_at(const cx_ssa_names_t* t, uint32_t i) {
  return t->chunks[i / CX_SSA_CHUNK]->values[i % CX_SSA_CHUNK];
}

static uint32_t name_len(const cx_ssa_names_t* t, const char* name) {
  const char* c = name;
  while (c < t->text_end && cx_p_is_value_char(*c)) c++;
  return (uint32_t)(c - name);
}

static bool same_name(const cx_ssa_names_t* t, const char* bound, const char* name,
                      uint32_t len) {
  if ((size_t)(t->text_end - bound) < len || memcmp(bound, name, len) != 0) return false;
  return bound + len == t->text_end || !cx_p_is_value_char(bound[len]);
}

uint32_t cx_ssa_entry_count(const cx_ssa_names_t* t, const cx_ssa_entry_t* e) {
  if (!e->values->def_op) return 0;
  // `%name:N` (the parser checked 1 <= N <= 2^20), else one result.
  const char* c = e->name + name_len(t, e->name);
  if (c == t->text_end || *c != ':') return 1;
  uint32_t n = 0;
  for (c++; c < t->text_end && *c >= '0' && *c <= '9'; c++) n = n * 10 + (uint32_t)(*c - '0');
  return n;
}

// The slot holding `name`, or the empty slot where it would go.
static uint32_t find_slot(const cx_ssa_names_t* t, const char* name, uint32_t len) {
  uint32_t mask = t->slots_cap - 1;
  for (uint32_t s = (uint32_t)name_hash(name, len) & mask;; s = (s + 1) & mask) {
    uint32_t v = t->slots[s];
    if (!v || same_name(t, name_at(t, v - 1), name, len)) return s;
  }
}

void cx_ssa_names_init(cx_ssa_names_t* t, cx_allocator_t allocator, const char* text_end) {
  memset(t, 0, sizeof(*t));
  t->allocator = allocator;
  t->text_end = text_end;
}

void cx_ssa_names_destroy(cx_ssa_names_t* t) {
  for (uint32_t i = 0; i < t->num_chunks; i++) cx_free(t->allocator, t->chunks[i]);
  cx_free(t->allocator, t->chunks);
  cx_free(t->allocator, t->slots);
  cx_free(t->allocator, t->undo);
  cx_ssa_names_init(t, t->allocator, t->text_end);
}

// Rebuilds the index with `cap` slots from the bindings in order, so the
// newest binding of each name wins.
static bool rehash(cx_ssa_names_t* t, uint32_t cap) {
  uint32_t* slots = cx_calloc(t->allocator, cap, sizeof(uint32_t));
  if (!slots) return false;
  cx_free(t->allocator, t->slots);
  t->slots = slots;
  t->slots_cap = cap;
  t->live = 0;
  for (uint32_t i = 0; i < t->len; i++) {
    const char* name = name_at(t, i);
    uint32_t s = find_slot(t, name, name_len(t, name));
    if (!t->slots[s]) t->live++;
    t->slots[s] = i + 1;
  }
  return true;
}

static uint32_t scope_start(const cx_ssa_names_t* t, uint32_t k) {
  return t->scopes[k] & ~CX_SSA_ISOLATED;
}

static void update_floor(cx_ssa_names_t* t) {
  t->floor = 0;
  for (uint32_t k = t->depth; k-- > 0;) {
    if (t->scopes[k] & CX_SSA_ISOLATED) {
      t->floor = scope_start(t, k);
      break;
    }
  }
}

bool cx_ssa_names_push(cx_ssa_names_t* t, bool isolated) {
  if (t->depth == CX_SSA_MAX_SCOPES) return false;
  t->scopes[t->depth++] = t->len | (isolated ? CX_SSA_ISOLATED : 0);
  if (isolated) t->floor = t->len;
  return true;
}

// Removes slot s, moving later entries of its probe run back (no tombstones).
static void delete_slot(cx_ssa_names_t* t, uint32_t s) {
  uint32_t mask = t->slots_cap - 1;
  uint32_t hole = s;
  for (uint32_t j = (s + 1) & mask; t->slots[j]; j = (j + 1) & mask) {
    const char* name = name_at(t, t->slots[j] - 1);
    uint32_t home = (uint32_t)name_hash(name, name_len(t, name)) & mask;
    // The entry may move to the hole if its home is not in (hole, j].
    bool stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
    if (!stays) {
      t->slots[hole] = t->slots[j];
      hole = j;
    }
  }
  t->slots[hole] = 0;
}

void cx_ssa_names_pop(cx_ssa_names_t* t) {
  if (!t->depth) return;
  uint32_t start = scope_start(t, t->depth - 1);
  for (uint32_t i = t->len; i-- > start;) {
    const char* name = name_at(t, i);
    uint32_t s = find_slot(t, name, name_len(t, name));
    if (t->undo_len && t->undo[t->undo_len - 1].entry == i) {
      t->slots[s] = t->undo[--t->undo_len].old + 1;
    } else {
      delete_slot(t, s);
      t->live--;
    }
  }
  t->len = start;
  t->depth--;
  update_floor(t);
}

cx_ssa_bind_result_t cx_ssa_names_bind(cx_ssa_names_t* t, const char* name, uint32_t len,
                                       cx_value_t* values) {
  if (!t->depth) return CX_SSA_NO_SCOPE;
  if ((size_t)(t->text_end - name) > UINT32_MAX) return CX_SSA_TOO_FAR;
  // Filled up to 7/8 before growing: a function's names are most of the
  // parser's memory, and the names are short to compare.
  if ((t->live + 1) * 8 > t->slots_cap * 7 &&
      !rehash(t, t->slots_cap ? t->slots_cap * 2 : 64))
    return CX_SSA_OOM;
  uint32_t s = find_slot(t, name, len);
  uint32_t old = t->slots[s];
  if (old && old - 1 >= scope_start(t, t->depth - 1)) return CX_SSA_REDEFINED;
  if (t->len / CX_SSA_CHUNK == t->num_chunks) {
    if (t->num_chunks == t->chunks_cap) {
      uint32_t cap = t->chunks_cap ? 2 * t->chunks_cap : 8;
      cx_ssa_chunk_t** grown = cx_realloc_array(t->allocator, t->chunks, cap, sizeof(*grown));
      if (!grown) return CX_SSA_OOM;
      t->chunks = grown;
      t->chunks_cap = cap;
    }
    t->chunks[t->num_chunks] = cx_alloc(t->allocator, sizeof(cx_ssa_chunk_t));
    if (!t->chunks[t->num_chunks]) return CX_SSA_OOM;
    t->num_chunks++;
  }
  if (old) {
    if (t->undo_len == t->undo_cap) {
      uint32_t cap = t->undo_cap ? 2 * t->undo_cap : 16;
      void* grown = cx_realloc_array(t->allocator, t->undo, cap, sizeof(*t->undo));
      if (!grown) return CX_SSA_OOM;
      t->undo = grown;
      t->undo_cap = cap;
    }
    t->undo[t->undo_len].entry = t->len;
    t->undo[t->undo_len].old = old - 1;
    t->undo_len++;
  } else {
    t->live++;
  }
  cx_ssa_chunk_t* c = t->chunks[t->len / CX_SSA_CHUNK];
  c->values[t->len % CX_SSA_CHUNK] = values;
  c->name_back[t->len % CX_SSA_CHUNK] = (uint32_t)(t->text_end - name);
  t->slots[s] = ++t->len;
  return CX_SSA_BOUND;
}

bool cx_ssa_names_lookup(const cx_ssa_names_t* t, const char* name, uint32_t len,
                         cx_ssa_entry_t* out) {
  if (!t->slots_cap) return false;
  uint32_t v = t->slots[find_slot(t, name, len)];
  // The newest binding of the name; one from beyond an isolated scope's
  // start is not visible (and no visible one can be older than it).
  if (!v || v - 1 < t->floor) return false;
  out->name = name_at(t, v - 1);
  out->values = values_at(t, v - 1);
  return true;
}
