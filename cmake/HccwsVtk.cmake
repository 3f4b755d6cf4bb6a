# VTK 9.1 without any of its Qt modules: Debian builds VTK::GUISupportQt against Qt 5, and Qt 5 and Qt 6
# cannot share a process. The Qt 6 bridge lives in viewer/widgets.
find_package(VTK 9.1 REQUIRED COMPONENTS
  CommonCore CommonDataModel CommonExecutionModel CommonMath CommonTransforms
  RenderingCore RenderingOpenGL2 RenderingVolume RenderingVolumeOpenGL2 RenderingFreeType
  RenderingAnnotation InteractionStyle InteractionWidgets
  FiltersCore FiltersGeneral FiltersModeling FiltersSources FiltersGeometry
  ImagingCore ImagingGeneral ImagingMath ImagingStencil IOImage)
