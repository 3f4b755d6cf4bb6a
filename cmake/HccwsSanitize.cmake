# Sanitizer and fuzzing builds (docs/reliability.md). Included by the root CMakeLists.txt before any target
# exists, so the flags reach every project target (third-party libraries stay as Debian built them).
#
# HCCWS_SANITIZE=ON: AddressSanitizer + UndefinedBehaviorSanitizer for everything (gcc or clang). Use a
#   separate build folder: tests/sanitize/run.sh configures build-asan and runs the suite with the runtime
#   options and suppressions in tests/sanitize/.
# HCCWS_FUZZ=ON (clang only): the same sanitizers plus libFuzzer's coverage instrumentation
#   (-fsanitize=fuzzer-no-link) for the project's libraries; tests/fuzz builds one libFuzzer executable per
#   target (fuzz_<name>). tests/fuzz/run.sh configures build-fuzz with it.
set(HCCWS_SANITIZER_FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer)

# Debian's ITK headers refuse clang (their compiler detection was generated for gcc only): with clang, every
# C++ file reads them through itk_clang_compat.h first (see that file).
if((HCCWS_FUZZ OR HCCWS_SANITIZE) AND CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  add_compile_options("$<$<COMPILE_LANGUAGE:CXX>:SHELL:-include ${CMAKE_CURRENT_LIST_DIR}/itk_clang_compat.h>")
endif()

if(HCCWS_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "HCCWS_FUZZ=ON needs clang (libFuzzer): configure with -DCMAKE_C_COMPILER=clang "
                        "-DCMAKE_CXX_COMPILER=clang++ (Debian packages clang and libclang-rt-14-dev)")
  endif()
  add_compile_options(${HCCWS_SANITIZER_FLAGS} -fsanitize=fuzzer-no-link)
  add_link_options(-fsanitize=address,undefined)
  message(STATUS "hccws: fuzzing build (libFuzzer + ASan + UBSan)")
elseif(HCCWS_SANITIZE)
  add_compile_options(${HCCWS_SANITIZER_FLAGS})
  add_link_options(-fsanitize=address,undefined)
  message(STATUS "hccws: sanitizer build (ASan + UBSan); run the tests with tests/sanitize/run.sh")
endif()
