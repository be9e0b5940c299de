"""Case work (issue 13, the f-status program): F statuses and their
history, the area's list, tracing (itinerary, contacts at depth 1 and 2,
the window's edges, the crowd bound), marking contacts with tasks routed
to their residence, the worklists, a place's visitors, SPEC "Area", audit
rows for every read, and CSV against JSON.

The scenario (yesterday, +07:00), with the window of 30 minutes:

    venue V:       P3 09:30:00  F0 10:00:00  P5 10:10  P6 10:20  P1 10:30:00
                   P2 09:29:59 (one second too early: no contact)
    checkpoint C2: F0 08:00 in, 16:00 out (alone)
    checkpoint C:  P1 14:00, P5 14:05, P4 14:20 (P4 met P1: depth 2)
    venue W:       P3 17:00 with 300 strangers (crowded: not expanded)

P6 lives in another province: a contact elsewhere.
"""
import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fcases  # noqa: E402

HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def world(stack):
    w = fcases.World(stack)
    w.commune = "16279"
    w.elsewhere = fcases.another_district_commune(stack, w.commune)
    a = w.commune
    w.V = w.place("venue", "Siêu thị Vinmart thử", a)
    w.C = w.place("checkpoint", "Chốt Quốc lộ 1A thử", a)
    w.C2 = w.place("checkpoint", "Chốt cầu Hàm Rồng thử", a)
    w.W = w.place("venue", "Bệnh viện đông người thử", a)
    w.F0 = w.person(a, "Nguyễn Văn An")
    w.P1 = w.person(a, "Trần Thị Bình")
    w.P2 = w.person(a, "Lê Văn Cường")
    w.P3 = w.person(a, "Phạm Thị Dung")
    w.P4 = w.person(a, "Hoàng Văn Em")
    w.P5 = w.person(a, "Vũ Thị Hoà")
    w.P6 = w.person(w.elsewhere, "Đặng Văn Giang")
    w.passage(w.F0, w.C2, w.at(8, 0), "in")
    w.passage(w.F0, w.V, w.at(10, 0))
    w.passage(w.F0, w.C2, w.at(16, 0), "out")
    w.passage(w.P3, w.V, w.at(9, 30))
    w.passage(w.P2, w.V, w.at(9, 29, 59))
    w.passage(w.P5, w.V, w.at(10, 10))
    w.passage(w.P6, w.V, w.at(10, 20))
    w.passage(w.P1, w.V, w.at(10, 30))
    w.passage(w.P1, w.C, w.at(14, 0), "in")
    w.passage(w.P5, w.C, w.at(14, 5), "in")
    w.passage(w.P4, w.C, w.at(14, 20), "in")
    w.passage(w.P3, w.W, w.at(17, 0))
    crowd = [w.person(w.elsewhere, "Người Đông", registry=False) for _ in range(1)][0]
    stack.sql("INSERT INTO passages (declaration_id, id_number, place_id, direction, officer, at)"
              " SELECT %s, CONCAT('0389910', LPAD(seq, 5, '0')), %s, 'visit', 'test',"
              " %s + INTERVAL seq SECOND FROM seq_1_to_300", crowd["decl"], w.W, w.at(17, 0))
    w.police_a = w.police(a)
    w.police_b = w.police(w.elsewhere)
    return w


def trace(s, stack, w, person=None, **params):
    q = dict(id_number=(person or w.F0)["id"], **{"from": str(w.day), "to": str(w.day)})
    q.update(params)
    return s.get(stack.url + "/f-status/trace", params=q)


def contacts_by_id(body):
    return {c["id_number"]: c for c in body["contacts"]}


def audit_rows(stack, action):
    return int(stack.sql("SELECT COUNT(*) FROM audit_log WHERE action=%s", action)[0][0])


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def as_text(v):
    return "" if v is None else str(v)


def tidy_errors(html):
    """HTML tidy's errors (not its warnings about attributes newer than
    it knows, such as inputmode and aria-current)."""
    out = subprocess.run(["tidy", "-q", "-e", "--show-warnings", "no"], input=html,
                         capture_output=True, text=True)
    return out.stderr.strip()


# ------------------------------------------------------------------- trace

def test_itinerary_in_time_order_with_places(stack, world):
    r = trace(world.police_a, stack, world)
    assert r.status_code == 200, r.text
    body = r.json()
    stops = [(s["at"], s["place_id"], s["kind"], s["direction"]) for s in body["itinerary"]]
    assert stops == [
        (world.iso(world.at(8, 0)), world.C2, "checkpoint", "in"),
        (world.iso(world.at(10, 0)), world.V, "venue", "visit"),
        (world.iso(world.at(16, 0)), world.C2, "checkpoint", "out"),
    ]
    assert body["itinerary"][1]["place_name"] == "Siêu thị Vinmart thử"
    assert body["full_name"] == "Nguyễn Văn An" and body["window"] == 30 and body["depth"] == 1


def test_contacts_at_the_window_edges(stack, world):
    body = trace(world.police_a, stack, world).json()
    found = contacts_by_id(body)
    w = world
    # Exactly 30 minutes before and after are in; one second more is out.
    assert w.P1["id"] in found and w.P3["id"] in found
    assert w.P2["id"] not in found
    assert set(found) == {w.P1["id"], w.P3["id"], w.P5["id"], w.P6["id"]}
    p1 = found[w.P1["id"]]
    assert p1 == {"id_number": w.P1["id"], "full_name": "Trần Thị Bình", "phone": w.P1["phone"],
                  "place_id": w.V, "place_name": "Siêu thị Vinmart thử",
                  "at": w.iso(w.at(10, 30)), "depth": 1, "of": w.F0["id"],
                  "via_place_id": w.V, "via_at": w.iso(w.at(10, 0))}
    assert body["total"] == 4 and body["counts"] == {"depth1": 4, "depth2": 0}
    # A narrower window drops the edges.
    narrow = contacts_by_id(trace(world.police_a, stack, world, window=29).json())
    assert set(narrow) == {w.P5["id"], w.P6["id"]}


def test_depth_two_with_of_links_and_one_appearance_each(stack, world):
    w = world
    body = trace(w.police_a, stack, w, depth=2).json()
    found = contacts_by_id(body)
    assert len(body["contacts"]) == len(found)            # nobody twice
    p4 = found[w.P4["id"]]
    assert (p4["depth"], p4["of"], p4["via_place_id"], p4["via_at"], p4["at"]) == \
        (2, w.P1["id"], w.C, w.iso(w.at(14, 0)), w.iso(w.at(14, 20)))
    # P5 met F0 (depth 1) and P1 (depth 2): once, at depth 1.
    assert found[w.P5["id"]]["depth"] == 1 and found[w.P5["id"]]["of"] == w.F0["id"]
    # The traced person is never a contact of the contacts.
    assert w.F0["id"] not in found
    depth1 = [c for c in body["contacts"] if c["depth"] == 1]
    assert body["contacts"][:len(depth1)] == depth1        # depth 1 first


def test_a_crowded_window_is_not_expanded_and_the_answer_says_so(stack, world):
    w = world
    body = trace(w.police_a, stack, w, depth=2).json()
    strangers = [c for c in body["contacts"] if c["id_number"].startswith("0389910")]
    assert strangers == []
    limits = body["limits"]
    assert limits["crowd_max"] == 100 and limits["crowded_passages"] == 1
    assert [c["place_id"] for c in limits["crowded"]] == [w.W]
    assert limits["crowded"][0]["passages"] == 1
    assert limits["crowded"][0]["from"] == w.iso(w.at(16, 30))
    assert "không được mở rộng" in limits["note"]
    # Depth 1 is never bounded: traced from P3, all 300 are contacts (and
    # at depth 2 their 300 passages are examined, each window crowded).
    direct = trace(w.police_a, stack, w, person=w.P3, page=2).json()
    assert direct["total"] == 300 + 2 and len(direct["contacts"]) == 102  # F0, P2
    assert direct["limits"]["crowded"] == [] and direct["limits"]["note"] is None
    deep = trace(w.police_a, stack, w, person=w.P3, depth=2).json()
    assert deep["counts"]["depth1"] == 302
    assert deep["limits"]["crowded_passages"] >= 300


def test_trace_lists_contacts_elsewhere_but_only_for_a_person_of_the_area(stack, world):
    w = world
    body = trace(w.police_a, stack, w).json()
    assert w.P6["id"] in contacts_by_id(body)              # lives in another province
    r = trace(w.police_b, stack, w)
    assert r.status_code == 403 and r.json()["error"]["code"] == "outside_area"


def test_trace_refuses_bad_parameters(stack, world):
    s = world.police_a
    for params, field in [({"depth": "3"}, "depth"), ({"window": "0"}, "window"),
                          ({"window": "241"}, "window"),
                          ({"from": "2021-01-01", "to": "2021-03-01"}, "to"),
                          ({"from": "2021-02-02", "to": "2021-02-01"}, "from")]:
        r = trace(s, stack, world, **params)
        assert r.status_code == 400 and field in r.json()["error"]["fields"], (params, r.text)
    r = s.get(stack.url + "/f-status/trace", params={"depth": "1"})
    assert r.status_code == 400 and "id_number" in r.json()["error"]["fields"]
    r = s.get(stack.url + "/f-status/trace", params={"id_number": "099345678901"})
    assert r.status_code == 400
    r = s.get(stack.url + "/f-status/trace", params={"id_number": "038990999999"})
    assert r.status_code == 404


def test_trace_csv_equals_json(stack, world):
    s = world.police_a
    body = trace(s, stack, world, depth=2).json()
    r = trace(s, stack, world, depth=2, format="csv")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    rows = csv_rows(r.text)
    assert len(rows) == body["total"] == len(body["contacts"])
    assert list(rows[0].keys()) == list(body["contacts"][0].keys())
    assert rows == [{k: as_text(v) for k, v in c.items()} for c in body["contacts"]]
    it = csv_rows(trace(s, stack, world, format="itinerary_csv").text)
    assert it == [{k: as_text(v) for k, v in x.items()} for x in body["itinerary"]]


def test_every_trace_is_audited_with_its_parameters(stack, world):
    before = audit_rows(stack, "trace")
    trace(world.police_a, stack, world, depth=2, window=20)
    assert audit_rows(stack, "trace") == before + 1
    target, detail, actor = stack.sql("SELECT target, detail, actor FROM audit_log"
                                      " WHERE action='trace' ORDER BY audit_id DESC LIMIT 1")[0]
    assert target.startswith("h:") and world.F0["id"] not in target + detail
    assert actor == world.police_a.uid
    assert f"from={world.day} to={world.day} window=20 depth=2" in detail


def test_trace_page_draws_svg_without_script(stack, world):
    s = world.police_a
    r = s.post(stack.url + "/f-status/trace", headers=HTML,
               data={"id_number": world.F0["id"], "from": str(world.day),
                     "to": str(world.day), "depth": "2"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    html = r.text
    assert '<svg id="timeline"' in html and '<svg id="graph"' in html
    assert "<script" not in html and "style=" not in html
    assert html.count('class="tl-dot') == 3
    assert 'name="ids" value="%s"' % world.P4["id"] in html
    assert world.F0["id"] not in r.url
    assert tidy_errors(html) == ""


# -------------------------------------------------------------- marking

def test_marking_sets_f1_and_routes_a_task_to_the_residence(stack, world):
    w = world
    data = {"source": w.F0["id"], "ids": f'{w.P1["id"]},{w.P6["id"]}', "status": "F1",
            "from": str(w.day), "to": str(w.day)}
    r = w.police_a.post(stack.url + "/f-status/mark", data=data)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["marked"] == 2 and body["tasks"] == 2 and body["unchanged"] == 0
    units = {i["id_number"]: i["unit"] for i in body["items"]}
    assert units == {w.P1["id"]: w.commune, w.P6["id"]: w.elsewhere}
    for p in (w.P1, w.P6):
        assert stack.sql("SELECT status FROM f_current WHERE id_number=%s", p["id"]) == [("F1",)]
    # P6's task is on the worklist of the police where P6 lives, not the tracer's.
    theirs = w.police_b.get(stack.url + "/f-status/tasks").json()
    mine = w.police_a.get(stack.url + "/f-status/tasks").json()
    assert w.P6["id"] in [t["id_number"] for t in theirs["tasks"]]
    assert w.P6["id"] not in [t["id_number"] for t in mine["tasks"]]
    task = [t for t in theirs["tasks"] if t["id_number"] == w.P6["id"]][0]
    assert task["status"] == "F1" and task["from_unit"] == w.commune
    assert task["full_name"] == "Đặng Văn Giang" and task["done_at"] is None
    assert "Siêu thị Vinmart thử" in task["note"]
    # The same mark again changes nobody and makes no second task.
    again = w.police_a.post(stack.url + "/f-status/mark", data=data)
    assert again.status_code == 200 and again.json()["marked"] == 0
    assert again.json()["tasks"] == 0 and again.json()["unchanged"] == 2
    assert stack.sql("SELECT COUNT(*) FROM f_tasks WHERE id_number=%s", w.P6["id"]) == [("1",)]


def test_marking_only_what_the_trace_found(stack, world):
    w = world
    base = {"source": w.F0["id"], "from": str(w.day), "to": str(w.day)}
    post = lambda **d: w.police_a.post(stack.url + "/f-status/mark", data=dict(base, **d))  # noqa: E731
    r = post(ids=w.P2["id"], status="F1")                  # one second too far
    assert r.status_code == 400 and "ids" in r.json()["error"]["fields"]
    r = post(ids=w.P4["id"], status="F1")                  # depth 2 is not F1
    assert r.status_code == 400 and "ids" in r.json()["error"]["fields"]
    r = post(ids="12345", status="F1")
    assert r.status_code == 400
    r = post(ids=w.P4["id"], status="F0")
    assert r.status_code == 400 and "status" in r.json()["error"]["fields"]
    r = w.police_b.post(stack.url + "/f-status/mark",
                        data=dict(base, ids=w.P4["id"], status="F2"))
    assert r.status_code == 403
    # Ticked boxes (one field per box) and F2 for a depth-2 contact.
    r = w.police_a.post(stack.url + "/f-status/mark",
                        data=[("source", w.F0["id"]), ("ids", w.P4["id"]), ("ids", w.P5["id"]),
                              ("status", "F2"), ("from", str(w.day)), ("to", str(w.day))])
    assert r.status_code == 201, r.text
    assert r.json()["marked"] == 2
    # A mark never lowers a status: an F0 stays F0.
    stack.sql("INSERT INTO f_status (id_number, status, set_by, set_at) VALUES (%s, 'F0', 't', NOW(3))",
              w.P3["id"])
    r = post(ids=w.P3["id"], status="F1")
    assert r.status_code == 200 and r.json()["unchanged"] == 1
    assert stack.sql("SELECT status FROM f_current WHERE id_number=%s", w.P3["id"]) == [("F0",)]


# --------------------------------------------------------------- statuses

def test_status_change_and_its_history(stack, world):
    w = world
    p = w.person(w.commune, "Ngô Thị Khánh")
    s = w.police_a
    r = s.post(stack.url + "/f-status", data={"id_number": p["id"], "status": "F1", "note": "Tiếp xúc"})
    assert r.status_code == 201, r.text
    first = r.json()
    assert first["status"] == "F1" and first["at"].endswith("+07:00")
    r = s.post(stack.url + "/f-status", data={"id_number": p["id"], "status": "F0"})
    assert r.status_code == 201
    body = s.get(stack.url + "/f-status", params={"id_number": p["id"]}).json()
    assert body["current"] == "F0" and body["full_name"] == "Ngô Thị Khánh"
    hist = [(h["status"], h["from"], h["by"], h["note"]) for h in body["history"]]
    assert hist == [("F0", "F1", s.uid, ""), ("F1", None, s.uid, "Tiếp xúc")]
    # The kiosk reads the newest from f_current.
    assert stack.sql("SELECT status FROM f_current WHERE id_number=%s", p["id"]) == [("F0",)]
    # A retry of the same change (its answer lost) stores nothing new.
    again = s.post(stack.url + "/f-status", data={"id_number": p["id"], "status": "F0"})
    assert again.status_code == 200 and again.json()["f_status_id"] == r.json()["f_status_id"]


def test_deceased_needs_a_sound_time_of_death(stack, world):
    w = world
    p = w.person(w.commune, "Mai Văn Lâm", dob="1950-06-01")
    post = lambda **d: w.police_a.post(stack.url + "/f-status", data=dict(id_number=p["id"], **d))  # noqa: E731
    for data, field in [({"status": "deceased"}, "died_at"),
                        ({"status": "deceased", "died_at": "2099-01-01T10:00"}, "died_at"),
                        ({"status": "deceased", "died_at": "1950-05-31T23:59"}, "died_at"),
                        ({"status": "F1", "died_at": "2021-08-01T10:00"}, "died_at"),
                        ({"status": "F9"}, "status"), ({"status": "dead"}, "status")]:
        r = post(**data)
        assert r.status_code == 400, (data, r.text)
        assert field in r.json()["error"]["fields"], data
    # The page answers the form again with the message next to the field.
    page = w.police_a.post(stack.url + "/f-status", headers=HTML,
                           data={"id_number": p["id"], "status": "deceased", "note": "<b>x</b>"})
    assert page.status_code == 400 and 'id="err-died_at"' in page.text
    assert 'value="&lt;b&gt;x&lt;/b&gt;"' in page.text and "<b>x</b>" not in page.text
    assert tidy_errors(page.text) == ""
    assert stack.sql("SELECT COUNT(*) FROM f_status WHERE id_number=%s", p["id"]) == [("0",)]
    r = post(status="deceased", died_at="2021-08-01T10:00")
    assert r.status_code == 201, r.text
    h = w.police_a.get(stack.url + "/f-status", params={"id_number": p["id"]}).json()["history"]
    assert h[0]["died_at"] == "2021-08-01T10:00:00+07:00"


def test_another_area_is_403_for_status(stack, world):
    w = world
    r = w.police_b.get(stack.url + "/f-status", params={"id_number": w.F0["id"]})
    assert r.status_code == 403 and r.json()["error"]["code"] == "outside_area"
    r = w.police_b.post(stack.url + "/f-status", data={"id_number": w.F0["id"], "status": "F0"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "outside_area"
    # A temporary residence declared in the last 30 days brings someone in.
    guest = w.person(w.elsewhere, "Đỗ Văn Tạm", temp_commune=w.commune)
    r = w.police_a.get(stack.url + "/f-status", params={"id_number": guest["id"]})
    assert r.status_code == 200
    # The national administrator reads everyone; it cannot change a status.
    admin = stack.admin()
    assert admin.get(stack.url + "/f-status", params={"id_number": w.F0["id"]}).status_code == 200
    assert admin.post(stack.url + "/f-status",
                      data={"id_number": w.F0["id"], "status": "F0"}).status_code == 403


def test_unknown_and_unregistered_people(stack, world):
    w = world
    r = w.police_a.get(stack.url + "/f-status", params={"id_number": "038990999998"})
    assert r.status_code == 404
    visitor = w.person(w.commune, "Khách Không Đăng Ký", registry=False)
    r = w.police_a.post(stack.url + "/f-status", data={"id_number": visitor["id"], "status": "F1"})
    assert r.status_code == 404 and "id_number" in r.json()["error"]["fields"]


def test_roles_and_login(stack, world):
    place = world.place("checkpoint", "Chốt của cán bộ thử", world.commune)
    officer = fcases.accounts.officer_session(stack, f"cb-fs-{place}", place)
    assert officer.get(stack.url + "/f-status").status_code == 403
    assert requests.get(stack.url + "/f-status/trace",
                        headers={"Accept": "application/json"}).status_code == 401
    r = requests.get(stack.url + "/f-status/tasks", allow_redirects=False)
    assert r.status_code == 303 and r.headers["Location"].startswith("/login")
    no_csrf = world.police_a.post(stack.url + "/f-status", headers={"X-CSRF-Token": "x"},
                                  data={"id_number": world.F0["id"], "status": "F0"})
    assert no_csrf.status_code == 403


# -------------------------------------------------------------------- list

def test_the_area_list_counts_searches_and_pages(stack, world):
    w = world
    s = w.police(w.commune)
    people = [w.person(w.commune, f"Bùi Thị Nhàn{chr(97 + i)}") for i in range(3)]
    for p, st in zip(people, ["F0", "F2", "F2"]):
        assert s.post(stack.url + "/f-status", data={"id_number": p["id"], "status": st}).status_code == 201
    stranger = w.person(w.elsewhere, "Bùi Thị Nhàn Xa")
    stack.sql("INSERT INTO f_status (id_number, status, set_by, set_at) VALUES (%s, 'F2', 't', NOW(3))",
              stranger["id"])
    body = s.get(stack.url + "/f-status").json()
    ids = [i["id_number"] for i in body["items"]]
    assert stranger["id"] not in ids and all(p["id"] in ids for p in people)
    assert body["counts"]["F2"] >= 2 and body["total"] == len(ids)
    assert set(body["counts"]) == {"F0", "F1", "F2", "F3", "negative", "recovered", "deceased"}
    f2 = s.get(stack.url + "/f-status", params={"status": "F2"}).json()
    assert all(i["status"] == "F2" for i in f2["items"]) and f2["total"] == body["counts"]["F2"]
    item = [i for i in body["items"] if i["id_number"] == people[0]["id"]][0]
    assert item == {"id_number": people[0]["id"], "full_name": people[0]["name"],
                    "dob": "1985-04-12", "phone": people[0]["phone"], "status": "F0",
                    "since": item["since"], "commune": w.commune}
    # q: a name without tone marks, with them, an ID number, a phone.
    for q in ["bui thi nhanb", "Bùi Thị Nhànb", "BUI THI NHANB", people[1]["id"],
              people[1]["phone"], "+84 " + people[1]["phone"][1:]]:
        found = s.get(stack.url + "/f-status", params={"q": q}).json()
        assert [i["id_number"] for i in found["items"]] == [people[1]["id"]], q
    # A page of 50: page 2 follows page 1 without overlap.
    for i in range(50):
        stack.sql("INSERT INTO f_status (id_number, status, set_by, set_at)"
                  " VALUES (%s, 'F3', 't', NOW(3))", w.person(w.commune, "Người Thứ Ba")["id"])
    p1 = s.get(stack.url + "/f-status", params={"status": "F3"}).json()
    p2 = s.get(stack.url + "/f-status", params={"status": "F3", "page": 2}).json()
    assert len(p1["items"]) == 50 and p1["total"] == len(p1["items"]) + len(p2["items"])
    assert not {i["id_number"] for i in p1["items"]} & {i["id_number"] for i in p2["items"]}


def test_list_csv_equals_json_and_search_stays_out_of_the_url(stack, world):
    s = world.police_a
    body = s.get(stack.url + "/f-status", params={"status": "F1"}).json()
    r = s.get(stack.url + "/f-status", params={"status": "F1", "format": "csv"})
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert r.text.splitlines()[0] == "id_number,full_name,dob,phone,status,since,commune"
    assert csv_rows(r.text) == [{k: as_text(v) for k, v in i.items()} for i in body["items"]]
    # The page's search is a POST form: the name never reaches a URL.
    page = s.post(stack.url + "/f-status", headers=HTML,
                  data={"action": "search", "q": "tran thi binh"})
    assert page.status_code == 200 and world.P1["id"] in page.text
    assert "tran" not in page.url
    assert tidy_errors(page.text) == ""
    view = s.post(stack.url + "/f-status", headers=HTML,
                  data={"action": "view", "id_number": world.P1["id"]})
    assert view.status_code == 200 and "Trần Thị Bình" in view.text
    assert tidy_errors(view.text) == ""


# ------------------------------------------------------------------- tasks

def test_tasks_done_with_a_note_and_overdue_on_the_district(stack, world):
    w = world
    s = w.police(w.commune)
    p = w.person(w.commune, "Lý Văn Quá Hạn")
    w.passage(p, w.C2, w.at(8, 10), "in")
    r = s.post(stack.url + "/f-status/mark", data={"source": w.F0["id"], "ids": p["id"],
                                                   "status": "F1", "from": str(w.day),
                                                   "to": str(w.day), "due_hours": "48"})
    assert r.status_code == 201, r.text
    task_id = r.json()["items"][0]["task_id"]
    created, due = stack.sql("SELECT created_at, due_at FROM f_tasks WHERE task_id=%s", task_id)[0]
    assert stack.sql("SELECT TIMESTAMPDIFF(HOUR, %s, %s)", created, due) == [("48",)]
    district = w.police(fcases.district_of(stack, w.commune))
    listed = lambda sess: {t["task_id"]: t for t in sess.get(stack.url + "/f-status/tasks").json()["tasks"]}  # noqa: E731
    assert task_id not in listed(district)                 # not overdue yet
    stack.sql("UPDATE f_tasks SET created_at = NOW(3) - INTERVAL 3 DAY,"
              " due_at = NOW(3) - INTERVAL 1 DAY WHERE task_id=%s", task_id)
    assert listed(district)[task_id]["overdue"] == 1
    mine = listed(s)
    assert mine[task_id]["overdue"] == 1
    # Open tasks first, then the newest.
    order = s.get(stack.url + "/f-status/tasks").json()["tasks"]
    assert [t["done_at"] is None for t in order] == sorted([t["done_at"] is None for t in order], reverse=True)
    done = lambda sess, **d: sess.post(stack.url + "/f-status/tasks", data=dict(action="done", **d))  # noqa: E731
    assert done(s, task_id=task_id).status_code == 400                     # no note
    assert done(w.police_b, task_id=task_id, note="x").status_code == 403   # not theirs
    r = done(s, task_id=task_id, note="Đã liên hệ, cách ly tại nhà")
    assert r.status_code == 200 and r.json()["done_at"].endswith("+07:00")
    assert done(s, task_id=task_id, note="lần nữa").status_code == 409
    assert done(s, task_id=999999999, note="x").status_code == 404
    assert task_id not in listed(district)                 # done: no longer overdue
    assert listed(s)[task_id]["done_at"] is not None
    page = s.get(stack.url + "/f-status/tasks", headers=HTML)
    assert page.status_code == 200 and "Lý Văn Quá Hạn" in page.text
    assert tidy_errors(page.text) == ""


# ---------------------------------------------------------------- visitors

def test_visitors_of_a_window(stack, world):
    w = world
    s = w.police_a
    q = {"place_id": w.V, "from": f"{w.day}T09:30", "to": f"{w.day}T10:30"}
    body = s.get(stack.url + "/f-status/visitors", params=q).json()
    assert [v["id_number"] for v in body["visitors"]] == \
        [w.P3["id"], w.F0["id"], w.P5["id"], w.P6["id"]]   # [from, to): P1 at 10:30 not
    v = body["visitors"][0]
    assert v == {"id_number": w.P3["id"], "full_name": "Phạm Thị Dung", "dob": "1985-04-12",
                 "phone": w.P3["phone"], "perm_commune": w.commune,
                 "at": w.iso(w.at(9, 30)), "direction": "visit"}
    assert body["total"] == 4 and body["place_name"] == "Siêu thị Vinmart thử"
    r = s.get(stack.url + "/f-status/visitors", params=dict(q, format="csv"))
    assert csv_rows(r.text) == [{k: as_text(x) for k, x in v.items()} for v in body["visitors"]]
    too_long = dict(q, to=f"{w.day}T09:31", **{"from": "2020-01-01T00:00"})
    r = s.get(stack.url + "/f-status/visitors", params=too_long)
    assert r.status_code == 400 and "to" in r.json()["error"]["fields"]
    r = w.police_b.get(stack.url + "/f-status/visitors", params=q)
    assert r.status_code == 403 and r.json()["error"]["code"] == "outside_area"
    r = s.get(stack.url + "/f-status/visitors", params=dict(q, place_id=987654321))
    assert r.status_code == 404
    page = s.get(stack.url + "/f-status/visitors", params=q, headers=HTML)
    assert page.status_code == 200 and "Phạm Thị Dung" in page.text
    assert tidy_errors(page.text) == ""


# ------------------------------------------------------------------- audit

def test_every_read_writes_an_audit_row_first(stack, world):
    w = world
    s = w.police_a
    reads = [
        ("status_read", lambda: s.get(stack.url + "/f-status", params={"id_number": w.F0["id"]})),
        ("status_list", lambda: s.get(stack.url + "/f-status", params={"q": "an"})),
        ("trace", lambda: trace(s, stack, w)),
        ("visitors", lambda: s.get(stack.url + "/f-status/visitors",
                                   params={"place_id": w.V, "from": f"{w.day}T00:00",
                                           "to": f"{w.day}T23:00"})),
        ("tasks_read", lambda: s.get(stack.url + "/f-status/tasks")),
    ]
    for action, read in reads:
        before = audit_rows(stack, action)
        assert read().status_code == 200
        assert audit_rows(stack, action) == before + 1, action
    # No ID number, name or query in clear in any of our rows.
    text = " ".join(" ".join(r) for r in stack.sql(
        "SELECT target, detail FROM audit_log WHERE actor=%s", s.uid))
    for p in (w.F0, w.P1, w.P6):
        assert p["id"] not in text
    assert "q=h:" in text and "q=an" not in text
