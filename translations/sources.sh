# The folders whose tr() strings the translations cover; sourced by update.sh and check-complete.sh.
# shellcheck shell=bash
lupdate=${LUPDATE:-/usr/lib/qt6/bin/lupdate}
sources=("$root/app/gui" "$root/viewer/widgets" "$root/nomogram/widgets")
