#!/usr/bin/env bash
# Installs Debian packages non-interactively, without recommends, with sudo when not root: the one apt step the
# install-*.sh scripts share. Usage: .ci/apt-install.sh PACKAGE...
set -euo pipefail

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  as_root=(sudo -n)
fi

export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends "$@"
