// An elided resource without --fill-elided.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: elided_without_fill.mlir:5:41: error: dense_resource<__elided__>: this constant's data was left out of the file (a model published without weights); enable filling elided constants (cxla --fill-elided) to use pseudo-random values
func.func @f() -> tensor<2xf32> {
  %0 = stablehlo.constant dense_resource<__elided__> : tensor<2xf32>
  return %0 : tensor<2xf32>
}
