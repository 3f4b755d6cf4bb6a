#pragma once
// PatientInputs: one patient's nomogram inputs, each with the state that says where it came from.
//
// States (architecture.md "Every shown value carries where it came from"):
// - missing:  no value. Nothing is ever defaulted silently; a model that needs it cannot be evaluated.
// - measured: from the segmentation (the source names the segment).
// - computed: by a named model from the images (the PMN's DL risk scores and proliferative class; the source
//             names the model and says "synthetic" for a demo model). Behaves as measured (a typed value is
//             never replaced; the computed one waits beside it); it can be marked stale when what it was
//             computed from changed (the segmentation was edited) until it is recomputed.
// - typed:    entered by the user. A later measurement never replaces it: the measurement is kept beside it
//             (measuredValue) until the user takes it with useMeasured().
// - clinical: from a clinical table (a cohort row through its mapping: docs/cohorts.md); the source names the
//             table, the patient and the line. Behaves as typed: a measurement never replaces it.
// - assumed:  put in by fillAssumed() (the user's explicit "fill missing with cohort medians") from the
//             model file's `assumed` value and source; marked on the curves and in every export.
// A measurement that becomes unavailable (the segment was deleted) turns a measured input back to missing.
// Qt-free, Eigen-free; not thread-safe (one owner).
#include "hccws/survival/nomogram_model.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hccws::surv {

enum class InputState { Missing, Measured, Computed, Typed, Assumed, Clinical };
// "missing", "measured", "computed", "typed", "assumed", "clinical"
const char* inputStateName(InputState s);

struct PatientInput {
  InputState state = InputState::Missing;
  double value = 0;    // meaningful unless missing
  std::string source;  // measured: "segment 2 'tumour' of this segmentation"; typed: "typed by the user";
                       // assumed: the model's assumed-value source
  // The latest measurement, kept beside a typed value (and equal to value when state is measured).
  std::optional<double> measuredValue;
  std::string measuredSource;
  InputState measuredKind = InputState::Measured;  // Measured or Computed: what measuredValue is
  bool stale = false;  // measured/computed from inputs that have changed since (the value is kept, flagged)
};

class PatientInputs {
 public:
  // The inputs every model needs (union of their variable names); previous inputs with those names are kept.
  void setModels(const std::vector<const NomogramModel*>& models);
  std::vector<std::string> names() const;
  const PatientInput& input(const std::string& name) const;  // throws std::out_of_range for an unknown name
  bool has(const std::string& name) const { return inputs_.count(name) > 0; }

  // A measurement (nullopt: not measurable on this segmentation). Returns true when the input changed.
  // Unknown names are ignored (false).
  bool offerMeasured(const std::string& name, std::optional<double> value, const std::string& source);
  // The same for a value computed by a model (state Computed).
  bool offerComputed(const std::string& name, std::optional<double> value, const std::string& source);
  // Flags a measured/computed value (or the one kept beside a typed value) as stale or fresh; false when
  // nothing changed.
  bool markStale(const std::string& name, bool stale = true);
  bool setTyped(const std::string& name, double value, const std::string& source = "typed by the user");
  // A value from a clinical table (state Clinical; `source` names the table, patient and line).
  bool setClinical(const std::string& name, double value, const std::string& source);
  bool useMeasured(const std::string& name);  // typed -> the kept measurement; false when there is none
  bool clear(const std::string& name);        // back to missing
  // Every missing input that a model gives an assumed value for becomes assumed; returns the names filled.
  std::vector<std::string> fillAssumed();
  // Only the named inputs (those still missing): a case file restoring what the user had filled.
  std::vector<std::string> fillAssumed(const std::vector<std::string>& names);

  // For one model: the names of its variables that are missing, the ones assumed, and the values in model
  // order (only when nothing is missing).
  std::vector<std::string> missingFor(const NomogramModel& model) const;
  std::vector<std::string> assumedFor(const NomogramModel& model) const;
  bool completeFor(const NomogramModel& model) const { return missingFor(model).empty(); }
  std::optional<std::vector<double>> valuesFor(const NomogramModel& model) const;

 private:
  bool offer(const std::string& name, std::optional<double> value, const std::string& source, InputState kind);
  std::vector<const NomogramModel*> models_;
  std::vector<std::string> order_;
  std::map<std::string, PatientInput> inputs_;
};

}  // namespace hccws::surv
