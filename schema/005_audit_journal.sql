-- 005: how far each audit journal file has been loaded into audit_log.
--
-- Programs that audit reads on a hot path (the kiosk look-up) append the
-- record to a journal file with one write(2) before they answer, and their
-- loader moves the records here (lib/journal.h, lib/audit.c).  The loader
-- inserts a chunk of records and moves loaded_bytes forward in the same
-- transaction, so a record is loaded exactly once whatever crashes when.
-- file is "<program>/<pid>-<tid>-<start ns>.log"; names are never reused.
CREATE TABLE audit_journal (
  file          VARCHAR(200)    NOT NULL PRIMARY KEY,
  loaded_bytes  BIGINT UNSIGNED NOT NULL,
  updated_at    DATETIME        NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
