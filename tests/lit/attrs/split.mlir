// Split inputs: chunks separated by '// -----' are separate modules, printed
// with the separator between them; a chunk's errors report the line in the
// whole file.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: not %cxla opt %S/Inputs/split_error.mlir 2>&1 | FileCheck %s --check-prefix=ERROR

// CHECK: module {
// CHECK-NEXT: func.func @first() -> tensor<i32> {
// CHECK-NEXT: %c = stablehlo.constant dense<1> : tensor<i32>
// CHECK-NEXT: return %c : tensor<i32>
// CHECK-NEXT: }
// CHECK-NEXT: }
// CHECK-NEXT: // -----
// CHECK-NEXT: module @second {
// CHECK-NEXT: func.func @first() -> tensor<f32> {
// CHECK: }
// CHECK-NEXT: }
// CHECK-NEXT: // -----
// CHECK-NEXT: module {
// CHECK-NEXT: func.func private @third()
// CHECK-NEXT: }
// CHECK-NOT: -----

// GENERIC-COUNT-2: // -----

// ERROR: split_error.mlir:9:10: error: use of undeclared SSA value '%x'

func.func @first() -> tensor<i32> {
  %0 = stablehlo.constant dense<1> : tensor<i32>
  return %0 : tensor<i32>
}

// -----

// The same function name again: each chunk is its own module.
module @second {
  func.func @first() -> tensor<f32> {
    %0 = stablehlo.constant dense<1.0> : tensor<f32>
    return %0 : tensor<f32>
  }
}

// -----
func.func private @third()
