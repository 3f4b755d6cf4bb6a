#include <hccws/radiomics/features.h>

#include "families.h"
#include "roi.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace hccws::radiomics {

const Feature* FeatureTable::find(const std::string& code, const std::string& aggregation) const {
  for (const Feature& f : features)
    if (f.code == code && f.aggregation == aggregation) return &f;
  return nullptr;
}

FeatureTable computeFeatures(const core::FloatVolume& image, const core::Volume<std::uint8_t>& roiMask,
                             const Settings& settings, const core::ProgressSink& progress, unsigned threads) {
  using namespace detail;
  const core::ProgressScope scope(progress, 0.0, 1.0);
  const Roi roi = prepareRoi(image, roiMask, settings, core::ProgressScope(scope.sink(), 0.0, 0.15));
  std::vector<std::string> aggs = settings.aggregations;
  if (aggs.empty()) aggs = {"3D:avg", "3D:mrg", "3D"};
  FeatureTable t;
  t.roi.morphologicalVoxels = roi.countMorph();
  t.roi.intensityVoxels = roi.countIntensity();
  t.roi.greyLevels = roi.ng;
  for (int a = 0; a < 3; ++a) t.roi.spacingMm[a] = roi.spacing[a];

  // The families are independent: they run as tasks on `threads` threads (the calling thread among them), each
  // into its own list, joined in a fixed order so the table does not depend on the scheduling. Progress and
  // cancellation are reported from the calling thread only.
  struct Task {
    const char* stage;
    std::function<void(std::vector<Feature>&)> run;
  };
  const std::vector<Task> tasks = {
      {"morphology", [&](auto& o) { morphologyFeatures(roi, settings, o); }},
      {"zone matrices", [&](auto& o) { zoneFeatures(roi, aggs, o); }},
      {"intensity", [&](auto& o) {
         localIntensityFeatures(roi, o);
         intensityStatistics(roi, o);
         intensityHistogram(roi, o);
         intensityVolumeHistogram(roi, settings, o);
       }},
      {"GLRLM", [&](auto& o) { glrlmFeatures(roi, aggs, o); }},
      {"GLCM", [&](auto& o) { glcmFeatures(roi, aggs, o); }},
      {"NGTDM", [&](auto& o) { ngtdmFeatures(roi, aggs, o); }},
      {"NGLDM", [&](auto& o) { ngldmFeatures(roi, aggs, o); }},
  };
  // Output order (IBSI's chapter order), independent of the task order above.
  const std::vector<std::size_t> order = {0, 2, 4, 3, 1, 5, 6};
  std::vector<std::vector<Feature>> results(tasks.size());
  std::atomic<std::size_t> next{0}, done{0};
  std::atomic<bool> stop{false};
  std::exception_ptr error;
  std::mutex errorMutex;
  // One loop for every thread; only the calling thread (reports = true) talks to the progress sink.
  auto worker = [&](bool reports) {
    for (std::size_t i; !stop && (i = next++) < tasks.size();) {
      if (reports && progress && !progress(0.15 + 0.85 * double(done) / tasks.size(), tasks[i].stage)) {
        stop = true;
        break;
      }
      try {
        tasks[i].run(results[i]);
      } catch (...) {
        std::lock_guard<std::mutex> lock(errorMutex);
        if (!error) error = std::current_exception();
        stop = true;
      }
      ++done;
    }
  };
  if (threads == 0) threads = std::max(1u, std::min(2u, std::thread::hardware_concurrency()));
  std::vector<std::thread> pool;
  for (unsigned n = 1; n < threads; ++n) pool.emplace_back(worker, false);
  worker(true);
  for (auto& th : pool) th.join();
  if (error) std::rethrow_exception(error);
  if (stop) throw core::Cancelled();
  for (std::size_t i : order) t.features.insert(t.features.end(), results[i].begin(), results[i].end());
  scope.report(1.0, "done");
  return t;
}

}  // namespace hccws::radiomics
