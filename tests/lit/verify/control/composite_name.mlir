// composite_c1: the name is namespaced.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: composite_name.mlir:8:3: error: 'stablehlo.composite' op name "noname" is not a namespaced op name (e.g. "my_namespace.my_op")
func.func @impl(%a: tensor<f32>) -> tensor<f32> {
  func.return %a : tensor<f32>
}
func.func @main(%a: tensor<f32>) -> tensor<f32> {
  %0 = stablehlo.composite "noname" %a {decomposition = @impl} : (tensor<f32>) -> tensor<f32>
  func.return %0 : tensor<f32>
}
