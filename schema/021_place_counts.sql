-- 021: a place's passages counted from the index alone (issue 13, found by
-- bench/fstatus.sh on the national data, docs/F_STATUS.md "Speed").
--
-- Since schema/012 an undone passage (cancelled_at) counts for nothing, so
-- every count of a place's passages over a time -- the visitors' total
-- (/f-status/visitors), a trace window's crowd count (f-trace.c), the
-- kiosk's counts of the day (verify.c ST_TODAY_COUNTS) -- tests
-- cancelled_at.  k_place_at (place_id, at) did not hold it, so each
-- counted passage was read from the table by its primary key: 120-180 ms
-- for the 40,000 passages of the busiest checkpoint's day, against 6 ms
-- from the index alone.  With cancelled_at in the key the counts never
-- leave it.  The kiosk's INSERT keeps the same number of indexes; only an
-- undo (rare) now moves a key entry.  Dropped and added in one ALTER: an
-- in-place index build, the table is not copied (90 s for the national
-- 49 million passages, docs/NATIONAL.md) and reads and writes go on
-- meanwhile.
ALTER TABLE passages
  DROP KEY k_place_at,
  ADD KEY k_place_at (place_id, at, cancelled_at);
