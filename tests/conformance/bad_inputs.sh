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

# A good run prints IREE-style results.
out=$("$cxla" run "$prog" --input=2x3xf32=1,2,3,4,5,6 --input=f32=0.5 2>&1)
want='result[0]: tensor<2x3xf32>
2x3xf32=[1.5 2.5 3.5][4.5 5.5 6.5]'
[ "$out" = "$want" ] || fail "run: got '$out', expected '$want'"

# Values survive .npy round trips (bf16 as raw <V2 bits; a token argument
# takes no input).
"$cxla" run "$prog" --function=identity_bf16 --input=3xbf16=1.5,-2,0.1 \
  --output=@"$tmp/bf16.npy" >/dev/null 2>&1 || fail "run: writing bf16.npy"
out=$("$cxla" run "$prog" --function=identity_bf16 --input=@"$tmp/bf16.npy" 2>&1)
want='result[0]: tensor<3xbf16>
3xbf16=[1.5 -2 0.1]
result[1]: !stablehlo.token'
[ "$out" = "$want" ] || fail "run: bf16 round trip gave '$out', expected '$want'"
"$cxla" run "$prog" --function=flags --input=2xi1=true,false --input=2xui8=0,255 \
  --output=@"$tmp/a.npy" --output=@"$tmp/b.npy" >/dev/null 2>&1 || fail "run: writing flags"
out=$("$cxla" run "$prog" --function=flags --input=@"$tmp/a.npy" --input=@"$tmp/b.npy" 2>&1)
want='result[0]: tensor<2xi1>
2xi1=[true false]
result[1]: tensor<2xui8>
2xui8=[0 255]'
[ "$out" = "$want" ] || fail "run: flags round trip gave '$out', expected '$want'"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "bad inputs: all checks passed"
