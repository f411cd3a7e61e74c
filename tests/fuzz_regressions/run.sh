#!/bin/sh
# Regressions found by fuzzing (fuzz/interp_fuzz.c, fuzz/gen_programs.py):
# each tests/fuzz_regressions/*.mlir once crashed, hung, leaked or blew up
# the parser, the verifier or the interpreter, and must now end in a clean
# result under both verbs:
#  - `cxla check FILE` prints the line announced by the file's
#    "// EXPECT: KIND text" comment (KIND is PASS, FAIL or ERROR; text must
#    appear in the line), with no crash, time-out or sanitizer exit and
#    nothing on stderr;
#  - `cxla opt FILE` exits with the status of the "// OPT: STATUS text"
#    comment (default: 0 or 1), prints text on stderr when given, and an
#    error, if any, as "file:line:col: error: ..." without a crash.
# usage: run.sh CXLA DIR
set -u
cxla=$1
dir=$2
failures=0
count=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cxla-fuzzreg-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

for f in "$dir"/*.mlir; do
  count=$((count + 1))
  expect=$(sed -n 's|^// EXPECT: ||p' "$f" | head -n 1)
  kind=${expect%% *}
  text=""
  [ "$kind" != "$expect" ] && text=${expect#* }
  out=$("$cxla" check --jobs=1 --timeout=60 --expected-failures= "$f" 2>"$tmp/stderr")
  rc=$?
  line=$(printf '%s\n' "$out" | head -n 1)
  case "$line" in
    "$kind $f"*) ;;
    *) fail "check $f: expected a $kind line, got: $line" ;;
  esac
  if [ -n "$text" ] && ! printf '%s' "$line" | grep -qF -- "$text"; then
    fail "check $f: the line lacks '$text': $line"
  fi
  if printf '%s' "$line" | grep -q "crashed\|timed out\|exited with status\|without a result"; then
    fail "check $f: $line"
  fi
  [ -s "$tmp/stderr" ] && fail "check $f: unexpected stderr: $(head -c 2000 "$tmp/stderr")"
  want_rc=1
  [ "$kind" = PASS ] && want_rc=0
  [ "$rc" -eq "$want_rc" ] || fail "check $f: exit status $rc, expected $want_rc"

  opt=$(sed -n 's|^// OPT: ||p' "$f" | head -n 1)
  opt_rc=${opt%% *}
  opt_text=""
  [ "$opt_rc" != "$opt" ] && opt_text=${opt#* }
  "$cxla" opt "$f" -o "$tmp/out.mlir" >/dev/null 2>"$tmp/opt_err"
  rc=$?
  if [ -n "$opt_rc" ]; then
    [ "$rc" -eq "$opt_rc" ] || fail "opt $f: exit status $rc, expected $opt_rc"
  elif [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
    fail "opt $f: exit status $rc: $(head -c 2000 "$tmp/opt_err")"
  fi
  if [ -n "$opt_text" ] && ! grep -qF -- "$opt_text" "$tmp/opt_err"; then
    fail "opt $f: stderr lacks '$opt_text': $(head -c 2000 "$tmp/opt_err")"
  fi
  if [ "$rc" -eq 1 ] && ! grep -q ": error: " "$tmp/opt_err"; then
    fail "opt $f: no 'file:line:col: error:' line: $(head -c 2000 "$tmp/opt_err")"
  fi
  if grep -q "Sanitizer\|runtime error:" "$tmp/opt_err"; then
    fail "opt $f: $(head -c 2000 "$tmp/opt_err")"
  fi
done
echo "$count regression files, $failures failures"
[ "$failures" -eq 0 ]
