#pragma once
// Private to viewer/core: atomic file writing. The writer callback writes the file under a temporary
// folder next to the target (same file system, so rename is atomic) using the target's own file name,
// so that formats with a separate data file (.mhd + .raw, .nhdr + .raw.gz) reference the right name.
// Every file it produced is fsync'ed and renamed into place, data files first and the named file last;
// the folder is fsync'ed. On any failure the temporary folder is removed and the target is untouched
// (for multi-file formats: the named header file is untouched). Throws ImagingError naming `path`.
#include <functional>
#include <string>

namespace hccws::core::io {

void writeAtomically(const std::string& path, const std::function<void(const std::string& tempPath)>& write);

}  // namespace hccws::core::io
