// Convolutions made channels-last (passes/conv_layout.c) compiled and
// compared with the interpreter (cxla check --mode=both): NCHW blocks whose
// transposes cancel between convolutions (batch norm, ReLU, residual, max
// and average pooling), 1-D NCW, layouts that differ between input and
// output, a batch dim innermost, and the cases where a transpose must stay
// (a reduction that would reorder the dims kept, a value a dot also reads,
// a result returned). Inputs are sines of iotas: every element differs.

// A stem and a bottleneck-like block in NCHW, batch 2, down to average
// pooling: channels-last throughout.
func.func @resnet_block_nchw() -> tensor<2x8xf32> {
  %i1 = stablehlo.iota dim = 0 : tensor<216xf32>
  %k2 = stablehlo.constant dense<0.37> : tensor<216xf32>
  %m3 = stablehlo.multiply %i1, %k2 : tensor<216xf32>
  %s4 = stablehlo.sine %m3 : tensor<216xf32>
  %x5 = stablehlo.reshape %s4 : (tensor<216xf32>) -> tensor<2x3x6x6xf32>
  %i6 = stablehlo.iota dim = 0 : tensor<216xf32>
  %k7 = stablehlo.constant dense<0.77> : tensor<216xf32>
  %m8 = stablehlo.multiply %i6, %k7 : tensor<216xf32>
  %s9 = stablehlo.sine %m8 : tensor<216xf32>
  %x10 = stablehlo.reshape %s9 : (tensor<216xf32>) -> tensor<8x3x3x3xf32>
  %c11 = stablehlo.convolution(%x5, %x10) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [1, 1], pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<2x3x6x6xf32>, tensor<8x3x3x3xf32>) -> tensor<2x8x6x6xf32>
  %i12 = stablehlo.iota dim = 0 : tensor<8xf32>
  %k13 = stablehlo.constant dense<0.21> : tensor<8xf32>
  %m14 = stablehlo.multiply %i12, %k13 : tensor<8xf32>
  %s15 = stablehlo.sine %m14 : tensor<8xf32>
  %x16 = stablehlo.reshape %s15 : (tensor<8xf32>) -> tensor<8xf32>
  %i17 = stablehlo.iota dim = 0 : tensor<8xf32>
  %k18 = stablehlo.constant dense<0.357> : tensor<8xf32>
  %m19 = stablehlo.multiply %i17, %k18 : tensor<8xf32>
  %s20 = stablehlo.sine %m19 : tensor<8xf32>
  %x21 = stablehlo.reshape %s20 : (tensor<8xf32>) -> tensor<8xf32>
  %i22 = stablehlo.iota dim = 0 : tensor<8xf32>
  %k23 = stablehlo.constant dense<0.48299999999999993> : tensor<8xf32>
  %m24 = stablehlo.multiply %i22, %k23 : tensor<8xf32>
  %s25 = stablehlo.sine %m24 : tensor<8xf32>
  %x26 = stablehlo.reshape %s25 : (tensor<8xf32>) -> tensor<8xf32>
  %b27 = stablehlo.broadcast_in_dim %x16, dims = [1] : (tensor<8xf32>) -> tensor<2x8x6x6xf32>
  %v28 = stablehlo.subtract %c11, %b27 : tensor<2x8x6x6xf32>
  %b29 = stablehlo.broadcast_in_dim %x21, dims = [1] : (tensor<8xf32>) -> tensor<2x8x6x6xf32>
  %v30 = stablehlo.multiply %v28, %b29 : tensor<2x8x6x6xf32>
  %b31 = stablehlo.broadcast_in_dim %x26, dims = [1] : (tensor<8xf32>) -> tensor<2x8x6x6xf32>
  %v32 = stablehlo.add %v30, %b31 : tensor<2x8x6x6xf32>
  %z33 = stablehlo.constant dense<0.0> : tensor<2x8x6x6xf32>
  %v34 = stablehlo.maximum %v32, %z33 : tensor<2x8x6x6xf32>
  %i35 = stablehlo.iota dim = 0 : tensor<64xf32>
  %k36 = stablehlo.constant dense<0.71> : tensor<64xf32>
  %m37 = stablehlo.multiply %i35, %k36 : tensor<64xf32>
  %s38 = stablehlo.sine %m37 : tensor<64xf32>
  %x39 = stablehlo.reshape %s38 : (tensor<64xf32>) -> tensor<8x8x1x1xf32>
  %c40 = stablehlo.convolution(%v34, %x39) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<2x8x6x6xf32>, tensor<8x8x1x1xf32>) -> tensor<2x8x6x6xf32>
  %i41 = stablehlo.iota dim = 0 : tensor<8xf32>
  %k42 = stablehlo.constant dense<0.3> : tensor<8xf32>
  %m43 = stablehlo.multiply %i41, %k42 : tensor<8xf32>
  %s44 = stablehlo.sine %m43 : tensor<8xf32>
  %x45 = stablehlo.reshape %s44 : (tensor<8xf32>) -> tensor<8xf32>
  %i46 = stablehlo.iota dim = 0 : tensor<8xf32>
  %k47 = stablehlo.constant dense<0.51> : tensor<8xf32>
  %m48 = stablehlo.multiply %i46, %k47 : tensor<8xf32>
  %s49 = stablehlo.sine %m48 : tensor<8xf32>
  %x50 = stablehlo.reshape %s49 : (tensor<8xf32>) -> tensor<8xf32>
  %i51 = stablehlo.iota dim = 0 : tensor<8xf32>
  %k52 = stablehlo.constant dense<0.69> : tensor<8xf32>
  %m53 = stablehlo.multiply %i51, %k52 : tensor<8xf32>
  %s54 = stablehlo.sine %m53 : tensor<8xf32>
  %x55 = stablehlo.reshape %s54 : (tensor<8xf32>) -> tensor<8xf32>
  %b56 = stablehlo.broadcast_in_dim %x45, dims = [1] : (tensor<8xf32>) -> tensor<2x8x6x6xf32>
  %v57 = stablehlo.subtract %c40, %b56 : tensor<2x8x6x6xf32>
  %b58 = stablehlo.broadcast_in_dim %x50, dims = [1] : (tensor<8xf32>) -> tensor<2x8x6x6xf32>
  %v59 = stablehlo.multiply %v57, %b58 : tensor<2x8x6x6xf32>
  %b60 = stablehlo.broadcast_in_dim %x55, dims = [1] : (tensor<8xf32>) -> tensor<2x8x6x6xf32>
  %v61 = stablehlo.add %v59, %b60 : tensor<2x8x6x6xf32>
  %z62 = stablehlo.constant dense<0.0> : tensor<2x8x6x6xf32>
  %v63 = stablehlo.maximum %v61, %z62 : tensor<2x8x6x6xf32>
  %i64 = stablehlo.iota dim = 0 : tensor<576xf32>
  %k65 = stablehlo.constant dense<0.53> : tensor<576xf32>
  %m66 = stablehlo.multiply %i64, %k65 : tensor<576xf32>
  %s67 = stablehlo.sine %m66 : tensor<576xf32>
  %x68 = stablehlo.reshape %s67 : (tensor<576xf32>) -> tensor<8x8x3x3xf32>
  %c69 = stablehlo.convolution(%v63, %x68) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [1, 1], pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<2x8x6x6xf32>, tensor<8x8x3x3xf32>) -> tensor<2x8x6x6xf32>
  %i70 = stablehlo.iota dim = 0 : tensor<8xf32>
  %k71 = stablehlo.constant dense<0.41> : tensor<8xf32>
  %m72 = stablehlo.multiply %i70, %k71 : tensor<8xf32>
  %s73 = stablehlo.sine %m72 : tensor<8xf32>
  %x74 = stablehlo.reshape %s73 : (tensor<8xf32>) -> tensor<8xf32>
  %i75 = stablehlo.iota dim = 0 : tensor<8xf32>
  %k76 = stablehlo.constant dense<0.697> : tensor<8xf32>
  %m77 = stablehlo.multiply %i75, %k76 : tensor<8xf32>
  %s78 = stablehlo.sine %m77 : tensor<8xf32>
  %x79 = stablehlo.reshape %s78 : (tensor<8xf32>) -> tensor<8xf32>
  %i80 = stablehlo.iota dim = 0 : tensor<8xf32>
  %k81 = stablehlo.constant dense<0.9429999999999998> : tensor<8xf32>
  %m82 = stablehlo.multiply %i80, %k81 : tensor<8xf32>
  %s83 = stablehlo.sine %m82 : tensor<8xf32>
  %x84 = stablehlo.reshape %s83 : (tensor<8xf32>) -> tensor<8xf32>
  %b85 = stablehlo.broadcast_in_dim %x74, dims = [1] : (tensor<8xf32>) -> tensor<2x8x6x6xf32>
  %v86 = stablehlo.subtract %c69, %b85 : tensor<2x8x6x6xf32>
  %b87 = stablehlo.broadcast_in_dim %x79, dims = [1] : (tensor<8xf32>) -> tensor<2x8x6x6xf32>
  %v88 = stablehlo.multiply %v86, %b87 : tensor<2x8x6x6xf32>
  %b89 = stablehlo.broadcast_in_dim %x84, dims = [1] : (tensor<8xf32>) -> tensor<2x8x6x6xf32>
  %v90 = stablehlo.add %v88, %b89 : tensor<2x8x6x6xf32>
  %z91 = stablehlo.constant dense<0.0> : tensor<2x8x6x6xf32>
  %v92 = stablehlo.maximum %v90, %z91 : tensor<2x8x6x6xf32>
  %v93 = stablehlo.add %v92, %v34 : tensor<2x8x6x6xf32>
  %z94 = stablehlo.constant dense<0.0> : tensor<2x8x6x6xf32>
  %v95 = stablehlo.maximum %v93, %z94 : tensor<2x8x6x6xf32>
  %n96 = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %p97 = "stablehlo.reduce_window"(%v95, %n96) ({
  ^bb0(%ra: tensor<f32>, %rb: tensor<f32>):
    %rm = stablehlo.maximum %ra, %rb : tensor<f32>
    stablehlo.return %rm : tensor<f32>
  }) {window_dimensions = array<i64: 1, 1, 3, 3>, window_strides = array<i64: 1, 1, 2, 2>,
      padding = dense<[[0, 0], [0, 0], [1, 1], [1, 1]]> : tensor<4x2xi64>}
    : (tensor<2x8x6x6xf32>, tensor<f32>) -> tensor<2x8x3x3xf32>
  %n98 = stablehlo.constant dense<0.0> : tensor<f32>
  %r99 = stablehlo.reduce(%p97 init: %n98) applies stablehlo.add across dimensions = [2, 3] : (tensor<2x8x3x3xf32>, tensor<f32>) -> tensor<2x8xf32>
  %z100 = stablehlo.constant dense<9.0> : tensor<2x8xf32>
  %v101 = stablehlo.divide %r99, %z100 : tensor<2x8xf32>
  return %v101 : tensor<2x8xf32>
}

// The block alone: its residual is the function's NCHW input, which the
// add takes through the first convolution's input transpose.
func.func @residual_of_input() -> tensor<2x8xf32> {
  %i102 = stablehlo.iota dim = 0 : tensor<576xf32>
  %k103 = stablehlo.constant dense<0.37> : tensor<576xf32>
  %m104 = stablehlo.multiply %i102, %k103 : tensor<576xf32>
  %s105 = stablehlo.sine %m104 : tensor<576xf32>
  %x106 = stablehlo.reshape %s105 : (tensor<576xf32>) -> tensor<2x8x6x6xf32>
  %i107 = stablehlo.iota dim = 0 : tensor<64xf32>
  %k108 = stablehlo.constant dense<0.71> : tensor<64xf32>
  %m109 = stablehlo.multiply %i107, %k108 : tensor<64xf32>
  %s110 = stablehlo.sine %m109 : tensor<64xf32>
  %x111 = stablehlo.reshape %s110 : (tensor<64xf32>) -> tensor<8x8x1x1xf32>
  %c112 = stablehlo.convolution(%x106, %x111) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<2x8x6x6xf32>, tensor<8x8x1x1xf32>) -> tensor<2x8x6x6xf32>
  %i113 = stablehlo.iota dim = 0 : tensor<8xf32>
  %k114 = stablehlo.constant dense<0.3> : tensor<8xf32>
  %m115 = stablehlo.multiply %i113, %k114 : tensor<8xf32>
  %s116 = stablehlo.sine %m115 : tensor<8xf32>
  %x117 = stablehlo.reshape %s116 : (tensor<8xf32>) -> tensor<8xf32>
  %i118 = stablehlo.iota dim = 0 : tensor<8xf32>
  %k119 = stablehlo.constant dense<0.51> : tensor<8xf32>
  %m120 = stablehlo.multiply %i118, %k119 : tensor<8xf32>
  %s121 = stablehlo.sine %m120 : tensor<8xf32>
  %x122 = stablehlo.reshape %s121 : (tensor<8xf32>) -> tensor<8xf32>
  %i123 = stablehlo.iota dim = 0 : tensor<8xf32>
  %k124 = stablehlo.constant dense<0.69> : tensor<8xf32>
  %m125 = stablehlo.multiply %i123, %k124 : tensor<8xf32>
  %s126 = stablehlo.sine %m125 : tensor<8xf32>
  %x127 = stablehlo.reshape %s126 : (tensor<8xf32>) -> tensor<8xf32>
  %b128 = stablehlo.broadcast_in_dim %x117, dims = [1] : (tensor<8xf32>) -> tensor<2x8x6x6xf32>
  %v129 = stablehlo.subtract %c112, %b128 : tensor<2x8x6x6xf32>
  %b130 = stablehlo.broadcast_in_dim %x122, dims = [1] : (tensor<8xf32>) -> tensor<2x8x6x6xf32>
  %v131 = stablehlo.multiply %v129, %b130 : tensor<2x8x6x6xf32>
  %b132 = stablehlo.broadcast_in_dim %x127, dims = [1] : (tensor<8xf32>) -> tensor<2x8x6x6xf32>
  %v133 = stablehlo.add %v131, %b132 : tensor<2x8x6x6xf32>
  %z134 = stablehlo.constant dense<0.0> : tensor<2x8x6x6xf32>
  %v135 = stablehlo.maximum %v133, %z134 : tensor<2x8x6x6xf32>
  %i136 = stablehlo.iota dim = 0 : tensor<576xf32>
  %k137 = stablehlo.constant dense<0.53> : tensor<576xf32>
  %m138 = stablehlo.multiply %i136, %k137 : tensor<576xf32>
  %s139 = stablehlo.sine %m138 : tensor<576xf32>
  %x140 = stablehlo.reshape %s139 : (tensor<576xf32>) -> tensor<8x8x3x3xf32>
  %c141 = stablehlo.convolution(%v135, %x140) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [1, 1], pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<2x8x6x6xf32>, tensor<8x8x3x3xf32>) -> tensor<2x8x6x6xf32>
  %i142 = stablehlo.iota dim = 0 : tensor<8xf32>
  %k143 = stablehlo.constant dense<0.41> : tensor<8xf32>
  %m144 = stablehlo.multiply %i142, %k143 : tensor<8xf32>
  %s145 = stablehlo.sine %m144 : tensor<8xf32>
  %x146 = stablehlo.reshape %s145 : (tensor<8xf32>) -> tensor<8xf32>
  %i147 = stablehlo.iota dim = 0 : tensor<8xf32>
  %k148 = stablehlo.constant dense<0.697> : tensor<8xf32>
  %m149 = stablehlo.multiply %i147, %k148 : tensor<8xf32>
  %s150 = stablehlo.sine %m149 : tensor<8xf32>
  %x151 = stablehlo.reshape %s150 : (tensor<8xf32>) -> tensor<8xf32>
  %i152 = stablehlo.iota dim = 0 : tensor<8xf32>
  %k153 = stablehlo.constant dense<0.9429999999999998> : tensor<8xf32>
  %m154 = stablehlo.multiply %i152, %k153 : tensor<8xf32>
  %s155 = stablehlo.sine %m154 : tensor<8xf32>
  %x156 = stablehlo.reshape %s155 : (tensor<8xf32>) -> tensor<8xf32>
  %b157 = stablehlo.broadcast_in_dim %x146, dims = [1] : (tensor<8xf32>) -> tensor<2x8x6x6xf32>
  %v158 = stablehlo.subtract %c141, %b157 : tensor<2x8x6x6xf32>
  %b159 = stablehlo.broadcast_in_dim %x151, dims = [1] : (tensor<8xf32>) -> tensor<2x8x6x6xf32>
  %v160 = stablehlo.multiply %v158, %b159 : tensor<2x8x6x6xf32>
  %b161 = stablehlo.broadcast_in_dim %x156, dims = [1] : (tensor<8xf32>) -> tensor<2x8x6x6xf32>
  %v162 = stablehlo.add %v160, %b161 : tensor<2x8x6x6xf32>
  %z163 = stablehlo.constant dense<0.0> : tensor<2x8x6x6xf32>
  %v164 = stablehlo.maximum %v162, %z163 : tensor<2x8x6x6xf32>
  %v165 = stablehlo.add %v164, %x106 : tensor<2x8x6x6xf32>
  %z166 = stablehlo.constant dense<0.0> : tensor<2x8x6x6xf32>
  %v167 = stablehlo.maximum %v165, %z166 : tensor<2x8x6x6xf32>
  %n168 = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %p169 = "stablehlo.reduce_window"(%v167, %n168) ({
  ^bb0(%ra: tensor<f32>, %rb: tensor<f32>):
    %rm = stablehlo.maximum %ra, %rb : tensor<f32>
    stablehlo.return %rm : tensor<f32>
  }) {window_dimensions = array<i64: 1, 1, 3, 3>, window_strides = array<i64: 1, 1, 2, 2>,
      padding = dense<[[0, 0], [0, 0], [1, 1], [1, 1]]> : tensor<4x2xi64>}
    : (tensor<2x8x6x6xf32>, tensor<f32>) -> tensor<2x8x3x3xf32>
  %n170 = stablehlo.constant dense<0.0> : tensor<f32>
  %r171 = stablehlo.reduce(%p169 init: %n170) applies stablehlo.add across dimensions = [2, 3] : (tensor<2x8x3x3xf32>, tensor<f32>) -> tensor<2x8xf32>
  %z172 = stablehlo.constant dense<9.0> : tensor<2x8xf32>
  %v173 = stablehlo.divide %r171, %z172 : tensor<2x8xf32>
  return %v173 : tensor<2x8xf32>
}

// 1-D NCW, then tanh and a clamp with scalar bounds.
func.func @ncw_1d() -> tensor<2x6x10xf32> {
  %i174 = stablehlo.iota dim = 0 : tensor<96xf32>
  %k175 = stablehlo.constant dense<0.29> : tensor<96xf32>
  %m176 = stablehlo.multiply %i174, %k175 : tensor<96xf32>
  %s177 = stablehlo.sine %m176 : tensor<96xf32>
  %x178 = stablehlo.reshape %s177 : (tensor<96xf32>) -> tensor<2x4x12xf32>
  %i179 = stablehlo.iota dim = 0 : tensor<72xf32>
  %k180 = stablehlo.constant dense<0.61> : tensor<72xf32>
  %m181 = stablehlo.multiply %i179, %k180 : tensor<72xf32>
  %s182 = stablehlo.sine %m181 : tensor<72xf32>
  %x183 = stablehlo.reshape %s182 : (tensor<72xf32>) -> tensor<6x4x3xf32>
  %c184 = stablehlo.convolution(%x178, %x183) dim_numbers = [b, f, 0]x[o, i, 0]->[b, f, 0],
    window = {stride = [1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<2x4x12xf32>, tensor<6x4x3xf32>) -> tensor<2x6x10xf32>
  %v185 = stablehlo.tanh %c184 : tensor<2x6x10xf32>
  %n186 = stablehlo.constant dense<-0.5> : tensor<f32>
  %n187 = stablehlo.constant dense<0.5> : tensor<f32>
  %v188 = stablehlo.clamp %n186, %v185, %n187 : (tensor<f32>, tensor<2x6x10xf32>, tensor<f32>) -> tensor<2x6x10xf32>
  return %v188 : tensor<2x6x10xf32>
}

// NHWC in, NCHW out: only the result is transposed, and it is returned.
func.func @output_nchw() -> tensor<1x5x4x4xf32> {
  %i189 = stablehlo.iota dim = 0 : tensor<108xf32>
  %k190 = stablehlo.constant dense<0.43> : tensor<108xf32>
  %m191 = stablehlo.multiply %i189, %k190 : tensor<108xf32>
  %s192 = stablehlo.sine %m191 : tensor<108xf32>
  %x193 = stablehlo.reshape %s192 : (tensor<108xf32>) -> tensor<1x6x6x3xf32>
  %i194 = stablehlo.iota dim = 0 : tensor<135xf32>
  %k195 = stablehlo.constant dense<0.67> : tensor<135xf32>
  %m196 = stablehlo.multiply %i194, %k195 : tensor<135xf32>
  %s197 = stablehlo.sine %m196 : tensor<135xf32>
  %x198 = stablehlo.reshape %s197 : (tensor<135xf32>) -> tensor<3x3x3x5xf32>
  %c199 = stablehlo.convolution(%x193, %x198) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, f, 0, 1],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x6x6x3xf32>, tensor<3x3x3x5xf32>) -> tensor<1x5x4x4xf32>
  %v200 = stablehlo.exponential %c199 : tensor<1x5x4x4xf32>
  return %v200 : tensor<1x5x4x4xf32>
}

// Features outermost and the batch innermost in the input.
func.func @batch_inner() -> tensor<2x4x3x3xf32> {
  %i201 = stablehlo.iota dim = 0 : tensor<150xf32>
  %k202 = stablehlo.constant dense<0.31> : tensor<150xf32>
  %m203 = stablehlo.multiply %i201, %k202 : tensor<150xf32>
  %s204 = stablehlo.sine %m203 : tensor<150xf32>
  %x205 = stablehlo.reshape %s204 : (tensor<150xf32>) -> tensor<3x5x5x2xf32>
  %i206 = stablehlo.iota dim = 0 : tensor<108xf32>
  %k207 = stablehlo.constant dense<0.59> : tensor<108xf32>
  %m208 = stablehlo.multiply %i206, %k207 : tensor<108xf32>
  %s209 = stablehlo.sine %m208 : tensor<108xf32>
  %x210 = stablehlo.reshape %s209 : (tensor<108xf32>) -> tensor<3x3x3x4xf32>
  %c211 = stablehlo.convolution(%x205, %x210) dim_numbers = [f, 0, 1, b]x[0, 1, i, o]->[b, f, 0, 1],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<3x5x5x2xf32>, tensor<3x3x3x4xf32>) -> tensor<2x4x3x3xf32>
  return %c211 : tensor<2x4x3x3xf32>
}

// A sum over W keeps (N, C, H), which channels-last would reorder: the
// transpose stays before the reduction.
func.func @reduce_reorders() -> tensor<1x4x5xf32> {
  %i212 = stablehlo.iota dim = 0 : tensor<147xf32>
  %k213 = stablehlo.constant dense<0.23> : tensor<147xf32>
  %m214 = stablehlo.multiply %i212, %k213 : tensor<147xf32>
  %s215 = stablehlo.sine %m214 : tensor<147xf32>
  %x216 = stablehlo.reshape %s215 : (tensor<147xf32>) -> tensor<1x3x7x7xf32>
  %i217 = stablehlo.iota dim = 0 : tensor<108xf32>
  %k218 = stablehlo.constant dense<0.47> : tensor<108xf32>
  %m219 = stablehlo.multiply %i217, %k218 : tensor<108xf32>
  %s220 = stablehlo.sine %m219 : tensor<108xf32>
  %x221 = stablehlo.reshape %s220 : (tensor<108xf32>) -> tensor<4x3x3x3xf32>
  %c222 = stablehlo.convolution(%x216, %x221) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x3x7x7xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x5x5xf32>
  %n223 = stablehlo.constant dense<0.0> : tensor<f32>
  %r224 = stablehlo.reduce(%c222 init: %n223) applies stablehlo.add across dimensions = [3] : (tensor<1x4x5x5xf32>, tensor<f32>) -> tensor<1x4x5xf32>
  return %r224 : tensor<1x4x5xf32>
}

// The result feeds a ReLU and, reshaped, a dot: the transpose stays for both.
func.func @shared_with_dot() -> (tensor<1x4x4x4xf32>, tensor<1x3xf32>) {
  %i225 = stablehlo.iota dim = 0 : tensor<72xf32>
  %k226 = stablehlo.constant dense<0.33> : tensor<72xf32>
  %m227 = stablehlo.multiply %i225, %k226 : tensor<72xf32>
  %s228 = stablehlo.sine %m227 : tensor<72xf32>
  %x229 = stablehlo.reshape %s228 : (tensor<72xf32>) -> tensor<1x2x6x6xf32>
  %i230 = stablehlo.iota dim = 0 : tensor<72xf32>
  %k231 = stablehlo.constant dense<0.57> : tensor<72xf32>
  %m232 = stablehlo.multiply %i230, %k231 : tensor<72xf32>
  %s233 = stablehlo.sine %m232 : tensor<72xf32>
  %x234 = stablehlo.reshape %s233 : (tensor<72xf32>) -> tensor<4x2x3x3xf32>
  %c235 = stablehlo.convolution(%x229, %x234) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x2x6x6xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x4x4xf32>
  %z236 = stablehlo.constant dense<0.0> : tensor<1x4x4x4xf32>
  %v237 = stablehlo.maximum %c235, %z236 : tensor<1x4x4x4xf32>
  %v238 = stablehlo.reshape %c235 : (tensor<1x4x4x4xf32>) -> tensor<1x64xf32>
  %i239 = stablehlo.iota dim = 0 : tensor<192xf32>
  %k240 = stablehlo.constant dense<0.19> : tensor<192xf32>
  %m241 = stablehlo.multiply %i239, %k240 : tensor<192xf32>
  %s242 = stablehlo.sine %m241 : tensor<192xf32>
  %x243 = stablehlo.reshape %s242 : (tensor<192xf32>) -> tensor<64x3xf32>
  %v244 = stablehlo.dot_general %v238, %x243, contracting_dims = [1] x [0] : (tensor<1x64xf32>, tensor<64x3xf32>) -> tensor<1x3xf32>
  return %v237, %v244 : tensor<1x4x4x4xf32>, tensor<1x3xf32>
}

// A select with a scalar predicate between two convolutions, and a
// compare (an elementwise op whose result type differs) of them.
func.func @select_compare() -> (tensor<1x4x5x5xf32>, tensor<1x4x5x5xi1>) {
  %i245 = stablehlo.iota dim = 0 : tensor<147xf32>
  %k246 = stablehlo.constant dense<0.27> : tensor<147xf32>
  %m247 = stablehlo.multiply %i245, %k246 : tensor<147xf32>
  %s248 = stablehlo.sine %m247 : tensor<147xf32>
  %x249 = stablehlo.reshape %s248 : (tensor<147xf32>) -> tensor<1x3x7x7xf32>
  %i250 = stablehlo.iota dim = 0 : tensor<108xf32>
  %k251 = stablehlo.constant dense<0.49> : tensor<108xf32>
  %m252 = stablehlo.multiply %i250, %k251 : tensor<108xf32>
  %s253 = stablehlo.sine %m252 : tensor<108xf32>
  %x254 = stablehlo.reshape %s253 : (tensor<108xf32>) -> tensor<4x3x3x3xf32>
  %i255 = stablehlo.iota dim = 0 : tensor<108xf32>
  %k256 = stablehlo.constant dense<0.83> : tensor<108xf32>
  %m257 = stablehlo.multiply %i255, %k256 : tensor<108xf32>
  %s258 = stablehlo.sine %m257 : tensor<108xf32>
  %x259 = stablehlo.reshape %s258 : (tensor<108xf32>) -> tensor<4x3x3x3xf32>
  %c260 = stablehlo.convolution(%x249, %x254) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x3x7x7xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x5x5xf32>
  %c261 = stablehlo.convolution(%x249, %x259) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x3x7x7xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x5x5xf32>
  %n262 = stablehlo.constant dense<false> : tensor<i1>
  %v263 = stablehlo.select %n262, %c260, %c261 : (tensor<i1>, tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32>
  %v264 = stablehlo.compare GT, %c260, %c261 : (tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xi1>
  return %v263, %v264 : tensor<1x4x5x5xf32>, tensor<1x4x5x5xi1>
}

// Two branches concatenated along the channels, an explicit pad before a
// convolution, a slice of the channels and a depthwise convolution, NCHW.
func.func @concat_pad_slice_depthwise() -> tensor<1x6x5x5xf32> {
  %i265 = stablehlo.iota dim = 0 : tensor<75xf32>
  %k266 = stablehlo.constant dense<0.39> : tensor<75xf32>
  %m267 = stablehlo.multiply %i265, %k266 : tensor<75xf32>
  %s268 = stablehlo.sine %m267 : tensor<75xf32>
  %x269 = stablehlo.reshape %s268 : (tensor<75xf32>) -> tensor<1x3x5x5xf32>
  %i270 = stablehlo.iota dim = 0 : tensor<12xf32>
  %k271 = stablehlo.constant dense<0.63> : tensor<12xf32>
  %m272 = stablehlo.multiply %i270, %k271 : tensor<12xf32>
  %s273 = stablehlo.sine %m272 : tensor<12xf32>
  %x274 = stablehlo.reshape %s273 : (tensor<12xf32>) -> tensor<4x3x1x1xf32>
  %i275 = stablehlo.iota dim = 0 : tensor<108xf32>
  %k276 = stablehlo.constant dense<0.44> : tensor<108xf32>
  %m277 = stablehlo.multiply %i275, %k276 : tensor<108xf32>
  %s278 = stablehlo.sine %m277 : tensor<108xf32>
  %x279 = stablehlo.reshape %s278 : (tensor<108xf32>) -> tensor<4x3x3x3xf32>
  %c280 = stablehlo.convolution(%x269, %x274) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x3x5x5xf32>, tensor<4x3x1x1xf32>) -> tensor<1x4x5x5xf32>
  %z281 = stablehlo.constant dense<0.0> : tensor<1x4x5x5xf32>
  %v282 = stablehlo.maximum %c280, %z281 : tensor<1x4x5x5xf32>
  %c283 = stablehlo.convolution(%x269, %x279) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [1, 1], pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x5x5xf32>
  %i284 = stablehlo.iota dim = 0 : tensor<4xf32>
  %k285 = stablehlo.constant dense<0.17> : tensor<4xf32>
  %m286 = stablehlo.multiply %i284, %k285 : tensor<4xf32>
  %s287 = stablehlo.sine %m286 : tensor<4xf32>
  %x288 = stablehlo.reshape %s287 : (tensor<4xf32>) -> tensor<4xf32>
  %i289 = stablehlo.iota dim = 0 : tensor<4xf32>
  %k290 = stablehlo.constant dense<0.28900000000000003> : tensor<4xf32>
  %m291 = stablehlo.multiply %i289, %k290 : tensor<4xf32>
  %s292 = stablehlo.sine %m291 : tensor<4xf32>
  %x293 = stablehlo.reshape %s292 : (tensor<4xf32>) -> tensor<4xf32>
  %i294 = stablehlo.iota dim = 0 : tensor<4xf32>
  %k295 = stablehlo.constant dense<0.391> : tensor<4xf32>
  %m296 = stablehlo.multiply %i294, %k295 : tensor<4xf32>
  %s297 = stablehlo.sine %m296 : tensor<4xf32>
  %x298 = stablehlo.reshape %s297 : (tensor<4xf32>) -> tensor<4xf32>
  %b299 = stablehlo.broadcast_in_dim %x288, dims = [1] : (tensor<4xf32>) -> tensor<1x4x5x5xf32>
  %v300 = stablehlo.subtract %c283, %b299 : tensor<1x4x5x5xf32>
  %b301 = stablehlo.broadcast_in_dim %x293, dims = [1] : (tensor<4xf32>) -> tensor<1x4x5x5xf32>
  %v302 = stablehlo.multiply %v300, %b301 : tensor<1x4x5x5xf32>
  %b303 = stablehlo.broadcast_in_dim %x298, dims = [1] : (tensor<4xf32>) -> tensor<1x4x5x5xf32>
  %v304 = stablehlo.add %v302, %b303 : tensor<1x4x5x5xf32>
  %z305 = stablehlo.constant dense<0.0> : tensor<1x4x5x5xf32>
  %v306 = stablehlo.maximum %v304, %z305 : tensor<1x4x5x5xf32>
  %v307 = stablehlo.concatenate %v282, %v306, dim = 1 : (tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>) -> tensor<1x8x5x5xf32>
  %n308 = stablehlo.constant dense<0.0> : tensor<f32>
  %v309 = stablehlo.pad %v307, %n308, low = [0, 0, 1, 2], high = [0, 0, 1, 0], interior = [0, 0, 0, 0] : (tensor<1x8x5x5xf32>, tensor<f32>) -> tensor<1x8x7x7xf32>
  %i310 = stablehlo.iota dim = 0 : tensor<432xf32>
  %k311 = stablehlo.constant dense<0.36> : tensor<432xf32>
  %m312 = stablehlo.multiply %i310, %k311 : tensor<432xf32>
  %s313 = stablehlo.sine %m312 : tensor<432xf32>
  %x314 = stablehlo.reshape %s313 : (tensor<432xf32>) -> tensor<6x8x3x3xf32>
  %c315 = stablehlo.convolution(%v309, %x314) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x8x7x7xf32>, tensor<6x8x3x3xf32>) -> tensor<1x6x5x5xf32>
  %v316 = stablehlo.slice %c315 [0:1, 1:4, 0:5, 0:5:2] : (tensor<1x6x5x5xf32>) -> tensor<1x3x5x3xf32>
  %i317 = stablehlo.iota dim = 0 : tensor<27xf32>
  %k318 = stablehlo.constant dense<0.52> : tensor<27xf32>
  %m319 = stablehlo.multiply %i317, %k318 : tensor<27xf32>
  %s320 = stablehlo.sine %m319 : tensor<27xf32>
  %x321 = stablehlo.reshape %s320 : (tensor<27xf32>) -> tensor<3x1x3x3xf32>
  %c322 = stablehlo.convolution(%v316, %x321) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [1, 1], pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 3 : i64}
    : (tensor<1x3x5x3xf32>, tensor<3x1x3x3xf32>) -> tensor<1x3x5x3xf32>
  %v323 = stablehlo.concatenate %c322, %v316, dim = 1 : (tensor<1x3x5x3xf32>, tensor<1x3x5x3xf32>) -> tensor<1x6x5x3xf32>
  %i324 = stablehlo.iota dim = 0 : tensor<36xf32>
  %k325 = stablehlo.constant dense<0.28> : tensor<36xf32>
  %m326 = stablehlo.multiply %i324, %k325 : tensor<36xf32>
  %s327 = stablehlo.sine %m326 : tensor<36xf32>
  %x328 = stablehlo.reshape %s327 : (tensor<36xf32>) -> tensor<6x6x1x1xf32>
  %c329 = stablehlo.convolution(%v323, %x328) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x6x5x3xf32>, tensor<6x6x1x1xf32>) -> tensor<1x6x5x3xf32>
  %v330 = stablehlo.pad %c329, %n308, low = [0, 0, 0, 1], high = [0, 0, 0, 1], interior = [0, 0, 0, 0] : (tensor<1x6x5x3xf32>, tensor<f32>) -> tensor<1x6x5x5xf32>
  return %v330 : tensor<1x6x5x5xf32>
}

// NCHW convolutions in a while loop's body, the state carried across
// iterations (the transposes stay inside the body).
func.func @conv_in_loop() -> tensor<1x4x6x6xf32> {
  %i331 = stablehlo.iota dim = 0 : tensor<144xf32>
  %k332 = stablehlo.constant dense<0.21> : tensor<144xf32>
  %m333 = stablehlo.multiply %i331, %k332 : tensor<144xf32>
  %s334 = stablehlo.sine %m333 : tensor<144xf32>
  %x335 = stablehlo.reshape %s334 : (tensor<144xf32>) -> tensor<1x4x6x6xf32>
  %i0 = stablehlo.constant dense<0> : tensor<i32>
  %lw:2 = stablehlo.while(%it = %i0, %st = %x335) : tensor<i32>, tensor<1x4x6x6xf32>
  cond {
    %three = stablehlo.constant dense<3> : tensor<i32>
    %lt = stablehlo.compare LT, %it, %three : (tensor<i32>, tensor<i32>) -> tensor<i1>
    stablehlo.return %lt : tensor<i1>
  } do {
    %i336 = stablehlo.iota dim = 0 : tensor<144xf32>
    %k337 = stablehlo.constant dense<0.13> : tensor<144xf32>
    %m338 = stablehlo.multiply %i336, %k337 : tensor<144xf32>
    %s339 = stablehlo.sine %m338 : tensor<144xf32>
    %x340 = stablehlo.reshape %s339 : (tensor<144xf32>) -> tensor<4x4x3x3xf32>
    %c341 = stablehlo.convolution(%st, %x340) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
      window = {stride = [1, 1], pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
      : (tensor<1x4x6x6xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x6x6xf32>
    %v342 = stablehlo.tanh %c341 : tensor<1x4x6x6xf32>
    %v343 = stablehlo.add %v342, %st : tensor<1x4x6x6xf32>
    %one = stablehlo.constant dense<1> : tensor<i32>
    %next = stablehlo.add %it, %one : tensor<i32>
    stablehlo.return %next, %v343 : tensor<i32>, tensor<1x4x6x6xf32>
  }
  return %lw#1 : tensor<1x4x6x6xf32>
}
