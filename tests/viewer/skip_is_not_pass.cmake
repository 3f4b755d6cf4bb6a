# Runs a test executable that reads ../shared/data with HCCWS_SHARED_DATA pointing nowhere:
# without CI it must exit 77 (CTest: skipped), with CI=true it must fail (neither 0 nor 77).
execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=CI HCCWS_SHARED_DATA=/nonexistent/shared-data ${EXE}
                RESULT_VARIABLE local OUTPUT_QUIET ERROR_VARIABLE local_err)
if(NOT local EQUAL 77)
  message(FATAL_ERROR "missing shared data outside CI: exit ${local}, expected 77 (skipped)\n${local_err}")
endif()
if(NOT local_err MATCHES "SKIPPED: shared data not found: /nonexistent/shared-data")
  message(FATAL_ERROR "the skip does not say what is missing: ${local_err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E env CI=true HCCWS_SHARED_DATA=/nonexistent/shared-data ${EXE}
                RESULT_VARIABLE ci OUTPUT_VARIABLE ci_out ERROR_QUIET)
if(ci EQUAL 0 OR ci EQUAL 77)
  message(FATAL_ERROR "missing shared data with CI=true: exit ${ci}, expected a failure")
endif()
if(NOT ci_out MATCHES "cannot run in CI")
  message(FATAL_ERROR "the CI failure does not say why:\n${ci_out}")
endif()
message(STATUS "skip outside CI: exit 77; CI=true: exit ${ci}")
