#!/usr/bin/python3
"""Names the allocation sites an alloc_fault_test run failed.

usage: sites.py SITES_FILE   (written by alloc_fault_test --sites SITES_FILE)

Each line of the file is the call stack (6 return addresses) of one distinct
failing allocation. The site is the first frame outside the generic
allocation helpers (arena, strings, hash tables, vectors, byte buffers,
tensors' constructors): the place in the library's code that asked for
memory. Prints each site (function, file:line) with how many distinct stacks
reached it, and the totals. Needs addr2line (binutils) and a build with debug
information (RelWithDebInfo, as the ASan build is).
"""
import collections
import subprocess
import sys

# Helpers whose callers are the interesting sites.
GENERIC = (
    "cx_arena_", "cx_strbuf_", "cx_hashset_", "cx_strmap_", "cx_ptrmap_", "cx_vec_grow_",
    "cx_alloc", "cx_realloc", "cx_calloc", "cx_free", "cx_strdup", "cx_strndup",
    "cx_vformat_with", "cx_format_with", "cx_scratch_alloc", "rehash", "reserve", "bc_buf_",
    "grow", "alloc_value", "CX_ARENA", "cx_tensor_create", "cx_tensor_create_like",
    "cx_tensor_create_same", "cx_tensor_token", "cx_tensor_tuple", "cx_tensor_from_attr",
    "cx_tensor_clone", "cx_attr_new", "fault_fn")


def main():
    lines = open(sys.argv[1]).read().split("\n")
    base, binary = 0, None
    stacks = []
    for line in lines:
        if line.startswith("base "):
            _, b, binary = line.split(" ", 2)
            base = int(b, 16)
        elif line.strip():
            stacks.append([int(a, 16) - base for a in line.split()])
    addrs = sorted({a for s in stacks for a in s})
    # A return address points after the call: look up the call itself. With
    # -i, addr2line lists inlined frames innermost first.
    frames = {}
    for a in addrs:
        r = subprocess.run(["addr2line", "-f", "-i", "-e", binary, "%#x" % (a - 1)],
                           capture_output=True, text=True, check=True).stdout.split("\n")
        frames[a] = [(r[i], r[i + 1].split(" (")[0]) for i in range(0, len(r) - 1, 2)]
    sites = collections.Counter()
    for s in stacks:
        site = None
        for a in s:
            for fn, loc in frames[a]:
                if not fn.startswith(GENERIC) and "/support/" not in loc:
                    site = (fn, loc.split("/src/")[-1] if "/src/" in loc else loc)
                    break
            if site:
                break
        sites[site or ("?", "?")] += 1
    for (fn, loc), n in sorted(sites.items(), key=lambda kv: kv[0][1]):
        print("%4d  %-40s %s" % (n, fn, loc))
    print("%d distinct allocation sites in the library's code, %d distinct call stacks"
          % (len(sites), len(stacks)))


if __name__ == "__main__":
    main()
