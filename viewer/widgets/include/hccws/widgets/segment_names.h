#pragma once
// Segment names for display: the standard names (core::LabelTable::standard(), and the usual synonyms a model
// or a file brings) in the user's language; any other name as written. The files keep the names as written.
#include <QString>

#include <string>

namespace hccws::widgets {

QString segmentDisplayName(const std::string& name);

}  // namespace hccws::widgets
