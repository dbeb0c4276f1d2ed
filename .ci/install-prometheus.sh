#!/usr/bin/env bash
# Installs Debian's prometheus (the server the GET /api/metrics test scrapes with). Idempotent: does nothing when the
# binary is present. Only the binary is used: the test starts it itself on 127.0.0.1 with a temporary config and data
# folder, never the packaged service. Non-interactive; uses sudo when not root.
set -euo pipefail

if command -v prometheus >/dev/null 2>&1; then
  echo "prometheus already installed: $(prometheus --version 2>&1 | head -n 1)"
  exit 0
fi

"$(dirname "$0")/apt-install.sh" prometheus
# The package starts its service where systemd runs; the test needs only the binary, so stop it if it is running.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then sudo -n systemctl stop prometheus || true; else systemctl stop prometheus || true; fi
fi
prometheus --version 2>&1 | head -n 1
