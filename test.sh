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
# The end-to-end tests run the app under a real Azure Functions host: the one in ../shared/functions-host when it is
# there (copied to a writable temporary folder: the host writes into its own folder), unless QWENLOG_FUNCTIONS_HOST
# already names one. Without a host (and without Core Tools' func on PATH) those tests report themselves skipped.
if [ -z "${QWENLOG_FUNCTIONS_HOST:-}" ] && [ -f ../shared/functions-host/Microsoft.Azure.WebJobs.Script.WebHost.dll ]; then
  functions_host="$(mktemp -d)/functions-host"
  trap 'rm -rf "$(dirname "$functions_host")"' EXIT
  cp -r ../shared/functions-host "$functions_host"
  chmod -R u+w "$functions_host"
  mkdir -p "$functions_host/workers"
  export QWENLOG_FUNCTIONS_HOST="$functions_host"
fi
# Some machines set CONTAINER_NAME; the host would then act as if in Linux Consumption (10-minute timeout cap).
unset CONTAINER_NAME
dotnet test QwenLogFunctions.sln "$@"
# The CLI tests once more, on the binary 'dotnet publish' makes of qwenlog (native code where this machine allows it,
# see the CLI's csproj): what users publish and benchmark must run every command the tests drive, not only the JIT
# build 'dotnet run' starts.
published_cli="$(mktemp -d)"
if ! dotnet publish src/QwenLogFunctions.Cli -c Release -o "$published_cli" >"$published_cli.log" 2>&1; then
  # A machine whose C toolchain cannot link the native binary still gets the CLI tests, on the ReadyToRun build; the
  # failure is shown, not hidden (the analyzers of every build above already refuse code native code cannot run).
  tail -n 40 "$published_cli.log"
  echo "native publish failed (above); testing the ReadyToRun build instead" >&2
  dotnet publish src/QwenLogFunctions.Cli -c Release -p:QwenlogNative=false -o "$published_cli" >"$published_cli.log" 2>&1 \
    || { cat "$published_cli.log"; exit 1; }
fi
if [ -f "$published_cli/qwenlog.dll" ]; then echo "qwenlog published as ReadyToRun (JIT)"; else echo "qwenlog published as native code"; fi
QWENLOG_CLI="$published_cli/qwenlog" dotnet test tests/QwenLogFunctions.Cli.Tests "$@"
rm -rf "$published_cli" "$published_cli.log"
