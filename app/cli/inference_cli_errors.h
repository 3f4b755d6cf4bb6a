#pragma once
// Failures of `hccws segment` and `hccws train segmentation` as messages that name the file and the problem
// (issue 13): never a LibTorch backtrace, nlohmann-json's exception text or a bare "std::bad_alloc".
// Shared by commands_segment.cpp and commands_train.cpp (header-only).
#include <hccws/core/errors.h>
#include <hccws/core/progress.h>
#include <hccws/inference/types.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <new>
#include <stdexcept>
#include <string>

namespace hccws::cli::inference_errors {

// The first line of a message, at most 300 characters (a c10::Error's what() continues with a backtrace).
inline std::string firstLine(const std::string& message) {
  std::string s = message.substr(0, message.find('\n'));
  if (s.size() > 300) s = s.substr(0, 297) + "...";
  return s;
}

// `text` with every byte that is not valid UTF-8 replaced by U+FFFD, so that it can go into a JSON file
// (nlohmann's dump() throws type_error 316 on invalid UTF-8; a Linux file name may be any bytes).
inline std::string validUtf8(const std::string& text) {
  return nlohmann::json::parse(nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
      .get<std::string>();
}

// The exact command a subcommand was run with ("hccws train pmn --epochs 2 ..."), from its parsed options
// (recorded in a trained bundle's manifest); bytes that are not UTF-8 are replaced.
inline std::string commandLineOf(const CLI::App& cmd, const std::string& prefix) {
  std::string line = prefix;
  for (const auto* o : cmd.get_options()) {
    if (o->count() == 0 || o->get_name() == "--help") continue;
    line += " " + o->get_name();
    for (const auto& v : o->results()) line += " " + v;
  }
  return validUtf8(line);
}

// Runs body(); failures come out as core::ImagingError (exit 2, naming the file), core::Cancelled (exit 3),
// CLI11's usage errors (exit 64) or, for what nobody expected, a one-line std::runtime_error naming `subject`.
// `subject` is the file or folder the command works on (the model, the output folder); `doing` says what
// (e.g. "segmenting").
template <typename Body>
void reportFailures(const std::string& subject, const std::string& doing, Body&& body) {
  try {
    body();
  } catch (const CLI::Error&) {
    throw;
  } catch (const core::ImagingError&) {
    throw;
  } catch (const core::Cancelled&) {
    throw;
  } catch (const infer::Cancelled&) {
    throw core::Cancelled();
  } catch (const infer::InferenceError& e) {
    throw core::ImagingError(e.file(), e.problem(), e.detail());
  } catch (const std::bad_alloc&) {
    throw core::ImagingError(subject, "out of memory while " + doing);
  } catch (const nlohmann::json::exception&) {
    throw std::runtime_error(subject + ": " + doing + " failed on a JSON value that cannot be written");
  } catch (const std::exception& e) {
    throw std::runtime_error(subject + ": " + doing + " failed: " + firstLine(e.what()));
  }
}

}  // namespace hccws::cli::inference_errors
