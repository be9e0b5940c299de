#!/usr/bin/env bash
# bench/f_status.sh — GET /f-status/trace (SPEC) under load, at depth 1
# and 2, over the last 30 days, for F0 cases that have passages: the
# itinerary and the people at the same places within 30 minutes.  On the
# national data these are the generated F cases; on the demo data the
# script first marks F0 up to 20 citizens who passed a checkpoint.  A
# police account of the whole country reads them.
set -euo pipefail
source "$(dirname "$0")/common.sh"
WORK=$(mktemp -d /tmp/kd-bench-fstatus.XXXXXX)
trap bench_cleanup EXIT
program_running f-status ||
  { not_built "GET /f-status/trace (depth 1)" "GET /f-status/trace (depth 2)"; exit 0; }

cases() {
  db -e "SELECT f.id_number FROM f_current f
         WHERE f.status = 'F0' AND EXISTS (SELECT 1 FROM passages p WHERE p.id_number = f.id_number
                                           AND p.at > NOW() - INTERVAL 30 DAY)
         LIMIT 200"
}
cases > "$WORK/cases"
if [[ ! -s $WORK/cases ]]; then
  db -e "INSERT INTO f_status (id_number, status, note, set_by, set_at)
         SELECT DISTINCT id_number, 'F0', 'bench', 'bench', NOW(3) FROM passages
         WHERE at > NOW() - INTERVAL 30 DAY LIMIT 20"
  cases > "$WORK/cases"
fi
[[ -s $WORK/cases ]] || { echo "bench: no passages to trace" >&2; exit 1; }
uid="bench-police-$(date +%s)"
pw=$(make_account "$uid" police "")
read -r SID _ <<< "$(login "$uid" "$pw" "$WORK/cookies")"
from=$(date -d '30 days ago' +%F) to=$(date +%F)
cat > "$WORK/trace.lua" <<'LUA'
local urls, i = {}, 0
function init(args)
  for id in io.lines(os.getenv("CASES")) do
    urls[#urls + 1] = "/f-status/trace?id_number=" .. id .. "&from=" .. os.getenv("FROM") ..
      "&to=" .. os.getenv("TO") .. "&depth=" .. os.getenv("DEPTH")
  end
end
function request()
  i = i + 1
  return wrk.format("GET", urls[(i - 1) % #urls + 1],
    { ["Cookie"] = "sid=" .. os.getenv("SID"), ["Accept"] = "application/json" })
end
LUA
echo "  tracing $(wc -l < "$WORK/cases") F0 cases from $from to $to"
measure_ceilings
for depth in 1 2; do
  RPS=$(CASES=$WORK/cases FROM=$from TO=$to DEPTH=$depth SID=$SID \
    wrk_measure "trace$depth" "$KD_URL/f-status/trace" -s "$WORK/trace.lua")
  report "GET /f-status/trace depth $depth" "$RPS"
  record "GET /f-status/trace (depth $depth)" f-status "trace$depth"
done
