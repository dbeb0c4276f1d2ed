#!/usr/bin/env bash
# Runs every test. Installs what the tests need first (Azurite from npm into ./node_modules).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x node_modules/.bin/azurite ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
export APPLICATIONINSIGHTS_SDKSTATS_DISABLED=true
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
dotnet test QwenLogFunctions.sln "$@"
