#!/usr/bin/env bash
# bench/ceilings.sh — the three ceilings of the table: nginx's own
# `return 200` (/bench/nginx), the FastCGI hello behind the same nginx
# (/hello), and a raw durable single-row INSERT into MariaDB with
# mariadb-slap over the stack's own server (same settings: flush at each
# commit), CONNS clients.  Each scenario script measures nginx and the
# hello again beside its own figures; this is the run's first look.
set -euo pipefail
source "$(dirname "$0")/common.sh"
WORK=$(mktemp -d /tmp/kd-bench-ceil.XXXXXX)
trap bench_cleanup EXIT

measure_ceilings
report "nginx return 200" "$NGINX_RPS"
report "FastCGI hello" "$HELLO_RPS"
record "nginx return 200 (/bench/nginx)" - nginx
record "FastCGI hello (/hello)" hello hello

# About DURATION seconds of inserts at 3,000 a second.
queries=$((3000 * DURATION))
mariadb-slap --no-defaults -uroot --socket="$(conf db_socket)" --create-schema=kd_bench_slap \
  --concurrency="$CONNS" --number-of-queries="$queries" --iterations=1 \
  --create="CREATE TABLE t (id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(64)) ENGINE=InnoDB" \
  --query="INSERT INTO t (v) VALUES ('kiemdich')" > "$WORK/slap.out" 2>&1
secs=$(awk '/Average number of seconds/ { print $(NF - 1) }' "$WORK/slap.out")
[[ -n $secs ]] || { cat "$WORK/slap.out" >&2; exit 1; }
SLAP_RPS=$(awk -v q="$queries" -v s="$secs" 'BEGIN { printf "%d", q / s }')
report "MariaDB INSERT (slap)" "$SLAP_RPS"
echo "  mariadb-slap: $queries single-row autocommit INSERTs by $CONNS clients in $secs s" \
  "(innodb_flush_log_at_trx_commit=$(db -e 'SELECT @@innodb_flush_log_at_trx_commit'))"
[[ -z ${BENCH_RESULTS:-} ]] ||
  printf 'raw durable INSERT (mariadb-slap)\t-\t%s\t-\t-\t0\t0\t%s\t%s\n' "$SLAP_RPS" \
    "$NGINX_RPS" "$HELLO_RPS" >> "$BENCH_RESULTS"
