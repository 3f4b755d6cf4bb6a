#include "report_slice.h"

#include <hccws/core/label_roles.h>

#include <QPainter>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

namespace hccws::gui {

namespace {

// The display layout of a plane: which index axis runs along the image's columns and rows, and whether each runs
// against the display convention (columns: towards the patient's left, or posterior for sagittal; rows: towards
// posterior for axial, inferior otherwise).
struct PlaneLayout {
  int fixed = 2, col = 0, row = 1;
  bool flipCol = false, flipRow = false;
};

int nearestAxis(const core::Geometry& g, int world, int exclude1 = -1, int exclude2 = -1) {
  int best = -1;
  double bestValue = -1;
  for (int a = 0; a < 3; ++a) {
    if (a == exclude1 || a == exclude2) continue;
    const double v = std::fabs(g.axisDirection(a)[static_cast<std::size_t>(world)]);
    if (v > bestValue) {
      bestValue = v;
      best = a;
    }
  }
  return best;
}

PlaneLayout layoutOf(const core::Geometry& g, SlicePlane plane) {
  PlaneLayout l;
  // world axes (LPS): 0 = x (to the patient's left), 1 = y (posterior), 2 = z (superior)
  const int normalWorld = plane == SlicePlane::Axial ? 2 : plane == SlicePlane::Coronal ? 1 : 0;
  const int colWorld = plane == SlicePlane::Sagittal ? 1 : 0;
  const int rowWorld = plane == SlicePlane::Axial ? 1 : 2;
  l.fixed = nearestAxis(g, normalWorld);
  l.col = nearestAxis(g, colWorld, l.fixed);
  l.row = 3 - l.fixed - l.col;
  l.flipCol = g.axisDirection(l.col)[static_cast<std::size_t>(colWorld)] < 0;
  // rows go down the image: posterior (axial, +y) or inferior (-z)
  l.flipRow = plane == SlicePlane::Axial ? g.axisDirection(l.row)[1] < 0 : g.axisDirection(l.row)[2] > 0;
  return l;
}

QRgb blend(QRgb under, const std::array<std::uint8_t, 3>& rgb, double a) {
  return qRgb(static_cast<int>(qRed(under) * (1 - a) + rgb[0] * a), static_cast<int>(qGreen(under) * (1 - a) + rgb[1] * a),
              static_cast<int>(qBlue(under) * (1 - a) + rgb[2] * a));
}

// A heatmap's value at a world point (nearest voxel); nullopt outside its grid.
std::optional<float> heatAt(const core::Heatmap& h, const core::Vec3& lps) {
  const auto& g = h.values.geometry();
  const core::Vec3 ijk = g.worldToIndex(lps);
  std::array<long, 3> n{};
  for (int a = 0; a < 3; ++a) {
    n[static_cast<std::size_t>(a)] = std::lround(ijk[static_cast<std::size_t>(a)]);
    if (n[static_cast<std::size_t>(a)] < 0 || n[static_cast<std::size_t>(a)] >= static_cast<long>(g.dims[static_cast<std::size_t>(a)])) return std::nullopt;
  }
  return h.values.at(static_cast<std::size_t>(n[0]), static_cast<std::size_t>(n[1]), static_cast<std::size_t>(n[2]));
}

// Letters, scale bar and caption over a rendered image of `widthMm` x `heightMm`.
void annotate(QImage& out, double widthMm, const char* top, const char* bottom, const char* left, const char* right,
              const QString& caption, const QString& position) {
  const int w = out.width(), h = out.height();
  QPainter p(&out);
  p.setRenderHint(QPainter::Antialiasing);
  const double pxPerMm = w / widthMm;
  QFont f = p.font();
  f.setPixelSize(std::max(12, w / 40));
  f.setBold(true);
  p.setFont(f);
  p.setPen(QColor(255, 220, 80));
  const int m = w / 60;
  p.drawText(QRect(0, m, w, h), Qt::AlignHCenter | Qt::AlignTop, QString::fromLatin1(top));
  p.drawText(QRect(0, 0, w, h - m), Qt::AlignHCenter | Qt::AlignBottom, QString::fromLatin1(bottom));
  p.drawText(QRect(m, 0, w, h), Qt::AlignLeft | Qt::AlignVCenter, QString::fromLatin1(left));
  p.drawText(QRect(0, 0, w - m, h), Qt::AlignRight | Qt::AlignVCenter, QString::fromLatin1(right));
  // the caption in the top-left corner, clear of the letter at the top's centre
  if (!caption.isEmpty()) p.drawText(QRect(m, m, w / 2 - 2 * m, h), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, caption);
  if (!position.isEmpty()) p.drawText(QRect(m, 0, w, h - m), Qt::AlignLeft | Qt::AlignBottom, position);
  // scale bar: 50 mm (10 mm on a small field of view)
  const double barMm = widthMm > 120 ? 50 : 10;
  const double barPx = barMm * pxPerMm;
  const QPointF end(w - 2.0 * m, h - 2.5 * m);
  p.setPen(QPen(QColor(255, 220, 80), std::max(2, w / 300)));
  p.drawLine(end - QPointF(barPx, 0), end);
  p.drawLine(end - QPointF(barPx, 5), end - QPointF(barPx, -5));
  p.drawLine(end - QPointF(0, 5), end + QPointF(0, 5));
  p.drawText(QRectF(end.x() - barPx, end.y() - 3.0 * m - f.pixelSize(), barPx, f.pixelSize() + 2.0 * m),
             Qt::AlignHCenter | Qt::AlignBottom, QStringLiteral("%1 mm").arg(barMm, 0, 'f', 0));
}

}  // namespace

int fixedAxis(const core::Geometry& g, SlicePlane plane) { return layoutOf(g, plane).fixed; }

std::size_t sliceIndexThrough(const core::CtVolume& ct, SlicePlane plane, const core::Vec3& lps) {
  const auto& g = ct.geometry();
  const int a = fixedAxis(g, plane);
  const double v = g.worldToIndex(lps)[static_cast<std::size_t>(a)];
  const long last = static_cast<long>(g.dims[static_cast<std::size_t>(a)]) - 1;
  return static_cast<std::size_t>(std::clamp(std::isfinite(v) ? std::lround(v) : 0L, 0L, last));
}

QImage renderSlice(const core::CtVolume& ct, const core::LabelMap* labels, SlicePlane plane, std::size_t index,
                   const ReportSliceOptions& o) {
  const auto& g = ct.geometry();
  const PlaneLayout l = layoutOf(g, plane);
  if (index >= g.dims[static_cast<std::size_t>(l.fixed)])
    throw std::invalid_argument("slice " + std::to_string(index) + " is outside the volume");
  if (labels && !labels->labels.geometry().sameGrid(g)) throw std::invalid_argument("the segmentation is not on the CT's grid");
  const std::size_t nc = g.dims[static_cast<std::size_t>(l.col)], nr = g.dims[static_cast<std::size_t>(l.row)];
  QImage slice(static_cast<int>(nc), static_cast<int>(nr), QImage::Format_RGB32);
  const double lo = o.windowLevel - o.windowWidth / 2;
  const double heatLo = o.heatmap ? o.heatmap->valueMin + o.heatThreshold * (o.heatmap->valueMax - o.heatmap->valueMin) : 0;
  const double heatSpan = o.heatmap ? std::max(1e-12, o.heatmap->valueMax - heatLo) : 1;
  auto ijkOf = [&](std::size_t c, std::size_t r) {
    std::array<std::size_t, 3> ijk{};
    ijk[static_cast<std::size_t>(l.fixed)] = index;
    ijk[static_cast<std::size_t>(l.col)] = c;
    ijk[static_cast<std::size_t>(l.row)] = r;
    return ijk;
  };
  auto labelAt = [&](std::size_t c, std::size_t r) {
    const auto v = ijkOf(c, r);
    return labels->labels.at(v[0], v[1], v[2]);
  };
  for (std::size_t r = 0; r < nr; ++r) {
    auto* line = reinterpret_cast<QRgb*>(slice.scanLine(static_cast<int>(l.flipRow ? nr - 1 - r : r)));
    for (std::size_t c = 0; c < nc; ++c) {
      const auto v = ijkOf(c, r);
      const double hu = ct.at(v[0], v[1], v[2]);
      const int grey = std::clamp(static_cast<int>(std::lround((hu - lo) / o.windowWidth * 255.0)), 0, 255);
      QRgb px = qRgb(grey, grey, grey);
      if (labels) {
        const std::uint8_t lab = labelAt(c, r);
        if (lab) {
          const auto* info = labels->table.find(lab);
          const auto rgb = info ? info->rgb : std::array<std::uint8_t, 3>{255, 255, 0};
          const bool edge = c == 0 || c + 1 == nc || r == 0 || r + 1 == nr || labelAt(c - 1, r) != lab ||
                            labelAt(c + 1, r) != lab || labelAt(c, r - 1) != lab || labelAt(c, r + 1) != lab;
          px = blend(px, rgb, edge ? 1.0 : o.labelOpacity);
        }
      }
      if (o.heatmap) {
        const auto heat = heatAt(*o.heatmap, g.indexToWorld({double(v[0]), double(v[1]), double(v[2])}));
        if (heat && *heat >= heatLo) {
          const double t = std::clamp((*heat - heatLo) / heatSpan, 0.0, 1.0);  // yellow (threshold) to red (max)
          px = blend(px, {255, static_cast<std::uint8_t>(std::lround(230 * (1 - t))), 0}, 0.35 + 0.4 * t);
        }
      }
      line[l.flipCol ? nc - 1 - c : c] = px;
    }
  }
  const double widthMm = double(nc) * g.spacingMm[static_cast<std::size_t>(l.col)];
  const double heightMm = double(nr) * g.spacingMm[static_cast<std::size_t>(l.row)];
  const int w = o.widthPx, h = std::max(1, static_cast<int>(std::lround(o.widthPx * heightMm / widthMm)));
  QImage out = slice.scaled(w, h, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
  std::array<double, 3> centre{};
  centre[static_cast<std::size_t>(l.fixed)] = double(index);
  const core::Vec3 world = g.indexToWorld({centre[0], centre[1], centre[2]});
  const char* axisName = plane == SlicePlane::Axial ? "z" : plane == SlicePlane::Coronal ? "y" : "x";
  const double along = plane == SlicePlane::Axial ? world[2] : plane == SlicePlane::Coronal ? world[1] : world[0];
  const QString position = QStringLiteral("%1/%2  %3 %4 mm").arg(index + 1).arg(g.dims[static_cast<std::size_t>(l.fixed)])
                               .arg(QString::fromLatin1(axisName)).arg(along, 0, 'f', 1);
  if (plane == SlicePlane::Axial) annotate(out, widthMm, "A", "P", "R", "L", o.caption, position);
  else if (plane == SlicePlane::Coronal) annotate(out, widthMm, "S", "I", "R", "L", o.caption, position);
  else annotate(out, widthMm, "S", "I", "A", "P", o.caption, position);
  return out;
}

QImage renderAxialSlice(const core::CtVolume& ct, const core::LabelMap* labels, std::size_t k, const ReportSliceOptions& o) {
  return renderSlice(ct, labels, SlicePlane::Axial, k, o);
}

std::size_t keySliceIndex(const core::CtVolume& ct, const core::Vec3* lesionLps) {
  if (!lesionLps) return ct.geometry().dims[static_cast<std::size_t>(fixedAxis(ct.geometry(), SlicePlane::Axial))] / 2;
  return sliceIndexThrough(ct, SlicePlane::Axial, *lesionLps);
}

QImage renderSegmentationProjection(const core::LabelMap& labels, int widthPx, const QString& caption) {
  const auto& g = labels.labels.geometry();
  const PlaneLayout l = layoutOf(g, SlicePlane::Coronal);  // seen from the front: columns = x, rows = z, depth = y
  const std::size_t nc = g.dims[static_cast<std::size_t>(l.col)], nr = g.dims[static_cast<std::size_t>(l.row)];
  const std::size_t nd = g.dims[static_cast<std::size_t>(l.fixed)];
  const bool depthFromFront = g.axisDirection(l.fixed)[1] > 0;  // index 0 is the most anterior
  // The first hit of every shown label along each ray, in mm from the front.
  std::vector<std::uint8_t> shown;
  for (const auto& info : labels.table.entries())
    if (info.value && info.visible) shown.push_back(info.value);
  std::array<int, 256> slot{};
  slot.fill(-1);
  for (std::size_t s = 0; s < shown.size(); ++s) slot[shown[s]] = static_cast<int>(s);
  const float none = std::numeric_limits<float>::infinity();
  std::vector<std::vector<float>> depth(shown.size(), std::vector<float>(nc * nr, none));
  const double step = g.spacingMm[static_cast<std::size_t>(l.fixed)];
  for (std::size_t r = 0; r < nr; ++r)
    for (std::size_t c = 0; c < nc; ++c)
      for (std::size_t d = 0; d < nd; ++d) {
        std::array<std::size_t, 3> v{};
        v[static_cast<std::size_t>(l.col)] = c;
        v[static_cast<std::size_t>(l.row)] = r;
        v[static_cast<std::size_t>(l.fixed)] = depthFromFront ? d : nd - 1 - d;
        const int s = slot[labels.labels.at(v[0], v[1], v[2])];
        if (s >= 0 && depth[static_cast<std::size_t>(s)][r * nc + c] == none)
          depth[static_cast<std::size_t>(s)][r * nc + c] = static_cast<float>(d * step);
      }
  const double colMm = g.spacingMm[static_cast<std::size_t>(l.col)], rowMm = g.spacingMm[static_cast<std::size_t>(l.row)];
  const double totalDepth = std::max(1.0, nd * step);
  QImage img(static_cast<int>(nc), static_cast<int>(nr), QImage::Format_RGB32);
  img.fill(QColor(18, 22, 30));
  for (std::size_t r = 0; r < nr; ++r) {
    auto* line = reinterpret_cast<QRgb*>(img.scanLine(static_cast<int>(l.flipRow ? nr - 1 - r : r)));
    for (std::size_t c = 0; c < nc; ++c) {
      // hits front to back; the liver translucent (0.4), the others opaque
      std::vector<std::pair<float, std::size_t>> hits;
      for (std::size_t s = 0; s < shown.size(); ++s)
        if (depth[s][r * nc + c] != none) hits.emplace_back(depth[s][r * nc + c], s);
      if (hits.empty()) continue;
      std::sort(hits.begin(), hits.end());
      double acc[3] = {0, 0, 0}, alpha = 0;
      for (const auto& [dz, s] : hits) {
        const auto& dm = depth[s];
        auto at = [&](long cc, long rr) {
          cc = std::clamp(cc, 0L, static_cast<long>(nc) - 1);
          rr = std::clamp(rr, 0L, static_cast<long>(nr) - 1);
          const float v = dm[static_cast<std::size_t>(rr) * nc + static_cast<std::size_t>(cc)];
          return v == none ? dz + 3.0 * step : double(v);  // beyond the silhouette: falling away
        };
        // the slope over +-2 pixels: a voxel-sized step of a drawn or grown surface does not read as texture
        const double gx = (at(long(c) + 2, long(r)) - at(long(c) - 2, long(r))) / (4 * colMm);
        const double gy = (at(long(c), long(r) + 2) - at(long(c), long(r) - 2)) / (4 * rowMm);
        const double lambert = 1.0 / std::sqrt(1 + gx * gx + gy * gy);       // light from the viewer
        const double cue = 1.0 - 0.45 * std::clamp(dz / totalDepth, 0.0, 1.0);  // nearer is brighter
        const double shade = (0.25 + 0.75 * lambert) * cue;
        const auto* info = labels.table.find(shown[s]);
        const bool liver = info && core::roleForName(info->name) == core::LabelRole::Liver;
        const double a = (liver && hits.size() > 1 ? 0.4 : 1.0) * (1 - alpha);
        for (int ch = 0; ch < 3; ++ch) acc[ch] += a * shade * info->rgb[static_cast<std::size_t>(ch)];
        alpha += a;
        if (alpha > 0.99) break;
      }
      const QRgb bg = qRgb(18, 22, 30);
      line[l.flipCol ? nc - 1 - c : c] = qRgb(static_cast<int>(acc[0] + (1 - alpha) * qRed(bg)),
                                              static_cast<int>(acc[1] + (1 - alpha) * qGreen(bg)),
                                              static_cast<int>(acc[2] + (1 - alpha) * qBlue(bg)));
    }
  }
  const double widthMm = double(nc) * colMm, heightMm = double(nr) * rowMm;
  const int h = std::max(1, static_cast<int>(std::lround(widthPx * heightMm / widthMm)));
  QImage out = img.scaled(widthPx, h, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
  annotate(out, widthMm, "S", "I", "R", "L", caption, QString());
  return out;
}

std::optional<core::Vec3> heatmapPeak(const core::Heatmap& heatmap) {
  const auto& g = heatmap.values.geometry();
  if (g.dims[0] * g.dims[1] * g.dims[2] == 0) return std::nullopt;
  std::array<std::size_t, 3> best{};
  float bestValue = -std::numeric_limits<float>::infinity();
  for (std::size_t k = 0; k < g.dims[2]; ++k)
    for (std::size_t j = 0; j < g.dims[1]; ++j)
      for (std::size_t i = 0; i < g.dims[0]; ++i)
        if (const float v = heatmap.values.at(i, j, k); v > bestValue) {
          bestValue = v;
          best = {i, j, k};
        }
  return g.indexToWorld({double(best[0]), double(best[1]), double(best[2])});
}

}  // namespace hccws::gui
