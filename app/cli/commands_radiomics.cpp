// `hccws radiomics`: IBSI radiomic features of a case's ROIs (tumour, each lesion, liver, peritumoral ring) on
// one or more phases, as a CSV with the settings file beside it.
#include "cli/commands.h"
#include "cli/read_ct.h"
#include "cli/text_file.h"

#include <hccws/core/errors.h>
#include <hccws/core/image_io.h>
#include <hccws/radiomics/case_rois.h>
#include <hccws/radiomics/features.h>
#include <hccws/survival/csv_table.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace hccws::cli {
namespace {

struct RadiomicsArgs {
  std::vector<std::string> images;  // [PHASE=]FILE
  std::string manifest;
  std::string labels, out, settingsFile, ringOut, format = "long";
  std::vector<std::string> rois = {"tumour", "lesions", "liver", "ring"};
  double ringMm = 6.0;
  bool ringUncut = false;
  std::optional<double> isoMm, binWidth, resegLower, resegUpper;
  std::optional<int> binNumber;
  std::vector<std::string> aggregations;
};

std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string number(double v) {
  if (!std::isfinite(v)) return "";
  std::ostringstream o;
  o.precision(10);
  o << v;
  return o.str();
}

radiomics::Settings settingsOf(const RadiomicsArgs& a) {
  radiomics::Settings s;
  if (!a.settingsFile.empty()) {
    std::ifstream f(a.settingsFile);
    if (!f) throw core::ImagingError(a.settingsFile, "cannot be read");
    std::ostringstream text;
    text << f.rdbuf();
    try {
      s = radiomics::Settings::fromJson(text.str());
    } catch (const std::invalid_argument& e) {
      throw core::ImagingError(a.settingsFile, e.what());
    }
  }
  if (a.isoMm) s.isotropicMm = *a.isoMm;
  if (a.binWidth) s.discretisation = radiomics::Discretisation::FixedBinSize, s.binWidth = *a.binWidth;
  if (a.binNumber) s.discretisation = radiomics::Discretisation::FixedBinNumber, s.binNumber = *a.binNumber;
  if (a.resegLower) s.resegmentLower = *a.resegLower;
  if (a.resegUpper) s.resegmentUpper = *a.resegUpper;
  if (!a.aggregations.empty()) s.aggregations = a.aggregations;
  s.validate();
  return s;
}

struct Phase {
  std::string name, path;
  core::FloatVolume image;
};

Phase readPhase(const std::string& spec, std::size_t n, const core::ProgressSink& progress) {
  Phase p;
  const auto eq = spec.find('=');
  p.path = eq == std::string::npos ? spec : spec.substr(eq + 1);
  p.name = eq == std::string::npos ? (n == 0 ? "image" : "image" + std::to_string(n + 1)) : spec.substr(0, eq);
  p.image = readOneImageValues(p.path, progress);  // CT in HU, MRI in its own units
  return p;
}

radiomics::RoiRequest roiRequest(const RadiomicsArgs& a) {
  radiomics::RoiRequest req;
  auto has = [&](const char* r) { return std::find(a.rois.begin(), a.rois.end(), r) != a.rois.end(); };
  for (const auto& r : a.rois)
    if (r != "tumour" && r != "lesions" && r != "liver" && r != "ring")
      throw CLI::ValidationError("--rois", "unknown ROI \"" + r + "\" (tumour, lesions, liver, ring)");
  req.tumour = has("tumour");
  req.lesions = has("lesions");
  req.liver = has("liver");
  req.ringMm = has("ring") ? a.ringMm : 0.0;
  req.ringCutToLiver = !a.ringUncut;
  return req;
}

// One case: every ROI on every phase. Long rows (CSV lines) and wide cells (column name, value).
struct CaseResult {
  std::vector<std::string> longRows;
  std::vector<std::pair<std::string, double>> wide;
};

CaseResult computeCase(const std::vector<std::string>& imageSpecs, const std::string& labelsPath, const RadiomicsArgs& a,
                       const radiomics::Settings& settings, const core::ProgressSink& progress, bool verbose) {
  std::vector<Phase> phases;
  for (std::size_t n = 0; n < imageSpecs.size(); ++n) phases.push_back(readPhase(imageSpecs[n], n, progress));
  const core::LabelMap labels = core::readLabelMap(labelsPath, phases.front().image.geometry(), progress);
  std::vector<std::string> skipped;
  std::vector<radiomics::CaseRoi> rois;
  try {
    rois = radiomics::caseRois(labels, roiRequest(a), &skipped, progress);
  } catch (const std::invalid_argument& e) {
    throw core::ImagingError(labelsPath, e.what());
  }
  for (const auto& s : skipped) std::fprintf(stderr, "hccws radiomics: %s: ROI %s\n", labelsPath.c_str(), s.c_str());
  if (!a.ringOut.empty())
    for (const auto& r : rois)
      if (r.id.rfind("ring_", 0) == 0) {
        core::writeLabelMap(radiomics::ringLabelMap(r, a.ringMm), a.ringOut);
        std::printf("ring written: %s\n", a.ringOut.c_str());
      }
  CaseResult out;
  for (std::size_t p = 0; p < phases.size(); ++p) {
    const Phase& ph = phases[p];
    const core::ProgressScope scope(progress, double(p) / phases.size(), double(p + 1) / phases.size());
    for (const auto& r : radiomics::computeRoiFeatures(ph.image, rois, settings, scope.sink())) {
      const radiomics::CaseRoi& roi = *r.roi;
      if (!r.error.empty()) {
        std::fprintf(stderr, "hccws radiomics: %s, %s: %s\n", ph.name.c_str(), roi.id.c_str(), r.error.c_str());
        continue;
      }
      const std::string where = labelsPath + (r.resampled ? " (resampled onto " + ph.name + "'s grid)" : std::string());
      const std::string prov = "measured on " + where + ", " + roi.description;
      for (const auto& f : r.table.features) {
        std::ostringstream row;
        row << csvField(ph.name) << ',' << csvField(ph.path) << ',' << roi.id << ',' << csvField(roi.description) << ','
            << f.family << ',' << csvField(f.name) << ',' << f.code << ',' << f.aggregation << ',' << number(f.value)
            << ',' << f.unit << ',' << csvField(prov) << ',' << csvField(f.note);
        out.longRows.push_back(row.str());
        out.wide.push_back({ph.name + "." + roi.id + "." + f.family + "." + f.code + (f.aggregation.empty() ? "" : "." + f.aggregation), f.value});
      }
      if (verbose)
        std::printf("%s, %s: %zu features (%lld voxels, %d grey levels)\n", ph.name.c_str(), roi.id.c_str(),
                    r.table.features.size(), r.table.roi.intensityVoxels, r.table.roi.greyLevels);
    }
  }
  return out;
}

constexpr const char* kLongHeader = "phase,image,roi,roi_description,family,feature,ibsi_code,aggregation,value,unit,provenance,note\n";

void writeResult(const RadiomicsArgs& a, const radiomics::Settings& settings, const std::string& text, const std::string& what) {
  if (a.out.empty()) {
    std::fputs(text.c_str(), stdout);
    std::printf("settings:\n%s", settings.toJson().c_str());
    return;
  }
  writeTextAtomically(a.out, text);
  const std::string settingsPath = a.out + ".settings.json";
  writeTextAtomically(settingsPath, settings.toJson());
  std::printf("features written: %s (%s), settings: %s\n", a.out.c_str(), what.c_str(), settingsPath.c_str());
}

void run(const RadiomicsArgs& a, CommandContext& ctx) {
  const radiomics::Settings settings = settingsOf(a);
  const core::ProgressSink progress = ctx.progress();
  const CaseResult r = computeCase(a.images, a.labels, a, settings, progress, a.out.empty());
  std::string text;
  if (a.format == "wide") {
    std::ostringstream w;
    for (std::size_t n = 0; n < r.wide.size(); ++n) w << (n ? "," : "") << csvField(r.wide[n].first);
    w << '\n';
    for (std::size_t n = 0; n < r.wide.size(); ++n) w << (n ? "," : "") << number(r.wide[n].second);
    w << '\n';
    text = w.str();
  } else {
    text = kLongHeader;
    for (const auto& row : r.longRows) text += row + "\n";
  }
  writeResult(a, settings, text, std::to_string(a.images.size()) + " phase(s)");
}

// --manifest: one case per row (columns id, labels and one column per phase: the phase's image file or DICOM
// folder, relative to the manifest's folder or absolute); one wide row per case, a failing case logged and
// listed with its reason (exit code 4), the columns the union over the cases (empty where a case has none).
void runManifest(const RadiomicsArgs& a, CommandContext& ctx) {
  const radiomics::Settings settings = settingsOf(a);
  const auto table = surv::CsvTable::readFile(a.manifest);
  if (!table.has("id") || !table.has("labels"))
    throw core::ImagingError(a.manifest, "the manifest needs the columns id and labels (and one column per phase)");
  const std::filesystem::path base = std::filesystem::path(a.manifest).parent_path();
  auto resolve = [&](const std::string& p) { return std::filesystem::path(p).is_absolute() ? p : (base / p).string(); };
  std::vector<std::string> phaseColumns;
  for (const auto& c : table.header())
    if (c != "id" && c != "labels") phaseColumns.push_back(c);
  if (phaseColumns.empty()) throw core::ImagingError(a.manifest, "the manifest names no phase column");
  std::vector<std::string> columns;
  std::map<std::string, std::size_t> index;
  struct Row {
    std::string id, status;
    std::map<std::size_t, double> values;
  };
  std::vector<Row> rows;
  int failed = 0;
  const int idCol = table.columnIndex("id"), labelsCol = table.columnIndex("labels");
  for (int r = 0; r < table.rows(); ++r) {
    Row row;
    row.id = table.cell(r, idCol);
    std::vector<std::string> specs;
    for (const auto& c : phaseColumns) {
      const std::string v = table.cell(r, table.columnIndex(c));
      if (!v.empty()) specs.push_back(c + "=" + resolve(v));
    }
    std::fprintf(stderr, "hccws radiomics: case %d/%d %s\n", r + 1, table.rows(), row.id.c_str());
    try {
      if (specs.empty()) throw std::invalid_argument("no phase image given");
      const core::ProgressScope scope(ctx.progress(), double(r) / table.rows(), double(r + 1) / table.rows());
      const CaseResult res = computeCase(specs, resolve(table.cell(r, labelsCol)), a, settings, scope.sink(), false);
      for (const auto& [name, v] : res.wide) {
        auto it = index.find(name);
        if (it == index.end()) {
          it = index.emplace(name, columns.size()).first;
          columns.push_back(name);
        }
        row.values[it->second] = v;
      }
      row.status = "done";
    } catch (const core::Cancelled&) {
      throw;
    } catch (const std::exception& e) {
      row.status = std::string("failed: ") + e.what();
      std::fprintf(stderr, "hccws radiomics: case %s failed: %s\n", row.id.c_str(), e.what());
      ++failed;
    }
    rows.push_back(std::move(row));
  }
  std::ostringstream w;
  w << "id,status";
  for (const auto& c : columns) w << ',' << csvField(c);
  w << '\n';
  for (const auto& row : rows) {
    w << csvField(row.id) << ',' << csvField(row.status);
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const auto it = row.values.find(c);
      w << ',' << (it == row.values.end() ? std::string() : number(it->second));
    }
    w << '\n';
  }
  writeResult(a, settings, w.str(), std::to_string(rows.size()) + " cases, " + std::to_string(failed) + " failed");
  if (failed) ctx.exitCode = static_cast<int>(ExitCode::DataWarnings);
}

}  // namespace

void addRadiomicsCommand(CLI::App& app, CommandContext& ctx) {
  auto a = std::make_shared<RadiomicsArgs>();
  auto* cmd = app.add_subcommand("radiomics", "IBSI radiomic features of the tumour, each lesion, the liver and the peritumoral ring");
  cmd->add_option("--image", a->images,
                  "Image [PHASE=]FILE (NIfTI/NRRD/MHA or a DICOM folder with one series); repeat for more phases "
                  "(registered: the ROIs are carried over in world coordinates)");
  cmd->add_option("--labels", a->labels, "Segmentation (segments found by their names: liver, tumour)");
  cmd->add_option("--manifest", a->manifest,
                  "A cohort: CSV with columns id, labels and one per phase (paths relative to the manifest); one wide "
                  "row per case");
  cmd->add_option("--rois", a->rois, "ROIs: tumour, lesions, liver, ring")->delimiter(',')->capture_default_str();
  cmd->add_option("--ring-mm", a->ringMm, "Peritumoral ring width (mm, world units)")->capture_default_str()->check(CLI::Range(0.1, 50.0));
  cmd->add_flag("--ring-uncut", a->ringUncut, "Do not cut the ring to the liver");
  cmd->add_option("--ring-out", a->ringOut, "Write the ring as a label map (NRRD/NIfTI)");
  cmd->add_option("--settings", a->settingsFile, "IBSI settings file (JSON, as written beside every result)");
  cmd->add_option("--iso-mm", a->isoMm, "Interpolate to isotropic voxels of this size (mm)")->check(CLI::PositiveNumber);
  cmd->add_option("--bin-width", a->binWidth, "Fixed bin size discretisation (intensity units)")->check(CLI::PositiveNumber);
  cmd->add_option("--bin-number", a->binNumber, "Fixed bin number discretisation (at most 1024)")->check(CLI::Range(1, 1024));
  cmd->add_option("--reseg-lower", a->resegLower, "Re-segmentation: lowest intensity kept");
  cmd->add_option("--reseg-upper", a->resegUpper, "Re-segmentation: highest intensity kept");
  cmd->add_option("--aggregations", a->aggregations, "Texture aggregations (default 3D:avg,3D:mrg,3D)")->delimiter(',');
  cmd->add_option("--out", a->out, "CSV to write (the settings go to <out>.settings.json)");
  cmd->add_option("--format", a->format, "long (one row per feature) or wide (one row, a column per feature)")
      ->check(CLI::IsMember({"long", "wide"}))
      ->capture_default_str();
  cmd->callback([a, &ctx] {
    if (!a->manifest.empty()) {
      if (!a->images.empty() || !a->labels.empty())
        throw CLI::ValidationError("--manifest", "give either --manifest or --image and --labels");
      runManifest(*a, ctx);
    } else {
      if (a->images.empty() || a->labels.empty())
        throw CLI::ValidationError("--image", "--image and --labels are required (or --manifest)");
      run(*a, ctx);
    }
  });
}

}  // namespace hccws::cli
