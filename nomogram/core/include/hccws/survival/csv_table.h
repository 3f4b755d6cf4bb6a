#pragma once
// A small CSV reader for cohort tables (the only file I/O of this library besides model files; kept apart
// from the numeric code). RFC 4180 quoting ("a, b", doubled quotes), comma separator, first row = header,
// CRLF or LF line ends, UTF-8 BOM skipped. Cells are kept as text; numericColumn() converts.
//
// Missing values: an empty cell, NA, NaN, NULL, "." (any case) and "?" are missing. Everything else must
// parse completely as a number, or numericColumn() throws naming the file, column, row and value.
//
// Survival data are built from a table by buildSurvData() with one documented rule for missing values:
// complete cases over the columns used (time, event, covariates, strata/group); the number of rows dropped
// and the count per column are returned so that callers report them.
#include "hccws/survival/types.h"

#include <optional>
#include <string>
#include <vector>

namespace hccws::surv {

class CsvTable {
 public:
  // Throws SurvivalError("<file>: ...") when the file cannot be read, is empty, or a row has a different
  // number of fields than the header.
  static CsvTable readFile(const std::string& path);
  static CsvTable parse(const std::string& text, const std::string& sourceName);

  const std::string& source() const { return source_; }
  const std::vector<std::string>& header() const { return header_; }
  int rows() const { return static_cast<int>(cells_.size()); }
  bool has(const std::string& column) const;
  int columnIndex(const std::string& column) const;  // throws naming the file and the available columns
  const std::string& cell(int row, int col) const { return cells_[row][col]; }
  // Values of a column, std::nullopt where missing.
  std::vector<std::optional<double>> numericColumn(const std::string& column) const;

 private:
  std::string source_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> cells_;
};

bool isMissingToken(const std::string& s);

struct SurvColumns {
  std::string time, event;
  std::vector<std::string> covariates;
  std::string strata;  // optional: integer-coded stratum / group column
};

struct SurvTable {
  SurvData data;
  std::vector<int> sourceRows;  // 0-based table row of each data row
  int rowsRead = 0;
  int rowsDropped = 0;                      // complete-case rule
  std::vector<std::pair<std::string, int>> missingPerColumn;  // columns with at least one missing value
};

// Builds right-censored data from a table. Errors (SurvivalError, message "<file>: column '<c>': ..."):
// a missing column, non-numeric cells, negative times, event values other than 0/1, a strata value that is
// not an integer, no complete rows, no events.
SurvTable buildSurvData(const CsvTable& table, const SurvColumns& columns);

}  // namespace hccws::surv
