"""Writes a program whose pretty forms hold many operands: a while with N
loop-carried values (AlphaFold's has 440), a variadic reduce with N/3 inputs
and a tuple type with N elements. Usage: gen_many_operands.py N"""
import sys

n = int(sys.argv[1])
m = max(n // 3, 1)  # StableHLO puts no bound on a reduce's inputs
t = "tensor<f32>"
tys = ", ".join([t] * n)
print("func.func @main(" + ", ".join(f"%a{i}: {t}" for i in range(n)) + f") -> ({tys}) {{")
print(f"  %r:{n} = stablehlo.while(" + ", ".join(f"%i{i} = %a{i}" for i in range(n)) + f") : {tys}")
print("  cond {")
print("    %c = stablehlo.compare LT, %i0, %i1 : (tensor<f32>, tensor<f32>) -> tensor<i1>")
print("    stablehlo.return %c : tensor<i1>")
print("  } do {")
print("    %s = stablehlo.add %i0, %i" + str(n - 1) + " : tensor<f32>")
print("    stablehlo.return %s, " + ", ".join(f"%i{i}" for i in range(1, n)) + f" : {tys}")
print("  }")
ins = ", ".join(f"%v{i}: tensor<4xf32>" for i in range(m))
print(f"  %b = stablehlo.broadcast_in_dim %a0, dims = [] : (tensor<f32>) -> tensor<4xf32>")
print(f"  %red:{m} = stablehlo.reduce" + ", ".join(f"(%b init: %a{i})" for i in range(m)) +
      " across dimensions = [0] : (" + ", ".join(["tensor<4xf32>"] * m) + ", " +
      ", ".join([t] * m) + ") -> (" + ", ".join([t] * m) + ")")
print("   reducer" + " ".join(f"(%x{i}: {t}, %y{i}: {t})" for i in range(m)) + " {")
print("    stablehlo.return " + ", ".join(f"%y{i}" for i in range(m)) + " : " + ", ".join([t] * m))
print("  }")
print(f"  %tup = stablehlo.tuple " + ", ".join(f"%r#{i}" for i in range(n)) + f" : tuple<{tys}>")
print(f"  %g = stablehlo.get_tuple_element %tup[{n - 1}] : (tuple<{tys}>) -> {t}")
print(f"  %s2 = stablehlo.add %g, %red#{m - 1} : {t}")
print("  return %s2, " + ", ".join(f"%r#{i}" for i in range(1, n)) + f" : {tys}")
print("}")
