#!/usr/bin/env bash
# Runs every test. Installs what the tests need first: Azurite from npm into ./node_modules, Debian's chromium
# with CJK fonts for the HTML report's browser test (skip that test instead with QWENLOG_SKIP_BROWSER=1), and Debian's
# prometheus for the GET /api/metrics scrape test (skip it instead with QWENLOG_SKIP_PROMETHEUS=1).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x node_modules/.bin/azurite ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ "${QWENLOG_SKIP_BROWSER:-0}" != "1" ]; then
  ./.ci/install-chromium.sh >/dev/null
fi
if [ "${QWENLOG_SKIP_PROMETHEUS:-0}" != "1" ]; then
  ./.ci/install-prometheus.sh >/dev/null
fi
# Tests and local runs send nothing beyond loopback: no SDK statistics to the cloud metadata address, no CLI telemetry.
export APPLICATIONINSIGHTS_SDKSTATS_DISABLED=true
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
dotnet test QwenLogFunctions.sln "$@"
