"""Bad input changes nothing (issue 18, part 9): SQL, LDAP-filter and
HTML/JavaScript injection strings, overlong and invalid UTF-8 values sent
through every field of every route of every program, the fields read from
the programs' own tables (`<program> --fields`, lib/serve.h).

For each route and each kind of value, one request carries the value in
every field of the route (as the route's caller: anonymous for a public
route, else an account of its first role, at a place of its kind):

  - invalid UTF-8 and overlong values: 400 invalid_fields naming every
    field sent (a value's bytes and length are judged before anything
    else);
  - injection strings: never a 5xx; a 400 names only fields of the route;
    a field that takes the string (a free text) has it stored or shown
    escaped: no answer, JSON or HTML, carries the markup raw.

What a form stores is shown escaped on the pages that show it: the
declaration's addresses on the kiosk (test_declare.py), a place's name on
the administrators' page and the kiosk in a real browser, no script run
(tests/browser/test_hostile.py)."""
import re
from urllib.parse import quote_from_bytes

import pytest
import requests

from . import accounts
from .helpers import Field, field_tables, stack_programs, uid

INJECTIONS = {
    "sql": "' OR '1'='1' -- ; DROP TABLE declarations; --",
    "ldap": "*)(uid=*))(|(uid=*",
    "html": "<script>alert(1)</script>",
    "attribute": "\"><img src=x onerror=alert(1)>",
}
MARKUP = ("<script>alert(1)", "<img src=x onerror")
INVALID_UTF8 = b"ab\xff\xfe\xc3"
# A value's longest length by type when the field names none (lib/field.c).
DEFAULT_MAX = {"text": 200, "multiline": 2000, "password": 128, "token": 200}


def overlong(field):
    """One character more than the field takes, or None when its limit is
    far beyond a request (a CSV upload)."""
    limit = field.max if field.type in DEFAULT_MAX and field.max > 0 else \
        DEFAULT_MAX.get(field.type, 300)
    return None if limit > 5000 else b"x" * (limit + 1)


@pytest.fixture(scope="module")
def callers(stack):
    """An account of each role, with a place for those that have one."""
    made = {}
    for role, kind in (("admin", None), ("police", None), ("officer", "checkpoint"),
                       ("venue", "venue")):
        place = accounts.make_place(stack, kind) if kind else None
        made[role] = accounts.session_for(stack, uid("hostile" + role), role, place_id=place)
    return made


def send(stack, session, key, pairs, as_json=True):
    """The route asked with these (name, value bytes) pairs: as bytes, so
    that invalid UTF-8 goes out as it is."""
    method, path, action = key
    pairs = [(k.encode(), v) for k, v in pairs]
    if action:
        pairs.append((b"action", action.encode()))
    csrf = getattr(session, "csrf", None)
    if csrf and method == "POST":
        pairs.append((b"csrf", csrf.encode()))
    encoded = "&".join(quote_from_bytes(k) + "=" + quote_from_bytes(v) for k, v in pairs)
    url = stack.url + (path + "x" if path.endswith("/") else path)
    headers = {"Accept": "application/json" if as_json else "text/html"}
    if method == "GET":
        return session.get(url + "?" + encoded, headers=headers, allow_redirects=False)
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return session.post(url, data=encoded, headers=headers, allow_redirects=False)


def named(r):
    try:
        return set(r.json()["error"].get("fields") or {})
    except (ValueError, KeyError, TypeError):
        return set()


def route_problems(stack, callers, key, fields, route):
    roles, public, _ = route
    session = requests.Session() if public else callers[roles[0]]
    names = {f.name for f in fields}
    found = []
    # Bytes and lengths: every field named.
    for kind, value_of in (("invalid UTF-8", lambda f: INVALID_UTF8), ("overlong", overlong)):
        sent = [f for f in fields if value_of(f) is not None]
        if not sent:
            continue
        r = send(stack, session, key, [(f.name, value_of(f)) for f in sent])
        want = {f.name for f in sent}
        if r.status_code != 400 or not want <= named(r) <= names:
            found.append(f"{kind}: {r.status_code}, named {sorted(named(r))}, "
                         f"not all of {sorted(want)}")
    # Injection strings: no 5xx, fields of ours only, never raw markup.
    for kind, text in INJECTIONS.items():
        for as_json in (True, False) if kind in ("html", "attribute") else (True,):
            r = send(stack, session, key, [(f.name, text.encode()) for f in fields], as_json)
            what = f"{kind} ({'JSON' if as_json else 'HTML'})"
            if r.status_code >= 500:
                found.append(f"{what}: {r.status_code}")
            if r.status_code == 400 and not named(r) <= names | {"action"}:
                found.append(f"{what}: names fields not its own: {named(r) - names}")
            if any(m in r.text for m in MARKUP):
                found.append(f"{what}: the markup comes back raw")
    return [f"{key[0]} {key[1]}{' action=' + key[2] if key[2] else ''}: {p}" for p in found]


@pytest.mark.parametrize("program", stack_programs())
def test_every_field_of_every_route_takes_hostile_values(stack, callers, program):
    fields, routes = field_tables(program)
    if fields is None:
        pytest.skip(f"{program} is not built yet")
    problems, asked = [], 0
    for key, route in routes.items():
        if key not in fields:
            continue              # a route without fields takes no value
        # A family's members 2..10 are member 1's fields again.
        own = [f for f in fields[key] if not re.match(r"m([2-9]|10)_", f.name)]
        problems += route_problems(stack, callers, key, own, route)
        asked += 1
    if program in ("declare", "login", "verify", "paper-entry", "admin-accounts"):
        assert asked > 0, f"{program} has routes with fields"
    assert not problems, "\n".join(problems)


def test_the_check_can_fail(stack, callers):
    """A field that let invalid bytes through would be caught: the same
    check against a made-up route table that claims a field the route does
    not have, so nobody names it."""
    key = ("GET", "/declare/units", None)
    fields = [Field("q", "text", "-", 0, 100, "-"), Field("all", "flag", "-", 0, 0, "-")]
    route = ([], True, False)
    assert route_problems(stack, callers, key, fields, route) == []
    liar = fields + [Field("nonexistent", "text", "-", 0, 0, "-")]
    assert route_problems(stack, callers, key, liar, route)
