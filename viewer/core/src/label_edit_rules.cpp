#include "label_edit_rules.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace hccws::core::detail {

namespace {

bool locked(const LabelMap& labels, std::uint8_t value) {
  const LabelInfo* info = labels.table.find(value);
  return info && info->locked;
}

void setCt(WriteFilter& f, const EditRules& rules) {
  if (!rules.huRange) return;
  f.ct = rules.ct->data();
  f.huMin = rules.huRange->min;
  f.huMax = rules.huRange->max;
}

}  // namespace

void validateRules(const LabelMap& labels, const EditRules& rules, const char* op) {
  const std::string name(op);
  if (labels.labels.empty()) throw std::invalid_argument(name + ": the label map is empty");
  if (rules.label == 0) throw std::invalid_argument(name + ": label 0 (background) cannot be edited as a label");
  if (rules.huRange) {
    if (!rules.ct) throw std::invalid_argument(name + ": a HU range needs the CT volume (EditRules::ct is null)");
    if (rules.huRange->min > rules.huRange->max)
      throw std::invalid_argument(name + ": HU range min " + std::to_string(rules.huRange->min) + " > max " +
                                  std::to_string(rules.huRange->max));
  }
  if (rules.ct && !rules.ct->geometry().sameGrid(labels.labels.geometry()))
    throw std::invalid_argument(name + ": the CT grid " + rules.ct->geometry().describe() +
                                " differs from the label grid " + labels.labels.geometry().describe());
}

void checkAxis(int sliceAxis, const char* op) {
  if (sliceAxis < 0 || sliceAxis > 2)
    throw std::invalid_argument(std::string(op) + ": slice axis " + std::to_string(sliceAxis) +
                                " is not 0 (i), 1 (j) or 2 (k)");
}

WriteFilter paintFilter(const LabelMap& labels, const EditRules& rules) {
  WriteFilter f;
  f.to = rules.label;
  for (int v = 0; v < 256; ++v) {
    const auto value = static_cast<std::uint8_t>(v);
    bool ok = value != rules.label && !locked(labels, value);
    if (!rules.editable.empty())
      ok = ok && std::find(rules.editable.begin(), rules.editable.end(), value) != rules.editable.end();
    if (!rules.overwriteOtherLabels) ok = ok && value == 0;
    f.from[v] = ok;
  }
  setCt(f, rules);
  return f;
}

WriteFilter eraseFilter(const LabelMap& labels, const EditRules& rules) {
  WriteFilter f;
  f.to = rules.eraseTo;
  f.from[rules.label] = rules.label != rules.eraseTo && !locked(labels, rules.label);
  setCt(f, rules);
  return f;
}

IndexBox valueBox(const Volume<std::uint8_t>& v, std::uint8_t value, const IndexBox& within) {
  const Geometry& g = v.geometry();
  IndexBox t{g.dims, {0, 0, 0}};
  const std::size_t nx = within.hi[0] - within.lo[0];
  for (std::size_t k = within.lo[2]; k < within.hi[2]; ++k)
    for (std::size_t j = within.lo[1]; j < within.hi[1]; ++j) {
      const std::uint8_t* row = v.data() + g.linearIndex(within.lo[0], j, k);
      const std::uint8_t* first = std::find(row, row + nx, value);
      if (first == row + nx) continue;
      std::size_t last = nx - 1;
      while (row[last] != value) --last;
      t.lo[0] = std::min(t.lo[0], within.lo[0] + std::size_t(first - row));
      t.hi[0] = std::max(t.hi[0], within.lo[0] + last + 1);
      t.lo[1] = std::min(t.lo[1], j);
      t.hi[1] = std::max(t.hi[1], j + 1);
      t.lo[2] = std::min(t.lo[2], k);
      t.hi[2] = std::max(t.hi[2], k + 1);
    }
  return t.empty() ? IndexBox{} : t;
}

IndexBox padded(const IndexBox& box, const Dims3& pad, const Dims3& dims) {
  if (box.empty()) return box;
  IndexBox r;
  for (int a = 0; a < 3; ++a) {
    r.lo[a] = box.lo[a] - std::min(box.lo[a], pad[a]);
    r.hi[a] = std::min(dims[a], box.hi[a] + pad[a]);
  }
  return r;
}

}  // namespace hccws::core::detail
