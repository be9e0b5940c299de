"""Test accounts and places for the kiosk tests: a row in `places` and an
LDAP account (officer, venue, police, admin) made directly as the
directory's root, so that these tests do not depend on /admin-accounts.

    place_id = make_place(stack, "checkpoint")
    s = officer_session(stack, "canbo1", place_id)       # logged in, .csrf set
"""
import secrets
import subprocess

SUFFIX = "dc=kiemdich,dc=vn"
ROOT_DN = "cn=root," + SUFFIX
DEFAULT_COMMUNE = "16279"    # a commune of Thanh Hóa; any commune will do


def unit_dn(stack, code):
    """ou=<commune>,ou=<district>,ou=<province>,ou=units,... for a unit code."""
    parts = []
    while code:
        parts.append(f"ou={code}")
        rows = stack.sql("SELECT COALESCE(parent_code, '') FROM admin_units WHERE code=%s", code)
        assert rows, f"no unit {code}"
        code = rows[0][0]
    return ",".join(parts + ["ou=units", SUFFIX])


def a_commune(stack):
    rows = stack.sql("SELECT code FROM admin_units WHERE code=%s", DEFAULT_COMMUNE)
    if rows:
        return DEFAULT_COMMUNE
    return stack.sql("SELECT code FROM admin_units WHERE level='commune' ORDER BY code LIMIT 1")[0][0]


def make_place(stack, kind="checkpoint", name=None, commune=None):
    commune = commune or a_commune(stack)
    name = name or f"Chốt thử {secrets.token_hex(3)}"
    stack.sql("INSERT INTO places (kind, name, commune, address, created_by, created_at)"
              " VALUES (%s, %s, %s, 'Quốc lộ 1A', 'test', NOW())", kind, name, commune)
    return int(stack.sql("SELECT MAX(place_id) FROM places WHERE name=%s", name)[0][0])


def _ldap(stack, tool, *args, stdin=None, ok_codes=(0,)):
    cmd = [tool, "-x", "-H", stack.conf["ldap_uri"], "-D", ROOT_DN,
           "-w", stack.ldap_root_password, *args]
    out = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    assert out.returncode in ok_codes, f"{tool}: {out.returncode} {out.stderr}"
    return out


def make_account(stack, uid, role, place_id=None, unit=None, password=None):
    """Creates uid in LDAP under unit (a commune code by default) and returns
    its password.  The password is set as root and pwdReset cleared, so the
    first login needs no change."""
    unit = unit or a_commune(stack)
    password = password or ("Kd-" + secrets.token_hex(8))
    dn = f"uid={uid},{unit_dn(stack, unit)}"
    ldif = (f"dn: {dn}\nobjectClass: inetOrgPerson\nobjectClass: kdAccount\n"
            f"uid: {uid}\ncn: Cán bộ {uid}\nsn: {uid}\nkdRole: {role}\n")
    if place_id is not None:
        ldif += f"kdPlaceId: {place_id}\n"
    ldif += f"userPassword: {password}\n"
    _ldap(stack, "ldapadd", stdin=ldif)
    # 16 = no such attribute: pwdReset was not set.
    _ldap(stack, "ldapmodify", stdin=f"dn: {dn}\nchangetype: modify\ndelete: pwdReset\n",
          ok_codes=(0, 16))
    return password


def session_for(stack, uid, role, place_id=None, unit=None):
    """A requests session logged in as a new account (JSON, CSRF header set)."""
    password = make_account(stack, uid, role, place_id=place_id, unit=unit)
    s = stack.login(uid, password)
    s.uid = uid
    s.password = password
    s.place_id = place_id
    return s


def officer_session(stack, uid, place_id):
    return session_for(stack, uid, "officer", place_id=place_id)


def venue_session(stack, uid, place_id):
    return session_for(stack, uid, "venue", place_id=place_id)
