#!/usr/bin/env bash
# test.sh: build and run every test project of Atrium.slnx (Release), then summarise.
#
# Usage: scripts/test.sh [dotnet test options...]      e.g. scripts/test.sh --filter "FullyQualifiedName~Blog"
#
# dotnet test's own output is shown as it runs (failures with their messages). The results are
# also written as TRX files to $ATRIUM_TEST_RESULTS (default: TestResults/ at the repo root,
# emptied first), and the last line printed is the total over all test projects:
#   N passed, M failed
# Exit status: 0 only when dotnet test succeeded and no test failed. A build error (no test ran)
# counts as `0 passed, 1 failed`.
#
# No PostgreSQL is started here: tests that need one start their own throwaway server
# (tests/Atrium.Testing/PostgresServer.cs); this script only makes sure the packages exist.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="${ATRIUM_TEST_RESULTS:-$REPO/TestResults}"

# Even a setup failure ends with the summary line, so CI never reads a run as silent.
"$REPO/scripts/ensure-deps.sh" || { echo "test.sh: scripts/ensure-deps.sh failed" >&2; echo "0 passed, 1 failed"; exit 1; }

# Stale TRX files from an earlier run would be counted again.
rm -rf -- "$RESULTS"
mkdir -p -- "$RESULTS"

# A test that hangs is killed after 10 minutes and reported, rather than eating CI's whole budget.
set +e
dotnet test "$REPO/Atrium.slnx" -c Release \
    --logger trx --results-directory "$RESULTS" \
    --blame-hang-timeout 10m --blame-hang-dump-type none \
    "$@"
status=$?
set -e

# Sum the <Counters> of every TRX file. Errors, timeouts and aborts count as failures.
if ! read -r passed failed < <(python3 - "$RESULTS" <<'EOF'
import pathlib, sys
import xml.etree.ElementTree as ET

passed = failed = 0
for trx in sorted(pathlib.Path(sys.argv[1]).rglob("*.trx")):
    try:
        root = ET.parse(trx).getroot()
    except ET.ParseError as e:
        print(f"test.sh: unreadable TRX {trx}: {e}", file=sys.stderr)
        failed += 1
        continue
    for counters in root.iter():
        if counters.tag.rsplit("}", 1)[-1] != "Counters":
            continue
        n = lambda k: int(counters.get(k, "0") or 0)
        passed += n("passed")
        failed += n("failed") + n("error") + n("timeout") + n("aborted")
print(passed, failed)
EOF
); then
    echo "test.sh: could not read the TRX results" >&2
    passed=0 failed=1
fi

# dotnet test failed without a failed test to show for it (build error, crashed test host):
# make sure the summary does not read as green.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
    echo "test.sh: warning: no test ran" >&2
fi

echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
