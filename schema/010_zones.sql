-- 010: epidemic zones, travel permits, green-lane vehicles, arrivals for
-- the commune police, and offline passages on the worklist (issue 21).
-- docs/ZONES.md tells the rules these tables keep.
--
-- Applied once, in name order on a new stack (before 012 and 013) and
-- after them on an older one: it touches only tables of 001-007.

-- Every change of a unit's level (Resolution 128: 1 green, 2 yellow,
-- 3 orange, 4 red / lockdown), never updated nor deleted.  The level of a
-- unit at a time t is the level of its row with the latest `since` <= t
-- (then the latest change_id); a unit with no such row, or whose row says
-- 0 ("its own level lifted"), takes its parent's at t, up to the
-- province.  `since` may lie ahead (a lockdown announced for midnight) or
-- behind (a change entered late): it is when the level took effect.
-- set_at is when it was entered.  The programs hold the whole table in
-- memory (lib/zones.c) and reload it when the host-wide counter
-- var/run/zones-epoch moves.
CREATE TABLE zone_levels (
  change_id     BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  unit          VARCHAR(5)   NOT NULL,               -- a province, district or commune
  level         TINYINT      NOT NULL,               -- 1..4; 0 = the parent's again
  since         DATETIME     NOT NULL,               -- +07:00, when it takes effect
  note          VARCHAR(500) NOT NULL DEFAULT '',
  set_by        VARCHAR(64)  NOT NULL,
  set_at        DATETIME(3)  NOT NULL,
  KEY k_unit (unit, since, change_id),
  CONSTRAINT c_zone_level CHECK (level BETWEEN 0 AND 4)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Travel permits (giấy đi đường), issued by the police or administrator
-- of a commune or district for a unit of its subtree, revoked with a
-- reason (the row is kept).  The kiosk reads a person's permits valid
-- now with the declaration, by k_person (verify's grouped SELECT).
CREATE TABLE permits (
  permit_id     BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  id_number     VARCHAR(12)  NOT NULL,
  kind          ENUM('shipper','essential','medical','official','other') NOT NULL,
  area          VARCHAR(5)   NOT NULL,               -- the unit where it is valid
  valid_from    DATETIME     NOT NULL,
  valid_to      DATETIME     NOT NULL,
  note          VARCHAR(500) NOT NULL DEFAULT '',
  issued_by     VARCHAR(64)  NOT NULL,
  issued_unit   VARCHAR(5)   NOT NULL,
  issued_at     DATETIME(3)  NOT NULL,
  client_ref    VARCHAR(64)  NULL,                   -- idempotency key of the request
  revoked_at    DATETIME(3)  NULL,
  revoked_by    VARCHAR(64)  NULL,
  revoke_reason VARCHAR(500) NULL,
  UNIQUE KEY u_client_ref (client_ref),
  KEY k_person (id_number, valid_to),
  KEY k_area (area, valid_to),                       -- a unit's permits
  CONSTRAINT c_permit_period CHECK (valid_to > valid_from),
  CONSTRAINT c_permit_revoked CHECK ((revoked_at IS NULL) = (revoked_by IS NULL)
    AND (revoked_at IS NULL) = (revoke_reason IS NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A green-lane vehicle pass: the driver's declaration (its QR is the
-- pass's) and the vehicle.  One pass per declaration.  The depot check
-- is written once (UPDATE ... WHERE depot_checked_at IS NULL): a second
-- check answers the first.
CREATE TABLE vehicle_passes (
  vehicle_pass_id     BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  declaration_id      BIGINT UNSIGNED NOT NULL,      -- the driver's
  plate               VARCHAR(15)  NOT NULL,
  vehicle_kind        ENUM('truck','van','container','tanker','refrigerated','pickup',
                           'other') NOT NULL,
  cargo               VARCHAR(200) NOT NULL,
  co_driver_id_number VARCHAR(12)  NULL,
  created_at          DATETIME     NOT NULL,
  depot_place_id      BIGINT UNSIGNED NULL,
  depot_checked_at    DATETIME(3)  NULL,
  depot_checked_by    VARCHAR(64)  NULL,
  UNIQUE KEY u_declaration (declaration_id),
  CONSTRAINT c_depot CHECK ((depot_checked_at IS NULL) = (depot_place_id IS NULL)
    AND (depot_checked_at IS NULL) = (depot_checked_by IS NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Depots: where green-lane vehicles are checked before they leave.
ALTER TABLE places MODIFY kind ENUM('checkpoint','venue','depot') NOT NULL;

-- The units of an area found by index (lib/area.h KD_AREA_SQL_IN: a
-- district's communes, for the semi-join of the arrivals' list): with it
-- the area's communes are an index merge, not a scan of 11,367 rows (0.6
-- against 7 ms).
ALTER TABLE admin_units ADD KEY k_district (district_code);

-- Arrivals and departures of a commune (/f-status/arrivals): the day of a
-- declaration is its travel date, or the day it was made when it has
-- none.  A virtual column: adding it rebuilds nothing, and each key is
-- built from the rows once.
ALTER TABLE declarations
  ADD COLUMN travel_day DATE AS (COALESCE(travel_date, DATE(created_at))) VIRTUAL,
  ADD KEY k_to_day (to_commune, travel_day),
  ADD KEY k_from_day (from_commune, travel_day);

-- A passage confirmed offline that turned out to be an F0/F1, a death on
-- record or a registry mismatch (passages.followup, schema/012) becomes a
-- task of the police of the checkpoint's commune, made in the upload's
-- transaction (lib/passage.c).  Its status is the most severe such
-- reason; passage_id names it (0 for the tasks of a trace's marks), so
-- that one passage makes one task and a mark's rule (one open task per
-- person and status) is kept as it was.
ALTER TABLE f_tasks
  MODIFY status ENUM('F0','F1','F2','F3','deceased','mismatch','not_found') NOT NULL,
  ADD COLUMN passage_id BIGINT UNSIGNED NOT NULL DEFAULT 0,
  DROP KEY u_open,
  ADD UNIQUE KEY u_open (id_number, status, open, passage_id);
