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
import secrets
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

from . import accounts
from .helpers import JSON, body, citizen, declare, stack_cmd, uid, verify_workers, wait_until

ROUNDS = int(os.environ.get("KD_FAULT_ROUNDS", "1"))
SECONDS = float(os.environ.get("KD_FAULT_SECONDS", "3"))


class Load:
    """Citizens declaring and an officer confirming passages from several
    threads until stopped; every answer is kept: (kind, status, id, ref)."""

    def __init__(self, stack, officer, codes, declarers=3, confirmers=3):
        self.stack, self.officer, self.codes = stack, officer, codes
        self.answers, self.lock, self.stop = [], threading.Lock(), threading.Event()
        self.threads = [threading.Thread(target=self.declaring, args=(i,))
                        for i in range(declarers)]
        self.threads += [threading.Thread(target=self.confirming, args=(i,))
                         for i in range(confirmers)]

    def keep(self, *answer):
        with self.lock:
            self.answers.append(answer)

    def declaring(self, n):
        c = citizen(self.stack, 800 + n)
        while not self.stop.is_set():
            ref = "fault-" + secrets.token_hex(8)
            try:
                r = requests.post(self.stack.url + "/declare", headers=JSON, timeout=30,
                                  data=body(c, client_ref=ref))
                ident = r.json().get("declaration_id") if r.status_code in (200, 201) else None
                self.keep("declaration", r.status_code, ident, ref)
            except (requests.RequestException, ValueError):
                self.keep("declaration", 0, None, ref)

    def confirming(self, n):
        cookies = self.officer.cookies.get_dict()
        k = n
        while not self.stop.is_set():
            ref = "fault-" + secrets.token_hex(8)
            code = self.codes[k % len(self.codes)]
            k += 1
            try:
                r = requests.post(self.stack.url + "/verify", headers=dict(
                    JSON, **{"X-CSRF-Token": self.officer.csrf}), cookies=cookies, timeout=30,
                    data={"code": code, "direction": "in" if k % 2 else "out",
                          "device_ref": ref})
                ident = r.json().get("passage_id") if r.status_code in (200, 201) else None
                self.keep("passage", r.status_code, ident, ref)
            except (requests.RequestException, ValueError):
                self.keep("passage", 0, None, ref)

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=60)

    def acknowledged(self, kind):
        return [a for a in self.answers if a[0] == kind and a[1] in (200, 201)]


def nothing_acknowledged_is_lost(stack, load):
    """Every 201 is a row under its own idempotency key (client_ref,
    device_ref); every 200 (the same code at the same place within 5
    minutes: the first passage again) names a row that is there."""
    decls = load.acknowledged("declaration")
    passages = load.acknowledged("passage")
    assert decls and passages, "the load made nothing at all"
    refs = ",".join(f"'{a[3]}'" for a in decls)
    stored = dict(stack.sql(f"SELECT client_ref, declaration_id FROM declarations"
                            f" WHERE client_ref IN ({refs})"))
    for _, _, ident, ref in decls:
        assert stored.get(ref) == str(ident), f"declaration {ident} ({ref}) acknowledged, lost"
    made = [a for a in passages if a[1] == 201]
    if made:
        refs = ",".join(f"'{a[3]}'" for a in made)
        stored = dict(stack.sql(f"SELECT device_ref, passage_id FROM passages"
                                f" WHERE device_ref IN ({refs})"))
        for _, _, ident, ref in made:
            assert stored.get(ref) == str(ident), f"passage {ident} ({ref}) acknowledged, lost"
    ids = ",".join(str(a[2]) for a in passages)
    there = {row[0] for row in stack.sql(f"SELECT passage_id FROM passages"
                                         f" WHERE passage_id IN ({ids})")}
    assert {str(a[2]) for a in passages} <= there
    return len(decls), len(passages)


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
