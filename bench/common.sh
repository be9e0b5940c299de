# bench/common.sh — sourced by every benchmark.  Measures, in the same run,
# the two ceilings every figure is printed beside: nginx's own `return 200`
# and our FastCGI hello-world behind the same nginx.
#
#   KD_URL      base URL of a running stack (default from var/kiemdich.conf)
#   DURATION    seconds per measurement (default 10)
#   CONNS       concurrent connections (default 32)

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
KD_CONF=${KD_CONF:-$ROOT/var/kiemdich.conf}
DURATION=${DURATION:-10}
CONNS=${CONNS:-32}
if [[ -z ${KD_URL:-} ]]; then
  KD_URL="http://127.0.0.1:$(sed -n 's/^http_port *= *//p' "$KD_CONF")"
fi

# conf KEY: a value of the stack's configuration; db ARGS: the mariadb
# client as the database's root over the stack's socket, rows without
# headers.
conf() { sed -n "s/^$1 *= *//p" "$KD_CONF" | head -n1; }
db() { mariadb --no-defaults -uroot --socket="$(conf db_socket)" -N --batch kiemdich "$@"; }

# wrk_rps URL [wrk args...] -> requests per second (integer)
wrk_rps() {
  local url=$1; shift
  wrk -t2 -c"$CONNS" -d"${DURATION}s" "$@" "$url" 2>/dev/null |
    awk '/^Requests\/sec:/ { printf "%d\n", $2 }'
}

# Sets NGINX_RPS and HELLO_RPS.
measure_ceilings() {
  NGINX_RPS=$(wrk_rps "$KD_URL/bench/nginx")
  HELLO_RPS=$(wrk_rps "$KD_URL/hello")
}

# report NAME RPS TARGET -> one line with the ratios to both ceilings
report() {
  local name=$1 rps=$2 target=${3:-}
  awk -v n="$name" -v r="$rps" -v ng="$NGINX_RPS" -v h="$HELLO_RPS" -v t="$target" 'BEGIN {
    printf "%-28s %8d req/s   %5.1f%% of nginx return-200 (%d)   %5.1f%% of FastCGI hello (%d)%s\n",
      n, r, 100*r/ng, ng, 100*r/h, h, (t == "" ? "" : "   target " t)
  }'
}

# --- the stack's database and directory, for setting a benchmark up ------------


# unit_dn CODE -> ou=<commune>,ou=<district>,ou=<province>,ou=units,dc=kiemdich,dc=vn
unit_dn() {
  local code=$1 dn=""
  while [[ -n $code ]]; do
    dn+="ou=$code,"
    code=$(db -e "SELECT COALESCE(parent_code, '') FROM admin_units WHERE code='$code'")
  done
  echo "${dn}ou=units,dc=kiemdich,dc=vn"
}

# bench_account UID ROLE UNIT [PLACE] -> the password of a new account, made
# as the directory's root (no password change due)
bench_account() {
  local uid=$1 role=$2 unit=$3 place=${4:-} rootpw dn pw
  rootpw=$(cat "$(conf var_dir)/ldap/root-password")
  pw="Bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  dn="uid=$uid,$(unit_dn "$unit")"
  {
    printf 'dn: %s\nobjectClass: inetOrgPerson\nobjectClass: kdAccount\n' "$dn"
    printf 'uid: %s\ncn: Bench %s\nsn: Bench\nkdRole: %s\n' "$uid" "$uid" "$role"
    [[ -z $place ]] || printf 'kdPlaceId: %s\n' "$place"
    printf 'userPassword: %s\n' "$pw"
  } | ldapadd -x -H "$(conf ldap_uri)" -D "cn=root,dc=kiemdich,dc=vn" -w "$rootpw" > /dev/null
  ldapmodify -x -H "$(conf ldap_uri)" -D "cn=root,dc=kiemdich,dc=vn" -w "$rootpw" > /dev/null 2>&1 <<LDIF || true
dn: $dn
changetype: modify
delete: pwdReset
LDIF
  echo "$pw"
}

# bench_login UID PASSWORD COOKIE_FILE -> "SID CSRF" of a new session
bench_login() {
  local login csrf sid
  login=$(curl -s -c "$3" -H 'Accept: application/json' \
    --data-urlencode "uid=$1" --data-urlencode "password=$2" "$KD_URL/login")
  csrf=$(sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p' <<< "$login")
  sid=$(awk '$6 == "sid" { print $7 }' "$3")
  [[ -n $csrf && -n $sid ]] || { echo "bench: login of $1 failed: $login" >&2; return 1; }
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
