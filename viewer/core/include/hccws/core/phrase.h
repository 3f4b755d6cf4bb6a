#pragma once
// A sentence the core writes for the user, kept as an English template with %1..%9 and its arguments, so that
// a user interface can translate the template and fill in the same arguments (Qt: QCoreApplication::translate
// with the context kPhraseContext, then QString::arg per argument), while the command line and files use the
// English text: render().
//
// Templates are marked with QT_TRANSLATE_NOOP(kPhraseContext, "...") where they are written, so lupdate finds
// them (translations/sources.sh lists the core files that write phrases); the core itself stays Qt-free:
// without Qt the macro is defined here as the text itself. A fragment without letters (" (", "; ") is a phrase
// too; translating it returns it unchanged.
#include <string>
#include <vector>

#ifndef QT_TRANSLATE_NOOP
#define QT_TRANSLATE_NOOP(context, text) text
#endif

namespace hccws::core {

inline constexpr const char* kPhraseContext = "hccws::core::Phrase";

struct Phrase {
  std::string text;               // English template with %1..%9
  std::vector<std::string> args;  // values put in as they are (numbers, DICOM text, file names)
};

// The template with its arguments in place (%1..%9; a "%" not followed by a used number stays).
std::string render(const Phrase& phrase);
std::string render(const std::vector<Phrase>& phrases);  // concatenated

}  // namespace hccws::core
