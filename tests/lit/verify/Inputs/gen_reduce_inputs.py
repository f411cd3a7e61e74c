"""Writes a program with one variadic reduce of N inputs (StableHLO's
inference puts no bound on N) whose body adds each input pair, and check
ops on every result: input i is iota + i over 4 elements, init i is i, so
result i is i + (0+1+2+3) + 4*i = 5*i + 6. Usage: gen_reduce_inputs.py N"""
import sys

n = int(sys.argv[1])
t = "tensor<i32>"
v = "tensor<4xi32>"
print(f"func.func @reduce_{n}() -> ({', '.join([t] * n)}) {{")
print(f"  %iota = stablehlo.iota dim = 0 : {v}")
for i in range(n):
    print(f"  %c{i} = stablehlo.constant dense<{i}> : {t}")
    print(f"  %b{i} = stablehlo.broadcast_in_dim %c{i}, dims = [] : ({t}) -> {v}")
    print(f"  %x{i} = stablehlo.add %iota, %b{i} : {v}")
print(f"  %r:{n} = stablehlo.reduce" + ", ".join(f"(%x{i} init: %c{i})" for i in range(n)) +
      f" across dimensions = [0] : ({', '.join([v] * n)}, {', '.join([t] * n)}) -> ({', '.join([t] * n)})")
print("   reducer" + " ".join(f"(%p{i}: {t}, %q{i}: {t})" for i in range(n)) + " {")
for i in range(n):
    print(f"    %s{i} = stablehlo.add %p{i}, %q{i} : {t}")
print("    stablehlo.return " + ", ".join(f"%s{i}" for i in range(n)) + " : " + ", ".join([t] * n))
print("  }")
for i in range(n):
    print(f"  check.expect_eq_const %r#{i}, dense<{5 * i + 6}> : {t}")
print("  return " + ", ".join(f"%r#{i}" for i in range(n)) + " : " + ", ".join([t] * n))
print("}")
