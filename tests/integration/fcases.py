"""Case-work data for the f-status tests (integration and browser): people
in chosen communes, their declarations, and passages at chosen times,
written straight into MariaDB so that a trace can be checked to the
second.

    w = World(stack)
    p = w.person("16279", "Nguyễn Văn An")            # registry + a declaration
    w.passage(p, place_id, w.at(10, 0), "visit")        # yesterday 10:00 +07:00
    s = w.police("16279")                               # a police session there

Times are +07:00 wall clock (the database's), on the day before today so
that the trace's default range (the last 14 days) covers them.
"""
import datetime as dt
import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import accounts  # noqa: E402

VN = dt.timezone(dt.timedelta(hours=7))
_serial = [secrets.randbelow(400000)]


def new_id_number():
    """A CCCD of Thanh Hóa (038) with a century digit (9) the demo registry
    never uses, so it cannot collide with a demo citizen."""
    _serial[0] += 1
    return "0389" + "90" + f"{_serial[0]:06d}"


class World:
    def __init__(self, stack):
        self.stack = stack
        self.day = dt.datetime.now(VN).date() - dt.timedelta(days=1)
        self._uid = [0]

    def at(self, hour, minute, second=0, ms=0, day=0):
        """'YYYY-MM-DD HH:MM:SS.fff' on the test day (+day days)."""
        d = self.day + dt.timedelta(days=day)
        return f"{d.isoformat()} {hour:02d}:{minute:02d}:{second:02d}.{ms:03d}"

    def iso(self, db_time):
        return db_time.replace(" ", "T") + "+07:00"

    def person(self, commune, name, dob="1985-04-12", phone=None, registry=True,
               temp_commune=None):
        """A citizen living in commune (in the registry unless registry is
        False) with one declaration of today; returns a dict."""
        idn = new_id_number()
        phone = phone or ("09" + idn[-8:])
        if registry:
            self.stack.sql("INSERT INTO citizens (id_number, full_name, dob, gender, perm_commune)"
                           " VALUES (%s, %s, %s, 'M', %s)", idn, name, dob, commune)
        self.stack.sql(
            "INSERT INTO declarations (id_number, full_name, dob, gender, phone, perm_commune,"
            " perm_address, temp_commune, temp_address, from_commune, from_address, to_commune,"
            " to_address, source, registry, created_at, expires_at) VALUES"
            " (%s, %s, %s, 'M', %s, %s, 'Số 1', %s, %s, %s, 'Số 1', %s, 'Số 2', 'web',"
            " 'matched', NOW(), NOW() + INTERVAL 72 HOUR)",
            idn, name, dob, phone, commune, temp_commune,
            "Số 3" if temp_commune else None, commune, commune)
        decl = int(self.stack.sql("SELECT MAX(declaration_id) FROM declarations"
                                  " WHERE id_number=%s", idn)[0][0])
        return {"id": idn, "name": name, "dob": dob, "phone": phone, "commune": commune,
                "decl": decl}

    def passage(self, p, place_id, at, direction="visit"):
        self.stack.sql("INSERT INTO passages (declaration_id, id_number, place_id, direction,"
                       " officer, at) VALUES (%s, %s, %s, %s, 'test', %s)",
                       p["decl"], p["id"], place_id, direction, at)

    def place(self, kind, name, commune):
        return accounts.make_place(self.stack, kind, name=name, commune=commune)

    def police(self, unit, role="police"):
        self._uid[0] += 1
        uid = f"ca{unit or 'vn'}-{self._uid[0]}-{secrets.token_hex(2)}"
        return accounts.session_for(self.stack, uid, role, unit=unit or None)


def another_district_commune(stack, commune):
    """A commune of another district of another province than commune's."""
    return stack.sql("SELECT c.code FROM admin_units c JOIN admin_units m ON m.code=%s"
                     " WHERE c.level='commune' AND c.province_code <> m.province_code"
                     " ORDER BY c.code LIMIT 1", commune)[0][0]


def district_of(stack, commune):
    return stack.sql("SELECT district_code FROM admin_units WHERE code=%s", commune)[0][0]
