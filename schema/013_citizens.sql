-- 013: citizens and administrators, second version (issue 19).

-- A family declared from one phone (lib/household.h): one row per
-- household and one per member, the member's own declaration holding the
-- personal data.  client_ref is the family's idempotency key: the same
-- key again answers the same declarations (the unique key decides,
-- not a look-up first).  Nothing personal here.
CREATE TABLE households (
  household_id   BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  client_ref     VARCHAR(64)  NULL,
  source         ENUM('web','paper') NOT NULL,
  entered_by     VARCHAR(64)  NULL,                 -- officer uid for paper
  members        TINYINT UNSIGNED NOT NULL,
  created_at     DATETIME     NOT NULL,
  expires_at     DATETIME     NOT NULL,
  UNIQUE KEY u_client_ref (client_ref),
  CONSTRAINT c_members CHECK (members BETWEEN 1 AND 10)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE household_members (
  household_id   BIGINT UNSIGNED NOT NULL,
  member_no      TINYINT UNSIGNED NOT NULL,          -- 1..10, as on the form
  declaration_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (household_id, member_no),
  UNIQUE KEY u_declaration (declaration_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The last successful login of each account (written by login, shown to
-- administrators).  Kept apart from audit_log, whose rows age out and
-- where an officer's logins hide among thousands of look-ups.
CREATE TABLE account_logins (
  uid            VARCHAR(64)  NOT NULL PRIMARY KEY,
  last_login_at  DATETIME     NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A place an administrator retires (a checkpoint taken down) keeps its
-- row, its passages and its reports; it is no longer offered for
-- accounts nor assignable.
ALTER TABLE places ADD COLUMN retired_at DATETIME NULL;
