// cxla: one command-line tool with verbs. A thin main over library calls;
// only the tools decide exit codes.
#include <stdio.h>
#include <string.h>

#include "cxla/cxla.h"
#include "tools/verbs.h"

static const cx_verb_t* const kVerbs[] = {
    &cx_verb_opt, &cx_verb_translate, &cx_verb_run, &cx_verb_check, &cx_verb_version,
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
