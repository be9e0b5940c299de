"""No personal data in any log line (issue 18, part 10): every file the
stack writes as a log, searched for the ID numbers, names and phone
numbers of every citizen the stack knows.

The logs (all under the stack's VAR):

  log/     nginx's access and error logs, each FastCGI program's log (its
           stderr: kd_log lines, the supervisor's), slapd's (-d stats:
           every bind and search filter), MariaDB's error log, the demo
           registry's import log, sanitizer reports if any;
  audit/   the kiosk's audit journal (verify's records waiting for
           audit_log, lib/journal.h).  It is no diagnostic log, but a file
           of lines on disk that outlives the request, so the same rule
           holds: targets are references (kd_citizen_ref), never an ID
           number or a name.

Not logs, so not searched: the database's own files (its tables, redo
log and any binary log hold the data by design: docs/SECURITY.md, "a
stolen database dump"), nginx's temporary request bodies (deleted after
the request).

What counts as found, after undoing the escapes a log line may carry
(nginx's \\xHH for bytes outside ASCII, URL %HH):
  - an ID number: a run of exactly 9 or 12 digits that is one;
  - a phone: a run of 10 digits (or 84 and 9 digits) that is one;
  - a name of two words or more: its words in a row, compared without
    case and tone marks ("Nguyễn Văn An" is found as "nguyen van an").

    people = people_of(stack)                 # needs the database
    findings = scan(people, log_dirs(stack))  # [] when the logs are clean
"""
import re
import unicodedata
from pathlib import Path

NGINX_ESCAPE = re.compile(rb"\\x([0-9A-Fa-f]{2})")
URL_ESCAPE = re.compile(rb"%([0-9A-Fa-f]{2})")
DIGITS = re.compile(r"\d+")
WORDS = re.compile(r"[^\W\d_]+")


def _fold_table():
    """str.translate table: Vietnamese letters to their base letter."""
    table = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0xC0, 0x1EFF + 1):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = base
    return table


FOLD = _fold_table()


def fold(text):
    """Lower case, without tone marks or other diacritics."""
    return unicodedata.normalize("NFC", text).translate(FOLD).lower()


class People:
    """What identifies the citizens: ID numbers, phones, and names as
    tuples of folded words (indexed by their first word)."""

    def __init__(self, ids=(), names=(), phones=()):
        self.ids = {i for i in ids if i and i.isdigit() and len(i) in (9, 12)}
        self.phones = {p for p in phones if p and p.isdigit() and len(p) == 10}
        self.names = set()
        self.lengths = {}
        for name in names:
            words = tuple(WORDS.findall(fold(name or "")))
            if len(words) >= 2:
                self.names.add(words)
                self.lengths.setdefault(words[0], set()).add(len(words))

    def __len__(self):
        return len(self.ids) + len(self.names) + len(self.phones)


def people_of(stack):
    """Every citizen the stack knows: the registry, the declarations, the
    F0 tasks and the welfare registrations."""
    ids = [r[0] for r in stack.sql(
        "SELECT id_number FROM citizens UNION SELECT id_number FROM declarations"
        " UNION SELECT id_number FROM f_tasks UNION SELECT id_number FROM welfare_beneficiaries")]
    names = [r[0] for r in stack.sql(
        "SELECT full_name FROM citizens UNION SELECT full_name FROM declarations"
        " UNION SELECT full_name FROM f_tasks UNION SELECT full_name FROM welfare_beneficiaries")]
    phones = [r[0] for r in stack.sql("SELECT DISTINCT phone FROM declarations"
                                      " WHERE phone IS NOT NULL")]
    return People(ids, names, phones)


def log_dirs(stack):
    return [stack.var / "log", stack.var / "audit"]


def readable(raw):
    """A log line's bytes as text, nginx's and URL escapes undone."""
    raw = NGINX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
    raw = URL_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
    return raw.decode("utf-8", "replace").replace("+", " ")


def line_findings(people, line):
    """What of people the line holds: a list of (kind, value)."""
    found = []
    for run in DIGITS.findall(line):
        if run in people.ids:
            found.append(("ID number", run))
        phone = "0" + run[2:] if len(run) == 11 and run.startswith("84") else run
        if phone in people.phones:
            found.append(("phone", phone))
    words = WORDS.findall(fold(line))
    for i, word in enumerate(words):
        for n in people.lengths.get(word, ()):
            if tuple(words[i:i + n]) in people.names:
                found.append(("name", " ".join(words[i:i + n])))
    return found


def masked(value):
    """Enough of a value to find it again, not enough to leak it."""
    return value[:3] + "…" if len(value) > 3 else "…"


def scan(people, dirs):
    """Every finding as "file:line: kind 'masked value'"; [] when none."""
    findings = []
    for top in dirs:
        for path in sorted(p for p in Path(top).rglob("*") if p.is_file()):
            with open(path, "rb") as f:
                for number, raw in enumerate(f, 1):
                    for kind, value in sorted(set(line_findings(people, readable(raw)))):
                        findings.append(f"{path.relative_to(top.parent)}:{number}: "
                                        f"{kind} '{masked(value)}'")
    return findings
