// Force-included (-include) into every C++ file of the clang builds set up by HccwsSanitize.cmake.
// Debian 12's ITK 5.2 was configured with gcc: its generated itk_compiler_detection.h only knows GCC and
// stops clang with "#error Unsupported compiler". Here that header is read once while clang presents itself
// as GCC 12 (clang implements every C++ feature the header tests), and clang's own macros are put back
// right after, so the rest of the translation unit sees clang as it is. Files without ITK on their include
// path are not affected.
#if defined(__clang__) && defined(__cplusplus) && !defined(ITK_COMPILER_DETECTION_H)
#if __has_include(<itk_compiler_detection.h>)
#pragma push_macro("__clang__")
#pragma push_macro("__GNUC__")
#pragma push_macro("__GNUC_MINOR__")
#pragma push_macro("__GNUC_PATCHLEVEL__")
#undef __clang__
#undef __GNUC__
#undef __GNUC_MINOR__
#undef __GNUC_PATCHLEVEL__
#define __GNUC__ 12
#define __GNUC_MINOR__ 2
#define __GNUC_PATCHLEVEL__ 0
#include <itk_compiler_detection.h>
#pragma pop_macro("__GNUC_PATCHLEVEL__")
#pragma pop_macro("__GNUC_MINOR__")
#pragma pop_macro("__GNUC__")
#pragma pop_macro("__clang__")
#endif
#endif
