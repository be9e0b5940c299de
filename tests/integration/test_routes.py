"""Every route of every program against every role and anonymous, as the
programs' own route tables declare them (`<program> --routes`, lib/serve.h):

    method  path  action|-  roles|-  public|login  place|-

Each route is asked by each caller twice, as a JSON client and as a
browser: a GET without query, a POST with only the session's CSRF token
and the route's action, so that nothing is changed (every handler refuses
the missing fields).  What the table declares must hold exactly:

  - a public route never answers 401 nor 403 forbidden (but GET /login
    as JSON, "who is logged in", answers 401 when nobody is);
  - a login route answers anonymous JSON 401 not_logged_in, an anonymous
    browser GET 303 to /login?next=<path>, an anonymous browser POST a
    401 page with a link to /login?next=<path>;
  - a role not in the route's roles gets 403 forbidden;
  - a role in them, on a route that needs a place ("place"), gets 403
    no_place without one (an officer without a checkpoint is asked too);
  - a role in them never gets 401 nor 403 forbidden or no_place
    otherwise, and its pages carry the officer header (uid, role, unit,
    place, logout);
  - nobody gets a 5xx.

The programs are those of scripts/stack; one not built yet is skipped by
name, and covered as soon as its binary exists."""
import re
import subprocess
from collections import namedtuple

import pytest
import requests

from .helpers import HTML, JSON, ROOT, Person, header_problems, people, stack_programs

CALLERS = ("anonymous", "admin", "police", "officer", "venue", "officer without place")
# Routes that end the session they are called with: each call gets a new one.
SESSION_ENDING = {("POST", "/logout")}
# Public, yet its JSON answer to a caller without a session is 401 by
# design: GET /login as JSON says who is logged in (cgi-bin/login.c).
WHO_IS_LOGGED_IN = {("GET", "/login")}
# Appended to a route that is a prefix (its path ends in "/").
SUFFIX = "route-test"


class Route(namedtuple("Route", "method path action roles anon place")):
    @classmethod
    def parse(cls, line):
        method, path, action, roles, anon, place = line.split("\t")
        assert anon in ("public", "login") and place in ("place", "-"), line
        return cls(method, path, None if action == "-" else action,
                   frozenset() if roles == "-" else frozenset(roles.split(",")),
                   anon, place == "place")

    def __str__(self):
        return f"{self.method} {self.path}" + (f" action={self.action}" if self.action else "")

    @property
    def url_path(self):
        return self.path + (SUFFIX if self.path.endswith("/") else "")


def route_table(program):
    """The program's routes, or None when it is not built."""
    binary = ROOT / "build" / "bin" / program
    if not binary.exists():
        return None
    out = subprocess.run([str(binary), "--routes"], capture_output=True, text=True,
                         timeout=30)
    assert out.returncode == 0, out.stderr
    return [Route.parse(line) for line in out.stdout.splitlines()]


@pytest.fixture(scope="module")
def callers(stack):
    return dict(people(stack, "kiểm tra quyền"), anonymous=None,
                **{"officer without place": Person.made(stack, "officer")})


def ask(stack, route, person, as_json):
    """The route asked by person (None: anonymous); (response, session)."""
    if person is None:
        session = requests.Session()
    elif (route.method, route.path) in SESSION_ENDING:
        session = person.log_in_again()
    else:
        session = person.session_again()
    url = stack.url + route.url_path
    headers = JSON if as_json else HTML
    if route.method == "GET":
        return session.get(url, headers=headers, allow_redirects=False), session
    data = {}
    if person is not None:
        data["csrf"] = session.csrf
    if route.action:
        data["action"] = route.action
    return session.post(url, data=data, headers=headers, allow_redirects=False), session


def error_code(r, as_json):
    """The error code of an answer: the JSON's, or the one our error page
    prints ("Mã lỗi 403 (forbidden)", templates/error.cs); else None."""
    if r.status_code < 400:
        return None
    if as_json:
        return r.json()["error"]["code"]
    m = re.search(r"Mã lỗi \d+ \((\w+)\)", r.text)
    return m.group(1) if m else None


def promise(route, person):
    """What the table promises person (None: anonymous) on route:
    "allowed", "login", "forbidden" or "no_place"."""
    if route.anon == "public":
        return "allowed"
    if person is None:
        return "login"
    if person.role not in route.roles:
        return "forbidden"
    if route.place and person.place_name is None:
        return "no_place"
    return "allowed"


def anonymous_problem(route, r, as_json):
    if as_json:
        if r.status_code != 401 or error_code(r, as_json) != "not_logged_in":
            return f"JSON {r.status_code}, not 401 not_logged_in"
    elif route.method == "GET":
        want = f"/login?next={route.url_path}"
        if r.status_code != 303 or r.headers.get("Location") != want:
            return f"browser {r.status_code} {r.headers.get('Location')}, not 303 to {want}"
    elif r.status_code != 401 or f'href="/login?next={route.url_path}"' not in r.text:
        return f"browser {r.status_code}, not a 401 page with a link to /login and back"
    return None


def problems(stack, route, who, person):
    """What is wrong with route as asked by who, [] when all is declared."""
    found = []
    want = promise(route, person)
    for as_json in (True, False):
        r, session = ask(stack, route, person, as_json)
        kind = "JSON" if as_json else "browser"
        code = error_code(r, as_json)
        if r.status_code >= 500:
            found.append(f"{kind} {r.status_code}")
        if person is None and as_json and (route.method, route.path) in WHO_IS_LOGGED_IN:
            found.append(anonymous_problem(route, r, as_json))
        elif want == "allowed":
            if r.status_code == 401 or code in ("forbidden", "no_place"):
                found.append(f"{kind} {r.status_code} {code}: refused, but the table allows it")
        elif want == "login":
            found.append(anonymous_problem(route, r, as_json))
        elif r.status_code != 403 or code != want:
            found.append(f"{kind} {r.status_code} {code}: not 403 {want}")
        if (person is not None and route.anon == "login" and want != "forbidden"
                and not as_json and r.headers.get("Content-Type", "").startswith("text/html")):
            found += header_problems(r.text, person, session)
    return [f"{route} as {who}: {p}" for p in found if p]


def check_program(stack, callers, program):
    """Asks every route of program as every caller; (problems, the
    (route, caller) pairs asked, the routes)."""
    routes = route_table(program)
    if routes is None:
        pytest.skip(f"{program} is not built yet")
    found, asked = [], set()
    for route in routes:
        for who in CALLERS:
            found += problems(stack, route, who, callers[who])
            asked.add((route, who))
    return found, asked, routes


@pytest.mark.parametrize("program", stack_programs())
def test_every_route_answers_every_caller_as_its_table_declares(stack, callers, program):
    found, asked, routes = check_program(stack, callers, program)
    assert routes, f"{program} --routes printed no route"
    assert asked == {(route, who) for route in routes for who in CALLERS}
    assert not found, "\n".join(found)


def test_the_stack_runs_the_programs_of_the_makefile():
    """The list above comes from scripts/stack: every program the Makefile
    builds must be in it, or its routes would go untested."""
    made = re.search(r"^PROGRAMS\s*=\s*(.*)$", (ROOT / "Makefile").read_text(), re.M)
    assert set(made.group(1).split()) <= set(stack_programs())


@pytest.mark.parametrize("change", ["role removed", "role added", "made public",
                                    "made login", "place dropped"])
def test_a_table_that_lies_is_caught(stack, callers, change):
    """The checks can fail: a route table that says other than what the
    program does gives problems."""
    table = {(r.method, r.path, r.action): r
             for p in ("verify", "declare") for r in route_table(p)}
    verify, confirm = table["GET", "/verify", None], table["POST", "/verify", None]
    declare = table["GET", "/declare", None]
    assert verify.roles == {"officer", "venue"} and declare.anon == "public" and confirm.place
    lie, who = {
        "role removed": (verify._replace(roles=frozenset({"officer"})), "venue"),
        "role added": (verify._replace(roles=verify.roles | {"admin"}), "admin"),
        "made public": (verify._replace(anon="public", roles=frozenset()), "anonymous"),
        "made login": (declare._replace(anon="login", roles=frozenset({"admin"})), "anonymous"),
        "place dropped": (confirm._replace(place=False), "officer without place"),
    }[change]
    assert problems(stack, lie, who, callers[who])
