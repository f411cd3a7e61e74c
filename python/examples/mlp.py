"""Runs examples/mlp.mlir from Python and checks it against numpy.

From the repository root, after building libcxla.so:

    PYTHONPATH=python CXLA_LIBRARY=build/libcxla.so \\
        /usr/bin/python3 python/examples/mlp.py
"""

import os

import numpy as np

import cxla

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), os.pardir,
                                    os.pardir))


def main():
    module = cxla.Module(os.path.join(ROOT, "examples", "mlp.mlir")).verify()
    mlp = cxla.interpret(module)  # runs @main
    print(mlp)

    x = np.array([[1.0, 2.0, 3.0, 4.0], [-1.0, 0.5, 0.25, 2.0]], np.float32)
    probs = mlp(x)
    print("probabilities:\n", probs)
    print("row sums:", probs.sum(axis=1))

    # The same program as a portable artifact (MLIR bytecode), read back.
    artifact = module.serialize(target="1.0.0")
    again = cxla.interpret(cxla.Module(artifact))(x)
    print("bytecode: %d bytes, same results: %s"
          % (len(artifact), np.array_equal(again, probs)))

    # Mistakes are reported with the argument and its type.
    try:
        mlp(x.astype(np.float64))
    except cxla.Error as e:
        print(e)


if __name__ == "__main__":
    main()
