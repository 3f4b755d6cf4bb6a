// bench_load: load time of a DICOM series through the project's loader (scan + checks + read) against a
// plain ITK baseline (GDCMSeriesFileNames + ImageSeriesReader<int16> with GDCMImageIO) on the same files in
// the same run, reported as ratios, with the peak RSS of each (each loader runs in its own child process). Series: the real HCC case (89 slices) and a synthetic
// 512x512xN series written with writeDicomSeries into /tmp (default N = 500).
//
// Usage: bench_load [--data DIR] [--slices N] [--repeat R] [--tmp DIR]
// Each measurement is the best of R runs (default 3) after one warm-up read, so the page cache is warm
// for both readers alike.
#include "bench_util.h"

#include <hccws/core/dicom_series.h>
#include <hccws/core/dicom_writer.h>

#include <itkGDCMImageIO.h>
#include <itkGDCMSeriesFileNames.h>
#include <itkImage.h>
#include <itkImageSeriesReader.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>

namespace fs = std::filesystem;
using namespace hccws::core;
using namespace hccws::bench;

namespace {


double bestOf(int repeat, const std::function<void()>& run) {
  double best = 1e30;
  for (int r = 0; r < repeat; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    run();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

// The baseline: what a plain ITK program does with a DICOM folder.
std::size_t itkBaseline(const std::string& folder) {
  using Image = itk::Image<std::int16_t, 3>;
  auto names = itk::GDCMSeriesFileNames::New();
  names->SetUseSeriesDetails(true);
  names->SetDirectory(folder);
  const auto uids = names->GetSeriesUIDs();
  if (uids.empty()) throw std::runtime_error("baseline: no series in " + folder);
  auto reader = itk::ImageSeriesReader<Image>::New();
  reader->SetImageIO(itk::GDCMImageIO::New());
  reader->SetFileNames(names->GetFileNames(uids.front()));
  reader->Update();
  return reader->GetOutput()->GetLargestPossibleRegion().GetNumberOfPixels();
}

std::size_t ours(const std::string& folder, double* scanSeconds = nullptr) {
  const auto t0 = std::chrono::steady_clock::now();
  const DicomScan scan = scanDicomFolder(folder);
  if (scanSeconds) *scanSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto it = std::find_if(scan.series.begin(), scan.series.end(), [](const DicomSeries& s) { return s.loadable; });
  if (it == scan.series.end()) throw std::runtime_error("no loadable series in " + folder);
  return readDicomSeries(*it).size();
}

struct Measured {
  double seconds = 0, scanSeconds = 0, peakRssMb = 0;
  std::size_t voxels = 0;
};

// Runs one loader in a child process (one warm-up, then best of `repeat`), so each loader's peak RSS is
// its own (wait4's rusage) and not the maximum over everything this process did before.
Measured inChild(int repeat, const std::function<std::size_t(double*)>& load) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    close(fds[0]);
    Measured m;
    try {
      m.voxels = load(nullptr);
      m.seconds = bestOf(repeat, [&] {
        double scan = 0;
        load(&scan);
        m.scanSeconds = m.scanSeconds == 0 ? scan : std::min(m.scanSeconds, scan);
      });
    } catch (const std::exception& e) {
      std::fprintf(stderr, "bench_load: %s\n", e.what());
      _exit(1);
    }
    const ssize_t w = write(fds[1], &m, sizeof m);
    _exit(w == sizeof m ? 0 : 1);
  }
  close(fds[1]);
  Measured m;
  const ssize_t r = read(fds[0], &m, sizeof m);
  close(fds[0]);
  int status = 0;
  rusage u{};
  wait4(pid, &status, 0, &u);
  if (r != sizeof m || !WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error("a loader failed");
  m.peakRssMb = u.ru_maxrss / 1024.0;
  return m;
}

void compare(const std::string& name, const std::string& folder, int repeat) {
  std::printf("\n== %s (%s)\n", name.c_str(), folder.c_str());
  std::fflush(stdout);
  const Measured a = inChild(repeat, [&](double* scan) { return ours(folder, scan); });
  const Measured b = inChild(repeat, [&](double*) { return itkBaseline(folder); });
  if (a.voxels != b.voxels) std::printf("   WARNING: voxel counts differ (%zu vs %zu)\n", a.voxels, b.voxels);
  std::printf("   voxels            %zu\n", a.voxels);
  std::printf("   hccws loader      %.3f s  (header scan + checks %.3f s)  peak RSS %.0f MB\n", a.seconds,
              a.scanSeconds, a.peakRssMb);
  std::printf("   ITK series reader %.3f s                                 peak RSS %.0f MB\n", b.seconds,
              b.peakRssMb);
  std::printf("   ratio hccws/ITK   time %.2f  peak RSS %.2f\n", a.seconds / b.seconds, a.peakRssMb / b.peakRssMb);
  std::fflush(stdout);
}

CtVolume syntheticCt(std::size_t slices) {
  Geometry g;
  g.dims = {512, 512, slices};
  g.spacingMm = {0.7, 0.7, 1.0};
  g.originLps = {-179.2, -179.2, -250.0};
  CtVolume v(g, -1000);
  // An elliptic body of soft tissue with a bright round vessel: realistic enough for compressors and
  // readers, cheap to make.
  for (std::size_t k = 0; k < slices; ++k)
    for (std::size_t j = 0; j < 512; ++j)
      for (std::size_t i = 0; i < 512; ++i) {
        const double x = (double(i) - 256) / 220, y = (double(j) - 256) / 160;
        if (x * x + y * y < 1) v.at(i, j, k) = static_cast<std::int16_t>(40 + (i * 13 + j * 7 + k * 3) % 31);
        const double ax = double(i) - 270, ay = double(j) - 230;
        if (ax * ax + ay * ay < 400) v.at(i, j, k) = 200;
      }
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data = HCCWS_SHARED_DATA_DIR, tmp = "/tmp";
  std::size_t slices = 500;
  int repeat = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--data")) data = argv[i + 1];
    else if (!std::strcmp(argv[i], "--slices")) slices = std::stoul(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--repeat")) repeat = std::max(1, std::atoi(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--tmp")) tmp = argv[i + 1];
  }
  try {
    std::printf("bench_load: best of %d runs each, warm page cache; peak RSS at start %.0f MB\n", repeat, peakRssMb());
    compare("HCC-TACE-Seg HCC_048 portal venous, 512x512x89", (fs::path(data) / "hcc048_pv").string(), repeat);

    const fs::path synth = fs::path(tmp) / ("hccws_bench_512x512x" + std::to_string(slices));
    std::size_t existing = 0;
    if (fs::is_directory(synth))
      for (const auto& e : fs::directory_iterator(synth)) existing += e.is_regular_file();
    if (existing != slices) {
      fs::remove_all(synth);
      std::printf("\nwriting the synthetic series to %s ...\n", synth.c_str());
      DicomWriteOptions o;
      o.seriesDescription = "BENCH PORTAL VENOUS";
      writeDicomSeries(syntheticCt(slices), o, synth.string());
    }
    compare("synthetic 512x512x" + std::to_string(slices), synth.string(), repeat);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_load: %s\n", e.what());
    return 1;
  }
  return 0;
}
