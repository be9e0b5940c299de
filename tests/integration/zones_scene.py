"""The scene of the zone tests (integration and browser): communes no
other test uses, a level-4 commune L with a checkpoint, its officer and
police, levels set through POST /zones by the national administrator and
lifted again by lift() (level 0), so that no other test meets them.

    s = Scene(stack)         # L at level 4, L's district at 3
    s.declare(s.person(s.F, "Trần Văn Khách"))       # a web declaration to L
    s.lift()

    L   a commune at level 4 (lockdown), checkpoint C, officer, police
    L2  a commune of L's district, which inherits the district's level 3
    Y   an origin whose level the tests change
    F   a commune without any level (a plain origin)
    E   a commune of another province
"""
import sys
from datetime import datetime
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import accounts  # noqa: E402
import fcases  # noqa: E402

JSON = {"Accept": "application/json"}


def communes_of(stack, province, n):
    return [r[0] for r in stack.sql(
        "SELECT code FROM admin_units WHERE level='commune' AND province_code=%s"
        " ORDER BY district_code, code LIMIT " + str(int(n)), province)]


def district_of(stack, code):
    return stack.sql("SELECT district_code FROM admin_units WHERE code=%s", code)[0][0]


def now_vn():
    """The wall clock of +07:00, the zone of a time typed without one."""
    return datetime.now(fcases.VN).replace(tzinfo=None)


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S")


class Scene:
    def __init__(self, stack):
        self.stack = stack
        self.world = fcases.World(stack)
        provinces = [r[0] for r in stack.sql(
            "SELECT code FROM admin_units WHERE level='province' ORDER BY code DESC LIMIT 4")]
        self.L, self.L2 = communes_of(stack, provinces[0], 2)
        assert district_of(stack, self.L) == district_of(stack, self.L2)
        self.district = district_of(stack, self.L)
        self.Y = communes_of(stack, provinces[1], 1)[0]
        self.F = communes_of(stack, provinces[2], 1)[0]
        self.E = communes_of(stack, provinces[3], 1)[0]
        self.admin = stack.admin()
        self.set_units = set()
        assert self.level(self.L, 4).status_code == 201
        assert self.level(self.district, 3).status_code == 201
        self.C = accounts.make_place(stack, "checkpoint", name="Chốt vùng đỏ thử", commune=self.L)
        self.officer = accounts.officer_session(stack, fcases.new_id_number()[-8:] + "oz",
                                                self.C)
        self.police = self.world.police(self.L)

    def lift(self):
        """Every level set here lifted: the units take their parents' again."""
        for unit in sorted(self.set_units):
            self.level(unit, 0)

    def level(self, unit, level, since=None, session=None):
        data = {"unit": unit, "level": str(level)}
        if since is not None:
            data["since"] = iso(since)
        r = (session or self.admin).post(self.stack.url + "/zones", data=data)
        if r.status_code == 201:
            self.set_units.add(unit)
        return r

    def person(self, commune, name):
        return self.world.person(commune, name)

    def declare(self, p, **over):
        """A web declaration of registry person p (the JSON answer)."""
        data = dict(id_number=p["id"], full_name=p["name"], dob=p["dob"], gender="M",
                    phone=p["phone"], perm_commune=p["commune"], perm_address="Số 1",
                    from_commune=self.F, from_address="Số 2", to_commune=self.L,
                    to_address="Số 3", vaccine_doses="2")
        data.update(over)
        r = requests.post(self.stack.url + "/declare", data=data, headers=JSON)
        assert r.status_code == 201, r.text
        return r.json()
