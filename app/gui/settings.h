#pragma once
// The workstation's settings: $HCCWS_SETTINGS (an INI file; "off" = none, as the GUI tests run), else Qt's
// per-user settings for organisation "hccws", application "workstation". Null when off.
#include <QSettings>

#include <memory>

namespace hccws::gui {

std::unique_ptr<QSettings> workstationSettings();

}  // namespace hccws::gui
