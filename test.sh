#!/usr/bin/env bash
# Runs the whole Beach.Actors test suite, as CI does. Needs only the .NET SDK: SQLite ships inside its NuGet
# package. Whatever later suites need (PostgreSQL, Chromium) this script will install and start itself.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK is required (https://dot.net); 'dotnet' is not on PATH." >&2
  exit 2
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet build Beach.Actors.sln -c Release --nologo -v quiet -clp:ErrorsOnly
status=0
# One project at a time (-m:1 for test runs): the suites start servers and child processes, and this machine has 2 cores.
dotnet test Beach.Actors.sln -c Release --no-build --nologo -m:1 \
  --blame-hang-timeout 5m --logger "console;verbosity=minimal" 2>&1 | tee "$log" || status=$?

# One plain closing line over every test project.
awk '
  /(Passed|Failed)!/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  { f += $(i+1) }
      if ($i == "Passed:")  { p += $(i+1) }
      if ($i == "Skipped:") { s += $(i+1) }
    }
  }
  END { gsub(",", "", p); printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }
' "$log"
exit "$status"
