// JSON mapping of NomogramModel. Only file I/O and (de)serialisation live here.
#include "hccws/survival/model_json.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace hccws::surv {

using nlohmann::json;

namespace {

const char* kindName(VariableKind k) {
  switch (k) {
    case VariableKind::Binary: return "binary";
    case VariableKind::Categorical: return "categorical";
    default: return "continuous";
  }
}

json sourceJson(const Source& s) { return {{"status", s.status}, {"note", s.note}}; }
Source sourceFrom(const json& j) {
  Source s;
  if (j.is_object()) {
    s.status = j.value("status", "");
    s.note = j.value("note", "");
  }
  return s;
}

std::vector<double> doubles(const json& j) {
  std::vector<double> v;
  for (const auto& e : j) v.push_back(e.get<double>());
  return v;
}

}  // namespace

std::string nomogramModelToJson(const NomogramModel& m) {
  json j;
  j["format"] = "hccws-nomogram";
  j["format_version"] = NomogramModel::kFormatVersion;
  j["id"] = m.id;
  j["title"] = m.title;
  j["arm"] = m.arm;
  j["time_unit"] = m.timeUnit;
  j["research_notice"] = m.researchNotice;
  j["provenance"] = {{"kind", m.provenance.kind}, {"citation", m.provenance.citation},
                     {"cohort", m.provenance.cohort}, {"method", m.provenance.method}};
  json vars = json::array();
  for (const auto& v : m.variables) {
    json jv = {{"name", v.name}, {"label", v.label},   {"unit", v.unit},     {"type", kindName(v.kind)},
               {"coding", v.coding}, {"beta", v.beta}, {"hr", std::exp(v.beta)}, {"min", v.min},
               {"max", v.max}, {"reference", v.reference}, {"centre", v.centre}, {"source", sourceJson(v.source)}};
    if (v.assumed) jv["assumed"] = {{"value", v.assumed->value}, {"source", v.assumed->source}};
    if (v.cohort) {
      json c = {{"note", v.cohort->note}};
      if (std::isfinite(v.cohort->min)) c["min"] = v.cohort->min;
      if (std::isfinite(v.cohort->max)) c["max"] = v.cohort->max;
      jv["cohort_range"] = c;
    }
    if (!v.levels.empty()) {
      jv["levels"] = json::array();
      for (const auto& l : v.levels) jv["levels"].push_back({{"label", l.label}, {"value", l.value}});
    }
    vars.push_back(jv);
  }
  j["variables"] = vars;
  json b;
  if (m.baseline.kind == NomogramBaseline::Kind::Weibull) {
    b = {{"type", "weibull"}, {"scale", m.baseline.weibullScale}, {"shape", m.baseline.weibullShape}};
  } else {
    const auto& s = m.baseline.step;
    b = {{"type", "step"}, {"time", s.time}, {"n_risk", s.nRisk}, {"n_event", s.nEvent}, {"cumhaz", s.cumhaz},
         {"varhaz", s.varhaz}};
    json xb = json::array();
    for (long r = 0; r < s.xbar.rows(); ++r) {
      std::vector<double> row(s.xbar.cols());
      for (long c = 0; c < s.xbar.cols(); ++c) row[c] = s.xbar(r, c);
      xb.push_back(row);
    }
    b["xbar"] = xb;
  }
  b["source"] = sourceJson(m.baseline.source);
  j["baseline"] = b;
  if (m.covariance.size()) {
    json cov = json::array();
    for (long r = 0; r < m.covariance.rows(); ++r) {
      std::vector<double> row(m.covariance.cols());
      for (long c = 0; c < m.covariance.cols(); ++c) row[c] = m.covariance(r, c);
      cov.push_back(row);
    }
    j["covariance"] = cov;
  }
  json r = {{"lp_cutoff", m.risk.lpCutoff}, {"high_if", m.risk.highIfAbove ? "above" : "below"},
            {"source", sourceJson(m.risk.source)}};
  if (m.risk.hasPublishedValue) {
    r["published_cutoff"] = m.risk.publishedValue;
    r["published_scale"] = m.risk.publishedScale;
  }
  j["risk"] = r;
  j["points"] = {{"max", m.pointsMax}};
  j["survival_times"] = m.survivalTimes;
  return j.dump(2);
}

NomogramModel parseNomogramModel(const std::string& text, const std::string& src) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    throw SurvivalError(src + ": not valid JSON (" + e.what() + ")");
  }
  NomogramModel m;
  try {
    if (j.value("format", "") != "hccws-nomogram") throw SurvivalError(src + ": format: not an hccws-nomogram file");
    const int version = j.at("format_version").get<int>();
    if (version > NomogramModel::kFormatVersion)
      throw SurvivalError(src + ": format_version " + std::to_string(version) + " is newer than this program (" +
                          std::to_string(NomogramModel::kFormatVersion) + ")");
    m.id = j.value("id", "");
    m.title = j.value("title", "");
    m.arm = j.value("arm", "");
    m.timeUnit = j.value("time_unit", "months");
    m.researchNotice = j.value("research_notice", "");
    if (j.contains("provenance")) {
      const auto& p = j["provenance"];
      m.provenance = {p.value("kind", ""), p.value("citation", ""), p.value("cohort", ""), p.value("method", "")};
    }
    for (const auto& jv : j.at("variables")) {
      NomogramVariable v;
      v.name = jv.at("name").get<std::string>();
      v.label = jv.value("label", v.name);
      v.unit = jv.value("unit", "");
      v.coding = jv.value("coding", "");
      const std::string type = jv.value("type", "continuous");
      v.kind = type == "binary" ? VariableKind::Binary : type == "categorical" ? VariableKind::Categorical
                                                                               : VariableKind::Continuous;
      v.beta = jv.at("beta").get<double>();
      v.min = jv.at("min").get<double>();
      v.max = jv.at("max").get<double>();
      v.reference = jv.value("reference", v.min);
      v.centre = jv.value("centre", 0.0);
      v.source = sourceFrom(jv.value("source", json::object()));
      if (jv.contains("assumed")) {
        const auto& a = jv.at("assumed");
        v.assumed = AssumedValue{a.at("value").get<double>(), a.at("source").get<std::string>()};
      }
      if (jv.contains("cohort_range")) {
        const auto& c = jv.at("cohort_range");
        CohortRange r;
        if (c.contains("min")) r.min = c.at("min").get<double>();
        if (c.contains("max")) r.max = c.at("max").get<double>();
        r.note = c.value("note", "");
        v.cohort = r;
      }
      if (jv.contains("levels"))
        for (const auto& l : jv["levels"]) v.levels.push_back({l.at("label").get<std::string>(), l.at("value").get<double>()});
      m.variables.push_back(v);
    }
    const auto& b = j.at("baseline");
    const std::string bt = b.at("type").get<std::string>();
    if (bt == "weibull") {
      m.baseline.kind = NomogramBaseline::Kind::Weibull;
      m.baseline.weibullScale = b.at("scale").get<double>();
      m.baseline.weibullShape = b.at("shape").get<double>();
    } else if (bt == "step") {
      m.baseline.kind = NomogramBaseline::Kind::Step;
      auto& s = m.baseline.step;
      s.time = doubles(b.at("time"));
      s.cumhaz = doubles(b.at("cumhaz"));
      if (b.contains("n_risk")) s.nRisk = doubles(b["n_risk"]);
      if (b.contains("n_event")) s.nEvent = doubles(b["n_event"]);
      if (b.contains("varhaz")) s.varhaz = doubles(b["varhaz"]);
      if (b.contains("xbar")) {
        const auto& xb = b["xbar"];
        s.xbar.resize(static_cast<long>(xb.size()), static_cast<long>(m.variables.size()));
        for (size_t r = 0; r < xb.size(); ++r)
          for (size_t c = 0; c < m.variables.size(); ++c) s.xbar(r, c) = xb[r].at(c).get<double>();
      }
    } else {
      throw SurvivalError(src + ": baseline.type '" + bt + "' is not weibull or step");
    }
    m.baseline.source = sourceFrom(b.value("source", json::object()));
    if (j.contains("covariance")) {
      const auto& cov = j["covariance"];
      const long p = static_cast<long>(m.variables.size());
      m.covariance.resize(p, p);
      if (static_cast<long>(cov.size()) != p) throw SurvivalError(src + ": covariance: wrong size");
      for (long r = 0; r < p; ++r)
        for (long c = 0; c < p; ++c) m.covariance(r, c) = cov[r].at(c).get<double>();
    }
    const auto& r = j.at("risk");
    m.risk.lpCutoff = r.at("lp_cutoff").get<double>();
    m.risk.highIfAbove = r.value("high_if", "above") != "below";
    if (r.contains("published_cutoff")) {
      m.risk.hasPublishedValue = true;
      m.risk.publishedValue = r["published_cutoff"].get<double>();
      m.risk.publishedScale = r.value("published_scale", "");
    }
    m.risk.source = sourceFrom(r.value("source", json::object()));
    if (j.contains("points")) m.pointsMax = j["points"].value("max", 100.0);
    if (j.contains("survival_times")) m.survivalTimes = doubles(j["survival_times"]);
  } catch (const json::exception& e) {
    throw SurvivalError(src + ": " + e.what());
  }
  try {
    m.validate();
  } catch (const SurvivalError& e) {
    throw SurvivalError(src + ": " + e.what());
  }
  return m;
}

NomogramModel readNomogramModel(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SurvivalError(path + ": cannot open the model file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parseNomogramModel(ss.str(), path);
}

void writeNomogramModel(const NomogramModel& m, const std::string& path) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw SurvivalError(path + ": cannot write the model file");
    out << nomogramModelToJson(m) << '\n';
    out.flush();
    if (!out) throw SurvivalError(path + ": write failed");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw SurvivalError(path + ": cannot replace the model file");
  }
}

}  // namespace hccws::surv
