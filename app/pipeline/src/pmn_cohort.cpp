#ifdef HCCWS_HAVE_INFERENCE
#include <hccws/pipeline/pmn_cohort.h>

#include <hccws/core/errors.h>
#include <hccws/core/image_io.h>
#include <hccws/pipeline/pmn.h>
#include <hccws/survival/csv_table.h>

#include <filesystem>
#include <set>

namespace hccws::pipeline {

namespace {

int zeroOne(const std::string& text, const std::string& file, int line, const std::string& column) {
  if (text.empty() || surv::isMissingToken(text)) return -1;
  if (text == "0") return 0;
  if (text == "1") return 1;
  throw core::ImagingError(file, "line " + std::to_string(line) + ": column '" + column + "' must be 0 or 1 (or empty "
                                 "when unknown), not '" + text.substr(0, 40) + "'");
}

}  // namespace

PmnCohort readPmnCohort(const std::string& csvPath) {
  PmnCohort c;
  c.path = csvPath;
  surv::CsvTable t = [&] {
    try {
      return surv::CsvTable::readFile(csvPath);
    } catch (const std::exception& e) {
      throw core::ImagingError(csvPath, std::string("cannot be read as a cohort table: ") + e.what());
    }
  }();
  for (const char* need : {"case_id", "labels"})
    if (!t.has(need)) throw core::ImagingError(csvPath, std::string("has no column '") + need + "'");
  std::vector<std::string> phaseColumns;
  for (const char* p : {"native", "arterial", "portal_venous", "delayed"})
    if (t.has(p)) phaseColumns.push_back(p);
  if (phaseColumns.empty())
    throw core::ImagingError(csvPath, "has no phase column (arterial, portal_venous, native or delayed)");
  const std::filesystem::path base = std::filesystem::absolute(csvPath).parent_path();
  const auto resolve = [&](const std::string& p) {
    const std::filesystem::path q(p);
    return (q.is_absolute() ? q : base / q).lexically_normal().string();
  };
  const auto cell = [&](int r, const char* col) { return t.has(col) ? t.cell(r, t.columnIndex(col)) : std::string(); };
  std::set<std::string> ids;
  for (int r = 0; r < t.rows(); ++r) {
    PmnCohortRow row;
    row.line = r + 2;
    const std::string where = "line " + std::to_string(row.line) + ": ";
    row.id = cell(r, "case_id");
    if (row.id.empty()) throw core::ImagingError(csvPath, where + "case_id is empty");
    const std::string lesion = cell(r, "lesion");
    row.lesion = 1;
    if (!lesion.empty()) {
      try {
        std::size_t used = 0;
        row.lesion = std::stoi(lesion, &used);
        if (used != lesion.size() || row.lesion < 1) throw std::invalid_argument(lesion);
      } catch (const std::exception&) {
        throw core::ImagingError(csvPath, where + "column 'lesion' must be a lesion number >= 1, not '" +
                                              lesion.substr(0, 40) + "'");
      }
    }
    if (!ids.insert(row.id + "#" + std::to_string(row.lesion)).second)
      throw core::ImagingError(csvPath, where + "case '" + row.id.substr(0, 60) + "' (lesion " + std::to_string(row.lesion) +
                                            ") appears twice");
    const std::string labels = cell(r, "labels");
    if (labels.empty()) throw core::ImagingError(csvPath, where + "labels is empty");
    row.labels = resolve(labels);
    for (const auto& p : phaseColumns) {
      const std::string v = cell(r, p.c_str());
      if (!v.empty()) row.phases[p] = resolve(v);
    }
    row.proliferative = zeroOne(cell(r, "proliferative"), csvPath, row.line, "proliferative");
    row.arm = cell(r, "arm");
    row.response = zeroOne(cell(r, "response"), csvPath, row.line, "response");
    if (row.response >= 0 && row.arm.empty())
      throw core::ImagingError(csvPath, where + "a response is given without its arm");
    row.split = cell(r, "split");
    if (!row.split.empty() && row.split != "train" && row.split != "validation" && row.split != "test")
      throw core::ImagingError(csvPath, where + "column 'split' must be train, validation or test, not '" +
                                            row.split.substr(0, 40) + "'");
    c.rows.push_back(std::move(row));
  }
  if (c.rows.empty()) throw core::ImagingError(csvPath, "holds no case");
  return c;
}

infer::PmnSample loadPmnSample(const PmnCohortRow& row, const std::string& cohortPath, const infer::PmnInputSpec& spec,
                               std::vector<std::string>& log) {
  infer::PmnSample s;
  s.id = row.id + " (" + cohortPath + " line " + std::to_string(row.line) + ")";
  std::vector<PhaseImage> phases;
  for (const auto& p : spec.phases) {
    const auto it = row.phases.find(p);
    if (it == row.phases.end())
      throw core::ImagingError(cohortPath, "line " + std::to_string(row.line) + ": case '" + row.id +
                                               "' has no " + p + " image (column '" + p + "'), which the model needs");
  }
  PmnCaseInput in;
  try {
    for (const auto& p : spec.phases) phases.push_back({p, core::readCtImage(row.phases.at(p))});
    const core::LabelMap labels = core::readLabelMap(row.labels);
    in = preparePmnCase(phases, labels, row.labels, row.lesion, spec, cohortPath, false, log);
  } catch (const core::ImagingError& e) {
    // the image's own message, and where in the cohort it comes from
    throw core::ImagingError(e.file(), e.problem() + " (" + cohortPath + " line " + std::to_string(row.line) +
                                           ", case '" + row.id + "')",
                             e.detail());
  }
  s.input = in.roi.input;
  s.proliferative = row.proliferative;
  if (row.response >= 0) s.response[row.arm] = row.response;
  return s;
}

}  // namespace hccws::pipeline
#endif  // HCCWS_HAVE_INFERENCE
