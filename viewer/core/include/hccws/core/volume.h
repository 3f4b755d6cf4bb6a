#pragma once
// Volume<T>: a 3D image on a Geometry with a contiguous buffer (i fastest). Value type, movable; copying
// copies the voxels (large: prefer moves). Not synchronised: one writer at a time.
#include <hccws/core/geometry.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace hccws::core {

template <typename T>
class Volume {
 public:
  using value_type = T;

  Volume() = default;
  explicit Volume(Geometry g, T fill = T{}) : geom_(g), data_(g.voxelCount(), fill) {}
  Volume(Geometry g, std::vector<T> data) : geom_(g), data_(std::move(data)) {
    if (data_.size() != geom_.voxelCount())
      throw std::invalid_argument("Volume: buffer size " + std::to_string(data_.size()) +
                                  " does not match dims " + geom_.describe());
  }

  const Geometry& geometry() const { return geom_; }
  // Changing the geometry keeps the buffer; the voxel count must not change.
  void setGeometry(const Geometry& g) {
    if (g.voxelCount() != data_.size()) throw std::invalid_argument("Volume::setGeometry: voxel count changes");
    geom_ = g;
  }
  const Dims3& dims() const { return geom_.dims; }
  std::size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }

  T& at(std::size_t i, std::size_t j, std::size_t k) { return data_[geom_.linearIndex(i, j, k)]; }
  const T& at(std::size_t i, std::size_t j, std::size_t k) const { return data_[geom_.linearIndex(i, j, k)]; }
  T* data() { return data_.data(); }
  const T* data() const { return data_.data(); }
  std::vector<T>& buffer() { return data_; }
  const std::vector<T>& buffer() const { return data_; }

 private:
  Geometry geom_;
  std::vector<T> data_;
};

// CT is kept in Hounsfield units as int16 (DICOM's native range; half the memory of float).
using CtVolume = Volume<std::int16_t>;
using FloatVolume = Volume<float>;

}  // namespace hccws::core
