// Row fusions (src/compiler/fusion_rows.c, src/codegen/emit_rows.c):
// reductions over the innermost dimension and the elementwise ops that
// consume them through broadcast_in_dim, one kernel per row; compared with
// the interpreter (cxla check --mode=both). Float sums may be reassociated
// (emit_reduce.c), so results agree within rounding.

// softmax over the last axis, as jax.nn.softmax exports it.
func.func @softmax() -> tensor<3x4x8xf32> {
  %x = stablehlo.constant dense<[[[0.0036905, 0.89624, -0.82241, -2.6718, -1.364, -2.9749, 0.18043, 4.0206], [-1.4766, -1.8614, 1.4695, 1.0707, 0.31624, -2.7914, -0.087755, 2.0859], [-4.0326, -1.3728, -5.7037, -3.8686, -5.5252, -0.70527, -3.8023, 0.81379], [0.47025, -0.56079, -7.5503, -1.6161, -0.1455, 0.33993, -4.5904, -1.4333]], [[-2.9356, -2.4265, 3.1827, -2.4226, -0.097565, 2.6532, -1.7508, -0.33511], [0.33139, 0.19135, -3.6752, 0.22842, 4.0765, -4.6414, 2.5781, 0.35806], [-1.9244, 6.0012, 2.2868, -3.5979, 0.22355, 1.7301, -0.56635, 2.0487], [-0.19955, 2.0017, 4.3156, -2.027, 0.60942, -1.3899, 0.38181, -3.5616]], [[-1.7379, -0.58859, 2.6963, 3.4357, -3.9706, -2.3839, 1.9407, -5.9773], [-1.3895, -0.29186, 3.771, 2.0682, -0.98164, -1.1057, -0.75059, 4.5706], [-1.2841, -0.91104, 1.0578, -0.36231, -0.59185, -3.3422, -0.034564, -1.3307], [3.4984, 1.9593, -0.072431, 2.0051, -1.0196, 3.1564, -0.016199, 1.7501]]]> : tensor<3x4x8xf32>
  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %m = stablehlo.reduce(%x init: %ninf) applies stablehlo.maximum across dimensions = [2] : (tensor<3x4x8xf32>, tensor<f32>) -> tensor<3x4xf32>
  %mb = stablehlo.broadcast_in_dim %m, dims = [0, 1] : (tensor<3x4xf32>) -> tensor<3x4x8xf32>
  %d = stablehlo.subtract %x, %mb : tensor<3x4x8xf32>
  %e = stablehlo.exponential %d : tensor<3x4x8xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %s = stablehlo.reduce(%e init: %zero) applies stablehlo.add across dimensions = [2] : (tensor<3x4x8xf32>, tensor<f32>) -> tensor<3x4xf32>
  %sb = stablehlo.broadcast_in_dim %s, dims = [0, 1] : (tensor<3x4xf32>) -> tensor<3x4x8xf32>
  %y = stablehlo.divide %e, %sb : tensor<3x4x8xf32>
  // Every row sums to 1.
  %t = stablehlo.reduce(%y init: %zero) applies stablehlo.add across dimensions = [2] : (tensor<3x4x8xf32>, tensor<f32>) -> tensor<3x4xf32>
  %one = stablehlo.constant dense<1.0> : tensor<3x4xf32>
  check.expect_close %t, %one, max_ulp_difference = 8 : tensor<3x4xf32>, tensor<3x4xf32>
  return %y : tensor<3x4x8xf32>
}

// Long rows (more than a vector's lanes, with a remainder), computed
// inputs (the row's elements come from ops fused into every pass).
func.func @softmax_long_rows() -> tensor<5x301xf32> {
  %i = stablehlo.iota dim = 1 : tensor<5x301xf32>
  %r = stablehlo.iota dim = 0 : tensor<5x301xf32>
  %k = stablehlo.constant dense<0.37> : tensor<5x301xf32>
  %a = stablehlo.multiply %i, %k : tensor<5x301xf32>
  %b = stablehlo.add %a, %r : tensor<5x301xf32>
  %x = stablehlo.sine %b : tensor<5x301xf32>
  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %m = stablehlo.reduce(%x init: %ninf) applies stablehlo.maximum across dimensions = [1] : (tensor<5x301xf32>, tensor<f32>) -> tensor<5xf32>
  %mb = stablehlo.broadcast_in_dim %m, dims = [0] : (tensor<5xf32>) -> tensor<5x301xf32>
  %d = stablehlo.subtract %x, %mb : tensor<5x301xf32>
  %e = stablehlo.exponential %d : tensor<5x301xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %s = stablehlo.reduce(%e init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<5x301xf32>, tensor<f32>) -> tensor<5xf32>
  %sb = stablehlo.broadcast_in_dim %s, dims = [0] : (tensor<5xf32>) -> tensor<5x301xf32>
  %y = stablehlo.divide %e, %sb : tensor<5x301xf32>
  return %y : tensor<5x301xf32>
}

// log-softmax: x - max - log(sum(exp(x - max))), a per-row log.
func.func @log_softmax() -> tensor<6x10xf32> {
  %x = stablehlo.constant dense<[[-3.8727, 1.04, -5.0646, -6.106, -0.91343, -2.6998, 0.49216, 6.7343, -2.4952, -1.8718], [0.61621, 1.479, -0.52922, -0.61779, 2.1074, 1.5597, -3.101, -0.23754, 0.10586, -3.1635], [0.77952, -2.5739, 2.9162, 0.57824, 0.26792, -1.7731, -0.35583, -5.9932, -3.3942, 1.0885], [-6.3857, 2.5398, -5.2383, 2.2702, -2.5365, 2.337, 0.39285, -4.6105, 3.7474, 4.3251], [-0.19741, -0.82175, -0.4796, -2.9255, 3.2958, -1.6287, -0.15357, -2.3799, -1.8782, -3.8332], [3.7712, -0.46226, 2.8978, 0.039974, -2.0832, -0.98006, -1.6807, 0.023877, -1.1258, -0.89977]]> : tensor<6x10xf32>
  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %m = stablehlo.reduce(%x init: %ninf) applies stablehlo.maximum across dimensions = [1] : (tensor<6x10xf32>, tensor<f32>) -> tensor<6xf32>
  %mb = stablehlo.broadcast_in_dim %m, dims = [0] : (tensor<6xf32>) -> tensor<6x10xf32>
  %d = stablehlo.subtract %x, %mb : tensor<6x10xf32>
  %e = stablehlo.exponential %d : tensor<6x10xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %s = stablehlo.reduce(%e init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<6x10xf32>, tensor<f32>) -> tensor<6xf32>
  %l = stablehlo.log %s : tensor<6xf32>
  %lb = stablehlo.broadcast_in_dim %l, dims = [0] : (tensor<6xf32>) -> tensor<6x10xf32>
  %y = stablehlo.subtract %d, %lb : tensor<6x10xf32>
  return %y : tensor<6x10xf32>
}

// layer-norm with scale and shift (flax.linen.LayerNorm's export): mean,
// centered squares, rsqrt(var + eps) per row.
func.func @layer_norm() -> tensor<4x48xf32> {
  %x = stablehlo.constant dense<[[-4.1357, -2.4205, 4.9622, -2.0137, -3.1623, 1.012, 4.2218, -4.3621, -0.62557, -1.8962, -5.2831, 2.2048, -0.070332, 0.21433, -2.2569, 1.3644, -1.6179, -0.42871, -3.3248, -3.6483, 4.0066, -1.5213, 0.87504, -0.10137, -1.3234, -1.5239, 1.8902, -0.9056, -0.45433, 0.066665, 3.5295, 2.0415, 1.1478, -1.6907, -4.1459, 2.8486, 2.8993, -0.42213, 1.6257, 2.3443, 2.4936, 2.7642, -1.3669, 4.5449, -3.7398, 2.5852, 1.4818, 2.6209], [5.637, 4.4533, -3.4355, -5.066, 2.4507, -3.045, -0.037216, 2.5192, -4.9314, -6.3299, 0.7779, 0.13316, -0.73741, 0.1156, -2.5815, -4.5405, -0.49996, -2.9151, -4.9304, 1.517, -0.1842, 1.2196, -2.9679, -1.9742, -2.9971, -2.6599, 0.58622, -2.3489, 1.0682, 1.0193, 6.0755, -4.1784, 2.6637, -0.26846, -0.042089, -4.3496, -1.3806, 2.2296, -0.24744, 0.24316, -0.87215, 3.4637, -0.064418, -6.6012, -2.0762, -5.9064, -9.7543, -1.5903], [4.0007, 0.14136, -3.5176, -2.8221, 3.3918, 0.47288, 0.144, -0.16039, 0.1152, 2.4162, 1.6577, 0.64711, -3.1286, 1.5333, -2.0527, 3.2815, -3.8132, -0.41286, -0.022075, -3.9739, 5.1659, 4.3812, -1.3908, 2.3152, 1.136, -7.8407, 0.75119, -0.18403, 0.24965, -3.2306, -0.80804, -0.53478, 3.5643, 1.0033, -0.016665, 4.5869, -1.6657, -1.1683, -5.4503, 4.7073, 2.893, 2.7505, 2.0067, 0.33045, 0.64647, -0.75602, -0.6108, 0.16291], [4.5355, 1.6671, -0.17538, -1.7382, -1.905, 4.8081, 1.5201, 0.20265, -1.0385, -3.3272, -0.20058, 2.621, -1.1776, -0.68173, -0.6631, 0.32878, -4.779, -0.7062, -2.5632, 2.6538, -2.3118, 1.7311, 4.5733, -0.94079, -1.8047, 0.5743, -0.0060871, -2.9808, 1.3828, 6.0465, -0.77434, -0.60863, -3.1348, 0.95727, -3.7409, -3.3208, 3.839, -2.7164, 3.2441, 4.5731, 0.77798, 1.6602, 5.8568, -0.59019, -1.779, -4.0597, 0.12512, 4.4374]]> : tensor<4x48xf32>
  %gamma = stablehlo.constant dense<[2.8788, -2.8263, -2.5661, -1.5125, 0.8768, -0.61593, 0.64336, 0.89022, -0.89632, -0.12052, 0.61978, -0.25191, 1.5106, 5.6126, 1.7759, 0.16743, -5.0584, 1.1639, -5.84, -4.2271, 2.5639, 2.1187, -0.44982, -5.13, -1.114, -2.0362, 1.9105, 6.7732, 0.65079, -2.3379, -3.5117, -0.16828, -0.53038, -3.4546, 0.34907, -3.4527, 3.3363, 3.188, 3.2543, -1.4222, 1.5436, -0.39621, -1.1664, -1.0174, -3.8991, -4.3316, 2.3829, -0.57371]> : tensor<48xf32>
  %beta = stablehlo.constant dense<[0.64927, 3.0051, -5.1994, -2.3524, 0.526, 1.1763, -1.1312, 3.0875, 0.63118, -3.6401, -2.7923, 2.4164, 1.3915, -5.6972, 4.0431, 1.7941, 4.03, -1.1511, -0.88712, -3.3794, 7.6108, -0.52636, 4.7626, -1.9419, 0.49152, -5.0141, -1.1486, 2.9513, -3.7552, 3.2167, 1.0117, -3.1319, -1.5048, -1.3772, -0.14856, -1.6084, -2.4819, -0.91376, -3.0807, -3.8686, -0.14453, 2.6486, -4.5881, 0.010524, -1.9499, -2.9314, 2.5603, -1.5545]> : tensor<48xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %n = stablehlo.constant dense<48.0> : tensor<4xf32>
  %eps = stablehlo.constant dense<1.0e-5> : tensor<4xf32>
  %s = stablehlo.reduce(%x init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<4x48xf32>, tensor<f32>) -> tensor<4xf32>
  %mean = stablehlo.divide %s, %n : tensor<4xf32>
  %mb = stablehlo.broadcast_in_dim %mean, dims = [0] : (tensor<4xf32>) -> tensor<4x48xf32>
  %c = stablehlo.subtract %x, %mb : tensor<4x48xf32>
  %sq = stablehlo.multiply %c, %c : tensor<4x48xf32>
  %vs = stablehlo.reduce(%sq init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<4x48xf32>, tensor<f32>) -> tensor<4xf32>
  %var = stablehlo.divide %vs, %n : tensor<4xf32>
  %ve = stablehlo.add %var, %eps : tensor<4xf32>
  %r = stablehlo.rsqrt %ve : tensor<4xf32>
  %rb = stablehlo.broadcast_in_dim %r, dims = [0] : (tensor<4xf32>) -> tensor<4x48xf32>
  %nrm = stablehlo.multiply %c, %rb : tensor<4x48xf32>
  %gb = stablehlo.broadcast_in_dim %gamma, dims = [1] : (tensor<48xf32>) -> tensor<4x48xf32>
  %bb = stablehlo.broadcast_in_dim %beta, dims = [1] : (tensor<48xf32>) -> tensor<4x48xf32>
  %sc = stablehlo.multiply %nrm, %gb : tensor<4x48xf32>
  %y = stablehlo.add %sc, %bb : tensor<4x48xf32>
  return %y : tensor<4x48xf32>
}

// layer-norm as PyTorch exports it: reductions kept as [rows, 1]
// (reshape), broadcast with dims [0, 1]; a square matrix, where the
// gamma broadcast (dims = [1]) has the per-row shape but is not per-row.
func.func @layer_norm_keepdims() -> tensor<16x16xf64> {
  %x = stablehlo.constant dense<[[4.4949, -2.3395, 1.1595, -0.68185, -2.2621, 1.763, -0.46495, 1.8096, -0.14187, -3.2574, -0.30621, 0.15587, 2.8754, -2.7188, -0.11799, -5.1656], [1.9545, -3.2444, -5.4191, -0.17765, 3.3171, -4.5733, -3.2641, -2.2298, -3.3885, 1.1383, -2.4221, -2.1645, 1.7499, -2.2665, 1.2983, -2.9142], [-3.6364, -5.5063, 5.5836, -0.96078, 0.7318, -0.093149, 0.47989, 0.14906, 5.7247, -3.1168, -4.6724, -3.0359, -4.0041, 2.2409, 2.4611, -2.8839], [-4.1713, -1.0644, 4.1734, -8.4587, 1.5799, -3.2273, 3.1211, -3.2338, -0.85625, -4.5188, -2.9318, 4.1575, 2.4617, -1.205, -2.6105, -5.6814], [-1.181, -0.09271, -0.25216, -0.28138, -3.3654, -0.19882, -0.11602, 3.8717, 5.6002, -0.41097, -2.2989, -0.19495, -1.8229, -2.2273, -0.17595, -3.1299], [1.8183, -0.31175, 0.75002, -0.54882, -2.1818, -2.8439, -0.71183, -1.6463, 0.7017, -0.013295, -4.0869, 0.20136, -4.0286, -1.8494, -0.88306, -6.2258], [0.27452, 0.45295, -0.47407, -1.273, -1.1208, -2.9296, -0.8091, -1.6578, 0.27506, -3.6124, 0.70677, 0.42966, -0.42469, -1.3176, 1.657, -4.9938], [1.3814, 0.72911, 0.85013, 1.1499, -1.9609, -0.77838, 1.9112, 1.2919, 0.62014, -4.543, 1.6137, 3.5084, 3.029, 0.70163, -4.673, 2.8276], [-0.44176, -7.5976, 1.1316, -4.4765, -3.8893, -1.9049, 3.8178, -1.1125, 0.81297, 5.2439, 4.7821, -0.31006, -0.72456, -3.7826, -2.0834, 1.2761], [1.1872, 0.33071, 2.9844, -2.3171, -0.16823, 2.1937, 1.7524, 3.2128, 1.1911, -0.92821, 1.0866, -3.0078, -4.9184, 1.742, -0.16542, 0.92523], [-5.0931, -1.0953, -1.7996, -2.5926, -6.765, -1.0046, 2.6919, 1.143, -1.8028, -0.044628, 2.2704, -8.2813, -0.37361, 1.6296, 2.0464, 5.1022], [3.4051, 0.93769, 0.90593, 2.3608, -1.618, -0.12056, 2.7187, 5.8723, -0.4778, -0.1452, 0.59544, 4.0296, -0.09094, 4.4081, -2.9, -0.55811], [-0.5945, 2.3595, 3.1358, -4.5283, -2.7454, 1.0106, -1.9761, -4.5673, 3.1154, 1.4819, 1.4795, -1.4263, 3.0868, -0.71988, 3.2893, -2.735], [-2.5624, 0.61399, -2.107, 2.0264, 0.78026, -2.7689, 0.2186, -1.0538, 2.7475, -1.8977, -1.3175, 3.6337, 6.7158, 5.997, 0.18967, 0.65656], [4.6004, -0.3733, -2.929, 0.35063, 1.3546, -2.4874, -4.9387, -4.3102, 1.9963, -2.2751, -0.42404, 0.63768, 1.8574, -1.0047, 1.4961, -2.6702], [-1.0851, -3.0732, 3.3953, -0.08125, -2.2179, -1.0571, -0.66519, 2.1016, -4.7869, -3.1116, -1.1343, 7.5969, 2.867, -0.33436, 2.136, 6.1723]]> : tensor<16x16xf64>
  %gamma = stablehlo.constant dense<[-0.70123, -1.0992, 3.6358, 1.4825, 2.014, -1.5247, 5.7726, 5.1288, 1.6978, 2.0529, -6.0818, 1.9131, -0.58233, 1.3017, 2.0474, -1.0239]> : tensor<16xf64>
  %zero = stablehlo.constant dense<0.0> : tensor<f64>
  %n = stablehlo.constant dense<16.0> : tensor<16x1xf64>
  %eps = stablehlo.constant dense<1.0e-5> : tensor<16x1xf64>
  %s = stablehlo.reduce(%x init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<16x16xf64>, tensor<f64>) -> tensor<16xf64>
  %s1 = stablehlo.reshape %s : (tensor<16xf64>) -> tensor<16x1xf64>
  %mean = stablehlo.divide %s1, %n : tensor<16x1xf64>
  %mb = stablehlo.broadcast_in_dim %mean, dims = [0, 1] : (tensor<16x1xf64>) -> tensor<16x16xf64>
  %c = stablehlo.subtract %x, %mb : tensor<16x16xf64>
  %sq = stablehlo.multiply %c, %c : tensor<16x16xf64>
  %vs = stablehlo.reduce(%sq init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<16x16xf64>, tensor<f64>) -> tensor<16xf64>
  %vs1 = stablehlo.reshape %vs : (tensor<16xf64>) -> tensor<16x1xf64>
  %var = stablehlo.divide %vs1, %n : tensor<16x1xf64>
  %ve = stablehlo.add %var, %eps : tensor<16x1xf64>
  %r = stablehlo.sqrt %ve : tensor<16x1xf64>
  %rb = stablehlo.broadcast_in_dim %r, dims = [0, 1] : (tensor<16x1xf64>) -> tensor<16x16xf64>
  %nrm = stablehlo.divide %c, %rb : tensor<16x16xf64>
  %gb = stablehlo.broadcast_in_dim %gamma, dims = [1] : (tensor<16xf64>) -> tensor<16x16xf64>
  %y = stablehlo.multiply %nrm, %gb : tensor<16x16xf64>
  return %y : tensor<16x16xf64>
}

// One row reduction read by two consumers (two broadcasts of the mean,
// and a per-row op on it), and an output that reads the input twice.
func.func @two_consumers() -> tensor<5x7xf32> {
  %x = stablehlo.constant dense<[[-5.0714, 1.1036, -2.2242, -0.99058, -1.8135, -1.0247, -6.9286], [3.6508, 0.76004, 3.3342, 5.9395, 0.067779, -5.4073, -2.6817], [-3.6207, -1.5056, 0.23894, -6.0066, 1.0274, -4.5311, 0.8921], [-0.32847, -0.94089, -0.21913, -1.6193, -1.8374, -5.0483, -0.088882], [5.5366, 5.9415, 3.9655, 2.1174, -2.0294, 4.3283, -0.16838]]> : tensor<5x7xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %s = stablehlo.reduce(%x init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<5x7xf32>, tensor<f32>) -> tensor<5xf32>
  %sb = stablehlo.broadcast_in_dim %s, dims = [0] : (tensor<5xf32>) -> tensor<5x7xf32>
  %s2 = stablehlo.multiply %s, %s : tensor<5xf32>
  %s2b = stablehlo.broadcast_in_dim %s2, dims = [0] : (tensor<5xf32>) -> tensor<5x7xf32>
  %sb2 = stablehlo.broadcast_in_dim %s, dims = [0] : (tensor<5xf32>) -> tensor<5x7xf32>
  %a = stablehlo.subtract %x, %sb : tensor<5x7xf32>
  %b = stablehlo.multiply %a, %sb2 : tensor<5x7xf32>
  %y = stablehlo.add %b, %s2b : tensor<5x7xf32>
  return %y : tensor<5x7xf32>
}

// A reduction whose result is also returned, and an intermediate that
// another op reads: those leave the row fusion (buffers), the rest stays.
func.func @used_outside() -> (tensor<4x9xf32>, tensor<4xf32>, tensor<4x9xf32>) {
  %x = stablehlo.constant dense<[[-0.20663, -0.87368, 0.27589, -1.3056, -0.25135, -3.2538, -1.121, 6.8417, -0.20878], [-0.71598, 1.5971, 2.1244, -3.3413, -0.62148, 2.7548, 0.80951, 0.36586, 4.6621], [-2.0333, 0.24824, -1.5602, 4.4709, -5.8556, -2.0104, -1.5875, 1.9906, 1.8188], [4.1856, -4.7221, 2.2514, -0.87984, -1.9969, 1.6187, -2.7604, -6.2307, -1.1107]]> : tensor<4x9xf32>
  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %m = stablehlo.reduce(%x init: %ninf) applies stablehlo.maximum across dimensions = [1] : (tensor<4x9xf32>, tensor<f32>) -> tensor<4xf32>
  %mb = stablehlo.broadcast_in_dim %m, dims = [0] : (tensor<4xf32>) -> tensor<4x9xf32>
  %d = stablehlo.subtract %x, %mb : tensor<4x9xf32>
  %e = stablehlo.exponential %d : tensor<4x9xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %s = stablehlo.reduce(%e init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<4x9xf32>, tensor<f32>) -> tensor<4xf32>
  %sb = stablehlo.broadcast_in_dim %s, dims = [0] : (tensor<4xf32>) -> tensor<4x9xf32>
  %y = stablehlo.divide %e, %sb : tensor<4x9xf32>
  %t = stablehlo.transpose %d, dims = [0, 1] : (tensor<4x9xf32>) -> tensor<4x9xf32>
  return %y, %m, %t : tensor<4x9xf32>, tensor<4xf32>, tensor<4x9xf32>
}

// A reduction over a dimension that is not the innermost takes the
// generic path (a column reduction, then an elementwise kernel).
func.func @not_innermost() -> tensor<6x5xf32> {
  %x = stablehlo.constant dense<[[-4.4933, -1.9467, 1.1147, 0.936, 4.7607], [-0.59896, -4.6, -2.2683, -2.7582, -3.6535], [1.3061, -1.9357, -5.9321, 2.0908, -0.33428], [1.0705, 0.31716, 1.895, 0.11406, 3.7086], [1.2749, 1.1762, 1.2296, -4.3699, -0.49391], [-0.77795, 0.62264, -4.0761, 4.9023, 0.31317]]> : tensor<6x5xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %s = stablehlo.reduce(%x init: %zero) applies stablehlo.add across dimensions = [0] : (tensor<6x5xf32>, tensor<f32>) -> tensor<5xf32>
  %sb = stablehlo.broadcast_in_dim %s, dims = [1] : (tensor<5xf32>) -> tensor<6x5xf32>
  %y = stablehlo.divide %x, %sb : tensor<6x5xf32>
  return %y : tensor<6x5xf32>
}

// A per-row value read at another row (through a reverse of the
// broadcast) must not be fused by rows: the generic path computes it.
func.func @other_row() -> tensor<4x6xf32> {
  %x = stablehlo.constant dense<[[-3.634, -5.1267, -0.84386, -0.26903, -2.1549, 0.27634], [-1.9235, 1.655, -2.1736, -0.1155, 2.9365, 7.715], [-3.0229, -1.3935, -2.5195, 2.353, -3.4443, -1.4531], [-0.088804, -2.936, -2.872, -1.4269, -6.3013, -4.3364]]> : tensor<4x6xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %s = stablehlo.reduce(%x init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<4x6xf32>, tensor<f32>) -> tensor<4xf32>
  %sb = stablehlo.broadcast_in_dim %s, dims = [0] : (tensor<4xf32>) -> tensor<4x6xf32>
  %sr = stablehlo.reverse %sb, dims = [0] : tensor<4x6xf32>
  %y = stablehlo.subtract %x, %sr : tensor<4x6xf32>
  return %y : tensor<4x6xf32>
}

// Narrow floats: every op rounds to the element type; the folds are not
// reassociated (they round after every add).
func.func @softmax_f16() -> tensor<3x20xf16> {
  %x = stablehlo.constant dense<[[-1.2391, 0.44469, -0.55728, -5.3219, -1.3914, 2.3953, 1.6676, -0.23624, -2.6621, 1.8936, -1.7368, -3.5077, -2.4066, 4.345, 0.66054, 3.4777, -1.438, 2.8144, -1.8045, -0.47228], [7.4591, 2.3014, -1.5035, -0.25446, 0.97867, 3.6314, -1.4674, -5.224, -0.83893, 0.046156, 0.32861, 3.9501, 0.95006, 2.4388, -3.3033, 2.6037, 6.2887, 2.3187, 0.76067, 0.46196], [5.3614, -2.7815, -0.33331, 1.3806, 2.232, -1.312, 0.92196, -0.83376, 0.36141, -0.39627, -3.4248, -0.063341, 2.6315, -2.9011, -0.72328, 1.9943, -3.2096, 0.54792, -3.1804, 3.4039]]> : tensor<3x20xf16>
  %ninf = stablehlo.constant dense<0xFC00> : tensor<f16>
  %m = stablehlo.reduce(%x init: %ninf) applies stablehlo.maximum across dimensions = [1] : (tensor<3x20xf16>, tensor<f16>) -> tensor<3xf16>
  %mb = stablehlo.broadcast_in_dim %m, dims = [0] : (tensor<3xf16>) -> tensor<3x20xf16>
  %d = stablehlo.subtract %x, %mb : tensor<3x20xf16>
  %e = stablehlo.exponential %d : tensor<3x20xf16>
  %zero = stablehlo.constant dense<0.0> : tensor<f16>
  %s = stablehlo.reduce(%e init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<3x20xf16>, tensor<f16>) -> tensor<3xf16>
  %sb = stablehlo.broadcast_in_dim %s, dims = [0] : (tensor<3xf16>) -> tensor<3x20xf16>
  %y = stablehlo.divide %e, %sb : tensor<3x20xf16>
  return %y : tensor<3x20xf16>
}

// bf16 layer-norm whose sums are accumulated in f32 (convert in, a
// promoted reduction, convert out), as mixed-precision exports do.
func.func @layer_norm_bf16() -> tensor<3x32xbf16> {
  %x = stablehlo.constant dense<[[6.9385, 6.0668, -0.65754, 2.2206, 0.36299, 0.30632, 4.6433, -3.9575, 3.1659, -0.14693, 4.2256, 0.5617, -2.018, 0.83142, 2.2079, 0.10729, 1.4641, -1.565, -6.4017, 2.7001, 2.0975, 0.44454, 0.20523, 3.1089, -1.3713, -2.1196, -0.56565, 3.5673, -4.1613, 3.5755, -1.9178, -3.3022], [3.7802, -0.29067, -3.9007, -1.0762, 2.7932, 3.5762, -1.2813, 1.219, 2.1423, -1.9339, 1.0651, -0.095634, -1.6081, -1.4764, 0.2011, 0.08956, -1.6965, -1.2778, 3.34, 0.64148, 2.6553, 3.6055, 1.7665, 6.8127, -2.4759, 2.4252, -0.95443, 5.5673, 5.1013, -5.8626, -2.9066, 1.9929], [2.3696, 2.2097, -0.2126, 1.3654, 1.9591, -0.23361, 3.0819, -6.7785, 1.9014, -3.1022, 2.876, -0.68605, -2.6664, 1.1217, -2.734, -2.7383, -4.7019, -0.080123, 1.4905, 3.0691, -0.42518, 3.1436, 0.053883, -0.27987, 1.7207, 3.1752, -1.0243, -0.73128, -0.48249, 0.24831, -2.7012, 3.084]]> : tensor<3x32xbf16>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %xf = stablehlo.convert %x : (tensor<3x32xbf16>) -> tensor<3x32xf32>
  %n = stablehlo.constant dense<32.0> : tensor<3xf32>
  %eps = stablehlo.constant dense<1.0e-5> : tensor<3xf32>
  %s = stablehlo.reduce(%xf init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<3x32xf32>, tensor<f32>) -> tensor<3xf32>
  %mean = stablehlo.divide %s, %n : tensor<3xf32>
  %mb = stablehlo.broadcast_in_dim %mean, dims = [0] : (tensor<3xf32>) -> tensor<3x32xf32>
  %c = stablehlo.subtract %xf, %mb : tensor<3x32xf32>
  %sq = stablehlo.multiply %c, %c : tensor<3x32xf32>
  %vs = stablehlo.reduce(%sq init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<3x32xf32>, tensor<f32>) -> tensor<3xf32>
  %var = stablehlo.divide %vs, %n : tensor<3xf32>
  %ve = stablehlo.add %var, %eps : tensor<3xf32>
  %r = stablehlo.rsqrt %ve : tensor<3xf32>
  %rb = stablehlo.broadcast_in_dim %r, dims = [0] : (tensor<3xf32>) -> tensor<3x32xf32>
  %nrm = stablehlo.multiply %c, %rb : tensor<3x32xf32>
  %y = stablehlo.convert %nrm : (tensor<3x32xf32>) -> tensor<3x32xbf16>
  return %y : tensor<3x32xbf16>
}

// Integers: a row sum and a row minimum, exact.
func.func @int_rows() -> tensor<4x11xi32> {
  %x = stablehlo.constant dense<[[-4, -2, -7, -2, 3, -5, 7, 2, -3, -4, 4], [-2, 7, -1, 3, 6, 7, -5, -2, 3, -2, -4], [1, 6, -1, -2, 4, 0, -4, 6, 1, 2, 5], [-7, 5, -6, -8, 7, -4, -8, 3, -4, -2, 7]]> : tensor<4x11xi32>
  %zero = stablehlo.constant dense<0> : tensor<i32>
  %big = stablehlo.constant dense<2147483647> : tensor<i32>
  %s = stablehlo.reduce(%x init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<4x11xi32>, tensor<i32>) -> tensor<4xi32>
  %m = stablehlo.reduce(%x init: %big) applies stablehlo.minimum across dimensions = [1] : (tensor<4x11xi32>, tensor<i32>) -> tensor<4xi32>
  %sb = stablehlo.broadcast_in_dim %s, dims = [0] : (tensor<4xi32>) -> tensor<4x11xi32>
  %mb = stablehlo.broadcast_in_dim %m, dims = [0] : (tensor<4xi32>) -> tensor<4x11xi32>
  %a = stablehlo.multiply %x, %sb : tensor<4x11xi32>
  %y = stablehlo.subtract %a, %mb : tensor<4x11xi32>
  return %y : tensor<4x11xi32>
}

// A variadic row reduction (argmax: value and index) whose results are
// read by the row's outputs; a rank-1 softmax (one row, per-row values of
// rank 0).
func.func @argmax_and_vector() -> (tensor<3x6xi32>, tensor<9xf32>) {
  %x = stablehlo.constant dense<[[-0.65791, 0.81802, -4.296, -5.2458, -3.1982, -6.1252], [-2.9005, 4.7726, -3.1698, 1.9542, -4.1149, 0.89736], [-0.9592, -0.17944, 1.7063, 5.2687, 0.58412, 0.37308]]> : tensor<3x6xf32>
  %i = stablehlo.iota dim = 1 : tensor<3x6xi32>
  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %z = stablehlo.constant dense<0> : tensor<i32>
  %m:2 = stablehlo.reduce(%x init: %ninf), (%i init: %z) across dimensions = [1] : (tensor<3x6xf32>, tensor<3x6xi32>, tensor<f32>, tensor<i32>) -> (tensor<3xf32>, tensor<3xi32>)
   reducer(%a: tensor<f32>, %c: tensor<f32>) (%b: tensor<i32>, %d: tensor<i32>) {
    %gt = stablehlo.compare GT, %c, %a : (tensor<f32>, tensor<f32>) -> tensor<i1>
    %v = stablehlo.select %gt, %c, %a : tensor<i1>, tensor<f32>
    %k = stablehlo.select %gt, %d, %b : tensor<i1>, tensor<i32>
    stablehlo.return %v, %k : tensor<f32>, tensor<i32>
  }
  %kb = stablehlo.broadcast_in_dim %m#1, dims = [0] : (tensor<3xi32>) -> tensor<3x6xi32>
  %y = stablehlo.subtract %i, %kb : tensor<3x6xi32>
  %v = stablehlo.constant dense<[-2.9201, 1.75, -0.73822, 2.496, -0.13112, 5.2226, -5.9487, -0.8898, 2.6444]> : tensor<9xf32>
  %ninf2 = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %vm = stablehlo.reduce(%v init: %ninf2) applies stablehlo.maximum across dimensions = [0] : (tensor<9xf32>, tensor<f32>) -> tensor<f32>
  %vmb = stablehlo.broadcast_in_dim %vm, dims = [] : (tensor<f32>) -> tensor<9xf32>
  %vd = stablehlo.subtract %v, %vmb : tensor<9xf32>
  %ve = stablehlo.exponential %vd : tensor<9xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %vs = stablehlo.reduce(%ve init: %zero) applies stablehlo.add across dimensions = [0] : (tensor<9xf32>, tensor<f32>) -> tensor<f32>
  %vsb = stablehlo.broadcast_in_dim %vs, dims = [] : (tensor<f32>) -> tensor<9xf32>
  %vy = stablehlo.divide %ve, %vsb : tensor<9xf32>
  return %y, %vy : tensor<3x6xi32>, tensor<9xf32>
}

// PyTorch's export: per-row values broadcast to [rows, 1] and then to the
// row, the divisor n - ddof computed on scalars, a masked softmax whose
// mask is a per-row boolean (reduce or) selected in, and flax's variance
// E[x^2] - E[x]^2 (two reductions of the same row).
func.func @pytorch_style() -> (tensor<1x3x5x6xf32>, tensor<2x10xf32>) {
  %x = stablehlo.constant dense<[[[[-1.0521, -2.3765, -0.79764, -4.1398, 0.35686, 7.3214], [3.4351, -3.327, -2.62, -1.2142, 3.0132, -2.4645], [-2.0707, 2.6542, 2.594, -1.1214, -3.3533, -4.6492], [-2.097, -6.6916, 2.2495, -1.8901, 1.4439, 5.605], [3.519, -3.4534, 2.6077, 3.4736, -2.2391, -2.8599]], [[-0.32908, -4.8043, 4.4122, -7.2161, -3.3204, -0.8087], [-0.68126, 0.49837, 0.81435, -0.64084, 3.4107, -6.4181], [-0.00049354, -2.1438, 0.39754, 0.66228, -2.7355, -1.9228], [2.3778, 1.0472, -2.0407, 6.1197, 6.9275, -4.3874], [0.90538, 7.527, 2.3517, 0.66318, -0.62417, -1.6236]], [[-0.63754, -1.6522, 2.2347, -1.1945, -1.3235, -3.6065], [-0.14877, -2.6824, -0.54225, 3.1254, 1.0978, 1.5142], [1.0683, 0.17753, -0.38198, -0.92342, 2.2774, -3.2527], [4.0222, 0.10223, -2.2461, -1.4674, -2.031, 0.48062], [-2.1535, 3.4264, -2.3449, -6.8176, -2.193, -6.0256]]]]> : tensor<1x3x5x6xf32>
  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %false = stablehlo.constant dense<false> : tensor<i1>
  %m = stablehlo.reduce(%x init: %ninf) applies stablehlo.maximum across dimensions = [3] : (tensor<1x3x5x6xf32>, tensor<f32>) -> tensor<1x3x5xf32>
  %nb = stablehlo.broadcast_in_dim %ninf, dims = [] : (tensor<f32>) -> tensor<1x3x5xf32>
  %m2 = stablehlo.maximum %nb, %m : tensor<1x3x5xf32>
  %m1 = stablehlo.broadcast_in_dim %m2, dims = [0, 1, 2] : (tensor<1x3x5xf32>) -> tensor<1x3x5x1xf32>
  %mb = stablehlo.broadcast_in_dim %m1, dims = [0, 1, 2, 3] : (tensor<1x3x5x1xf32>) -> tensor<1x3x5x6xf32>
  %d = stablehlo.subtract %x, %mb : tensor<1x3x5x6xf32>
  %e = stablehlo.exponential %d : tensor<1x3x5x6xf32>
  %s = stablehlo.reduce(%e init: %zero) applies stablehlo.add across dimensions = [3] : (tensor<1x3x5x6xf32>, tensor<f32>) -> tensor<1x3x5xf32>
  %s1 = stablehlo.broadcast_in_dim %s, dims = [0, 1, 2] : (tensor<1x3x5xf32>) -> tensor<1x3x5x1xf32>
  %sb = stablehlo.broadcast_in_dim %s1, dims = [0, 1, 2, 3] : (tensor<1x3x5x1xf32>) -> tensor<1x3x5x6xf32>
  %p = stablehlo.divide %e, %sb : tensor<1x3x5x6xf32>
  %one = stablehlo.constant dense<1.0> : tensor<f32>
  %oneb = stablehlo.broadcast_in_dim %one, dims = [] : (tensor<f32>) -> tensor<1x3x5x6xf32>
  %big = stablehlo.compare GT, %x, %oneb, FLOAT : (tensor<1x3x5x6xf32>, tensor<1x3x5x6xf32>) -> tensor<1x3x5x6xi1>
  %any = stablehlo.reduce(%big init: %false) applies stablehlo.or across dimensions = [3] : (tensor<1x3x5x6xi1>, tensor<i1>) -> tensor<1x3x5xi1>
  %any1 = stablehlo.broadcast_in_dim %any, dims = [0, 1, 2] : (tensor<1x3x5xi1>) -> tensor<1x3x5x1xi1>
  %none = stablehlo.not %any1 : tensor<1x3x5x1xi1>
  %noneb = stablehlo.broadcast_in_dim %none, dims = [0, 1, 2, 3] : (tensor<1x3x5x1xi1>) -> tensor<1x3x5x6xi1>
  %zb = stablehlo.broadcast_in_dim %zero, dims = [] : (tensor<f32>) -> tensor<1x3x5x6xf32>
  %y = stablehlo.select %noneb, %zb, %p : tensor<1x3x5x6xi1>, tensor<1x3x5x6xf32>
  %v = stablehlo.constant dense<[[-0.11961, 3.1775, 1.9433, -4.0128, -2.2868, 5.3359, 0.95553, 0.012356, 3.1682, 7.3582], [3.8897, 0.41825, 1.0641, 1.8512, -1.8381, -3.1762, 0.15735, -2.8416, -0.18439, 0.28837]]> : tensor<2x10xf32>
  %ten = stablehlo.constant dense<10.0> : tensor<f32>
  %ddof = stablehlo.constant dense<1> : tensor<i32>
  %ddf = stablehlo.convert %ddof : (tensor<i32>) -> tensor<f32>
  %nm = stablehlo.subtract %ten, %ddf : tensor<f32>
  %vs = stablehlo.reduce(%v init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<2x10xf32>, tensor<f32>) -> tensor<2xf32>
  %v2 = stablehlo.multiply %v, %v : tensor<2x10xf32>
  %vq = stablehlo.reduce(%v2 init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<2x10xf32>, tensor<f32>) -> tensor<2xf32>
  %tb = stablehlo.broadcast_in_dim %ten, dims = [] : (tensor<f32>) -> tensor<2xf32>
  %mean = stablehlo.divide %vs, %tb : tensor<2xf32>
  %msq = stablehlo.divide %vq, %tb : tensor<2xf32>
  %mm = stablehlo.multiply %mean, %mean : tensor<2xf32>
  %var = stablehlo.subtract %msq, %mm : tensor<2xf32>
  %nmb = stablehlo.broadcast_in_dim %nm, dims = [] : (tensor<f32>) -> tensor<2xf32>
  %var2 = stablehlo.multiply %var, %nmb : tensor<2xf32>
  %var1 = stablehlo.broadcast_in_dim %var2, dims = [0] : (tensor<2xf32>) -> tensor<2x1xf32>
  %meanb = stablehlo.broadcast_in_dim %mean, dims = [0] : (tensor<2xf32>) -> tensor<2x10xf32>
  %varb = stablehlo.broadcast_in_dim %var1, dims = [0, 1] : (tensor<2x1xf32>) -> tensor<2x10xf32>
  %c = stablehlo.subtract %v, %meanb : tensor<2x10xf32>
  %w = stablehlo.divide %c, %varb : tensor<2x10xf32>
  return %y, %w : tensor<1x3x5x6xf32>, tensor<2x10xf32>
}

// A per-row value read both at its row and, through a reverse, at
// another: the reverse may not join (it reads a per-row value), so the
// generic path computes it all.
func.func @other_row_and_own_row() -> tensor<4x6xf32> {
  %x = stablehlo.constant dense<[[7.0231, -2.5531, -0.36537, -0.49291, 1.3119, 3.1402], [-1.4715, -2.4641, -4.9221, -2.7786, 1.6093, 0.13694], [-3.0463, -1.1183, 0.094419, 1.511, -1.7802, -0.75132], [-5.4553, -3.4542, 4.8531, -6.5644, -1.0134, 0.65759]]> : tensor<4x6xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %s = stablehlo.reduce(%x init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<4x6xf32>, tensor<f32>) -> tensor<4xf32>
  %sb = stablehlo.broadcast_in_dim %s, dims = [0] : (tensor<4xf32>) -> tensor<4x6xf32>
  %a = stablehlo.subtract %x, %sb : tensor<4x6xf32>
  %sr = stablehlo.reverse %sb, dims = [0] : tensor<4x6xf32>
  %y = stablehlo.subtract %a, %sr : tensor<4x6xf32>
  return %y : tensor<4x6xf32>
}

// Attention's masked softmax: the mask [1,1,7,7] (computed from a
// per-position vector) is broadcast over the heads and added to the
// transposed scores inside the row fusion.
func.func @attention_mask() -> tensor<1x3x7x7xf32> {
  %scores = stablehlo.constant dense<[[[[-1.123, -2.4245, -0.18324, -0.014896, -0.24635, -5.6331, -0.44221], [-2.5653, -1.6432, 0.68092, 1.9222, 2.6903, -1.4892, 2.772], [3.5212, 3.4099, 4.1693, -0.43705, -0.5224, 2.4752, -4.0996], [0.62829, -1.5917, -1.1064, -5.2245, -2.6716, -0.061482, 2.6654], [2.9701, -0.24098, -0.56787, -2.492, 1.2071, -0.74273, 1.8177], [5.2551, -0.097125, -4.4921, -2.5826, -4.3744, -3.5913, 3.9158], [0.67998, -4.5605, 1.9609, 3.7811, -1.0796, -2.028, -1.0121]], [[0.85382, 1.9199, 3.5467, 3.6374, 3.5562, 4.0858, 1.9842], [-4.5927, -0.39289, 0.94176, -1.1494, 2.7338, -1.0806, -2.7772], [4.3329, 1.998, 0.65776, 2.7801, 3.1876, 1.0231, -7.373], [-2.0268, -1.3697, -2.9526, 0.59603, 3.5766, -1.4547, -3.4045], [6.0841, -1.3543, -3.6989, 0.71303, 1.277, -2.1152, 2.3714], [-1.462, -2.7689, 0.53577, 2.3123, -1.9016, 0.99188, -0.28047], [8.4733, -2.1257, 4.1525, -0.15704, -0.38029, 2.165, 2.682]], [[3.801, 0.98596, -1.8012, -1.6129, 1.529, 1.7427, 4.1942], [1.2553, 3.1805, 4.5503, 0.4944, -4.4567, -3.5378, -4.3134], [4.7748, -2.5422, 3.6955, 1.7572, 5.1458, 3.0093, -0.30711], [-0.60009, 0.2555, 0.52578, -1.5922, -0.097885, 4.828, -5.1064], [0.77546, -2.7209, 0.56111, 2.5196, -0.17283, 2.319, -4.7695], [3.321, -1.8094, 1.8672, 0.54734, -7.7567, -2.2682, 0.66153], [4.6619, 0.8618, 0.77309, -4.2381, 4.2934, 5.4212, 0.085725]]]]> : tensor<1x3x7x7xf32>
  %pos = stablehlo.constant dense<[-0.65927, -4.8571, 2.65, 8.1068, 2.1513, 3.7911, 1.6263]> : tensor<7xf32>
  %neg = stablehlo.constant dense<-1.0e4> : tensor<7xf32>
  %pm = stablehlo.multiply %pos, %neg : tensor<7xf32>
  %mask = stablehlo.broadcast_in_dim %pm, dims = [3] : (tensor<7xf32>) -> tensor<1x1x7x7xf32>
  %maskb = stablehlo.broadcast_in_dim %mask, dims = [0, 1, 2, 3] : (tensor<1x1x7x7xf32>) -> tensor<1x3x7x7xf32>
  %st = stablehlo.transpose %scores, dims = [0, 1, 3, 2] : (tensor<1x3x7x7xf32>) -> tensor<1x3x7x7xf32>
  %x = stablehlo.add %st, %maskb : tensor<1x3x7x7xf32>
  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %m = stablehlo.reduce(%x init: %ninf) applies stablehlo.maximum across dimensions = [3] : (tensor<1x3x7x7xf32>, tensor<f32>) -> tensor<1x3x7xf32>
  %mb = stablehlo.broadcast_in_dim %m, dims = [0, 1, 2] : (tensor<1x3x7xf32>) -> tensor<1x3x7x7xf32>
  %d = stablehlo.subtract %x, %mb : tensor<1x3x7x7xf32>
  %e = stablehlo.exponential %d : tensor<1x3x7x7xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %s = stablehlo.reduce(%e init: %zero) applies stablehlo.add across dimensions = [3] : (tensor<1x3x7x7xf32>, tensor<f32>) -> tensor<1x3x7xf32>
  %sb = stablehlo.broadcast_in_dim %s, dims = [0, 1, 2] : (tensor<1x3x7xf32>) -> tensor<1x3x7x7xf32>
  %y = stablehlo.divide %e, %sb : tensor<1x3x7x7xf32>
  return %y : tensor<1x3x7x7xf32>
}

// A computed vector of the per-row shape [7] that is read along the row
// (broadcast dims = [1]), not per row: it joins as an op computed per
// element, never as a per-row value.
func.func @row_shaped_bias() -> tensor<7x7xf32> {
  %x0 = stablehlo.constant dense<[[-2.955, 4.01, -3.7037, -0.63199, 0.83656, 2.6487, 1.248], [1.1605, -2.2845, -3.8681, 0.18444, -2.1306, -3.9234, -3.7978], [-1.4704, -5.5577, -4.0424, -4.9054, 0.54678, 1.224, 6.0214], [-4.4926, -2.0388, 2.7378, -0.65032, -0.98099, 5.1275, -1.0152], [-3.4686, -3.9508, 1.0071, 0.91572, -4.1151, -2.9562, 1.6041], [1.7318, -1.9297, 1.8666, 1.7156, -5.3492, -0.93619, 1.2454], [-1.7192, -6.4168, -0.84904, 2.2563, 4.7412, -6.5723, 7.84]]> : tensor<7x7xf32>
  %pos = stablehlo.constant dense<[-3.3814, 2.8709, 3.7026, 2.9491, 0.44886, -3.4843, 1.8797]> : tensor<7xf32>
  %k = stablehlo.constant dense<0.5> : tensor<7xf32>
  %pm = stablehlo.multiply %pos, %k : tensor<7xf32>
  %bias = stablehlo.broadcast_in_dim %pm, dims = [1] : (tensor<7xf32>) -> tensor<7x7xf32>
  %x = stablehlo.add %x0, %bias : tensor<7x7xf32>
  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %m = stablehlo.reduce(%x init: %ninf) applies stablehlo.maximum across dimensions = [1] : (tensor<7x7xf32>, tensor<f32>) -> tensor<7xf32>
  %mb = stablehlo.broadcast_in_dim %m, dims = [0] : (tensor<7xf32>) -> tensor<7x7xf32>
  %d = stablehlo.subtract %x, %mb : tensor<7x7xf32>
  %pb = stablehlo.broadcast_in_dim %pm, dims = [0] : (tensor<7xf32>) -> tensor<7x7xf32>
  %y = stablehlo.multiply %d, %pb : tensor<7x7xf32>
  return %y : tensor<7x7xf32>
}

// The root is a reshape that keeps the last dimension (PyTorch reshapes
// the probabilities to [heads, S, S] before the batched matmul): the rows
// are written under the reshape's shape.
func.func @reshape_root() -> tensor<6x5x8xf32> {
  %x = stablehlo.constant dense<[[[[-2.1457, -7.5681, 8.4867, 2.1243, 5.4542, -2.7349, 4.4025, 4.7696], [4.6636, -0.063619, -3.6074, -0.53194, -6.6083, -5.106, 0.27582, -2.9742], [-0.49334, -0.327, 5.7922, 3.8929, -0.13462, 3.6267, -2.3391, -1.0107], [2.7307, -3.725, -0.83694, -3.9625, 0.35242, 4.8975, -2.2563, 0.67764], [-2.692, -3.4486, -3.7075, 4.3643, 7.0873, 1.4491, -2.1489, 2.1147]], [[-1.003, 2.4042, 0.87298, 0.83911, 1.8218, -1.7385, -1.2131, -5.1637], [-1.3256, -4.267, -0.43404, -2.8729, 0.3037, 1.3597, -4.2604, -2.4398], [-2.8299, 2.2395, 5.1191, 2.5546, -1.0483, 4.395, -4.5423, 4.4981], [-1.9686, -8.3409, 7.9524, 4.7341, -3.0957, 0.50703, -0.6435, 0.30666], [-4.4499, -2.0445, 1.4039, 0.66809, 3.5977, 0.23925, 7.0477, -2.1472]], [[0.778, -5.749, -3.7594, 3.9856, -2.8284, 1.592, -0.18531, -3.1336], [-1.0447, -1.5427, -1.4621, 2.2608, 1.957, -1.7323, -2.7213, 0.84701], [-0.30005, 3.0848, 7.9659, 2.5288, -0.10419, -0.51613, -2.5701, -2.72], [-3.0102, -1.186, -1.2814, 2.2312, -1.197, -0.59235, -3.6548, 4.9337], [1.521, 5.3666, 2.3907, 4.4689, -0.74546, 2.1515, 8.1165, -3.6706]], [[3.5288, 5.0938, 1.2634, 2.2956, 3.8389, -2.0109, 1.2522, -2.664], [-2.0737, -1.8947, -0.4388, 0.44933, 1.3891, -4.3527, 6.0803, 3.5506], [2.2307, -1.0996, -0.27392, 1.6835, 1.2643, -5.1632, 2.2778, 8.9647], [-5.6799, 3.059, 1.1355, -0.34325, 4.221, -3.6408, 0.50128, 4.5059], [-0.6063, -1.2878, 0.35393, -1.3703, 4.7675, -2.7955, 2.6908, -3.8601]], [[2.0627, -0.3234, -7.9655, -0.018429, -3.2904, -1.3703, 4.7447, -3.4457], [-3.2699, 4.4426, 0.35759, 4.7542, 0.99782, -2.7212, -0.2045, 3.7924], [2.9025, 0.0027346, 0.15043, -0.3471, -1.784, 5.9576, 0.02218, -3.4887], [-1.4713, 2.2405, 1.9787, -0.423, -2.0618, 0.073746, -5.1621, -4.0153], [2.4642, -1.4783, 1.1565, 3.7578, 2.0037, 0.063569, 6.5639, 2.0595]], [[-1.0934, 2.2581, 1.258, -2.64, 0.22505, -0.50887, -6.0647, -0.53175], [-0.87317, -1.3519, -5.0733, -1.094, -0.12241, 0.31439, -3.5021, 1.9507], [-3.749, -0.69012, 4.025, -2.1353, -1.575, 3.3101, -1.1841, -0.91577], [0.68208, 3.2353, -6.7939, -2.5535, -3.1047, -3.3432, -2.6334, -2.5846], [0.92765, -2.7364, 0.37675, 1.2343, -2.2442, 0.40163, 5.0326, 0.99016]]]]> : tensor<1x6x5x8xf32>
  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %m = stablehlo.reduce(%x init: %ninf) applies stablehlo.maximum across dimensions = [3] : (tensor<1x6x5x8xf32>, tensor<f32>) -> tensor<1x6x5xf32>
  %mb = stablehlo.broadcast_in_dim %m, dims = [0, 1, 2] : (tensor<1x6x5xf32>) -> tensor<1x6x5x8xf32>
  %d = stablehlo.subtract %x, %mb : tensor<1x6x5x8xf32>
  %e = stablehlo.exponential %d : tensor<1x6x5x8xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %s = stablehlo.reduce(%e init: %zero) applies stablehlo.add across dimensions = [3] : (tensor<1x6x5x8xf32>, tensor<f32>) -> tensor<1x6x5xf32>
  %sb = stablehlo.broadcast_in_dim %s, dims = [0, 1, 2] : (tensor<1x6x5xf32>) -> tensor<1x6x5x8xf32>
  %p = stablehlo.divide %e, %sb : tensor<1x6x5x8xf32>
  %y = stablehlo.reshape %p : (tensor<1x6x5x8xf32>) -> tensor<6x5x8xf32>
  return %y : tensor<6x5x8xf32>
}
