-- 020: a passage's claim on its declaration row, for a Galera cluster
-- (issue 20, docs/DEPLOYMENT.md).
--
-- One passage per code, place and direction within 5 minutes is checked by
-- reading the recent passages after locking the declaration row (003).
-- A row lock (SELECT ... FOR UPDATE) holds on one node only: two nodes
-- confirming the same code at once would both find none and both insert.
-- So the confirming transaction also writes the declaration row
-- (passage_claims + 1) before it inserts: Galera certifies written rows
-- across the cluster, the second of two concurrent confirmations fails
-- certification (1213), and its retry (lib/db.h kd_db_txn) finds the
-- first passage.  On a single server (wsrep_on off) the lock holds and
-- lib/passage.c does not write the claim (kd_db_replicated).  Not an
-- instant column: the virtual travel_day of schema
-- 010 makes InnoDB rebuild the table in place (minutes for the national
-- 10 million declarations; the kiosk's reads go on meanwhile).
ALTER TABLE declarations
  ADD COLUMN passage_claims INT UNSIGNED NOT NULL DEFAULT 0;
