#!/usr/bin/env bash
# Runs the whole Beach.Actors test suite, as CI does. Needs the .NET SDK; SQLite ships inside its NuGet package, and
# PostgreSQL is installed (apt-get, as root) when missing and started as a throwaway server for the run.
# Whatever later suites need (Chromium) this script will install and start itself.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK is required (https://dot.net); 'dotnet' is not on PATH." >&2
  exit 2
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log=$(mktemp)
postgres_dir=$(mktemp -d)
cleanup() {
  scripts/postgres-test-server.sh stop "$postgres_dir" || true
  rm -f "$log"
}
trap cleanup EXIT

dotnet build Beach.Actors.sln -c Release --nologo -v quiet -clp:ErrorsOnly

# One server for the whole run; each test fixture creates (and drops) a database of its own on it.
if ! postgres_env=$(scripts/postgres-test-server.sh start "$postgres_dir"); then
  echo "test.sh: could not start the PostgreSQL test server; its log:" >&2
  cat "$postgres_dir"/log/postgres.log "$postgres_dir"/pg_ctl.log >&2 2>/dev/null || true
  exit 1
fi
export BEACH_TEST_POSTGRES="${postgres_env#BEACH_TEST_POSTGRES=}"

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
