#!/bin/sh
# `cxla compile` -> `cxla run ARTIFACT` / `cxla bench ARTIFACT`: the artifact
# prints exactly what the JIT prints for the same inputs (both run the same
# kernels), for every x86-64 level this CPU runs; damaged and foreign
# artifacts are errors with a reason, exit status 1, never a crash.
# usage: cli_test.sh CXLA SOURCE_DIR WORK_DIR
set -eu
CXLA=$1
SRC=$2
WORK=$3
rm -rf "$WORK"
mkdir -p "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }

prog=$SRC/fuzz/artifact_seeds/control.mlir
in1="--input=8xf32=0.5,1,-1.5,2,3,-4,0.25,7"
for pred in true false; do
  "$CXLA" run "$prog" $in1 --input=i1=$pred > "$WORK/jit-$pred.txt"
  for t in host x86-64 x86-64-v2 x86-64-v3 x86-64-v4; do
    "$CXLA" compile "$prog" --target=$t -o "$WORK/control-$t.cxla" > "$WORK/compile-$t.txt"
    grep -q "@main for $t" "$WORK/compile-$t.txt" || fail "compile summary: $(cat "$WORK/compile-$t.txt")"
    if "$CXLA" run "$WORK/control-$t.cxla" $in1 --input=i1=$pred > "$WORK/aot-$t-$pred.txt" 2> "$WORK/err.txt"; then
      cmp -s "$WORK/jit-$pred.txt" "$WORK/aot-$t-$pred.txt" || fail "target $t prints other results than the JIT"
    else
      # Only a missing CPU feature may stop a level from running here.
      grep -q "CPU features this CPU lacks" "$WORK/err.txt" || fail "target $t: $(cat "$WORK/err.txt")"
      echo "note: this CPU cannot run target $t"
    fi
  done
done

# Shapes of a shape-polymorphic function are given at compile time.
cat > "$WORK/poly.mlir" <<'MLIR'
func.func @main(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %0 = stablehlo.multiply %x, %x : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}
MLIR
"$CXLA" compile "$WORK/poly.mlir" --input=2x3xf32 -o "$WORK/poly.cxla" -q
"$CXLA" run "$WORK/poly.cxla" --input=2x3xf32=1,2,3,4,5,6 | grep -q "2x3xf32=\[1 4 9\]\[16 25 36\]" ||
  fail "shape-polymorphic artifact"
if "$CXLA" run "$WORK/poly.cxla" --input=3x3xf32=1 2> "$WORK/err.txt"; then fail "wrong shape accepted"; fi
grep -q "compiled for fixed shapes" "$WORK/err.txt" || fail "wrong shape: $(cat "$WORK/err.txt")"
if "$CXLA" compile "$WORK/poly.mlir" -o "$WORK/x.cxla" 2> "$WORK/err.txt"; then fail "no shapes accepted"; fi
grep -q "dynamic shape" "$WORK/err.txt" || fail "no shapes: $(cat "$WORK/err.txt")"

# bench loads the artifact.
"$CXLA" bench "$WORK/control-host.cxla" --random-inputs --iterations=3 --json > "$WORK/bench.json"
grep -q '"mode": "artifact", "load_ms"' "$WORK/bench.json" || fail "bench: $(cat "$WORK/bench.json")"

# Damage: truncated, corrupted, another machine; each an error with a reason.
a=$WORK/control-x86-64.cxla
size=$(wc -c < "$a")
head -c $((size / 2)) "$a" > "$WORK/trunc.cxla"
cp "$a" "$WORK/corrupt.cxla"
printf '\377' | dd of="$WORK/corrupt.cxla" bs=1 seek=$((size - 100)) conv=notrunc 2>/dev/null
"$CXLA" compile "$prog" --target=aarch64 -q -o "$WORK/arm.cxla"
for case in "trunc:truncated artifact" "corrupt:checksum does not match" "arm:is for aarch64"; do
  f=${case%%:*}
  want=${case#*:}
  set +e
  "$CXLA" run "$WORK/$f.cxla" $in1 --input=i1=true > /dev/null 2> "$WORK/err.txt"
  rc=$?
  set -e
  [ $rc -eq 1 ] || fail "$f: exit status $rc"
  grep -q "$want" "$WORK/err.txt" || fail "$f: $(cat "$WORK/err.txt")"
done
echo "ok"
