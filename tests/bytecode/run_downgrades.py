#!/usr/bin/env python3
"""Serializing for an older StableHLO: the corpus's vhlo_to_version_* files.

vhlo_to_version_downgrade*.mlir hold programs that StableHLO can write for
the version in their RUN line: `cxla translate --serialize --target=V` must
succeed and the artifact must read back as the same program.
vhlo_to_version_downgrade_invalid.*.mlir hold programs (split by '// -----')
that StableHLO refuses for that version (`expected-error`, or a `RUN: not`
line): cxla must refuse each such case with exit status 1 and an error at a
line the case marks (the op, or the module/function holding it) -- never a
crash and never a silently written artifact. Cases without an
expected-error must be written.

usage: run_downgrades.py CXLA CONFORMANCE_DIR
"""
import glob
import os
import re
import subprocess
import sys
import tempfile


def run(argv):
    p = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def target_of(text):
    m = re.search(r"target=(\d+\.\d+\.\d+)", text)
    return m.group(1) if m else None


def marked_lines(chunk):
    """Lines an `expected-error @+N` comment points at (1-based, in the chunk)."""
    lines = chunk.split("\n")
    marked = set()
    for i, line in enumerate(lines):
        m = re.search(r"expected-error\s*@([+-]\d+)", line)
        if m:
            marked.add(i + 1 + int(m.group(1)))
    return marked


def op_lines(chunk):
    """Lines of a case that hold an op or a module/function header."""
    return {i + 1 for i, line in enumerate(chunk.split("\n"))
            if re.search(r'(^\s*module\b|func\.func|"?stablehlo\.\w+)', line)
            and not line.lstrip().startswith("//")}


def main():
    cxla, root = sys.argv[1], sys.argv[2]
    vhlo = os.path.join(root, "vhlo")
    failures = []
    refused = written = 0
    with tempfile.TemporaryDirectory() as tmp:
        files = sorted(glob.glob(os.path.join(vhlo, "vhlo_to_version_downgrade*.mlir")))
        files += glob.glob(os.path.join(vhlo, "legalize_stablehlo_to_vhlo_invalid.mlir"))
        for path in files:
            name = os.path.basename(path)
            text = open(path).read()
            # legalize_stablehlo_to_vhlo_invalid: programs no version can hold.
            target = target_of(text) or "current"
            if not target:
                failures.append(f"{name}: no target version in its RUN line")
                continue
            whole_file_fails = re.search(r"RUN:\s*not\b", text) is not None
            chunks = text.split("\n// -----\n")
            for k, chunk in enumerate(chunks):
                case = os.path.join(tmp, f"{name}.{k}.mlir")
                with open(case, "w") as f:
                    f.write(chunk)
                out = os.path.join(tmp, f"{name}.{k}.mlirbc")
                if os.path.exists(out):
                    os.remove(out)
                rc, _, err = run([cxla, "translate", "--serialize", f"--target={target}", case,
                                  "-o", out])
                where = f"{name} case {k} (target {target})"
                if "expected-error" in chunk or whole_file_fails:
                    if rc != 1:
                        failures.append(f"{where}: expected a refusal with exit 1, got {rc}: {err}")
                        continue
                    m = re.search(re.escape(case) + r":(\d+):\d+: error: (.*)", err)
                    if not m:
                        failures.append(f"{where}: error without a location: {err}")
                        continue
                    line = int(m.group(1))
                    allowed = marked_lines(chunk) | (op_lines(chunk) if whole_file_fails else set())
                    if line not in allowed:
                        failures.append(f"{where}: error at line {line}, expected one of "
                                        f"{sorted(allowed)}: {m.group(2)}")
                        continue
                    if target != "current" and target not in m.group(2) and "version" not in m.group(2):
                        failures.append(f"{where}: the error does not name a version: {m.group(2)}")
                        continue
                    refused += 1
                else:
                    if rc != 0:
                        failures.append(f"{where}: expected the artifact to be written: {err}")
                        continue
                    # The artifact reads back as the program does through an
                    # artifact for the current version: the downgrade lost nothing.
                    current = out + ".current"
                    rc1, _, err1 = run([cxla, "translate", "--serialize", case, "-o", current])
                    if not rc1:
                        rc1, want, err1 = run([cxla, "translate", "--deserialize", current])
                    rc2, got, err2 = run([cxla, "translate", "--deserialize", out])
                    if rc1 or rc2 or strip_locs(want) != strip_locs(got):
                        failures.append(f"{where}: the artifact reads back differently: "
                                        f"{err1}{err2}")
                        continue
                    written += 1
        # Targets that are no version in the window (vhlo_to_version_invalid.mlir).
        case = os.path.join(tmp, "empty.mlir")
        with open(case, "w") as f:
            f.write("func.func @main() {\n  func.return\n}\n")
        for bad in ["", "100.10.10", "0.0.0", "1.x.0"]:
            rc, _, err = run([cxla, "translate", "--serialize", f"--target={bad}", case,
                              "-o", os.path.join(tmp, "bad.mlirbc")])
            if rc == 0 or "error" not in err or "Traceback" in err:
                failures.append(f"target '{bad}': expected an error, got {rc}: {err}")
            else:
                refused += 1
    for f in failures:
        print("FAIL", f)
    print(f"downgrades: {written} cases written and read back, {refused} refused as StableHLO "
          f"refuses them, {len(failures)} failed")
    return 1 if failures or written == 0 or refused == 0 else 0


def strip_locs(text):
    return re.sub(r"\s*loc\([^)]*\)", "", text)


if __name__ == "__main__":
    sys.exit(main())
