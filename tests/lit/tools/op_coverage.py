#!/usr/bin/env python3
"""Checks that every op of src/ir/ops.def appears in the lit op tests.

usage: op_coverage.py OPS_DEF TEST_DIR

An op counts as covered when its name occurs, outside comments, in one of
TEST_DIR/*.mlir (the inputs the printed-form tests parse). Prints the ops
that are missing and exits 1 if there are any, so adding an op to ops.def
without a printed-form test fails the lit suite.
"""
import os
import re
import sys


def main():
    ops_def, test_dir = sys.argv[1], sys.argv[2]
    names = []
    with open(ops_def) as f:
        for line in f:
            m = re.match(r'\s*CX_OP\(\s*(\w+)\s*,\s*"([^"]+)"', line)
            if m and m.group(1) != "UNKNOWN":
                names.append(m.group(2))
    text = []
    for entry in sorted(os.listdir(test_dir)):
        if entry.endswith(".mlir"):
            with open(os.path.join(test_dir, entry)) as f:
                text.extend(l for l in f if not l.lstrip().startswith("//"))
    body = "".join(text)
    missing = []
    for name in names:
        # The op name as a whole word: "stablehlo.add" must not be satisfied
        # by "stablehlo.add_n" or "chlo.broadcast_add".
        pattern = r'(?<![\w.])' + re.escape(name) + r'(?![\w-])'
        if not re.search(pattern, body):
            missing.append(name)
    for name in missing:
        print("not covered: " + name)
    print("%d of %d ops covered" % (len(names) - len(missing), len(names)))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
