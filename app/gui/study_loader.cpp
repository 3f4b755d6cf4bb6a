#include "study_loader.h"

#include "background_work.h"
#include "case_study.h"
#include "segmentation_files.h"

#include <hccws/core/errors.h>
#include <hccws/core/image_io.h>
#include <hccws/core/phantom.h>
#include <hccws/core/progress.h>

#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace hccws::gui {

StudyLoader::StudyLoader(QObject* parent) : QObject(parent) {
  connect(&watcher_, &QFutureWatcher<Result>::finished, this, &StudyLoader::onFinished);
}

StudyLoader::~StudyLoader() {
  cancel();
  watcher_.waitForFinished();
}

void StudyLoader::cancel() {
  if (cancel_) cancel_->store(true);
}

bool StudyLoader::start(const QString& what, std::function<Result(const core::ProgressSink&)> work) {
  if (busy()) return false;
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  Q_EMIT started(what);
  const core::ProgressSink sink = queuedProgressSink(this, cancel_);
  watcher_.setFuture(QtConcurrent::run(
      [work = std::move(work), sink]() { return runCatching<Result>([&] { return work(sink); }); }));
  return true;
}

bool StudyLoader::loadStudy(const QString& path) {
  const std::string p = path.toStdString();
  return start(tr("Loading %1").arg(path), [p](const core::ProgressSink& sink) {
    Result r;
    r.study = std::make_shared<core::Study>(core::loadStudy(p, sink));
    return r;
  });
}

bool StudyLoader::loadLabels(const QString& path, const std::optional<core::Geometry>& referenceGrid,
                             const std::optional<core::SeriesSource>& loaded) {
  const std::string p = path.toStdString();
  return start(tr("Loading segmentation %1").arg(path), [p, referenceGrid, loaded](const core::ProgressSink& sink) {
    sink(0.0, "reading segmentation");
    Result r;
    r.labels = std::make_shared<core::LabelMap>(readSegmentationFile(p, referenceGrid, nullptr, loaded ? &*loaded : nullptr));
    sink(1.0, "done");
    return r;
  });
}

bool StudyLoader::loadHeatmap(const QString& path) {
  const std::string p = path.toStdString();
  return start(tr("Loading heatmap %1").arg(path), [p, path](const core::ProgressSink& sink) {
    sink(0.0, "reading heatmap");
    Result r;
    r.heatmap = std::make_shared<core::Heatmap>();
    r.heatmap->values = core::readFloatImage(p);
    const auto& b = r.heatmap->values.buffer();
    if (!b.empty()) {
      const auto [lo, hi] = std::minmax_element(b.begin(), b.end());
      r.heatmap->valueMin = *lo;
      r.heatmap->valueMax = *hi > *lo ? *hi : *lo + 1.0;
    }
    r.heatmap->name = QFileInfo(path).completeBaseName().toStdString();
    sink(1.0, "done");
    return r;
  });
}

bool StudyLoader::registerPhases(int referenceIndex, std::shared_ptr<const core::CtVolume> reference,
                                 std::vector<std::pair<int, std::shared_ptr<const core::CtVolume>>> moving, bool hounsfield) {
  if (!reference || moving.empty()) return false;
  return start(tr("Registering %n phase(s) onto the reference phase", nullptr, static_cast<int>(moving.size())),
               [referenceIndex, reference, moving = std::move(moving), hounsfield](const core::ProgressSink& sink) {
                 Result r;
                 r.registration = std::make_shared<PhaseRegistration>();
                 r.registration->referenceIndex = referenceIndex;
                 const double n = static_cast<double>(moving.size());
                 for (std::size_t m = 0; m < moving.size(); ++m) {
                   const core::ProgressScope reg(sink, m / n, (m + 0.85) / n);
                   const core::ProgressScope res(sink, (m + 0.85) / n, (m + 1) / n);
                   PhaseRegistration::Moved out;
                   out.index = moving[m].first;
                   core::RegistrationOptions ro;
                   ro.hounsfield = hounsfield;
                   out.result = core::registerImages(*reference, *moving[m].second, ro, reg.sink());
                   core::ResampleOptions rs;
                   if (!hounsfield) rs.fillValue = 0;  // MRI: outside the field of view is dark, not air in HU
                   out.volume = std::make_shared<const core::CtVolume>(core::resample(
                       *moving[m].second, reference->geometry(), out.result.fixedToMoving, rs, res.sink()));
                   r.registration->moved.push_back(std::move(out));
                 }
                 return r;
               });
}

bool StudyLoader::loadCase(const QString& dir) {
  const std::string d = dir.toStdString();
  return start(tr("Opening case %1").arg(dir), [d](const core::ProgressSink& sink) {
    Result r;
    r.caseFolder = std::make_shared<cases::CaseFolder>(cases::CaseFolder::open(d));
    CaseStudy cs = loadCaseStudy(*r.caseFolder, [&](double f, std::string_view stage) { return sink(0.8 * f, stage); });
    r.study = std::make_shared<core::Study>(std::move(cs.study));
    r.caseSourceOf = std::move(cs.sourceOf);
    sink(0.85, "checking the sources");
    r.sourceChecks = r.caseFolder->checkSources();
    sink(0.95, "reading the segmentation");
    if (auto labels = r.caseFolder->readSavedSegmentation()) r.labels = std::make_shared<core::LabelMap>(std::move(*labels));
    sink(1.0, "done");
    return r;
  });
}

bool StudyLoader::loadPhantomDemo() {
  return start(tr("Generating the synthetic phantom"), [](const core::ProgressSink& sink) {
    core::PhantomOptions options;
    options.phases = {core::PhaseKind::Arterial, core::PhaseKind::PortalVenous};
    options.portalVenousMotion = {};  // registered phases: one cursor fits both
    core::Phantom phantom = core::generatePhantom(options, sink);
    Result r;
    r.study = std::make_shared<core::Study>();
    r.study->patientId = "SYNTHETIC PHANTOM";
    for (auto& p : phantom.phases) {
      core::Phase phase;
      phase.volume = std::move(p.volume);
      phase.decision = {p.kind, 1.0, "synthetic phantom (known phase)", false, {}};
      phase.source.seriesDescription = "SYNTHETIC PHANTOM - " + core::displayName(p.kind);
      phase.source.windowCenter = 60;
      phase.source.windowWidth = 360;
      r.study->phases.push_back(std::move(phase));
    }
    r.labels = std::make_shared<core::LabelMap>(std::move(phantom.truthLabels));
    return r;
  });
}

void StudyLoader::onFinished() {
  const Result r = watcher_.result();
  if (r.cancelled)
    Q_EMIT cancelled();
  else if (!r.error.isEmpty())
    Q_EMIT failed(r.error, r.detail);
  else if (r.caseFolder)
    Q_EMIT caseLoaded(r.caseFolder, r.study, r.labels, r.sourceChecks, r.caseSourceOf);
  else {
    if (r.study) Q_EMIT studyLoaded(r.study);
    if (r.labels) Q_EMIT labelsLoaded(r.labels);
    if (r.heatmap) Q_EMIT heatmapLoaded(r.heatmap);
    if (r.registration) Q_EMIT phasesRegistered(r.registration);
  }
  Q_EMIT finished();
}

}  // namespace hccws::gui
