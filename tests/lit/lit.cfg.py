# lit configuration for cxla's FileCheck tests.
#
# ctest runs:  python3 lit.py -sv tests/lit --param cxla=<cxla binary>
#                                           --param llvm_bin=/usr/lib/llvm-19/bin
# By hand, from a build directory:
#   /usr/bin/python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv ../tests/lit \
#       --param cxla=$PWD/cxla --param llvm_bin=/usr/lib/llvm-19/bin
import os
import sys

import lit.formats

config.name = "cxla"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir"]
config.test_source_root = os.path.dirname(__file__)
# Helper files that are not tests.
config.excludes = ["Inputs", "tools", "lit.cfg.py"]

cxla = lit_config.params.get("cxla")
if not cxla:
    lit_config.fatal("pass --param cxla=<path to the cxla binary>")
cxla = os.path.abspath(cxla)
if not os.access(cxla, os.X_OK):
    lit_config.fatal("cxla binary not found or not executable: " + cxla)

# lit's scratch files (Output/) go next to the cxla binary, in the build
# tree, never into the sources.
config.test_exec_root = lit_config.params.get(
    "exec_root", os.path.join(os.path.dirname(cxla), "lit-output"))

llvm_bin = lit_config.params.get("llvm_bin", "/usr/lib/llvm-19/bin")
if not os.access(os.path.join(llvm_bin, "FileCheck"), os.X_OK):
    lit_config.fatal("FileCheck not found in " + llvm_bin + " (install llvm-19-tools)")

# RUN lines name FileCheck and `not` plainly; they resolve through PATH to
# llvm_bin. lit's internal shell implements `not` itself, and tests/lit/tools
# holds a stand-in for any other shell on systems without LLVM's `not`.
tools_dir = os.path.join(config.test_source_root, "tools")
config.environment["PATH"] = os.pathsep.join(
    [llvm_bin, tools_dir, config.environment.get("PATH", os.environ.get("PATH", ""))])
config.substitutions.append(("%cxla", cxla))
config.substitutions.append(("%not", "not"))
config.substitutions.append(("%python", sys.executable))

config.environment["LC_ALL"] = "C"
