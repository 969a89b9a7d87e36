#!/usr/bin/env bash
# Builds the web application (web/) into BUILD_DIR/web, which `hotline serve`
# serves beside the API. Installs the npm packages from the lock file first
# when they are missing or the lock changed. Usage: scripts/build-web.sh [BUILD_DIR]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
[[ $build == /* ]] || build=$PWD/$build

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "build-web: node and npm are needed (scripts/install-deps.sh installs them)" >&2
  exit 1
fi
cd "$root/web"
stamp=node_modules/.package-lock.json
if [[ ! -f $stamp || package-lock.json -nt $stamp ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
HOTLINE_WEB_OUT="$build/web" npx vite build --logLevel warn
echo "web application built into $build/web"
