-- 003: passages through checkpoints and visits to venues; the F status
-- history of citizens.  Issue #5 (verify, paper-entry).

-- One row per confirmed passage.  The officer's place comes from the
-- session, never from the form.  Idempotency (SPEC: the same code at the
-- same place within 5 minutes returns the first passage): the confirming
-- transaction locks the declaration row (SELECT ... FOR UPDATE), then looks
-- for a passage of the same declaration, place and direction in the last 5
-- minutes through k_dedup and inserts only when there is none, so two
-- concurrent identical POSTs are serialised on the declaration row and the
-- second returns the first's passage.
CREATE TABLE passages (
  passage_id     BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  declaration_id BIGINT UNSIGNED NOT NULL,
  id_number      VARCHAR(12)  NOT NULL,               -- the citizen, copied for tracing
  place_id       BIGINT UNSIGNED NOT NULL,
  direction      ENUM('in','out','visit') NOT NULL,
  officer        VARCHAR(64)  NOT NULL,               -- uid of the confirming account
  at             DATETIME(3)  NOT NULL,               -- +07:00 wall clock
  KEY k_dedup (declaration_id, place_id, direction, at),
  KEY k_place_at (place_id, at),                      -- daily report, contacts at a place
  KEY k_citizen_at (id_number, at),                   -- itinerary of a citizen
  KEY k_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- F status history: the current status of a citizen is the newest row
-- (highest set_at, then highest f_status_id).  Written by /f-status; the
-- kiosk only reads the newest.
CREATE TABLE f_status (
  f_status_id    BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  id_number      VARCHAR(12)  NOT NULL,
  status         ENUM('F0','F1','F2','F3','negative','recovered','deceased') NOT NULL,
  note           VARCHAR(500) NOT NULL DEFAULT '',
  died_at        DATETIME     NULL,
  set_by         VARCHAR(64)  NOT NULL,
  set_at         DATETIME(3)  NOT NULL,
  KEY k_citizen (id_number, set_at, f_status_id),
  KEY k_status_at (status, set_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
