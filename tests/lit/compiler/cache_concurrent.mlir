// The compilation cache shared by processes compiling the same program at
// the same time: each writes a whole entry to a temporary file and renames
// it, so every process gets correct results, the directory ends with one
// entry and no temporary files, and the next process is a hit.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: sh -c 'for i in 1 2 3 4 5 6 7 8; do %cxla run %s --input=2x3xf32=1,2,3,4,5,6 --bind=3x2xf32=1,0,0,1,1,1 --cache-dir=%t.dir/c > %t.dir/out$i 2>&1 & done; wait'
// RUN: cat %t.dir/out1 %t.dir/out2 %t.dir/out3 %t.dir/out4 %t.dir/out5 %t.dir/out6 %t.dir/out7 %t.dir/out8 | FileCheck --check-prefix=RESULTS %s
// RUN: ls -A %t.dir/c | FileCheck --check-prefix=ENTRIES %s
// RUN: %cxla bench %s --input=2x3xf32=1,2,3,4,5,6 --bind=3x2xf32=1,0,0,1,1,1 --iterations=2 --json --cache-dir=%t.dir/c | FileCheck --check-prefix=HIT %s

// RESULTS-COUNT-8: 2x2xf32=[4 5][10 11]
// RESULTS-NOT: rror
// ENTRIES: {{^[0-9a-f]+\.cxla$}}
// ENTRIES-NOT: {{.}}
// HIT: "cache": "hit"

func.func @main(%x: tensor<2x3xf32>, %w: tensor<3x2xf32>) -> tensor<2x2xf32> {
  %r = stablehlo.dot_general %x, %w, contracting_dims = [1] x [0] : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}
