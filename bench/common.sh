# bench/common.sh — sourced by every benchmark.  Measures, in the same run,
# the two ceilings every figure is printed beside: nginx's own `return 200`
# and our FastCGI hello-world behind the same nginx.
#
#   KD_URL         base URL of a running stack (default from var/kiemdich.conf)
#   DURATION       seconds per measurement (default 10)
#   CONNS          concurrent connections (default 32)
#   BENCH_RESULTS  when set, a file each measurement is also recorded in,
#                  one line per figure, for bench/table.sh's table

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
KD_CONF=${KD_CONF:-$ROOT/var/kiemdich.conf}
DURATION=${DURATION:-10}
CONNS=${CONNS:-32}
if [[ -z ${KD_URL:-} ]]; then
  KD_URL="http://127.0.0.1:$(sed -n 's/^http_port *= *//p' "$KD_CONF")"
fi
if [[ -z ${BENCH_OUT:-} ]]; then
  BENCH_OUT=$(mktemp -d /tmp/kd-bench-out.XXXXXX)
  BENCH_OUT_MINE=1
fi
# For the scripts' EXIT traps: removes WORK, and BENCH_OUT when it is ours.
bench_cleanup() {
  rm -rf "$WORK"
  [[ -z ${BENCH_OUT_MINE:-} ]] || rm -rf "$BENCH_OUT"
}

conf() { sed -n "s/^$1 *= *//p" "$KD_CONF" | head -n1; }
db() { mariadb --no-defaults -uroot --socket="$(conf db_socket)" -N --batch kiemdich "$@"; }

# wrk_measure NAME URL [wrk args...] -> prints the requests per second;
# wrk's whole output (with its latency distribution) stays in
# $BENCH_OUT/NAME.out for wrk_figures and record.
wrk_measure() {
  local name=$1 url=$2; shift 2
  wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency "$@" "$url" > "$BENCH_OUT/$name.out" 2>&1 || true
  awk '/^Requests\/sec:/ { printf "%d\n", $2 }' "$BENCH_OUT/$name.out"
}

# A figure compared with the hello is measured in rounds that alternate
# with the hello's, three each, and the medians are compared: a slow spell
# of this shared machine then weighs on both alike (bench/verify.sh,
# bench/declare_qr.sh).
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
# round_of NAME MEDIAN VALUES... -> NAME.<the round that measured the median>
round_of() {
  local name=$1 m=$2 i=1; shift 2
  for v in "$@"; do [[ $v == "$m" ]] && { echo "$name.$i"; return; }; i=$((i + 1)); done
}

# wrk_rps URL [wrk args...] -> requests per second (integer)
wrk_rps() {
  local url=$1; shift
  wrk_measure rps "$url" "$@"
}

# wrk_figures FILE -> "RPS P50_MS P99_MS ERRORS REQUESTS": errors are
# socket errors and answers other than 2xx or 3xx.
wrk_figures() {
  awk 'function ms(v) {
         if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0
         if (v ~ /m$/) return v * 60000; if (v ~ /s$/) return v * 1000; return v }
       /^Requests\/sec:/ { rps = $2 }
       /requests in/ { n = $1 }
       /^ +50%/ { p50 = ms($2) }
       /^ +99%/ { p99 = ms($2) }
       /Socket errors:/ { gsub(",", ""); err += $4 + $6 + $8 + $10 }
       /Non-2xx or 3xx responses:/ { err += $NF }
       END { printf "%d %.2f %.2f %d %d\n", rps, p50, p99, err, n }' "$1"
}

# record NAME PROGRAM WRK_OUTPUT_NAME: one line of the table, beside the
# ceilings of this script's run.  PROGRAM is whose workers' memory the
# table shows ("-" for none).
record() {
  [[ -n ${BENCH_RESULTS:-} ]] || return 0
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$(wrk_figures "$BENCH_OUT/$3.out" | tr ' ' '\t')" \
    "${NGINX_RPS:-0}" "${HELLO_RPS:-0}" >> "$BENCH_RESULTS"
}

# rows_after TABLE KEY [MARK] -> without MARK the table's largest KEY (a
# mark); with it, how many rows have a larger one.  A primary-key range,
# where COUNT(*) of 50 million passages would read a whole index.
rows_after() {
  if [[ $# -lt 3 ]]; then
    db -e "SELECT COALESCE(MAX($2), 0) FROM $1"
  else
    db -e "SELECT COUNT(*) FROM $1 WHERE $2 > $3"
  fi
}

# not_built NAME...: the program is not part of this stack yet; its rows
# say so in the table.
not_built() {
  local name
  for name in "$@"; do
    [[ -z ${BENCH_RESULTS:-} ]] || printf '%s\t-\tnot built yet\n' "$name" >> "$BENCH_RESULTS"
    echo "$name: not built yet"
  done
}

# program_running NAME: its supervisor is alive in this stack.
program_running() {
  local pidfile
  pidfile="$(conf var_dir)/run/$1.pid"
  [[ -f $pidfile ]] && kill -0 "$(cat "$pidfile")" 2> /dev/null
}

# wait_idle NAME: waits (up to 120 s) until the program's workers have
# used no CPU for a second.  wrk stops at its time, but nginx has passed on
# requests the workers are still answering (a depth-2 trace takes seconds):
# they would be measured as the next scenario's load, and "RSS after the
# run" would be read in the middle of an answer.
wait_idle() {
  local pidfile before after k
  pidfile="$(conf var_dir)/run/$1.pid"
  [[ -f $pidfile ]] || return 0
  after=$(workers_cpu "$pidfile")
  for ((k = 0; k < 120; k++)); do
    before=$after
    sleep 1
    after=$(workers_cpu "$pidfile")
    [[ $after == "$before" ]] && return 0
  done
  echo "bench: $1 still busy after 120 s" >&2
}

# workers_cpu PIDFILE: the CPU time (ticks) of the supervisor's workers;
# not the audit loader's, which wakes 4 times a second whatever the load.
workers_cpu() {
  local p
  for p in $(pgrep -P "$(cat "$1")"); do cat "/proc/$p/stat" 2> /dev/null; done |
    awk '$2 != "(audit-loader)" { t += $14 + $15 } END { print t + 0 }'
}

# Sets NGINX_RPS and HELLO_RPS.
measure_ceilings() {
  NGINX_RPS=$(wrk_measure nginx "$KD_URL/bench/nginx")
  HELLO_RPS=$(wrk_measure hello "$KD_URL/hello")
}

# report NAME RPS TARGET -> one line with the ratios to both ceilings
report() {
  local name=$1 rps=$2 target=${3:-}
  awk -v n="$name" -v r="$rps" -v ng="$NGINX_RPS" -v h="$HELLO_RPS" -v t="$target" 'BEGIN {
    printf "%-28s %8d req/s   %5.1f%% of nginx return-200 (%d)   %5.1f%% of FastCGI hello (%d)%s\n",
      n, r, 100*r/ng, ng, 100*r/h, h, (t == "" ? "" : "   target " t)
  }'
}

# --- accounts ------------------------------------------------------------------
# The directory entry of a unit: commune code -> ou=...,ou=units,dc=kiemdich,dc=vn
unit_dn() {
  local code=$1 dn=""
  while [[ -n $code ]]; do
    dn+="ou=$code,"
    code=$(db -e "SELECT COALESCE(parent_code, '') FROM admin_units WHERE code='$code'")
  done
  echo "${dn}ou=units,dc=kiemdich,dc=vn"
}

# sample_citizens N -> N citizens of the registry drawn at random, as
# TSV id_number, full_name, dob, gender, perm_commune: for each, the first
# id at or after a random one, one primary-key seek, so that it costs as
# little on 98 million rows as on 20,000 (ORDER BY RAND() reads the whole
# table).  Duplicates are dropped.
sample_citizens() {
  local provinces
  provinces=$(db -e "SELECT code FROM admin_units WHERE level = 'province'" | paste -sd' ' -)
  # A random key shaped like a CCCD (province, century and gender, year,
  # serial), so that it falls inside a populated stretch of ids.
  awk -v n="$(( $1 * 2 ))" -v seed="$RANDOM" -v provinces="$provinces" 'BEGIN {
    srand(seed); np = split(provinces, p, " ")
    for (i = 0; i < n; i++) {
      year = 1930 + int(rand() * 92)
      key = sprintf("0%s%d%02d%06d", p[1 + int(rand() * np)], (year >= 2000 ? 2 : 0) + int(rand() * 2),
                    year % 100, int(rand() * 1e6))
      printf "SELECT id_number, full_name, DATE_FORMAT(dob, \x27%%Y-%%m-%%d\x27), gender, perm_commune FROM citizens WHERE id_number >= \x27%s\x27 ORDER BY id_number LIMIT 1;\n", key
    } }' | db | awk -v n="$1" '!seen[$1]++ && kept++ < n'

}

# make_account UID ROLE UNIT [PLACE_ID] -> prints the new account's
# password.  Written as the directory root, its password reset flag
# cleared, so that it logs in at once.
make_account() {
  local uid=$1 role=$2 unit=$3 place=${4:-} pw dn ldap_uri rootpw
  ldap_uri=$(conf ldap_uri)
  rootpw=$(cat "$(conf var_dir)/ldap/root-password")
  pw="Bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  dn="uid=$uid,$(unit_dn "$unit")"
  {
    printf 'dn: %s\nobjectClass: inetOrgPerson\nobjectClass: kdAccount\n' "$dn"
    printf 'uid: %s\ncn: Bench %s\nsn: Bench\nkdRole: %s\n' "$uid" "$uid" "$role"
    [[ -z $place ]] || printf 'kdPlaceId: %s\n' "$place"
    printf 'userPassword: %s\n' "$pw"
  } | ldapadd -x -H "$ldap_uri" -D "cn=root,dc=kiemdich,dc=vn" -w "$rootpw" > /dev/null
  ldapmodify -x -H "$ldap_uri" -D "cn=root,dc=kiemdich,dc=vn" -w "$rootpw" > /dev/null 2>&1 <<LDIF || true
dn: $dn
changetype: modify
delete: pwdReset
LDIF
  echo "$pw"
}

# login UID PASSWORD COOKIE_FILE -> prints "SID CSRF"
login() {
  local out csrf sid
  out=$(curl -s -c "$3" -H 'Accept: application/json' \
    --data-urlencode "uid=$1" --data-urlencode "password=$2" "$KD_URL/login")
  csrf=$(sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p' <<< "$out")
  sid=$(awk '$6 == "sid" { print $7 }' "$3")
  [[ -n $csrf && -n $sid ]] || { echo "bench: login of $1 failed: $out" >&2; return 1; }
  echo "$sid $csrf"
}

# raw_insert_rps [QUERIES] -> durable single-row INSERTs per second into a
# plain InnoDB table by CONNS clients in autocommit (mariadb-slap, a scratch
# schema it drops): the database's own ceiling for any durable write.
raw_insert_rps() {
  local n=${1:-$((CONNS * 400))}
  mariadb-slap --no-defaults -uroot --socket="$(conf db_socket)" \
    --create-schema=kd_bench_raw --concurrency="$CONNS" --iterations=1 \
    --number-of-queries="$n" \
    --create="CREATE TABLE raw_insert (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, v VARCHAR(64) NOT NULL, at DATETIME(3) NOT NULL) ENGINE=InnoDB" \
    --query="INSERT INTO raw_insert (v, at) VALUES ('bench', NOW(3))" 2>/dev/null |
    awk -v n="$n" '/Average number of seconds/ { printf "%d\n", n / $(NF - 1) }'
}

# wrk_median URL [wrk args...] -> "MEDIAN_MS RPS REQUESTS" (wrk --latency)
wrk_median() {
  local url=$1; shift
  wrk -t"$(( CONNS < 2 ? 1 : 2 ))" -c"$CONNS" -d"${DURATION}s" --latency "$@" "$url" 2>/dev/null | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
                     if (v ~ /s$/) return v * 1000; return v }
    $1 == "50%" { m = ms($2) } /^Requests\/sec:/ { r = $2 } /requests in/ { n = $1 }
    END { printf "%.2f %d %d\n", m, r, n }'
}

# CPU time (user + system, microseconds) of the stack's processes - the
# pids in $VAR/run and their children - for the per-request figures that
# stay meaningful when the machine is shared.
stack_cpu_us() {
  local pids="" p
  for p in $(cat "$(conf var_dir)"/run/*.pid 2>/dev/null); do
    pids="$pids $p $(pgrep -P "$p" | tr '\n' ' ')"
  done
  for p in $pids; do cat "/proc/$p/stat" 2>/dev/null; done |
    awk -v hz="$(getconf CLK_TCK)" '{ t += $14 + $15 } END { printf "%d\n", t / hz * 1e6 }'
}
# cpu_per_request BEFORE_US REQUESTS -> "NNN us of CPU per request"
cpu_per_request() {
  awk -v a="$1" -v b="$(stack_cpu_us)" -v n="$2" 'BEGIN { printf "%d", (n > 0 ? (b - a) / n : 0) }'
}

# --- one client's wait (an officer's), beside the hello's ---------------------------
# latency_scripts DIR: DIR/plain.lua (prints "RESULT requests median p99
# rps non200", ms) and DIR/urls.lua (the same over requests built before
# the clock starts from the paths in $URLS, with $SID's cookie and
# $ACCEPT, taken in turn).
latency_scripts() {
  cp "$(dirname "${BASH_SOURCE[0]}")/result.lua" "$1/plain.lua"
  cat "$1/plain.lua" - > "$1/urls.lua" <<'LUA'
local built = {}
local counter = 0
function init(args)
  local headers = { ["Cookie"] = "sid=" .. os.getenv("SID"), ["Accept"] = os.getenv("ACCEPT") }
  for line in io.lines(os.getenv("URLS")) do
    built[#built + 1] = wrk.format("GET", line, headers)
  end
end
function request()
  counter = counter + 1
  return built[(counter - 1) % #built + 1]
end
LUA
}

# latency_measure NAME SCRIPT [URL] -> "requests median p99 rps non200"
# (ms) over LATENCY_DURATION seconds (default 30) with LATENCY_CONNS
# connections (default 1); wrk's output in $WORK/NAME.out.
latency_measure() {
  local name=$1 script=$2 url=${3:-$KD_URL/}
  wrk -t1 -c"${LATENCY_CONNS:-1}" -d"${LATENCY_DURATION:-30}s" --timeout 30s -s "$script" "$url" \
    > "$WORK/$name.out" 2>&1 || true
  awk '/^RESULT/ { print $2, $3, $4, $5, $6 }' "$WORK/$name.out"
}

# latency_line NAME RESULT TARGET_MS HELLO_RESULT: the figures beside the
# hello's of the same run; 1 when an answer was not 200 or the target
# (a median, "" for none) is missed.
latency_line() {
  local name=$1 target=$3 n med p99 rps non200 hello_med hello_p99 hello_rps
  read -r n med p99 rps non200 <<< "$2"
  read -r _ hello_med hello_p99 hello_rps _ <<< "$4"
  awk -v name="$name" -v n="$n" -v med="$med" -v p99="$p99" -v rps="$rps" \
      -v hm="$hello_med" -v hp="$hello_p99" -v hr="$hello_rps" -v t="$target" \
      -v c="${LATENCY_CONNS:-1}" 'BEGIN {
    printf "%-34s median %8.2f ms  p99 %8.2f ms  %7.1f req/s (%d requests, c=%d) | FastCGI hello: median %.2f ms, p99 %.2f ms, %.0f req/s%s\n",
      name, med, p99, rps, n, c, hm, hp, hr, (t == "" ? "" : "   target median < " t " ms")
  }'
  [[ ${non200:-0} -eq 0 && ${n:-0} -gt 0 ]] || { echo "  answers other than 200: ${non200:-?}"; return 1; }
  [[ -z $target ]] || awk -v m="$med" -v t="$target" 'BEGIN { exit !(m < t) }' ||
    { echo "  target missed"; return 1; }
}
