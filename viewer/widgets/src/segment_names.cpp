#include <hccws/widgets/segment_names.h>

#include <QCoreApplication>

namespace hccws::widgets {

QString segmentDisplayName(const std::string& name) {
  if (name == "liver" || name == "Liver") return QCoreApplication::translate("hccws::widgets::SegmentNames", "liver");
  if (name == "tumour" || name == "tumor" || name == "Tumour" || name == "Tumor")
    return QCoreApplication::translate("hccws::widgets::SegmentNames", "tumour");
  if (name == "portal vein tumour thrombus" || name == "portal vein tumor thrombus" || name == "PVTT")
    return QCoreApplication::translate("hccws::widgets::SegmentNames", "portal vein tumour thrombus");
  if (name == "background") return QCoreApplication::translate("hccws::widgets::SegmentNames", "background");
  return QString::fromStdString(name);
}

}  // namespace hccws::widgets
