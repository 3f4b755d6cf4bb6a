#include "segment_controller.h"
#include "display_names.h"

#include "background_work.h"

#include <hccws/core/errors.h>
#include <hccws/core/progress.h>
#include <hccws/core/resample.h>

#if HCCWS_HAVE_INFERENCE
#include <hccws/inference/bundle.h>
#include <hccws/inference/device.h>
#include <hccws/pipeline/segmentation.h>
#endif

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <chrono>
#include <exception>
#include <utility>

namespace hccws::gui {

namespace {

#if HCCWS_HAVE_INFERENCE
QString phaseName(core::PhaseKind kind) { return phaseDisplayName(kind); }

// The work itself, on the worker thread. Throws core::ImagingError / core::Cancelled / std::exception.
SegmentController::Result segment(const std::string& dir, const std::vector<SegmentInput>& phases, int shown,
                                  const SegmentSettings& settings, const core::ProgressSink& sink) {
  const auto t0 = std::chrono::steady_clock::now();
  const core::ProgressScope all(sink, 0.0, 1.0);
  all.report(0.0, "reading the model bundle");
  infer::ModelBundle bundle;
  try {
    bundle = infer::loadBundle(dir, settings.verifyChecksums);
  } catch (const std::exception& e) {
    throw core::ImagingError(dir, "not a usable model bundle: " + std::string(e.what()));
  }
  const auto& m = bundle.manifest;
  // The phases the model takes, from the study's phase decisions; the shown phase first when it is one.
  std::vector<int> picked;
  for (const auto& ch : m.channels) {
    const auto kind = core::phaseKindFromString(ch.phase);
    int found = -1;
    for (std::size_t i = 0; i < phases.size(); ++i)
      if (kind && phases[i].kind == *kind && phases[i].volume && (found < 0 || static_cast<int>(i) == shown))
        found = static_cast<int>(i);
    if (found < 0) {
      QStringList have;
      for (const auto& p : phases) have << phaseName(p.kind);
      const QString need = kind ? phaseName(*kind) : QString::fromStdString(ch.phase);
      throw core::ImagingError(
          "", QObject::tr("the model needs the %1 phase, but no series of the study is marked %1 (the study has: %2); "
                           "set the phase of a series in the Study panel")
                   .arg(need, have.isEmpty() ? QObject::tr("no series") : have.join(QStringLiteral(", ")))
                   .toStdString());
    }
    picked.push_back(found);
  }
  const auto shownIt = std::find(picked.begin(), picked.end(), shown);
  if (shownIt != picked.end()) std::rotate(picked.begin(), shownIt, shownIt + 1);

  pipeline::SegmentationRequest req;
  req.modelDir = dir;
  req.verifyChecksums = false;  // verified above
  req.registerPhases = settings.registerPhases;
  req.options.device = infer::parseDeviceRequest(settings.device);
  req.options.mirroring = settings.mirroring;
  for (int i : picked) {
    pipeline::PhaseImage ph;
    ph.phase = core::toString(phases[i].kind);
    ph.volume = *phases[i].volume;  // the pipeline takes its own copy; the views keep theirs
    req.phases.push_back(std::move(ph));
  }
  const core::ProgressScope run(sink, 0.0, 0.97);
  pipeline::SegmentationOutput out = pipeline::segmentCase(req, run.sink());
  req.phases.clear();

  auto proposal = std::make_shared<SegmentProposal>();
  const core::Geometry& target = phases[shown].volume->geometry();
  if (!out.labels.labels.geometry().sameGrid(target)) {
    all.report(0.97, "resampling onto the shown phase");
    out.labels.labels = core::resampleLabels(out.labels.labels, target, core::AffineTransform{});
    out.log.push_back("labels resampled (nearest neighbour) onto the shown phase's grid");
  }
  proposal->labels = std::move(out.labels);
  all.report(0.98, "measuring the proposal");
  proposal->measurements = core::measure(proposal->labels);
  proposal->modelDir = QString::fromStdString(dir);
  proposal->modelName = QString::fromStdString(m.name + (m.version.empty() ? "" : " " + m.version));
  proposal->provenance = QString::fromStdString(m.provenance);
  proposal->device = QString::fromStdString(infer::describe(out.device));
  for (const auto& line : out.log) proposal->log << QString::fromStdString(line);
  proposal->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  all.report(1.0, "done");
  SegmentController::Result r;
  r.proposal = std::move(proposal);
  return r;
}
#endif

}  // namespace

SegmentController::SegmentController(QObject* parent) : QObject(parent) {
  connect(&watcher_, &QFutureWatcher<Result>::finished, this, &SegmentController::onFinished);
}

SegmentController::~SegmentController() {
  cancel();
  watcher_.waitForFinished();
}

QString SegmentController::whyNotRunnable(const QString& bundleDir, const std::vector<core::PhaseKind>& phases) {
#if HCCWS_HAVE_INFERENCE
  infer::ModelBundle bundle;
  try {
    bundle = infer::loadBundle(bundleDir.toStdString(), false);
  } catch (const std::exception& e) {
    return tr("%1 is not a usable model bundle: %2").arg(bundleDir, QString::fromUtf8(e.what()));
  }
  std::vector<std::string> have;
  for (const auto kind : phases) have.push_back(core::toString(kind));
  const auto missing = infer::missingPhases(bundle.manifest, have);
  if (missing.empty()) return {};
  QStringList need, lack, present;
  auto name = [](const std::string& phase) {
    const auto kind = core::phaseKindFromString(phase);
    return kind ? phaseName(*kind) : QString::fromStdString(phase);
  };
  for (const auto& p : infer::requiredPhases(bundle.manifest)) need << name(p);
  for (const auto& p : missing) lack << name(p);
  for (const auto kind : phases) present << phaseName(kind);
  return tr("%1 needs %2; this study has %3 (missing: %4). Set a series' phase in the Study panel, or use a "
            "model for the phases you have (Segment > Segment with model folder)")
      .arg(QString::fromStdString(bundle.manifest.name), need.join(QStringLiteral(" + ")),
           present.isEmpty() ? tr("no phase") : present.join(QStringLiteral(", ")), lack.join(QStringLiteral(", ")));
#else
  Q_UNUSED(bundleDir);
  Q_UNUSED(phases);
  return tr("This build has no inference engine");
#endif
}

bool SegmentController::available() {
#if HCCWS_HAVE_INFERENCE
  return true;
#else
  return false;
#endif
}

void SegmentController::cancel() {
  if (cancel_) cancel_->store(true);
}

bool SegmentController::start(const QString& bundleDir, std::vector<SegmentInput> phases, int shownIndex) {
  if (busy()) return false;
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  Q_EMIT started(tr("Segmenting with %1").arg(bundleDir));
  const core::ProgressSink sink = queuedProgressSink(this, cancel_);
  const std::string dir = bundleDir.toStdString();
  const SegmentSettings settings = settings_;
  watcher_.setFuture(QtConcurrent::run([dir, phases = std::move(phases), shownIndex, settings, sink]() {
    return runCatching<Result>(
        [&]() -> Result {
          if (shownIndex < 0 || shownIndex >= static_cast<int>(phases.size()) || !phases[shownIndex].volume)
            throw core::ImagingError("", "there is no study to segment: open a study first");
#if HCCWS_HAVE_INFERENCE
          if (!sink(0.0, "starting")) throw core::Cancelled();
          return segment(dir, phases, shownIndex, settings, sink);
#else
          (void)settings;
          throw core::ImagingError(dir, "this build has no inference engine (LibTorch was not found at build time)");
#endif
        },
        dir);
  }));
  return true;
}

void SegmentController::onFinished() {
  Result r = watcher_.result();
  Q_EMIT finished();  // first: listeners end their busy state before they report the outcome
  if (r.cancelled) Q_EMIT cancelled();
  else if (!r.error.isEmpty()) Q_EMIT failed(r.error, r.detail);
  else Q_EMIT proposalReady(std::move(r.proposal));
}

}  // namespace hccws::gui
