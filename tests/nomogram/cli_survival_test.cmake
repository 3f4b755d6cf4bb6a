# End-to-end test of `hccws survival` (run by ctest as surv_cli): the JSON keys the issue specifies, values
# against the R reference, and clear failures for bad input. Inputs: HCCWS (the executable), SRC, TMP.
set(D ${SRC}/tests/nomogram/data)
function(run_ok out)
  execute_process(COMMAND ${HCCWS} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE so ERROR_VARIABLE se)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "hccws ${ARGN} failed (${rc}): ${se}")
  endif()
  file(READ ${out} j)
  set(json "${j}" PARENT_SCOPE)
endfunction()
function(expect_near a b tol what)
  if(a STREQUAL "" OR b STREQUAL "")
    message(FATAL_ERROR "${what}: missing value")
  endif()
  # CMake has no floating point: compare the leading digits as text
  string(SUBSTRING "${a}" 0 ${tol} a1)
  string(SUBSTRING "${b}" 0 ${tol} b1)
  if(NOT a1 STREQUAL b1)
    message(FATAL_ERROR "${what}: ${a} vs ${b}")
  endif()
endfunction()

# fit
run_ok(${TMP}/surv_fit.json survival fit --csv ${D}/pbc.csv --time time --event death
       --covariates age,edema,log_bili,log_albumin,log_protime --json ${TMP}/surv_fit.json --model-out ${TMP}/surv_model.json)
file(READ ${D}/ref_cox_pbc_efron.json ref)
string(JSON beta0 GET "${json}" coefficients 0 beta)
string(JSON rbeta0 GET "${ref}" beta 0)
expect_near("${beta0}" "${rbeta0}" 9 "age beta")
foreach(k name beta se hr p)
  string(JSON v GET "${json}" coefficients 2 ${k})
endforeach()
string(JSON ll1 GET "${json}" loglik 1)
string(JSON rll1 GET "${ref}" loglik 1)
expect_near("${ll1}" "${rll1}" 10 "loglik")
string(JSON c GET "${json}" concordance)
string(JSON rc GET "${ref}" concordance)
expect_near("${c}" "${rc}" 10 "concordance")
string(JSON n GET "${json}" n)
string(JSON ev GET "${json}" events)
if(NOT n EQUAL 416 OR NOT ev EQUAL 160)
  message(FATAL_ERROR "n/events: ${n} ${ev}")
endif()

# km with groups and log-rank
run_ok(${TMP}/surv_km.json survival km --csv ${D}/lung.csv --time time --event status --group sex --json ${TMP}/surv_km.json)
foreach(k time n_risk n_event surv lower upper median)
  string(JSON v GET "${json}" groups 0 ${k})
endforeach()
string(JSON chisq GET "${json}" logrank chisq)
file(READ ${D}/ref_logrank.json lref)
string(JSON rchisq GET "${lref}" lung_sex chisq)
expect_near("${chisq}" "${rchisq}" 9 "log-rank chisq")
string(JSON df GET "${json}" logrank df)
string(JSON p GET "${json}" logrank p)

# predict with a shipped model and with the refit model; evaluate
run_ok(${TMP}/surv_pred.json survival predict --model ${SRC}/resources/models/nomogram_haic.json
       --values sex=1,pvtt=1 --json ${TMP}/surv_pred.json)
string(JSON tp GET "${json}" subjects 0 total_points)
string(JSON rg GET "${json}" subjects 0 risk_group)
string(JSON notice GET "${json}" research_notice)
run_ok(${TMP}/surv_eval.json survival evaluate --csv ${D}/pbc.csv --time time --event death --model ${TMP}/surv_model.json
       --times 1000,2000,3000 --cutpoint --bootstrap 20 --json ${TMP}/surv_eval.json)
string(JSON brier GET "${json}" times 0 brier)
file(READ ${D}/ref_ipcw.json iref)
string(JSON rbrier GET "${iref}" brier 0)
expect_near("${brier}" "${rbrier}" 9 "Brier at 1000")
string(JSON ibs GET "${json}" ibs value)
string(JSON cut GET "${json}" cutpoint cut)

# bad input: clear message, non-zero exit
execute_process(COMMAND ${HCCWS} survival fit --csv ${D}/pbc.csv --time time --event death --covariates age,nosuch
                RESULT_VARIABLE rc ERROR_VARIABLE se OUTPUT_QUIET)
if(rc EQUAL 0 OR NOT se MATCHES "column 'nosuch' not found")
  message(FATAL_ERROR "missing column: rc ${rc}, '${se}'")
endif()
execute_process(COMMAND ${HCCWS} survival fit --csv ${D}/lung.csv --time time --event time --covariates age
                RESULT_VARIABLE rc ERROR_VARIABLE se OUTPUT_QUIET)
if(rc EQUAL 0 OR NOT se MATCHES "event must be 0 or 1")
  message(FATAL_ERROR "bad event: rc ${rc}, '${se}'")
endif()
file(WRITE ${TMP}/surv_separated.csv "t,e,x\n1,1,1\n2,1,1\n3,1,1\n4,1,0\n5,1,0\n6,1,0\n")
execute_process(COMMAND ${HCCWS} survival fit --csv ${TMP}/surv_separated.csv --time t --event e --covariates x
                RESULT_VARIABLE rc ERROR_VARIABLE se OUTPUT_QUIET)
if(rc EQUAL 0 OR NOT se MATCHES "may be infinite")
  message(FATAL_ERROR "perfect separation: rc ${rc}, '${se}'")
endif()

# stratified fit: concordance within strata, as R's coxph
run_ok(${TMP}/surv_strata.json survival fit --csv ${D}/lung.csv --time month --event status --covariates age,ph_ecog
       --strata sex --json ${TMP}/surv_strata.json)
file(READ ${D}/ref_cox_lungmonth_strata.json sref)
string(JSON c GET "${json}" concordance)
string(JSON rc GET "${sref}" concordance)
expect_near("${c}" "${rc}" 10 "stratified concordance")
message(STATUS "hccws survival: all checks passed")
