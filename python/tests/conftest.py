"""Shared set-up: `import cxla` from the source tree, paths to test data.

Run from the repository root (ctest does it this way):

    CXLA_LIBRARY=build/libcxla.so /usr/bin/python3 -m pytest -q python/tests
"""

import os
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir,
                                    os.pardir))
sys.path.insert(0, os.path.join(ROOT, "python"))
CONFORMANCE = os.environ.get(
    "CXLA_CONFORMANCE_DIR",
    os.path.join(ROOT, os.pardir, "shared", "conformance"))


@pytest.fixture
def root():
    """The repository root."""
    return ROOT


@pytest.fixture
def testdata():
    """The conformance corpus' testdata directory (skips if absent)."""
    path = os.path.join(CONFORMANCE, "testdata")
    if not os.path.isdir(path):
        pytest.skip("no conformance corpus at %s" % CONFORMANCE)
    return path
