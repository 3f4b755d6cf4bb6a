// Readable layouts: the window with a study, a segmentation and the nomogram at 1280 x 800 and 1920 x 1080, in
// English and Simplified Chinese - no label or button whose text is cut, no overlapping widgets in a layout,
// and in the nomogram no elided title or variable label and no axis text outside the view (footers and the
// banner wrap instead of being cut: test_nomogram_view).
// SYNTHETIC PHANTOM - NOT PATIENT DATA.
#include "gui_support.h"
#include "gui/main_window.h"
#include "gui/nomogram_dock.h"
#include "gui/translations.h"

#include <hccws/core/phantom.h>
#include <hccws/nomogram/nomogram_view.h>
#include <hccws/nomogram/nomogram_workspace.h>

#include <catch2/catch.hpp>

#include <QAbstractButton>
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QLayout>
#include <QTest>
#include <QTextDocument>

#include <cstdio>

using namespace hccws;

namespace {

core::Study phantomStudy(core::LabelMap& truth) {
  const core::Phantom ph =
      test::smallPhantom({64, 64, 24}, {4, 4, 5}, {core::PhaseKind::Arterial, core::PhaseKind::PortalVenous});
  truth = ph.truthLabels;
  return test::studyOf(ph);
}

QString plain(const QLabel* l) {
  if (!Qt::mightBeRichText(l->text())) return l->text();
  QTextDocument d;
  d.setHtml(l->text());
  return d.toPlainText();
}

void checkWindow(gui::MainWindow& w, const std::string& what) {
  QStringList problems;
  for (auto* l : w.findChildren<QLabel*>()) {
    if (!l->isVisible() || l->wordWrap() || l->text().isEmpty() || !l->pixmap().isNull()) continue;
    const QString text = plain(l);
    if (text.contains(QLatin1Char('\n'))) continue;
    const int need = l->fontMetrics().horizontalAdvance(text), have = l->contentsRect().width();
    if (need > have + 1)
      problems << QStringLiteral("label '%1' (%2): needs %3 px, has %4").arg(text.left(60), l->objectName()).arg(need).arg(have);
  }
  for (auto* b : w.findChildren<QAbstractButton*>()) {
    if (!b->isVisible() || b->text().isEmpty()) continue;
    const int need = b->fontMetrics().horizontalAdvance(QString(b->text()).remove(QLatin1Char('&')));
    if (need > b->width())
      problems << QStringLiteral("button '%1': needs %2 px, has %3").arg(b->text()).arg(need).arg(b->width());
  }
  for (auto* parent : w.findChildren<QWidget*>()) {
    if (!parent->isVisible() || !parent->layout()) continue;
    QList<QWidget*> kids;
    for (int i = 0; i < parent->layout()->count(); ++i)
      if (QWidget* c = parent->layout()->itemAt(i)->widget(); c && c->isVisible() && !c->geometry().isEmpty()) kids << c;
    for (int i = 0; i < kids.size(); ++i)
      for (int j = i + 1; j < kids.size(); ++j)
        if (kids[i]->geometry().intersects(kids[j]->geometry()))
          problems << QStringLiteral("overlap in %1: %2 and %3").arg(parent->objectName(), kids[i]->objectName(),
                                                                     kids[j]->objectName());
  }
  auto* ws = w.nomogramDock()->workspace();
  for (int arm = 0; arm < ws->armCount(); ++arm) {
    auto* v = ws->nomogramView(arm);
    if (!v->isVisible()) continue;
    v->grab();  // paints
    if (v->elidedLabels()) problems << QStringLiteral("nomogram %1: %2 elided title/labels").arg(arm).arg(v->elidedLabels());
    if (v->clippedAxisTexts())
      problems << QStringLiteral("nomogram %1: %2 axis texts outside the view").arg(arm).arg(v->clippedAxisTexts());
  }
  for (const auto& p : problems) UNSCOPED_INFO(what << ": " << p.toStdString());
  CHECK(problems.isEmpty());
}

}  // namespace

TEST_CASE("readable layouts at 1280 x 800 and 1920 x 1080, English and Chinese", "[gui][layout]") {
  for (const char* lang : {"en_GB", "zh_CN"})
    for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
      gui::installTranslations(*QCoreApplication::instance(), QString::fromLatin1(lang));
      core::LabelMap truth;
      gui::MainWindow w;
      w.setProperty("hccwsNoDialogs", true);
      w.resize(size);
      w.show();
      REQUIRE(QTest::qWaitForWindowExposed(&w));
      w.showStudy(phantomStudy(truth));
      w.showSegmentation(truth);
      auto* dock = w.nomogramDock();
      dock->show();
      dock->raise();
      dock->workspace()->fillAssumed();
      QTest::qWait(300);
      const std::string what = std::string(lang) + " " + std::to_string(size.width()) + "x" + std::to_string(size.height());
      checkWindow(w, what);
    }
  gui::installTranslations(*QCoreApplication::instance(), QStringLiteral("en_GB"));
}
