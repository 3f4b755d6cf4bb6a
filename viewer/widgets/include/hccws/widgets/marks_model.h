#pragma once
// MarksModel: the measurement marks (rulers and angles, core/marks.h) the slice views draw and the user
// places with the Ruler and Angle tools, shared by every view; the window saves them beside the segmentation.
// Threading: GUI thread only.
#include <hccws/core/marks.h>

#include <QObject>

namespace hccws::widgets {

enum class MarkTool { None, Ruler, Angle };

class MarksModel : public QObject {
  Q_OBJECT

 public:
  explicit MarksModel(QObject* parent = nullptr) : QObject(parent) {}

  const core::MeasurementMarks& marks() const { return marks_; }
  void setMarks(core::MeasurementMarks marks);  // a loaded file: unmodified
  void addRuler(const core::RulerMark& r);
  void addAngle(const core::AngleMark& a);
  // Rulers first, then angles (the order of the list the window shows).
  void removeAt(int index);
  void clear();
  int count() const { return static_cast<int>(marks_.rulers.size() + marks_.angles.size()); }
  bool modified() const { return modified_; }
  void markSaved() { modified_ = false; }

  MarkTool tool() const { return tool_; }
  void setTool(MarkTool tool);

 Q_SIGNALS:
  void changed();
  void toolChanged(hccws::widgets::MarkTool tool);

 private:
  core::MeasurementMarks marks_;
  bool modified_ = false;
  MarkTool tool_ = MarkTool::None;
};

}  // namespace hccws::widgets
