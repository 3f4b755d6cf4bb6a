#pragma once
// What StudyLoader and SegmentController share to run core work on a worker thread (QtConcurrent):
// - queuedProgressSink: a core::ProgressSink for the worker that posts (fraction, stage) to the receiver's
//   progress(double, QString) signal on the GUI thread and asks the work to stop when the flag is set;
// - runCatching: runs the work and turns Cancelled / ImagingError / other exceptions into the result's
//   `cancelled`, `error` and `detail` fields (Result needs those three members).
#include <hccws/core/errors.h>
#include <hccws/core/progress.h>

#include <QMetaObject>
#include <QPointer>
#include <QString>

#include <atomic>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

namespace hccws::gui {

template <typename Receiver>
core::ProgressSink queuedProgressSink(Receiver* receiver, std::shared_ptr<std::atomic<bool>> cancelFlag) {
  QPointer<Receiver> self(receiver);
  return [self, cancelFlag](double fraction, std::string_view stage) {
    const QString s = QString::fromUtf8(stage.data(), static_cast<qsizetype>(stage.size()));
    QMetaObject::invokeMethod(
        self.data(), [self, fraction, s] { if (self) Q_EMIT self->progress(fraction, s); }, Qt::QueuedConnection);
    return !cancelFlag->load();
  };
}

// `context` prefixes the message of unexpected exceptions (ImagingError messages already name their file).
template <typename Result, typename Work>
Result runCatching(Work&& work, const std::string& context = {}) {
  Result r;
  try {
    return work();
  } catch (const core::Cancelled&) {
    r.cancelled = true;
  } catch (const core::ImagingError& e) {
    r.error = QString::fromStdString(e.what());
    r.detail = QString::fromStdString(e.detail());
  } catch (const std::exception& e) {
    r.error = QString::fromStdString(context.empty() ? std::string(e.what()) : context + ": " + e.what());
  }
  return r;
}

}  // namespace hccws::gui
