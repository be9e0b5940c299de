#!/usr/bin/env bash
# bench/verify.sh — the checkpoint kiosk under load (issue #5).
#
#   VAR=/tmp/kdv5 PORT=8190 scripts/stack start
#   KD_CONF=/tmp/kdv5/kiemdich.conf bench/verify.sh
#
# Against a running stack: makes a checkpoint and officer accounts (LDAP,
# as the directory root), BENCH_DECLS declarations (SQL, from the demo
# registry) and their tokens (kd-token-sign --many), logs in, then measures
#   GET  /verify?code=   one officer; one valid code over and over (its
#                        signature checked once, then known: #5's figure,
#                        "GET /verify with an officer session")
#                                                          target >= 40% of hello
#                        then every request a code not used before in the
#                        run, out of BENCH_DECLS (the full Ed25519 check,
#                        the joined SELECT grouped with the other threads'
#                        look-ups, one audit journal line per request; the
#                        rows reaching audit_log are counted): the first
#                        scan of each code, watched against the same 40%
#                        and said when below, but not #5's target
#   GET + POST pairs     scan then confirm: a new code's GET, then the POST
#                        of the same code pipelined behind it (its
#                        signature remembered), passages counted
#   POST /verify fresh   every request a new (code, place) pair: a real
#                        durable INSERT each (flush at commit)      target >= 2,000/s
#   POST /verify repeat  100 codes over and over: the 5-minute rule answers
#                        200 with the first passage (reads, no insert)
# and prints each beside nginx's return-200 and the FastCGI hello measured in
# the same run.  Exit status 1 when a target is missed or errors are seen.
set -euo pipefail

source "$(dirname "$0")/common.sh"
# Enough codes that no round comes back to one already checked, up to about
# 14,000 look-ups a second (each (round, wrk thread) gets 6/7 / 6 of them).
BENCH_DECLS=${BENCH_DECLS:-$((50000 * DURATION))}
OFFICERS=${OFFICERS:-4}
WORK=$(mktemp -d /tmp/kd-bench-verify.XXXXXX)
trap bench_cleanup EXIT

export KD_CONF

# --- accounts: one checkpoint and one officer per place -------------------------
commune=$(db -e "SELECT code FROM admin_units WHERE level='commune' ORDER BY code LIMIT 1")
tag=$(date +%s)
sessions=()
for ((k = 0; k < OFFICERS; k++)); do
  db -e "INSERT INTO places (kind, name, commune, created_by, created_at)
         VALUES ('checkpoint', 'Chốt đo tải $tag-$k', '$commune', 'bench', NOW())"
  place=$(db -e "SELECT MAX(place_id) FROM places")
  pw=$(make_account "bench-$tag-$k" officer "$commune" "$place")
  sessions+=("$(login "bench-$tag-$k" "$pw" "$WORK/cookies.$k")")
done
printf '%s\n' "${sessions[@]}" > "$WORK/sessions"
read -r SID CSRF <<< "${sessions[0]}"

# --- declarations and their tokens ---------------------------------------------
first=$(( $(db -e "SELECT COALESCE(MAX(declaration_id), 0) FROM declarations") + 1 ))
have=$(db -e "SELECT COUNT(*) FROM (SELECT 1 FROM citizens LIMIT $BENCH_DECLS) c")
[[ $have -gt 0 ]] || { echo "bench: the registry is empty (DEMO_CITIZENS)" >&2; exit 1; }
made=0
while [[ $made -lt $BENCH_DECLS ]]; do
  n=$(( BENCH_DECLS - made < have ? BENCH_DECLS - made : have ))
  db -e "INSERT INTO declarations (id_number, full_name, dob, gender, phone, perm_commune,
           perm_address, from_commune, from_address, to_commune, to_address, vaccine_doses,
           source, registry, created_at, expires_at)
         SELECT id_number, full_name, dob, gender, '0912345678', perm_commune, 'Bench',
           perm_commune, 'Bench', perm_commune, 'Bench', 2, 'web', 'matched', NOW(),
           NOW() + INTERVAL 72 HOUR FROM citizens ORDER BY id_number LIMIT $n"
  made=$((made + n))
done
last=$(db -e "SELECT MAX(declaration_id) FROM declarations")
# Auto-increment ids may have gaps between INSERT ... SELECT statements:
# keep only the tokens of ids that exist.
db -e "SELECT declaration_id FROM declarations WHERE declaration_id >= $first" > "$WORK/ids"
"$ROOT/build/bin/kd-token-sign" --many "$first" "$((last - first + 1))" |
  awk -v f="$first" 'NR == FNR { ok[$1] = 1; next } ok[f + FNR - 1]' "$WORK/ids" - > "$WORK/tokens"
count=$(wc -l < "$WORK/tokens")
head -n 100 "$WORK/tokens" > "$WORK/tokens100"
# Six sevenths for the new-code GETs, the last seventh for the scan-then-
# confirm pairs; the one code is the last of the GETs' (never reached).
get_count=$(( count * 6 / 7 ))
head -n "$get_count" "$WORK/tokens" > "$WORK/tokens_get"
tail -n +"$((get_count + 1))" "$WORK/tokens" > "$WORK/tokens_pairs"
CODE=$(tail -n 1 "$WORK/tokens_get")
echo "bench: $count declarations ($first..$last) with tokens, $OFFICERS officers at $OFFICERS checkpoints"

# --- wrk scripts ---------------------------------------------------------------
# Shared by every script: each wrk thread knows its number, and reads the
# token list named by TOKENS.
cat > "$WORK/threads.lua" <<'LUA'
local nthreads = 0
function setup(thread)
  thread:set("id", nthreads)
  nthreads = nthreads + 1
end
local function read_tokens()
  local tokens = {}
  for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
  return tokens
end
LUA

# Shared by get.lua and pairs.lua: the requests are built before the clock
# starts (building one per call costs wrk ~20 us of the two cores' time,
# which would be counted against the server; the ceilings are measured
# without a script).
cat "$WORK/threads.lua" - > "$WORK/prebuilt.lua" <<'LUA'
local built = {}
local counter = 0
function request()
  counter = counter + 1
  return built[(counter - 1) % #built + 1]
end
-- One request per token of this thread's slice: range(#tokens) gives
-- (first, last), make(token) the request.
local function prebuild(range, make)
  local tokens = read_tokens()
  local first, last = range(#tokens)
  for i = first + 1, last do built[#built + 1] = make(tokens[i]) end
end
-- The officer's headers (SID); with csrf, those of a form POST.
local function officer_headers(csrf)
  local h = { ["Cookie"] = "sid=" .. os.getenv("SID"), ["Accept"] = "application/json" }
  if csrf then
    h["X-CSRF-Token"] = csrf
    h["Content-Type"] = "application/x-www-form-urlencoded"
  end
  return h
end
LUA

# Every request a code not used before in this run: the token list is cut
# into 6 slices, one per (round, wrk thread), each walked from its start.
cat "$WORK/prebuilt.lua" - > "$WORK/get.lua" <<'LUA'
function init(args)
  local headers = officer_headers()
  prebuild(function(n)
    local size = math.floor(n / 6)
    local first = ((tonumber(os.getenv("ROUND")) - 1) * 2 + (id or 0)) * size
    return first, first + size
  end, function(token)
    return wrk.format("GET", "/verify?code=" .. token, headers)
  end)
end
LUA

cat "$WORK/threads.lua" - > "$WORK/post.lua" <<'LUA'
-- Each wrk thread walks its own slice of the tokens; each request takes the
-- next (token, officer) pair, so every pair is new until the list ends.
local tokens, sessions = {}, {}
local n = 0
local counter = 0
function init(args)
  tokens = read_tokens()
  for line in io.lines(os.getenv("SESSIONS")) do
    local sid, csrf = line:match("^(%S+) (%S+)$")
    sessions[#sessions + 1] = { sid = sid, csrf = csrf }
  end
  n = #tokens
  counter = math.floor(n / 2) * (id or 0)
end
function request()
  counter = counter + 1
  local i = counter % n
  local s = sessions[(math.floor(counter / n) % #sessions) + 1]
  return wrk.format("POST", "/verify", {
    ["Cookie"] = "sid=" .. s.sid,
    ["X-CSRF-Token"] = s.csrf,
    ["Accept"] = "application/json",
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, "direction=in&code=" .. tokens[i + 1])
end
local statuses = {}
function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  io.stderr:write(string.format("  errors: connect %d, read %d, write %d, status %d, timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
LUA

# Scan then confirm, as at a checkpoint: each write is the GET of a code
# not used before and the POST confirming the same code, pipelined on one
# connection, so nginx answers the GET before it passes the POST on (and
# the POST finds the code's signature remembered).  Each wrk thread walks
# its own half of the list.
cat "$WORK/prebuilt.lua" - > "$WORK/pairs.lua" <<'LUA'
function init(args)
  local get_headers, post_headers = officer_headers(), officer_headers(os.getenv("CSRF"))
  prebuild(function(n)
    local half = math.floor(n / 2)
    return (id or 0) * half, ((id or 0) + 1) * half
  end, function(token)
    return wrk.format("GET", "/verify?code=" .. token, get_headers) ..
      wrk.format("POST", "/verify", post_headers, "direction=in&code=" .. token)
  end)
end
LUA

wrk_run() { wrk_measure "$@"; }
non2xx() { awk '/Non-2xx/ { print $NF }' "$BENCH_OUT/$1.out"; }

measure_ceilings
status=0

# GET: the look-up and the hello alternate, three rounds each, and the
# medians are compared, so that a slow spell of this shared machine weighs
# on both figures alike.  Every look-up must leave one audit row: they go
# through the verify journal, so the rows are counted once the loader has
# caught up.
audit_before=$(db -e "SELECT COUNT(*) FROM audit_log WHERE action='verify'")
gets=() manys=() hellos=() looked_up=0 many_statements=0 many_looked_up=0 most_new=0
# Every prepared statement the server ran (look-ups, and the rare session read).
stmt_executed() { db -e "SHOW GLOBAL STATUS LIKE 'Com_stmt_execute'" | awk '{ print $2 }'; }
counted() { awk '/requests in/ { print $1 }' "$BENCH_OUT/$1.out"; }
for round in 1 2 3; do
  hellos+=("$(wrk_rps "$KD_URL/hello")")
  gets+=("$(wrk_run get "$KD_URL/verify?code=$CODE" -H "Cookie: sid=$SID" -H "Accept: application/json")")
  executed=$(stmt_executed)
  manys+=("$(ROUND=$round TOKENS="$WORK/tokens_get" SID="$SID" wrk_run many "$KD_URL/verify" -s "$WORK/get.lua")")
  most_new=$(( most_new > $(counted many) ? most_new : $(counted many) ))
  many_statements=$(( many_statements + $(stmt_executed) - executed ))
  many_looked_up=$(( many_looked_up + $(counted many) ))
  looked_up=$(( looked_up + $(counted get) + $(counted many) ))
  for run in get many; do
    [[ -z $(non2xx $run) ]] || { echo "  non-2xx ($run): $(non2xx $run)"; status=1; }
    cp "$BENCH_OUT/$run.out" "$BENCH_OUT/$run.$round.out"
  done
  cp "$BENCH_OUT/rps.out" "$BENCH_OUT/hello.$round.out"
done
GET_RPS=$(median "${gets[@]}")
MANY_RPS=$(median "${manys[@]}")
HELLO_RPS=$(median "${hellos[@]}")
# The table's lines are the rounds whose figure is the median.
record "GET /verify (same code)" verify "$(round_of get "$GET_RPS" "${gets[@]}")"
record "GET /verify (new codes)" verify "$(round_of many "$MANY_RPS" "${manys[@]}")"
report "GET /verify (one code)" "$GET_RPS" ">= 40% of hello"
report "GET /verify (new codes)" "$MANY_RPS"
echo "  rounds: one code ${gets[*]}, new codes ${manys[*]}, hello ${hellos[*]} req/s (medians compared)"
echo "  one code: its signature is checked in full once, then found among the good ones (lib/token.c)"
awk -v n="$many_looked_up" -v s="$many_statements" 'BEGIN {
  printf "  new codes: %d look-ups, %d statements at the database (%.1f look-ups each)\n", n, s, n / (s ? s : 1) }'
# Each (round, wrk thread) has get_count/6 codes of its own; beyond them
# it would start again on codes whose signatures are known.
if (( most_new > 2 * (get_count / 6) - 1 )); then
  echo "  new codes: a round made $most_new look-ups for $((2 * (get_count / 6))) codes; some repeated (raise BENCH_DECLS)"
  status=1
else
  echo "  new codes: every look-up a code not checked before in this run (at most $most_new of $((2 * (get_count / 6))) per round)"
fi
at_least_40() { awk -v r="$1" -v h="$HELLO_RPS" 'BEGIN { exit !(r >= 0.4 * h) }'; }
at_least_40 "$GET_RPS" || { echo "  one code: below 40% of hello (#5's target missed)"; status=1; }
# The first scan of a code pays the full Ed25519 check (~60 us of CPU
# here); #5 measures GET /verify with one session and does not ask for it,
# so a miss is said, not failed (docs/KIOSK.md "Speed").
if at_least_40 "$MANY_RPS"; then
  echo "  new codes: at least 40% of hello in this run (the first scan of each code; watched, not #5's target)"
else
  echo "  new codes: below 40% of hello in this run (the first scan of each code; watched, not #5's target)"
fi
for _ in $(seq 1 60); do
  audited=$(( $(db -e "SELECT COUNT(*) FROM audit_log WHERE action='verify'") - audit_before ))
  [[ $audited -ge $looked_up ]] && { sleep 1; audited=$(( $(db -e "SELECT COUNT(*) FROM audit_log WHERE action='verify'") - audit_before )); break; }
  sleep 0.5
done
# wrk counts the answers it read; up to CONNS requests per round were still
# in flight when it stopped, answered (and audited) after it stopped counting.
echo "  audit rows: $audited for $looked_up look-ups counted by wrk (+ up to $((6 * CONNS)) in flight)"
[[ $audited -ge $looked_up && $audited -le $((looked_up + 6 * CONNS)) ]] || status=1

# Scan then confirm: answers per second count both requests of a pair.
mark=$(rows_after passages passage_id)
PAIRS_RPS=$(TOKENS="$WORK/tokens_pairs" SID="$SID" CSRF="$CSRF" wrk_run pairs "$KD_URL/verify" \
  -s "$WORK/pairs.lua")
added=$(rows_after passages passage_id "$mark")
report "GET + POST pairs (answers)" "$PAIRS_RPS"
record "GET + POST /verify (pairs)" verify pairs
echo "  scan then confirm: $added passages in ${DURATION}s ($(( added / DURATION ))/s), each a new code looked up and then confirmed"
[[ -z $(non2xx pairs) ]] || { echo "  non-2xx: $(non2xx pairs)"; status=1; }
(( added <= $(wc -l < "$WORK/tokens_pairs") - 1 )) ||
  { echo "  scan then confirm: the pairs ran out (raise BENCH_DECLS)"; status=1; }

mark=$(rows_after passages passage_id)
POST_RPS=$(TOKENS="$WORK/tokens" SESSIONS="$WORK/sessions" wrk_run post "$KD_URL/verify" \
  -s "$WORK/post.lua")
added=$(rows_after passages passage_id "$mark")
report "POST /verify (fresh insert)" "$POST_RPS" ">= 2000/s"
record "POST /verify (durable)" verify post
echo "  passages inserted: $added in ${DURATION}s ($(( added / DURATION ))/s)"
[[ -z $(non2xx post) ]] || { echo "  non-2xx: $(non2xx post)"; status=1; }
[[ $POST_RPS -ge 2000 ]] || status=1

REPEAT_RPS=$(TOKENS="$WORK/tokens100" SESSIONS="$WORK/sessions" wrk_run repeat \
  "$KD_URL/verify" -s "$WORK/post.lua")
report "POST /verify (repeat, 200)" "$REPEAT_RPS"
record "POST /verify (repeat, 200)" verify repeat
[[ -z $(non2xx repeat) ]] || { echo "  non-2xx: $(non2xx repeat)"; status=1; }
exit $status
