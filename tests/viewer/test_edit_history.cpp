// EditHistory: delta undo/redo is bit-identical over long random edit sequences, steps are tight and small,
// the redo branch and byte budget behave as the header says, replaceAll and abort restore exactly.
#include "support.h"
#include <hccws/core/edit_history.h>
#include <hccws/core/label_edit.h>

#include <catch2/catch.hpp>

#include <random>
#include <stdexcept>

using namespace hccws::core;

namespace {

LabelMap makeMap(Dims3 dims, Vec3 spacing) { return hccws::test::emptyLabelMap(dims, spacing, {-40, 30, -200}); }

// An ellipsoidal "liver" (1) so that edits meet more than one value.
void addLiver(LabelMap& m) {
  const Dims3& d = m.labels.dims();
  for (std::size_t k = 0; k < d[2]; ++k)
    for (std::size_t j = 0; j < d[1]; ++j)
      for (std::size_t i = 0; i < d[0]; ++i) {
        const double x = (double(i) - d[0] * 0.45) / (d[0] * 0.35), y = (double(j) - d[1] * 0.5) / (d[1] * 0.3),
                     z = (double(k) - d[2] * 0.5) / (d[2] * 0.4);
        if (x * x + y * y + z * z <= 1) m.labels.at(i, j, k) = 1;
      }
}

std::size_t differing(const Volume<std::uint8_t>& a, const Volume<std::uint8_t>& b) {
  std::size_t n = 0;
  for (std::size_t v = 0; v < a.size(); ++v) n += a.data()[v] != b.data()[v];
  return n;
}

Vec3 randomPoint(const Geometry& g, std::mt19937& rng) {
  std::uniform_real_distribution<double> u(0, 1);
  return g.indexToWorld({u(rng) * (g.dims[0] - 1), u(rng) * (g.dims[1] - 1), u(rng) * (g.dims[2] - 1)});
}

// One random edit of a random kind, recorded as one step. Returns the step info.
EditStepInfo randomEdit(EditHistory& h, LabelMap& m, std::mt19937& rng, int kind) {
  const Geometry& g = m.labels.geometry();
  std::uniform_real_distribution<double> u(0, 1);
  EditRules rules;
  rules.label = static_cast<std::uint8_t>(2 + (rng() % 2));  // tumour or PVTT
  rules.eraseTo = static_cast<std::uint8_t>(rng() % 2);
  if (rng() % 3 == 0) rules.editable = {1, 2};
  rules.overwriteOtherLabels = rng() % 4 != 0;
  ChangeRecorder& rec = h.begin(m, "edit " + std::to_string(kind));
  switch (kind) {
    case 0:
    case 1:
    case 2: {  // a stroke of several dabs
      Brush b;
      b.shape = rng() % 2 ? BrushShape::Sphere : BrushShape::Disc;
      b.sliceAxis = int(rng() % 3);
      b.radiusMm = 1 + 5 * u(rng);
      Vec3 p = randomPoint(g, rng);
      const int dabs = 1 + int(rng() % 6);
      for (int d = 0; d < dabs; ++d) {
        Vec3 q = p;
        for (double& c : q) c += (u(rng) - 0.5) * 12;
        paintLine(m, p, q, b, rules, &rec, kind == 2);
        p = q;
      }
      break;
    }
    case 3: {
      const Dims3 seed{rng() % g.dims[0], rng() % g.dims[1], rng() % g.dims[2]};
      fillRegionInSlice(m, seed, int(rng() % 3), rules, &rec, rng() % 2 == 0);
      break;
    }
    case 4:
      islands(m, rng() % 2 ? IslandMode::KeepLargest : IslandMode::RemoveSmall, 0.05, rules, &rec);
      break;
    case 5:
      margin(m, (u(rng) - 0.5) * 6, rules, &rec);
      break;
    case 6:
      smooth(m, SmoothMethod(rng() % 3), 2 + 2 * u(rng), rules, &rec);
      break;
    case 7:
      logical(m, LogicalOp(rng() % 5), maskOf(m, static_cast<std::uint8_t>(rng() % 4)), rules, &rec);
      break;
    default:
      fillBetweenSlices(m, int(rng() % 3), rules, &rec);
      break;
  }
  return h.commit(m);
}

}  // namespace

TEST_CASE("undo/redo is bit-identical over 200 random mixed edits", "[edit_history]") {
  LabelMap m = makeMap({48, 44, 28}, {1.1, 0.9, 2.2});
  addLiver(m);
  EditHistory h;
  std::mt19937 rng(20240611);
  std::vector<Volume<std::uint8_t>> snapshots{m.labels};
  std::vector<std::size_t> kindsSeen(9, 0);
  for (int n = 0; n < 200; ++n) {
    const int kind = int(rng() % 9);
    const Volume<std::uint8_t> before = m.labels;
    const EditStepInfo info = randomEdit(h, m, rng, kind);
    REQUIRE(info.changedVoxels == differing(before, m.labels));
    if (info.changedVoxels == 0) continue;  // not stored
    ++kindsSeen[std::size_t(kind)];
    // The step box is tight: every changed voxel in it, and each face of it touches a changed voxel.
    for (std::size_t k = 0; k < m.labels.dims()[2]; ++k)
      for (std::size_t j = 0; j < m.labels.dims()[1]; ++j)
        for (std::size_t i = 0; i < m.labels.dims()[0]; ++i)
          if (before.at(i, j, k) != m.labels.at(i, j, k)) REQUIRE(info.box.contains(i, j, k));
    snapshots.push_back(m.labels);
  }
  for (std::size_t kind = 0; kind < kindsSeen.size(); ++kind) {
    INFO("edit kind " << kind);
    CHECK(kindsSeen[kind] > 0);
  }
  REQUIRE(h.undoCount() == snapshots.size() - 1);
  REQUIRE(h.steps().size() == snapshots.size() - 1);
  CHECK(h.bytes() < m.labels.size() * (snapshots.size() - 1) / 4);  // far below full copies

  for (std::size_t s = snapshots.size() - 1; s > 0; --s) {
    REQUIRE(h.canUndo());
    h.undo(m);
    REQUIRE(m.labels.buffer() == snapshots[s - 1].buffer());
  }
  CHECK_FALSE(h.canUndo());
  CHECK(h.undo(m).empty());
  for (std::size_t s = 1; s < snapshots.size(); ++s) {
    REQUIRE(h.canRedo());
    h.redo(m);
    REQUIRE(m.labels.buffer() == snapshots[s].buffer());
  }
  CHECK_FALSE(h.canRedo());
  CHECK(h.redo(m).empty());
  // Undo half way, redo a few, undo again: still identical.
  for (int n = 0; n < 50; ++n) h.undo(m);
  for (int n = 0; n < 20; ++n) h.redo(m);
  CHECK(m.labels.buffer() == snapshots[snapshots.size() - 1 - 30].buffer());
}

TEST_CASE("a step stores the tight box and far fewer bytes than the box", "[edit_history]") {
  LabelMap m = makeMap({120, 120, 60}, {0.8, 0.8, 1.5});
  addLiver(m);
  EditHistory h;
  ChangeRecorder& rec = h.begin(m, "Paint tumour");
  CHECK(h.inStep());
  CHECK_THROWS_AS(h.begin(m, "again"), std::logic_error);
  Brush b;
  b.radiusMm = 8;
  const Geometry& g = m.labels.geometry();
  EditResult total;
  for (int d = 0; d < 20; ++d) {
    const Vec3 a = g.indexToWorld({30.0 + 2.5 * d, 60.3, 30.2}), c = g.indexToWorld({32.5 + 2.5 * d, 61.1, 30.9});
    const EditResult r = paintLine(m, a, c, b, EditRules{}, &rec);
    total.box = total.box.united(r.box);
  }
  const EditStepInfo info = h.commit(m);
  CHECK_FALSE(h.inStep());
  CHECK(info.name == "Paint tumour");
  CHECK(info.box == total.box);
  const std::size_t boxBytes = info.box.voxelCount();
  INFO("box " << boxBytes << " voxels, step " << info.bytes << " bytes");
  CHECK(info.bytes * 10 < boxBytes);
  CHECK(h.bytes() == info.bytes);
  REQUIRE(h.steps().size() == 1);
  CHECK(h.steps()[0].changedVoxels == info.changedVoxels);

  // A step that changes nothing is not stored and does not drop the redo branch.
  h.undo(m);
  REQUIRE(h.canRedo());
  h.begin(m, "nothing");
  const EditStepInfo none = h.commit(m);
  CHECK(none.changedVoxels == 0);
  CHECK(h.canRedo());
  CHECK(h.steps().size() == 1);
}

TEST_CASE("a new step drops the redo branch", "[edit_history]") {
  LabelMap m = makeMap({40, 40, 20}, {1, 1, 1});
  EditHistory h;
  Brush b;
  b.radiusMm = 3;
  const Geometry& g = m.labels.geometry();
  for (int s = 0; s < 4; ++s) {
    ChangeRecorder& rec = h.begin(m, "dab " + std::to_string(s));
    paintDab(m, g.indexToWorld({5.0 + 8 * s, 20, 10}), b, EditRules{}, &rec);
    h.commit(m);
  }
  h.undo(m);
  h.undo(m);
  CHECK(h.undoCount() == 2);
  CHECK(h.steps().size() == 4);
  ChangeRecorder& rec = h.begin(m, "other");
  paintDab(m, g.indexToWorld({20, 5, 10}), b, EditRules{}, &rec);
  h.commit(m);
  const auto steps = h.steps();
  REQUIRE(steps.size() == 3);
  CHECK(steps[0].name == "dab 0");
  CHECK(steps[1].name == "dab 1");
  CHECK(steps[2].name == "other");
  CHECK_FALSE(h.canRedo());
  std::size_t sum = 0;
  for (const auto& s : steps) sum += s.bytes;
  CHECK(h.bytes() == sum);
}

TEST_CASE("the byte budget prunes the oldest steps; the newest always stays", "[edit_history]") {
  LabelMap m = makeMap({60, 60, 30}, {1, 1, 1});
  addLiver(m);
  const Geometry& g = m.labels.geometry();
  Brush b;
  b.radiusMm = 4;
  std::vector<Volume<std::uint8_t>> snapshots{m.labels};
  EditHistory h(std::size_t{1} << 30);
  for (int s = 0; s < 30; ++s) {
    ChangeRecorder& rec = h.begin(m, "dab " + std::to_string(s));
    paintDab(m, g.indexToWorld({5.0 + 1.7 * s, 10.0 + 1.3 * s, 4.0 + 0.7 * s}), b, EditRules{}, &rec);
    h.commit(m);
    snapshots.push_back(m.labels);
  }
  const auto all = h.steps();
  REQUIRE(all.size() == 30);
  // A budget holding about the last 10 steps.
  std::size_t keep = 0, tail = 0;
  for (std::size_t s = all.size(); s-- > 0 && tail + all[s].bytes <= (all[29].bytes * 10);) tail += all[s].bytes, ++keep;
  h.setByteBudget(tail);
  CHECK(h.bytes() <= tail);
  CHECK(h.steps().size() == keep);
  CHECK(h.prunedSteps() == 30 - keep);
  CHECK(h.steps().front().name == "dab " + std::to_string(30 - keep));
  // The remaining steps undo to the snapshot taken after the last pruned step.
  while (h.canUndo()) h.undo(m);
  CHECK(m.labels.buffer() == snapshots[30 - keep].buffer());
  while (h.canRedo()) h.redo(m);
  CHECK(m.labels.buffer() == snapshots[30].buffer());

  // A budget below one step keeps just the newest.
  h.setByteBudget(1);
  CHECK(h.steps().size() == 1);
  CHECK(h.steps()[0].name == "dab 29");
  CHECK(h.bytes() > h.byteBudget());
  h.undo(m);
  CHECK(m.labels.buffer() == snapshots[29].buffer());
  h.clear();
  CHECK(h.steps().empty());
  CHECK(h.bytes() == 0);
}

TEST_CASE("replaceAll records a whole-map proposal as one step", "[edit_history]") {
  LabelMap m = makeMap({50, 40, 30}, {1, 1, 2});
  addLiver(m);
  const Volume<std::uint8_t> original = m.labels;
  Volume<std::uint8_t> proposal = original;
  std::size_t changes = 0;
  for (std::size_t k = 10; k < 20; ++k)
    for (std::size_t j = 5; j < 30; ++j)
      for (std::size_t i = 12; i < 40; ++i)
        if ((i + j + k) % 3 == 0) proposal.at(i, j, k) = 2, ++changes;
  // The changed box as written: i 12..39, j 5..29, k 10..19 (every row has a change).
  EditHistory h;
  const EditStepInfo info = h.replaceAll(m, proposal, "Accept segmentation proposal");
  CHECK(m.labels.buffer() == proposal.buffer());
  CHECK(info.changedVoxels == changes);
  CHECK(info.box == IndexBox{{12, 5, 10}, {40, 30, 20}});
  CHECK(h.undo(m) == info.box);
  CHECK(m.labels.buffer() == original.buffer());
  h.redo(m);
  CHECK(m.labels.buffer() == proposal.buffer());
  // The same proposal again changes nothing: no step.
  CHECK(h.replaceAll(m, proposal, "again").changedVoxels == 0);
  CHECK(h.steps().size() == 1);
  Volume<std::uint8_t> wrong(Geometry{{50, 40, 29}, {1, 1, 2}, {-40, 30, -200}, kIdentity3}, 0);
  CHECK_THROWS_AS(h.replaceAll(m, wrong, "bad"), std::invalid_argument);
}

TEST_CASE("abort restores the pre-image of everything announced", "[edit_history]") {
  LabelMap m = makeMap({64, 64, 32}, {0.7, 0.7, 2.0});
  addLiver(m);
  const Volume<std::uint8_t> original = m.labels;
  EditHistory h;
  ChangeRecorder& rec = h.begin(m, "stroke");
  Brush b;
  b.radiusMm = 5;
  const Geometry& g = m.labels.geometry();
  // A stroke that grows the recorded box in every direction, in both orders.
  std::mt19937 rng(3);
  for (int d = 0; d < 25; ++d) paintLine(m, randomPoint(g, rng), randomPoint(g, rng), b, EditRules{}, &rec);
  REQUIRE(differing(original, m.labels) > 0);
  const IndexBox restored = h.abort(m);
  CHECK(m.labels.buffer() == original.buffer());
  CHECK_FALSE(restored.empty());
  CHECK_FALSE(h.inStep());
  CHECK(h.steps().empty());
  CHECK_THROWS_AS(h.commit(m), std::logic_error);
}
