"""The audit journal of the kiosk look-up (lib/journal.c, lib/audit.c):
each GET /verify that shows a declaration writes its record to the
worker's journal before answering, and the loader moves it into audit_log
exactly once, whatever is killed when and even while the database refuses
the rows for a while."""
import os
import signal
import time
from pathlib import Path

from .helpers import declare, settled_audit_count, verify_workers, wait_audit_count


def loader_pid(stack):
    parent = (stack.var / "run" / "verify.pid").read_text().strip()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            comm = (entry / "comm").read_text().strip()
        except OSError:
            continue
        if comm == "audit-loader" and stat.rsplit(")", 1)[1].split()[1] == parent:
            return int(entry.name)
    raise AssertionError("no audit loader under the verify supervisor")


def wait_for(predicate, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    return predicate()


def look_up(stack, officer, token, times):
    for _ in range(times):
        r = officer.get(stack.url + "/verify", params={"code": token})
        assert r.status_code == 200 and r.json()["valid"] is True, r.text


def rows_for(stack, decl_id):
    return int(stack.sql("SELECT COUNT(*) FROM audit_log WHERE action='verify'"
                         " AND target=%s", str(decl_id))[0][0])


def test_each_look_up_is_loaded_once(stack, officer):
    d = declare(stack, 40)
    look_up(stack, officer, d["token"], 25)
    wait_for(lambda: rows_for(stack, d["declaration_id"]) >= 25)
    assert rows_for(stack, d["declaration_id"]) == 25
    time.sleep(1)          # several more loader passes: still 25
    assert rows_for(stack, d["declaration_id"]) == 25
    row = stack.sql("SELECT actor, target_kind, at > NOW() - INTERVAL 1 MINUTE"
                    " FROM audit_log WHERE action='verify' AND target=%s LIMIT 1",
                    str(d["declaration_id"]))[0]
    assert row == (officer.uid, "declaration", "1")


def test_records_survive_killed_workers_and_loader(stack, officer):
    """Stop the loader, look up, then SIGKILL every worker and the loader:
    the supervisor restarts them and every record still arrives, once."""
    d = declare(stack, 41)
    loader = loader_pid(stack)
    workers = verify_workers(stack)
    os.kill(loader, signal.SIGSTOP)
    try:
        look_up(stack, officer, d["token"], 30)
        time.sleep(0.5)
        assert rows_for(stack, d["declaration_id"]) == 0
    finally:
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        os.kill(loader, signal.SIGKILL)
    wait_for(lambda: rows_for(stack, d["declaration_id"]) >= 30, timeout=15)
    assert rows_for(stack, d["declaration_id"]) == 30
    new_workers = wait_for(lambda: len(verify_workers(stack)) == len(workers)
                           and set(verify_workers(stack)).isdisjoint(workers))
    assert new_workers
    assert loader_pid(stack) != loader
    # The dead workers' journals, once loaded, are removed.
    names = {f"{pid}-" for pid in workers}
    assert wait_for(lambda: not [f for f in (stack.var / "audit" / "verify").iterdir()
                                 if any(f.name.startswith(n) for n in names)])
    time.sleep(1)
    assert rows_for(stack, d["declaration_id"]) == 30
    # And the new workers answer and journal as before.
    look_up(stack, officer, d["token"], 3)
    wait_for(lambda: rows_for(stack, d["declaration_id"]) >= 33)
    assert rows_for(stack, d["declaration_id"]) == 33


def test_database_refusing_rows_delays_but_loses_nothing(stack, officer):
    d = declare(stack, 42)
    before = settled_audit_count(stack)
    stack.sql("CREATE TRIGGER t_refuse_verify BEFORE INSERT ON audit_log FOR EACH ROW"
              " SET NEW.actor = IF(NEW.action = 'verify', NULL, NEW.actor)")
    try:
        # The look-ups are answered: their records are safe in the journal.
        look_up(stack, officer, d["token"], 12)
        time.sleep(1.5)
        assert rows_for(stack, d["declaration_id"]) == 0
    finally:
        stack.sql("DROP TRIGGER t_refuse_verify")
    assert wait_audit_count(stack, before + 12, timeout=15) == before + 12
    assert rows_for(stack, d["declaration_id"]) == 12



def test_a_journal_of_more_than_one_batch_is_loaded(stack):
    """A journal with more records than one 32-row statement (a thread's
    file under load): every record reaches audit_log.  The 32-row batch
    once bound more parameters than the database layer allowed, and the
    loader retried it for ever."""
    actor = "batch" + str(time.time_ns())
    now_ms = int(time.time() * 1000)
    # Declarations no test makes (a citizen's accesses list reads by them).
    lines = "".join(f"{now_ms + i}\t{actor}\tverify\tdeclaration\t{10**15 + i}\t\t\t127.0.0.1"
                    f"\tofficer\t00001\n" for i in range(80))
    journal = stack.var / "audit" / "verify" / f"999999-999999-{time.time_ns()}.log"
    journal.write_text(lines)
    count = lambda: int(stack.sql("SELECT COUNT(*) FROM audit_log WHERE actor=%s", actor)[0][0])
    wait_for(lambda: count() >= 80)
    assert count() == 80
