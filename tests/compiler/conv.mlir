// Convolutions through the CONV routine (compiler/lower_conv.c), compiled and
// compared with the interpreter (cxla check --mode=both): 1x1, 3x3 with
// padding, strides, dilations, feature groups and depthwise, batch groups,
// NHWC/HWIO and NCHW/OIHW, batches, f32, f64, bf16, f16 and i8; computed
// and constant weights (a constant read through a transpose is packed
// once); batch norm, ReLU and residual epilogues (compiler/epilogue.h).
// Every convolution here has at least 4096 multiply-adds (smaller ones
// stay loops).

// 1x1, NHWC x HWIO: one GEMM on the input as it lies.
func.func @pointwise_nhwc() -> (tensor<1x8x8x24xf32>) {
  %i1 = stablehlo.iota dim = 0 : tensor<1x8x8x32xf32>
  %c2 = stablehlo.constant dense<0.3700> : tensor<1x8x8x32xf32>
  %m3 = stablehlo.multiply %i1, %c2 : tensor<1x8x8x32xf32>
  %i4 = stablehlo.iota dim = 1 : tensor<1x8x8x32xf32>
  %c5 = stablehlo.constant dense<0.8500> : tensor<1x8x8x32xf32>
  %m6 = stablehlo.multiply %i4, %c5 : tensor<1x8x8x32xf32>
  %s7 = stablehlo.add %m3, %m6 : tensor<1x8x8x32xf32>
  %i8 = stablehlo.iota dim = 2 : tensor<1x8x8x32xf32>
  %c9 = stablehlo.constant dense<1.5500> : tensor<1x8x8x32xf32>
  %m10 = stablehlo.multiply %i8, %c9 : tensor<1x8x8x32xf32>
  %s11 = stablehlo.add %s7, %m10 : tensor<1x8x8x32xf32>
  %i12 = stablehlo.iota dim = 3 : tensor<1x8x8x32xf32>
  %c13 = stablehlo.constant dense<2.4700> : tensor<1x8x8x32xf32>
  %m14 = stablehlo.multiply %i12, %c13 : tensor<1x8x8x32xf32>
  %s15 = stablehlo.add %s11, %m14 : tensor<1x8x8x32xf32>
  %v16 = stablehlo.sine %s15 : tensor<1x8x8x32xf32>
  %i17 = stablehlo.iota dim = 0 : tensor<1x1x32x24xf32>
  %c18 = stablehlo.constant dense<0.2300> : tensor<1x1x32x24xf32>
  %m19 = stablehlo.multiply %i17, %c18 : tensor<1x1x32x24xf32>
  %i20 = stablehlo.iota dim = 1 : tensor<1x1x32x24xf32>
  %c21 = stablehlo.constant dense<0.5700> : tensor<1x1x32x24xf32>
  %m22 = stablehlo.multiply %i20, %c21 : tensor<1x1x32x24xf32>
  %s23 = stablehlo.add %m19, %m22 : tensor<1x1x32x24xf32>
  %i24 = stablehlo.iota dim = 2 : tensor<1x1x32x24xf32>
  %c25 = stablehlo.constant dense<1.1300> : tensor<1x1x32x24xf32>
  %m26 = stablehlo.multiply %i24, %c25 : tensor<1x1x32x24xf32>
  %s27 = stablehlo.add %s23, %m26 : tensor<1x1x32x24xf32>
  %i28 = stablehlo.iota dim = 3 : tensor<1x1x32x24xf32>
  %c29 = stablehlo.constant dense<1.9100> : tensor<1x1x32x24xf32>
  %m30 = stablehlo.multiply %i28, %c29 : tensor<1x1x32x24xf32>
  %s31 = stablehlo.add %s27, %m30 : tensor<1x1x32x24xf32>
  %v32 = stablehlo.cosine %s31 : tensor<1x1x32x24xf32>
  %r33 = stablehlo.convolution(%v16, %v32) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x8x8x32xf32>, tensor<1x1x32x24xf32>) -> tensor<1x8x8x24xf32>
  return %r33 : tensor<1x8x8x24xf32>
}

// 3x3, padding 1, batch 2 (the direct kernel).
func.func @conv3x3_pad1_batch2() -> (tensor<2x7x7x16xf32>) {
  %i34 = stablehlo.iota dim = 0 : tensor<2x7x7x8xf32>
  %c35 = stablehlo.constant dense<0.3700> : tensor<2x7x7x8xf32>
  %m36 = stablehlo.multiply %i34, %c35 : tensor<2x7x7x8xf32>
  %i37 = stablehlo.iota dim = 1 : tensor<2x7x7x8xf32>
  %c38 = stablehlo.constant dense<0.8500> : tensor<2x7x7x8xf32>
  %m39 = stablehlo.multiply %i37, %c38 : tensor<2x7x7x8xf32>
  %s40 = stablehlo.add %m36, %m39 : tensor<2x7x7x8xf32>
  %i41 = stablehlo.iota dim = 2 : tensor<2x7x7x8xf32>
  %c42 = stablehlo.constant dense<1.5500> : tensor<2x7x7x8xf32>
  %m43 = stablehlo.multiply %i41, %c42 : tensor<2x7x7x8xf32>
  %s44 = stablehlo.add %s40, %m43 : tensor<2x7x7x8xf32>
  %i45 = stablehlo.iota dim = 3 : tensor<2x7x7x8xf32>
  %c46 = stablehlo.constant dense<2.4700> : tensor<2x7x7x8xf32>
  %m47 = stablehlo.multiply %i45, %c46 : tensor<2x7x7x8xf32>
  %s48 = stablehlo.add %s44, %m47 : tensor<2x7x7x8xf32>
  %v49 = stablehlo.sine %s48 : tensor<2x7x7x8xf32>
  %i50 = stablehlo.iota dim = 0 : tensor<3x3x8x16xf32>
  %c51 = stablehlo.constant dense<0.1900> : tensor<3x3x8x16xf32>
  %m52 = stablehlo.multiply %i50, %c51 : tensor<3x3x8x16xf32>
  %i53 = stablehlo.iota dim = 1 : tensor<3x3x8x16xf32>
  %c54 = stablehlo.constant dense<0.4900> : tensor<3x3x8x16xf32>
  %m55 = stablehlo.multiply %i53, %c54 : tensor<3x3x8x16xf32>
  %s56 = stablehlo.add %m52, %m55 : tensor<3x3x8x16xf32>
  %i57 = stablehlo.iota dim = 2 : tensor<3x3x8x16xf32>
  %c58 = stablehlo.constant dense<1.0100> : tensor<3x3x8x16xf32>
  %m59 = stablehlo.multiply %i57, %c58 : tensor<3x3x8x16xf32>
  %s60 = stablehlo.add %s56, %m59 : tensor<3x3x8x16xf32>
  %i61 = stablehlo.iota dim = 3 : tensor<3x3x8x16xf32>
  %c62 = stablehlo.constant dense<1.7500> : tensor<3x3x8x16xf32>
  %m63 = stablehlo.multiply %i61, %c62 : tensor<3x3x8x16xf32>
  %s64 = stablehlo.add %s60, %m63 : tensor<3x3x8x16xf32>
  %v65 = stablehlo.cosine %s64 : tensor<3x3x8x16xf32>
  %r66 = stablehlo.convolution(%v49, %v65) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [1, 1], pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<2x7x7x8xf32>, tensor<3x3x8x16xf32>) -> tensor<2x7x7x16xf32>
  return %r66 : tensor<2x7x7x16xf32>
}

// Stride 2: NCHW x OIHW 3x3 and NHWC 1x1 (ResNet's downsampling).
func.func @stride2() -> (tensor<2x16x5x5xf32>, tensor<1x5x5x32xf32>) {
  %i67 = stablehlo.iota dim = 0 : tensor<2x8x9x9xf32>
  %c68 = stablehlo.constant dense<0.3700> : tensor<2x8x9x9xf32>
  %m69 = stablehlo.multiply %i67, %c68 : tensor<2x8x9x9xf32>
  %i70 = stablehlo.iota dim = 1 : tensor<2x8x9x9xf32>
  %c71 = stablehlo.constant dense<0.8500> : tensor<2x8x9x9xf32>
  %m72 = stablehlo.multiply %i70, %c71 : tensor<2x8x9x9xf32>
  %s73 = stablehlo.add %m69, %m72 : tensor<2x8x9x9xf32>
  %i74 = stablehlo.iota dim = 2 : tensor<2x8x9x9xf32>
  %c75 = stablehlo.constant dense<1.5500> : tensor<2x8x9x9xf32>
  %m76 = stablehlo.multiply %i74, %c75 : tensor<2x8x9x9xf32>
  %s77 = stablehlo.add %s73, %m76 : tensor<2x8x9x9xf32>
  %i78 = stablehlo.iota dim = 3 : tensor<2x8x9x9xf32>
  %c79 = stablehlo.constant dense<2.4700> : tensor<2x8x9x9xf32>
  %m80 = stablehlo.multiply %i78, %c79 : tensor<2x8x9x9xf32>
  %s81 = stablehlo.add %s77, %m80 : tensor<2x8x9x9xf32>
  %v82 = stablehlo.sine %s81 : tensor<2x8x9x9xf32>
  %i83 = stablehlo.iota dim = 0 : tensor<16x8x3x3xf32>
  %c84 = stablehlo.constant dense<0.2900> : tensor<16x8x3x3xf32>
  %m85 = stablehlo.multiply %i83, %c84 : tensor<16x8x3x3xf32>
  %i86 = stablehlo.iota dim = 1 : tensor<16x8x3x3xf32>
  %c87 = stablehlo.constant dense<0.6900> : tensor<16x8x3x3xf32>
  %m88 = stablehlo.multiply %i86, %c87 : tensor<16x8x3x3xf32>
  %s89 = stablehlo.add %m85, %m88 : tensor<16x8x3x3xf32>
  %i90 = stablehlo.iota dim = 2 : tensor<16x8x3x3xf32>
  %c91 = stablehlo.constant dense<1.3100> : tensor<16x8x3x3xf32>
  %m92 = stablehlo.multiply %i90, %c91 : tensor<16x8x3x3xf32>
  %s93 = stablehlo.add %s89, %m92 : tensor<16x8x3x3xf32>
  %i94 = stablehlo.iota dim = 3 : tensor<16x8x3x3xf32>
  %c95 = stablehlo.constant dense<2.1500> : tensor<16x8x3x3xf32>
  %m96 = stablehlo.multiply %i94, %c95 : tensor<16x8x3x3xf32>
  %s97 = stablehlo.add %s93, %m96 : tensor<16x8x3x3xf32>
  %v98 = stablehlo.cosine %s97 : tensor<16x8x3x3xf32>
  %r99 = stablehlo.convolution(%v82, %v98) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [2, 2], pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<2x8x9x9xf32>, tensor<16x8x3x3xf32>) -> tensor<2x16x5x5xf32>
  %i100 = stablehlo.iota dim = 0 : tensor<1x9x9x16xf32>
  %c101 = stablehlo.constant dense<0.4100> : tensor<1x9x9x16xf32>
  %m102 = stablehlo.multiply %i100, %c101 : tensor<1x9x9x16xf32>
  %i103 = stablehlo.iota dim = 1 : tensor<1x9x9x16xf32>
  %c104 = stablehlo.constant dense<0.9300> : tensor<1x9x9x16xf32>
  %m105 = stablehlo.multiply %i103, %c104 : tensor<1x9x9x16xf32>
  %s106 = stablehlo.add %m102, %m105 : tensor<1x9x9x16xf32>
  %i107 = stablehlo.iota dim = 2 : tensor<1x9x9x16xf32>
  %c108 = stablehlo.constant dense<1.6700> : tensor<1x9x9x16xf32>
  %m109 = stablehlo.multiply %i107, %c108 : tensor<1x9x9x16xf32>
  %s110 = stablehlo.add %s106, %m109 : tensor<1x9x9x16xf32>
  %i111 = stablehlo.iota dim = 3 : tensor<1x9x9x16xf32>
  %c112 = stablehlo.constant dense<2.6300> : tensor<1x9x9x16xf32>
  %m113 = stablehlo.multiply %i111, %c112 : tensor<1x9x9x16xf32>
  %s114 = stablehlo.add %s110, %m113 : tensor<1x9x9x16xf32>
  %v115 = stablehlo.sine %s114 : tensor<1x9x9x16xf32>
  %i116 = stablehlo.iota dim = 0 : tensor<1x1x16x32xf32>
  %c117 = stablehlo.constant dense<0.1300> : tensor<1x1x16x32xf32>
  %m118 = stablehlo.multiply %i116, %c117 : tensor<1x1x16x32xf32>
  %i119 = stablehlo.iota dim = 1 : tensor<1x1x16x32xf32>
  %c120 = stablehlo.constant dense<0.3700> : tensor<1x1x16x32xf32>
  %m121 = stablehlo.multiply %i119, %c120 : tensor<1x1x16x32xf32>
  %s122 = stablehlo.add %m118, %m121 : tensor<1x1x16x32xf32>
  %i123 = stablehlo.iota dim = 2 : tensor<1x1x16x32xf32>
  %c124 = stablehlo.constant dense<0.8300> : tensor<1x1x16x32xf32>
  %m125 = stablehlo.multiply %i123, %c124 : tensor<1x1x16x32xf32>
  %s126 = stablehlo.add %s122, %m125 : tensor<1x1x16x32xf32>
  %i127 = stablehlo.iota dim = 3 : tensor<1x1x16x32xf32>
  %c128 = stablehlo.constant dense<1.5100> : tensor<1x1x16x32xf32>
  %m129 = stablehlo.multiply %i127, %c128 : tensor<1x1x16x32xf32>
  %s130 = stablehlo.add %s126, %m129 : tensor<1x1x16x32xf32>
  %v131 = stablehlo.cosine %s130 : tensor<1x1x16x32xf32>
  %r132 = stablehlo.convolution(%v115, %v131) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [2, 2]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x9x9x16xf32>, tensor<1x1x16x32xf32>) -> tensor<1x5x5x32xf32>
  return %r99, %r132 : tensor<2x16x5x5xf32>, tensor<1x5x5x32xf32>
}

// rhs dilation; lhs dilation with a reversed window and uneven padding.
func.func @dilations() -> (tensor<1x10x10x8xf32>, tensor<1x11x10x8xf32>) {
  %i133 = stablehlo.iota dim = 0 : tensor<1x10x10x8xf32>
  %c134 = stablehlo.constant dense<0.3700> : tensor<1x10x10x8xf32>
  %m135 = stablehlo.multiply %i133, %c134 : tensor<1x10x10x8xf32>
  %i136 = stablehlo.iota dim = 1 : tensor<1x10x10x8xf32>
  %c137 = stablehlo.constant dense<0.8500> : tensor<1x10x10x8xf32>
  %m138 = stablehlo.multiply %i136, %c137 : tensor<1x10x10x8xf32>
  %s139 = stablehlo.add %m135, %m138 : tensor<1x10x10x8xf32>
  %i140 = stablehlo.iota dim = 2 : tensor<1x10x10x8xf32>
  %c141 = stablehlo.constant dense<1.5500> : tensor<1x10x10x8xf32>
  %m142 = stablehlo.multiply %i140, %c141 : tensor<1x10x10x8xf32>
  %s143 = stablehlo.add %s139, %m142 : tensor<1x10x10x8xf32>
  %i144 = stablehlo.iota dim = 3 : tensor<1x10x10x8xf32>
  %c145 = stablehlo.constant dense<2.4700> : tensor<1x10x10x8xf32>
  %m146 = stablehlo.multiply %i144, %c145 : tensor<1x10x10x8xf32>
  %s147 = stablehlo.add %s143, %m146 : tensor<1x10x10x8xf32>
  %v148 = stablehlo.sine %s147 : tensor<1x10x10x8xf32>
  %i149 = stablehlo.iota dim = 0 : tensor<3x3x8x8xf32>
  %c150 = stablehlo.constant dense<0.3100> : tensor<3x3x8x8xf32>
  %m151 = stablehlo.multiply %i149, %c150 : tensor<3x3x8x8xf32>
  %i152 = stablehlo.iota dim = 1 : tensor<3x3x8x8xf32>
  %c153 = stablehlo.constant dense<0.7300> : tensor<3x3x8x8xf32>
  %m154 = stablehlo.multiply %i152, %c153 : tensor<3x3x8x8xf32>
  %s155 = stablehlo.add %m151, %m154 : tensor<3x3x8x8xf32>
  %i156 = stablehlo.iota dim = 2 : tensor<3x3x8x8xf32>
  %c157 = stablehlo.constant dense<1.3700> : tensor<3x3x8x8xf32>
  %m158 = stablehlo.multiply %i156, %c157 : tensor<3x3x8x8xf32>
  %s159 = stablehlo.add %s155, %m158 : tensor<3x3x8x8xf32>
  %i160 = stablehlo.iota dim = 3 : tensor<3x3x8x8xf32>
  %c161 = stablehlo.constant dense<2.2300> : tensor<3x3x8x8xf32>
  %m162 = stablehlo.multiply %i160, %c161 : tensor<3x3x8x8xf32>
  %s163 = stablehlo.add %s159, %m162 : tensor<3x3x8x8xf32>
  %v164 = stablehlo.cosine %s163 : tensor<3x3x8x8xf32>
  %r165 = stablehlo.convolution(%v148, %v164) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {pad = [[2, 2], [2, 2]], rhs_dilate = [2, 2]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x10x10x8xf32>, tensor<3x3x8x8xf32>) -> tensor<1x10x10x8xf32>
  %i166 = stablehlo.iota dim = 0 : tensor<1x6x6x8xf32>
  %c167 = stablehlo.constant dense<0.1700> : tensor<1x6x6x8xf32>
  %m168 = stablehlo.multiply %i166, %c167 : tensor<1x6x6x8xf32>
  %i169 = stablehlo.iota dim = 1 : tensor<1x6x6x8xf32>
  %c170 = stablehlo.constant dense<0.4500> : tensor<1x6x6x8xf32>
  %m171 = stablehlo.multiply %i169, %c170 : tensor<1x6x6x8xf32>
  %s172 = stablehlo.add %m168, %m171 : tensor<1x6x6x8xf32>
  %i173 = stablehlo.iota dim = 2 : tensor<1x6x6x8xf32>
  %c174 = stablehlo.constant dense<0.9500> : tensor<1x6x6x8xf32>
  %m175 = stablehlo.multiply %i173, %c174 : tensor<1x6x6x8xf32>
  %s176 = stablehlo.add %s172, %m175 : tensor<1x6x6x8xf32>
  %i177 = stablehlo.iota dim = 3 : tensor<1x6x6x8xf32>
  %c178 = stablehlo.constant dense<1.6700> : tensor<1x6x6x8xf32>
  %m179 = stablehlo.multiply %i177, %c178 : tensor<1x6x6x8xf32>
  %s180 = stablehlo.add %s176, %m179 : tensor<1x6x6x8xf32>
  %v181 = stablehlo.sine %s180 : tensor<1x6x6x8xf32>
  %i182 = stablehlo.iota dim = 0 : tensor<3x3x8x8xf32>
  %c183 = stablehlo.constant dense<0.2100> : tensor<3x3x8x8xf32>
  %m184 = stablehlo.multiply %i182, %c183 : tensor<3x3x8x8xf32>
  %i185 = stablehlo.iota dim = 1 : tensor<3x3x8x8xf32>
  %c186 = stablehlo.constant dense<0.5300> : tensor<3x3x8x8xf32>
  %m187 = stablehlo.multiply %i185, %c186 : tensor<3x3x8x8xf32>
  %s188 = stablehlo.add %m184, %m187 : tensor<3x3x8x8xf32>
  %i189 = stablehlo.iota dim = 2 : tensor<3x3x8x8xf32>
  %c190 = stablehlo.constant dense<1.0700> : tensor<3x3x8x8xf32>
  %m191 = stablehlo.multiply %i189, %c190 : tensor<3x3x8x8xf32>
  %s192 = stablehlo.add %s188, %m191 : tensor<3x3x8x8xf32>
  %i193 = stablehlo.iota dim = 3 : tensor<3x3x8x8xf32>
  %c194 = stablehlo.constant dense<1.8300> : tensor<3x3x8x8xf32>
  %m195 = stablehlo.multiply %i193, %c194 : tensor<3x3x8x8xf32>
  %s196 = stablehlo.add %s192, %m195 : tensor<3x3x8x8xf32>
  %v197 = stablehlo.cosine %s196 : tensor<3x3x8x8xf32>
  %r198 = stablehlo.convolution(%v181, %v197) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {pad = [[1, 1], [1, 0]], lhs_dilate = [2, 2], reverse = [true, false]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x6x6x8xf32>, tensor<3x3x8x8xf32>) -> tensor<1x11x10x8xf32>
  return %r165, %r198 : tensor<1x10x10x8xf32>, tensor<1x11x10x8xf32>
}

// Depthwise (NHWC), 4 feature groups, and a depthwise multiplier of 2 in NCHW.
func.func @groups() -> (tensor<1x8x8x32xf32>, tensor<2x6x6x16xf32>, tensor<1x32x6x6xf32>) {
  %i199 = stablehlo.iota dim = 0 : tensor<1x8x8x32xf32>
  %c200 = stablehlo.constant dense<0.3700> : tensor<1x8x8x32xf32>
  %m201 = stablehlo.multiply %i199, %c200 : tensor<1x8x8x32xf32>
  %i202 = stablehlo.iota dim = 1 : tensor<1x8x8x32xf32>
  %c203 = stablehlo.constant dense<0.8500> : tensor<1x8x8x32xf32>
  %m204 = stablehlo.multiply %i202, %c203 : tensor<1x8x8x32xf32>
  %s205 = stablehlo.add %m201, %m204 : tensor<1x8x8x32xf32>
  %i206 = stablehlo.iota dim = 2 : tensor<1x8x8x32xf32>
  %c207 = stablehlo.constant dense<1.5500> : tensor<1x8x8x32xf32>
  %m208 = stablehlo.multiply %i206, %c207 : tensor<1x8x8x32xf32>
  %s209 = stablehlo.add %s205, %m208 : tensor<1x8x8x32xf32>
  %i210 = stablehlo.iota dim = 3 : tensor<1x8x8x32xf32>
  %c211 = stablehlo.constant dense<2.4700> : tensor<1x8x8x32xf32>
  %m212 = stablehlo.multiply %i210, %c211 : tensor<1x8x8x32xf32>
  %s213 = stablehlo.add %s209, %m212 : tensor<1x8x8x32xf32>
  %v214 = stablehlo.sine %s213 : tensor<1x8x8x32xf32>
  %i215 = stablehlo.iota dim = 0 : tensor<3x3x1x32xf32>
  %c216 = stablehlo.constant dense<0.2700> : tensor<3x3x1x32xf32>
  %m217 = stablehlo.multiply %i215, %c216 : tensor<3x3x1x32xf32>
  %i218 = stablehlo.iota dim = 1 : tensor<3x3x1x32xf32>
  %c219 = stablehlo.constant dense<0.6500> : tensor<3x3x1x32xf32>
  %m220 = stablehlo.multiply %i218, %c219 : tensor<3x3x1x32xf32>
  %s221 = stablehlo.add %m217, %m220 : tensor<3x3x1x32xf32>
  %i222 = stablehlo.iota dim = 2 : tensor<3x3x1x32xf32>
  %c223 = stablehlo.constant dense<1.2500> : tensor<3x3x1x32xf32>
  %m224 = stablehlo.multiply %i222, %c223 : tensor<3x3x1x32xf32>
  %s225 = stablehlo.add %s221, %m224 : tensor<3x3x1x32xf32>
  %i226 = stablehlo.iota dim = 3 : tensor<3x3x1x32xf32>
  %c227 = stablehlo.constant dense<2.0700> : tensor<3x3x1x32xf32>
  %m228 = stablehlo.multiply %i226, %c227 : tensor<3x3x1x32xf32>
  %s229 = stablehlo.add %s225, %m228 : tensor<3x3x1x32xf32>
  %v230 = stablehlo.cosine %s229 : tensor<3x3x1x32xf32>
  %r231 = stablehlo.convolution(%v214, %v230) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 32 : i64}
    : (tensor<1x8x8x32xf32>, tensor<3x3x1x32xf32>) -> tensor<1x8x8x32xf32>
  %i232 = stablehlo.iota dim = 0 : tensor<2x6x6x16xf32>
  %c233 = stablehlo.constant dense<0.3300> : tensor<2x6x6x16xf32>
  %m234 = stablehlo.multiply %i232, %c233 : tensor<2x6x6x16xf32>
  %i235 = stablehlo.iota dim = 1 : tensor<2x6x6x16xf32>
  %c236 = stablehlo.constant dense<0.7700> : tensor<2x6x6x16xf32>
  %m237 = stablehlo.multiply %i235, %c236 : tensor<2x6x6x16xf32>
  %s238 = stablehlo.add %m234, %m237 : tensor<2x6x6x16xf32>
  %i239 = stablehlo.iota dim = 2 : tensor<2x6x6x16xf32>
  %c240 = stablehlo.constant dense<1.4300> : tensor<2x6x6x16xf32>
  %m241 = stablehlo.multiply %i239, %c240 : tensor<2x6x6x16xf32>
  %s242 = stablehlo.add %s238, %m241 : tensor<2x6x6x16xf32>
  %i243 = stablehlo.iota dim = 3 : tensor<2x6x6x16xf32>
  %c244 = stablehlo.constant dense<2.3100> : tensor<2x6x6x16xf32>
  %m245 = stablehlo.multiply %i243, %c244 : tensor<2x6x6x16xf32>
  %s246 = stablehlo.add %s242, %m245 : tensor<2x6x6x16xf32>
  %v247 = stablehlo.sine %s246 : tensor<2x6x6x16xf32>
  %i248 = stablehlo.iota dim = 0 : tensor<3x3x4x16xf32>
  %c249 = stablehlo.constant dense<0.1500> : tensor<3x3x4x16xf32>
  %m250 = stablehlo.multiply %i248, %c249 : tensor<3x3x4x16xf32>
  %i251 = stablehlo.iota dim = 1 : tensor<3x3x4x16xf32>
  %c252 = stablehlo.constant dense<0.4100> : tensor<3x3x4x16xf32>
  %m253 = stablehlo.multiply %i251, %c252 : tensor<3x3x4x16xf32>
  %s254 = stablehlo.add %m250, %m253 : tensor<3x3x4x16xf32>
  %i255 = stablehlo.iota dim = 2 : tensor<3x3x4x16xf32>
  %c256 = stablehlo.constant dense<0.8900> : tensor<3x3x4x16xf32>
  %m257 = stablehlo.multiply %i255, %c256 : tensor<3x3x4x16xf32>
  %s258 = stablehlo.add %s254, %m257 : tensor<3x3x4x16xf32>
  %i259 = stablehlo.iota dim = 3 : tensor<3x3x4x16xf32>
  %c260 = stablehlo.constant dense<1.5900> : tensor<3x3x4x16xf32>
  %m261 = stablehlo.multiply %i259, %c260 : tensor<3x3x4x16xf32>
  %s262 = stablehlo.add %s258, %m261 : tensor<3x3x4x16xf32>
  %v263 = stablehlo.cosine %s262 : tensor<3x3x4x16xf32>
  %r264 = stablehlo.convolution(%v247, %v263) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 4 : i64}
    : (tensor<2x6x6x16xf32>, tensor<3x3x4x16xf32>) -> tensor<2x6x6x16xf32>
  %i265 = stablehlo.iota dim = 0 : tensor<1x16x8x8xf32>
  %c266 = stablehlo.constant dense<0.1200> : tensor<1x16x8x8xf32>
  %m267 = stablehlo.multiply %i265, %c266 : tensor<1x16x8x8xf32>
  %i268 = stablehlo.iota dim = 1 : tensor<1x16x8x8xf32>
  %c269 = stablehlo.constant dense<0.3500> : tensor<1x16x8x8xf32>
  %m270 = stablehlo.multiply %i268, %c269 : tensor<1x16x8x8xf32>
  %s271 = stablehlo.add %m267, %m270 : tensor<1x16x8x8xf32>
  %i272 = stablehlo.iota dim = 2 : tensor<1x16x8x8xf32>
  %c273 = stablehlo.constant dense<0.8000> : tensor<1x16x8x8xf32>
  %m274 = stablehlo.multiply %i272, %c273 : tensor<1x16x8x8xf32>
  %s275 = stablehlo.add %s271, %m274 : tensor<1x16x8x8xf32>
  %i276 = stablehlo.iota dim = 3 : tensor<1x16x8x8xf32>
  %c277 = stablehlo.constant dense<1.4700> : tensor<1x16x8x8xf32>
  %m278 = stablehlo.multiply %i276, %c277 : tensor<1x16x8x8xf32>
  %s279 = stablehlo.add %s275, %m278 : tensor<1x16x8x8xf32>
  %v280 = stablehlo.sine %s279 : tensor<1x16x8x8xf32>
  %i281 = stablehlo.iota dim = 0 : tensor<32x1x3x3xf32>
  %c282 = stablehlo.constant dense<0.3500> : tensor<32x1x3x3xf32>
  %m283 = stablehlo.multiply %i281, %c282 : tensor<32x1x3x3xf32>
  %i284 = stablehlo.iota dim = 1 : tensor<32x1x3x3xf32>
  %c285 = stablehlo.constant dense<0.8100> : tensor<32x1x3x3xf32>
  %m286 = stablehlo.multiply %i284, %c285 : tensor<32x1x3x3xf32>
  %s287 = stablehlo.add %m283, %m286 : tensor<32x1x3x3xf32>
  %i288 = stablehlo.iota dim = 2 : tensor<32x1x3x3xf32>
  %c289 = stablehlo.constant dense<1.4900> : tensor<32x1x3x3xf32>
  %m290 = stablehlo.multiply %i288, %c289 : tensor<32x1x3x3xf32>
  %s291 = stablehlo.add %s287, %m290 : tensor<32x1x3x3xf32>
  %i292 = stablehlo.iota dim = 3 : tensor<32x1x3x3xf32>
  %c293 = stablehlo.constant dense<2.3900> : tensor<32x1x3x3xf32>
  %m294 = stablehlo.multiply %i292, %c293 : tensor<32x1x3x3xf32>
  %s295 = stablehlo.add %s291, %m294 : tensor<32x1x3x3xf32>
  %v296 = stablehlo.cosine %s295 : tensor<32x1x3x3xf32>
  %r297 = stablehlo.convolution(%v280, %v296) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 16 : i64}
    : (tensor<1x16x8x8xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x6x6xf32>
  return %r231, %r264, %r297 : tensor<1x8x8x32xf32>, tensor<2x6x6x16xf32>, tensor<1x32x6x6xf32>
}

// batch_group_count 8 (the weight-gradient form).
func.func @batch_groups() -> (tensor<1x5x5x8xf32>) {
  %i298 = stablehlo.iota dim = 0 : tensor<8x7x7x4xf32>
  %c299 = stablehlo.constant dense<0.3700> : tensor<8x7x7x4xf32>
  %m300 = stablehlo.multiply %i298, %c299 : tensor<8x7x7x4xf32>
  %i301 = stablehlo.iota dim = 1 : tensor<8x7x7x4xf32>
  %c302 = stablehlo.constant dense<0.8500> : tensor<8x7x7x4xf32>
  %m303 = stablehlo.multiply %i301, %c302 : tensor<8x7x7x4xf32>
  %s304 = stablehlo.add %m300, %m303 : tensor<8x7x7x4xf32>
  %i305 = stablehlo.iota dim = 2 : tensor<8x7x7x4xf32>
  %c306 = stablehlo.constant dense<1.5500> : tensor<8x7x7x4xf32>
  %m307 = stablehlo.multiply %i305, %c306 : tensor<8x7x7x4xf32>
  %s308 = stablehlo.add %s304, %m307 : tensor<8x7x7x4xf32>
  %i309 = stablehlo.iota dim = 3 : tensor<8x7x7x4xf32>
  %c310 = stablehlo.constant dense<2.4700> : tensor<8x7x7x4xf32>
  %m311 = stablehlo.multiply %i309, %c310 : tensor<8x7x7x4xf32>
  %s312 = stablehlo.add %s308, %m311 : tensor<8x7x7x4xf32>
  %v313 = stablehlo.sine %s312 : tensor<8x7x7x4xf32>
  %i314 = stablehlo.iota dim = 0 : tensor<3x3x4x8xf32>
  %c315 = stablehlo.constant dense<0.2000> : tensor<3x3x4x8xf32>
  %m316 = stablehlo.multiply %i314, %c315 : tensor<3x3x4x8xf32>
  %i317 = stablehlo.iota dim = 1 : tensor<3x3x4x8xf32>
  %c318 = stablehlo.constant dense<0.5100> : tensor<3x3x4x8xf32>
  %m319 = stablehlo.multiply %i317, %c318 : tensor<3x3x4x8xf32>
  %s320 = stablehlo.add %m316, %m319 : tensor<3x3x4x8xf32>
  %i321 = stablehlo.iota dim = 2 : tensor<3x3x4x8xf32>
  %c322 = stablehlo.constant dense<1.0400> : tensor<3x3x4x8xf32>
  %m323 = stablehlo.multiply %i321, %c322 : tensor<3x3x4x8xf32>
  %s324 = stablehlo.add %s320, %m323 : tensor<3x3x4x8xf32>
  %i325 = stablehlo.iota dim = 3 : tensor<3x3x4x8xf32>
  %c326 = stablehlo.constant dense<1.7900> : tensor<3x3x4x8xf32>
  %m327 = stablehlo.multiply %i325, %c326 : tensor<3x3x4x8xf32>
  %s328 = stablehlo.add %s324, %m327 : tensor<3x3x4x8xf32>
  %v329 = stablehlo.cosine %s328 : tensor<3x3x4x8xf32>
  %r330 = stablehlo.convolution(%v313, %v329) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [1, 1]} {batch_group_count = 8 : i64, feature_group_count = 1 : i64}
    : (tensor<8x7x7x4xf32>, tensor<3x3x4x8xf32>) -> tensor<1x5x5x8xf32>
  return %r330 : tensor<1x5x5x8xf32>
}

// f64, bf16 -> bf16 / f32, f16 -> f32 / f16.
func.func @types() -> (tensor<1x7x7x12xf64>, tensor<1x7x7x12xbf16>, tensor<1x7x7x12xf32>, tensor<1x7x7x12xf32>, tensor<1x7x7x12xf16>) {
  %i331 = stablehlo.iota dim = 0 : tensor<1x7x7x8xf32>
  %c332 = stablehlo.constant dense<0.3000> : tensor<1x7x7x8xf32>
  %m333 = stablehlo.multiply %i331, %c332 : tensor<1x7x7x8xf32>
  %i334 = stablehlo.iota dim = 1 : tensor<1x7x7x8xf32>
  %c335 = stablehlo.constant dense<0.7100> : tensor<1x7x7x8xf32>
  %m336 = stablehlo.multiply %i334, %c335 : tensor<1x7x7x8xf32>
  %s337 = stablehlo.add %m333, %m336 : tensor<1x7x7x8xf32>
  %i338 = stablehlo.iota dim = 2 : tensor<1x7x7x8xf32>
  %c339 = stablehlo.constant dense<1.3400> : tensor<1x7x7x8xf32>
  %m340 = stablehlo.multiply %i338, %c339 : tensor<1x7x7x8xf32>
  %s341 = stablehlo.add %s337, %m340 : tensor<1x7x7x8xf32>
  %i342 = stablehlo.iota dim = 3 : tensor<1x7x7x8xf32>
  %c343 = stablehlo.constant dense<2.1900> : tensor<1x7x7x8xf32>
  %m344 = stablehlo.multiply %i342, %c343 : tensor<1x7x7x8xf32>
  %s345 = stablehlo.add %s341, %m344 : tensor<1x7x7x8xf32>
  %v346 = stablehlo.sine %s345 : tensor<1x7x7x8xf32>
  %v347 = stablehlo.convert %v346 : (tensor<1x7x7x8xf32>) -> tensor<1x7x7x8xf64>
  %i348 = stablehlo.iota dim = 0 : tensor<3x3x8x12xf32>
  %c349 = stablehlo.constant dense<0.3500> : tensor<3x3x8x12xf32>
  %m350 = stablehlo.multiply %i348, %c349 : tensor<3x3x8x12xf32>
  %i351 = stablehlo.iota dim = 1 : tensor<3x3x8x12xf32>
  %c352 = stablehlo.constant dense<0.8100> : tensor<3x3x8x12xf32>
  %m353 = stablehlo.multiply %i351, %c352 : tensor<3x3x8x12xf32>
  %s354 = stablehlo.add %m350, %m353 : tensor<3x3x8x12xf32>
  %i355 = stablehlo.iota dim = 2 : tensor<3x3x8x12xf32>
  %c356 = stablehlo.constant dense<1.4900> : tensor<3x3x8x12xf32>
  %m357 = stablehlo.multiply %i355, %c356 : tensor<3x3x8x12xf32>
  %s358 = stablehlo.add %s354, %m357 : tensor<3x3x8x12xf32>
  %i359 = stablehlo.iota dim = 3 : tensor<3x3x8x12xf32>
  %c360 = stablehlo.constant dense<2.3900> : tensor<3x3x8x12xf32>
  %m361 = stablehlo.multiply %i359, %c360 : tensor<3x3x8x12xf32>
  %s362 = stablehlo.add %s358, %m361 : tensor<3x3x8x12xf32>
  %v363 = stablehlo.cosine %s362 : tensor<3x3x8x12xf32>
  %v364 = stablehlo.convert %v363 : (tensor<3x3x8x12xf32>) -> tensor<3x3x8x12xf64>
  %r365 = stablehlo.convolution(%v347, %v364) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x7x7x8xf64>, tensor<3x3x8x12xf64>) -> tensor<1x7x7x12xf64>
  %i366 = stablehlo.iota dim = 0 : tensor<1x7x7x8xf32>
  %c367 = stablehlo.constant dense<0.2500> : tensor<1x7x7x8xf32>
  %m368 = stablehlo.multiply %i366, %c367 : tensor<1x7x7x8xf32>
  %i369 = stablehlo.iota dim = 1 : tensor<1x7x7x8xf32>
  %c370 = stablehlo.constant dense<0.6100> : tensor<1x7x7x8xf32>
  %m371 = stablehlo.multiply %i369, %c370 : tensor<1x7x7x8xf32>
  %s372 = stablehlo.add %m368, %m371 : tensor<1x7x7x8xf32>
  %i373 = stablehlo.iota dim = 2 : tensor<1x7x7x8xf32>
  %c374 = stablehlo.constant dense<1.1900> : tensor<1x7x7x8xf32>
  %m375 = stablehlo.multiply %i373, %c374 : tensor<1x7x7x8xf32>
  %s376 = stablehlo.add %s372, %m375 : tensor<1x7x7x8xf32>
  %i377 = stablehlo.iota dim = 3 : tensor<1x7x7x8xf32>
  %c378 = stablehlo.constant dense<1.9900> : tensor<1x7x7x8xf32>
  %m379 = stablehlo.multiply %i377, %c378 : tensor<1x7x7x8xf32>
  %s380 = stablehlo.add %s376, %m379 : tensor<1x7x7x8xf32>
  %v381 = stablehlo.sine %s380 : tensor<1x7x7x8xf32>
  %v382 = stablehlo.convert %v381 : (tensor<1x7x7x8xf32>) -> tensor<1x7x7x8xbf16>
  %i383 = stablehlo.iota dim = 0 : tensor<3x3x8x12xf32>
  %c384 = stablehlo.constant dense<0.3000> : tensor<3x3x8x12xf32>
  %m385 = stablehlo.multiply %i383, %c384 : tensor<3x3x8x12xf32>
  %i386 = stablehlo.iota dim = 1 : tensor<3x3x8x12xf32>
  %c387 = stablehlo.constant dense<0.7100> : tensor<3x3x8x12xf32>
  %m388 = stablehlo.multiply %i386, %c387 : tensor<3x3x8x12xf32>
  %s389 = stablehlo.add %m385, %m388 : tensor<3x3x8x12xf32>
  %i390 = stablehlo.iota dim = 2 : tensor<3x3x8x12xf32>
  %c391 = stablehlo.constant dense<1.3400> : tensor<3x3x8x12xf32>
  %m392 = stablehlo.multiply %i390, %c391 : tensor<3x3x8x12xf32>
  %s393 = stablehlo.add %s389, %m392 : tensor<3x3x8x12xf32>
  %i394 = stablehlo.iota dim = 3 : tensor<3x3x8x12xf32>
  %c395 = stablehlo.constant dense<2.1900> : tensor<3x3x8x12xf32>
  %m396 = stablehlo.multiply %i394, %c395 : tensor<3x3x8x12xf32>
  %s397 = stablehlo.add %s393, %m396 : tensor<3x3x8x12xf32>
  %v398 = stablehlo.cosine %s397 : tensor<3x3x8x12xf32>
  %v399 = stablehlo.convert %v398 : (tensor<3x3x8x12xf32>) -> tensor<3x3x8x12xbf16>
  %r400 = stablehlo.convolution(%v382, %v399) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x7x7x8xbf16>, tensor<3x3x8x12xbf16>) -> tensor<1x7x7x12xbf16>
  %i401 = stablehlo.iota dim = 0 : tensor<1x7x7x8xf32>
  %c402 = stablehlo.constant dense<0.2100> : tensor<1x7x7x8xf32>
  %m403 = stablehlo.multiply %i401, %c402 : tensor<1x7x7x8xf32>
  %i404 = stablehlo.iota dim = 1 : tensor<1x7x7x8xf32>
  %c405 = stablehlo.constant dense<0.5300> : tensor<1x7x7x8xf32>
  %m406 = stablehlo.multiply %i404, %c405 : tensor<1x7x7x8xf32>
  %s407 = stablehlo.add %m403, %m406 : tensor<1x7x7x8xf32>
  %i408 = stablehlo.iota dim = 2 : tensor<1x7x7x8xf32>
  %c409 = stablehlo.constant dense<1.0700> : tensor<1x7x7x8xf32>
  %m410 = stablehlo.multiply %i408, %c409 : tensor<1x7x7x8xf32>
  %s411 = stablehlo.add %s407, %m410 : tensor<1x7x7x8xf32>
  %i412 = stablehlo.iota dim = 3 : tensor<1x7x7x8xf32>
  %c413 = stablehlo.constant dense<1.8300> : tensor<1x7x7x8xf32>
  %m414 = stablehlo.multiply %i412, %c413 : tensor<1x7x7x8xf32>
  %s415 = stablehlo.add %s411, %m414 : tensor<1x7x7x8xf32>
  %v416 = stablehlo.sine %s415 : tensor<1x7x7x8xf32>
  %v417 = stablehlo.convert %v416 : (tensor<1x7x7x8xf32>) -> tensor<1x7x7x8xf16>
  %i418 = stablehlo.iota dim = 0 : tensor<3x3x8x12xf32>
  %c419 = stablehlo.constant dense<0.2600> : tensor<3x3x8x12xf32>
  %m420 = stablehlo.multiply %i418, %c419 : tensor<3x3x8x12xf32>
  %i421 = stablehlo.iota dim = 1 : tensor<3x3x8x12xf32>
  %c422 = stablehlo.constant dense<0.6300> : tensor<3x3x8x12xf32>
  %m423 = stablehlo.multiply %i421, %c422 : tensor<3x3x8x12xf32>
  %s424 = stablehlo.add %m420, %m423 : tensor<3x3x8x12xf32>
  %i425 = stablehlo.iota dim = 2 : tensor<3x3x8x12xf32>
  %c426 = stablehlo.constant dense<1.2200> : tensor<3x3x8x12xf32>
  %m427 = stablehlo.multiply %i425, %c426 : tensor<3x3x8x12xf32>
  %s428 = stablehlo.add %s424, %m427 : tensor<3x3x8x12xf32>
  %i429 = stablehlo.iota dim = 3 : tensor<3x3x8x12xf32>
  %c430 = stablehlo.constant dense<2.0300> : tensor<3x3x8x12xf32>
  %m431 = stablehlo.multiply %i429, %c430 : tensor<3x3x8x12xf32>
  %s432 = stablehlo.add %s428, %m431 : tensor<3x3x8x12xf32>
  %v433 = stablehlo.cosine %s432 : tensor<3x3x8x12xf32>
  %v434 = stablehlo.convert %v433 : (tensor<3x3x8x12xf32>) -> tensor<3x3x8x12xf16>
  %r435 = stablehlo.convolution(%v417, %v434) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x7x7x8xf16>, tensor<3x3x8x12xf16>) -> tensor<1x7x7x12xf32>
  %i436 = stablehlo.iota dim = 0 : tensor<1x7x7x8xf32>
  %c437 = stablehlo.constant dense<0.1800> : tensor<1x7x7x8xf32>
  %m438 = stablehlo.multiply %i436, %c437 : tensor<1x7x7x8xf32>
  %i439 = stablehlo.iota dim = 1 : tensor<1x7x7x8xf32>
  %c440 = stablehlo.constant dense<0.4700> : tensor<1x7x7x8xf32>
  %m441 = stablehlo.multiply %i439, %c440 : tensor<1x7x7x8xf32>
  %s442 = stablehlo.add %m438, %m441 : tensor<1x7x7x8xf32>
  %i443 = stablehlo.iota dim = 2 : tensor<1x7x7x8xf32>
  %c444 = stablehlo.constant dense<0.9800> : tensor<1x7x7x8xf32>
  %m445 = stablehlo.multiply %i443, %c444 : tensor<1x7x7x8xf32>
  %s446 = stablehlo.add %s442, %m445 : tensor<1x7x7x8xf32>
  %i447 = stablehlo.iota dim = 3 : tensor<1x7x7x8xf32>
  %c448 = stablehlo.constant dense<1.7100> : tensor<1x7x7x8xf32>
  %m449 = stablehlo.multiply %i447, %c448 : tensor<1x7x7x8xf32>
  %s450 = stablehlo.add %s446, %m449 : tensor<1x7x7x8xf32>
  %v451 = stablehlo.sine %s450 : tensor<1x7x7x8xf32>
  %v452 = stablehlo.convert %v451 : (tensor<1x7x7x8xf32>) -> tensor<1x7x7x8xbf16>
  %i453 = stablehlo.iota dim = 0 : tensor<3x3x8x12xf32>
  %c454 = stablehlo.constant dense<0.2300> : tensor<3x3x8x12xf32>
  %m455 = stablehlo.multiply %i453, %c454 : tensor<3x3x8x12xf32>
  %i456 = stablehlo.iota dim = 1 : tensor<3x3x8x12xf32>
  %c457 = stablehlo.constant dense<0.5700> : tensor<3x3x8x12xf32>
  %m458 = stablehlo.multiply %i456, %c457 : tensor<3x3x8x12xf32>
  %s459 = stablehlo.add %m455, %m458 : tensor<3x3x8x12xf32>
  %i460 = stablehlo.iota dim = 2 : tensor<3x3x8x12xf32>
  %c461 = stablehlo.constant dense<1.1300> : tensor<3x3x8x12xf32>
  %m462 = stablehlo.multiply %i460, %c461 : tensor<3x3x8x12xf32>
  %s463 = stablehlo.add %s459, %m462 : tensor<3x3x8x12xf32>
  %i464 = stablehlo.iota dim = 3 : tensor<3x3x8x12xf32>
  %c465 = stablehlo.constant dense<1.9100> : tensor<3x3x8x12xf32>
  %m466 = stablehlo.multiply %i464, %c465 : tensor<3x3x8x12xf32>
  %s467 = stablehlo.add %s463, %m466 : tensor<3x3x8x12xf32>
  %v468 = stablehlo.cosine %s467 : tensor<3x3x8x12xf32>
  %v469 = stablehlo.convert %v468 : (tensor<3x3x8x12xf32>) -> tensor<3x3x8x12xbf16>
  %r470 = stablehlo.convolution(%v452, %v469) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x7x7x8xbf16>, tensor<3x3x8x12xbf16>) -> tensor<1x7x7x12xf32>
  %i471 = stablehlo.iota dim = 0 : tensor<1x7x7x8xf32>
  %c472 = stablehlo.constant dense<0.2200> : tensor<1x7x7x8xf32>
  %m473 = stablehlo.multiply %i471, %c472 : tensor<1x7x7x8xf32>
  %i474 = stablehlo.iota dim = 1 : tensor<1x7x7x8xf32>
  %c475 = stablehlo.constant dense<0.5500> : tensor<1x7x7x8xf32>
  %m476 = stablehlo.multiply %i474, %c475 : tensor<1x7x7x8xf32>
  %s477 = stablehlo.add %m473, %m476 : tensor<1x7x7x8xf32>
  %i478 = stablehlo.iota dim = 2 : tensor<1x7x7x8xf32>
  %c479 = stablehlo.constant dense<1.1000> : tensor<1x7x7x8xf32>
  %m480 = stablehlo.multiply %i478, %c479 : tensor<1x7x7x8xf32>
  %s481 = stablehlo.add %s477, %m480 : tensor<1x7x7x8xf32>
  %i482 = stablehlo.iota dim = 3 : tensor<1x7x7x8xf32>
  %c483 = stablehlo.constant dense<1.8700> : tensor<1x7x7x8xf32>
  %m484 = stablehlo.multiply %i482, %c483 : tensor<1x7x7x8xf32>
  %s485 = stablehlo.add %s481, %m484 : tensor<1x7x7x8xf32>
  %v486 = stablehlo.sine %s485 : tensor<1x7x7x8xf32>
  %v487 = stablehlo.convert %v486 : (tensor<1x7x7x8xf32>) -> tensor<1x7x7x8xf16>
  %i488 = stablehlo.iota dim = 0 : tensor<3x3x8x12xf32>
  %c489 = stablehlo.constant dense<0.2700> : tensor<3x3x8x12xf32>
  %m490 = stablehlo.multiply %i488, %c489 : tensor<3x3x8x12xf32>
  %i491 = stablehlo.iota dim = 1 : tensor<3x3x8x12xf32>
  %c492 = stablehlo.constant dense<0.6500> : tensor<3x3x8x12xf32>
  %m493 = stablehlo.multiply %i491, %c492 : tensor<3x3x8x12xf32>
  %s494 = stablehlo.add %m490, %m493 : tensor<3x3x8x12xf32>
  %i495 = stablehlo.iota dim = 2 : tensor<3x3x8x12xf32>
  %c496 = stablehlo.constant dense<1.2500> : tensor<3x3x8x12xf32>
  %m497 = stablehlo.multiply %i495, %c496 : tensor<3x3x8x12xf32>
  %s498 = stablehlo.add %s494, %m497 : tensor<3x3x8x12xf32>
  %i499 = stablehlo.iota dim = 3 : tensor<3x3x8x12xf32>
  %c500 = stablehlo.constant dense<2.0700> : tensor<3x3x8x12xf32>
  %m501 = stablehlo.multiply %i499, %c500 : tensor<3x3x8x12xf32>
  %s502 = stablehlo.add %s498, %m501 : tensor<3x3x8x12xf32>
  %v503 = stablehlo.cosine %s502 : tensor<3x3x8x12xf32>
  %v504 = stablehlo.convert %v503 : (tensor<3x3x8x12xf32>) -> tensor<3x3x8x12xf16>
  %r505 = stablehlo.convolution(%v487, %v504) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x7x7x8xf16>, tensor<3x3x8x12xf16>) -> tensor<1x7x7x12xf16>
  return %r365, %r400, %r435, %r470, %r505 : tensor<1x7x7x12xf64>, tensor<1x7x7x12xbf16>, tensor<1x7x7x12xf32>, tensor<1x7x7x12xf32>, tensor<1x7x7x12xf16>
}

// i8 x i8 -> i32 (exact sums).
func.func @int8() -> (tensor<1x6x6x16xsi32>) {
  %i506 = stablehlo.iota dim = 1 : tensor<1x6x6x8xsi8>
  %i507 = stablehlo.iota dim = 3 : tensor<1x6x6x8xsi8>
  %i508 = stablehlo.iota dim = 2 : tensor<1x6x6x8xsi8>
  %m509 = stablehlo.multiply %i506, %i507 : tensor<1x6x6x8xsi8>
  %x510 = stablehlo.subtract %m509, %i508 : tensor<1x6x6x8xsi8>
  %i511 = stablehlo.iota dim = 3 : tensor<3x3x8x16xsi8>
  %i512 = stablehlo.iota dim = 2 : tensor<3x3x8x16xsi8>
  %i513 = stablehlo.iota dim = 0 : tensor<3x3x8x16xsi8>
  %m514 = stablehlo.multiply %i511, %i512 : tensor<3x3x8x16xsi8>
  %w515 = stablehlo.subtract %i513, %m514 : tensor<3x3x8x16xsi8>
  %r516 = stablehlo.convolution(%x510, %w515) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x6x6x8xsi8>, tensor<3x3x8x16xsi8>) -> tensor<1x6x6x16xsi32>
  return %r516 : tensor<1x6x6x16xsi32>
}

// Constant kernels: HWIO, OIHW through a transpose, a 1x1 in NCHW, a
// reversed window, feature groups.
func.func @constant_weights() -> (tensor<1x7x7x16xf32>, tensor<1x4x4x16xf32>, tensor<2x16x7x7xf32>, tensor<1x7x7x16xf32>, tensor<1x7x7x16xf32>) {
  %i517 = stablehlo.iota dim = 0 : tensor<1x7x7x8xf32>
  %c518 = stablehlo.constant dense<0.2800> : tensor<1x7x7x8xf32>
  %m519 = stablehlo.multiply %i517, %c518 : tensor<1x7x7x8xf32>
  %i520 = stablehlo.iota dim = 1 : tensor<1x7x7x8xf32>
  %c521 = stablehlo.constant dense<0.6700> : tensor<1x7x7x8xf32>
  %m522 = stablehlo.multiply %i520, %c521 : tensor<1x7x7x8xf32>
  %s523 = stablehlo.add %m519, %m522 : tensor<1x7x7x8xf32>
  %i524 = stablehlo.iota dim = 2 : tensor<1x7x7x8xf32>
  %c525 = stablehlo.constant dense<1.2800> : tensor<1x7x7x8xf32>
  %m526 = stablehlo.multiply %i524, %c525 : tensor<1x7x7x8xf32>
  %s527 = stablehlo.add %s523, %m526 : tensor<1x7x7x8xf32>
  %i528 = stablehlo.iota dim = 3 : tensor<1x7x7x8xf32>
  %c529 = stablehlo.constant dense<2.1100> : tensor<1x7x7x8xf32>
  %m530 = stablehlo.multiply %i528, %c529 : tensor<1x7x7x8xf32>
  %s531 = stablehlo.add %s527, %m530 : tensor<1x7x7x8xf32>
  %v532 = stablehlo.sine %s531 : tensor<1x7x7x8xf32>
  %w533 = stablehlo.constant dense<[[[[0.024, 0.901, -0.712, 0.897, -0.376, -0.153, 0.655, -0.182, 0.099, -0.945, 0.507, 0.076, -0.341, 0.577, -0.394, -0.093], [-0.732, -0.194, -0.593, -0.475, 0.501, -0.439, -0.030, 0.961, 0.923, 0.450, 0.082, -0.446, -0.679, 0.940, 0.032, -0.768], [0.247, 0.553, 0.226, 0.835, -0.921, 0.057, -0.081, -0.875, 0.283, 0.705, 0.186, -0.480, 0.680, 0.019, 0.022, 0.506], [-0.704, 0.639, 0.367, 0.574, -0.617, 0.605, -0.617, -0.837, 0.710, 0.723, 0.753, -0.056, -0.452, -0.986, 0.291, 0.440], [0.671, -0.436, -0.570, 0.279, 0.610, 0.927, -0.699, -0.036, 0.789, -0.155, 0.179, -0.951, 0.347, 0.838, 0.654, 0.771], [0.321, -0.509, 0.537, -0.577, 0.663, -0.875, 0.651, -0.671, -0.250, -0.367, 0.383, -0.643, -0.207, -0.988, -0.475, -0.158], [-0.788, 0.266, -0.239, 0.451, 0.308, -0.138, 0.735, 0.264, 0.621, -0.316, 0.087, -0.607, 0.992, -0.514, -0.486, -0.854], [-0.484, 0.526, 0.396, -0.743, -0.248, -0.158, 0.330, -0.088, 0.173, 0.679, 0.453, -0.270, -0.103, -0.265, -0.781, -0.594]], [[-0.432, -0.372, -0.374, 0.153, 0.943, 0.549, 0.582, 0.519, 0.194, 0.835, 0.379, 0.001, -0.846, -0.023, -0.574, -0.735], [0.012, 0.570, -0.410, 0.538, 0.051, -0.702, 0.930, -0.197, -0.410, 0.694, -0.751, 0.467, -0.624, -0.215, -0.536, 0.682], [-0.220, 0.949, 0.251, 0.387, 0.043, -0.382, -0.209, 0.882, -0.598, 0.976, 0.517, -0.280, 0.283, -0.238, -0.237, 0.008], [-0.967, -0.013, 0.943, -0.429, 0.496, -0.114, -0.581, 0.810, -0.966, -0.393, 0.998, -0.476, 0.698, 0.211, 0.612, 0.261], [-0.275, 0.522, -0.947, -0.106, -0.256, -0.046, -0.745, -0.555, 0.124, -0.224, 0.583, 0.210, 0.723, 0.465, 0.204, -0.425], [0.566, -0.497, -0.850, 0.926, 0.080, 0.548, 0.058, 0.223, -0.932, -0.626, 0.349, 0.141, -0.683, 0.904, -0.691, 0.021], [-0.712, 0.435, -0.447, -0.732, -0.908, -0.650, -0.616, 0.074, -0.098, 0.915, 0.908, 0.593, 0.343, 0.690, 0.878, -0.955], [-0.764, -0.279, -0.813, 0.199, -0.479, -0.471, -0.423, -0.805, 0.482, 0.301, 0.213, -0.932, -0.141, 0.370, -0.687, -0.229]], [[-0.960, -0.836, -0.567, -0.171, -0.074, 0.769, -0.367, -0.957, 0.652, -0.876, -0.814, 0.926, 0.507, -0.324, -0.736, -0.227], [-0.322, 0.749, -0.162, -0.836, 0.854, 0.245, -0.767, -0.774, -0.068, -0.816, 0.264, 0.233, -0.936, 0.615, 0.574, 0.831], [0.341, 0.386, -0.673, -0.952, -0.869, 0.929, 0.291, 0.894, -0.301, 0.510, -0.869, -0.668, -0.446, 0.101, 0.115, -0.002], [-0.151, 0.151, 0.933, -0.084, 0.675, -0.888, -0.229, 0.121, 0.241, -0.500, -0.201, 0.894, 0.298, 0.170, -0.869, -0.896], [-0.577, -0.724, 0.967, -0.995, -0.268, -0.883, 0.280, -0.907, -0.863, -0.840, -0.456, 0.153, 0.611, -0.466, -0.434, 0.649], [0.492, -0.746, 0.613, 0.663, -0.644, 0.254, -0.607, -0.513, -0.012, 0.044, -0.042, 0.082, -0.574, 0.557, -0.444, 0.825], [0.030, -0.393, -0.651, -0.030, -0.247, 0.246, -0.003, -0.926, 0.666, -0.897, 0.655, 0.625, 0.848, 0.329, -0.679, -0.116], [-0.121, 0.265, -0.238, 0.351, -0.592, -0.293, 0.087, -0.145, -0.755, 0.932, 0.383, 0.666, -0.285, 0.890, 0.625, 0.959]]], [[[-0.605, -0.046, -0.228, 0.228, -0.500, -0.799, -0.047, 0.279, -0.232, 0.975, -0.188, -0.400, 0.628, -0.067, -0.454, -0.427], [0.894, 0.923, 0.292, -0.442, 0.423, -0.566, -0.356, 0.083, -0.198, -0.298, 0.948, -0.660, 0.228, -0.923, -0.817, -0.580], [0.983, 0.453, 0.736, -0.901, 0.363, -0.120, -0.167, 0.417, -0.383, 0.027, -0.479, -0.217, 0.067, -0.684, -0.448, -0.159], [-0.055, 0.600, 0.286, 0.125, 0.740, -0.605, -0.792, -0.213, -0.726, 0.112, 0.147, -0.737, 0.432, 0.113, -0.154, 0.835], [0.712, -0.558, -0.667, 0.831, -0.685, 0.514, -0.375, -0.278, 0.107, 0.852, -0.996, -0.675, 0.440, -0.211, -0.424, 0.926], [-0.472, 0.428, 0.928, 0.526, 0.419, 0.446, 0.610, -0.458, 0.253, 0.606, 0.776, 0.812, 0.808, -0.805, -0.247, -0.087], [0.783, -0.161, -0.470, -0.960, -0.422, 0.561, -0.960, -0.670, -0.378, 0.064, -0.274, 0.765, -0.585, 0.123, 0.556, 0.859], [0.747, -0.729, 0.584, 0.351, -0.157, -0.949, -0.664, 0.499, -0.832, -0.375, -0.490, 0.492, -0.282, -0.826, -0.259, -0.346]], [[0.434, -0.360, 0.387, 0.077, 0.775, 0.467, -0.184, -0.030, -0.057, 0.743, -0.724, -0.152, 0.070, -0.128, 0.196, -0.002], [-0.173, 0.374, -0.341, 0.214, 0.457, -0.739, -0.347, 0.889, 0.932, 0.985, -0.915, 0.653, 0.871, 0.804, 0.430, 0.351], [0.439, 0.150, 0.577, 0.004, -0.548, -0.811, 0.817, 0.510, -0.646, 0.645, -0.399, 0.271, -0.288, -0.572, -0.649, -0.858], [-0.851, -0.862, -0.820, 0.668, 0.036, -0.743, 0.050, 0.085, -0.007, -0.587, -0.131, 0.742, -0.233, 0.008, 0.860, -0.534], [0.451, -0.032, 0.575, -0.281, 0.085, -0.263, 0.732, 0.830, 0.264, 0.962, 0.464, 0.661, 0.789, -0.456, 0.973, -0.219], [-0.006, -0.639, 0.643, -0.326, 0.379, -0.563, -0.297, -0.232, -0.527, -0.930, 0.540, 0.901, -0.548, -0.675, -0.305, -0.834], [0.299, -0.263, 0.125, 0.812, 0.723, 0.843, 0.870, 0.180, 0.005, -0.925, -0.795, 0.048, 0.712, -0.135, -0.993, -0.575], [0.520, -0.683, -0.601, -0.429, 0.219, 0.673, -0.562, 0.199, 0.060, -0.110, 0.161, 0.628, -0.565, -0.006, -0.804, 0.026]], [[0.582, 0.997, -0.049, -0.407, 0.159, -0.256, -0.766, 0.049, 0.598, 0.782, 0.956, -0.265, -0.497, -0.778, -0.128, 0.614], [-0.531, 0.699, 0.423, -0.598, 0.264, 0.639, 0.866, -0.676, 0.644, 0.552, -0.513, -0.411, 0.914, -0.276, -0.422, 0.440], [-0.734, -0.034, -0.284, 0.088, 0.207, 0.280, -0.135, 0.774, 0.671, 0.867, -0.108, 0.460, -0.139, -0.442, 0.304, 0.892], [0.609, -0.430, -0.544, 0.543, 0.410, 0.727, -0.707, 0.723, -0.135, -0.453, -0.314, 0.987, 0.912, -0.833, -0.370, 0.439], [-0.929, -0.928, -0.910, 0.737, -0.333, -0.363, 0.587, -0.363, 0.477, -0.261, -0.405, -0.226, -0.664, -0.850, 0.742, 0.737], [-0.078, 0.377, 0.725, -0.219, 0.424, 0.510, -0.844, -0.724, 0.501, 0.411, -0.629, 0.653, 0.602, -0.335, -0.319, -0.779], [-0.109, -0.780, 0.087, 0.249, 0.164, -0.857, 0.243, 0.504, -0.716, 0.190, 0.638, -0.613, 0.827, 0.944, 0.423, 0.744], [-0.456, 0.330, 0.852, -0.911, 0.642, -0.526, 0.602, 0.285, 0.603, -0.198, -0.100, 0.849, -0.858, -0.688, 0.946, 0.827]]], [[[-0.706, 0.947, -0.469, 0.784, 0.810, -0.953, -0.981, -0.346, 0.862, 0.583, -0.226, 0.716, -0.385, -0.305, -0.619, 0.919], [0.607, -0.075, -0.471, 0.932, -0.206, -0.579, -0.151, 0.438, 0.541, -0.782, 0.892, 0.349, -0.875, 0.675, 0.944, 0.675], [-0.980, -0.054, 0.178, 0.776, 0.006, -0.845, 0.867, 0.903, -0.028, -0.893, 0.678, 0.483, 0.942, -0.985, -0.129, -0.432], [-0.785, 0.470, -0.318, -0.922, -0.733, 0.612, 0.212, -0.570, 0.392, -0.739, 0.346, 0.310, -0.989, 0.023, 0.453, 0.517], [0.411, 0.770, 0.512, 0.844, -0.170, -0.932, -0.638, -0.424, -0.916, -0.784, 0.038, -0.495, -0.429, 0.483, 0.709, 0.724], [-0.259, 0.419, 0.705, -0.698, -0.599, 0.296, -0.469, -0.615, -0.265, -0.968, -0.123, -0.905, -0.511, -0.565, -0.341, -0.749], [-0.058, 0.376, -0.322, 0.854, 0.720, -0.388, -0.922, 0.536, -0.520, -0.336, 0.159, 0.998, -0.401, -0.063, 0.255, 0.367], [-0.576, 0.191, 0.088, 0.317, -0.770, -0.747, 0.951, 0.643, 0.655, 0.868, 0.921, -0.213, 0.508, 0.283, 0.120, 0.359]], [[-0.361, 0.724, -0.186, -0.704, -0.978, 0.278, -0.537, 0.912, -0.610, -0.368, 0.968, 0.040, 0.844, 0.563, -0.762, -0.568], [-0.226, 0.762, -0.332, -0.074, -0.038, -0.350, 0.573, -0.890, -0.548, 0.650, 0.233, 0.024, -0.261, -0.740, -0.086, 0.974], [0.190, 0.153, 0.980, 0.771, 0.998, 0.907, 0.335, -0.389, 0.256, -0.304, 0.622, -0.725, -0.075, 0.682, -0.091, 0.202], [-0.803, -0.430, 0.909, 0.314, -0.270, 0.034, 0.550, 0.575, 0.656, -0.421, -0.523, 0.277, 0.054, 0.130, -0.571, -0.363], [0.504, -0.283, 0.515, -0.907, 0.902, -0.584, -0.044, 0.842, -0.493, -0.545, 0.971, 0.809, 0.064, -0.878, 0.209, -0.497], [-0.572, 0.864, 0.239, -0.112, -0.875, -0.257, 0.728, -0.395, -0.354, 0.214, -0.496, 0.114, 0.537, -0.427, -0.054, 0.153], [-0.273, -0.553, -0.771, 0.131, 0.875, -0.962, 0.731, 0.925, 0.085, 0.936, 0.410, 0.090, -0.073, -0.067, 0.364, -0.531], [0.431, -0.018, 0.349, 0.882, -0.533, -0.194, -0.450, -0.895, 0.244, 0.257, 0.999, 0.202, -0.208, 0.802, -0.969, -0.395]], [[0.504, -0.677, -0.278, 0.698, -0.311, -0.514, 0.781, -0.845, 0.713, -0.369, -0.584, -0.024, -0.033, 0.929, 0.505, -0.080], [0.119, -0.363, 0.965, -0.228, 0.771, 0.312, 0.832, -0.291, -0.167, -0.261, 0.654, 0.906, 0.649, -0.097, 0.658, 0.460], [0.038, -0.633, -0.524, 0.408, -0.603, 0.121, 0.608, 0.308, 0.220, -0.485, -0.760, -0.932, -0.907, -0.536, 0.115, -0.153], [-0.592, -0.395, -0.077, 0.598, 0.312, -0.918, -0.037, -0.628, 0.710, 0.770, 0.109, 0.473, 0.374, 0.634, -0.442, -0.541], [0.493, 0.918, -0.540, 0.136, 0.088, -0.253, 0.500, -0.736, -0.256, -0.138, 0.906, 0.369, 0.422, 1.000, -0.546, 0.207], [-0.785, -0.675, 0.392, 0.652, 0.272, 0.160, 0.581, 0.912, 0.851, 0.618, -0.136, 0.533, -0.532, 0.808, -0.441, 0.961], [-0.397, -0.472, -0.327, -0.030, -0.600, -0.473, 0.768, 0.863, -0.689, -0.117, -0.160, 0.657, 0.321, -0.184, 0.577, 0.210], [-0.581, 0.585, -0.069, 0.774, 0.330, -0.698, 0.513, 0.162, 0.083, -0.161, 0.326, -0.873, 0.008, 0.871, -0.590, -0.726]]]]> : tensor<3x3x8x16xf32>
  %r534 = stablehlo.convolution(%v532, %w533) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x7x7x8xf32>, tensor<3x3x8x16xf32>) -> tensor<1x7x7x16xf32>
  %w535 = stablehlo.constant dense<[[[[-0.477, -0.403, 0.628], [-0.816, 0.200, 0.457], [-0.624, -0.890, -0.450]], [[0.315, 0.125, -0.700], [-0.135, 0.339, -0.154], [0.266, 0.935, 0.366]], [[-0.217, -0.625, -0.308], [0.022, 0.782, 0.551], [-0.364, 0.848, -0.058]], [[0.388, -0.786, -0.791], [-0.596, 0.769, 0.360], [0.698, 0.289, -0.187]], [[0.033, 0.187, 0.724], [-0.124, 0.784, 0.227], [0.659, -0.004, 0.385]], [[-0.322, 0.046, -0.568], [-0.799, -0.923, 0.404], [-0.087, 0.795, 0.670]], [[-0.230, 0.947, 0.184], [0.532, -0.186, -0.608], [-0.656, -0.638, 0.208]], [[-0.775, -0.960, 0.666], [-0.801, -0.099, -0.023], [0.241, 0.008, 0.875]]], [[[0.501, 0.149, 0.235], [0.013, 0.930, -0.547], [0.378, 0.110, -0.916]], [[-0.408, 0.854, 0.569], [-0.974, -0.407, -0.980], [0.655, -0.779, -0.885]], [[0.964, -0.108, -0.363], [-0.902, -0.221, -0.268], [0.047, -0.986, -0.704]], [[-0.580, -0.119, -0.395], [0.227, -0.429, 0.819], [0.924, -0.881, -0.582]], [[0.126, 0.541, -0.872], [-0.630, -0.087, 0.337], [0.807, 0.734, 0.588]], [[-0.895, 0.953, 0.229], [-0.828, -0.490, 0.242], [-0.229, -0.107, 0.609]], [[0.648, 0.094, 0.585], [-0.188, 0.949, 0.210], [0.935, -0.912, 0.765]], [[0.119, 0.427, -0.615], [0.097, -0.421, -0.789], [-0.994, 0.814, 0.342]]], [[[-0.590, -0.484, -0.069], [0.637, -0.765, 0.936], [0.888, -0.511, 0.282]], [[-0.280, 0.395, -0.826], [-0.060, 0.177, 0.253], [0.386, 0.783, -0.517]], [[-0.694, -0.219, 0.138], [0.921, 0.421, 0.477], [0.945, -0.465, -0.481]], [[-0.155, -0.409, 0.302], [0.903, -0.693, 0.036], [0.355, -0.014, 0.827]], [[0.474, 0.764, -0.776], [-0.608, -0.869, 0.659], [0.926, -0.972, 0.579]], [[0.456, 0.816, -0.459], [0.430, -0.525, -0.848], [0.490, -0.916, 0.399]], [[-0.433, -0.025, 0.783], [-0.513, -0.063, -0.290], [-0.619, -0.053, -0.637]], [[0.598, 0.230, -0.434], [0.946, -0.309, 0.343], [0.466, -0.470, -0.976]]], [[[0.785, 0.913, -0.660], [-0.693, -0.135, 0.195], [0.978, 0.927, 0.976]], [[-0.509, 0.198, -0.128], [-0.537, -0.869, -0.663], [-0.283, -0.824, -0.699]], [[-0.911, 0.246, -0.015], [-0.513, 0.053, -0.151], [0.318, 0.865, -0.293]], [[0.290, -0.562, 0.880], [0.235, -0.683, -0.486], [-0.682, -0.642, -0.386]], [[0.646, -0.086, -0.446], [-0.162, -0.465, 0.467], [-0.882, -0.422, -0.354]], [[-0.637, 0.476, -0.640], [-0.399, -0.887, 0.511], [-0.272, 0.312, -0.566]], [[-0.956, -0.355, 0.558], [0.675, -0.302, 0.694], [-0.899, 0.044, -0.485]], [[-0.122, -0.557, 0.787], [-0.396, 0.891, -0.782], [-0.140, -0.113, 0.419]]], [[[-0.310, -0.015, -0.859], [-0.378, 0.450, -0.788], [-0.075, -0.527, -0.669]], [[-0.757, 0.628, 0.373], [-0.241, -0.217, 0.457], [0.208, 0.832, 0.839]], [[-0.036, 0.318, 0.089], [-0.379, -0.093, 0.442], [0.105, 0.265, -0.026]], [[0.906, 0.553, -0.738], [0.628, 0.835, 0.633], [-0.314, -0.264, -0.514]], [[-0.889, -0.056, 0.701], [0.538, 0.324, 0.694], [0.318, -0.553, 0.606]], [[-0.265, 0.780, -0.347], [-0.816, 0.460, -0.785], [0.740, -0.176, 0.560]], [[-0.895, 0.088, 0.354], [-0.741, 0.217, -0.714], [-0.392, -0.269, 0.239]], [[-0.740, -0.630, 0.563], [0.432, -0.092, -0.436], [0.384, -0.064, -0.377]]], [[[0.749, -0.596, 0.609], [0.236, 0.292, 0.364], [0.497, 0.762, 0.841]], [[-0.489, -0.672, 0.793], [-0.592, -0.556, 0.611], [0.932, 0.689, 0.033]], [[-0.249, 0.977, 0.472], [0.258, -0.978, -0.610], [-0.973, 0.814, -0.527]], [[-0.658, 0.165, -0.594], [0.093, 0.900, 0.728], [-0.510, 0.832, -0.201]], [[0.046, -0.350, 1.000], [-0.386, 0.475, 0.240], [0.378, -0.792, 0.074]], [[0.994, 0.126, -0.606], [-0.895, -0.340, 0.491], [-0.950, -0.903, 0.314]], [[0.764, -0.123, 0.249], [-0.485, -0.455, -0.050], [-0.562, -0.092, -0.703]], [[0.848, 0.296, -0.812], [-0.614, 0.658, -0.255], [-0.480, -0.953, 0.350]]], [[[0.141, 0.681, -0.661], [0.505, 0.654, 0.648], [0.493, -0.115, -0.905]], [[0.289, -0.949, -0.828], [-0.182, -0.758, -0.096], [0.702, -0.652, 0.596]], [[0.995, -0.925, -0.154], [0.415, 0.463, -0.440], [0.618, -0.257, -0.598]], [[0.036, 0.225, 0.675], [0.328, -0.834, 0.150], [-0.312, 0.410, -0.910]], [[0.315, 0.583, -0.920], [-0.969, 0.784, 0.791], [-0.647, 0.845, -0.187]], [[0.038, -0.058, -0.330], [0.768, 0.221, 0.865], [0.244, 0.850, 0.030]], [[-0.050, 0.143, -0.988], [0.535, -0.721, 0.888], [-0.911, 0.416, 0.537]], [[0.083, -0.808, 0.623], [-0.358, -0.424, 0.385], [0.944, -0.808, -0.127]]], [[[0.347, -0.446, 0.850], [0.206, -0.849, -0.690], [-0.713, -0.088, 0.821]], [[-0.775, -0.697, -0.577], [0.146, -0.140, -0.163], [-0.710, 0.649, -0.041]], [[0.731, -0.940, -0.085], [-0.263, 0.683, 0.384], [0.042, -0.678, 0.365]], [[0.792, 0.553, 0.934], [0.183, -0.373, -0.558], [0.599, 0.624, 0.269]], [[0.564, -0.028, 0.703], [0.389, -0.516, 0.175], [0.312, -0.594, 0.872]], [[0.611, -0.709, -0.560], [-0.996, 0.879, -0.651], [0.668, 0.023, -0.886]], [[-0.577, -0.485, 0.529], [-0.265, -0.716, 0.893], [0.029, -0.867, 0.946]], [[0.351, -0.118, -0.709], [0.387, -0.806, 0.878], [0.503, 0.426, 0.541]]], [[[0.728, -0.062, 0.623], [-0.780, 0.401, 0.502], [-0.577, -0.777, 0.834]], [[0.783, -0.780, 0.179], [-0.638, -0.591, 0.858], [0.326, 0.517, -0.436]], [[0.552, 0.339, -0.307], [-0.008, -0.502, 0.189], [-0.626, -0.103, 0.711]], [[0.316, 0.204, -0.776], [0.643, 0.239, 0.897], [0.868, 0.864, 0.069]], [[0.539, -0.797, -0.911], [0.573, 0.347, 0.894], [-0.391, -0.010, 0.573]], [[0.218, 0.697, -0.211], [0.690, 0.723, 0.806], [-0.204, 0.817, -0.382]], [[0.188, 0.960, 0.289], [0.185, -0.278, 0.027], [-0.019, 0.355, 0.080]], [[-0.363, -0.618, 0.975], [0.239, -0.654, -0.324], [0.300, -0.523, 0.791]]], [[[0.081, 0.362, 0.327], [-0.677, 0.864, 0.692], [-0.708, 0.139, 0.056]], [[-0.381, -0.250, -0.482], [0.263, -0.143, -0.799], [-0.546, -0.697, 0.259]], [[0.108, -0.215, 0.094], [0.258, -0.567, -0.889], [0.924, -0.629, -0.516]], [[0.408, 0.972, -0.753], [-0.195, 0.712, -0.830], [-0.499, 0.227, 0.658]], [[-0.795, -0.167, 0.184], [0.094, 0.071, 0.986], [0.968, -0.579, -0.489]], [[-0.200, -0.798, -0.707], [0.130, 0.974, -0.412], [-0.603, 0.233, -0.405]], [[-0.973, -0.813, 0.756], [-0.783, 0.283, -0.163], [0.539, 0.018, -0.538]], [[-0.578, -0.530, -0.533], [-0.498, -0.401, 0.196], [0.056, -0.863, -0.159]]], [[[0.860, 0.879, -0.361], [-0.689, -0.414, -0.735], [-0.483, 0.850, 0.754]], [[-0.095, 0.100, 0.401], [0.403, 0.387, 0.472], [0.182, -0.734, 0.374]], [[0.338, -0.675, -0.610], [0.273, -0.228, 0.622], [-0.446, 0.332, 0.230]], [[-0.779, -0.443, -0.293], [-0.396, -0.818, -0.529], [0.074, -0.548, 0.272]], [[-0.170, -0.087, -0.586], [0.573, -0.845, 0.889], [0.179, 0.889, 0.098]], [[-0.297, -0.260, 0.859], [0.042, -0.211, -0.688], [-0.697, -0.168, -0.096]], [[0.608, -0.757, -0.092], [-0.734, -0.492, -0.014], [0.754, -0.735, -0.652]], [[0.412, 0.054, -0.825], [0.362, 0.917, 0.477], [0.993, 0.486, -0.342]]], [[[0.601, 0.136, -0.817], [-0.275, 0.893, 0.310], [-0.260, 0.417, 0.366]], [[-0.683, -0.079, 0.612], [-0.767, 0.095, -0.762], [-0.450, 0.533, -0.285]], [[0.645, 0.452, 0.271], [-0.699, -0.096, 0.757], [0.265, -0.863, 0.004]], [[-0.066, -0.026, -0.171], [0.627, 0.065, 0.717], [0.907, 0.790, 0.540]], [[-0.957, -0.996, -0.657], [0.034, -0.401, -0.736], [0.854, -0.140, -0.602]], [[0.023, 0.963, 0.446], [0.849, -0.768, 0.482], [-0.325, -0.280, -0.086]], [[-0.074, 0.582, -0.408], [-0.077, -0.134, 0.245], [0.117, -0.905, 0.708]], [[0.285, -0.696, -0.008], [0.801, 0.766, -0.193], [-0.524, 0.904, 0.470]]], [[[0.327, -0.182, 0.730], [-0.614, 0.656, 0.601], [0.045, -0.272, 0.372]], [[-0.223, -0.173, -0.461], [0.567, -0.692, -0.010], [-0.116, 0.972, -0.779]], [[0.131, -0.556, 0.901], [-0.749, 0.833, 0.291], [-0.618, -0.171, -0.449]], [[-0.045, 0.649, -0.038], [0.970, 0.823, -0.567], [-0.735, 0.368, -0.280]], [[-0.469, 0.851, 0.157], [-0.463, 0.127, 0.101], [0.599, -0.175, 0.008]], [[-0.696, 0.697, 0.838], [-0.996, 0.511, 0.946], [0.718, 0.599, -0.569]], [[0.982, -0.254, 0.716], [0.557, 0.213, 0.930], [0.915, -0.113, -0.055]], [[0.806, -0.097, 0.738], [-0.546, -0.495, -0.225], [-0.382, -0.094, -0.557]]], [[[-0.672, -0.239, -0.645], [-0.313, -0.207, 0.884], [-0.166, 0.182, 0.848]], [[-0.112, -0.449, 0.134], [0.649, -0.432, 0.475], [-0.037, 0.056, 0.289]], [[-0.064, -0.628, -0.537], [-0.903, 0.763, 0.304], [0.878, -0.365, 0.118]], [[0.141, -0.721, 0.111], [0.211, -0.137, -0.302], [-0.527, -0.846, 0.197]], [[-0.607, -0.839, 0.967], [0.780, -0.278, -0.058], [-0.591, 0.973, -0.398]], [[0.671, 0.495, -0.966], [-0.925, -0.120, -0.939], [0.837, 0.941, 0.225]], [[-0.388, -0.574, -0.728], [0.134, -0.685, -0.561], [0.439, 0.738, 0.267]], [[0.912, 0.635, -0.135], [-0.284, -0.605, 0.604], [0.011, 0.752, -0.013]]], [[[0.750, 0.445, 0.139], [0.476, 0.470, -0.907], [0.618, -0.783, 0.081]], [[-0.027, 0.524, -0.563], [0.396, 0.578, -0.311], [0.160, -0.173, 0.511]], [[0.765, 0.019, -0.976], [0.841, 0.174, -0.639], [0.465, -0.094, -0.651]], [[-0.317, 0.218, -0.331], [-0.719, -0.888, -0.229], [0.459, -0.310, -0.178]], [[0.606, 0.278, 0.967], [0.668, 0.879, 0.018], [0.547, 0.999, -0.977]], [[-0.061, 0.488, -0.538], [-0.859, 0.008, -0.870], [-0.684, -0.899, 0.462]], [[-0.902, 0.840, 0.116], [-0.197, -0.705, -0.215], [-0.491, 0.729, 0.019]], [[-0.962, 0.873, 0.974], [0.985, -0.456, 0.001], [0.431, -0.780, -0.143]]], [[[-0.357, 0.722, -0.947], [0.850, -0.961, 0.849], [-0.090, -0.630, -0.374]], [[0.877, -0.621, 0.628], [0.778, -0.405, 0.167], [0.041, 0.868, -0.628]], [[-0.250, 0.331, -0.715], [-0.479, 0.538, 0.291], [0.129, 0.737, -0.514]], [[0.833, -0.350, 0.834], [0.455, 0.445, 0.219], [0.553, -0.376, 0.468]], [[-0.765, 0.308, 0.946], [0.927, -0.511, 0.801], [0.193, -0.124, -0.235]], [[-0.098, -0.095, 0.902], [0.521, -0.678, 0.562], [0.198, 0.983, -0.427]], [[0.483, 0.036, -0.551], [-0.761, 0.795, -0.966], [-0.494, -0.054, -0.419]], [[0.107, -0.644, 0.556], [0.167, 0.291, 0.950], [-0.662, -0.066, -0.686]]]]> : tensor<16x8x3x3xf32>
  %wt536 = stablehlo.transpose %w535, dims = [2, 3, 1, 0] : (tensor<16x8x3x3xf32>) -> tensor<3x3x8x16xf32>
  %r537 = stablehlo.convolution(%v532, %wt536) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [2, 2], pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x7x7x8xf32>, tensor<3x3x8x16xf32>) -> tensor<1x4x4x16xf32>
  %i538 = stablehlo.iota dim = 0 : tensor<2x8x7x7xf32>
  %c539 = stablehlo.constant dense<0.2600> : tensor<2x8x7x7xf32>
  %m540 = stablehlo.multiply %i538, %c539 : tensor<2x8x7x7xf32>
  %i541 = stablehlo.iota dim = 1 : tensor<2x8x7x7xf32>
  %c542 = stablehlo.constant dense<0.6300> : tensor<2x8x7x7xf32>
  %m543 = stablehlo.multiply %i541, %c542 : tensor<2x8x7x7xf32>
  %s544 = stablehlo.add %m540, %m543 : tensor<2x8x7x7xf32>
  %i545 = stablehlo.iota dim = 2 : tensor<2x8x7x7xf32>
  %c546 = stablehlo.constant dense<1.2200> : tensor<2x8x7x7xf32>
  %m547 = stablehlo.multiply %i545, %c546 : tensor<2x8x7x7xf32>
  %s548 = stablehlo.add %s544, %m547 : tensor<2x8x7x7xf32>
  %i549 = stablehlo.iota dim = 3 : tensor<2x8x7x7xf32>
  %c550 = stablehlo.constant dense<2.0300> : tensor<2x8x7x7xf32>
  %m551 = stablehlo.multiply %i549, %c550 : tensor<2x8x7x7xf32>
  %s552 = stablehlo.add %s548, %m551 : tensor<2x8x7x7xf32>
  %v553 = stablehlo.sine %s552 : tensor<2x8x7x7xf32>
  %w554 = stablehlo.constant dense<[[[[-0.829]], [[-0.526]], [[0.603]], [[0.164]], [[-0.812]], [[-0.134]], [[-0.042]], [[-0.681]]], [[[0.469]], [[-0.773]], [[-0.218]], [[0.033]], [[-0.139]], [[0.174]], [[0.476]], [[0.913]]], [[[-0.432]], [[0.297]], [[0.392]], [[-0.415]], [[-0.997]], [[0.947]], [[-0.403]], [[-0.372]]], [[[0.783]], [[0.170]], [[-0.057]], [[0.547]], [[-0.939]], [[0.414]], [[-0.252]], [[-0.818]]], [[[0.321]], [[0.863]], [[-0.586]], [[0.260]], [[-0.404]], [[0.484]], [[0.444]], [[-0.563]]], [[[0.660]], [[0.315]], [[0.366]], [[0.640]], [[-0.143]], [[0.517]], [[0.757]], [[-0.795]]], [[[0.700]], [[-0.212]], [[-0.041]], [[-0.707]], [[0.397]], [[-0.416]], [[0.742]], [[-0.449]]], [[[0.124]], [[-0.201]], [[0.226]], [[-0.607]], [[-0.639]], [[0.494]], [[0.504]], [[0.134]]], [[[0.842]], [[-0.588]], [[0.702]], [[-0.662]], [[0.929]], [[0.247]], [[0.214]], [[0.941]]], [[[0.574]], [[0.580]], [[-0.892]], [[-0.261]], [[-0.830]], [[-0.613]], [[-0.572]], [[0.717]]], [[[-0.746]], [[-0.406]], [[-0.014]], [[0.699]], [[0.930]], [[0.416]], [[-0.573]], [[0.090]]], [[[0.412]], [[-0.896]], [[0.360]], [[-0.263]], [[0.179]], [[0.339]], [[0.338]], [[0.046]]], [[[0.109]], [[-0.604]], [[-0.010]], [[-0.749]], [[-0.039]], [[0.072]], [[0.548]], [[-0.213]]], [[[-0.961]], [[0.055]], [[-0.590]], [[0.483]], [[-0.223]], [[-0.239]], [[0.819]], [[-0.214]]], [[[-0.302]], [[-0.304]], [[-0.038]], [[-0.813]], [[0.093]], [[0.843]], [[0.126]], [[0.488]]], [[[0.894]], [[0.684]], [[0.488]], [[0.626]], [[0.640]], [[-0.492]], [[-0.036]], [[-0.315]]]]> : tensor<16x8x1x1xf32>
  %r555 = stablehlo.convolution(%v553, %w554) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<2x8x7x7xf32>, tensor<16x8x1x1xf32>) -> tensor<2x16x7x7xf32>
  %w556 = stablehlo.constant dense<[[[[0.886, 0.023, 0.952, -0.838, 0.215, -0.247, 0.604, -0.651, 0.743, 0.088, 0.804, -0.046, -0.139, 0.578, 0.968, -0.261], [0.938, 0.858, -0.645, 0.218, 0.410, 0.886, 0.331, -0.733, -0.004, -0.013, 0.000, 0.917, -0.300, -0.552, 0.044, 0.282], [0.878, 0.164, -0.464, 0.860, -0.017, 0.352, -0.048, -0.566, 0.385, 0.541, -0.618, -0.080, -0.276, -0.659, -0.557, 0.925], [0.768, -0.235, 0.479, -0.916, 0.830, 0.074, 0.641, -0.448, -0.248, -0.304, 0.945, -0.141, -0.001, 0.912, 0.806, -0.210], [-0.385, 0.614, -0.785, -0.216, 0.753, 0.835, -0.533, -0.843, 0.575, 0.244, -0.525, 0.012, -0.857, 0.400, 0.053, 0.409], [-0.824, 0.290, -0.259, -0.001, -0.329, 0.268, 0.137, 0.234, -0.873, -0.550, -0.856, -0.233, -0.038, -0.775, 0.335, -0.025], [0.001, 0.195, 0.870, 0.178, -0.813, -0.707, 0.388, -0.355, 0.511, 0.021, -0.241, 0.479, -0.634, -0.430, -0.416, -0.169], [0.814, 0.625, 0.643, 0.262, -0.984, -0.428, 0.004, 0.797, -0.272, 0.101, 0.697, -0.317, 0.496, 0.190, 0.051, 0.260]], [[-0.030, -0.774, 0.794, 0.939, 0.666, -0.292, 0.268, 0.542, -0.876, 0.579, -0.830, 0.880, -0.517, 0.926, -0.536, 0.071], [0.663, 0.975, 0.411, 0.669, -0.216, 0.501, -0.231, 0.860, 0.547, -0.241, 0.568, -0.867, 0.850, 0.386, -0.346, 0.294], [0.569, 0.257, 0.773, -0.169, -0.360, -0.258, -0.437, -0.042, 0.515, 0.749, 0.266, 0.572, 0.940, 0.319, -0.831, 0.251], [-0.960, 0.355, 0.997, -0.023, 0.866, -0.961, 0.930, -0.663, 0.679, -0.403, -0.213, -0.735, -0.925, 0.504, 0.492, -0.753], [0.245, -0.485, 0.793, -0.732, 0.175, 0.780, 0.077, 0.342, 0.621, 0.414, 0.650, -0.552, 0.820, 0.008, 0.831, 0.397], [0.468, 0.902, -0.788, 0.741, -0.415, 0.643, -0.552, -0.063, -0.722, 0.611, -0.415, -0.054, 0.591, -0.257, 0.771, 0.021], [0.887, 0.543, 0.987, 0.425, -0.375, 0.060, 0.881, 0.849, -0.499, -0.488, -0.495, 0.251, -0.611, 0.411, -0.361, 0.676], [-0.507, 0.853, -0.337, -0.930, -0.676, 0.632, -0.659, -0.498, 0.991, -0.166, 0.285, 0.090, -0.063, 0.795, -0.927, -0.238]], [[-0.097, 0.370, 0.457, -0.993, -0.804, -0.523, -0.332, 0.535, 0.485, 0.855, -0.196, -0.162, -0.717, 0.790, 0.797, 0.912], [0.467, 0.764, 0.134, 0.679, -0.348, 0.514, 0.517, 0.236, 0.679, 0.352, -0.502, -0.897, -0.348, -0.609, 0.810, 0.066], [0.459, 0.850, 0.581, 0.733, 0.121, 0.518, 0.912, -0.121, 0.402, 0.906, -0.517, -0.856, -0.038, 0.781, 0.045, -0.587], [0.970, -0.057, -0.125, -0.853, -0.139, 0.958, -0.133, 0.555, 0.856, -0.995, 0.384, -0.715, 0.017, 0.707, -0.284, 0.440], [-0.428, 0.194, 0.464, 0.081, -0.351, 0.479, -0.724, -0.340, 0.573, 0.002, -0.812, 0.356, 0.831, -0.657, 0.837, -0.991], [0.909, 0.218, -0.484, -0.671, -0.126, -0.136, 0.013, 0.034, -0.826, -0.503, -0.710, 0.640, -0.698, 0.333, -0.823, 0.306], [-0.130, 0.006, 0.496, -0.380, 0.391, 0.828, 0.473, 0.199, 0.380, 0.785, -0.950, 0.989, -0.065, 0.788, -0.884, -0.433], [0.116, 0.138, 0.880, -0.369, -0.523, 0.269, -0.675, 0.826, -0.534, -0.993, 0.253, -0.546, 0.829, -0.790, 0.002, 0.200]]], [[[-0.006, -0.879, 0.039, -0.740, -0.912, 0.813, -0.479, -0.859, -0.975, 0.728, 0.714, 0.489, 0.584, -0.444, 0.166, 0.472], [-0.501, 0.463, 0.595, 0.043, 0.288, -0.949, -0.246, -0.356, -0.281, 0.850, 0.883, -0.881, 0.169, -0.604, 0.304, 0.948], [-0.713, -0.228, -0.317, 0.419, 0.628, -0.909, -0.586, -0.256, 0.921, 0.524, 0.254, 0.933, -0.209, 0.603, -0.501, -0.479], [0.832, 0.637, 0.249, -0.681, -0.371, 0.851, -0.090, -0.913, -0.533, 0.179, 0.723, -0.089, -0.505, 0.589, -0.379, -0.464], [0.156, 0.033, 0.726, -0.094, 0.291, -0.084, 0.352, 0.802, -0.807, 0.788, 0.804, -0.278, -0.993, -0.082, 0.351, -0.600], [-0.634, -0.273, 0.797, 0.199, 0.397, 0.175, 0.351, -0.127, -0.004, -0.786, 0.993, -0.662, 0.635, 0.269, 0.504, 0.060], [0.102, -0.314, -0.844, 0.258, 0.229, -0.338, 0.840, 0.855, -0.267, -0.075, -0.570, 0.442, -0.612, -0.365, 0.914, -0.693], [0.790, 0.120, -0.603, 0.620, 0.168, 0.555, -0.246, -0.376, -0.780, -0.744, 0.034, -0.208, -0.882, -0.622, -0.027, -0.903]], [[-0.981, 0.330, -0.819, -0.169, 0.869, -0.819, -0.216, -0.607, 0.583, 0.033, -0.831, 0.517, 0.844, 0.578, -0.558, 0.978], [0.354, -0.244, -0.822, 0.059, -0.841, -0.739, 0.305, 0.500, 0.234, -0.100, 0.674, 0.715, -0.927, 0.475, 0.616, 0.212], [-0.143, 0.549, -0.944, 0.804, 0.073, 0.171, 0.329, -0.063, -0.406, -0.504, -0.669, -0.971, 0.711, 0.945, 0.378, -0.390], [-0.198, 0.623, -0.045, -0.217, 0.559, -0.454, -0.784, -0.208, 0.766, 0.991, -0.558, 0.561, -0.791, 0.319, -0.757, -0.566], [0.563, -0.776, 0.033, -0.316, 0.981, 0.530, -0.431, 0.965, 0.272, -0.687, -0.430, 0.622, 0.917, -0.927, 0.144, -0.604], [0.414, -0.991, 0.481, 0.075, 0.273, -0.035, 0.349, 0.668, -0.852, -0.319, -0.602, -0.083, 0.209, -0.188, 0.572, -0.977], [-0.675, -0.726, -0.819, 0.208, 0.371, -0.280, 0.411, -0.278, 0.174, -0.920, -0.312, -0.885, 0.509, 0.327, 0.712, 0.758], [0.096, -0.713, -0.396, 0.277, 0.373, 0.408, -0.799, -0.751, 0.449, -0.835, 0.020, -0.124, 0.640, -0.823, 0.481, -0.331]], [[0.361, -0.674, 0.239, 0.502, 0.384, 0.537, 0.226, 0.034, 0.341, -0.759, 0.335, -0.704, -0.062, -0.072, -0.770, -0.566], [0.448, 0.277, -0.033, 0.366, -0.220, -0.048, -0.157, 0.512, -0.869, 0.627, -0.979, -0.351, 0.945, -0.548, -0.279, -0.666], [0.683, -0.645, -0.216, -0.311, -0.575, 0.110, -0.279, 0.884, -0.084, 0.434, -0.945, 0.676, 0.185, -0.401, 0.104, -0.976], [-0.691, 0.419, -0.066, 0.795, 0.421, 0.878, 0.704, -0.760, 0.692, 0.390, -0.632, -0.715, -0.389, 0.617, -0.224, 0.082], [0.002, 0.262, -0.131, -0.863, 0.921, 0.145, -0.927, -0.607, 0.884, 0.917, 0.024, -0.275, -0.124, -0.330, -0.001, 0.244], [-0.717, 0.940, -0.572, -0.823, 0.247, -0.281, 0.507, -0.632, 0.104, -0.735, 0.665, -0.519, 0.924, -0.542, 0.179, -0.134], [0.928, -0.272, 0.183, 0.792, -0.800, 0.008, 0.754, -0.453, -0.732, 0.194, 0.652, 0.789, -0.002, -0.589, -0.973, -0.203], [-0.716, 0.202, 0.403, 0.386, -0.566, 0.983, 0.578, 0.308, 0.630, 0.913, -0.282, 0.601, -0.133, -0.174, 0.987, -0.687]]], [[[0.028, 0.625, 0.313, -0.184, 0.583, -0.497, 0.063, 0.040, -0.659, -0.609, 0.741, -0.751, 0.970, -0.299, 0.957, 0.463], [0.013, 0.777, -0.753, 0.151, 0.486, 0.484, -0.356, -0.857, 0.932, 0.854, -0.340, 0.699, -0.677, -0.408, 0.979, -0.755], [0.208, 0.497, 0.649, 0.885, -0.831, 0.474, 0.352, 0.040, -0.444, 0.723, -0.252, 0.356, -0.313, -0.088, 0.969, -0.553], [0.706, -0.840, 0.934, 0.293, -0.290, 0.616, 0.517, 0.943, 0.429, 0.575, -0.205, 0.664, 0.571, 0.013, -0.470, 0.973], [-0.030, 0.641, -0.845, -0.343, -0.572, 0.511, -0.191, 0.639, -0.275, -0.321, -0.313, -0.476, 0.182, 0.061, 0.838, -0.265], [-0.707, 0.770, 0.926, 0.131, -0.831, 0.038, -0.584, -0.276, -0.127, -0.869, 0.050, 0.052, -0.462, -0.774, 0.220, 0.355], [0.975, 0.248, -0.575, -0.581, -0.970, -0.809, 0.654, -0.926, -0.062, -0.588, 0.298, 0.583, 0.132, 0.414, -0.915, -0.796], [-0.879, -0.472, -0.955, 0.506, 0.709, 0.535, -0.463, -0.161, 0.315, -0.648, -0.350, 0.398, -0.003, -0.218, -0.543, 0.589]], [[-0.362, -0.154, 0.121, -0.612, 0.809, -0.362, 0.522, 0.301, -0.670, -0.981, -0.067, 0.506, -0.733, 0.606, -0.607, -0.252], [-0.753, -0.684, 0.233, 0.482, -0.893, 0.671, 0.102, 0.125, 0.024, -0.747, 0.903, 0.747, -0.774, -0.397, -0.628, -0.138], [-0.121, 0.893, 0.339, 0.889, 0.699, -0.668, 0.522, 0.199, -0.711, 0.123, 0.424, -0.699, 0.786, 0.903, 0.993, -0.967], [-0.267, -0.656, -0.728, 0.203, -0.094, 0.293, 0.550, -0.160, 0.670, 0.728, 0.997, -0.994, -0.327, 0.888, 0.737, -0.554], [0.699, 0.856, 0.607, -0.762, 0.470, -0.999, 0.151, 0.160, 0.550, -0.397, -0.047, -0.217, -0.811, -0.248, 0.393, 0.368], [-0.650, -0.950, 0.753, 0.316, -0.806, 0.177, -0.532, 0.401, 0.709, -0.285, 0.618, -0.915, -0.539, -0.241, -0.066, -0.119], [0.796, -0.485, -0.642, 0.728, 0.177, 0.271, -0.150, 0.161, 0.686, -0.563, -0.050, -0.432, 0.145, -0.317, -0.309, -0.296], [-0.310, 0.214, -0.772, -0.317, -0.970, -0.195, -0.717, 0.171, -0.614, 0.980, 0.444, -0.542, 0.944, 0.682, -0.755, 0.332]], [[0.744, -0.993, -0.755, -0.619, 0.251, 0.179, -0.801, -0.756, -0.813, -0.148, -0.434, -0.115, 0.867, 0.019, -0.267, -0.191], [0.253, 0.858, -0.081, 0.623, 0.484, 0.345, 0.214, 0.236, -0.002, -0.742, 0.296, -0.776, 0.529, -0.495, 0.417, 0.191], [-0.240, 0.411, 0.996, 0.120, 0.116, 0.136, -0.946, -0.519, 0.584, -0.761, -0.458, 0.930, 0.998, -0.103, -0.722, 0.578], [0.952, -0.000, 0.587, -0.491, 0.614, -0.979, 0.906, -0.075, 0.158, 0.328, -0.095, -0.237, -0.481, 0.161, 0.854, 0.680], [-0.605, 0.352, 0.713, -0.629, -0.038, -0.028, 0.229, -0.771, 0.021, -0.011, 0.601, 0.316, 0.644, -0.164, 0.213, -0.692], [0.486, 0.920, 0.502, 0.472, 0.005, 0.853, 0.413, 0.863, -0.817, 0.342, -0.380, -0.713, -0.314, 0.305, -0.829, -0.884], [0.487, -0.087, -0.034, -0.821, -0.961, -0.264, 0.541, -0.424, 0.125, -0.299, -0.597, 0.177, -0.554, 0.019, -0.494, -0.520], [-0.878, -0.504, 0.366, 0.157, 0.336, 0.492, 0.952, -0.050, -0.031, 0.543, -0.980, -0.129, -0.342, 0.355, -0.992, -0.310]]]]> : tensor<3x3x8x16xf32>
  %r557 = stablehlo.convolution(%v532, %w556) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {pad = [[1, 1], [1, 1]], reverse = [true, true]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x7x7x8xf32>, tensor<3x3x8x16xf32>) -> tensor<1x7x7x16xf32>
  %w558 = stablehlo.constant dense<[[[[0.610, 0.616, 0.031, -0.428, -0.892, -0.233, -0.183, -0.909, -0.902, 0.998, 0.305, -0.531, -0.130, 0.948, 0.795, 0.688], [-0.215, -0.014, 0.353, -0.878, 0.111, -0.457, 0.759, -0.872, 0.358, 0.740, -0.545, 0.791, 0.744, -0.963, 0.415, -0.998]], [[0.007, -0.127, -0.593, -0.350, 0.612, -0.367, -0.702, 0.397, -0.103, 0.598, -0.529, -0.360, 0.600, 0.014, 0.013, -0.528], [-0.971, 0.866, -0.828, 0.690, -0.264, 0.902, -0.201, 0.873, 0.112, -0.520, 0.483, 0.349, 0.368, -0.072, -0.556, 0.282]], [[-0.786, 0.384, 0.271, -0.247, 0.597, -0.612, -0.219, 0.596, -0.239, 0.427, 0.225, 0.882, 0.983, 0.447, 0.618, -0.694], [0.426, 0.695, -0.198, 0.107, -0.041, 0.917, -0.365, -0.196, -0.998, -0.160, 0.263, 0.870, 0.847, -0.345, 0.978, -0.625]]], [[[0.647, -0.685, -0.190, -0.853, 0.716, 0.658, -0.720, 0.054, -0.484, -0.016, 0.106, -0.787, 0.729, -0.443, -0.106, -0.885], [-0.995, -0.610, -0.317, 0.856, 0.779, -0.039, -0.090, 0.334, 0.718, -0.325, 0.587, -0.202, 0.188, 0.475, 0.003, 0.382]], [[0.395, -0.989, -0.922, -0.702, -0.573, -0.594, -0.902, -0.566, 0.202, 0.772, -0.301, -0.267, -0.167, 0.361, 0.571, 0.882], [-0.249, 0.414, -0.317, 0.648, -0.539, 0.742, 0.010, 0.451, 0.070, -0.368, -0.011, -0.899, -0.914, 0.060, -0.046, 0.666]], [[-0.960, 0.114, -0.019, 0.196, 0.459, 0.049, 0.126, -0.016, 0.230, -0.504, 0.105, 0.345, -0.618, 0.981, 0.493, 0.911], [-0.412, -0.113, -0.477, -0.907, -0.967, -0.507, 0.723, -0.673, 0.379, -0.501, -0.869, -0.615, 0.356, 0.003, 0.098, -0.094]]], [[[-0.451, -0.023, 0.845, -0.597, 0.465, -0.498, -0.613, -0.352, -0.814, 0.871, -0.270, -0.648, -1.000, -0.879, -0.571, -0.165], [0.203, 0.962, 0.781, -0.515, 0.223, 0.843, -0.797, 0.708, -0.208, 0.563, -0.355, 0.251, 0.014, -0.791, 0.520, 0.646]], [[-0.034, -0.224, 0.895, -0.251, 0.759, -0.163, -0.253, -0.277, -0.880, -0.445, -0.541, -0.875, 0.083, -0.116, -0.950, -0.688], [0.837, -0.733, -0.253, 0.902, -0.773, -0.180, 0.602, -0.962, -0.864, 0.860, 0.368, -0.478, -0.040, -0.502, 0.785, 0.900]], [[-0.858, 0.048, -0.632, -0.191, 0.482, 0.427, -0.620, -0.335, -0.149, -0.227, 0.364, 0.577, -0.329, -0.118, -0.865, -0.266], [0.894, 0.004, 0.114, 0.212, 0.134, 0.609, -0.481, -0.367, 0.774, -0.000, 0.920, -0.722, 0.566, -0.054, -0.052, 0.762]]]]> : tensor<3x3x2x16xf32>
  %r559 = stablehlo.convolution(%v532, %w558) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {pad = [[1, 1], [1, 1]], reverse = [false, true]} {batch_group_count = 1 : i64, feature_group_count = 4 : i64}
    : (tensor<1x7x7x8xf32>, tensor<3x3x2x16xf32>) -> tensor<1x7x7x16xf32>
  return %r534, %r537, %r555, %r557, %r559 : tensor<1x7x7x16xf32>, tensor<1x4x4x16xf32>, tensor<2x16x7x7xf32>, tensor<1x7x7x16xf32>, tensor<1x7x7x16xf32>
}

// Batch norm (x - mean) * (gamma * rsqrt(var + eps)) + beta, ReLU and a
// residual add as epilogues: a ResNet bottleneck's shape (conv-bn-relu, a
// constant 1x1 with bn + residual + relu, the downsampling 1x1 with bn).
func.func @bn_relu_residual() -> (tensor<1x8x8x16xf32>, tensor<1x8x8x32xf32>) {
  %i560 = stablehlo.iota dim = 0 : tensor<1x8x8x16xf32>
  %c561 = stablehlo.constant dense<0.3000> : tensor<1x8x8x16xf32>
  %m562 = stablehlo.multiply %i560, %c561 : tensor<1x8x8x16xf32>
  %i563 = stablehlo.iota dim = 1 : tensor<1x8x8x16xf32>
  %c564 = stablehlo.constant dense<0.7100> : tensor<1x8x8x16xf32>
  %m565 = stablehlo.multiply %i563, %c564 : tensor<1x8x8x16xf32>
  %s566 = stablehlo.add %m562, %m565 : tensor<1x8x8x16xf32>
  %i567 = stablehlo.iota dim = 2 : tensor<1x8x8x16xf32>
  %c568 = stablehlo.constant dense<1.3400> : tensor<1x8x8x16xf32>
  %m569 = stablehlo.multiply %i567, %c568 : tensor<1x8x8x16xf32>
  %s570 = stablehlo.add %s566, %m569 : tensor<1x8x8x16xf32>
  %i571 = stablehlo.iota dim = 3 : tensor<1x8x8x16xf32>
  %c572 = stablehlo.constant dense<2.1900> : tensor<1x8x8x16xf32>
  %m573 = stablehlo.multiply %i571, %c572 : tensor<1x8x8x16xf32>
  %s574 = stablehlo.add %s570, %m573 : tensor<1x8x8x16xf32>
  %v575 = stablehlo.sine %s574 : tensor<1x8x8x16xf32>
  %i576 = stablehlo.iota dim = 0 : tensor<3x3x16x16xf32>
  %c577 = stablehlo.constant dense<0.1700> : tensor<3x3x16x16xf32>
  %m578 = stablehlo.multiply %i576, %c577 : tensor<3x3x16x16xf32>
  %i579 = stablehlo.iota dim = 1 : tensor<3x3x16x16xf32>
  %c580 = stablehlo.constant dense<0.4500> : tensor<3x3x16x16xf32>
  %m581 = stablehlo.multiply %i579, %c580 : tensor<3x3x16x16xf32>
  %s582 = stablehlo.add %m578, %m581 : tensor<3x3x16x16xf32>
  %i583 = stablehlo.iota dim = 2 : tensor<3x3x16x16xf32>
  %c584 = stablehlo.constant dense<0.9500> : tensor<3x3x16x16xf32>
  %m585 = stablehlo.multiply %i583, %c584 : tensor<3x3x16x16xf32>
  %s586 = stablehlo.add %s582, %m585 : tensor<3x3x16x16xf32>
  %i587 = stablehlo.iota dim = 3 : tensor<3x3x16x16xf32>
  %c588 = stablehlo.constant dense<1.6700> : tensor<3x3x16x16xf32>
  %m589 = stablehlo.multiply %i587, %c588 : tensor<3x3x16x16xf32>
  %s590 = stablehlo.add %s586, %m589 : tensor<3x3x16x16xf32>
  %v591 = stablehlo.cosine %s590 : tensor<3x3x16x16xf32>
  %r592 = stablehlo.convolution(%v575, %v591) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x8x8x16xf32>, tensor<3x3x16x16xf32>) -> tensor<1x8x8x16xf32>
  %i593 = stablehlo.iota dim = 0 : tensor<16xf32>
  %c594 = stablehlo.constant dense<0.400> : tensor<16xf32>
  %m595 = stablehlo.multiply %i593, %c594 : tensor<16xf32>
  %v596 = stablehlo.sine %m595 : tensor<16xf32>
  %i597 = stablehlo.iota dim = 0 : tensor<16xf32>
  %c598 = stablehlo.constant dense<0.500> : tensor<16xf32>
  %m599 = stablehlo.multiply %i597, %c598 : tensor<16xf32>
  %v600 = stablehlo.cosine %m599 : tensor<16xf32>
  %v601 = stablehlo.multiply %v600, %v600 : tensor<16xf32>
  %i602 = stablehlo.iota dim = 0 : tensor<16xf32>
  %c603 = stablehlo.constant dense<0.600> : tensor<16xf32>
  %m604 = stablehlo.multiply %i602, %c603 : tensor<16xf32>
  %v605 = stablehlo.cosine %m604 : tensor<16xf32>
  %i606 = stablehlo.iota dim = 0 : tensor<16xf32>
  %c607 = stablehlo.constant dense<0.700> : tensor<16xf32>
  %m608 = stablehlo.multiply %i606, %c607 : tensor<16xf32>
  %v609 = stablehlo.sine %m608 : tensor<16xf32>
  %c610 = stablehlo.constant dense<1.0e-05> : tensor<16xf32>
  %v611 = stablehlo.add %v601, %c610 : tensor<16xf32>
  %v612 = stablehlo.rsqrt %v611 : tensor<16xf32>
  %v613 = stablehlo.multiply %v605, %v612 : tensor<16xf32>
  %b614 = stablehlo.broadcast_in_dim %v596, dims = [3] : (tensor<16xf32>) -> tensor<1x8x8x16xf32>
  %b615 = stablehlo.broadcast_in_dim %v613, dims = [3] : (tensor<16xf32>) -> tensor<1x8x8x16xf32>
  %b616 = stablehlo.broadcast_in_dim %v609, dims = [3] : (tensor<16xf32>) -> tensor<1x8x8x16xf32>
  %v617 = stablehlo.subtract %r592, %b614 : tensor<1x8x8x16xf32>
  %v618 = stablehlo.multiply %v617, %b615 : tensor<1x8x8x16xf32>
  %v619 = stablehlo.add %v618, %b616 : tensor<1x8x8x16xf32>
  %c620 = stablehlo.constant dense<0.0> : tensor<1x8x8x16xf32>
  %v621 = stablehlo.maximum %v619, %c620 : tensor<1x8x8x16xf32>
  %w622 = stablehlo.constant dense<[[[[0.886, 0.023, 0.952, -0.838, 0.215, -0.247, 0.604, -0.651, 0.743, 0.088, 0.804, -0.046, -0.139, 0.578, 0.968, -0.261, 0.938, 0.858, -0.645, 0.218, 0.410, 0.886, 0.331, -0.733, -0.004, -0.013, 0.000, 0.917, -0.300, -0.552, 0.044, 0.282], [0.878, 0.164, -0.464, 0.860, -0.017, 0.352, -0.048, -0.566, 0.385, 0.541, -0.618, -0.080, -0.276, -0.659, -0.557, 0.925, 0.768, -0.235, 0.479, -0.916, 0.830, 0.074, 0.641, -0.448, -0.248, -0.304, 0.945, -0.141, -0.001, 0.912, 0.806, -0.210], [-0.385, 0.614, -0.785, -0.216, 0.753, 0.835, -0.533, -0.843, 0.575, 0.244, -0.525, 0.012, -0.857, 0.400, 0.053, 0.409, -0.824, 0.290, -0.259, -0.001, -0.329, 0.268, 0.137, 0.234, -0.873, -0.550, -0.856, -0.233, -0.038, -0.775, 0.335, -0.025], [0.001, 0.195, 0.870, 0.178, -0.813, -0.707, 0.388, -0.355, 0.511, 0.021, -0.241, 0.479, -0.634, -0.430, -0.416, -0.169, 0.814, 0.625, 0.643, 0.262, -0.984, -0.428, 0.004, 0.797, -0.272, 0.101, 0.697, -0.317, 0.496, 0.190, 0.051, 0.260], [-0.030, -0.774, 0.794, 0.939, 0.666, -0.292, 0.268, 0.542, -0.876, 0.579, -0.830, 0.880, -0.517, 0.926, -0.536, 0.071, 0.663, 0.975, 0.411, 0.669, -0.216, 0.501, -0.231, 0.860, 0.547, -0.241, 0.568, -0.867, 0.850, 0.386, -0.346, 0.294], [0.569, 0.257, 0.773, -0.169, -0.360, -0.258, -0.437, -0.042, 0.515, 0.749, 0.266, 0.572, 0.940, 0.319, -0.831, 0.251, -0.960, 0.355, 0.997, -0.023, 0.866, -0.961, 0.930, -0.663, 0.679, -0.403, -0.213, -0.735, -0.925, 0.504, 0.492, -0.753], [0.245, -0.485, 0.793, -0.732, 0.175, 0.780, 0.077, 0.342, 0.621, 0.414, 0.650, -0.552, 0.820, 0.008, 0.831, 0.397, 0.468, 0.902, -0.788, 0.741, -0.415, 0.643, -0.552, -0.063, -0.722, 0.611, -0.415, -0.054, 0.591, -0.257, 0.771, 0.021], [0.887, 0.543, 0.987, 0.425, -0.375, 0.060, 0.881, 0.849, -0.499, -0.488, -0.495, 0.251, -0.611, 0.411, -0.361, 0.676, -0.507, 0.853, -0.337, -0.930, -0.676, 0.632, -0.659, -0.498, 0.991, -0.166, 0.285, 0.090, -0.063, 0.795, -0.927, -0.238], [-0.097, 0.370, 0.457, -0.993, -0.804, -0.523, -0.332, 0.535, 0.485, 0.855, -0.196, -0.162, -0.717, 0.790, 0.797, 0.912, 0.467, 0.764, 0.134, 0.679, -0.348, 0.514, 0.517, 0.236, 0.679, 0.352, -0.502, -0.897, -0.348, -0.609, 0.810, 0.066], [0.459, 0.850, 0.581, 0.733, 0.121, 0.518, 0.912, -0.121, 0.402, 0.906, -0.517, -0.856, -0.038, 0.781, 0.045, -0.587, 0.970, -0.057, -0.125, -0.853, -0.139, 0.958, -0.133, 0.555, 0.856, -0.995, 0.384, -0.715, 0.017, 0.707, -0.284, 0.440], [-0.428, 0.194, 0.464, 0.081, -0.351, 0.479, -0.724, -0.340, 0.573, 0.002, -0.812, 0.356, 0.831, -0.657, 0.837, -0.991, 0.909, 0.218, -0.484, -0.671, -0.126, -0.136, 0.013, 0.034, -0.826, -0.503, -0.710, 0.640, -0.698, 0.333, -0.823, 0.306], [-0.130, 0.006, 0.496, -0.380, 0.391, 0.828, 0.473, 0.199, 0.380, 0.785, -0.950, 0.989, -0.065, 0.788, -0.884, -0.433, 0.116, 0.138, 0.880, -0.369, -0.523, 0.269, -0.675, 0.826, -0.534, -0.993, 0.253, -0.546, 0.829, -0.790, 0.002, 0.200], [-0.006, -0.879, 0.039, -0.740, -0.912, 0.813, -0.479, -0.859, -0.975, 0.728, 0.714, 0.489, 0.584, -0.444, 0.166, 0.472, -0.501, 0.463, 0.595, 0.043, 0.288, -0.949, -0.246, -0.356, -0.281, 0.850, 0.883, -0.881, 0.169, -0.604, 0.304, 0.948], [-0.713, -0.228, -0.317, 0.419, 0.628, -0.909, -0.586, -0.256, 0.921, 0.524, 0.254, 0.933, -0.209, 0.603, -0.501, -0.479, 0.832, 0.637, 0.249, -0.681, -0.371, 0.851, -0.090, -0.913, -0.533, 0.179, 0.723, -0.089, -0.505, 0.589, -0.379, -0.464], [0.156, 0.033, 0.726, -0.094, 0.291, -0.084, 0.352, 0.802, -0.807, 0.788, 0.804, -0.278, -0.993, -0.082, 0.351, -0.600, -0.634, -0.273, 0.797, 0.199, 0.397, 0.175, 0.351, -0.127, -0.004, -0.786, 0.993, -0.662, 0.635, 0.269, 0.504, 0.060], [0.102, -0.314, -0.844, 0.258, 0.229, -0.338, 0.840, 0.855, -0.267, -0.075, -0.570, 0.442, -0.612, -0.365, 0.914, -0.693, 0.790, 0.120, -0.603, 0.620, 0.168, 0.555, -0.246, -0.376, -0.780, -0.744, 0.034, -0.208, -0.882, -0.622, -0.027, -0.903]]]]> : tensor<1x1x16x32xf32>
  %r623 = stablehlo.convolution(%v621, %w622) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x8x8x16xf32>, tensor<1x1x16x32xf32>) -> tensor<1x8x8x32xf32>
  %i624 = stablehlo.iota dim = 0 : tensor<1x1x16x32xf32>
  %c625 = stablehlo.constant dense<0.1100> : tensor<1x1x16x32xf32>
  %m626 = stablehlo.multiply %i624, %c625 : tensor<1x1x16x32xf32>
  %i627 = stablehlo.iota dim = 1 : tensor<1x1x16x32xf32>
  %c628 = stablehlo.constant dense<0.3300> : tensor<1x1x16x32xf32>
  %m629 = stablehlo.multiply %i627, %c628 : tensor<1x1x16x32xf32>
  %s630 = stablehlo.add %m626, %m629 : tensor<1x1x16x32xf32>
  %i631 = stablehlo.iota dim = 2 : tensor<1x1x16x32xf32>
  %c632 = stablehlo.constant dense<0.7700> : tensor<1x1x16x32xf32>
  %m633 = stablehlo.multiply %i631, %c632 : tensor<1x1x16x32xf32>
  %s634 = stablehlo.add %s630, %m633 : tensor<1x1x16x32xf32>
  %i635 = stablehlo.iota dim = 3 : tensor<1x1x16x32xf32>
  %c636 = stablehlo.constant dense<1.4300> : tensor<1x1x16x32xf32>
  %m637 = stablehlo.multiply %i635, %c636 : tensor<1x1x16x32xf32>
  %s638 = stablehlo.add %s634, %m637 : tensor<1x1x16x32xf32>
  %v639 = stablehlo.sine %s638 : tensor<1x1x16x32xf32>
  %r640 = stablehlo.convolution(%v575, %v639) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x8x8x16xf32>, tensor<1x1x16x32xf32>) -> tensor<1x8x8x32xf32>
  %i641 = stablehlo.iota dim = 0 : tensor<32xf32>
  %c642 = stablehlo.constant dense<0.500> : tensor<32xf32>
  %m643 = stablehlo.multiply %i641, %c642 : tensor<32xf32>
  %v644 = stablehlo.sine %m643 : tensor<32xf32>
  %i645 = stablehlo.iota dim = 0 : tensor<32xf32>
  %c646 = stablehlo.constant dense<0.600> : tensor<32xf32>
  %m647 = stablehlo.multiply %i645, %c646 : tensor<32xf32>
  %v648 = stablehlo.cosine %m647 : tensor<32xf32>
  %v649 = stablehlo.multiply %v648, %v648 : tensor<32xf32>
  %i650 = stablehlo.iota dim = 0 : tensor<32xf32>
  %c651 = stablehlo.constant dense<0.700> : tensor<32xf32>
  %m652 = stablehlo.multiply %i650, %c651 : tensor<32xf32>
  %v653 = stablehlo.cosine %m652 : tensor<32xf32>
  %i654 = stablehlo.iota dim = 0 : tensor<32xf32>
  %c655 = stablehlo.constant dense<0.800> : tensor<32xf32>
  %m656 = stablehlo.multiply %i654, %c655 : tensor<32xf32>
  %v657 = stablehlo.sine %m656 : tensor<32xf32>
  %c658 = stablehlo.constant dense<1.0e-05> : tensor<32xf32>
  %v659 = stablehlo.add %v649, %c658 : tensor<32xf32>
  %v660 = stablehlo.rsqrt %v659 : tensor<32xf32>
  %v661 = stablehlo.multiply %v653, %v660 : tensor<32xf32>
  %b662 = stablehlo.broadcast_in_dim %v644, dims = [3] : (tensor<32xf32>) -> tensor<1x8x8x32xf32>
  %b663 = stablehlo.broadcast_in_dim %v661, dims = [3] : (tensor<32xf32>) -> tensor<1x8x8x32xf32>
  %b664 = stablehlo.broadcast_in_dim %v657, dims = [3] : (tensor<32xf32>) -> tensor<1x8x8x32xf32>
  %v665 = stablehlo.subtract %r640, %b662 : tensor<1x8x8x32xf32>
  %v666 = stablehlo.multiply %v665, %b663 : tensor<1x8x8x32xf32>
  %v667 = stablehlo.add %v666, %b664 : tensor<1x8x8x32xf32>
  %i668 = stablehlo.iota dim = 0 : tensor<32xf32>
  %c669 = stablehlo.constant dense<0.600> : tensor<32xf32>
  %m670 = stablehlo.multiply %i668, %c669 : tensor<32xf32>
  %v671 = stablehlo.sine %m670 : tensor<32xf32>
  %i672 = stablehlo.iota dim = 0 : tensor<32xf32>
  %c673 = stablehlo.constant dense<0.700> : tensor<32xf32>
  %m674 = stablehlo.multiply %i672, %c673 : tensor<32xf32>
  %v675 = stablehlo.cosine %m674 : tensor<32xf32>
  %v676 = stablehlo.multiply %v675, %v675 : tensor<32xf32>
  %i677 = stablehlo.iota dim = 0 : tensor<32xf32>
  %c678 = stablehlo.constant dense<0.800> : tensor<32xf32>
  %m679 = stablehlo.multiply %i677, %c678 : tensor<32xf32>
  %v680 = stablehlo.cosine %m679 : tensor<32xf32>
  %i681 = stablehlo.iota dim = 0 : tensor<32xf32>
  %c682 = stablehlo.constant dense<0.900> : tensor<32xf32>
  %m683 = stablehlo.multiply %i681, %c682 : tensor<32xf32>
  %v684 = stablehlo.sine %m683 : tensor<32xf32>
  %c685 = stablehlo.constant dense<1.0e-05> : tensor<32xf32>
  %v686 = stablehlo.add %v676, %c685 : tensor<32xf32>
  %v687 = stablehlo.rsqrt %v686 : tensor<32xf32>
  %v688 = stablehlo.multiply %v680, %v687 : tensor<32xf32>
  %b689 = stablehlo.broadcast_in_dim %v671, dims = [3] : (tensor<32xf32>) -> tensor<1x8x8x32xf32>
  %b690 = stablehlo.broadcast_in_dim %v688, dims = [3] : (tensor<32xf32>) -> tensor<1x8x8x32xf32>
  %b691 = stablehlo.broadcast_in_dim %v684, dims = [3] : (tensor<32xf32>) -> tensor<1x8x8x32xf32>
  %v692 = stablehlo.subtract %r623, %b689 : tensor<1x8x8x32xf32>
  %v693 = stablehlo.multiply %v692, %b690 : tensor<1x8x8x32xf32>
  %v694 = stablehlo.add %v693, %b691 : tensor<1x8x8x32xf32>
  %v695 = stablehlo.add %v694, %v667 : tensor<1x8x8x32xf32>
  %c696 = stablehlo.constant dense<0.0> : tensor<1x8x8x32xf32>
  %v697 = stablehlo.maximum %v695, %c696 : tensor<1x8x8x32xf32>
  return %v621, %v697 : tensor<1x8x8x16xf32>, tensor<1x8x8x32xf32>
}

// NCHW: batch norm and ReLU along the feature dim 1; an NHWC result
// transposed to NCHW, then a bias along dim 1 and ReLU.
func.func @nchw_epilogues() -> (tensor<2x16x7x7xf32>, tensor<2x16x7x7xf32>) {
  %i698 = stablehlo.iota dim = 0 : tensor<2x8x7x7xf32>
  %c699 = stablehlo.constant dense<0.3100> : tensor<2x8x7x7xf32>
  %m700 = stablehlo.multiply %i698, %c699 : tensor<2x8x7x7xf32>
  %i701 = stablehlo.iota dim = 1 : tensor<2x8x7x7xf32>
  %c702 = stablehlo.constant dense<0.7300> : tensor<2x8x7x7xf32>
  %m703 = stablehlo.multiply %i701, %c702 : tensor<2x8x7x7xf32>
  %s704 = stablehlo.add %m700, %m703 : tensor<2x8x7x7xf32>
  %i705 = stablehlo.iota dim = 2 : tensor<2x8x7x7xf32>
  %c706 = stablehlo.constant dense<1.3700> : tensor<2x8x7x7xf32>
  %m707 = stablehlo.multiply %i705, %c706 : tensor<2x8x7x7xf32>
  %s708 = stablehlo.add %s704, %m707 : tensor<2x8x7x7xf32>
  %i709 = stablehlo.iota dim = 3 : tensor<2x8x7x7xf32>
  %c710 = stablehlo.constant dense<2.2300> : tensor<2x8x7x7xf32>
  %m711 = stablehlo.multiply %i709, %c710 : tensor<2x8x7x7xf32>
  %s712 = stablehlo.add %s708, %m711 : tensor<2x8x7x7xf32>
  %v713 = stablehlo.sine %s712 : tensor<2x8x7x7xf32>
  %i714 = stablehlo.iota dim = 0 : tensor<16x8x3x3xf32>
  %c715 = stablehlo.constant dense<0.1600> : tensor<16x8x3x3xf32>
  %m716 = stablehlo.multiply %i714, %c715 : tensor<16x8x3x3xf32>
  %i717 = stablehlo.iota dim = 1 : tensor<16x8x3x3xf32>
  %c718 = stablehlo.constant dense<0.4300> : tensor<16x8x3x3xf32>
  %m719 = stablehlo.multiply %i717, %c718 : tensor<16x8x3x3xf32>
  %s720 = stablehlo.add %m716, %m719 : tensor<16x8x3x3xf32>
  %i721 = stablehlo.iota dim = 2 : tensor<16x8x3x3xf32>
  %c722 = stablehlo.constant dense<0.9200> : tensor<16x8x3x3xf32>
  %m723 = stablehlo.multiply %i721, %c722 : tensor<16x8x3x3xf32>
  %s724 = stablehlo.add %s720, %m723 : tensor<16x8x3x3xf32>
  %i725 = stablehlo.iota dim = 3 : tensor<16x8x3x3xf32>
  %c726 = stablehlo.constant dense<1.6300> : tensor<16x8x3x3xf32>
  %m727 = stablehlo.multiply %i725, %c726 : tensor<16x8x3x3xf32>
  %s728 = stablehlo.add %s724, %m727 : tensor<16x8x3x3xf32>
  %v729 = stablehlo.cosine %s728 : tensor<16x8x3x3xf32>
  %r730 = stablehlo.convolution(%v713, %v729) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<2x8x7x7xf32>, tensor<16x8x3x3xf32>) -> tensor<2x16x7x7xf32>
  %i731 = stablehlo.iota dim = 0 : tensor<16xf32>
  %c732 = stablehlo.constant dense<0.450> : tensor<16xf32>
  %m733 = stablehlo.multiply %i731, %c732 : tensor<16xf32>
  %v734 = stablehlo.sine %m733 : tensor<16xf32>
  %i735 = stablehlo.iota dim = 0 : tensor<16xf32>
  %c736 = stablehlo.constant dense<0.550> : tensor<16xf32>
  %m737 = stablehlo.multiply %i735, %c736 : tensor<16xf32>
  %v738 = stablehlo.cosine %m737 : tensor<16xf32>
  %v739 = stablehlo.multiply %v738, %v738 : tensor<16xf32>
  %i740 = stablehlo.iota dim = 0 : tensor<16xf32>
  %c741 = stablehlo.constant dense<0.650> : tensor<16xf32>
  %m742 = stablehlo.multiply %i740, %c741 : tensor<16xf32>
  %v743 = stablehlo.cosine %m742 : tensor<16xf32>
  %i744 = stablehlo.iota dim = 0 : tensor<16xf32>
  %c745 = stablehlo.constant dense<0.750> : tensor<16xf32>
  %m746 = stablehlo.multiply %i744, %c745 : tensor<16xf32>
  %v747 = stablehlo.sine %m746 : tensor<16xf32>
  %c748 = stablehlo.constant dense<1.0e-05> : tensor<16xf32>
  %v749 = stablehlo.add %v739, %c748 : tensor<16xf32>
  %v750 = stablehlo.rsqrt %v749 : tensor<16xf32>
  %v751 = stablehlo.multiply %v743, %v750 : tensor<16xf32>
  %b752 = stablehlo.broadcast_in_dim %v734, dims = [1] : (tensor<16xf32>) -> tensor<2x16x7x7xf32>
  %b753 = stablehlo.broadcast_in_dim %v751, dims = [1] : (tensor<16xf32>) -> tensor<2x16x7x7xf32>
  %b754 = stablehlo.broadcast_in_dim %v747, dims = [1] : (tensor<16xf32>) -> tensor<2x16x7x7xf32>
  %v755 = stablehlo.subtract %r730, %b752 : tensor<2x16x7x7xf32>
  %v756 = stablehlo.multiply %v755, %b753 : tensor<2x16x7x7xf32>
  %v757 = stablehlo.add %v756, %b754 : tensor<2x16x7x7xf32>
  %c758 = stablehlo.constant dense<0.0> : tensor<2x16x7x7xf32>
  %v759 = stablehlo.maximum %v757, %c758 : tensor<2x16x7x7xf32>
  %i760 = stablehlo.iota dim = 0 : tensor<2x7x7x8xf32>
  %c761 = stablehlo.constant dense<0.2400> : tensor<2x7x7x8xf32>
  %m762 = stablehlo.multiply %i760, %c761 : tensor<2x7x7x8xf32>
  %i763 = stablehlo.iota dim = 1 : tensor<2x7x7x8xf32>
  %c764 = stablehlo.constant dense<0.5900> : tensor<2x7x7x8xf32>
  %m765 = stablehlo.multiply %i763, %c764 : tensor<2x7x7x8xf32>
  %s766 = stablehlo.add %m762, %m765 : tensor<2x7x7x8xf32>
  %i767 = stablehlo.iota dim = 2 : tensor<2x7x7x8xf32>
  %c768 = stablehlo.constant dense<1.1600> : tensor<2x7x7x8xf32>
  %m769 = stablehlo.multiply %i767, %c768 : tensor<2x7x7x8xf32>
  %s770 = stablehlo.add %s766, %m769 : tensor<2x7x7x8xf32>
  %i771 = stablehlo.iota dim = 3 : tensor<2x7x7x8xf32>
  %c772 = stablehlo.constant dense<1.9500> : tensor<2x7x7x8xf32>
  %m773 = stablehlo.multiply %i771, %c772 : tensor<2x7x7x8xf32>
  %s774 = stablehlo.add %s770, %m773 : tensor<2x7x7x8xf32>
  %v775 = stablehlo.sine %s774 : tensor<2x7x7x8xf32>
  %i776 = stablehlo.iota dim = 0 : tensor<3x3x8x16xf32>
  %c777 = stablehlo.constant dense<0.1400> : tensor<3x3x8x16xf32>
  %m778 = stablehlo.multiply %i776, %c777 : tensor<3x3x8x16xf32>
  %i779 = stablehlo.iota dim = 1 : tensor<3x3x8x16xf32>
  %c780 = stablehlo.constant dense<0.3900> : tensor<3x3x8x16xf32>
  %m781 = stablehlo.multiply %i779, %c780 : tensor<3x3x8x16xf32>
  %s782 = stablehlo.add %m778, %m781 : tensor<3x3x8x16xf32>
  %i783 = stablehlo.iota dim = 2 : tensor<3x3x8x16xf32>
  %c784 = stablehlo.constant dense<0.8600> : tensor<3x3x8x16xf32>
  %m785 = stablehlo.multiply %i783, %c784 : tensor<3x3x8x16xf32>
  %s786 = stablehlo.add %s782, %m785 : tensor<3x3x8x16xf32>
  %i787 = stablehlo.iota dim = 3 : tensor<3x3x8x16xf32>
  %c788 = stablehlo.constant dense<1.5500> : tensor<3x3x8x16xf32>
  %m789 = stablehlo.multiply %i787, %c788 : tensor<3x3x8x16xf32>
  %s790 = stablehlo.add %s786, %m789 : tensor<3x3x8x16xf32>
  %v791 = stablehlo.sine %s790 : tensor<3x3x8x16xf32>
  %r792 = stablehlo.convolution(%v775, %v791) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<2x7x7x8xf32>, tensor<3x3x8x16xf32>) -> tensor<2x7x7x16xf32>
  %v793 = stablehlo.transpose %r792, dims = [0, 3, 1, 2] : (tensor<2x7x7x16xf32>) -> tensor<2x16x7x7xf32>
  %i794 = stablehlo.iota dim = 0 : tensor<16xf32>
  %c795 = stablehlo.constant dense<0.05> : tensor<16xf32>
  %v796 = stablehlo.multiply %i794, %c795 : tensor<16xf32>
  %b797 = stablehlo.broadcast_in_dim %v796, dims = [1] : (tensor<16xf32>) -> tensor<2x16x7x7xf32>
  %v798 = stablehlo.add %v793, %b797 : tensor<2x16x7x7xf32>
  %c799 = stablehlo.constant dense<0.0> : tensor<2x16x7x7xf32>
  %v800 = stablehlo.maximum %v798, %c799 : tensor<2x16x7x7xf32>
  return %v759, %v800 : tensor<2x16x7x7xf32>, tensor<2x16x7x7xf32>
}

// A result used twice: no epilogue, the kernels read the routine's output.
func.func @shared_result() -> (tensor<1x8x8x16xf32>, tensor<1x8x8x16xf32>) {
  %i801 = stablehlo.iota dim = 0 : tensor<1x8x8x16xf32>
  %c802 = stablehlo.constant dense<0.3000> : tensor<1x8x8x16xf32>
  %m803 = stablehlo.multiply %i801, %c802 : tensor<1x8x8x16xf32>
  %i804 = stablehlo.iota dim = 1 : tensor<1x8x8x16xf32>
  %c805 = stablehlo.constant dense<0.7100> : tensor<1x8x8x16xf32>
  %m806 = stablehlo.multiply %i804, %c805 : tensor<1x8x8x16xf32>
  %s807 = stablehlo.add %m803, %m806 : tensor<1x8x8x16xf32>
  %i808 = stablehlo.iota dim = 2 : tensor<1x8x8x16xf32>
  %c809 = stablehlo.constant dense<1.3400> : tensor<1x8x8x16xf32>
  %m810 = stablehlo.multiply %i808, %c809 : tensor<1x8x8x16xf32>
  %s811 = stablehlo.add %s807, %m810 : tensor<1x8x8x16xf32>
  %i812 = stablehlo.iota dim = 3 : tensor<1x8x8x16xf32>
  %c813 = stablehlo.constant dense<2.1900> : tensor<1x8x8x16xf32>
  %m814 = stablehlo.multiply %i812, %c813 : tensor<1x8x8x16xf32>
  %s815 = stablehlo.add %s811, %m814 : tensor<1x8x8x16xf32>
  %v816 = stablehlo.sine %s815 : tensor<1x8x8x16xf32>
  %i817 = stablehlo.iota dim = 0 : tensor<3x3x16x16xf32>
  %c818 = stablehlo.constant dense<0.1700> : tensor<3x3x16x16xf32>
  %m819 = stablehlo.multiply %i817, %c818 : tensor<3x3x16x16xf32>
  %i820 = stablehlo.iota dim = 1 : tensor<3x3x16x16xf32>
  %c821 = stablehlo.constant dense<0.4500> : tensor<3x3x16x16xf32>
  %m822 = stablehlo.multiply %i820, %c821 : tensor<3x3x16x16xf32>
  %s823 = stablehlo.add %m819, %m822 : tensor<3x3x16x16xf32>
  %i824 = stablehlo.iota dim = 2 : tensor<3x3x16x16xf32>
  %c825 = stablehlo.constant dense<0.9500> : tensor<3x3x16x16xf32>
  %m826 = stablehlo.multiply %i824, %c825 : tensor<3x3x16x16xf32>
  %s827 = stablehlo.add %s823, %m826 : tensor<3x3x16x16xf32>
  %i828 = stablehlo.iota dim = 3 : tensor<3x3x16x16xf32>
  %c829 = stablehlo.constant dense<1.6700> : tensor<3x3x16x16xf32>
  %m830 = stablehlo.multiply %i828, %c829 : tensor<3x3x16x16xf32>
  %s831 = stablehlo.add %s827, %m830 : tensor<3x3x16x16xf32>
  %v832 = stablehlo.cosine %s831 : tensor<3x3x16x16xf32>
  %r833 = stablehlo.convolution(%v816, %v832) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x8x8x16xf32>, tensor<3x3x16x16xf32>) -> tensor<1x8x8x16xf32>
  %c834 = stablehlo.constant dense<0.0> : tensor<1x8x8x16xf32>
  %v835 = stablehlo.maximum %r833, %c834 : tensor<1x8x8x16xf32>
  %v836 = stablehlo.multiply %r833, %r833 : tensor<1x8x8x16xf32>
  return %v835, %v836 : tensor<1x8x8x16xf32>, tensor<1x8x8x16xf32>
}

// A residual whose last use is the convolution's epilogue gives the output
// its buffer (compiler/exe_builder.h, cx_xb_reuse): %b and %ge are written
// over %a and %e as their epilogues read them, on the direct kernel (a 1x1
// with computed weights) and on Winograd (a constant 3x3 kernel); %q reads
// %b as its input and keeps a buffer of its own.
func.func @residual_in_place() -> (tensor<1x8x8x16xf32>, tensor<1x8x8x16xf32>) {
  %i0 = stablehlo.iota dim = 1 : tensor<1x8x8x16xf32>
  %i1 = stablehlo.iota dim = 2 : tensor<1x8x8x16xf32>
  %i2 = stablehlo.iota dim = 3 : tensor<1x8x8x16xf32>
  %c0 = stablehlo.constant dense<0.7100> : tensor<1x8x8x16xf32>
  %c1 = stablehlo.constant dense<1.3400> : tensor<1x8x8x16xf32>
  %c2 = stablehlo.constant dense<2.1900> : tensor<1x8x8x16xf32>
  %m0 = stablehlo.multiply %i0, %c0 : tensor<1x8x8x16xf32>
  %m1 = stablehlo.multiply %i1, %c1 : tensor<1x8x8x16xf32>
  %m2 = stablehlo.multiply %i2, %c2 : tensor<1x8x8x16xf32>
  %s0 = stablehlo.add %m0, %m1 : tensor<1x8x8x16xf32>
  %s1 = stablehlo.add %s0, %m2 : tensor<1x8x8x16xf32>
  %x = stablehlo.sine %s1 : tensor<1x8x8x16xf32>
  %j0 = stablehlo.iota dim = 0 : tensor<3x3x16x16xf32>
  %j1 = stablehlo.iota dim = 2 : tensor<3x3x16x16xf32>
  %j2 = stablehlo.iota dim = 3 : tensor<3x3x16x16xf32>
  %k0 = stablehlo.constant dense<0.4500> : tensor<3x3x16x16xf32>
  %k1 = stablehlo.constant dense<0.9500> : tensor<3x3x16x16xf32>
  %k2 = stablehlo.constant dense<1.6700> : tensor<3x3x16x16xf32>
  %n0 = stablehlo.multiply %j0, %k0 : tensor<3x3x16x16xf32>
  %n1 = stablehlo.multiply %j1, %k1 : tensor<3x3x16x16xf32>
  %n2 = stablehlo.multiply %j2, %k2 : tensor<3x3x16x16xf32>
  %t0 = stablehlo.add %n0, %n1 : tensor<3x3x16x16xf32>
  %t1 = stablehlo.add %t0, %n2 : tensor<3x3x16x16xf32>
  %w = stablehlo.cosine %t1 : tensor<3x3x16x16xf32>
  %w1 = stablehlo.slice %w [1:2, 1:2, 0:16, 0:16] : (tensor<3x3x16x16xf32>) -> tensor<1x1x16x16xf32>
  %wc = stablehlo.constant dense<0.0625> : tensor<3x3x16x16xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<1x8x8x16xf32>
  %a = stablehlo.convolution(%x, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x8x8x16xf32>, tensor<3x3x16x16xf32>) -> tensor<1x8x8x16xf32>
  %p = stablehlo.convolution(%x, %w1) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x8x8x16xf32>, tensor<1x1x16x16xf32>) -> tensor<1x8x8x16xf32>
  %pa = stablehlo.add %p, %a : tensor<1x8x8x16xf32>
  %b = stablehlo.maximum %pa, %zero : tensor<1x8x8x16xf32>
  %q = stablehlo.convolution(%b, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x8x8x16xf32>, tensor<3x3x16x16xf32>) -> tensor<1x8x8x16xf32>
  %d = stablehlo.sine %b : tensor<1x8x8x16xf32>
  %qd = stablehlo.add %q, %d : tensor<1x8x8x16xf32>
  %e = stablehlo.maximum %qd, %zero : tensor<1x8x8x16xf32>
  %g = stablehlo.convolution(%x, %wc) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x8x8x16xf32>, tensor<3x3x16x16xf32>) -> tensor<1x8x8x16xf32>
  %ge = stablehlo.add %g, %e : tensor<1x8x8x16xf32>
  %h = stablehlo.convolution(%ge, %w1) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x8x8x16xf32>, tensor<1x1x16x16xf32>) -> tensor<1x8x8x16xf32>
  return %h, %q : tensor<1x8x8x16xf32>, tensor<1x8x8x16xf32>
}

// 3x3 at stride 2 with 16 input and output features takes Winograd F(2x2) by
// phases (runtime/kernels/conv_winograd.c): %a with weights computed per
// call (81x80 output pixels: enough to transform them each call), odd
// sizes whose last tiles are cut, and a batch norm + ReLU epilogue in the
// output transform; %b with a constant kernel (prepacked) and asymmetric
// padding.
func.func @winograd_stride2() -> (tensor<1x81x80x16xf32>, tensor<1x8x8x16xf32>) {
  %i0 = stablehlo.iota dim = 1 : tensor<1x161x159x16xf32>
  %i1 = stablehlo.iota dim = 2 : tensor<1x161x159x16xf32>
  %i2 = stablehlo.iota dim = 3 : tensor<1x161x159x16xf32>
  %c0 = stablehlo.constant dense<0.3100> : tensor<1x161x159x16xf32>
  %c1 = stablehlo.constant dense<0.5300> : tensor<1x161x159x16xf32>
  %c2 = stablehlo.constant dense<1.1900> : tensor<1x161x159x16xf32>
  %m0 = stablehlo.multiply %i0, %c0 : tensor<1x161x159x16xf32>
  %m1 = stablehlo.multiply %i1, %c1 : tensor<1x161x159x16xf32>
  %m2 = stablehlo.multiply %i2, %c2 : tensor<1x161x159x16xf32>
  %s0 = stablehlo.add %m0, %m1 : tensor<1x161x159x16xf32>
  %s1 = stablehlo.add %s0, %m2 : tensor<1x161x159x16xf32>
  %x = stablehlo.sine %s1 : tensor<1x161x159x16xf32>
  %j0 = stablehlo.iota dim = 0 : tensor<3x3x16x16xf32>
  %j1 = stablehlo.iota dim = 1 : tensor<3x3x16x16xf32>
  %j2 = stablehlo.iota dim = 2 : tensor<3x3x16x16xf32>
  %j3 = stablehlo.iota dim = 3 : tensor<3x3x16x16xf32>
  %k0 = stablehlo.constant dense<0.4500> : tensor<3x3x16x16xf32>
  %k1 = stablehlo.constant dense<0.7300> : tensor<3x3x16x16xf32>
  %k2 = stablehlo.constant dense<0.9500> : tensor<3x3x16x16xf32>
  %k3 = stablehlo.constant dense<1.6700> : tensor<3x3x16x16xf32>
  %n0 = stablehlo.multiply %j0, %k0 : tensor<3x3x16x16xf32>
  %n1 = stablehlo.multiply %j1, %k1 : tensor<3x3x16x16xf32>
  %n2 = stablehlo.multiply %j2, %k2 : tensor<3x3x16x16xf32>
  %n3 = stablehlo.multiply %j3, %k3 : tensor<3x3x16x16xf32>
  %t0 = stablehlo.add %n0, %n1 : tensor<3x3x16x16xf32>
  %t1 = stablehlo.add %t0, %n2 : tensor<3x3x16x16xf32>
  %t2 = stablehlo.add %t1, %n3 : tensor<3x3x16x16xf32>
  %w = stablehlo.cosine %t2 : tensor<3x3x16x16xf32>
  %a0 = stablehlo.convolution(%x, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [2, 2], pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x161x159x16xf32>, tensor<3x3x16x16xf32>) -> tensor<1x81x80x16xf32>
  %mean = stablehlo.constant dense<[0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.7, -0.8, 0.9, -1.0, 1.1, -1.2, 1.3, -1.4, 1.5, -1.6]> : tensor<16xf32>
  %scale = stablehlo.constant dense<[1.5, 0.5, 1.25, 0.75, 2.0, 0.25, 1.0, 3.0, 0.125, 1.75, 0.625, 2.5, 0.375, 1.125, 0.875, 1.375]> : tensor<16xf32>
  %mb = stablehlo.broadcast_in_dim %mean, dims = [3] : (tensor<16xf32>) -> tensor<1x81x80x16xf32>
  %sb = stablehlo.broadcast_in_dim %scale, dims = [3] : (tensor<16xf32>) -> tensor<1x81x80x16xf32>
  %a1 = stablehlo.subtract %a0, %mb : tensor<1x81x80x16xf32>
  %a2 = stablehlo.multiply %a1, %sb : tensor<1x81x80x16xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<1x81x80x16xf32>
  %a = stablehlo.maximum %a2, %zero : tensor<1x81x80x16xf32>
  %y = stablehlo.slice %x [0:1, 0:16, 0:16, 0:16] : (tensor<1x161x159x16xf32>) -> tensor<1x16x16x16xf32>
  %wc = stablehlo.constant dense<0.0625> : tensor<3x3x16x16xf32>
  %b = stablehlo.convolution(%y, %wc) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [2, 2], pad = [[2, 0], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x16x16x16xf32>, tensor<3x3x16x16xf32>) -> tensor<1x8x8x16xf32>
  return %a, %b : tensor<1x81x80x16xf32>, tensor<1x8x8x16xf32>
}
