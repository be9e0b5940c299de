-- 007: welfare support (issue #14): programs, the people registered for
-- them at the commune where they live, and payments -- one live payment
-- per citizen and program in the whole country, kept by a unique key.

-- A support programme (Resolution 68, 116, a province's own).  province
-- NULL: national (made by the national administrator); else the province
-- whose police may register and pay under it.  categories: the kinds of
-- person who qualify; the codes are those of cgi-bin/welfare.c's table.
CREATE TABLE welfare_programs (
  program_id     BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name           VARCHAR(200) NOT NULL,
  amount         BIGINT UNSIGNED NOT NULL,            -- VND, the most one person gets
  start_date     DATE         NOT NULL,
  end_date       DATE         NOT NULL,
  province       CHAR(2)      NULL,
  categories     SET('worker_suspended','free_worker','household_business',
                     'f0_f1','child','elderly','poor_household','disabled',
                     'homeless','other') NOT NULL,
  created_by     VARCHAR(64)  NOT NULL,
  created_at     DATETIME     NOT NULL,
  KEY k_province (province),
  CONSTRAINT c_program_amount CHECK (amount > 0),
  CONSTRAINT c_program_dates CHECK (end_date >= start_date),
  CONSTRAINT c_program_categories CHECK (categories <> '')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A citizen registered for a programme by the police of the commune where
-- they live now (residence: permanent, temporary, stay; a homeless person
-- where they are).  full_name is the population registry's, checked at
-- registration.  A person may be registered in more than one commune (a
-- permanent and a temporary residence): the payment, not the
-- registration, is once in the country.  The same commune again is the
-- same row (u_commune), so a repeated registration is answered, not doubled.
CREATE TABLE welfare_beneficiaries (
  beneficiary_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  program_id     BIGINT UNSIGNED NOT NULL,
  id_number      VARCHAR(12)  NOT NULL,
  full_name      VARCHAR(100) NOT NULL,
  commune        VARCHAR(5)   NOT NULL,
  residence      ENUM('perm','temp','stay','homeless') NOT NULL,
  category       VARCHAR(32)  NOT NULL,
  note           VARCHAR(500) NOT NULL DEFAULT '',
  registered_by  VARCHAR(64)  NOT NULL,
  registered_at  DATETIME(3)  NOT NULL,
  UNIQUE KEY u_commune (program_id, id_number, commune),
  KEY k_commune (commune, program_id, beneficiary_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Payments.  A reversal keeps the row (reversed_at, reversed_by, reason).
--
-- One live payment per citizen and programme, in the whole country: live
-- is 1 while the payment stands and NULL once it is reversed (a generated
-- column, so it cannot disagree with reversed_at), and u_one_live is
-- unique over (program_id, id_number, live).  A unique key never sees two
-- NULLs as equal, so any number of reversed payments sit beside at most
-- one live one.  Two communes paying the same person at the same moment
-- both INSERT; InnoDB lets the first commit and gives the other error
-- 1062.  (A separate table of live payments would do the same with a
-- second INSERT per payment and a DELETE per reversal; see docs/WELFARE.md.)
CREATE TABLE welfare_payments (
  payment_id     BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  program_id     BIGINT UNSIGNED NOT NULL,
  id_number      VARCHAR(12)  NOT NULL,
  beneficiary_id BIGINT UNSIGNED NOT NULL,
  commune        VARCHAR(5)   NOT NULL,               -- the beneficiary's, copied
  amount         BIGINT UNSIGNED NOT NULL,            -- VND
  paid_on        DATE         NOT NULL,               -- the day the money was handed over
  paid_by        VARCHAR(64)  NOT NULL,               -- uid of the police account
  paid_at        DATETIME(3)  NOT NULL,               -- when it was recorded
  client_ref     VARCHAR(64)  NULL,                   -- idempotency key of the request
  reversed_at    DATETIME(3)  NULL,
  reversed_by    VARCHAR(64)  NULL,
  reverse_reason VARCHAR(500) NULL,
  live           TINYINT AS (IF(reversed_at IS NULL, 1, NULL)) PERSISTENT,
  UNIQUE KEY u_one_live (program_id, id_number, live),
  UNIQUE KEY u_client_ref (client_ref),
  -- The public page of a commune: its rows in order (covering, with the
  -- program filter) and its totals per program (covering).
  KEY k_commune_list (commune, live, paid_on, payment_id, program_id),
  KEY k_commune_totals (commune, live, program_id, amount),
  CONSTRAINT c_payment_amount CHECK (amount > 0),
  CONSTRAINT c_payment_reversal CHECK ((reversed_at IS NULL) = (reversed_by IS NULL)
    AND (reversed_at IS NULL) = (reverse_reason IS NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
