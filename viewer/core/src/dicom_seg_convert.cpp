// SegmentSet <-> LabelMap and the standard coded concepts of the workstation's labels. Pure (no DICOM
// library): the file side is in dicom_seg_read.cpp / dicom_seg_write.cpp.
//
// Codes (SNOMED CT, scheme "SCT", as DICOM PS3.16 lists them):
// - liver: category 123037004 "Anatomical Structure" (CID 7150; it replaced the older 91723000 and the
//   "Tissue" category that early Slicer/dcmqi files use), type 10200004 "Liver" (CID 7154).
// - tumour: category 49755003 "Morphologically Altered Structure", type 108369006 "Neoplasm" (CID 7159).
// - portal vein tumour thrombus: category 49755003, type 396339007 "Thrombus" (CID 3810); DICOM has no
//   concept "tumour thrombus", so the label keeps the precise name.
// - anything else: category and type 85756007 "Tissue" (3D Slicer's default for an unnamed segment).
#include <hccws/core/dicom_seg.h>
#include <hccws/core/errors.h>
#include <hccws/core/label_roles.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <stdexcept>

namespace hccws::core {
namespace {

Segment codes(const char* cat, const char* catMeaning, const char* type, const char* typeMeaning) {
  Segment s;
  s.categoryCode = cat;
  s.categoryScheme = "SCT";
  s.categoryMeaning = catMeaning;
  s.typeCode = type;
  s.typeScheme = "SCT";
  s.typeMeaning = typeMeaning;
  return s;
}

}  // namespace

std::optional<Segment> standardSegmentCodes(const std::string& labelName) {
  // The same synonyms that give measurements their segments (label_roles.h).
  const auto role = roleForName(labelName);
  if (!role) return std::nullopt;
  switch (*role) {
    case LabelRole::Liver: return codes("123037004", "Anatomical Structure", "10200004", "Liver");
    case LabelRole::Tumour: return codes("49755003", "Morphologically Altered Structure", "108369006", "Neoplasm");
    case LabelRole::Pvtt: break;
  }
  return codes("49755003", "Morphologically Altered Structure", "396339007", "Thrombus");
}

SegmentSet segmentSetFromLabelMap(const LabelMap& labels) {
  const Volume<std::uint8_t>& lv = labels.labels;
  std::set<int> values;
  for (const auto& e : labels.table.entries())
    if (e.value > 0) values.insert(e.value);
  std::array<bool, 256> present{};
  for (std::uint8_t v : lv.buffer()) present[v] = true;
  for (int v = 1; v < 256; ++v)
    if (present[v]) values.insert(v);

  SegmentSet set;
  set.geometry = lv.geometry();
  std::map<int, std::size_t> slot;
  for (int v : values) {
    Segment s;
    if (const LabelInfo* info = labels.table.find(static_cast<std::uint8_t>(v))) {
      s.label = info->name.empty() ? "label " + std::to_string(v) : info->name;
      s.rgb = info->rgb;
    } else {
      s.label = "label " + std::to_string(v);
      s.rgb = {200, 200, 200};
    }
    s.labelValue = static_cast<std::uint8_t>(v);
    s.mask = Volume<std::uint8_t>(set.geometry, std::uint8_t{0});
    slot[v] = set.segments.size();
    set.segments.push_back(std::move(s));
  }
  std::vector<std::uint8_t*> masks(256, nullptr);
  for (const auto& [v, n] : slot) masks[v] = set.segments[n].mask.data();
  const std::uint8_t* src = lv.data();
  for (std::size_t n = 0; n < lv.size(); ++n)
    if (src[n]) masks[src[n]][n] = 1;
  return set;
}

LabelMap labelMapFromSegmentSet(const SegmentSet& set, std::size_t* overlapVoxels) {
  LabelMap out;
  out.table = LabelTable();
  out.labels = Volume<std::uint8_t>(set.geometry, std::uint8_t{0});
  std::set<int> used;
  std::vector<std::uint8_t> claims(set.geometry.voxelCount(), 0);
  for (std::size_t s = 0; s < set.segments.size(); ++s) {
    const Segment& seg = set.segments[s];
    if (s >= 255 && seg.labelValue == 0) throw std::invalid_argument("labelMapFromSegmentSet: more than 255 segments");
    const int value = seg.labelValue ? seg.labelValue : static_cast<int>(s + 1);
    if (!used.insert(value).second)
      throw std::invalid_argument("labelMapFromSegmentSet: two segments ask for label value " + std::to_string(value));
    if (!seg.mask.geometry().sameGrid(set.geometry) || seg.mask.size() != out.labels.size())
      throw std::invalid_argument("labelMapFromSegmentSet: segment '" + seg.label + "' is not on the set's grid");
    out.table.set({static_cast<std::uint8_t>(value), seg.label, seg.rgb, true, false});
    const std::uint8_t* m = seg.mask.data();
    std::uint8_t* dst = out.labels.data();
    for (std::size_t n = 0; n < out.labels.size(); ++n)
      if (m[n]) {
        dst[n] = static_cast<std::uint8_t>(value);
        if (claims[n] < 2) ++claims[n];
      }
  }
  if (overlapVoxels) *overlapVoxels = static_cast<std::size_t>(std::count(claims.begin(), claims.end(), 2));
  return out;
}

void checkSegBelongsTo(const SegmentSet& set, const SeriesSource& loaded, const std::string& path) {
  const bool otherSeries = !set.referencedSeriesInstanceUid.empty() && !loaded.seriesInstanceUid.empty() &&
                           set.referencedSeriesInstanceUid != loaded.seriesInstanceUid;
  const bool otherFrame = !set.frameOfReferenceUid.empty() && !loaded.frameOfReferenceUid.empty() &&
                          set.frameOfReferenceUid != loaded.frameOfReferenceUid;
  if (otherSeries && otherFrame)
    throw ImagingError(path, "this segmentation belongs to another examination: it references series " +
                                 set.referencedSeriesInstanceUid + " (frame of reference " + set.frameOfReferenceUid +
                                 "), the loaded series is " + loaded.seriesInstanceUid + " (frame of reference " +
                                 loaded.frameOfReferenceUid + ")");
}

}  // namespace hccws::core
