#include <hccws/case/nomogram_measures.h>

namespace hccws::cases {

std::map<std::string, std::optional<double>> nomogramMeasures(const core::Measurements& m) {
  std::map<std::string, std::optional<double>> v;
  v["lesion_number"] = m.tumourMeasured ? std::optional<double>(m.tumourCount) : std::nullopt;
  v["diameter"] = m.tumourMeasured && m.tumourCount > 0 ? std::optional<double>(m.largestAxialDiameterMm / 10.0) : std::nullopt;
  v["pvtt"] = m.pvttMeasured ? std::optional<double>(m.pvttPresent ? 1.0 : 0.0) : std::nullopt;
  return v;
}

}  // namespace hccws::cases
