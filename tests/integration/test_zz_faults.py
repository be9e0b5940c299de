"""Nothing acknowledged is lost (issue 18, part 8): faults under load.

  - MariaDB killed (SIGKILL) while citizens declare and officers confirm
    passages: after its restart every declaration and passage that got a
    201 (or a 200 replay) is in the database, and the programs reconnect
    by themselves;
  - FastCGI workers killed under the same load: their supervisors start
    new ones, nginx keeps serving, and again nothing acknowledged is lost;
  - slapd stopped: a login answers 503 with a clear Vietnamese message
    while citizens keep declaring and a logged-in officer keeps scanning
    and confirming.

Short in make test (a few seconds of load per fault).  The release check:
KD_FAULT_ROUNDS=10 KD_FAULT_SECONDS=30 runs each fault ten times under
half a minute of load (docs/SECURITY.md).  Named to run after the other
integration tests and before test_zz_lifecycle (it restarts things)."""
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests

from . import accounts
from .helpers import JSON, body, citizen, declare, stack_cmd, uid, verify_workers, wait_until
from .load import Load, nothing_acknowledged_is_lost

ROUNDS = int(os.environ.get("KD_FAULT_ROUNDS", "1"))
SECONDS = float(os.environ.get("KD_FAULT_SECONDS", "3"))


@pytest.fixture(scope="module")
def officer(stack):
    place = accounts.make_place(stack, "checkpoint", name="Chốt thử sự cố")
    return accounts.officer_session(stack, uid("fault"), place)


@pytest.fixture(scope="module")
def codes(stack):
    return [declare(stack, 810 + i)["token"] for i in range(8)]


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_a_database_killed_under_load_loses_nothing_acknowledged(stack, officer, codes,
                                                                  round_):
    with Load(stack, officer, codes) as load:
        time.sleep(SECONDS / 2)
        mariadbd = int((stack.var / "run" / "mariadbd.pid").read_text())
        os.kill(mariadbd, signal.SIGKILL)
        assert wait_until(lambda: not Path(f"/proc/{mariadbd}").exists())
        killed_at = len(load.answers)
        time.sleep(0.5)
        started = stack_cmd(stack, "start")
        assert started.returncode == 0, started.stdout + started.stderr
        # The programs reconnect by themselves: 201s again, of both kinds.
        assert wait_until(lambda: any(a[1] == 201 for a in load.answers[killed_at:]
                                      if a[0] == "declaration") and
                          any(a[1] in (200, 201) for a in load.answers[killed_at:]
                              if a[0] == "passage"), 60)
        time.sleep(SECONDS / 2)
    # While it was down: 503 ("try again"), never another server error.
    assert not [a for a in load.answers if a[1] >= 500 and a[1] != 503]
    nothing_acknowledged_is_lost(stack, load)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_killed_workers_are_replaced_and_nginx_keeps_serving(stack, officer, codes, round_):
    def supervisor(name):
        return int((stack.var / "run" / f"{name}.pid").read_text())

    def children(pid):
        return [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True,
                                               text=True).stdout.split()]
    before = {name: len(children(supervisor(name))) for name in ("declare", "verify")}
    with Load(stack, officer, codes) as load:
        for _ in range(3):
            time.sleep(SECONDS / 4)
            victims = children(supervisor("declare"))[:2] + verify_workers(stack)[:1]
            for pid in victims:
                os.kill(pid, signal.SIGKILL)
        time.sleep(SECONDS / 4)
        assert wait_until(lambda: all(len(children(supervisor(n))) == before[n]
                                      for n in before), 30)
        settled = len(load.answers)
        time.sleep(1.5)
    decls, passages = nothing_acknowledged_is_lost(stack, load)
    ok = sum(1 for a in load.answers if a[1] in (200, 201))
    assert ok >= 0.7 * len(load.answers), (ok, len(load.answers))
    # After the restarts everything is served again.
    assert all(a[1] in (200, 201) for a in load.answers[settled:]), \
        {a[1] for a in load.answers[settled:]}


def test_without_the_directory_logins_wait_but_declaring_and_scanning_go_on(stack, officer,
                                                                             codes):
    slapd = int((stack.var / "run" / "slapd.pid").read_text())
    os.kill(slapd, signal.SIGTERM)
    assert wait_until(lambda: not Path(f"/proc/{slapd}").exists())
    try:
        police = {"uid": "admin", "password": "whatever-it-is"}
        r = requests.post(stack.url + "/login", headers=JSON, data=police)
        assert r.status_code == 503 and r.json()["error"]["code"] == "login_unavailable"
        assert "tài khoản" in r.json()["error"]["message"]
        page = requests.post(stack.url + "/login", data=police)
        assert page.status_code == 503 and "Việc khai báo và quét mã vẫn hoạt động" in page.text
        # Citizens declare; the officer logged in before scans and confirms.
        d = requests.post(stack.url + "/declare", headers=JSON, data=body(citizen(stack, 820)))
        assert d.status_code == 201, d.text
        scan = officer.get(stack.url + "/verify", params={"code": d.json()["token"]})
        assert scan.status_code == 200 and scan.json()["valid"]
        r = officer.post(stack.url + "/verify", data={"code": d.json()["token"],
                                                      "direction": "in"})
        assert r.status_code == 201, r.text
    finally:
        started = stack_cmd(stack, "start")
        assert started.returncode == 0, started.stdout + started.stderr
    assert wait_until(lambda: requests.post(stack.url + "/login", headers=JSON,
                                            data={"uid": "admin",
                                                  "password": stack.admin_password}
                                            ).status_code == 200, 30)
