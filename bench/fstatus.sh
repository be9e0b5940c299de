#!/usr/bin/env bash
# bench/fstatus.sh — tracing and a place's visitors (issue 13, f-status).
#
#   VAR=/tmp/kdb PORT=8190 DB_BUFFER_POOL=4G scripts/stack start
#   KD_CONF=/tmp/kdb/kiemdich.conf bench/fstatus.sh
#
# Runs on whatever passages the stack holds (the national data of
# `make national-data`, 50 million over 30 days).  When it holds fewer than
# FSTATUS_MIN_PASSAGES (default 100000), it first makes FSTATUS_PASSAGES
# synthetic ones (default 1000000) with bench/fstatus_data.sql, which keeps
# each place's traffic at the national model's density (its top says how;
# a million rows take about 25 s here).  FSTATUS_PASSAGES=N with N > 0
# makes N more whatever the stack holds.
#
# Then, as one national police account (the whole country is its area),
# with wrk and a Lua script over prebuilt requests, one connection
# (FSTATUS_CONNS, default 1: an officer's wait, not a throughput):
#   GET /f-status/trace depth=1, the last 14 days, 100 random traced people
#                                                   target median < 50 ms
#   GET /f-status/trace depth=2, the same people    target median < 500 ms
#   GET /f-status/visitors, the busiest place of yesterday, the whole day
#       (JSON, first page of 200 and the total)     target < 100 ms
#       and the same as CSV (every row), watched
# each as median and p99 over FSTATUS_DURATION seconds (default 30), beside
# the FastCGI /hello measured with the same connections in the same run.
# The traced people: the owners of 400 random passages of the last 14 days,
# the first 100 distinct (so a busy traveller is more likely drawn, as an
# F0 would be).  FSTATUS_EXPLAIN=1 also prints EXPLAIN of each query with
# real parameters.  Exit status 1 when a target is missed or an answer is
# not 200.
set -euo pipefail

source "$(dirname "$0")/common.sh"
FSTATUS_DURATION=${FSTATUS_DURATION:-30}
FSTATUS_CONNS=${FSTATUS_CONNS:-1}
FSTATUS_MIN_PASSAGES=${FSTATUS_MIN_PASSAGES:-100000}
WORK=$(mktemp -d /tmp/kd-bench-fstatus.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

VAR_DIR=$(conf var_dir)

# --- data --------------------------------------------------------------------------
have=$(db -e "SELECT COUNT(*) FROM passages")
make=${FSTATUS_PASSAGES:-0}
if [[ $make -eq 0 && $have -lt $FSTATUS_MIN_PASSAGES ]]; then make=1000000; fi
if [[ $make -gt 0 ]]; then
  echo "bench: $have passages in the stack; making $make synthetic ones (bench/fstatus_data.sql)"
  start=$(date +%s)
  db -e "SET @passages = $make; SOURCE $ROOT/bench/fstatus_data.sql;" > /dev/null
  db -e "ANALYZE TABLE passages, declarations, places" > /dev/null
  echo "bench: made in $(( $(date +%s) - start )) s"
fi
read -r total places <<< "$(db -e "SELECT (SELECT COUNT(*) FROM passages), (SELECT COUNT(*) FROM places)")"
DAY=$(db -e "SELECT CURDATE() - INTERVAL 1 DAY")
FROM=$(db -e "SELECT CURDATE() - INTERVAL 13 DAY")
TO=$(db -e "SELECT CURDATE()")
read -r BUSIEST busiest_n <<< "$(db -e "SELECT place_id, COUNT(*) c FROM passages
  WHERE at >= '$DAY' AND at < '$DAY' + INTERVAL 1 DAY GROUP BY place_id ORDER BY c DESC LIMIT 1")"
echo "bench: $total passages at $places places; the busiest place of $DAY (#$BUSIEST) had $busiest_n"

# --- the traced people ----------------------------------------------------------------
read -r lo hi <<< "$(db -e "SELECT MIN(passage_id), MAX(passage_id) FROM passages")"
ids=$(awk -v lo="$lo" -v hi="$hi" 'BEGIN { srand(); for (i = 0; i < 400; i++)
  printf "%s%d", (i ? "," : ""), lo + int(rand() * (hi - lo + 1)) }')
db -e "SELECT id_number FROM passages WHERE passage_id IN ($ids) AND at >= '$FROM'" |
  awk '/^[0-9]{9}$|^[0-9]{12}$/ && !seen[$1]++' | head -n 100 > "$WORK/people"
npeople=$(wc -l < "$WORK/people")
[[ $npeople -gt 0 ]] || { echo "bench: no passages in the last 14 days" >&2; exit 1; }

# --- a national police account -------------------------------------------------------------
uid="bench-fs-$(date +%s)"
pw="Bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
ldapadd -x -H "$(conf ldap_uri)" -D "cn=root,dc=kiemdich,dc=vn" \
  -w "$(cat "$VAR_DIR/ldap/root-password")" > /dev/null <<LDIF
dn: uid=$uid,ou=units,dc=kiemdich,dc=vn
objectClass: inetOrgPerson
objectClass: kdAccount
uid: $uid
cn: Bench
sn: Bench
kdRole: police
userPassword: $pw
LDIF
ldapmodify -x -H "$(conf ldap_uri)" -D "cn=root,dc=kiemdich,dc=vn" \
  -w "$(cat "$VAR_DIR/ldap/root-password")" > /dev/null 2>&1 <<LDIF || true
dn: uid=$uid,ou=units,dc=kiemdich,dc=vn
changetype: modify
delete: pwdReset
LDIF
curl -s -c "$WORK/cookies" -H 'Accept: application/json' --data-urlencode "uid=$uid" \
  --data-urlencode "password=$pw" "$KD_URL/login" > /dev/null
SID=$(awk '$6 == "sid" { print $7 }' "$WORK/cookies")
[[ -n $SID ]] || { echo "bench: login failed" >&2; exit 1; }

# --- what the traces find (one pass, for the record) ---------------------------------------
stats() { # depth -> "stops d1 d2 crowded-passages truncated" summed over the people
  while read -r p; do
    curl -s -b "sid=$SID" -H 'Accept: application/json' \
      "$KD_URL/f-status/trace?id_number=$p&from=$FROM&to=$TO&depth=$1"
    echo
  done < "$WORK/people" | /usr/bin/python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin if l.strip()]
ok = [r for r in rows if "error" not in r]
def mean(f):
    return sum(f(r) for r in ok) / max(len(ok), 1)
stops = mean(lambda r: len(r["itinerary"]))
d1 = mean(lambda r: r["counts"]["depth1"])
d2 = mean(lambda r: r["counts"]["depth2"])
crowded = mean(lambda r: r["limits"]["crowded_passages"])
cut = sum(r["limits"]["truncated"] for r in ok)
print("%d traces (%d refused): on average %.1f stops, %.0f contacts at depth 1,"
      " %.0f at depth 2, %.1f crowded passages not expanded; %d truncated"
      % (len(rows), len(rows) - len(ok), stops, d1, d2, crowded, cut))'
}
echo "bench: depth 1: $(stats 1)"
echo "bench: depth 2: $(stats 2)"

# --- wrk ---------------------------------------------------------------------------------
# One client's wait, beside the hello's (bench/common.sh: latency_*).
latency_scripts "$WORK"
measure() { LATENCY_DURATION=$FSTATUS_DURATION LATENCY_CONNS=$FSTATUS_CONNS latency_measure "$@"; }
line() { LATENCY_CONNS=$FSTATUS_CONNS latency_line "$1" "$2" "$3" "$HELLO"; }

status=0
HELLO=$(measure hello "$WORK/plain.lua" "$KD_URL/hello")

for depth in 1 2; do
  sed "s|.*|/f-status/trace?id_number=&\&from=$FROM\&to=$TO\&depth=$depth|" "$WORK/people" > "$WORK/trace$depth"
  R=$(URLS="$WORK/trace$depth" SID="$SID" ACCEPT=application/json measure "trace$depth" "$WORK/urls.lua")
  target=$([[ $depth -eq 1 ]] && echo 50 || echo 500)
  line "trace depth $depth, 14 days ($npeople people)" "$R" "$target" || status=1
done
echo "/f-status/visitors?place_id=$BUSIEST&from=${DAY}T00:00&to=${DAY}T23:59:59" > "$WORK/visitors"
R=$(URLS="$WORK/visitors" SID="$SID" ACCEPT=application/json measure visitors "$WORK/urls.lua")
line "visitors, busiest place, 1 day" "$R" 100 || status=1
echo "/f-status/visitors?place_id=$BUSIEST&from=${DAY}T00:00&to=${DAY}T23:59:59&format=csv" > "$WORK/visitors_csv"
R=$(URLS="$WORK/visitors_csv" SID="$SID" ACCEPT=text/csv measure visitors_csv "$WORK/urls.lua")
line "visitors as CSV ($busiest_n rows)" "$R" "" || status=1
echo "  every trace and visitors read wrote its audit row: $(db -e "SELECT COUNT(*) FROM audit_log WHERE actor='$uid'") rows for $uid"

# --- EXPLAIN of each query, with real parameters ------------------------------------------------
if [[ ${FSTATUS_EXPLAIN:-0} == 1 ]]; then
  p=$(head -n 1 "$WORK/people")
  read -r place at <<< "$(db -e "SELECT place_id, at FROM passages WHERE id_number='$p' AND at >= '$FROM' LIMIT 1")"
  win="place_id = $place AND at BETWEEN '$at' - INTERVAL 30 MINUTE AND '$at' + INTERVAL 30 MINUTE"
  explain() {
    echo "-- $1"
    mariadb --no-defaults -uroot --socket="$(conf db_socket)" -t kiemdich -e "EXPLAIN $2" |
      sed 's/^/   /'
  }
  explain "itinerary" "SELECT p.at, p.place_id, l.name, l.kind, p.direction FROM passages p
    LEFT JOIN places l ON l.place_id = p.place_id WHERE p.id_number = '$p' AND p.at >= '$FROM'
    AND p.at < '$TO' + INTERVAL 1 DAY AND p.cancelled_at IS NULL ORDER BY p.at, p.passage_id LIMIT 2001"
  explain "a window (8 of them per statement, UNION ALL)" "SELECT 0 AS k, id_number, at,
    declaration_id FROM passages WHERE $win AND cancelled_at IS NULL ORDER BY at LIMIT 20001"
  explain "a window's count (depth 2)" "SELECT 0, (SELECT COUNT(*) FROM (SELECT 1 FROM passages
    WHERE $win LIMIT 102) w0)"
  explain "the passages of 16 depth-1 contacts" "SELECT id_number, place_id, at FROM passages
    WHERE id_number IN ('$p', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12',
    '13', '14') AND at >= '$FROM' AND at < '$TO' + INTERVAL 1 DAY AND cancelled_at IS NULL LIMIT 20001"
  explain "names and phones of 16 contacts" "SELECT declaration_id, full_name, phone FROM
    declarations WHERE declaration_id IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)"
  explain "visitors (a page)" "SELECT p.id_number, d.full_name, d.dob, d.phone, d.perm_commune,
    p.at, p.direction FROM passages p JOIN declarations d ON d.declaration_id = p.declaration_id
    WHERE p.place_id = $BUSIEST AND p.at >= '$DAY' AND p.at < '$DAY' + INTERVAL 1 DAY
    AND p.cancelled_at IS NULL ORDER BY p.at, p.passage_id LIMIT 200 OFFSET 0"
  explain "visitors (the total)" "SELECT COUNT(*) FROM passages WHERE place_id = $BUSIEST
    AND at >= '$DAY' AND at < '$DAY' + INTERVAL 1 DAY AND cancelled_at IS NULL"
fi
exit $status
