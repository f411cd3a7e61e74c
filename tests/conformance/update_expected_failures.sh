#!/bin/sh
# Regenerates expected_failures.txt from a fresh `cxla check` run: files that
# now pass are dropped, files that still fail keep the reason already written
# for them (edit reasons by hand to explain *why*), and new failures get the
# error cxla reported as their first reason.
# usage: [MODE=both] update_expected_failures.sh CXLA CONFORMANCE_DIR [OUT]
# MODE=both lists the files that fail compiled and compared with the
# interpreter (default OUT: expected_failures_compiled.txt).
set -eu
mode=${MODE:-interp}
cxla=$1
conf=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
if [ "$mode" = interp ]; then default=expected_failures.txt; else default=expected_failures_compiled.txt; fi
out=${3:-$here/$default}
tmp=$(mktemp "${TMPDIR:-/tmp}/cxla-xfail-XXXXXX")
trap 'rm -f "$tmp" "$tmp.new"' EXIT
# The same flags as the ctest registration (tests/CMakeLists.txt).
"$cxla" check --mode="$mode" --jobs="${JOBS:-2}" --expected-failures= --synthesize-inputs=3 \
  "$conf/testdata" >"$tmp" || true
"$cxla" check --mode="$mode" --jobs="${JOBS:-2}" --expected-failures= "$conf/interpret" >>"$tmp" || true
{
  sed -n '/^#/p' "$out" 2>/dev/null || true
  grep -E '^(FAIL|ERROR) ' "$tmp" | while IFS= read -r line; do
    rest=${line#* }
    path=${rest%%: *}
    reason=${rest#*: }
    rel=${path#"$conf"/}
    old=$(grep -F -- "$rel " "$out" 2>/dev/null | grep -v '^#' | head -n 1 || true)
    if [ -n "$old" ]; then
      printf '%s\n' "$old"
    else
      # The location repeats the path; keep the message after it.
      reason=$(printf '%s' "$reason" | sed -E 's|^[^ ]*\.mlir:[0-9]+:[0-9]+: ||' | cut -c1-300)
      printf '%s %s\n' "$rel" "$reason"
    fi
  done
} >"$tmp.new"
mv "$tmp.new" "$out"
echo "$(grep -vc '^#' "$out") entries in $out"
