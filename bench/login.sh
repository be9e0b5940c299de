#!/usr/bin/env bash
# bench/login.sh — POST /login under load: one officer account logging in
# again and again (an LDAP bind checking its {ARGON2} password, and a new
# session row committed durably each time), beside the ceilings.
# Target (issue #17): >= 500/s.
set -euo pipefail
source "$(dirname "$0")/common.sh"
WORK=$(mktemp -d /tmp/kd-bench-login.XXXXXX)
trap bench_cleanup EXIT
program_running login || { not_built "POST /login"; exit 0; }

commune=$(db -e "SELECT code FROM admin_units WHERE level='commune' ORDER BY code LIMIT 1")
uid="bench-login-$(date +%s)"
pw=$(make_account "$uid" police "$commune")
login "$uid" "$pw" "$WORK/cookies" > /dev/null     # the account works
cat > "$WORK/login.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.body = "uid=" .. os.getenv("UID_") .. "&password=" .. os.getenv("PW")
LUA
measure_ceilings
before=$(db -e "SELECT COUNT(*) FROM sessions WHERE uid = '$uid'")
RPS=$(UID_=$uid PW=$pw wrk_measure login "$KD_URL/login" -s "$WORK/login.lua")
after=$(db -e "SELECT COUNT(*) FROM sessions WHERE uid = '$uid'")
report "POST /login" "$RPS" ">= 500/s"
echo "  sessions stored: $((after - before))"
record "POST /login" login login
