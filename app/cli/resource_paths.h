#pragma once
// Where the shipped resources (nomogram models, the demo segmentation bundle) live at run time, Qt-free.
// Search order: $HCCWS_RESOURCES, <executable dir>/../share/hccws/resources (an install), then the source
// tree's resources/ folder the build was configured from (a build tree). No network, ever.
#include <string>

namespace hccws::cli {

// The resources folder, or the source tree's one when nothing else exists.
std::string resourceDir();
// resourceDir() + "/" + relative.
std::string resourcePath(const std::string& relative);

}  // namespace hccws::cli
