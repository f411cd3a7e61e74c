// cxla translate: convert between MLIR text and bytecode (portable artifacts).
#include <stdio.h>

#include "tools/verbs.h"

static int run_translate(int argc, char** argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "cxla translate: not implemented yet\n");
  return 1;
}

const cx_verb_t cx_verb_translate = {"translate", run_translate, "convert between MLIR text and bytecode (portable artifacts)",
                                 "usage: cxla translate ... (not implemented yet)\n"};
