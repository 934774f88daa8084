#!/usr/bin/env bash
# The browser tests drive Debian's Chromium. Install it when it is missing (as root, or through sudo).
set -euo pipefail
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium_path" ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "Chromium is not installed at $chromium_path and this user cannot install it." >&2
  echo "Install Debian's chromium package (apt-get install chromium), or set CHROMIUM_PATH." >&2
  exit 1
fi
echo "Installing Chromium from Debian's packages for the browser tests…"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
"$chromium_path" --version
