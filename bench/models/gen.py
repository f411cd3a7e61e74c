#!/usr/bin/python3
"""Writes the benchmark models of ../shared/bench/models.py as StableHLO for cxla.

  gen.py bert     [--layers 12] [--hidden 768] [--heads 12] [--inter 3072] [--seq 128] [--batch 1]
  gen.py resnet50 [--size 224] [--batch 1] [--stages 4] [--layout nhwc|nchw]
  common: --out DIR (default bench/models/out) [--name NAME] [--seed 0] [--weights args|const]
          [--onnx] [--cxla PATH] [--models-py PATH]

The PyTorch module is built exactly as ../shared/bench/bench_models.py does
(torch.manual_seed(seed), the model, then the input from torch.randn), so the
default configurations have the weights and input of the shared baseline.
The same module is then written as one StableHLO function @main, in the style
of a JAX export (dot_general on [batch, seq, hidden] with [in, out] kernels;
ResNet-50 in NHWC with HWIO kernels, batch norm in inference form as
elementwise ops on its four parameters). Files written (NAME defaults to the
model and its configuration):

  NAME.mlir          @main(input, weights...) with --weights=args (default)
  NAME.weights.npz   the weights in argument order, named by their state_dict key
                     (Linear weights transposed to [in, out], conv weights to HWIO
                     for nhwc; BatchNorm's num_batches_tracked is not used)
  NAME.const.mlir    @main(input) with the weights as dense constants (--weights=const);
                     with --cxla also NAME.const.mlirbc (cxla translate --serialize)
  NAME.input.npy     the input in the StableHLO function's layout
  NAME.ref.npy       PyTorch's output for it (same layout)
  NAME.input.bin / NAME.ref.bin   raw f32 in PyTorch's layout (for ONNX Runtime)
  NAME.onnx          with --onnx: torch.onnx.export, opset 17, constant folding
  NAME.json          configuration, shapes, matmul/conv GFLOP per forward

--stages K (ResNet-50) keeps the stem and layer1..layerK only (K < 4 has no
pooling and classifier; the result is layerK's activation), for the
reduced configurations the interpreter can run.
"""
import argparse
import importlib.util
import json
import math
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import stablehlo_emit as she  # noqa: E402


def load_models_py(path):
    path = path or os.environ.get("CXLA_MODELS_PY") or os.path.join(ROOT, "..", "shared", "bench", "models.py")
    spec = importlib.util.spec_from_file_location("shared_models", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def np_(t):
    return t.detach().cpu().numpy().astype(np.float32)


# BERT ----------------------------------------------------------------------------


def emit_bert(m, cfg, mod):
    B, S, H, nh = cfg["batch"], cfg["seq"], cfg["hidden"], cfg["heads"]
    d = H // nh
    x = mod.input([B, S, H])

    def linear(v, lin, name):
        out = lin.out_features
        w = mod.weight(name + ".weight", np_(lin.weight).T)  # [in, out]
        b = mod.weight(name + ".bias", np_(lin.bias))
        y = mod.dot_general(v, w, ([], []), ([2], [0]), [B, S, out])
        return mod.add(y, mod.broadcast(b, y.shape, [2]))

    def layer_norm(v, ln, name):
        n = v.shape[-1]
        rows = list(v.shape[:-1])
        rdims = list(range(len(rows)))
        mean = mod.div(mod.reduce(v, [2], "add"), mod.splat(n, rows))
        xc = mod.sub(v, mod.broadcast(mean, v.shape, rdims))
        var = mod.div(mod.reduce(mod.mul(xc, xc), [2], "add"), mod.splat(n, rows))
        r = mod.unary("rsqrt", mod.add(var, mod.splat(ln.eps, rows)))
        y = mod.mul(xc, mod.broadcast(r, v.shape, rdims))
        g = mod.weight(name + ".weight", np_(ln.weight))
        b = mod.weight(name + ".bias", np_(ln.bias))
        return mod.add(mod.mul(y, mod.broadcast(g, v.shape, [2])), mod.broadcast(b, v.shape, [2]))

    for i, L in enumerate(m.layers):
        p = f"layers.{i}."
        heads = lambda v: mod.reshape(v, [B, S, nh, d])  # noqa: E731
        q = heads(linear(x, L.attn.query, p + "attn.query"))
        k = heads(linear(x, L.attn.key, p + "attn.key"))
        v = heads(linear(x, L.attn.value, p + "attn.value"))
        s = mod.dot_general(q, k, ([0, 2], [0, 2]), ([3], [3]), [B, nh, S, S])
        s = mod.div(s, mod.splat(math.sqrt(d), s.shape))
        mx = mod.reduce(s, [3], "maximum")
        e = mod.unary("exponential", mod.sub(s, mod.broadcast(mx, s.shape, [0, 1, 2])))
        probs = mod.div(e, mod.broadcast(mod.reduce(e, [3], "add"), s.shape, [0, 1, 2]))
        ctx = mod.dot_general(probs, v, ([0, 1], [0, 2]), ([3], [1]), [B, nh, S, d])
        ctx = mod.reshape(mod.transpose(ctx, [0, 2, 1, 3]), [B, S, H])
        a = layer_norm(mod.add(linear(ctx, L.attn_out, p + "attn_out"), x), L.ln1, p + "ln1")
        h = linear(a, L.inter, p + "inter")
        # exact GELU as torch computes it: x * 0.5 * (1 + erf(x / sqrt(2)))
        g = mod.erf(mod.mul(h, mod.splat(1 / math.sqrt(2), h.shape)))
        h = mod.mul(mod.mul(h, mod.splat(0.5, h.shape)), mod.add(g, mod.splat(1.0, h.shape)))
        x = layer_norm(mod.add(linear(h, L.out, p + "out"), a), L.ln2, p + "ln2")
    return x


# ResNet-50 ----------------------------------------------------------------------


def emit_resnet(m, cfg, mod):
    layout = cfg["layout"]
    B, size = cfg["batch"], cfg["size"]
    C_AX = 3 if layout == "nhwc" else 1

    def shape(c, h, w):
        return [B, h, w, c] if layout == "nhwc" else [B, c, h, w]

    def chw(v):
        if layout == "nhwc":
            return v.shape[3], v.shape[1], v.shape[2]
        return v.shape[1], v.shape[2], v.shape[3]

    def conv(v, c, name):
        w = np_(c.weight)  # OIHW
        if layout == "nhwc":
            w = w.transpose(2, 3, 1, 0)  # HWIO
        wv = mod.weight(name + ".weight", w)
        _, h, wd = chw(v)
        k, s, p = c.kernel_size[0], c.stride[0], c.padding[0]
        ho, wo = (h + 2 * p - k) // s + 1, (wd + 2 * p - k) // s + 1
        return mod.convolution(v, wv, layout, s, p, shape(c.out_channels, ho, wo))

    def bn(v, b, name):
        C = b.num_features
        g = mod.weight(name + ".weight", np_(b.weight))
        beta = mod.weight(name + ".bias", np_(b.bias))
        mean = mod.weight(name + ".running_mean", np_(b.running_mean))
        var = mod.weight(name + ".running_var", np_(b.running_var))
        scale = mod.mul(g, mod.unary("rsqrt", mod.add(var, mod.splat(b.eps, [C]))))
        bc = lambda t: mod.broadcast(t, v.shape, [C_AX])  # noqa: E731
        return mod.add(mod.mul(mod.sub(v, bc(mean)), bc(scale)), bc(beta))

    def relu(v):
        return mod.max(v, mod.splat(0.0, v.shape))

    def block(v, blk, name):
        out = relu(bn(conv(v, blk.conv1, name + "conv1"), blk.bn1, name + "bn1"))
        out = relu(bn(conv(out, blk.conv2, name + "conv2"), blk.bn2, name + "bn2"))
        out = bn(conv(out, blk.conv3, name + "conv3"), blk.bn3, name + "bn3")
        idt = v
        if blk.downsample is not None:
            idt = bn(conv(v, blk.downsample[0], name + "downsample.0"), blk.downsample[1], name + "downsample.1")
        return relu(mod.add(out, idt))

    x = mod.input(shape(3, size, size))
    x = relu(bn(conv(x, m.conv1, "conv1"), m.bn1, "bn1"))
    C, h, w = chw(x)
    ho, wo = (h + 2 - 3) // 2 + 1, (w + 2 - 3) // 2 + 1
    win = [1, 3, 3, 1] if layout == "nhwc" else [1, 1, 3, 3]
    st = [1, 2, 2, 1] if layout == "nhwc" else [1, 1, 2, 2]
    pad = [(0, 0), (1, 1), (1, 1), (0, 0)] if layout == "nhwc" else [(0, 0), (0, 0), (1, 1), (1, 1)]
    x = mod.max_pool(x, win, st, pad, shape(C, ho, wo))
    for li in range(1, cfg["stages"] + 1):
        for bi, blk in enumerate(getattr(m, f"layer{li}")):
            x = block(x, blk, f"layer{li}.{bi}.")
    if cfg["stages"] < 4:
        return x
    C, h, w = chw(x)
    sp = [1, 2] if layout == "nhwc" else [2, 3]
    pooled = mod.div(mod.reduce(x, sp, "add"), mod.splat(h * w, [B, C]))
    wfc = mod.weight("fc.weight", np_(m.fc.weight).T)
    bfc = mod.weight("fc.bias", np_(m.fc.bias))
    y = mod.dot_general(pooled, wfc, ([], []), ([1], [0]), [B, m.fc.out_features])
    return mod.add(y, mod.broadcast(bfc, y.shape, [1]))


def resnet_forward(m, x, stages):
    """models.ResNet50.forward, stopping after layer`stages`."""
    x = m.maxpool(m.relu(m.bn1(m.conv1(x))))
    for li in range(1, stages + 1):
        x = getattr(m, f"layer{li}")(x)
    if stages < 4:
        return x
    import torch

    return m.fc(torch.flatten(m.avgpool(x), 1))


# Driver ---------------------------------------------------------------------------


def build(a):
    import torch

    models = load_models_py(a.models_py)
    torch.manual_seed(a.seed)
    if a.model == "bert":
        cfg = dict(layers=a.layers, hidden=a.hidden, heads=a.heads, inter=a.inter, seq=a.seq, batch=a.batch)
        m = models.BertEncoder(a.layers, a.hidden, a.heads, a.inter).eval()
        x = torch.randn(a.batch, a.seq, a.hidden)
        fwd = m
        gflop = models.bert_flops(a.layers, a.seq, a.hidden, a.inter, a.batch) / 1e9
    else:
        cfg = dict(size=a.size, batch=a.batch, stages=a.stages, layout=a.layout)
        m = models.ResNet50().eval()
        x = torch.randn(a.batch, 3, a.size, a.size)
        fwd = lambda t: resnet_forward(m, t, a.stages)  # noqa: E731
        gflop = None
    with torch.no_grad():
        ref = fwd(x)
    return models, m, fwd, x, ref, cfg, gflop, default_name(a)


def default_name(a):
    if a.name:
        return a.name
    if a.model == "bert":
        return f"bert_l{a.layers}_h{a.hidden}_s{a.seq}_b{a.batch}"
    return f"resnet50_s{a.size}_b{a.batch}" + (f"_st{a.stages}" if a.stages < 4 else "") + f"_{a.layout}"


def conv_linear_gflop(m, fwd, x):
    import torch

    tot = [0]

    def hook(mm, inp, out):
        if isinstance(mm, torch.nn.Conv2d):
            tot[0] += 2 * out.numel() * mm.kernel_size[0] * mm.kernel_size[1] * mm.in_channels // mm.groups
        elif isinstance(mm, torch.nn.Linear):
            tot[0] += 2 * out.numel() * mm.in_features

    hs = [mm.register_forward_hook(hook) for mm in m.modules() if isinstance(mm, (torch.nn.Conv2d, torch.nn.Linear))]
    with torch.no_grad():
        fwd(x)
    for h in hs:
        h.remove()
    return tot[0] / 1e9


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", choices=["bert", "resnet50"])
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--name")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--layers", type=int, default=12)
    ap.add_argument("--hidden", type=int, default=768)
    ap.add_argument("--heads", type=int, default=12)
    ap.add_argument("--inter", type=int, default=3072)
    ap.add_argument("--seq", type=int, default=128)
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--stages", type=int, default=4, choices=[0, 1, 2, 3, 4])
    ap.add_argument("--layout", choices=["nhwc", "nchw"], default="nhwc")
    ap.add_argument("--weights", choices=["args", "const", "both"], default="args")
    ap.add_argument("--onnx", action="store_true")
    ap.add_argument("--cxla", help="cxla binary, to serialize the constant-weight module to bytecode")
    ap.add_argument("--models-py", help="models.py to use (default ../shared/bench/models.py)")
    ap.add_argument("--skip-existing", action="store_true",
                    help="write nothing if NAME.json lists the files asked for (same seed and configuration)")
    a = ap.parse_args(argv)

    if a.skip_existing:
        try:
            with open(os.path.join(a.out, default_name(a) + ".json")) as f:
                old = json.load(f)
            want = (["args", "const"] if a.weights == "both" else [a.weights]) + (["onnx"] if a.onnx else [])
            if old["seed"] == a.seed and all(os.path.exists(os.path.join(a.out, old["files"].get(k, "-")))
                                             for k in want):
                print(json.dumps({"generated": old["name"], "dir": a.out, "files": old["files"],
                                  "gflop": round(old["gflop_per_forward"], 3), "existing": True}))
                return 0
        except (OSError, KeyError, ValueError):
            pass

    models, m, fwd, x, ref, cfg, gflop, name = build(a)
    if gflop is None:
        gflop = conv_linear_gflop(m, fwd, x)
    os.makedirs(a.out, exist_ok=True)
    base = os.path.join(a.out, name)
    emit = emit_bert if a.model == "bert" else emit_resnet
    xin, r = np_(x), np_(ref)
    if a.model == "resnet50" and a.layout == "nhwc":
        xin = xin.transpose(0, 2, 3, 1)
        if r.ndim == 4:
            r = r.transpose(0, 2, 3, 1)
    np.save(base + ".input.npy", np.ascontiguousarray(xin))
    np.save(base + ".ref.npy", np.ascontiguousarray(r))
    np_(x).astype("<f4").tofile(base + ".input.bin")
    np_(ref).astype("<f4").tofile(base + ".ref.bin")
    meta = {"model": a.model, "name": name, "config": cfg, "seed": a.seed, "gflop_per_forward": gflop,
            "input_shape": list(xin.shape), "output_shape": list(r.shape),
            "torch_input_shape": list(x.shape), "torch_output_shape": list(ref.shape),
            "ref_abs_max": float(np.abs(r).max()), "files": {}}
    for mode in (["args", "const"] if a.weights == "both" else [a.weights]):
        mod = she.Module(mode)
        y = emit(m, cfg, mod)
        assert tuple(y.shape) == r.shape, (y.shape, r.shape)
        path = base + (".mlir" if mode == "args" else ".const.mlir")
        with open(path, "w") as f:
            f.write(mod.text(y))
        meta["files"][mode] = os.path.basename(path)
        if mode == "args":
            np.savez(base + ".weights.npz", **dict(mod.weights))
            meta["num_weights"] = len(mod.weights)
            meta["weight_bytes"] = int(sum(w.nbytes for _, w in mod.weights))
        elif a.cxla:
            # Portable artifacts are VHLO: CHLO ops (BERT's chlo.erf) have no form
            # there, so BERT stays text.
            p = subprocess.run([a.cxla, "translate", "--serialize", path, "-o", base + ".const.mlirbc"],
                               capture_output=True, text=True)
            if p.returncode:
                print(f"gen.py: no bytecode: {p.stderr.strip()}", file=sys.stderr)
            else:
                meta["files"]["const_bytecode"] = os.path.basename(base + ".const.mlirbc")
    if a.onnx:
        import torch

        class Fwd(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.m = m

            def forward(self, t):
                return fwd(t)

        torch.onnx.export(Fwd().eval() if a.model == "resnet50" else m, (x,), base + ".onnx",
                          input_names=["input"], output_names=["output"], opset_version=17,
                          do_constant_folding=True)
        meta["files"]["onnx"] = os.path.basename(base + ".onnx")
    with open(base + ".json", "w") as f:
        json.dump(meta, f, indent=1)
    print(json.dumps({"generated": name, "dir": a.out, "files": meta["files"], "gflop": round(gflop, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
