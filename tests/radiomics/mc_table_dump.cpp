// Prints the marching-cubes case table (triangles as edge-midpoint coordinates in the unit cube), one line per
// configuration, for compare_skimage.py.
#include "marching_cubes.h"

#include <cstdio>

using namespace hccws::radiomics::detail;

int main() {
  const auto& e = cubeEdges();
  for (int c = 0; c < 256; ++c) {
    std::printf("%d", c);
    for (const auto& t : cubeTriangles(c))
      for (int q = 0; q < 3; ++q)
        for (int a = 0; a < 3; ++a) std::printf(" %g", (((e[t[q]][0] >> a) & 1) + ((e[t[q]][1] >> a) & 1)) / 2.0);
    std::printf("\n");
  }
  return 0;
}
