// A dialect_resources section cut off at the end of the file.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: unterminated_block_comment_like.mlir:9:1: error: expected resource name
func.func @f() {
  return
} {-#
  dialect_resources: {

