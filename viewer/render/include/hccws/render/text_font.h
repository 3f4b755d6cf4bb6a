#pragma once
// Text in VTK views in any language. VTK's built-in fonts (Arial, Courier, Times) have no CJK glyphs: a
// Chinese title would show as empty boxes. setText() uses a font file for text that is not plain ASCII:
// $HCCWS_CJK_FONT, else the first of the usual Debian CJK fonts that exists (fonts-wqy-microhei, installed by
// .ci/install-deps.sh; fonts-wqy-zenhei; fonts-noto-cjk; fonts-droid-fallback). Without one, the text is set
// anyway (and shows as boxes).
// Threading: GUI thread (VTK props); the font lookup is done once.
#include <string>

class vtkTextActor;

namespace hccws::render {

// The font file used for non-ASCII text ("" when none was found).
const std::string& unicodeFontFile();
void setText(vtkTextActor* actor, const std::string& utf8);

}  // namespace hccws::render
