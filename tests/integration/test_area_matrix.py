"""Nobody sees what is not theirs (issue 18, part 10): every role x every
route x inside and outside the caller's area, with the status each cell
must answer.  The routes, their roles and their fields come from the
programs' own tables (`<program> --routes`, `--fields`, lib/serve.h), so a
new route is in the matrix by itself.

The world: a citizen X of the registry who lives in commune C (province
P), and what belongs to C: a place, a task routed to C's police, X's
welfare registration and payment, an account.  The callers:

    anonymous
    admin in     administrator of P         admin out    of province 01
    police in    police of C                police out   of a commune next to C
    officer in   at a checkpoint in C       officer out  at one in province 01
    venue in     at a venue in C            venue out    at one in province 01

A route's "area fields" name something that lies in an area: a citizen
(type id_number), a unit (unit, commune), or by name an object of C
(AREA_OBJECTS: a place, a task, a payment, an account, a list of ID
numbers).  What each cell must answer:

    public route                     open (never 401 nor 403)
    anonymous, login route           401 not_logged_in
    role not in the route's roles    403 forbidden
    police/admin, area route, in     open: not 401, not 403, no 400 naming
                                     an area field
    police/admin, area route, out    403 outside_area naming the field
                                     (admin-accounts: 403 forbidden naming
                                     it, the SPEC's subtree rule), for each
                                     area field sent alone (with the
                                     required ones) and for all together
    police/admin, other route        open
    officer, venue                   open inside and outside: a checkpoint
                                     checks travellers from anywhere; their
                                     routes are bound to a place, not an
                                     area (test_routes.py: no_place)

and no cell answers a 5xx; no answer to a caller outside the area carries
X's ID number or name, whatever its status.  Open and forbidden cells
send only the CSRF token and the action (nothing to change, as
test_routes.py); area cells fill the route's required fields by type."""
import secrets
from collections import namedtuple

import pytest
import requests

from . import accounts
from . import welfare_api as wf
from .helpers import field_tables, stack_programs, today_vn, uid

AREA_TYPES = ("id_number", "unit", "commune")
# Fields that name an object of an area by their name, not their type.
AREA_OBJECTS = {"place_id": "place", "task_id": "task", "payment_id": "payment",
                "uid": "account"}
# ... but a place retired inside the area is one of its own (the routes
# after it still take the first).
OBJECT_OF_ROUTE = {("POST", "/admin-accounts", "retire_place", "place_id"): "spare place"}
# Fields of police/admin routes that refer to a citizen, unit or object
# but are no area, and why:
NOT_AREA = {
    # /audit's filters narrow the administrator's own subtree's actions.
    ("GET", "/audit", None, "target"), ("GET", "/audit", None, "actor"),
    # The new account's name (its unit is the area field).
    ("POST", "/admin-accounts", "create", "uid"),
    # A traced person's contacts live anywhere: their tasks go to their
    # own police (the traced person, source, is the area field).
    ("POST", "/f-status/mark", None, "ids"),
}
# (Not fields either: the units in the rows of /admin-accounts
# action=bulk_create's CSV, refused row by row; test_admin_accounts.py.)
# Fields a handler needs together although the table marks them optional,
# so that a request reaches the area check.
ALSO_SENT = {("GET", "/f-status/visitors", None): ("from", "to"),
             ("POST", "/welfare", "create_program"): ("cat_free_worker",)}
# A welfare programme is the country's or a province's; a list filters by
# it inside the caller's area, and registering or paying under another
# province's programme is refused by test_welfare.py.
NOT_AREA_NAMES = {"program"}
# What refuses a caller outside its area, by program (SPEC "Area"; the
# administrators' own program answers forbidden, naming the unit).
OUT_CODE = {"admin-accounts": "forbidden"}
# Routes that end the session they are called with.
SESSION_ENDING = {("POST", "/logout", None)}
# Public, yet its JSON answer to a caller without a session is 401 by
# design: GET /login as JSON says who is logged in (cgi-bin/login.c).
WHO_IS_LOGGED_IN = {("GET", "/login", None)}
CALLERS = ("anonymous", "admin in", "admin out", "police in", "police out",
           "officer in", "officer out", "venue in", "venue out")

Route = namedtuple("Route", "program method path action roles public place fields")


def routes_of(program):
    """The program's routes (its fields in each), or None when not built."""
    fields, table = field_tables(program)
    if table is None:
        return None
    return [Route(program, *key, set(roles), public, place, fields.get(key, []))
            for key, (roles, public, place) in table.items()]


def is_area_field(route, field):
    key = (route.method, route.path, route.action, field.name)
    if key in NOT_AREA or field.name in NOT_AREA_NAMES:
        return False
    return field.type in AREA_TYPES or field.name in AREA_OBJECTS


def area_fields(route):
    return [f for f in route.fields if is_area_field(route, f)]


def unclassified(route):
    """Fields of a police/admin route that refer to something (by type)
    and that the matrix neither fills with an area's object nor lists as
    no area: a new one must be put in one of the two."""
    if not route.roles & {"police", "admin"}:
        return []
    return [f.name for f in route.fields
            if f.type in ("id", "uid") and not is_area_field(route, f)
            and (route.method, route.path, route.action, f.name) not in NOT_AREA
            and f.name not in NOT_AREA_NAMES]


# ------------------------------------------------------------------ the world

class Caller:
    """A logged-in account (None for anonymous): .session, .again()."""

    def __init__(self, stack, role, unit, place_kind=None):
        self.stack, self.role = stack, role
        place = accounts.make_place(stack, place_kind, commune=unit) if place_kind else None
        self.session = accounts.session_for(stack, uid("area" + role), role,
                                            place_id=place, unit=unit)

    def again(self):
        """A new session of the account (the old may have been ended)."""
        old = self.session
        self.session = self.stack.login(old.uid, old.password)
        self.session.uid, self.session.password = old.uid, old.password
        return self.session


@pytest.fixture(scope="module")
def world(stack):
    commune = accounts.a_commune(stack)
    district, province = stack.sql("SELECT district_code, province_code FROM admin_units"
                                   " WHERE code=%s", commune)[0]
    neighbour = stack.sql("SELECT code FROM admin_units WHERE level='commune'"
                          " AND district_code=%s AND code<>%s ORDER BY code LIMIT 1",
                          district, commune)[0][0]
    far = wf.communes(stack, "001", 1)[0]
    x = wf.citizen(stack, commune, full_name=f"Đinh Thị Vùng {secrets.choice('ABCDEGHK')}ấn")
    callers = {
        "anonymous": None,
        "admin in": Caller(stack, "admin", province),
        "admin out": Caller(stack, "admin", "01"),
        "police in": Caller(stack, "police", commune),
        "police out": Caller(stack, "police", neighbour),
        "officer in": Caller(stack, "officer", commune, "checkpoint"),
        "officer out": Caller(stack, "officer", far, "checkpoint"),
        "venue in": Caller(stack, "venue", commune, "venue"),
        "venue out": Caller(stack, "venue", far, "venue"),
    }
    # What lies in C: a place, a task for C's police, X's registration
    # and payment under a programme of P, an account.
    program = wf.make_program(wf.with_base(stack, stack.admin()), province=province,
                              categories=("free_worker",))
    police = wf.with_base(stack, callers["police in"].session)
    wf.register(police, program, x, expect=201)
    payment = wf.pay(police, program, x, expect=201).json()["payment_id"]
    stack.sql("INSERT INTO f_tasks (id_number, full_name, status, unit, from_unit, source_ref,"
              " created_by, created_at, due_at) VALUES (%s, %s, 'F1', %s, %s, 'matrix',"
              " 'matrix', NOW(), NOW() + INTERVAL 1 DAY)", x["id_number"], x["full_name"],
              commune, commune)
    task = stack.sql("SELECT MAX(task_id) FROM f_tasks WHERE id_number=%s", x["id_number"])[0][0]
    account = uid("areaacct")
    accounts.make_account(stack, account, "officer", unit=commune)
    objects = {"id_number": x["id_number"], "unit": commune, "commune": commune,
               "province": province,
               "place": accounts.make_place(stack, "checkpoint", commune=commune),
               "spare place": accounts.make_place(stack, "checkpoint", commune=commune),
               "task": task, "payment": payment, "account": account, "program": program}
    return {"x": x, "callers": callers, "objects": objects}


# ------------------------------------------------------------------- a cell

def fill(world, route, field):
    """A valid value of field: the area's object for an area field, else
    one of its type (the citizen's own name, birth date and gender)."""
    x, o = world["x"], world["objects"]
    special = OBJECT_OF_ROUTE.get((route.method, route.path, route.action, field.name))
    if special:
        return str(o[special])
    if field.name in AREA_OBJECTS and is_area_field(route, field):
        return str(o[AREA_OBJECTS[field.name]])
    if field.name in ("province", "program"):
        return str(o[field.name])
    by_name = {"dob": x["dob"], "category": "free_worker", "amount": "1000000",
               "role": "officer", "ids": x["id_number"],
               "from": today_vn() + "T00:00", "to": today_vn() + "T23:59"}
    by_type = {
        "id_number": x["id_number"], "unit": o["unit"], "commune": o["commune"],
        "person_name": x["full_name"], "gender": x["gender"], "text": "Thử nghiệm vùng",
        "multiline": "Thử nghiệm vùng", "int": str(max(field.min, 1)), "flag": "1",
        "choice": field.choices.split(",")[0], "date": today_vn(),
        "datetime": today_vn() + "T08:00", "phone": "0912345678",
        "uid": uid("cell"), "token": "matrix",
    }
    return by_name.get(field.name, by_type.get(field.type))


def request(stack, route, session, data):
    data = dict(data)
    if route.action:
        data["action"] = route.action
    url = stack.url + (route.path + "matrix" if route.path.endswith("/") else route.path)
    if route.method == "GET":
        return session.get(url, params=data, allow_redirects=False)
    return session.post(url, data=data, allow_redirects=False)


def error_of(r):
    try:
        e = r.json()["error"]
        return e["code"], set(e.get("fields") or {})
    except (ValueError, KeyError, TypeError):
        return None, set()


def expectation(route, who):
    """What the cell must answer: "open", "login", "forbidden", "no_place"
    or "outside"."""
    role, _, where = who.partition(" ")
    if (route.method, route.path, route.action) in WHO_IS_LOGGED_IN and role == "anonymous":
        return "login"
    if route.public:
        return "open"
    if role == "anonymous":
        return "login"
    if role not in route.roles:
        return "forbidden"
    if route.place and role in ("admin", "police"):
        return "no_place"
    if role in ("admin", "police") and where == "out" and area_fields(route):
        return "outside"
    return "open"


def requests_of(world, route, who, want):
    """The (what, data) requests of a cell: bare, all area fields, or each
    area field alone with the required ones."""
    role, _, where = who.partition(" ")
    areas = (area_fields(route) if role in ("admin", "police") and want in ("open", "outside")
             and not route.public else [])
    if not areas:
        return [("bare", {})]
    also = ALSO_SENT.get((route.method, route.path, route.action), ())
    required = [f for f in route.fields if f.flag == "required" or f.name in also]
    sets = [("all area fields", required + [f for f in areas if f not in required])]
    if want == "outside":
        sets += [(f.name, required + ([f] if f not in required else []))
                 for f in areas if f.flag != "required"]
    return [(what, {f.name: fill(world, route, f) for f in fields
                    if fill(world, route, f) is not None})
            for what, fields in sets]


def judge(route, want, r, sent, leaks):
    """What is wrong with answer r of a cell that must answer want; sent:
    the area fields sent."""
    code, named = error_of(r)
    got = f"{r.status_code} {code or ''}".strip()
    if r.status_code >= 500:
        return f"{got}: a server error"
    if any(value in r.text for value in leaks):
        return f"{got}: the answer carries the citizen's ID number or name"
    if want == "login" and (r.status_code, code) != (401, "not_logged_in"):
        return f"{got}, not 401 not_logged_in"
    if want in ("forbidden", "no_place") and (r.status_code, code) != (403, want):
        return f"{got}, not 403 {want}"
    if want == "open":
        if r.status_code in (401, 403):
            return f"{got}: refused, but its area and role allow it"
        if r.status_code == 400 and named & sent:
            return f"{got} naming {sorted(named & sent)}: refused inside its area"
    if want == "outside":
        out = OUT_CODE.get(route.program, "outside_area")
        if (r.status_code, code) != (403, out) or not named & sent:
            return f"{got} naming {sorted(named)}: not 403 {out} naming {sorted(sent)}"
    return None


def cell_problems(stack, world, route, who):
    """What is wrong with one cell (route x caller), [] when it answers as
    it must."""
    want = expectation(route, who)
    caller = world["callers"][who]
    found = []
    for what, data in requests_of(world, route, who, want):
        if caller is None:
            session = requests.Session()
            session.headers["Accept"] = "application/json"
        elif (route.method, route.path, route.action) in SESSION_ENDING:
            session = caller.again()
        else:
            session = caller.session
        r = request(stack, route, session, data)
        if (route.method, route.path, route.action) in SESSION_ENDING and caller is not None:
            caller.again()
        leaks = ((world["x"]["id_number"], world["x"]["full_name"])
                 if who.endswith(" out") and who.split()[0] in ("admin", "police") else ())
        sent = {f for f in data if f in {a.name for a in area_fields(route)}}
        problem = judge(route, want, r, sent, leaks)
        if problem:
            found.append(f"{route_name(route)} | {who} | {want} | {what}: {problem}")
    return found


def route_name(route):
    return f"{route.method} {route.path}" + (f" action={route.action}" if route.action else "")


# ------------------------------------------------------------------- tests

@pytest.mark.parametrize("program", stack_programs())
def test_every_role_every_route_inside_and_outside(stack, world, program):
    routes = routes_of(program)
    if routes is None:
        pytest.skip(f"{program} is not built yet")
    found = [f"{route_name(r)}: classify {f} in AREA_OBJECTS or NOT_AREA"
             for r in routes for f in unclassified(r)]
    # Outside first: a refused request changes nothing the inside one reads.
    order = sorted(CALLERS, key=lambda who: not who.endswith(" out"))
    for route in routes:
        for who in order:
            found += cell_problems(stack, world, route, who)
    assert not found, "route | caller | must answer | request: what it did\n" + "\n".join(found)


def test_the_matrix_knows_the_routes_of_an_area():
    """The discovery finds the area routes of every kind it is about."""
    found = {}
    for program in stack_programs():
        for route in routes_of(program) or []:
            found[(route.method, route.path, route.action)] = {f.name for f in area_fields(route)}
    expected = {("GET", "/f-status", None): {"id_number"},
                ("POST", "/f-status/mark", None): {"source"},
                ("GET", "/f-status/visitors", None): {"place_id"},
                ("POST", "/f-status/tasks", "done"): {"task_id"},
                ("POST", "/welfare", "register"): {"id_number", "commune"},
                ("POST", "/welfare/reverse", None): {"payment_id"},
                ("POST", "/admin-accounts", "disable"): {"uid"},
                ("POST", "/admin-accounts", "create"): {"unit", "place_id"},
                ("GET", "/audit", None): {"unit"}}
    for key, names in expected.items():
        if key in found:
            assert found[key] == names, key


def test_a_cell_that_lies_is_caught(stack, world):
    """The judge can fail: a caller inside the area taken for one outside
    (its answer carries X and is no refusal), one outside taken for one
    inside (refused), and a forbidden cell that opens."""
    routes = {(r.method, r.path, r.action): r for r in routes_of("f-status")}
    view = routes[("POST", "/f-status", "view")]
    world_lie = dict(world, callers=dict(world["callers"]))
    world_lie["callers"]["police out"] = world["callers"]["police in"]
    assert cell_problems(stack, world_lie, view, "police out")
    world_lie["callers"]["police in"] = world["callers"]["police out"]
    assert cell_problems(stack, world_lie, view, "police in")
    assert cell_problems(stack, world, view._replace(roles={"police"}), "admin in")
