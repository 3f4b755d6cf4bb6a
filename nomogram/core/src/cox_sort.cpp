#include "cox_sort.h"

#include <algorithm>
#include <numeric>

namespace hccws::surv::detail {

std::vector<int> coxOrder(const SurvData& d) {
  std::vector<int> idx(d.n());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) {
    const int sa = stratumOf(d, a), sb = stratumOf(d, b);
    if (sa != sb) return sa < sb;
    if (d.time(a) != d.time(b)) return d.time(a) > d.time(b);
    return d.status(a) > d.status(b);
  });
  return idx;
}

}  // namespace hccws::surv::detail
