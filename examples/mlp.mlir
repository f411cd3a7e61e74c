// A two-layer perceptron with a softmax head, as JAX would export it:
// logits = softmax(relu(x @ w1 + b1) @ w2 + b2). The weights are constants so
// the example runs with one input: `cxla run examples/mlp.mlir --input=2x4xf32=...`.
module @mlp {
  func.func public @main(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
    %w1 = stablehlo.constant dense<[[0.5, -0.25, 0.125, 1.0, 0.0],
                                    [-0.5, 0.75, 0.25, -1.0, 0.5],
                                    [0.25, 0.5, -0.75, 0.5, -0.5],
                                    [1.0, 0.0, 0.5, -0.25, 0.25]]> : tensor<4x5xf32>
    %b1 = stablehlo.constant dense<[0.1, -0.1, 0.2, 0.0, 0.05]> : tensor<5xf32>
    %w2 = stablehlo.constant dense<[[1.0, -1.0, 0.5],
                                    [0.5, 0.25, -0.5],
                                    [-0.25, 0.75, 1.0],
                                    [0.0, 0.5, -1.0],
                                    [0.75, -0.5, 0.25]]> : tensor<5x3xf32>
    %b2 = stablehlo.constant dense<[0.0, 0.1, -0.1]> : tensor<3xf32>
    %zero = stablehlo.constant dense<0.0> : tensor<2x5xf32>
    %h0 = stablehlo.dot_general %x, %w1, contracting_dims = [1] x [0] : (tensor<2x4xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
    %bb1 = stablehlo.broadcast_in_dim %b1, dims = [1] : (tensor<5xf32>) -> tensor<2x5xf32>
    %h1 = stablehlo.add %h0, %bb1 : tensor<2x5xf32>
    %h = stablehlo.maximum %h1, %zero : tensor<2x5xf32>
    %l0 = stablehlo.dot_general %h, %w2, contracting_dims = [1] x [0] : (tensor<2x5xf32>, tensor<5x3xf32>) -> tensor<2x3xf32>
    %bb2 = stablehlo.broadcast_in_dim %b2, dims = [1] : (tensor<3xf32>) -> tensor<2x3xf32>
    %logits = stablehlo.add %l0, %bb2 : tensor<2x3xf32>
    %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
    %max = stablehlo.reduce(%logits init: %ninf) applies stablehlo.maximum across dimensions = [1] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2xf32>
    %maxb = stablehlo.broadcast_in_dim %max, dims = [0] : (tensor<2xf32>) -> tensor<2x3xf32>
    %shifted = stablehlo.subtract %logits, %maxb : tensor<2x3xf32>
    %e = stablehlo.exponential %shifted : tensor<2x3xf32>
    %fzero = stablehlo.constant dense<0.0> : tensor<f32>
    %sum = stablehlo.reduce(%e init: %fzero) applies stablehlo.add across dimensions = [1] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2xf32>
    %sumb = stablehlo.broadcast_in_dim %sum, dims = [0] : (tensor<2xf32>) -> tensor<2x3xf32>
    %probs = stablehlo.divide %e, %sumb : tensor<2x3xf32>
    return %probs : tensor<2x3xf32>
  }
}
