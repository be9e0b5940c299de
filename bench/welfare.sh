#!/usr/bin/env bash
# bench/welfare.sh — welfare under load (issue #14), against a running stack
# (make run, or VAR=... PORT=... scripts/stack start):
#
#   POST /welfare/pay        every request a new (program, citizen) pair
#                            registered in the police's commune: one durable
#                            transaction each (the program, the
#                            registration, the F status, the INSERT under
#                            the unique key, the audit row, a COMMIT flushed
#                            to disk); the rows stored are counted
#                                                       target >= 1,000/s
#   GET /welfare?commune=    the public page (HTML, no login) of a commune
#                            with PUBLIC_PAYMENTS (5,000) payments: its totals
#                            per program and the first page, masked; the
#                            median latency at 1 connection and at CONNS
#                                                       target median < 20 ms
#
# each printed beside, from the same run: nginx's return 200, the FastCGI
# hello, and a raw durable INSERT (mariadb-slap: CONNS clients in
# autocommit on a plain InnoDB table, the same server and flush settings).
# The programs, registrations and public payments are made with SQL (their
# own checks are not what is measured), for two communes at the end of the
# code list that no test uses.  Exit status 1 when a target is missed or an
# answer was not the one expected.
#
#   KD_CONF=/tmp/kdb/kiemdich.conf bench/welfare.sh   (DURATION, CONNS: common.sh)
set -euo pipefail
source "$(dirname "$0")/common.sh"

SESSIONS=${SESSIONS:-4}
PUBLIC_PAYMENTS=${PUBLIC_PAYMENTS:-5000}
WORK=$(mktemp -d /tmp/kd-bench-welfare.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
tag=$(date +%s)

last_communes=$(db -e "SELECT code FROM admin_units WHERE level = 'commune'
  ORDER BY code DESC LIMIT 2")
read -r PAY_COMMUNE PUBLIC_COMMUNE <<< "$(echo $last_communes)"
citizens=$(db -e "SELECT COUNT(*) FROM citizens")
[[ $citizens -gt 0 ]] || { echo "bench: the registry is empty (DEMO_CITIZENS)" >&2; exit 1; }

# new_program NAME -> the id of a national program open today
new_program() {
  db -e "INSERT INTO welfare_programs (name, amount, start_date, end_date, categories,
           created_by, created_at)
         VALUES ('Đo tải $tag $1', 1500000, CURDATE() - INTERVAL 30 DAY,
           CURDATE() + INTERVAL 30 DAY, 'free_worker', 'bench', NOW());
         SELECT LAST_INSERT_ID();"
}
# register PROGRAM COMMUNE LIMIT: citizens of the registry, registered there
register() {
  db -e "INSERT INTO welfare_beneficiaries (program_id, id_number, full_name, commune,
           residence, category, registered_by, registered_at)
         SELECT $1, id_number, full_name, '$2', 'perm', 'free_worker', 'bench', NOW(3)
           FROM citizens ORDER BY id_number LIMIT $3"
}

# --- the payments' pairs: enough for 5,000 payments a second ---------------------
needed=$((DURATION * 5000))
first_program=""
for ((k = 0; k < (needed + citizens - 1) / citizens; k++)); do
  program=$(new_program "chi trả $k")
  first_program=${first_program:-$program}
  register "$program" "$PAY_COMMUNE" "$citizens"
done
db -e "SELECT program_id, id_number FROM welfare_beneficiaries
       WHERE commune = '$PAY_COMMUNE' AND program_id >= $first_program ORDER BY RAND()" > "$WORK/pairs"
npairs=$(wc -l < "$WORK/pairs")

# --- the public commune: PUBLIC_PAYMENTS payments that stand --------------------
have=$(db -e "SELECT COUNT(*) FROM welfare_payments WHERE commune = '$PUBLIC_COMMUNE' AND live = 1")
while [[ $have -lt $PUBLIC_PAYMENTS ]]; do
  program=$(new_program "công khai")
  n=$(( PUBLIC_PAYMENTS - have < citizens ? PUBLIC_PAYMENTS - have : citizens ))
  register "$program" "$PUBLIC_COMMUNE" "$n"
  db -e "INSERT INTO welfare_payments (program_id, id_number, beneficiary_id, commune, amount,
           paid_on, paid_by, paid_at)
         SELECT program_id, id_number, beneficiary_id, commune, 1500000,
           CURDATE() - INTERVAL (beneficiary_id % 30) DAY, 'bench', NOW(3)
           FROM welfare_beneficiaries WHERE program_id = $program"
  have=$(db -e "SELECT COUNT(*) FROM welfare_payments WHERE commune = '$PUBLIC_COMMUNE' AND live = 1")
done

# --- the police of the paying commune, SESSIONS sessions -------------------------
uid="bench-ca-$tag"
password=$(make_account "$uid" police "$PAY_COMMUNE")
for ((k = 0; k < SESSIONS; k++)); do
  login "$uid" "$password" "$WORK/cookies.$k"
done > "$WORK/sessions"
echo "bench: $npairs (program, citizen) pairs registered in $PAY_COMMUNE; $have payments in $PUBLIC_COMMUNE;" \
  "$SESSIONS police sessions; innodb_flush_log_at_trx_commit=$(db -e 'SELECT @@innodb_flush_log_at_trx_commit');" \
  "welfare workers: $(w=$(conf workers_welfare); echo "${w:-$(conf workers)}")"

# Each wrk thread pays its own half of the pairs, each request the next pair
# with the next session; the requests are built before wrk's clock starts.
cat "$ROOT/bench/errors.lua" - > "$WORK/pay.lua" <<'LUA'
local nthreads = 0
function setup(thread)
  thread:set("id", nthreads)
  nthreads = nthreads + 1
end
local built = {}
local counter = 0
function init(args)
  local pairs_, sessions = {}, {}
  for line in io.lines(os.getenv("PAIRS")) do pairs_[#pairs_ + 1] = line end
  for line in io.lines(os.getenv("SESSIONS")) do
    local sid, csrf = line:match("^(%S+) (%S+)$")
    sessions[#sessions + 1] = { sid = sid, csrf = csrf }
  end
  local half = math.floor(#pairs_ / 2)
  for i = (id or 0) * half + 1, ((id or 0) + 1) * half do
    local program, id_number = pairs_[i]:match("^(%d+)\t(%d+)$")
    local s = sessions[i % #sessions + 1]
    built[#built + 1] = wrk.format("POST", "/welfare/pay", {
      ["Cookie"] = "sid=" .. s.sid, ["X-CSRF-Token"] = s.csrf,
      ["Accept"] = "application/json",
      ["Content-Type"] = "application/x-www-form-urlencoded",
    }, "program=" .. program .. "&id_number=" .. id_number .. "&amount=1500000")
  end
end
function request()
  counter = counter + 1
  return built[(counter - 1) % #built + 1]
end
LUA

status=0
measure_ceilings

# --- the public page of a commune of 5,000 payments ------------------------------
PAGE_URL="$KD_URL/welfare?commune=$PUBLIC_COMMUNE"
curl -sf "$PAGE_URL" -o "$WORK/page.html" || { echo "  the public page did not answer"; status=1; }
read -r HELLO_MS1 _ _ < <(CONNS=1 wrk_median "$KD_URL/hello")
read -r PAGE_MS1 PAGE_RPS1 _ < <(CONNS=1 wrk_median "$PAGE_URL")
cpu=$(stack_cpu_us)
read -r HELLO_MS _ HELLO_N < <(wrk_median "$KD_URL/hello")
HELLO_CPU=$(cpu_per_request "$cpu" "$HELLO_N")
cpu=$(stack_cpu_us)
read -r PAGE_MS PAGE_RPS PAGE_N < <(wrk_median "$PAGE_URL")
PAGE_CPU=$(cpu_per_request "$cpu" "$PAGE_N")
report "GET /welfare?commune= (page)" "$PAGE_RPS" "median < 20 ms"
echo "  median: ${PAGE_MS1} ms at 1 connection (hello ${HELLO_MS1} ms, $PAGE_RPS1 req/s);" \
  "${PAGE_MS} ms at $CONNS connections (hello ${HELLO_MS} ms)"
echo "  CPU of the stack per request: page $PAGE_CPU us, hello $HELLO_CPU us" \
  "(load average now: $(cut -d' ' -f1 /proc/loadavg))"
echo "  the page: $(wc -c < "$WORK/page.html") bytes, $(grep -c '<tr>' "$WORK/page.html") table rows," \
  "of $have payments in the commune"
awk -v m="$PAGE_MS1" 'BEGIN { exit !(m < 20) }' || { echo "  median at 1 connection not under 20 ms"; status=1; }
awk -v m="$PAGE_MS" 'BEGIN { exit !(m < 20) }' ||
  echo "  median at $CONNS connections not under 20 ms (watched: queueing on the shared cores)"

# --- durable payments, beside a raw durable INSERT -------------------------------
RAW_RPS=$(raw_insert_rps)
paid() { db -e "SELECT COUNT(*) FROM welfare_payments WHERE commune = '$PAY_COMMUNE'
                AND program_id >= $first_program"; }
before=$(paid)
cpu=$(stack_cpu_us)
PAIRS="$WORK/pairs" SESSIONS="$WORK/sessions" wrk -t2 -c"$CONNS" -d"${DURATION}s" \
  -s "$WORK/pay.lua" "$KD_URL/welfare/pay" > "$WORK/pay.out" 2> "$WORK/pay.err" || true
PAY_RPS=$(awk '/^Requests\/sec:/ { printf "%d\n", $2 }' "$WORK/pay.out")
PAY_CPU=$(cpu_per_request "$cpu" "$(awk '/requests in/ { print $1 }' "$WORK/pay.out")")
stored=$(( $(paid) - before ))
report "POST /welfare/pay (durable)" "${PAY_RPS:-0}" ">= 1000/s"
awk -v p="${PAY_RPS:-0}" -v raw="$RAW_RPS" 'BEGIN {
  printf "  raw durable INSERT (mariadb-slap, same clients): %d/s; payments are %.1f%% of it\n", raw, 100 * p / raw }'
echo "  payments stored: $stored in ${DURATION}s ($((stored / DURATION))/s), each a new pair; $(cat "$WORK/pay.err")"
awk '/Latency/ { print "  latency: avg " $2 ", max " $4 }' "$WORK/pay.out"
echo "  CPU of the stack (nginx, welfare, MariaDB) per payment: $PAY_CPU us"
if grep -q "Non-2xx" "$WORK/pay.out"; then
  echo "  non-2xx: $(awk '/Non-2xx/ { print $NF }' "$WORK/pay.out")"; status=1
fi
(( stored <= npairs )) || status=1
(( stored / DURATION >= 1000 )) || { echo "  below 1,000 durable payments a second"; status=1; }

exit $status
