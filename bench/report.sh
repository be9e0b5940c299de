#!/usr/bin/env bash
# bench/report.sh — the report program (issue 15): the vaccination import,
# the daily job, and the report page.
#
#   VAR=/tmp/kdb PORT=8190 DB_BUFFER_POOL=2G scripts/stack start
#   KD_CONF=/tmp/kdb/kiemdich.conf bench/report.sh
#
# It makes its own data at a chosen scale (the national data of `make
# national-data` is not there yet; when it is, set the sizes to 0 and it
# measures what the stack holds):
#   REPORT_CITIZENS   the registry is filled up to this many citizens
#                     (kd-registry-gen, kd-registry-import; default 5,000,000)
#   VACC_ROWS         rows of the vaccination file imported (default
#                     10,000,000): doses 1 and 2 of the registry's first
#                     VACC_ROWS/2 citizens (more than the registry holds:
#                     synthetic ID numbers the registry lacks)
#   REPORT_PASSAGES   when REPORT_DAY (default yesterday) has fewer than
#                     this many passages (default 1,000,000), that many are
#                     made for it with their kiosk look-ups and paper entries
#                     at 26,616 places over every commune, and F statuses and
#                     welfare payments of the registry (bench/report_data.sql)
# and measures, each beside a ceiling measured in the same run:
#   1. kd-vaccination-import of the file       target < 5 minutes for 10 M
#        (its time includes the coverage recount at its end, printed apart)
#        beside LOAD DATA of the same file into a plain table with the same
#        primary key (the database's own bulk load, no checks, no triggers)
#   2. report --daily REPORT_DAY                target < 10 s
#        its own steps as it prints them; beside the time to read the day's
#        passages once (a client SELECT of their four columns); run twice,
#        and the summary rows of the second run must equal the first's
#   3. GET /report (HTML) at country, province and commune level, and the
#      country as JSON, at REPORT_CONNS connections (default 1: an
#      officer's wait)                         target median < 20 ms
#        beside the FastCGI /hello measured the same way.
# Exit status 1 when a target is missed or an answer was not the expected one.
set -euo pipefail

source "$(dirname "$0")/common.sh"
REPORT_CITIZENS=${REPORT_CITIZENS:-5000000}
VACC_ROWS=${VACC_ROWS:-10000000}
REPORT_PASSAGES=${REPORT_PASSAGES:-1000000}
REPORT_DURATION=${REPORT_DURATION:-$DURATION}
REPORT_CONNS=${REPORT_CONNS:-1}
REPORT_DAY=${REPORT_DAY:-$(db -e "SELECT CURDATE() - INTERVAL 1 DAY")}
BIN=$ROOT/build/bin
WORK=$(mktemp -d /tmp/kd-bench-report.XXXXXX)
trap 'rm -rf "$WORK"; db -e "DROP TABLE IF EXISTS kd_bench_load" 2>/dev/null || true' EXIT
status=0
export KD_CONF

now() { date +%s.%N; }
secs() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.2f", e - s }'; }

# --- the registry ---------------------------------------------------------------------
have=$(db -e "SELECT COUNT(*) FROM citizens")
if [[ $have -lt $REPORT_CITIZENS ]]; then
  n=$((REPORT_CITIZENS - have))
  echo "bench: $have citizens in the registry; adding $n (kd-registry-gen, kd-registry-import)"
  s=$(now)
  "$BIN/kd-registry-gen" "$n" --seed "$((have + 7))" --data "$ROOT/data" > "$WORK/citizens.csv"
  "$BIN/kd-registry-import" "$WORK/citizens.csv" > /dev/null 2>&1 || true
  rm -f "$WORK/citizens.csv"
  echo "bench: registry now $(db -e "SELECT COUNT(*) FROM citizens") citizens ($(secs "$s" "$(now)") s)"
fi

# --- 1. the vaccination import ---------------------------------------------------------
if [[ $VACC_ROWS -gt 0 ]]; then
  people=$((VACC_ROWS / 2))
  # Doses 1 and 2 of each person; the lines shuffled, as a real file's come.
  db -e "SELECT id_number FROM citizens ORDER BY id_number LIMIT $people" |
    awk -v want="$people" 'BEGIN { split("AstraZeneca Pfizer Moderna Sinopharm", v, " ") }
      function row(id, n) { printf "%s,1,2021-%02d-%02d,%s\n%s,2,2021-%02d-%02d,%s\n",
        id, 7 + n % 3, 1 + n % 28, v[1 + n % 4], id, 10 + n % 3, 1 + n % 28, v[1 + n % 4] }
      { row($1, NR) } END { for (n = NR + 1; n <= want; n++) row(sprintf("0019%08d", n), n) }' |
    shuf --random-source=<(yes) > "$WORK/doses.body"
  { echo "id_number,dose,date,vaccine"; cat "$WORK/doses.body"; } > "$WORK/doses.csv"
  rm -f "$WORK/doses.body"
  rows=$(($(wc -l < "$WORK/doses.csv") - 1))
  echo "bench: vaccination file of $rows rows ($(du -h "$WORK/doses.csv" | cut -f1), shuffled)"
  s=$(now)
  out=$("$BIN/kd-vaccination-import" "$WORK/doses.csv" 2> "$WORK/import.err") || true
  e=$(now)
  t=$(secs "$s" "$e")
  # The ceiling: the database's own bulk load of the same file.
  db -e "DROP TABLE IF EXISTS kd_bench_load; CREATE TABLE kd_bench_load (id_number VARCHAR(12)
           NOT NULL, dose TINYINT UNSIGNED NOT NULL, given_on DATE NOT NULL, vaccine VARCHAR(40)
           NOT NULL, PRIMARY KEY (id_number, dose)) ENGINE=InnoDB"
  # Read by the server itself: the stack's server refuses LOAD DATA LOCAL
  # (--local-infile=0, docs/SECURITY.md), as scripts/stack's load_units.
  chmod a+rx "$WORK" && chmod a+r "$WORK/doses.csv"
  s=$(now)
  db -e "LOAD DATA INFILE '$WORK/doses.csv' IGNORE INTO TABLE kd_bench_load
           FIELDS TERMINATED BY ',' IGNORE 1 LINES"
  raw=$(secs "$s" "$(now)")
  db -e "DROP TABLE kd_bench_load"
  awk -v n="$rows" -v t="$t" -v raw="$raw" 'BEGIN {
    printf "%-34s %10.1f s  %9.0f rows/s   LOAD DATA into a plain table: %.1f s (%.0f rows/s)   target < 300 s for 10 M\n",
      "kd-vaccination-import", t, n / t, raw, n / raw }'
  echo "  $out; $(db -e "SELECT COUNT(*) FROM vaccination_people") vaccinated people kept for the kiosk;" \
    "$(sed -n 's/^… coverage/coverage/p' "$WORK/import.err")"
  [[ $out == "imported $rows rows, rejected 0 rows" ]] || { echo "  rows rejected:"; head -3 "$WORK/import.err"; status=1; }
  awk -v t="$t" -v n="$rows" 'BEGIN { exit !(t * 10000000 / n < 300) }' ||
    { echo "  target missed (scaled to 10 M rows)"; status=1; }
  rm -f "$WORK/doses.csv"
fi

# --- the day's passages ---------------------------------------------------------------------
day_passages() { db -e "SELECT COUNT(*) FROM passages WHERE at >= '$REPORT_DAY'
                         AND at < '$REPORT_DAY' + INTERVAL 1 DAY"; }
if [[ $REPORT_PASSAGES -gt 0 && $(day_passages) -lt $REPORT_PASSAGES ]]; then
  echo "bench: making $REPORT_PASSAGES passages of $REPORT_DAY with their scans (bench/report_data.sql)"
  s=$(now)
  db -e "SET @day = '$REPORT_DAY'; SET @passages = $REPORT_PASSAGES;
         SOURCE $ROOT/bench/report_data.sql;" > /dev/null
  db -e "ANALYZE TABLE passages, audit_log, f_status, welfare_payments" > /dev/null
  echo "bench: made in $(secs "$s" "$(now)") s"
fi
echo "bench: $REPORT_DAY has $(day_passages) passages, $(db -e "SELECT COUNT(*) FROM audit_log
  WHERE action = 'verify' AND at >= '$REPORT_DAY' AND at < '$REPORT_DAY' + INTERVAL 1 DAY") kiosk look-ups;" \
  "$(db -e "SELECT COUNT(*) FROM places") places, $(db -e "SELECT COUNT(*) FROM citizens") residents," \
  "$(db -e "SELECT COUNT(*) FROM vaccination_people") vaccinated"

# --- 2. the daily job, twice --------------------------------------------------------------
summary() { db -e "SELECT COUNT(*), SUM(CRC32(CONCAT_WS(',', unit, parent, $(echo n_in n_out n_visit f0 f1 f2 f3 \
  recovered deceased welfare_registered welfare_paid welfare_amount residents dose1 dose2 | tr ' ' ','))))
  FROM report_units WHERE day = '$REPORT_DAY'"; db -e "SELECT COUNT(*), SUM(CRC32(CONCAT_WS(',', place_id,
  hour, scans, passages, paper, paired, median_ms))) FROM report_hours WHERE day = '$REPORT_DAY'"; }
s=$(now)
db -e "SELECT place_id, declaration_id, direction, at FROM passages WHERE at >= '$REPORT_DAY'
       AND at < '$REPORT_DAY' + INTERVAL 1 DAY" > /dev/null
read_s=$(secs "$s" "$(now)")
for run in 1 2; do
  s=$(now)
  "$BIN/report" --daily "$REPORT_DAY" > "$WORK/daily$run.out" 2>&1 || { cat "$WORK/daily$run.out"; status=1; }
  took[$run]=$(secs "$s" "$(now)")
  summary > "$WORK/summary$run"
done
sed 's/^/  | /' "$WORK/daily1.out"
awk -v t="${took[1]}" -v t2="${took[2]}" -v r="$read_s" 'BEGIN {
  printf "%-34s %10.2f s (again: %.2f s)   reading the day'"'"'s passages once (client SELECT): %.2f s   target < 10 s\n",
    "report --daily", t, t2, r }'
cmp -s "$WORK/summary1" "$WORK/summary2" && echo "  run again: the same summary rows ($(head -1 "$WORK/summary1" | cut -f1) units, $(tail -1 "$WORK/summary1" | cut -f1) hours)" ||
  { echo "  run again: the summary rows differ"; status=1; }
awk -v t="${took[1]}" 'BEGIN { exit !(t < 10) }' || { echo "  target missed"; status=1; }

# --- 3. the page -------------------------------------------------------------------------------
uid="bench-rp-$(date +%s)"
password=$(make_account "$uid" admin "")
read -r SID _ <<< "$(login "$uid" "$password" "$WORK/cookies")"
province=$(db -e "SELECT unit FROM report_units WHERE day = '$REPORT_DAY' AND parent = ''
                  ORDER BY n_in + n_out + n_visit DESC LIMIT 1")
commune=$(db -e "SELECT unit FROM report_units u JOIN admin_units a ON a.code = u.unit
                 WHERE u.day = '$REPORT_DAY' AND a.level = 'commune'
                 ORDER BY n_in + n_out + n_visit DESC LIMIT 1")
cat "$ROOT/bench/result.lua" - > "$WORK/page.lua" <<'LUA'
wrk.headers["Cookie"] = "sid=" .. os.getenv("SID")
wrk.headers["Accept"] = os.getenv("ACCEPT")
LUA
measure() { # URL ACCEPT -> "requests median p99 rps non200"
  SID=$SID ACCEPT=$2 wrk -t1 -c"$REPORT_CONNS" -d"${REPORT_DURATION}s" -s "$WORK/page.lua" "$1" 2>&1 |
    awk '/^RESULT/ { print $2, $3, $4, $5, $6 }'
}
read -r _ hello_med hello_p99 hello_rps _ <<< "$(measure "$KD_URL/hello" text/html)"
page() { # NAME PATH ACCEPT
  local r n med p99 rps non200
  r=$(measure "$KD_URL$2" "$3")
  read -r n med p99 rps non200 <<< "$r"
  awk -v name="$1" -v med="$med" -v p99="$p99" -v rps="$rps" -v n="$n" -v hm="$hello_med" \
      -v hp="$hello_p99" -v hr="$hello_rps" -v c="$REPORT_CONNS" 'BEGIN {
    printf "%-34s median %6.2f ms  p99 %6.2f ms  %7.1f req/s (%d, c=%d) | FastCGI hello: median %.2f ms, p99 %.2f ms, %.0f req/s   target median < 20 ms\n",
      name, med, p99, rps, n, c, hm, hp, hr }'
  [[ ${non200:-1} -eq 0 && ${n:-0} -gt 0 ]] || { echo "  answers other than 200: ${non200:-?}"; status=1; }
  awk -v m="$med" 'BEGIN { exit !(m < 20) }' || { echo "  target missed"; status=1; }
}
page "GET /report, country (HTML)" "/report?date=$REPORT_DAY" text/html
page "GET /report, country (JSON)" "/report?date=$REPORT_DAY" application/json
page "GET /report, province $province" "/report?unit=$province&date=$REPORT_DAY" text/html
page "GET /report, commune $commune" "/report?unit=$commune&date=$REPORT_DAY" text/html
page "GET /report, country, 30 days" "/report?date=$(db -e "SELECT '$REPORT_DAY' - INTERVAL 29 DAY")&to=$REPORT_DAY" text/html
exit $status
