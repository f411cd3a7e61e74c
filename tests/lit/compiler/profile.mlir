// cxla bench --profile: after the timing, the steps of the compiled program
// by time, each with the ops it runs (a GEMM with the epilogue fused into
// it, a kernel with its fused ops), the total and the time by kind; JSON
// lines with --json; the same for an artifact, whose steps keep their ops.
// RUN: %cxla bench %s --random-inputs --iterations=3 --warmup=1 --threads=1 --profile | FileCheck %s
// RUN: %cxla bench %s --random-inputs --iterations=2 --warmup=0 --threads=1 --profile=1 | FileCheck --check-prefix=TOP %s
// RUN: %cxla bench %s --random-inputs --iterations=2 --warmup=0 --threads=1 --profile --json | FileCheck --check-prefix=JSON %s
// RUN: %cxla compile %s -o %t.cxla --quiet
// RUN: %cxla bench %t.cxla --random-inputs --iterations=2 --warmup=0 --threads=1 --profile | FileCheck --check-prefix=ART %s
// RUN: %cxla bench %s --random-inputs --iterations=2 --warmup=0 --threads=2 --trace=%t.json | FileCheck --check-prefix=TRACE %s
// RUN: not %cxla bench %s --random-inputs --trace=%t.missing/dir/t.json 2>&1 | FileCheck --check-prefix=BADTRACE %s
// RUN: not %cxla bench %s --interpret --profile 2>&1 | FileCheck --check-prefix=INTERP %s
// RUN: %cxla opt --compile-to=lower %s | FileCheck --check-prefix=LOWER %s

// CHECK: median
// CHECK: profile of @main: 3 calls, {{[0-9.]+}} ms per call (wall time of the profiled calls; cpu: the calling thread
// CHECK-DAG: CALL gemm dot_general+add+tanh {{.*}}profile.mlir:{{[0-9]+}}:{{[0-9]+}}
// CHECK-DAG: KERNEL k{{[0-9]+}} exponential+multiply
// CHECK: outside steps
// CHECK: 100.0% {{[0-9.]+}} {{[0-9.]+}} {{[0-9.]+}} 3 total
// CHECK: by kind:
// CHECK-DAG: GEMM (dot_general)
// CHECK-DAG: fused kernels

// TOP: profile of @main: 2 calls
// TOP: other steps (1)
// TOP: total

// JSON: "median_ms"
// JSON-DAG: {"step": {{[0-9]+}}, "kind": "CALL", "routine": "gemm", "kernel": -1, "op": "stablehlo.dot_general", "ops": "dot_general+add+tanh", "loc": "{{.*}}profile.mlir:{{[0-9]+}}:{{[0-9]+}}", "depth": 0, "calls": 2,
// JSON-DAG: {"step": {{[0-9]+}}, "kind": "KERNEL", "routine": "", "kernel": {{[0-9]+}}, "op": "stablehlo.multiply", "ops": "exponential+multiply",
// JSON-DAG: {"group": "GEMM (dot_general)", "steps": 1,
// JSON-DAG: "cpu_ms_per_call":
// JSON: {"step": "total", "calls": 2, "total_ms": {{[0-9.]+}}, "ms_per_call": {{[0-9.]+}}, "cpu_ms_per_call": {{[0-9.]+}},

// ART: (artifact, 1 thread)
// ART: profile of @main: 2 calls
// ART-DAG: CALL gemm dot_general+add+tanh
// ART-DAG: exponential+multiply

// TRACE: trace: {{.*}}.json ({{[0-9]+}} events of 2 calls)

// BADTRACE: error: --trace: cannot write '{{.*}}t.json': No such file or directory

// INTERP: --profile and --trace profile compiled code, not --interpret

// LOWER: call routine {{[0-9]+}} {{.*}}// stablehlo.dot_general {{.*}}profile.mlir:{{[0-9]+}}:{{[0-9]+}} [dot_general+add+tanh]
// LOWER: kernel {{[0-9]+}} {{.*}}// stablehlo.multiply {{.*}}profile.mlir:{{[0-9]+}}:{{[0-9]+}} [exponential+multiply]
func.func @main(%x: tensor<64x64xf32>, %w: tensor<64x64xf32>, %b: tensor<64xf32>) -> tensor<64x64xf32> {
  %0 = stablehlo.dot_general %x, %w, contracting_dims = [1] x [0] : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32>
  %1 = stablehlo.broadcast_in_dim %b, dims = [1] : (tensor<64xf32>) -> tensor<64x64xf32>
  %2 = stablehlo.add %0, %1 : tensor<64x64xf32>
  %3 = stablehlo.tanh %2 : tensor<64x64xf32>
  %4 = stablehlo.exponential %3 : tensor<64x64xf32>
  %5 = stablehlo.multiply %4, %x : tensor<64x64xf32>
  return %5 : tensor<64x64xf32>
}
