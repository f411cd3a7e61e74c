"""Bounded execution and input, and arguments C would misread."""

import os
import signal
import threading
import time

import numpy as np
import pytest

import cxla

ENDLESS = """
func.func @spin() -> tensor<i64> {
  %c = stablehlo.constant dense<0> : tensor<i64>
  %r = stablehlo.while(%i = %c) : tensor<i64>
    cond {
      %t = stablehlo.constant dense<true> : tensor<i1>
      stablehlo.return %t : tensor<i1>
    } do {
      stablehlo.return %i : tensor<i64>
    }
  return %r : tensor<i64>
}
func.func @twice(%x: tensor<f32>) -> tensor<f32> {
  %y = stablehlo.add %x, %x : tensor<f32>
  return %y : tensor<f32>
}
"""


def test_ctrl_c_interrupts_a_call():
    spin = cxla.interpret(ENDLESS, function="spin")
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    start = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            spin()
    finally:
        timer.cancel()
    assert time.monotonic() - start < 10
    # The interpreter is usable afterwards: the cancel flag was cleared.
    twice = cxla.interpret(spin.module, function="twice")
    assert twice(np.float32(2.5)) == np.float32(5)


def test_timeout_ends_an_endless_loop():
    spin = cxla.interpret(ENDLESS, function="spin", timeout=0.2)
    start = time.monotonic()
    with pytest.raises(cxla.Error) as e:
        spin()
    assert time.monotonic() - start < 10
    assert e.value.code == "CANCELLED"
    # At whichever op of the loop (the while, or an op of its regions) the
    # clock ran out.
    assert "in function 'spin': 'stablehlo." in str(e.value)
    assert "op exceeds the time limit of 0.2 s" in str(e.value)


def test_step_budget_bounds_and_is_checked():
    spin = cxla.interpret(ENDLESS, function="spin", max_steps=10000)
    with pytest.raises(cxla.Error) as e:
        spin()
    assert e.value.code == "OUT_OF_RANGE"
    # 2**64 does not fit uint64_t: ctypes would silently make it 0, no limit.
    for bad in (2**64, -1):
        with pytest.raises(cxla.Error, match="max_steps must be from 0"):
            cxla.interpret(ENDLESS, function="spin", max_steps=bad)
    with pytest.raises(TypeError):
        cxla.interpret(ENDLESS, function="spin", max_steps=1.5)
    with pytest.raises(cxla.Error, match="max_tensor_bytes"):
        cxla.interpret(ENDLESS, function="spin", max_tensor_bytes=2**64)
    with pytest.raises(cxla.Error, match="timeout"):
        cxla.interpret(ENDLESS, function="spin", timeout=-1)


def test_names_are_checked_before_reaching_c():
    with pytest.raises(TypeError,
                       match="function must be a str, not NoneType"):
        cxla.interpret(ENDLESS, function=None)
    # C would read "twice\0x" as "twice" and call it.
    with pytest.raises(cxla.Error, match="NUL character"):
        cxla.interpret(ENDLESS, function="twice\0x")
    with pytest.raises(cxla.Error, match="NUL character"):
        cxla.Module(ENDLESS, name="a\0b")
    with pytest.raises(cxla.Error, match="NUL character"):
        cxla.Module(ENDLESS).serialize(target="1.0.0\0")


def test_nul_in_text_is_an_error():
    text = "func.func @f() {\n  return\n}\n\0garbage"
    with pytest.raises(cxla.Error) as e:
        cxla.Module(text.encode())
    assert str(e.value) == "<input>:4:1: error: unexpected NUL character"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_endless_stream_is_refused():
    with pytest.raises(cxla.Error,
                       match="stream .* of more than 134217728 bytes"):
        cxla.Module("/dev/zero")
