"""No personal data in any log line (issue 18, part 10).

A scenario of its own walks every way a citizen's data comes in or goes
out: a web declaration and a household's, the find page (right and
wrong), a checkpoint's scan and confirmation, a venue's visit, the
officer's look-ups (ID number, chip card), a paper entry, the police's F
status, history, search by name and phone, trace, and welfare
registration and payment, the public welfare list, failed logins.  Then
every log of the stack (logscan.py says which and why) is searched for
the ID numbers, names and phones of every citizen the stack knows: this
scenario's and those of every test before it (the file is named to run
last of the integration tests).  The session's end searches once more,
after the browser tests (tests/conftest.py)."""
import secrets

import pytest
import requests

from . import accounts
from . import welfare_api as wf
from .helpers import JSON, body, cccd_text, post_declare, today_vn, uid
from .logscan import People, line_findings, log_dirs, people_of, readable, scan


def new_person(stack, commune, name, gender="F"):
    """A registry citizen of our own, as helpers' tuples and wf's dicts."""
    p = wf.citizen(stack, commune, full_name=name, dob="1979-03-08", gender=gender)
    p["tuple"] = (p["id_number"], name, p["dob"], gender, commune)
    p["phone"] = "09" + str(secrets.randbelow(10**8)).zfill(8)
    return p


def declare_and_find(stack, y, family):
    """Y declares and finds the declaration again (and once wrongly); a
    family declares from one phone.  Returns Y's token."""
    token = post_declare(stack, body(y["tuple"], phone=y["phone"])).json()["token"]
    for phone in (y["phone"], "0900000000"):
        requests.post(stack.url + "/declare/find", headers=JSON,
                      data={"id_number": y["id_number"], "dob": y["dob"], "phone": phone})
    data = dict(phone=family[0]["phone"], perm_commune=family[0]["commune"],
                perm_address="5 Hàng Bông", from_same="1", to_commune="00001",
                to_address="1 Phố Huế", travel_date=today_vn())
    for n, m in enumerate(family, 1):
        data.update({f"m{n}_id_number": m["id_number"], f"m{n}_full_name": m["full_name"],
                     f"m{n}_dob": m["dob"], f"m{n}_gender": m["gender"],
                     f"m{n}_vaccine_doses": "2"})
    assert requests.post(stack.url + "/declare/household", data=data,
                         headers=JSON).status_code == 201
    return token


def at_the_checkpoint(stack, commune, y, w, token):
    """An officer scans Y's code, confirms, looks Y up by ID number and by
    chip card, and enters W's paper declaration; a venue records a visit."""
    officer = accounts.officer_session(stack, uid("logofc"),
                                       accounts.make_place(stack, "checkpoint", commune=commune))
    venue = accounts.venue_session(stack, uid("logven"),
                                   accounts.make_place(stack, "venue", commune=commune))
    assert officer.get(stack.url + "/verify", params={"code": token}).status_code == 200
    assert officer.post(stack.url + "/verify",
                        data={"code": token, "direction": "in"}).status_code == 201
    officer.post(stack.url + "/verify", data={"action": "lookup", "id_number": y["id_number"]})
    officer.post(stack.url + "/paper-entry", data={"action": "lookup", "lookup": y["id_number"]})
    officer.post(stack.url + "/paper-entry",
                 data={"action": "cccd", "cccd_qr": cccd_text(y["tuple"])})
    paper = dict(id_number=w["id_number"], full_name=w["full_name"], dob=w["dob"],
                 gender=w["gender"], phone=w["phone"], perm_commune=commune,
                 perm_address="Thôn Đông", from_commune=commune, from_address="Thôn Đông",
                 to_commune="00001", to_address="1 Phố Huế", vaccine_doses="1",
                 direction="in", cough="1")
    assert officer.post(stack.url + "/paper-entry", data=paper).status_code == 201
    assert venue.post(stack.url + "/verify",
                      data={"code": token, "direction": "visit"}).status_code == 201


def at_the_police(stack, commune, y):
    """The commune's police set Y's F status and read it back, search by
    name and phone, trace Y, register and pay Y's support; the public
    welfare list; a failed login."""
    police = wf.with_base(stack, accounts.session_for(stack, uid("logpol"), "police",
                                                      unit=commune))
    assert police.post(stack.url + "/f-status",
                       data={"id_number": y["id_number"], "status": "F0"}).status_code == 201
    police.get(stack.url + "/f-status", params={"id_number": y["id_number"]})
    for q in (y["full_name"], wf.unit_name(stack, commune), y["phone"]):
        police.get(stack.url + "/f-status", params={"q": q, "format": "csv"})
    police.get(stack.url + "/f-status/trace", params={"id_number": y["id_number"]})
    program = wf.make_program(wf.with_base(stack, stack.admin()), categories=("free_worker",))
    wf.register(police, program, y, expect=201)
    wf.pay(police, program, y, expect=201)
    requests.get(stack.url + "/welfare", params={"commune": commune}, headers=JSON)
    r = requests.post(stack.url + "/login", data={"uid": police.uid, "password": "sai-mat-khau-9"},
                      headers=JSON)
    assert r.status_code == 401


@pytest.fixture(scope="module")
def scenario(stack):
    """Every way in and out, for people of our own; returns them."""
    commune = accounts.a_commune(stack)
    y = new_person(stack, commune, "Trịnh Thị Nhật Ký")
    family = [new_person(stack, commune, "Lương Văn Gia Đình", "M"),
              new_person(stack, commune, "Lương Thị Hộ Khẩu")]
    w = new_person(stack, commune, "Vi Văn Giấy Tờ", "M")
    token = declare_and_find(stack, y, family)
    at_the_checkpoint(stack, commune, y, w, token)
    at_the_police(stack, commune, y)
    return [y, w] + family


def test_no_log_holds_a_citizens_id_number_name_or_phone(stack, scenario):
    people = people_of(stack)
    # This scenario's people are among those searched for.
    for p in scenario:
        assert p["id_number"] in people.ids
    assert {p["phone"] for p in scenario[:2]} <= people.phones
    # The logs are there to be searched: nginx's, the programs', slapd's,
    # the kiosk's journal.
    for name in ("log/nginx-access.log", "log/declare.log", "log/slapd.log"):
        assert (stack.var / name).stat().st_size > 0, name
    assert list((stack.var / "audit" / "verify").glob("*.log"))
    findings = scan(people, log_dirs(stack))
    assert not findings, "personal data in the logs:\n" + "\n".join(findings)


def test_the_search_finds_what_a_leaky_line_would_hold(tmp_path):
    """The search can fail: lines that hold an ID number, a phone or a
    name, as a program or nginx would write them, are found; lines with
    only masked names, references, times and counts are not."""
    people = People(ids=["038190001234", "123456789"], names=["Nguyễn Thị Ánh Dương"],
                    phones=["0912000111"])
    leaky = [
        b"declare[12]: stored 038190001234\n",
        b'127.0.0.1 [x] "GET /f-status/038190001234" 404 0 0.001\n',
        b'127.0.0.1 [x] "GET /Nguy\\xE1\\xBB\\x85n Th\\xE1\\xBB\\x8B \\xC3\\x81nh D\\xC6\\xB0\\xC6\\xA1ng" 404\n',
        b"GET /f-status?q=Nguy%E1%BB%85n+Th%E1%BB%8B+%C3%81nh+D%C6%B0%C6%A1ng\n",
        b"search for nguyen thi anh duong\n",
        b"sms to +84912000111 failed\n",
        b"cmnd=123456789;\n",
    ]
    clean = [
        b"2026-12-04T02:14:29 declare[3281]: listening with 8 workers\n",
        "masked Nguyễn T. Á. D. 038*******34\n".encode(),
        b"1796350480972\tofficer2x50480\tverify\tdeclaration\t53\t2\t\t127.0.0.1\n",
        b"citizen ref 1a2b3c4d5e6f0381900012345 and 1234567890123\n",
        "Nguyễn Thị Ánh\n".encode(),
    ]
    logs = tmp_path / "log"
    logs.mkdir()
    (logs / "leaky.log").write_bytes(b"".join(leaky))
    (logs / "clean.log").write_bytes(b"".join(clean))
    for line in leaky:
        assert line_findings(people, readable(line)), line
    for line in clean:
        assert not line_findings(people, readable(line)), line
    found = scan(people, [logs])
    assert len(found) == len(leaky) and all(f.startswith("log/leaky.log:") for f in found)
    assert not any("038190001234" in f or "Dương" in f for f in found)
