#!/bin/sh
# Bad input must give a clear error, never a crash or a hang:
#  1. `cxla check` on each tests/conformance/bad/*.mlir prints the line its
#     first-line comment "// EXPECT: KIND text" announces (KIND is PASS, FAIL
#     or ERROR; text must appear in the line) and exits 1 unless KIND is PASS;
#  2. `cxla run` rejects inputs of the wrong number, shape or type with a
#     message naming the argument, and round-trips values through .npy files.
# usage: bad_inputs.sh CXLA TESTS_CONFORMANCE_DIR
set -u
cxla=$1
dir=$2
failures=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cxla-bad-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

for f in "$dir"/bad/*.mlir; do
  expect=$(sed -n '1s|^// EXPECT: ||p' "$f")
  kind=${expect%% *}
  text=""
  [ "$kind" != "$expect" ] && text=${expect#* }
  out=$("$cxla" check --jobs=1 --timeout=60 --expected-failures= "$f" 2>"$tmp/stderr")
  rc=$?
  line=$(printf '%s\n' "$out" | head -n 1)
  case "$line" in
    "$kind $f"*) ;;
    *) fail "$f: expected a $kind line, got: $line" ;;
  esac
  if [ -n "$text" ] && ! printf '%s' "$line" | grep -qF -- "$text"; then
    fail "$f: the line lacks '$text': $line"
  fi
  if printf '%s' "$line" | grep -q "crashed\|timed out\|exited with status"; then
    fail "$f: $line"
  fi
  if [ -s "$tmp/stderr" ]; then
    fail "$f: unexpected stderr: $(cat "$tmp/stderr")"
  fi
  want_rc=1
  [ "$kind" = PASS ] && want_rc=0
  [ "$rc" -eq "$want_rc" ] || fail "$f: exit status $rc, expected $want_rc"
done

prog="$dir/programs/add.mlir"

# expect_run_error DESCRIPTION NEEDLE ARGS...: cxla run must exit 1 and print
# NEEDLE on stderr.
expect_run_error() {
  what=$1
  needle=$2
  shift 2
  "$cxla" run "$prog" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  [ "$rc" -eq 1 ] || fail "run ($what): exit status $rc, expected 1"
  grep -qF -- "$needle" "$tmp/err" || fail "run ($what): stderr lacks '$needle': $(cat "$tmp/err")"
}

expect_run_error "wrong shape" "argument 0 (tensor<2x3xf32>) of @main" \
  --input=3x2xf32=1,2,3,4,5,6 --input=f32=1
expect_run_error "wrong element type" "has element type i32, expected f32" \
  --input=2x3xi32=1,2,3,4,5,6 --input=f32=1
expect_run_error "too few inputs" "@main takes 2 inputs but 1 was given" --input=2x3xf32=0
expect_run_error "too many inputs" "@main takes 2 inputs but 3 were given" \
  --input=2x3xf32=0 --input=f32=1 --input=f32=2
expect_run_error "value count" "5 values given for a tensor of 6 elements" \
  --input=2x3xf32=1,2,3,4,5 --input=f32=1
expect_run_error "bad value" "not a valid f32 value" --input=2x3xf32=1,x,3,4,5,6 --input=f32=1
expect_run_error "out of range" "out of range" --function=flags --input=2xi1=1,0 --input=2xui8=1,256
expect_run_error "missing file" "$tmp/nope.npy" --input=@"$tmp/nope.npy" --input=f32=1
expect_run_error "unknown function" "has no function @nope" --function=nope
mkdir "$tmp/dir.npy"
expect_run_error "directory as input" "it is a directory" --input=@"$tmp/dir.npy" --input=f32=1
# A directory given as the program: an error naming it (it was "out of memory").
"$cxla" opt "$tmp" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] && grep -qF "it is a directory" "$tmp/err" ||
  fail "opt on a directory: $(cat "$tmp/err")"
printf 'not a numpy file' >"$tmp/junk.npy"
expect_run_error "corrupt npy" "junk.npy" --input=@"$tmp/junk.npy" --input=f32=1

# Bounded input: endless streams end in an error naming the limit, for every
# verb and for --input=@ (cxla read /dev/zero until memory ran out).
limit_msg="the limit for streams (--max-input-size raises it)"
expect_verb_error() {
  what=$1
  needle=$2
  shift 2
  "$cxla" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  [ "$rc" -eq 1 ] || fail "$what: exit status $rc, expected 1"
  grep -qF -- "$needle" "$tmp/err" "$tmp/out" || fail "$what: no '$needle' in: $(cat "$tmp/err" "$tmp/out")"
}
expect_verb_error "opt /dev/zero (default limit)" "more than 134217728 bytes, $limit_msg" opt /dev/zero
expect_verb_error "opt /dev/zero" "more than 1048576 bytes" opt --max-input-size=1M /dev/zero
expect_verb_error "translate --deserialize /dev/zero" "more than 1048576 bytes" \
  translate --deserialize --max-input-size=1M /dev/zero
expect_verb_error "translate --serialize /dev/zero" "more than 1048576 bytes" \
  translate --serialize --max-input-size=1M /dev/zero -o "$tmp/x.mlirbc"
expect_verb_error "check /dev/zero" "more than 1048576 bytes" check --jobs=1 --max-input-size=1M \
  --expected-failures= /dev/zero
expect_verb_error "run /dev/zero" "more than 1048576 bytes" run --max-input-size=1M /dev/zero
expect_run_error "--input=@/dev/zero" "more than 2048 bytes" --max-input-size=2K \
  --input=@/dev/zero --input=f32=1
# A NUL byte in text is reported where it is, not taken for the end.
printf 'func.func @main() {\n  return\n}\n\0junk' | "$cxla" opt - >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] && grep -qF "<stdin>:4:1: error: unexpected NUL character" "$tmp/err" ||
  fail "opt of text with a NUL: $(cat "$tmp/err")"
"$cxla" opt "$prog" -o >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] && grep -qF -- "-o needs a file name" "$tmp/err" || fail "opt -o: $(cat "$tmp/err")"
"$cxla" opt --max-input-size=12Q "$prog" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "opt --max-input-size=12Q: exit status, $(cat "$tmp/err")"
# An .npz member whose deflate claims far more bytes than its .npy header
# declares is refused before anything that size is allocated.
/usr/bin/python3 - "$tmp/bomb.npz" <<'PY'
import io, struct, sys, zlib
import numpy as np
b = io.BytesIO(); np.save(b, np.zeros((1,), np.float32)); hdr = b.getvalue()[:-4]
n = 64 << 20
co = zlib.compressobj(9, zlib.DEFLATED, -15)
data = co.compress(hdr) + co.compress(bytes(n)) + co.flush()
crc = zlib.crc32(bytes(n), zlib.crc32(hdr)) & 0xffffffff
name = b"x.npy"
local = struct.pack("<IHHHHHIIIHH", 0x04034b50, 20, 0, 8, 0, 0, crc, len(data), len(hdr) + n, 5, 0) + name
cd = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, 20, 20, 0, 8, 0, 0, crc, len(data), len(hdr) + n,
                 5, 0, 0, 0, 0, 0, 0) + name
eocd = struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, 1, 1, len(cd), len(local) + len(data), 0)
open(sys.argv[1], "wb").write(local + data + cd + eocd)
PY
"$cxla" run "$dir/programs/endless.mlir" --input=@"$tmp/bomb.npz" >"$tmp/out" 2>"$tmp/err"
grep -qF "the .npy header declares 4 bytes of data, the member holds 67108864" "$tmp/err" ||
  fail "npz bomb: $(cat "$tmp/err")"

# Bounded execution: an endless loop ends at --timeout or --max-steps, in
# compiled code (the default) and in the interpreter.
for how in "" --interpret; do
  "$cxla" run $how "$dir/programs/endless.mlir" --timeout=0.5 >"$tmp/out" 2>"$tmp/err"
  [ $? -eq 1 ] && grep -qF "op exceeds the time limit of 0.5 s" "$tmp/err" ||
    fail "run $how --timeout: $(cat "$tmp/err")"
  "$cxla" run $how "$dir/programs/endless.mlir" --max-steps=10000 >"$tmp/out" 2>"$tmp/err"
  [ $? -eq 1 ] && grep -qF "exceeds the evaluation budget of 10000 steps" "$tmp/err" ||
    fail "run $how --max-steps: $(cat "$tmp/err")"
done
"$cxla" run "$dir/programs/endless.mlir" --timeout=soon >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "run --timeout=soon: $(cat "$tmp/err")"

# Errors that help: a failure inside an op names the op and its location
# (the interpreter's run-time size check; compiled code needs static shapes).
"$cxla" run --interpret "$dir/programs/overflow.mlir" --input=1xf32=1 >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] && grep -qF "overflow.mlir:4:3: error: in function 'main': 'stablehlo.dynamic_broadcast_in_dim' op tensor size overflows" "$tmp/err" ||
  fail "op-located run-time error: $(cat "$tmp/err")"
# Compiled, the same program is refined to the input's shape and refused at
# the op before anything is allocated.
"$cxla" run "$dir/programs/overflow.mlir" --input=1xf32=1 >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] && grep -qF "overflow.mlir:4:3: error: 'stablehlo.dynamic_broadcast_in_dim' op has a result of too many elements" "$tmp/err" ||
  fail "op-located compile-time size error: $(cat "$tmp/err")"
# A value is checked even when the tensor is empty.
expect_run_error "bad value for an empty tensor" "'abc' is not a valid f32 value" \
  --input=0x3xf32=abc --input=f32=1

# A good run prints results exactly as iree-run-module does.
out=$("$cxla" run "$prog" --input=2x3xf32=1,2,3,4,5,6 --input=f32=0.5 2>&1)
want='EXEC @main
result[0]: hal.buffer_view
2x3xf32=[1.5 2.5 3.5][4.5 5.5 6.5]'
[ "$out" = "$want" ] || fail "run: got '$out', expected '$want'"
out=$("$cxla" run "$prog" --function=cube --input=2x2x2xf32=1,2,3,4,5,6,7,8 2>&1)
want='EXEC @cube
result[0]: hal.buffer_view
2x2x2xf32=[[1 2][3 4]][[5 6][7 8]]
result[1]: hal.buffer_view
3xi32=1 2 3'
[ "$out" = "$want" ] || fail "run: rank-3 and 1-D results gave '$out', expected '$want'"

# Raw little-endian files as inputs (IREE's SHAPExTYPE=@file.bin).
/usr/bin/python3 -c "import numpy as np; np.arange(1, 7, dtype='<f4').tofile('$tmp/a.bin')"
out=$("$cxla" run "$prog" --input=2x3xf32=@"$tmp/a.bin" --input=f32=1 2>&1)
want='EXEC @main
result[0]: hal.buffer_view
2x3xf32=[2 3 4][5 6 7]'
[ "$out" = "$want" ] || fail "run: raw input gave '$out', expected '$want'"
expect_run_error "raw file of the wrong size" "holds 24 bytes but 2x2xf32 needs 16" \
  --input=2x2xf32=@"$tmp/a.bin" --input=f32=1
expect_run_error "missing raw file" "$tmp/none.bin" --input=2x3xf32=@"$tmp/none.bin" --input=f32=1

# Made-up inputs: deterministic per seed, different across seeds.
a=$("$cxla" run "$prog" --random-inputs --seed=7 2>&1)
b=$("$cxla" run "$prog" --random-inputs --seed=7 --interpret 2>&1)
c=$("$cxla" run "$prog" --random-inputs --seed=8 2>&1)
[ "$a" = "$b" ] || fail "run --random-inputs: seed 7 compiled '$a' != interpreted '$b'"
[ "$a" != "$c" ] || fail "run --random-inputs: seeds 7 and 8 gave the same inputs"
case "$a" in "EXEC @main
result[0]: hal.buffer_view
2x3xf32=["*) ;; *) fail "run --random-inputs: '$a'" ;; esac
expect_run_error "random and given inputs" "--random-inputs makes up every input" \
  --random-inputs --input=2x3xf32=0 --input=f32=1

# Values survive .npy round trips (bf16 as raw <V2 bits; a token argument
# takes no input).
"$cxla" run "$prog" --function=identity_bf16 --input=3xbf16=1.5,-2,0.1 \
  --output=@"$tmp/bf16.npy" >/dev/null 2>&1 || fail "run: writing bf16.npy"
out=$("$cxla" run "$prog" --function=identity_bf16 --input=@"$tmp/bf16.npy" 2>&1)
want='EXEC @identity_bf16
result[0]: hal.buffer_view
3xbf16=1.5 -2 0.100098
result[1]: !stablehlo.token'
[ "$out" = "$want" ] || fail "run: bf16 round trip gave '$out', expected '$want'"
"$cxla" run "$prog" --function=flags --input=2xi1=true,false --input=2xui8=0,255 \
  --output=@"$tmp/a.npy" --output=@"$tmp/b.npy" >/dev/null 2>&1 || fail "run: writing flags"
out=$("$cxla" run "$prog" --function=flags --input=@"$tmp/a.npy" --input=@"$tmp/b.npy" 2>&1)
want='EXEC @flags
result[0]: hal.buffer_view
2xi1=01 00
result[1]: hal.buffer_view
2xui8=0 255'
[ "$out" = "$want" ] || fail "run: flags round trip gave '$out', expected '$want'"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "bad inputs: all checks passed"
