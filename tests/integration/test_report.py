"""The report program (issue 15): the daily job (report --daily) turns a day
of known passages, kiosk scans, F statuses, welfare payments and doses
into summary tables; /report shows them at every level, as a page, JSON
and CSV with the same figures; /report/checkpoints the hours and queues;
each officer sees only its own subtree; the vaccination import; the
registered doses at the kiosk; retention.  The day's data:
report_world.py."""
import csv
import html
import io
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import accounts  # noqa: E402
import report_world  # noqa: E402
from report_world import FIGURES, PASSAGES  # noqa: E402

from .helpers import sign, uid  # noqa: E402

SUMMARY = ["report_units", "report_places", "report_hours", "report_days"]


@pytest.fixture(scope="module")
def world(stack):
    w = report_world.World(stack, days_ago=17).build()
    rc, out, err = w.import_doses(w.doses_csv())
    w.import_answer = (rc, out, err)
    w.first_run = w.daily()
    w.admin = stack.admin()
    return w


def report(session, stack, **params):
    r = session.get(stack.url + "/report", params=params)
    assert r.status_code == 200, r.text
    return r


def flat(body):
    """The unit's figures of a JSON answer, by their flat names."""
    out = {}
    for group in ("passages", "f_counts", "welfare", "vaccination"):
        for k, v in body[group].items():
            out[{"registered": "welfare_registered", "paid": "welfare_paid",
                 "amount": "welfare_amount"}.get(k, k) if group == "welfare" else k] = v
    return out


def summary_rows(stack, day):
    return {t: stack.sql(f"SELECT * FROM {t} WHERE day=%s ORDER BY 1, 2, 3", day.isoformat())
            for t in ("report_units", "report_places", "report_hours")}


# ------------------------------------------------------------- the daily job

def test_the_job_says_what_it_did_and_how_long(world):
    out = world.first_run
    assert f"report {world.day}: the day's figures into the summary tables" in out
    assert re.search(r"passages: \d+ read", out)
    assert re.search(r"retention \(30 days, before \d{4}-\d\d-\d\d\): removed", out)
    assert re.search(rf"report {world.day}: done in \d+\.\d\d s", out)


@pytest.mark.parametrize("unit", ["A", "B", "C", "E", "D1", "D2", "P", "Q", ""])
def test_known_figures_at_every_level(stack, world, unit):
    body = report(world.admin, stack, unit=world.code_of(unit), date=world.day).json()
    assert body["unit"] == world.code_of(unit)
    assert body["as_of"] == world.day.isoformat() and body["computed_days"] == 1
    assert flat(body) == world.expected(unit)


def test_children_and_places_carry_their_own_figures(stack, world):
    body = report(world.admin, stack, unit=world.D1, date=world.day).json()
    children = {c["unit"]: c for c in body["children"]}
    for name in ("A", "B"):
        got = children[world.code_of(name)]
        assert {k: got[k] for k in FIGURES} == world.expected(name)
        assert got["level"] == "commune"
    assert body["places"] == []
    a = report(world.admin, stack, unit=world.A, date=world.day).json()
    assert a["children"] == []
    places = {p["place_id"]: p for p in a["places"]}
    assert {k: places[world.KA][k] for k in PASSAGES} == {"in": 3, "out": 2, "visit": 0}
    assert {k: places[world.VA][k] for k in PASSAGES} == {"in": 0, "out": 0, "visit": 4}
    assert places[world.KA]["name"] == "Chốt báo cáo KA" and places[world.VA]["kind"] == "venue"


def test_running_a_day_again_changes_nothing(stack, world):
    before = summary_rows(stack, world.day)
    assert before["report_units"] and before["report_hours"]
    out = world.daily()
    assert "done in" in out
    assert summary_rows(stack, world.day) == before


def test_a_range_sums_passages_and_takes_stocks_of_its_last_computed_day(stack, world):
    next_day = world.day.fromordinal(world.day.toordinal() + 1)
    world.daily(next_day)
    body = report(world.admin, stack, unit=world.B, date=world.day, to=next_day).json()
    assert body["as_of"] == next_day.isoformat() and body["computed_days"] == 2
    # b2's passage just after midnight is the next day's.
    assert body["passages"] == {"in": 2, "out": 0, "visit": 0}
    assert body["f_counts"]["recovered"] == 1
    days = {d["date"]: d for d in body["days"]}
    assert days[world.day.isoformat()]["in"] == 1 and days[next_day.isoformat()]["in"] == 1


def test_a_day_not_computed_says_so(stack, world):
    long_ago = world.day.fromordinal(world.day.toordinal() - 3)
    body = report(world.admin, stack, unit=world.A, date=long_ago).json()
    assert body["as_of"] is None and body["computed_days"] == 0
    page = report(world.admin, stack, unit=world.A, date=long_ago,
                  format="html").text
    assert 'id="not-computed"' in page


# ------------------------------------------------------------- who sees what

def test_each_officer_sees_its_own_subtree_only(stack, world):
    district_admin = accounts.session_for(stack, uid("qt-rp"), "admin", unit=world.D1)
    assert report(district_admin, stack, date=world.day).json()["unit"] == world.D1
    assert report(district_admin, stack, unit=world.A, date=world.day).json()["unit"] == world.A
    for outside in (world.E, world.Q, world.P, world.D2, world.C):
        r = district_admin.get(stack.url + "/report", params={"unit": outside, "date": world.day})
        assert r.status_code == 403, outside
        assert r.json()["error"]["code"] == "outside_area"
        assert "unit" in r.json()["error"]["fields"]
    r = district_admin.get(stack.url + "/report/checkpoints", params={"unit": world.Q})
    assert r.status_code == 403
    police = accounts.session_for(stack, uid("ca-rp"), "police", unit=world.A)
    assert report(police, stack, date=world.day).json()["unit"] == world.A
    assert police.get(stack.url + "/report", params={"unit": world.B}).status_code == 403
    r = police.get(stack.url + "/report/checkpoints", params={"place_id": world.KB})
    assert r.status_code == 403 and r.json()["error"]["fields"]["place_id"]


def test_kiosk_accounts_get_no_report(stack, world):
    officer = accounts.officer_session(stack, uid("cb-rp"), world.KA)
    assert officer.get(stack.url + "/report").status_code == 403


def test_bad_input_is_named(stack, world):
    for params, field in (({"date": "2021-02-30"}, "date"), ({"unit": "99999"}, "unit"),
                          ({"date": "2021-09-10", "to": "2021-09-01"}, "to"),
                          ({"date": "2020-01-01", "to": "2021-09-01"}, "to"),
                          ({"format": "xml"}, "format")):
        r = world.admin.get(stack.url + "/report", params=params)
        assert r.status_code == 400, params
        assert field in r.json()["error"]["fields"], params


# ------------------------------------------------------- page, JSON and CSV

def page_figures(page, scope):
    """{data-figure: number} inside the first element of page matching
    scope (a regex of its opening tag), the dots of 1.234.567 removed."""
    m = re.search(scope + r"(.*?)</(?:section|tr)>", page, re.S)
    assert m, scope
    return {k: int(v.replace(".", "")) for k, v in
            re.findall(r'data-figure="([^"]+)">([0-9.]+)', m.group(1))}


def test_csv_and_json_equal_the_page(stack, world):
    params = {"unit": world.P, "date": world.day}
    body = report(world.admin, stack, **params).json()
    text = report(world.admin, stack, format="csv", **params).text
    page = report(world.admin, stack, format="html", **params).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["level"] == "province" and rows[0]["unit"] == world.P
    assert {k: int(rows[0][k]) for k in FIGURES} == flat(body)
    assert page_figures(page, r'<section class="card" id="summary">') == flat(body)
    children = {c["unit"]: c for c in body["children"]}
    assert [r["unit"] for r in rows[1:]] == [c["unit"] for c in body["children"]]
    for row in rows[1:]:
        child = children[row["unit"]]
        assert row["name"] == child["name"]
        assert {k: int(row[k]) for k in FIGURES} == {k: child[k] for k in FIGURES}
        shown = page_figures(page, rf'<tr data-unit="{row["unit"]}">')
        assert shown == {k: child[k] for k in shown}
        assert len(shown) == 12
    assert html.escape(body["name"]) in page


def test_csv_lists_a_communes_places(stack, world):
    rows = list(csv.DictReader(io.StringIO(
        report(world.admin, stack, unit=world.A, date=world.day, format="csv").text)))
    places = {r["unit"]: r for r in rows if r["level"] == "place"}
    assert places[str(world.KA)]["in"] == "3" and places[str(world.KA)]["residents"] == ""
    assert places[str(world.VA)]["visit"] == "4"


def test_the_page_draws_bars_and_a_line(stack, world):
    page = report(world.admin, stack, unit=world.P, date=world.day, format="html").text
    bars = re.search(r'<svg id="bars".*?</svg>', page, re.S).group(0)
    assert bars.count('class="bar-label"') == world.count(
        "SELECT COUNT(*) FROM admin_units WHERE parent_code=%s", world.P)
    assert 'id="cover"' in page
    line = re.search(r'<svg id="line".*?</svg>', page, re.S).group(0)
    assert len(re.findall(r'<polyline class="ln (in|out|visit)" points="[0-9, ]+"', line)) == 3
    # A single day's line: the 14 days up to it, 14 points each.
    points = re.search(r'class="ln in" points="([^"]*)"', line).group(1).split()
    assert len(points) == 14
    assert "<script" not in page


# ------------------------------------------------------ checkpoint throughput

def test_checkpoint_hours_pair_scans_with_confirmations(stack, world):
    r = world.admin.get(stack.url + "/report/checkpoints",
                        params={"unit": world.D1, "date": world.day})
    assert r.status_code == 200, r.text
    body = r.json()
    order = [p["place_id"] for p in body["places"]]
    # The slowest queue first (KB 120 s, KA 30 s), then the places never timed.
    assert order[:2] == [world.KB, world.KA] and world.VA in order[2:]
    assert body["total"] == 3
    ka = body["places"][1]
    assert ka["slowest_median_s"] == 30 and ka["scans"] == 6 and ka["paper"] == 1
    assert ka["passages"] == 5
    hours = {h["hour"]: h for h in ka["hours"]}
    assert hours[10] == {"hour": 10, "scans": 4, "passages": 3, "paper": 0,
                         "median_confirm_s": 30}
    assert hours[11] == {"hour": 11, "scans": 2, "passages": 0, "paper": 0,
                         "median_confirm_s": None}
    assert hours[12] == {"hour": 12, "scans": 0, "passages": 2, "paper": 1,
                         "median_confirm_s": None}
    kb = {h["hour"]: h for h in body["places"][0]["hours"]}
    # The look-up at 08:58 counts in its hour, the wait in the confirmation's.
    assert kb[8] == {"hour": 8, "scans": 1, "passages": 0, "paper": 0, "median_confirm_s": None}
    assert kb[9] == {"hour": 9, "scans": 0, "passages": 1, "paper": 0, "median_confirm_s": 120}


def test_checkpoints_csv_is_the_json_per_hour(stack, world):
    params = {"unit": world.D1, "date": world.day}
    body = world.admin.get(stack.url + "/report/checkpoints", params=params).json()
    text = world.admin.get(stack.url + "/report/checkpoints",
                           params=dict(params, format="csv")).text
    rows = [(int(r["place_id"]), int(r["hour"]), int(r["scans"]), int(r["passages"]),
             int(r["paper"]), r["median_confirm_s"]) for r in csv.DictReader(io.StringIO(text))]
    want = [(p["place_id"], h["hour"], h["scans"], h["passages"], h["paper"],
             "" if h["median_confirm_s"] is None else str(h["median_confirm_s"]))
            for p in body["places"] for h in p["hours"]]
    assert rows == want


def test_checkpoints_page_and_one_place(stack, world):
    page = world.admin.get(stack.url + "/report/checkpoints",
                           params={"unit": world.D1, "date": world.day},
                           headers={"Accept": "text/html"}).text
    assert page.index(f'data-place="{world.KB}"') < page.index(f'data-place="{world.KA}"')
    assert re.search(r'data-place="%d".*?data-figure="slowest">2:00<' % world.KB, page, re.S)
    assert re.search(r'data-place="%d".*?data-figure="slowest">0:30<' % world.KA, page, re.S)
    one = world.admin.get(stack.url + "/report/checkpoints",
                          params={"unit": world.D1, "date": world.day, "place_id": world.KA}).json()
    assert [p["place_id"] for p in one["places"]] == [world.KA] and one["total"] == 1
    r = world.admin.get(stack.url + "/report/checkpoints", params={"place_id": 10**12})
    assert r.status_code == 404


# ------------------------------------------------------------ vaccinations

def test_a_bad_vaccination_row_is_named_by_line_and_the_rest_loads(stack, world):
    rc, out, err = world.import_answer
    assert rc == 1, out + err
    assert out.strip() == "imported 6 rows, rejected 1 rows"
    assert re.search(r"^line 4: dose: ", err, re.M), err
    assert world.people["a2"]["id"] not in err            # no personal data
    a1 = world.people["a1"]["id"]
    assert stack.sql("SELECT doses, first_on, second_on FROM vaccination_people"
                     " WHERE id_number=%s", a1) == [
        ("2", str(world.day.fromordinal(world.day.toordinal() - 30)),
         str(world.day.fromordinal(world.day.toordinal() - 5)))]


def test_importing_again_changes_nothing(stack, world):
    ids = [p["id"] for p in world.people.values()]
    q = ("SELECT id_number, dose, given_on, vaccine FROM vaccinations WHERE id_number IN ("
         + ",".join(["%s"] * len(ids)) + ") ORDER BY 1, 2")
    before = stack.sql(q, *ids)
    people_before = stack.sql("SELECT * FROM vaccination_people WHERE id_number IN ("
                              + ",".join(["%s"] * len(ids)) + ") ORDER BY 1", *ids)
    rc, out, _ = world.import_doses(world.doses_csv(bad_line=False))
    assert rc == 0 and out.strip() == "imported 6 rows, rejected 0 rows"
    assert stack.sql(q, *ids) == before and len(before) == 6
    assert stack.sql("SELECT * FROM vaccination_people WHERE id_number IN ("
                     + ",".join(["%s"] * len(ids)) + ") ORDER BY 1", *ids) == people_before


def test_a_wrong_header_loads_nothing(stack, world, tmp_path):
    f = tmp_path / "doses.csv"
    f.write_text("id_number,dose,date\n" + world.people["b2"]["id"] + ",1,2021-08-01\n")
    rc, out, err = world.import_doses(str(f))
    assert rc == 2 and "header" in err
    assert not stack.sql("SELECT 1 FROM vaccinations WHERE id_number=%s", world.people["b2"]["id"])


def test_the_kiosk_shows_registered_doses_beside_declared_ones(stack, world):
    officer = accounts.officer_session(stack, uid("cb-vx"), world.KA)
    a1 = world.people["a1"]
    stack.sql("UPDATE declarations SET created_at=NOW(), expires_at=NOW() + INTERVAL 72 HOUR"
              " WHERE declaration_id=%s", a1["decl"])
    code = sign(stack, a1["decl"])
    body = officer.get(stack.url + "/verify", params={"code": code}).json()
    assert body["valid"] and body["registered_doses"] == 2
    assert body["declaration"]["vaccine_doses"] == 1
    page = officer.get(stack.url + "/verify", params={"code": code},
                       headers={"Accept": "text/html"}).text
    assert re.search(r'data-f="registered_doses">2</span> đã tiêm', page)
    b2 = world.people["b2"]
    stack.sql("UPDATE declarations SET created_at=NOW(), expires_at=NOW() + INTERVAL 72 HOUR"
              " WHERE declaration_id=%s", b2["decl"])
    assert officer.get(stack.url + "/verify",
                       params={"code": sign(stack, b2["decl"])}).json()["registered_doses"] == 0


# --------------------------------------------------------------- retention

def test_retention_removes_old_rows_and_keeps_an_open_cases(stack, world):
    w = world
    closed = w.person(w.B, "Hoàng Văn Cũ")
    open_case = w.person(w.B, "Hoàng Thị Mở")
    w.status(open_case, "F1", -1)
    old = "NOW() - INTERVAL 40 DAY"
    for p in (closed, open_case):
        stack.sql(f"UPDATE declarations SET created_at = {old}, expires_at = {old} + INTERVAL 72 HOUR"
                  " WHERE declaration_id=%s", p["decl"])
        stack.sql("INSERT INTO passages (declaration_id, id_number, place_id, direction, officer, at)"
                  f" VALUES (%s, %s, %s, 'in', 'test-rp', {old}), (%s, %s, %s, 'visit', 'test-rp', {old})",
                  p["decl"], p["id"], w.KB, p["decl"], p["id"], w.VA)
        stack.sql("INSERT INTO audit_log (at, actor, action, target_kind, target, place_id)"
                  f" VALUES ({old}, 'test-rp', 'verify', 'declaration', %s, %s)",
                  str(p["decl"]), w.KB)
    kept_figures = summary_rows(stack, w.day)
    out = w.daily(report_world.today_vn(-1))
    m = re.search(r"removed (\d+) kiosk look-ups \(audit\), (\d+) passages, (\d+) visits, "
                  r"(\d+) declarations", out)
    assert m and all(int(n) >= 1 for n in m.groups()), out

    def left(p):
        return (w.count("SELECT COUNT(*) FROM declarations WHERE declaration_id=%s", p["decl"]),
                w.count("SELECT COUNT(*) FROM passages WHERE id_number=%s", p["id"]),
                w.count("SELECT COUNT(*) FROM audit_log WHERE action='verify' AND target=%s",
                        str(p["decl"])))
    assert left(closed) == (0, 0, 0)
    assert left(open_case) == (1, 2, 1)
    # The world's day is within the retention period: untouched.
    assert summary_rows(stack, w.day) == kept_figures


def test_a_day_before_the_cutoff_keeps_its_figures(stack, world):
    long_ago = world.day.fromordinal(world.day.toordinal() - 30)
    stack.sql("INSERT INTO report_units (unit, day, parent, n_in) VALUES (%s, %s, '', 7)",
              world.Q, long_ago.isoformat())
    out = world.daily(long_ago)
    assert "before the retention cutoff" in out
    assert stack.sql("SELECT n_in FROM report_units WHERE unit=%s AND day=%s",
                     world.Q, long_ago.isoformat()) == [("7",)]


def test_residents_count_as_last_recounted(stack, world):
    """Coverage is recounted after each import (lib/coverage.h), not from
    the whole registry every night; `report --coverage` does it by hand."""
    def residents():
        world.daily()
        return report(world.admin, stack, unit=world.C, date=world.day).json()[
            "vaccination"]["residents"]
    before = residents()
    world.person(world.C, "Lục Thị Mới")
    assert residents() == before
    rc, out, err = world.tool([world.report_bin(), "--coverage"])
    assert rc == 0 and "coverage recounted" in out, out + err
    assert residents() == before + 1


def test_a_future_day_is_refused(stack, world):
    tomorrow = world.day.fromordinal(world.day.toordinal() + 30)
    rc, out, err = world.tool([world.report_bin(), "--daily", tomorrow.isoformat()])
    assert rc == 2 and "usage" in err
