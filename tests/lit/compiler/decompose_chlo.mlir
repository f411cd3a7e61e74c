// chlo.scan is decomposed (simplify phase) into a while loop over the scanned
// positions: dynamic slices of the inputs, the scan body, dynamic updates of
// the stacked outputs; is_reverse counts positions down from the end.
// RUN: %cxla opt --compile-to=simplify %s | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-NOT: chlo.scan
// CHECK: %[[ZERO:.*]] = stablehlo.constant dense<0> : tensor<i64>
// CHECK: %[[OUT0:.*]] = stablehlo.constant dense<0> : tensor<2x3xi32>
// CHECK: %[[W:.*]]:3 = stablehlo.while(%[[I:.*]] = %[[ZERO]], %[[C:.*]] = %{{.*}}, %[[O:.*]] = %[[OUT0]])
// CHECK: cond
// CHECK: %[[LEN:.*]] = stablehlo.constant dense<3> : tensor<i64>
// CHECK: stablehlo.compare LT, %[[I]], %[[LEN]]
// CHECK: do
// CHECK: %[[LAST:.*]] = stablehlo.constant dense<2> : tensor<i64>
// CHECK: %[[POS:.*]] = stablehlo.subtract %[[LAST]], %[[I]]
// CHECK: %[[S:.*]] = stablehlo.dynamic_slice %{{.*}}, %{{.*}}, %[[POS]], sizes = [2, 1]
// CHECK: %[[X:.*]] = stablehlo.reshape %[[S]] : (tensor<2x1xi32>) -> tensor<2xi32>
// CHECK: %[[SUM:.*]] = stablehlo.add %[[X]], %[[C]]
// CHECK: %[[NEXT:.*]] = stablehlo.add %[[I]]
// CHECK: %[[U:.*]] = stablehlo.reshape %[[SUM]] : (tensor<2xi32>) -> tensor<2x1xi32>
// CHECK: %[[O2:.*]] = stablehlo.dynamic_update_slice %[[O]], %[[U]], %{{.*}}, %[[POS]]
// CHECK: stablehlo.return %[[NEXT]], %[[SUM]], %[[O2]]
// CHECK: return %[[W]]#2, %[[W]]#1

func.func @main() -> (tensor<2x3xi32>, tensor<2xi32>) {
  %input = stablehlo.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %init = stablehlo.constant dense<0> : tensor<2xi32>
  %0:2 = chlo.scan(%input) inits(%init) dimension=1 attributes {is_reverse = true} {
  ^bb0(%x: tensor<2xi32>, %c: tensor<2xi32>):
    %1 = stablehlo.add %x, %c : tensor<2xi32>
    stablehlo.return %1, %1 : tensor<2xi32>, tensor<2xi32>
  } : (tensor<2x3xi32>, tensor<2xi32>) -> (tensor<2x3xi32>, tensor<2xi32>)
  return %0#0, %0#1 : tensor<2x3xi32>, tensor<2xi32>
}
