#pragma once
// Smooth, decimated surfaces of labels for the 3D view.
// Pipeline: discrete flying edges (one iso-value = one label) -> windowed-sinc smoothing (keeps volume,
// unlike Laplacian) -> quadric decimation -> placed in world LPS mm by the label map's geometry -> normals.
// Threading: builds only its own VTK data objects (no rendering), so it may run on a worker thread; hand
// the result to the GUI thread. The label volume must not be written while building.
#include <hccws/core/volume.h>

#include <vtkSmartPointer.h>

#include <cstdint>

class vtkPolyData;

namespace hccws::render {

struct SurfaceOptions {
  int smoothingIterations = 20;
  double passBand = 0.05;        // windowed-sinc pass band (smaller = smoother)
  double targetReduction = 0.7;  // fraction of triangles removed by decimation (0 keeps all)
};

// Empty polydata (no points) when the label is absent. Points in world LPS mm.
vtkSmartPointer<vtkPolyData> buildLabelSurface(const core::Volume<std::uint8_t>& labels, std::uint8_t value,
                                               const SurfaceOptions& options = {});

}  // namespace hccws::render
