#!/usr/bin/env python3
"""Checks the layering of docs/architecture.md against the includes.

Each src/<module> may include headers of the modules its DEPS in
CMakeLists.txt name (directly or through their own DEPS), its own, and the
public headers (include/cxla); tools/ may include only the public headers
and its own. Unit tests (*_test.c) may include anything. Prints every
violation and exits 1 if there is one.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def module_deps():
    text = open(os.path.join(ROOT, "CMakeLists.txt")).read()
    deps = {}
    for name, rest in re.findall(r"cxla_module\((\w+)([^)]*)\)", text):
        m = re.search(r"DEPS\s+([\w\s]+)", rest)
        deps[name] = m.group(1).split() if m else []
    closure = {}

    def visit(name, seen):
        for d in deps.get(name, []):
            if d not in seen:
                seen.add(d)
                visit(d, seen)
        return seen

    for name in deps:
        closure[name] = visit(name, set()) | {name}
    return closure


def includes(path):
    for i, line in enumerate(open(path, encoding="utf-8", errors="replace"), 1):
        m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
        if m:
            yield i, m.group(1)


def main():
    closure = module_deps()
    bad = []
    src = os.path.join(ROOT, "src")
    for mod in sorted(os.listdir(src)):
        allowed = closure.get(mod)
        if allowed is None:
            bad.append(f"src/{mod}: not a cxla_module in CMakeLists.txt")
            continue
        for dirpath, _, files in os.walk(os.path.join(src, mod)):
            for f in sorted(files):
                if not f.endswith((".c", ".h")) or f.endswith("_test.c"):
                    continue
                path = os.path.join(dirpath, f)
                for line, inc in includes(path):
                    top = inc.split("/")[0]
                    if "/" not in inc or top == "cxla" or top in allowed:
                        continue
                    rel = os.path.relpath(path, ROOT)
                    bad.append(f"{rel}:{line}: includes {inc} but {mod} does not depend on {top}")
    tools = os.path.join(ROOT, "tools")
    for f in sorted(os.listdir(tools)):
        if not f.endswith((".c", ".h")):
            continue
        path = os.path.join(tools, f)
        for line, inc in includes(path):
            if inc.split("/")[0] not in ("cxla", "tools"):
                bad.append(f"tools/{f}:{line}: includes {inc} (tools use the public headers only)")
        for i, text in enumerate(open(path, encoding="utf-8"), 1):
            if re.match(r"\s*extern\b.*\bcx_\w+\s*\(", text):
                bad.append(f"tools/{f}:{i}: redeclares a library function")
    for b in bad:
        print(b)
    print(f"check_layers: {len(bad)} violation(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
