"""Officer sessions (cgi-bin/login.c): POST /login (the directory's
password, failures counted and locked, the form's errors), where each role
lands and `next`, POST /logout, the audit of each login.  The session
cache of the workers: test_session_cache.py."""
import pytest
import requests

from .helpers import JSON, ROLES, people


def test_admin_login_answers_session_json(stack):
    s = stack.session()
    r = s.post(stack.url + "/login", data={"uid": "admin", "password": stack.admin_password})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["uid"] == "admin" and body["role"] == "admin" and body["unit"] == ""
    assert body["place_id"] is None
    assert len(body["csrf"]) == 43
    cookie = r.headers["Set-Cookie"]
    assert "sid=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    who = s.get(stack.url + "/login")
    assert who.status_code == 200 and who.json()["uid"] == "admin"


def test_wrong_password_is_401_and_unknown_user_looks_the_same(stack):
    a = requests.post(stack.url + "/login", headers=JSON,
                      data={"uid": "admin", "password": "not-the-password"})
    b = requests.post(stack.url + "/login", headers=JSON,
                      data={"uid": "nobody-here", "password": "not-the-password"})
    assert a.status_code == b.status_code == 401
    assert a.json()["error"]["code"] == b.json()["error"]["code"] == "bad_credentials"
    stack.sql("DELETE FROM login_failures")


def test_repeated_failures_lock_the_account_for_a_while(stack):
    uid = "ghost-lock"
    codes = [requests.post(stack.url + "/login", headers=JSON,
                           data={"uid": uid, "password": "x" * 12}).status_code
             for _ in range(6)]
    assert codes[:5] == [401] * 5
    assert codes[5] == 429
    r = requests.post(stack.url + "/login", headers=JSON, data={"uid": uid, "password": "x"})
    assert r.json()["error"]["code"] == "account_locked"
    assert stack.sql("SELECT locked_until > NOW() FROM login_failures WHERE uid=%s", uid) == [("1",)]


def test_login_html_form_error_is_vietnamese_and_keeps_uid(stack):
    r = requests.post(stack.url + "/login", data={"uid": "canbo01", "password": "sai-mat-khau"})
    assert r.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in r.text
    assert 'value="canbo01"' in r.text
    assert "sai-mat-khau" not in r.text
    stack.sql("DELETE FROM login_failures")


def test_logout_needs_csrf_then_ends_the_session(stack):
    s = stack.admin()
    no_token = requests.post(stack.url + "/logout", headers=JSON, cookies=s.cookies)
    assert no_token.status_code == 403
    assert no_token.json()["error"]["code"] == "csrf_failed"
    r = s.post(stack.url + "/logout")
    assert r.status_code == 200
    assert s.get(stack.url + "/login").status_code == 401


def test_logout_without_session_is_401(stack):
    r = requests.post(stack.url + "/logout", headers=JSON)
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "not_logged_in"


def test_cross_site_login_is_refused(stack):
    r = requests.post(stack.url + "/login", headers=dict(JSON, Origin="https://evil.example"),
                      data={"uid": "admin", "password": stack.admin_password})
    assert r.status_code == 403
    r = requests.post(stack.url + "/login", headers=dict(JSON, **{"Sec-Fetch-Site": "cross-site"}),
                      data={"uid": "admin", "password": stack.admin_password})
    assert r.status_code == 403


def test_ldap_injection_in_uid_is_refused_before_the_directory(stack):
    r = requests.post(stack.url + "/login", headers=JSON,
                      data={"uid": "*)(uid=*", "password": "whatever123"})
    assert r.status_code == 400
    assert "uid" in r.json()["error"]["fields"]


def test_every_login_is_audited_without_personal_data(stack):
    stack.admin()
    rows = stack.sql("SELECT actor, action, target FROM audit_log WHERE action='login' "
                     "ORDER BY audit_id DESC LIMIT 1")
    assert rows == [("admin", "login", "admin")]


# ------------------------------------------------- where a browser lands

@pytest.fixture(scope="module")
def staff(stack):
    return people(stack, "đăng nhập")


def log_in(stack, person, browser=None, **extra):
    """The login form as a browser sends it; the answer, not followed."""
    return (browser or requests).post(
        stack.url + "/login", data=dict(uid=person.uid, password=person.password, **extra),
        allow_redirects=False)


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_lands_on_its_own_page(stack, staff, role):
    r = log_in(stack, staff[role])
    assert r.status_code == 303, r.text
    assert r.headers["Location"] == ROLES[role][1]
    assert "sid=" in r.headers["Set-Cookie"]


def test_the_page_asked_for_comes_after_the_login(stack, staff):
    """A browser sent to the login by /paper-entry comes back to it."""
    browser = requests.Session()
    r = browser.get(stack.url + "/paper-entry", allow_redirects=False)
    assert r.status_code == 303 and r.headers["Location"] == "/login?next=/paper-entry"
    form = browser.get(stack.url + r.headers["Location"])
    assert form.status_code == 200
    assert '<input type="hidden" name="next" value="/paper-entry">' in form.text
    r = log_in(stack, staff["officer"], browser, next="/paper-entry")
    assert r.status_code == 303 and r.headers["Location"] == "/paper-entry"
    page = browser.get(stack.url + "/paper-entry")
    assert page.status_code == 200 and "Nhập tờ khai giấy" in page.text
    # Without next, the officer's own page.
    assert log_in(stack, staff["officer"]).headers["Location"] == "/verify"


@pytest.mark.parametrize("elsewhere", ["//evil.example/x", "https://evil.example/",
                                       "/verify?code=1", "verify", "/a b"])
def test_next_leads_only_to_our_own_pages(stack, staff, elsewhere):
    r = log_in(stack, staff["officer"], next=elsewhere)
    assert r.status_code == 400 and "Location" not in r.headers
    assert "sid=" not in r.headers.get("Set-Cookie", "")
    r = requests.get(stack.url + "/login", params={"next": elsewhere}, headers=JSON)
    assert r.status_code == 400 and "next" in r.json()["error"]["fields"]
