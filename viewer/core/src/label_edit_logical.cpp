// Logical operations of one label with a binary operand on the same grid.
#include <hccws/core/label_edit.h>

#include "label_edit_rules.h"

#include <stdexcept>
#include <string>

namespace hccws::core {

EditResult logical(LabelMap& labels, LogicalOp op, const Volume<std::uint8_t>& operand, const EditRules& rules,
                   ChangeRecorder* recorder) {
  detail::validateRules(labels, rules, "logical operation");
  const Geometry& g = labels.labels.geometry();
  const bool needsOperand = op == LogicalOp::Union || op == LogicalOp::Intersect || op == LogicalOp::Subtract;
  if (needsOperand && !operand.geometry().sameGrid(g))
    throw std::invalid_argument("logical operation: the operand's grid " + operand.geometry().describe() +
                                " differs from the label grid " + g.describe());
  const detail::WriteFilter paint = detail::paintFilter(labels, rules);
  const detail::WriteFilter erase = detail::eraseFilter(labels, rules);
  const std::uint8_t* o = needsOperand ? operand.data() : nullptr;
  const std::uint8_t label = rules.label, other = rules.eraseTo;
  auto decide = [&](std::size_t idx, std::size_t, std::size_t, std::size_t, std::uint8_t cur) -> std::uint8_t {
    switch (op) {
      case LogicalOp::Union:
        return o[idx] && paint.allows(idx, cur) ? label : cur;
      case LogicalOp::Intersect:
        return !o[idx] && erase.allows(idx, cur) ? other : cur;
      case LogicalOp::Subtract:
        return o[idx] && erase.allows(idx, cur) ? other : cur;
      case LogicalOp::Invert:
        if (erase.allows(idx, cur)) return other;
        return cur == other && paint.allows(idx, cur) ? label : cur;
      case LogicalOp::Clear:
        return erase.allows(idx, cur) ? other : cur;
    }
    return cur;
  };
  return detail::applyInBox(labels, IndexBox::whole(g.dims), recorder, decide);
}

}  // namespace hccws::core
