"""Directory tests: our own slapd, real ldapadd/ldapmodify/ldapsearch/ldappasswd.

Run:  /usr/bin/python3 -m pytest tests/ldap -q

A module fixture builds a fresh directory with scripts/ldap-setup under a
short /tmp path, starts slapd with scripts/ldap-start on a free port, and
stops it at the end. A second fixture builds the delegation chain the other
tests use: national admin -> admin of province 38 -> admin of district 380
-> police and officers of a commune of 380; plus an admin of province 01.
Every check is a real LDAP operation; slapd's result code is what is tested.
"""

import base64
import csv
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUFFIX = "dc=kiemdich,dc=vn"
UNITS = "ou=units," + SUFFIX
NATIONAL = "uid=admin," + UNITS
APP = "cn=app," + SUFFIX
ROOTDN = "cn=root," + SUFFIX
DISABLED = "000001010000Z"

ENV = dict(os.environ, LDAPNOINIT="1")   # ignore /etc/ldap/ldap.conf, ~/.ldaprc


def units_table():
    with open(ROOT / "data" / "admin_units.csv", encoding="utf-8") as f:
        return {(r["level"], r["code"]): r for r in csv.DictReader(f)}


UNITS_CSV = units_table()


def unit_dn(level, code):
    """DN of a unit, built from parent_code like ldap-setup does."""
    row = UNITS_CSV[(level, code)]
    if level == "province":
        return f"ou={code},{UNITS}"
    up = "province" if level == "district" else "district"
    return f"ou={code},{unit_dn(up, row['parent_code'])}"


def communes_of(district):
    return sorted(c for (lv, c), r in UNITS_CSV.items()
                  if lv == "commune" and r["parent_code"] == district)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parse_ldif(text):
    """ldapsearch -LLL -o ldif-wrap=no output -> {dn: {attr: [values]}}."""
    entries, cur = {}, None
    for line in text.splitlines():
        if not line:
            cur = None
            continue
        name, sep, value = line.partition(":")
        if not sep:
            continue
        if value.startswith(":"):
            value = base64.b64decode(value[1:].strip()).decode("utf-8", "replace")
        else:
            value = value.strip()
        if name == "dn":
            cur = entries.setdefault(value, {})
        elif cur is not None:
            cur.setdefault(name, []).append(value)
    return entries


def ldif_entry(dn, attrs):
    lines = [f"dn: {dn}"]
    for name, values in attrs.items():
        for v in values if isinstance(values, list) else [values]:
            v = str(v)
            if v.isascii() and not v.startswith((" ", ":", "<")):
                lines.append(f"{name}: {v}")
            else:
                lines.append(f"{name}:: " + base64.b64encode(v.encode()).decode())
    return "\n".join(lines) + "\n"


class Dir:
    """Thin wrappers around the OpenLDAP command line tools."""

    def __init__(self, url, ldap_dir):
        self.url = url
        self.ldap_dir = ldap_dir
        self.app_pw = (ldap_dir / "app-password").read_text()
        self.root_pw = (ldap_dir / "root-password").read_text()

    def _run(self, tool, who, args, stdin=None):
        cmd = [tool, "-x", "-H", self.url]
        if who is not None:
            cmd += ["-D", who[0], "-w", who[1]]
        p = subprocess.run(cmd + list(args), input=stdin, capture_output=True,
                           text=True, env=ENV, timeout=20)
        return p.returncode, p.stdout + p.stderr

    @property
    def app(self):
        return (APP, self.app_pw)

    @property
    def root(self):
        return (ROOTDN, self.root_pw)

    def search(self, who, base, filt="(objectClass=*)", attrs=(), scope="sub",
               extra=()):
        rc, out = self._run("ldapsearch", who,
                            ["-LLL", "-o", "ldif-wrap=no", *extra, "-s", scope,
                             "-b", base, filt, *attrs])
        return rc, parse_ldif(out) if rc == 0 else {}, out

    def add(self, who, dn, attrs, extra=()):
        return self._run("ldapadd", who, list(extra), ldif_entry(dn, attrs))

    def modify(self, who, dn, body, extra=()):
        return self._run("ldapmodify", who, list(extra),
                         f"dn: {dn}\nchangetype: modify\n{body}\n")

    def delete(self, who, dn, extra=()):
        return self._run("ldapdelete", who, [*extra, dn])

    def modrdn(self, who, dn, newrdn, newsup):
        return self._run("ldapmodrdn", who, ["-s", newsup, dn, newrdn])

    def passwd(self, who, dn, new, old=None, extra=()):
        args = [*extra, "-s", new] + (["-a", old] if old is not None else [])
        return self._run("ldappasswd", who, [*args, dn])

    def compare(self, who, dn, ava):
        return self._run("ldapcompare", who, [dn, ava])

    def whoami(self, dn, pw, ppolicy=False):
        return self._run("ldapwhoami", (dn, pw), ["-e", "ppolicy"] if ppolicy else [])

    def account(self, who, uid, parent, role, name, place=None, extra=()):
        """Create an account the way admin-accounts does: add, then set the
        password with the password-modify operation (server-side hash).
        Returns (dn, one-time password, rcs)."""
        dn = f"uid={uid},{parent}"
        attrs = {"objectClass": ["inetOrgPerson", "kdAccount"], "uid": uid,
                 "cn": name, "sn": name.split()[-1], "kdRole": role}
        if place is not None:
            attrs["kdPlaceId"] = place
        rc_add, out_add = self.add(who, dn, attrs, extra)
        pw = "Init-" + secrets.token_urlsafe(12)
        rc_pw, out_pw = self.passwd(who, dn, pw, extra=extra)
        return dn, pw, (rc_add, rc_pw, out_add + out_pw)

    def activate(self, dn, pw):
        """The user's first login: change the one-time password."""
        new = "Own-" + secrets.token_urlsafe(12)
        rc, out = self.passwd((dn, pw), dn, new, old=pw)
        assert rc == 0, out
        return new

    def attrs_as_app(self, dn, *names):
        rc, entries, out = self.search(self.app, dn, attrs=names, scope="base")
        assert rc == 0, out
        return entries[dn]


@pytest.fixture(scope="module")
def d():
    tmp = Path(tempfile.mkdtemp(prefix="kdl", dir="/tmp"))
    ldap_dir = tmp / "ldap"
    pwfile = tmp / "admin-password"
    admin_pw = "Nat-" + secrets.token_urlsafe(12)
    pwfile.write_text(admin_pw + "\n")
    url = f"ldap://127.0.0.1:{free_port()}"
    pidfile = tmp / "slapd.pid"
    pid = None
    try:
        p = subprocess.run([ROOT / "scripts/ldap-setup", ldap_dir, url, pwfile],
                           capture_output=True, text=True, env=ENV, timeout=60)
        assert p.returncode == 0, p.stderr
        assert len(p.stdout.splitlines()) == 1 and p.stderr == "", p.stdout + p.stderr
        p = subprocess.run([ROOT / "scripts/ldap-start", ldap_dir, url, pidfile,
                            tmp / "slapd.log"],
                           capture_output=True, text=True, env=ENV, timeout=30)
        assert p.returncode == 0, p.stdout + p.stderr
        pid = int(pidfile.read_text())
        dd = Dir(url, ldap_dir)
        dd.tmp, dd.pwfile, dd.admin_pw = tmp, pwfile, admin_pw
        yield dd
    finally:
        if pid is None and pidfile.exists():
            pid = int(pidfile.read_text())
        if pid is not None:
            try:
                os.kill(pid, signal.SIGTERM)
                for _ in range(100):
                    os.kill(pid, 0)
                    time.sleep(0.05)
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        shutil.rmtree(tmp, ignore_errors=True)


P38 = unit_dn("province", "38")
D380 = unit_dn("district", "380")
D381 = unit_dn("district", "381")
C1, C2 = communes_of("380")[:2]
COMMUNE = unit_dn("commune", C1)
COMMUNE2 = unit_dn("commune", C2)
P01 = unit_dn("province", "01")


@pytest.fixture(scope="module")
def tree(d):
    """The delegation chain; each step's result codes are kept for the test
    that asserts them, and the fixture fails loudly if a step failed."""
    t = {"steps": {}}
    nat = (NATIONAL, d.admin_pw)

    def make(key, creator, uid, parent, role, name, place=None, activate=True):
        dn, pw, (rc_add, rc_pw, out) = d.account(creator, uid, parent, role, name, place)
        t["steps"][key] = (rc_add, rc_pw, out)
        assert (rc_add, rc_pw) == (0, 0), f"{key}: {out}"
        if activate:
            pw = d.activate(dn, pw)
        t[key] = (dn, pw)
        return t[key]

    make("p38", nat, "tinh38", P38, "admin", "Lê Văn Tỉnh")
    make("d380", t["p38"], "huyen380", D380, "admin", "Trần Thị Huyện")
    make("police", t["d380"], "congan1", COMMUNE, "police", "Phạm Công An")
    make("off1", t["d380"], "canbo1", COMMUNE, "officer", "Vũ Cán Bộ", place=17)
    make("off2", t["d380"], "canbo2", COMMUNE, "officer", "Đỗ Cán Bộ Hai", place=18)
    make("p01", nat, "tinh01", P01, "admin", "Nguyễn Thủ Đô")
    make("c1", t["d380"], "xa1", COMMUNE, "admin", "Hoàng Văn Xã")
    make("venue", t["c1"], "benhvien1", COMMUNE, "venue", "Bệnh Viện Một", place=30)
    return t


# --- the tree ---------------------------------------------------------------------

def test_app_counts_units_by_level(d):
    for level, n in (("province", 63), ("district", 705), ("commune", 10599)):
        rc, entries, out = d.search(d.app, UNITS, f"(kdUnitLevel={level})", ["1.1"])
        assert rc == 0, out
        assert len(entries) == n, level
    rc, entries, out = d.search(d.app, UNITS, "(|(kdUnitCode=38)(kdUnitCode=01))",
                                ["description", "kdUnitLevel"], scope="one")
    assert entries[P38]["description"] == ["Tỉnh Thanh Hóa"]
    assert entries[P01]["description"] == ["Thành phố Hà Nội"]   # not "Trung ương"
    assert UNITS_CSV[("district", "380")]["parent_code"] == "38"


def test_delegation_chain_succeeds(d, tree):
    for key in ("p38", "d380", "police", "off1", "off2", "p01", "c1", "venue"):
        rc_add, rc_pw, out = tree["steps"][key]
        assert (rc_add, rc_pw) == (0, 0), f"{key}: {out}"
    off1 = d.attrs_as_app(tree["off1"][0], "kdRole", "kdPlaceId", "cn")
    assert off1 == {"kdRole": ["officer"], "kdPlaceId": ["17"], "cn": ["Vũ Cán Bộ"]}
    # The unit of an account is where it lives; the creator is recorded.
    rc, e, out = d.search(d.root, tree["police"][0], attrs=["creatorsName"], scope="base")
    assert e[tree["police"][0]]["creatorsName"] == [tree["d380"][0]]
    # Every account can bind with the password it chose.
    for key in ("p38", "d380", "police", "off1", "off2", "p01"):
        rc, out = d.whoami(*tree[key])
        assert rc == 0 and f"dn:{tree[key][0]}" in out


def test_national_admin_reaches_every_level(d, tree):
    nat = (NATIONAL, d.admin_pw)
    rc, out = d.modify(nat, tree["off1"][0], "replace: telephoneNumber\ntelephoneNumber: 0912345678")
    assert rc == 0, out
    rc, out = d.modify(tree["p38"], tree["off1"][0], "replace: kdPlaceId\nkdPlaceId: 19")
    assert rc == 0, out
    assert d.attrs_as_app(tree["off1"][0], "kdPlaceId") == {"kdPlaceId": ["19"]}


# --- delegation limits -------------------------------------------------------------------

def test_other_province_admin_is_refused(d, tree):
    p01 = tree["p01"]
    rc, out = d.add(p01, f"uid=x01,{COMMUNE}", {"objectClass": ["inetOrgPerson", "kdAccount"],
                                               "uid": "x01", "cn": "X", "sn": "X",
                                               "kdRole": "officer"})
    assert rc == 50, out
    rc, out = d.modify(p01, tree["off1"][0], "replace: cn\ncn: Hacked")
    assert rc == 50, out
    rc, out = d.modify(p01, tree["off1"][0], f"replace: pwdAccountLockedTime\npwdAccountLockedTime: {DISABLED}")
    assert rc == 50, out
    rc, out = d.delete(p01, tree["off2"][0])
    assert rc == 50, out
    rc, out = d.passwd(p01, tree["off1"][0], "Whatever-pass-123")
    assert rc != 0 and "(50)" in out, out
    rc, out = d.whoami(*tree["off1"])
    assert rc == 0, "off1's password must be unchanged"


def test_district_admin_stays_in_its_district(d, tree):
    d380 = tree["d380"]
    acct = {"objectClass": ["inetOrgPerson", "kdAccount"], "uid": "x", "cn": "X Y",
            "sn": "Y", "kdRole": "officer"}
    for parent in (P38, D381, unit_dn("commune", communes_of("381")[0]), P01, UNITS):
        rc, out = d.add(d380, f"uid=x,{parent}", acct)
        assert rc == 50, f"{parent}: {out}"
    rc, out = d.modify(d380, tree["p38"][0], "replace: cn\ncn: Hacked")
    assert rc == 50, out
    # Unit entries are read-only, its own unit included.
    for unit in (D380, COMMUNE, P38):
        rc, out = d.modify(d380, unit, "replace: description\ndescription: x")
        assert rc == 50, f"{unit}: {out}"
    # No new units, no moving an account above its own unit.
    rc, out = d.add(d380, f"ou=99999,{COMMUNE}",
                    {"objectClass": ["organizationalUnit", "kdUnit"], "ou": "99999",
                     "kdUnitCode": "99999", "kdUnitLevel": "commune"})
    assert rc == 50, out
    rc, out = d.modrdn(d380, tree["police"][0], "uid=congan1", P38)
    assert rc == 50, out
    # ...but inside the district, moving between communes works.
    rc, out = d.modrdn(d380, tree["police"][0], "uid=congan1", COMMUNE2)
    assert rc == 0, out
    rc, out = d.modrdn(d380, f"uid=congan1,{COMMUNE2}", "uid=congan1", COMMUNE)
    assert rc == 0, out


def test_commune_admin_stays_in_its_commune(d, tree):
    c1 = tree["c1"]
    acct = {"objectClass": ["inetOrgPerson", "kdAccount"], "uid": "z", "cn": "Z Z",
            "sn": "Z", "kdRole": "police"}
    for parent in (COMMUNE2, D380, P38):
        rc, out = d.add(c1, f"uid=z,{parent}", acct)
        assert rc == 50, f"{parent}: {out}"
    rc, out = d.modify(c1, tree["d380"][0], "replace: cn\ncn: X")
    assert rc == 50, out
    # Inside its commune it manages the others, its peers included.
    rc, out = d.modify(c1, tree["venue"][0], "replace: kdPlaceId\nkdPlaceId: 31")
    assert rc == 0, out
    rc, out = d.modify(c1, tree["off1"][0], "replace: description\ndescription: ca sáng")
    assert rc == 0, out


def test_peer_admins_cannot_take_each_other_over(d, tree):
    """Issue 18: an admin account is managed only from a unit strictly
    above its own.  Two admins of province 38: neither resets, disables,
    renames, demotes, moves or deletes the other; neither creates a third
    admin of the province; both still manage the province's other accounts;
    the national admin manages both.  The same one level down and at the
    top (a second national admin)."""
    nat = (NATIONAL, d.admin_pw)
    peer_dn, peer_pw, (rc_add, rc_pw, out) = d.account(nat, "tinh38c", P38, "admin",
                                                      "Phó Tỉnh Hai")
    assert (rc_add, rc_pw) == (0, 0), out
    peer = (peer_dn, d.activate(peer_dn, peer_pw))
    p38 = tree["p38"]
    for who, target in ((p38, peer_dn), (peer, p38[0])):
        rc, out = d.passwd(who, target, "Takeover-pass-123")
        assert rc != 0 and "(50)" in out, out
        for body in (f"replace: pwdAccountLockedTime\npwdAccountLockedTime: {DISABLED}",
                     "replace: cn\ncn: Hacked", "replace: kdRole\nkdRole: police",
                     "replace: pwdReset\npwdReset: TRUE"):
            rc, out = d.modify(who, target, body)
            assert rc == 50, f"{body}: {out}"
        rc, out = d.delete(who, target)
        assert rc == 50, out
    rc, out = d.whoami(*p38)
    assert rc == 0, "p38's password must be unchanged"
    # No third admin of the province from inside it...
    rc, out = d.add(p38, f"uid=tinh38d,{P38}", {"objectClass": ["inetOrgPerson", "kdAccount"],
                                               "uid": "tinh38d", "cn": "Ba", "sn": "Ba",
                                               "kdRole": "admin"})
    assert rc == 50, out
    # ...nor through the app acting for the peer.
    via = ["-e", f"!authzid=dn:{peer[0]}"]
    rc, out = d.modify(d.app, p38[0], f"replace: pwdAccountLockedTime\npwdAccountLockedTime: {DISABLED}",
                       extra=via)
    assert rc == 50, out
    # The province's admin still manages the district's admin, and the
    # district's admin its commune's admin (strictly below).
    rc, out = d.modify(p38, tree["d380"][0], "replace: description\ndescription: huyện")
    assert rc == 0, out
    rc, out = d.modify(tree["d380"], tree["c1"][0], "replace: description\ndescription: xã")
    assert rc == 0, out
    # The national admin manages both province admins.
    rc, out = d.modify(nat, peer_dn, f"replace: pwdAccountLockedTime\npwdAccountLockedTime: {DISABLED}")
    assert rc == 0, out
    rc, out = d.delete(nat, peer_dn)
    assert rc == 0, out
    # A second national admin cannot touch the first (nobody is above).
    nat2_dn = f"uid=quocgia2,{UNITS}"
    rc, out = d.add(d.root, nat2_dn, {"objectClass": ["inetOrgPerson", "kdAccount"],
                                      "uid": "quocgia2", "cn": "Hai", "sn": "Hai",
                                      "kdRole": "admin", "userPassword": "Nat2-password-1"})
    assert rc == 0, out
    rc, out = d.passwd((nat2_dn, "Nat2-password-1"), NATIONAL, "Takeover-pass-123")
    assert rc != 0 and "(50)" in out, out
    rc, out = d.modify((nat2_dn, "Nat2-password-1"), NATIONAL,
                       f"replace: pwdAccountLockedTime\npwdAccountLockedTime: {DISABLED}")
    assert rc == 50, out
    rc, out = d.delete(d.root, nat2_dn)
    assert rc == 0, out


def test_cn_nobody_takes_binds_and_nothing_else(d):
    """The login binds there for an unknown uid: the password is hashed
    (ARGON2) like a real account's, and the bind fails."""
    nobody = "cn=nobody," + SUFFIX
    rc, out = d.whoami(nobody, "any-password-at-all")
    assert rc == 49, out
    rc, entries, out = d.search(d.app, nobody, scope="base")
    assert rc == 32 or not entries, out
    rc, entries, out = d.search(d.root, nobody, attrs=["userPassword", "pwdPolicySubentry"],
                                scope="base")
    assert rc == 0 and entries[nobody]["userPassword"][0].startswith("{ARGON2}"), out
    assert entries[nobody]["pwdPolicySubentry"] == ["cn=service,ou=policies," + SUFFIX]


def test_admin_cannot_change_its_own_entry(d, tree):
    for key in ("c1", "d380", "p38"):
        dn = tree[key][0]
        for body in ("replace: kdRole\nkdRole: admin",
                     "replace: kdRole\nkdRole: police",
                     "add: kdPlaceId\nkdPlaceId: 5",
                     f"replace: pwdAccountLockedTime\npwdAccountLockedTime: {DISABLED}"):
            rc, out = d.modify(tree[key], dn, body)
            assert rc == 50, f"{key} {body}: {out}"
        rc, out = d.delete(tree[key], dn)
        assert rc == 50, out


def test_admin_cannot_add_privileged_attributes(d, tree):
    base = {"objectClass": ["inetOrgPerson", "kdAccount"], "uid": "evil", "cn": "E V",
            "sn": "V", "kdRole": "admin"}
    for extra in ({"authzTo": "dn.regex:.*"},
                  {"pwdPolicySubentry": f"cn=service,ou=policies,{SUFFIX}"},
                  {"seeAlso": NATIONAL}):
        rc, out = d.add(tree["d380"], f"uid=evil,{COMMUNE}", {**base, **extra})
        assert rc == 50, f"{extra}: {out}"
    rc, out = d.modify(tree["d380"], tree["off1"][0], "add: authzTo\nauthzTo: dn.regex:.*")
    assert rc == 50, out


def test_role_values_and_uid_uniqueness(d, tree):
    rc, out = d.add(tree["d380"], f"uid=badrole,{COMMUNE}",
                    {"objectClass": ["inetOrgPerson", "kdAccount"], "uid": "badrole",
                     "cn": "B R", "sn": "R", "kdRole": "superuser"})
    assert rc == 19, out
    # uid is unique across the whole tree, even in another province.
    rc, out = d.add(tree["p01"], f"uid=canbo1,{P01}",
                    {"objectClass": ["inetOrgPerson", "kdAccount"], "uid": "canbo1",
                     "cn": "D U", "sn": "U", "kdRole": "officer"})
    assert rc == 19, out


# --- reading -----------------------------------------------------------------------------

def test_nobody_reads_user_password(d, tree):
    target = tree["off1"][0]
    readers = {"national": (NATIONAL, d.admin_pw), "p38": tree["p38"],
               "d380": tree["d380"], "app": d.app, "self": tree["off1"],
               "other province": tree["p01"]}
    for name, who in readers.items():
        rc, e, out = d.search(who, target, attrs=["userPassword", "*", "+"], scope="base")
        assert "userPassword" not in e.get(target, {}), name
        rc, e, out = d.search(who, target, "(userPassword=*)", ["1.1"], scope="base")
        assert target not in e, name
        rc, out = d.compare(who, target, f"userPassword:{tree['off1'][1]}")
        assert rc in (32, 50), f"{name}: {out}"
    # The rootdn does see it, hashed with {ARGON2}.
    rc, e, out = d.search(d.root, target, attrs=["userPassword"], scope="base")
    assert e[target]["userPassword"][0].startswith("{ARGON2}$argon2")


def test_officer_reads_only_its_own_entry(d, tree):
    off1 = tree["off1"]
    rc, e, out = d.search(off1, off1[0], scope="base")
    assert rc == 0 and e[off1[0]]["kdRole"] == ["officer"], out
    rc, e, out = d.search(off1, tree["off2"][0], scope="base")
    assert rc == 32 and not e, out
    rc, e, out = d.search(off1, COMMUNE, "(objectClass=kdAccount)", ["uid"])
    assert list(e) == [off1[0]], out
    # Units are readable by every authenticated account, not anonymously.
    rc, e, out = d.search(off1, COMMUNE, attrs=["kdUnitCode"], scope="base")
    assert e[COMMUNE]["kdUnitCode"] == [C1]
    rc, e, out = d.search(None, COMMUNE, scope="base")
    assert rc == 32 and not e, out
    # And it writes nothing, not even its own place.
    rc, out = d.modify(off1, off1[0], "replace: kdPlaceId\nkdPlaceId: 1")
    assert rc == 50, out
    rc, out = d.add(off1, f"uid=x2,{COMMUNE}", {"objectClass": ["inetOrgPerson", "kdAccount"],
                                               "uid": "x2", "cn": "X", "sn": "X",
                                               "kdRole": "officer"})
    assert rc == 50, out


def test_app_reads_login_attributes_but_writes_nothing(d, tree):
    rc, e, out = d.search(d.app, UNITS, "(uid=canbo2)",
                          ["uid", "cn", "kdRole", "kdPlaceId", "pwdReset",
                           "pwdAccountLockedTime", "pwdFailureTime", "mail"])
    assert rc == 0 and list(e) == [tree["off2"][0]], out
    assert e[tree["off2"][0]]["kdRole"] == ["officer"]
    assert e[tree["off2"][0]]["kdPlaceId"] == ["18"]
    app = d.app
    rc, out = d.modify(app, tree["off2"][0], "replace: cn\ncn: X")
    assert rc == 50, out
    rc, out = d.modify(app, tree["off2"][0], f"replace: pwdAccountLockedTime\npwdAccountLockedTime: {DISABLED}")
    assert rc == 50, out
    rc, out = d.delete(app, tree["off2"][0])
    assert rc == 50, out
    rc, out = d.add(app, f"uid=byapp,{COMMUNE}", {"objectClass": ["inetOrgPerson", "kdAccount"],
                                                 "uid": "byapp", "cn": "A", "sn": "A",
                                                 "kdRole": "officer"})
    assert rc == 50, out
    rc, out = d.passwd(app, tree["off2"][0], "Whatever-pass-123")
    assert rc != 0 and "(50)" in out, out
    rc, out = d.modify(app, APP, "add: authzTo\nauthzTo: dn.regex:.*")
    assert rc == 50, out


def test_app_with_proxy_authz_acts_as_the_admin(d, tree):
    as_p38 = ["-e", f"!authzid=dn:{tree['p38'][0]}"]
    dn, pw, (rc_add, rc_pw, out) = d.account(d.app, "quaapp", COMMUNE, "venue",
                                            "Siêu Thị A", place=42, extra=as_p38)
    assert (rc_add, rc_pw) == (0, 0), out
    rc, e, out = d.search(d.root, dn, attrs=["creatorsName", "modifiersName", "pwdReset"],
                          scope="base")
    assert e[dn] == {"creatorsName": [tree["p38"][0]], "modifiersName": [tree["p38"][0]],
                     "pwdReset": ["TRUE"]}
    rc, out = d.add(d.app, f"uid=quaapp01,{P01}",
                    {"objectClass": ["inetOrgPerson", "kdAccount"], "uid": "quaapp01",
                     "cn": "A B", "sn": "B", "kdRole": "officer"}, extra=as_p38)
    assert rc == 50, out
    rc, out = d.modify(d.app, tree["p01"][0], "replace: cn\ncn: X", extra=as_p38)
    assert rc == 50, out
    # Only existing accounts under ou=units may be assumed (not a unit).
    for target in (ROOTDN, f"uid=nobody,{P38}", P38, f"cn=service,ou=policies,{SUFFIX}"):
        rc, e, out = d.search(d.app, SUFFIX, scope="base", extra=["-e", f"!authzid=dn:{target}"])
        assert rc == 123, f"{target}: {out}"
    # Acting as an officer gives an officer's rights.
    rc, out = d.modify(d.app, tree["off2"][0], "replace: cn\ncn: X",
                       extra=["-e", f"!authzid=dn:{tree['off1'][0]}"])
    assert rc == 50, out


# --- password policy ---------------------------------------------------------------------

def test_admin_set_password_needs_change_and_own_change_clears_it(d, tree):
    dn, pw, (rc_add, rc_pw, out) = d.account(tree["d380"], "moi1", COMMUNE, "officer",
                                            "Người Mới", place=20)
    assert (rc_add, rc_pw) == (0, 0), out
    assert d.attrs_as_app(dn, "pwdReset") == {"pwdReset": ["TRUE"]}
    rc, out = d.whoami(dn, pw, ppolicy=True)
    assert rc == 0 and "Password must be changed" in out, out
    # Until it changes the password, the account can do nothing else.
    rc, e, out = d.search((dn, pw), dn, scope="base")
    assert rc == 50, out
    new = "Own-" + secrets.token_urlsafe(12)
    rc, out = d.passwd((dn, pw), dn, new, old=pw)
    assert rc == 0, out
    assert "pwdReset" not in d.attrs_as_app(dn, "pwdReset")
    rc, out = d.whoami(dn, new, ppolicy=True)
    assert rc == 0 and "must be changed" not in out, out
    rc, out = d.whoami(dn, pw)
    assert rc == 49, out


def test_short_password_refused(d, tree):
    dn, pw = tree["off2"]
    rc, out = d.passwd((dn, pw), dn, "Short11char", old=pw)
    assert rc != 0 and "(19)" in out, out
    rc, out = d.passwd((dn, pw), dn, "Long12chars!", old=pw)
    assert rc == 0, out
    tree["off2"] = (dn, "Long12chars!")


def test_disabled_account_cannot_bind(d, tree):
    dn, pw = tree["police"]
    d380 = tree["d380"]
    rc, out = d.modify(d380, dn, f"replace: pwdAccountLockedTime\npwdAccountLockedTime: {DISABLED}")
    assert rc == 0, out
    assert d.attrs_as_app(dn, "pwdAccountLockedTime") == {"pwdAccountLockedTime": [DISABLED]}
    rc, out = d.whoami(dn, pw, ppolicy=True)
    assert rc == 49 and "Account locked" in out, out
    # enable: remove the attribute (replace with no value never fails)
    rc, out = d.modify(d380, dn, "replace: pwdAccountLockedTime")
    assert rc == 0, out
    rc, out = d.whoami(dn, pw)
    assert rc == 0, out


def test_lockout_after_five_failures(d, tree):
    dn, pw, _ = d.account(tree["d380"], "khoa1", COMMUNE, "officer", "Bị Khóa", place=21)
    pw = d.activate(dn, pw)
    for i in range(5):
        rc, out = d.whoami(dn, f"wrong-password-{i}")
        assert rc == 49, out
    rc, out = d.whoami(dn, pw, ppolicy=True)
    assert rc == 49 and "Account locked" in out, out
    a = d.attrs_as_app(dn, "pwdAccountLockedTime", "pwdFailureTime")
    assert len(a["pwdFailureTime"]) == 5
    assert a["pwdAccountLockedTime"][0] != DISABLED     # temporary: a real time
    # An admin in scope unlocks it.
    rc, out = d.modify(tree["d380"], dn, "replace: pwdAccountLockedTime")
    assert rc == 0, out
    rc, out = d.whoami(dn, pw)
    assert rc == 0, out


def test_locked_or_reset_admin_has_no_rights_even_through_app(d, tree):
    # An admin whose password was just set by its superior (pwdReset TRUE).
    nat = (NATIONAL, d.admin_pw)
    dn, pw, (rc_add, rc_pw, out) = d.account(nat, "tinh38b", P38, "admin", "Phó Tỉnh")
    assert (rc_add, rc_pw) == (0, 0), out
    acct = {"objectClass": ["inetOrgPerson", "kdAccount"], "uid": "y1", "cn": "Y",
            "sn": "Y", "kdRole": "officer"}
    via = ["-e", f"!authzid=dn:{dn}"]
    rc, out = d.add(d.app, f"uid=y1,{COMMUNE}", acct, extra=via)
    assert rc == 50, out
    pw = d.activate(dn, pw)
    rc, out = d.add(d.app, f"uid=y1,{COMMUNE}", acct, extra=via)
    assert rc == 0, out
    # Disabled by its superior: refused directly and through the app.
    rc, out = d.modify(nat, dn, f"replace: pwdAccountLockedTime\npwdAccountLockedTime: {DISABLED}")
    assert rc == 0, out
    rc, out = d.whoami(dn, pw)
    assert rc == 49, out
    rc, out = d.delete(d.app, f"uid=y1,{COMMUNE}", extra=via)
    assert rc == 50, out
    rc, out = d.delete(tree["d380"], f"uid=y1,{COMMUNE}")
    assert rc == 0, out


# --- scripts --------------------------------------------------------------------------

def test_setup_again_keeps_data(d):
    mdb = d.ldap_dir / "data" / "data.mdb"
    before = mdb.stat().st_mtime_ns
    p = subprocess.run([ROOT / "scripts/ldap-setup", d.ldap_dir, d.url, d.pwfile],
                       capture_output=True, text=True, env=ENV, timeout=30)
    assert p.returncode == 0 and "kept" in p.stdout and len(p.stdout.splitlines()) == 1, p.stdout + p.stderr
    assert mdb.stat().st_mtime_ns == before
    assert (d.ldap_dir / "root-password").read_text() == d.root_pw
    for name in ("root-password", "app-password", "slapd.conf"):
        assert (d.ldap_dir / name).stat().st_mode & 0o077 == 0, name
    rc, out = d.whoami(NATIONAL, d.admin_pw, ppolicy=True)
    assert rc == 0 and "must be changed" not in out, out


def test_root_over_ldapi(d):
    sock = str(d.ldap_dir / "ldapi").replace("/", "%2F")
    p = subprocess.run(["ldapwhoami", "-Q", "-Y", "EXTERNAL", "-H", f"ldapi://{sock}"],
                       capture_output=True, text=True, env=ENV, timeout=10)
    assert p.returncode == 0 and p.stdout.strip() == f"dn:{ROOTDN}", p.stdout + p.stderr
