#!/usr/bin/env bash
# Fails when a user-visible string of the code has no Simplified Chinese translation: runs lupdate (as
# update.sh does) on a temporary copy of hccws_zh_CN.ts and lists every message left unfinished there.
# The repository's .ts files are not touched. Fix: translations/update.sh, then translate the new entries.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/translations/sources.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$root/translations/hccws_zh_CN.ts" "$tmp/check.ts"
"$lupdate" -silent -no-obsolete -locations none "${sources[@]}" -ts "$tmp/check.ts"
# A message's <source> precedes its <translation type="unfinished">; print the sources of those.
missing=$(awk '/<source>/{src=$0} /type="unfinished"/{gsub(/^ *<source>|<\/source>$/, "", src); print "  " src}' "$tmp/check.ts")
if [[ -n $missing ]]; then
  echo "translations/hccws_zh_CN.ts lacks $(printf '%s\n' "$missing" | wc -l) translation(s):"
  printf '%s\n' "$missing"
  exit 1
fi
echo "translations/hccws_zh_CN.ts: every user-visible string is translated"
