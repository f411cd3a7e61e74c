// cxla: one command-line tool with verbs. A thin main over library calls;
// only the tools decide exit codes.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxla/cxla.h"
#include "cxla/file.h"
#include "tools/verbs.h"

static const cx_verb_t* const kVerbs[] = {
    &cx_verb_opt, &cx_verb_translate, &cx_verb_compile, &cx_verb_run, &cx_verb_bench, &cx_verb_check, &cx_verb_version,
};
enum { kNumVerbs = sizeof(kVerbs) / sizeof(kVerbs[0]) };

int cx_tool_error(cx_status_t st) {
  cx_status_print(st, stderr);
  cx_status_free(st);
  return 1;
}

bool cx_tool_flag_value(const char* arg, const char* name, const char** out) {
  size_t n = strlen(name);
  if (strncmp(arg, name, n) == 0 && arg[n] == '=') {
    *out = arg + n + 1;
    return true;
  }
  return false;
}

void cx_tool_str_append(cx_tool_str_t* s, const char* data, size_t len) {
  if (s->failed) return;
  if (s->len + len + 1 > s->cap) {
    size_t cap = s->cap ? s->cap : 256;
    while (cap < s->len + len + 1) cap *= 2;
    char* grown = cx_realloc(cx_allocator_system(), s->data, cap);
    if (!grown) {
      s->failed = true;
      return;
    }
    s->data = grown;
    s->cap = cap;
  }
  memcpy(s->data + s->len, data, len);
  s->len += len;
  s->data[s->len] = 0;
}

void cx_tool_str_puts(cx_tool_str_t* s, const char* text) { cx_tool_str_append(s, text, strlen(text)); }

static char* vformat(const char* fmt, va_list args, size_t* out_len) {
  va_list copy;
  va_copy(copy, args);
  int n = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  char* text = n < 0 ? NULL : cx_alloc(cx_allocator_system(), (size_t)n + 1);
  if (text) vsnprintf(text, (size_t)n + 1, fmt, args);
  if (out_len) *out_len = text ? (size_t)n : 0;
  return text;
}

void cx_tool_str_printf(cx_tool_str_t* s, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  size_t n;
  char* text = vformat(fmt, args, &n);
  va_end(args);
  if (!text) {
    s->failed = true;
    return;
  }
  cx_tool_str_append(s, text, n);
  cx_free(cx_allocator_system(), text);
}

void cx_tool_str_free(cx_tool_str_t* s) {
  cx_free(cx_allocator_system(), s->data);
  memset(s, 0, sizeof(*s));
}

char* cx_tool_format(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  char* text = vformat(fmt, args, NULL);
  va_end(args);
  return text;
}

char* cx_tool_strdup(const char* s) {
  size_t n = strlen(s);
  char* copy = cx_alloc(cx_allocator_system(), n + 1);
  if (copy) memcpy(copy, s, n + 1);
  return copy;
}

int cx_tool_max_input_size(const char* verb, const char* arg, size_t* out) {
  const char* v;
  if (!cx_tool_flag_value(arg, "--max-input-size", &v)) return 0;
  if (cx_file_parse_size(v, out)) return 1;
  fprintf(stderr, "cxla %s: --max-input-size wants a byte count such as 512M, got '%s'\n", verb,
          v);
  return 2;
}

static int run_version(int argc, char** argv) {
  (void)argc;
  (void)argv;
  printf("cxla %s\n", cx_version_string());
  return 0;
}

const cx_verb_t cx_verb_version = {"version", run_version, "print the cxla version",
                                   "usage: cxla version\n"};

static int usage(FILE* out) {
  fprintf(out, "usage: cxla <verb> [options]\n\nverbs:\n");
  for (int i = 0; i < kNumVerbs; i++)
    fprintf(out, "  %-10s %s\n", kVerbs[i]->name, kVerbs[i]->summary);
  fprintf(out, "\n'cxla <verb> --help' describes a verb.\n");
  return out == stdout ? 0 : 2;
}

int main(int argc, char** argv) {
  if (argc < 2) return usage(stderr);
  const char* name = argv[1];
  if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) return usage(stdout);
  if (!strcmp(name, "--version")) name = "version";
  const cx_verb_t* verb = NULL;
  for (int i = 0; i < kNumVerbs; i++)
    if (!strcmp(kVerbs[i]->name, name)) verb = kVerbs[i];
  if (!verb) {
    fprintf(stderr, "cxla: unknown verb '%s'\n", name);
    return usage(stderr);
  }
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      fputs(verb->help, stdout);
      return 0;
    }
  }
  return verb->run(argc - 2, argv + 2);
}
