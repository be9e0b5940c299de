"""kd-national-gen: the places, the month of activity, welfare and
vaccinations of the national data set (docs/NATIONAL.md), generated from a
small population; and scripts/national-data's welfare and vaccinations
parts loaded into a stack of their own at SCALE=0.0002 (19,600 citizens),
read back by the programs (the kiosk, welfare, the report).  Loading at
scale is `make national-data`, not part of the tests."""
import collections
import datetime
import subprocess

import pytest

from conftest import run_stack

from . import accounts
from . import welfare_api as wf
from .helpers import body, sign, uid

VN = datetime.timezone(datetime.timedelta(hours=7))


def tool(stack, name):
    return str(stack.root / "build" / "bin" / name)


def small_registry(stack, n=3000, seed="11"):
    """n citizens of kd-registry-gen as TSV lines (id_number, full_name,
    dob, gender, perm_commune), in id order as the registry streams them."""
    gen = subprocess.run([tool(stack, "kd-registry-gen"), str(n), "--seed", seed,
                          "--data", str(stack.root / "data")],
                         env=stack.env, capture_output=True, timeout=60, check=True)
    return sorted(gen.stdout.decode().replace(",", "\t").splitlines()[1:])

CHECKPOINTS, VENUES = 6616, 20000


def national_gen(stack, *args, stdin=None):
    return subprocess.run([tool(stack, "kd-national-gen"), *args, "--data", str(stack.root / "data")],
                          input=stdin, env=stack.env, capture_output=True, timeout=120, check=True)


def tsv(path):
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


def test_places_few_busy_many_quiet(stack):
    rows = [r.split("\t") for r in national_gen(stack, "places").stdout.decode().splitlines()]
    assert [int(r[0]) for r in rows] == list(range(1, CHECKPOINTS + VENUES + 1))
    kinds = collections.Counter(r[1] for r in rows)
    assert kinds == {"checkpoint": CHECKPOINTS, "venue": VENUES}
    highway = [r for r in rows if r[2].startswith("Chốt kiểm dịch Quốc lộ") or "Cao tốc" in r[2]]
    assert 30 <= len(highway) <= 60
    assert all(len(r[3]) == 5 or len(r[3]) == 3 for r in rows)


def test_a_month_of_activity(stack, tmp_path):
    citizens = "\n".join(small_registry(stack)) + "\n"
    before = datetime.datetime.utcnow() + datetime.timedelta(hours=7)
    national_gen(stack, "activity", "--out", str(tmp_path), "--declarations", "3000",
                 "--passages", "15000", "--f-cases", "300", "--first-id", "101",
                 stdin=citizens.encode())
    after = datetime.datetime.utcnow() + datetime.timedelta(hours=7)
    decls = tsv(tmp_path / "declarations.tsv")
    passages = tsv(tmp_path / "passages.tsv")
    f_status = tsv(tmp_path / "f_status.tsv")

    assert [int(d[0]) for d in decls] == list(range(101, 3101))
    assert all(len(d) == 29 for d in decls)
    made = {int(d[0]): datetime.datetime.fromisoformat(d[26]) for d in decls}
    # Ids grow with time, over the last 30 days.
    times = [made[i] for i in sorted(made)]
    assert times == sorted(times)
    assert before - datetime.timedelta(days=30, minutes=1) <= times[0] < before - datetime.timedelta(days=29)
    assert times[-1] <= after
    paper = [d for d in decls if d[15] == "paper"]
    assert 200 < len(paper) < 400 and all(d[24].startswith("officer-") for d in paper)
    registry = collections.Counter(d[25] for d in decls)
    assert registry["matched"] > 2700 and registry["mismatch"] > 20 and registry["not_found"] > 5

    # Passages: during their declaration's 72 hours, never in the future.
    assert 12000 < len(passages) < 16000
    for p in passages:
        at = datetime.datetime.fromisoformat(p[5])
        start = made[int(p[0])]
        assert start <= at < start + datetime.timedelta(hours=72)
        assert at <= after
        assert p[3] in ("in", "out", "visit") and (p[3] == "visit") == (int(p[2]) > CHECKPOINTS)
    # Day and night: 8-17 h far busier than 0-5 h.
    hours = collections.Counter(datetime.datetime.fromisoformat(p[5]).hour for p in passages)
    assert sum(hours[h] for h in range(8, 18)) > 5 * sum(hours[h] for h in range(0, 6))
    # Skew: the busiest 1% of checkpoints carry more than a tenth of the
    # checkpoints' passages.
    per_place = collections.Counter(int(p[2]) for p in passages if p[3] != "visit")
    top = sum(n for _, n in per_place.most_common(CHECKPOINTS // 100))
    assert top > 0.1 * sum(per_place.values())

    # F cases: histories of valid statuses, each starting with F0, F1 or F2.
    people = collections.defaultdict(list)
    for f in f_status:
        people[f[0]].append(f)
    assert 200 < len(people) < 400
    assert all(h[0][1] in ("F0", "F1", "F2") for h in people.values())
    assert {f[1] for f in f_status} <= {"F0", "F1", "F2", "F3", "negative", "recovered", "deceased"}
    assert all((f[3] != "\\N") == (f[1] == "deceased") for f in f_status)


# ------------------------------------------------------------------ welfare

def test_welfare_programs_beneficiaries_paid_once(stack, tmp_path):
    citizens = {line.split("\t")[0]: line.split("\t") for line in small_registry(stack)}
    national_gen(stack, "welfare", "--out", str(tmp_path), "--beneficiaries", "500",
                 "--first-program", "7", "--first-beneficiary", "101", "--first-payment", "201",
                 stdin=("\n".join("\t".join(c) for c in citizens.values()) + "\n").encode())
    now = datetime.datetime.now(VN).replace(tzinfo=None)
    programs = {int(p[0]): p for p in tsv(tmp_path / "welfare_programs.tsv")}
    benefs = tsv(tmp_path / "welfare_beneficiaries.tsv")
    payments = tsv(tmp_path / "welfare_payments.tsv")
    province = dict(stack.sql("SELECT code, province_code FROM admin_units WHERE level='commune'"))

    assert sorted(programs) == list(range(7, 15))
    assert {p[5] for p in programs.values()} == {"\\N", "79", "01", "74"}
    assert all(datetime.date.fromisoformat(p[3]) < now.date() < datetime.date.fromisoformat(p[4])
               for p in programs.values())
    # Each a citizen of stdin, once, registered in their own commune for a
    # program that covers their kind (a province's for its residents).
    assert [int(b[0]) for b in benefs] == list(range(101, 601))
    assert len({b[2] for b in benefs}) == 500
    for b in benefs:
        c, program = citizens[b[2]], programs[int(b[1])]
        assert (b[3], b[4]) == (c[1], c[4]) and b[8] == "ca-" + c[4]
        assert b[6] in program[6].split(",")
        assert program[5] in ("\\N", province[c[4]])
        assert (b[5] == "homeless") == (b[6] == "homeless") and (b[7] != "") == (b[5] == "homeless")
        assert b[6] != "child" or int(c[2][:4]) >= 2006
        registered = datetime.datetime.fromisoformat(b[9])
        assert now - datetime.timedelta(days=30, minutes=1) < registered < now - datetime.timedelta(days=3)
    kinds = collections.Counter(b[6] for b in benefs)
    assert kinds["free_worker"] > kinds["household_business"] > 10 and kinds["child"] > 5
    # Paid once each, after the registration, before now, within 30 days.
    by_id = {int(b[0]): b for b in benefs}
    assert [int(p[0]) for p in payments] == list(range(201, 701))
    assert len({p[9] for p in payments}) == 500
    for p in payments:
        b = by_id[int(p[3])]
        assert (p[1], p[2], p[4]) == (b[1], b[2], b[4])
        assert 0 < int(p[5]) <= int(programs[int(p[1])][2])
        paid_at = datetime.datetime.fromisoformat(p[8])
        assert datetime.datetime.fromisoformat(b[9]) < paid_at <= now
        paid_on = datetime.date.fromisoformat(p[6])
        assert datetime.date.fromisoformat(b[9][:10]) < paid_on <= paid_at.date()
        assert paid_on > now.date() - datetime.timedelta(days=30)


# ------------------------------------------------------------- vaccinations

def test_doses_by_age_in_key_order(stack, tmp_path):
    citizens = [line.split("\t") for line in small_registry(stack)]
    out = national_gen(stack, "vaccinations", "--out", str(tmp_path),
                       stdin="".join(f"{c[0]}\t{c[2]}\n" for c in citizens).encode())
    doses = [line.split("\t") for line in out.stdout.decode().splitlines()]
    people = tsv(tmp_path / "vaccination_people.tsv")
    dob = {c[0]: c[2] for c in citizens}

    assert [(d[0], int(d[1])) for d in doses] == sorted((d[0], int(d[1])) for d in doses)
    mine = collections.defaultdict(list)
    for d in doses:
        mine[d[0]].append(d)
        assert d[4] == "\\N" and 0 < len(d[3]) <= 40
    for who, ds in mine.items():
        days = [d[2] for d in ds]
        assert [int(d[1]) for d in ds] == list(range(1, len(ds) + 1)) and len(ds) <= 3
        assert days == sorted(days) and "2021-03-08" <= days[0] and days[-1] <= "2021-12-31"
        assert dob[who] < "2010" and (dob[who] < "2004" or days[0] >= "2021-10-27")
    # About 1.5 doses a citizen, a quarter without.
    assert 1.3 < len(doses) / len(citizens) < 1.7
    assert 0.2 < 1 - len(mine) / len(citizens) < 0.35
    vaccines = collections.Counter(d[3] for d in doses)
    assert {"AstraZeneca", "Comirnaty (Pfizer-BioNTech)", "Vero Cell (Sinopharm)"} <= set(vaccines)
    # The summary is what schema/009's triggers make of the doses.
    assert people == [[who, str(len(ds)), ds[0][2], ds[1][2] if len(ds) > 1 else "\\N"]
                      for who, ds in sorted(mine.items())]


# ----------------------------------------- the parts loaded, then read back

SCALE = "0.0002"                # 19,600 citizens, 100 beneficiaries


@pytest.fixture(scope="module")
def national():
    """A stack of its own (no demo citizens; the session's stays as the
    other tests expect it), filled by scripts/national-data."""
    stacks = run_stack({"DEMO_CITIZENS": "0"})
    st = next(stacks)
    try:
        run = subprocess.run([str(st.root / "scripts" / "national-data"), "registry", "welfare",
                              "vaccinations"], env=dict(st.env, SCALE=SCALE),
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stdout + run.stderr
        st.national_output = run.stdout
        yield st
    finally:
        next(stacks, None)


def count(st, query, *params):
    return int(st.sql(query, *params)[0][0])


def test_welfare_loaded_and_paid_once(national):
    st = national
    assert count(st, "SELECT COUNT(*) FROM citizens") == 19600
    assert count(st, "SELECT COUNT(*) FROM welfare_programs WHERE created_by='national-data'") == 8
    assert count(st, "SELECT COUNT(*) FROM welfare_beneficiaries") == 100
    assert count(st, "SELECT COUNT(*) FROM welfare_payments WHERE live = 1") == 100
    # Every payment's registration, of the same program, person and
    # commune; the people are registry citizens living there.
    assert count(st, "SELECT COUNT(*) FROM welfare_payments p JOIN welfare_beneficiaries b"
                     " USING (beneficiary_id, program_id, id_number, commune)"
                     " JOIN citizens c ON c.id_number = b.id_number AND c.perm_commune = b.commune"
                     " AND c.full_name = b.full_name") == 100
    assert count(st, "SELECT COUNT(DISTINCT id_number) FROM welfare_payments") == 100
    assert "welfare: 100 beneficiaries paid" in st.national_output
    # The program sees them: registering again is the same row, paying
    # again is refused by the unique key, naming the first payment.
    pid, program, who, commune, amount, category = st.sql(
        "SELECT p.payment_id, p.program_id, p.id_number, p.commune, p.amount, b.category"
        " FROM welfare_payments p JOIN welfare_beneficiaries b USING (beneficiary_id)"
        " WHERE b.residence = 'perm' ORDER BY p.payment_id LIMIT 1")[0]
    name, dob, gender = st.sql("SELECT full_name, DATE_FORMAT(dob, '%Y-%m-%d'), gender"
                               " FROM citizens WHERE id_number=%s", who)[0]
    person = {"id_number": who, "full_name": name, "dob": dob, "gender": gender}
    police = wf.police(st, commune)
    again = wf.register(police, program, person, expect=200, category=category)
    assert again.json()["beneficiary_id"] == int(st.sql(
        "SELECT beneficiary_id FROM welfare_payments WHERE payment_id=%s", pid)[0][0])
    refused = wf.pay(police, program, person, amount=amount, expect=409).json()["error"]
    assert refused["code"] == "already_paid" and pid in refused["fields"]["id_number"]
    assert count(st, "SELECT COUNT(*) FROM welfare_payments") == 100


def test_doses_loaded_kept_and_counted(national):
    st = national
    doses = count(st, "SELECT COUNT(*) FROM vaccinations")
    assert 1.3 * 19600 < doses < 1.7 * 19600
    assert count(st, "SELECT COUNT(*) FROM vaccinations v LEFT JOIN citizens c"
                     " USING (id_number) WHERE c.id_number IS NULL") == 0
    # Each vaccinated citizen's summary, as the triggers keep it.
    assert st.sql("SELECT COUNT(*), SUM(doses) FROM vaccination_people") == \
        st.sql("SELECT COUNT(DISTINCT id_number), COUNT(*) FROM vaccinations")
    assert count(st, "SELECT COUNT(*) FROM vaccination_people p WHERE first_on <> (SELECT MIN("
                     "given_on) FROM vaccinations v WHERE v.id_number = p.id_number) OR NOT"
                     " second_on <=> (SELECT given_on FROM vaccinations v WHERE v.id_number ="
                     " p.id_number AND dose = 2)") == 0
    # The trigger set aside for the load is back and keeps them again.
    who = st.sql("SELECT c.id_number FROM citizens c LEFT JOIN vaccination_people p"
                 " USING (id_number) WHERE p.id_number IS NULL AND c.dob < '2000-01-01'"
                 " ORDER BY c.id_number LIMIT 1")[0][0]
    st.sql("INSERT INTO vaccinations (id_number, dose, given_on, vaccine)"
           " VALUES (%s, 1, '2021-09-01', 'AstraZeneca')", who)
    assert st.sql("SELECT doses, first_on FROM vaccination_people WHERE id_number=%s",
                  who) == [("1", "2021-09-01")]
    st.sql("DELETE FROM vaccinations WHERE id_number=%s", who)
    # The coverage was counted again after the load.
    assert count(st, "SELECT SUM(residents) FROM coverage_residents") == 19600
    assert count(st, "SELECT SUM(first) FROM coverage_doses") == \
        count(st, "SELECT COUNT(*) FROM vaccination_people")


def test_the_kiosk_and_the_report_read_them(national):
    st = national
    who, doses = st.sql("SELECT p.id_number, p.doses FROM vaccination_people p"
                        " WHERE p.doses = 3 ORDER BY p.id_number LIMIT 1")[0]
    c = st.sql("SELECT id_number, full_name, DATE_FORMAT(dob, '%Y-%m-%d'), gender, perm_commune"
               " FROM citizens WHERE id_number=%s", who)[0]
    r = st.session().post(st.url + "/declare", data=body(c))
    assert r.status_code == 201, r.text
    decl = int(st.sql("SELECT MAX(declaration_id) FROM declarations WHERE id_number=%s", who)[0][0])
    officer = accounts.officer_session(st, uid("cb-nat"), accounts.make_place(st))
    seen = officer.get(st.url + "/verify", params={"code": sign(st, decl)}).json()
    assert seen["valid"] and seen["registered_doses"] == int(doses) == 3
    # The daily job's country figures of yesterday: the residents, those
    # with a first and a second dose, the payments made by then.
    run = subprocess.run([tool(st, "report"), "--daily"], env=st.env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    yesterday = (datetime.datetime.now(VN) - datetime.timedelta(days=1)).date().isoformat()
    assert st.sql("SELECT residents, dose1, dose2, welfare_paid FROM report_units"
                  " WHERE unit = '' AND day = %s", yesterday) == [(
                      "19600", str(count(st, "SELECT COUNT(*) FROM vaccination_people")),
                      str(count(st, "SELECT COUNT(second_on) FROM vaccination_people")),
                      str(count(st, "SELECT COUNT(*) FROM welfare_payments"
                                    " WHERE paid_on <= %s", yesterday)))]
