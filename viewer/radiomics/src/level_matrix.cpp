#include "level_matrix.h"

#include <cmath>
#include <limits>
#include <map>

namespace hccws::radiomics::detail {

bool levelMatrixFeatures(const LevelMatrix& m, bool withEnergy, std::vector<double>& f) {
  double ns = 0;
  for (const auto& [k, c] : m.counts) ns += c;
  if (ns <= 0) return false;
  std::map<long, double> byLevel, byJ;  // marginal sums
  double e[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  double muI = 0, muJ = 0, ent = 0, energy = 0;
  for (const auto& [k, c] : m.counts) {
    const double i = static_cast<double>(k >> 32), j = static_cast<double>(k & 0xffffffffu);
    const double i2 = i * i, j2 = j * j;
    e[0] += c / j2;
    e[1] += c * j2;
    e[2] += c / i2;
    e[3] += c * i2;
    e[4] += c / (i2 * j2);
    e[5] += c * i2 / j2;
    e[6] += c * j2 / i2;
    e[7] += c * i2 * j2;
    byLevel[static_cast<long>(i)] += c;
    byJ[static_cast<long>(j)] += c;
    const double p = c / ns;
    muI += i * p;
    muJ += j * p;
    ent -= p * std::log2(p);
    energy += p * p;
  }
  double varI = 0, varJ = 0;
  for (const auto& [k, c] : m.counts) {
    const double i = static_cast<double>(k >> 32), j = static_cast<double>(k & 0xffffffffu);
    const double p = c / ns;
    varI += (i - muI) * (i - muI) * p;
    varJ += (j - muJ) * (j - muJ) * p;
  }
  double glnu = 0, jnu = 0;
  for (const auto& [l, c] : byLevel) glnu += c * c;
  for (const auto& [j, c] : byJ) jnu += c * c;
  f.clear();
  for (double x : e) f.push_back(x / ns);
  f.push_back(glnu / ns);
  f.push_back(glnu / (ns * ns));
  f.push_back(jnu / ns);
  f.push_back(jnu / (ns * ns));
  f.push_back(m.voxels > 0 ? ns / m.voxels : std::numeric_limits<double>::quiet_NaN());
  f.push_back(varI);
  f.push_back(varJ);
  f.push_back(ent);
  if (withEnergy) f.push_back(energy);
  return true;
}

void emitLevelMatrix(const LevelMatrixNames& names, const std::string& aggregation,
                     const std::vector<LevelMatrix>& units, bool average, std::vector<Feature>& out) {
  const bool withEnergy = names.names[16][0] != nullptr;
  const std::size_t nf = withEnergy ? 17 : 16;
  std::vector<double> f, result(nf, std::numeric_limits<double>::quiet_NaN());
  if (average) {
    std::vector<double> sum(nf, 0.0);
    long n = 0;
    for (const LevelMatrix& u : units)
      if (levelMatrixFeatures(u, withEnergy, f)) {
        for (std::size_t q = 0; q < nf; ++q) sum[q] += f[q];
        ++n;
      }
    if (n > 0)
      for (std::size_t q = 0; q < nf; ++q) result[q] = sum[q] / n;
  } else {
    LevelMatrix all;
    for (const LevelMatrix& u : units) all.merge(u);
    if (levelMatrixFeatures(all, withEnergy, f)) result = f;
  }
  Sink sink{out, names.family, aggregation};
  for (std::size_t q = 0; q < nf; ++q) sink.add(names.names[q][0], names.names[q][1], result[q]);
}

}  // namespace hccws::radiomics::detail
