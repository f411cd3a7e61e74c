# cxla_module(<name> DEPS <modules>... [EXCLUDE <regex>])
# Builds src/<name>/**.c (tests, *_test.c, excluded) into a static library
# cxla_<name>. Files are globbed so that adding a file needs no CMake change.
# Files named *_avx512.c / *_avx2.c get the matching ISA flags; callers must
# select them at run time by CPU features. On other processors (AArch64)
# they are not compiled at all, and files named *_noavx.c are compiled
# instead: they define the x86 entry points the portable code refers to, as
# fallbacks that the run-time dispatch never selects there. EXCLUDE drops
# the sources matching a regular expression.
set(CXLA_ALL_MODULES "")
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|amd64")
  set(CXLA_X86 ON)
else()
  set(CXLA_X86 OFF)
endif()
set(CXLA_AVX512_FLAGS -mavx512f -mavx512bw -mavx512vl -mavx512dq -mavx512bf16
    -mavx512vnni -mavx512fp16 -mfma -mf16c -mbmi2 -mprfchw)
set(CXLA_AVX2_FLAGS -mavx2 -mfma -mf16c -mbmi2 -mavxvnni)

function(cxla_module name)
  cmake_parse_arguments(M "" "EXCLUDE" "DEPS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/${name}/*.c)
  list(FILTER srcs EXCLUDE REGEX "_test\\.c$")
  list(FILTER srcs EXCLUDE REGEX "_fuzz\\.c$")
  if(CXLA_X86)
    list(FILTER srcs EXCLUDE REGEX "_noavx\\.c$")
  else()
    list(FILTER srcs EXCLUDE REGEX "_(avx512|avx2)\\.c$")
  endif()
  if(M_EXCLUDE)
    list(FILTER srcs EXCLUDE REGEX "${M_EXCLUDE}")
  endif()
  foreach(src ${srcs})
    if(src MATCHES "_avx512\\.c$")
      set_source_files_properties(${src} PROPERTIES COMPILE_OPTIONS "${CXLA_AVX512_FLAGS}")
    elseif(src MATCHES "_avx2\\.c$")
      set_source_files_properties(${src} PROPERTIES COMPILE_OPTIONS "${CXLA_AVX2_FLAGS}")
    endif()
  endforeach()
  if(NOT srcs)
    # A module with no sources yet: an interface target keeps DEPS valid.
    add_library(cxla_${name} INTERFACE)
    foreach(dep ${M_DEPS})
      target_link_libraries(cxla_${name} INTERFACE cxla_${dep})
    endforeach()
    return()
  endif()
  add_library(cxla_${name} STATIC ${srcs})
  target_include_directories(cxla_${name} PUBLIC ${CMAKE_SOURCE_DIR}/include ${CMAKE_SOURCE_DIR}/src)
  foreach(dep ${M_DEPS})
    target_link_libraries(cxla_${name} PUBLIC cxla_${dep})
  endforeach()
  target_link_libraries(cxla_${name} PUBLIC m)
  set(CXLA_ALL_MODULES ${CXLA_ALL_MODULES} cxla_${name} PARENT_SCOPE)
endfunction()

