// stablehlo.return terminates regions of StableHLO ops, not functions.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: stablehlo_return_in_func.mlir:5:3: error: 'stablehlo.return' op expects to be inside a region of a StableHLO op (functions end with func.return)
func.func @main(%a: tensor<2xf32>) -> tensor<2xf32> {
  stablehlo.return %a : tensor<2xf32>
}
