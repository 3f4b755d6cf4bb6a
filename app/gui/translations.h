#pragma once
// The user-interface language. The translations are compiled into the executable (:/i18n/hccws_<locale>.qm,
// from translations/*.ts). $HCCWS_LANG (e.g. "zh_CN", "en") overrides the system locale; English is the
// source language and needs no file.
#include <QString>

class QCoreApplication;

namespace hccws::gui {

// Installs the translators (the workstation's and Qt's own for standard dialogs) for `locale` (empty: from
// $HCCWS_LANG, else the system locale) into the application. Returns the locale name loaded, or "" when the
// interface stays English. Translators from an earlier call are removed first.
QString installTranslations(QCoreApplication& app, const QString& locale = {});

}  // namespace hccws::gui
