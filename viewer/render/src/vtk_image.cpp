#include <hccws/render/vtk_image.h>

#include <vtkAOSDataArrayTemplate.h>
#include <vtkImageData.h>
#include <vtkMatrix4x4.h>
#include <vtkPointData.h>

#include <algorithm>

#if defined(__SANITIZE_ADDRESS__)
#include <dlfcn.h>
#endif

namespace hccws::render {

#if defined(__SANITIZE_ADDRESS__)
namespace {
// Sanitizer builds only (tests/sanitize): libglvnd unloads the Mesa GL vendor library and its DRI driver
// before LeakSanitizer runs at exit, so the two 56-byte blocks they keep for the process's lifetime are
// reported from an "<unknown module>" that no suppression can name. Loaded here with RTLD_NODELETE they stay
// mapped, and tests/sanitize/lsan.supp names them (swrast_dri.so, libGLX_mesa.so). In this file because every
// VTK view uses it (a static library drops unreferenced objects).
struct KeepGlVendorMapped {
  KeepGlVendorMapped() {
    for (const char* lib : {"libGLX_mesa.so.0", "libEGL_mesa.so.0", "/usr/lib/x86_64-linux-gnu/dri/swrast_dri.so",
                            "/usr/lib/x86_64-linux-gnu/qt6/plugins/xcbglintegrations/libqxcb-glx-integration.so",
                            "/usr/lib/x86_64-linux-gnu/qt6/plugins/xcbglintegrations/libqxcb-egl-integration.so"})
      dlopen(lib, RTLD_LAZY | RTLD_NODELETE);
  }
} const keepGlVendorMapped;
}  // namespace
#endif

template <typename T>
vtkSmartPointer<vtkImageData> toVtkImage(const core::Volume<T>& volume, ImageFrame frame, bool copy) {
  const core::Geometry& g = volume.geometry();
  auto image = vtkSmartPointer<vtkImageData>::New();
  image->SetDimensions(static_cast<int>(g.dims[0]), static_cast<int>(g.dims[1]), static_cast<int>(g.dims[2]));
  image->SetSpacing(g.spacingMm[0], g.spacingMm[1], g.spacingMm[2]);
  if (frame == ImageFrame::World) {
    image->SetOrigin(g.originLps[0], g.originLps[1], g.originLps[2]);
    image->SetDirectionMatrix(g.direction.data());  // both row-major with index axes as columns
  } else {
    image->SetOrigin(0, 0, 0);
  }
  auto array = vtkSmartPointer<vtkAOSDataArrayTemplate<T>>::New();
  array->SetNumberOfComponents(1);
  const auto n = static_cast<vtkIdType>(volume.size());
  if (copy) {
    array->SetNumberOfTuples(n);
    std::copy(volume.data(), volume.data() + volume.size(), array->GetPointer(0));
  } else {
    // save = 1: VTK must not free the buffer; it belongs to the Volume. VTK's API is non-const but nothing
    // in our pipelines writes to an input array.
    array->SetArray(const_cast<T*>(volume.data()), n, 1);
  }
  array->SetName("scalars");
  image->GetPointData()->SetScalars(array);
  return image;
}

vtkSmartPointer<vtkMatrix4x4> localToWorld(const core::Geometry& g) {
  auto m = vtkSmartPointer<vtkMatrix4x4>::New();
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) m->SetElement(r, c, g.direction[3 * r + c]);
    m->SetElement(r, 3, g.originLps[r]);
  }
  return m;
}

template vtkSmartPointer<vtkImageData> toVtkImage(const core::Volume<std::int16_t>&, ImageFrame, bool);
template vtkSmartPointer<vtkImageData> toVtkImage(const core::Volume<std::uint8_t>&, ImageFrame, bool);
template vtkSmartPointer<vtkImageData> toVtkImage(const core::Volume<float>&, ImageFrame, bool);

}  // namespace hccws::render
