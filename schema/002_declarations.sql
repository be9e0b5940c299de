-- 002: citizens' declarations (SPEC "The declaration").  Column names are
-- the form's field names; lib/decl.c's field table, INSERT and SELECT list
-- them in the same order (tests/unit/test_decl.c checks that).
-- A declaration is never updated except to revoke it.

CREATE TABLE declarations (
  declaration_id     BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  id_number          VARCHAR(12)  NOT NULL,             -- CCCD (12) or CMND (9)
  full_name          VARCHAR(100) NOT NULL,             -- as typed
  dob                DATE         NOT NULL,
  gender             ENUM('M','F') NOT NULL,
  phone              VARCHAR(10)  NULL,                 -- required on the web form
  perm_commune       VARCHAR(5)   NOT NULL,             -- thường trú
  perm_address       VARCHAR(200) NOT NULL,
  temp_commune       VARCHAR(5)   NULL,                 -- tạm trú
  temp_address       VARCHAR(200) NULL,
  stay_commune       VARCHAR(5)   NULL,                 -- lưu trú
  stay_address       VARCHAR(200) NULL,
  from_commune       VARCHAR(5)   NOT NULL,
  from_address       VARCHAR(200) NOT NULL,
  to_commune         VARCHAR(5)   NOT NULL,
  to_address         VARCHAR(200) NOT NULL,
  travel_date        DATE         NULL,
  vehicle            VARCHAR(16)  NULL,                 -- a code of lib/decl.c
  plate              VARCHAR(15)  NULL,
  fever              TINYINT      NOT NULL DEFAULT 0,
  cough              TINYINT      NOT NULL DEFAULT 0,
  breath             TINYINT      NOT NULL DEFAULT 0,
  sore_throat        TINYINT      NOT NULL DEFAULT 0,
  taste_smell        TINYINT      NOT NULL DEFAULT 0,
  contact_f0         TINYINT      NOT NULL DEFAULT 0,
  from_epidemic_zone TINYINT      NOT NULL DEFAULT 0,
  vaccine_doses      TINYINT      NOT NULL DEFAULT 0,
  client_ref         VARCHAR(64)  NULL,                 -- idempotency key
  source             ENUM('web','paper') NOT NULL,
  entered_by         VARCHAR(64)  NULL,                 -- officer uid for paper
  registry           ENUM('matched','mismatch','not_found') NOT NULL,
  created_at         DATETIME     NOT NULL,
  expires_at         DATETIME     NOT NULL,             -- created_at + 72 h
  revoked_at         DATETIME     NULL,
  UNIQUE KEY u_client_ref (client_ref),
  KEY k_id_number (id_number, created_at),     -- find again; a person's history
  CONSTRAINT c_flags CHECK (fever IN (0,1) AND cough IN (0,1) AND breath IN (0,1)
    AND sore_throat IN (0,1) AND taste_smell IN (0,1) AND contact_f0 IN (0,1)
    AND from_epidemic_zone IN (0,1)),
  CONSTRAINT c_doses CHECK (vaccine_doses BETWEEN 0 AND 4),
  CONSTRAINT c_expiry CHECK (expires_at > created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
