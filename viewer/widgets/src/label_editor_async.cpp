// LabelEditor: whole-map operations off the GUI thread (applyAsync), cancel, and the refusals while busy.
//
// Why a private copy and not a lock: the views read the live map zero-copy on every repaint, so a worker
// writing into it would need every reader to lock. The worker copies the map's voxels into a scratch map and
// the GUI thread copies back only the tight box of voxels that changed, as one recorded history step.
// The scratch map is kept between operations: copying 125 MB into fresh memory took 500 ms here (page
// faults), into the reused buffer 15 ms.
#include <hccws/widgets/label_editor.h>

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QMetaObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
#include <string>
#include <utility>

namespace hccws::widgets {

namespace {

// The union of the boxes an operation announces on the worker's copy.
class BoxRecorder final : public core::ChangeRecorder {
 public:
  void aboutToChange(const core::IndexBox& box) override { box_ = box_.united(box); }
  const core::IndexBox& box() const { return box_; }

 private:
  core::IndexBox box_;
};

// Tight box of the voxels where `a` and `b` differ inside `within` (empty when none): rows are compared with
// memcmp first, so an unchanged row costs one memcmp.
core::IndexBox differingBox(const core::Volume<std::uint8_t>& a, const core::Volume<std::uint8_t>& b,
                            const core::IndexBox& within) {
  core::IndexBox out;
  if (within.empty()) return out;
  const auto& d = a.dims();
  const std::size_t len = within.hi[0] - within.lo[0];
  for (std::size_t k = within.lo[2]; k < within.hi[2]; ++k)
    for (std::size_t j = within.lo[1]; j < within.hi[1]; ++j) {
      const std::size_t row = (k * d[1] + j) * d[0] + within.lo[0];
      const std::uint8_t* pa = a.data() + row;
      const std::uint8_t* pb = b.data() + row;
      if (std::memcmp(pa, pb, len) == 0) continue;
      std::size_t first = 0, last = len;
      while (pa[first] == pb[first]) ++first;
      while (pa[last - 1] == pb[last - 1]) --last;
      const core::IndexBox rowBox{{within.lo[0] + first, j, k}, {within.lo[0] + last, j + 1, k + 1}};
      out = out.united(rowBox);
    }
  return out;
}

void copyBox(const core::Volume<std::uint8_t>& from, core::Volume<std::uint8_t>& to, const core::IndexBox& box) {
  const auto& d = to.dims();
  const std::size_t len = box.hi[0] - box.lo[0];
  for (std::size_t k = box.lo[2]; k < box.hi[2]; ++k)
    for (std::size_t j = box.lo[1]; j < box.hi[1]; ++j) {
      const std::size_t row = (k * d[1] + j) * d[0] + box.lo[0];
      std::memcpy(to.data() + row, from.data() + row, len);
    }
}

// What the worker hands back to the GUI thread.
struct Outcome {
  std::shared_ptr<core::LabelMap> scratch;  // the edited copy (also when cancelled or failed: reused later)
  core::IndexBox box;                       // tight box of voxels that differ from the source
  bool cancelled = false;
  std::string error;
};

}  // namespace

struct LabelEditor::AsyncJob {
  std::uint64_t id = 0;
  std::uint64_t generation = 0;
  QString name;
  std::shared_ptr<const core::LabelMap> source;  // the live map when the job started (not written while busy)
  std::atomic<bool> cancel{false};
  QFutureWatcher<Outcome>* watcher = nullptr;
  QElapsedTimer timer;
  // Worker-only: what was last posted, for throttling.
  double lastFraction = -1;
  std::string lastStage;
};

LabelEditor::LabelEditor(QObject* parent) : QObject(parent), pool_(new QThreadPool(this)) {
  // One running operation plus one cancelled or detached one still winding down.
  pool_->setMaxThreadCount(2);
}

LabelEditor::~LabelEditor() {
  for (const auto& job : jobs_) {
    job->cancel = true;
    QObject::disconnect(job->watcher, nullptr, this, nullptr);
  }
  for (const auto& job : jobs_) job->watcher->waitForFinished();
  pool_->waitForDone();
}

QString LabelEditor::operationName() const { return job_ ? job_->name : QString(); }

bool LabelEditor::refuseWhileBusy(const QString& what) {
  if (!job_) return false;
  Q_EMIT editFailed(tr("%1: not possible while \"%2\" is running; wait for it or cancel it.").arg(what, job_->name));
  return true;
}

bool LabelEditor::applyAsync(const QString& name, AsyncOperation op) {
  if (refuseWhileBusy(name)) return false;
  if (!op) {
    Q_EMIT editFailed(tr("%1: no operation given.").arg(name));
    return false;
  }
  if (!prepareOperation(name)) return false;

  auto job = std::make_shared<AsyncJob>();
  job->id = nextJobId_++;
  job->generation = generation_;
  job->name = name;
  job->source = labels_;
  job->timer.start();
  job->watcher = new QFutureWatcher<Outcome>(this);

  // Captured by value: the worker never reads the editor's members. The label table is copied here because
  // setLabelLocked() may change the live one while the operation runs.
  const core::EditRules rules = this->rules();
  core::LabelTable table = labels_->table;
  std::shared_ptr<core::LabelMap> scratch = std::move(scratch_);  // the worker's until the job reports
  const std::shared_ptr<const core::CtVolume> ct = ct_;  // keeps rules.ct alive, should an operation use it
  const core::ProgressSink hook = progressHook_;
  AsyncJob* raw = job.get();  // owned by jobs_ until the watcher reports, i.e. past the worker's end
  const std::uint64_t id = job->id;
  core::ProgressSink sink = [this, raw, id, hook](double fraction, std::string_view stage) -> bool {
    // Post about 100 reports per operation at most (ITK observers report far more often).
    if (fraction >= raw->lastFraction + 0.01 || stage != raw->lastStage || fraction >= 1.0) {
      raw->lastFraction = fraction;
      raw->lastStage.assign(stage);
      const QString s = QString::fromUtf8(stage.data(), static_cast<qsizetype>(stage.size()));
      // Safe from the worker: the destructor waits for every worker before the editor goes away.
      QMetaObject::invokeMethod(this, [this, id, fraction, s] { postProgress(id, fraction, s); },
                                Qt::QueuedConnection);
    }
    const bool go = !hook || hook(fraction, stage);
    return go && !raw->cancel.load();
  };

  jobs_.push_back(job);
  job_ = job;
  connect(job->watcher, &QFutureWatcherBase::finished, this, [this, job] { finishJob(job); });
  job->watcher->setFuture(QtConcurrent::run(
      pool_, [source = job->source, table = std::move(table), rules, ct, op = std::move(op), sink, raw,
              scratch = std::move(scratch)]() mutable {
        Outcome out;
        try {
          if (!scratch) scratch = std::make_shared<core::LabelMap>();
          // Vector assignment keeps the scratch buffer when the sizes match: no new pages to fault in.
          scratch->labels = source->labels;
          scratch->table = std::move(table);
          out.scratch = scratch;
          if (raw->cancel.load()) throw core::Cancelled();
          BoxRecorder recorder;
          op(*scratch, rules, &recorder, sink);
          if (raw->cancel.load()) throw core::Cancelled();
          out.box = differingBox(source->labels, scratch->labels, recorder.box().clippedTo(scratch->labels.dims()));
        } catch (const core::Cancelled&) {
          out.box = {};
          out.cancelled = true;
        } catch (const std::exception& e) {
          out.box = {};
          out.error = e.what();
        } catch (...) {
          out.box = {};
          out.error = "unexpected error (not a std::exception)";
        }
        return out;
      }));
  Q_EMIT busyChanged(true);
  Q_EMIT historyChanged();  // undo/redo are unavailable while busy
  return true;
}

void LabelEditor::cancelOperation() {
  if (job_) job_->cancel = true;
}

void LabelEditor::postProgress(std::uint64_t jobId, double fraction, const QString& stage) {
  if (job_ && job_->id == jobId && !job_->cancel.load()) Q_EMIT operationProgress(fraction, stage);
}

void LabelEditor::detachJob() {
  job_->cancel = true;
  job_.reset();
}

void LabelEditor::finishJob(const std::shared_ptr<AsyncJob>& job) {
  jobs_.erase(std::remove(jobs_.begin(), jobs_.end(), job), jobs_.end());
  job->watcher->deleteLater();
  const Outcome out = job->watcher->result();
  // Detached by setLabels (another generation of the map): already reported as cancelled; drop the result.
  if (job != job_ || job->generation != generation_ || job->source != labels_) return;
  const qint64 ms = job->timer.elapsed();
  const QString name = job->name;
  // Keep the scratch map for the next operation on this map (not for a detached job's: another map).
  if (out.scratch && out.scratch->labels.dims() == labels_->labels.dims()) scratch_ = out.scratch;

  if (out.cancelled || job->cancel.load()) {
    job_.reset();
    Q_EMIT busyChanged(false);
    Q_EMIT historyChanged();
    Q_EMIT operationCancelled(name);
    return;
  }
  if (!out.error.empty()) {
    job_.reset();
    const QString message = QString::fromStdString(out.error);
    Q_EMIT busyChanged(false);
    Q_EMIT historyChanged();
    Q_EMIT editFailed(tr("%1: %2").arg(name, message));
    Q_EMIT operationFailed(name, message);
    return;
  }

  core::EditStepInfo info;
  info.name = name.toStdString();
  if (!out.box.empty()) {
    core::ChangeRecorder& rec = history_.begin(*labels_, info.name);
    rec.aboutToChange(out.box);
    copyBox(out.scratch->labels, labels_->labels, out.box);
    info = history_.commit(*labels_);
  }
  job_.reset();
  Q_EMIT busyChanged(false);
  Q_EMIT historyChanged();
  if (info.changedVoxels > 0) changed(info.box, true);
  Q_EMIT operationFinished(info, ms);
}

}  // namespace hccws::widgets
