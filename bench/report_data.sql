-- bench/report_data.sql - one synthetic day for bench/report.sh, at any
-- scale, until the national data (`make national-data`) is there.  Run by
-- the bench with @day (YYYY-MM-DD) and @passages set; everything it makes
-- is tagged 'bench-rp' and can be removed by the DELETEs at the end of this
-- comment.
--
-- The model:
--   - places: 26,616 (6,616 checkpoints and 20,000 venues, the national
--     figures), spread over every commune in code order (every unit of the
--     country gets some), every fourth one a checkpoint;
--   - people: @passages / 5, ids '0019' + 8 digits (a century digit the
--     demo registry never uses), one declaration each, a tenth on paper;
--   - each passage: a uniformly drawn person, at place
--     FLOOR(places * RAND()^2) (a few very busy places, most quiet), on
--     @day between 05:00 and 23:00; in/out at checkpoints, visit at venues;
--   - scans: nine passages in ten had a kiosk look-up (audit action
--     "verify") 5 to 180 seconds before their confirmation, one in twenty a
--     second look-up before it, and one look-up in fifty was never
--     confirmed; a passage in fifty at a checkpoint was a paper entry
--     (audit action "paper_entry");
--   - F statuses: a person in 200 of the registry (at most 100,000) gets
--     F0-F3, recovered or deceased, set before @day; welfare: a person in
--     500 (at most 200,000) registered, four in five of them paid
--     1,500,000 before @day.
--
--   To remove: DELETE FROM passages WHERE officer = 'bench-rp';
--              DELETE FROM audit_log WHERE actor = 'bench-rp';
--              DELETE FROM declarations WHERE entered_by = 'bench-rp';
--              DELETE FROM places WHERE created_by = 'bench-rp';
--              DELETE FROM f_status WHERE set_by = 'bench-rp';  (f_current keeps the newest)
--              DELETE FROM welfare_payments WHERE paid_by = 'bench-rp';
--              DELETE FROM welfare_beneficiaries WHERE registered_by = 'bench-rp';

SET @people = GREATEST(100, @passages DIV 5);
SET @nplaces = 26616;
SET @first_place = (SELECT COALESCE(MAX(place_id), 0) + 1 FROM places);
SET @first_decl = (SELECT COALESCE(MAX(declaration_id), 0) + 1 FROM declarations);
SET @ncommunes = (SELECT COUNT(*) FROM admin_units WHERE level = 'commune');

CREATE TEMPORARY TABLE bench_communes (n INT NOT NULL PRIMARY KEY, code VARCHAR(5) NOT NULL)
SELECT ROW_NUMBER() OVER (ORDER BY code) - 1 AS n, code FROM admin_units WHERE level = 'commune';

INSERT INTO places (place_id, kind, name, commune, address, created_by, created_at)
SELECT @first_place + seq - 1, IF(seq MOD 4 = 1, 'checkpoint', 'venue'),
       CONCAT(IF(seq MOD 4 = 1, 'Chốt đo tải ', 'Điểm đo tải '), seq),
       c.code, 'Bench', 'bench-rp', NOW()
  FROM seq_1_to_100000 JOIN bench_communes c ON c.n = (seq - 1) MOD @ncommunes
 WHERE seq <= @nplaces;

INSERT INTO declarations (declaration_id, id_number, full_name, dob, gender, phone,
       perm_commune, perm_address, from_commune, from_address, to_commune, to_address,
       vaccine_doses, source, entered_by, registry, created_at, expires_at)
SELECT @first_decl + seq - 1, CONCAT('0019', LPAD(seq, 8, '0')), 'Người Đo Tải',
       '1980-01-01', IF(seq MOD 2 = 0, 'M', 'F'), '0900000000',
       '00001', 'Bench', '00001', 'Bench', '00004', 'Bench', 2,
       IF(seq MOD 10 = 0, 'paper', 'web'), 'bench-rp', 'not_found',
       TIMESTAMP(@day) - INTERVAL 1 DAY, TIMESTAMP(@day) + INTERVAL 2 DAY
  FROM seq_1_to_100000000 WHERE seq <= @people;

-- The passages, a million rows per statement (one transaction each).
DELIMITER //
CREATE OR REPLACE PROCEDURE bench_rp_passages(IN total BIGINT)
BEGIN
  DECLARE done BIGINT DEFAULT 0;
  DECLARE n BIGINT;
  WHILE done < total DO
    SET n = LEAST(1000000, total - done);
    INSERT INTO passages (declaration_id, id_number, place_id, direction, officer, at)
    SELECT @first_decl + (@who := FLOOR(RAND() * @people)),
           CONCAT('0019', LPAD(@who + 1, 8, '0')),
           @first_place + (@p := FLOOR(@nplaces * POW(RAND(), 2))),
           IF(@p MOD 4 = 0, IF(RAND() < 0.5, 'in', 'out'), 'visit'), 'bench-rp',
           TIMESTAMP(@day) + INTERVAL FLOOR(5 * 3600000 + RAND() * 18 * 3600000) * 1000 MICROSECOND
      FROM seq_1_to_1000000 WHERE seq <= n;
    SET done = done + n;
  END WHILE;
END//
DELIMITER ;
CALL bench_rp_passages(@passages);
DROP PROCEDURE bench_rp_passages;

-- The kiosk's look-ups of the day's passages, and the paper entries.
INSERT INTO audit_log (at, actor, action, target_kind, target, place_id, detail)
SELECT at - INTERVAL FLOOR(5000 + RAND() * 175000) * 1000 MICROSECOND, 'bench-rp', 'verify',
       'declaration', declaration_id, place_id, ''
  FROM passages WHERE officer = 'bench-rp' AND at >= @day AND at < @day + INTERVAL 1 DAY
   AND RAND() < 0.9;
INSERT INTO audit_log (at, actor, action, target_kind, target, place_id, detail)
SELECT at - INTERVAL FLOOR(200000 + RAND() * 400000) * 1000 MICROSECOND, 'bench-rp', 'verify',
       'declaration', declaration_id, place_id, ''
  FROM passages WHERE officer = 'bench-rp' AND at >= @day AND at < @day + INTERVAL 1 DAY
   AND RAND() < 0.05;
INSERT INTO audit_log (at, actor, action, target_kind, target, place_id, detail)
SELECT at + INTERVAL 1 HOUR, 'bench-rp', 'verify', 'declaration', declaration_id + 1,
       place_id, ''
  FROM passages WHERE officer = 'bench-rp' AND at >= @day AND at < @day + INTERVAL 1 DAY
   AND RAND() < 0.02;
INSERT INTO audit_log (at, actor, action, target_kind, target, place_id, detail)
SELECT at, 'bench-rp', 'paper_entry', 'declaration', declaration_id, place_id, ''
  FROM passages WHERE officer = 'bench-rp' AND at >= @day AND at < @day + INTERVAL 1 DAY
   AND direction <> 'visit' AND RAND() < 0.02;

-- F statuses and welfare of registry citizens.
INSERT INTO f_status (id_number, status, note, set_by, set_at)
SELECT id_number, ELT(1 + FLOOR(RAND() * 6), 'F0', 'F1', 'F2', 'F3', 'recovered', 'deceased'),
       '', 'bench-rp', TIMESTAMP(@day) - INTERVAL FLOOR(1 + RAND() * 20) DAY
  FROM citizens WHERE RAND() < 0.005 LIMIT 100000;
INSERT INTO welfare_programs (name, amount, start_date, end_date, categories, created_by, created_at)
VALUES ('Đo tải báo cáo', 1500000, @day - INTERVAL 60 DAY, @day + INTERVAL 60 DAY,
        'free_worker', 'bench-rp', NOW());
SET @program = LAST_INSERT_ID();
INSERT INTO welfare_beneficiaries (program_id, id_number, full_name, commune, residence,
       category, registered_by, registered_at)
SELECT @program, id_number, full_name, perm_commune, 'perm', 'free_worker', 'bench-rp',
       TIMESTAMP(@day) - INTERVAL 10 DAY
  FROM citizens WHERE RAND() < 0.002 LIMIT 200000;
INSERT INTO welfare_payments (program_id, id_number, beneficiary_id, commune, amount, paid_on,
       paid_by, paid_at)
SELECT program_id, id_number, beneficiary_id, commune, 1500000, @day - INTERVAL 5 DAY,
       'bench-rp', TIMESTAMP(@day) - INTERVAL 5 DAY
  FROM welfare_beneficiaries WHERE program_id = @program AND RAND() < 0.8;
DROP TEMPORARY TABLE bench_communes;
