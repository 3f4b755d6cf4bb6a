# cmake -DROOT=<repo> -P check_layering.cmake
# Fails when a layer includes a header it must not see (docs/ARCHITECTURE.md, "Dependency rules").
set(rules
  "inference|^(Q[A-Z]|qt|vtk|itk|QtCore|QtWidgets|hccws/core|hccws/render|hccws/widgets)|Qt, VTK, ITK or other layers"
  "nomogram/core|^(Q[A-Z]|qt|vtk|itk|torch|ATen|c10|hccws/core|hccws/inference)|Qt, VTK, ITK, Torch or other layers"
  "viewer/core|^(Q[A-Z]|qt|vtk|torch|ATen|c10|hccws/render|hccws/widgets|hccws/inference)|Qt, VTK or Torch"
  "viewer/radiomics|^(Q[A-Z]|qt|vtk|itk|torch|ATen|c10|hccws/render|hccws/widgets|hccws/inference)|Qt, VTK, ITK (through viewer/core only) or Torch"
  "viewer/render|^(Q[A-Z]|qt|torch|ATen|c10|hccws/widgets|hccws/inference)|Qt or Torch"
  "app/pipeline|^(Q[A-Z]|qt|vtk|hccws/render|hccws/widgets)|Qt or VTK"
  "app/case|^(Q[A-Z]|qt|vtk|torch|ATen|c10|hccws/render|hccws/widgets|hccws/inference)|Qt, VTK or Torch"
  "viewer/widgets|^(torch|ATen|c10)|Torch"
  "nomogram/widgets|^(torch|ATen|c10|vtk|itk)|Torch, VTK or ITK"
  "app/gui|^(torch|ATen|c10)|Torch (keep it behind app/pipeline)")
set(failures 0)
foreach(rule IN LISTS rules)
  string(REPLACE "|" ";" parts "${rule}")
  list(GET parts 0 dir)
  list(LENGTH parts n)
  math(EXPR last "${n} - 1")
  list(GET parts ${last} what)
  list(SUBLIST parts 1 ${last} alternatives)
  list(JOIN alternatives "|" regex)
  file(GLOB_RECURSE files "${ROOT}/${dir}/*.h" "${ROOT}/${dir}/*.hpp" "${ROOT}/${dir}/*.cpp")
  foreach(f IN LISTS files)
    file(STRINGS "${f}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]*)[>\"].*" "\\1" header "${line}")
      if(header MATCHES "${regex}")
        file(RELATIVE_PATH rel "${ROOT}" "${f}")
        message(SEND_ERROR "layering: ${rel} includes <${header}>: ${dir} must not include ${what}")
        math(EXPR failures "${failures} + 1")
      endif()
    endforeach()
  endforeach()
endforeach()
if(failures GREATER 0)
  message(FATAL_ERROR "${failures} forbidden include(s)")
endif()
message(STATUS "layering: no forbidden includes")
