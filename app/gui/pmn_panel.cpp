#include "pmn_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextDocument>
#include <QVBoxLayout>

namespace hccws::gui {

PmnPanel::PmnPanel(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("pmnPanel"));
  auto* layout = new QVBoxLayout(this);
  banner_ = new QLabel(this);
  banner_->setObjectName(QStringLiteral("pmnStaleBanner"));
  banner_->setWordWrap(true);
  banner_->setStyleSheet(QStringLiteral("background: #fff3c4; color: #8a4b00; font-weight: bold; padding: 4px;"));
  banner_->hide();
  layout->addWidget(banner_);
  text_ = new QLabel(this);
  text_->setObjectName(QStringLiteral("pmnText"));
  text_->setWordWrap(true);
  text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  text_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  layout->addWidget(text_, 1);
  showHeatmap_ = new QCheckBox(tr("Show heatmap"), this);
  showHeatmap_->setObjectName(QStringLiteral("pmnShowHeatmap"));
  showHeatmap_->setChecked(true);
  heatmaps_ = new QComboBox(this);
  heatmaps_->setObjectName(QStringLiteral("pmnHeatmapChoice"));
  auto* form = new QFormLayout;
  form->addRow(showHeatmap_, heatmaps_);
  layout->addLayout(form);
  run_ = new QPushButton(tr("Run PMN again"), this);
  run_->setObjectName(QStringLiteral("pmnRunAgain"));
  layout->addWidget(run_);
  connect(run_, &QPushButton::clicked, this, &PmnPanel::runRequested);
  connect(heatmaps_, qOverload<int>(&QComboBox::currentIndexChanged), this,
          [this] { Q_EMIT heatmapChosen(chosenHeatmap()); });
  connect(showHeatmap_, &QCheckBox::toggled, this, [this] { Q_EMIT heatmapChosen(chosenHeatmap()); });
  refresh();
}

int PmnPanel::chosenHeatmap() const {
  return result_ && showHeatmap_->isChecked() ? heatmaps_->currentIndex() : -1;
}

void PmnPanel::chooseHeatmap(int index) {
  showHeatmap_->setChecked(index >= 0);
  if (index >= 0) heatmaps_->setCurrentIndex(index);
}

void PmnPanel::setResult(std::shared_ptr<const PmnResult> result) {
  result_ = std::move(result);
  stale_ = false;
  const QSignalBlocker block(heatmaps_);
  heatmaps_->clear();
#if HCCWS_HAVE_INFERENCE
  if (result_)
    for (const auto& h : result_->heatmaps) heatmaps_->addItem(QString::fromStdString(h.name));
#endif
  refresh();
  Q_EMIT heatmapChosen(chosenHeatmap());
}

void PmnPanel::setStale(bool stale) {
  if (stale_ == stale) return;
  stale_ = stale;
  refresh();
}

QString PmnPanel::summaryText() const {
  QTextDocument d;
  d.setHtml(text_->text());
  return (banner_->isVisible() ? banner_->text() + QStringLiteral("\n") : QString()) + d.toPlainText();
}

void PmnPanel::refresh() {
  banner_->setVisible(result_ && stale_);
  banner_->setText(tr("STALE: the segmentation changed after this result was computed. Run PMN again to "
                      "refresh it (the nomogram marks its PMN inputs stale meanwhile)."));
  run_->setEnabled(static_cast<bool>(result_));
  heatmaps_->setEnabled(static_cast<bool>(result_));
#if HCCWS_HAVE_INFERENCE
  if (!result_) {
    text_->setText(tr("No PMN result yet. Analyse > Run PMN computes the proliferative-subtype probability, the "
                      "DL risk score per arm and the heatmaps for the largest lesion of the segmentation."));
    return;
  }
  const auto& r = *result_;
  const QString who = tr("computed by PMN model '%1'%2")
                          .arg(QString::fromStdString(r.model.name).toHtmlEscaped(),
                               r.model.synthetic ? tr(" (synthetic: trained on phantoms, not for clinical use)") : QString());
  QString html;
  html += tr("<p><b>p(proliferative) = %1</b> &rarr; <b>%2</b> (threshold %3)<br><i>%4</i></p>")
              .arg(r.output.pProliferative, 0, 'f', 3)
              .arg(r.proliferative ? tr("proliferative") : tr("non-proliferative"))
              .arg(r.model.classThreshold, 0, 'f', 2)
              .arg(who);
  html += QStringLiteral("<p>");
  for (const auto& a : r.output.arms)
    html += tr("DL risk score %1 = <b>%2</b><br>").arg(QString::fromStdString(a.arm)).arg(a.riskScore, 0, 'f', 3);
  html += tr("<small>risk score = 1 - p(response) of the arm's prototype head, in [0, 1], higher = less expected "
             "benefit; the published nomogram cut-offs (HAIC -22.34, TACE -26.25) are on another scale</small></p>");
  html += tr("<p>Lesion %1 of %2 (%3), %4 mL; ROI %5 mm cube at %6 mm (%7 % of the lesion inside)</p>")
              .arg(r.lesion.id)
              .arg(r.lesionCount)
              .arg(QString::fromStdString(r.lesionSegment).toHtmlEscaped())
              .arg(r.lesion.volumeMl, 0, 'f', 1)
              .arg(r.roiGeometry.spacingMm[0] * static_cast<double>(r.roiGeometry.dims[0]), 0, 'f', 0)
              .arg(r.roiGeometry.spacingMm[0], 0, 'f', 1)
              .arg(qRound(100 * r.placement.lesionFractionInside));
  html += tr("<p><small>%1 s on %2</small></p>").arg(r.seconds, 0, 'f', 1).arg(QString::fromStdString(r.device.description));
  text_->setText(html);
#else
  text_->setText(tr("This build has no inference engine: the PMN cannot run."));
#endif
}

}  // namespace hccws::gui
