#!/bin/sh
# GEMM and convolution benchmarks with their peers measured in the same run.
#
#   bench/run_gemm_conv.sh [BUILD_DIR] [OUT_DIR]
#
# Builds bench_gemm / bench_conv in BUILD_DIR (default build-bench), runs
# them, then numpy/OpenBLAS and PyTorch on the same shapes (OpenBLAS with
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset so it picks its AVX-512
# kernel; torch with set_num_threads(2)), interleaving cxla and the peers
# per section (ROUNDS rounds) so they share the host's state. Each round
# also measures the FMA peak (shared/bench/peak_flops.c), so "% of peak" is
# against the peak of the same minutes. cxla runs twice per section: with
# its operand B / the weights packed inside every call (as the peers do) and
# packed once before timing (as a compiled model with constant weights
# runs). Raw JSON lines go to OUT_DIR (default bench/results/latest); the
# merged lines and markdown tables are printed.
#
# Environment: REPS (samples per shape, default 15), ROUNDS (default 3),
# SKIP_BUILD=1 (use binaries already built), BIN_DIR (where bench_gemm and
# bench_conv are; default BUILD_DIR/bench), QUIET_WAIT=S (before each round,
# wait up to S seconds for the host's CPUs to be idle; default 0),
# BASE_BIN_DIR (bench_gemm / bench_conv of an earlier build, e.g. of the
# commit before a change: run in the same rounds and reported as "base").
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build-bench}
OUT=${2:-$ROOT/bench/results/latest}
REPS=${REPS:-15}
BIN=${BIN_DIR:-$BUILD/bench}
mkdir -p "$OUT"
"$ROOT/bench/install-peers.sh"
if [ -z "${SKIP_BUILD:-}" ]; then
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j2 --target bench_gemm bench_conv >/dev/null
fi
PEAK="$OUT/peak_flops"
cc -O2 -mavx512f -mfma -mavx2 -pthread "$ROOT/../shared/bench/peak_flops.c" -o "$PEAK"
PY="env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3"
: >"$OUT/raw.jsonl"
run() { "$@" | tee -a "$OUT/raw.jsonl" >&2; }
# An earlier build's numbers, tagged so report.py can tell them apart.
base() {
  [ -n "${BASE_BIN_DIR:-}" ] || return 0
  "$@" | sed 's/"impl":"cxla"/"impl":"cxla_base"/' | tee -a "$OUT/raw.jsonl" >&2
}
# The peak probe's 2-thread AVX-512 median as a JSON line.
peak() {
  "$PEAK" 5 2>&1 | awk '/AVX-512 FMA 2 threads/ {printf "{\"bench\":\"peak\",\"threads\":2,\"gflops_median\":%s}\n", $7}
                        /AVX-512 FMA 1 thread / {printf "{\"bench\":\"peak\",\"threads\":1,\"gflops_median\":%s}\n", $7}' |
    tee -a "$OUT/raw.jsonl" >&2
}
# Waits until both CPUs were >= 95% idle over 2 s (other tenants' jobs make
# single rounds meaningless), at most $1 seconds.
quiet() {
  t=0
  busy=0
  [ "$1" -gt 0 ] || return 0
  while [ "$t" -lt "$1" ]; do
    a=$(awk '/^cpu /{print $2+$3+$4+$7+$8, $5+$6}' /proc/stat); sleep 2
    b=$(awk '/^cpu /{print $2+$3+$4+$7+$8, $5+$6}' /proc/stat)
    busy=$(echo "$a $b" | awk '{u=$3-$1; i=$4-$2; print int(100*u/(u+i))}')
    [ "$busy" -le 5 ] && return 0
    t=$((t + 2))
  done
  echo "(host still busy: ${busy}%)" >&2
}
# The host is shared and drifts by up to 2x over minutes, so the f32 GEMM and
# the NHWC convolutions run ROUNDS times, each round cxla then its peers;
# report.py takes the median of the per-round medians.
ROUNDS=${ROUNDS:-3}
r=1
while [ "$r" -le "$ROUNDS" ]; do
  quiet "${QUIET_WAIT:-0}"
  echo "== round $r: peak, gemm f32" >&2
  peak
  base "${BASE_BIN_DIR:-}/bench_gemm" --reps "$REPS"
  run "$BIN/bench_gemm" --reps "$REPS" --pack call
  run "$BIN/bench_gemm" --reps "$REPS" --pack once
  run $PY "$ROOT/bench/peers.py" gemm numpy --reps "$REPS"
  run $PY "$ROOT/bench/peers.py" gemm torch --reps "$REPS"
  echo "== round $r: conv (ResNet-50, batch 1)" >&2
  base "${BASE_BIN_DIR:-}/bench_conv" --reps "$REPS" --layout nhwc
  run "$BIN/bench_conv" --reps "$REPS" --layout nhwc --pack call
  run "$BIN/bench_conv" --reps "$REPS" --layout nhwc --pack once
  run $PY "$ROOT/bench/peers.py" conv torch --reps "$REPS"
  peak
  r=$((r + 1))
done
echo "== gemm bf16 / f16 / i8 / f64 (no peer; compared with cxla f32)" >&2
for dt in f32 bf16 f16 i8 f64; do
  run "$BIN/bench_gemm" --reps "$REPS" --dtype $dt --shape 2048x2048x2048 \
    --shape 1024x1024x1024 --shape 128x768x768 --shape 128x768x3072 --shape 128x3072x768
done
echo "== gemm with fused bias+gelu(erf) epilogue; conv NCHW" >&2
run "$BIN/bench_gemm" --reps "$REPS" --epilogue bias_gelu --shape 128x768x3072
run "$BIN/bench_conv" --reps "$REPS" --layout nchw
/usr/bin/python3 "$ROOT/bench/report.py" "$OUT/raw.jsonl" | tee "$OUT/report.txt"
