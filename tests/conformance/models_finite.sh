#!/bin/sh
# The published models run from the command line alone and compute finite
# values: `cxla run models/pt_bert.mlir --random-inputs` (weights are
# arguments; integer inputs 0/1 keep token ids and types in range) and
# `cxla run models/jax_resnet_50.mlir --fill-elided --random-inputs` (weights
# elided; each filled by its use, variances positive). Every element is
# printed and none may be NaN or infinite.
# Usage: models_finite.sh CXLA MODELS_DIR
set -u
cxla=$1
models=$2
fail=0
check() {
  name=$1
  shift
  out=$("$cxla" run "$models/$name" --print-max-elements=100000000 "$@" 2>&1)
  rc=$?
  if [ $rc -ne 0 ]; then
    echo "FAIL $name: exit status $rc"; echo "$out" | head -5; fail=1; return
  fi
  results=$(echo "$out" | grep -c '^result\[')
  bad=$(echo "$out" | grep -v '^result\[' | grep -c -E 'NAN|INF')
  if [ "$results" -eq 0 ] || [ "$bad" -ne 0 ]; then
    echo "FAIL $name: $results results, $bad lines with NaN or infinity"; fail=1; return
  fi
  echo "PASS $name: $results results, all finite"
}
check pt_bert.mlir --random-inputs
check jax_resnet_50.mlir --fill-elided --random-inputs
exit $fail
