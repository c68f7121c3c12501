#!/usr/bin/env bash
# bench/compare.sh: measure two revisions back to back, in one run, and print their ratios.
#
# Usage: bench/compare.sh [--db sqlite|postgres] BASE_REV [NEW_REV] [-- run.sh options]
#
#   BASE_REV, NEW_REV  any git revisions (NEW_REV defaults to HEAD). Each is checked out into a
#                      temporary worktree that gets *this* bench/ folder, so both are measured by
#                      the same scripts with the same data set and settings.
#
# Absolute figures on a shared 2-core machine move from run to run; the ratio of two revisions
# measured minutes apart is the figure worth quoting. Writes bench/results/compare-latest.md.
set -euo pipefail

DB=sqlite
if [ "${1:-}" = "--db" ]; then DB="${2:?--db needs a value}"; shift 2; fi
BASE="${1:?usage: bench/compare.sh [--db sqlite|postgres] BASE_REV [NEW_REV] [-- run.sh options]}"; shift
NEW=HEAD
if [ $# -gt 0 ] && [ "$1" != "--" ]; then NEW="$1"; shift; fi
[ "${1:-}" != "--" ] || shift
RUN_ARGS=("$@")

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH_DIR")"
RESULTS="$BENCH_DIR/results"
mkdir -p "$RESULTS"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/atrium-compare.XXXXXX")"

cleanup() {
    for tree in "$WORK"/tree-*; do
        [ -d "$tree" ] && git -C "$REPO" worktree remove --force "$tree" >/dev/null 2>&1 || true
    done
    git -C "$REPO" worktree prune >/dev/null 2>&1 || true
    rm -rf -- "$WORK"
}
trap cleanup EXIT

measure() {
    local label="$1" rev="$2" tree="$WORK/tree-$1"
    git -C "$REPO" worktree add --detach "$tree" "$rev" >/dev/null 2>&1
    # The revision's code, today's benchmark.
    rm -rf "$tree/bench"
    mkdir -p "$tree/bench"
    cp -r "$BENCH_DIR/run.sh" "$BENCH_DIR/seed.py" "$BENCH_DIR/report.py" "$BENCH_DIR/lua" "$tree/bench/"
    echo "compare: measuring $label ($(git -C "$REPO" rev-parse --short "$rev")) on $DB ..." >&2
    "$tree/bench/run.sh" --db "$DB" "${RUN_ARGS[@]}" >&2
    cp "$tree/bench/results/latest.md" "$WORK/$label.md"
}

measure base "$BASE"
measure new "$NEW"

python3 - "$WORK/base.md" "$WORK/new.md" "$(git -C "$REPO" rev-parse --short "$BASE")" "$(git -C "$REPO" rev-parse --short "$NEW")" "$DB" \
    > "$RESULTS/compare-latest.md" <<'PY'
import re, sys
def rows(path):
    out = {}
    for line in open(path):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and cells[0].startswith("`"):
            out[cells[0]] = (float(cells[1]), cells[3])
    return out
base, new = rows(sys.argv[1]), rows(sys.argv[2])
print(f"# {sys.argv[5]}: {sys.argv[3]} (base) vs {sys.argv[4]} (new), measured back to back\n")
print("| Endpoint | base req/s | new req/s | new/base | base p99 | new p99 |")
print("|---|---:|---:|---:|---:|---:|")
for endpoint, (rps, p99) in base.items():
    if endpoint in new:
        nrps, np99 = new[endpoint]
        print(f"| {endpoint} | {rps:.0f} | {nrps:.0f} | {nrps / rps:.2f}x | {p99} | {np99} |")
PY
cat "$RESULTS/compare-latest.md"
