#!/usr/bin/env python3
"""One BERT-base encoder layer in StableHLO, written as PyTorch exports it
(linear weights stored [out, in] and transposed, biases broadcast, heads split
by reshape + transpose, softmax and layer norm from reductions, GELU with
chlo.erf), for timing GEMM epilogues and operand views with `cxla bench`.

  bench/bert_layer.py [--seq=128] [--weights=args|const] [--seed=0] [--no-args] > layer.mlir

--weights=args: the weights are arguments (time with --random-inputs);
--weights=const: the weights are dense constants (random, from --seed), so
the GEMMs' B operands are constants the executable packs once.
"""
import argparse
import sys

import numpy as np

H, NH, DH, FF = 768, 12, 64, 3072


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seq", type=int, default=128)
    ap.add_argument("--weights", choices=["args", "const"], default="args")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-args", action="store_true",
                    help="the input is a constant too (for cxla check --mode=both)")
    a = ap.parse_args()
    S = a.seq
    rng = np.random.default_rng(a.seed)
    shapes = [("wq", (H, H)), ("bq", (H,)), ("wk", (H, H)), ("bk", (H,)), ("wv", (H, H)),
              ("bv", (H,)), ("wo", (H, H)), ("bo", (H,)), ("g1", (H,)), ("be1", (H,)),
              ("w1", (FF, H)), ("b1", (FF,)), ("w2", (H, FF)), ("b2", (H,)), ("g2", (H,)),
              ("be2", (H,))]

    def T(*d):
        return "tensor<%sxf32>" % "x".join(map(str, d)) if d else "tensor<f32>"

    out = []
    w = out.append
    args = [] if a.no_args else ["%%x: %s" % T(S, H)]
    consts = []
    if a.no_args:
        xv = rng.standard_normal((S, H)).astype("<f4")
        consts.append("    %%x = stablehlo.constant dense<\"0x%s\"> : %s" % (xv.tobytes().hex().upper(), T(S, H)))
    for name, shp in shapes:
        if a.weights == "args":
            args.append("%%%s: %s" % (name, T(*shp)))
        else:
            scale = 1.0 / np.sqrt(shp[-1]) if len(shp) == 2 else 0.1
            v = (rng.standard_normal(shp) * scale).astype("<f4")
            if name.startswith("g"):
                v = (1.0 + 0.1 * rng.standard_normal(shp)).astype("<f4")
            consts.append("    %%%s = stablehlo.constant dense<\"0x%s\"> : %s" % (name, v.tobytes().hex().upper(), T(*shp)))
    w("func.func @main(%s) -> %s {" % (", ".join(args), T(S, H)))
    out.extend(consts)

    def linear(dst, x, wname, bname, n_in, n_out):
        w(f"    %{dst}_wt = stablehlo.transpose %{wname}, dims = [1, 0] : ({T(n_out, n_in)}) -> {T(n_in, n_out)}")
        w(f"    %{dst}_mm = stablehlo.dot_general %{x}, %{dst}_wt, contracting_dims = [1] x [0] : ({T(S, n_in)}, {T(n_in, n_out)}) -> {T(S, n_out)}")
        w(f"    %{dst}_bb = stablehlo.broadcast_in_dim %{bname}, dims = [1] : ({T(n_out)}) -> {T(S, n_out)}")
        w(f"    %{dst} = stablehlo.add %{dst}_mm, %{dst}_bb : {T(S, n_out)}")

    def layernorm(dst, x, g, b):
        w(f"    %{dst}_z = stablehlo.constant dense<0.0> : tensor<f32>")
        w(f"    %{dst}_s = stablehlo.reduce(%{x} init: %{dst}_z) applies stablehlo.add across dimensions = [1] : ({T(S, H)}, tensor<f32>) -> {T(S)}")
        w(f"    %{dst}_n = stablehlo.constant dense<{float(H)}> : {T(S)}")
        w(f"    %{dst}_m = stablehlo.divide %{dst}_s, %{dst}_n : {T(S)}")
        w(f"    %{dst}_mb = stablehlo.broadcast_in_dim %{dst}_m, dims = [0] : ({T(S)}) -> {T(S, H)}")
        w(f"    %{dst}_c = stablehlo.subtract %{x}, %{dst}_mb : {T(S, H)}")
        w(f"    %{dst}_c2 = stablehlo.multiply %{dst}_c, %{dst}_c : {T(S, H)}")
        w(f"    %{dst}_v = stablehlo.reduce(%{dst}_c2 init: %{dst}_z) applies stablehlo.add across dimensions = [1] : ({T(S, H)}, tensor<f32>) -> {T(S)}")
        w(f"    %{dst}_vm = stablehlo.divide %{dst}_v, %{dst}_n : {T(S)}")
        w(f"    %{dst}_e = stablehlo.constant dense<1.0e-12> : {T(S)}")
        w(f"    %{dst}_ve = stablehlo.add %{dst}_vm, %{dst}_e : {T(S)}")
        w(f"    %{dst}_r = stablehlo.rsqrt %{dst}_ve : {T(S)}")
        w(f"    %{dst}_rb = stablehlo.broadcast_in_dim %{dst}_r, dims = [0] : ({T(S)}) -> {T(S, H)}")
        w(f"    %{dst}_y = stablehlo.multiply %{dst}_c, %{dst}_rb : {T(S, H)}")
        w(f"    %{dst}_gb = stablehlo.broadcast_in_dim %{g}, dims = [1] : ({T(H)}) -> {T(S, H)}")
        w(f"    %{dst}_yg = stablehlo.multiply %{dst}_y, %{dst}_gb : {T(S, H)}")
        w(f"    %{dst}_bb = stablehlo.broadcast_in_dim %{b}, dims = [1] : ({T(H)}) -> {T(S, H)}")
        w(f"    %{dst} = stablehlo.add %{dst}_yg, %{dst}_bb : {T(S, H)}")

    linear("q", "x", "wq", "bq", H, H)
    linear("k", "x", "wk", "bk", H, H)
    linear("v", "x", "wv", "bv", H, H)
    for n, perm, shp in (("q", "[1, 0, 2]", (NH, S, DH)), ("k", "[1, 2, 0]", (NH, DH, S)), ("v", "[1, 0, 2]", (NH, S, DH))):
        w(f"    %{n}_r = stablehlo.reshape %{n} : ({T(S, H)}) -> {T(S, NH, DH)}")
        w(f"    %{n}_h = stablehlo.transpose %{n}_r, dims = {perm} : ({T(S, NH, DH)}) -> {T(*shp)}")
    w(f"    %sc = stablehlo.dot_general %q_h, %k_h, batching_dims = [0] x [0], contracting_dims = [2] x [1] : ({T(NH, S, DH)}, {T(NH, DH, S)}) -> {T(NH, S, S)}")
    w(f"    %scale = stablehlo.constant dense<0.125> : {T(NH, S, S)}")
    w(f"    %ss = stablehlo.multiply %sc, %scale : {T(NH, S, S)}")
    w(f"    %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>")
    w(f"    %zero = stablehlo.constant dense<0.0> : tensor<f32>")
    w(f"    %mx = stablehlo.reduce(%ss init: %ninf) applies stablehlo.maximum across dimensions = [2] : ({T(NH, S, S)}, tensor<f32>) -> {T(NH, S)}")
    w(f"    %mxb = stablehlo.broadcast_in_dim %mx, dims = [0, 1] : ({T(NH, S)}) -> {T(NH, S, S)}")
    w(f"    %sh = stablehlo.subtract %ss, %mxb : {T(NH, S, S)}")
    w(f"    %ex = stablehlo.exponential %sh : {T(NH, S, S)}")
    w(f"    %sm = stablehlo.reduce(%ex init: %zero) applies stablehlo.add across dimensions = [2] : ({T(NH, S, S)}, tensor<f32>) -> {T(NH, S)}")
    w(f"    %smb = stablehlo.broadcast_in_dim %sm, dims = [0, 1] : ({T(NH, S)}) -> {T(NH, S, S)}")
    w(f"    %p = stablehlo.divide %ex, %smb : {T(NH, S, S)}")
    w(f"    %ctx = stablehlo.dot_general %p, %v_h, batching_dims = [0] x [0], contracting_dims = [2] x [1] : ({T(NH, S, S)}, {T(NH, S, DH)}) -> {T(NH, S, DH)}")
    w(f"    %ctx_t = stablehlo.transpose %ctx, dims = [1, 0, 2] : ({T(NH, S, DH)}) -> {T(S, NH, DH)}")
    w(f"    %ctx_m = stablehlo.reshape %ctx_t : ({T(S, NH, DH)}) -> {T(S, H)}")
    linear("o", "ctx_m", "wo", "bo", H, H)
    w(f"    %res1 = stablehlo.add %o, %x : {T(S, H)}")
    layernorm("ln1", "res1", "g1", "be1")
    linear("f1", "ln1", "w1", "b1", H, FF)
    w(f"    %half = stablehlo.constant dense<0.5> : {T(S, FF)}")
    w(f"    %gh = stablehlo.multiply %f1, %half : {T(S, FF)}")
    w(f"    %is2 = stablehlo.constant dense<0.707106769> : {T(S, FF)}")
    w(f"    %gs = stablehlo.multiply %f1, %is2 : {T(S, FF)}")
    w(f"    %ge = chlo.erf %gs : {T(S, FF)} -> {T(S, FF)}")
    w(f"    %one = stablehlo.constant dense<1.0> : {T(S, FF)}")
    w(f"    %gp = stablehlo.add %ge, %one : {T(S, FF)}")
    w(f"    %gelu = stablehlo.multiply %gh, %gp : {T(S, FF)}")
    linear("f2", "gelu", "w2", "b2", FF, H)
    w(f"    %res2 = stablehlo.add %f2, %ln1 : {T(S, H)}")
    layernorm("ln2", "res2", "g2", "be2")
    w(f"    return %ln2 : {T(S, H)}")
    w("}")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
