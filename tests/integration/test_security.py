"""What the security review found, closed (issue 18, parts 1-7;
docs/SECURITY.md).  Each test names the finding it proves closed.  The
proofs of parts 8-11 have files of their own: test_zz_faults.py (faults
survived), test_hostile_input.py (every field fed hostile values),
test_area_matrix.py (role x route x area), test_zzz_logs.py (no personal
data in any log), test_audit_page.py (/audit, accesses)."""
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import time
from pathlib import Path

import pytest
import requests

from . import accounts
from .fcgi import fcgi_get
from .helpers import (HTML, JSON, ROOT, citizen, curl, declare, flip, mask_name, sign, uid,
                      verify_workers)


def person_session(stack, role, unit=None, place_kind=None):
    """A new account of role in unit (a commune by default), logged in."""
    place = accounts.make_place(stack, place_kind) if place_kind else None
    return accounts.session_for(stack, uid(role), role, place_id=place, unit=unit)


def f_status(stack, id_number, status):
    stack.sql("INSERT INTO f_status (id_number, status, set_by, set_at) VALUES"
              " (%s, %s, 'police1', NOW(3))", id_number, status)


@pytest.fixture(scope="module")
def venue(stack):
    return person_session(stack, "venue", place_kind="venue")


@pytest.fixture(scope="module")
def officer2(stack):
    return person_session(stack, "officer", place_kind="checkpoint")


# ---------------------------------------- 1. a kiosk learned anyone's F status

def test_a_venue_sees_the_decision_and_the_masked_name_only(stack, venue):
    c = citizen(stack, 700)
    f_status(stack, c[0], "F0")
    d = declare(stack, 700, fever="1")
    body_ = venue.get(stack.url + "/verify", params={"code": d["token"]}).json()
    assert body_["limited"] is True and body_["decision"] == "stop"
    assert body_["declaration"] == {"declaration_id": d["declaration_id"],
                                    "full_name": mask_name(c[1])}
    assert body_["registry"] is None and body_["f_status"] is None
    assert body_["reasons"] == []              # no fact of the person
    for key in ("f_status", "registry", "symptoms", "perm_commune"):
        assert key not in body_["labels"]
    page = venue.get(stack.url + "/verify", params={"code": d["token"]}, headers=HTML).text
    assert mask_name(c[1]) in page and c[1] not in page and c[0] not in page
    assert 'data-reason="F0"' not in page and "DỪNG LẠI" in page
    # A void code is still said: its reason is the code's, not the person's.
    expired = sign(stack, d["declaration_id"], time.time() - 60)
    body_ = venue.get(stack.url + "/verify", params={"code": expired}).json()
    assert body_["reasons"] == ["expired"] and body_["declaration"] is None


def test_an_unconfirmed_identity_shows_no_f_status(stack, officer):
    """Someone declares under another person's ID number with any name: the
    officer scanning it sees the mismatch and is told to check the card,
    never the real person's F status, nor a verdict that betrays it."""
    c = citizen(stack, 701)
    f_status(stack, c[0], "F0")
    forged = declare(stack, 701, full_name="Người Mạo Danh")
    body_ = officer.get(stack.url + "/verify", params={"code": forged["token"]}).json()
    assert body_["registry"] == "mismatch" and body_["f_status_hidden"] is True
    assert body_["f_status"] is None and body_["decision"] == "check"
    assert body_["reasons"] == ["mismatch"]
    assert "CCCD" in body_["labels"]["f_status"] and "F0" not in str(body_["labels"])
    page = officer.get(stack.url + "/verify", params={"code": forged["token"]},
                       headers=HTML).text
    assert 'data-reason="F0"' not in page and "ĐỐI CHIẾU CCCD" in page
    # The same person declaring under their own name: the status shows.
    own = declare(stack, 701)
    body_ = officer.get(stack.url + "/verify", params={"code": own["token"]}).json()
    assert body_["f_status"] == "F0" and body_["decision"] == "stop"
    assert "f_status_hidden" not in body_
    # Looked up by the number on the card, the newest declaration (the
    # forged one is older) shows the status: the card is the identity.
    stack.sql("UPDATE declarations SET created_at = created_at - INTERVAL 1 HOUR"
              " WHERE declaration_id=%s", own["declaration_id"])
    r = officer.post(stack.url + "/verify", data={"action": "lookup", "id_number": c[0]})
    assert r.status_code == 200 and r.json()["f_status"] == "F0"
    assert r.json()["registry"] == "mismatch" and "f_status_hidden" not in r.json()


def quota_hour(stack):
    return stack.sql("SELECT DATE_FORMAT(NOW(), '%Y-%m-%d %H:00:00')")[0][0]


def test_look_ups_are_counted_per_account_and_flagged(stack, officer2):
    """Past lookup_limit_per_hour (120) an account's look-ups are refused
    until the hour ends; from lookup_flag_per_hour (60) its unit's
    administrators see it."""
    c = citizen(stack, 702)
    hour = quota_hour(stack)
    stack.sql("INSERT INTO lookup_quota (uid, kind, hour, count) VALUES (%s, 'lookup', %s, 59)"
              " ON DUPLICATE KEY UPDATE count = 59", officer2.uid, hour)
    r = officer2.post(stack.url + "/verify", data={"action": "lookup", "id_number": c[0]})
    assert r.status_code in (200, 404)
    flag = stack.sql("SELECT role, count FROM lookup_flags WHERE uid=%s AND kind='lookup'",
                     officer2.uid)
    assert flag == [("officer", "60")]
    stack.sql("UPDATE lookup_quota SET count = 120 WHERE uid=%s AND kind='lookup'", officer2.uid)
    before = int(stack.sql("SELECT COUNT(*) FROM audit_log WHERE action='lookup'"
                           " AND actor=%s", officer2.uid)[0][0])
    r = officer2.post(stack.url + "/verify", data={"action": "lookup", "id_number": c[0]})
    assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited"
    # Refused before anything was read (no audit row of a read).
    assert int(stack.sql("SELECT COUNT(*) FROM audit_log WHERE action='lookup'"
                         " AND actor=%s", officer2.uid)[0][0]) == before
    # The national administrator's page lists the account.
    page = stack.admin().get(stack.url + "/admin-accounts", headers=HTML).text
    assert 'id="flags"' in page and officer2.uid in page


# ------------------------------------ 2. any officer could read the registry

def test_registry_look_ups_need_a_place_and_are_counted(stack):
    no_place = person_session(stack, "officer")
    c = citizen(stack, 703)
    for data in ({"action": "lookup", "lookup": c[0]},
                 {"action": "cccd", "cccd_qr": "|".join([c[0], "", c[1], "01011990", "Nam",
                                                          "x", "01012021"])}):
        r = no_place.post(stack.url + "/paper-entry", data=data)
        assert r.status_code == 403 and r.json()["error"]["code"] == "no_place"
    at_place = person_session(stack, "officer", place_kind="checkpoint")
    stack.sql("INSERT INTO lookup_quota (uid, kind, hour, count) VALUES (%s, 'registry', %s,"
              " 120)", at_place.uid, quota_hour(stack))
    r = at_place.post(stack.url + "/paper-entry", data={"action": "lookup", "lookup": c[0]})
    assert r.status_code == 429
    assert stack.sql("SELECT kind, count FROM lookup_flags WHERE uid=%s", at_place.uid) == \
        [("registry", "121")]


def test_nginx_limits_paper_entry_per_session(stack):
    """Besides the count per hour: a burst of one session is cut by nginx
    (from an address that is not exempt, 127.0.0.2)."""
    officer = person_session(stack, "officer", place_kind="checkpoint")
    cookie = "sid=" + officer.cookies["sid"]
    codes = []
    for _ in range(30):
        out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                              "--interface", "127.0.0.2", "-H", f"Cookie: {cookie}",
                              "-H", "Accept: application/json", stack.url + "/paper-entry"],
                             capture_output=True, text=True)
        codes.append(out.stdout)
    assert "200" in codes and "429" in codes


# ---------------------------------------------- 3. an anonymous registry oracle

def find(stack, data, **kw):
    return requests.post(stack.url + "/declare/find", data=data, headers=JSON, **kw)


def test_find_is_audited_and_an_id_number_locks_after_misses(stack):
    c = citizen(stack, 704)
    declare(stack, 704, phone="0912000704")
    right = {"id_number": c[0], "dob": c[2], "phone": "0912000704"}
    wrong = dict(right, phone="0912999999")
    assert find(stack, right).status_code == 200
    rows = stack.sql("SELECT actor, target_kind, detail, source_addr FROM audit_log"
                     " WHERE action='find' ORDER BY audit_id DESC LIMIT 1")
    assert rows == [("-", "citizen", "found", "127.0.0.1")]
    assert c[0] not in str(stack.sql("SELECT target FROM audit_log WHERE action='find'"))
    for _ in range(5):
        assert find(stack, wrong).status_code == 404
    # Locked now: the right answer too, and the same neutral words.
    r = find(stack, right)
    assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited"
    page = requests.post(stack.url + "/declare/find", data=right)
    assert page.status_code == 429 and "15 phút" in page.text
    assert stack.sql("SELECT detail FROM audit_log WHERE action='find' ORDER BY audit_id"
                     " DESC LIMIT 1") == [("locked",)]
    # Another ID number is not locked.
    other = citizen(stack, 705)
    assert find(stack, {"id_number": other[0], "dob": other[2],
                        "phone": "0912000705"}).status_code == 404


def test_nginx_limits_find_per_address(stack):
    # Each try another ID number: the lock per number stays out of it.
    codes = [curl(stack, "/declare/find", accept="application/json", interface="127.0.0.4",
                  data=f"id_number=0011900000{i:02d}&dob=1990-01-01&phone=0912345678"
                  .encode())[0] for i in range(12)]
    assert 429 in codes and codes[0] != 429


# ----------------------------------------------- 5. peer administrators

def test_peer_administrators_cannot_take_each_other_over(stack):
    """Two admins of one province: neither disables, enables, resets or
    creates the province's admins (403 naming uid or unit); the national
    admin does."""
    a = accounts.session_for(stack, uid("peer"), "admin", unit="38")
    b_uid = uid("peer")
    accounts.make_account(stack, b_uid, "admin", unit="38")
    for action in ("disable", "enable", "reset_password"):
        r = a.post(stack.url + "/admin-accounts", data={"action": action, "uid": b_uid})
        assert r.status_code == 403 and "uid" in r.json()["error"]["fields"], (action, r.text)
    r = a.post(stack.url + "/admin-accounts", data={
        "action": "create", "uid": uid("third"), "full_name": "Quản Trị Ba", "role": "admin",
        "unit": "38"})
    assert r.status_code == 403 and "unit" in r.json()["error"]["fields"]
    # Below its unit it still manages admins.
    r = a.post(stack.url + "/admin-accounts", data={
        "action": "create", "uid": uid("district"), "full_name": "Quản Trị Huyện",
        "role": "admin", "unit": "380"})
    assert r.status_code == 201, r.text
    r = stack.admin().post(stack.url + "/admin-accounts", data={"action": "disable", "uid": b_uid})
    assert r.status_code == 200 and r.json()["disabled"] is True


# ------------------------------------------------------------ 6. sessions

def test_idle_and_absolute_limits_per_role(stack):
    admin = accounts.session_for(stack, uid("idle"), "admin")
    officer = person_session(stack, "officer", place_kind="checkpoint")
    police = person_session(stack, "police")

    def idle(session, minutes):
        stack.sql("UPDATE sessions SET last_seen_at = NOW() - INTERVAL %s MINUTE WHERE uid=%s",
                  minutes, session.uid)
    # Fresh sessions no worker has cached yet; 31 idle minutes end an
    # administrator's, not an officer's.
    idle(admin, 31)
    idle(officer, 31)
    assert admin.get(stack.url + "/login").status_code == 401
    assert officer.get(stack.url + "/login").status_code == 200
    # The officer's use moved its last use forward.
    assert stack.sql("SELECT last_seen_at > NOW() - INTERVAL 1 MINUTE FROM sessions"
                     " WHERE uid=%s", officer.uid) == [("1",)]
    idle(police, 121)
    assert police.get(stack.url + "/login").status_code == 401
    # The absolute limits: 8 hours for an administrator, 12 for others.
    hours = stack.sql("SELECT role, TIMESTAMPDIFF(HOUR, created_at, expires_at) FROM sessions"
                      " WHERE uid IN (%s, %s)", admin.uid, officer.uid)
    assert sorted(hours) == [("admin", "8"), ("officer", "12")]


def test_kiosk_cookies_end_with_the_browser_and_admin_ones_keep_their_limit(stack):
    officer = person_session(stack, "officer", place_kind="checkpoint")
    r = requests.post(stack.url + "/login", headers=JSON,
                      data={"uid": officer.uid, "password": officer.password})
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith("sid=") and "Max-Age" not in cookie and "Expires" not in cookie
    police = person_session(stack, "police")
    r = requests.post(stack.url + "/login", headers=JSON,
                      data={"uid": police.uid, "password": police.password})
    assert "Max-Age=43200" in r.headers["Set-Cookie"]


def test_two_session_cookies_are_refused(stack, officer):
    sid = officer.cookies["sid"]
    out = subprocess.run(["curl", "-s", "-H", "Accept: application/json", "-H",
                          f"Cookie: sid={sid}; sid={secrets.token_urlsafe(32)}",
                          stack.url + "/verify/today"], capture_output=True, text=True)
    assert '"session_ambiguous"' in out.stdout
    assert officer.get(stack.url + "/verify/today").status_code == 200


def test_a_new_admin_login_ends_the_admins_other_sessions(stack):
    name = uid("single")
    password = accounts.make_account(stack, name, "admin")
    first = stack.login(name, password)
    officer_like = person_session(stack, "police")       # others are not touched
    second = stack.login(name, password)
    assert first.get(stack.url + "/login").status_code == 401
    assert second.get(stack.url + "/login").status_code == 200
    assert officer_like.get(stack.url + "/login").status_code == 200
    # Police may keep several (a phone and a PC).
    again = stack.login(officer_like.uid, officer_like.password)
    assert officer_like.get(stack.url + "/login").status_code == 200
    assert again.get(stack.url + "/login").status_code == 200


def restart_program(stack, program, conf_changes):
    """Stops program, sets conf_changes in kiemdich.conf, starts it again
    (scripts/stack start brings back what is missing)."""
    pidfile = stack.var / "run" / f"{program}.pid"
    pid = int(pidfile.read_text())
    os.kill(pid, signal.SIGTERM)
    for _ in range(100):
        if not Path(f"/proc/{pid}").exists():
            break
        time.sleep(0.1)
    text = stack.conf_path.read_text()
    for key, value in conf_changes.items():
        text = re.sub(rf"(?m)^{key} *=.*\n", "", text) + f"{key} = {value}\n"
    stack.conf_path.write_text(text)
    started = subprocess.run([str(ROOT / "scripts" / "stack"), "start"], env=stack.env,
                             capture_output=True, text=True)
    assert started.returncode == 0, started.stdout + started.stderr


def test_behind_tls_the_cookie_is_host_only_and_secure(stack):
    """cookie_secure = 1 (production): __Host-sid, Secure, and only that
    name opens a session."""
    officer = person_session(stack, "police")
    restart_program(stack, "login", {"cookie_secure": "1"})
    try:
        r = requests.post(stack.url + "/login", headers=JSON,
                          data={"uid": officer.uid, "password": officer.password})
        assert r.status_code == 200, r.text
        cookie = r.headers["Set-Cookie"]
        assert cookie.startswith("__Host-sid=") and "; Secure" in cookie
        assert "Path=/" in cookie and "Domain" not in cookie
        sid = cookie.split(";")[0].split("=", 1)[1]
        who = requests.get(stack.url + "/login", headers=dict(JSON, Cookie=f"__Host-sid={sid}"))
        assert who.status_code == 200
        plain = requests.get(stack.url + "/login", headers=dict(JSON, Cookie=f"sid={sid}"))
        assert plain.status_code == 401
    finally:
        restart_program(stack, "login", {"cookie_secure": "0"})


# ------------------------------------------------------------- 7. the rest

def login_time(stack, uid_, password, n=5):
    times = []
    for _ in range(n):
        t0 = time.monotonic()
        r = requests.post(stack.url + "/login", headers=JSON,
                          data={"uid": uid_, "password": password})
        times.append(time.monotonic() - t0)
        assert r.status_code == 401 and r.json()["error"]["code"] == "bad_credentials"
    stack.sql("DELETE FROM login_failures")
    return statistics.median(times)


def test_login_answers_alike_for_unknown_wrong_and_disabled(stack):
    known = person_session(stack, "police")
    disabled = person_session(stack, "police")
    r = stack.admin().post(stack.url + "/admin-accounts", data={"action": "disable",
                                                                "uid": disabled.uid})
    assert r.status_code == 200
    wrong = login_time(stack, known.uid, "not-the-password-1", n=3)
    unknown = login_time(stack, uid("nobody"), "not-the-password-1", n=3)
    off = login_time(stack, disabled.uid, disabled.password, n=3)
    # The same work: an unknown uid binds to cn=nobody (hashing the
    # password), so it takes about as long, not a tenth.
    assert unknown > 0.3 * wrong and off > 0.3 * wrong, (unknown, wrong, off)
    log = (stack.var / "log" / "slapd.log").read_text(errors="replace")
    assert 'dn="cn=nobody,dc=kiemdich,dc=vn"' in log
    # Audited; the uid only when it exists (a password typed in its place
    # must not land in the audit).
    rows = stack.sql("SELECT target, detail FROM audit_log WHERE action='login_failed'"
                     " ORDER BY audit_id DESC LIMIT 9")
    assert ("", "unknown") in rows and (known.uid, "wrong") in rows
    assert (disabled.uid, "disabled") in rows


def test_passwords_of_twelve_characters_and_changing_ones_own(stack):
    name = uid("pw")
    accounts.make_account(stack, name, "police", password="Initial-pass-1")
    s = stack.login(name, "Initial-pass-1")
    other = stack.login(name, "Initial-pass-1")
    r = s.post(stack.url + "/password", data={"password": "Initial-pass-1",
                                              "new_password": "Short-11ch"})
    assert r.status_code == 400 and "new_password" in r.json()["error"]["fields"]
    r = s.post(stack.url + "/password", data={"password": "Wrong-current-1",
                                              "new_password": "A-longer-pass-12"})
    assert r.status_code == 400 and "password" in r.json()["error"]["fields"]
    r = s.post(stack.url + "/password", data={"password": "Initial-pass-1",
                                              "new_password": "A-longer-pass-12",
                                              "new_password_again": "A-longer-pass-13"})
    assert r.status_code == 400 and "new_password_again" in r.json()["error"]["fields"]
    r = s.post(stack.url + "/password", data={"password": "Initial-pass-1",
                                              "new_password": "A-longer-pass-12",
                                              "new_password_again": "A-longer-pass-12"})
    assert r.status_code == 200 and r.json() == {"ok": True}
    assert s.get(stack.url + "/login").status_code == 200
    assert other.get(stack.url + "/login").status_code == 401    # the other session ended
    assert stack.login(name, "A-longer-pass-12").get(stack.url + "/login").status_code == 200
    page = s.get(stack.url + "/password", headers=HTML)
    assert page.status_code == 200 and "ít nhất 12 ký tự" in page.text
    assert stack.sql("SELECT COUNT(*) FROM audit_log WHERE action='password_change'"
                     " AND target=%s", name) == [("1",)]


def test_checkers_run_on_public_keys_alone(stack, tmp_path):
    """qr and verify never read a signing seed: started with a key folder
    that holds only the public halves, they serve and check codes."""
    keys = tmp_path / "keys"
    keys.mkdir(mode=0o700)
    for pub in Path(stack.conf["key_dir"]).glob("*.pub"):
        shutil.copy(pub, keys / pub.name)
    assert not list(keys.glob("[0-9]*.key"))
    conf = tmp_path / "kiemdich.conf"
    text = re.sub(r"(?m)^key_dir *=.*$", f"key_dir = {keys}",
                  stack.conf_path.read_text())
    conf.write_text(text)
    d = declare(stack, 706)
    for program in ("qr", "verify"):
        sock = str(tmp_path / f"{program}.sock")
        p = subprocess.Popen([str(ROOT / "build" / "bin" / program), "-c", str(conf),
                              "-s", sock, "-n", "1"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
        try:
            for _ in range(100):
                if Path(sock).exists():
                    break
                time.sleep(0.1)
            if program == "qr":
                status, headers, png = fcgi_get(sock, f"/qr/{d['token']}.png")
                assert status == 200 and png[:4] == b"\x89PNG"
                # A character inside the signature (the last one carries
                # unused bits: "AA" at the end was sometimes the same code).
                status, _, _ = fcgi_get(sock, f"/qr/{flip(d['token'], 80)}.png")
                assert status == 404
            else:
                # Not logged in: the worker is up and answers by itself.
                status, _, _ = fcgi_get(sock, "/verify", headers={"HTTP_ACCEPT":
                                                                  "application/json"})
                assert status == 401
            assert not list(keys.glob("[0-9]*.key")), "no signing seed was made"
        finally:
            p.terminate()
            err = p.communicate(timeout=20)[1]
        assert "start-up failed" not in err, err


def test_verify_checks_the_expiry_the_database_holds(stack, officer):
    d = declare(stack, 707)
    stack.sql("UPDATE declarations SET created_at = NOW() - INTERVAL 80 HOUR,"
              " expires_at = NOW() - INTERVAL 8 HOUR WHERE declaration_id=%s",
              d["declaration_id"])
    body_ = officer.get(stack.url + "/verify", params={"code": d["token"]}).json()
    assert body_["valid"] is False and body_["reason"] == "expired"
    assert body_["declaration"] is None
    r = officer.post(stack.url + "/verify", data={"code": d["token"], "direction": "in"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "expired"


def test_the_kiosk_journal_is_synced_before_the_answer(stack, officer):
    """strace on a verify worker: an fdatasync for each look-up."""
    d = declare(stack, 708)
    worker = verify_workers(stack)[0]
    trace = subprocess.Popen(["strace", "-f", "-qq", "-e", "trace=fdatasync", "-p", str(worker)],
                             stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(1.0)
        for _ in range(5):
            assert officer.get(stack.url + "/verify", params={"code": d["token"]}).ok
        time.sleep(0.5)
    finally:
        trace.send_signal(signal.SIGINT)
        err = trace.communicate(timeout=20)[1]
    assert err.count("fdatasync(") >= 5, err[-2000:]


def test_audit_rows_carry_the_source_address(stack, officer):
    d = declare(stack, 709)
    status, _, _ = curl(stack, f"/qr/{d['token']}", interface="127.0.0.5")
    assert status == 200
    assert stack.sql("SELECT source_addr FROM audit_log WHERE action='qr_page' AND target=%s",
                     str(d["declaration_id"])) == [("127.0.0.5",)]
    rows = stack.sql("SELECT actor_role, actor_unit FROM audit_log WHERE action='login'"
                     " AND actor=%s", officer.uid)
    assert rows and rows[0] == ("officer", accounts.a_commune(stack))


def db_as(stack, user, password, statement):
    return subprocess.run(["mariadb", "--no-defaults", f"--socket={stack.conf['db_socket']}",
                           f"-u{user}", f"-p{password}", "kiemdich", "-e", statement],
                          capture_output=True, text=True)


def test_the_programs_account_cannot_change_the_audit(stack):
    app = (stack.conf["db_user"], stack.conf["db_password"])
    for statement in ("UPDATE audit_log SET actor='x' WHERE audit_id=1",
                      "DELETE FROM audit_log WHERE audit_id=1",
                      "TRUNCATE audit_log", "DROP TABLE audit_log"):
        out = db_as(stack, *app, statement)
        assert out.returncode != 0 and "denied" in out.stderr, statement
    assert db_as(stack, *app, "INSERT INTO audit_log (at, actor, action) VALUES"
                 " (NOW(3), 'test', 'grant_check')").returncode == 0
    assert db_as(stack, *app, "DELETE FROM login_failures WHERE uid='nobody'").returncode == 0
    # The retention job's own account may delete audit rows.
    keeper = (stack.conf["db_retention_user"], stack.conf["db_retention_password"])
    assert db_as(stack, *keeper, "DELETE FROM audit_log WHERE action='grant_check'"
                 ).returncode == 0
    # And nobody loads a local file into the server.
    assert stack.sql("SELECT @@local_infile") == [("0",)]
    out = db_as(stack, *app, "LOAD DATA LOCAL INFILE '/etc/hostname' INTO TABLE audit_log")
    assert out.returncode != 0


def test_no_token_or_query_string_in_any_log(stack):
    secret = "079" + str(secrets.randbelow(10**9)).zfill(9)
    d = declare(stack, 710)
    requests.get(stack.url + f"/qr/{d['token']}")
    requests.get(stack.url + f"/qr/{d['token']}.png")
    # A program that is not running (report, not built): nginx's 502 would
    # quote the request line in its error log at level "error".
    requests.get(stack.url + f"/report?probe={secret}")
    requests.get(stack.url + f"/no-such-file.css?probe={secret}")
    logs = "".join(f.read_text(errors="replace") for f in (stack.var / "log").glob("*.log"))
    assert secret not in logs and d["token"] not in logs
    assert '"GET /qr/*"' in (stack.var / "log" / "nginx-access.log").read_text()


def test_what_is_not_public_and_what_is_not_ours(stack):
    # The benchmarks' ceilings answer this machine only.
    assert curl(stack, "/hello", interface="127.0.0.6")[0] == 403
    assert curl(stack, "/bench/nginx", interface="127.0.0.6")[0] == 403
    # Another Host gets no answer at all.
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                          "-H", "Host: evil.example", stack.url + "/declare"],
                         capture_output=True, text=True)
    assert out.returncode == 52 and out.stdout == "000"
    # Headers beyond 8 KB: our 400 page.
    out = subprocess.run(["curl", "-s", "-w", "\n%{http_code}", "-H",
                          "Cookie: x=" + "a" * 9000, stack.url + "/declare"],
                         capture_output=True, text=True)
    assert out.stdout.rstrip().endswith("400") and "Yêu cầu không hợp lệ" in out.stdout


def test_programs_drop_to_run_as(stack, tmp_path):
    conf = tmp_path / "kiemdich.conf"
    conf.write_text(stack.conf_path.read_text() + "run_as = nobody\nrun_as_group = nogroup\n")
    os.chmod(tmp_path, 0o755)
    sock = tmp_path / "hello.sock"
    p = subprocess.Popen([str(ROOT / "build" / "bin" / "hello"), "-c", str(conf), "-s",
                          str(sock), "-n", "1"], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            kids = subprocess.run(["pgrep", "-P", str(p.pid)], capture_output=True,
                                  text=True).stdout.split()
            if kids and sock.exists():
                break
            time.sleep(0.1)
        assert kids
        for pid in [p.pid] + [int(k) for k in kids]:
            uids = re.search(r"(?m)^Uid:\s+(\d+)\s+(\d+)\s+(\d+)", Path(f"/proc/{pid}/status")
                             .read_text()).groups()
            assert set(uids) == {str(65534)}, (pid, uids)
        assert sock.stat().st_uid == 65534
        status, _, body_ = fcgi_get(str(sock), "/hello", headers={"HTTP_ACCEPT":
                                                                  "application/json"})
        assert status == 200
    finally:
        p.terminate()
        p.wait(timeout=20)


def test_the_production_example_is_a_valid_nginx_configuration(tmp_path):
    """nginx -t on nginx/production.conf.example with its paths pointed at
    this tree and a throw-away certificate."""
    ssl = tmp_path / "ssl"
    ssl.mkdir()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=kiemdich.example.vn", "-keyout", str(ssl / "privkey.pem"),
                    "-out", str(ssl / "fullchain.pem")], check=True, capture_output=True)
    text = (ROOT / "nginx" / "production.conf.example").read_text()
    text = (text.replace("/opt/kiemdich", str(ROOT)).replace("/etc/ssl/kiemdich", str(ssl))
            .replace("/var/log/nginx", str(tmp_path)).replace("/run/", str(tmp_path) + "/")
            .replace("user www-data;", ""))
    conf = tmp_path / "nginx.conf"
    conf.write_text(text)
    out = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(conf),
                          "-e", str(tmp_path / "error.log")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "geo $kd_exempt" not in text and "location = /hello" not in text
