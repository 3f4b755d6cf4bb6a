#pragma once
// A PMN cohort (docs/pmn.md "Cohort manifest"): a CSV with one row per case and lesion, read and validated
// here, turned into network samples, and the evaluation of a model on it. Qt-free, Torch-free.
//
// Columns (header names; paths relative to the CSV's folder or absolute):
//   case_id          required, unique
//   arterial, portal_venous (and native, delayed)   the phase images a model needs, by phase name
//   labels           label map with a tumour segment (its grid is the reference)
//   lesion           optional: lesion number as `hccws measure` lists them (default 1 = the largest)
//   proliferative    0 / 1, or empty when unknown (training needs it; evaluation skips unknown rows)
//   arm, response    optional: the arm the case had (e.g. TACE, HAIC) and 1 responded / 0 did not
//   split            optional: train / validation / test (else the training command splits)
// Other columns are ignored (e.g. os_months, os_event, p_response_synthetic). Errors name the file, the line
// and the column.
#include <hccws/core/progress.h>
#include <hccws/inference/pmn.h>
#include <hccws/inference/pmn_roi.h>
#include <hccws/inference/pmn_training.h>

#include <map>
#include <string>
#include <vector>

namespace hccws::pipeline {

struct PmnCohortRow {
  int line = 0;  // CSV record number (header = 1)
  std::string id;
  std::map<std::string, std::string> phases;  // phase -> absolute path
  std::string labels;
  int lesion = 1;
  int proliferative = -1;
  std::string arm;
  int response = -1;
  std::string split;
};

struct PmnCohort {
  std::string path;
  std::vector<PmnCohortRow> rows;
};

PmnCohort readPmnCohort(const std::string& csvPath);

// Reads the row's images and cuts the ROI (preparePmnCase); the sample's id is "case_id (file line N)".
infer::PmnSample loadPmnSample(const PmnCohortRow& row, const std::string& cohortPath, const infer::PmnInputSpec& spec,
                               std::vector<std::string>& log);

}  // namespace hccws::pipeline
