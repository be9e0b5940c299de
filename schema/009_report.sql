-- 009: vaccinations, the daily report's summary tables, and the indexes
-- the daily job's retention reads by (issue 15, the report program;
-- docs/REPORT.md).

-- One row per citizen and dose, loaded by `make import-vaccinations`
-- (tools/vaccination-import.c).  A dose imported again replaces its date,
-- vaccine and place, so an import is idempotent.  No link to citizens: a
-- dose of someone the registry lacks is kept (the kiosk shows it); the
-- coverage counts residents of the registry only.
CREATE TABLE vaccinations (
  id_number      VARCHAR(12)  NOT NULL,
  dose           TINYINT UNSIGNED NOT NULL,           -- 1 first, 2 second, 3-4 boosters
  given_on       DATE         NOT NULL,
  vaccine        VARCHAR(40)  NOT NULL,
  place          VARCHAR(200) NULL,                   -- where, when the file says
  PRIMARY KEY (id_number, dose),
  CONSTRAINT c_vaccination_dose CHECK (dose BETWEEN 1 AND 4)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Each vaccinated citizen's doses, for the kiosk (a primary-key read
-- joined in verify's look-up, as f_current is for the F status) and the
-- coverage (first_on and second_on say when a person reached one and two
-- doses, so a day's coverage counts only doses given by then).  Kept by
-- the triggers below whoever writes vaccinations: a new dose adds itself
-- without reading the others (the import's path); a changed or removed
-- dose recounts that citizen.
CREATE TABLE vaccination_people (
  id_number      VARCHAR(12)  NOT NULL PRIMARY KEY,
  doses          TINYINT UNSIGNED NOT NULL,
  first_on       DATE         NOT NULL,               -- the earliest dose's day
  second_on      DATE         NULL                    -- the second earliest's
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

DELIMITER //
CREATE PROCEDURE vaccination_recount(IN who VARCHAR(12))
BEGIN
  DELETE FROM vaccination_people WHERE id_number = who;
  INSERT INTO vaccination_people (id_number, doses, first_on, second_on)
  SELECT who, COUNT(*), MIN(given_on),
         (SELECT s.given_on FROM vaccinations s WHERE s.id_number = who
           ORDER BY s.given_on, s.dose LIMIT 1 OFFSET 1)
    FROM vaccinations WHERE id_number = who HAVING COUNT(*) > 0;
END//

-- second_on is assigned before first_on: it reads the old first_on.
CREATE TRIGGER vaccination_added AFTER INSERT ON vaccinations FOR EACH ROW
BEGIN
  INSERT INTO vaccination_people (id_number, doses, first_on, second_on)
  VALUES (NEW.id_number, 1, NEW.given_on, NULL)
  ON DUPLICATE KEY UPDATE
    second_on = IF(NEW.given_on < first_on, first_on,
                   IF(second_on IS NULL OR NEW.given_on < second_on, NEW.given_on, second_on)),
    first_on = LEAST(first_on, NEW.given_on),
    doses = doses + 1;
END//

CREATE TRIGGER vaccination_changed AFTER UPDATE ON vaccinations FOR EACH ROW
BEGIN
  IF NOT (OLD.id_number <=> NEW.id_number AND OLD.given_on <=> NEW.given_on) THEN
    CALL vaccination_recount(OLD.id_number);
    IF NOT OLD.id_number <=> NEW.id_number THEN
      CALL vaccination_recount(NEW.id_number);
    END IF;
  END IF;
END//

CREATE TRIGGER vaccination_removed AFTER DELETE ON vaccinations FOR EACH ROW
BEGIN
  CALL vaccination_recount(OLD.id_number);
END//
DELIMITER ;

-- The coverage counted per commune, for the daily job: residents (the
-- registry's perm_commune), and how many of them reached a first and a
-- second dose on each day (a day's coverage sums the days up to it).
-- Counting them from the whole registry is minutes at national scale, so
-- they are recounted after each change of the registry or of the doses
-- (kd_coverage_refresh, lib/coverage.h: the two importers call it at
-- their end; `report --coverage` runs it by hand) instead of every night.
CREATE TABLE coverage_residents (
  commune        VARCHAR(5)   NOT NULL PRIMARY KEY,
  residents      INT UNSIGNED NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE coverage_doses (
  commune        VARCHAR(5)   NOT NULL,
  day            DATE         NOT NULL,
  first          INT UNSIGNED NOT NULL,               -- residents whose first dose was that day
  second         INT UNSIGNED NOT NULL,               -- whose second
  PRIMARY KEY (commune, day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO coverage_residents (commune, residents)
SELECT perm_commune, COUNT(*) FROM citizens GROUP BY perm_commune;

-- The days the daily job has computed: when, in how long.  The report
-- page says when a day has no figures yet.
CREATE TABLE report_days (
  day            DATE         NOT NULL PRIMARY KEY,
  computed_at    DATETIME     NOT NULL,
  took_ms        INT UNSIGNED NOT NULL,
  passages       INT UNSIGNED NOT NULL,               -- read that day
  scans          INT UNSIGNED NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A unit's figures of a day: its communes' sums (the country is unit '').
-- Passages are the day's; the other figures are the stock at the end of
-- the day (F status as of then, welfare registered and paid by then,
-- residents and those vaccinated by then).  A unit with no figure at all
-- has no row.  parent: '' for a province, NULL for the country.
CREATE TABLE report_units (
  unit           VARCHAR(5)   NOT NULL,
  day            DATE         NOT NULL,
  parent         VARCHAR(5)   NULL,
  n_in           INT UNSIGNED NOT NULL DEFAULT 0,
  n_out          INT UNSIGNED NOT NULL DEFAULT 0,
  n_visit        INT UNSIGNED NOT NULL DEFAULT 0,
  f0             INT UNSIGNED NOT NULL DEFAULT 0,
  f1             INT UNSIGNED NOT NULL DEFAULT 0,
  f2             INT UNSIGNED NOT NULL DEFAULT 0,
  f3             INT UNSIGNED NOT NULL DEFAULT 0,
  recovered      INT UNSIGNED NOT NULL DEFAULT 0,
  deceased       INT UNSIGNED NOT NULL DEFAULT 0,
  welfare_registered INT UNSIGNED NOT NULL DEFAULT 0,
  welfare_paid   INT UNSIGNED NOT NULL DEFAULT 0,
  welfare_amount BIGINT UNSIGNED NOT NULL DEFAULT 0,  -- VND
  residents      INT UNSIGNED NOT NULL DEFAULT 0,
  dose1          INT UNSIGNED NOT NULL DEFAULT 0,
  dose2          INT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (day, unit),
  KEY k_unit (unit, day),
  KEY k_parent (parent, day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A place's day: its passages by direction, and for the checkpoint page
-- its scans, paper entries and queue: slowest_ms is its slowest hour's
-- median from scan to confirmation (NULL: no scan was confirmed).
CREATE TABLE report_places (
  place_id       BIGINT UNSIGNED NOT NULL,
  day            DATE         NOT NULL,
  commune        VARCHAR(5)   NOT NULL,
  n_in           INT UNSIGNED NOT NULL DEFAULT 0,
  n_out          INT UNSIGNED NOT NULL DEFAULT 0,
  n_visit        INT UNSIGNED NOT NULL DEFAULT 0,
  scans          INT UNSIGNED NOT NULL DEFAULT 0,
  paper          INT UNSIGNED NOT NULL DEFAULT 0,
  slowest_ms     INT UNSIGNED NULL,
  PRIMARY KEY (day, place_id),
  KEY k_commune (commune, day),
  KEY k_queue (day, slowest_ms)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A place's hour (0-23, +07:00): scans (kiosk look-ups), passages, paper
-- entries, and the median from a scan to its confirmation over the
-- passages confirmed in that hour that were paired with a scan
-- (docs/REPORT.md "Pairing a scan with its confirmation").
CREATE TABLE report_hours (
  place_id       BIGINT UNSIGNED NOT NULL,
  day            DATE         NOT NULL,
  hour           TINYINT UNSIGNED NOT NULL,
  scans          INT UNSIGNED NOT NULL DEFAULT 0,
  passages       INT UNSIGNED NOT NULL DEFAULT 0,
  paper          INT UNSIGNED NOT NULL DEFAULT 0,
  paired         INT UNSIGNED NOT NULL DEFAULT 0,
  median_ms      INT UNSIGNED NULL,
  PRIMARY KEY (day, place_id, hour),
  CONSTRAINT c_report_hour CHECK (hour < 24)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The daily job reads a day's kiosk look-ups and paper entries from
-- audit_log (from the index alone: a million look-ups a day), and
-- retention deletes old look-ups, by action and time.
ALTER TABLE audit_log ADD KEY k_action_at (action, at, place_id, target);

-- Retention deletes declarations whose validity ended before the cutoff
-- (then every passage of theirs is older too).
ALTER TABLE declarations ADD KEY k_expires (expires_at);
