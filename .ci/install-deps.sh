#!/usr/bin/env bash
# Installs the Debian 12 packages the workstation needs to build, run and test. Idempotent: does nothing
# when every package is already present. Needs root (or sudo).
set -euo pipefail
PKGS=(
  build-essential cmake ninja-build ccache pkg-config git
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-charts-dev qt6-svg-dev libqt6opengl6-dev
  libqt6svg6 qt6-qpa-plugins libgl1-mesa-dri libglx-mesa0 libegl-mesa0
  libvtk9-dev libinsighttoolkit5-dev libgdcm-tools libtorch-dev libeigen3-dev catch2
  nlohmann-json3-dev libcli11-dev libdcmtk-dev
  fonts-wqy-microhei
  xvfb xauth
  python3 python3-torch python3-numpy python3-scipy python3-skimage
  r-base-core r-cran-survival
  poppler-utils
  slurm-wlm munge orthanc orthanc-dicomweb openssl
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${#missing[@]} package(s): ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all ${#PKGS[@]} packages present"
fi
