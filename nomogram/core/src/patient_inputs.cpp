#include "hccws/survival/patient_inputs.h"

#include <stdexcept>

namespace hccws::surv {

const char* inputStateName(InputState s) {
  switch (s) {
    case InputState::Measured: return "measured";
    case InputState::Computed: return "computed";
    case InputState::Typed: return "typed";
    case InputState::Assumed: return "assumed";
    case InputState::Clinical: return "clinical";
    case InputState::Missing: break;
  }
  return "missing";
}

void PatientInputs::setModels(const std::vector<const NomogramModel*>& models) {
  models_.clear();
  order_.clear();
  std::map<std::string, PatientInput> kept;
  for (const NomogramModel* m : models) {
    if (!m) continue;
    models_.push_back(m);
    for (const auto& v : m->variables) {
      if (kept.count(v.name)) continue;
      order_.push_back(v.name);
      const auto it = inputs_.find(v.name);
      kept[v.name] = it != inputs_.end() ? it->second : PatientInput{};
    }
  }
  inputs_ = std::move(kept);
}

std::vector<std::string> PatientInputs::names() const { return order_; }

const PatientInput& PatientInputs::input(const std::string& name) const {
  const auto it = inputs_.find(name);
  if (it == inputs_.end()) throw std::out_of_range("nomogram input '" + name + "' is not a variable of the loaded models");
  return it->second;
}

bool PatientInputs::offerMeasured(const std::string& name, std::optional<double> value, const std::string& source) {
  return offer(name, value, source, InputState::Measured);
}

bool PatientInputs::offerComputed(const std::string& name, std::optional<double> value, const std::string& source) {
  return offer(name, value, source, InputState::Computed);
}

bool PatientInputs::offer(const std::string& name, std::optional<double> value, const std::string& source, InputState kind) {
  const auto it = inputs_.find(name);
  if (it == inputs_.end()) return false;
  PatientInput& in = it->second;
  const PatientInput before = in;
  in.measuredValue = value;
  in.measuredSource = value ? source : std::string();
  in.measuredKind = kind;
  in.stale = false;
  if (in.state == InputState::Typed || in.state == InputState::Clinical) {
    // the user's (or the table's) value stays; the measurement waits beside it
  } else if (value) {
    in.state = kind;
    in.value = *value;
    in.source = source;
  } else if (in.state == InputState::Measured || in.state == InputState::Computed) {
    in = PatientInput{};  // the segment it came from is gone: missing again, never a stale number
  }
  return in.state != before.state || in.value != before.value || in.source != before.source ||
         in.measuredValue != before.measuredValue || in.measuredSource != before.measuredSource ||
         in.stale != before.stale;
}

bool PatientInputs::markStale(const std::string& name, bool stale) {
  const auto it = inputs_.find(name);
  if (it == inputs_.end()) return false;
  PatientInput& in = it->second;
  const bool has = in.state == InputState::Measured || in.state == InputState::Computed || in.measuredValue.has_value();
  if (!has || in.stale == stale) return false;
  in.stale = stale;
  return true;
}

bool PatientInputs::setTyped(const std::string& name, double value, const std::string& source) {
  const auto it = inputs_.find(name);
  if (it == inputs_.end()) return false;
  PatientInput& in = it->second;
  if (in.state == InputState::Typed && in.value == value && in.source == source) return false;
  in.state = InputState::Typed;
  in.value = value;
  in.source = source;
  return true;
}

bool PatientInputs::setClinical(const std::string& name, double value, const std::string& source) {
  const auto it = inputs_.find(name);
  if (it == inputs_.end()) return false;
  PatientInput& in = it->second;
  if (in.state == InputState::Clinical && in.value == value && in.source == source) return false;
  in.state = InputState::Clinical;
  in.value = value;
  in.source = source;
  return true;
}

bool PatientInputs::useMeasured(const std::string& name) {
  const auto it = inputs_.find(name);
  if (it == inputs_.end() || !it->second.measuredValue) return false;
  PatientInput& in = it->second;
  in.state = in.measuredKind;
  in.value = *in.measuredValue;
  in.source = in.measuredSource;
  return true;
}

bool PatientInputs::clear(const std::string& name) {
  const auto it = inputs_.find(name);
  if (it == inputs_.end() || it->second.state == InputState::Missing) return false;
  it->second.state = InputState::Missing;
  it->second.value = 0;
  it->second.source.clear();
  return true;
}

std::vector<std::string> PatientInputs::fillAssumed() { return fillAssumed(order_); }

std::vector<std::string> PatientInputs::fillAssumed(const std::vector<std::string>& names) {
  std::vector<std::string> filled;
  for (const auto& name : names) {
    if (!inputs_.count(name)) continue;
    PatientInput& in = inputs_[name];
    if (in.state != InputState::Missing) continue;
    for (const NomogramModel* m : models_) {
      const auto* v = [&]() -> const NomogramVariable* {
        for (const auto& var : m->variables)
          if (var.name == name && var.assumed) return &var;
        return nullptr;
      }();
      if (!v) continue;
      in.state = InputState::Assumed;
      in.value = v->assumed->value;
      in.source = "assumed: " + v->assumed->source;
      filled.push_back(name);
      break;
    }
  }
  return filled;
}

std::vector<std::string> PatientInputs::missingFor(const NomogramModel& model) const {
  std::vector<std::string> out;
  for (const auto& v : model.variables) {
    const auto it = inputs_.find(v.name);
    if (it == inputs_.end() || it->second.state == InputState::Missing) out.push_back(v.name);
  }
  return out;
}

std::vector<std::string> PatientInputs::assumedFor(const NomogramModel& model) const {
  std::vector<std::string> out;
  for (const auto& v : model.variables) {
    const auto it = inputs_.find(v.name);
    if (it != inputs_.end() && it->second.state == InputState::Assumed) out.push_back(v.name);
  }
  return out;
}

std::optional<std::vector<double>> PatientInputs::valuesFor(const NomogramModel& model) const {
  if (!completeFor(model)) return std::nullopt;
  std::vector<double> values;
  for (const auto& v : model.variables) values.push_back(inputs_.at(v.name).value);
  return values;
}

}  // namespace hccws::surv
