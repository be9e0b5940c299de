#!/bin/sh
# bench/registry.sh - how fast the population registry is made and loaded.
#
#   bench/registry.sh            10,000,000 citizens
#   N=100000 bench/registry.sh   fewer
#
# Generates N citizens with kd-registry-gen (SEED, default 1) into a
# temporary CSV and imports them with kd-registry-import into the database
# of the running stack (KD_CONF, default var/kiemdich.conf), printing the
# time and rows/s of each step.  The rows stay in the database; running it
# again with the same N and SEED upserts the same rows (the table ends the
# same), which is the re-import case.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$ROOT/build/bin
N=${N:-10000000}
SEED=${SEED:-1}
KD_CONF=${KD_CONF:-$ROOT/var/kiemdich.conf}
export KD_CONF

for b in kd-registry-gen kd-registry-import; do
	[ -x "$BIN/$b" ] || { echo "registry.sh: $BIN/$b missing: run make" >&2; exit 2; }
done
[ -r "$KD_CONF" ] || { echo "registry.sh: $KD_CONF not found: is the stack running (make run)?" >&2; exit 2; }

CSV=$(mktemp "${TMPDIR:-/tmp}/kd-registry.XXXXXX")
trap 'rm -f "$CSV"' EXIT INT TERM

now() { date +%s.%N; }
# step NAME ROWS START END
report() {
	awk -v name="$1" -v n="$2" -v s="$3" -v e="$4" 'BEGIN {
		t = e - s; if (t <= 0) t = 0.001
		printf "%-8s %12d rows %9.1f s %12.0f rows/s\n", name, n, t, n / t }'
}

echo "registry bench: N=$N SEED=$SEED KD_CONF=$KD_CONF"

s=$(now)
"$BIN/kd-registry-gen" "$N" --seed "$SEED" --data "$ROOT/data" > "$CSV"
e=$(now)
report generate "$N" "$s" "$e"
echo "         $(du -h "$CSV" | cut -f1) of CSV"

s=$(now)
rc=0
out=$("$BIN/kd-registry-import" "$CSV") || rc=$?
e=$(now)
echo "         $out"
[ "$rc" -eq 0 ] || { echo "registry.sh: import exited $rc" >&2; exit 1; }
report import "$N" "$s" "$e"
