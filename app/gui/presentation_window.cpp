#include "presentation_window.h"

#include "case_study.h"
#include "display_names.h"
#include "nomogram_dock.h"
#include "key_images.h"
#include "report_slice.h"

#include <hccws/case/case_folder.h>
#include <hccws/core/measurements.h>
#include <hccws/nomogram/nomogram_workspace.h>
#include <hccws/nomogram/painting_export.h>
#include <hccws/nomogram/survival_curves_view.h>

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace hccws::gui {

// What the worker reads for one case: the manifest, the key image and the measurements (or why it failed).
struct PresentationWindow::Prepared {
  int index = -1;
  cases::CaseManifest manifest;
  QImage image;
  std::optional<core::Measurements> measurements;
  QString error;
};

namespace {

QFont big(double points, bool bold = false) {
  QFont f;
  f.setPointSizeF(points);
  f.setBold(bold);
  return f;
}

}  // namespace

PresentationWindow::PresentationWindow(QStringList caseDirs, QWidget* parent) : QWidget(parent), cases_(std::move(caseDirs)) {
  setObjectName(QStringLiteral("presentationWindow"));
  setWindowTitle(tr("Tumour board - presentation"));
  setAttribute(Qt::WA_DeleteOnClose, false);
  QPalette pal = palette();
  pal.setColor(QPalette::Window, QColor(0x10, 0x14, 0x1A));
  pal.setColor(QPalette::WindowText, QColor(0xF0, 0xF0, 0xF0));
  setPalette(pal);
  setAutoFillBackground(true);
  auto* layout = new QVBoxLayout(this);
  title_ = new QLabel(this);
  title_->setFont(big(26, true));
  layout->addWidget(title_);
  auto* row = new QHBoxLayout;
  image_ = new QLabel(this);
  image_->setAlignment(Qt::AlignCenter);
  image_->setMinimumSize(320, 320);
  row->addWidget(image_, 1);
  auto* right = new QVBoxLayout;
  curves_ = new QLabel(this);
  curves_->setAlignment(Qt::AlignCenter);
  curves_->setMinimumSize(320, 200);
  right->addWidget(curves_, 1);
  facts_ = new QLabel(this);
  facts_->setFont(big(16));
  facts_->setWordWrap(true);
  facts_->setTextFormat(Qt::RichText);
  right->addWidget(facts_);
  row->addLayout(right, 1);
  layout->addLayout(row, 1);
  footer_ = new QLabel(this);
  footer_->setFont(big(11, true));
  footer_->setStyleSheet(QStringLiteral("color: #ff9a9a;"));
  layout->addWidget(footer_);
  connect(&watcher_, &QFutureWatcher<std::shared_ptr<Prepared>>::finished, this, &PresentationWindow::onPrepared);
  setFocusPolicy(Qt::StrongFocus);
  if (!cases_.isEmpty()) showCase(0);
  else title_->setText(tr("No case in this board"));
}

PresentationWindow::~PresentationWindow() { watcher_.waitForFinished(); }

QStringList PresentationWindow::boardCases(const QString& folder) {
  if (QFileInfo::exists(folder + QStringLiteral("/case.json"))) return {folder};
  QStringList out;
  const QDir dir(folder);
  for (const QString& sub : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
    if (QFileInfo::exists(dir.filePath(sub) + QStringLiteral("/case.json"))) out << dir.filePath(sub);
  return out;
}

void PresentationWindow::showCase(int index) {
  if (cases_.isEmpty()) return;
  index = std::clamp(index, 0, static_cast<int>(cases_.size()) - 1);
  if (index == current_ && !loading()) return;
  watcher_.waitForFinished();  // one case at a time (a fast key press waits for the case being read)
  current_ = index;
  title_->setText(tr("Case %1 of %2 - reading %3 ...").arg(index + 1).arg(cases_.size()).arg(QFileInfo(cases_[index]).fileName()));
  facts_->clear();
  image_->clear();
  curves_->clear();
  const std::string dir = cases_[index].toStdString();
  watcher_.setFuture(QtConcurrent::run([dir, index]() {
    auto p = std::make_shared<Prepared>();
    p->index = index;
    try {
      const cases::CaseFolder folder = cases::CaseFolder::open(dir, true);  // read-only: nothing is written
      p->manifest = folder.manifest();
      const CaseStudy cs = loadCaseStudy(folder);
      const auto labels = folder.readSavedSegmentation();
      if (labels) p->measurements = core::measure(*labels);
      // the first key image the user chose, else the proposed one (the slice through the largest tumour)
      KeyImageSources from;
      from.phases = keyImagePhases(cs.study, cs.sourceOf);
      from.labels = labels ? &*labels : nullptr;
      from.caseDir = dir;
      const auto heatmaps = readCaseHeatmaps(p->manifest, dir);
      from.heatmaps = &heatmaps;
      const auto keys = p->manifest.keyImages.empty() ? proposeKeyImages(from, p->measurements ? &*p->measurements : nullptr)
                                                      : p->manifest.keyImages;
      for (const auto& k : keys) {
        RenderedKeyImage r = renderKeyImage(k, from, 1000);
        if (r.image.isNull()) continue;
        p->image = r.image;
        break;
      }
    } catch (const std::exception& e) {
      p->error = QString::fromStdString(e.what());
    }
    return p;
  }));
}

void PresentationWindow::onPrepared() {
  const auto p = watcher_.result();
  if (!p || p->index != current_) return;
  const QString name = QFileInfo(cases_[current_]).fileName();
  footer_->setText(tr("Case %1 of %2  \u00B7  \u2190 / \u2192 to move, Esc to leave  \u00B7  read-only  \u00B7  RESEARCH USE ONLY - "
                      "not for clinical decisions")
                       .arg(current_ + 1)
                       .arg(cases_.size()));
  if (!p->error.isEmpty()) {
    title_->setText(name);
    facts_->setText(tr("This case cannot be shown: %1").arg(p->error.toHtmlEscaped()));
    Q_EMIT caseShown(current_);
    return;
  }
  const auto& m = p->manifest;
  title_->setText(QStringLiteral("%1  \u00B7  %2").arg(QString::fromStdString(m.patientId.empty() ? std::string("-") : m.patientId), name));
  if (!p->image.isNull())
    image_->setPixmap(QPixmap::fromImage(p->image.scaled(image_->size().expandedTo(QSize(320, 320)), Qt::KeepAspectRatio,
                                                         Qt::SmoothTransformation)));
  // The nomogram as the window computes it: measured from this segmentation, the case's typed/assumed/computed
  // inputs, the chosen arm.
  NomogramDock dock;
  if (p->measurements) dock.setMeasurements(*p->measurements);
  dock.restoreFromCase(m);
  auto* curves = dock.workspace()->curvesView();
  const QSize room = curves_->size().expandedTo(QSize(480, 300));
  const QSize size = QSize(900, 560).scaled(room, Qt::KeepAspectRatio);  // the curves' own aspect
  QImage plot(size, QImage::Format_ARGB32_Premultiplied);
  plot.fill(Qt::white);
  {
    QPainter q(&plot);
    nomo::drawPaintingScaled([curves](QPainter& qq, const QRectF& a) { curves->render(qq, a); }, QSize(900, 560), q,
                             QRectF(QPointF(0, 0), QSizeF(size)));
  }
  curves_->setPixmap(QPixmap::fromImage(plot));
  QStringList facts;
  if (p->measurements && p->measurements->liverMeasured)
    facts << tr("Liver %1 mL; %2 lesion(s), largest %3 mm (axial); burden %4 %")
                 .arg(p->measurements->liverVolumeMl, 0, 'f', 0)
                 .arg(p->measurements->tumourCount)
                 .arg(p->measurements->largestAxialDiameterMm, 0, 'f', 0)
                 .arg(p->measurements->tumourBurdenPercent, 0, 'f', 1);
  else facts << tr("No segmentation");
  if (m.results.count("pmn")) {
    const auto& v = m.results.at("pmn").value;
    facts << tr("PMN: p(proliferative) %1, %2 - %3")
                 .arg(v.value("p_proliferative", std::nan("")), 0, 'f', 2)
                 .arg(QString::fromStdString(v.value("class", std::string("-"))), QString::fromStdString(m.results.at("pmn").madeBy).toHtmlEscaped());
  } else {
    facts << tr("PMN: not run");
  }
  for (int a = 0; a < curves->armCount(); ++a) {
    const QString arm = QString::fromStdString(curves->arm(a).model->arm);
    if (!curves->isComputed(a)) {
      facts << tr("%1: not computed (inputs missing)").arg(arm);
      continue;
    }
    const auto& s = curves->summary(a);
    facts << tr("%1: %2 risk, median OS %3").arg(arm, s.highRisk ? tr("HIGH") : tr("low"),
                                                 std::isfinite(s.medianOs) ? tr("%1 months").arg(s.medianOs, 0, 'f', 1) : tr("not reached"));
  }
  facts << tr("<b>Decision: %1</b>").arg(m.arm.empty() ? tr("not recorded") : QString::fromStdString(m.arm));
  if (!m.note.empty()) facts << QString::fromStdString(m.note).toHtmlEscaped();
  facts_->setText(facts.join(QStringLiteral("<br>")));
  Q_EMIT caseShown(current_);
}

QString PresentationWindow::shownText() const {
  QString facts = facts_->text();
  facts.replace(QStringLiteral("<br>"), QStringLiteral("\n"));
  facts.remove(QStringLiteral("<b>"));
  facts.remove(QStringLiteral("</b>"));
  return title_->text() + QLatin1Char('\n') + facts + QLatin1Char('\n') + footer_->text();
}

void PresentationWindow::keyPressEvent(QKeyEvent* event) {
  switch (event->key()) {
    case Qt::Key_Right:
    case Qt::Key_PageDown:
    case Qt::Key_Space: showCase(current_ + 1); break;
    case Qt::Key_Left:
    case Qt::Key_PageUp: showCase(current_ - 1); break;
    case Qt::Key_Home: showCase(0); break;
    case Qt::Key_End: showCase(static_cast<int>(cases_.size()) - 1); break;
    case Qt::Key_Escape: close(); break;
    default: QWidget::keyPressEvent(event);
  }
}

}  // namespace hccws::gui
