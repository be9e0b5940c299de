"""Shared fixtures: one real stack (MariaDB, slapd, our programs, nginx) for
the whole test session, on free ports in a temporary state folder, started
and stopped by the project's own scripts/stack."""
import os
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
import requests

from integration.logscan import log_dirs, people_of, scan

ROOT = Path(__file__).resolve().parent.parent


def free_ports(n):
    """n distinct free ports (all held open until all are chosen)."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def sql_quote(value):
    if value is None:
        return "NULL"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return "'" + text + "'"


class Stack:
    def __init__(self, var, port):
        self.root = ROOT
        self.var = Path(var)
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.conf_path = self.var / "kiemdich.conf"
        self.env = dict(os.environ, KD_CONF=str(self.conf_path), VAR=str(self.var),
                        PORT=str(port))
        self.conf = {}

    def load_conf(self):
        for line in self.conf_path.read_text().splitlines():
            m = re.match(r"^(\w+)\s*=\s*(.*)$", line)
            if m:
                self.conf[m.group(1)] = m.group(2)

    @property
    def admin_password(self):
        return (self.var / "admin-password").read_text().strip()

    @property
    def ldap_root_password(self):
        return (self.var / "ldap" / "root-password").read_text().strip()

    def sql(self, query, *params):
        """Runs query (with %s placeholders quoted here) as the database root
        over the socket; returns rows as tuples of strings (None for NULL)."""
        text = query.replace("%s", "{}").format(*[sql_quote(p) for p in params])
        # On standard input, not as -e: a query naming thousands of keys
        # (the cluster's load test) passes Linux's 128 KB for one argument.
        out = subprocess.run(
            ["mariadb", "--no-defaults", "-uroot", f"--socket={self.conf['db_socket']}",
             "--batch", "--raw", "-N", "kiemdich"],
            input=text, check=True, capture_output=True, text=True).stdout
        rows = []
        for line in out.splitlines():
            rows.append(tuple(None if c == "NULL" else c for c in line.split("\t")))
        return rows

    def session(self):
        s = requests.Session()
        s.headers["Accept"] = "application/json"
        return s

    def login(self, uid, password, **extra):
        """A requests.Session logged in as uid; .csrf holds the token."""
        s = self.session()
        r = s.post(self.url + "/login", data=dict(uid=uid, password=password, **extra))
        assert r.status_code == 200, r.text
        s.csrf = r.json()["csrf"]
        s.headers["X-CSRF-Token"] = s.csrf
        return s

    def admin(self, fresh=False):
        """A session of the national administrator.  An administrator's
        new login ends its other sessions (issue 18), so the tests share
        one while it lives; fresh=True logs in again (ending the others)."""
        s = getattr(self, "_admin", None)
        if fresh or s is None or s.get(self.url + "/login").status_code != 200:
            s = self._admin = self.login("admin", self.admin_password)
        return s


def run_stack(extra_env=None, stack_class=Stack):
    """Starts a private stack (scripts/stack start) on free ports in a new
    folder under /tmp, yields its Stack, stops it and fails the session on
    any sanitizer report or personal data in a log.  extra_env: more settings of the first start
    (the cluster tests give CLUSTER=1); stack_class: Stack or a subclass."""
    keep = os.environ.get("KD_KEEP_STACK")
    var = tempfile.mkdtemp(prefix="kdt.", dir="/tmp")
    http_port, db_port, ldap_port = free_ports(3)
    st = stack_class(var, http_port)
    asan = ROOT / "build" / "asan" / "bin"
    if asan.is_dir() and not os.environ.get("KD_NO_ASAN") and not os.environ.get("KD_VALGRIND"):
        # The programs under test are the AddressSanitizer/UBSan build.
        st.env["KD_PROG_BIN"] = str(asan)
    # Tests come from 127.0.0.1 and must measure the programs, not nginx's
    # limits; rate limits are tested from 127.0.0.2 and up.
    env = dict(st.env, DEMO_CITIZENS=os.environ.get("DEMO_CITIZENS", "3000"),
               DB_BUFFER_POOL="256M", WORKERS="2", RATE_LIMIT_EXEMPT_LOCAL="1",
               DB_PORT=str(db_port), LDAP_PORT=str(ldap_port))
    env.update(extra_env or {})
    start = subprocess.run([str(ROOT / "scripts" / "stack"), "start"], env=env,
                           capture_output=True, text=True)
    if start.returncode != 0:
        logs = ""
        for f in sorted((Path(var) / "log").glob("*.log")):
            logs += f"\n--- {f.name}\n" + f.read_text(errors="replace")[-2000:]
        subprocess.run([str(ROOT / "scripts" / "stack"), "stop"], env=env)
        pytest.fail("stack did not start:\n" + start.stdout + start.stderr + logs)
    st.load_conf()
    # The registry as it started (the demo citizens), in order: tests add
    # citizens of their own, which must not shift helpers.citizen(n).
    st.registry_ids = [row[0] for row in st.sql("SELECT id_number FROM citizens"
                                                " ORDER BY id_number")]
    yield st
    # The citizens of the whole session, read before the database stops.
    people = people_of(st)
    subprocess.run([str(ROOT / "scripts" / "stack"), "stop"], env=env,
                   capture_output=True)
    # Any sanitizer report from any worker during the whole session fails it.
    logs = Path(var) / "log"
    reports = sorted(logs.glob("asan.*")) + sorted(logs.glob("ubsan.*"))
    # valgrind's, under KD_VALGRIND=1 (scripts/stack): a file per process,
    # empty when it found nothing.
    reports += [f for f in sorted(logs.glob("valgrind.*")) if f.stat().st_size > 0]
    text = "".join(f"--- {f.name}\n" + f.read_text(errors="replace")[-4000:]
                   for f in reports)
    # So does any of their ID numbers, names or phones in any log, after
    # every suite (issue 18; test_zzz_logs.py searches after its own
    # scenario, this once more after the browser tests and the stop).
    leaks = scan(people, log_dirs(st))
    if leaks:
        text += "personal data in the logs:\n" + "\n".join(leaks[:50]) + "\n"
    if not keep:
        shutil.rmtree(var, ignore_errors=True)
    if text:
        pytest.fail("sanitizer reports or personal data in the logs:\n" + text)


@pytest.fixture(scope="session")
def stack():
    yield from run_stack()
