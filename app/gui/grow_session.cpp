// GrowSession: seeds painted in a private map, the grown preview computed off the UI thread (see the header).
#include "grow_session.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QMetaObject>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <exception>

namespace hccws::gui {

namespace {

struct Outcome {
  bool ok = false;
  bool cancelled = false;
  QString error;
  core::GrowUpdate update;
  double seconds = 0;
};

}  // namespace

struct GrowSession::Shared {
  explicit Shared(std::shared_ptr<const core::CtVolume> c) : ct(std::move(c)), grower(*ct) {}
  std::shared_ptr<const core::CtVolume> ct;  // kept alive for the grower
  core::SeedGrower grower;
  core::Volume<std::uint8_t> seeds;  // the copy the worker grows from
  std::atomic<bool> cancel{false};
  QFutureWatcher<Outcome>* watcher = nullptr;
};

GrowSession::GrowSession(std::shared_ptr<const core::CtVolume> ct, const core::LabelTable& table, QObject* parent)
    : QObject(parent), ct_(std::move(ct)), seeds_(new widgets::LabelEditor(this)),
      shared_(std::make_shared<Shared>(ct_)) {
  core::LabelTable t = table;
  core::LabelInfo background;
  background.value = core::kBackgroundSeed;
  background.name = "Background seeds";
  background.rgb = {150, 150, 150};
  t.set(background);
  for (auto& e : t.entries()) e.locked = false;  // seeds are not the segmentation: nothing is locked here
  auto seedMap = std::make_shared<core::LabelMap>();
  seedMap->labels = core::Volume<std::uint8_t>(ct_->geometry(), 0);
  seedMap->table = t;
  seeds_->setImage(ct_);
  seeds_->setLabels(seedMap);
  display_ = std::make_shared<core::LabelMap>();
  display_->labels = core::Volume<std::uint8_t>(ct_->geometry(), 0);
  display_->table = t;

  shared_->watcher = new QFutureWatcher<Outcome>(this);
  connect(shared_->watcher, &QFutureWatcher<Outcome>::finished, this, [this] {
    const Outcome o = shared_->watcher->result();
    onUpdateDone(o.ok, o.cancelled, o.error, o.update, o.seconds);
  });
  // Seeds show at once (live during the stroke); the preview follows each finished stroke (and undo/redo).
  connect(seeds_, &widgets::LabelEditor::labelsChanged, this, [this](const core::IndexBox& box) {
    composeDisplay(box);
    Q_EMIT displayChanged(box);
  });
  connect(seeds_, &widgets::LabelEditor::editFinished, this, [this](const core::IndexBox& box) {
    composeDisplay(box);
    Q_EMIT displayChanged(box);
    requestUpdate();
  });
}

GrowSession::~GrowSession() {
  shared_->cancel = true;
  shared_->watcher->disconnect(this);
  shared_->watcher->waitForFinished();
}

bool GrowSession::updating() const { return running_; }
bool GrowSession::hasResult() const { return !running_ && shared_->grower.hasResult(); }
core::IndexBox GrowSession::roi() const { return running_ ? shownRoi_ : shared_->grower.roi(); }

void GrowSession::cancelUpdate() {
  pending_ = false;
  if (running_) shared_->cancel = true;
}

void GrowSession::requestUpdate() {
  if (running_) {
    pending_ = true;  // taken by one more update when this one ends
    return;
  }
  startUpdate();
}

void GrowSession::startUpdate() {
  pending_ = false;
  running_ = true;
  shared_->cancel = false;
  shared_->seeds = seeds_->labels()->labels;  // a copy: the user may paint on while it grows
  Q_EMIT updateStarted();
  auto shared = shared_;
  shared_->watcher->setFuture(QtConcurrent::run([this, shared]() -> Outcome {
    Outcome o;
    QElapsedTimer timer;
    timer.start();
    try {
      double last = -1;
      o.update = shared->grower.update(shared->seeds, [this, shared, &last](double f, std::string_view) {
        if (f - last >= 0.02) {
          last = f;
          // Queued to the GUI thread; the destructor waits for this worker, so `this` outlives the call.
          QMetaObject::invokeMethod(this, [this, f] { Q_EMIT updateProgress(f); }, Qt::QueuedConnection);
        }
        return !shared->cancel.load();
      });
      o.ok = true;
    } catch (const core::Cancelled&) {
      o.cancelled = true;
    } catch (const std::exception& e) {
      o.error = QString::fromStdString(e.what());
    }
    o.seconds = timer.elapsed() / 1000.0;
    return o;
  }));
}

void GrowSession::onUpdateDone(bool ok, bool cancelled, const QString& error, const core::GrowUpdate& update,
                               double seconds) {
  running_ = false;
  if (ok) {
    ++updates_;
    lastSeconds_ = seconds;
    lastWhole_ = update.full;
    const core::IndexBox roi = shared_->grower.roi();
    // Whole: the old preview area and the new one; incremental: where winners changed.
    const core::IndexBox box = update.full ? roi.united(shownRoi_) : update.changed;
    shownRoi_ = roi;
    composeDisplay(box);
    counts_.fill(0);
    const auto& d = display_->labels;
    const auto& s = seeds_->labels()->labels;
    for (std::size_t k = roi.lo[2]; k < roi.hi[2]; ++k)
      for (std::size_t j = roi.lo[1]; j < roi.hi[1]; ++j)
        for (std::size_t i = roi.lo[0]; i < roi.hi[0]; ++i) {
          const std::size_t n = d.geometry().linearIndex(i, j, k);
          ++counts_[s.data()[n] ? s.data()[n] : shared_->grower.winner(i, j, k)];
        }
    Q_EMIT displayChanged(box);
    Q_EMIT updateFinished(seconds, update.full);
  } else if (!cancelled) {
    // No result (e.g. only one kind of seed so far): the preview shows the seeds alone.
    const core::IndexBox old = shownRoi_;
    shownRoi_ = {};
    composeDisplay(old);
    Q_EMIT displayChanged(old);
    Q_EMIT updateFailed(error);
  } else {
    Q_EMIT updateFailed(tr("Grow from seeds: update cancelled; the next stroke starts a new one"));
  }
  if (pending_) startUpdate();
}

void GrowSession::composeDisplay(const core::IndexBox& box) {
  if (box.empty()) return;
  auto& d = display_->labels;
  const auto& s = seeds_->labels()->labels;
  const bool grown = !running_ && shared_->grower.hasResult();
  const core::Geometry& g = d.geometry();
  for (std::size_t k = box.lo[2]; k < box.hi[2]; ++k)
    for (std::size_t j = box.lo[1]; j < box.hi[1]; ++j)
      for (std::size_t i = box.lo[0]; i < box.hi[0]; ++i) {
        const std::size_t n = g.linearIndex(i, j, k);
        std::uint8_t v = s.data()[n];
        if (!v) {
          // While an update runs the grower is the worker's: keep what is shown.
          if (running_) continue;
          const std::uint8_t w = grown ? shared_->grower.winner(i, j, k) : 0;
          v = w == core::kBackgroundSeed ? 0 : w;
        }
        d.data()[n] = v;
      }
}

core::EditStepInfo GrowSession::applyTo(widgets::LabelEditor& editor, const QString& stepName) {
  if (!hasResult()) {
    Q_EMIT updateFailed(tr("Grow from seeds: nothing to apply yet (paint seeds of two labels and wait for the preview)"));
    return {};
  }
  const core::SeedGrower& grower = shared_->grower;
  if (!editor.hasLabels()) editor.ensureLabels(ct_->geometry());
  if (!editor.labels()->labels.geometry().sameGrid(ct_->geometry())) {
    Q_EMIT updateFailed(tr("Grow from seeds: the segmentation is on another grid than the CT shown; nothing applied"));
    return {};
  }
  return editor.apply(stepName, [&grower](core::LabelMap& map, const core::EditRules& rules, core::ChangeRecorder* rec) {
    return core::applyGrowResult(map, grower, rules, rec);
  });
}

}  // namespace hccws::gui
