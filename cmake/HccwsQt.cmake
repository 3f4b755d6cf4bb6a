# Qt 6 setup shared by every Qt target. QT_NO_KEYWORDS: Qt's `slots`/`signals` macros break LibTorch
# headers (ATen/core/ivalue_inl.h), so Qt code uses Q_SLOTS / Q_SIGNALS / Q_EMIT everywhere.
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets OpenGL OpenGLWidgets Concurrent Svg PrintSupport Test)
set(CMAKE_AUTOMOC ON)
set(CMAKE_AUTORCC ON)
function(hccws_qt_defaults target)
  target_compile_definitions(${target} PUBLIC QT_NO_KEYWORDS)
endfunction()
