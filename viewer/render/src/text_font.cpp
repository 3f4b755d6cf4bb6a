#include <hccws/render/text_font.h>

#include <vtkTextActor.h>
#include <vtkTextProperty.h>

#include <cstdlib>
#include <filesystem>

namespace hccws::render {

const std::string& unicodeFontFile() {
  static const std::string file = [] {
    if (const char* env = std::getenv("HCCWS_CJK_FONT"); env && *env && std::filesystem::is_regular_file(env))
      return std::string(env);
    for (const char* f : {"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
                          "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                          "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"}) {
      std::error_code ec;
      if (std::filesystem::is_regular_file(f, ec)) return std::string(f);
    }
    return std::string();
  }();
  return file;
}

void setText(vtkTextActor* actor, const std::string& utf8) {
  bool ascii = true;
  for (unsigned char c : utf8) ascii = ascii && c < 0x80;
  auto* p = actor->GetTextProperty();
  if (!ascii && !unicodeFontFile().empty()) {
    p->SetFontFamily(VTK_FONT_FILE);
    p->SetFontFile(unicodeFontFile().c_str());
  } else if (p->GetFontFamily() == VTK_FONT_FILE) {
    p->SetFontFamilyToArial();
  }
  actor->SetInput(utf8.c_str());
}

}  // namespace hccws::render
