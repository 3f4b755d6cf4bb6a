#include "case_report.h"

#include "case_study.h"
#include "display_names.h"
#include "key_images.h"
#include "nomogram_dock.h"
#include "report_slice.h"

#include <hccws/case/case_folder.h>
#include <hccws/core/errors.h>
#include <hccws/core/measurements.h>
#include <hccws/nomogram/nomogram_inputs.h>
#include <hccws/nomogram/nomogram_view.h>
#include <hccws/nomogram/nomogram_workspace.h>
#include <hccws/nomogram/painting_export.h>
#include <hccws/nomogram/survival_curves_view.h>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

#include <cmath>
#include <filesystem>
#include <optional>
#include <stdexcept>

namespace hccws::gui {

// The report's strings, in the translation context "hccws::gui::CaseReport".
class CaseReport {
  Q_DECLARE_TR_FUNCTIONS(hccws::gui::CaseReport)
};

namespace {

// Values: integers as integers, others with `decimals` decimals; NaN as "-".
QString num(double v, int decimals) {
  if (!std::isfinite(v)) return QStringLiteral("-");
  if (v == std::round(v) && std::fabs(v) < 1e9) return QString::number(static_cast<long long>(v));
  return QString::number(v, 'f', decimals);
}

// Page layout in device pixels of a 300 dpi A4 page, a cursor going down the page, a footer on every page.
class Pages {
 public:
  Pages(QPdfWriter& writer, QString footer) : writer_(writer), footer_(std::move(footer)) {
    painter_.begin(&writer_);
    width_ = writer_.width();
    height_ = writer_.height();
    margin_ = width_ / 16.0;
    y_ = margin_;
  }
  ~Pages() {
    if (painter_.isActive()) finish();
  }
  QPainter& painter() { return painter_; }
  double left() const { return margin_; }
  double contentWidth() const { return width_ - 2 * margin_; }
  double y() const { return y_; }
  void advance(double dy) { y_ += dy; }
  int pages() const { return page_; }
  // Room for `h` more pixels on this page, else a new page.
  void need(double h) {
    if (y_ + h > height_ - 2.2 * margin_) newPage();
  }
  void newPage() {
    drawFooter();
    writer_.newPage();
    ++page_;
    y_ = margin_;
  }
  void finish() {
    drawFooter();
    painter_.end();
  }
  QFont font(double points, bool bold = false) const {
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPointSizeF(points);
    f.setBold(bold);
    // No ligatures ("fi" as one glyph): text copied or searched in the PDF reads as typed. (Latin and CJK need
    // no shaping.)
    f.setStyleStrategy(QFont::PreferNoShaping);
    return f;
  }
  // Text wrapped to the content width; returns its height.
  double text(const QString& s, double points, bool bold = false, QColor colour = Qt::black) {
    painter_.setFont(font(points, bold));
    const QRectF box(left(), y_, contentWidth(), 1e6);
    const QRectF need = painter_.boundingRect(box, Qt::TextWordWrap | Qt::AlignLeft, s);
    this->need(need.height());
    painter_.setPen(colour);
    painter_.drawText(QRectF(left(), y_, contentWidth(), need.height()), Qt::TextWordWrap | Qt::AlignLeft, s);
    y_ += need.height();
    return need.height();
  }
  void heading(const QString& s, QStringList& sections) {
    need(width_ / 8.0);
    y_ += margin_ * 0.25;
    text(s, 13, true, QColor(0x1F, 0x3A, 0x5F));
    painter_.setPen(QPen(QColor(0x1F, 0x3A, 0x5F), 3));
    painter_.drawLine(QPointF(left(), y_ + 4), QPointF(left() + contentWidth(), y_ + 4));
    y_ += margin_ * 0.2;
    sections << s;
  }
  // Rows of cells; column widths as fractions of the content width. The first row is a header.
  void table(const std::vector<QStringList>& rows, const std::vector<double>& widths, double points = 8.5) {
    const QFont normal = font(points), bold = font(points, true);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      painter_.setFont(r == 0 ? bold : normal);
      const std::size_t cols = std::min(static_cast<std::size_t>(rows[r].size()), widths.size());
      double h = 0;
      for (std::size_t c = 0; c < cols; ++c)
        h = std::max(h, painter_.boundingRect(QRectF(0, 0, widths[c] * contentWidth() - 12, 1e6), Qt::TextWordWrap,
                                              rows[r][static_cast<int>(c)]).height());
      h += 10;
      need(h);
      if (r == 0) painter_.fillRect(QRectF(left(), y_, contentWidth(), h), QColor(0xE8, 0xEE, 0xF5));
      double x = left();
      painter_.setPen(Qt::black);
      for (std::size_t c = 0; c < cols; ++c) {
        painter_.drawText(QRectF(x + 6, y_ + 5, widths[c] * contentWidth() - 12, h), Qt::TextWordWrap,
                          rows[r][static_cast<int>(c)]);
        x += widths[c] * contentWidth();
      }
      painter_.setPen(QPen(QColor(0xC0, 0xC8, 0xD0), 1));
      painter_.drawLine(QPointF(left(), y_ + h), QPointF(left() + contentWidth(), y_ + h));
      y_ += h;
    }
    y_ += margin_ * 0.2;
  }

 private:
  void drawFooter() {
    painter_.setFont(font(7.5, true));
    painter_.setPen(QColor(0x8B, 0x1A, 0x1A));
    const QRectF box(left(), height_ - 1.9 * margin_, contentWidth(), 1.6 * margin_);
    painter_.drawText(box, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignBottom,
                      footer_ + QStringLiteral("  \u00B7  ") + CaseReport::tr("page %1").arg(page_));
  }
  QPdfWriter& writer_;
  QPainter painter_;
  QString footer_;
  double width_ = 0, height_ = 0, margin_ = 0, y_ = 0;
  int page_ = 1;
};

QString provenanceOfModels(const nomo::NomogramWorkspace& ws) {
  QStringList kinds;
  for (int a = 0; a < ws.armCount(); ++a)
    kinds << QStringLiteral("%1: %2").arg(QString::fromStdString(ws.model(a).arm), QString::fromStdString(ws.model(a).provenance.kind));
  return kinds.join(QStringLiteral("; "));
}

}  // namespace

struct ReportInputs {
  std::string caseDir;
  cases::CaseManifest manifest;
  CaseStudy study;
  std::optional<core::LabelMap> labels;
  core::Measurements measurements;
  std::vector<core::Heatmap> heatmaps;
  bool keyImagesChosen = false;  // by the user (else proposed)
  std::vector<RenderedKeyImage> keyImages;
  RenderedKeyImage heatmapImage;  // the PMN heatmap's slice (null: no heatmap in the case)
  QStringList notes;
};

std::shared_ptr<const ReportInputs> prepareCaseReport(const std::string& caseDir, const ReportOptions& options,
                                                      const core::ProgressSink& progress) {
  (void)options;
  auto in = std::make_shared<ReportInputs>();
  auto step = [&progress](double f, const char* what) {
    if (progress && !progress(f, what)) throw core::Cancelled();
  };
  step(0.0, "reading the case");
  in->caseDir = caseDir;
  const cases::CaseFolder folder = cases::CaseFolder::open(caseDir, true);
  in->manifest = folder.manifest();
  const cases::CaseManifest& m = in->manifest;
  if (folder.pending().any())
    in->notes << CaseReport::tr("the case holds %1 edit(s) after its last save (in its journal): this report shows the last save")
                     .arg(folder.pending().labelPatches + folder.pending().manifestSnapshots);
  step(0.05, "loading the series");
  in->study = loadCaseStudy(folder, [&progress](double f, std::string_view stage) {
    return !progress || progress(0.05 + 0.6 * f, stage);
  });
  step(0.65, "reading the segmentation");
  in->labels = folder.readSavedSegmentation();
  if (in->labels) in->measurements = core::measure(*in->labels);
  else in->notes << CaseReport::tr("the case has no segmentation: nothing is measured");
  std::vector<std::string> problems;
  in->heatmaps = readCaseHeatmaps(m, caseDir, &problems);
  for (const auto& p : problems) in->notes << CaseReport::tr("a PMN heatmap cannot be read: %1").arg(QString::fromStdString(p));
  step(0.75, "drawing the key images");
  KeyImageSources from;
  from.phases = keyImagePhases(in->study.study, in->study.sourceOf);
  from.labels = in->labels ? &*in->labels : nullptr;
  from.heatmaps = &in->heatmaps;
  from.caseDir = caseDir;
  in->keyImagesChosen = !m.keyImages.empty();
  const auto proposed = proposeKeyImages(from, in->labels ? &in->measurements : nullptr);
  const auto& keys = in->keyImagesChosen ? m.keyImages : proposed;
  for (std::size_t n = 0; n < keys.size(); ++n) {
    step(0.75 + 0.2 * double(n) / double(keys.size()), "drawing the key images");
    in->keyImages.push_back(renderKeyImage(keys[n], from, 900));
  }
  for (const auto& k : proposed)
    if (!k.layer.empty()) in->heatmapImage = renderKeyImage(k, from, 900);
  step(1.0, "the case is read");
  return in;
}

ReportSummary composeCaseReport(const ReportInputs& in, const QString& pdfPath, const ReportOptions& options) {
  ReportSummary summary;
  summary.notes = in.notes;
  const std::string& caseDir = in.caseDir;
  const cases::CaseManifest& m = in.manifest;
  const auto& labels = in.labels;
  const core::Measurements& meas = in.measurements;
  // The nomogram as the window computes it: measured values from this segmentation, the case's typed and assumed
  // inputs, the chosen arm.
  NomogramDock dock;
  if (!dock.loadError().isEmpty()) summary.notes << dock.loadError();
  auto* ws = dock.workspace();
  ws->resize(1600, 1000);
  if (labels) dock.setMeasurements(meas);
  dock.restoreFromCase(m);

  const QString tmp = pdfPath + QStringLiteral(".tmp");
  {
    QPdfWriter writer(tmp);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setResolution(300);
    writer.setTitle(CaseReport::tr("Tumour board report"));
    writer.setCreator(options.program);
    const QString footer = CaseReport::tr("RESEARCH USE ONLY - not a medical device, not for clinical decisions. Models: %1")
                               .arg(provenanceOfModels(*ws));
    Pages pages(writer, footer);
    QPainter& p = pages.painter();

    // Title and identifiers
    pages.text(CaseReport::tr("Tumour board report"), 20, true, QColor(0x1F, 0x3A, 0x5F));
    pages.advance(10);
    pages.text(CaseReport::tr("RESEARCH USE ONLY. Not a medical device; not for diagnosis, treatment planning "
                              "or any clinical decision. Every number below says where it comes from."),
               9, true, QColor(0x8B, 0x1A, 0x1A));
    pages.advance(10);
    if (options.deidentify) {
      const QByteArray code = QCryptographicHash::hash(QByteArray::fromStdString(m.patientId + "|" + m.studyInstanceUid),
                                                       QCryptographicHash::Sha256).toHex().left(10);
      pages.text(CaseReport::tr("De-identified case %1 (no name, ID, dates or folder in this report)").arg(QString::fromLatin1(code)), 10, true);
    } else {
      pages.table({{CaseReport::tr("Patient"), CaseReport::tr("Patient ID"), CaseReport::tr("Study date"), CaseReport::tr("Case")},
                   {QString::fromStdString(m.patientName.empty() ? std::string("-") : m.patientName),
                    QString::fromStdString(m.patientId.empty() ? std::string("-") : m.patientId),
                    QString::fromStdString(m.studyDate.empty() ? std::string("-") : m.studyDate),
                    CaseReport::tr("%1, saved %2 (generation %3)").arg(QString::fromStdString(caseDir), QString::fromStdString(m.saved)).arg(m.generation)}},
                  {0.22, 0.2, 0.14, 0.44});
    }
    for (const auto& n : summary.notes) pages.text(QStringLiteral("\u26A0 ") + n, 8.5, false, QColor(0xA6, 0x4B, 0x00));

    // Key images
    pages.heading(CaseReport::tr("Key images"), summary.sections);
    pages.text(in.keyImagesChosen ? CaseReport::tr("Chosen by the user in the workstation.")
                                  : CaseReport::tr("Proposed (no key image was chosen): the axial slice through the largest tumour's centre in each "
                                                   "phase, the slice through the PMN heatmap's peak, the segmentation seen from the front. "
                                                   "Liver window W 150 / L 90 HU; the segmentation's outline and fill in its segment colours."),
               8);
    pages.advance(6);
    {
      const double gap = pages.contentWidth() * 0.03;
      const double w = (pages.contentWidth() - gap) / 2;  // two per row
      for (std::size_t n = 0; n < in.keyImages.size(); n += 2) {
        double rowH = 0;
        for (std::size_t c = 0; c < 2 && n + c < in.keyImages.size(); ++c) {
          const auto& k = in.keyImages[n + c];
          rowH = std::max(rowH, (k.image.isNull() ? w * 0.2 : w * k.image.height() / k.image.width()) + 60);
        }
        pages.need(rowH);
        for (std::size_t c = 0; c < 2 && n + c < in.keyImages.size(); ++c) {
          const auto& k = in.keyImages[n + c];
          const double x = pages.left() + static_cast<double>(c) * (w + gap);
          double h = w * 0.2;
          if (!k.image.isNull()) {
            h = w * k.image.height() / k.image.width();
            p.drawImage(QRectF(x, pages.y(), w, h), k.image);
          } else {
            p.setPen(QColor(0xA6, 0x4B, 0x00));
            p.setFont(pages.font(8));
            p.drawText(QRectF(x, pages.y(), w, h), Qt::AlignCenter | Qt::TextWordWrap, CaseReport::tr("Cannot be drawn: %1").arg(k.why));
          }
          p.setPen(Qt::black);
          p.setFont(pages.font(7.5));
          p.drawText(QRectF(x, pages.y() + h + 6, w, 54), Qt::AlignLeft | Qt::TextWordWrap,
                     QStringLiteral("%1. %2").arg(n + c + 1).arg(k.caption));
        }
        pages.advance(rowH + 10);
      }
      if (in.keyImages.empty()) pages.text(CaseReport::tr("No image: the case has no series that can be read."), 9);
    }

    // Measurements
    pages.heading(CaseReport::tr("Measurements"), summary.sections);
    if (!labels) {
      pages.text(CaseReport::tr("Not measured: the case has no segmentation."), 9);
    } else {
      using core::LabelRole;
      const QString version = CaseReport::tr("segmentation version %1").arg(m.segmentation ? m.segmentation->version : 0);
      const QString liverSrc = QString::fromStdString(meas.source(LabelRole::Liver)) + QStringLiteral(", ") + version;
      const QString tumourSrc = QString::fromStdString(meas.source(LabelRole::Tumour)) + QStringLiteral(", ") + version;
      std::vector<QStringList> rows{{CaseReport::tr("Measure"), CaseReport::tr("Value"), CaseReport::tr("Measured on")}};
      rows.push_back({CaseReport::tr("Liver volume (tumour excluded)"),
                      meas.liverMeasured ? CaseReport::tr("%1 mL").arg(num(meas.liverVolumeMl, 1)) : CaseReport::tr("not measured"), liverSrc});
      rows.push_back({CaseReport::tr("Tumours (touching the liver)"), meas.tumourMeasured ? QString::number(meas.tumourCount) : CaseReport::tr("not measured"), tumourSrc});
      rows.push_back({CaseReport::tr("Tumour volume"), meas.tumourMeasured ? CaseReport::tr("%1 mL").arg(num(meas.tumourVolumeMl, 1)) : CaseReport::tr("not measured"), tumourSrc});
      rows.push_back({CaseReport::tr("Largest diameter"),
                      meas.tumourMeasured && meas.tumourCount ? CaseReport::tr("%1 mm (3D), %2 mm (axial)").arg(num(meas.largestDiameter3dMm, 1), num(meas.largestAxialDiameterMm, 1))
                                                              : CaseReport::tr("not measured"),
                      tumourSrc});
      rows.push_back({CaseReport::tr("Tumour burden"), meas.liverMeasured && meas.tumourMeasured ? CaseReport::tr("%1 % of liver + tumour").arg(num(meas.tumourBurdenPercent, 1)) : CaseReport::tr("not measured"),
                      liverSrc});
      rows.push_back({CaseReport::tr("Portal vein tumour thrombus"),
                      meas.pvttMeasured ? (meas.pvttPresent ? CaseReport::tr("present (%1 mL)").arg(num(meas.pvttVolumeMl, 1)) : CaseReport::tr("absent")) : CaseReport::tr("not measured (no segment)"),
                      QString::fromStdString(meas.source(LabelRole::Pvtt))});
      for (std::size_t t = 0; t < meas.tumours.size() && t < 6; ++t)
        rows.push_back({CaseReport::tr("Tumour %1").arg(t + 1),
                        CaseReport::tr("%1 mL, %2 mm 3D, %3 mm axial").arg(num(meas.tumours[t].volumeMl, 1), num(meas.tumours[t].diameter3dMm, 1),
                                                               num(meas.tumours[t].axialDiameterMm, 1)),
                        tumourSrc});
      pages.table(rows, {0.3, 0.3, 0.4});
      if (m.segmentation && !m.segmentation->madeBy.empty() && !options.deidentify)  // it may name files
        pages.text(CaseReport::tr("Segmentation made by: %1").arg(QString::fromStdString(m.segmentation->madeBy)), 8);
    }

    // PMN
    pages.heading(CaseReport::tr("Proliferative subtype (PMN)"), summary.sections);
    if (m.results.count("pmn")) {
      const auto& r = m.results.at("pmn");
      const auto& v = r.value;
      const bool stale = [&] {
        const auto s = cases::staleResults(m);
        return std::find(s.begin(), s.end(), "pmn") != s.end();
      }();
      std::vector<QStringList> rows{{CaseReport::tr("Result"), CaseReport::tr("Value")}};
      rows.push_back({CaseReport::tr("p(proliferative)"), num(v.value("p_proliferative", std::nan("")), 3)});
      rows.push_back({CaseReport::tr("Class"), QString::fromStdString(v.value("class", std::string("-")))});
      if (v.contains("risk_scores"))
        for (const auto& a : v["risk_scores"])
          rows.push_back({CaseReport::tr("DL risk score, %1").arg(QString::fromStdString(a.value("arm", std::string()))), num(a.value("risk_score", std::nan("")), 3)});
      pages.table(rows, {0.4, 0.6});
      pages.text(CaseReport::tr("Computed by: %1%2").arg(QString::fromStdString(v.value("provenance", r.madeBy)),
                                             stale ? CaseReport::tr(" - STALE: the segmentation or the sources changed since") : QString()),
                 8, stale, stale ? QColor(0xA6, 0x4B, 0x00) : Qt::black);
      if (!in.heatmapImage.image.isNull()) {
        const QImage& img = in.heatmapImage.image;
        const double w = pages.contentWidth() * 0.55, h = w * img.height() / img.width();
        pages.need(h + 40);
        p.drawImage(QRectF(pages.left(), pages.y() + 6, w, h), img);
        pages.advance(h + 12);
        pages.text(CaseReport::tr("Heatmap: %1 - %2 (yellow at 30 % of its range to red at its maximum).")
                       .arg(in.heatmapImage.caption, QString::fromStdString(in.heatmaps.front().provenance)),
                   7.5);
      } else if (in.heatmaps.empty()) {
        pages.text(CaseReport::tr("No heatmap is kept in the case (run the PMN in the workstation and save, or use hccws analyze)."), 7.5);
      }
    } else {
      pages.text(CaseReport::tr("Not run in this case. The nomogram's DL risk score and subtype are then typed, assumed or missing "
                    "(see the inputs below)."),
                 9);
    }

    // Nomogram inputs
    pages.heading(CaseReport::tr("Nomogram inputs"), summary.sections);
    {
      const auto& state = ws->inputsWidget()->state();
      std::vector<QStringList> rows{{CaseReport::tr("Input"), CaseReport::tr("Value"), CaseReport::tr("Where it comes from")}};
      for (const auto& name : state.names()) {
        const auto& in = state.input(name);
        QString label = QString::fromStdString(name);
        for (int a = 0; a < ws->armCount(); ++a)
          for (const auto& var : ws->model(a).variables)
            if (var.name == name && !var.label.empty()) label = QString::fromStdString(var.label);
        rows.push_back({label, in.state == surv::InputState::Missing ? CaseReport::tr("missing") : num(in.value, 3),
                        ws->inputsWidget()->source(name)});
      }
      pages.table(rows, {0.32, 0.14, 0.54});
    }

    // Survival per arm
    pages.heading(CaseReport::tr("Predicted survival by treatment arm"), summary.sections);
    {
      auto* curves = ws->curvesView();
      std::vector<QStringList> rows{{CaseReport::tr("Arm"), CaseReport::tr("Risk group"), CaseReport::tr("1 / 2 / 3-year survival"), CaseReport::tr("Median OS")}};
      for (int a = 0; a < curves->armCount(); ++a) {
        const QString arm = QString::fromStdString(curves->arm(a).model->arm);
        if (!curves->isComputed(a)) {
          rows.push_back({arm, CaseReport::tr("not computed: inputs missing"), QStringLiteral("-"), QStringLiteral("-")});
          continue;
        }
        const auto& s = curves->summary(a);
        rows.push_back({arm, s.highRisk ? CaseReport::tr("HIGH") : CaseReport::tr("low"),
                        QStringLiteral("%1 / %2 / %3 %").arg(num(100 * curves->survivalAt(a, 12), 1), num(100 * curves->survivalAt(a, 24), 1),
                                                            num(100 * curves->survivalAt(a, 36), 1)),
                        std::isfinite(s.medianOs) ? CaseReport::tr("%1 months").arg(num(s.medianOs, 1)) : CaseReport::tr("not reached")});
      }
      pages.table(rows, {0.15, 0.3, 0.3, 0.25});
      const double h = pages.contentWidth() * 0.55;
      pages.need(h);
      nomo::drawPaintingScaled([curves](QPainter& q, const QRectF& a) { curves->render(q, a); }, QSize(1000, 550), p,
                               QRectF(pages.left(), pages.y(), pages.contentWidth(), h));
      pages.advance(h + 10);
      const int arm = std::max(0, ws->currentArm());
      if (ws->armCount() > 0) {
        const double nh = pages.contentWidth() * 0.75;
        pages.need(nh);
        auto* view = ws->nomogramView(arm);
        nomo::drawPaintingScaled([view](QPainter& q, const QRectF& a) { view->render(q, a); }, QSize(1000, 750), p,
                                 QRectF(pages.left(), pages.y(), pages.contentWidth(), nh));
        pages.advance(nh + 10);
      }
    }

    // Decision and note
    pages.heading(CaseReport::tr("Decision and note"), summary.sections);
    pages.text(CaseReport::tr("Treatment arm chosen: %1").arg(m.arm.empty() ? CaseReport::tr("not recorded") : QString::fromStdString(m.arm)), 10, true);
    pages.text(m.note.empty() ? CaseReport::tr("(no note)") : QString::fromStdString(m.note), 10);

    // Provenance
    pages.heading(CaseReport::tr("Provenance"), summary.sections);
    {
      std::vector<QStringList> rows{{CaseReport::tr("What"), CaseReport::tr("From")}};
      for (std::size_t k = 0; k < m.sources.size(); ++k) {
        const auto& s = m.sources[k];
        const auto kind = core::phaseKindFromString(s.phase).value_or(core::PhaseKind::Unknown);
        rows.push_back({CaseReport::tr("Series %1: %2").arg(k + 1).arg(phaseDisplayName(kind)),
                        CaseReport::tr("%1; %2 file(s), SHA-256 %3").arg(QString::fromStdString(options.deidentify ? std::string("(de-identified)") : s.description))
                            .arg(s.files).arg(QString::fromStdString(s.sha256.substr(0, 16)))});
      }
      for (int a = 0; a < ws->armCount(); ++a) {
        const auto& model = ws->model(a);
        rows.push_back({CaseReport::tr("%1 nomogram").arg(QString::fromStdString(model.arm)),
                        QString::fromStdString(model.provenance.kind + "; " + model.provenance.citation)});
      }
      rows.push_back({CaseReport::tr("Report"), CaseReport::tr("%1 from the case's save of generation %2").arg(options.program).arg(m.generation)});
      pages.table(rows, {0.3, 0.7}, 8);
    }
    pages.finish();
    summary.pages = pages.pages();
  }
  std::error_code ec;
  std::filesystem::rename(tmp.toStdString(), pdfPath.toStdString(), ec);  // replaces atomically
  if (ec) {
    QFile::remove(tmp);
    throw std::runtime_error(pdfPath.toStdString() + ": cannot write the report (" + ec.message() + ")");
  }
  return summary;
}

}  // namespace hccws::gui
