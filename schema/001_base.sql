-- 001: administrative units, population registry, places, sessions, audit.
-- Times are stored as Asia/Ho_Chi_Minh wall-clock (+07:00, no DST): every
-- connection sets time_zone = '+07:00'.

CREATE TABLE admin_units (
  code          VARCHAR(5)   NOT NULL PRIMARY KEY,  -- 2/3/5 digits: unique across levels by length
  level         ENUM('province','district','commune') NOT NULL,
  name          VARCHAR(100) NOT NULL,               -- without the type word
  type          VARCHAR(40)  NOT NULL,               -- Tỉnh, Huyện, Xã, ...
  parent_code   VARCHAR(5)   NULL,
  province_code CHAR(2)      NOT NULL,
  district_code CHAR(3)      NULL,
  KEY k_parent (parent_code),
  KEY k_province (province_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Stands in for the national population database.
CREATE TABLE citizens (
  id_number     VARCHAR(12)  NOT NULL PRIMARY KEY,   -- 12-digit CCCD or 9-digit CMND
  full_name     VARCHAR(100) NOT NULL,
  dob           DATE         NOT NULL,
  gender        ENUM('M','F') NOT NULL,
  perm_commune  VARCHAR(5)   NOT NULL,
  KEY k_commune (perm_commune)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Checkpoints and venues; accounts carry the place_id in LDAP.
CREATE TABLE places (
  place_id      BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind          ENUM('checkpoint','venue') NOT NULL,
  name          VARCHAR(200) NOT NULL,
  commune       VARCHAR(5)   NOT NULL,
  address       VARCHAR(255) NOT NULL DEFAULT '',
  created_by    VARCHAR(64)  NOT NULL,
  created_at    DATETIME     NOT NULL,
  KEY k_commune (commune)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Officer sessions.  The cookie holds a random id; only its SHA-256 is
-- stored, so a copy of this table does not let anyone log in.
CREATE TABLE sessions (
  sid_hash      BINARY(32)   NOT NULL PRIMARY KEY,
  uid           VARCHAR(64)  NOT NULL,
  role          VARCHAR(16)  NOT NULL,
  unit          VARCHAR(5)   NOT NULL,               -- '' = the whole country
  place_id      BIGINT UNSIGNED NULL,
  csrf          CHAR(43)     NOT NULL,
  created_at    DATETIME     NOT NULL,
  expires_at    DATETIME     NOT NULL,
  KEY k_expires (expires_at),
  KEY k_uid (uid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Failed logins per account, for the temporary lock-out.
CREATE TABLE login_failures (
  uid           VARCHAR(64)  NOT NULL PRIMARY KEY,
  failures      INT          NOT NULL,
  locked_until  DATETIME     NULL,
  last_failure  DATETIME     NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Who did what to whom, when, from where.  Never personal data in detail:
-- targets are ids (declaration id, uid, place id), not names.
CREATE TABLE audit_log (
  audit_id      BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at            DATETIME(3)  NOT NULL,
  actor         VARCHAR(64)  NOT NULL,
  action        VARCHAR(32)  NOT NULL,
  target_kind   VARCHAR(16)  NOT NULL DEFAULT '',
  target        VARCHAR(64)  NOT NULL DEFAULT '',
  place_id      BIGINT UNSIGNED NULL,
  detail        VARCHAR(255) NOT NULL DEFAULT '',
  KEY k_actor (actor, at),
  KEY k_target (target_kind, target)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
