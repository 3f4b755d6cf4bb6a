// Multi-resolution rigid (+ optional affine) Mattes-MI registration. See registration.h for the contract.
#include <hccws/core/errors.h>
#include <hccws/core/registration.h>

#include <cstdio>

#include "itk_bridge.h"

#include <itkAffineTransform.h>
#include <itkImageMaskSpatialObject.h>
#include <itkImageRegistrationMethodv4.h>
#include <itkMattesMutualInformationImageToImageMetricv4.h>
#include <itkRegistrationParameterScalesFromPhysicalShift.h>
#include <itkRegularStepGradientDescentOptimizerv4.h>
#include <itkVersorRigid3DTransform.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace hccws::core {

namespace {

using FImage = itk::Image<float, 3>;
using MaskImage = itk::Image<unsigned char, 3>;
using MaskObject = itk::ImageMaskSpatialObject<3>;
using Metric = itk::MattesMutualInformationImageToImageMetricv4<FImage, FImage>;
using Optimizer = itk::RegularStepGradientDescentOptimizerv4<double>;
using Rigid = itk::VersorRigid3DTransform<double>;
using Affine = itk::AffineTransform<double, 3>;
using Scales = itk::RegistrationParameterScalesFromPhysicalShift<Metric>;

// Block average by integer factors: the anti-aliased pyramid level, computed in one pass over the input.
FloatVolume blockAverage(const CtVolume& v, const std::array<std::size_t, 3>& f) {
  const Geometry& g = v.geometry();
  Geometry o = g;
  for (int a = 0; a < 3; ++a) {
    o.dims[a] = std::max<std::size_t>(1, g.dims[a] / f[a]);
    o.spacingMm[a] = g.spacingMm[a] * f[a];
  }
  // The centre of block (0,0,0) is the centre of its voxels.
  o.originLps = g.indexToWorld({(f[0] - 1) / 2.0, (f[1] - 1) / 2.0, (f[2] - 1) / 2.0});
  std::vector<float> out(o.voxelCount(), 0.0f);
  const std::size_t nx = std::min(g.dims[0], o.dims[0] * f[0]), ny = std::min(g.dims[1], o.dims[1] * f[1]),
                    nz = std::min(g.dims[2], o.dims[2] * f[2]);
  std::vector<std::size_t> count(o.voxelCount(), 0);
  for (std::size_t k = 0; k < nz; ++k) {
    const std::size_t K = std::min(k / f[2], o.dims[2] - 1);
    for (std::size_t j = 0; j < ny; ++j) {
      const std::size_t J = std::min(j / f[1], o.dims[1] - 1);
      const std::int16_t* row = v.data() + g.linearIndex(0, j, k);
      float* dst = out.data() + o.linearIndex(0, J, K);
      std::size_t* cnt = count.data() + o.linearIndex(0, J, K);
      for (std::size_t i = 0; i < nx; ++i) {
        const std::size_t I = std::min(i / f[0], o.dims[0] - 1);
        dst[I] += row[i];
        ++cnt[I];
      }
    }
  }
  for (std::size_t n = 0; n < out.size(); ++n) out[n] = count[n] ? out[n] / count[n] : -1024.0f;
  return FloatVolume(o, std::move(out));
}

// The minimum, 1st and 99th percentiles of a volume's values (nearest rank), from one copy of them.
struct Spread {
  double min = 0, p01 = 0, p99 = 0;
};
Spread spreadOf(const FloatVolume& v) {
  std::vector<float> s(v.buffer().begin(), v.buffer().end());
  Spread r;
  if (s.empty()) return r;
  auto at = [&](double p) {
    const std::size_t k = std::min(s.size() - 1, static_cast<std::size_t>(p * (s.size() - 1)));
    std::nth_element(s.begin(), s.begin() + static_cast<long>(k), s.end());
    return static_cast<double>(s[k]);
  };
  r.p99 = at(0.99);
  r.p01 = at(0.01);
  r.min = at(0.0);
  return r;
}

// Body mask: voxels above the threshold, largest 6-connected component (drops the table and noise).
Volume<std::uint8_t> bodyMask(const FloatVolume& v, double threshold) {
  const Geometry& g = v.geometry();
  Volume<std::uint8_t> mask(g, 0);
  std::vector<std::uint32_t> comp(v.size(), 0);
  std::vector<std::size_t> sizes{0}, stack;
  const long nx = long(g.dims[0]), ny = long(g.dims[1]), nz = long(g.dims[2]);
  for (std::size_t s = 0; s < v.size(); ++s) {
    if (comp[s] || v.data()[s] <= threshold) continue;
    const auto id = static_cast<std::uint32_t>(sizes.size());
    std::size_t n = 0;
    comp[s] = id;
    stack.push_back(s);
    while (!stack.empty()) {
      const std::size_t c = stack.back();
      stack.pop_back();
      ++n;
      const long i = long(c % g.dims[0]), j = long((c / g.dims[0]) % g.dims[1]), k = long(c / (g.dims[0] * g.dims[1]));
      const long nb[6][3] = {{i - 1, j, k}, {i + 1, j, k}, {i, j - 1, k}, {i, j + 1, k}, {i, j, k - 1}, {i, j, k + 1}};
      for (const auto& q : nb) {
        if (q[0] < 0 || q[1] < 0 || q[2] < 0 || q[0] >= nx || q[1] >= ny || q[2] >= nz) continue;
        const std::size_t d = g.linearIndex(q[0], q[1], q[2]);
        if (comp[d] || v.data()[d] <= threshold) continue;
        comp[d] = id;
        stack.push_back(d);
      }
    }
    sizes.push_back(n);
  }
  const auto best = std::max_element(sizes.begin(), sizes.end()) - sizes.begin();
  if (best == 0) return mask;
  for (std::size_t s = 0; s < v.size(); ++s) mask.data()[s] = comp[s] == std::uint32_t(best) ? 1 : 0;
  return mask;
}

struct Similarity {
  double ncc = 0, nmi = 0;
};

// Similarity of fixed and (moving resampled onto fixed) inside the mask: normalised cross-correlation, and
// normalised mutual information (H(F) + H(M)) / H(F, M) on 64 bins over -250..450 HU (values outside go to
// the end bins). NMI suits phases of different contrast; NCC suits same-contrast pairs.
// The bins span [lo, hi]: -250..450 HU for CT, the fixed image's 1st..99th percentile for MRI.
Similarity similarity(const FloatVolume& fixed, const FloatVolume& moving, const AffineTransform& fixedToMoving,
                      const Volume<std::uint8_t>& mask, double kLo = -250, double kHi = 450, double fill = -1024) {
  ResampleOptions ro;
  ro.fillValue = fill;
  const FloatVolume m = resample(moving, fixed.geometry(), fixedToMoving, ro);
  constexpr int kBins = 64;
  if (!(kHi > kLo)) kHi = kLo + 1;
  auto bin = [kLo, kHi](double v) { return std::clamp(int((v - kLo) / (kHi - kLo) * kBins), 0, kBins - 1); };
  std::vector<double> joint(kBins * kBins, 0.0);
  double sf = 0, sm = 0, sff = 0, smm = 0, sfm = 0, n = 0;
  for (std::size_t v = 0; v < fixed.size(); ++v) {
    if (!mask.data()[v]) continue;
    const double a = fixed.data()[v], b = m.data()[v];
    sf += a, sm += b, sff += a * a, smm += b * b, sfm += a * b, ++n;
    joint[bin(a) * kBins + bin(b)] += 1;
  }
  Similarity s;
  if (n < 2) return s;
  const double cov = sfm / n - sf / n * sm / n, vf = sff / n - sf / n * sf / n, vm = smm / n - sm / n * sm / n;
  s.ncc = vf > 0 && vm > 0 ? cov / std::sqrt(vf * vm) : 0;
  std::vector<double> pf(kBins, 0.0), pm(kBins, 0.0);
  double hj = 0, hf = 0, hm = 0;
  for (int i = 0; i < kBins; ++i)
    for (int j = 0; j < kBins; ++j) {
      const double p = joint[i * kBins + j] / n;
      pf[i] += p, pm[j] += p;
      if (p > 0) hj -= p * std::log(p);
    }
  for (int i = 0; i < kBins; ++i) {
    if (pf[i] > 0) hf -= pf[i] * std::log(pf[i]);
    if (pm[i] > 0) hm -= pm[i] * std::log(pm[i]);
  }
  s.nmi = hj > 0 ? (hf + hm) / hj : 0;
  return s;
}

template <typename TTransform>
AffineTransform toAffine(const TTransform* t) {
  AffineTransform a;
  const auto& m = t->GetMatrix();
  const auto& off = t->GetOffset();
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) a.matrix[3 * r + c] = m(r, c);
    a.translation[r] = off[r];
  }
  return a;
}

struct Level {
  FloatVolume fixed, moving;
  Volume<std::uint8_t> mask;
  double voxelMm = 0;
};

}  // namespace

RegistrationResult registerImages(const CtVolume& fixed, const CtVolume& moving, const RegistrationOptions& o,
                                  const ProgressSink& progress) {
  const auto t0 = std::chrono::steady_clock::now();
  if (fixed.empty()) throw ImagingError("fixed", "the fixed image is empty");
  if (moving.empty()) throw ImagingError("moving", "the moving image is empty");
  const std::size_t nLevels = o.levelVoxelMm.size();
  if (nLevels == 0 || o.iterationsPerLevel.size() != nLevels || o.samplingFractionPerLevel.size() != nLevels)
    throw std::invalid_argument("registration: levelVoxelMm, iterationsPerLevel and samplingFractionPerLevel "
                                "must have the same, non-zero length");

  RegistrationResult result;
  const Geometry& fg = fixed.geometry();
  const Vec3 centre = fg.indexToWorld({(fg.dims[0] - 1) / 2.0, (fg.dims[1] - 1) / 2.0, (fg.dims[2] - 1) / 2.0});
  result.rotationCentreLps = centre;

  auto rigid = Rigid::New();
  {
    Rigid::CenterType c;
    for (int a = 0; a < 3; ++a) c[a] = centre[a];
    rigid->SetCenter(c);
  }
  const int totalIterations =
      std::max(1, [&] { int s = o.affine ? o.affineIterations : 0; for (int n : o.iterationsPerLevel) s += n; return s; }());
  int doneIterations = 0;
  bool cancelled = false;

  // Runs one optimisation of `transform` on one level; returns the optimiser's report.
  auto optimise = [&](auto transformPtr, Level& level, int iterations, double sampling, const char* stage) {
    const std::string progressStage = std::string(stage) + " registration";
    using T = typename decltype(transformPtr)::ObjectType;
    using Method = itk::ImageRegistrationMethodv4<FImage, FImage, T>;
    auto fixedImage = itkbridge::toItkView(level.fixed);
    auto movingImage = itkbridge::toItkView(level.moving);
    auto metric = Metric::New();
    metric->SetNumberOfHistogramBins(static_cast<itk::SizeValueType>(o.histogramBins));
    metric->SetUseMovingImageGradientFilter(false);
    metric->SetUseFixedImageGradientFilter(false);
    MaskImage::Pointer maskImage;
    auto maskObject = MaskObject::New();
    if (o.useBodyMask) {
      maskImage = itkbridge::toItkView(level.mask);
      maskObject->SetImage(maskImage);
      maskObject->Update();
      metric->SetFixedImageMask(maskObject);
    }
    if (o.threads) metric->SetMaximumNumberOfWorkUnits(o.threads);

    auto optimizer = Optimizer::New();
    optimizer->SetNumberOfIterations(static_cast<itk::SizeValueType>(iterations));
    optimizer->SetRelaxationFactor(0.5);
    optimizer->SetGradientMagnitudeTolerance(1e-8);
    optimizer->SetReturnBestParametersAndValue(true);
    // Physical-shift scales, and a learning rate estimated on the first iteration so that the first step
    // moves no voxel by more than initialStepFraction x the level's voxel size. Later steps keep that
    // length, halving whenever the gradient turns; the minimum step is set in the same units once the
    // learning rate is known (the RSGD's own step length is in parameter units, which for matrix or versor
    // parameters would be meaningless in mm).
    const double maxStepMm = o.initialStepFraction * level.voxelMm;
    auto scales = Scales::New();
    scales->SetMetric(metric);
    optimizer->SetScalesEstimator(scales);
    optimizer->SetMaximumStepSizeInPhysicalUnits(maxStepMm);
    optimizer->SetDoEstimateLearningRateOnce(true);
    optimizer->SetDoEstimateLearningRateAtEachIteration(false);
    optimizer->SetLearningRate(1.0);
    optimizer->SetMinimumStepLength(0.0);
    if (o.threads) optimizer->SetNumberOfWorkUnits(o.threads);
    const int before = doneIterations;
    bool first = true;
    optimizer->AddObserver(itk::IterationEvent(), [&](const itk::EventObject&) {
      ++doneIterations;
      if (first) {
        first = false;
        optimizer->SetMinimumStepLength(optimizer->GetLearningRate() * o.minimumStepMm / maxStepMm);
      }
      if (progress && !progress(std::min(1.0, double(doneIterations) / totalIterations), progressStage)) {
        cancelled = true;
        optimizer->StopOptimization();
      }
    });

    auto method = Method::New();
    method->SetFixedImage(fixedImage);
    method->SetMovingImage(movingImage);
    method->SetMetric(metric);
    method->SetOptimizer(optimizer);
    method->SetInitialTransform(transformPtr);
    method->InPlaceOn();
    method->SetInitializeCenterOfLinearOutputTransform(false);
    method->SetNumberOfLevels(1);
    typename Method::ShrinkFactorsArrayType shrink(1);
    shrink[0] = 1;
    method->SetShrinkFactorsPerLevel(shrink);
    typename Method::SmoothingSigmasArrayType sigmas(1);
    sigmas[0] = 0;
    method->SetSmoothingSigmasPerLevel(sigmas);
    method->SetMetricSamplingStrategy(Method::MetricSamplingStrategyEnum::REGULAR);
    method->SetMetricSamplingPercentage(std::clamp(sampling, 1e-4, 1.0));
    method->MetricSamplingReinitializeSeed(20260101);
    try {
      method->Update();
    } catch (const itk::ExceptionObject& e) {
      if (cancelled) throw Cancelled();
      throw ImagingError("moving", "registration failed", e.GetDescription());
    }
    if (cancelled) throw Cancelled();
    RegistrationLevelReport rep;
    rep.voxelMm = level.fixed.geometry().spacingMm;
    rep.dims = level.fixed.geometry().dims;
    rep.iterations = doneIterations - before;
    rep.metric = optimizer->GetValue();
    rep.stage = stage;
    rep.stopCondition = optimizer->GetStopConditionDescription();
    result.levels.push_back(rep);
  };

  Level level;
  for (std::size_t l = 0; l < nLevels; ++l) {
    std::array<std::size_t, 3> f{};
    for (int a = 0; a < 3; ++a)
      f[a] = std::max<std::size_t>(1, std::min<std::size_t>(fg.dims[a], std::lround(o.levelVoxelMm[l] / fg.spacingMm[a])));
    std::array<std::size_t, 3> fm{};
    const Geometry& mg = moving.geometry();
    for (int a = 0; a < 3; ++a)
      fm[a] = std::max<std::size_t>(1, std::min<std::size_t>(mg.dims[a], std::lround(o.levelVoxelMm[l] / mg.spacingMm[a])));
    level.fixed = blockAverage(fixed, f);
    level.moving = blockAverage(moving, fm);
    const Vec3 sp = level.fixed.geometry().spacingMm;
    level.voxelMm = std::max({sp[0], sp[1], sp[2]});
    if (o.useBodyMask) {
      // MRI has no absolute scale (and may be stored through a map with an offset): the body is what lies above
      // a tenth of the way from the dark end (1st percentile, the background) to the bright end (99th).
      const Spread sp = o.hounsfield ? Spread{} : spreadOf(level.fixed);
      const double threshold = o.hounsfield ? o.bodyThresholdHu : sp.p01 + 0.1 * (sp.p99 - sp.p01);
      level.mask = bodyMask(level.fixed, threshold);
      if (std::none_of(level.mask.buffer().begin(), level.mask.buffer().end(), [](auto m) { return m != 0; }))
        throw ImagingError("fixed", o.hounsfield ? "no body found above " + std::to_string(int(o.bodyThresholdHu)) +
                                                       " HU: is this a CT in Hounsfield units?"
                                                 : std::string("no body found in the fixed MR image"));
    } else {
      level.mask = Volume<std::uint8_t>(level.fixed.geometry(), 1);
    }
    optimise(rigid, level, o.iterationsPerLevel[l], o.samplingFractionPerLevel[l], "rigid");
  }
  result.transformType = "VersorRigid3D";
  result.fixedToMoving = toAffine(rigid.GetPointer());
  for (unsigned p = 0; p < rigid->GetNumberOfParameters(); ++p) result.parameters.push_back(rigid->GetParameters()[p]);

  if (o.affine) {
    auto affine = Affine::New();
    affine->SetCenter(rigid->GetCenter());
    affine->SetMatrix(rigid->GetMatrix());
    affine->SetTranslation(rigid->GetTranslation());
    optimise(affine, level, o.affineIterations, o.samplingFractionPerLevel.back(), "affine");
    result.transformType = "Affine";
    result.fixedToMoving = toAffine(affine.GetPointer());
    result.parameters.clear();
    for (unsigned p = 0; p < affine->GetNumberOfParameters(); ++p) result.parameters.push_back(affine->GetParameters()[p]);
  }

  // Rotation angles of the (rigid part of the) matrix and the translation about the centre.
  result.rotationDeg = eulerAnglesDeg(result.fixedToMoving.matrix);
  const Vec3 mc = matVec(result.fixedToMoving.matrix, centre);
  for (int a = 0; a < 3; ++a) result.translationMm[a] = result.fixedToMoving.translation[a] + mc[a] - centre[a];
  result.metricValue = result.levels.back().metric;
  for (const auto& l : result.levels) result.iterations += l.iterations;
  const Spread sp = o.hounsfield ? Spread{} : spreadOf(level.fixed);
  const double lo = o.hounsfield ? -250.0 : sp.p01, hi = o.hounsfield ? 450.0 : sp.p99;
  const double fill = o.hounsfield ? -1024.0 : sp.min;
  const Similarity before = similarity(level.fixed, level.moving, AffineTransform{}, level.mask, lo, hi, fill);
  const Similarity after = similarity(level.fixed, level.moving, result.fixedToMoving, level.mask, lo, hi, fill);
  result.nccBefore = before.ncc;
  result.nccAfter = after.ncc;
  result.nmiBefore = before.nmi;
  result.nmiAfter = after.nmi;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (progress && !progress(1.0, "registration done")) throw Cancelled();
  return result;
}

std::string summary(const RegistrationResult& r) {
  char buf[300];
  std::snprintf(buf, sizeof buf,
                "NMI %.3f -> %.3f (NCC %.3f -> %.3f), rotation %.1f/%.1f/%.1f deg, translation %.1f/%.1f/%.1f mm, %.1f s",
                r.nmiBefore, r.nmiAfter, r.nccBefore, r.nccAfter, r.rotationDeg[0], r.rotationDeg[1], r.rotationDeg[2],
                r.translationMm[0], r.translationMm[1], r.translationMm[2], r.seconds);
  return buf;
}

RegistrationCheck checkPhaseRegistration(const RegistrationResult& r, double maxRotationDeg, double maxTranslationMm) {
  char buf[200];
  if (r.nmiAfter < r.nmiBefore - 0.002) {
    std::snprintf(buf, sizeof buf, "the mutual information fell (NMI %.3f -> %.3f)", r.nmiBefore, r.nmiAfter);
    return {false, buf};
  }
  for (int a = 0; a < 3; ++a)
    if (std::abs(r.rotationDeg[a]) > maxRotationDeg) {
      std::snprintf(buf, sizeof buf, "a rotation of %.1f deg is implausible within one examination (limit %.0f deg)",
                    r.rotationDeg[a], maxRotationDeg);
      return {false, buf};
    }
  const double t = std::sqrt(r.translationMm[0] * r.translationMm[0] + r.translationMm[1] * r.translationMm[1] +
                             r.translationMm[2] * r.translationMm[2]);
  if (t > maxTranslationMm) {
    std::snprintf(buf, sizeof buf, "a shift of %.1f mm is implausible within one examination (limit %.0f mm)", t,
                  maxTranslationMm);
    return {false, buf};
  }
  return {};
}

TransformDifference compareTransforms(const AffineTransform& a, const AffineTransform& b,
                                      const std::vector<Vec3>& points) {
  TransformDifference d;
  for (const auto& p : points) {
    const Vec3 x = a.apply(p), y = b.apply(p);
    const double e = norm({x[0] - y[0], x[1] - y[1], x[2] - y[2]});
    d.meanMm += e;
    d.maxMm = std::max(d.maxMm, e);
  }
  if (!points.empty()) d.meanMm /= points.size();
  return d;
}

}  // namespace hccws::core
