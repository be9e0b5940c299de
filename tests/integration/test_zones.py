"""Epidemic zones, the kiosk's zone verdicts, travel permits, arrivals for
the commune police, green-lane vehicles (issue 21; docs/ZONES.md).

The scene (zones_scene.py): a commune L at level 4 with a checkpoint, its
officer and police, L2 inheriting its district's level 3, an origin Y
whose level the tests change, F without any level (here also a
checkpoint outside the lockdown), E in another province (its police are
outsiders); levels set through POST /zones and lifted when the module ends.
"""
import csv
import io
import secrets
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import requests

from . import accounts
from .helpers import HTML, JSON, VN

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fcases  # noqa: E402
from zones_scene import Scene, iso, now_vn  # noqa: E402


@pytest.fixture(scope="module")
def scene(stack):
    s = Scene(stack)
    s.free = accounts.make_place(stack, "checkpoint", name="Chốt vùng xanh thử", commune=s.F)
    s.free_officer = accounts.officer_session(stack, fcases.new_id_number()[-8:] + "of", s.free)
    s.outsider = s.world.police(s.E)
    yield s
    s.lift()


def issue(s, session, person, kind="shipper", days=1, **over):
    """POST /permits: a permit for L valid from now for days (the answer)."""
    data = dict(id_number=person["id"], kind=kind, area=s.L,
                valid_to=iso(now_vn() + timedelta(days=days)))
    data.update(over)
    return session.post(s.stack.url + "/permits", data=data)


def verify(s, token, session=None):
    r = (session or s.officer).get(s.stack.url + "/verify", params={"code": token})
    assert r.status_code == 200, r.text
    return r.json()


# ------------------------------------------------------------------- levels

def test_levels_are_public_inherited_and_every_change_kept(stack, scene):
    s = scene
    r = requests.get(stack.url + "/zones", headers=JSON)
    assert r.status_code == 200
    items = {i["unit"]: i for i in r.json()["items"]}
    assert items[s.L]["level"] == 4 and items[s.district]["level"] == 3
    assert items[s.L]["since"].endswith("+07:00")
    assert s.L2 not in items                              # no level of its own
    # L2 takes its district's level; L its own.
    l2 = requests.get(stack.url + "/zones", params={"unit": s.L2}, headers=JSON).json()
    assert (l2["level"], l2["own"], l2["set_in"]) == (3, False, s.district)
    d = requests.get(stack.url + "/zones", params={"unit": s.district}, headers=JSON).json()
    kids = {c["unit"]: c for c in d["children"]}
    assert kids[s.L]["level"] == 4 and kids[s.L]["own"] is True
    assert kids[s.L2]["level"] == 3 and kids[s.L2]["own"] is False
    assert d["counts"]["4"] >= 1 and d["counts"]["3"] >= 1
    # A second change is a second row; the history keeps both, newest first.
    assert s.level(s.L2, 2, since=now_vn() - timedelta(minutes=5)).status_code == 201
    assert s.level(s.L2, 1).status_code == 201
    l2 = requests.get(stack.url + "/zones", params={"unit": s.L2}, headers=JSON).json()
    assert [h["level"] for h in l2["history"]] == [1, 2]
    assert (l2["level"], l2["own"]) == (1, True)
    assert s.level(s.L2, 0).status_code == 201            # lifted: the district's again
    l2 = requests.get(stack.url + "/zones", params={"unit": s.L2}, headers=JSON).json()
    assert (l2["level"], l2["own"]) == (3, False)
    assert int(stack.sql("SELECT COUNT(*) FROM audit_log WHERE action='zone_set'"
                         " AND target=%s", s.L2)[0][0]) == 3


def test_only_an_administrator_of_the_unit_sets_its_level(stack, scene):
    s = scene
    admin_e = s.world.police(s.E, role="admin")
    r = s.level(s.L, 1, session=admin_e)
    assert r.status_code == 403 and r.json()["error"]["code"] == "outside_area"
    assert s.level(s.L, 1, session=s.police).status_code == 403        # police: forbidden
    r = s.level(s.L, 5)
    assert r.status_code == 400 and "level" in r.json()["error"]["fields"]
    r = s.level(s.L, 4, since=now_vn() - timedelta(days=40))
    assert r.status_code == 400 and "since" in r.json()["error"]["fields"]
    r = requests.get(stack.url + "/zones", params={"unit": s.L}, headers=JSON).json()
    assert r["level"] == 4


def test_zone_pages_in_vietnamese(stack, scene):
    s = scene
    page = requests.get(stack.url + "/zones", headers=HTML)
    assert page.status_code == 200 and "Cấp độ dịch toàn quốc" in page.text
    assert "Số xã/phường theo cấp độ" in page.text
    unit = requests.get(stack.url + "/zones", params={"unit": s.L}, headers=HTML).text
    assert "Cấp 4 – nguy cơ rất cao (vùng đỏ)" in unit and 'id="zone-form"' not in unit
    # The administrator of the unit sees the form.
    mine = s.admin.get(stack.url + "/zones", params={"unit": s.L}, headers=HTML).text
    assert 'id="zone-form"' in mine and 'name="csrf"' in mine


# -------------------------------------------------------- the kiosk's verdict

def test_a_level_4_commune_resident_passes_visitor_with_permit_passes_without_stops(stack, scene):
    s = scene
    resident = s.person(s.L, "Nguyễn Văn Ở")
    visitor = s.person(s.F, "Trần Văn Khách")
    other = s.person(s.F, "Lê Văn Không Giấy")
    home = verify(s, s.declare(resident)["token"])
    assert home["decision"] == "pass", home["reasons"]
    assert home["zone"] == {"from_level": None, "to_level": 4, "here_level": 4,
                            "here_unit": s.L, "resident": True}
    assert home["permit"] is None
    # A permit for L, issued by L's police.
    r = issue(s, s.police, visitor, days=2, note="Giao hàng")
    assert r.status_code == 201, r.text
    with_permit = verify(s, s.declare(visitor)["token"])
    assert with_permit["decision"] == "pass", with_permit["reasons"]
    assert with_permit["permit"]["kind"] == "shipper" and with_permit["permit"]["area"] == s.L
    assert with_permit["permit"]["valid_here"] is True
    assert "Người giao hàng" in with_permit["labels"]["permit"]
    without = verify(s, s.declare(other)["token"])
    assert without["decision"] == "stop" and without["reasons"] == ["lockdown"]
    assert without["labels"]["reasons"][0].startswith("VÙNG PHONG TỎA – KHÔNG CÓ GIẤY ĐI ĐƯỜNG")
    assert without["zone"]["resident"] is False
    # A permit not valid yet does not count.
    r = issue(s, s.police, other, kind="essential", days=2,
              valid_from=iso(now_vn() + timedelta(days=1)))
    assert r.status_code == 201
    assert verify(s, s.declare(other)["token"])["decision"] == "stop"   # not yet valid


def test_arriving_from_level_3_or_4_is_a_check(stack, scene):
    s = scene
    p = s.person(s.L, "Phạm Thị Về")
    b = verify(s, s.declare(p, from_commune=s.L2)["token"])     # district's level 3
    assert b["decision"] == "check" and b["reasons"] == ["from_zone"]
    assert b["zone"]["from_level"] == 3
    assert b["labels"]["reasons"][0].startswith("ĐẾN TỪ VÙNG NGUY CƠ CAO: cấp 3")
    page = s.officer.get(stack.url + "/verify", params={"code": s.declare(p)["token"]},
                         headers=HTML).text
    assert "Cấp độ dịch tại đây (hiện nay)" in page and "vùng đỏ" in page


def test_a_level_change_in_the_past_does_not_change_an_older_declarations_verdict(stack, scene):
    s = scene
    p = s.person(s.L, "Hoàng Văn Cũ")
    old = s.declare(p, from_commune=s.Y)
    stack.sql("UPDATE declarations SET created_at = created_at - INTERVAL 3 HOUR"
              " WHERE declaration_id=%s", old["declaration_id"])
    assert verify(s, old["token"])["zone"]["from_level"] is None
    # Y at level 3 from an hour ago: the declaration of three hours ago
    # travelled under no level; a new one under level 3.
    assert s.level(s.Y, 3, since=now_vn() - timedelta(hours=1)).status_code == 201
    before = verify(s, old["token"])
    assert before["zone"]["from_level"] is None and before["decision"] == "pass"
    new = verify(s, s.declare(p, from_commune=s.Y)["token"])
    assert new["zone"]["from_level"] == 3 and new["decision"] == "check"
    # A level entered late, in force since before the old declaration, is
    # the level it was made under (docs/ZONES.md: since is when it took effect).
    assert s.level(s.Y, 4, since=now_vn() - timedelta(hours=4)).status_code == 201
    assert verify(s, old["token"])["zone"]["from_level"] == 4
    assert verify(s, s.declare(p, from_commune=s.Y)["token"])["zone"]["from_level"] == 3


# ------------------------------------------------------------------ permits

def test_a_revoked_permit_no_longer_counts(stack, scene):
    s = scene
    p = s.person(s.F, "Đỗ Văn Thu Hồi")
    r = issue(s, s.police, p, kind="medical")
    assert r.status_code == 201
    pid = r.json()["permit_id"]
    token = s.declare(p)["token"]
    assert verify(s, token)["decision"] == "pass"
    r = s.police.post(stack.url + "/permits", data=dict(action="revoke", permit_id=pid))
    assert r.status_code == 400 and "reason" in r.json()["error"]["fields"]
    r = s.police.post(stack.url + "/permits", data=dict(action="revoke", permit_id=pid,
                                                        reason="Hết việc"))
    assert r.status_code == 200 and r.json()["revoked_at"]
    after = verify(s, token)
    assert after["decision"] == "stop" and after["permit"] is None
    # Revoked twice: the first revocation again.
    again = s.police.post(stack.url + "/permits", data=dict(action="revoke", permit_id=pid,
                                                            reason="Lần hai"))
    assert again.json()["revoked_at"] == r.json()["revoked_at"]
    mine = s.police.get(stack.url + "/permits", params={"id_number": p["id"]}).json()
    row = next(i for i in mine["items"] if i["permit_id"] == pid)
    assert row["revoke_reason"] == "Hết việc" and row["valid"] is False
    assert int(stack.sql("SELECT COUNT(*) FROM audit_log WHERE action='permit_revoke'"
                         " AND detail=%s", f"permit={pid}")[0][0]) == 1


def test_permits_of_another_commune_are_403(stack, scene):
    s = scene
    p = s.person(s.F, "Vũ Văn Ngoài")
    r = issue(s, s.police, p, kind="official")
    assert r.status_code == 201
    pid = r.json()["permit_id"]
    # The outsider neither reads it, nor revokes it, nor issues for L.
    r = s.outsider.get(stack.url + "/permits", params={"id_number": p["id"]})
    assert r.status_code == 403 and r.json()["error"]["code"] == "outside_area"
    r = s.outsider.post(stack.url + "/permits", data=dict(action="revoke", permit_id=pid,
                                                          reason="x"))
    assert r.status_code == 403 and r.json()["error"]["code"] == "outside_area"
    r = issue(s, s.outsider, p, kind="official")
    assert r.status_code == 403 and r.json()["error"]["code"] == "outside_area"
    # The province's police may not issue at all (commune or district only).
    province = stack.sql("SELECT province_code FROM admin_units WHERE code=%s", s.L)[0][0]
    r = issue(s, s.world.police(province), p, kind="official")
    assert r.status_code == 403 and r.json()["error"]["code"] == "unit_level"
    # L's police read the unit's list (CSV too) and the person's.
    mine = s.police.get(stack.url + "/permits").json()
    assert pid in [i["permit_id"] for i in mine["items"]] and mine["total"] >= 1
    rows = list(csv.DictReader(io.StringIO(
        s.police.get(stack.url + "/permits", params={"format": "csv"}).text)))
    assert str(pid) in [r["permit_id"] for r in rows]


def test_a_permit_is_issued_once_per_client_ref_and_checked(stack, scene):
    s = scene
    p = s.person(s.F, "Bùi Văn Lặp")
    ref = secrets.token_hex(8)
    first = issue(s, s.police, p, client_ref=ref)
    second = issue(s, s.police, p, client_ref=ref)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    bad = issue(s, s.police, p, days=100)
    assert bad.status_code == 400 and "valid_to" in bad.json()["error"]["fields"]
    unknown = issue(s, s.police, {"id": fcases.new_id_number()})
    assert unknown.status_code == 404


# ----------------------------------------------------------------- arrivals

def test_arrivals_list_a_declaration_with_its_origins_level_and_passed(stack, scene):
    s = scene
    p = s.person(s.F, "Ngô Thị Đến")
    q = s.person(s.F, "Đinh Văn Sốt")
    d = s.declare(p, from_commune=s.L2)                  # origin at level 3
    s.declare(q, fever="1")
    today = datetime.now(VN).date().isoformat()
    body = s.police.get(stack.url + "/f-status/arrivals", params={"date": today}).json()
    items = {i["id_number"]: i for i in body["items"]}
    row = items[p["id"]]
    assert row["from_level"] == 3 and row["from_commune"] == s.L2 and row["to_commune"] == s.L
    assert row["passed"] is False and row["decision"] == "check"
    assert items[q["id"]]["symptoms"] == "fever" and items[q["id"]]["from_level"] is None
    assert body["total"] == len(body["items"]) and body["direction"] == "in"
    # Riskiest first.
    order = [i["decision"] for i in body["items"]]
    assert order == sorted(order, key=["stop", "check", "pass"].index)
    # A confirmation at the checkpoint: passed.
    r = s.officer.post(stack.url + "/verify", data=dict(code=d["token"], direction="in"))
    assert r.status_code == 201
    body = s.police.get(stack.url + "/f-status/arrivals", params={"date": today}).json()
    assert {i["id_number"]: i for i in body["items"]}[p["id"]]["passed"] is True
    # CSV: the same rows.
    text = s.police.get(stack.url + "/f-status/arrivals",
                        params={"date": today, "format": "csv"}).text
    rows = {r["id_number"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows[p["id"]]["passed"] == "1" and rows[p["id"]]["from_level"] == "3"
    # Departures: from L2's side, as the district's police see them.
    out = s.world.police(s.district).get(stack.url + "/f-status/arrivals",
                                         params={"date": today, "direction": "out"}).json()
    assert p["id"] in [i["id_number"] for i in out["items"]]
    assert int(stack.sql("SELECT COUNT(*) FROM audit_log WHERE action='arrivals'"
                         " AND actor=%s", s.police.uid)[0][0]) >= 3


def test_arrivals_of_another_commune_are_403(stack, scene):
    s = scene
    r = s.outsider.get(stack.url + "/f-status/arrivals", params={"unit": s.L})
    assert r.status_code == 403 and r.json()["error"]["code"] == "outside_area"
    page = s.police.get(stack.url + "/f-status/arrivals", headers=HTML)
    assert page.status_code == 200 and "Người đến, đi trên địa bàn" in page.text


def test_a_person_declaring_twice_is_listed_once(stack, scene):
    s = scene
    p = s.person(s.F, "Mai Văn Hai Lần")
    s.declare(p)
    second = s.declare(p, cough="1")
    today = datetime.now(VN).date().isoformat()
    items = s.police.get(stack.url + "/f-status/arrivals", params={"date": today}).json()["items"]
    mine = [i for i in items if i["id_number"] == p["id"]]
    assert len(mine) == 1 and mine[0]["declaration_id"] == second["declaration_id"]


# -------------------------------------------------------- green-lane vehicles

def vehicle_pass(s, driver, co_driver=None):
    data = dict(id_number=driver["id"], full_name=driver["name"], dob=driver["dob"], gender="M",
                phone=driver["phone"], perm_commune=driver["commune"], perm_address="Số 1",
                from_commune=s.F, from_address="Kho số 1", to_commune=s.E, to_address="Chợ đầu mối",
                vaccine_doses="2", plate="51C-123.45", vehicle_kind="refrigerated",
                cargo="Thịt đông lạnh")
    if co_driver:
        data["co_driver_id_number"] = co_driver["id"]
    r = requests.post(s.stack.url + "/declare/vehicle", data=data, headers=JSON)
    assert r.status_code == 201, r.text
    return r.json()


def test_a_vehicle_not_checked_at_a_depot_says_so_and_then_shows_the_check(stack, scene):
    s = scene
    driver, co = s.person(s.F, "Lý Văn Lái"), s.person(s.F, "Tạ Văn Phụ")
    vp = vehicle_pass(s, driver, co)
    assert vp["vehicle_pass_id"] > 0 and vp["token"]
    before = verify(s, vp["token"], s.free_officer)    # not in the lockdown
    v = before["vehicle"]
    assert v["plate"] == "51C-123.45" and v["vehicle_kind"] == "refrigerated"
    assert v["depot_check"] is None
    assert [d["role"] for d in v["drivers"]] == ["driver", "co_driver"]
    assert v["drivers"][1]["full_name"] == "Tạ Văn Phụ" and v["drivers"][1]["declared"] is True
    assert "depot_unchecked" in before["reasons"] and before["decision"] == "check"
    assert "XE CHƯA KIỂM TRA TẠI KHO" in before["labels"]["reasons"]
    # A checkpoint is no depot.
    r = s.officer.post(stack.url + "/verify", data=dict(action="depot_check", code=vp["token"]))
    assert r.status_code == 403 and r.json()["error"]["code"] == "not_depot"
    depot = accounts.make_place(stack, "depot", name="Kho lạnh Bình Điền thử", commune=s.F)
    keeper = accounts.officer_session(stack, "kho" + secrets.token_hex(3), depot)
    r = keeper.post(stack.url + "/verify", data=dict(action="depot_check", code=vp["token"]))
    assert r.status_code == 201, r.text
    checked = r.json()
    assert checked["place_id"] == depot and checked["place_name"] == "Kho lạnh Bình Điền thử"
    again = keeper.post(stack.url + "/verify", data=dict(action="depot_check", code=vp["token"]))
    assert again.status_code == 200 and again.json()["at"] == checked["at"]
    after = verify(s, vp["token"], s.free_officer)
    c = after["vehicle"]["depot_check"]
    assert c["place_name"] == "Kho lạnh Bình Điền thử" and c["at"][:19] == checked["at"][:19]
    assert "depot_unchecked" not in after["reasons"]
    page = s.officer.get(stack.url + "/verify", params={"code": vp["token"]}, headers=HTML).text
    assert "Kho lạnh Bình Điền thử" in page and "51C-123.45" in page
    # A plain declaration is no vehicle pass.
    plain = s.declare(s.person(s.F, "Hà Văn Thường"))
    r = keeper.post(stack.url + "/verify", data=dict(action="depot_check", code=plain["token"]))
    assert r.status_code == 404
    assert int(stack.sql("SELECT COUNT(*) FROM audit_log WHERE action='depot_check'"
                         " AND target=%s", str(vp["declaration_id"]))[0][0]) == 2


def test_each_drivers_own_status(stack, scene):
    s = scene
    driver = s.person(s.F, "Châu Văn Tài")
    co = fcases.new_id_number()                      # nobody's: no declaration
    vp = vehicle_pass(s, driver, {"id": co})
    b = verify(s, vp["token"], s.free_officer)
    assert b["vehicle"]["drivers"][1]["declared"] is False
    assert "co_driver_undeclared" in b["reasons"]
    stack.sql("INSERT INTO f_status (id_number, status, set_by, set_at) VALUES (%s, 'F1', 'test',"
              " NOW(3))", co)
    b = verify(s, vp["token"], s.free_officer)
    assert b["decision"] == "stop" and "co_driver_isolated" in b["reasons"]
    assert b["vehicle"]["drivers"][1]["f_status"] == "F1"
    bad = requests.post(stack.url + "/declare/vehicle", headers=JSON, data=dict(
        id_number=driver["id"], full_name=driver["name"], dob=driver["dob"], gender="M",
        phone=driver["phone"], perm_commune=driver["commune"], perm_address="Số 1",
        from_commune=s.F, from_address="Kho", to_commune=s.E, to_address="Chợ",
        vaccine_doses="2", vehicle_kind="truck", cargo="Gạo", co_driver_id_number=driver["id"]))
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"plate", "co_driver_id_number"}
    assert requests.get(stack.url + "/declare/vehicle", headers=HTML).status_code == 200


# --------------------------------------------- offline passages on the worklist

def test_an_offline_passage_of_an_f1_is_a_task_of_the_checkpoints_police(stack, scene):
    s = scene
    p = s.person(s.F, "Kiều Văn Ngoại Tuyến")
    token = s.declare(p)["token"]
    stack.sql("INSERT INTO f_status (id_number, status, set_by, set_at) VALUES (%s, 'F1', 'test',"
              " NOW(3))", p["id"])
    scanned = (datetime.now(VN) - timedelta(minutes=20)).isoformat(timespec="seconds")
    r = s.officer.post(stack.url + "/verify", data=dict(
        code=token, direction="in", scanned_at=scanned, device_ref=secrets.token_hex(8)))
    assert r.status_code == 201 and r.json()["followup"] is True
    passage = r.json()["passage_id"]
    tasks = s.police.get(stack.url + "/f-status/tasks").json()["tasks"]
    mine = [t for t in tasks if t["passage_id"] == passage]
    assert len(mine) == 1
    assert mine[0]["id_number"] == p["id"] and mine[0]["status"] == "F1"
    assert mine[0]["unit"] == s.L and "Chốt vùng đỏ thử" in mine[0]["note"]
    # The same upload again: the same passage, no second task.
    n = int(stack.sql("SELECT COUNT(*) FROM f_tasks WHERE passage_id=%s", passage)[0][0])
    assert n == 1
    # An online passage is no task; the outsider does not see L's task.
    assert passage not in [t["passage_id"] for t in
                           s.outsider.get(stack.url + "/f-status/tasks").json()["tasks"]]
    done = s.police.post(stack.url + "/f-status/tasks", data=dict(
        action="done", task_id=mine[0]["task_id"], note="Đã đưa đi cách ly"))
    assert done.status_code == 200
    page = s.police.get(stack.url + "/f-status/tasks", headers=HTML).text
    assert f"#{passage}, xác nhận khi kiosk mất mạng" in page


def test_a_level_change_reaches_the_kiosk_at_once(stack, scene):
    """The kiosk reloads levels when the host-wide counter moves: a change
    is seen by the next look-up, without waiting for the age limit."""
    s = scene
    p = s.person(s.F, "Quách Văn Ngay")
    made = s.declare(p, to_commune=s.F)
    stack.sql("UPDATE declarations SET created_at = created_at - INTERVAL 1 MINUTE"
              " WHERE declaration_id=%s", made["declaration_id"])
    token = made["token"]
    assert verify(s, token)["zone"]["to_level"] is None
    assert s.level(s.F, 2).status_code == 201
    assert verify(s, token)["zone"]["to_level"] is None       # the declaration's time: none
    assert verify(s, s.declare(p, to_commune=s.F)["token"])["zone"]["to_level"] == 2
