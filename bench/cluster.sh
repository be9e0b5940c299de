#!/usr/bin/env bash
# bench/cluster.sh (make bench-cluster) — the national benchmark's write
# paths on a three-node Galera cluster beside one node, in the same run:
#
#   POST /declare (durable)      bench/declare_qr.sh
#   POST /verify (durable)       a passage confirmed (bench/verify.sh)
#   POST /welfare/pay (durable)  a payment (bench/welfare_table.sh)
#
# with each stack's ceilings (nginx return 200, the FastCGI hello, a raw
# durable INSERT with mariadb-slap: on the cluster that INSERT is itself
# certified and replicated, so the two raw INSERT lines say what Galera
# costs a bare commit).  Two private stacks are started one after the
# other on free ports under /tmp (the same workers, demo data and durable
# settings; the cluster's nodes have a 96 MB buffer pool each, the single
# server 512 MB), measured with bench/table.sh, stopped and removed.  All
# on one machine: the three nodes share its cores with the programs and
# wrk, so this measures what certification and replication cost, not
# what three machines would give.
#
#   bench/cluster.sh            (DURATION per measurement, default 5 s; CONNS)
#   GALERA_FLUSH=2 bench/cluster.sh   the nodes flush their redo log once a
#                               second instead of at each commit (what the
#                               three fsyncs on one disk cost)
set -uo pipefail
cd "$(dirname "$0")/.."
export DURATION=${DURATION:-5} CONNS=${CONNS:-32}
export RATE_LIMIT_EXEMPT_LOCAL=1
SCENARIOS="ceilings declare_qr verify welfare_table"
OUT=$(mktemp -d /tmp/kd-bench-cluster.XXXXXX)
VAR=""
stop_stack() {
  [[ -n $VAR ]] || return 0
  VAR=$VAR scripts/stack stop > /dev/null 2>&1
  rm -rf "$VAR"
  VAR=""
}
trap 'stop_stack; rm -rf "$OUT"' EXIT

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# run KIND [ENV...]: a private stack of that kind, the scenarios, the
# figures in $OUT/KIND/results.tsv.
run() {
  local kind=$1; shift
  VAR=$(mktemp -d "/tmp/kdbench-$kind.XXXXXX")
  mkdir -p "$OUT/$kind"
  echo "== $kind: starting a private stack in $VAR"
  if ! env VAR="$VAR" PORT="$(free_port)" WORKERS=4 DEMO_CITIZENS=20000 "$@" \
      scripts/stack start > "$OUT/$kind/start.log" 2>&1; then
    cat "$OUT/$kind/start.log"
    echo "bench/cluster.sh: the $kind stack did not start" >&2
    exit 1
  fi
  KD_CONF=$VAR/kiemdich.conf BENCH_OUT=$OUT/$kind SCENARIOS=$SCENARIOS \
    bench/table.sh > "$OUT/$kind/table.log" 2>&1
  tail -n 25 "$OUT/$kind/table.log" | sed -n '/^scenario/,$p'
  stop_stack
}

run single
# The nodes' twelve ports below the ephemeral range (scripts/cluster).
run cluster CLUSTER=1 DB_PORT=$((20000 + RANDOM % 90 * 100))

echo
echo "== write paths: one node beside three Galera nodes (same run, wrk -t2 -c$CONNS -d${DURATION}s)"
awk -F'\t' '
  FNR == 1 { kind = (FILENAME ~ /\/single\//) ? "single" : "cluster" }
  { rps[kind, $1] = $3; p50[kind, $1] = $4; p99[kind, $1] = $5; err[kind, $1] = $6 }
  $1 ~ /^nginx return 200/ { ng[kind] = $3 }
  $1 ~ /^FastCGI hello/ { he[kind] = $3 }
  END {
    n = split("raw durable INSERT (mariadb-slap)|POST /declare (durable)|POST /verify (durable)|POST /welfare/pay (durable)", rows, "|")
    printf "%-36s %22s   %22s   %8s\n", "", "one node", "three Galera nodes", "cluster/"
    printf "%-36s %8s %6s %6s   %8s %6s %6s   %8s\n", "scenario", "req/s", "p50", "p99",
      "req/s", "p50", "p99", "one node"
    for (i = 1; i <= n; i++) {
      r = rows[i]
      if (!(("single", r) in rps) && !(("cluster", r) in rps)) continue
      ratio = rps["single", r] > 0 ? 100 * rps["cluster", r] / rps["single", r] : 0
      printf "%-36s %8d %6s %6s   %8d %6s %6s   %7.0f%%\n", r, rps["single", r], p50["single", r],
        p99["single", r], rps["cluster", r], p50["cluster", r], p99["cluster", r], ratio
    }
    printf "ceilings of the same run: nginx return 200 %d / %d req/s, FastCGI hello %d / %d req/s (one node / cluster stack)\n",
      ng["single"], ng["cluster"], he["single"], he["cluster"]
    printf "(p50/p99 in ms; errors: %d / %d on the write paths)\n",
      err["single", "POST /declare (durable)"] + err["single", "POST /verify (durable)"] + err["single", "POST /welfare/pay (durable)"],
      err["cluster", "POST /declare (durable)"] + err["cluster", "POST /verify (durable)"] + err["cluster", "POST /welfare/pay (durable)"]
  }' "$OUT/single/results.tsv" "$OUT/cluster/results.tsv"
