"""Test data and calls for /welfare (issue #14), shared by the integration
and browser tests: citizens of our own in the registry (so names and
communes are known), a declared temporary residence, programs, police and
administrator sessions.

    a, b, c = communes(stack, "001", 3)         # communes of one district
    p = police(stack, a)                         # logged in, CSRF header set
    x = citizen(stack, a)                        # dict: id_number, full_name, dob, gender
    program = make_program(stack.admin(), amount=1500000)
    register(p, program, x)                      # the 201/200 response
"""
import datetime
import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import accounts  # noqa: E402

# Today as the programs see it: Asia/Ho_Chi_Minh (+07:00).
TODAY = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7))).date()


def communes(stack, district, n):
    """n commune codes of a district (3-digit code), in code order."""
    rows = stack.sql("SELECT code FROM admin_units WHERE district_code=%s AND level='commune'"
                     " ORDER BY code LIMIT %s", district, n)
    assert len(rows) == n, f"district {district} has fewer than {n} communes"
    return [r[0] for r in rows]


def unit_name(stack, code):
    """The display name of a unit, as lib/units.c makes it ("Phường Phúc Xá")."""
    typ, name = stack.sql("SELECT type, name FROM admin_units WHERE code=%s", code)[0]
    return f"{typ} {name}"


def new_id_number(stack, year=1980, gender="M"):
    """A valid 12-digit CCCD (born in Hà Nội) that no citizen has yet."""
    century = (year // 100 - 19) * 2 + (1 if gender == "F" else 0)
    while True:
        id_number = f"001{century}{year % 100:02d}{secrets.randbelow(10**6):06d}"
        if not stack.sql("SELECT 1 FROM citizens WHERE id_number=%s", id_number):
            return id_number


def citizen(stack, commune, full_name=None, dob="1980-05-17", gender="M"):
    """A new citizen of the population registry living (permanently) in commune."""
    year = int(dob[:4])
    person = {
        "id_number": new_id_number(stack, year, gender),
        "full_name": full_name or f"Nguyễn Văn {secrets.choice(['An', 'Bình', 'Cường', 'Dũng'])}",
        "dob": dob,
        "gender": gender,
        "commune": commune,
    }
    stack.sql("INSERT INTO citizens (id_number, full_name, dob, gender, perm_commune)"
              " VALUES (%s, %s, %s, %s, %s)", person["id_number"], person["full_name"],
              dob, gender, commune)
    return person


def lives_also_in(stack, person, commune, kind="temp"):
    """A declaration of today naming commune as the person's temporary (or
    stay) residence: SPEC "Area" then puts them in that commune too."""
    stack.sql(
        "INSERT INTO declarations (id_number, full_name, dob, gender, phone, perm_commune,"
        f" perm_address, {kind}_commune, {kind}_address, from_commune, from_address,"
        " to_commune, to_address, vaccine_doses, source, registry, created_at, expires_at)"
        " VALUES (%s, %s, %s, %s, '0912345678', %s, 'Số 1', %s, 'Số 2', %s, 'Số 1', %s,"
        " 'Số 2', 2, 'web', 'matched', NOW(), NOW() + INTERVAL 72 HOUR)",
        person["id_number"], person["full_name"], person["dob"], person["gender"],
        person["commune"], commune, person["commune"], commune)


def police(stack, commune, uid=None):
    """A police account of commune (or any unit), logged in."""
    uid = uid or f"ca-{commune}-{secrets.token_hex(3)}"
    return with_base(stack, accounts.session_for(stack, uid, "police", unit=commune))


def admin(stack, unit=None, uid=None):
    """An administrator of unit, logged in; without unit the national one."""
    if unit is None:
        return with_base(stack, stack.admin())
    uid = uid or f"qt-{unit}-{secrets.token_hex(3)}"
    return with_base(stack, accounts.session_for(stack, uid, "admin", unit=unit))


def make_program(session, amount=1500000, categories=("free_worker", "child"), start=None,
                 end=None, province=None, name=None, expect=201):
    data = {
        "action": "create_program",
        "name": name or f"Hỗ trợ theo Nghị quyết 68 đợt {secrets.token_hex(2)}",
        "amount": str(amount),
        "start_date": (start or TODAY - datetime.timedelta(days=30)).isoformat(),
        "end_date": (end or TODAY + datetime.timedelta(days=30)).isoformat(),
    }
    if province:
        data["province"] = province
    for c in categories:
        data["cat_" + c] = "1"
    r = session.post(session.base_url + "/welfare", data=data)
    assert r.status_code == expect, r.text
    return r.json()["program_id"] if expect == 201 else r


def register(session, program, person, expect=None, **over):
    data = {
        "action": "register",
        "program": str(program),
        "id_number": person["id_number"],
        "full_name": person["full_name"],
        "dob": person["dob"],
        "gender": person["gender"],
        "residence": "perm",
        "category": "free_worker",
    }
    data.update(over)
    r = session.post(session.base_url + "/welfare", data=data)
    if expect is not None:
        assert r.status_code == expect, r.text
    return r


def pay(session, program, person, amount=1500000, expect=None, **over):
    data = {"program": str(program), "id_number": person["id_number"], "amount": str(amount)}
    data.update(over)
    r = session.post(session.base_url + "/welfare/pay", data=data)
    if expect is not None:
        assert r.status_code == expect, r.text
    return r


def with_base(stack, session):
    session.base_url = stack.url
    return session
