"""The checkpoint kiosk (issues #5 and 16): GET /verify?code= (signature,
expiry, declaration, registry, F status, audit, the verdict about the
person), POST /verify (passages, the 5-minute idempotency, roles, CSRF;
offline confirmations with device_ref and scanned_at), action=lookup by
ID number, action=undo, /verify/revoked, /verify/today, the page without
JavaScript, the static files compressed, and the look-ups of a worker's
threads grouped into one statement.  Paper declarations:
test_paper_entry.py."""
import re
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import requests

from . import accounts
from .helpers import (JSON, VN, audit_mark, citizen, declare, flip, passages,
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
    assert "registry" not in d          # the citizen is not told; the officer is
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
    assert body["decision"] == "stop" and body["reasons"] == ["F0"]
    html = officer.get(stack.url + "/verify", params={"code": d["token"]},
                       headers={"Accept": "text/html"}).text
    assert 'class="result stop"' in html and 'data-reason="F0">CÁCH LY – F0<' in html
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
                    "decision": "stop", "reasons": ["bad_signature"],
                    "registered_doses": None, "zone": None, "permit": None,
                    "vehicle": None}
    assert labels["reason"].startswith("Mã QR giả")
    # A read of the declaration would have written an audit row.
    assert audit_mark(stack) == before
    r = confirm(officer, stack, token, "in")
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_signature"
    assert passages(stack, d["declaration_id"]) == []


def test_what_is_not_a_code_is_unreadable_not_forged(stack, officer):
    """Input that cannot be a code at all (a name, an ID number, a
    truncated code) says "không đọc được mã", never "forged"; a code with
    the right shape and a wrong signature is forged."""
    d = declare(stack, 500)
    for code in ["hello world", "x" * 300, "<script>alert(1)</script>", "001099012345",
                 d["token"][:-1], d["token"] + "A"]:
        r = officer.get(stack.url + "/verify", params={"code": code})
        assert r.status_code == 400, code
        assert r.json()["error"]["fields"]["code"].startswith("Không đọc được mã"), code
        html = officer.get(stack.url + "/verify", params={"code": code},
                           headers={"Accept": "text/html"})
        assert html.status_code == 400 and "Không đọc được mã" in html.text
        assert "giả" not in html.text.split('id="kiosk-words"')[0]
    forged = "A" * 102
    body = officer.get(stack.url + "/verify", params={"code": forged}).json()
    assert body["reason"] == "bad_signature" and body["decision"] == "stop"
    r = confirm(officer, stack, "hello", "in")
    assert r.status_code == 400 and "code" in r.json()["error"]["fields"]


def test_a_pasted_link_or_spaced_code_is_read_as_its_code(stack, officer):
    d = declare(stack, 501)
    token = d["token"]
    spaced = " ".join(token[i:i + 6] for i in range(0, len(token), 6))
    for code in [f"{stack.url}/qr/{token}", f"https://kiemdich.example/qr/{token}.png",
                 spaced, token + "\n"]:
        body = officer.get(stack.url + "/verify", params={"code": code}).json()
        assert body["valid"] is True, code
        assert body["declaration"]["declaration_id"] == d["declaration_id"]
    r = confirm(officer, stack, f"{stack.url}/qr/{token}", "in")
    assert r.status_code == 201 and r.json()["declaration_id"] == d["declaration_id"]


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


# ------------------------------------------------- the verdict (issue 16)

def set_f_status(stack, id_number, status):
    stack.sql("INSERT INTO f_status (id_number, status, set_by, set_at) VALUES"
              " (%s, %s, 'police1', NOW(3))", id_number, status)


@pytest.mark.parametrize("offset, over, f_status, decision, reasons, words", [
    (510, {}, None, "pass", [], []),
    (511, {}, "F1", "stop", ["F1"], ["CÁCH LY – F1"]),
    (512, {"fever": "1", "cough": "1"}, None, "check", ["symptoms"],
     ["CÓ TRIỆU CHỨNG: Sốt, Ho"]),
    (513, {"full_name": "Người Khác Tên"}, None, "check", ["mismatch"],
     ["KHÔNG KHỚP CSDL DÂN CƯ – ĐỐI CHIẾU CCCD"]),
    (514, {"contact_f0": "1"}, "F2", "check", ["F2", "exposure"],
     ["F2 – THEO DÕI", "CÓ YẾU TỐ DỊCH TỄ: Tiếp xúc với F0"]),
    (515, {"fever": "1"}, "F0", "stop", ["F0", "symptoms"], ["CÁCH LY – F0", "CÓ TRIỆU CHỨNG: Sốt"]),
])
def test_the_verdict_is_about_the_person(stack, officer, offset, over, f_status, decision,
                                         reasons, words):
    d = declare(stack, offset, **over)
    if f_status:
        set_f_status(stack, citizen(stack, offset)[0], f_status)
    body = officer.get(stack.url + "/verify", params={"code": d["token"]}).json()
    assert body["valid"] is True
    assert body["decision"] == decision and body["reasons"] == reasons
    assert body["labels"]["reasons"] == words
    assert body["labels"]["decision"] == {"pass": "CHO QUA", "check": "KIỂM TRA THÊM",
                                          "stop": "DỪNG LẠI"}[decision]
    html = officer.get(stack.url + "/verify", params={"code": d["token"]},
                       headers={"Accept": "text/html"}).text
    assert f'class="result {decision}"' in html
    for w in words:
        assert w in html


def test_a_bad_code_is_a_stop(stack, officer):
    d = declare(stack, 516)
    expired = sign(stack, d["declaration_id"], time.time() - 60)
    for code, reason in [(flip(d["token"], 30), "bad_signature"), (expired, "expired"),
                         (sign(stack, 987650001, time.time() + 3600), "unknown")]:
        body = officer.get(stack.url + "/verify", params={"code": code}).json()
        assert body["decision"] == "stop" and body["reasons"] == [reason]


# ---------------------------------------------------- look-up by ID number

def lookup(sess, stack, id_number, **kw):
    return sess.post(stack.url + "/verify", data={"action": "lookup", "id_number": id_number},
                     **kw)


def test_lookup_by_id_number_finds_the_newest_valid_declaration(stack, officer, place):
    c = citizen(stack, 520)
    older = declare(stack, 520)
    newer = declare(stack, 520, fever="1")
    revoked = declare(stack, 520)
    stack.sql("UPDATE declarations SET revoked_at=NOW() WHERE declaration_id=%s",
              revoked["declaration_id"])
    stack.sql("UPDATE declarations SET created_at = created_at - INTERVAL 1 HOUR"
              " WHERE declaration_id=%s", older["declaration_id"])
    before = int(stack.sql("SELECT COUNT(*) FROM audit_log WHERE action='lookup'")[0][0])
    r = lookup(officer, stack, c[0])
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["declaration"]["declaration_id"] == newer["declaration_id"]
    assert body["decision"] == "check" and body["reasons"] == ["symptoms"]
    # No code (this program cannot sign one): the passage names the
    # declaration the officer looked up.
    assert "code" not in body and body["expires_at"] == newer["expires_at"]
    r = officer.post(stack.url + "/verify", data={
        "declaration_id": newer["declaration_id"], "direction": "in"})
    assert r.status_code == 201, r.text
    assert r.json()["declaration_id"] == newer["declaration_id"]
    # Audited as a look-up: the citizen by keyed reference, never the number.
    row = stack.sql("SELECT actor, target_kind, target, detail, place_id FROM audit_log"
                    " WHERE action='lookup' ORDER BY audit_id DESC LIMIT 1")[0]
    assert int(stack.sql("SELECT COUNT(*) FROM audit_log WHERE action='lookup'")[0][0]) == before + 1
    assert row[0] == officer.uid and row[1] == "citizen" and row[2].startswith("h:")
    assert c[0] not in row[2] and row[3] == str(newer["declaration_id"]) and row[4] == str(place)
    # HTML without JavaScript: the kiosk with the person and the confirm form.
    page = lookup(officer, stack, c[0], headers={"Accept": "text/html"})
    assert page.status_code == 200 and c[0] in page.text
    assert f'name="declaration_id" value="{newer["declaration_id"]}"' in page.text
    assert 'name="code" value=""' in page.text


def test_lookup_when_there_is_none(stack, officer):
    c = citizen(stack, 561)
    r = lookup(officer, stack, c[0])
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    row = stack.sql("SELECT detail FROM audit_log WHERE action='lookup'"
                    " ORDER BY audit_id DESC LIMIT 1")[0]
    assert row == ("none",)
    # Expired declarations do not count.
    d = declare(stack, 561)
    stack.sql("UPDATE declarations SET expires_at = NOW() - INTERVAL 1 MINUTE,"
              " created_at = NOW() - INTERVAL 73 HOUR WHERE declaration_id=%s",
              d["declaration_id"])
    assert lookup(officer, stack, c[0]).status_code == 404
    page = lookup(officer, stack, c[0], headers={"Accept": "text/html"})
    assert page.status_code == 404 and "Không có tờ khai còn hạn" in page.text


def test_lookup_is_a_post_for_officers_only(stack, officer, venue):
    c = citizen(stack, 522)
    declare(stack, 522)
    r = officer.get(stack.url + "/verify", params={"id_number": c[0]})
    assert r.status_code == 400 and r.json()["error"]["code"] == "unknown_field"
    r = lookup(officer, stack, "12ab")
    assert r.status_code == 400 and "id_number" in r.json()["error"]["fields"]
    r = lookup(venue, stack, c[0])
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    r = requests.post(stack.url + "/verify", headers=JSON, cookies=officer.cookies,
                      data={"action": "lookup", "id_number": c[0]})
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"


# -------------------------------------------------------- the revoked list

def test_revoked_list_for_offline_kiosks(stack, officer, venue):
    a, b = declare(stack, 525), declare(stack, 526)
    start = officer.get(stack.url + "/verify/revoked").json()
    stack.sql("UPDATE declarations SET revoked_at=NOW() WHERE declaration_id=%s",
              a["declaration_id"])
    body = officer.get(stack.url + "/verify/revoked").json()
    assert a["declaration_id"] in body["revoked"] and b["declaration_id"] not in body["revoked"]
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$", body["until"])
    # Since a time: only what was revoked after it.
    since = (datetime.now(VN) - timedelta(seconds=30)).isoformat(timespec="seconds")
    assert a["declaration_id"] in officer.get(stack.url + "/verify/revoked",
                                              params={"since": since}).json()["revoked"]
    later = (datetime.now(VN) + timedelta(seconds=5)).isoformat(timespec="seconds")
    assert officer.get(stack.url + "/verify/revoked",
                       params={"since": later}).json()["revoked"] == []
    assert a["declaration_id"] not in start["revoked"]
    # Revoked more than 72 hours ago: its code has expired, it is not listed.
    stack.sql("UPDATE declarations SET revoked_at = NOW() - INTERVAL 73 HOUR"
              " WHERE declaration_id=%s", a["declaration_id"])
    assert a["declaration_id"] not in officer.get(
        stack.url + "/verify/revoked", params={"since": "2021-01-01T00:00"}).json()["revoked"]
    assert venue.get(stack.url + "/verify/revoked").status_code == 200
    r = officer.get(stack.url + "/verify/revoked", params={"since": "yesterday"})
    assert r.status_code == 400 and "since" in r.json()["error"]["fields"]
    r = officer.get(stack.url + "/verify/revoked", headers={"Accept": "text/html"},
                    allow_redirects=False)
    assert r.status_code == 303 and r.headers["Location"] == "/verify"


# ------------------------------------------------- offline confirmations

def iso(seconds_ago):
    return (datetime.now(VN) - timedelta(seconds=seconds_ago)).isoformat(timespec="milliseconds")


def test_offline_confirmation_is_recorded_at_its_scan_time_once(stack, officer, place):
    d = declare(stack, 530)
    scanned = iso(3600)
    r = confirm(officer, stack, d["token"], "in", scanned_at=scanned, device_ref="dev-530_a")
    assert r.status_code == 201, r.text
    first = r.json()
    # Recorded at the scan's second (scanned_at's fraction is dropped).
    assert first["at"] == scanned[:19] + "+07:00" and first["place_id"] == place
    assert first["offline_reasons"] == [] and first["decision"] == "pass"
    assert first["followup"] is False
    # The same device_ref again (a queue sent twice): the first passage.
    again = confirm(officer, stack, d["token"], "in", scanned_at=scanned, device_ref="dev-530_a")
    assert again.status_code == 200 and again.json()["passage_id"] == first["passage_id"]
    assert len(passages(stack, d["declaration_id"])) == 1
    row = stack.sql("SELECT device_ref, DATE_FORMAT(at, '%Y-%m-%dT%H:%i:%S'), offline_reasons,"
                    " followup, recorded_at > at + INTERVAL 59 MINUTE FROM passages"
                    " WHERE passage_id=%s", first["passage_id"])[0]
    assert row == ("dev-530_a", scanned[:19], "", None, "1")
    # The same device_ref for another code is a conflict, not a second row.
    other = declare(stack, 531)
    r = confirm(officer, stack, other["token"], "in", scanned_at=scanned, device_ref="dev-530_a")
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"
    assert passages(stack, other["declaration_id"]) == []


def test_two_devices_scanning_one_person_offline_make_one_passage(stack, officer):
    d = declare(stack, 532)
    a = confirm(officer, stack, d["token"], "in", scanned_at=iso(600), device_ref="dev-532-a")
    b = confirm(officer, stack, d["token"], "in", scanned_at=iso(480), device_ref="dev-532-b")
    assert a.status_code == 201 and b.status_code == 200
    assert b.json()["passage_id"] == a.json()["passage_id"]
    c = confirm(officer, stack, d["token"], "in", scanned_at=iso(60), device_ref="dev-532-c")
    assert c.status_code == 201          # 9 minutes later: another passage


@pytest.mark.parametrize("when, ok", [
    (-3600, False), (-600, False), (-60, True), (72 * 3600 - 60, True), (72 * 3600 + 60, False),
])
def test_offline_upload_window(stack, officer, when, ok):
    """scanned_at: not in the future (a kiosk clock up to 2 minutes fast is
    recorded now), not older than 72 hours."""
    d = declare(stack, 533)
    # A code that was valid at the scan: signed to expire after it.
    token = sign(stack, d["declaration_id"], time.time() - when + 3600)
    r = confirm(officer, stack, token, "out", scanned_at=iso(when),
                device_ref=f"dev-533-{abs(when)}-{int(ok)}")
    if ok:
        assert r.status_code in (200, 201), r.text
    else:
        assert r.status_code == 400 and "scanned_at" in r.json()["error"]["fields"], r.text


def test_offline_scan_is_judged_at_its_time(stack, officer):
    """A code valid when it was scanned offline, expired by the time it is
    sent, is recorded; one revoked before the scan is not."""
    d = declare(stack, 534)
    token = sign(stack, d["declaration_id"], time.time() - 600)     # expired 10 minutes ago
    r = confirm(officer, stack, token, "in", scanned_at=iso(1800), device_ref="dev-534-a")
    assert r.status_code == 201, r.text
    r = confirm(officer, stack, token, "in", scanned_at=iso(300), device_ref="dev-534-b")
    assert r.status_code == 409 and r.json()["error"]["code"] == "expired"
    e = declare(stack, 535)
    stack.sql("UPDATE declarations SET revoked_at = NOW() - INTERVAL 20 MINUTE"
              " WHERE declaration_id=%s", e["declaration_id"])
    r = confirm(officer, stack, e["token"], "in", scanned_at=iso(3600), device_ref="dev-535-a")
    assert r.status_code == 201, r.text
    r = confirm(officer, stack, e["token"], "out", scanned_at=iso(600), device_ref="dev-535-b")
    assert r.status_code == 409 and r.json()["error"]["code"] == "revoked"


@pytest.mark.parametrize("offset, over, f_status, reasons, followup", [
    (536, {}, "F1", "F1", "1"),
    (537, {"full_name": "Người Khác Tên"}, None, "mismatch", "1"),
    (538, {"fever": "1"}, "F3", "F3,symptoms", None),
])
def test_offline_passage_of_someone_to_follow_up(stack, officer, offset, over, f_status,
                                                 reasons, followup):
    """The officer saw no F status and no registry offline: what the server
    finds on arrival is written into the passage, and F0/F1 or a registry
    mismatch flags it for the f-status worklist."""
    d = declare(stack, offset, **over)
    if f_status:
        set_f_status(stack, citizen(stack, offset)[0], f_status)
    r = confirm(officer, stack, d["token"], "in", scanned_at=iso(900),
                device_ref=f"dev-{offset}")
    assert r.status_code == 201, r.text
    assert r.json()["offline_reasons"] == reasons.split(",")
    assert r.json()["followup"] is (followup == "1")
    row = stack.sql("SELECT offline_reasons, followup FROM passages WHERE passage_id=%s",
                    r.json()["passage_id"])[0]
    assert row == (reasons, followup)
    # Online, the officer saw the verdict: nothing to flag.
    online = confirm(officer, stack, d["token"], "out")
    assert stack.sql("SELECT offline_reasons, followup FROM passages WHERE passage_id=%s",
                     online.json()["passage_id"])[0] == (None, None)


def test_device_ref_is_checked(stack, officer):
    d = declare(stack, 539)
    for bad in ["has space", "x" * 65, "dấu"]:
        r = confirm(officer, stack, d["token"], "in", device_ref=bad)
        assert r.status_code == 400 and "device_ref" in r.json()["error"]["fields"], bad
    assert passages(stack, d["declaration_id"]) == []


# -------------------------------------------------------------------- undo

def undo(sess, stack, passage_id, **kw):
    return sess.post(stack.url + "/verify", data={"action": "undo", "passage_id": passage_id},
                     **kw)


def test_undo_within_two_minutes_keeps_the_row_cancelled(stack, officer):
    d = declare(stack, 540)
    p = confirm(officer, stack, d["token"], "in").json()["passage_id"]
    r = undo(officer, stack, p)
    assert r.status_code == 200, r.text
    assert r.json()["passage_id"] == p and r.json()["cancelled_at"]
    row = stack.sql("SELECT cancelled_at IS NOT NULL FROM passages WHERE passage_id=%s", p)
    assert row == [("1",)]
    audit = stack.sql("SELECT actor, target_kind, target FROM audit_log"
                      " WHERE action='passage_undo' ORDER BY audit_id DESC LIMIT 1")[0]
    assert audit == (officer.uid, "passage", str(p))
    # Undone twice: the same answer, one audit row.
    again = undo(officer, stack, p)
    assert again.status_code == 200 and again.json()["cancelled_at"] == r.json()["cancelled_at"]
    assert stack.sql("SELECT COUNT(*) FROM audit_log WHERE action='passage_undo'"
                     " AND target=%s", str(p)) == [("1",)]
    # A cancelled passage is no longer "the first within 5 minutes".
    again = confirm(officer, stack, d["token"], "in")
    assert again.status_code == 201 and again.json()["passage_id"] != p


def test_undo_after_two_minutes_is_refused(stack, officer):
    d = declare(stack, 541)
    p = confirm(officer, stack, d["token"], "in").json()["passage_id"]
    stack.sql("UPDATE passages SET recorded_at = recorded_at - INTERVAL 121 SECOND"
              " WHERE passage_id=%s", p)
    r = undo(officer, stack, p)
    assert r.status_code == 409 and r.json()["error"]["code"] == "undo_too_late"
    assert stack.sql("SELECT cancelled_at FROM passages WHERE passage_id=%s", p) == [(None,)]


def test_another_officers_undo_is_refused(stack, officer, place):
    d = declare(stack, 542)
    p = confirm(officer, stack, d["token"], "in").json()["passage_id"]
    colleague = accounts.officer_session(stack, uid("officer"), place)
    r = undo(colleague, stack, p)
    assert r.status_code == 403 and r.json()["error"]["code"] == "not_your_passage"
    assert stack.sql("SELECT cancelled_at FROM passages WHERE passage_id=%s", p) == [(None,)]
    r = undo(officer, stack, 987654321)
    assert r.status_code == 404
    r = officer.post(stack.url + "/verify", data={"action": "undo"})
    assert r.status_code == 400 and "passage_id" in r.json()["error"]["fields"]


# ---------------------------------------------------- the day at the place

def test_today_counts_and_last_passages(stack):
    place = accounts.make_place(stack, name="Chốt đếm lượt")
    me = accounts.officer_session(stack, uid("officer"), place)
    made = [declare(stack, 545 + i) for i in range(3)]
    ids = [confirm(me, stack, d["token"], dirn).json()["passage_id"]
           for d, dirn in zip(made, ["in", "in", "out"])]
    assert undo(me, stack, ids[1]).status_code == 200
    body = me.get(stack.url + "/verify/today").json()
    assert body["counts"] == {"in": 1, "out": 1, "visit": 0}
    assert body["place_id"] == place and body["undo_seconds"] == 120
    last = body["last"]
    assert [p["passage_id"] for p in last] == ids[::-1]
    assert [p["cancelled"] for p in last] == [False, True, False]
    assert [p["undo"] for p in last] == [True, False, True]
    name = citizen(stack, 547)[1]
    assert last[0]["name"].split()[0] == name.split()[0] and name not in last[0]["name"]
    assert last[0]["name"].endswith(".")
    page = me.get(stack.url + "/verify", headers={"Accept": "text/html"}).text
    assert re.search(r'id="count-in">1<', page) and re.search(r'id="count-out">1<', page)
    assert page.count('name="action" value="undo"') == 2
    r = me.get(stack.url + "/verify/today", headers={"Accept": "text/html"}, allow_redirects=False)
    assert r.status_code == 303


# --------------------------------------------------------- static files

@pytest.mark.parametrize("path, ctype", [
    ("/js/kiosk.js", "application/javascript"), ("/vendor/jsQR.js", "application/javascript"),
    ("/vendor/noble-ed25519.js", "application/javascript"), ("/css/kiosk.css", "text/css"),
    ("/kiosk.webmanifest", "application/manifest+json"), ("/kiosk-sw.js", "application/javascript"),
])
def test_static_files_are_compressed(stack, path, ctype):
    r = requests.get(stack.url + path, headers={"Accept-Encoding": "gzip"}, stream=True)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith(ctype)
    assert r.headers.get("Content-Encoding") == "gzip"
    raw = r.raw.read()
    plain = requests.get(stack.url + path, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers and len(raw) < len(plain.content)


def test_the_kiosk_is_installable(stack):
    m = requests.get(stack.url + "/kiosk.webmanifest").json()
    assert m["start_url"] == "/verify" and m["display"] == "standalone"
    for icon in m["icons"]:
        r = requests.get(stack.url + icon["src"])
        assert r.status_code == 200 and r.headers["Content-Type"] == "image/png"
