#!/usr/bin/env bash
# bench/fstatus_table.sh — the national table's GET /f-status/trace (SPEC) under load, at depth 1
# and 2, for F0 cases that have passages, over the 30 days up to
# yesterday (so that the passages other scenarios made today, thousands at
# four places within seconds, are not anyone's contacts): the itinerary
# and the people at the same places within 30 minutes.  On the national
# data these are the generated F cases.  On the demo data, which has none,
# the script first makes a week of passages of 2,000 citizens at 20 places
# of its own (5 each, at random times: a handful of contacts per visit)
# and marks 20 of them F0.  A police account of the whole country reads.
set -euo pipefail
source "$(dirname "$0")/common.sh"
WORK=$(mktemp -d /tmp/kd-bench-fstatus.XXXXXX)
trap bench_cleanup EXIT
program_running f-status ||
  { not_built "GET /f-status/trace (depth 1)" "GET /f-status/trace (depth 2)"; exit 0; }

from=$(date -d '30 days ago' +%F) to=$(date -d yesterday +%F)
cases() {
  db -e "SELECT f.id_number FROM f_current f
         WHERE f.status = 'F0' AND EXISTS (SELECT 1 FROM passages p WHERE p.id_number = f.id_number
                                           AND p.at >= '$from' AND p.at < CURDATE())
         LIMIT 200"
}
cases > "$WORK/cases"
if [[ ! -s $WORK/cases ]]; then
  first=$(( $(rows_after places place_id) + 1 ))
  db -e "INSERT INTO places (kind, name, commune, created_by, created_at)
           SELECT 'checkpoint', CONCAT('Chốt đo tải truy vết ', seq), '00001', 'bench', NOW()
           FROM seq_1_to_20;
         INSERT INTO passages (declaration_id, id_number, place_id, direction, officer, at)
           SELECT 0, c.id_number, $first + FLOOR(RAND() * 20), 'in', 'bench',
                  CURDATE() - INTERVAL 1 + FLOOR(RAND() * 7) DAY + INTERVAL FLOOR(RAND() * 86400) SECOND
           FROM (SELECT id_number FROM citizens ORDER BY id_number DESC LIMIT 2000) c JOIN seq_1_to_5;
         INSERT INTO f_status (id_number, status, note, set_by, set_at)
           SELECT id_number, 'F0', 'bench', 'bench', NOW(3)
           FROM (SELECT id_number FROM citizens ORDER BY id_number DESC LIMIT 20) c"
  cases > "$WORK/cases"
fi
[[ -s $WORK/cases ]] || { echo "bench: no passages to trace" >&2; exit 1; }
uid="bench-police-$(date +%s)"
pw=$(make_account "$uid" police "")
read -r SID _ <<< "$(login "$uid" "$pw" "$WORK/cookies")"
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
# wrk's own 2 s timeout counted depth-2 traces as errors on the national
# data: 32 at once over 30 days keep the two cores busy for seconds each.
# A trace is an officer's query, not a kiosk answer: it may take that long
# under such a load, and only a trace not answered at all is an error.
for depth in 1 2; do
  RPS=$(CASES=$WORK/cases FROM=$from TO=$to DEPTH=$depth SID=$SID \
    wrk_measure "trace$depth" "$KD_URL/f-status/trace" -s "$WORK/trace.lua" --timeout 30s)
  report "GET /f-status/trace depth $depth" "$RPS"
  record "GET /f-status/trace (depth $depth)" f-status "trace$depth"
  wait_idle f-status
done
