#!/usr/bin/env bash
# bench/report_table.sh — the national table's GET /report (SPEC) under load: yesterday's report of
# the whole country, then of the province with the most passages, as
# JSON, read by the national administrator.
set -euo pipefail
source "$(dirname "$0")/common.sh"
WORK=$(mktemp -d /tmp/kd-bench-report.XXXXXX)
trap bench_cleanup EXIT
program_running report || { not_built "GET /report (country)" "GET /report (province)"; exit 0; }

read -r SID _ <<< "$(login admin "$(cat "$(conf var_dir)/admin-password")" "$WORK/admin")"
day=$(date -d yesterday +%F)
province=$(db -e "SELECT u.province_code FROM passages p JOIN places pl USING (place_id)
                  JOIN admin_units u ON u.code = pl.commune
                  WHERE p.at >= '$day' AND p.at < '$day' + INTERVAL 1 DAY
                  GROUP BY u.province_code ORDER BY COUNT(*) DESC LIMIT 1")
measure_ceilings
RPS=$(wrk_measure country "$KD_URL/report?date=$day&unit=&format=json" -H "Cookie: sid=$SID")
report "GET /report (country)" "$RPS"
record "GET /report (country)" report country
RPS=$(wrk_measure province "$KD_URL/report?date=$day&unit=${province:-01}&format=json" -H "Cookie: sid=$SID")
report "GET /report (province)" "$RPS"
record "GET /report (province ${province:-01})" report province
