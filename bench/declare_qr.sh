#!/usr/bin/env bash
# bench/declare_qr.sh — the citizen's side under load, against a running
# stack (make run, or VAR=... PORT=... scripts/stack start):
#
#   POST /declare           a valid declaration of a registry citizen per
#                           request, unique client_ref, JSON; every 201 is
#                           a committed, durable row
#                           (innodb_flush_log_at_trx_commit=1)
#   GET  /qr/<token>.png    the QR image (signature check + QR + PNG; no
#                           database)
#   GET  /qr/<token>.svg    the same as SVG
#
# each beside the ceilings measured in the same run; the PNG, whose target
# is a share of the hello, in three rounds alternating with the hello's
# (medians compared).  Targets on a 2-core
# machine: declare >= 2,000/s, png >= 5,000/s.
#
#   bench/declare_qr.sh              (KD_CONF, KD_URL, DURATION, CONNS: see common.sh)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

WORK=$(mktemp -d /tmp/kd-bench.XXXXXX)
trap bench_cleanup EXIT

# A thousand citizens of the registry, so most declarations are "matched".
sample_citizens 1000 > "$WORK/citizens.tsv"
[[ -s $WORK/citizens.tsv ]] || { echo "bench: the citizens table is empty" >&2; exit 1; }

# One declaration for the image URLs.
IFS=$'\t' read -r id name dob gender commune < "$WORK/citizens.tsv"
TOKEN=$(curl -sf -H 'Accept: application/json' \
  --data-urlencode "id_number=$id" --data-urlencode "full_name=$name" \
  --data-urlencode "dob=$dob" --data-urlencode "gender=$gender" \
  --data-urlencode "phone=0912345678" --data-urlencode "perm_commune=$commune" \
  --data-urlencode "perm_address=Số 5" --data-urlencode "from_commune=$commune" \
  --data-urlencode "from_address=Số 5" --data-urlencode "to_commune=00004" \
  --data-urlencode "to_address=Số 1" --data-urlencode "vaccine_doses=2" \
  "$KD_URL/declare" | sed -n 's/.*"token":"\([A-Za-z0-9_-]*\)".*/\1/p')
[[ ${#TOKEN} -eq 102 ]] || { echo "bench: could not declare" >&2; exit 1; }

wrk_count() { # NAME URL [args] -> "RPS REQUESTS"
  wrk_measure "$@" > /dev/null
  wrk_figures "$BENCH_OUT/$1.out" | awk '{ print $1, $5 }'
}

echo "durability: innodb_flush_log_at_trx_commit=$(db -e 'SELECT @@innodb_flush_log_at_trx_commit')," \
  "workers per program: $(sed -n 's/^workers *= *//p' "$KD_CONF")," \
  "wrk -t2 -c$CONNS -d${DURATION}s"
measure_ceilings

cpu=$(stack_cpu_us)
read -r HELLO_N_RPS HELLO_N < <(wrk_count hello2 "$KD_URL/hello")
HELLO_CPU=$(cpu_per_request "$cpu" "$HELLO_N")

mark=$(rows_after declarations declaration_id)
cpu=$(stack_cpu_us)
read -r DECLARE_RPS DECLARE_N < <(KD_CITIZENS=$WORK/citizens.tsv KD_RUN="$(date +%s)$$" \
  wrk_count declare "$KD_URL/declare" -s "$ROOT/bench/declare.lua")
DECLARE_CPU=$(cpu_per_request "$cpu" "${DECLARE_N:-0}")
stored=$(rows_after declarations declaration_id "$mark")
# The PNG's target is a share of the hello: three rounds of each,
# alternating, medians compared (bench/common.sh); every ratio below is
# against that median hello.
pngs=() hellos=() png_cpus=()
for round in 1 2 3; do
  hellos+=("$(wrk_rps "$KD_URL/hello")")
  cpu=$(stack_cpu_us)
  read -r rps n < <(wrk_count png "$KD_URL/qr/$TOKEN.png")
  pngs+=("$rps") png_cpus+=("$(cpu_per_request "$cpu" "$n")")
  cp "$BENCH_OUT/png.out" "$BENCH_OUT/png.$round.out"
done
PNG_RPS=$(median "${pngs[@]}")
HELLO_RPS=$(median "${hellos[@]}")
PNG_CPU=$(median "${png_cpus[@]}")
cpu=$(stack_cpu_us)
read -r SVG_RPS SVG_N < <(wrk_count svg "$KD_URL/qr/$TOKEN.svg")
SVG_CPU=$(cpu_per_request "$cpu" "$SVG_N")

report "POST /declare (durable)" "${DECLARE_RPS:-0}" 2000
report "GET /qr/<token>.png" "${PNG_RPS:-0}" 5000
report "GET /qr/<token>.svg" "${SVG_RPS:-0}"
record "POST /declare (durable)" declare declare
record "GET /qr/<token>.png" qr "$(round_of png "$PNG_RPS" "${pngs[@]}")"
record "GET /qr/<token>.svg" qr svg
echo "  rounds: png ${pngs[*]}, hello ${hellos[*]} req/s (medians compared)"
echo "declare: $(grep '^declare:' "$BENCH_OUT/declare.out"); rows stored: $stored"
awk '/Latency/ && !done { print "declare latency: avg " $2 ", max " $4; done = 1 }' "$BENCH_OUT/declare.out"
# Server-side CPU per request (nginx, programs, MariaDB, slapd of this
# stack; not wrk): what the figures above would be on idle cores.
echo "stack CPU per request: hello ${HELLO_CPU} us, declare ${DECLARE_CPU} us," \
  "png ${PNG_CPU} us, svg ${SVG_CPU} us (load average now: $(cut -d' ' -f1 /proc/loadavg))"
