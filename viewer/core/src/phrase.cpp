#include <hccws/core/phrase.h>

namespace hccws::core {

std::string render(const Phrase& phrase) {
  std::string out;
  const std::string& t = phrase.text;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '%' && i + 1 < t.size() && t[i + 1] >= '1' && t[i + 1] <= '9') {
      const std::size_t n = static_cast<std::size_t>(t[i + 1] - '1');
      if (n < phrase.args.size()) {
        out += phrase.args[n];
        ++i;
        continue;
      }
    }
    out += t[i];
  }
  return out;
}

std::string render(const std::vector<Phrase>& phrases) {
  std::string out;
  for (const auto& p : phrases) out += render(p);
  return out;
}

}  // namespace hccws::core
