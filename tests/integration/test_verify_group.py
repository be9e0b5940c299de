"""Grouped look-ups of the kiosk (lib/group.c): a verify worker runs many
threads, and the declarations its threads look up at the same moment are
read by one statement.  Each look-up must still get its own citizen, with
unknown and revoked codes answered as such in the middle of a group, and
a group must be one statement at the database, not one per look-up."""
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import accounts  # noqa: E402
from test_verify import declare, sign, uid, verify_workers  # noqa: E402

JSON = {"Accept": "application/json"}
DECL_SELECT = "SELECT d.id_number, d.full_name%"


@pytest.fixture(scope="module")
def officer(stack):
    place = accounts.make_place(stack, "checkpoint", name="Chốt nhóm tra cứu")
    return accounts.officer_session(stack, uid("grouper"), place)


@pytest.fixture(scope="module")
def codes(stack):
    """24 declarations of distinct citizens, one revoked, and a validly
    signed code of a declaration that does not exist."""
    made = [declare(stack, 200 + i) for i in range(24)]
    expected = {}
    for d in made:
        name = stack.sql("SELECT full_name FROM declarations WHERE declaration_id=%s",
                         d["declaration_id"])[0][0]
        expected[d["token"]] = ("valid", d["declaration_id"], name)
    revoked = made[7]
    stack.sql("UPDATE declarations SET revoked_at=NOW() WHERE declaration_id=%s",
              revoked["declaration_id"])
    expected[revoked["token"]] = ("revoked", None, None)
    expected[sign(stack, 987000111, time.time() + 3600)] = ("unknown", None, None)
    return expected


def look_up(stack, cookies, code):
    r = requests.get(stack.url + "/verify", params={"code": code}, cookies=cookies,
                     headers=JSON, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def outcome(body):
    if body["valid"]:
        d = body["declaration"]
        return ("valid", d["declaration_id"], d["full_name"])
    assert body["declaration"] is None
    return (body["reason"], None, None)


def threads_of(pid):
    return len(list(Path(f"/proc/{pid}/task").iterdir()))


def test_workers_run_their_threads(stack):
    threads = int(stack.conf.get("threads_verify", "1"))
    assert threads > 1, "the stack runs verify with threads_verify"
    # A worker opens its first connection before it starts the others.
    deadline = time.time() + 15
    while (time.time() < deadline and
           any(threads_of(pid) != threads for pid in verify_workers(stack))):
        time.sleep(0.1)
    workers = verify_workers(stack)
    assert workers
    for pid in workers:
        assert threads_of(pid) == threads


def test_concurrent_look_ups_each_get_their_own_declaration(stack, officer, codes):
    cookies = officer.cookies.get_dict()
    work = list(codes) * 6
    with ThreadPoolExecutor(max_workers=48) as pool:
        answers = list(pool.map(lambda c: (c, outcome(look_up(stack, cookies, c))), work))
    assert len(answers) == len(work)
    for code, got in answers:
        assert got == codes[code]


def waiting_statements(stack):
    return int(stack.sql("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                         " WHERE INFO LIKE %s", DECL_SELECT)[0][0])


def test_look_ups_waiting_together_are_one_statement(stack, officer, codes):
    """Hold the F status table so that every look-up waits: however many
    requests are waiting, each worker has at most two statements at the
    database (the leaders of two groups, GROUP_LEADERS in lib/group.c);
    the others are queued and answered, each with its own declaration,
    once the table is free."""
    cookies = officer.cookies.get_dict()
    work = [c for c in codes if codes[c][0] == "valid"][:20]
    holder = subprocess.Popen(
        ["mariadb", "--no-defaults", "-uroot", f"--socket={stack.conf['db_socket']}",
         "-n", "-N", "kiemdich"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    answers = {}
    try:
        holder.stdin.write("LOCK TABLES f_current WRITE; SELECT 'held';\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "held"

        def one(code):
            answers[code] = outcome(look_up(stack, cookies, code))
        started = [threading.Thread(target=one, args=(c,)) for c in work]
        for t in started:
            t.start()
        deadline = time.time() + 5
        while waiting_statements(stack) == 0 and time.time() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)     # every request has reached a worker by now
        waiting = waiting_statements(stack)
        assert 1 <= waiting <= 2 * len(verify_workers(stack)) < len(work)
        assert not answers, "nothing is answered while the table is held"
    finally:
        holder.stdin.write("UNLOCK TABLES;\n")
        holder.stdin.close()
        holder.wait(timeout=10)
    for t in started:
        t.join(timeout=30)
    assert len(answers) == len(work)
    for code in work:
        assert answers[code] == codes[code]
