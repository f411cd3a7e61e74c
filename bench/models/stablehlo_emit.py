"""A small writer of StableHLO MLIR text for the model generators (gen.py).

Values are SSA names with their shapes; every method appends one op and
returns the new value. Weights are either function arguments (fed from an
.npz in argument order) or dense constants (hex, little-endian), chosen per
module.
"""
import numpy as np


def ttype(shape, et="f32"):
    return "tensor<" + "".join(f"{d}x" for d in shape) + et + ">"


class Value:
    def __init__(self, name, shape):
        self.name = name
        self.shape = tuple(int(d) for d in shape)

    @property
    def type(self):
        return ttype(self.shape)


class Module:
    """One function @main(input, weights...) -> result, f32 throughout."""

    def __init__(self, weights_as="args"):
        assert weights_as in ("args", "const")
        self.weights_as = weights_as
        self.body = []
        self.args = []  # (Value, array or None)
        self.weights = []  # (name, array) in argument order
        self.n = 0
        self.scalars = {}

    def _new(self, shape):
        self.n += 1
        return Value(f"%v{self.n}", shape)

    def _emit(self, text, shape):
        v = self._new(shape)
        self.body.append(f"    {v.name} = {text}")
        return v

    # Arguments and constants ------------------------------------------------
    def input(self, shape):
        v = Value(f"%arg{len(self.args)}", shape)
        self.args.append((v, None))
        return v

    def weight(self, name, array):
        """A model parameter: an argument (in .npz order) or a constant."""
        a = np.ascontiguousarray(array, dtype="<f4")
        if self.weights_as == "args":
            v = Value(f"%arg{len(self.args)}", a.shape)
            self.args.append((v, a))
            self.weights.append((name, a))
            return v
        hexdata = a.tobytes().hex().upper()
        return self._emit(f'stablehlo.constant dense<"0x{hexdata}"> : {ttype(a.shape)}', a.shape)

    def scalar(self, x):
        """A 0-d f32 constant (shared by every use)."""
        key = float(np.float32(x))
        if key not in self.scalars:
            self.scalars[key] = self._emit(f"stablehlo.constant dense<{_f32(key)}> : tensor<f32>", ())
        return self.scalars[key]

    def splat(self, x, shape):
        return self.broadcast(self.scalar(x), shape, [])

    # Ops ----------------------------------------------------------------------
    def binary(self, op, a, b):
        assert a.shape == b.shape, (op, a.shape, b.shape)
        return self._emit(f"stablehlo.{op} {a.name}, {b.name} : {a.type}", a.shape)

    def add(self, a, b):
        return self.binary("add", a, b)

    def sub(self, a, b):
        return self.binary("subtract", a, b)

    def mul(self, a, b):
        return self.binary("multiply", a, b)

    def div(self, a, b):
        return self.binary("divide", a, b)

    def max(self, a, b):
        return self.binary("maximum", a, b)

    def unary(self, op, a):
        return self._emit(f"stablehlo.{op} {a.name} : {a.type}", a.shape)

    def erf(self, a):
        return self._emit(f"chlo.erf {a.name} : {a.type} -> {a.type}", a.shape)

    def broadcast(self, a, shape, dims):
        d = ", ".join(str(x) for x in dims)
        return self._emit(f"stablehlo.broadcast_in_dim {a.name}, dims = [{d}] : ({a.type}) -> {ttype(shape)}",
                          shape)

    def reshape(self, a, shape):
        assert np.prod(a.shape) == np.prod(shape)
        return self._emit(f"stablehlo.reshape {a.name} : ({a.type}) -> {ttype(shape)}", shape)

    def transpose(self, a, perm):
        shape = [a.shape[p] for p in perm]
        p = ", ".join(str(x) for x in perm)
        return self._emit(f"stablehlo.transpose {a.name}, dims = [{p}] : ({a.type}) -> {ttype(shape)}", shape)

    def reduce(self, a, dims, kind):
        """Sum (add) or max (maximum) over dims (the reduced dims are removed)."""
        init = self.scalar(0.0 if kind == "add" else -np.inf)  # kind: add or maximum
        shape = [d for i, d in enumerate(a.shape) if i not in dims]
        ds = ", ".join(str(x) for x in dims)
        return self._emit(f"stablehlo.reduce({a.name} init: {init.name}) applies stablehlo.{kind} across "
                          f"dimensions = [{ds}] : ({a.type}, tensor<f32>) -> {ttype(shape)}", shape)

    def dot_general(self, a, b, batch, contract, shape):
        (lb, rb), (lc, rc) = batch, contract
        j = lambda xs: ", ".join(str(x) for x in xs)  # noqa: E731
        bt = f"batching_dims = [{j(lb)}] x [{j(rb)}], " if lb else ""
        return self._emit(f"stablehlo.dot_general {a.name}, {b.name}, {bt}contracting_dims = [{j(lc)}] x [{j(rc)}]"
                          f" : ({a.type}, {b.type}) -> {ttype(shape)}", shape)

    def convolution(self, x, w, layout, stride, pad, shape):
        dn = {"nhwc": "[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]",
              "nchw": "[b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1]"}[layout]
        return self._emit(f"stablehlo.convolution({x.name}, {w.name}) dim_numbers = {dn}, window = "
                          f"{{stride = [{stride}, {stride}], pad = [[{pad}, {pad}], [{pad}, {pad}]]}} "
                          f"{{batch_group_count = 1 : i64, feature_group_count = 1 : i64}} : "
                          f"({x.type}, {w.type}) -> {ttype(shape)}", shape)

    def max_pool(self, x, window, strides, padding, shape):
        init = self.scalar(-np.inf)
        j = lambda xs: ", ".join(str(v) for v in xs)  # noqa: E731
        pads = ", ".join(f"[{lo}, {hi}]" for lo, hi in padding)
        v = self._new(shape)
        self.body += [
            f'    {v.name} = "stablehlo.reduce_window"({x.name}, {init.name}) ({{',
            "    ^bb0(%a: tensor<f32>, %b: tensor<f32>):",
            "      %m = stablehlo.maximum %a, %b : tensor<f32>",
            "      stablehlo.return %m : tensor<f32>",
            f"    }}) {{window_dimensions = array<i64: {j(window)}>, window_strides = array<i64: {j(strides)}>, "
            f"padding = dense<[{pads}]> : tensor<{len(padding)}x2xi64>}} : ({x.type}, tensor<f32>) -> {ttype(shape)}",
        ]
        return v

    # Output -------------------------------------------------------------------
    def text(self, result):
        sig = ", ".join(f"{v.name}: {v.type}" for v, _ in self.args)
        return "\n".join([
            "module {",
            f"  func.func @main({sig}) -> {result.type} {{",
            *self.body,
            f"    return {result.name} : {result.type}",
            "  }",
            "}",
            "",
        ])


def _f32(x):
    if np.isinf(x):
        return "0xFF800000" if x < 0 else "0x7F800000"
    return "%.9e" % float(np.float32(x))  # MLIR float literals need the "."
