// MainWindow: View > Radiomics (radiomics_dock.h): IBSI features of the case shown, the ring as a label layer.
#include "main_window.h"
#include "radiomics_dock.h"
#include "view_layout.h"

#include <hccws/widgets/slice_view.h>

#include <QAction>
#include <QMenu>

namespace hccws::gui {

void MainWindow::buildRadiomics(QMenu* view) {
  radiomicsDock_ = new RadiomicsDock(this);
  addDockWidget(Qt::RightDockWidgetArea, radiomicsDock_);
  radiomicsDock_->setFloating(true);
  radiomicsDock_->resize(900, 700);
  radiomicsDock_->hide();
  radiomicsDock_->setInputProvider([this] {
    RadiomicsInput in;
    for (int i = 0; i < static_cast<int>(study_.phases.size()); ++i)
      if (auto v = phaseVolume(i)) in.phases.push_back({phaseName(i), v, study_.phases[static_cast<std::size_t>(i)].intensity});
    if (const auto labels = editor_->labels(); labels && !labels->labels.empty()) {
      in.labels = std::make_shared<core::LabelMap>(*labels);  // a snapshot: editing may go on meanwhile
      in.labelsName = tr("the segmentation shown");
    }
    return in;
  });
  // Edits make the features stale (kept and shown as stale); a new segmentation or study hides the ring.
  connect(editor_, &widgets::LabelEditor::labelsChanged, radiomicsDock_, [this] { radiomicsDock_->setStale(true); });
  connect(editor_, &widgets::LabelEditor::labelsReplaced, radiomicsDock_, [this] {
    radiomicsDock_->setStale(true);
    showRadiomicsRing(nullptr);
  });
  connect(radiomicsDock_, &RadiomicsDock::ringChanged, this, &MainWindow::showRadiomicsRing);
  connect(radiomicsDock_, &RadiomicsDock::progress, this, &MainWindow::showWorkProgress);
  QAction* a = radiomicsDock_->toggleViewAction();
  a->setText(tr("&Radiomics: IBSI features, peritumoral ring"));
  a->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
  a->setObjectName(QStringLiteral("radiomicsAction"));
  view->addAction(a);
}

void MainWindow::showRadiomicsRing(std::shared_ptr<const core::LabelMap> ring) {
  render::LabelStyle style;
  style.fill = true;
  style.fillOpacity = 0.25;
  style.outline = true;
  for (auto* v : views_->allSliceViews()) v->setOverlayLabels(ring, style);
}

}  // namespace hccws::gui
