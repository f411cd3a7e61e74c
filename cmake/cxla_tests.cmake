# Unit tests: every *_test.c beside the sources or under tests/unit becomes one
# executable and one ctest test.
file(GLOB_RECURSE CXLA_UNIT_TESTS CONFIGURE_DEPENDS
     ${CMAKE_SOURCE_DIR}/src/*_test.c ${CMAKE_SOURCE_DIR}/tests/unit/*_test.c)
foreach(src ${CXLA_UNIT_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_link_libraries(${name} PRIVATE cxla_all)
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/tests/unit)
  if(src MATCHES "_avx512_test\\.c$")
    target_compile_options(${name} PRIVATE ${CXLA_AVX512_FLAGS})
  endif()
  add_test(NAME unit/${name} COMMAND ${name} WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
endforeach()
# Parses 10^5 functions: a fraction of a second when parsing is linear, minutes
# if it turns quadratic again.
set_tests_properties(unit/parser_limits_test PROPERTIES TIMEOUT 120)

set(CXLA_CONFORMANCE_DIR ${CMAKE_SOURCE_DIR}/../shared/conformance CACHE PATH
    "The shared conformance corpus")
set(CXLA_LLVM_BIN /usr/lib/llvm-19/bin)
set(CXLA_LIT /usr/lib/llvm-19/build/utils/lit/lit.py)

# lit + FileCheck tests (tests/lit).
if(EXISTS ${CXLA_LIT})
  add_test(NAME lit
           COMMAND /usr/bin/python3 ${CXLA_LIT} -sv ${CMAKE_SOURCE_DIR}/tests/lit
                   --param cxla=$<TARGET_FILE:cxla> --param llvm_bin=${CXLA_LLVM_BIN})
endif()

# Everything else that ctest runs is registered by tests/CMakeLists.txt.
add_subdirectory(${CMAKE_SOURCE_DIR}/tests ${CMAKE_BINARY_DIR}/tests_driver)
