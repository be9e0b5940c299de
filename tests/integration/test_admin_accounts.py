"""/admin-accounts: delegated accounts and places (issue 4).

The chain is built through the web API only: the national administrator
creates the administrators of Thanh Hóa (38) and of Hà Nội (01); each
changes its one-time password at its first login; the Thanh Hóa
administrator creates a district administrator (380), who creates a
checkpoint, a commune police account, a checkpoint officer and a commune
administrator, who creates a venue and its staff.  Then: refusals outside
the subtree (by the program and by slapd itself), disable/enable, reset,
CSRF, roles, the bulk upload of a thousand accounts, the audit rows and a
hostile search.
"""
import base64
import html as html_mod
import os
import re
import subprocess
import time
import urllib.parse
from datetime import datetime, timezone

import pytest
import requests

from .helpers import JSON

SUFFIX = "dc=kiemdich,dc=vn"
ROOT_DN = "cn=root," + SUFFIX
APP_DN = "cn=app," + SUFFIX
LDAP_ENV = dict(os.environ, LDAPNOINIT="1")
P = "t4"                      # prefix of every uid made here


# --- helpers -----------------------------------------------------------------------

def post(s, stack, **data):
    return s.post(stack.url + "/admin-accounts", data=data)


def first_login(stack, uid, password):
    """The first login: refused until the one-time password is replaced."""
    r = requests.post(stack.url + "/login", headers=JSON,
                      data={"uid": uid, "password": password})
    assert r.status_code == 403, r.text
    assert r.json()["error"]["code"] == "password_change_required"
    new = f"Moi-{uid}-2021xyz"
    s = stack.login(uid, password, new_password=new)
    s.uid, s.password = uid, new
    return s


def create(s, stack, uid, full_name, role, unit, place_id=None, status=201):
    data = dict(action="create", uid=uid, full_name=full_name, role=role, unit=unit)
    if place_id is not None:
        data["place_id"] = str(place_id)
    r = post(s, stack, **data)
    assert r.status_code == status, r.text
    return r.json()


def make_place(s, stack, kind, name, commune):
    r = post(s, stack, action="create_place", kind=kind, name=name, commune=commune,
             address="Quốc lộ 1A")
    assert r.status_code == 201, r.text
    return r.json()["place_id"]


def ldap(stack, tool, *args, who=None, stdin=None):
    dn, pw = who or (ROOT_DN, stack.ldap_root_password)
    p = subprocess.run([tool, "-x", "-H", stack.conf["ldap_uri"], "-D", dn, "-w", pw, *args],
                       input=stdin, capture_output=True, text=True, env=LDAP_ENV, timeout=60)
    return p.returncode, p.stdout + p.stderr


def ldap_entries(stack, filt, *attrs):
    """{uid: {attr: [values]}} of the accounts matching filt, read as root."""
    rc, out = ldap(stack, "ldapsearch", "-LLL", "-o", "ldif-wrap=no",
                   "-b", "ou=units," + SUFFIX, filt, "uid", *attrs)
    assert rc == 0, out
    entries, cur = {}, None
    for line in out.splitlines():
        if not line:
            cur = None
            continue
        name, _, value = line.partition(":")
        if value.startswith(":"):
            value = base64.b64decode(value[1:].strip()).decode("utf-8", "replace")
        else:
            value = value.strip()
        if name == "dn":
            cur = {"dn": [value]}
        elif cur is not None:
            cur.setdefault(name, []).append(value)
            if name == "uid":
                entries[value] = cur
    return entries


def communes_of(stack, district):
    return [r[0] for r in stack.sql(
        "SELECT code FROM admin_units WHERE parent_code=%s ORDER BY code", district)]


def audit(stack, actor, action, target):
    return stack.sql("SELECT COUNT(*) FROM audit_log WHERE actor=%s AND action=%s AND target=%s",
                     actor, action, target)[0][0]


# --- the chain ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def chain(stack):
    c = {}
    nat = stack.admin()
    c["nat"] = nat
    c["c1"], c["c2"] = communes_of(stack, "380")[:2]
    c["c01"] = communes_of(stack, "001")[0]

    made = create(nat, stack, f"{P}-tinh38", "Lê Văn Tỉnh", "admin", "38")
    assert made["uid"] == f"{P}-tinh38" and len(made["password"]) >= 16
    c["p38"] = first_login(stack, made["uid"], made["password"])

    made = create(nat, stack, f"{P}-tinh01", "Nguyễn Thủ Đô", "admin", "01")
    c["p01"] = first_login(stack, made["uid"], made["password"])

    made = create(c["p38"], stack, f"{P}-huyen380", "Trần Thị Huyện", "admin", "380")
    c["d380"] = first_login(stack, made["uid"], made["password"])

    d380 = c["d380"]
    c["checkpoint"] = make_place(d380, stack, "checkpoint", "Chốt cầu Hàm Rồng", c["c1"])
    made = create(d380, stack, f"{P}-congan1", "Phạm Công An", "police", c["c1"])
    c["police_pw"] = made["password"]
    made = create(d380, stack, f"{P}-canbo1", "Vũ Cán Bộ", "officer", c["c1"],
                  place_id=c["checkpoint"])
    c["officer_pw"] = made["password"]
    made = create(d380, stack, f"{P}-xa1", "Hoàng Văn Xã", "admin", c["c1"])
    c["xa1"] = first_login(stack, made["uid"], made["password"])

    c["venue"] = make_place(c["xa1"], stack, "venue", "Bệnh viện phường", c["c1"])
    made = create(c["xa1"], stack, f"{P}-benhvien1", "Bệnh Viện Một", "venue", c["c1"],
                  place_id=c["venue"])
    c["venue_pw"] = made["password"]
    c["place01"] = make_place(c["p01"], stack, "checkpoint", "Chốt Ba Đình", c["c01"])
    return c


def test_delegation_chain_logs_in_with_roles_and_places(stack, chain):
    police = first_login(stack, f"{P}-congan1", chain["police_pw"])
    who = police.get(stack.url + "/login").json()
    assert (who["role"], who["unit"], who["place_id"]) == ("police", chain["c1"], None)

    r = requests.post(stack.url + "/login", headers=JSON,
                      data={"uid": f"{P}-canbo1", "password": chain["officer_pw"],
                            "new_password": "CanBo-Moi-2021"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["role"], body["unit"], body["place_id"]) == \
        ("officer", chain["c1"], chain["checkpoint"])
    chain["officer_pw"] = "CanBo-Moi-2021"

    venue = first_login(stack, f"{P}-benhvien1", chain["venue_pw"])
    who = venue.get(stack.url + "/login").json()
    assert (who["role"], who["place_id"]) == ("venue", chain["venue"])

    # Where each lives in the directory, and who made it.
    e = ldap_entries(stack, f"(uid={P}-*)", "kdRole", "kdPlaceId", "creatorsName")
    assert e[f"{P}-tinh38"]["dn"][0] == f"uid={P}-tinh38,ou=38,ou=units,{SUFFIX}"
    assert e[f"{P}-huyen380"]["dn"][0] == f"uid={P}-huyen380,ou=380,ou=38,ou=units,{SUFFIX}"
    assert e[f"{P}-canbo1"]["dn"][0] == \
        f"uid={P}-canbo1,ou={chain['c1']},ou=380,ou=38,ou=units,{SUFFIX}"
    assert e[f"{P}-canbo1"]["kdPlaceId"] == [str(chain["checkpoint"])]
    assert e[f"{P}-canbo1"]["creatorsName"] == [e[f"{P}-huyen380"]["dn"][0]]
    assert e[f"{P}-benhvien1"]["creatorsName"] == [e[f"{P}-xa1"]["dn"][0]]
    # The place rows: kind, commune, creator.
    assert stack.sql("SELECT kind, commune, created_by FROM places WHERE place_id=%s",
                     chain["checkpoint"]) == [("checkpoint", chain["c1"], f"{P}-huyen380")]


def test_passwords_are_stored_hashed_and_must_change(stack, chain):
    made = create(chain["d380"], stack, f"{P}-hash1", "Đỗ Văn Băm", "police", chain["c2"])
    e = ldap_entries(stack, f"(uid={P}-hash1)", "userPassword", "pwdReset")
    assert e[f"{P}-hash1"]["userPassword"][0].startswith("{ARGON2}$argon2")
    assert made["password"] not in e[f"{P}-hash1"]["userPassword"][0]
    assert e[f"{P}-hash1"]["pwdReset"] == ["TRUE"]
    # A too short new password is refused; the one-time one stays valid.
    r = requests.post(stack.url + "/login", headers=JSON,
                      data={"uid": f"{P}-hash1", "password": made["password"],
                            "new_password": "short"})
    assert r.status_code == 400
    first_login(stack, f"{P}-hash1", made["password"])
    e = ldap_entries(stack, f"(uid={P}-hash1)", "pwdReset")
    assert "pwdReset" not in e[f"{P}-hash1"]


def test_listing_is_the_subtree_only(stack, chain):
    d = chain["d380"].get(stack.url + "/admin-accounts").json()
    uids = {a["uid"] for a in d["accounts"]}
    assert {f"{P}-congan1", f"{P}-canbo1", f"{P}-xa1", f"{P}-benhvien1"} <= uids
    assert f"{P}-tinh38" not in uids and f"{P}-tinh01" not in uids
    assert f"{P}-huyen380" not in uids            # not itself
    officer = next(a for a in d["accounts"] if a["uid"] == f"{P}-canbo1")
    unit_name = stack.sql("SELECT CONCAT(type, ' ', name) FROM admin_units WHERE code=%s",
                          chain["c1"])[0][0]
    assert officer == {"uid": f"{P}-canbo1", "full_name": "Vũ Cán Bộ", "role": "officer",
                       "unit": chain["c1"], "unit_name": unit_name,
                       "place_id": chain["checkpoint"], "place_name": "Chốt cầu Hàm Rồng",
                       "last_login": officer["last_login"],
                       "disabled": False, "locked": False,
                       "must_change": officer["must_change"]}
    assert d["page"] == 1 and d["more"] is False
    d = chain["p01"].get(stack.url + "/admin-accounts").json()
    assert not {a["uid"] for a in d["accounts"]} & uids


def test_paging_walks_every_account_once(stack, chain):
    s = chain["nat"]
    first = s.get(stack.url + "/admin-accounts").json()
    seen, page = [], 1
    while True:
        d = s.get(stack.url + "/admin-accounts", params={"page": page}).json()
        assert d["page"] == page and len(d["accounts"]) <= 50
        seen += [a["uid"] for a in d["accounts"]]
        if not d["more"]:
            break
        page += 1
    assert len(seen) == len(set(seen)) == first["total"]
    assert seen == sorted(seen)


def test_other_province_admin_is_refused_by_the_program(stack, chain):
    p01, c1 = chain["p01"], chain["c1"]
    r = post(p01, stack, action="create", uid=f"{P}-xam", full_name="Kẻ Lạ", role="police",
             unit=c1)
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    assert "unit" in r.json()["error"]["fields"]
    for action in ("disable", "enable", "reset_password"):
        r = post(p01, stack, action=action, uid=f"{P}-canbo1")
        assert r.status_code == 403, (action, r.text)
        assert r.json()["error"]["code"] == "forbidden"
    r = post(p01, stack, action="assign_place", uid=f"{P}-canbo1",
             place_id=str(chain["place01"]))
    assert r.status_code == 403
    r = post(p01, stack, action="create_place", kind="checkpoint", name="Chốt lạ", commune=c1)
    assert r.status_code == 403
    # Its own province, but a place of Thanh Hóa.
    r = post(p01, stack, action="create", uid=f"{P}-x01", full_name="Người Hà Nội",
             role="officer", unit="01", place_id=str(chain["checkpoint"]))
    assert r.status_code == 403 and "place_id" in r.json()["error"]["fields"]
    # A district admin cannot reach its province or a neighbouring district.
    r = post(chain["d380"], stack, action="create", uid=f"{P}-x381", full_name="Người Bên",
             role="police", unit="381")
    assert r.status_code == 403
    r = post(chain["d380"], stack, action="reset_password", uid=f"{P}-tinh38")
    assert r.status_code == 403
    # Nothing was made or changed.
    assert ldap_entries(stack, f"(|(uid={P}-xam)(uid={P}-x01)(uid={P}-x381))") == {}
    r = requests.post(stack.url + "/login", headers=JSON,
                      data={"uid": f"{P}-canbo1", "password": chain["officer_pw"]})
    assert r.status_code == 200, "the officer's password must be unchanged"


def test_other_province_admin_is_refused_by_slapd(stack, chain):
    """The second lock: slapd itself, bound as the Hà Nội admin, and the
    service account acting for it (proxied authorisation)."""
    p01_dn = f"uid={P}-tinh01,ou=01,ou=units,{SUFFIX}"
    target = f"uid={P}-direct,ou={chain['c1']},ou=380,ou=38,ou=units,{SUFFIX}"
    ldif = (f"dn: {target}\nobjectClass: inetOrgPerson\nobjectClass: kdAccount\n"
            f"uid: {P}-direct\ncn: Direct\nsn: Direct\nkdRole: officer\n")
    rc, out = ldap(stack, "ldapadd", who=(p01_dn, chain["p01"].password), stdin=ldif)
    assert rc == 50, out
    rc, out = ldap(stack, "ldapadd", "-e", f"!authzid=dn:{p01_dn}",
                   who=(APP_DN, stack.conf["ldap_bind_password"]), stdin=ldif)
    assert rc == 50, out
    officer_dn = f"uid={P}-canbo1,ou={chain['c1']},ou=380,ou=38,ou=units,{SUFFIX}"
    rc, out = ldap(stack, "ldapmodify", who=(p01_dn, chain["p01"].password),
                   stdin=f"dn: {officer_dn}\nchangetype: modify\nreplace: "
                         "pwdAccountLockedTime\npwdAccountLockedTime: 000001010000Z\n")
    assert rc == 50, out
    # The same add by the district admin of 380 works.
    d380_dn = f"uid={P}-huyen380,ou=380,ou=38,ou=units,{SUFFIX}"
    rc, out = ldap(stack, "ldapadd", who=(d380_dn, chain["d380"].password), stdin=ldif)
    assert rc == 0, out


def test_disable_blocks_login_and_enable_restores(stack, chain):
    uid, pw = f"{P}-canbo1", chain["officer_pw"]
    officer = stack.login(uid, pw)
    r = post(chain["d380"], stack, action="disable", uid=uid)
    assert r.status_code == 200 and r.json() == {"uid": uid, "disabled": True}
    # Its session ended at once; its password no longer opens one.
    assert officer.get(stack.url + "/login").status_code == 401
    # Told apart from a wrong password by nobody (issue 18).
    r = requests.post(stack.url + "/login", headers=JSON, data={"uid": uid, "password": pw})
    assert r.status_code == 401 and r.json()["error"]["code"] == "bad_credentials"
    listed = chain["d380"].get(stack.url + "/admin-accounts", params={"q": uid}).json()
    assert listed["accounts"][0]["disabled"] is True
    r = post(chain["d380"], stack, action="enable", uid=uid)
    assert r.status_code == 200 and r.json() == {"uid": uid, "disabled": False}
    assert stack.login(uid, pw).get(stack.url + "/login").json()["place_id"] == chain["checkpoint"]
    listed = chain["d380"].get(stack.url + "/admin-accounts", params={"q": uid}).json()
    assert listed["accounts"][0]["disabled"] is False


def test_reset_gives_a_new_one_time_password(stack, chain):
    uid = f"{P}-congan1"
    r = post(chain["p38"], stack, action="reset_password", uid=uid)
    assert r.status_code == 200, r.text
    pw = r.json()["password"]
    assert len(pw) == 16 and r.json()["disabled"] is False
    assert not set(pw) & set("0O1lIio")
    listed = chain["p38"].get(stack.url + "/admin-accounts", params={"q": uid}).json()
    assert listed["accounts"][0]["must_change"] is True
    s = first_login(stack, uid, pw)
    assert s.get(stack.url + "/login").json()["role"] == "police"


def test_reset_of_a_disabled_account_keeps_it_disabled(stack, chain):
    uid = f"{P}-benhvien1"
    assert post(chain["xa1"], stack, action="disable", uid=uid).status_code == 200
    r = post(chain["xa1"], stack, action="reset_password", uid=uid)
    assert r.status_code == 200 and r.json()["disabled"] is True
    pw = r.json()["password"]
    # Told apart from a wrong password by nobody (issue 18).
    r = requests.post(stack.url + "/login", headers=JSON, data={"uid": uid, "password": pw})
    assert r.status_code == 401 and r.json()["error"]["code"] == "bad_credentials"
    e = ldap_entries(stack, f"(uid={uid})", "pwdAccountLockedTime", "pwdReset")
    assert e[uid]["pwdAccountLockedTime"] == ["000001010000Z"]
    assert e[uid]["pwdReset"] == ["TRUE"]
    assert post(chain["xa1"], stack, action="enable", uid=uid).status_code == 200
    first_login(stack, uid, pw)


def test_create_validates_its_fields(stack, chain):
    d = chain["d380"]
    r = post(d, stack, action="create", uid=f"{P}-noplace", full_name="Không Chốt",
             role="officer", unit=chain["c1"])
    assert r.status_code == 400 and "place_id" in r.json()["error"]["fields"]
    r = post(d, stack, action="create", uid=f"{P}-wrongkind", full_name="Sai Loại",
             role="officer", unit=chain["c1"], place_id=str(chain["venue"]))
    assert r.status_code == 400 and "place_id" in r.json()["error"]["fields"]
    r = post(d, stack, action="create", uid=f"{P}-noplace", full_name="Không Chốt",
             role="officer", unit=chain["c1"], place_id="999999")
    assert r.status_code == 400 and "place_id" in r.json()["error"]["fields"]
    r = post(d, stack, action="create", uid=f"{P}-congan1", full_name="Trùng Tên",
             role="police", unit=chain["c1"])
    assert r.status_code == 409 and "uid" in r.json()["error"]["fields"]
    r = post(d, stack, action="create", uid="Bad Uid", full_name="A1", role="chief",
             unit="9999x")
    assert r.status_code == 400
    assert set(r.json()["error"]["fields"]) == {"uid", "full_name", "role", "unit"}
    r = post(d, stack, action="create", uid=f"{P}-x", full_name="Ai Đó", role="police",
             unit=chain["c1"], password="chosen-by-me")
    assert r.status_code == 400 and r.json()["error"]["fields"] == {
        "password": "Trường không được phép hoặc bị lặp."}
    r = post(d, stack, action="promote", uid=f"{P}-congan1")
    assert r.status_code == 400 and "action" in r.json()["error"]["fields"]
    r = post(d, stack, action="disable", uid=f"{P}-nobody")
    assert r.status_code == 404
    r = post(d, stack, action="disable", uid=f"{P}-huyen380")
    assert r.status_code == 403                                  # itself


def test_assign_place_moves_an_officer(stack, chain):
    d = chain["d380"]
    other = make_place(d, stack, "checkpoint", "Chốt phía Nam", chain["c2"])
    r = post(d, stack, action="assign_place", uid=f"{P}-canbo1", place_id=str(other))
    assert r.status_code == 200 and r.json() == {"uid": f"{P}-canbo1", "place_id": other}
    s = stack.login(f"{P}-canbo1", chain["officer_pw"])
    assert s.get(stack.url + "/login").json()["place_id"] == other
    r = post(d, stack, action="assign_place", uid=f"{P}-congan1", place_id=str(other))
    assert r.status_code == 400                                   # police have no place
    assert audit(stack, f"{P}-huyen380", "account_assign_place", f"{P}-canbo1") == "1"


def test_no_csrf_token_is_403(stack, chain):
    d = chain["d380"]
    r = requests.post(stack.url + "/admin-accounts", headers=JSON, cookies=d.cookies,
                      data={"action": "disable", "uid": f"{P}-congan1"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"
    r = requests.post(stack.url + "/admin-accounts", headers=JSON, cookies=d.cookies,
                      data={"action": "disable", "uid": f"{P}-congan1", "csrf": "x" * 43})
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"
    assert "pwdAccountLockedTime" not in \
        ldap_entries(stack, f"(uid={P}-congan1)", "pwdAccountLockedTime")[f"{P}-congan1"]


def test_other_roles_are_403_and_strangers_401(stack, chain):
    officer = stack.login(f"{P}-canbo1", chain["officer_pw"])
    assert officer.get(stack.url + "/admin-accounts").status_code == 403
    r = post(officer, stack, action="create", uid=f"{P}-byofficer", full_name="Ai Đó",
             role="officer", unit=chain["c1"], place_id=str(chain["checkpoint"]))
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    r = requests.get(stack.url + "/admin-accounts", headers=JSON)
    assert r.status_code == 401 and r.json()["error"]["code"] == "not_logged_in"
    r = requests.post(stack.url + "/admin-accounts", headers=JSON,
                      data={"action": "disable", "uid": f"{P}-canbo1"})
    assert r.status_code == 401


def test_a_disabled_admin_loses_its_rights_at_once(stack, chain):
    made = create(chain["d380"], stack, f"{P}-xa2", "Ngô Văn Hai", "admin", chain["c2"])
    xa2 = first_login(stack, made["uid"], made["password"])
    assert xa2.get(stack.url + "/admin-accounts").status_code == 200
    assert post(chain["d380"], stack, action="disable", uid=f"{P}-xa2").status_code == 200
    r = requests.get(stack.url + "/admin-accounts", headers=JSON, cookies=xa2.cookies)
    assert r.status_code == 401                       # its session is gone


def test_ldap_injection_in_the_search_box(stack, chain):
    s = chain["nat"]
    everyone = s.get(stack.url + "/admin-accounts").json()["total"]
    assert everyone > 5
    for q in ("*)(uid=*", "*", ")(|(objectClass=*", "\\2a", "a*b", "x)(kdRole=admin"):
        r = s.get(stack.url + "/admin-accounts", params={"q": q})
        assert r.status_code == 200, (q, r.text)
        assert r.json()["total"] == 0, q
    r = s.get(stack.url + "/admin-accounts", params={"q": "x" * 65})
    assert r.status_code == 400
    r = s.get(stack.url + "/admin-accounts", params={"q": "canbo1"})
    assert [a["uid"] for a in r.json()["accounts"]] == [f"{P}-canbo1"]
    r = s.get(stack.url + "/admin-accounts", params={"q": "Cán Bộ"})
    assert f"{P}-canbo1" in [a["uid"] for a in r.json()["accounts"]]


def test_the_page_is_vietnamese_with_csrf_in_every_post_form(stack, chain):
    r = chain["d380"].get(stack.url + "/admin-accounts", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    html = r.text
    assert "Quản lý tài khoản" in html and 'lang="vi"' in html
    forms = html.split("<form")[1:]
    posts = [f for f in forms if 'method="post"' in f.split(">")[0]]
    actions = {"create", "bulk_create", "disable", "enable", "reset_password",
               "create_place", "assign_place", "edit_place", "retire_place"}
    for f in posts:
        assert f'name="csrf" value="{chain["d380"].csrf}"' in f
    for a in actions:
        assert f'name="action" value="{a}"' in html
    assert "/js/admin.js" in html and "<script>" not in html
    assert f"{P}-canbo1" in html


def test_html_create_shows_the_password_once(stack, chain):
    d = chain["d380"]
    r = d.post(stack.url + "/admin-accounts", headers={"Accept": "text/html"},
               data={"action": "create", "uid": f"{P}-html1", "full_name": "Lý Văn Trang",
                     "role": "police", "unit": chain["c2"], "csrf": d.csrf})
    assert r.status_code == 201
    start = r.text.index('id="one-time-password">') + len('id="one-time-password">')
    pw = r.text[start:start + 16]
    assert len(pw) == 16 and pw.isalnum()
    again = d.get(stack.url + "/admin-accounts", headers={"Accept": "text/html"})
    assert pw not in again.text
    first_login(stack, f"{P}-html1", pw)
    # An error keeps the values and names the field, never a password.
    r = d.post(stack.url + "/admin-accounts", headers={"Accept": "text/html"},
               data={"action": "create", "uid": f"{P}-html2", "full_name": "Lý Văn Trang",
                     "role": "police", "unit": "01", "csrf": d.csrf})
    assert r.status_code == 403
    assert 'id="err-create-unit"' in r.text and f'value="{P}-html2"' in r.text


def test_bulk_create_a_thousand_accounts(stack, chain):
    p38 = chain["p38"]
    communes = communes_of(stack, "380")[:5] + communes_of(stack, "381")[:5]
    place = make_place(p38, stack, "checkpoint", "Chốt QL1A Bỉm Sơn", communes[5])
    lines = ["uid,full_name,role,unit,place_id"]
    good = []
    for i in range(1000):
        uid = f"{P}b-{i:04d}"
        unit = communes[i % len(communes)]
        if i % 3 == 0:
            lines.append(f"{uid},Nguyễn Văn Số {chr(65 + i % 26)},officer,{unit},{place}")
        elif i % 3 == 1:
            lines.append(f"{uid},Trần Thị Hoa,police,{unit},")
        else:
            lines.append(f'"{uid}","Lê Văn Năm","admin","{unit}",')
        good.append(uid)
    bad = [
        (f"Bad Uid!,Lê Văn Sai,police,{communes[0]},", "uid"),
        (f"{P}b-role,Lê Văn Sai,chief,{communes[0]},", "role"),
        (f"{P}b-hanoi,Lê Văn Sai,police,{chain['c01']},", "unit"),
        (f"{P}b-noplace,Lê Văn Sai,officer,{communes[0]},", "place_id"),
        (f"{P}b-0007,Lê Văn Trùng,police,{communes[0]},", "uid"),        # twice in the file
        (f"{P}-congan1,Lê Văn Cũ,police,{communes[0]},", "uid"),         # exists already
        (f"{P}b-name,Lê Văn 3,police,{communes[0]},", "full_name"),
        (f"{P}b-unit,Lê Văn Sai,police,99999,", "unit"),
        (f"{P}b-farplace,Lê Văn Sai,officer,{communes[0]},{chain['place01']}", "place_id"),
        (f"{P}b-kind,Lê Văn Sai,venue,{communes[0]},{place}", "place_id"),
        (f"{P}b-cols,Lê Văn Sai,police,{communes[0]},,extra", "csv"),
    ]
    expected = {}
    for k, (row, field) in enumerate(bad):
        at = 40 + k * 90                      # scattered through the file
        lines.insert(at, row)
    for k, (row, field) in enumerate(bad):
        expected[lines.index(row) + 1] = field
    csv_text = "\r\n".join(lines) + "\r\n"
    started = time.monotonic()
    r = post(p38, stack, action="bulk_create", csv=csv_text)
    took = time.monotonic() - started
    print(f"\nbulk_create: {len(good)} accounts + {len(bad)} bad rows in {took:.1f} s")
    assert r.status_code == 200, r.text[:500]
    body = r.json()
    assert {e["line"]: e["field"] for e in body["errors"]} == expected
    assert len(body["errors"]) == len(bad)
    assert all(e["message"] for e in body["errors"])
    dup = next(e for e in body["errors"] if e["line"] == lines.index(bad[4][0]) + 1)
    assert str(lines.index(f"{P}b-0007,Trần Thị Hoa,police,{communes[7]},") + 1) in dup["message"]
    assert sorted(c["uid"] for c in body["created"]) == good
    assert all(lines[c["line"] - 1].lstrip('"').startswith(c["uid"]) for c in body["created"])
    assert len({c["password"] for c in body["created"]}) == 1000
    assert took < 60
    # Counted by the directory itself.
    rc, out = ldap(stack, "ldapsearch", "-LLL", "-b", "ou=units," + SUFFIX,
                   f"(&(objectClass=kdAccount)(uid={P}b-*))", "1.1")
    assert rc == 0 and out.count("dn: ") == 1000, out[-300:]
    e = ldap_entries(stack, f"(uid={P}b-0003)", "kdRole", "kdPlaceId", "pwdReset")
    assert e[f"{P}b-0003"]["kdPlaceId"] == [str(place)]
    assert e[f"{P}b-0003"]["pwdReset"] == ["TRUE"]
    assert e[f"{P}b-0003"]["dn"][0].startswith(f"uid={P}b-0003,ou={communes[3]},ou=380,")
    # A created account works, and must change its password first.
    created = {c["uid"]: c["password"] for c in body["created"]}
    first_login(stack, f"{P}b-0003", created[f"{P}b-0003"])
    # One audit row per account, and one for the upload.
    assert stack.sql("SELECT COUNT(*) FROM audit_log WHERE actor=%s AND action='account_create'"
                     " AND target LIKE %s", f"{P}-tinh38", f"{P}b-%")[0][0] == "1000"
    assert stack.sql("SELECT detail FROM audit_log WHERE actor=%s AND "
                     "action='account_bulk_create'", f"{P}-tinh38") == \
        [("rows=1011 created=1000 errors=11",)]
    # No password in the audit log or the program's log.
    details = " ".join(r[0] for r in stack.sql("SELECT detail FROM audit_log"))
    log = (stack.var / "log" / "admin-accounts.log").read_text()
    for pw in list(created.values())[:50]:
        assert pw not in details and pw not in log


def test_bulk_refuses_a_bad_header_and_an_outsider(stack, chain):
    r = post(chain["p38"], stack, action="bulk_create", csv="uid;name\nx;y\n")
    assert r.status_code == 400 and "csv" in r.json()["error"]["fields"]
    r = post(chain["p01"], stack, action="bulk_create",
             csv=f"uid,full_name,role,unit,place_id\n{P}-b01x,Lê Văn Sai,police,{chain['c1']},\n")
    assert r.status_code == 200
    assert r.json()["created"] == [] and r.json()["errors"][0]["field"] == "unit"
    assert ldap_entries(stack, f"(uid={P}-b01x)") == {}


def test_every_action_is_audited(stack, chain):
    d, nat = f"{P}-huyen380", "admin"
    assert audit(stack, nat, "account_create", f"{P}-tinh38") == "1"
    assert audit(stack, f"{P}-tinh38", "account_create", f"{P}-huyen380") == "1"
    assert audit(stack, d, "account_create", f"{P}-canbo1") == "1"
    assert audit(stack, d, "place_create", str(chain["checkpoint"])) == "1"
    assert audit(stack, d, "account_disable", f"{P}-canbo1") == "1"
    assert audit(stack, d, "account_enable", f"{P}-canbo1") == "1"
    assert audit(stack, f"{P}-tinh38", "account_reset_password", f"{P}-congan1") == "1"
    assert audit(stack, f"{P}-xa1", "account_create", f"{P}-benhvien1") == "1"
    rows = stack.sql("SELECT detail, at > NOW() - INTERVAL 1 HOUR FROM audit_log "
                     "WHERE action='account_create' AND target=%s", f"{P}-canbo1")
    assert rows == [(f"officer {chain['c1']} {chain['checkpoint']}", "1")]
    # Refused actions leave no row.
    assert audit(stack, f"{P}-tinh01", "account_create", f"{P}-xam") == "0"
    assert audit(stack, f"{P}-tinh01", "account_disable", f"{P}-canbo1") == "0"


# --- issue 19: names, row actions, last login, places, the CSV of passwords --------

def page(s, stack, **params):
    r = s.get(stack.url + "/admin-accounts", params=params, headers={"Accept": "text/html"})
    assert r.status_code == 200
    return r.text


def test_the_list_names_units_and_places_and_the_last_login(stack, chain):
    requests.post(stack.url + "/login", headers=JSON,
                  data={"uid": f"{P}-canbo1", "password": chain["officer_pw"]})
    d = chain["d380"]
    got = next(a for a in d.get(stack.url + "/admin-accounts",
                                params={"q": f"{P}-canbo1"}).json()["accounts"])
    got_place = got["place_id"]
    assert got["place_name"] == stack.sql("SELECT name FROM places WHERE place_id=%s",
                                          got_place)[0][0]
    when = datetime.fromisoformat(got["last_login"])
    assert abs((datetime.now(timezone.utc) - when).total_seconds()) < 120
    never = create(d, stack, f"{P}-never1", "Lò Văn Chưa", "police", chain["c2"])
    assert never["uid"] == f"{P}-never1"
    got = d.get(stack.url + "/admin-accounts", params={"q": f"{P}-never1"}).json()
    assert got["accounts"][0]["last_login"] is None
    html = page(d, stack, q=f"{P}-canbo1")
    row = re.search(rf'<tr[^>]*data-uid="{P}-canbo1">.*?</tr>', html, re.S).group(0)
    unit = stack.sql("SELECT CONCAT(type, ' ', name) FROM admin_units WHERE code=%s",
                     chain["c1"])[0][0]
    assert f'{unit} <span class="code">{chain["c1"]}</span>' in row
    name = stack.sql("SELECT name FROM places WHERE place_id=%s", got_place)[0][0]
    assert f'{name} <span class="code">#{got_place}</span>' in row
    assert " ngày " in row and "Chưa đăng nhập" not in row
    assert "Chưa đăng nhập" in page(d, stack, q=f"{P}-never1")


def test_row_actions_ask_first_on_the_page(stack, chain):
    d = chain["d380"]
    html = page(d, stack, q=f"{P}-congan1")
    row = re.search(rf'<tr[^>]*data-uid="{P}-congan1">.*?</tr>', html, re.S).group(0)
    assert 'value="disable"' in row and 'value="reset_password"' in row
    assert 'data-confirm="Khoá tài khoản' in row
    # A page's disable without the answer: the question, nothing done.
    r = d.post(stack.url + "/admin-accounts", headers={"Accept": "text/html"},
               data={"action": "disable", "uid": f"{P}-congan1", "csrf": d.csrf})
    assert r.status_code == 200 and 'id="confirm-question"' in r.text
    assert f"Khoá tài khoản {P}-congan1 (Phạm Công An)?" in r.text
    assert 'name="confirmed" value="1"' in r.text
    assert "pwdAccountLockedTime" not in ldap_entries(
        stack, f"(uid={P}-congan1)", "pwdAccountLockedTime")[f"{P}-congan1"]
    # With it: done, and the row now offers enable.
    r = d.post(stack.url + "/admin-accounts", headers={"Accept": "text/html"},
               data={"action": "disable", "uid": f"{P}-congan1", "csrf": d.csrf,
                     "confirmed": "1"})
    assert r.status_code == 200 and "Đã khoá tài khoản." in r.text
    row = re.search(rf'<tr[^>]*data-uid="{P}-congan1">.*?</tr>', r.text, re.S).group(0)
    assert 'value="enable"' in row
    r = d.post(stack.url + "/admin-accounts", headers={"Accept": "text/html"},
               data={"action": "enable", "uid": f"{P}-congan1", "csrf": d.csrf,
                     "confirmed": "1"})
    assert "Đã mở khoá tài khoản." in r.text
    # A reset asks too; JSON clients are never asked.
    r = d.post(stack.url + "/admin-accounts", headers={"Accept": "text/html"},
               data={"action": "reset_password", "uid": f"{P}-congan1", "csrf": d.csrf})
    assert 'id="confirm-question"' in r.text and 'id="one-time-password"' not in r.text


def test_a_unit_and_a_commune_chosen_by_name(stack, chain):
    p38 = chain["p38"]
    # One unit of that name inside Thanh Hóa: taken.
    r = post(p38, stack, action="create", uid=f"{P}-byname1", full_name="Mai Văn Tên",
             role="admin", unit_q="tp thanh hoa")
    assert r.status_code == 201, r.text
    assert ldap_entries(stack, f"(uid={P}-byname1)")[f"{P}-byname1"]["dn"][0].startswith(
        f"uid={P}-byname1,ou=380,ou=38,")
    # Hàm Rồng of Lào Cai is outside Thanh Hóa: only Thanh Hóa's is found.
    r = post(p38, stack, action="create_place", kind="checkpoint", name="Chốt cầu Hàm Rồng 2",
             commune_q="ham rong")
    assert r.status_code == 201, r.text
    assert stack.sql("SELECT commune FROM places WHERE place_id=%s",
                     r.json()["place_id"]) == [("14755",)]
    # Several: the page lists them to pick from, none is taken.
    r = p38.post(stack.url + "/admin-accounts", headers={"Accept": "text/html"},
                 data={"action": "create", "uid": f"{P}-byname2", "full_name": "Mai Văn Hai",
                       "role": "police", "unit_q": "thanh", "csrf": p38.csrf})
    assert r.status_code == 400
    picks = re.findall(r'type="radio" name="unit" value="(\d+)"', r.text)
    assert len(picks) > 1 and all(code.startswith("38") or
                                  stack.sql("SELECT province_code FROM admin_units WHERE"
                                            " code=%s", code) == [("38",)] for code in picks)
    assert ldap_entries(stack, f"(uid={P}-byname2)") == {}


def test_places_are_edited_and_retired(stack, chain):
    d = chain["d380"]
    pid = make_place(d, stack, "checkpoint", "Chốt tạm", chain["c2"])
    r = post(d, stack, action="edit_place", place_id=str(pid), name="Chốt Cầu Mới",
             address="Km 5")
    assert r.status_code == 200 and r.json() == {"place_id": pid}
    assert stack.sql("SELECT name, address, kind, commune FROM places WHERE place_id=%s",
                     pid) == [("Chốt Cầu Mới", "Km 5", "checkpoint", chain["c2"])]
    # Outside the subtree: refused, unchanged.
    r = post(chain["p01"], stack, action="edit_place", place_id=str(pid), name="Của Hà Nội")
    assert r.status_code == 403
    r = post(chain["p01"], stack, action="retire_place", place_id=str(pid))
    assert r.status_code == 403
    # The page asks before retiring.
    r = d.post(stack.url + "/admin-accounts", headers={"Accept": "text/html"},
               data={"action": "retire_place", "place_id": str(pid), "csrf": d.csrf})
    assert 'id="confirm-question"' in r.text and "Chốt Cầu Mới" in r.text
    assert stack.sql("SELECT retired_at IS NULL FROM places WHERE place_id=%s", pid) == [("1",)]
    r = post(d, stack, action="retire_place", place_id=str(pid))
    assert r.status_code == 200 and r.json() == {"place_id": pid, "retired": True}
    assert post(d, stack, action="retire_place", place_id=str(pid)).status_code == 200
    # A retired place takes no account; the list marks it.
    r = post(d, stack, action="create", uid=f"{P}-retired1", full_name="Lê Văn Chốt",
             role="officer", unit=chain["c2"], place_id=str(pid))
    assert r.status_code == 400 and "ngừng hoạt động" in r.json()["error"]["fields"]["place_id"]
    html = page(d, stack)
    assert re.search(rf'data-place="{pid}">.*?\(đã ngừng\)', html, re.S)
    assert f'<option value="{pid}">' not in html
    assert audit(stack, f"{P}-huyen380", "place_edit", str(pid)) == "1"
    assert audit(stack, f"{P}-huyen380", "place_retire", str(pid)) == "1"


def test_bulk_passwords_come_as_a_csv_the_page_carries(stack, chain):
    p38 = chain["p38"]
    csv_text = ("uid,full_name,role,unit,place_id\n"
                f"{P}-csv1,Lê Thị Một,police,38,\n{P}-csv2,Lê Thị Hai,police,38,\n")
    r = p38.post(stack.url + "/admin-accounts", headers={"Accept": "text/html"},
                 data={"action": "bulk_create", "csv": csv_text, "csrf": p38.csrf})
    assert r.status_code == 200
    link = re.search(r'id="passwords-csv" download="mat-khau-mot-lan.csv" '
                     r'href="data:text/csv;charset=utf-8,([^"]*)"', r.text)
    text = urllib.parse.unquote(html_mod.unescape(link.group(1)))
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0] == "line,uid,password"
    shown = dict(re.findall(r'<td>\d+</td><td>([^<]+)</td><td><code class="otp">([^<]+)</code>',
                            r.text))
    assert {ln.split(",")[1]: ln.split(",")[2] for ln in lines[1:]} == shown
    assert set(shown) == {f"{P}-csv1", f"{P}-csv2"}
    # Never stored: not in the database, not in the log.
    for pw in shown.values():
        assert not stack.sql("SELECT 1 FROM audit_log WHERE detail LIKE %s", f"%{pw}%")
        assert pw not in (stack.var / "log" / "admin-accounts.log").read_text()
