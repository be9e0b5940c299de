-- 012: the kiosk's second version (issue 16): passages confirmed offline
-- and sent later, exactly once; undo of a mistaken confirmation; what an
-- offline confirmation turned out to hide; revocations for offline kiosks.

-- device_ref: the offline kiosk's own name for one confirmation (1-64 of
--   A-Za-z0-9_-).  The unique key makes "the same device_ref again answers
--   the first passage" a fact of the database: a queue sent twice, or by
--   two tabs at once, stores one row.  NULL for confirmations that carry
--   none.
-- recorded_at: when the server stored the row.  `at` is when the passage
--   happened: the same for an online confirmation, the scan's time
--   (scanned_at) for one made offline.  Undo counts its 2 minutes from
--   recorded_at.
-- cancelled_at: set by the confirming officer's undo within 2 minutes; the
--   row is kept (audited as passage_undo).  EVERY READER OF passages THAT
--   COUNTS OR TRACES MOVEMENTS ADDS `cancelled_at IS NULL`.
-- offline_reasons: for a passage confirmed offline, the reasons of the
--   verdict (lib/decision.h) that the server found when it arrived and the
--   officer could not see (the offline check knows the code, not the
--   person); NULL for a passage confirmed online, where the officer saw
--   the verdict.
-- followup: 1 when offline_reasons holds F0, F1, deceased, mismatch or
--   not_found: the passage of someone who should have been stopped or
--   looked at twice.  The f-status program lists these rows for the unit
--   of the checkpoint (places.commune in its area) on its worklist,
--   reading each place's recent passages through k_place_at (place_id,
--   at): no index of its own, so that a confirmation, the kiosk's hot
--   INSERT, maintains one index fewer.  NULL otherwise.
ALTER TABLE passages
  ADD COLUMN device_ref      VARCHAR(64)  NULL,
  ADD COLUMN recorded_at     DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  ADD COLUMN cancelled_at    DATETIME(3)  NULL,
  ADD COLUMN offline_reasons SET('F0','F1','deceased','F2','F3','symptoms','exposure',
                                 'mismatch','not_found') NULL,
  ADD COLUMN followup        TINYINT      NULL,
  ADD UNIQUE KEY u_device_ref (device_ref),
  ADD CONSTRAINT c_followup CHECK (followup = 1 OR followup IS NULL);

-- Rows from before: stored when they happened.
UPDATE passages SET recorded_at = at;

-- GET /verify/revoked?since=: the declarations revoked after a time.
ALTER TABLE declarations ADD KEY k_revoked (revoked_at);
