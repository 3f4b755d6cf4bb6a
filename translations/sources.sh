# The folders whose tr() strings the translations cover; sourced by update.sh and check-complete.sh.
# The core files listed write phrases (viewer/core/include/hccws/core/phrase.h) marked with QT_TRANSLATE_NOOP.
# shellcheck shell=bash
lupdate=${LUPDATE:-/usr/lib/qt6/bin/lupdate}
sources=("$root/app/gui" "$root/viewer/widgets" "$root/nomogram/widgets"
         "$root/viewer/core/src/phase_detection.cpp" "$root/viewer/core/src/phase_content.cpp")
