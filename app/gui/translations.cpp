#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace hccws::gui {

QString installTranslations(QCoreApplication& app, const QString& requested) {
  QString name = requested;
  if (name.isEmpty()) name = qEnvironmentVariable("HCCWS_LANG");
  const QLocale locale = name.isEmpty() ? QLocale::system() : QLocale(name);
  // Translators installed by an earlier call go first (a language switch, and tests that switch back).
  for (auto* old : app.findChildren<QTranslator*>(QStringLiteral("hccwsTranslator"), Qt::FindDirectChildrenOnly)) {
    QCoreApplication::removeTranslator(old);
    delete old;
  }
  if (locale.language() == QLocale::English || locale.language() == QLocale::C) return {};
  auto* own = new QTranslator(&app);
  own->setObjectName(QStringLiteral("hccwsTranslator"));
  // QTranslator::load(locale, ...) tries hccws_zh_Hans_CN, hccws_zh_CN, hccws_zh, ... in turn.
  if (!own->load(locale, QStringLiteral("hccws"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
    delete own;
    return {};
  }
  QCoreApplication::installTranslator(own);
  auto* qt = new QTranslator(&app);
  qt->setObjectName(QStringLiteral("hccwsTranslator"));
  if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
               QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    QCoreApplication::installTranslator(qt);
  else
    delete qt;
  return locale.name();
}

}  // namespace hccws::gui
