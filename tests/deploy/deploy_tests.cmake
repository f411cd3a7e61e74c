# Deployment tests (docs/artifacts.md, docs/c_api.md): ahead-of-time
# artifacts, the runtime library on its own, other CPUs, install.
# Included from tests/CMakeLists.txt.

# `cxla compile` / `cxla run ARTIFACT` / `cxla bench ARTIFACT` against the JIT,
# and damaged or foreign artifacts as errors.
add_test(NAME deploy/cli
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/cli_test.sh $<TARGET_FILE:cxla> ${CMAKE_SOURCE_DIR}
                 ${CMAKE_BINARY_DIR}/deploy_cli)

if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  # The compiler's tests and the interpret corpus through the ahead-of-time
  # path for baseline x86-64, where LLVM calls the runtime's libcalls (half
  # conversions, libm rounding): compile an artifact, load it, compare every
  # result with the interpreter.
  add_test(NAME deploy/compiler_x86-64
           COMMAND cxla check --mode=both --jobs=2 --target=x86-64 ${CMAKE_SOURCE_DIR}/tests/compiler)
  add_test(NAME deploy/compiler_x86-64-v3
           COMMAND cxla check --mode=both --jobs=2 --target=x86-64-v3 ${CMAKE_SOURCE_DIR}/tests/compiler)
  if(EXISTS ${CXLA_CONFORMANCE_DIR}/interpret)
    add_test(NAME deploy/interpret_x86-64
             COMMAND cxla check --mode=both --jobs=2 --target=x86-64
                     --expected-failures=${CMAKE_SOURCE_DIR}/tests/conformance/expected_failures_compiled.txt
                     ${CXLA_CONFORMANCE_DIR}/interpret)
  endif()
endif()

if(TARGET cxla_runtime_shared)
  # libcxla_runtime: exports exactly the runtime's public API, holds nothing
  # of the compiler side, needs only libc/libm/pthread/LAPACK, and stays
  # small (stripped: the core under 100 KB, everything under 600 KB).
  # (Not in sanitizer builds: those link the sanitizer runtimes and carry
  # their instrumentation, so neither the dependencies nor the sizes hold.)
  if(NOT CXLA_SANITIZE)
    add_test(NAME deploy/runtime_lib
             COMMAND /usr/bin/python3 ${CMAKE_SOURCE_DIR}/scripts/check_runtime_lib.py
                     --shared $<TARGET_FILE:cxla_runtime_shared> --static $<TARGET_FILE:cxla_runtime_static>
                     --source ${CMAKE_SOURCE_DIR} --max-core-kb 100 --max-total-kb 600)
  endif()
  # compile -> artifact -> run with only libcxla_runtime linked (cxla-rt-run),
  # results bit-identical to the JIT's: the artifact seeds, a sample of the
  # conformance corpus (whose check ops run inside the artifacts) and the
  # models that compile; prints each artifact's load and call time.
  set(CXLA_DEPLOY_CORPUS "")
  if(EXISTS ${CXLA_CONFORMANCE_DIR}/testdata)
    set(CXLA_DEPLOY_CORPUS --conformance ${CXLA_CONFORMANCE_DIR} --sample 12 --models)
  endif()
  add_test(NAME deploy/artifacts
           COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/run_artifacts.py
                   --cxla $<TARGET_FILE:cxla> --rt-run $<TARGET_FILE:cxla-rt-run>
                   --source ${CMAKE_SOURCE_DIR} --work ${CMAKE_BINARY_DIR}/deploy_artifacts
                   ${CXLA_DEPLOY_CORPUS})
  set_tests_properties(deploy/artifacts PROPERTIES TIMEOUT 1800)
  # examples/c/run_artifact.c, built here against the runtime alone (with
  # this build's sanitizers), against the interpreter.
  add_executable(run_artifact_example ${CMAKE_SOURCE_DIR}/examples/c/run_artifact.c)
  target_link_libraries(run_artifact_example PRIVATE cxla_runtime_alone)
  add_test(NAME deploy/example_c
           COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/example_c_test.py
                   --cxla $<TARGET_FILE:cxla> --example $<TARGET_FILE:run_artifact_example>
                   --source ${CMAKE_SOURCE_DIR} --work ${CMAKE_BINARY_DIR}/deploy_example_c)
  # make install into a temporary prefix, then examples/c with pkg-config
  # and CMake against it, a program on cxla::cxla, and the Python package
  # (not in sanitizer builds, whose libraries need the sanitizers' runtime).
  if(TARGET cxla_shared AND NOT CXLA_SANITIZE)
    add_test(NAME deploy/install
             COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/install_test.sh ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR}
                     ${CMAKE_BINARY_DIR}/deploy_install $<TARGET_FILE:run_artifact_example>)
    set_tests_properties(deploy/install PROPERTIES TIMEOUT 600)
  endif()
  # Another CPU: the runtime cross-built for AArch64 runs `--target=aarch64`
  # artifacts under qemu-user with the JIT's results (skipped, saying why,
  # without the cross compiler or qemu).
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
    add_test(NAME deploy/aarch64
             COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/aarch64_test.sh $<TARGET_FILE:cxla> ${CMAKE_SOURCE_DIR}
                     ${CMAKE_BINARY_DIR}/deploy_aarch64 ${CXLA_CONFORMANCE_DIR})
    set_tests_properties(deploy/aarch64 PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 1800 LABELS slow)
  endif()
endif()
