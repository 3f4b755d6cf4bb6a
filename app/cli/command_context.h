#pragma once
// Shared state of the command line: output flags and the progress bar every long subcommand uses.
// Subcommands report expected failures by throwing (hccws::core::ImagingError or std::runtime_error with
// a message that names the file and the problem); main() prints it and exits non-zero.
#include <hccws/core/progress.h>

#include <string>

namespace hccws::cli {

struct CommandContext {
  bool quiet = false;  // no progress bar
  // Exit code of a subcommand that succeeded but wants to tell scripts something (e.g. inspect: warnings).
  int exitCode = 0;
  // A progress sink that draws a bar on stderr (or nothing when quiet / stderr is not a terminal,
  // in which case it prints one line per stage).
  core::ProgressSink progress() const;
};

// Exit codes of hccws.
// DataWarnings: the command finished, but the data has problems worth a look (inspect: a missing slice, a
// truncated or non-DICOM file, mixed sizes, ...); the messages name the files.
enum class ExitCode : int { Ok = 0, Failure = 1, BadInput = 2, Cancelled = 3, DataWarnings = 4, Usage = 64 };

}  // namespace hccws::cli
