"""The checkpoint kiosk (issue #5): GET /verify?code= (signature, expiry,
declaration, registry, F status, audit), POST /verify (passages, the
5-minute idempotency, roles, CSRF), the page without JavaScript, and the
look-ups of a worker's threads grouped into one statement.  Paper
declarations: test_paper_entry.py."""
import re
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from . import accounts
from .helpers import (JSON, audit_mark, citizen, declare, flip, passages,
                      settled_audit_count, sign, uid, verify_workers, wait_audit_count)


def confirm(sess, stack, code, direction, **extra):
    return sess.post(stack.url + "/verify", data=dict(code=code, direction=direction, **extra))


# -------------------------------------------------------------------- verify

def test_valid_code_shows_the_declaration_and_is_audited(stack, officer, place):
    d = declare(stack, 0, fever="1", contact_f0="1")
    before = settled_audit_count(stack)
    r = officer.get(stack.url + "/verify", params={"code": d["token"]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["valid"] is True and body["reason"] is None
    assert body["expires_at"] == d["expires_at"]
    c = citizen(stack, 0)
    decl = body["declaration"]
    assert decl["declaration_id"] == d["declaration_id"]
    assert (decl["id_number"], decl["full_name"], decl["dob"], decl["gender"]) == c[:4]
    assert decl["fever"] == 1 and decl["cough"] == 0 and decl["contact_f0"] == 1
    assert decl["vaccine_doses"] == 2 and decl["source"] == "web"
    assert body["registry"] == "matched"
    assert body["f_status"] is None
    assert body["labels"]["to_commune"].startswith("Phường Phúc Xá")
    # The audit row: who, which declaration, from which place.
    assert wait_audit_count(stack, before + 1) == before + 1
    row = stack.sql("SELECT actor, target_kind, target, place_id FROM audit_log"
                    " WHERE action='verify' ORDER BY audit_id DESC LIMIT 1")[0]
    assert row == (officer.uid, "declaration", str(d["declaration_id"]), str(place))


def test_no_audit_record_no_data(stack, officer):
    """If the audit record cannot be written (here: a file-size limit on
    every verify worker, as a full disk would do), the declaration is not
    shown."""
    import resource
    d = declare(stack, 20)
    workers = verify_workers(stack)
    assert workers
    tries = 8 * len(workers)       # the limit is per process: every thread
    limits = {p: resource.prlimit(p, resource.RLIMIT_FSIZE) for p in workers}
    try:
        for p, (_, hard) in limits.items():
            resource.prlimit(p, resource.RLIMIT_FSIZE, (1, hard))
        for _ in range(tries):
            r = officer.get(stack.url + "/verify", params={"code": d["token"]})
            assert r.status_code == 503, r.text
            assert citizen(stack, 20)[1] not in r.text and "declaration" not in r.json()
    finally:
        for p, lim in limits.items():
            resource.prlimit(p, resource.RLIMIT_FSIZE, lim)
    # The workers live on and answer again; nothing torn reaches audit_log.
    assert set(verify_workers(stack)) == set(workers)
    before = settled_audit_count(stack)
    for _ in range(tries):
        assert officer.get(stack.url + "/verify", params={"code": d["token"]}).json()["valid"]
    assert wait_audit_count(stack, before + tries) == before + tries


def test_registry_flag_is_shown(stack, officer):
    c = citizen(stack, 1)
    d = declare(stack, 1, full_name="Người Khác Tên")
    assert d["registry"] == "mismatch"
    body = officer.get(stack.url + "/verify", params={"code": d["token"]}).json()
    assert body["valid"] is True and body["registry"] == "mismatch"
    assert body["declaration"]["id_number"] == c[0]


def test_newest_f_status_is_shown(stack, officer):
    d = declare(stack, 2)
    idn = citizen(stack, 2)[0]
    stack.sql("INSERT INTO f_status (id_number, status, set_by, set_at) VALUES"
              " (%s, 'F1', 'police1', NOW(3) - INTERVAL 2 DAY),"
              " (%s, 'F0', 'police1', NOW(3) - INTERVAL 1 DAY)", idn, idn)
    body = officer.get(stack.url + "/verify", params={"code": d["token"]}).json()
    assert body["f_status"] == "F0"
    html = officer.get(stack.url + "/verify", params={"code": d["token"]},
                       headers={"Accept": "text/html"}).text
    assert 'class="fbanner"' in html and 'data-box="f_alert" hidden' not in html
    stack.sql("INSERT INTO f_status (id_number, status, set_by, set_at) VALUES"
              " (%s, 'negative', 'police1', NOW(3))", idn)
    assert officer.get(stack.url + "/verify",
                       params={"code": d["token"]}).json()["f_status"] == "negative"


def test_expired_code(stack, officer):
    d = declare(stack, 3)
    past = time.time() - 3600
    token = sign(stack, d["declaration_id"], past)
    before = audit_mark(stack)
    body = officer.get(stack.url + "/verify", params={"code": token}).json()
    assert body["valid"] is False and body["reason"] == "expired"
    assert body["declaration"] is None and body["expires_at"] is not None
    assert audit_mark(stack) == before
    r = confirm(officer, stack, token, "in")
    assert r.status_code == 409 and r.json()["error"]["code"] == "expired"


@pytest.mark.parametrize("where", [5, 40, -3])
def test_tampered_code_is_bad_signature_without_a_database_read(stack, officer, where):
    d = declare(stack, 4)
    # The genuine code first: its good signature is remembered by the
    # worker (lib/token.c), and a changed code must still be refused.
    assert officer.get(stack.url + "/verify", params={"code": d["token"]}).json()["valid"]
    token = flip(d["token"], where)
    before = audit_mark(stack)
    body = officer.get(stack.url + "/verify", params={"code": token}).json()
    labels = body.pop("labels")
    assert body == {"valid": False, "reason": "bad_signature", "expires_at": None,
                    "declaration": None, "registry": None, "f_status": None,
                    "registered_doses": None}
    assert labels["reason"].startswith("Mã QR giả")
    # A read of the declaration would have written an audit row.
    assert audit_mark(stack) == before
    r = confirm(officer, stack, token, "in")
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_signature"
    assert passages(stack, d["declaration_id"]) == []


def test_garbage_code_is_bad_signature(stack, officer):
    for code in ["hello world", "x" * 300, "<script>alert(1)</script>"]:
        body = officer.get(stack.url + "/verify", params={"code": code}).json()
        assert body["reason"] == "bad_signature"


def test_unknown_declaration(stack, officer):
    token = sign(stack, 987654321, time.time() + 3600)
    before = audit_mark(stack)
    body = officer.get(stack.url + "/verify", params={"code": token}).json()
    assert body["valid"] is False and body["reason"] == "unknown"
    assert body["declaration"] is None
    assert audit_mark(stack) == before
    r = confirm(officer, stack, token, "in")
    assert r.status_code == 409 and r.json()["error"]["code"] == "unknown"


def test_revoked_declaration(stack, officer):
    d = declare(stack, 5)
    stack.sql("UPDATE declarations SET revoked_at=NOW() WHERE declaration_id=%s",
              d["declaration_id"])
    body = officer.get(stack.url + "/verify", params={"code": d["token"]}).json()
    assert body["valid"] is False and body["reason"] == "revoked"
    assert body["declaration"] is None
    r = confirm(officer, stack, d["token"], "in")
    assert r.status_code == 409 and r.json()["error"]["code"] == "revoked"
    assert passages(stack, d["declaration_id"]) == []


def test_verify_without_code_is_400_json(stack, officer):
    r = officer.get(stack.url + "/verify")
    assert r.status_code == 400 and "code" in r.json()["error"]["fields"]
    r = officer.get(stack.url + "/verify", params={"code": "x", "evil": "1"})
    assert r.status_code == 400 and "evil" in r.json()["error"]["fields"]


# -------------------------------------------------------------------- confirm

def test_confirm_in_then_out(stack, officer, place):
    d = declare(stack, 6)
    idn = citizen(stack, 6)[0]
    r1 = confirm(officer, stack, d["token"], "in")
    assert r1.status_code == 201, r1.text
    b1 = r1.json()
    assert b1["place_id"] == place and b1["direction"] == "in"
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00$", b1["at"])
    r2 = confirm(officer, stack, d["token"], "out")
    assert r2.status_code == 201, r2.text
    assert r2.json()["passage_id"] != b1["passage_id"]
    rows = passages(stack, d["declaration_id"])
    assert rows == [(str(b1["passage_id"]), idn, str(place), "in", officer.uid),
                    (str(r2.json()["passage_id"]), idn, str(place), "out", officer.uid)]


def test_repeat_within_5_minutes_returns_the_first_passage(stack, officer):
    d = declare(stack, 7)
    r1 = confirm(officer, stack, d["token"], "in")
    assert r1.status_code == 201
    r2 = confirm(officer, stack, d["token"], "in")
    assert r2.status_code == 200
    assert r2.json()["passage_id"] == r1.json()["passage_id"]
    assert r2.json()["at"] == r1.json()["at"]
    assert len(passages(stack, d["declaration_id"])) == 1
    # Older than 5 minutes: a new passage.
    stack.sql("UPDATE passages SET at = at - INTERVAL 301 SECOND WHERE declaration_id=%s",
              d["declaration_id"])
    r3 = confirm(officer, stack, d["token"], "in")
    assert r3.status_code == 201 and r3.json()["passage_id"] != r1.json()["passage_id"]
    assert len(passages(stack, d["declaration_id"])) == 2


def test_concurrent_identical_confirms_make_one_row(stack, officer):
    d = declare(stack, 8)
    results = []
    start = threading.Barrier(8)

    def go():
        s = requests.Session()
        s.cookies.update(officer.cookies)
        s.headers.update(officer.headers)
        start.wait()
        r = confirm(s, stack, d["token"], "in")
        results.append((r.status_code, r.json().get("passage_id")))

    threads = [threading.Thread(target=go) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    codes = sorted(c for c, _ in results)
    assert codes == [200] * 7 + [201], results
    assert len({p for _, p in results}) == 1
    assert len(passages(stack, d["declaration_id"])) == 1


def test_same_code_at_another_place_is_a_new_passage(stack, officer):
    d = declare(stack, 9)
    other = accounts.officer_session(stack, uid("officer"), accounts.make_place(stack))
    a = confirm(officer, stack, d["token"], "in")
    b = confirm(other, stack, d["token"], "in")
    assert a.status_code == b.status_code == 201
    assert a.json()["place_id"] != b.json()["place_id"]


def test_confirm_needs_csrf(stack, officer):
    d = declare(stack, 10)
    r = requests.post(stack.url + "/verify", headers=JSON, cookies=officer.cookies,
                      data={"code": d["token"], "direction": "in"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"
    r = requests.post(stack.url + "/verify", headers=dict(JSON, **{"X-CSRF-Token": "x" * 43}),
                      cookies=officer.cookies, data={"code": d["token"], "direction": "in"})
    assert r.status_code == 403
    assert passages(stack, d["declaration_id"]) == []


def test_not_logged_in_is_401(stack):
    d = declare(stack, 11)
    r = requests.get(stack.url + "/verify", params={"code": d["token"]}, headers=JSON)
    assert r.status_code == 401 and r.json()["error"]["code"] == "not_logged_in"
    r = requests.post(stack.url + "/verify", headers=JSON,
                      data={"code": d["token"], "direction": "in"})
    assert r.status_code == 401
    # A browser is sent to the login page.
    r = requests.get(stack.url + "/verify", allow_redirects=False)
    assert r.status_code == 303 and r.headers["Location"] == "/login?next=/verify"


@pytest.mark.parametrize("role", ["police", "admin"])
def test_other_roles_are_403(stack, role):
    d = declare(stack, 12)
    s = accounts.session_for(stack, uid(role), role)
    r = s.get(stack.url + "/verify", params={"code": d["token"]})
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    r = confirm(s, stack, d["token"], "in")
    assert r.status_code == 403
    assert passages(stack, d["declaration_id"]) == []


def test_venue_records_visits_only(stack, venue):
    d = declare(stack, 13)
    r = confirm(venue, stack, d["token"], "in")
    assert r.status_code == 400
    assert "direction" in r.json()["error"]["fields"]
    r = confirm(venue, stack, d["token"], "visit")
    assert r.status_code == 201 and r.json()["direction"] == "visit"
    assert [p[3] for p in passages(stack, d["declaration_id"])] == ["visit"]


def test_officer_cannot_record_a_visit(stack, officer):
    d = declare(stack, 14)
    r = confirm(officer, stack, d["token"], "visit")
    assert r.status_code == 400 and "direction" in r.json()["error"]["fields"]
    r = confirm(officer, stack, d["token"], "sideways")
    assert r.status_code == 400
    assert passages(stack, d["declaration_id"]) == []


def test_place_comes_from_the_session_not_the_form(stack, officer):
    d = declare(stack, 15)
    r = confirm(officer, stack, d["token"], "in", place_id="1")
    assert r.status_code == 400 and "place_id" in r.json()["error"]["fields"]


def test_account_without_place_is_403(stack):
    d = declare(stack, 16)
    s = accounts.session_for(stack, uid("noplace"), "officer")
    r = s.get(stack.url + "/verify", params={"code": d["token"]})
    assert r.status_code == 200   # it may look, it cannot confirm
    r = confirm(s, stack, d["token"], "in")
    assert r.status_code == 403 and r.json()["error"]["code"] == "no_place"
    assert "chốt" in r.json()["error"]["message"]


# ------------------------------------------------------------ HTML, no JS

def test_kiosk_page_works_without_javascript(stack, officer):
    d = declare(stack, 17)
    c = citizen(stack, 17)
    html = {"Accept": "text/html"}
    page = officer.get(stack.url + "/verify", headers=html)
    assert page.status_code == 200
    assert 'src="/js/kiosk.js"' in page.text and "Chốt Quốc lộ 1A" in page.text
    # CSP: no inline script, no inline style.
    assert not re.search(r"<script(?![^>]*\bsrc=)", page.text)
    assert " style=" not in page.text and "<style" not in page.text
    r = officer.get(stack.url + "/verify", params={"code": d["token"]}, headers=html)
    assert r.status_code == 200
    assert c[1] in r.text and c[0] in r.text and "HỢP LỆ" in r.text
    assert f'name="csrf" value="{officer.csrf}"' in r.text
    assert 'value="in"' in r.text and 'value="out"' in r.text
    # The confirm form as a browser without JS sends it.
    post = requests.post(stack.url + "/verify", cookies=officer.cookies, headers=html,
                         data={"csrf": officer.csrf, "code": d["token"], "direction": "in"})
    assert post.status_code == 201
    assert "Đã ghi nhận" in post.text
    assert len(passages(stack, d["declaration_id"])) == 1


def test_kiosk_html_escapes_declared_text(stack, officer):
    d = declare(stack, 18, perm_address='<b>"x"</b> & y')
    r = officer.get(stack.url + "/verify", params={"code": d["token"]},
                    headers={"Accept": "text/html"})
    assert "<b>\"x\"" not in r.text
    assert "&lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; y" in r.text


def test_venue_kiosk_has_one_button(stack, venue):
    d = declare(stack, 19)
    r = venue.get(stack.url + "/verify", params={"code": d["token"]},
                  headers={"Accept": "text/html"})
    assert 'value="visit"' in r.text and 'value="in"' not in r.text
    assert "Ghi nhận" in r.text


# ---------------------------------------------------------------- paper entry


# ---------------------------------------------------------- grouped look-ups
# A verify worker runs many threads, and the declarations its threads look
# up at the same moment are read by one statement (lib/group.c).  Each
# look-up must still get its own citizen, with unknown and revoked codes
# answered as such in the middle of a group, and a group must be one
# statement at the database, not one per look-up.

DECL_SELECT = "SELECT d.id_number, d.full_name%"


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
