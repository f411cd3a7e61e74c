// cxla run: run a function of a program on inputs.
#include <stdio.h>

#include "tools/verbs.h"

static int run_run(int argc, char** argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "cxla run: not implemented yet\n");
  return 1;
}

const cx_verb_t cx_verb_run = {"run", run_run, "run a function of a program on inputs",
                                 "usage: cxla run ... (not implemented yet)\n"};
