-- bench/result.lua - the end of a wrk script that measures a wait: one
-- line "RESULT requests median_ms p99_ms req/s non-2xx" for the benchmark
-- to read (bench/common.sh's latency_scripts, bench/report.sh).
function done(summary, latency, requests)
  io.write(string.format("RESULT %d %.2f %.2f %.1f %d\n", summary.requests,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1000000), summary.errors.status))
end
