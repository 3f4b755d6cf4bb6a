// The combined binary model drawn on one page (docs/radiomics.md): the ModelView of a model fitted on the
// synthetic cohort with a known signal (tests/nomogram/data, made by R) and evaluated on its unseen test set:
// the ROC curve lies above the diagonal, the numbers shown are the evaluation's, the nomogram's axes are drawn;
// `hccws model-summary` writes the same page as a PDF whose text poppler's pdftotext finds. No patient data.
#include "skip.h"

#include <hccws/nomogram/model_view.h>
#include <hccws/nomogram/painting_export.h>
#include <hccws/survival/binary_model.h>

#include <catch2/catch.hpp>

#include <QImage>
#include <QPainter>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sys/wait.h>

using namespace hccws;

namespace {

std::string dataPath(const std::string& f) { return std::string(std::getenv("HCCWS_SOURCE_DIR")) + "/tests/nomogram/data/" + f; }

std::string shell(const std::string& cmd, int* code) {
  std::string out;
  FILE* f = ::popen((cmd + " 2>&1").c_str(), "r");
  REQUIRE(f);
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, f)) out.append(buf, n);
  const int status = ::pclose(f);
  *code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

std::shared_ptr<nomo::ModelViewData> fittedAndEvaluated(surv::BinaryModel* clinicalOut = nullptr) {
  const auto train = surv::CsvTable::readFile(dataPath("binary_cohort_train.csv"));
  surv::BinaryModelSpec spec;
  spec.outcome = "p53";
  spec.candidates = {"age", "afp_log", "tumour_cm"};
  for (int k = 1; k <= 20; ++k) spec.candidates.push_back((k < 10 ? "rad_0" : "rad_") + std::to_string(k));
  for (int k = 1; k <= 5; ++k) spec.candidates.push_back("dl_" + std::to_string(k));
  spec.foldColumn = "fold";
  auto d = std::make_shared<nomo::ModelViewData>();
  d->model = surv::fitBinaryModel(train, spec);
  surv::BinaryModelSpec clin = spec;
  clin.candidates = {"afp_log"};
  const surv::BinaryModel clinical = surv::fitBinaryModel(train, clin);
  if (clinicalOut) *clinicalOut = clinical;
  std::vector<double> thr;
  for (int k = 1; k <= 19; ++k) thr.push_back(0.05 * k);
  d->evaluation = surv::evaluateBinaryModel(d->model, surv::CsvTable::readFile(dataPath("binary_cohort_test.csv")), &clinical, thr);
  d->title = QStringLiteral("Synthetic P53-like cohort");
  d->cohort = QStringLiteral("binary_cohort_test.csv");
  d->otherModel = QStringLiteral("clinical");
  return d;
}

}  // namespace

TEST_CASE("Model view: ROC above chance, the evaluation's numbers, the nomogram drawn", "[gui][model]") {
  const auto d = fittedAndEvaluated();
  nomo::ModelView view;
  view.resize(1500, 1000);
  view.setData(d);
  QImage img(1500, 1000, QImage::Format_RGB32);
  img.fill(Qt::white);
  {
    QPainter p(&img);
    view.render(p, QRectF(0, 0, 1500, 1000));
  }
  // The model's curve (green) in the ROC panel: far more of it above the diagonal than below.
  const QRectF roc = view.panelRect(nomo::ModelView::Panel::Roc);
  int above = 0, below = 0;
  for (int y = int(roc.top()); y < int(roc.bottom()); ++y)
    for (int x = int(roc.left()); x < int(roc.right()); ++x) {
      const QColor c = img.pixelColor(x, y);
      if (!(c.green() > 100 && c.red() < 90 && c.blue() < 90)) continue;
      // diagonal in pixel terms: from the plot's lower left to upper right (approximately the panel's)
      const double u = (x - roc.left()) / roc.width(), v = (roc.bottom() - y) / roc.height();
      (v > u ? above : below)++;
    }
  std::printf("model view: ROC curve pixels above the diagonal %d, below %d; %s\n", above, below,
              view.summaryText().toStdString().c_str());
  CHECK(above > 200);
  CHECK(above > 5 * below);
  const QString summary = view.summaryText();
  CHECK(summary.contains(QString::number(d->evaluation.auc.auc, 'f', 3)));
  CHECK(summary.contains(QStringLiteral("versus clinical")));
  // The nomogram panel has ink (its axes).
  const QRectF nom = view.panelRect(nomo::ModelView::Panel::Nomogram);
  int dark = 0;
  for (int y = int(nom.top()); y < int(nom.bottom()); ++y)
    for (int x = int(nom.left()); x < int(nom.right()); ++x) dark += qGray(img.pixel(x, y)) < 100;
  CHECK(dark > 2000);
  // Empty view: a message, no crash.
  nomo::ModelView empty;
  QImage e(400, 300, QImage::Format_RGB32);
  QPainter ep(&e);
  empty.render(ep, QRectF(0, 0, 400, 300));
}

TEST_CASE("hccws model-summary writes the page as a searchable PDF", "[gui][model][cli]") {
  int code = 0;
  if (shell("command -v pdftotext", &code), code != 0) test::skipTest("pdftotext (Debian package poppler-utils) is not installed");
  surv::BinaryModel clinical;
  const auto d = fittedAndEvaluated(&clinical);
  const std::string dir = std::string(std::getenv("HCCWS_TEST_TMP")) + "/gui_model_view";
  std::filesystem::create_directories(dir);
  {
    FILE* f = std::fopen((dir + "/model.json").c_str(), "w");
    const std::string j = d->model.toJson();
    std::fwrite(j.data(), 1, j.size(), f);
    std::fclose(f);
  }
  const std::string out = shell(std::string(HCCWS_EXE) + " model-summary --model " + dir + "/model.json --csv " +
                                    dataPath("binary_cohort_test.csv") + " --out " + dir + "/page.pdf",
                                &code);
  INFO(out);
  REQUIRE(code == 0);
  const std::string text = shell("pdftotext " + dir + "/page.pdf -", &code);
  CHECK(code == 0);
  for (const char* s : {"ROC curve", "Calibration", "Decision curve", "Nomogram", "Total points", "Probability", "afp_log",
                        "Research use only"})
    CHECK(text.find(s) != std::string::npos);
}
