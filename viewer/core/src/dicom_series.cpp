// Grouping DICOM slice headers into series, splitting mixed grids, sorting along the slice normal and
// checking the stack (gaps, uneven steps, tilt, duplicates, localizers, derived images). Pure: no file access,
// so every rule is testable on made-up headers.
#include <hccws/core/dicom_series.h>

#include <hccws/core/limits.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <numeric>
#include <tuple>

namespace hccws::core {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDuplicateMm = 0.01;   // two slices closer than this along the normal are the same place
constexpr double kGapFactor = 1.5;      // a step above 1.5x the median step means missing slices
constexpr double kTiltDeg = 0.1;        // positions further off the normal than this: tilt or shear

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> splitBackslash(const std::string& s) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == '\\') out.emplace_back();
    else out.back() += c;
  }
  return out;
}

std::string baseName(const std::string& file) { return std::filesystem::path(file).filename().string(); }

std::string fmt(double v, int decimals = 2) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

Vec3 normalized(const Vec3& v) {
  const double n = norm(v);
  return n > 0 ? Vec3{v[0] / n, v[1] / n, v[2] / n} : v;
}

SeriesKind kindOf(const DicomSliceHeader& h) {
  const auto type = splitBackslash(upper(h.imageType));
  for (const auto& t : type)
    if (t == "LOCALIZER" || t == "SCOUT" || t == "TOPOGRAM" || t == "SCANOGRAM") return SeriesKind::Localizer;
  // CT and MR images load (MR: contrast MRI, no HU; see intensity_map.h); everything else (SEG, SR, PT...) not.
  if (!h.modality.empty() && upper(h.modality) != "CT" && upper(h.modality) != "MR") return SeriesKind::NonCt;
  // Secondary Capture SOP classes are screenshots/reformats, not acquired CT.
  if ((!type.empty() && type[0] == "DERIVED") || (type.size() > 1 && type[1] == "SECONDARY") ||
      h.sopClassUid.rfind("1.2.840.10008.5.1.4.1.1.7", 0) == 0)
    return SeriesKind::Derived;
  return SeriesKind::Image;
}

// Rounds for grouping; values no header should hold (NaN, 1e300) all fall into one bucket instead of
// overflowing lround (undefined behaviour).
long roundKey(double v) {
  const double x = v * 1000.0;
  return std::isfinite(x) && std::abs(x) < 1e15 ? std::lround(x) : std::numeric_limits<long>::min();
}

// Slices that can share one volume grid: same kind, size, pixel spacing and orientation.
auto gridKey(const DicomSliceHeader& h) {
  auto r = [](double v) { return roundKey(v); };
  return std::make_tuple(static_cast<int>(kindOf(h)), h.rows, h.columns, h.numberOfFrames > 1 ? h.file : "",
                         r(h.rowSpacingMm), r(h.columnSpacingMm), r(h.rowDirection[0]), r(h.rowDirection[1]),
                         r(h.rowDirection[2]), r(h.columnDirection[0]), r(h.columnDirection[1]),
                         r(h.columnDirection[2]));
}

void fillSource(SeriesSource& s, const DicomSliceHeader& h, const std::string& folder) {
  s.path = folder;
  s.seriesInstanceUid = h.seriesInstanceUid;
  s.studyInstanceUid = h.studyInstanceUid;
  s.frameOfReferenceUid = h.frameOfReferenceUid;
  s.patientId = h.patientId;
  s.patientName = h.patientName;
  s.studyDate = h.studyDate;
  s.modality = h.modality;
  s.manufacturer = h.manufacturer;
  s.seriesDescription = h.seriesDescription;
  s.protocolName = h.protocolName;
  s.imageType = h.imageType;
  s.contrastBolusAgent = h.contrastBolusAgent;
  s.contrastBolusStartTime = h.contrastBolusStartTime;
  s.acquisitionTime = h.acquisitionTime;
  s.seriesTime = h.seriesTime;
  s.seriesNumber = h.seriesNumber;
  s.windowCenter = h.windowCenter;
  s.windowWidth = h.windowWidth;
}

std::string seriesName(const DicomSliceHeader& h) {
  std::string name = h.seriesDescription.empty() ? "(no description)" : "'" + h.seriesDescription + "'";
  if (h.seriesNumber >= 0) name = "series " + std::to_string(h.seriesNumber) + " " + name;
  return name;
}

// Sorts one stack along its normal and checks the steps; fills files, slices, geometry and diagnostics.
void buildStack(DicomSeries& s, std::vector<DicomSliceHeader> slices) {
  const DicomSliceHeader first = slices.front();  // a copy: slices is re-sorted and filtered below
  const std::string name = seriesName(first) + (s.stackLabel.empty() ? "" : " (" + s.stackLabel + ")");
  // Positions are used only when every slice has a plausible one (|x| <= 1e6 mm: a damaged 1e300 would turn
  // every step into inf/NaN).
  const bool positioned = std::all_of(slices.begin(), slices.end(), [](const DicomSliceHeader& h) {
    return h.hasPosition && h.hasOrientation && plausiblePositionMm(h.positionLps[0]) &&
           plausiblePositionMm(h.positionLps[1]) && plausiblePositionMm(h.positionLps[2]);
  });
  const Vec3 row = normalized(first.rowDirection), col = normalized(first.columnDirection);
  const Vec3 normal = normalized(cross(row, col));
  auto along = [&](const DicomSliceHeader& h) { return dot(h.positionLps, normal); };

  if (positioned) {
    std::stable_sort(slices.begin(), slices.end(), [&](const DicomSliceHeader& a, const DicomSliceHeader& b) {
      return std::make_tuple(along(a), a.instanceNumber, a.file) < std::make_tuple(along(b), b.instanceNumber, b.file);
    });
  } else {
    std::stable_sort(slices.begin(), slices.end(), [](const DicomSliceHeader& a, const DicomSliceHeader& b) {
      return std::tie(a.instanceNumber, a.file) < std::tie(b.instanceNumber, b.file);
    });
    s.diagnostics.push_back({Severity::Warning, first.file,
                             name + ": slices without ImagePositionPatient/ImageOrientationPatient; sorted by "
                                    "InstanceNumber, the geometry is a guess"});
  }

  if (positioned && slices.size() > 1) {
    std::vector<DicomSliceHeader> kept{slices.front()};
    for (std::size_t n = 1; n < slices.size(); ++n) {
      if (along(slices[n]) - along(kept.back()) < kDuplicateMm) {
        s.diagnostics.push_back({Severity::Warning, slices[n].file,
                                 name + ": " + baseName(slices[n].file) + " has the same position as " +
                                     baseName(kept.back().file) + "; it was left out"});
      } else {
        kept.push_back(slices[n]);
      }
    }
    slices.swap(kept);
  }

  const bool thicknessKnown = plausibleSpacingMm(first.sliceThicknessMm);
  double step = thicknessKnown ? first.sliceThicknessMm : 1.0;
  std::vector<std::size_t> slot(slices.size());
  std::iota(slot.begin(), slot.end(), std::size_t(0));
  bool fillGaps = false;
  if (positioned && slices.size() > 1) {
    std::vector<double> steps;
    for (std::size_t n = 1; n < slices.size(); ++n) steps.push_back(along(slices[n]) - along(slices[n - 1]));
    std::vector<double> sorted = steps;
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    step = sorted[sorted.size() / 2];
    if (!plausibleSpacingMm(step)) step = thicknessKnown ? first.sliceThicknessMm : 1.0;  // all duplicates
    // Slices on a regular grid with whole steps missing get their true slot k, and the reader fills the
    // empty slots by interpolation: measurements across the gap then stay right. Anything less regular
    // keeps k = n (and a warning says distances are off).
    bool integral = slices.size() > 2;
    for (std::size_t n = 0; n < slices.size() && integral; ++n) {
      const double q = (along(slices[n]) - along(slices[0])) / step;
      integral = std::isfinite(q) && q >= 0 && q <= 4.0 * slices.size() && std::abs(q - std::round(q)) < 0.1;
      slot[n] = integral ? static_cast<std::size_t>(std::lround(q)) : n;
    }
    const std::size_t total = slot.back() + 1;
    fillGaps = integral && total > slices.size() && total <= 2 * slices.size();
    if (!fillGaps) std::iota(slot.begin(), slot.end(), std::size_t(0));
    const double tol = std::max(0.01, 0.01 * step);
    std::size_t uneven = 0;
    double minStep = step, maxStep = step;
    std::string firstUneven;
    for (std::size_t n = 0; n < steps.size(); ++n) {
      if (steps.size() >= 2 && steps[n] > kGapFactor * step) {
        const double ratio = steps[n] / step;
        const long missing = std::isfinite(ratio) && ratio < 1e9 ? std::lround(ratio) - 1 : -1;
        s.diagnostics.push_back({Severity::Warning, slices[n + 1].file,
                                 name + ": missing slice(s) between " + baseName(slices[n].file) + " and " +
                                     baseName(slices[n + 1].file) + " (gap " + fmt(steps[n]) + " mm, step " +
                                     fmt(step) + " mm, about " + std::to_string(std::max(1L, missing)) +
                                     " missing); " +
                                     (fillGaps ? "filled by interpolating the neighbouring slices"
                                               : "distances across the gap are wrong")});
      } else if (std::abs(steps[n] - step) > tol) {
        if (uneven++ == 0) firstUneven = slices[n + 1].file;
        minStep = std::min(minStep, steps[n]);
        maxStep = std::max(maxStep, steps[n]);
      }
    }
    if (uneven > 0)
      s.diagnostics.push_back({Severity::Warning, firstUneven,
                               name + ": uneven slice spacing (" + std::to_string(uneven) + " step(s) between " +
                                   fmt(minStep, 3) + " and " + fmt(maxStep, 3) + " mm, median " + fmt(step, 3) +
                                   " mm, first at " + baseName(firstUneven) + ")"});
    // Gantry tilt (or a sheared stack): the positions do not advance along the slice normal.
    const Vec3& p0 = slices.front().positionLps;
    const Vec3& p1 = slices.back().positionLps;
    const Vec3 dd{p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]};
    const double len = norm(dd);
    if (len > 0) {
      const double c = std::min(1.0, std::abs(dot(dd, normal)) / len);
      const double angle = std::acos(c) * 180.0 / kPi;
      if (angle > kTiltDeg)
        s.diagnostics.push_back(
            {Severity::Warning, first.file,
             name + ": gantry tilt or sheared stack: slice positions advance " + fmt(angle) +
                 " degrees off the slice normal (GantryDetectorTilt " + fmt(first.gantryTiltDeg, 1) +
                 "); the volume is built orthogonal, so world positions are off by up to " +
                 fmt(len * std::sin(angle * kPi / 180.0), 1) + " mm"});
    }
  }
  if (slices.size() == 1)
    s.diagnostics.push_back({Severity::Info, first.file, name + ": a single slice"});
  // A spacing the file does not give is never silently 1 mm: the user is told volumes and distances are off.
  if (!first.hasPixelSpacing)
    s.diagnostics.push_back({Severity::Warning, first.file,
                             name + ": no valid PixelSpacing (0028,0030) in " + baseName(first.file) +
                                 "; 1 mm is assumed, so distances, diameters and volumes are wrong"});
  if ((!positioned || slices.size() == 1) && !thicknessKnown)
    s.diagnostics.push_back({Severity::Warning, first.file,
                             name + ": no slice positions or valid SliceThickness (0018,0050) in " +
                                 baseName(first.file) + "; a 1 mm slice step is assumed, so volumes are wrong"});

  Geometry& g = s.geometry;
  g.dims = {first.columns, first.rows, (slot.back() + 1) * static_cast<std::size_t>(first.numberOfFrames)};
  g.spacingMm = {first.columnSpacingMm, first.rowSpacingMm, step};
  g.originLps = slices.front().positionLps;
  g.direction = {row[0], col[0], normal[0], row[1], col[1], normal[1], row[2], col[2], normal[2]};
  if (first.numberOfFrames > 1) {
    s.loadable = false;
    s.diagnostics.push_back({Severity::Warning, first.file,
                             name + ": multi-frame (enhanced) DICOM is not supported yet; not loaded"});
  }
  s.source.files.clear();
  for (const auto& h : slices) s.source.files.push_back(h.file);
  s.slices = std::move(slices);
  s.sliceIndex = std::move(slot);
}

}  // namespace

std::string toString(SeriesKind kind) {
  switch (kind) {
    case SeriesKind::Image: return "image";
    case SeriesKind::Localizer: return "localizer";
    case SeriesKind::Derived: return "derived";
    case SeriesKind::NonCt: return "not CT or MR";
  }
  return "image";
}

std::string severityName(Severity severity) {
  switch (severity) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "warning";
}

std::vector<DicomSeries> assembleSeries(std::vector<DicomSliceHeader> headers, const std::string& folder) {
  // Group by the real SeriesInstanceUID; files without one by study + number + description.
  std::map<std::string, std::vector<DicomSliceHeader>> groups;
  for (auto& h : headers) {
    const std::string key = !h.seriesInstanceUid.empty()
                                ? h.seriesInstanceUid
                                : "no-uid|" + h.studyInstanceUid + "|" + std::to_string(h.seriesNumber) + "|" +
                                      h.seriesDescription;
    groups[key].push_back(std::move(h));
  }

  std::vector<DicomSeries> out;
  for (auto& [key, members] : groups) {
    std::map<decltype(gridKey(members.front())), std::vector<DicomSliceHeader>> stacks;
    for (auto& h : members) stacks[gridKey(h)].push_back(h);
    std::vector<std::vector<DicomSliceHeader>> ordered;
    for (auto& [k, v] : stacks) ordered.push_back(std::move(v));
    // The biggest stack first: it is the one the user means by "the series".
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });

    // A copy: buildStack() takes each stack by move, and `ref` names the series in later stacks' messages.
    const DicomSliceHeader ref = ordered.front().front();
    for (std::size_t n = 0; n < ordered.size(); ++n) {
      DicomSeries s;
      fillSource(s.source, ordered[n].front(), folder);
      s.contrastBolusRoute = ordered[n].front().contrastBolusRoute;
      s.kind = kindOf(ordered[n].front());
      if (ordered.size() > 1) s.stackLabel = "stack " + std::to_string(n + 1) + " of " + std::to_string(ordered.size());
      const std::string name = seriesName(ref) + (s.stackLabel.empty() ? "" : " (" + s.stackLabel + ")");
      if (n == 0 && ordered.size() > 1) {
        std::string what;
        for (std::size_t m = 0; m < ordered.size(); ++m) {
          const auto& h = ordered[m].front();
          what += (m ? "; " : "") + std::to_string(ordered[m].size()) + " x " + std::to_string(h.columns) + "x" +
                  std::to_string(h.rows) + " " + toString(kindOf(h)) + " (e.g. " + baseName(h.file) + ")";
        }
        s.diagnostics.push_back({Severity::Warning, ref.file,
                                 seriesName(ref) + " mixes image sizes, spacings, orientations or image types; split "
                                                   "into " + std::to_string(ordered.size()) + " stacks: " + what});
      }
      if (key.rfind("no-uid|", 0) == 0)
        s.diagnostics.push_back({Severity::Info, ref.file,
                                 name + ": no SeriesInstanceUID; grouped by study, series number and description"});
      switch (s.kind) {
        case SeriesKind::Localizer:
          s.loadable = false;
          s.diagnostics.push_back({Severity::Warning, ordered[n].front().file,
                                   name + ": localizer/scout image(s) (ImageType " + ordered[n].front().imageType +
                                       "); not loaded"});
          break;
        case SeriesKind::Derived:
          s.diagnostics.push_back({Severity::Warning, ordered[n].front().file,
                                   name + ": derived or secondary images (ImageType " + ordered[n].front().imageType +
                                       "); not original images, use with care"});
          break;
        case SeriesKind::NonCt:
          s.loadable = false;
          s.diagnostics.push_back({Severity::Info, ordered[n].front().file,
                                   name + ": modality " + ordered[n].front().modality + ", not a CT or MR image; not loaded"});
          break;
        case SeriesKind::Image: break;
      }
      const std::size_t before = s.diagnostics.size();
      buildStack(s, std::move(ordered[n]));
      // Stack checks mean nothing for objects that are not loaded as CT (a SEG, an SR, ...).
      if (s.kind == SeriesKind::NonCt) s.diagnostics.resize(before);
      out.push_back(std::move(s));
    }
  }

  // Study, then acquisition order (acquisition time, series time, series number).
  std::stable_sort(out.begin(), out.end(), [](const DicomSeries& a, const DicomSeries& b) {
    const auto& x = a.source;
    const auto& y = b.source;
    const std::string tx = x.acquisitionTime.empty() ? x.seriesTime : x.acquisitionTime;
    const std::string ty = y.acquisitionTime.empty() ? y.seriesTime : y.acquisitionTime;
    return std::tie(x.studyInstanceUid, tx, x.seriesNumber) < std::tie(y.studyInstanceUid, ty, y.seriesNumber);
  });
  return out;
}

}  // namespace hccws::core
