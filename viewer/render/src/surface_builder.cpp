#include <hccws/render/surface_builder.h>

#include <hccws/render/vtk_image.h>

#include <vtkDiscreteFlyingEdges3D.h>
#include <vtkImageData.h>
#include <vtkMatrix4x4.h>
#include <vtkPolyData.h>
#include <vtkPolyDataNormals.h>
#include <vtkQuadricDecimation.h>
#include <vtkTransform.h>
#include <vtkTransformPolyDataFilter.h>
#include <vtkWindowedSincPolyDataFilter.h>

#include <algorithm>

namespace hccws::render {

vtkSmartPointer<vtkPolyData> buildLabelSurface(const core::Volume<std::uint8_t>& labels, std::uint8_t value,
                                               const SurfaceOptions& options) {
  auto empty = vtkSmartPointer<vtkPolyData>::New();
  if (labels.empty() || std::find(labels.buffer().begin(), labels.buffer().end(), value) == labels.buffer().end())
    return empty;

  auto contour = vtkSmartPointer<vtkDiscreteFlyingEdges3D>::New();
  contour->SetInputData(toVtkImage(labels));
  contour->SetValue(0, value);
  contour->ComputeNormalsOff();
  contour->ComputeGradientsOff();
  contour->ComputeScalarsOff();
  vtkAlgorithm* last = contour;

  auto smooth = vtkSmartPointer<vtkWindowedSincPolyDataFilter>::New();
  if (options.smoothingIterations > 0) {
    smooth->SetInputConnection(last->GetOutputPort());
    smooth->SetNumberOfIterations(options.smoothingIterations);
    smooth->SetPassBand(options.passBand);
    smooth->BoundarySmoothingOff();
    smooth->FeatureEdgeSmoothingOff();
    smooth->NonManifoldSmoothingOn();
    smooth->NormalizeCoordinatesOn();
    last = smooth;
  }
  auto decimate = vtkSmartPointer<vtkQuadricDecimation>::New();
  if (options.targetReduction > 0) {
    decimate->SetInputConnection(last->GetOutputPort());
    decimate->SetTargetReduction(options.targetReduction);
    decimate->VolumePreservationOn();
    last = decimate;
  }
  auto transform = vtkSmartPointer<vtkTransform>::New();
  transform->SetMatrix(localToWorld(labels.geometry()));
  auto place = vtkSmartPointer<vtkTransformPolyDataFilter>::New();
  place->SetInputConnection(last->GetOutputPort());
  place->SetTransform(transform);
  auto normals = vtkSmartPointer<vtkPolyDataNormals>::New();
  normals->SetInputConnection(place->GetOutputPort());
  normals->SplittingOff();
  normals->ConsistencyOn();
  normals->AutoOrientNormalsOff();
  normals->Update();

  auto out = vtkSmartPointer<vtkPolyData>::New();
  out->ShallowCopy(normals->GetOutput());
  return out;
}

}  // namespace hccws::render
