#!/usr/bin/env bash
# Installs Debian's chromium (headless browser for the HTML report test) and CJK fonts so Chinese chart titles render.
# Idempotent: does nothing when both are present. Non-interactive; uses sudo when not root.
set -euo pipefail

packages=()
if ! command -v chromium >/dev/null 2>&1; then
  packages+=(chromium)
fi
# fc-list ships with fontconfig, which chromium pulls in; without it, assume the fonts are missing too.
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
  packages+=(fonts-noto-cjk)
fi

if [ "${#packages[@]}" -eq 0 ]; then
  echo "chromium and CJK fonts already installed: $(chromium --version 2>/dev/null || echo chromium)"
  exit 0
fi

"$(dirname "$0")/apt-install.sh" "${packages[@]}"
chromium --version
