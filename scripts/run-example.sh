#!/bin/sh
# `make run`: shows what cxla does with the bundled example, a small MLP.
set -eu
CXLA=${1:-build/cxla}
cd "$(dirname "$0")/.."
EXAMPLE=examples/mlp.mlir
INPUT='--input=2x4xf32=1,2,3,4,-1,0.5,0.25,2'

echo "== $("$CXLA" version)"
echo
echo "== 1. parse and verify $EXAMPLE, print it back (cxla opt)"
"$CXLA" opt "$EXAMPLE" | head -12
echo "   ..."
echo
echo "== 2. compile @main to native code and run it (cxla run)"
echo "   cxla run $EXAMPLE $INPUT"
"$CXLA" run "$EXAMPLE" "$INPUT"
echo
echo "== 3. the same in the reference interpreter (cxla run --interpret)"
"$CXLA" run --interpret "$EXAMPLE" "$INPUT"
