// EditHistory: delta undo. See edit_history.h for the contract and edit_rle.h for the storage format.
#include <hccws/core/edit_history.h>

#include "edit_rle.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace hccws::core {

namespace {

struct Step {
  std::string name;
  IndexBox box;
  std::size_t changed = 0;
  std::vector<std::uint8_t> oldRuns, newRuns;

  std::size_t bytes() const { return sizeof(Step) + name.capacity() + oldRuns.capacity() + newRuns.capacity(); }
  // Call once the runs are written: the encoder's growth slack is not kept.
  void shrink() {
    oldRuns.shrink_to_fit();
    newRuns.shrink_to_fit();
  }
  EditStepInfo info() const { return {name, box, changed, bytes()}; }
};

Dims3 sizeOf(const IndexBox& b) { return {b.hi[0] - b.lo[0], b.hi[1] - b.lo[1], b.hi[2] - b.lo[2]}; }

// Tight box of the voxels where `a` (a dense buffer over `box`) and the map differ inside `box`.
// Rows are compared with memcmp first: most rows of a stroke's box do not change.
std::pair<IndexBox, std::size_t> changedBox(const std::uint8_t* pre, const IndexBox& box, const Volume<std::uint8_t>& map) {
  const Dims3& d = map.dims();
  const std::size_t nx = box.hi[0] - box.lo[0];
  IndexBox t{{d[0], d[1], d[2]}, {0, 0, 0}};
  std::size_t count = 0;
  const std::uint8_t* p = pre;
  for (std::size_t k = box.lo[2]; k < box.hi[2]; ++k)
    for (std::size_t j = box.lo[1]; j < box.hi[1]; ++j, p += nx) {
      const std::uint8_t* row = map.data() + map.geometry().linearIndex(box.lo[0], j, k);
      if (std::memcmp(row, p, nx) == 0) continue;
      std::size_t first = nx, last = 0;
      for (std::size_t i = 0; i < nx; ++i)
        if (row[i] != p[i]) {
          first = std::min(first, i);
          last = i;
          ++count;
        }
      t.lo[0] = std::min(t.lo[0], box.lo[0] + first);
      t.hi[0] = std::max(t.hi[0], box.lo[0] + last + 1);
      t.lo[1] = std::min(t.lo[1], j);
      t.hi[1] = std::max(t.hi[1], j + 1);
      t.lo[2] = std::min(t.lo[2], k);
      t.hi[2] = std::max(t.hi[2], k + 1);
    }
  if (!count) t = IndexBox{};
  return {t, count};
}

// Box in local coordinates of a dense buffer that covers `outer`.
IndexBox localTo(const IndexBox& b, const IndexBox& outer) {
  IndexBox r;
  for (int a = 0; a < 3; ++a) {
    r.lo[a] = b.lo[a] - outer.lo[a];
    r.hi[a] = b.hi[a] - outer.lo[a];
  }
  return r;
}

// The open step: the pre-image of the union of announced boxes. The union is grown with some slack (a
// quarter of its extent on the side it grows) so that a stroke moving across the image copies O(n) voxels in
// all rather than O(n^2): voxels outside the announced boxes are untouched, so copying them early is exact.
struct Recording final : ChangeRecorder {
  const LabelMap* map = nullptr;
  std::string name;
  IndexBox box;
  std::vector<std::uint8_t> pre;  // labels over box as they were at begin(), i fastest

  void aboutToChange(const IndexBox& announced) override {
    const Dims3& dims = map->labels.dims();
    const IndexBox b = announced.clippedTo(dims);
    if (b.empty() || box.containsBox(b)) return;
    IndexBox grown = box.united(b);
    if (!box.empty())
      for (int a = 0; a < 3; ++a) {
        const std::size_t slack = (box.hi[a] - box.lo[a]) / 4;
        if (grown.lo[a] < box.lo[a]) grown.lo[a] -= std::min(grown.lo[a], slack);
        if (grown.hi[a] > box.hi[a]) grown.hi[a] = std::min(dims[a], grown.hi[a] + slack);
      }
    const Dims3 n = sizeOf(grown);
    std::vector<std::uint8_t> next(grown.voxelCount());
    const Volume<std::uint8_t>& v = map->labels;
    const std::size_t oldNx = box.hi[0] - box.lo[0], oldNy = box.hi[1] - box.lo[1];
    for (std::size_t k = grown.lo[2]; k < grown.hi[2]; ++k)
      for (std::size_t j = grown.lo[1]; j < grown.hi[1]; ++j) {
        std::uint8_t* dst = next.data() + n[0] * ((j - grown.lo[1]) + n[1] * (k - grown.lo[2]));
        const std::uint8_t* src = v.data() + v.geometry().linearIndex(grown.lo[0], j, k);
        std::memcpy(dst, src, n[0]);
        if (!box.empty() && j >= box.lo[1] && j < box.hi[1] && k >= box.lo[2] && k < box.hi[2])
          std::memcpy(dst + (box.lo[0] - grown.lo[0]),
                      pre.data() + oldNx * ((j - box.lo[1]) + oldNy * (k - box.lo[2])), oldNx);
      }
    pre.swap(next);
    box = grown;
  }
};

}  // namespace

struct EditHistory::Impl {
  std::size_t budget;
  std::vector<Step> steps;
  std::size_t applied = 0;  // steps[0 .. applied) are applied
  std::size_t bytes = 0;
  std::size_t pruned = 0;
  std::unique_ptr<Recording> open;
  Dims3 dims{0, 0, 0};  // of the map the stored steps belong to

  void checkDims(const LabelMap& labels, const char* what) const {
    if (!steps.empty() && labels.labels.dims() != dims)
      throw std::logic_error(std::string("EditHistory::") + what + ": the label map's dims differ from the history's");
  }

  void push(Step s, const Dims3& mapDims) {
    for (std::size_t i = applied; i < steps.size(); ++i) bytes -= steps[i].bytes();
    steps.resize(applied);
    bytes += s.bytes();
    steps.push_back(std::move(s));
    applied = steps.size();
    dims = mapDims;
    prune();
  }

  // Oldest applied steps go first; when only redo steps are left to drop, the newest redo steps go (a redo
  // step needs every step before it). The newest applied step always stays.
  void prune() {
    std::size_t dropFront = 0;
    while (bytes > budget && steps.size() - dropFront > 1 && dropFront + 1 < applied) {
      bytes -= steps[dropFront].bytes();
      ++dropFront;
    }
    if (dropFront) {
      steps.erase(steps.begin(), steps.begin() + static_cast<std::ptrdiff_t>(dropFront));
      applied -= dropFront;
      pruned += dropFront;
    }
    while (bytes > budget && steps.size() > std::max<std::size_t>(applied, 1)) {
      bytes -= steps.back().bytes();
      steps.pop_back();
      ++pruned;
    }
  }
};

EditHistory::EditHistory(std::size_t byteBudget) : impl_(std::make_unique<Impl>()) { impl_->budget = byteBudget; }
EditHistory::~EditHistory() = default;

ChangeRecorder& EditHistory::begin(const LabelMap& labels, std::string name) {
  if (impl_->open) throw std::logic_error("EditHistory::begin: step '" + impl_->open->name + "' is still open");
  impl_->checkDims(labels, "begin");
  impl_->open = std::make_unique<Recording>();
  impl_->open->map = &labels;
  impl_->open->name = std::move(name);
  return *impl_->open;
}

bool EditHistory::inStep() const { return impl_->open != nullptr; }

EditStepInfo EditHistory::commit(const LabelMap& labels) {
  if (!impl_->open) throw std::logic_error("EditHistory::commit: no step is open");
  std::unique_ptr<Recording> rec = std::move(impl_->open);
  if (labels.labels.dims() != rec->map->labels.dims())
    throw std::logic_error("EditHistory::commit: not the label map the step was opened on");
  Step s;
  s.name = std::move(rec->name);
  if (rec->box.empty()) return {s.name, {}, 0, 0};
  const auto [tight, count] = changedBox(rec->pre.data(), rec->box, labels.labels);
  if (!count) return {s.name, {}, 0, 0};
  s.box = tight;
  s.changed = count;
  detail::rleEncodeBox(rec->pre.data(), sizeOf(rec->box), localTo(tight, rec->box), s.oldRuns);
  detail::rleEncodeBox(labels.labels.data(), labels.labels.dims(), tight, s.newRuns);
  rec.reset();  // release the pre-image before the step is stored
  s.shrink();
  const EditStepInfo info = s.info();
  impl_->push(std::move(s), labels.labels.dims());
  return info;
}

IndexBox EditHistory::abort(LabelMap& labels) {
  if (!impl_->open) throw std::logic_error("EditHistory::abort: no step is open");
  std::unique_ptr<Recording> rec = std::move(impl_->open);
  if (labels.labels.dims() != rec->map->labels.dims())
    throw std::logic_error("EditHistory::abort: not the label map the step was opened on");
  const IndexBox& b = rec->box;
  const std::size_t nx = b.hi[0] - b.lo[0];
  const std::uint8_t* p = rec->pre.data();
  for (std::size_t k = b.lo[2]; k < b.hi[2]; ++k)
    for (std::size_t j = b.lo[1]; j < b.hi[1]; ++j, p += nx)
      std::memcpy(labels.labels.data() + labels.labels.geometry().linearIndex(b.lo[0], j, k), p, nx);
  return b;
}

EditStepInfo EditHistory::replaceAll(LabelMap& labels, Volume<std::uint8_t> newLabels, std::string name) {
  if (impl_->open) throw std::logic_error("EditHistory::replaceAll: step '" + impl_->open->name + "' is still open");
  impl_->checkDims(labels, "replaceAll");
  if (!newLabels.geometry().sameGrid(labels.labels.geometry()))
    throw std::invalid_argument("EditHistory::replaceAll: the new labels' grid " + newLabels.geometry().describe() +
                                " differs from the label map's " + labels.labels.geometry().describe());
  Step s;
  s.name = std::move(name);
  const IndexBox whole = IndexBox::whole(labels.labels.dims());
  const auto [tight, count] = changedBox(newLabels.data(), whole, labels.labels);
  if (!count) return {s.name, {}, 0, 0};
  s.box = tight;
  s.changed = count;
  detail::rleEncodeBox(labels.labels.data(), labels.labels.dims(), tight, s.oldRuns);
  detail::rleEncodeBox(newLabels.data(), newLabels.dims(), tight, s.newRuns);
  // Swap buffers so that the map keeps its own geometry (the same grid within tolerance).
  labels.labels.buffer().swap(newLabels.buffer());
  s.shrink();
  const EditStepInfo info = s.info();
  impl_->push(std::move(s), labels.labels.dims());
  return info;
}

bool EditHistory::canUndo() const { return !impl_->open && impl_->applied > 0; }
bool EditHistory::canRedo() const { return !impl_->open && impl_->applied < impl_->steps.size(); }

IndexBox EditHistory::undo(LabelMap& labels) {
  if (impl_->open) throw std::logic_error("EditHistory::undo: step '" + impl_->open->name + "' is still open");
  if (!impl_->applied) return {};
  impl_->checkDims(labels, "undo");
  const Step& s = impl_->steps[impl_->applied - 1];
  detail::rleDecodeBox(s.oldRuns, labels.labels.data(), labels.labels.dims(), s.box);
  --impl_->applied;
  return s.box;
}

IndexBox EditHistory::redo(LabelMap& labels) {
  if (impl_->open) throw std::logic_error("EditHistory::redo: step '" + impl_->open->name + "' is still open");
  if (impl_->applied >= impl_->steps.size()) return {};
  impl_->checkDims(labels, "redo");
  const Step& s = impl_->steps[impl_->applied];
  detail::rleDecodeBox(s.newRuns, labels.labels.data(), labels.labels.dims(), s.box);
  ++impl_->applied;
  return s.box;
}

std::vector<EditStepInfo> EditHistory::steps() const {
  std::vector<EditStepInfo> out;
  out.reserve(impl_->steps.size());
  for (const Step& s : impl_->steps) out.push_back(s.info());
  return out;
}

std::size_t EditHistory::undoCount() const { return impl_->applied; }
std::size_t EditHistory::bytes() const { return impl_->bytes; }
std::size_t EditHistory::byteBudget() const { return impl_->budget; }

void EditHistory::setByteBudget(std::size_t bytes) {
  impl_->budget = bytes;
  impl_->prune();
}

std::size_t EditHistory::prunedSteps() const { return impl_->pruned; }

void EditHistory::clear() {
  impl_->steps.clear();
  impl_->applied = 0;
  impl_->bytes = 0;
  impl_->open.reset();
}

}  // namespace hccws::core
