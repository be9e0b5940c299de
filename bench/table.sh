#!/usr/bin/env bash
# bench/table.sh — every scenario against one running stack (KD_CONF), then
# one table: requests per second, p50/p99 latency, errors, each figure as a
# share of the ceilings measured by the same script just before it (nginx
# `return 200`, the FastCGI hello; durable writes also against the raw
# mariadb-slap INSERT of this run), the largest RSS of the program's
# workers after the run, and the targets of issue #17 with how far a
# missed one is off.  A program the stack does not run is "not built
# yet" and has no target to miss.  Exit status 1 when a target of a
# program that exists is missed.
#
#   KD_CONF=/tmp/x/kiemdich.conf bench/table.sh       (make bench starts one)
#   SCENARIOS="ceilings login" bench/table.sh         a few only
set -uo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
export KD_CONF KD_URL DURATION CONNS BENCH_OUT
export BENCH_RESULTS=$BENCH_OUT/results.tsv
: > "$BENCH_RESULTS"
SCENARIOS=${SCENARIOS:-ceilings declare_qr verify login fstatus_table welfare_table report_table}

# Targets (issue #17): NAME<TAB>kind<TAB>value; kind "hello" = percent of
# the hello of the same script, "rps" = requests per second.
TARGETS=$(printf '%s\n' \
  $'POST /declare (durable)\thello\t40' \
  $'POST /declare (durable)\trps\t2000' \
  $'GET /qr/<token>.png\thello\t60' \
  $'GET /verify (same code)\thello\t60' \
  $'GET /verify (new codes)\thello\t40' \
  $'POST /verify (durable)\trps\t2000' \
  $'POST /login\trps\t500')
# Largest RSS a worker may have after the run, MB: verify's one process
# holds 32 threads (their stacks and the remembered signatures).
RSS_LIMIT_MB=10
RSS_LIMIT_VERIFY_MB=40

machine="$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)"
echo "bench: $KD_URL, wrk -t2 -c$CONNS -d${DURATION}s, $machine," \
  "$(db -e 'SELECT COUNT(*) FROM (SELECT 1 FROM citizens LIMIT 1000000) c') citizens (first million counted)," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
for s in $SCENARIOS; do
  echo "== bench/$s.sh"
  bash "bench/$s.sh" || { echo "bench/$s.sh: exit $?"; status=1; }
done

# RSS of each program's workers (the supervisor's children), MB, once
# every program has answered what it was still given.
for p in login declare qr verify paper-entry f-status welfare report admin-accounts hello; do
  wait_idle "$p"
done
rss_of() {
  local pidfile pid kb max=0
  pidfile="$(conf var_dir)/run/$1.pid"
  [[ -f $pidfile ]] || { echo "-"; return; }
  for pid in $(pgrep -P "$(cat "$pidfile")"); do
    kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2> /dev/null)
    [[ -n $kb && $kb -gt $max ]] && max=$kb
  done
  awk -v k="$max" 'BEGIN { printf "%.1f", k / 1024 }'
}
rss=""
for p in login declare qr verify paper-entry f-status welfare report admin-accounts hello; do
  rss+="$p"$'\t'"$(rss_of "$p")"$'\n'
done
slap=$(awk -F'\t' '$1 ~ /mariadb-slap/ { print $3 }' "$BENCH_RESULTS")

echo
awk -F'\t' -v targets="$TARGETS" -v rss="$rss" -v slap="${slap:-0}" \
    -v lim="$RSS_LIMIT_MB" -v limv="$RSS_LIMIT_VERIFY_MB" '
BEGIN {
  n = split(targets, t, "\n")
  for (i = 1; i <= n; i++) { split(t[i], f, "\t"); tk[f[1], ++tc[f[1]]] = f[2]; tv[f[1], tc[f[1]]] = f[3] }
  n = split(rss, r, "\n")
  for (i = 1; i <= n; i++) { split(r[i], f, "\t"); mem[f[1]] = f[2] }
  printf "%-36s %9s %8s %8s %6s %8s %8s %8s %8s  %s\n", "scenario", "req/s", "p50 ms", "p99 ms",
    "errors", "%nginx", "%hello", "%insert", "RSS MB", "targets"
  missed = 0
}
function verdict(name, rps, ofhello,   i, s, want, got, short) {
  s = ""
  for (i = 1; i <= tc[name]; i++) {
    want = tv[name, i]
    got = tk[name, i] == "hello" ? ofhello : rps
    unit = tk[name, i] == "hello" ? "% of hello" : "/s"
    if (got >= want) s = s sprintf("%s>=%s%s met; ", "", want, unit)
    else { short = 100 * (1 - got / want); s = s sprintf(">=%s%s MISSED by %.0f%%; ", want, unit, short); missed = 1 }
  }
  return s
}
$3 == "not built yet" { printf "%-36s %9s\n", $1, "not built yet"; next }
{
  name = $1; prog = $2; rps = $3; p50 = $4; p99 = $5; err = $6; ng = $8; he = $9
  ofng = ng > 0 ? sprintf("%.1f", 100 * rps / ng) : "-"
  ofhe = he > 0 ? 100 * rps / he : 0
  ofins = (name ~ /durable/ && slap > 0) ? sprintf("%.0f", 100 * rps / slap) : ""
  m = (prog in mem) ? mem[prog] : ""
  v = verdict(name, rps, ofhe)
  if (err > 0) { v = v sprintf("%d errors: MISSED; ", err); missed = 1 }
  if (m != "" && m != "-") {
    limit = prog == "verify" ? limv : lim
    if (m + 0 >= limit) { v = v sprintf("RSS < %d MB MISSED by %.0f%%; ", limit, 100 * (m / limit - 1)); missed = 1 }
  }
  printf "%-36s %9d %8s %8s %6d %8s %8s %8s %8s  %s\n", name, rps, p50, p99, err, ofng,
    (he > 0 ? sprintf("%.1f", ofhe) : "-"), ofins, m, v
}
END { exit missed }' "$BENCH_RESULTS" || status=1
echo
echo "RSS after the run (largest worker, MB; target < $RSS_LIMIT_MB, verify < $RSS_LIMIT_VERIFY_MB):" \
  "$(printf '%s' "$rss" | awk -F'\t' 'NF == 2 && $2 != "-" { printf "%s %s  ", $1, $2 }')"
printf '%s' "$rss" | awk -F'\t' -v lim="$RSS_LIMIT_MB" -v limv="$RSS_LIMIT_VERIFY_MB" '
  NF == 2 && $2 != "-" && $2 + 0 >= ($1 == "verify" ? limv : lim) { print "  " $1 ": over its RSS target"; bad = 1 }
  END { exit bad }' || status=1
exit $status
