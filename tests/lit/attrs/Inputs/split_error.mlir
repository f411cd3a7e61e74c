// Two chunks; the second has an error on line 9 of this file.
func.func @ok() {
  return
}

// -----

func.func @bad() -> tensor<i32> {
  return %x : tensor<i32>
}
