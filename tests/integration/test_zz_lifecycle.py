"""Processes die and come back: a worker, the database, the whole stack.
Named to run after the other integration tests (it restarts things)."""
import os
import signal
import subprocess
import time

import requests

from . import accounts
from .helpers import JSON, declare, stack_cmd, uid, wait_until


def children(pid):
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)],
                         capture_output=True, text=True).stdout
    return sorted(int(p) for p in out.split())


def test_a_dead_worker_is_replaced(stack):
    supervisor = int((stack.var / "run" / "login.pid").read_text())
    before = children(supervisor)
    assert len(before) >= 2
    os.kill(before[0], signal.SIGKILL)
    assert wait_until(lambda: len(children(supervisor)) == len(before)
                      and before[0] not in children(supervisor))
    for _ in range(6):
        assert requests.get(stack.url + "/login").status_code == 200


def test_acknowledged_write_survives_a_database_crash(stack):
    # A login is acknowledged only after its session row committed.  A new
    # one: no worker has it in its session cache yet.
    s = stack.admin(fresh=True)
    mariadbd = int((stack.var / "run" / "mariadbd.pid").read_text())
    os.kill(mariadbd, signal.SIGKILL)
    assert wait_until(lambda: not os.path.exists(f"/proc/{mariadbd}"))
    # While the database is down the programs answer 503, not a hang.
    r = s.get(stack.url + "/login")
    assert r.status_code in (503, 401)
    started = stack_cmd(stack, "start")
    assert started.returncode == 0, started.stderr
    # The workers reconnect by themselves; the session survived.
    assert wait_until(lambda: s.get(stack.url + "/login").status_code == 200)
    assert s.get(stack.url + "/login").json()["uid"] == "admin"


def test_every_verify_thread_reconnects_after_a_database_crash(stack):
    """Each of verify's threads has its own connection; after MariaDB dies
    and comes back, concurrent (grouped) look-ups are answered again, each
    with its own declaration, whichever thread leads a group."""
    from concurrent.futures import ThreadPoolExecutor
    place = accounts.make_place(stack, "checkpoint", name="Chốt sau sự cố CSDL")
    officer = accounts.officer_session(stack, uid("dbcrash"), place)
    made = [declare(stack, 300 + i) for i in range(8)]
    cookies = officer.cookies.get_dict()
    # A session no thread has read yet: during the outage its check fails
    # on the database, which is a 503, not "log in again".
    unseen = accounts.officer_session(stack, uid("dbcrash"), place).cookies.get_dict()

    def look_up(d):
        r = requests.get(stack.url + "/verify", params={"code": d["token"]},
                         cookies=cookies, headers=JSON, timeout=30)
        return d, r
    mariadbd = int((stack.var / "run" / "mariadbd.pid").read_text())
    os.kill(mariadbd, signal.SIGKILL)
    assert wait_until(lambda: not os.path.exists(f"/proc/{mariadbd}"))
    _, r = look_up(made[0])
    assert r.status_code == 503 and "declaration" not in r.json()
    for headers in (JSON, {}):
        r = requests.get(stack.url + "/verify", cookies=unseen, headers=headers,
                         allow_redirects=False, timeout=30)
        assert r.status_code == 503, (headers, r.status_code, r.text[:200])
    started = stack_cmd(stack, "start")
    assert started.returncode == 0, started.stderr
    assert wait_until(lambda: look_up(made[0])[1].status_code == 200)
    with ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(look_up, made * 16))
    for d, r in answers:
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["valid"] and body["declaration"]["declaration_id"] == d["declaration_id"]


def test_stop_and_start_keep_all_data(stack):
    stack.admin()
    sessions = stack.sql("SELECT COUNT(*) FROM sessions")
    stopped = stack_cmd(stack, "stop")
    assert stopped.returncode == 0
    for name in ("nginx", "login", "slapd", "mariadbd"):
        assert not (stack.var / "run" / f"{name}.pid").exists()
    try:
        requests.get(stack.url + "/", timeout=2)
        raise AssertionError("nginx still answers after stop")
    except requests.ConnectionError:
        pass
    started = stack_cmd(stack, "start")
    assert started.returncode == 0, started.stdout + started.stderr
    assert "applied" not in started.stdout          # schema not loaded twice
    assert stack.sql("SELECT COUNT(*) FROM sessions") == sessions
    assert stack.admin().get(stack.url + "/login").json()["role"] == "admin"


def test_statements_are_prepared_when_first_run(stack):
    """Just after the restart above, a connection holds only the statements
    it has run (lib/db.h): each costs the client about 9 KB, and verify's
    32 threads held 20 MB of them when every connection prepared its whole
    table, 46 library statements and its program's (bench/RESULTS.md)."""
    prepared = int(stack.sql("SHOW GLOBAL STATUS LIKE 'Prepared_stmt_count'")[0][1])
    connections = int(stack.sql("SELECT COUNT(*) FROM information_schema.processlist"
                                " WHERE user = 'kiemdich'")[0][0])
    assert connections >= 32
    assert prepared < connections * 5, (prepared, connections)


def test_look_up_audit_records_survive_a_restart(stack):
    """Kiosk look-ups are audited through the verify journal; records not
    yet loaded when the stack stops are loaded after it starts again, each
    once."""
    place = accounts.make_place(stack, "checkpoint", name="Chốt khởi động lại")
    officer = accounts.officer_session(stack, uid("restart"), place)
    d = declare(stack, 50)

    def rows():
        return int(stack.sql("SELECT COUNT(*) FROM audit_log WHERE action='verify'"
                             " AND target=%s", str(d["declaration_id"]))[0][0])
    for _ in range(40):
        r = officer.get(stack.url + "/verify", params={"code": d["token"]})
        assert r.status_code == 200 and r.json()["valid"], r.text
    assert stack_cmd(stack, "stop").returncode == 0
    started = stack_cmd(stack, "start")
    assert started.returncode == 0, started.stdout + started.stderr
    assert wait_until(lambda: rows() >= 40)
    time.sleep(1)
    assert rows() == 40
    assert wait_until(lambda: len(list((stack.var / "audit" / "verify").glob("*.log"))) > 0)


def test_access_log_holds_no_query_strings(stack):
    requests.get(stack.url + "/login?probe=079201001234", headers=JSON)
    log = (stack.var / "log" / "nginx-access.log").read_text()
    assert '"GET /login"' in log
    assert "079201001234" not in log
    assert "?" not in log
