// `hccws segment`: liver/tumour segmentation of a CT case (one or more phases, as the model bundle declares)
// with an nnU-Net-compatible model bundle (docs/inference.md). `hccws train segmentation` lives in
// commands_train.cpp.
#include "cli/commands.h"
#include "cli/text_file.h"
#include "cli/inference_cli_errors.h"

#include <hccws/core/errors.h>
#include <hccws/core/image_io.h>
#include <hccws/inference/bundle.h>
#include <hccws/inference/device.h>
#include <hccws/inference/limits.h>
#include <hccws/pipeline/segmentation.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace hccws::cli {

namespace {

struct SegmentArgs {
  std::string model, out, device = "auto", precision = "auto", probabilities, provenance;
  std::vector<std::string> phases;  // NAME=PATH, or PATH alone for a single-phase model
  std::vector<int> folds;
  bool noMirroring = false, fast = false, noPostprocess = false, noVerify = false, registerPhases = false;
  int threads = 0;
  double step = 0.5;
};

infer::Precision parsePrecision(const std::string& s) {
  if (s == "auto") return infer::Precision::Auto;
  if (s == "fp32") return infer::Precision::Float32;
  if (s == "fp16") return infer::Precision::Float16;
  if (s == "bf16") return infer::Precision::BFloat16;
  throw CLI::ValidationError("--precision", "must be auto, fp32, fp16 or bf16, not '" + s + "'");
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// "labels.nii.gz" -> {"labels", ".nii.gz"}; unknown extensions stay in the stem.
std::pair<std::string, std::string> splitImagePath(const std::string& path) {
  for (const char* ext : {".nii.gz", ".nii", ".nrrd", ".nhdr", ".mha", ".mhd", ".dcm", ".npy"})
    if (endsWith(path, ext)) return {path.substr(0, path.size() - std::string(ext).size()), ext};
  return {path, ""};
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string fileSafe(const std::string& name) {
  std::string s;
  for (char c : name) s += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_';
  return s.empty() ? "class" : s;
}

// Post-processing acts on the liver and tumour classes, found by the model's label names.
struct PostLabels {
  int liver = -1, tumour = -1;
};

PostLabels findPostLabels(const std::vector<std::string>& names) {
  PostLabels p;
  for (std::size_t v = 1; v < names.size(); ++v) {
    const std::string n = lower(names[v]);
    if (n == "liver" && p.liver < 0) p.liver = static_cast<int>(v);
    if ((n == "tumour" || n == "tumor" || n == "lesion" || n == "hcc" || n == "liver tumour" || n == "liver tumor" ||
         n == "liver_tumour" || n == "liver_tumor") &&
        p.tumour < 0)
      p.tumour = static_cast<int>(v);
  }
  return p;
}

// numpy .npy (format 1.0), little-endian float32, C order: what np.load returns.
void writeNpy(const std::string& path, const std::vector<std::int64_t>& shape,
              const std::vector<const core::FloatVolume*>& parts) {
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (";
  for (std::size_t i = 0; i < shape.size(); ++i) dict += std::to_string(shape[i]) + (shape.size() == 1 || i + 1 < shape.size() ? ", " : "");
  dict += "), }";
  std::size_t total = 10 + dict.size() + 1;
  dict += std::string((64 - total % 64) % 64, ' ') + "\n";
  const std::string tmp = path + ".tmp";
  {
    std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
    if (!o) throw core::ImagingError(path, "cannot be written");
    const std::uint16_t n = static_cast<std::uint16_t>(dict.size());
    o.write("\x93NUMPY\x01\x00", 8);
    const char len[2] = {static_cast<char>(n & 0xff), static_cast<char>(n >> 8)};
    o.write(len, 2);
    o << dict;
    for (const auto* v : parts)  // the host is little-endian (x86-64, aarch64)
      o.write(reinterpret_cast<const char*>(v->data()), static_cast<std::streamsize>(v->size() * sizeof(float)));
    if (!o) throw core::ImagingError(path, "could not be written completely (disk full?)");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) throw core::ImagingError(path, "cannot be replaced");
}

// Writes the per-class probabilities; returns the files written.
std::vector<std::string> writeProbabilities(const std::string& path, const pipeline::SegmentationOutput& out) {
  if (out.probabilities.empty()) throw core::ImagingError(path, "no probabilities were computed");
  const auto [stem, ext] = splitImagePath(path);
  if (ext == ".npy") {
    const auto& d = out.probabilities[0].geometry().dims;
    std::vector<const core::FloatVolume*> parts;
    for (const auto& p : out.probabilities) parts.push_back(&p);
    // (class, k, j, i) = nnU-Net's (c, z, y, x) probabilities array, i fastest.
    writeNpy(path, {static_cast<std::int64_t>(parts.size()), static_cast<std::int64_t>(d[2]),
                    static_cast<std::int64_t>(d[1]), static_cast<std::int64_t>(d[0])},
             parts);
    return {path};
  }
  std::vector<std::string> files;
  for (std::size_t k = 0; k < out.probabilities.size(); ++k) {
    const std::string name = k < out.labelNames.size() ? out.labelNames[k] : std::to_string(k);
    files.push_back(stem + "_" + std::to_string(k) + "_" + fileSafe(name) + ext);
    core::writeImage(out.probabilities[k], files.back());
  }
  return files;
}

void writeJson(const std::string& path, const nlohmann::ordered_json& j) {
  // Replace, not throw, on bytes that are not UTF-8 (a Linux file name in "inputs" may hold any bytes).
  writeTextAtomically(path, j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

// Option ranges, checked before the bundle or any image is read (issue 13: --threads 100000 used to start
// that many LibTorch threads; a tiny --step means billions of tiles).
void checkOptions(const SegmentArgs& a) {
  const int maxThreads = infer::maxCpuThreads();
  if (a.threads < 0 || a.threads > maxThreads)
    throw CLI::ValidationError("--threads", std::to_string(a.threads) + " is outside the allowed range 0.." +
                                                std::to_string(maxThreads) +
                                                " (4 x the hardware threads; 0 = every core, or OMP_NUM_THREADS)");
  if (!(a.step >= infer::kMinTileStep && a.step <= infer::kMaxTileStep))
    throw CLI::ValidationError("--step", std::to_string(a.step) + " is outside the allowed range 0.05..1 (nnU-Net: 0.5)");
  for (int f : a.folds)
    if (f < 0 || f >= infer::kMaxFolds)
      throw CLI::ValidationError("--folds", std::to_string(f) + " is outside the allowed range 0.." +
                                                std::to_string(infer::kMaxFolds - 1));
}

void run(const SegmentArgs& a, const CommandContext& ctx) {
  checkOptions(a);
  if (!a.probabilities.empty()) {
    const auto ext = splitImagePath(a.probabilities).second;
    if (ext.empty() || ext == ".dcm")
      throw core::ImagingError(a.probabilities, "--save-probabilities needs .npy (one array) or an image extension "
                                                "(.nii.gz, .nii, .nrrd, .mha: one float file per class)");
  }
  // The bundle first (cheap without hashing): its channels say which phases it needs.
  infer::ModelBundle bundle;
  try {
    bundle = infer::loadBundle(a.model, false);
  } catch (const infer::InferenceError& e) {
    throw core::ImagingError(e.file(), e.problem(), e.detail());
  }
  for (int f : a.folds) {
    bool found = false;
    for (const auto& w : bundle.manifest.weights) found = found || w.fold == f;
    if (!found) {
      std::string have;
      for (const auto& w : bundle.manifest.weights) have += (have.empty() ? "" : ", ") + std::to_string(w.fold);
      throw CLI::ValidationError("--folds", "fold " + std::to_string(f) + " is not in model '" + bundle.manifest.name +
                                                "' (it has fold(s) " + have + ")");
    }
  }
  const auto required = infer::requiredPhases(bundle.manifest);
  std::string requiredText;
  for (const auto& p : required) requiredText += (requiredText.empty() ? "" : ", ") + p;
  const std::string manifestPath = a.model + "/manifest.json";

  pipeline::SegmentationRequest req;
  req.modelDir = a.model;
  req.verifyChecksums = !a.noVerify;
  req.registerPhases = a.registerPhases;
  std::vector<std::string> given, paths;
  for (const auto& p : a.phases) {
    const auto eq = p.find('=');
    std::string name, path = p;
    if (eq != std::string::npos) {
      name = p.substr(0, eq);
      path = p.substr(eq + 1);
      if (name.empty() || path.empty())
        throw CLI::ValidationError("--phase", "expects NAME=PATH (e.g. portal_venous=pv.nii.gz), not '" + p + "'");
    } else if (required.size() == 1 && a.phases.size() == 1) {
      name = required[0];  // a single-phase model: the one image is its phase
    } else {
      throw CLI::ValidationError("--phase", "'" + p + "' has no phase name: model '" + bundle.manifest.name +
                                                "' needs " + requiredText + "; give NAME=PATH for each");
    }
    if (std::find(given.begin(), given.end(), name) != given.end())
      throw CLI::ValidationError("--phase", "phase '" + name + "' given twice");
    if (std::find(required.begin(), required.end(), name) == required.end())
      throw core::ImagingError(manifestPath, "model '" + bundle.manifest.name + "' needs only " + requiredText +
                                                 "; it does not use phase '" + name + "' (drop that --phase)");
    given.push_back(name);
    paths.push_back(path);
  }
  const auto missing = infer::missingPhases(bundle.manifest, given);
  if (!missing.empty()) {
    std::string m;
    for (const auto& p : missing) m += (m.empty() ? "" : ", ") + p;
    throw core::ImagingError(manifestPath, "model '" + bundle.manifest.name + "' needs " + requiredText +
                                               "; missing: " + m + " (give --phase " + missing[0] + "=FILE)");
  }
  for (std::size_t i = 0; i < given.size(); ++i) {
    pipeline::PhaseImage ph;
    ph.phase = given[i];
    try {
      ph.volume = core::readCtImage(paths[i]);
    } catch (const std::bad_alloc&) {
      throw core::ImagingError(paths[i], "out of memory while reading the image of phase '" + given[i] + "'");
    }
    req.phases.push_back(std::move(ph));
  }

  auto& o = req.options;
  try {
    o.device = infer::parseDeviceRequest(a.device);
  } catch (const std::exception& e) {
    throw CLI::ValidationError("--device", e.what());
  }
  o.device.precision = parsePrecision(a.precision);
  o.device.cpuThreads = a.threads;
  o.mode = a.fast ? infer::Mode::Fast : infer::Mode::Exact;
  o.mirroring = !a.noMirroring;
  o.tileStep = a.step;
  o.folds = a.folds;
  o.returnProbabilities = !a.probabilities.empty();
  // Post-processing (on unless --no-postprocess) needs the model's liver class; tumour is optional.
  const PostLabels pl = findPostLabels(bundle.manifest.labels);
  std::string postNote;
  if (a.noPostprocess) {
    postNote = "off (--no-postprocess)";
  } else if (pl.liver < 0) {
    postNote = "off: the model has no 'liver' class, so the largest-liver-component rule does not apply";
  } else {
    postNote = "on";
  }
  o.postprocess = !a.noPostprocess && pl.liver >= 0;
  if (o.postprocess) {
    o.post.liverLabel = static_cast<std::uint8_t>(pl.liver);
    o.post.tumourInsideLiver = pl.tumour >= 0;
    if (pl.tumour >= 0) o.post.tumourLabel = static_cast<std::uint8_t>(pl.tumour);
  }

  const auto out = pipeline::segmentCase(req, ctx.progress());
  core::writeLabelMap(out.labels, a.out);
  std::vector<std::string> probFiles;
  if (!a.probabilities.empty()) probFiles = writeProbabilities(a.probabilities, out);

  // Provenance sidecar: what produced the label map, and whether post-processing changed it.
  nlohmann::ordered_json j;
  j["format"] = "hccws-segmentation-provenance";
  j["format_version"] = 1;
  j["labels_file"] = a.out;
  j["labels"] = nlohmann::ordered_json::object();
  for (std::size_t v = 0; v < bundle.manifest.labels.size(); ++v) j["labels"][std::to_string(v)] = bundle.manifest.labels[v];
  const auto& m = bundle.manifest;
  j["model"] = {{"directory", a.model},
                {"name", m.name},
                {"version", m.version},
                {"architecture", m.architecture},
                {"configuration", m.configuration},
                {"required_phases", required},
                {"provenance", m.provenance},
                {"checksums_verified", !a.noVerify}};
  j["model"]["weights"] = nlohmann::ordered_json::array();
  for (const auto& w : m.weights)
    if (a.folds.empty() || std::find(a.folds.begin(), a.folds.end(), w.fold) != a.folds.end())
      j["model"]["weights"].push_back({{"fold", w.fold}, {"sha256", w.sha256}});
  j["inputs"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < given.size(); ++i) j["inputs"].push_back({{"phase", given[i]}, {"file", paths[i]}});
  j["reference_grid"] = given[0];
  j["registration"] = a.registerPhases;
  j["run"] = {{"device", out.device.description},
              {"mode", a.fast ? "fast" : "exact"},
              {"mirroring", !a.noMirroring},
              {"tile_step", a.step},
              {"seconds", out.seconds}};
  std::string postLog;
  for (const auto& line : out.log)
    if (line.rfind("post-processing", 0) == 0) postLog = line;
  j["postprocessing"] = {{"applied", o.postprocess}, {"note", postNote}};
  if (o.postprocess) {
    auto steps = nlohmann::ordered_json::array();
    steps.push_back("largest 26-connected component of liver+tumour kept");
    if (o.post.tumourInsideLiver) steps.push_back("tumour components touching no liver voxel removed");
    j["postprocessing"]["steps"] = steps;
    j["postprocessing"]["result"] = postLog;
  }
  if (probFiles.empty()) {
    j["probabilities"] = nullptr;
  } else {
    j["probabilities"] = {{"files", probFiles},
                          {"layout", splitImagePath(a.probabilities).second == ".npy"
                                         ? "one float32 .npy array (class, k, j, i) = nnU-Net's (c, z, y, x), i fastest"
                                         : "one float32 image per class, index_name in the file name"},
                          {"grid", "the labels' grid (phase '" + given[0] + "')"},
                          {"postprocessed", false},
                          {"note", "softmax of the ensembled logits after resampling to the input grid, before "
                                   "post-processing (as nnU-Net's --save_probabilities); background = 1 outside "
                                   "the cropped non-zero box"}};
  }
  j["log"] = out.log;
  const std::string provenance = a.provenance.empty() ? splitImagePath(a.out).first + ".provenance.json" : a.provenance;
  writeJson(provenance, j);

  if (!ctx.quiet) {
    for (const auto& line : out.log) std::fprintf(stderr, "  %s\n", line.c_str());
    std::fprintf(stderr, "  post-processing: %s\n", postNote.c_str());
    for (const auto& f : probFiles) std::fprintf(stderr, "probabilities written to %s\n", f.c_str());
    std::fprintf(stderr, "provenance written to %s\n", provenance.c_str());
    std::fprintf(stderr, "segmentation written to %s (%.1f s on %s)\n", a.out.c_str(), out.seconds,
                 out.device.description.c_str());
  }
}

}  // namespace

void addInferenceCommands(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<SegmentArgs>();
  auto* seg = app.add_subcommand("segment", "Segment liver and tumour with an nnU-Net-compatible model bundle");
  seg->add_option("--model", args->model, "Model bundle folder (manifest.json, plans.json, weights)")->required();
  seg->add_option("--phase", args->phases,
                  "NAME=PATH per phase the model needs, e.g. portal_venous=pv.nii.gz (repeat); a single-phase model "
                  "also takes PATH alone")
      ->required();
  seg->add_option("--out", args->out, "Label map to write (.nii.gz, .nrrd, .mha, .dcm)")->required();
  seg->add_option("--save-probabilities", args->probabilities,
                  "Also write the per-class probabilities on the labels' grid, before post-processing: FILE.npy (one "
                  "array, nnU-Net's (c, z, y, x)) or an image path (one float image per class: FILE_<k>_<name>.nii.gz)");
  seg->add_option("--provenance", args->provenance,
                  "Provenance JSON to write (default: the --out path with .provenance.json)");
  seg->add_option("--device", args->device, "auto (CUDA when available), cpu, cuda or cuda:N");
  seg->add_option("--precision", args->precision, "auto (fp16 on CUDA, fp32 on CPU), fp32, fp16, bf16");
  seg->add_option("--threads", args->threads,
                  "CPU threads for LibTorch, 1.." + std::to_string(infer::maxCpuThreads()) + " (0: every core)");
  seg->add_option("--folds", args->folds, "Folds to ensemble (default: all in the bundle)");
  seg->add_option("--step", args->step, "Tile step as a fraction of the patch, 0.05..1 (nnU-Net: 0.5)");
  seg->add_flag("--no-mirroring", args->noMirroring, "No test-time mirroring (8x faster, slightly less accurate)");
  seg->add_flag("--fast", args->fast,
                "Fast mode: fp32 accumulation, mirrored tiles batched (default: exact nnU-Net numerics)");
  seg->add_flag("--no-postprocess", args->noPostprocess,
                "Keep all components (default: largest liver component, tumour only inside the liver)");
  seg->add_flag("--register", args->registerPhases,
                "Rigidly register the other phases onto the first before segmenting (else same grid or world frame)");
  seg->add_flag("--no-verify", args->noVerify, "Skip the SHA-256 check of the bundle's files");
  seg->callback([args, &ctx] {
    inference_errors::reportFailures(args->model, "segmenting", [&] { run(*args, ctx); });
  });
}

}  // namespace hccws::cli
