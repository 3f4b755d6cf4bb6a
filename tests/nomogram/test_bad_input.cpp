// Bad cohort tables and degenerate data give clear messages (file, column, line, problem); the missing-value
// rule (complete cases over the columns used) reports what it dropped.
#include <hccws/survival/cox.h>
#include <hccws/survival/csv_table.h>

#include <catch2/catch.hpp>

#include <cmath>

using namespace hccws::surv;
using Catch::Matchers::Contains;

namespace {
SurvTable build(const std::string& csv, std::vector<std::string> cov = {"x"}) {
  return buildSurvData(CsvTable::parse(csv, "cohort.csv"), {"t", "e", cov, ""});
}
}  // namespace

TEST_CASE("missing column names the file, the column and the available ones", "[csv]") {
  CHECK_THROWS_WITH(build("t,e,y\n1,1,2\n"), Contains("cohort.csv") && Contains("'x' not found") && Contains("t, e, y"));
}

TEST_CASE("non-numeric value names the column, line and value", "[csv]") {
  CHECK_THROWS_WITH(build("t,e,x\n1,1,2\n2,0,abc\n"), Contains("column 'x'") && Contains("line 3") && Contains("'abc'"));
}

TEST_CASE("negative time and bad event codes are refused", "[csv]") {
  CHECK_THROWS_WITH(build("t,e,x\n1,1,2\n-2,0,1\n"), Contains("column 't'") && Contains("negative time"));
  CHECK_THROWS_WITH(build("t,e,x\n1,2,2\n2,0,1\n"), Contains("column 'e'") && Contains("0 or 1"));
}

TEST_CASE("no events", "[csv]") {
  CHECK_THROWS_WITH(build("t,e,x\n1,0,2\n2,0,1\n"), Contains("no events"));
}

TEST_CASE("ragged rows, empty file, quotes", "[csv]") {
  CHECK_THROWS_WITH(CsvTable::parse("a,b\n1\n", "f.csv"), Contains("f.csv: line 2 has 1 fields"));
  CHECK_THROWS_WITH(CsvTable::parse("", "f.csv"), Contains("empty"));
  const auto t = CsvTable::parse("\xEF\xBB\xBFname,\"v, w\"\r\n\"a \"\"q\"\"\",3\r\n", "f.csv");
  CHECK(t.header()[1] == "v, w");
  CHECK(t.cell(0, 0) == "a \"q\"");
  CHECK_THROWS_WITH(CsvTable::readFile("/nonexistent/x.csv"), Contains("cannot open"));
}

TEST_CASE("missing values: complete cases, counted per column", "[csv][missing]") {
  const auto s = build("t,e,x,unused\n1,1,2,\n2,0,NA,1\n3,1,,1\n4,1,1,.\n5,NA,1,1\n", {"x"});
  CHECK(s.rowsRead == 5);
  CHECK(s.rowsDropped == 3);
  CHECK(s.data.n() == 2);
  REQUIRE(s.missingPerColumn.size() == 2);
  CHECK(s.missingPerColumn[0] == std::make_pair(std::string("e"), 1));
  CHECK(s.missingPerColumn[1] == std::make_pair(std::string("x"), 2));
  CHECK(s.sourceRows == std::vector<int>{0, 3});
}

TEST_CASE("collinear and constant covariates are named", "[cox]") {
  const auto s = build("t,e,a,b,c\n1,1,1,2,5\n2,1,2,4,5\n3,0,3,6,5\n4,1,5,10,5\n5,1,4,9,5\n", {"a", "b"});
  CHECK_NOTHROW(fitCox(s.data));
  const auto col = build("t,e,a,b,c\n1,1,1,2,5\n2,1,2,4,5\n3,0,3,6,5\n4,1,5,10,5\n5,1,4,8,5\n", {"a", "b"});
  CHECK_THROWS_WITH(fitCox(col.data), Contains("'b' is collinear with a"));
  const auto cst = build("t,e,a,b,c\n1,1,1,2,5\n2,1,2,4,5\n3,0,3,6,5\n4,1,5,10,5\n5,1,4,8,5\n", {"a", "c"});
  CHECK_THROWS_WITH(fitCox(cst.data), Contains("'c' is constant"));
}

TEST_CASE("perfect separation is flagged as a possibly infinite coefficient", "[cox]") {
  // Everyone with x = 1 dies before everyone with x = 0: the likelihood increases without bound in beta.
  const auto s = build("t,e,x\n1,1,1\n2,1,1\n3,1,1\n4,1,0\n5,1,0\n6,1,0\n");
  const CoxFit fit = fitCox(s.data);
  REQUIRE(fit.possiblyInfinite.size() == 1);
  CHECK(fit.possiblyInfinite[0] == 0);
  CHECK(fit.beta(0) > 5);
}

TEST_CASE("sizes that disagree are refused", "[cox]") {
  SurvData d;
  d.time = Eigen::VectorXd::Ones(3);
  d.status = Eigen::VectorXi::Ones(2);
  d.x = Eigen::MatrixXd::Zero(3, 1);
  CHECK_THROWS_AS(fitCox(d), SurvivalError);
}

TEST_CASE("selective read: only the chosen columns are stored, numeric ones parsed while reading", "[csv][select]") {
  const std::string text = "id,t,e,x,note\r\n\r\n1,5,1,2.5,\"a, b\"\r\n2,3,0,NA,\"line\nbreak\"\r\n3,4,1,7,x\r\n";
  CsvSelection sel;
  sel.numeric = {"t", "e", "x"};
  sel.text = {"id"};
  const auto t = CsvTable::parse(text, "s.csv", sel);
  CHECK(t.rows() == 3);
  CHECK(t.header() == std::vector<std::string>{"id", "t", "e", "x", "note"});
  REQUIRE(t.storedNumeric("x"));
  CHECK(std::isnan((*t.storedNumeric("x"))[1]));
  CHECK((*t.storedNumeric("t"))[2] == 4);
  CHECK(t.storedNumeric("id") == nullptr);
  CHECK(t.cell(2, 0) == "3");
  CHECK(t.cell(0, 3) == "2.5");  // numeric column: shortest decimal form
  CHECK(t.cell(1, 3).empty());    // ... and "" when missing
  CHECK_THROWS_WITH(t.cell(0, 4), Contains("not read"));
  CHECK_THROWS_WITH(t.numericColumn("note"), Contains("not read"));
  // the full read keeps the quoted line break and comma
  const auto all = CsvTable::parse(text, "s.csv");
  CHECK(all.cell(1, 4) == "line\nbreak");
  CHECK(all.cell(0, 4) == "a, b");
  // errors while reading: a missing column names the others, a bad number its line (records, header = 1)
  CsvSelection bad;
  bad.numeric = {"t", "nosuch"};
  CHECK_THROWS_WITH(CsvTable::parse(text, "s.csv", bad), Contains("'nosuch' not found") && Contains("id, t, e, x, note"));
  CsvSelection textAsNumber;
  textAsNumber.numeric = {"note"};
  CHECK_THROWS_WITH(CsvTable::parse(text, "s.csv", textAsNumber),
                    Contains("column 'note'") && Contains("line 2") && Contains("'a, b' is not a number"));
  // ragged rows are refused even in skipped columns
  CsvSelection onlyA;
  onlyA.numeric = {"a"};
  CHECK_THROWS_WITH(CsvTable::parse("a,b\n1,2,3\n", "r.csv", onlyA), Contains("line 2 has 3 fields"));
  CHECK_THROWS_WITH(CsvTable::parse("a,b\n\"1,2\n", "q.csv"), Contains("unterminated"));
}

TEST_CASE("selective and full reads build the same survival data", "[csv][select]") {
  const std::string text = "t,e,x,y,g\n1,1,2,,0\n2,0,NA,1,1\n3,1,,1,1\n4,1,1,.,0\n5,NA,1,1,1\n6,1,3,2,0\n7,0,4,5,1\n";
  const SurvColumns cols{"t", "e", {"x", "y"}, "g"};
  const auto a = buildSurvData(CsvTable::parse(text, "c.csv"), cols);
  const auto b = buildSurvData(CsvTable::parse(text, "c.csv", survSelection(cols)), cols);
  CHECK(a.data.time == b.data.time);
  CHECK(a.data.x == b.data.x);
  CHECK(a.data.strata == b.data.strata);
  CHECK(a.sourceRows == b.sourceRows);
  CHECK(a.rowsDropped == 5);
  // why: each dropped row once, under the first column it misses (time, event, covariates, group)
  REQUIRE(b.dropped.size() == 3);
  CHECK(b.dropped[0].column == "e");
  CHECK(b.dropped[0].reason == "missing event");
  CHECK(b.dropped[0].rows == 1);
  CHECK(b.dropped[1].column == "x");
  CHECK(b.dropped[1].reason == "missing covariate");
  CHECK(b.dropped[1].rows == 2);
  CHECK(b.dropped[2].column == "y");
  CHECK(b.dropped[2].rows == 2);
  // per column counts every missing cell (a row may miss several)
  CHECK(b.missingPerColumn == std::vector<std::pair<std::string, int>>{{"e", 1}, {"x", 2}, {"y", 2}});
}
