#pragma once
// Private to viewer/core: conversions between core::Volume and itk::Image. Geometry maps one to one (both
// are LPS with direction columns = index axes). toItkView() wraps the Volume's buffer without copying; the
// Volume must outlive the returned image and must not be resized meanwhile.
#include <hccws/core/volume.h>

#include <itkImage.h>
#include <itkImportImageContainer.h>

#include <algorithm>

namespace hccws::core::itkbridge {

template <typename T>
using Image = itk::Image<T, 3>;

template <typename TImage>
Geometry geometryOf(const TImage* image) {
  Geometry g;
  const auto region = image->GetLargestPossibleRegion();
  const auto& sp = image->GetSpacing();
  const auto& org = image->GetOrigin();
  const auto& dir = image->GetDirection();
  for (unsigned a = 0; a < 3; ++a) {
    g.dims[a] = region.GetSize()[a];
    g.spacingMm[a] = sp[a];
    g.originLps[a] = org[a];
    for (unsigned b = 0; b < 3; ++b) g.direction[3 * a + b] = dir(a, b);
  }
  return g;
}

template <typename TImage>
void applyGeometry(TImage* image, const Geometry& g) {
  typename TImage::RegionType region;
  typename TImage::SpacingType sp;
  typename TImage::PointType org;
  typename TImage::DirectionType dir;
  for (unsigned a = 0; a < 3; ++a) {
    region.SetSize(a, g.dims[a]);
    region.SetIndex(a, 0);
    sp[a] = g.spacingMm[a];
    org[a] = g.originLps[a];
    for (unsigned b = 0; b < 3; ++b) dir(a, b) = g.direction[3 * a + b];
  }
  image->SetRegions(region);
  image->SetSpacing(sp);
  image->SetOrigin(org);
  image->SetDirection(dir);
}

// Zero-copy view of a Volume as an ITK image (read-only use intended, but ITK does not enforce const).
template <typename T>
typename Image<T>::Pointer toItkView(const Volume<T>& v) {
  auto image = Image<T>::New();
  applyGeometry(image.GetPointer(), v.geometry());
  image->GetPixelContainer()->SetImportPointer(const_cast<T*>(v.data()), v.size(), false);
  return image;
}

// Copies an ITK image (its buffered region must be the largest possible region) into a Volume.
template <typename T, typename TImage>
Volume<T> fromItk(const TImage* image) {
  const Geometry g = geometryOf(image);
  std::vector<T> data(g.voxelCount());
  const auto* src = image->GetBufferPointer();
  std::transform(src, src + data.size(), data.begin(), [](auto x) { return static_cast<T>(x); });
  return Volume<T>(g, std::move(data));
}

}  // namespace hccws::core::itkbridge
