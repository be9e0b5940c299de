"""The checkpoint kiosk (issue #5): GET /verify?code= (signature, expiry,
declaration, registry, F status, audit), POST /verify (passages, the
5-minute idempotency, roles, CSRF), and /paper-entry."""
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import accounts  # noqa: E402

JSON = {"Accept": "application/json"}


# ------------------------------------------------------------------ helpers

def citizen(stack, offset=0):
    return stack.sql("SELECT id_number, full_name, DATE_FORMAT(dob, '%Y-%m-%d'), gender,"
                     " perm_commune FROM citizens ORDER BY id_number LIMIT 1 OFFSET %s",
                     offset)[0]


def declare(stack, offset=0, **over):
    """A web declaration of a registry citizen; returns the 201 JSON."""
    c = citizen(stack, offset)
    data = dict(id_number=c[0], full_name=c[1], dob=c[2], gender=c[3], phone="0912345678",
                perm_commune=c[4], perm_address="12 Lê Lợi", from_commune=c[4],
                from_address="12 Lê Lợi", to_commune="00001", to_address="1 Phố Huế",
                vaccine_doses="2")
    data.update(over)
    r = requests.post(stack.url + "/declare", data=data, headers=JSON)
    assert r.status_code == 201, r.text
    return r.json()


def sign(stack, decl_id, expires):
    out = subprocess.run([str(stack.root / "build" / "bin" / "kd-token-sign"), str(decl_id),
                          str(int(expires))], env=stack.env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def flip(token, at):
    c = token[at]
    return token[:at] + ("B" if c != "B" else "C") + token[at + 1:]


def audit_count(stack, action="verify"):
    return int(stack.sql("SELECT COUNT(*) FROM audit_log WHERE action=%s", action)[0][0])


def wait_audit_count(stack, expected, action="verify", timeout=10):
    """Look-ups are audited through the verify journal: the loader moves
    the records into audit_log within about a second."""
    deadline = time.time() + timeout
    while True:
        n = audit_count(stack, action)
        if n >= expected or time.time() > deadline:
            return n
        time.sleep(0.1)


def journal_sizes(stack):
    journals = stack.var / "audit" / "verify"
    return {f"verify/{f.name}": f.stat().st_size for f in journals.glob("*.log")}


def audit_mark(stack):
    """What grows when a look-up is audited: the verify journals, written
    before the answer (so an unchanged size right after a request means no
    record was written)."""
    return sum(journal_sizes(stack).values())


def unloaded_lines(stack, name, offset):
    """Whether a journal holds whole records past offset (a torn piece
    without its newline is not one: it waits for the next record)."""
    try:
        with open(stack.var / "audit" / name, "rb") as f:
            f.seek(offset)
            return b"\n" in f.read()
    except FileNotFoundError:
        return False


def settled_audit_count(stack, action="verify", timeout=10):
    """audit_log's count once the loader has loaded every journal record
    written so far (earlier tests' look-ups must not land in the middle of
    this test's count)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        loaded = dict((f, int(b)) for f, b in stack.sql(
            "SELECT file, loaded_bytes FROM audit_journal WHERE file LIKE 'verify/%'"))
        if all(not unloaded_lines(stack, f, loaded.get(f, 0)) for f in journal_sizes(stack)):
            return audit_count(stack, action)
        time.sleep(0.1)
    raise AssertionError("the audit loader did not catch up")


def verify_workers(stack):
    """The pids of the verify workers (children of its supervisor, not the
    journal loader)."""
    parent = (stack.var / "run" / "verify.pid").read_text().strip()
    out = subprocess.run(["pgrep", "-P", parent], capture_output=True, text=True).stdout
    pids = [int(p) for p in out.split()]
    return [p for p in pids
            if Path(f"/proc/{p}/comm").read_text().strip() != "audit-loader"]


def passages(stack, decl_id):
    return stack.sql("SELECT passage_id, id_number, place_id, direction, officer FROM passages"
                     " WHERE declaration_id=%s ORDER BY passage_id", decl_id)


_n = [0]


def uid(prefix):
    _n[0] += 1
    return f"{prefix}{_n[0]}x{int(time.time()) % 100000}"


@pytest.fixture(scope="module")
def place(stack):
    return accounts.make_place(stack, "checkpoint", name="Chốt Quốc lộ 1A – Km 300")


@pytest.fixture(scope="module")
def officer(stack, place):
    return accounts.officer_session(stack, uid("officer"), place)


@pytest.fixture(scope="module")
def venue(stack):
    vplace = accounts.make_place(stack, "venue", name="Siêu thị thử")
    return accounts.venue_session(stack, uid("venue"), vplace)


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
                    "declaration": None, "registry": None, "f_status": None}
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

def paper_form(stack, offset, **over):
    c = citizen(stack, offset)
    data = dict(id_number=c[0], full_name=c[1], dob=c[2], gender=c[3], perm_commune=c[4],
                perm_address="Thôn Đông", from_commune=c[4], from_address="Thôn Đông",
                to_commune="00001", to_address="1 Phố Huế", vaccine_doses="1",
                direction="in", cough="1")
    data.update(over)
    return data


def lookup(sess, stack, id_number, **kw):
    """The registry look-up: a POST, so that the ID number is never in a URL."""
    return sess.post(stack.url + "/paper-entry", data={"action": "lookup", "lookup": id_number},
                     **kw)


def test_registry_lookup_prefills_and_is_audited(stack, officer, place):
    c = citizen(stack, 30)
    r = lookup(officer, stack, c[0])
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["id_number"], body["full_name"], body["dob"], body["gender"],
            body["perm_commune"]) == c
    assert body["perm_commune_name"]
    row = stack.sql("SELECT actor, target_kind, target, place_id FROM audit_log"
                    " WHERE action='registry_lookup' ORDER BY audit_id DESC LIMIT 1")[0]
    assert row[0] == officer.uid and row[1] == "citizen" and row[3] == str(place)
    assert row[2].startswith("h:") and c[0] not in row[2]
    # The same ID number gives the same reference; another a different one.
    lookup(officer, stack, c[0])
    lookup(officer, stack, citizen(stack, 31)[0])
    refs = [r[0] for r in stack.sql("SELECT target FROM audit_log WHERE action='registry_lookup'"
                                    " ORDER BY audit_id DESC LIMIT 3")]
    assert refs[1] == row[2] and refs[0] != row[2]
    # HTML: the form comes prefilled.
    page = lookup(officer, stack, c[0], headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert f'value="{c[1]}"' in page.text and f'value="{c[2]}"' in page.text
    assert f'name="csrf" value="{officer.csrf}"' in page.text


def test_registry_lookup_of_an_unknown_id(stack, officer):
    r = lookup(officer, stack, "001099000001")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = lookup(officer, stack, "12ab")
    assert r.status_code == 400 and "lookup" in r.json()["error"]["fields"]
    r = officer.post(stack.url + "/paper-entry", data={"action": "lookup"})
    assert r.status_code == 400 and "lookup" in r.json()["error"]["fields"]
    r = officer.post(stack.url + "/paper-entry", data={"action": "find", "lookup": "001099000001"})
    assert r.status_code == 400 and "action" in r.json()["error"]["fields"]


def test_registry_lookup_is_never_in_a_url(stack, officer):
    """The ID number is personal data: GET ?lookup= is refused, nothing is read."""
    before = audit_count(stack, "registry_lookup")
    r = officer.get(stack.url + "/paper-entry", params={"lookup": citizen(stack, 30)[0]})
    assert r.status_code == 400 and r.json()["error"]["code"] == "unknown_field"
    assert list(r.json()["error"]["fields"]) == ["lookup"]
    r = officer.get(stack.url + "/paper-entry", params={"lookup": citizen(stack, 30)[0]},
                    headers={"Accept": "text/html"})
    assert r.status_code == 400
    # The look-up is a POST with the session's CSRF token.
    r = requests.post(stack.url + "/paper-entry", headers=JSON, cookies=officer.cookies,
                      data={"action": "lookup", "lookup": citizen(stack, 30)[0]})
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"
    assert audit_count(stack, "registry_lookup") == before
    # The HTML form posts, with the token, and needs no script.
    page = officer.get(stack.url + "/paper-entry", headers={"Accept": "text/html"})
    assert page.status_code == 200
    form = re.search(r'<form[^>]*class="lookup".*?</form>', page.text, re.S).group(0)
    assert 'method="post"' in form and 'name="action" value="lookup"' in form
    assert f'name="csrf" value="{officer.csrf}"' in form
    html = dict(csrf=officer.csrf, action="lookup", lookup=citizen(stack, 30)[0])
    r = requests.post(stack.url + "/paper-entry", data=html, cookies=officer.cookies)
    assert r.status_code == 200 and f'value="{citizen(stack, 30)[1]}"' in r.text


def test_paper_entry_makes_declaration_and_passage_in_one_go(stack, officer, place):
    data = paper_form(stack, 32, client_ref="paper-test-32")
    r = officer.post(stack.url + "/paper-entry", data=data)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["registry"] == "matched" and body["place_id"] == place
    decl = stack.sql("SELECT source, entered_by, id_number, cough, phone FROM declarations"
                     " WHERE declaration_id=%s", body["declaration_id"])
    assert decl == [("paper", officer.uid, data["id_number"], "1", None)]
    assert passages(stack, body["declaration_id"]) == [
        (str(body["passage_id"]), data["id_number"], str(place), "in", officer.uid)]
    # The slip's code works at the next checkpoint.
    v = officer.get(stack.url + "/verify", params={"code": body["token"]}).json()
    assert v["valid"] and v["declaration"]["source"] == "paper"
    assert v["declaration"]["entered_by"] == officer.uid
    assert requests.get(stack.url + body["qr_png"]).status_code == 200
    # A double submit of the same form stores nothing more.
    again = officer.post(stack.url + "/paper-entry", data=data)
    assert again.status_code == 200
    assert again.json()["declaration_id"] == body["declaration_id"]
    assert again.json()["passage_id"] == body["passage_id"]
    assert len(stack.sql("SELECT 1 FROM declarations WHERE client_ref='paper-test-32'")) == 1
    assert len(passages(stack, body["declaration_id"])) == 1


def test_paper_entry_html_shows_a_printable_slip(stack, officer):
    data = paper_form(stack, 33, direction="out", full_name="Tên Khác Hẳn")
    data["csrf"] = officer.csrf
    r = requests.post(stack.url + "/paper-entry", data=data, cookies=officer.cookies)
    assert r.status_code == 201
    assert "Tên Khác Hẳn" in r.text and data["id_number"] in r.text
    m = re.search(r'<img src="/qr/([A-Za-z0-9_-]+)\.png"', r.text)
    assert m and requests.get(stack.url + f"/qr/{m.group(1)}.png").status_code == 200
    assert "KHÔNG KHỚP" in r.text
    assert not re.search(r"<script(?![^>]*\bsrc=)", r.text) and " style=" not in r.text
    decl = stack.sql("SELECT declaration_id, registry FROM declarations"
                     " WHERE full_name='Tên Khác Hẳn'")
    assert decl[0][1] == "mismatch"
    assert [p[3] for p in passages(stack, decl[0][0])] == ["out"]


def test_paper_entry_bad_fields_store_nothing(stack, officer):
    before = stack.sql("SELECT COUNT(*) FROM declarations")[0][0]
    data = paper_form(stack, 34, dob="2999-01-01", direction="visit")
    del data["to_address"]
    r = officer.post(stack.url + "/paper-entry", data=data)
    assert r.status_code == 400
    fields = r.json()["error"]["fields"]
    assert {"dob", "direction", "to_address"} <= set(fields)
    r = officer.post(stack.url + "/paper-entry", data=dict(paper_form(stack, 34), source="web"))
    assert r.status_code == 400 and "source" in r.json()["error"]["fields"]
    assert stack.sql("SELECT COUNT(*) FROM declarations")[0][0] == before


def test_paper_entry_is_one_transaction(stack, officer):
    """If the passage cannot be stored, the declaration is not stored either."""
    failing = accounts.officer_session(stack, "failing-officer", accounts.make_place(stack))
    stack.sql("CREATE TRIGGER t_fail_passage BEFORE INSERT ON passages FOR EACH ROW"
              " SET NEW.officer = IF(NEW.officer = 'failing-officer', NULL, NEW.officer)")
    try:
        r = failing.post(stack.url + "/paper-entry",
                         data=paper_form(stack, 35, client_ref="paper-atomic-35"))
        assert r.status_code == 503
    finally:
        stack.sql("DROP TRIGGER t_fail_passage")
    assert stack.sql("SELECT 1 FROM declarations WHERE client_ref='paper-atomic-35'") == []
    r = failing.post(stack.url + "/paper-entry",
                     data=paper_form(stack, 35, client_ref="paper-atomic-35"))
    assert r.status_code == 201


@pytest.mark.parametrize("role", ["venue", "police", "admin"])
def test_paper_entry_is_for_officers_only(stack, role):
    s = accounts.session_for(stack, uid(role), role,
                             place_id=accounts.make_place(stack) if role == "venue" else None)
    assert lookup(s, stack, citizen(stack, 36)[0]).status_code == 403
    r = s.post(stack.url + "/paper-entry", data=paper_form(stack, 36))
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"


def test_paper_entry_session_and_csrf(stack, officer):
    r = requests.post(stack.url + "/paper-entry", headers=JSON, data=paper_form(stack, 37))
    assert r.status_code == 401
    r = requests.post(stack.url + "/paper-entry", headers=JSON,
                      data={"action": "lookup", "lookup": citizen(stack, 37)[0]})
    assert r.status_code == 401
    r = requests.post(stack.url + "/paper-entry", headers=JSON, cookies=officer.cookies,
                      data=paper_form(stack, 37))
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"


def test_paper_entry_needs_a_place(stack):
    s = accounts.session_for(stack, uid("noplace"), "officer")
    r = s.post(stack.url + "/paper-entry", data=paper_form(stack, 38))
    assert r.status_code == 403 and r.json()["error"]["code"] == "no_place"
