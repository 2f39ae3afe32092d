#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian machine that has the .NET SDK.
# Installs what the tests need, builds, runs every test project and ends with
# one line "N passed, N failed, N skipped" counted from the TRX results.
# Exits non-zero when a test fails, the run breaks, or no test ran.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests start as real servers. PostgreSQL: the test fixture runs its own
# initdb/pg_ctl from /usr/lib/postgresql/*/bin on a free port; the "main" cluster that Debian may
# create and start is never used. Redis: the fixture (Hub.Tests/Infrastructure/RedisServer.cs) runs
# /usr/bin/redis-server on a free loopback port in a temporary directory.
# Chromium: the widget's browser tests (Hub.Tests/Widget) drive /usr/bin/chromium through Playwright.
apt_packages=(postgresql redis-server chromium)
missing=()
for p in "${apt_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Hub.Server's build makes the widget (Hub.Widget) with Node.js 20+ and npm, and the JS client test
# (Hub.Tests/Node/NodeClientTests.cs) runs `node` on the official @microsoft/signalr client; say plainly
# what is missing.
bash .ci/check-node.sh
npm ci --no-audit --no-fund --prefix Hub.Tests/Node

results=TestResults
rm -rf "$results"
mkdir -p "$results"

# The widget's unit tests (Vitest), counted with the .NET tests below from their JUnit report.
npm ci --no-audit --no-fund --prefix Hub.Widget
vitest_status=0
(cd Hub.Widget && npx vitest run --reporter=default --reporter=junit --outputFile.junit="../$results/vitest.junit.xml") || vitest_status=$?

dotnet build KefuHub.sln -c Release

status=0
dotnet test KefuHub.sln -c Release --no-build \
  --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 10m || status=$?

passed=0 failed=0 skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + $(get error || echo 0) + $(get timeout || echo 0) + $(get aborted || echo 0)))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done

# Vitest's JUnit report: <testsuites tests=".." failures=".." errors=".." skipped="..">.
if [ -f "$results/vitest.junit.xml" ]; then
  suites=$(grep -o '<testsuites [^>]*>' "$results/vitest.junit.xml" | head -n 1)
  attr() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$suites"; }
  v_tests=$(attr tests); v_fail=$(attr failures); v_err=$(attr errors); v_skip=$(attr skipped)
  failed=$((failed + ${v_fail:-0} + ${v_err:-0}))
  skipped=$((skipped + ${v_skip:-0}))
  passed=$((passed + ${v_tests:-0} - ${v_fail:-0} - ${v_err:-0} - ${v_skip:-0}))
elif [ "$vitest_status" -eq 0 ]; then
  vitest_status=1
fi
if [ "$vitest_status" -ne 0 ]; then
  status=$vitest_status
fi

echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
