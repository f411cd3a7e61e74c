#!/bin/sh
# Times `cxla check --jobs=2` over the whole conformance testdata directory
# (the issue's target: under 60 s on 2 cores). A benchmark, not a test: it
# prints one JSON line per round and a summary line with the median.
#
#   bench/conformance_sweep.sh [BUILD_DIR] [CONFORMANCE_DIR]
#
# Builds cxla (Release) in BUILD_DIR (default build-bench) unless
# SKIP_BUILD=1; ROUNDS rounds (default 3); JOBS processes (default 2).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build-bench}
CONF=${2:-$ROOT/../shared/conformance}
ROUNDS=${ROUNDS:-3}
JOBS=${JOBS:-2}
if [ -z "${SKIP_BUILD:-}" ]; then
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j2 --target cxla >/dev/null
fi
CXLA=$BUILD/cxla
BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD/CMakeCache.txt" 2>/dev/null || echo unknown)
XFAIL=$ROOT/tests/conformance/expected_failures.txt
OUT=$(mktemp "${TMPDIR:-/tmp}/cxla-sweep-XXXXXX")
trap 'rm -f "$OUT"' EXIT
times=""
i=0
while [ "$i" -lt "$ROUNDS" ]; do
  start=$(date +%s.%N)
  "$CXLA" check --jobs="$JOBS" --expected-failures="$XFAIL" "$CONF/testdata" >"$OUT" || true
  end=$(date +%s.%N)
  secs=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", b - a}')
  files=$(grep -cE '^(PASS|FAIL|ERROR|XFAIL|XPASS) ' "$OUT" || true)
  passed=$(grep -c '^PASS ' "$OUT" || true)
  xfail=$(grep -c '^XFAIL ' "$OUT" || true)
  failed=$((files - passed - xfail))
  printf '{"bench":"conformance_sweep","corpus":"testdata","round":%d,"files":%d,"passed":%d,"xfail":%d,"failed":%d,"jobs":%d,"build":"%s","seconds":%.3f,"target_seconds":60}\n' \
    "$i" "$files" "$passed" "$xfail" "$failed" "$JOBS" "$BUILD_TYPE" "$secs"
  times="$times $secs"
  i=$((i + 1))
done
median=$(printf '%s\n' $times | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
printf '{"bench":"conformance_sweep","corpus":"testdata","summary":"median","rounds":%d,"jobs":%d,"build":"%s","seconds":%.3f,"target_seconds":60}\n' \
  "$ROUNDS" "$JOBS" "$BUILD_TYPE" "$median"
