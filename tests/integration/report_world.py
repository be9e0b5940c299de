"""A day of known figures for the report tests (integration and browser):
places, residents, passages and kiosk scans, F statuses, welfare and
vaccinations in five communes, written straight into MariaDB (the doses
through the importer), and the daily job that turns them into the summary
tables.

    w = World(stack, days_ago=17)        # the day: 17 days before today (+07:00),
                                         # in provinces P, Q = "04", "06"
    w.build()                            # the data below
    out = w.daily()                      # report --daily DAY; its stdout

The units: province P with district D1 (communes A, B) and D2 (commune
C); commune E in another province Q.  The places: checkpoint KA and venue
VA in A, checkpoint KB in B, checkpoint KC in C, venue VE in E.  What
each commune holds is in EXPECTED (figures a commune's own; the tests add
them up for districts, provinces and the country).  The kiosk at KA: look-
ups 30 s, 60 s (the first of two look-ups) and 10 s before three
confirmations in the 10 o'clock hour, one look-up never confirmed and one
15 minutes before a confirmation (too early to be its scan) in the 11
o'clock hour, and a paper entry at 12:30; at KB one look-up 120 s before
its confirmation at 09:00.
"""
import datetime as dt
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import accounts  # noqa: E402

VN = dt.timezone(dt.timedelta(hours=7))
FIGURES = ["in", "out", "visit", "F0", "F1", "F2", "F3", "recovered", "deceased",
           "welfare_registered", "welfare_paid", "welfare_amount", "residents",
           "dose1", "dose2"]
PASSAGES = ["in", "out", "visit"]

# Each commune's own figures that the world makes (residents are counted
# from the registry when the job runs: the demo registry lives there too).
EXPECTED = {
    "A": {"in": 3, "out": 2, "visit": 4, "F0": 1, "welfare_registered": 2, "welfare_paid": 1,
          "welfare_amount": 1000000, "dose1": 2, "dose2": 1},
    "B": {"in": 1, "recovered": 1, "dose1": 1, "dose2": 1},
    "C": {"out": 2, "deceased": 1, "welfare_registered": 1},
    "E": {"visit": 5, "F3": 1},
}

_serial = [secrets.randbelow(300000)]


def today_vn(days=0):
    """Today (+07:00) and days after it."""
    return dt.datetime.now(VN).date() + dt.timedelta(days=days)


def new_id_number():
    """A CCCD of Cao Bằng (004) with a century digit (8) no other test uses."""
    _serial[0] += 1
    return f"004880{_serial[0]:06d}"


class World:
    def __init__(self, stack, days_ago, provinces=("04", "06")):
        self.stack = stack
        self.day = today_vn(-days_ago)
        self.P, self.Q = provinces
        self.units()

    # ----------------------------------------------------------- the units
    def units(self):
        sql = self.stack.sql
        # Two districts of P that have communes.
        d = sql("SELECT d.code FROM admin_units d WHERE d.parent_code=%s AND"
                " (SELECT COUNT(*) FROM admin_units c WHERE c.parent_code=d.code) >= 2"
                " ORDER BY d.code LIMIT 2", self.P)
        self.D1, self.D2 = d[0][0], d[1][0]
        a = sql("SELECT code FROM admin_units WHERE parent_code=%s ORDER BY code LIMIT 2", self.D1)
        self.A, self.B = a[0][0], a[1][0]
        self.C = sql("SELECT code FROM admin_units WHERE parent_code=%s ORDER BY code LIMIT 1",
                     self.D2)[0][0]
        self.E = sql("SELECT code FROM admin_units WHERE province_code=%s AND level='commune'"
                     " ORDER BY code LIMIT 1", self.Q)[0][0]
        self.commune = {"A": self.A, "B": self.B, "C": self.C, "E": self.E}

    def code_of(self, name):
        return {"P": self.P, "Q": self.Q, "D1": self.D1, "D2": self.D2, "": ""}.get(
            name, self.commune.get(name))

    def expected(self, name):
        """The figures of unit name (a commune letter, D1, D2, P, Q or ''
        for the country) over the world's communes; residents as the
        registry has them now."""
        parts = {"A": "A", "B": "B", "C": "C", "E": "E", "D1": "AB", "D2": "C", "P": "ABC",
                 "Q": "E", "": "ABCE"}[name]
        want = dict.fromkeys(FIGURES, 0)
        for c in parts:
            for k, v in EXPECTED.get(c, {}).items():
                want[k] += v
        code = self.code_of(name)
        if name == "":
            want["residents"] = self.count("SELECT COUNT(*) FROM citizens")
        else:
            want["residents"] = self.count(
                "SELECT COUNT(*) FROM citizens z JOIN admin_units u ON u.code = z.perm_commune"
                " WHERE u.code=%s OR u.district_code=%s OR u.province_code=%s", code, code, code)
        return want

    def count(self, query, *params):
        return int(self.stack.sql(query, *params)[0][0])

    # ----------------------------------------------------------- the data
    def at(self, hh, mm, ss=0, days=0):
        d = self.day + dt.timedelta(days=days)
        return f"{d.isoformat()} {hh:02d}:{mm:02d}:{ss:02d}.000"

    def person(self, commune, name):
        idn = new_id_number()
        self.stack.sql("INSERT INTO citizens (id_number, full_name, dob, gender, perm_commune)"
                       " VALUES (%s, %s, '1980-05-17', 'M', %s)", idn, name, commune)
        self.stack.sql(
            "INSERT INTO declarations (id_number, full_name, dob, gender, phone, perm_commune,"
            " perm_address, from_commune, from_address, to_commune, to_address, vaccine_doses,"
            " source, registry, created_at, expires_at) VALUES (%s, %s, '1980-05-17', 'M',"
            " '0912345678', %s, 'Số 1', %s, 'Số 1', %s, 'Số 2', 1, 'web', 'matched', %s,"
            " %s + INTERVAL 72 HOUR)", idn, name, commune, commune, commune,
            self.at(6, 0), self.at(6, 0))
        decl = self.count("SELECT MAX(declaration_id) FROM declarations WHERE id_number=%s", idn)
        return {"id": idn, "name": name, "commune": commune, "decl": decl}

    def place(self, kind, commune, name):
        return accounts.make_place(self.stack, kind, name=name, commune=commune)

    def passage(self, p, place, at, direction):
        self.stack.sql("INSERT INTO passages (declaration_id, id_number, place_id, direction,"
                       " officer, at) VALUES (%s, %s, %s, %s, 'test-rp', %s)",
                       p["decl"], p["id"], place, direction, at)

    def audit(self, action, p, place, at):
        self.stack.sql("INSERT INTO audit_log (at, actor, action, target_kind, target, place_id)"
                       " VALUES (%s, 'test-rp', %s, 'declaration', %s, %s)",
                       at, action, str(p["decl"]), place)

    def status(self, p, status, days, died=False):
        at = self.at(9, 0, days=days)
        self.stack.sql("INSERT INTO f_status (id_number, status, note, died_at, set_by, set_at)"
                       " VALUES (%s, %s, '', %s, 'test-rp', %s)", p["id"], status,
                       at[:19] if died else None, at)

    def build(self):
        s = self.stack
        self.KA = self.place("checkpoint", self.A, "Chốt báo cáo KA")
        self.VA = self.place("venue", self.A, "Siêu thị báo cáo VA")
        self.KB = self.place("checkpoint", self.B, "Chốt báo cáo KB")
        self.KC = self.place("checkpoint", self.C, "Chốt báo cáo KC")
        self.VE = self.place("venue", self.E, "Chợ báo cáo VE")
        a1, a2, a3 = (self.person(self.A, n) for n in ("Nông Văn Một", "Nông Thị Hai", "Nông Văn Ba"))
        b1, b2 = (self.person(self.B, n) for n in ("Hoàng Văn Bốn", "Hoàng Thị Năm"))
        c1 = self.person(self.C, "Lục Văn Sáu")
        e1 = self.person(self.E, "Ma Thị Bảy")
        self.people = {"a1": a1, "a2": a2, "a3": a3, "b1": b1, "b2": b2, "c1": c1, "e1": e1}
        self.kiosk(a1, a2, a3, b1)
        for i, p in enumerate((a1, a2, a3, b1)):
            self.passage(p, self.VA, self.at(15, i), "visit")
        self.passage(c1, self.KC, self.at(16, 0), "out")
        self.passage(c1, self.KC, self.at(16, 30), "out")
        for i in range(5):
            self.passage(e1, self.VE, self.at(17, i), "visit")
        # Something the next day, and the day before: not this day's.
        self.passage(b2, self.KB, self.at(0, 0, days=1), "in")
        self.passage(b2, self.KB, self.at(23, 59, 59, days=-1), "in")
        self.statuses(a1, a2, a3, b1, c1, e1)
        self.welfare(a1, a2, c1)
        return self

    def kiosk(self, a1, a2, a3, b1):
        """KA's day: look-ups and confirmations, a paper entry; KB's one."""
        self.audit("verify", a1, self.KA, self.at(10, 0, 0))
        self.passage(a1, self.KA, self.at(10, 0, 30), "in")          # 30 s
        self.audit("verify", a2, self.KA, self.at(10, 4, 0))
        self.audit("verify", a2, self.KA, self.at(10, 4, 50))
        self.passage(a2, self.KA, self.at(10, 5, 0), "in")           # 60 s from the first
        self.audit("verify", a1, self.KA, self.at(10, 19, 50))
        self.passage(a1, self.KA, self.at(10, 20, 0), "out")         # 10 s
        self.audit("verify", b1, self.KA, self.at(11, 0, 0))         # never confirmed
        self.audit("verify", a3, self.KA, self.at(11, 45, 0))        # 15 min: too early
        self.passage(a3, self.KA, self.at(12, 0, 0), "in")
        self.audit("paper_entry", a2, self.KA, self.at(12, 30, 0))
        self.passage(a2, self.KA, self.at(12, 30, 0), "out")
        self.audit("verify", b1, self.KB, self.at(8, 58, 0))
        self.passage(b1, self.KB, self.at(9, 0, 0), "in")            # 120 s

    def statuses(self, a1, a2, a3, b1, c1, e1):
        self.status(a1, "F0", -2)
        self.status(a2, "F1", -3)
        self.status(a2, "negative", -1)          # newest by the day's end: not counted
        self.status(a3, "F2", 1)                 # after the day
        self.status(b1, "F0", -5)
        self.status(b1, "recovered", -1)
        self.status(c1, "deceased", -1, died=True)
        self.status(e1, "F3", -4)

    def welfare(self, a1, a2, c1):
        s = self.stack
        s.sql("INSERT INTO welfare_programs (name, amount, start_date, end_date, categories,"
              " created_by, created_at) VALUES ('Hỗ trợ báo cáo', 3000000, %s, %s,"
              " 'free_worker', 'test-rp', NOW())", (self.day - dt.timedelta(days=30)).isoformat(),
              (self.day + dt.timedelta(days=30)).isoformat())
        program = self.count("SELECT MAX(program_id) FROM welfare_programs")
        for p in (a1, a2, c1):
            s.sql("INSERT INTO welfare_beneficiaries (program_id, id_number, full_name, commune,"
                  " residence, category, registered_by, registered_at) VALUES (%s, %s, %s, %s,"
                  " 'perm', 'free_worker', 'test-rp', %s)", program, p["id"], p["name"],
                  p["commune"], self.at(8, 0, days=-3))
            p["benef"] = self.count("SELECT MAX(beneficiary_id) FROM welfare_beneficiaries")
        self.pay(program, a1, 1000000, -1)
        self.pay(program, a2, 500000, -2, reversed_days=-1)   # reversed before the day's end
        self.pay(program, c1, 2000000, 1)                     # paid after the day

    def pay(self, program, p, amount, days, reversed_days=None):
        on = (self.day + dt.timedelta(days=days)).isoformat()
        rev = self.at(9, 0, days=reversed_days) if reversed_days is not None else None
        self.stack.sql(
            "INSERT INTO welfare_payments (program_id, id_number, beneficiary_id, commune, amount,"
            " paid_on, paid_by, paid_at, reversed_at, reversed_by, reverse_reason)"
            " VALUES (%s, %s, %s, %s, %s, %s, 'test-rp', %s, %s, %s, %s)", program, p["id"],
            p["benef"], p["commune"], amount, on, on + " 10:00:00", rev,
            "test-rp" if rev else None, "nhầm người" if rev else None)

    def doses_csv(self, bad_line=True):
        """The vaccination file: a1 two doses, a2 one, a3 one after the
        day, b1 two; line 4 (when bad_line) has a dose 7.  Returns its path."""
        p = self.people
        d = lambda n: (self.day + dt.timedelta(days=n)).isoformat()  # noqa: E731
        rows = [f"{p['a1']['id']},1,{d(-30)},AstraZeneca",
                f"{p['a2']['id']},1,{d(-10)},Pfizer"]
        if bad_line:
            rows.append(f"{p['a2']['id']},7,{d(-5)},Pfizer")
        rows += [f"{p['a1']['id']},2,{d(-5)},AstraZeneca",
                 f"{p['a3']['id']},1,{d(1)},Vero Cell",
                 f"{p['b1']['id']},1,{d(-20)},Moderna",
                 f"{p['b1']['id']},2,{d(-1)},Moderna"]
        f = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False)
        f.write("id_number,dose,date,vaccine\n" + "\n".join(rows) + "\n")
        f.close()
        return f.name

    # ------------------------------------------------------------ the tools
    def tool(self, args):
        """A command-line program of ours against the stack: (rc, stdout,
        stderr).  The report program comes from the build under test
        (ASan/UBSan when the tests use it); its sanitizer reports land
        where the session looks for them."""
        env = dict(self.stack.env,
                   ASAN_OPTIONS=f"log_path={self.stack.var}/log/asan:detect_leaks=0",
                   UBSAN_OPTIONS=f"log_path={self.stack.var}/log/ubsan:print_stacktrace=1")
        out = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
        return out.returncode, out.stdout, out.stderr

    def report_bin(self):
        return os.path.join(self.stack.env.get("KD_PROG_BIN", str(self.stack.root / "build" / "bin")),
                            "report")

    def daily(self, day=None):
        rc, out, err = self.tool([self.report_bin(), "--daily", (day or self.day).isoformat()])
        assert rc == 0, out + err
        return out

    def import_doses(self, path):
        return self.tool([str(self.stack.root / "build" / "bin" / "kd-vaccination-import"), path])
