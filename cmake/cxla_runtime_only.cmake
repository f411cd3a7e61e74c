# CXLA_RUNTIME_ONLY=ON: the runtime library and cxla-rt-run, nothing else
# (no compiler, no LLVM, no zlib, no tests of the compiler side). This is
# how the runtime is built for another CPU, e.g. AArch64 with Debian's
# gcc-aarch64-linux-gnu (cmake/toolchain-aarch64.cmake; tests/deploy runs
# the result under qemu-user). Included from CMakeLists.txt, which returns
# after it.
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
cxla_module(runtime EXCLUDE "${CXLA_RUNTIME_EXCLUDE}")
target_link_libraries(cxla_runtime PUBLIC ${CXLA_RUNTIME_LAPACK_LIBS})
if(NOT CXLA_RUNTIME_LAPACK)
  target_compile_definitions(cxla_runtime PRIVATE CXLA_NO_LAPACK)
endif()
include(cmake/cxla_runtime_lib.cmake)
include(cmake/cxla_install.cmake)
