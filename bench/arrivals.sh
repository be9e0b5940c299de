#!/usr/bin/env bash
# bench/arrivals.sh — GET /f-status/arrivals (issue 21): the arrivals of a
# busy urban commune for one day, as its police read them.
#
#   VAR=/tmp/kda PORT=8192 scripts/stack start
#   KD_CONF=/tmp/kda/kiemdich.conf bench/arrivals.sh
#
# Makes its own data, once per stack (kept for a second run): in one
# ward of Ho Chi Minh City (ARRIVALS_COMMUNE, default 26734, Phường Tân
# Định), ARRIVALS_N declarations (default 5,000) with today as travel
# date, from communes all over the country, 3% of the people declaring
# twice; a third of them seen at a checkpoint, one in 50 with an F
# status, one in 20 with a symptom; around them, ARRIVALS_OTHER
# declarations (default 200,000) to other communes today and to this one
# on the days before, so that the list is read through its index and not
# because it is all there is; and zone levels 3 and 4 on a few provinces
# and districts (POST /zones as the national administrator), so that
# the origin's level is worked out per row.
#
# Then, as the ward's police, one connection (an officer's wait):
#   the list, JSON, first page of 50 with the total  target median < 50 ms
#   the same as CSV, every row                       watched
# each as median and p99 over ARRIVALS_DURATION seconds (default 20),
# beside the FastCGI /hello measured with one connection in the same run.
# ARRIVALS_EXPLAIN=1 prints the query's plan.  Exit status 1 when the
# target is missed or an answer is not 200.
set -euo pipefail

source "$(dirname "$0")/common.sh"
COMMUNE=${ARRIVALS_COMMUNE:-26734}
N=${ARRIVALS_N:-5000}
OTHER=${ARRIVALS_OTHER:-200000}
LATENCY_DURATION=${ARRIVALS_DURATION:-20}
LATENCY_CONNS=1
WORK=$(mktemp -d /tmp/kd-bench-arrivals.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
program_running f-status || { not_built "GET /f-status/arrivals"; exit 0; }
DAY=$(db -e "SELECT CURDATE()")

# --- data --------------------------------------------------------------------------------
# declarations_of TAG COUNT TO_SQL DAY_SQL: COUNT synthetic declarations,
# marked by TAG in their client_ref (so that a second run finds them),
# from a commune drawn over the whole country.
declarations_of() {
  db -e "INSERT INTO declarations (id_number, full_name, dob, gender, phone, perm_commune,
           perm_address, from_commune, from_address, to_commune, to_address, travel_date,
           fever, cough, contact_f0, source, registry, client_ref, created_at, expires_at)
         SELECT CONCAT('079', LPAD(s.seq MOD $(( $2 * 97 / 100 + 1 )), 9, '0')),
                CONCAT('Người Đến ', s.seq), '1990-01-01', IF(s.seq MOD 2, 'M', 'F'),
                CONCAT('09', LPAD(s.seq, 8, '0')), c.code, 'Số 1', c.code, 'Số 1',
                $3, 'Số 2 Lê Lợi', $4, s.seq MOD 20 = 0, s.seq MOD 31 = 0, s.seq MOD 37 = 0,
                'web', IF(s.seq MOD 40 = 0, 'mismatch', 'matched'), CONCAT('$1-', s.seq),
                $4 + INTERVAL (s.seq MOD 57600) SECOND + INTERVAL 6 HOUR,
                $4 + INTERVAL 78 HOUR
         FROM seq_1_to_$2 s
         JOIN (SELECT code, ROW_NUMBER() OVER (ORDER BY code) AS k FROM admin_units
               WHERE level = 'commune') c
           ON c.k = 1 + (s.seq * 7919) MOD 10599"
}
tag="arr-$COMMUNE-$DAY"
have=$(db -e "SELECT COUNT(*) FROM declarations WHERE to_commune = '$COMMUNE' AND travel_day = '$DAY'")
if [[ $have -lt $N ]]; then
  echo "bench: making $N declarations to $COMMUNE for $DAY and $OTHER around them"
  start=$(date +%s)
  declarations_of "$tag" "$N" "'$COMMUNE'" "'$DAY'"
  declarations_of "$tag-o" "$OTHER" "IF(s.seq MOD 4, c.code, '$COMMUNE')" \
    "IF(s.seq MOD 4, CURDATE(), CURDATE() - INTERVAL 1 + s.seq MOD 20 DAY)"
  first=$(( $(rows_after places place_id) + 1 ))
  db -e "INSERT INTO places (kind, name, commune, created_by, created_at)
           VALUES ('checkpoint', 'Chốt đo tải nơi đến', '$COMMUNE', 'bench', NOW());
         INSERT INTO passages (declaration_id, id_number, place_id, direction, officer, at)
           SELECT declaration_id, id_number, $first, 'in', 'bench', created_at + INTERVAL 1 HOUR
           FROM declarations WHERE client_ref LIKE '$tag-%' AND declaration_id MOD 3 = 0
             AND client_ref NOT LIKE '$tag-o-%';
         INSERT INTO f_status (id_number, status, note, set_by, set_at)
           SELECT DISTINCT id_number, ELT(1 + declaration_id MOD 4, 'F0', 'F1', 'F2', 'F3'),
                  'bench', 'bench', NOW(3)
           FROM declarations WHERE client_ref LIKE '$tag-%' AND declaration_id MOD 50 = 0
             AND client_ref NOT LIKE '$tag-o-%';
         ANALYZE TABLE declarations, passages"
  echo "bench: made in $(( $(date +%s) - start )) s"
fi

# Zone levels, as an administrator sets them.
pw=$(cat "$(conf var_dir)/admin-password")
read -r _ CSRF <<< "$(login admin "$pw" "$WORK/admin")"
for change in 79:3 01:4 48:3 001:4 760:4; do
  curl -s -b "$WORK/admin" -H 'Accept: application/json' -H "X-CSRF-Token: $CSRF" \
    --data "unit=${change%:*}&level=${change#*:}&note=bench" "$KD_URL/zones" > /dev/null
done

read -r rows people <<< "$(db -e "SELECT COUNT(*), COUNT(DISTINCT id_number) FROM declarations
  WHERE to_commune = '$COMMUNE' AND travel_day = '$DAY' AND revoked_at IS NULL")"
echo "bench: $rows declarations ($people people) to $COMMUNE for $DAY," \
  "$(db -e "SELECT COUNT(*) FROM declarations") in all"

# --- the ward's police ---------------------------------------------------------------------
uid="bench-arr-$(date +%s)"
pw=$(make_account "$uid" police "$COMMUNE")
read -r SID _ <<< "$(login "$uid" "$pw" "$WORK/cookies")"
total=$(curl -s -b "sid=$SID" -H 'Accept: application/json' "$KD_URL/f-status/arrivals?date=$DAY" |
  sed -n 's/.*"total":\([0-9]*\).*/\1/p')
echo "bench: the list holds $total people"

latency_scripts "$WORK"
status=0
HELLO=$(latency_measure hello "$WORK/plain.lua" "$KD_URL/hello")
echo "/f-status/arrivals?date=$DAY" > "$WORK/json"
R=$(URLS="$WORK/json" SID="$SID" ACCEPT=application/json latency_measure json "$WORK/urls.lua")
latency_line "arrivals, $total people, page 1" "$R" 50 "$HELLO" || status=1
echo "/f-status/arrivals?date=$DAY&format=csv" > "$WORK/csv"
R=$(URLS="$WORK/csv" SID="$SID" ACCEPT=text/csv latency_measure csv "$WORK/urls.lua")
latency_line "arrivals as CSV ($total rows)" "$R" "" "$HELLO" || status=1
echo "  every read wrote its audit row: $(db -e "SELECT COUNT(*) FROM audit_log WHERE actor='$uid'") rows for $uid"

if [[ ${ARRIVALS_EXPLAIN:-0} == 1 ]]; then
  mariadb --no-defaults -uroot --socket="$(conf db_socket)" -t kiemdich -e "EXPLAIN
    SELECT d.declaration_id FROM declarations d LEFT JOIN f_current c ON c.id_number = d.id_number
    WHERE ('$COMMUNE' = '' OR d.to_commune = '$COMMUNE' OR d.to_commune IN (SELECT code
      FROM admin_units WHERE district_code = '$COMMUNE' OR province_code = '$COMMUNE'))
    AND d.travel_day = '$DAY' AND d.revoked_at IS NULL" | sed 's/^/   /'
fi
exit $status
