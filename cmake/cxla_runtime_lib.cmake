# libcxla_runtime: the runtime alone, for programs that run artifacts
# (docs/c_api.md): buffers, device and thread pool, executor, artifact
# loader, kernels and custom-call targets; no IR, no parser, no LLVM, no
# zlib. Built shared (lib/libcxla_runtime.so, exporting exactly the
# functions of the runtime's public headers: cmake/libcxla_runtime.map) and
# static (lib/libcxla_runtime.a, self-contained).
#
# The objects are those of the runtime module plus the few support files it
# uses (status, allocator, element types, float formats and printing, random
# numbers, interpreter.print's text, probe files, scalars, special functions,
# strings, files, .npy, version). The shared library links
# with --no-undefined against only the system's libc, libm, pthread and
# LAPACK/BLAS, so a runtime file that
# reached into the compiler side would fail this link: the build enforces
# the layering, and scripts/check_runtime_lib.py (ctest deploy/runtime_lib)
# checks the exports and sizes.
#
# LAPACK: the custom-call targets call Debian's liblapacke / liblapack /
# libblas (OpenBLAS) dynamically; the static archive leaves them to the
# program's link line (pkg-config --libs --static cxla-runtime lists them).
# With CXLA_RUNTIME_LAPACK=OFF those targets are left out.
#
# Included after the runtime module is defined (both the full build and
# CXLA_RUNTIME_ONLY builds). Fuzzing builds have no libraries.
if(CXLA_FUZZ)
  return()
endif()
set(CXLA_RUNTIME_SUPPORT_SRCS "")
# float_print, tensor_print, probe_file, npy, npy_dtype, file and rng:
# interpreter.print / interpreter.probe / rng in compiled code
# (runtime/routine_print.c, routine_probe.c, routine_rng.c); npy without
# its .npz reader (CX_NPY_NO_NPZ), which would need zlib.
foreach(f allocator element_type file float_formats float_print npy npy_dtype probe_file rng
          scalar special_functions status strbuf tensor_print version)
  list(APPEND CXLA_RUNTIME_SUPPORT_SRCS ${CMAKE_SOURCE_DIR}/src/support/${f}.c)
endforeach()
add_library(cxla_runtime_support OBJECT ${CXLA_RUNTIME_SUPPORT_SRCS})
target_include_directories(cxla_runtime_support PRIVATE ${CMAKE_SOURCE_DIR}/include ${CMAKE_SOURCE_DIR}/src)
target_compile_definitions(cxla_runtime_support PRIVATE CX_NPY_NO_NPZ)
set_target_properties(cxla_runtime_support cxla_runtime PROPERTIES POSITION_INDEPENDENT_CODE ON)
if(CMAKE_C_COMPILER_ID STREQUAL "GNU" OR CMAKE_C_COMPILER_ID MATCHES "Clang")
  target_compile_options(cxla_runtime_support PRIVATE -fno-semantic-interposition)
endif()

set(CXLA_RUNTIME_OBJECTS $<TARGET_OBJECTS:cxla_runtime> $<TARGET_OBJECTS:cxla_runtime_support>)
set(CXLA_RUNTIME_SYSTEM_LIBS ${CXLA_RUNTIME_LAPACK_LIBS} pthread m)
set(CXLA_RUNTIME_MAP ${CMAKE_SOURCE_DIR}/cmake/libcxla_runtime.map)

add_library(cxla_runtime_shared SHARED ${CXLA_RUNTIME_OBJECTS})
set_target_properties(cxla_runtime_shared PROPERTIES
  OUTPUT_NAME cxla_runtime
  LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}
  LINK_DEPENDS ${CXLA_RUNTIME_MAP})
target_link_libraries(cxla_runtime_shared PRIVATE ${CXLA_RUNTIME_SYSTEM_LIBS})
target_link_options(cxla_runtime_shared PRIVATE
  -Wl,--version-script=${CXLA_RUNTIME_MAP} -Wl,--no-undefined)

add_library(cxla_runtime_static STATIC ${CXLA_RUNTIME_OBJECTS})
set_target_properties(cxla_runtime_static PROPERTIES
  OUTPUT_NAME cxla_runtime
  ARCHIVE_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib)

# Programs of this build that may use nothing but the runtime: the public
# headers (include/ only) and the static archive.
add_library(cxla_runtime_alone INTERFACE)
target_include_directories(cxla_runtime_alone INTERFACE ${CMAKE_SOURCE_DIR}/include)
target_link_libraries(cxla_runtime_alone INTERFACE cxla_runtime_static ${CXLA_RUNTIME_SYSTEM_LIBS})

# cxla-rt-run (tools/rt/rt_run.c): runs an artifact with the runtime alone.
add_executable(cxla-rt-run ${CMAKE_SOURCE_DIR}/tools/rt/rt_run.c)
target_link_libraries(cxla-rt-run PRIVATE cxla_runtime_alone)
