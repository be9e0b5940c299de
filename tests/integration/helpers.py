"""What several integration test files share: registry citizens and their
declarations, signed and tampered codes, audit counting, unique account
names, and the checks every HTML page goes through (tidy, the officer
header).  Accounts and places made as the directory's root: accounts.py.

    from .helpers import JSON, citizen, declare, uid
"""
import base64
import html
import re
import subprocess
import tempfile
import time
from collections import defaultdict, namedtuple
from datetime import datetime, timedelta, timezone
from pathlib import Path

import requests

from . import accounts

JSON = {"Accept": "application/json"}
HTML = {"Accept": "text/html"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
VN = timezone(timedelta(hours=7))
ROOT = Path(__file__).resolve().parents[2]


# ------------------------------------------------------ names and citizens

_n = [0]


def uid(prefix):
    """An account name no other test uses."""
    _n[0] += 1
    return f"{prefix}{_n[0]}x{int(time.time()) % 100000}"


def today_vn(days=0):
    return (datetime.now(VN) + timedelta(days=days)).date().isoformat()


def registry_person(stack, id_number):
    """(id_number, full_name, dob, gender, perm_commune) of a citizen."""
    return stack.sql("SELECT id_number, full_name, DATE_FORMAT(dob, '%Y-%m-%d'), gender,"
                     " perm_commune FROM citizens WHERE id_number = %s", id_number)[0]


def citizen(stack, n=0):
    """The n-th citizen of the registry as the stack started (the citizens
    tests add do not shift it); each test file takes its own range of n."""
    return registry_person(stack, stack.registry_ids[int(n)])


def card_holder(stack, n=0):
    """Like citizen(), among those with a 12-digit CCCD (a chip card)."""
    return registry_person(stack, [i for i in stack.registry_ids if len(i) == 12][int(n)])


def cccd_text(c, full_name=None, address="Số 7 ngõ 3 phố Huế, Hà Nội"):
    """The text of the QR on citizen c's chip ID card (SPEC action=cccd):
    id | old id | name | DDMMYYYY | Nam/Nữ | address | issue date."""
    y, m, d = c[2].split("-")
    return "|".join([c[0], "", full_name or c[1], d + m + y, "Nam" if c[3] == "M" else "Nữ",
                     address, "15082021"])


# ------------------------------------------------------------ declarations

def body(c, **over):
    """The fields of a web declaration of citizen c; a value None removes
    the field."""
    b = dict(id_number=c[0], full_name=c[1], dob=c[2], gender=c[3], phone="0912345678",
             perm_commune=c[4], perm_address="Số 5, ngõ 12 phố Huế",
             from_commune=c[4], from_address="Số 5, ngõ 12 phố Huế",
             to_commune="00004", to_address="Số 1 Hàng Bài", travel_date=today_vn(),
             vehicle="motorbike", plate="29A-123.45", vaccine_doses="2")
    for k, v in over.items():
        if v is None:
            b.pop(k, None)
        else:
            b[k] = v
    return b


def post_declare(stack, data, headers=JSON, **kw):
    """POST /declare as sent; the response, redirects not followed."""
    return requests.post(stack.url + "/declare", data=data, headers=headers,
                         allow_redirects=False, **kw)


def declare(stack, offset=0, **over):
    """A web declaration of a registry citizen; returns the 201 JSON."""
    c = citizen(stack, offset)
    data = dict(id_number=c[0], full_name=c[1], dob=c[2], gender=c[3], phone="0912345678",
                perm_commune=c[4], perm_address="12 Lê Lợi", from_commune=c[4],
                from_address="12 Lê Lợi", to_commune="00001", to_address="1 Phố Huế",
                vaccine_doses="2")
    data.update(over)
    r = requests.post(stack.url + "/declare", data=data, headers=JSON)
    assert r.status_code == 201, r.text
    return r.json()


def passages(stack, decl_id):
    return stack.sql("SELECT passage_id, id_number, place_id, direction, officer FROM passages"
                     " WHERE declaration_id=%s ORDER BY passage_id", decl_id)


def mask_name(name):
    """The name as lib/mask.h shows it: "Nguyễn Văn An" -> "Nguyễn V. A."
    (precomposed names: the test registry's)."""
    words = name.split()
    if len(words) == 1:
        return words[0][0] + "."
    return " ".join([words[0]] + [w[0] + "." for w in words[1:]])


# ------------------------------------------------------------------ tokens

def token_bytes(token):
    return base64.urlsafe_b64decode(token + "==")


def sign(stack, decl_id, expires=None):
    """A validly signed code of decl_id (kd-token-sign), expiring at the
    epoch second expires (default: the tool's own)."""
    args = [str(stack.root / "build" / "bin" / "kd-token-sign"), str(decl_id)]
    if expires is not None:
        args.append(str(int(expires)))
    out = subprocess.run(args, env=stack.env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def flip(token, at):
    """The same token with the character at `at` changed."""
    c = token[at]
    return token[:at] + ("B" if c != "B" else "C") + token[at + 1:]


def zbar(png_bytes):
    """The text of the QR code in a PNG."""
    with tempfile.NamedTemporaryFile(suffix=".png") as f:
        f.write(png_bytes)
        f.flush()
        out = subprocess.run(["zbarimg", "--raw", "-q", f.name], capture_output=True)
    return out.stdout.decode().strip()


# ------------------------------------------------------------------- audit

def audit_count(stack, action="verify"):
    return int(stack.sql("SELECT COUNT(*) FROM audit_log WHERE action=%s", action)[0][0])


def wait_audit_count(stack, expected, action="verify", timeout=10):
    """Look-ups are audited through the verify journal: the loader moves
    the records into audit_log within about a second."""
    deadline = time.time() + timeout
    while True:
        n = audit_count(stack, action)
        if n >= expected or time.time() > deadline:
            return n
        time.sleep(0.1)


def journal_sizes(stack):
    journals = stack.var / "audit" / "verify"
    return {f"verify/{f.name}": f.stat().st_size for f in journals.glob("*.log")}


def audit_mark(stack):
    """What grows when a look-up is audited: the verify journals, written
    before the answer (so an unchanged size right after a request means no
    record was written)."""
    return sum(journal_sizes(stack).values())


def unloaded_lines(stack, name, offset):
    """Whether a journal holds whole records past offset (a torn piece
    without its newline is not one: it waits for the next record)."""
    try:
        with open(stack.var / "audit" / name, "rb") as f:
            f.seek(offset)
            return b"\n" in f.read()
    except FileNotFoundError:
        return False


def settled_audit_count(stack, action="verify", timeout=10):
    """audit_log's count once the loader has loaded every journal record
    written so far (earlier tests' look-ups must not land in the middle of
    this test's count)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        loaded = dict((f, int(b)) for f, b in stack.sql(
            "SELECT file, loaded_bytes FROM audit_journal WHERE file LIKE 'verify/%'"))
        if all(not unloaded_lines(stack, f, loaded.get(f, 0)) for f in journal_sizes(stack)):
            return audit_count(stack, action)
        time.sleep(0.1)
    raise AssertionError("the audit loader did not catch up")


def workers(stack, program):
    """The pids of a program's workers (children of its supervisor, not
    the journal loader)."""
    parent = (stack.var / "run" / f"{program}.pid").read_text().strip()
    out = subprocess.run(["pgrep", "-P", parent], capture_output=True, text=True).stdout
    pids = [int(p) for p in out.split()]
    return [p for p in pids
            if Path(f"/proc/{p}/comm").read_text().strip() != "audit-loader"]


def verify_workers(stack):
    """The pids of the verify workers."""
    return workers(stack, "verify")


# ------------------------------------------------------------------- pages

# What tidy 5.6 (Debian 12) says of today's HTML that is not a fault, so a
# page may carry it:
#  - attributes of the HTML standard it does not know ("proprietary"):
#    inputmode, autocapitalize, enterkeyhint, autocomplete on a textarea,
#    muted and playsinline on a video; ARIA 1.1's aria-current on a link;
#  - a <div> grouping a <dt> and its <dd> inside a <dl> (allowed since
#    2017): it reports a missing <dd>, a missing </div> before <dt>, an
#    implicit <dl> and a missing </dl> before </div>;
#  - empty elements that a script or a later row fills (tidy is run with
#    --drop-empty-elements no, so it does not report them).
# Every other warning (misnested or unclosed elements, duplicate ids, an
# image without alt, a stray "&", an unknown element or attribute, ...)
# and every error fails the page.
TIDY = ["tidy", "-q", "-e", "--drop-empty-elements", "no"]
TIDY_TOLERATED = re.compile(
    r'Warning: <(input|textarea|video)> proprietary attribute '
    r'"(inputmode|autocapitalize|enterkeyhint|autocomplete|muted|playsinline)"$'
    r'|Warning: <a> proprietary attribute "aria-current"$'
    r'|Warning: missing <dd>$'
    r'|Warning: missing </div> before <dt>$'
    r'|Warning: inserting implicit <dl>$'
    r'|Warning: missing </dl> before </div>$')


def tidy_problems(html):
    """tidy's messages on an HTML page that matter (see TIDY_TOLERATED),
    one string each; [] for a clean page."""
    data = html.encode() if isinstance(html, str) else html
    out = subprocess.run(TIDY, input=data, capture_output=True, timeout=30)
    if out.returncode not in (0, 1, 2):
        raise AssertionError(f"tidy failed: {out.stderr!r}")
    lines = out.stderr.decode("utf-8", "replace").splitlines()
    return [line for line in lines if line.strip() and not TIDY_TOLERATED.search(line)]


def curl(stack, path, accept="text/html", interface=None, data=None):
    """One request with curl (requests cannot choose the source address):
    (status, content type, body text)."""
    cmd = ["curl", "-s", "-o", "-", "-w", "\n%{http_code} %{content_type}",
           "-H", f"Accept: {accept}"]
    if interface:
        cmd += ["--interface", interface]
    if data is not None:
        cmd += ["--data-binary", "@-"]
    out = subprocess.run(cmd + [stack.url + path], input=data, capture_output=True)
    text, _, tail = out.stdout.decode("utf-8", "replace").rpartition("\n")
    status, _, ctype = tail.partition(" ")
    return int(status), ctype, text


def stack_cmd(stack, action):
    """scripts/stack start|stop|status on the test stack."""
    return subprocess.run([str(stack.root / "scripts" / "stack"), action], env=stack.env,
                          capture_output=True, text=True)


def wait_until(predicate, seconds=30):
    """Whether predicate() came true within seconds (asked every 0.2 s)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def stack_programs():
    """The programs scripts/stack knows, in its order (it runs those built)."""
    text = (ROOT / "scripts" / "stack").read_text()
    return re.search(r"^PROGRAMS=\(([^)]*)\)", text, re.M).group(1).split()


# One field of a route as `<program> --fields` prints it (lib/serve.h).
Field = namedtuple("Field", "name type flag min max choices")


def field_tables(program):
    """{(method, path, action): [Field]} of a built program, and its routes'
    roles and place flags {(method, path, action): (roles, public, place)};
    (None, None) when the program is not built."""
    binary = ROOT / "build" / "bin" / program
    if not binary.exists():
        return None, None
    routes = {}
    for line in subprocess.run([str(binary), "--routes"], capture_output=True, text=True,
                               check=True).stdout.splitlines():
        method, path, action, roles, anon, place = line.split("\t")
        routes[(method, path, None if action == "-" else action)] = (
            [] if roles == "-" else roles.split(","), anon == "public", place == "place")
    fields = defaultdict(list)
    for line in subprocess.run([str(binary), "--fields"], capture_output=True, text=True,
                               check=True).stdout.splitlines():
        method, path, action, name, type_, flag, lo, hi, choices = line.split("\t")
        fields[(method, path, None if action == "-" else action)].append(
            Field(name, type_, flag, int(lo), int(hi), choices))
    return fields, routes


# ----------------------------------------------------------------- people

# Each role as people read it and the page it starts on after logging in
# (lib/role.c).
ROLES = {
    "admin": ("Quản trị viên", "/admin-accounts"),
    "police": ("Công an xã/phường", "/f-status"),
    "officer": ("Cán bộ chốt kiểm soát", "/verify"),
    "venue": ("Nhân viên điểm quét", "/verify"),
}


class Person:
    """A logged-in account of one role: .session (JSON, .csrf and the
    X-CSRF-Token header set), and what its page header must show."""

    def __init__(self, stack, role, uid, password, unit_name, place_name=None):
        self.stack, self.role, self.uid, self.password = stack, role, uid, password
        self.unit_name, self.place_name = unit_name, place_name
        self.session = (stack.admin() if uid == "admin" else
                        stack.login(uid, password))

    def log_in_again(self):
        """A new session of the same account.  The old one lives on, but
        for an administrator, whose new login ends its other sessions:
        then the new one becomes the person's own."""
        if self.role == "admin" and self.uid == "admin":
            self.session = self.stack.admin(fresh=True)
            return self.session
        s = self.stack.login(self.uid, self.password)
        if self.role == "admin":
            self.session = s
        return s

    def session_again(self):
        """The person's own session, made anew if an administrator's was
        ended (a logout, a newer login)."""
        if self.session.get(self.stack.url + "/login").status_code != 200:
            self.session = (self.stack.admin() if self.uid == "admin" else
                            self.stack.login(self.uid, self.password))
        return self.session

    @classmethod
    def national_admin(cls, stack):
        return cls(stack, "admin", "admin", stack.admin_password, "Toàn quốc")

    @classmethod
    def made(cls, stack, role, place_kind=None, place_name=None):
        """A new account of role in a commune, at a new place of place_kind."""
        place_id = None
        if place_kind is not None:
            place_id = accounts.make_place(stack, place_kind, name=place_name)
        name = uid(role)
        password = accounts.make_account(stack, name, role, place_id=place_id)
        commune = accounts.a_commune(stack)
        unit = stack.sql("SELECT name FROM admin_units WHERE code=%s", commune)[0][0]
        return cls(stack, role, name, password, unit, place_name)


def people(stack, tag):
    """One person of each role: the national administrator, a commune's
    police, an officer at a checkpoint and a venue's staff at the venue
    (places named after tag)."""
    return {
        "admin": Person.national_admin(stack),
        "police": Person.made(stack, "police"),
        "officer": Person.made(stack, "officer", "checkpoint", f"Chốt {tag}"),
        "venue": Person.made(stack, "venue", "venue", f"Điểm quét {tag}"),
    }


def header_of(page):
    """The page's top header (templates/layout.cs), or None."""
    m = re.search(r'<header class="top">(.*?)</header>', page, re.S)
    return m.group(1) if m else None


def header_problems(page, person, session=None):
    """What the officer header of page lacks for person: its uid, role,
    unit and place by name, and a logout button with the token of session
    (person.session by default)."""
    head = header_of(page)
    if head is None:
        return ["no header"]
    label = ROLES[person.role][0]
    want = {
        "uid": f'<span class="who-name">{html.escape(person.uid)}</span>',
        "role": f'<span class="who-role">{html.escape(label)}</span>',
        "unit": html.escape(person.unit_name),
        "logout": 'action="/logout"',
        "csrf": f'name="csrf" value="{(session or person.session).csrf}"',
        "button": "Đăng xuất</button>",
    }
    if person.place_name:
        want["place"] = f'<span class="who-place">{html.escape(person.place_name)}</span>'
    missing = [what for what, text in want.items() if text not in head]
    if not person.place_name and "who-place" in head:
        missing.append("a place it does not have")
    return [f"header: {what}" for what in missing]
