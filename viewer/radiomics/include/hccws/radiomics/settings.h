#pragma once
// Radiomics settings: every option of IBSI 1's image processing that changes a feature value, in one value
// type that is written beside every result (toJson) and read back (fromJson), so a number can always be
// recomputed. Names follow the IBSI 1 reference manual (https://theibsi.github.io, chapter "Image processing").
#include <optional>
#include <string>
#include <vector>

namespace hccws::radiomics {

enum class Discretisation { FixedBinNumber, FixedBinSize };

struct Settings {
  // Interpolation to isotropic voxels (IBSI 3.3): none when empty. The new grid's centre is the old grid's
  // centre ("align grid centres"); the image is interpolated trilinearly, the ROI mask trilinearly and then
  // kept where >= maskThreshold (IBSI's partial-volume rule).
  std::optional<double> isotropicMm;
  double maskThreshold = 0.5;
  bool roundIntensities = false;  // round interpolated intensities to integers (IBSI for CT in HU)

  // Re-segmentation (IBSI 3.5): the intensity mask keeps ROI voxels with lower <= x <= upper. The
  // morphological mask is the ROI itself. Either bound may be absent.
  std::optional<double> resegmentLower;
  std::optional<double> resegmentUpper;

  // Discretisation (IBSI 3.6) for the histogram and texture families.
  Discretisation discretisation = Discretisation::FixedBinSize;
  int binNumber = 32;      // FixedBinNumber: Ng bins between the ROI's min and max (at most 1024)
  double binWidth = 25.0;  // FixedBinSize: bins of this width starting at resegmentLower (or the ROI's min);
                           // a width giving more than 1024 grey levels is refused

  // Intensity-volume histogram (IBSI 4.4): intensities binned with this width starting at resegmentLower or
  // the ROI minimum; 0 = use the texture discretisation's grey levels.
  double ivhBinWidth = 0.0;

  // Moran's I and Geary's C look at every pair of voxels (N^2); above this many ROI voxels they are not
  // computed and the result says so (never approximated silently).
  long long spatialMaxVoxels = 20000;

  // Texture aggregations to compute ("2D:avg", "2D:mrg", "2.5D:avg", "2.5D:mrg", "3D:avg", "3D:mrg" for
  // GLCM/GLRLM; "2D", "2.5D", "3D" for GLSZM, GLDZM, NGTDM, NGLDM). Empty = the clinical default, 3D only.
  std::vector<std::string> aggregations;

  // Slices for 2D/2.5D aggregation are index planes normal to this index axis (2 = k: axial for DICOM).
  int sliceAxis = 2;

  std::string toJson() const;
  // Throws std::invalid_argument naming the field and the problem (unknown key, wrong type, bad value).
  static Settings fromJson(const std::string& text);
  // Throws std::invalid_argument for inconsistent values (bin width <= 0, lower > upper, ...).
  void validate() const;
};

// Every aggregation name accepted in Settings::aggregations.
const std::vector<std::string>& allAggregations();

}  // namespace hccws::radiomics
