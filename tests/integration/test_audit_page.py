"""An audit people can read (issue 18, part 11): /audit for administrators
of their subtree (cgi-bin/admin-audit.c) and, on the citizen's
/declare/find, who looked at their records in the last 30 days and why
(lib/access.h)."""
import csv
import io

import pytest
import requests

from . import accounts
from .helpers import HTML, JSON, citizen, declare, today_vn, uid


@pytest.fixture(scope="module")
def readers(stack):
    """An officer at a checkpoint of commune C (province 38), a venue's
    staff, a police of C, an admin of province 38 and one of province 01."""
    commune = accounts.a_commune(stack)
    checkpoint = accounts.make_place(stack, "checkpoint", name="Chốt kiểm tra nhật ký",
                                     commune=commune)
    venue_place = accounts.make_place(stack, "venue", name="Bệnh viện nhật ký",
                                      commune=commune)
    return {
        "officer": accounts.officer_session(stack, uid("audofficer"), checkpoint),
        "venue": accounts.venue_session(stack, uid("audvenue"), venue_place),
        "police": accounts.session_for(stack, uid("audpolice"), "police"),
        "admin38": accounts.session_for(stack, uid("aud38"), "admin", unit="38"),
        "admin01": accounts.session_for(stack, uid("aud01"), "admin", unit="01"),
    }


def audit(sess, stack, **params):
    return sess.get(stack.url + "/audit", params=params, headers=JSON)


def test_an_administrator_reads_the_actions_of_its_subtree(stack, readers):
    c = citizen(stack, 720)
    d = declare(stack, 720)
    officer = readers["officer"]
    assert officer.get(stack.url + "/verify", params={"code": d["token"]}).json()["valid"]
    r = officer.post(stack.url + "/verify", data={"action": "lookup", "id_number": c[0]})
    assert r.status_code == 200
    mine = audit(readers["admin38"], stack, actor=officer.uid, action="lookup")
    assert mine.status_code == 200, mine.text
    body = mine.json()
    assert body["total"] == 1 and len(body["items"]) == 1
    item = body["items"][0]
    assert set(item) == {"at", "actor", "role", "unit", "action", "target_kind", "target",
                         "place_id", "address"}
    assert (item["actor"], item["role"], item["action"], item["address"]) == \
        (officer.uid, "officer", "lookup", "127.0.0.1")
    assert item["unit"] == accounts.a_commune(stack) and item["target"].startswith("h:")
    assert item["at"].endswith("+07:00")
    # By the citizen's ID number: the look-up (their reference) and the
    # scan of their declaration (loaded from the kiosk's journal).
    import time
    deadline = time.time() + 10
    while time.time() < deadline:
        actions = {i["action"] for i in audit(readers["admin38"], stack,
                                              target=c[0]).json()["items"]}
        if {"lookup", "verify"} <= actions:
            break
        time.sleep(0.2)
    assert {"lookup", "verify"} <= actions
    # Another province's administrator sees none of it, and cannot ask.
    other = audit(readers["admin01"], stack, actor=officer.uid)
    assert other.status_code == 200 and other.json()["total"] == 0
    refused = audit(readers["admin01"], stack, unit="38")
    assert refused.status_code == 403 and "unit" in refused.json()["error"]["fields"]
    # Only administrators.
    assert audit(readers["police"], stack).status_code == 403


def test_filters_pages_and_csv(stack, readers):
    admin = readers["admin38"]
    r = audit(admin, stack, **{"from": today_vn(-1), "to": today_vn(-3)})
    assert r.status_code == 400 and "from" in r.json()["error"]["fields"]
    r = audit(admin, stack, **{"from": "2021-01-01", "to": "2021-12-31"})
    assert r.status_code == 400
    got = admin.get(stack.url + "/audit", params={"format": "csv",
                                                   "actor": readers["officer"].uid})
    assert got.status_code == 200 and got.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(got.text)))
    assert rows[0] == ["at", "actor", "role", "unit", "action", "target_kind", "target",
                       "place_id", "address"]
    assert all(row[1] == readers["officer"].uid for row in rows[1:]) and len(rows) > 1
    page = admin.get(stack.url + "/audit", headers=HTML)
    assert page.status_code == 200 and 'id="audit"' in page.text
    assert "Nhật ký truy cập" in page.text
    # Reading the audit is audited.
    assert stack.sql("SELECT COUNT(*) > 0 FROM audit_log WHERE action='audit_read'"
                     " AND actor=%s", admin.uid) == [("1",)]


def test_the_citizen_sees_who_looked_and_why(stack, readers):
    c = citizen(stack, 721)
    d = declare(stack, 721, phone="0912000721")
    find = {"id_number": c[0], "dob": c[2], "phone": "0912000721"}
    first = requests.post(stack.url + "/declare/find", data=find, headers=JSON).json()
    assert first["accesses"] == []
    officer, venue, police = readers["officer"], readers["venue"], readers["police"]
    assert officer.get(stack.url + "/verify", params={"code": d["token"]}).ok
    assert venue.get(stack.url + "/verify", params={"code": d["token"]}).ok
    assert officer.post(stack.url + "/verify", data={"action": "lookup",
                                                     "id_number": c[0]}).ok
    police.get(stack.url + "/f-status", params={"id_number": c[0]})
    import time
    want = {"checkpoint", "venue", "lookup"}
    deadline = time.time() + 10
    while time.time() < deadline:
        answer = requests.post(stack.url + "/declare/find", data=find, headers=JSON).json()
        if want <= {a["purpose"] for a in answer["accesses"]}:
            break
        time.sleep(0.2)
    purposes = {a["purpose"] for a in answer["accesses"]}
    assert want <= purposes, answer["accesses"]
    for a in answer["accesses"]:
        assert set(a) == {"at", "purpose", "unit_name", "place_name"}
        assert a["purpose"] in ("checkpoint", "venue", "lookup", "trace", "status", "welfare")
    places = {a["place_name"] for a in answer["accesses"]}
    assert {"Chốt kiểm tra nhật ký", "Bệnh viện nhật ký"} <= places
    # The person's own finds are not a read by someone else.
    assert "find" not in purposes
    page = requests.post(stack.url + "/declare/find", data=find)
    assert page.status_code == 200 and 'id="accesses"' in page.text
    assert "Bệnh viện nhật ký" in page.text and "Tra cứu theo số giấy tờ" in page.text
