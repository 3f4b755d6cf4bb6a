#include "case_panel.h"

#include <QComboBox>
#include <QHeaderView>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace hccws::gui {

CasePanel::CasePanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  header_ = new QLabel(this);
  header_->setObjectName(QStringLiteral("caseHeader"));
  header_->setWordWrap(true);
  header_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(header_);
  sources_ = new QTreeWidget(this);
  sources_->setObjectName(QStringLiteral("caseSources"));
  sources_->setHeaderLabels({tr("Series"), tr("Phase"), tr("Source")});
  sources_->setRootIsDecorated(false);
  sources_->setMaximumHeight(110);
  layout->addWidget(sources_);
  stepsTree_ = new QTreeWidget(this);
  stepsTree_->setObjectName(QStringLiteral("caseSteps"));
  stepsTree_->setHeaderLabels({tr("Step"), tr("State"), tr("Detail")});
  stepsTree_->setRootIsDecorated(false);
  layout->addWidget(stepsTree_, 1);
  auto* buttons = new QHBoxLayout;
  save_ = new QPushButton(tr("Save case"), this);
  save_->setObjectName(QStringLiteral("caseSaveButton"));
  verify_ = new QPushButton(tr("Verify sources"), this);
  verify_->setObjectName(QStringLiteral("caseVerifyButton"));
  reviewed_ = new QPushButton(tr("Mark reviewed"), this);
  reviewed_->setObjectName(QStringLiteral("caseReviewedButton"));
  reviewed_->setToolTip(tr("Records that the segmentation was reviewed (stale again after any edit)"));
  for (auto* b : {save_, verify_, reviewed_}) buttons->addWidget(b);
  layout->addLayout(buttons);
  auto* runRow = new QHBoxLayout;
  run_ = new QPushButton(tr("Run the rest"), this);
  run_->setObjectName(QStringLiteral("caseRunButton"));
  run_->setToolTip(tr("Runs the steps not done yet, one after the other: register, segment (only when there is no "
                      "segmentation), PMN, save"));
  cancelRun_ = new QPushButton(tr("Cancel"), this);
  cancelRun_->setObjectName(QStringLiteral("caseCancelRunButton"));
  cancelRun_->hide();
  runRow->addWidget(run_);
  runRow->addWidget(cancelRun_);
  layout->addLayout(runRow);
  runStatus_ = new QLabel(this);
  runStatus_->setObjectName(QStringLiteral("caseRunStatus"));
  runStatus_->setWordWrap(true);
  layout->addWidget(runStatus_);
  connect(run_, &QPushButton::clicked, this, &CasePanel::runRequested);
  connect(cancelRun_, &QPushButton::clicked, this, &CasePanel::cancelRunRequested);
  auto* decisionRow = new QHBoxLayout;
  decisionRow->addWidget(new QLabel(tr("Decision:"), this));
  decision_ = new QComboBox(this);
  decision_->setObjectName(QStringLiteral("caseDecision"));
  decision_->addItem(tr("not decided"), QString());
  decision_->addItem(QStringLiteral("TACE"), QStringLiteral("TACE"));
  decision_->addItem(QStringLiteral("HAIC"), QStringLiteral("HAIC"));
  decisionRow->addWidget(decision_, 1);
  layout->addLayout(decisionRow);
  connect(decision_, &QComboBox::currentIndexChanged, this, [this] {
    if (!settingNote_) Q_EMIT decisionEdited(decision());
  });
  layout->addWidget(new QLabel(tr("Key images for the board:"), this));
  keyImages_ = new QListWidget(this);
  keyImages_->setObjectName(QStringLiteral("caseKeyImages"));
  keyImages_->setMaximumHeight(100);
  layout->addWidget(keyImages_);
  auto* keyRow = new QHBoxLayout;
  markKey_ = new QPushButton(tr("Mark view"), this);
  markKey_->setObjectName(QStringLiteral("caseMarkKeyImage"));
  markKey_->setToolTip(tr("Adds the view with the focus as a key image (Ctrl+K): a slice through the cursor, or a "
                          "snapshot of the 3D view"));
  proposeKeys_ = new QPushButton(tr("Propose"), this);
  proposeKeys_->setObjectName(QStringLiteral("caseProposeKeyImages"));
  proposeKeys_->setToolTip(tr("Adds the proposed set: the largest tumour's slice in every phase, the PMN heatmap's "
                              "slice, the 3D overview"));
  removeKey_ = new QPushButton(tr("Remove"), this);
  removeKey_->setObjectName(QStringLiteral("caseRemoveKeyImage"));
  for (auto* b : {markKey_, proposeKeys_, removeKey_}) keyRow->addWidget(b);
  layout->addLayout(keyRow);
  connect(markKey_, &QPushButton::clicked, this, &CasePanel::markKeyImageRequested);
  connect(proposeKeys_, &QPushButton::clicked, this, &CasePanel::proposeKeyImagesRequested);
  connect(removeKey_, &QPushButton::clicked, this, [this] {
    if (keyImages_->currentRow() >= 0 && keyImages_->currentItem()->data(Qt::UserRole).toBool())
      Q_EMIT removeKeyImageRequested(keyImages_->currentRow());
  });
  layout->addWidget(new QLabel(tr("Note for the tumour board:"), this));
  note_ = new QPlainTextEdit(this);
  note_->setObjectName(QStringLiteral("caseNote"));
  note_->setMaximumHeight(90);
  layout->addWidget(note_);
  noteTimer_ = new QTimer(this);
  noteTimer_->setSingleShot(true);
  noteTimer_->setInterval(700);
  connect(note_, &QPlainTextEdit::textChanged, this, [this] {
    if (!settingNote_) noteTimer_->start();
  });
  connect(noteTimer_, &QTimer::timeout, this, [this] { Q_EMIT noteEdited(note_->toPlainText()); });
  connect(save_, &QPushButton::clicked, this, &CasePanel::saveRequested);
  connect(verify_, &QPushButton::clicked, this, &CasePanel::verifyRequested);
  connect(reviewed_, &QPushButton::clicked, this, &CasePanel::reviewedRequested);
  clearCase();
}

void CasePanel::clearCase() {
  header_->setText(tr("No case is open. File > Save case as... keeps the study shown, its segmentation, results, "
                      "inputs and note in a case folder that survives a crash."));
  sources_->clear();
  stepsTree_->clear();
  steps_.clear();
  setNote(QString());
  setDecision(QString());
  setKeyImages({}, {});
  for (QWidget* w : {static_cast<QWidget*>(verify_), static_cast<QWidget*>(reviewed_), static_cast<QWidget*>(note_),
                     static_cast<QWidget*>(decision_), static_cast<QWidget*>(markKey_), static_cast<QWidget*>(proposeKeys_),
                     static_cast<QWidget*>(removeKey_)})
    w->setEnabled(false);
}

void CasePanel::setHeader(const QString& folder, const QString& summary, const QString& readOnlyReason) {
  QString text = QStringLiteral("<b>%1</b><br>%2").arg(folder.toHtmlEscaped(), summary.toHtmlEscaped());
  if (!readOnlyReason.isEmpty())
    text += QStringLiteral("<br><span style='color:#a64b00'><b>%1</b></span>")
                .arg(tr("Read-only: %1").arg(readOnlyReason).toHtmlEscaped());
  header_->setText(text);
  const bool writable = readOnlyReason.isEmpty();
  verify_->setEnabled(true);
  reviewed_->setEnabled(writable);
  note_->setEnabled(writable);
  decision_->setEnabled(writable);
  for (auto* b : {markKey_, proposeKeys_, removeKey_}) b->setEnabled(writable);
}

void CasePanel::setKeyImages(const QStringList& chosen, const QStringList& proposed) {
  keyImages_->clear();
  for (const auto& c : chosen) {
    auto* item = new QListWidgetItem(c, keyImages_);
    item->setData(Qt::UserRole, true);
  }
  if (chosen.isEmpty())
    for (const auto& p : proposed) {
      auto* item = new QListWidgetItem(tr("(proposed) %1").arg(p), keyImages_);
      item->setData(Qt::UserRole, false);
      item->setForeground(QColor(0x70, 0x70, 0x70));
      item->setToolTip(tr("None is chosen yet: the report and presentation mode show this proposed set"));
    }
}

int CasePanel::keyImageCount() const {
  int n = 0;
  for (int i = 0; i < keyImages_->count(); ++i) n += keyImages_->item(i)->data(Qt::UserRole).toBool() ? 1 : 0;
  return n;
}

QStringList CasePanel::keyImageTexts() const {
  QStringList out;
  for (int i = 0; i < keyImages_->count(); ++i) out << keyImages_->item(i)->text();
  return out;
}

void CasePanel::setSources(const std::vector<Source>& sources) {
  sources_->clear();
  for (const auto& s : sources) {
    auto* item = new QTreeWidgetItem(sources_, {s.description, s.phase, s.state});
    item->setToolTip(2, s.detail);
    if (s.problem) item->setForeground(2, QColor(0xA6, 0x4B, 0x00));
  }
  sources_->resizeColumnToContents(1);
}

QString CasePanel::stateText(StepState state) {
  switch (state) {
    case StepState::Done: return tr("done");
    case StepState::Stale: return tr("STALE");
    case StepState::NotYet: return tr("not yet");
    case StepState::NotNeeded: return tr("not needed");
    case StepState::NotAvailable: return tr("not available yet");
  }
  return {};
}

void CasePanel::setSteps(const std::vector<Step>& steps) {
  steps_ = steps;
  stepsTree_->clear();
  for (const auto& s : steps) {
    auto* item = new QTreeWidgetItem(stepsTree_, {s.name, stateText(s.state), s.detail});
    item->setToolTip(2, s.detail);
    if (s.state == StepState::Stale) item->setForeground(1, QColor(0xA6, 0x4B, 0x00));
    if (s.state == StepState::Done) item->setForeground(1, QColor(0x2E, 0x7D, 0x32));
  }
  stepsTree_->resizeColumnToContents(0);
  stepsTree_->resizeColumnToContents(1);
}

void CasePanel::setNote(const QString& note) {
  settingNote_ = true;
  note_->setPlainText(note);
  settingNote_ = false;
}

QString CasePanel::note() const { return note_->toPlainText(); }

void CasePanel::setDecision(const QString& arm) {
  settingNote_ = true;
  const int i = decision_->findData(arm);
  decision_->setCurrentIndex(i >= 0 ? i : 0);
  settingNote_ = false;
}

QString CasePanel::decision() const { return decision_->currentData().toString(); }

void CasePanel::setRunStatus(const QString& text, bool running) {
  runStatus_->setText(text);
  run_->setEnabled(!running);
  cancelRun_->setVisible(running);
}

QString CasePanel::runStatus() const { return runStatus_->text(); }

}  // namespace hccws::gui
