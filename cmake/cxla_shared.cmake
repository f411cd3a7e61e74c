# libcxla.so: the public C API (include/cxla/*.h) as one shared library, for
# the Python package (python/cxla, ctypes) and other bindings.
#
# It is linked from the same static modules as the `cxla` tool, so those are
# compiled position-independent. -fno-semantic-interposition keeps GCC
# inlining and calling global functions directly inside the library, as in a
# static build (with plain -fPIC every global function could be interposed,
# which blocks inlining in the kernels). The version script cmake/libcxla.map
# exports only the public cx_* functions; everything else stays local.
#
# Included from CMakeLists.txt after the modules are defined. Fuzzing builds
# (CXLA_FUZZ: coverage instrumentation whose runtime only libFuzzer
# executables link) have no shared library.
if(CXLA_FUZZ)
  return()
endif()
set(CMAKE_POSITION_INDEPENDENT_CODE ON)  # targets defined from here on
foreach(module ${CXLA_ALL_MODULES})
  set_target_properties(${module} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  if(CMAKE_C_COMPILER_ID STREQUAL "GNU" OR CMAKE_C_COMPILER_ID MATCHES "Clang")
    target_compile_options(${module} PRIVATE -fno-semantic-interposition)
  endif()
endforeach()

set(CXLA_SHARED_MAP ${CMAKE_SOURCE_DIR}/cmake/libcxla.map)
# Every object of every module goes in (not only those the linker would pull
# for an undefined symbol: the library is an API, not a program), plus what
# the modules link against outside cxla (zlib, LAPACK, ...).
set(cxla_shared_objects "")
set(cxla_shared_deps "")
foreach(module ${CXLA_ALL_MODULES})
  list(APPEND cxla_shared_objects $<TARGET_OBJECTS:${module}>)
  get_target_property(deps ${module} INTERFACE_LINK_LIBRARIES)
  foreach(dep ${deps})
    if(NOT dep MATCHES "^cxla_")
      list(APPEND cxla_shared_deps ${dep})
    endif()
  endforeach()
endforeach()
list(REMOVE_DUPLICATES cxla_shared_deps)
add_library(cxla_shared SHARED ${cxla_shared_objects})
set_target_properties(cxla_shared PROPERTIES
  OUTPUT_NAME cxla
  LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}
  LINK_DEPENDS ${CXLA_SHARED_MAP})
target_link_libraries(cxla_shared PRIVATE ${cxla_shared_deps} pthread m dl)
target_link_options(cxla_shared PRIVATE
  -Wl,--version-script=${CXLA_SHARED_MAP} -Wl,--no-undefined)
