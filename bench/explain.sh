#!/usr/bin/env bash
# bench/explain.sh — EXPLAIN of the programs' queries that touch the big
# tables, with real ids from the data (KD_CONF's stack): at national size
# each must be an index look-up (type const, eq_ref or ref/range on a key),
# never a scan of citizens, declarations or passages.  Prints each plan;
# exit 1 when one reads a big table with type ALL or index.
set -euo pipefail
source "$(dirname "$0")/common.sh"
WORK=$(mktemp -d /tmp/kd-bench-explain.XXXXXX)
trap bench_cleanup EXIT

id=$(db -e "SELECT id_number FROM declarations ORDER BY declaration_id DESC LIMIT 1")
decl=$(db -e "SELECT MAX(declaration_id) FROM declarations")
place=$(db -e "SELECT place_id FROM passages ORDER BY passage_id DESC LIMIT 1")
[[ -n $id && -n $decl ]] || { echo "explain: no declarations" >&2; exit 1; }
cat > "$WORK/queries" <<SQL
declare: registry check (lib/decl.c)|SELECT full_name, dob, gender FROM citizens WHERE id_number = '$id'
declare: find again (cgi-bin/declare.c)|SELECT declaration_id FROM declarations WHERE id_number = '$id' AND dob = '2000-01-01' AND phone = '0912345678' AND expires_at > NOW() AND revoked_at IS NULL ORDER BY created_at DESC, declaration_id DESC LIMIT 1
declare: replay by client_ref (lib/decl.c)|SELECT declaration_id FROM declarations WHERE client_ref = 'x'
verify: grouped look-up (cgi-bin/verify.c)|SELECT d.*, c.status FROM declarations d LEFT JOIN f_current c ON c.id_number = d.id_number WHERE d.declaration_id IN ($decl, $((decl - 1)), $((decl - 7)))
verify: lock the declaration (lib/passage.c)|SELECT id_number FROM declarations WHERE declaration_id = $decl
verify: the 5-minute rule (lib/passage.c)|SELECT passage_id, at FROM passages WHERE declaration_id = $decl AND place_id = ${place:-1} AND direction = 'in' AND at > NOW() - INTERVAL 5 MINUTE ORDER BY at LIMIT 1
area: residences of a citizen (lib/area.c)|SELECT code FROM (SELECT 0 AS o, perm_commune AS code FROM citizens WHERE id_number = '$id' UNION SELECT 1, perm_commune FROM declarations WHERE id_number = '$id' AND created_at > NOW() - INTERVAL 30 DAY UNION SELECT 1, temp_commune FROM declarations WHERE id_number = '$id' AND created_at > NOW() - INTERVAL 30 DAY AND temp_commune IS NOT NULL) a ORDER BY o LIMIT 16
trace: a citizen's itinerary (k_citizen_at)|SELECT place_id, at FROM passages WHERE id_number = '$id' AND at BETWEEN NOW() - INTERVAL 30 DAY AND NOW()
trace: people at a place around a time (k_place_at)|SELECT id_number FROM passages WHERE place_id = ${place:-1} AND at BETWEEN NOW() - INTERVAL 1 DAY AND NOW() - INTERVAL 1 DAY + INTERVAL 60 MINUTE
report: a day's passages (k_at)|SELECT place_id, direction, COUNT(*) FROM passages WHERE at >= CURDATE() - INTERVAL 1 DAY AND at < CURDATE() GROUP BY place_id, direction
report: F counts (f_current, one row per person ever F)|SELECT status, COUNT(*) FROM f_current GROUP BY status
SQL
status=0
while IFS='|' read -r name query; do
  echo "== $name"
  db -e "EXPLAIN $query" | tee "$WORK/plan" | awk -F'\t' '{ printf "   %-12s %-7s key=%-16s rows=%-9s %s\n", $3, $4, $6, $9, $10 }'
  if awk -F'\t' '($3 == "citizens" || $3 == "declarations" || $3 == "passages" || $3 == "d") &&
                 ($4 == "ALL" || $4 == "index") { bad = 1 } END { exit !bad }' "$WORK/plan"; then
    echo "   ^ scans a big table"; status=1
  fi
done < "$WORK/queries"
exit $status
