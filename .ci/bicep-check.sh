#!/usr/bin/env bash
# Compiles and lints every Bicep file under infra/ with the Bicep CLI from NuGet and fails on any diagnostic.
# The CLI exits 0 on warnings, and compiler (BCP) warnings cannot be raised to errors in bicepconfig.json, so
# any output on stderr counts as a failure too. Linter rules are errors through infra/bicepconfig.json.
set -euo pipefail
cd "$(dirname "$0")/.."

BICEP_VERSION=0.49.2
BICEP=".tools/azure.bicep.commandline.linux-x64/${BICEP_VERSION}/tools/bicep"

if [ ! -x "$BICEP" ]; then
  dotnet package download "Azure.Bicep.CommandLine.linux-x64@${BICEP_VERSION}" -o .tools >/dev/null
  # NuGet extraction does not keep the execute bit for everyone.
  chmod u+x "$BICEP"
fi

# The CLI writes a cache and settings under HOME.
if [ -z "${HOME:-}" ] || [ ! -w "${HOME}" ]; then
  HOME="$(mktemp -d)"
  export HOME
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

failed=0
count=0
while IFS= read -r -d '' file; do
  count=$((count + 1))
  for command in build lint; do
    out="$work/out" err="$work/err"
    if [ "$command" = build ]; then
      set +e; "$BICEP" build "$file" --outdir "$work/json" >"$out" 2>"$err"; rc=$?; set -e
    else
      set +e; "$BICEP" lint "$file" >"$out" 2>"$err"; rc=$?; set -e
    fi
    if [ "$rc" -ne 0 ] || [ -s "$err" ] || [ -s "$out" ]; then
      echo "bicep $command $file: exit $rc" >&2
      cat "$out" "$err" >&2
      failed=1
    fi
  done
done < <(find infra -name '*.bicep' -print0 | sort -z)

if [ "$count" -eq 0 ]; then
  echo "bicep-check: no .bicep files under infra/" >&2
  exit 1
fi
if [ "$failed" -ne 0 ]; then
  echo "bicep-check: FAILED" >&2
  exit 1
fi
echo "bicep-check: ${count} files compiled and linted without diagnostics (Bicep ${BICEP_VERSION})"
