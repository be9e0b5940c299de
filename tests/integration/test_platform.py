"""The whole stack, before and around the programs: the home page and
security headers, request parsing (bodies, encodings, keys), routing,
nginx's limits, the units and the directory loaded at start, the workers.
Each program's own tests: test_<program>.py; who may call which route:
test_routes.py; the pages people see when something is refused:
test_pages.py."""
import os
import re
import subprocess
import time
from pathlib import Path

import pytest
import requests

from .helpers import JSON, workers


def test_home_page_is_vietnamese_with_security_headers(stack):
    r = requests.get(stack.url + "/")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/html")
    assert "Khai báo di chuyển và y tế" in r.text
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Referrer-Policy"] == "no-referrer"


def test_static_files_are_cacheable(stack):
    r = requests.get(stack.url + "/css/site.css")
    assert r.status_code == 200
    assert "max-age=86400" in r.headers["Cache-Control"]
    assert "Content-Security-Policy" in r.headers


def test_dynamic_answers_carry_security_headers_and_no_store(stack):
    r = requests.get(stack.url + "/login")
    assert r.status_code == 200
    assert "Đăng nhập" in r.text
    assert r.headers["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in r.headers


def test_oversize_body_is_413_json(stack):
    r = requests.post(stack.url + "/login", headers=JSON,
                      data={"uid": "admin", "password": "p" * 40000})
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "too_large"


def test_huge_body_is_stopped_by_nginx(stack):
    r = requests.post(stack.url + "/login", headers=JSON, data="a=" + "b" * (5 * 1024 * 1024),
                      )
    assert r.status_code == 413


@pytest.mark.parametrize("body", [
    b"uid=adm%FFin&password=xxxxxxxxxx",       # invalid UTF-8
    b"uid=%C0%AFadmin&password=xxxxxxxxxx",    # overlong encoding
    b"uid=admin%00&password=xxxxxxxxxx",       # NUL
])
def test_invalid_utf8_is_400_naming_the_field(stack, body):
    r = requests.post(stack.url + "/login", data=body,
                      headers=dict(JSON, **{"Content-Type": "application/x-www-form-urlencoded"}))
    assert r.status_code == 400
    err = r.json()["error"]
    assert err["code"] == "invalid_fields" and list(err["fields"]) == ["uid"], err


def test_broken_percent_encoding_is_400(stack):
    r = requests.post(stack.url + "/login", data=b"uid=ad%4&password=%",
                      headers=dict(JSON, **{"Content-Type": "application/x-www-form-urlencoded"}))
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "bad_encoding"


def test_unknown_and_repeated_fields_are_named(stack):
    r = requests.post(stack.url + "/login", headers=JSON,
                      data={"uid": "admin", "password": "xxxxxxxxxxxx", "role": "admin"})
    assert r.status_code == 400
    assert r.json()["error"]["fields"] == {"role": "Trường không được phép hoặc bị lặp."}
    r = requests.post(stack.url + "/login", headers=JSON,
                      data=[("uid", "admin"), ("uid", "other"), ("password", "xxxxxxxxxxxx")])
    assert r.status_code == 400
    assert "uid" in r.json()["error"]["fields"]


def test_unknown_path_404_and_wrong_method_405(stack):
    r = requests.get(stack.url + "/logout", headers=JSON)
    assert r.status_code == 405
    r = requests.get(stack.url + "/no-such-page")
    assert r.status_code == 404


def test_rate_limit_applies_to_other_addresses(stack):
    """127.0.0.1 is exempt (benchmarks); 127.0.0.2 is limited like any client."""
    codes = []
    for _ in range(15):
        out = subprocess.run(
            ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--interface", "127.0.0.2",
             "-d", "uid=ratelimited&password=xxxxxxxxxx", stack.url + "/login"],
            capture_output=True, text=True)
        codes.append(out.stdout)
    assert "429" in codes
    stack.sql("DELETE FROM login_failures")


def test_ldap_tree_has_every_unit(stack):
    out = subprocess.run(
        ["ldapsearch", "-x", "-LLL", "-H", stack.conf["ldap_uri"],
         "-D", stack.conf["ldap_bind_dn"], "-w", stack.conf["ldap_bind_password"],
         "-b", "ou=units,dc=kiemdich,dc=vn", "(objectClass=kdUnit)", "kdUnitLevel"],
        check=True, capture_output=True, text=True).stdout
    levels = [l.split(": ")[1] for l in out.splitlines() if l.startswith("kdUnitLevel:")]
    assert levels.count("province") == 63
    assert levels.count("district") == 705
    assert levels.count("commune") == 10599


def test_units_table_loaded(stack):
    rows = stack.sql("SELECT level, COUNT(*) FROM admin_units GROUP BY level ORDER BY level")
    assert rows == [("province", "63"), ("district", "705"), ("commune", "10599")]
    # Thanh Hóa (38): district 380 and its communes point back to the province.
    assert stack.sql("SELECT province_code, district_code FROM admin_units WHERE code='380'") \
        == [("38", "380")]
    assert stack.sql("SELECT COUNT(*) FROM admin_units WHERE level='commune' AND province_code='38'") \
        == [("559",)]


def test_workers_start_on_one_connection_each(stack):
    """A worker opens its database connection before anything reads over
    it (the units at start-up): no program logs a lost connection while
    MariaDB has stayed up (tests that kill it run last, test_zz_*)."""
    logs = sorted((stack.var / "log").glob("*.log"))
    programs = [p for p in logs if p.stem in ("declare", "verify", "paper-entry", "login")]
    assert len(programs) == 4
    for path in programs:
        assert "server went away" not in path.read_text(errors="replace"), path.name


def test_only_the_directory_programs_load_libldap(stack):
    """libldap brings GnuTLS, SASL and p11-kit with it, about 1 MB of each
    worker's RSS (bench/RESULTS.md): only login and admin-accounts read the
    directory, so only their workers may have it mapped."""
    def maps_of(program):
        pids = workers(stack, program)
        assert pids, program
        return Path(f"/proc/{pids[0]}/maps").read_text()
    for program in ("login", "admin-accounts"):
        assert "libldap" in maps_of(program), program
    for program in ("declare", "qr", "verify", "paper-entry", "f-status", "welfare",
                    "report", "zones"):
        maps = maps_of(program)
        assert "libldap" not in maps and "libgnutls" not in maps, program


def test_a_program_whose_sql_the_schema_refuses_does_not_start(stack, tmp_path):
    """Statements are prepared when first run (lib/db.h), but the first
    connection of a process still prepares its whole table: a program run
    against a schema without its tables stops at start, naming the
    statement, instead of failing its first request.  The schema has the
    units, which a worker reads at start, so that only the check stops it."""
    stack.sql("CREATE DATABASE IF NOT EXISTS kd_empty;"
              " CREATE TABLE IF NOT EXISTS kd_empty.admin_units LIKE kiemdich.admin_units;"
              " INSERT IGNORE INTO kd_empty.admin_units SELECT * FROM kiemdich.admin_units;"
              " GRANT SELECT ON kd_empty.* TO 'kiemdich'@'localhost'")
    conf = re.sub(r"(?m)^db_name *=.*$", "db_name = kd_empty",
                  (stack.var / "kiemdich.conf").read_text())
    (tmp_path / "kiemdich.conf").write_text(conf)
    binary = os.path.join(stack.env.get("KD_PROG_BIN", str(stack.root / "build" / "bin")),
                          "welfare")
    env = dict(stack.env, ASAN_OPTIONS=f"log_path={stack.var}/log/asan:detect_leaks=0")
    with open(tmp_path / "welfare.log", "w") as log:
        program = subprocess.Popen([binary, "-c", str(tmp_path / "kiemdich.conf"),
                                    "-s", str(tmp_path / "w.sock"), "-p", str(tmp_path / "w.pid")],
                                   stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env)
        try:
            deadline = time.time() + 20
            while time.time() < deadline and \
                    "start-up failed" not in (tmp_path / "welfare.log").read_text():
                time.sleep(0.2)
        finally:
            program.terminate()
            program.wait(timeout=20)
            stack.sql("DROP DATABASE kd_empty")
    text = (tmp_path / "welfare.log").read_text()
    assert re.search(r"prepare of statement \d+ failed: Table 'kd_empty\.\w+' doesn't exist",
                     text), text[-2000:]
    assert "worker start-up failed" in text
