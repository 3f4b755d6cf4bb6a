#pragma once
// ProvenancePanel: where every number on screen comes from. A tree with one branch per model (kind, citation,
// cohort, method; each coefficient with its status and note; the baseline; the covariance or its absence; the
// risk cut-off) and one branch for the patient's inputs (value and source: "reference value", "measured on
// segmentation", "entered by user" ...). Status words: published / reconstructed / refit on cohort /
// synthetic demo (nomogram_style.h), read from the model files, never inferred.
// Ownership: models shared, const. GUI thread only.
#include <hccws/survival/nomogram_model.h>

#include <QString>
#include <QTreeWidget>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace hccws::nomo {

class ProvenancePanel : public QTreeWidget {
  Q_OBJECT
 public:
  explicit ProvenancePanel(QWidget* parent = nullptr);

  void setModels(const std::vector<std::shared_ptr<const surv::NomogramModel>>& models);
  // value and source text per input name
  void setInputs(const std::map<std::string, double>& values, const std::map<std::string, QString>& sources);

  // Every row as "number | value | status | note" (for reports and tests).
  QStringList rowsAsText() const;

 private:
  void rebuild();
  void fillInputs();
  QString labelOf(const std::string& name) const;  // a variable's label in the loaded models (its name if none)
  QTreeWidgetItem* inputsItem_ = nullptr;  // owned by the tree
  std::vector<std::shared_ptr<const surv::NomogramModel>> models_;
  std::map<std::string, double> values_;
  std::map<std::string, QString> sources_;
};

}  // namespace hccws::nomo
