#!/bin/sh
# GEMM and convolution benchmarks with their peers measured in the same run.
#
#   bench/run_gemm_conv.sh [BUILD_DIR] [OUT_DIR]
#
# Builds bench_gemm / bench_conv in BUILD_DIR (default build-bench), runs
# them, then numpy/OpenBLAS and PyTorch on the same shapes (OpenBLAS with
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset so it picks its AVX-512
# kernel; torch with set_num_threads(2)), interleaving cxla and the peers
# per section (ROUNDS rounds) so they share the host's state. Raw JSON lines go to OUT_DIR
# (default bench/results/latest); the merged lines (shape, GFLOP/s medians,
# best peer, ratio) and a markdown table are printed.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build-bench}
OUT=${2:-$ROOT/bench/results/latest}
REPS=${REPS:-15}
mkdir -p "$OUT"
"$ROOT/bench/install-peers.sh"
if [ -z "${SKIP_BUILD:-}" ]; then  # SKIP_BUILD=1: use binaries already in $BUILD/bench
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j2 --target bench_gemm bench_conv >/dev/null
fi
PY="env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3"
: >"$OUT/raw.jsonl"
run() { "$@" | tee -a "$OUT/raw.jsonl" >&2; }
# The host is shared and drifts by up to 2x over minutes, so the f32 GEMM and
# the NHWC convolutions run ROUNDS times, each round cxla then its peers;
# report.py takes the median of the per-round medians.
ROUNDS=${ROUNDS:-3}
r=1
while [ "$r" -le "$ROUNDS" ]; do
  echo "== round $r: gemm f32" >&2
  run "$BUILD/bench/bench_gemm" --reps "$REPS"
  run $PY "$ROOT/bench/peers.py" gemm numpy --reps "$REPS"
  run $PY "$ROOT/bench/peers.py" gemm torch --reps "$REPS"
  echo "== round $r: conv (ResNet-50, batch 1)" >&2
  run "$BUILD/bench/bench_conv" --reps "$REPS" --layout nhwc
  run $PY "$ROOT/bench/peers.py" conv torch --reps "$REPS"
  r=$((r + 1))
done
echo "== gemm bf16 / f16 / i8 / f64 (no peer; compared with cxla f32)" >&2
for dt in f32 bf16 f16 i8 f64; do
  run "$BUILD/bench/bench_gemm" --reps "$REPS" --dtype $dt --shape 2048x2048x2048 \
    --shape 1024x1024x1024 --shape 128x768x768 --shape 128x768x3072 --shape 128x3072x768
done
echo "== gemm with fused bias+gelu(erf) epilogue; conv NCHW" >&2
run "$BUILD/bench/bench_gemm" --reps "$REPS" --epilogue bias_gelu --shape 128x768x3072
run "$BUILD/bench/bench_conv" --reps "$REPS" --layout nchw
/usr/bin/python3 "$ROOT/bench/report.py" "$OUT/raw.jsonl" | tee "$OUT/report.txt"
