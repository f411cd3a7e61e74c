#!/bin/sh
# One-thread comparison by CPU time, for a host whose other tenants keep its
# CPUs busy (bench/run_gemm_conv.sh's wall-clock numbers then mostly measure
# them, and OpenMP-threaded peers degrade far more than cxla).
#
#   bench/run_cpu_time.sh [BIN_DIR] [OUT_DIR]
#
# cxla (B / weights packed per call and once), numpy/OpenBLAS and torch with
# one thread each, ROUNDS interleaved rounds; every sample is the median
# process CPU time per call (cpu_us, gflops_cpu), i.e. the time the library
# actually ran. Caches are still shared with whatever else runs. The merged
# report (bench/report.py --cpu) compares gflops_cpu.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$ROOT/build-bench/bench}
OUT=${2:-$ROOT/bench/results/latest/cpu_time}
REPS=${REPS:-5}
ROUNDS=${ROUNDS:-3}
mkdir -p "$OUT"
"$ROOT/bench/install-peers.sh"
PY="env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3"
: >"$OUT/raw.jsonl"
run() { "$@" | tee -a "$OUT/raw.jsonl" >&2; }
r=1
while [ "$r" -le "$ROUNDS" ]; do
  echo "== round $r" >&2
  for p in call once; do
    run "$BIN/bench_gemm" --threads 1 --cpu-time --reps "$REPS" --pack $p
    run "$BIN/bench_conv" --threads 1 --cpu-time --reps "$REPS" --layout nhwc --pack $p
  done
  run $PY "$ROOT/bench/peers.py" gemm numpy --threads 1 --cpu-time --reps "$REPS"
  run $PY "$ROOT/bench/peers.py" gemm torch --threads 1 --cpu-time --reps "$REPS"
  run $PY "$ROOT/bench/peers.py" conv torch --threads 1 --cpu-time --reps "$REPS"
  r=$((r + 1))
done
/usr/bin/python3 "$ROOT/bench/report.py" --cpu "$OUT/raw.jsonl" | tee "$OUT/report.txt"
