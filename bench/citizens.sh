#!/usr/bin/env bash
# bench/citizens.sh - issue 19's targets, against a running stack (make
# run, or VAR=... PORT=... scripts/stack start):
#
#   GET /declare/units?q=   the commune search (queries of bench/units.lua
#                           in turn): latency at one connection, target
#                           under 5 ms, beside the FastCGI hello's; then
#                           requests per second at CONNS connections
#   the declaration form's first load: the page and every style sheet and
#                           script it names, compressed as nginx sends
#                           them, target under 60 KB (the same sum as
#                           tests/integration/test_declare.py)
#
# The exit status is 1 when a target is missed.
#
#   bench/citizens.sh              (KD_CONF, KD_URL, DURATION, CONNS: see common.sh)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# wrk_latency URL [args] -> "AVG_MS P99_MS" at one connection
wrk_latency() {
  local url=$1; shift
  wrk -t1 -c1 -d"${DURATION}s" --latency "$@" "$url" 2>/dev/null | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
                     if (v ~ /s$/) return v * 1000; return v }
    /^    Latency/ { avg = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    END { printf "%.2f %.2f\n", avg, p99 }'
}

status=0
measure_ceilings
read -r HELLO_AVG HELLO_P99 < <(wrk_latency "$KD_URL/hello")
read -r UNITS_AVG UNITS_P99 < <(wrk_latency "$KD_URL/declare/units" -s "$ROOT/bench/units.lua")
UNITS_RPS=$(wrk_rps "$KD_URL/declare/units" -s "$ROOT/bench/units.lua")
printf '%-28s avg %6.2f ms  p99 %6.2f ms at 1 connection (FastCGI hello: avg %.2f ms, p99 %.2f ms)   target avg < 5 ms\n' \
  "GET /declare/units" "$UNITS_AVG" "$UNITS_P99" "$HELLO_AVG" "$HELLO_P99"
report "GET /declare/units" "$UNITS_RPS"
awk -v a="$UNITS_AVG" 'BEGIN { exit !(a < 5) }' || { echo "  MISSED: the search takes 5 ms or more"; status=1; }

# The first load, as a phone on a slow line downloads it.
gz_size() { curl -s -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$KD_URL$1"; }
for page in /declare /declare/household; do
  total=$(gz_size "$page")
  parts="page $total"
  for asset in $(curl -s "$KD_URL$page" | grep -oE '<(script[^>]*src|link[^>]*href)="/[^"]+"' |
                 sed -E 's/.*="([^"]+)"/\1/'); do
    n=$(gz_size "$asset")
    total=$((total + n))
    parts="$parts, $asset $n"
  done
  printf '%-28s %6d bytes compressed (%s)   target < 61440\n' "first load of $page" "$total" "$parts"
  [[ $total -lt 61440 ]] || { echo "  MISSED: over 60 KB"; status=1; }
done
exit $status
