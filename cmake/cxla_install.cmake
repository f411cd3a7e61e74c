# `make install PREFIX=...` (cmake --install build --prefix PREFIX):
#
#   bin/cxla                                  the tool
#   lib/libcxla.{so,a}                        everything (parser, interpreter, compiler, runtime)
#   lib/libcxla_runtime.{so,so.0,...,a}       the runtime alone
#   include/cxla/*.h                          the public headers
#   lib/pkgconfig/cxla.pc, cxla-runtime.pc    pkg-config (--static lists LAPACK, pthread, m, ...)
#   lib/cmake/cxla/cxlaConfig.cmake (+ version file)
#                                             find_package(cxla): cxla::runtime, cxla::cxla,
#                                             cxla::runtime_static, cxla::cxla_static
#   lib/python3/dist-packages/cxla            the Python package (finds ../../../libcxla.so)
#
# Every installed file locates the others relative to itself (pkg-config's
# ${pcfiledir}, the config file's directory, the package's), so a prefix
# may be moved after installing. Libraries go to lib/ (not Debian's
# multiarch directory) so that the layout is the same on every system.
include(CMakePackageConfigHelpers)

set(CXLA_INSTALL_CMAKEDIR lib/cmake/cxla)
set(CXLA_INSTALL_PYDIR lib/python3/dist-packages)

install(DIRECTORY ${CMAKE_SOURCE_DIR}/include/cxla DESTINATION include
        COMPONENT devel FILES_MATCHING PATTERN "*.h")

# libcxla_runtime: what the static archive needs from the system.
set(CXLA_RUNTIME_PC_LIBS_PRIVATE "")
foreach(l ${CXLA_RUNTIME_LAPACK_LIBS} pthread m)
  string(APPEND CXLA_RUNTIME_PC_LIBS_PRIVATE " -l${l}")
endforeach()
string(STRIP "${CXLA_RUNTIME_PC_LIBS_PRIVATE}" CXLA_RUNTIME_PC_LIBS_PRIVATE)
set(CXLA_RUNTIME_STATIC_DEPS ${CXLA_RUNTIME_LAPACK_LIBS} pthread m)
if(TARGET cxla_runtime_shared)
  install(TARGETS cxla_runtime_shared cxla_runtime_static
          LIBRARY DESTINATION lib ARCHIVE DESTINATION lib)
  configure_file(${CMAKE_SOURCE_DIR}/cmake/install/cxla-runtime.pc.in
                 ${CMAKE_BINARY_DIR}/install/cxla-runtime.pc @ONLY)
  install(FILES ${CMAKE_BINARY_DIR}/install/cxla-runtime.pc DESTINATION lib/pkgconfig)
endif()

# libcxla: the static archive holds the objects of libcxla.so; both need
# LLVM, zlib, LAPACK, pthread, m and dl from the system.
set(CXLA_HAVE_FULL OFF)
if(TARGET cxla_shared)
  set(CXLA_HAVE_FULL ON)
  add_library(cxla_static STATIC ${cxla_shared_objects})
  set_target_properties(cxla_static PROPERTIES OUTPUT_NAME cxla
                        ARCHIVE_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib)
  install(TARGETS cxla RUNTIME DESTINATION bin)
  install(TARGETS cxla_shared cxla_static LIBRARY DESTINATION lib ARCHIVE DESTINATION lib)
  set(CXLA_PC_LIBS_PRIVATE "-L${CXLA_LLVM_ROOT}/lib -lLLVM-19 -lz")
  set(CXLA_STATIC_DEPS "-L${CXLA_LLVM_ROOT}/lib;LLVM-19;z")
  foreach(l ${CXLA_RUNTIME_LAPACK_LIBS} pthread m dl)
    string(APPEND CXLA_PC_LIBS_PRIVATE " -l${l}")
    list(APPEND CXLA_STATIC_DEPS ${l})
  endforeach()
  configure_file(${CMAKE_SOURCE_DIR}/cmake/install/cxla.pc.in
                 ${CMAKE_BINARY_DIR}/install/cxla.pc @ONLY)
  install(FILES ${CMAKE_BINARY_DIR}/install/cxla.pc DESTINATION lib/pkgconfig)
  install(DIRECTORY ${CMAKE_SOURCE_DIR}/python/cxla DESTINATION ${CXLA_INSTALL_PYDIR}
          FILES_MATCHING PATTERN "*.py" PATTERN "__pycache__" EXCLUDE)
endif()

configure_file(${CMAKE_SOURCE_DIR}/cmake/install/cxlaConfig.cmake.in
               ${CMAKE_BINARY_DIR}/install/cxlaConfig.cmake @ONLY)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/install/cxlaConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_BINARY_DIR}/install/cxlaConfig.cmake
              ${CMAKE_BINARY_DIR}/install/cxlaConfigVersion.cmake
        DESTINATION ${CXLA_INSTALL_CMAKEDIR})
