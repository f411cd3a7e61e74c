#!/usr/bin/python3
"""Malformed custom calls fail cleanly: `cxla run` on each tests/jax/bad/*.mlir
must exit with status 1 (an error, not a crash or a hang) and print the text
of the file's `// ERROR: ...` line (alternatives separated by " || ": the
verifier may catch a malformed call before the custom-call adapter does).

usage: run_bad_custom_calls.py CXLA BAD_DIR
"""
import glob
import os
import subprocess
import sys


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    cxla, bad_dir = sys.argv[1], sys.argv[2]
    files = sorted(glob.glob(os.path.join(bad_dir, "*.mlir")))
    failed = 0
    for path in files:
        with open(path) as f:
            first = f.readline()
        want = first.split("// ERROR:", 1)[1].strip() if "// ERROR:" in first else None
        name = os.path.basename(path)
        if not want:
            print(f"FAIL {name}: no '// ERROR: ...' first line")
            failed += 1
            continue
        try:
            proc = subprocess.run([cxla, "run", "--interpret", path], capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            print(f"FAIL {name}: timed out")
            failed += 1
            continue
        err = proc.stderr.strip()
        if proc.returncode != 1:
            print(f"FAIL {name}: exit status {proc.returncode} (want 1): {err[-400:]}")
            failed += 1
        elif not any(w.strip() in err for w in want.split(" || ")):
            print(f"FAIL {name}: error does not mention {want!r}: {err[-400:]}")
            failed += 1
        else:
            print(f"PASS {name}")
    print(f"{len(files) - failed} passed, {failed} failed")
    return 0 if failed == 0 and files else 1


if __name__ == "__main__":
    sys.exit(main())
