#!/usr/bin/env bash
# Refreshes the Qt Linguist sources from the code (run after changing user-visible strings), keeping the
# translations already made. English is the source language (hccws_en.ts holds plural forms only);
# hccws_zh_CN.ts is Simplified Chinese. Edit the .ts files with Qt Linguist (/usr/lib/qt6/bin/linguist).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/translations/sources.sh"
"$lupdate" -no-obsolete -locations relative "${sources[@]}" -ts "$root/translations/hccws_zh_CN.ts"
"$lupdate" -no-obsolete -locations relative -pluralonly "${sources[@]}" -ts "$root/translations/hccws_en.ts"
