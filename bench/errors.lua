-- bench/errors.lua - the end of a wrk script that posts: its socket errors
-- on stderr, for the benchmark to print beside its figures (wrk counts the
-- answers that are not 2xx itself: "Non-2xx or 3xx responses").
function done(summary, latency, requests)
  io.stderr:write(string.format("  errors: connect %d, read %d, write %d, status %d, timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
