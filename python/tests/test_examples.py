"""The example in python/examples runs."""

import os
import subprocess
import sys


def test_mlp_example(root):
    script = os.path.join(root, "python", "examples", "mlp.py")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.join(root, "python")
    out = subprocess.run([sys.executable, script], env=env, check=True,
                         capture_output=True, text=True).stdout
    assert "same results: True" in out
    assert "must be a numpy float32 array, got float64" in out
