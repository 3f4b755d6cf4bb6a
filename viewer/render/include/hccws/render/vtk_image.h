#pragma once
// Views of core volumes as vtkImageData, zero-copy, and the 4x4 placing them in the world.
//
// Contract:
// - World frame: LPS mm (hccws/core/geometry.h). Index (i, j, k), i fastest, voxel centres at integers.
// - ImageFrame::World: a faithful copy of the geometry (origin = originLps, spacing, direction matrix).
//   ImageFrame::Local: origin 0, identity direction, spacing kept, so point coordinates are
//   "local" = diag(spacing) * ijk, and localToWorld(geometry) places them in LPS.
//   VTK 9.1's vtkImageReslice, contour filters and volume mappers ignore vtkImageData's direction matrix
//   (tests/gui/test_render.cpp checks this for vtkImageReslice), so every pipeline in viewer/render feeds
//   them Local images and applies the geometry itself: reslice axes for slices, the actor's user matrix or
//   a transform filter in 3D.
// - Zero-copy: the image's scalars point at the volume's buffer (VTK never frees or writes it). The volume
//   must outlive the image and must not be reallocated while the image is used. Callers that cannot
//   promise that pass copy = true.
// - Threading: data objects only (no rendering); usable on any thread, one thread per object at a time.
#include <hccws/core/geometry.h>
#include <hccws/core/volume.h>

#include <vtkSmartPointer.h>

#include <cstdint>

class vtkImageData;
class vtkMatrix4x4;

namespace hccws::render {

enum class ImageFrame { World, Local };

// Supported element types: int16 (CT, HU), uint8 (labels), float (heatmaps, probabilities).
template <typename T>
vtkSmartPointer<vtkImageData> toVtkImage(const core::Volume<T>& volume, ImageFrame frame = ImageFrame::Local,
                                         bool copy = false);

// local (diag(spacing) * ijk) -> world LPS mm: [direction | originLps].
vtkSmartPointer<vtkMatrix4x4> localToWorld(const core::Geometry& geometry);

extern template vtkSmartPointer<vtkImageData> toVtkImage(const core::Volume<std::int16_t>&, ImageFrame, bool);
extern template vtkSmartPointer<vtkImageData> toVtkImage(const core::Volume<std::uint8_t>&, ImageFrame, bool);
extern template vtkSmartPointer<vtkImageData> toVtkImage(const core::Volume<float>&, ImageFrame, bool);

}  // namespace hccws::render
