// The interface language: the Simplified Chinese translation compiled into the executable is installed on
// request and reaches the real window (menus, the research-use notice); English needs no file.
#include "gui/main_window.h"
#include "gui/translations.h"

#include <catch2/catch.hpp>

#include <QApplication>
#include <QMenuBar>
#include <QTest>

using namespace hccws;

namespace {
bool hasCjk(const QString& s) {
  for (const QChar c : s)
    if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF) return true;
  return false;
}
QString firstMenuTitle(gui::MainWindow& w) { return w.menuBar()->actions().value(0)->text(); }
}  // namespace

TEST_CASE("English is the source language and needs no translation file", "[gui][i18n]") {
  CHECK(gui::installTranslations(*QCoreApplication::instance(), QStringLiteral("en_GB")).isEmpty());
  gui::MainWindow w;
  CHECK(firstMenuTitle(w) == QStringLiteral("&File"));
  CHECK_FALSE(hasCjk(w.noticeText()));
}

TEST_CASE("zh_CN translates the window's menus and its research-use notice", "[gui][i18n]") {
  const QString loaded = gui::installTranslations(*QCoreApplication::instance(), QStringLiteral("zh_CN"));
  REQUIRE(loaded == QStringLiteral("zh_CN"));
  gui::MainWindow w;
  const QString file = firstMenuTitle(w);
  INFO(file.toStdString());
  CHECK(hasCjk(file));
  CHECK(file.contains(QStringLiteral("&F")));  // the accelerator survives
  INFO(w.noticeText().toStdString());
  CHECK(hasCjk(w.noticeText()));
}
