// The verbs of the cxla tool. Each verb lives in its own file
// (tools/verb_<name>.c) and returns the process exit status: 0 on success,
// 1 on an error in the input, 2 on a usage error.
#ifndef CXLA_TOOLS_VERBS_H_
#define CXLA_TOOLS_VERBS_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cxla/status.h"

typedef struct cx_verb {
  const char* name;
  int (*run)(int argc, char** argv);  // argv excludes "cxla" and the verb
  const char* summary;
  const char* help;
} cx_verb_t;

extern const cx_verb_t cx_verb_opt;
extern const cx_verb_t cx_verb_translate;
extern const cx_verb_t cx_verb_run;
extern const cx_verb_t cx_verb_check;
extern const cx_verb_t cx_verb_version;

// Prints "location: error: message" to stderr, frees the status, returns 1.
int cx_tool_error(cx_status_t st);
// Matches "--name=value"; sets *out to value.
bool cx_tool_flag_value(const char* arg, const char* name, const char** out);
// Handles "--max-input-size=BYTES" (K/M/G suffixes): the most bytes read from
// a pipe, a device or standard input. Returns 0 if `arg` is another flag, 1
// if it was this one (*out set), 2 after printing a usage error.
int cx_tool_max_input_size(const char* verb, const char* arg, size_t* out);

// A growable NUL-terminated string for the verbs' output. `failed` is set
// (and the text stops growing) when memory runs out.
typedef struct cx_tool_str {
  char* data;  // NULL until something is appended
  size_t len;
  size_t cap;
  bool failed;
} cx_tool_str_t;

void cx_tool_str_append(cx_tool_str_t* s, const char* data, size_t len);
void cx_tool_str_puts(cx_tool_str_t* s, const char* text);
void cx_tool_str_printf(cx_tool_str_t* s, const char* fmt, ...)
    __attribute__((format(printf, 2, 3)));
void cx_tool_str_free(cx_tool_str_t* s);
// A malloc'ed formatted string, or NULL on out-of-memory.
char* cx_tool_format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

#endif  // CXLA_TOOLS_VERBS_H_
