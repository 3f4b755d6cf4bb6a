#pragma once
// Shared look of the nomogram widgets: colour-blind-safe arm colours (Okabe & Ito 2008 palette: TACE
// vermillion #D55E00, HAIC blue #0072B2, others bluish green / reddish purple), the extrapolation warning
// colour, fonts, and the words shown for a number's provenance status.
// Pure functions, GUI thread only (QFont/QColor need a QGuiApplication for fonts).
#include <QColor>
#include <QFont>
#include <QString>

#include <string>

namespace hccws::nomo {

// Colour of a treatment arm by name (case-insensitive "TACE", "HAIC"); `index` picks a fallback colour.
QColor armColor(const QString& arm, int index = 0);
QColor warningColor();      // text and markers of extrapolated values
QColor warningBackground(); // banners and flagged fields
QColor cohortColor();       // values inside the axis but outside the study cohort's range (a note, not a warning)
QColor cohortBackground();
QColor axisColor();
QColor textColor();

// The user-facing words for a model file's source status: "published", "reconstructed", "refit on cohort",
// "synthetic demo"; unknown statuses are shown as they are.
QString statusLabel(const std::string& status);

QFont labelFont(double pointSize = 9.5);
QFont titleFont(double pointSize = 11);

// "12.3" with `decimals`, trailing zeros removed (tick and read-out labels).
QString formatNumber(double value, int decimals);
// Time as written on axes and read-outs: "12 months" -> "1-year" when the unit is months and t is a
// multiple of 12; otherwise "t unit".
QString survivalTimeLabel(double t, const std::string& timeUnit);

// "Research use only - a decision aid, not an instruction": the notice every nomogram surface shows.
QString researchNotice();

}  // namespace hccws::nomo
