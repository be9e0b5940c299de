-- 011: what the security review asked for (issue 18; docs/SECURITY.md).

-- Audit rows say from where and as whom: the client's address (nginx's
-- REMOTE_ADDR; '' for rows written before this migration and for tools),
-- and the actor's role and unit at the time, so that an administrator
-- reads the actions of its own subtree (/audit) without asking the
-- directory about every uid.  '' for anonymous actions (a citizen's
-- /declare/find, a failed login, a QR page read).
ALTER TABLE audit_log
  ADD COLUMN source_addr VARCHAR(45) NOT NULL DEFAULT '',
  ADD COLUMN actor_role  VARCHAR(16) NOT NULL DEFAULT '',
  ADD COLUMN actor_unit  VARCHAR(5)  NOT NULL DEFAULT '',
  ADD KEY k_at (at),                                   -- /audit of the country
  ADD KEY k_unit_at (actor_unit, at);                  -- /audit of a subtree

-- Sessions end when idle (lib/role.c: administrators 30 minutes, others 2
-- hours) as well as at expires_at (the absolute limit: administrators 8
-- hours, others 12).  last_seen_at is moved forward at most once a minute
-- (lib/session.c); NULL for sessions made before this migration (their
-- created_at counts).
ALTER TABLE sessions ADD COLUMN last_seen_at DATETIME NULL;

-- Look-ups of a citizen by ID number counted per account and hour
-- (lib/quota.h): the kiosk's look-up (kind 'lookup') and paper entry's
-- registry look-up (kind 'registry').  Rows older than a day are purged
-- by the program as it goes.
CREATE TABLE lookup_quota (
  uid           VARCHAR(64)  NOT NULL,
  kind          VARCHAR(16)  NOT NULL,
  hour          DATETIME     NOT NULL,                 -- the hour's start, +07:00
  count         INT UNSIGNED NOT NULL,
  PRIMARY KEY (uid, kind, hour)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An account whose look-ups in one hour reached the flag level
-- (lookup_flag_per_hour): its unit's administrators see it on
-- /admin-accounts.  One row per account, kind and hour; count is the
-- highest count seen in that hour.
CREATE TABLE lookup_flags (
  flag_id       BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  uid           VARCHAR(64)  NOT NULL,
  role          VARCHAR(16)  NOT NULL,
  unit          VARCHAR(5)   NOT NULL,
  kind          VARCHAR(16)  NOT NULL,
  hour          DATETIME     NOT NULL,
  count         INT UNSIGNED NOT NULL,
  flagged_at    DATETIME     NOT NULL,
  UNIQUE KEY u_flag (uid, kind, hour),
  KEY k_unit_at (unit, flagged_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- POST /declare/find that found nothing, per ID number (as its keyed
-- reference, never in clear): after FIND_MAX_MISSES within the window the
-- number is locked for a while, right answers included (cgi-bin/declare.c).
CREATE TABLE find_misses (
  ref           VARCHAR(40)  NOT NULL PRIMARY KEY,
  misses        INT          NOT NULL,
  locked_until  DATETIME     NULL,
  last_miss     DATETIME     NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
