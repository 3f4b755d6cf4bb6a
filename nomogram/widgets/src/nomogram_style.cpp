#include "hccws/nomogram/nomogram_style.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

namespace hccws::nomo {

// Free functions have no QObject: their strings use the translation context "hccws::nomo::NomogramStyle".

QColor armColor(const QString& arm, int index) {
  if (arm.compare("TACE", Qt::CaseInsensitive) == 0) return QColor(0xD5, 0x5E, 0x00);
  if (arm.compare("HAIC", Qt::CaseInsensitive) == 0) return QColor(0x00, 0x72, 0xB2);
  static const QColor fallback[] = {QColor(0x00, 0x9E, 0x73), QColor(0xCC, 0x79, 0xA7), QColor(0x56, 0xB4, 0xE9)};
  return fallback[static_cast<unsigned>(index) % 3];
}

QColor warningColor() { return QColor(0xA6, 0x4B, 0x00); }
QColor warningBackground() { return QColor(0xFF, 0xE8, 0xB0); }
QColor cohortColor() { return QColor(0x1F, 0x4E, 0x8C); }
QColor cohortBackground() { return QColor(0xDC, 0xE9, 0xF8); }
QColor axisColor() { return QColor(0x40, 0x40, 0x40); }
QColor textColor() { return QColor(0x10, 0x10, 0x10); }

QString statusLabel(const std::string& status) {
  if (status == "published") return QCoreApplication::translate("hccws::nomo::NomogramStyle", "published");
  if (status == "reconstructed") return QCoreApplication::translate("hccws::nomo::NomogramStyle", "reconstructed");
  if (status == "refit") return QCoreApplication::translate("hccws::nomo::NomogramStyle", "refit on cohort");
  if (status == "synthetic") return QCoreApplication::translate("hccws::nomo::NomogramStyle", "synthetic demo");
  return status.empty() ? QCoreApplication::translate("hccws::nomo::NomogramStyle", "unspecified")
                        : QString::fromStdString(status);
}

QFont labelFont(double pointSize) {
  QFont f;
  f.setPointSizeF(pointSize);
  return f;
}

QFont titleFont(double pointSize) {
  QFont f;
  f.setPointSizeF(pointSize);
  f.setBold(true);
  return f;
}

QString formatNumber(double value, int decimals) {
  if (!std::isfinite(value)) return QCoreApplication::translate("hccws::nomo::NomogramStyle", "n/a");
  QString s = QString::number(value, 'f', decimals);
  if (s.contains('.')) {
    while (s.endsWith('0')) s.chop(1);
    if (s.endsWith('.')) s.chop(1);
  }
  if (s == QLatin1String("-0")) s = QStringLiteral("0");
  return s;
}

QString survivalTimeLabel(double t, const std::string& timeUnit) {
  if (timeUnit == "months" && t > 0 && std::fmod(t, 12.0) == 0)
    return QCoreApplication::translate("hccws::nomo::NomogramStyle", "%1-year").arg(static_cast<int>(t / 12));
  return QStringLiteral("%1 %2").arg(formatNumber(t, 2), QString::fromStdString(timeUnit));
}

QString researchNotice() {
  return QCoreApplication::translate("hccws::nomo::NomogramStyle", "Research use only - a decision aid, not an instruction");
}

}  // namespace hccws::nomo
