#!/bin/sh
# StableHLO's stablehlo_legalize_to_vhlo.*.mlir RUN lines diff
#   stablehlo-translate --deserialize X.mlir.bc | stablehlo-opt
#   stablehlo-opt --strip-debuginfo X.mlir
# and require them to be identical: the bytecode reader must drop exactly the
# defaults the text printer elides. This is the same comparison with cxla
# (whose printer leaves locations out unless asked).
# usage: deserialize_vs_opt.sh CXLA FILE.mlir
cxla="$1"
file="$2"
tmp="${TMPDIR:-/tmp}/cxla-dvo.$$"
trap 'rm -f "$tmp.0" "$tmp.1"' EXIT
"$cxla" translate --deserialize "$file.bc" > "$tmp.0" || exit 1
"$cxla" opt "$file" > "$tmp.1" || exit 1
if ! diff -u "$tmp.1" "$tmp.0"; then
  echo "FAIL: cxla translate --deserialize $file.bc and cxla opt $file differ (- opt, + deserialize)"
  exit 1
fi
echo "PASS: $file"
