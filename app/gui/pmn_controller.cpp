#include "pmn_controller.h"

#include "background_work.h"

#include "cli/resource_paths.h"

#include <hccws/core/errors.h>
#include <hccws/core/progress.h>

#if HCCWS_HAVE_INFERENCE
#include <hccws/inference/pmn_bundle.h>
#endif

#include <QtConcurrent/QtConcurrentRun>

namespace hccws::gui {

PmnController::PmnController(QObject* parent) : QObject(parent) {
  connect(&watcher_, &QFutureWatcher<Result>::finished, this, &PmnController::onFinished);
}

PmnController::~PmnController() {
  cancel();
  watcher_.waitForFinished();
}

bool PmnController::available() {
#if HCCWS_HAVE_INFERENCE
  return true;
#else
  return false;
#endif
}

QString PmnController::demoModelDir() { return QString::fromStdString(cli::resourcePath("models/demo_pmn")); }

void PmnController::cancel() {
  if (cancel_) cancel_->store(true);
}

bool PmnController::start(const QString& bundleDir, std::vector<SegmentInput> phases,
                          std::shared_ptr<const core::LabelMap> labels, int lesionId) {
  if (busy()) return false;
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  Q_EMIT started(tr("Running PMN (%1)").arg(bundleDir));
  const core::ProgressSink sink = queuedProgressSink(this, cancel_);
  const std::string dir = bundleDir.toStdString();
  watcher_.setFuture(QtConcurrent::run([dir, phases = std::move(phases), labels = std::move(labels), lesionId, sink]() {
    return runCatching<Result>(
        [&]() -> Result {
          if (!labels) throw core::ImagingError("", "there is no segmentation: segment the liver and tumour first");
#if HCCWS_HAVE_INFERENCE
          if (!sink(0.0, "starting")) throw core::Cancelled();
          pipeline::PmnCaseRequest req;
          req.modelDir = dir;
          req.labels = *labels;
          req.labelsSource = "the segmentation";
          req.lesionId = lesionId;
          // Each phase kind once (the first series marked with it); the bundle picks the ones it needs.
          for (const auto& p : phases) {
            if (!p.volume || p.kind == core::PhaseKind::Unknown) continue;
            const std::string name = core::toString(p.kind);
            bool seen = false;
            for (const auto& q : req.phases) seen = seen || q.phase == name;
            if (!seen) req.phases.push_back({name, *p.volume});
          }
          Result r;
          r.result = std::make_shared<PmnResult>(pipeline::runPmnCase(req, sink));
          return r;
#else
          (void)lesionId;
          throw core::ImagingError(dir, "this build has no inference engine (LibTorch was not found at build time)");
#endif
        },
        dir);
  }));
  return true;
}

void PmnController::onFinished() {
  Result r = watcher_.result();
  Q_EMIT finished();
  if (r.cancelled) Q_EMIT cancelled();
  else if (!r.error.isEmpty()) Q_EMIT failed(r.error, r.detail);
  else Q_EMIT resultReady(std::move(r.result));
}

QString PmnController::whyNotRunnable(const QString& bundleDir, const std::vector<core::PhaseKind>& phases) {
#if HCCWS_HAVE_INFERENCE
  infer::PmnBundle bundle;
  try {
    bundle = infer::loadPmnBundle(bundleDir.toStdString(), false);
  } catch (const std::exception& e) {
    return tr("%1 is not a usable PMN bundle: %2").arg(bundleDir, QString::fromUtf8(e.what()));
  }
  QStringList lack;
  for (const auto& need : bundle.manifest.input.phases) {
    const bool have = std::any_of(phases.begin(), phases.end(), [&](core::PhaseKind k) { return core::toString(k) == need; });
    if (!have) lack << QString::fromStdString(need);
  }
  if (lack.isEmpty()) return {};
  return tr("PMN model '%1' needs the %2 phase(s), which this study does not have")
      .arg(QString::fromStdString(bundle.manifest.name), lack.join(QStringLiteral(", ")));
#else
  Q_UNUSED(bundleDir);
  Q_UNUSED(phases);
  return tr("This build has no inference engine");
#endif
}

}  // namespace hccws::gui
