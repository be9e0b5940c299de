-- 006: case work (issue 13, the f-status program): the tasks a trace
-- routes to the commune police of each marked person's residence, and the
-- index the trace reads passages through.

-- One task per marked person: "check on this person" for the police of
-- the commune where they live (docs/F_STATUS.md "Marking and tasks").
-- A person has at most one open task per status: `open` is 1 while the
-- task is open and NULL once it is done (a unique key ignores NULLs), so
-- a mark sent twice, or by two officers at once, makes one task, whatever
-- the timing.
CREATE TABLE f_tasks (
  task_id       BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  id_number     VARCHAR(12)  NOT NULL,
  full_name     VARCHAR(100) NOT NULL,             -- as the tracer saw it
  status        ENUM('F0','F1','F2','F3') NOT NULL, -- what the person was marked
  unit          VARCHAR(5)   NOT NULL,             -- routed to: the residence's commune
  from_unit     VARCHAR(5)   NOT NULL,             -- the tracer's unit ('' = national)
  source_ref    VARCHAR(40)  NOT NULL,             -- the traced person, as an audit reference
  note          VARCHAR(500) NOT NULL DEFAULT '',  -- where and when the contact was
  created_by    VARCHAR(64)  NOT NULL,
  created_at    DATETIME(3)  NOT NULL,
  due_at        DATETIME(3)  NOT NULL,             -- default created_at + 24 h
  done_at       DATETIME(3)  NULL,
  done_by       VARCHAR(64)  NULL,
  done_note     VARCHAR(500) NULL,
  open          TINYINT      NULL DEFAULT 1,        -- 1 open, NULL done
  UNIQUE KEY u_open (id_number, status, open),
  KEY k_unit (unit, open, created_at),              -- a unit's worklist
  KEY k_overdue (open, due_at),                     -- overdue, for the units above
  CONSTRAINT c_open CHECK (open = 1 OR open IS NULL),
  CONSTRAINT c_done CHECK ((open IS NULL) = (done_at IS NOT NULL)),
  CONSTRAINT c_due CHECK (due_at > created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
