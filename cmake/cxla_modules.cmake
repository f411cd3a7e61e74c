# cxla_module(<name> DEPS <modules>...)
# Builds src/<name>/**.c (tests, *_test.c, excluded) into a static library
# cxla_<name>. Files are globbed so that adding a file needs no CMake change.
# Files named *_avx512.c / *_avx2.c get the matching ISA flags; callers must
# select them at run time by CPU features.
set(CXLA_ALL_MODULES "")
set(CXLA_AVX512_FLAGS -mavx512f -mavx512bw -mavx512vl -mavx512dq -mavx512bf16
    -mavx512vnni -mavx512fp16 -mfma -mf16c -mbmi2)
set(CXLA_AVX2_FLAGS -mavx2 -mfma -mf16c -mbmi2 -mavxvnni)

function(cxla_module name)
  cmake_parse_arguments(M "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/${name}/*.c)
  list(FILTER srcs EXCLUDE REGEX "_test\\.c$")
  list(FILTER srcs EXCLUDE REGEX "_fuzz\\.c$")
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

