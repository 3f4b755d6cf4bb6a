#pragma once
// Expected failures of the imaging core: a short user message that names the file and the problem, plus a
// technical detail for logs. Only the app turns them into dialogs or exit codes.
#include <stdexcept>
#include <string>

namespace hccws::core {

class ImagingError : public std::runtime_error {
 public:
  ImagingError(std::string file, std::string problem, std::string detail = {})
      : std::runtime_error(file.empty() ? problem : file + ": " + problem),
        file_(std::move(file)), problem_(std::move(problem)), detail_(std::move(detail)) {}
  const std::string& file() const { return file_; }
  const std::string& problem() const { return problem_; }
  const std::string& detail() const { return detail_; }

 private:
  std::string file_, problem_, detail_;
};

enum class Severity { Info, Warning, Error };

// A finding about input data that does not necessarily stop loading (uneven spacing, a localizer, ...).
struct Diagnostic {
  Severity severity = Severity::Warning;
  std::string file;     // the file or folder concerned (may be empty)
  std::string message;  // one sentence for the user
};

}  // namespace hccws::core
