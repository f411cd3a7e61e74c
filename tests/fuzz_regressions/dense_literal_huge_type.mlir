// EXPECT: ERROR cannot hold the type's 4000000000 elements
// OPT: 1 cannot hold the type's 4000000000 elements
// Found by fuzz/interp_fuzz.c: a nested elements literal whose type declares
// billions of elements made the parser allocate the type's size before
// reading the literal (src/text/parse_dense.c, cx_p_dense_body), a 16 GB
// request; it now fails at once since a literal needs a character per element.
func.func @main() {
  %0 = stablehlo.constant dense<[1.0, 2.0]> : tensor<4000000000xf32>
  func.return
}
