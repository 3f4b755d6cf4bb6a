#pragma once
// The whole pipeline into a new case folder (what `hccws analyze` and each case of `hccws batch` run): load the
// phases (image files or DICOM folders of one series; the first is the reference grid), register the others
// onto it and segment with a model bundle, measure, run the PMN, and write a case (docs/case-files.md) with
// every result and what it was computed from. Throws (ImagingError, CaseError, CLI::ValidationError for a
// malformed --phase) naming the file and the problem; nothing is left in `out` but a complete case or what
// CaseFolder::create refused.
#include "cli/command_context.h"

#include <string>
#include <vector>

namespace hccws::cli {

struct AnalyzeRequest {
  std::vector<std::string> phases;  // NAME=PATH
  std::string model, pmnModel, out, device = "auto", note;
  bool noPmn = false;
};

struct AnalyzeStep {
  std::string name;
  double seconds = 0;
};

struct AnalyzeSummary {
  std::vector<AnalyzeStep> steps;
  double liverMl = 0;
  int lesions = 0;
  bool pmnRun = false;
  double pProliferative = 0;
  bool pmnSynthetic = false;
};

AnalyzeSummary analyzeIntoCase(const AnalyzeRequest& request, const CommandContext& ctx);

}  // namespace hccws::cli
