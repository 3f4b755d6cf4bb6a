#pragma once
// Private to viewer/core: ITK plumbing for the segment-editor operations that use ITK filters (islands,
// margin, smoothing, fill between slices). The operations run ITK on a crop of the label map (the label's
// bounding box plus what the filter can reach), never on the whole map when it is not needed.
#include <hccws/core/index_box.h>
#include <hccws/core/progress.h>
#include <hccws/core/volume.h>

#include <itkCommand.h>
#include <itkImage.h>
#include <itkProcessObject.h>

#include <cstdint>

namespace hccws::core::detail {

using Mask3 = itk::Image<std::uint8_t, 3>;

// A binary image (1 where the map holds `value`, else 0) over `box`, with the map's spacing and direction
// and the world origin of box.lo.
Mask3::Pointer cropMask(const Volume<std::uint8_t>& v, std::uint8_t value, const IndexBox& box, bool invert = false);

// Runs filter->Update() reporting its progress to `scope`. When the sink asks to stop, the filter is aborted
// and hccws::core::Cancelled is thrown (the label map has not been written at that point). ITK 5 invokes
// ProgressEvent observers on the thread that called Update(), so the sink is called from the caller's thread.
void updateWithProgress(itk::ProcessObject* filter, const ProgressScope& scope, const char* stage);

}  // namespace hccws::core::detail
