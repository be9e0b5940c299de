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
