#include "display_names.h"

#include <QCoreApplication>

namespace hccws::gui {

QString phaseDisplayName(core::PhaseKind kind) {
  switch (kind) {
    case core::PhaseKind::Native: return QCoreApplication::translate("hccws::gui::DisplayNames", "Native");
    case core::PhaseKind::Arterial: return QCoreApplication::translate("hccws::gui::DisplayNames", "Arterial");
    case core::PhaseKind::PortalVenous: return QCoreApplication::translate("hccws::gui::DisplayNames", "Portal venous");
    case core::PhaseKind::Delayed: return QCoreApplication::translate("hccws::gui::DisplayNames", "Delayed");
    case core::PhaseKind::Hepatobiliary: return QCoreApplication::translate("hccws::gui::DisplayNames", "Hepatobiliary");
    case core::PhaseKind::Unknown: break;
  }
  return QCoreApplication::translate("hccws::gui::DisplayNames", "Unknown");
}

QString orientationDisplayName(render::SliceOrientation orientation) {
  switch (orientation) {
    case render::SliceOrientation::Axial: return QCoreApplication::translate("hccws::gui::DisplayNames", "Axial");
    case render::SliceOrientation::Coronal: return QCoreApplication::translate("hccws::gui::DisplayNames", "Coronal");
    case render::SliceOrientation::Sagittal: return QCoreApplication::translate("hccws::gui::DisplayNames", "Sagittal");
  }
  return {};
}

QString windowPresetDisplayName(render::WindowPresetKind kind) {
  switch (kind) {
    case render::WindowPresetKind::Abdomen: return QCoreApplication::translate("hccws::gui::DisplayNames", "Abdomen");
    case render::WindowPresetKind::Liver: return QCoreApplication::translate("hccws::gui::DisplayNames", "Liver");
    case render::WindowPresetKind::Bone: return QCoreApplication::translate("hccws::gui::DisplayNames", "Bone");
    case render::WindowPresetKind::Lung: return QCoreApplication::translate("hccws::gui::DisplayNames", "Lung");
    case render::WindowPresetKind::Dicom: return QCoreApplication::translate("hccws::gui::DisplayNames", "DICOM");
  }
  return {};
}

QString colormapDisplayName(render::Colormap colormap) {
  switch (colormap) {
    case render::Colormap::Hot: return QCoreApplication::translate("hccws::gui::DisplayNames", "Hot");
    case render::Colormap::Jet: return QCoreApplication::translate("hccws::gui::DisplayNames", "Jet");
    case render::Colormap::Viridis: return QCoreApplication::translate("hccws::gui::DisplayNames", "Viridis");
  }
  return {};
}

QString volumePresetDisplayName(render::VolumePreset preset) {
  switch (preset) {
    case render::VolumePreset::SoftTissue: return QCoreApplication::translate("hccws::gui::DisplayNames", "CT soft tissue");
    case render::VolumePreset::LiverVessels:
      return QCoreApplication::translate("hccws::gui::DisplayNames", "CT liver and vessels");
    case render::VolumePreset::Bone: return QCoreApplication::translate("hccws::gui::DisplayNames", "CT bone");
  }
  return {};
}

QString phraseText(const std::vector<core::Phrase>& phrases) {
  QString out;
  for (const auto& p : phrases) {
    // QString::arg would renumber; put %1..%9 in by hand, as core::render does
    const QString t = QCoreApplication::translate(core::kPhraseContext, p.text.c_str());
    QString text;
    for (int i = 0; i < t.size(); ++i) {
      if (t[i] == QLatin1Char('%') && i + 1 < t.size() && t[i + 1] >= QLatin1Char('1') && t[i + 1] <= QLatin1Char('9')) {
        const auto n = static_cast<std::size_t>(t[i + 1].unicode() - '1');
        if (n < p.args.size()) {
          text += QString::fromStdString(p.args[n]);
          ++i;
          continue;
        }
      }
      text += t[i];
    }
    out += text;
  }
  return out;
}

QString phaseReasonText(const core::PhaseDecision& decision) {
  return decision.why.empty() ? QString::fromStdString(decision.reason) : phraseText(decision.why);
}

}  // namespace hccws::gui
