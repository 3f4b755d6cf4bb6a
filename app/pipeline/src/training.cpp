// Demo-model training on phantoms and phantom evaluation (see training.h).
#ifdef HCCWS_HAVE_INFERENCE
#include <hccws/pipeline/segmentation.h>
#include <hccws/pipeline/training.h>

#include <hccws/core/errors.h>
#include <hccws/core/resample.h>
#include <hccws/inference/device.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace hccws::pipeline {
namespace {

namespace fs = std::filesystem;

// Portable uniform draw in [a, b) from std::mt19937_64's raw output (no std distributions).
double uniform(std::mt19937_64& g, double a, double b) {
  return a + (b - a) * static_cast<double>(g() >> 11) * (1.0 / 9007199254740992.0);
}

void checkRequest(const TrainSegmentationRequest& r) {
  if (r.cases < 1) throw core::ImagingError("--cases", "at least one training case is needed (got " +
                                                           std::to_string(r.cases) + ")");
  if (r.training.epochs < 1)
    throw core::ImagingError("--epochs", "must be at least 1 (got " + std::to_string(r.training.epochs) + ")");
  if (r.training.iterationsPerEpoch < 1)
    throw core::ImagingError("--iterations", "must be at least 1 (got " +
                                                 std::to_string(r.training.iterationsPerEpoch) + ")");
  if (r.evalCases < 0) throw core::ImagingError("--eval-cases", "must not be negative");
  if (r.outDir.empty()) throw core::ImagingError("--out", "no output folder given");
  std::error_code ec;
  fs::create_directories(r.outDir, ec);
  if (ec || !fs::is_directory(r.outDir))
    throw core::ImagingError(r.outDir, "the output folder cannot be created", ec.message());
  const std::string probe = r.outDir + "/.hccws-write-test";
  {
    std::ofstream o(probe, std::ios::trunc);
    if (!o) throw core::ImagingError(r.outDir, "the output folder is not writable");
  }
  fs::remove(probe, ec);
}

std::string describe(const core::PhantomOptions& o) {
  std::ostringstream s;
  s << core::toString(o.subtype) << ", " << o.tumourCount << " tumour" << (o.tumourCount == 1 ? "" : "s");
  if (!o.tumourDiametersMm.empty()) s << " (" << static_cast<int>(o.tumourDiametersMm[0] + 0.5) << " mm)";
  return s.str();
}

std::string isoTime() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

std::string trainingDataText(const TrainSegmentationRequest& r) {
  const auto& p = r.phantom;
  std::ostringstream s;
  s << r.cases << " synthetic multi-phase phantoms (core::generatePhantom), seeds " << r.firstSeed << ".."
    << r.firstSeed + static_cast<std::uint64_t>(r.cases) - 1 << ", " << p.dims[0] << "x" << p.dims[1] << "x"
    << p.dims[2] << " voxels at " << p.spacingMm[0] << "x" << p.spacingMm[1] << "x" << p.spacingMm[2]
    << " mm (i, j, k), noise " << p.noiseSigmaHu
    << " HU; per seed (pipeline::phantomForSeed): odd seeds proliferative, 1-2 tumours, first diameter "
       "35-65 mm (non-proliferative) or 55-85 mm (proliferative), portal-venous motion up to 3 deg / 8 mm; "
       "arterial + portal venous, portal venous resampled onto the arterial grid with the phantom's truth "
       "transform; labels 1 liver, 2 tumour from the phantom truth. No patient data.";
  return s.str();
}

// core::generatePhantom for phantomForSeed(seed): a drawn diameter that does not fit the seed's liver
// (the generator refuses it) is shrunk by 10 % until it fits, deterministically. `options` gets what was used.
core::Phantom generateForSeed(std::uint64_t seed, const core::PhantomOptions& base, const core::ProgressSink& sink,
                              core::PhantomOptions& options) {
  options = phantomForSeed(seed, base);
  for (int attempt = 0;; ++attempt) {
    try {
      return core::generatePhantom(options, sink);
    } catch (const std::invalid_argument& e) {
      if (attempt >= 8 || options.tumourDiametersMm.empty() ||
          std::string(e.what()).find("does not fit") == std::string::npos)
        throw;
      options.tumourDiametersMm[0] *= 0.9;
    }
  }
}

}  // namespace

core::PhantomOptions phantomForSeed(std::uint64_t seed, const core::PhantomOptions& base) {
  core::PhantomOptions o = base;
  o.seed = seed;
  o.phases = {core::PhaseKind::Arterial, core::PhaseKind::PortalVenous};
  o.pvtt = false;
  std::mt19937_64 g(seed * 0x9e3779b97f4a7c15ULL + 17);
  o.subtype = seed % 2 == 1 ? core::TumourSubtype::Proliferative : core::TumourSubtype::NonProliferative;
  o.tumourCount = uniform(g, 0, 1) < 0.35 ? 2 : 1;
  const bool prolif = o.subtype == core::TumourSubtype::Proliferative;
  o.tumourDiametersMm = {prolif ? uniform(g, 55, 85) : uniform(g, 35, 65)};
  o.portalVenousMotion.rotationDeg = {uniform(g, -3, 3), uniform(g, -3, 3), uniform(g, -3, 3)};
  o.portalVenousMotion.translationMm = {uniform(g, -8, 8), uniform(g, -8, 8), uniform(g, -8, 8)};
  return o;
}

infer::TrainingCase trainingCaseFromPhantom(const core::Phantom& ph) {
  const core::PhantomPhase* ap = ph.find(core::PhaseKind::Arterial);
  const core::PhantomPhase* pv = ph.find(core::PhaseKind::PortalVenous);
  if (!ap || !pv) throw core::ImagingError("phantom", "needs the arterial and portal venous phases");
  infer::TrainingCase c;
  c.id = "phantom seed " + std::to_string(ph.options.seed);
  c.channels.push_back(toInputImage(ap->volume, "arterial"));
  core::ResampleOptions ro;
  ro.fillValue = -1024.0;
  c.channels.push_back(toInputImage(core::resample(pv->volume, ph.geometry, pv->arterialToPhase, ro), "portal_venous"));
  const auto& truth = ph.truthLabels.labels.buffer();
  c.labels.resize(truth.size());
  for (std::size_t i = 0; i < truth.size(); ++i) c.labels[i] = truth[i] == 1 ? 1 : truth[i] >= 2 ? 2 : 0;
  return c;
}

double diceCoefficient(const core::Volume<std::uint8_t>& a, const core::Volume<std::uint8_t>& b, std::uint8_t label) {
  if (a.size() != b.size()) throw std::invalid_argument("diceCoefficient: the label volumes differ in size");
  std::size_t na = 0, nb = 0, both = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const bool x = a.data()[i] == label, y = b.data()[i] == label;
    na += x;
    nb += y;
    both += x && y;
  }
  return na + nb == 0 ? 1.0 : 2.0 * static_cast<double>(both) / static_cast<double>(na + nb);
}

std::vector<CaseEvaluation> evaluateOnPhantoms(const PhantomEvaluationRequest& req, const core::ProgressSink& progress) {
  std::vector<CaseEvaluation> out;
  const double n = static_cast<double>(req.seeds.size());
  for (std::size_t s = 0; s < req.seeds.size(); ++s) {
    // ProgressScope keeps a reference to its parent sink: the sinks must outlive the scopes.
    const core::ProgressScope scope(progress, s / n, (s + 1) / n);
    const core::ProgressSink caseSink = scope.sink();
    const core::ProgressScope gen(caseSink, 0.0, 0.3);
    const core::ProgressScope seg(caseSink, 0.3, 1.0);
    core::PhantomOptions po;
    const core::Phantom ph = generateForSeed(req.seeds[s], req.phantom, gen.sink(), po);
    SegmentationRequest sr;
    sr.modelDir = req.modelDir;
    sr.options = req.options;
    sr.registerPhases = req.registerPhases;
    sr.phases.push_back({"arterial", ph.find(core::PhaseKind::Arterial)->volume});
    sr.phases.push_back({"portal_venous", ph.find(core::PhaseKind::PortalVenous)->volume});
    const auto start = std::chrono::steady_clock::now();
    const SegmentationOutput r = segmentCase(sr, seg.sink());
    CaseEvaluation e;
    e.seed = req.seeds[s];
    e.description = describe(po);
    e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    core::Volume<std::uint8_t> truth = ph.truthLabels.labels;
    for (auto& v : truth.buffer()) v = v == 1 ? 1 : v >= 2 ? 2 : 0;
    e.liverDice = diceCoefficient(r.labels.labels, truth, 1);
    e.tumourDice = diceCoefficient(r.labels.labels, truth, 2);
    for (const auto& line : r.log)
      if (line.find("registered") != std::string::npos) e.registration = line;
    out.push_back(e);
  }
  return out;
}

TrainSegmentationResult trainSegmentationOnPhantoms(const TrainSegmentationRequest& req,
                                                    const core::ProgressSink& progress,
                                                    const std::function<void(const std::string&)>& log) {
  checkRequest(req);
  auto say = [&](const std::string& line) {
    if (log) log(line);
  };
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  TrainSegmentationResult result;
  const std::vector<std::string> labelNames{"background", "liver", "tumour"};
  const std::string weightsFile = "fold_0.safetensors";
  try {
    // Fail on a bad plan (patch vs. network stride, spacing) before spending minutes on phantoms.
    infer::makeTrainingPlan(req.featuresPerStage, req.patchZyx, req.targetSpacingZyx,
                            std::vector<infer::IntensityStats>(2), labelNames);

    const core::ProgressScope genScope(progress, 0.0, 0.25);
    const core::ProgressSink genSink = genScope.sink();  // outlives the per-case scopes that refer to it
    std::vector<infer::TrainingCase> cases;
    for (int c = 0; c < req.cases; ++c) {
      const std::uint64_t seed = req.firstSeed + static_cast<std::uint64_t>(c);
      const core::ProgressScope one(genSink, double(c) / req.cases, double(c + 1) / req.cases);
      core::PhantomOptions po;
      cases.push_back(trainingCaseFromPhantom(generateForSeed(seed, req.phantom, one.sink(), po)));
      say("phantom seed " + std::to_string(seed) + ": " + describe(po));
    }
    for (int ch = 0; ch < 2; ++ch) result.stats.push_back(infer::foregroundIntensityStats(cases, ch));
    for (int ch = 0; ch < 2; ++ch) {
      const auto& s = result.stats[static_cast<std::size_t>(ch)];
      char buf[200];
      std::snprintf(buf, sizeof buf, "channel %d foreground: mean %.1f, std %.1f, p0.5 %.1f, p99.5 %.1f HU (%lld voxels)",
                    ch, s.mean, s.stddev, s.percentile005, s.percentile995, static_cast<long long>(s.voxels));
      say(buf);
    }
    infer::NnunetPlan plan =
        infer::makeTrainingPlan(req.featuresPerStage, req.patchZyx, req.targetSpacingZyx, result.stats, labelNames);
    plan.mirrorAxes = req.training.mirrorAxes;

    const core::ProgressScope prepScope(progress, 0.25, 0.30);
    std::vector<infer::PreparedCase> prepared;
    for (std::size_t c = 0; c < cases.size(); ++c) {
      prepScope.report(double(c) / cases.size(), "preprocessing");
      prepared.push_back(infer::prepareTrainingCase(cases[c], plan));
      cases[c] = {};  // the original-resolution copy is no longer needed
    }
    const auto& s0 = prepared.front().shapeZyx;
    say("preprocessed to " + std::to_string(s0[0]) + "x" + std::to_string(s0[1]) + "x" + std::to_string(s0[2]) +
        " (zyx) at the target spacing");

    const core::ProgressScope trainScope(progress, 0.30, 0.95);
    infer::TrainingOptions to = req.training;
    const auto userOnEpoch = to.onEpoch;
    to.onEpoch = [&](int epoch, double loss, double seconds) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "epoch %d/%d: loss %.4f (%.0f s)", epoch, to.epochs, loss, seconds);
      say(buf);
      if (userOnEpoch) userOnEpoch(epoch, loss, seconds);
    };
    result.training = infer::trainSegmentationNetwork(prepared, plan, to, req.outDir + "/" + weightsFile,
                                                      trainScope.sink());
    say("trained " + std::to_string(result.training.parameters) + " parameters on " +
        result.training.device.description);

    nlohmann::ordered_json rec;
    rec["command"] = req.command;
    rec["seed"] = req.training.seed;
    rec["first_phantom_seed"] = req.firstSeed;
    rec["cases"] = req.cases;
    rec["epochs"] = to.epochs;
    rec["iterations_per_epoch"] = to.iterationsPerEpoch;
    rec["batch_size"] = to.batchSize;
    rec["optimizer"] = to.optimizer == infer::OptimizerKind::Adam ? "Adam" : "SGD (Nesterov, momentum 0.99)";
    rec["initial_lr"] = to.initialLr;
    rec["loss"] = "Dice (batch, no background) + cross-entropy";
    rec["device"] = result.training.device.description;
    rec["training_seconds"] = std::round(result.training.seconds);
    rec["total_seconds_before_evaluation"] = std::round(elapsed());
    rec["finished_utc"] = isoTime();
    std::vector<double> epochLoss;
    for (double l : result.training.epochLoss) epochLoss.push_back(std::round(l * 1e4) / 1e4);
    rec["epoch_loss"] = epochLoss;

    infer::TrainedBundleInfo info;
    info.name = "HCC demo liver/tumour (phantom-trained)";
    info.description = "Small nnU-Net-style PlainConvUNet for liver and tumour on arterial + portal venous CT, "
                       "trained by `hccws train segmentation` on synthetic phantoms.";
    info.provenance = "trained on synthetic phantoms, not for clinical use";
    info.trainingData = trainingDataText(req);
    info.license = "Same licence as the HCC Workstation source; synthetic training data, no patient data.";
    info.channelPhases = {"arterial", "portal_venous"};
    info.stats = result.stats;
    info.trainingCases = req.cases;
    info.trainingRecordJson = rec.dump();
    infer::writeTrainedBundle(req.outDir, plan, info, weightsFile);
    say("bundle written to " + req.outDir);

    if (req.evalCases > 0) {
      PhantomEvaluationRequest ev;
      ev.modelDir = req.outDir;
      ev.phantom = req.phantom;
      ev.options.device = req.training.device;
      for (int e = 0; e < req.evalCases; ++e)
        ev.seeds.push_back(req.firstSeed + static_cast<std::uint64_t>(req.cases + e));
      const core::ProgressScope evalScope(progress, 0.95, 1.0);
      result.evaluation = evaluateOnPhantoms(ev, evalScope.sink());
    }
  } catch (const infer::Cancelled&) {
    throw core::Cancelled();
  } catch (const infer::InferenceError& e) {
    throw core::ImagingError(e.file(), e.problem(), e.detail());
  } catch (const std::invalid_argument& e) {
    throw core::ImagingError("phantom", e.what());
  }
  result.seconds = elapsed();
  return result;
}

}  // namespace hccws::pipeline
#endif  // HCCWS_HAVE_INFERENCE
