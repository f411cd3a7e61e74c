// cxla: one command-line tool with verbs. A thin main over library calls.
#include <stdio.h>
#include <string.h>

#include "cxla/cxla.h"

static int usage(FILE* out) {
  fprintf(out,
          "usage: cxla <verb> [options]\n"
          "verbs:\n"
          "  version   print the cxla version\n");
  return out == stdout ? 0 : 2;
}

int main(int argc, char** argv) {
  if (argc < 2) return usage(stderr);
  const char* verb = argv[1];
  if (strcmp(verb, "version") == 0 || strcmp(verb, "--version") == 0) {
    printf("cxla %s\n", cx_version_string());
    return 0;
  }
  if (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0 || strcmp(verb, "help") == 0) {
    return usage(stdout);
  }
  fprintf(stderr, "cxla: unknown verb '%s'\n", verb);
  return usage(stderr);
}
