"""Pages for people (issue 12, part 7): a browser never sees raw JSON or
nginx's English pages.  nginx's own refusals (404, 403, 413, 429, 503 of a
program that is not built or not running) answer our Vietnamese page
(htdocs/errors/, made by kd-error-pages from the programs' error table),
and the SPEC's error JSON to a JSON client; the programs' 401 page leads
to the login; every page an officer sees has the header naming who is
logged in.  Where each role lands after logging in: test_login.py.

Every HTML page of the integration tests also goes through tidy
(conftest.py); the first tests here show that check can fail."""
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests

from .helpers import (HTML, JSON, ROLES, ROOT, curl, header_problems, people, stack_programs,
                      tidy_problems)

ERRORS = ROOT / "htdocs" / "errors"
# Our words for nginx's statuses (lib/resp.c), by status: (code, words).
NGINX_ERRORS = {
    403: ("forbidden", "Bạn không có quyền thực hiện thao tác này."),
    404: ("not_found", "Không tìm thấy trang hoặc dữ liệu yêu cầu."),
    413: ("too_large", "Dữ liệu gửi lên quá lớn."),
    429: ("rate_limited", "Quá nhiều yêu cầu. Vui lòng thử lại sau."),
    503: ("unavailable", "Hệ thống đang bận. Vui lòng thử lại sau."),
}


def assert_our_page(status, ctype, text, want_status):
    """Our Vietnamese HTML page for want_status, not nginx's."""
    code, words = NGINX_ERRORS[want_status]
    assert status == want_status, (status, text[:300])
    assert ctype.startswith("text/html"), ctype
    assert '<html lang="vi">' in text and words in text and f"({code})" in text
    assert "nginx" not in text.lower()
    assert tidy_problems(text) == []


def assert_our_json(status, ctype, text, want_status):
    """The SPEC's error shape with our code and words."""
    code, words = NGINX_ERRORS[want_status]
    assert status == want_status, (status, text[:300])
    assert ctype.startswith("application/json"), ctype
    assert json.loads(text) == {"error": {"code": code, "message": words}}


def both(stack, path, want_status, **kw):
    """path as a browser and as a JSON client: our page, our JSON."""
    assert_our_page(*curl(stack, path, **kw), want_status)
    assert_our_json(*curl(stack, path, accept="application/json", **kw), want_status)


# ------------------------------------------------------------------- tidy

def test_tidy_finds_real_faults():
    page = ("<!DOCTYPE html><html lang=\"vi\"><head><title>x</title></head><body>"
            "<p><b>chưa đóng</p><img src=\"a.png\"><p id=\"a\"></p><p id=\"a\"></p>"
            "<frob>lạ</frob></body></html>")
    found = "\n".join(tidy_problems(page))
    assert "<img> lacks \"alt\" attribute" in found
    assert "anchor \"a\" already defined" in found
    assert "<frob> is not recognized" in found


def test_tidy_tolerates_what_the_standard_allows():
    page = ("<!DOCTYPE html><html lang=\"vi\"><head><title>x</title></head><body>"
            "<input name=\"q\" inputmode=\"numeric\" autocapitalize=\"none\">"
            "<dl><div><dt>a</dt><dd>b</dd></div></dl><span></span></body></html>")
    assert tidy_problems(page) == []


def test_the_error_pages_nginx_serves_are_made_and_clean():
    for status, (code, words) in NGINX_ERRORS.items():
        page = (ERRORS / f"{status}.html").read_text()
        assert words in page and tidy_problems(page) == [], status
        assert json.loads((ERRORS / f"{status}.json").read_text()) == \
            {"error": {"code": code, "message": words}}


# ------------------------------------------------------ nginx's refusals

@pytest.mark.parametrize("path", ["/no-such-page", "/css/no-such.css", "/errors/404"])
def test_unknown_static_path_is_our_404(stack, path):
    both(stack, path, 404)


def test_a_folder_without_index_is_our_403(stack):
    both(stack, "/css/", 403)


def test_a_body_over_nginx_limit_is_our_413(stack):
    huge = b"a=" + b"b" * (5 * 1024 * 1024)
    both(stack, "/login", 413, data=huge)


def test_rate_limit_answers_our_429(stack):
    """127.0.0.3 asks for the login page until nginx limits it (30 a
    minute, 10 at once), as a browser and as a JSON client."""
    for accept, check in (("text/html", assert_our_page), ("application/json", assert_our_json)):
        for _ in range(30):
            answer = curl(stack, "/login", accept=accept, interface="127.0.0.3")
            if answer[0] != 200:
                break
        check(*answer, 429)


def built(program):
    return (ROOT / "build" / "bin" / program).exists()


@pytest.mark.parametrize("program", [p for p in stack_programs() if not built(p)]
                         or [pytest.param(None, marks=pytest.mark.skip("every program is built"))])
def test_a_program_not_built_yet_is_our_503(stack, program):
    both(stack, f"/{program}", 503)


def test_a_program_not_running_is_our_503(stack):
    """hello stopped (its supervisor ends its workers and removes its
    socket), then started again by scripts/stack."""
    supervisor = int((stack.var / "run" / "hello.pid").read_text())
    os.kill(supervisor, signal.SIGTERM)
    deadline = time.time() + 15
    while Path(f"/proc/{supervisor}").exists() and time.time() < deadline:
        time.sleep(0.1)
    try:
        both(stack, "/hello", 503)
    finally:
        started = subprocess.run([str(ROOT / "scripts" / "stack"), "start"], env=stack.env,
                                 capture_output=True, text=True)
        assert started.returncode == 0, started.stdout + started.stderr
    assert requests.get(stack.url + "/hello").text == "xin chào\n"


# ------------------------------------------------------ the programs' pages

def test_401_page_leads_to_the_login(stack):
    r = requests.post(stack.url + "/verify", headers=HTML, data={"code": "x"})
    assert r.status_code == 401 and r.headers["Content-Type"].startswith("text/html")
    assert "Vui lòng đăng nhập." in r.text
    # Log in and come back to the page that asked.
    assert '<a class="button" href="/login?next=/verify">Đăng nhập</a>' in r.text
    # Without a session the header names no one and has no logout.
    assert 'class="who"' not in r.text and 'action="/logout"' not in r.text


@pytest.fixture(scope="module")
def staff(stack):
    return people(stack, "trang cho người")


def test_403_page_is_vietnamese_with_the_header(stack, staff):
    admin = staff["admin"]
    r = admin.session.get(stack.url + "/verify", headers=HTML)
    assert r.status_code == 403 and r.headers["Content-Type"].startswith("text/html")
    assert "Bạn không có quyền thực hiện thao tác này." in r.text
    assert 'href="/login"' not in r.text
    assert header_problems(r.text, admin) == []


@pytest.mark.parametrize("role", list(ROLES))
def test_every_role_sees_who_is_logged_in(stack, staff, role):
    """The header names the account, its role, its unit (the national
    administrator: "Toàn quốc") and, for kiosk roles, its place."""
    person = staff[role]
    home = ROLES[role][1]
    if not built(home.lstrip("/")):
        home = "/verify"                  # a 403 page: police's own is not built yet
    r = person.session.get(stack.url + home, headers=HTML)
    assert r.headers["Content-Type"].startswith("text/html")
    assert header_problems(r.text, person) == []


def test_json_clients_get_no_page(stack, staff):
    r = staff["admin"].session.get(stack.url + "/verify", headers=JSON)
    assert r.status_code == 403
    assert r.json() == {"error": {"code": "forbidden",
                                  "message": "Bạn không có quyền thực hiện thao tác này."}}
