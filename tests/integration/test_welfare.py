"""Welfare (issue #14): programs, registration checked against the
population registry, one payment per citizen and program in the whole
country (also under 50 parallel requests), reversal, the refusals, the
public page with masked names, the officers' CSV and the audit rows."""
import datetime
import json
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import welfare_api as wf  # noqa: E402

JSON = {"Accept": "application/json"}


@pytest.fixture(scope="module")
def world(stack):
    """Three communes of Ba Đình (A, B, C), one of another district (D);
    police in each, the national administrator, a program."""
    a, b, c = wf.communes(stack, "001", 3)
    (d,) = wf.communes(stack, "002", 1)
    w = {
        "A": a, "B": b, "C": c, "D": d,
        "admin": wf.admin(stack),
        "police": {x: wf.police(stack, x) for x in (a, b, c, d)},
    }
    w["program"] = wf.make_program(w["admin"], amount=1500000)
    return w


def error_of(r):
    return r.json()["error"]


def live_payments(stack, program, person):
    return stack.sql("SELECT payment_id, commune FROM welfare_payments"
                     " WHERE program_id=%s AND id_number=%s AND live=1",
                     program, person["id_number"])


# ------------------------------------------------------------------ programs

def test_programs_by_the_country_or_a_province_only(stack, world):
    province = wf.admin(stack, "01")
    pid = wf.make_program(province, amount=1000000)
    assert stack.sql("SELECT province, amount FROM welfare_programs WHERE program_id=%s",
                     pid) == [("01", "1000000")]
    # A province administrator makes its own province's programs only.
    r = wf.make_program(province, province="79", expect=403)
    assert "province" in error_of(r)["fields"]
    # A district's or a commune's administrator makes none.
    r = wf.make_program(wf.admin(stack, "001"), expect=403)
    assert error_of(r)["code"] == "forbidden"
    r = wf.make_program(wf.admin(stack, world["A"]), expect=403)
    # The police may not either (the route's roles).
    r = wf.make_program(world["police"][world["A"]], expect=403)
    # The national administrator may make one for a province, not a district.
    pid = wf.make_program(world["admin"], province="79")
    assert stack.sql("SELECT province FROM welfare_programs WHERE program_id=%s", pid) == [("79",)]
    r = wf.make_program(world["admin"], province="001", expect=400)
    assert "province" in error_of(r)["fields"]
    # Every row written by the ones that worked is audited.
    assert stack.sql("SELECT COUNT(*) FROM audit_log WHERE action='welfare_program_create'"
                     " AND target=%s", str(pid)) == [("1",)]


def test_program_fields_are_checked(stack, world):
    before = stack.sql("SELECT COUNT(*) FROM welfare_programs")
    r = wf.make_program(world["admin"], categories=(), expect=400)
    assert "cat_worker_suspended" in error_of(r)["fields"]
    r = wf.make_program(world["admin"], start=wf.TODAY, end=wf.TODAY - datetime.timedelta(days=1),
                        expect=400)
    assert "end_date" in error_of(r)["fields"]
    r = wf.make_program(world["admin"], amount=0, expect=400)
    assert "amount" in error_of(r)["fields"]
    assert stack.sql("SELECT COUNT(*) FROM welfare_programs") == before
    # Every kind of person of the program form is a kind the schema knows.
    every = ("worker_suspended", "free_worker", "household_business", "f0_f1", "child",
             "elderly", "poor_household", "disabled", "homeless", "other")
    pid = wf.make_program(world["admin"], categories=every)
    assert stack.sql("SELECT categories FROM welfare_programs WHERE program_id=%s",
                     pid) == [(",".join(every),)]


def test_programs_list(stack, world):
    r = world["police"][world["A"]].get(stack.url + "/welfare/programs")
    assert r.status_code == 200
    body = r.json()
    ids = [p["program_id"] for p in body["items"]]
    assert world["program"] in ids and body["total"] >= len(ids)
    mine = next(p for p in body["items"] if p["program_id"] == world["program"])
    assert mine["amount"] == 1500000 and mine["province"] is None
    assert mine["categories"] == "free_worker,child"


# ------------------------------------------------------------------ registration

def test_register_checked_against_the_registry(stack, world):
    p = world["police"][world["A"]]
    x = wf.citizen(stack, world["A"], full_name="Lê Văn Hòa", dob="1975-02-03")
    r = wf.register(p, world["program"], x, expect=201)
    bid = r.json()["beneficiary_id"]
    # The registry's name, tone placement ignored ("Hoà" = "Hòa"), case and spacing too.
    assert wf.register(p, world["program"], x, expect=200,
                       full_name="LÊ VĂN HOÀ").json()["beneficiary_id"] == bid
    assert stack.sql("SELECT full_name, commune, residence FROM welfare_beneficiaries"
                     " WHERE beneficiary_id=%s", bid) == [("Lê Văn Hòa", world["A"], "perm")]


def test_register_refuses_with_the_reason(stack, world):
    p = world["police"][world["A"]]
    before = stack.sql("SELECT COUNT(*) FROM welfare_beneficiaries")
    # Not in the registry at all (yet declared living in A, so in its area).
    ghost = {"id_number": wf.new_id_number(stack), "full_name": "Trần Thị Mai",
             "dob": "1990-01-01", "gender": "F", "commune": world["A"]}
    wf.lives_also_in(stack, ghost, world["A"])
    r = wf.register(p, world["program"], ghost, expect=400)
    assert error_of(r)["code"] == "not_in_registry"
    assert "id_number" in error_of(r)["fields"]
    # In it, with another name; another birth date and gender.
    x = wf.citizen(stack, world["A"], full_name="Phạm Thị Hồng", dob="1988-08-08", gender="F")
    r = wf.register(p, world["program"], x, expect=400, full_name="Phạm Thị Hương")
    assert error_of(r)["code"] == "registry_mismatch"
    assert set(error_of(r)["fields"]) == {"full_name"}
    r = wf.register(p, world["program"], x, expect=400, dob="1988-08-09", gender="M")
    assert set(error_of(r)["fields"]) == {"dob", "gender"}
    # A category the program does not cover; a program that does not exist.
    r = wf.register(p, world["program"], x, expect=400, category="elderly")
    assert "category" in error_of(r)["fields"]
    r = wf.register(p, 987654321, x, expect=404)
    assert "program" in error_of(r)["fields"]
    assert stack.sql("SELECT COUNT(*) FROM welfare_beneficiaries") == before
    # Each refusal that named a citizen left an audit row, by reference.
    assert int(stack.sql("SELECT COUNT(*) FROM audit_log WHERE action='welfare_register_refused'"
                         " AND detail='refused registry_mismatch'")[0][0]) >= 2


def test_register_where_the_person_lives(stack, world):
    x = wf.citizen(stack, world["A"])
    # Police of a commune where x does not live: 403.
    r = wf.register(world["police"][world["C"]], world["program"], x, expect=403)
    assert error_of(r)["code"] == "outside_area"
    # A declared temporary residence in B: B's police may register x too.
    wf.lives_also_in(stack, x, world["B"])
    wf.register(world["police"][world["B"]], world["program"], x, expect=201, residence="temp")
    # A commune outside the officer's own unit is refused, whatever x's residence.
    r = wf.register(world["police"][world["B"]], world["program"], x, expect=403,
                    commune=world["A"])
    assert error_of(r)["code"] == "outside_area" and "commune" in error_of(r)["fields"]
    # Outside the area, what the registry holds stays unsaid: a wrong name
    # is the same 403 (no registry_mismatch naming the fields that differ).
    r = wf.register(world["police"][world["C"]], world["program"], x, expect=403,
                    full_name="Tên Khác Hẳn", dob="1901-01-01")
    assert error_of(r)["code"] == "outside_area"
    # Homeless: registered where they are, with a note saying where.
    h = wf.citizen(stack, world["D"])
    r = wf.register(world["police"][world["C"]], world["program"], h, expect=400,
                    residence="homeless")
    assert "note" in error_of(r)["fields"]
    wf.register(world["police"][world["C"]], world["program"], h, expect=201,
                residence="homeless", note="Gầm cầu Long Biên")


def test_province_program_only_in_its_province(stack, world):
    elsewhere = wf.make_program(world["admin"], province="79")
    x = wf.citizen(stack, world["A"])
    r = wf.register(world["police"][world["A"]], elsewhere, x, expect=403)
    assert "program" in error_of(r)["fields"]


def test_police_list_their_provinces_programs_not_anothers(stack, world):
    # A commune's code (00001) does not begin with its province's (01).
    hanoi = wf.make_program(world["admin"], province="01")
    hcm = wf.make_program(world["admin"], province="79")
    r = world["police"][world["A"]].get(stack.url + "/welfare/programs",
                                        params={"page": 1})
    assert r.status_code == 200
    ids = {p["program_id"] for p in r.json()["items"]}
    assert hanoi in ids
    assert hcm not in ids


# ------------------------------------------------------------------ payments

def test_pay_then_another_commune_gets_409_naming_the_first(stack, world):
    x = wf.citizen(stack, world["A"])
    wf.lives_also_in(stack, x, world["B"])
    pa, pb = world["police"][world["A"]], world["police"][world["B"]]
    wf.register(pa, world["program"], x, expect=201)
    wf.register(pb, world["program"], x, expect=201, residence="temp")
    r = wf.pay(pa, world["program"], x, expect=201)
    first = r.json()
    assert first["commune"] == world["A"] and first["amount"] == 1500000
    assert first["paid_on"] == wf.TODAY.isoformat()
    r = wf.pay(pb, world["program"], x, expect=409)
    err = error_of(r)
    assert err["code"] == "already_paid"
    said = err["fields"]["id_number"]
    assert wf.unit_name(stack, world["A"]) in said
    assert wf.TODAY.strftime("%d/%m/%Y") in said
    assert str(first["payment_id"]) in said
    # The same commune again: the same answer.
    assert error_of(wf.pay(pa, world["program"], x, expect=409))["code"] == "already_paid"
    assert len(live_payments(stack, world["program"], x)) == 1


def test_fifty_parallel_payments_one_success(stack, world):
    """Fifty sessions of the police of two communes pay one person at the
    same moment: the unique key lets exactly one through."""
    x = wf.citizen(stack, world["A"])
    wf.lives_also_in(stack, x, world["B"])
    wf.register(world["police"][world["A"]], world["program"], x, expect=201)
    wf.register(world["police"][world["B"]], world["program"], x, expect=201, residence="temp")
    sessions = []
    for commune in (world["A"], world["B"]):
        uid = f"ca-song-{commune}"
        password = wf.accounts.make_account(stack, uid, "police", unit=commune)
        for _ in range(25):
            sessions.append(wf.with_base(stack, stack.login(uid, password)))
    assert len({s.cookies["sid"] for s in sessions}) == 50
    barrier = threading.Barrier(len(sessions))
    answers = [None] * len(sessions)

    def one(i):
        barrier.wait()
        answers[i] = wf.pay(sessions[i], world["program"], x)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(sessions))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] + [409] * 49, statuses
    winner = next(a.json() for a in answers if a.status_code == 201)
    where = wf.unit_name(stack, winner["commune"])
    for a in answers:
        if a.status_code == 409:
            assert error_of(a)["code"] == "already_paid"
            assert where in error_of(a)["fields"]["id_number"]
    assert live_payments(stack, world["program"], x) == [(str(winner["payment_id"]),
                                                         winner["commune"])]
    assert stack.sql("SELECT COUNT(*) FROM welfare_payments WHERE id_number=%s",
                     x["id_number"]) == [("1",)]


def test_pay_refusals(stack, world):
    pa = world["police"][world["A"]]
    x = wf.citizen(stack, world["A"])
    # Not registered, but living here: 404; police elsewhere: 403.
    r = wf.pay(pa, world["program"], x, expect=404)
    assert "id_number" in error_of(r)["fields"]
    r = wf.pay(world["police"][world["D"]], world["program"], x, expect=403)
    assert error_of(r)["code"] == "outside_area"
    wf.register(pa, world["program"], x, expect=201)
    # Registered in A: the police of C (same district, not x's commune) 403.
    wf.pay(world["police"][world["C"]], world["program"], x, expect=403)
    # Above the program's amount; a day outside the program; bad input.
    r = wf.pay(pa, world["program"], x, amount=1500001, expect=400)
    assert "amount" in error_of(r)["fields"]
    r = wf.pay(pa, world["program"], x, expect=400,
               paid_on=(wf.TODAY - datetime.timedelta(days=40)).isoformat())
    assert "paid_on" in error_of(r)["fields"]
    r = wf.pay(pa, world["program"], x, expect=400, amount="mười")
    assert "amount" in error_of(r)["fields"]
    r = wf.pay(pa, world["program"], x, expect=400, colour="red")
    assert error_of(r)["code"] == "unknown_field"
    assert live_payments(stack, world["program"], x) == []
    # Less than the program's amount is fine.
    assert wf.pay(pa, world["program"], x, amount=1000000, expect=201).json()["amount"] == 1000000


def test_pay_is_idempotent_with_client_ref(stack, world):
    pa = world["police"][world["A"]]
    x, y = wf.citizen(stack, world["A"]), wf.citizen(stack, world["A"])
    wf.register(pa, world["program"], x, expect=201)
    wf.register(pa, world["program"], y, expect=201)
    ref = "pay-" + x["id_number"]
    first = wf.pay(pa, world["program"], x, expect=201, client_ref=ref).json()
    again = wf.pay(pa, world["program"], x, expect=200, client_ref=ref).json()
    assert again["payment_id"] == first["payment_id"]
    # The same key for another person is a conflict, not their payment.
    r = wf.pay(pa, world["program"], y, expect=409, client_ref=ref)
    assert error_of(r)["code"] == "conflict" and "client_ref" in error_of(r)["fields"]


def test_deceased_before_the_program_refused(stack, world):
    pa = world["police"][world["A"]]
    start = wf.TODAY - datetime.timedelta(days=30)
    early, late = wf.citizen(stack, world["A"]), wf.citizen(stack, world["A"])
    for person in (early, late):
        wf.register(pa, world["program"], person, expect=201)
    died = {early["id_number"]: start - datetime.timedelta(days=3),
            late["id_number"]: start + datetime.timedelta(days=3)}
    for id_number, day in died.items():
        stack.sql("INSERT INTO f_status (id_number, status, died_at, set_by, set_at)"
                  " VALUES (%s, 'deceased', %s, 'test', NOW(3))", id_number,
                  day.isoformat() + " 10:00:00")
    r = wf.pay(pa, world["program"], early, expect=409)
    assert error_of(r)["code"] == "deceased"
    assert died[early["id_number"]].strftime("%d/%m/%Y") in error_of(r)["fields"]["id_number"]
    # Died after the program started: the family receives it.
    wf.pay(pa, world["program"], late, expect=201)


def test_reversal_then_a_new_payment(stack, world):
    pa = world["police"][world["A"]]
    x = wf.citizen(stack, world["A"])
    wf.register(pa, world["program"], x, expect=201)
    paid = wf.pay(pa, world["program"], x, expect=201).json()
    url = stack.url + "/welfare/reverse"
    reason = {"payment_id": str(paid["payment_id"]), "reason": "Chi nhầm, trùng danh sách"}
    # A commune's administrator may not; another district's is outside; police never.
    r = wf.admin(stack, world["A"]).post(url, data=reason)
    assert r.status_code == 403 and error_of(r)["code"] == "forbidden"
    r = wf.admin(stack, "002").post(url, data=reason)
    assert r.status_code == 403 and error_of(r)["code"] == "outside_area"
    assert pa.post(url, data=reason).status_code == 403
    district = wf.admin(stack, "001")
    r = district.post(url, data={"payment_id": reason["payment_id"], "reason": "x"})
    assert r.status_code == 400 and "reason" in error_of(r)["fields"]
    r = district.post(url, data={"payment_id": "987654321", "reason": "Không có"})
    assert r.status_code == 404
    r = district.post(url, data=reason)
    assert r.status_code == 200, r.text
    assert r.json()["payment_id"] == paid["payment_id"]
    assert district.post(url, data=reason).status_code == 409
    # Kept, with who and why; the person may be paid once more, once.
    row = stack.sql("SELECT reversed_by, reverse_reason, live FROM welfare_payments"
                    " WHERE payment_id=%s", paid["payment_id"])
    assert row == [(district.uid, "Chi nhầm, trùng danh sách", None)]
    again = wf.pay(pa, world["program"], x, expect=201).json()
    assert again["payment_id"] != paid["payment_id"]
    wf.pay(pa, world["program"], x, expect=409)
    ref = stack.sql("SELECT target FROM audit_log WHERE action='welfare_reverse'"
                    " AND detail LIKE %s", f"payment {paid['payment_id']} %")
    assert len(ref) == 1 and ref[0][0].startswith("h:")


# ------------------------------------------------------------------ the public page

def public_commune(stack, world):
    """Commune A after a few payments of the tests above (and two here)."""
    pa = world["police"][world["A"]]
    for _ in range(2):
        x = wf.citizen(stack, world["A"], full_name="Đặng Thị Ánh Tuyết", gender="F")
        wf.register(pa, world["program"], x, expect=201)
        wf.pay(pa, world["program"], x, expect=201)
    return world["A"]


def stored_people(stack, commune):
    """Full names and ID numbers of every payment made in the commune."""
    return stack.sql("SELECT b.full_name, p.id_number FROM welfare_payments p"
                     " JOIN welfare_beneficiaries b ON b.beneficiary_id = p.beneficiary_id"
                     " WHERE p.commune=%s", commune)


def test_public_page_masks_names_and_id_numbers(stack, world):
    commune = public_commune(stack, world)
    anon = requests.get(stack.url + "/welfare", params={"commune": commune}, headers=JSON)
    assert anon.status_code == 200
    body = anon.json()
    live = int(stack.sql("SELECT COUNT(*) FROM welfare_payments WHERE commune=%s AND live=1",
                         commune)[0][0])
    assert body["total"] == live and len(body["items"]) == min(live, 50)
    assert body["commune"] == commune and body["commune_name"] == wf.unit_name(stack, commune)
    for item in body["items"]:
        assert re.fullmatch(r"\d{3}\*{7}\d{2}|\d{3}\*{4}\d{2}", item["id_number"]), item
        assert re.fullmatch(r"\S+( \S\S?\.)+|\S\.", item["name"]), item
        assert set(item) == {"program", "program_id", "name", "id_number", "amount", "paid_on"}
    assert any(i["name"] == "Đặng T. Á. T." for i in body["items"])
    totals = {p["program_id"]: p for p in body["programs"]}
    assert sum(p["count"] for p in totals.values()) == live
    assert body["amount"] == sum(p["amount"] for p in totals.values())
    page = requests.get(stack.url + "/welfare", params={"commune": commune})
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    assert "Đặng T. Á. T." in page.text
    # No stored full name or ID number appears, in the JSON or the page
    # (reversed payments included: their people are stored too).
    people = stored_people(stack, commune)
    assert people
    for name, id_number in people:
        for text in (anon.text, json.dumps(body, ensure_ascii=False), page.text):
            assert id_number not in text
            assert name not in text


def test_public_page_filters_and_refuses_bad_input(stack, world):
    commune = world["A"]
    r = requests.get(stack.url + "/welfare", params={"commune": commune,
                                                      "program": world["program"], "page": 1},
                     headers=JSON)
    assert r.status_code == 200
    assert all(i["program_id"] == world["program"] for i in r.json()["items"])
    r = requests.get(stack.url + "/welfare", params={"commune": "99999"}, headers=JSON)
    assert r.status_code == 400 and "commune" in error_of(r)["fields"]
    r = requests.get(stack.url + "/welfare", headers=JSON)
    assert r.status_code == 400 and "commune" in error_of(r)["fields"]
    r = requests.get(stack.url + "/welfare", params={"commune": commune, "q": "x"}, headers=JSON)
    assert r.status_code == 400 and error_of(r)["code"] == "unknown_field"
    # Without a commune, a browser gets the picker.
    r = requests.get(stack.url + "/welfare")
    assert r.status_code == 200 and 'name="commune"' in r.text


def test_officers_get_the_full_list_as_csv(stack, world):
    commune = public_commune(stack, world)
    # The public route sends CSV to the officers' route, which wants a session.
    r = requests.get(stack.url + "/welfare", params={"commune": commune, "format": "csv"},
                     headers=JSON, allow_redirects=False)
    assert r.status_code == 303
    assert r.headers["Location"] == f"/welfare/payments?format=csv&commune={commune}"
    assert requests.get(stack.url + r.headers["Location"], headers=JSON).status_code == 401
    pa = world["police"][world["A"]]
    r = pa.get(stack.url + "/welfare", params={"commune": commune, "format": "csv"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    lines = r.content.decode("utf-8").splitlines()
    assert lines[0] == ("payment_id,program_id,program,name,id_number,amount,paid_on,commune,"
                        "paid_by,paid_at,reversed_at,reversed_by,reason")
    people = stored_people(stack, commune)
    assert len(lines) == 1 + len(people)
    assert all(id_number in r.text for _, id_number in people)
    # JSON: the same rows, a page of them, with the total.
    j = pa.get(stack.url + "/welfare/payments", params={"commune": commune}).json()
    assert j["total"] == len(people) and j["unit"] == commune
    # A commune outside the officer's unit: 403.
    r = pa.get(stack.url + "/welfare/payments", params={"commune": world["C"]})
    assert r.status_code == 403 and error_of(r)["code"] == "outside_area"
    # Reading the list is audited before it is read.
    assert int(stack.sql("SELECT COUNT(*) FROM audit_log WHERE action='welfare_list'"
                         " AND actor=%s", pa.uid)[0][0]) >= 2


def test_beneficiaries_list(stack, world):
    pb = world["police"][world["B"]]
    x = wf.citizen(stack, world["A"])
    wf.lives_also_in(stack, x, world["B"])
    wf.register(pb, world["program"], x, expect=201, residence="temp")
    wf.register(world["police"][world["A"]], world["program"], x, expect=201)
    wf.pay(world["police"][world["A"]], world["program"], x, expect=201)
    r = pb.get(stack.url + "/welfare/beneficiaries", params={"program": world["program"]})
    assert r.status_code == 200
    mine = [i for i in r.json()["items"] if i["id_number"] == x["id_number"]]
    # Registered in B, paid in A: B's list says where.
    assert len(mine) == 1
    assert mine[0]["commune"] == world["B"] and mine[0]["paid_commune"] == world["A"]
    assert mine[0]["amount"] == 1500000 and mine[0]["residence"] == "temp"


def test_every_change_audited_by_reference(stack, world):
    x = wf.citizen(stack, world["A"])
    pa = world["police"][world["A"]]
    wf.register(pa, world["program"], x, expect=201)
    paid = wf.pay(pa, world["program"], x, expect=201).json()
    rows = stack.sql("SELECT action, target_kind, target, detail FROM audit_log"
                     " WHERE actor=%s AND action IN ('welfare_register', 'welfare_pay')"
                     " AND detail LIKE %s", pa.uid, f"% program {world['program']}%")
    targets = {r[2] for r in rows}
    assert any(r[0] == "welfare_pay" and f"payment {paid['payment_id']} " in r[3] for r in rows)
    assert all(r[1] == "citizen" and r[2].startswith("h:") for r in rows)
    assert len(targets) >= 1
    # Never the ID number in clear, in any welfare audit row.
    assert stack.sql("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'welfare%%'"
                     " AND (target LIKE %s OR detail LIKE %s)",
                     f"%{x['id_number']}%", f"%{x['id_number']}%") == [("0",)]


# ------------------------------------------------------------------ pages

def tidy_errors(html):
    out = subprocess.run(["tidy", "-q", "-e", "--show-warnings", "no"], input=html.encode(),
                         capture_output=True)
    return out.stderr.decode()


def test_pages_are_valid_html_in_vietnamese(stack, world):
    commune = world["A"]
    pa, adm = world["police"][commune], world["admin"]
    pages = [
        (requests.get(stack.url + "/welfare", params={"commune": commune}), "Công khai chi trả"),
        (pa.get(stack.url + "/welfare/beneficiaries", headers={"Accept": "text/html"}),
         "Đăng ký người được hỗ trợ"),
        (pa.get(stack.url + "/welfare/payments", headers={"Accept": "text/html"}),
         "Danh sách chi trả"),
        (adm.get(stack.url + "/welfare/programs", headers={"Accept": "text/html"}),
         "Tạo chương trình hỗ trợ"),
        (wf.admin(stack, "001").get(stack.url + "/welfare/payments",
                                    headers={"Accept": "text/html"}), "Thu hồi khoản chi trả"),
    ]
    for r, words in pages:
        assert r.status_code == 200, r.url
        assert words in r.text, r.url
        assert tidy_errors(r.text) == "", (r.url, tidy_errors(r.text))
    # A refused form comes back with the values and its message.
    x = wf.citizen(stack, commune)
    r = pa.post(stack.url + "/welfare", headers={"Accept": "text/html"},
                data={"action": "register", "program": str(world["program"]),
                      "id_number": x["id_number"], "full_name": "Ai Đó Khác", "dob": x["dob"],
                      "gender": x["gender"], "residence": "perm", "category": "child"})
    assert r.status_code == 400
    assert "Không khớp với CSDL quốc gia về dân cư." in r.text
    assert 'value="Ai Đó Khác"' in r.text
    assert tidy_errors(r.text) == ""
