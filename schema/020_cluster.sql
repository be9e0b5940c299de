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
-- first passage.  An instant column: no table copy.
ALTER TABLE declarations
  ADD COLUMN passage_claims INT UNSIGNED NOT NULL DEFAULT 0, ALGORITHM=INSTANT;
