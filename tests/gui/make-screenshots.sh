#!/bin/sh
# Saves the README screenshots of the main window under Xvfb (software GL):
#   docs/screenshot-hcc048.png   the real HCC series (../shared/data/hcc048_pv), liver window, bone VR
#   docs/screenshot-phantom.png  the synthetic phantom demo with its ground-truth segmentation
#   docs/screenshot-compare.png  arterial | portal venous of a phantom after Study > Register phases
#   docs/nomogram-screenshot.png the nomogram dock: lesion number, diameter and PVTT measured on a synthetic
#                                phantom's segmentation; HBV, DL score, proliferative class, sex assumed
#                                (Fill missing with cohort medians); AST typed (40 U/L)
#   docs/nomogram-screenshot-zh_CN.png  the nomogram dock in Simplified Chinese: diameter 6 cm and lesion number
#                                2 typed, the other inputs assumed (Fill missing with cohort medians); no image
#   docs/screenshot-pmn.png      Analyse > Run PMN: the shipped demo PMN (synthetic) on a synthetic phantom
#                                (seed 30001, proliferative features) with its true segmentation; the PMN dock,
#                                the p(proliferative) heatmap in 2D and its iso-surface in 3D; nothing typed
#   docs/screenshot-hcc048-grow.png  the real HCC series after Segment > Grow from seeds: the 20 recorded strokes
#                                of tests/viewer/data/grow_strokes_hcc048.json painted with the mouse (liver,
#                                background, and the hypodense right-lobe dome region as tumour, a candidate not
#                                confirmed by a radiologist), applied; measurements of that segmentation; nothing typed
#   docs/report-hcc048-page1.png  page 1 of `hccws report` on a case of the real HCC series segmented from the
#                                recorded strokes (as above); typed for the figure (not the patient's values): HBV 0,
#                                sex 0, AST 52 U/L, DL risk scores 0.5 (TACE) and 0.45 (HAIC), non-proliferative, arm
#                                TACE and the note
#   docs/cohort-hcc_tace_seg.png  View > Cohort: the reconstructed TACE nomogram validated on the real HCC-TACE-Seg
#                                table, HCC_048 filled from its own row (lesion number, HBV, diameter); typed for
#                                the figure: DL risk score 0.5 and non-proliferative (the table has neither)
# Usage: tests/gui/make-screenshots.sh [build folder, default build-gui]
#   (build test_gui_main_window, test_gui_registered_compare, test_gui_nomogram_dock, test_gui_pmn_action,
#   test_gui_translations, test_gui_semi_automatic and
#   test_gui_case_report, test_gui_cohort first)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-gui}
HCCWS_SHARED_DATA="$root/../shared/data" HCCWS_TEST_TMP="$build/test-tmp" QT_QPA_PLATFORM=xcb \
HCCWS_SCREENSHOT="$root/docs/screenshot-hcc048.png" HCCWS_SCREENSHOT_PHANTOM="$root/docs/screenshot-phantom.png" \
  xvfb-run -a -s "-screen 0 1920x1080x24" "$build/tests/gui/test_gui_main_window" \
  "*real HCC series*,*phantom demo*"
HCCWS_TEST_TMP="$build/test-tmp" QT_QPA_PLATFORM=xcb HCCWS_SCREENSHOT_COMPARE="$root/docs/screenshot-compare.png" \
  xvfb-run -a -s "-screen 0 1920x1080x24" "$build/tests/gui/test_gui_registered_compare" "*one anatomical point*"
HCCWS_TEST_TMP="$build/test-tmp" QT_QPA_PLATFORM=xcb HCCWS_SCREENSHOT_NOMOGRAM="$root/docs/nomogram-screenshot.png" \
  xvfb-run -a -s "-screen 0 1920x1080x24" "$build/tests/gui/test_gui_nomogram_dock" "*measured segmentation*"
HCCWS_TEST_TMP="$build/test-tmp" QT_QPA_PLATFORM=xcb HCCWS_SCREENSHOT_PMN="$root/docs/screenshot-pmn.png" \
  xvfb-run -a -s "-screen 0 1920x1080x24" "$build/tests/gui/test_gui_pmn_action" "*Run PMN fills*"
HCCWS_TEST_TMP="$build/test-tmp" QT_QPA_PLATFORM=xcb HCCWS_SCREENSHOT_NOMOGRAM_ZH="$root/docs/nomogram-screenshot-zh_CN.png" \
  xvfb-run -a -s "-screen 0 1920x1080x24" "$build/tests/gui/test_gui_translations" "*nomogram's titles*"
HCCWS_SHARED_DATA="$root/../shared/data" HCCWS_TEST_TMP="$build/test-tmp" QT_QPA_PLATFORM=xcb \
HCCWS_SOURCE_DIR="$root" HCCWS_SCREENSHOT_GROW="$root/docs/screenshot-hcc048-grow.png" \
  xvfb-run -a -s "-screen 0 1920x1080x24" "$build/tests/gui/test_gui_semi_automatic" "*real HCC patient*"
HCCWS_SHARED_DATA="$root/../shared/data" HCCWS_TEST_TMP="$build/test-tmp" HCCWS_SOURCE_DIR="$root" \
HCCWS_REPORT_FIGURE="$root/docs/report-hcc048-page1.png" "$build/tests/gui/test_gui_case_report" "*HCC_048*"
HCCWS_SHARED_DATA="$root/../shared/data" HCCWS_TEST_TMP="$build/test-tmp" HCCWS_SOURCE_DIR="$root" QT_QPA_PLATFORM=xcb \
HCCWS_COHORT_FIGURE="$root/docs/cohort-hcc_tace_seg.png" \
  xvfb-run -a -s "-screen 0 1920x1080x24" "$build/tests/gui/test_gui_cohort"
ls -l "$root/docs/cohort-hcc_tace_seg.png" "$root/docs/report-hcc048-page1.png" "$root/docs/screenshot-hcc048-grow.png" "$root/docs/nomogram-screenshot-zh_CN.png" "$root/docs/screenshot-pmn.png" "$root/docs/nomogram-screenshot.png" "$root/docs/screenshot-hcc048.png" "$root/docs/screenshot-phantom.png" "$root/docs/screenshot-compare.png"
