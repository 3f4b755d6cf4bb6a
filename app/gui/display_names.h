#pragma once
// Names the window shows for the core's enumerations, in the user's language (the core's own displayName()
// functions are English, for the command line and files).
#include <hccws/core/study.h>
#include <hccws/render/heatmap_style.h>
#include <hccws/render/slice_geometry.h>
#include <hccws/render/volume_presets.h>
#include <hccws/render/window_presets.h>

#include <QString>

namespace hccws::gui {

QString phaseDisplayName(core::PhaseKind kind);
QString orientationDisplayName(render::SliceOrientation orientation);
QString windowPresetDisplayName(render::WindowPresetKind kind);
QString colormapDisplayName(render::Colormap colormap);
QString volumePresetDisplayName(render::VolumePreset preset);
// The core's phrases (core/phrase.h) in the user's language: each template translated in the context
// "hccws::core::Phrase", its arguments put in as they are.
QString phraseText(const std::vector<core::Phrase>& phrases);
// A phase decision's reason: its phrases translated, or its English text when it has none.
QString phaseReasonText(const core::PhaseDecision& decision);

}  // namespace hccws::gui
