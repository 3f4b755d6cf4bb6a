#pragma once
// Where a 2D slice view sits in the world: its axes, its raster and how its points map to LPS mm.
//
// Display conventions (radiological, as in most PACS and ITK-SNAP):
// - Axial: seen from the feet. Screen right = patient left (+L), screen up = anterior (-P).
// - Coronal: seen from the front. Screen right = patient left, screen up = superior (+S).
// - Sagittal: seen from the patient's left. Screen right = posterior (+P), screen up = superior, so the
//   face looks to the left of the screen.
// Plane coordinates (u, v, w) are a rotation of world LPS: u = right . p, v = up . p, w = normal . p with
// normal = right x up (pointing at the viewer). The 2D scene is drawn in (u, v) mm; w selects the slice.
// Every layer (CT, labels, heatmap on its own grid) is resampled onto the same SliceGrid, so they align
// to the pixel whatever their own geometry (direction cosines included).
// Value types, no VTK state: thread-compatible.
#include <hccws/core/geometry.h>

#include <vtkSmartPointer.h>

#include <array>
#include <string>

class vtkMatrix4x4;

namespace hccws::render {

enum class SliceOrientation { Axial, Coronal, Sagittal };

std::string displayName(SliceOrientation orientation);

struct SliceAxes {
  core::Vec3 right, up, normal;  // unit world (LPS) vectors; normal = right x up

  core::Vec3 toPlane(const core::Vec3& world) const;  // (u, v, w)
  core::Vec3 toWorld(const core::Vec3& uvw) const;
};

SliceAxes sliceAxes(SliceOrientation orientation);

// The raster a slice view resamples every layer onto: (u, v) of pixel (0, 0), pixel size in mm, size.
struct SliceGrid {
  std::array<double, 2> originUv{0, 0};
  std::array<double, 2> spacingMm{1, 1};
  std::array<int, 2> size{1, 1};
};

// Covers the whole reference volume seen along the orientation; pixel size = spacing of the index axis
// closest to each screen axis (exact voxels for axis-aligned volumes).
SliceGrid sliceGridFor(const core::Geometry& reference, const SliceAxes& axes);

// Spacing (mm) of the index axis closest to `normalLps`: one scroll step.
double sliceStepMm(const core::Geometry& geometry, const core::Vec3& normalLps);

// Reslice axes for vtkImageReslice on a Local image (see vtk_image.h) of `geometry`: maps output
// coordinates (u, v, 0) of the slice at depth w to the image's local coordinates diag(spacing) * ijk.
vtkSmartPointer<vtkMatrix4x4> resliceAxes(const core::Geometry& geometry, const SliceAxes& axes, double w);

// Anatomical letter of the direction a world vector points to: L, R, P, A, S, I (dominant component).
char anatomicalLetter(const core::Vec3& directionLps);

// A "round" length (1, 2 or 5 x 10^n mm) not longer than maxMm, for the scale bar.
double niceLengthMm(double maxMm);

}  // namespace hccws::render
