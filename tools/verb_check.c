// cxla check: run test programs and report PASS/FAIL per file.
#include <stdio.h>

#include "tools/verbs.h"

static int run_check(int argc, char** argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "cxla check: not implemented yet\n");
  return 1;
}

const cx_verb_t cx_verb_check = {"check", run_check, "run test programs and report PASS/FAIL per file",
                                 "usage: cxla check ... (not implemented yet)\n"};
