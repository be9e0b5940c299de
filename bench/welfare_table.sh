#!/usr/bin/env bash
# bench/welfare_table.sh — the national table's POST /welfare/pay under load: every request pays a
# citizen not paid before in a program made for the run, so each is a
# durable INSERT under the "paid once in the country" unique key.  The
# beneficiaries are registered in bulk by SQL beforehand (registration
# is not what is measured); a police account of the whole country pays.
set -euo pipefail
source "$(dirname "$0")/common.sh"
WORK=$(mktemp -d /tmp/kd-bench-welfare.XXXXXX)
trap bench_cleanup EXIT
program_running welfare || { not_built "POST /welfare/pay"; exit 0; }

VAR_DIR=$(conf var_dir)
read -r ASID ACSRF <<< "$(login admin "$(cat "$VAR_DIR/admin-password")" "$WORK/admin")"
program=$(curl -s -b "sid=$ASID" -H "X-CSRF-Token: $ACSRF" -H 'Accept: application/json' \
  --data-urlencode "action=create_program" --data-urlencode "name=Đo tải $(date +%s)" \
  --data-urlencode "amount=1500000" --data-urlencode "start_date=$(date -d '30 days ago' +%F)" \
  --data-urlencode "end_date=$(date -d '30 days' +%F)" --data-urlencode "cat_other=1" \
  "$KD_URL/welfare" | sed -n 's/.*"program_id":\([0-9]*\).*/\1/p')
[[ -n $program ]] || { echo "bench: could not create a welfare program" >&2; exit 1; }
n=$((3000 * DURATION))
db -e "INSERT INTO welfare_beneficiaries (program_id, id_number, full_name, commune, residence,
         category, registered_by, registered_at)
       SELECT $program, id_number, full_name, perm_commune, 'perm', 'other', 'bench', NOW(3)
       FROM citizens ORDER BY id_number LIMIT $n"
db -e "SELECT id_number FROM welfare_beneficiaries WHERE program_id = $program" > "$WORK/ids"
uid="bench-pay-$(date +%s)"
pw=$(make_account "$uid" police "")
read -r SID CSRF <<< "$(login "$uid" "$pw" "$WORK/cookies")"
cat > "$WORK/pay.lua" <<'LUA'
-- Each wrk thread pays its own half of the beneficiaries.
local ids, i, nthreads = {}, 0, 0
function setup(thread) thread:set("id", nthreads); nthreads = nthreads + 1 end
function init(args)
  for line in io.lines(os.getenv("IDS")) do ids[#ids + 1] = line end
  i = math.floor(#ids / 2) * (id or 0)
end
function request()
  i = i + 1
  return wrk.format("POST", "/welfare/pay", {
    ["Cookie"] = "sid=" .. os.getenv("SID"), ["X-CSRF-Token"] = os.getenv("CSRF"),
    ["Accept"] = "application/json", ["Content-Type"] = "application/x-www-form-urlencoded",
  }, "program=" .. os.getenv("PROGRAM") .. "&amount=1500000&id_number=" .. ids[(i - 1) % #ids + 1])
end
LUA
measure_ceilings
before=$(db -e "SELECT COUNT(*) FROM welfare_payments WHERE program_id = $program")
RPS=$(IDS=$WORK/ids SID=$SID CSRF=$CSRF PROGRAM=$program wrk_measure pay "$KD_URL/welfare/pay" -s "$WORK/pay.lua")
after=$(db -e "SELECT COUNT(*) FROM welfare_payments WHERE program_id = $program")
report "POST /welfare/pay" "$RPS"
echo "  payments stored: $((after - before)) of $(wc -l < "$WORK/ids") beneficiaries"
record "POST /welfare/pay (durable)" welfare pay
