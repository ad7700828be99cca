#!/usr/bin/env bash
# make bench-suite: the suite-time target of issue 9, measured in one run on one machine.
#
# 1. Checks out the baseline commit (BASE, default b451f71: 704 tests) into a temporary git worktree
#    and runs its pytest exactly as its `make test` did (`pytest`, serial, no coverage).
# 2. Then runs this tree's `make test` pytest line (read from the Makefile: xdist and coverage).
# One after the other, never at once. Prints wall and CPU time of each (CPU counts the xdist workers
# and browsers, as the children they are) and the ratios. The target: this tree at most 40% of
# the baseline's wall time. Run it on a quiet machine; anything else running skews wall time.
#
# VENV (default ./.venv) is used for both: the baseline needs nothing it does not have.
# BASE_ONLY=1 or HEAD_ONLY=1 runs one side; BASE_ARGS / HEAD_ARGS add pytest arguments (a test
# file, for a quick rehearsal of the script; the ratio means something only for the whole suites).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
BASE="${BASE:-b451f71}"
cd "$ROOT"

if [ ! -x "$VENV/bin/pytest" ]; then
    echo "bench-suite: no pytest in $VENV (run make test once, or set VENV)" >&2
    exit 1
fi

# This tree's pytest line, as `make test` runs it, with the Makefile's $(BIN) spelled out.
HEAD_LINE="$(sed -n '/^test:/,/^$/p' Makefile | grep -m1 'pytest' | sed -e 's/^[[:space:]]*//' -e "s#\$(BIN)#$VENV/bin#")"
if [ -z "$HEAD_LINE" ]; then
    echo "bench-suite: no pytest line under 'test:' in the Makefile" >&2
    exit 1
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bench-suite.XXXXXX")"
cleanup() {
    git -C "$ROOT" worktree remove --force "$WORK/base" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# Both runs see the same environment: SQLite, a per-process cache, as a plain `make test`.
unset DATABASE_URL REDIS_URL DJANGO_CACHE_URL
export PYTHONDONTWRITEBYTECODE=1

calc() { awk "BEGIN { printf \"%.1f\", $1 }"; }

# run NAME DIR COMMAND...: runs COMMAND in DIR; records wall, user and system seconds in $WORK/NAME.time.
run() {
    local name="$1" dir="$2"
    shift 2
    echo "== $name: $* (in $dir)"
    local rc=0 TIMEFORMAT="%R %U %S"  # bash's own `time`: real, then user and system of all children
    { time (cd "$dir" && "$@" > "$WORK/$name.log" 2>&1); } 2> "$WORK/$name.time" || rc=$?
    if [ "$rc" != 0 ]; then
        echo "   FAILED (rc $rc); the last lines of its output:"
        tail -n 30 "$WORK/$name.log"
    else
        tail -n 3 "$WORK/$name.log" | sed 's/^/   /'
    fi
    read -r wall user sys < "$WORK/$name.time"
    echo "   wall ${wall}s, CPU $(calc "$user + $sys")s (user ${user}s, system ${sys}s)"
    return "$rc"
}

status=0
if [ -z "${HEAD_ONLY:-}" ]; then
    git -C "$ROOT" worktree add --detach --quiet "$WORK/base" "$BASE"
    ln -s "$VENV" "$WORK/base/.venv"
    # shellcheck disable=SC2086
    run base "$WORK/base" "$VENV/bin/pytest" -p no:cacheprovider ${BASE_ARGS:-} || status=1
fi
if [ -z "${BASE_ONLY:-}" ]; then
    # shellcheck disable=SC2086 # the Makefile's line is split into words as make would
    run head "$ROOT" $HEAD_LINE -p no:cacheprovider ${HEAD_ARGS:-} || status=1
    grep -E '^TOTAL' "$WORK/head.log" | sed 's/^/   coverage: /' || true
fi

if [ -f "$WORK/base.time" ] && [ -f "$WORK/head.time" ]; then
    read -r bwall buser bsys < "$WORK/base.time"
    read -r hwall huser hsys < "$WORK/head.time"
    echo "== ratio (this tree / $BASE)"
    echo "   wall: $(calc "100 * $hwall / $bwall")% (target: at most 40%)"
    echo "   CPU:  $(calc "100 * ($huser + $hsys) / ($buser + $bsys)")%"
fi
echo "== load average now: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
exit $status
