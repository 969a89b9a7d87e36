#!/usr/bin/env bash
# Installs the Debian packages hotline needs to build, test and run, if any
# are missing. Idempotent: does nothing when everything is present.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ccache git
  librestinio-dev libasio-dev libhttp-parser-dev libfmt-dev libspdlog-dev
  nlohmann-json3-dev libtomlplusplus-dev libcli11-dev
  libsqlite3-dev sqlite3 libsodium-dev libcurl4-openssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev wrk curl
  libxlsxwriter-dev python3-openpyxl
  libfasttext-dev libicu-dev libzstd-dev
  chromium fonts-wqy-microhei
)
# The web application builds with Node.js and npm; a machine that has them
# (from any source) keeps its own, others get Debian's.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
