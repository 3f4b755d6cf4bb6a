// MainWindow: the window's geometry, docks, toolbars and view layout are kept between sessions (QSettings).
// Where: $HCCWS_SETTINGS (an INI file; "off" = nothing kept, as the GUI tests run), else Qt's per-user
// settings for organisation "hccws", application "workstation" (~/.config/hccws/workstation.conf).
// Saved when the window closes; restored when it is built. The proposal and grow bars are never restored
// visible (they belong to a session), and a saved state from another layout version is ignored.
#include "main_window.h"

#include "settings.h"
#include "view_layout.h"

#include <QSettings>
#include <QToolBar>

#include <algorithm>
#include <memory>

namespace hccws::gui {

std::unique_ptr<QSettings> workstationSettings() {
  const QByteArray env = qgetenv("HCCWS_SETTINGS");
  if (env == "off") return nullptr;
  if (!env.isEmpty()) return std::make_unique<QSettings>(QString::fromLocal8Bit(env), QSettings::IniFormat);
  return std::make_unique<QSettings>(QStringLiteral("hccws"), QStringLiteral("workstation"));
}

namespace {

constexpr int kLayoutVersion = 1;

std::unique_ptr<QSettings> layoutSettings() { return workstationSettings(); }

}  // namespace

void MainWindow::saveLayout() {
  auto s = layoutSettings();
  if (!s) return;
  s->setValue(QStringLiteral("window/geometry"), saveGeometry());
  s->setValue(QStringLiteral("window/state"), saveState(kLayoutVersion));
  s->setValue(QStringLiteral("window/layoutVersion"), kLayoutVersion);
  s->setValue(QStringLiteral("views/mode"), static_cast<int>(views_->mode()));
  s->setValue(QStringLiteral("views/single"), views_->singleView());
  s->sync();
}

bool MainWindow::restoreLayout() {
  auto s = layoutSettings();
  if (!s || s->value(QStringLiteral("window/layoutVersion")).toInt() != kLayoutVersion) return false;
  bool ok = restoreGeometry(s->value(QStringLiteral("window/geometry")).toByteArray());
  ok = restoreState(s->value(QStringLiteral("window/state")).toByteArray(), kLayoutVersion) && ok;
  for (QToolBar* sessionBar : {proposalBar_, growBar_})
    if (sessionBar) sessionBar->hide();
  const int mode = s->value(QStringLiteral("views/mode"), 0).toInt();
  if (mode >= 0 && mode <= static_cast<int>(LayoutMode::Compare)) {
    views_->setSingleView(std::clamp(s->value(QStringLiteral("views/single"), 0).toInt(), 0, 3));
    views_->setMode(static_cast<LayoutMode>(mode));
  }
  return ok;
}

}  // namespace hccws::gui
