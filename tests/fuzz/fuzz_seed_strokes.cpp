// Target seed_strokes: a "Grow from seeds" strokes file (seed_strokes.h) read, painted onto a small grid and,
// when it holds two kinds of seed, grown (what `hccws grow CT --seeds FILE` does). Refusals: ImagingError for
// the file; std::invalid_argument from painting or growing (a stroke off the grid is not an error: nothing
// is painted) are typed too.
#include "fuzz_core.h"

#include <hccws/core/grow_from_seeds.h>
#include <hccws/core/seed_strokes.h>

HCCWS_FUZZ_TARGET(seed_strokes) {
  using namespace hccws;
  const auto dir = fuzz::freshDir("seed_strokes");
  const auto file = dir / "strokes.json";
  fuzz::writeFile(file, data, size);
  fuzz::expectRefusal(
      [&] {
        const auto strokes = core::readSeedStrokes(file.string());
        core::Geometry g;
        g.dims = {24, 20, 12};
        g.spacingMm = {2, 2, 3};
        core::CtVolume ct(g, 40);
        for (std::size_t n = 0; n < ct.size(); n += 7) ct.data()[n] = 120;
        core::Volume<std::uint8_t> seeds(g, 0);
        core::paintSeedStrokes(seeds, strokes);
        core::SeedGrower grower(ct);
        grower.update(seeds);
        (void)grower.resultVolume();
      },
      [](const std::exception& e) {
        return fuzz::isCoreError(e) || dynamic_cast<const std::invalid_argument*>(&e) != nullptr;
      });
  return 0;
}
