#pragma once
// Helpers for the segment-editor GUI tests: mouse strokes sent to a real SliceView at sub-pixel positions
// (so a stroke point can be a voxel centre exactly), and the expected voxel sets computed here,
// independently of core::paintLine.
#include <hccws/core/label_map.h>
#include <hccws/widgets/slice_view.h>

#include <hccws/core/progress.h>

#include <QApplication>
#include <QMouseEvent>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string_view>
#include <thread>
#include <vector>

namespace hccws::test {

inline void sendMouse(QWidget* w, QEvent::Type type, const QPointF& pos, Qt::MouseButton button,
                      Qt::MouseButtons buttons, Qt::KeyboardModifiers mods = {}) {
  QMouseEvent e(type, pos, w->mapToGlobal(pos), button, buttons, mods);
  QApplication::sendEvent(w, &e);
}

// Press at the first point, move through the others, release at the last (world points, LPS mm).
inline void strokeThrough(widgets::SliceView* view, const std::vector<core::Vec3>& points) {
  const QPointF first = view->worldToWidget(points.front());
  sendMouse(view, QEvent::MouseButtonPress, first, Qt::LeftButton, Qt::LeftButton);
  for (std::size_t i = 1; i < points.size(); ++i)
    sendMouse(view, QEvent::MouseMove, view->worldToWidget(points[i]), Qt::NoButton, Qt::LeftButton);
  sendMouse(view, QEvent::MouseButtonRelease, view->worldToWidget(points.back()), Qt::LeftButton, Qt::NoButton);
}

inline double distanceToSegment(const core::Vec3& p, const core::Vec3& a, const core::Vec3& b) {
  core::Vec3 ab{b[0] - a[0], b[1] - a[1], b[2] - a[2]}, ap{p[0] - a[0], p[1] - a[1], p[2] - a[2]};
  const double len2 = ab[0] * ab[0] + ab[1] * ab[1] + ab[2] * ab[2];
  double t = len2 > 0 ? (ap[0] * ab[0] + ap[1] * ab[1] + ap[2] * ab[2]) / len2 : 0.0;
  t = std::fmax(0.0, std::fmin(1.0, t));
  const core::Vec3 q{a[0] + t * ab[0], a[1] + t * ab[1], a[2] + t * ab[2]};
  return std::sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
}

// Voxels whose centre lies within radiusMm of the polyline; onlyK >= 0 limits them to that k slice (a disc).
// Voxels within 1e-6 mm of the boundary are reported in `ambiguous` (either answer is right).
struct ExpectedSet {
  std::vector<std::uint8_t> inside;  // 1 = must be painted
  std::vector<std::uint8_t> ambiguous;
  std::size_t count = 0;
};
inline ExpectedSet expectedStroke(const core::Geometry& g, const std::vector<core::Vec3>& points, double radiusMm,
                                  long onlyK = -1) {
  ExpectedSet e;
  e.inside.assign(g.voxelCount(), 0);
  e.ambiguous.assign(g.voxelCount(), 0);
  for (std::size_t k = 0; k < g.dims[2]; ++k)
    for (std::size_t j = 0; j < g.dims[1]; ++j)
      for (std::size_t i = 0; i < g.dims[0]; ++i) {
        if (onlyK >= 0 && static_cast<long>(k) != onlyK) continue;
        const core::Vec3 p = g.indexToWorld({double(i), double(j), double(k)});
        double d = distanceToSegment(p, points.front(), points.front());
        for (std::size_t s = 1; s < points.size(); ++s) d = std::fmin(d, distanceToSegment(p, points[s - 1], points[s]));
        const std::size_t idx = g.linearIndex(i, j, k);
        if (std::fabs(d - radiusMm) < 1e-6) e.ambiguous[idx] = 1;
        else if (d < radiusMm) e.inside[idx] = 1, ++e.count;
      }
  return e;
}

// Voxels where `labels` (value == label) and the expected set disagree (ambiguous voxels excluded).
inline std::size_t mismatches(const core::Volume<std::uint8_t>& labels, std::uint8_t label, const ExpectedSet& e) {
  std::size_t bad = 0;
  for (std::size_t n = 0; n < labels.size(); ++n)
    if (!e.ambiguous[n] && ((labels.buffer()[n] == label) != (e.inside[n] != 0))) ++bad;
  return bad;
}

// On a grid like makeTestCt's (40 x 36 x 20, 1.0 x 1.2 x 2.5 mm): liver (1) in the box [6, 34) x [5, 31) x
// [3, 17), a tumour (2) ball of 6 mm radius around voxel (20, 18, 10) inside it, and a 2 x 2 x 1 tumour speck
// at (9..10, 8..9, 5), an island of 0.012 mL, also inside the liver.
inline core::LabelMap liverWithTumour(const core::Geometry& g) {
  core::LabelMap lm;
  lm.labels = core::Volume<std::uint8_t>(g, 0);
  const core::Vec3 c = g.indexToWorld({20, 18, 10});
  for (std::size_t k = 3; k < 17; ++k)
    for (std::size_t j = 5; j < 31; ++j)
      for (std::size_t i = 6; i < 34; ++i) {
        const core::Vec3 p = g.indexToWorld({double(i), double(j), double(k)});
        const double d = std::sqrt((p[0] - c[0]) * (p[0] - c[0]) + (p[1] - c[1]) * (p[1] - c[1]) +
                                   (p[2] - c[2]) * (p[2] - c[2]));
        lm.labels.at(i, j, k) = d <= 6.0 ? 2 : 1;
      }
  for (std::size_t j = 8; j < 10; ++j)
    for (std::size_t i = 9; i < 11; ++i) lm.labels.at(i, j, 5) = 2;
  return lm;
}

// A LabelEditor progress hook (runs on the worker) that holds the operation at every report until release()
// (10 s at most, so a broken test cannot hang), counting the reports. Shared state: the hook may outlive
// the test's scope until the editor has waited for its worker.
struct HeldWorker {
  std::shared_ptr<std::atomic<bool>> released = std::make_shared<std::atomic<bool>>(false);
  std::shared_ptr<std::atomic<int>> calls = std::make_shared<std::atomic<int>>(0);

  core::ProgressSink hook() const {
    return [r = released, c = calls](double, std::string_view) {
      ++*c;
      for (int n = 0; n < 10000 && !r->load(); ++n) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      return true;
    };
  }
  void release() { *released = true; }
};

}  // namespace hccws::test
