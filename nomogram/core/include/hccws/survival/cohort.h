#pragma once
// Real cohorts for the nomograms (docs/cohorts.md): a mapping file (JSON) says how a clinical table becomes
// the model's variables, and importCohort() applies it with a data report. Eigen and the JSON reader only.
//
// The mapping: the table's ID, time (days, weeks, months or years; converted to months with 30.4375 days a
// month) and event columns; for a visit table (one row per visit) the date column whose first visit per patient
// (date order, file order breaking ties) is the baseline, optionally only patients whose baseline visit has a
// given value in a column (e.g. a TACE); per model variable: the column (none: the variable is not evaluable on
// this cohort, with a note), a unit conversion ("mm_to_cm" or a scale), text codes to values ("HBV only" -> 1,
// "multinodular" -> 2), a plausible range (values outside are reported, kept).
//
// A survival time of 0 (no follow-up after baseline; real tables have them) leaves the patient out, counted and
// located in the report (CohortReport::zeroTimes, firstZeroTime).
// Errors (CohortError, "<file>: line N: column 'C': ..." where a cell is at fault): text in a numeric column,
// a code the mapping does not list, dates in two formats (or not in the declared one), a negative survival
// time, an event other than 0/1, a patient twice in a patient table, a column the table lacks, a
// mapping that is not one.
#include "hccws/survival/nomogram_model.h"
#include "hccws/survival/types.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hccws::surv {

struct CohortError : SurvivalError {
  using SurvivalError::SurvivalError;
};

struct CohortVariableMap {
  std::string name;    // the model's variable
  std::string column;  // "" = not in this cohort: not evaluable
  double scale = 1;    // value x scale ("mm_to_cm": 0.1)
  std::string conversion;                 // as written ("mm_to_cm", "scale 0.1", "")
  std::map<std::string, double> codes;    // text -> value; when present every non-missing cell must be one
  std::optional<std::pair<double, double>> range;  // plausible values after conversion
  std::string note;
};

struct CohortMapping {
  static constexpr int kFormatVersion = 1;
  std::string name, citation, table, source;  // table: file name (relative to the mapping's folder); source: the mapping file
  bool visits = false;
  std::string idColumn, timeColumn, timeUnit = "months", eventColumn;
  std::string dateColumn, dateFormat = "YYYY-MM-DD";  // visits: the baseline is the first visit
  std::string onlyIfColumn;                           // visits: keep patients whose baseline has this value
  double onlyIfValue = 0;
  std::vector<CohortVariableMap> variables;
};

CohortMapping parseCohortMapping(const std::string& jsonText, const std::string& sourceName);
CohortMapping readCohortMapping(const std::string& path);
// The mapping's table resolved against the mapping file's folder (an absolute table path is kept).
std::string mappedTablePath(const CohortMapping& mapping);

enum class Imputation { CompleteCase, Median };
const char* imputationName(Imputation i);  // "complete case", "single imputation by median"

struct VariableReport {
  std::string name, column, note;
  bool evaluable = false;     // a column, and not constant in the rows kept
  bool constant = false;
  int missing = 0;            // among the patients before the complete-case rule
  int missingEvents = 0, missingNonEvents = 0;  // of those: with the event, without
  double missingByOutcomeP = 1;  // chi-square (no continuity correction) of missing x event; 1 when nothing is missing
  int outOfRange = 0;
  int firstOutOfRangeLine = 0;
  int imputed = 0;            // Imputation::Median: cells filled with the median
  double median = 0;          // of the observed values used to impute
};

struct CohortReport {
  std::string table, mapping;
  Imputation imputation = Imputation::CompleteCase;
  int rowsIn = 0;              // rows of the table
  int patients = 0;            // patients (baseline rows) before the filters
  int excludedByBaseline = 0;  // visits: baseline not matching only_if
  int rowsKept = 0;            // patients analysed
  int droppedMissing = 0;      // by the complete-case rule
  int events = 0;
  int duplicateVisits = 0;     // visits: a patient with two rows on the same date
  int nonIntegerTimes = 0;     // in the table's own unit, among the patients analysed
  int zeroTimes = 0;           // patients left out: a survival time of 0 (no follow-up after baseline)
  std::string firstZeroTime;   // "<file>: line N: column 'C'" of the first
  std::vector<VariableReport> variables;
  std::vector<std::string> notes;
};

struct CohortData {
  std::vector<std::string> ids;
  std::vector<int> lines;          // the table's record line of each patient's (baseline) row, header = 1
  Eigen::VectorXd timeMonths;
  Eigen::VectorXi event;
  std::vector<std::string> names;  // the evaluable variables, in mapping order
  Eigen::MatrixXd x;               // patients x names
  CohortReport report;
};

// Reads `csvPath` (default: the mapping's table) through `mapping`, for the variables named in `variables`
// (empty: every variable of the mapping; a name the mapping lacks is reported as not evaluable). The complete-case
// rule runs over time, event and those variables only. Throws CohortError (see above).
CohortData importCohort(const CohortMapping& mapping, const std::string& csvPath = "",
                        Imputation imputation = Imputation::CompleteCase, const std::vector<std::string>& variables = {});

// The same from a table already read (CsvTable::parse or readFile; messages name table.source()).
class CsvTable;
CohortData importCohortTable(const CohortMapping& mapping, const CsvTable& table,
                             Imputation imputation = Imputation::CompleteCase, const std::vector<std::string>& variables = {});

// The survival data of a model's variables: a column per model variable, in `variables` order; a variable the
// cohort cannot evaluate takes `fill[name]` for every patient (the caller says what and reports it) or throws
// CohortError naming it when `fill` has none.
SurvData cohortSurvData(const CohortData& cohort, const std::vector<std::string>& variables,
                        const std::map<std::string, double>& fill = {});

// A model's variables on a cohort, in the model's order: a variable the cohort cannot evaluate takes the model
// file's assumed value for every patient (listed in `assumed`, with why it is not evaluable), or the call throws
// CohortError naming it ("... cannot be validated here") when the model gives none. One rule for the command line
// and the window.
struct AssumedTerm {
  std::string name, why, source;
  double value = 0;
};
SurvData modelSurvData(const NomogramModel& model, const CohortData& cohort, std::vector<AssumedTerm>* assumed = nullptr);

}  // namespace hccws::surv
