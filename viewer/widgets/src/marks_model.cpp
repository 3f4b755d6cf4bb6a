#include <hccws/widgets/marks_model.h>

namespace hccws::widgets {

void MarksModel::setMarks(core::MeasurementMarks marks) {
  marks_ = std::move(marks);
  modified_ = false;
  Q_EMIT changed();
}

void MarksModel::addRuler(const core::RulerMark& r) {
  marks_.rulers.push_back(r);
  modified_ = true;
  Q_EMIT changed();
}

void MarksModel::addAngle(const core::AngleMark& a) {
  marks_.angles.push_back(a);
  modified_ = true;
  Q_EMIT changed();
}

void MarksModel::removeAt(int index) {
  const int nr = static_cast<int>(marks_.rulers.size());
  if (index < 0 || index >= count()) return;
  if (index < nr) marks_.rulers.erase(marks_.rulers.begin() + index);
  else marks_.angles.erase(marks_.angles.begin() + (index - nr));
  modified_ = true;
  Q_EMIT changed();
}

void MarksModel::clear() {
  if (marks_.empty()) return;
  marks_ = {};
  modified_ = true;
  Q_EMIT changed();
}

void MarksModel::setTool(MarkTool tool) {
  if (tool == tool_) return;
  tool_ = tool;
  Q_EMIT toolChanged(tool);
}

}  // namespace hccws::widgets
