-- bench/fstatus_data.sql - synthetic passages for bench/fstatus.sh when the
-- stack has no national data (`make national-data`) yet.  Run by the bench
-- with @passages set (FSTATUS_PASSAGES); everything it makes is tagged
-- 'bench-fs' and can be removed by the DELETEs at the end of the file's
-- comment.
--
-- The model keeps each place's traffic at national density whatever the
-- scale, so that a trace costs about what it costs on 50 million passages:
--   - people: @passages / 5 (about five passages each over 30 days; the
--     national figures are 50 million passages for 10 million
--     declarations), ids '0019' + 8 digits (a century digit the demo
--     registry never uses, so they never collide with its citizens), one
--     declaration each with a synthetic name and phone;
--   - places: 26,616 per 50 million passages (6,616 checkpoints and 20,000
--     venues), at least 40; every fourth one a checkpoint;
--   - each passage: a uniformly drawn person, at place
--     FLOOR(places * RAND()^2) (the first places are very busy: the
--     busiest takes about 1/sqrt(places) of all traffic, the top 1 %
--     about 10 %, the median place about 0.7 times the average), on one of
--     the last 30 days between 05:00 and 23:00 (day rhythm, quiet nights);
--     in/out at checkpoints, visit at venues.
--
--   To remove: DELETE FROM passages WHERE officer = 'bench-fs';
--              DELETE FROM declarations WHERE entered_by = 'bench-fs';
--              DELETE FROM places WHERE created_by = 'bench-fs';

SET @people = GREATEST(100, @passages DIV 5);
SET @nplaces = GREATEST(40, ROUND(@passages * 26616 / 50000000));
SET @first_place = (SELECT COALESCE(MAX(place_id), 0) + 1 FROM places);
SET @first_decl = (SELECT COALESCE(MAX(declaration_id), 0) + 1 FROM declarations);
SET @commune = (SELECT code FROM admin_units WHERE level = 'commune' ORDER BY code LIMIT 1);

INSERT INTO places (place_id, kind, name, commune, address, created_by, created_at)
SELECT @first_place + seq - 1, IF(seq MOD 4 = 1, 'checkpoint', 'venue'),
       CONCAT(IF(seq MOD 4 = 1, 'Chốt đo tải ', 'Điểm đo tải '), seq),
       @commune, 'Bench', 'bench-fs', NOW()
  FROM seq_1_to_1000000 WHERE seq <= @nplaces;

-- One declaration per person; declaration_id = @first_decl + n - 1.
INSERT INTO declarations (declaration_id, id_number, full_name, dob, gender, phone,
       perm_commune, perm_address, from_commune, from_address, to_commune, to_address,
       vaccine_doses, source, entered_by, registry, created_at, expires_at)
SELECT @first_decl + seq - 1, CONCAT('0019', LPAD(seq, 8, '0')),
       CONCAT(ELT(1 + seq MOD 8, 'Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'),
              ' ', ELT(1 + (seq DIV 8) MOD 4, 'Văn', 'Thị', 'Minh', 'Đức'),
              ' ', ELT(1 + (seq DIV 32) MOD 8, 'An', 'Bình', 'Chi', 'Dũng', 'Hòa', 'Lan', 'Nam', 'Yến')),
       '1980-01-01' + INTERVAL (seq MOD 15000) DAY, IF(seq MOD 2 = 0, 'M', 'F'),
       CONCAT('09', LPAD(seq MOD 100000000, 8, '0')),
       @commune, 'Bench', @commune, 'Bench', @commune, 'Bench', 2, 'paper', 'bench-fs',
       'not_found', NOW() - INTERVAL 31 DAY, NOW() - INTERVAL 28 DAY
  FROM seq_1_to_100000000 WHERE seq <= @people;

-- The passages, in chunks of a million rows (one transaction each).
DELIMITER //
CREATE OR REPLACE PROCEDURE bench_fs_passages(IN total BIGINT)
BEGIN
  DECLARE done BIGINT DEFAULT 0;
  DECLARE n BIGINT;
  WHILE done < total DO
    SET n = LEAST(1000000, total - done);
    -- @who and @p are set left to right within each row (no derived
    -- table: it would be materialised in tmpdir, a million rows at a time).
    INSERT INTO passages (declaration_id, id_number, place_id, direction, officer, at)
    SELECT @first_decl + (@who := FLOOR(RAND() * @people)),
           CONCAT('0019', LPAD(@who + 1, 8, '0')),
           @first_place + (@p := FLOOR(@nplaces * POW(RAND(), 2))),
           IF(@p MOD 4 = 0, IF(RAND() < 0.5, 'in', 'out'), 'visit'), 'bench-fs',
           TIMESTAMP(CURDATE() - INTERVAL (1 + FLOOR(RAND() * 30)) DAY)
             + INTERVAL FLOOR(5 * 3600000 + RAND() * 18 * 3600000) * 1000 MICROSECOND
      FROM seq_1_to_1000000 WHERE seq <= n;
    SET done = done + n;
    SELECT done AS passages_made;
  END WHILE;
END//
DELIMITER ;
CALL bench_fs_passages(@passages);
DROP PROCEDURE bench_fs_passages;
