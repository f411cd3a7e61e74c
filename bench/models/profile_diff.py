#!/usr/bin/python3
"""Where two profiles of the same model differ, by layer.

  cxla bench M.mlir ... --profile=0 --json > A.json      (one binary or setting)
  cxla bench M.mlir ... --profile=0 --json > B.json      (the other)
  bench/models/profile_diff.py M.mlir A.json B.json

Groups the steps of both profiles by what they compute (a convolution by its
operand and result types and stride, read from the step's line in M.mlir;
anything else by its ops) and prints, per group, the number of steps and the
summed CPU ms per call of A and of B, largest first, then the totals. On a
shared host the per-step CPU time of one-thread runs is the steadiest
figure; compare runs taken minutes apart, alternating the two.
"""
import json
import re
import sys


def steps(path):
    out = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            d = json.loads(line)
            if "step" in d and "loc" in d:
                out[d["loc"]] = d
    return out


def group(step, mlir_lines):
    if step.get("routine") != "conv":
        return step["ops"][:48]
    n = int(step["loc"].split(":")[-2])
    text = mlir_lines[n - 1] if 0 < n <= len(mlir_lines) else ""
    types = re.findall(r"tensor<([0-9x]+)x[a-z0-9]+>", text)
    stride = re.search(r"stride = \[(\d+)", text)
    return "conv " + " ".join(types[:3]) + (f" s{stride.group(1)}" if stride else "")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        mlir_lines = f.read().split("\n")
    a, b = steps(sys.argv[2]), steps(sys.argv[3])
    groups = {}
    for loc, sa in a.items():
        if loc not in b:
            continue
        g = groups.setdefault(group(sa, mlir_lines), [0, 0.0, 0.0])
        g[0] += 1
        g[1] += sa["cpu_ms_per_call"]
        g[2] += b[loc]["cpu_ms_per_call"]
    print(f"{'group':<64} {'steps':>5} {'A ms':>8} {'B ms':>8} {'B - A':>8}")
    ta = tb = 0.0
    for name, (n, x, y) in sorted(groups.items(), key=lambda kv: -kv[1][1]):
        ta += x
        tb += y
        print(f"{name[:64]:<64} {n:>5} {x:8.3f} {y:8.3f} {y - x:+8.3f}")
    print(f"{'total':<64} {'':>5} {ta:8.3f} {tb:8.3f} {tb - ta:+8.3f}")


if __name__ == "__main__":
    main()
