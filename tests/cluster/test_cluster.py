"""Past one machine (issue 20): three Galera nodes, a slapd provider and two
consumers, the real programs behind nginx with the node list
(docs/DEPLOYMENT.md).  Run by `make test-cluster` (about three minutes),
not by make test.

  - the national rules hold with writes on all three nodes at once: 20
    parallel payments for one person give one payment, 12 parallel
    confirmations of one code at one checkpoint give one passage;
  - one node killed (SIGKILL) under a load of declarations, passages and
    payments: every 2xx is a row afterwards, on every node, service goes
    on, the node rejoins and catches up by IST;
  - an account disabled on the provider is refused at login by a
    consumer within seconds; logins go on with the provider down;
  - a restore of a mariabackup backup gives back every row acknowledged
    before the backup (and none after: it is that backup).

The order matters: the restore comes last (it rebuilds the cluster)."""
import os
import secrets
import signal
import subprocess
import threading
import time
from collections import Counter

import pytest
import requests

from integration import accounts
from integration import welfare_api as wf
from integration.helpers import JSON, declare, uid, wait_until
from integration.load import Load, nothing_acknowledged_is_lost

COMMUNE = "00004"       # a commune of Hà Nội (Phường Trúc Bạch)


def error_code(r):
    return r.json()["error"]["code"]


def node_state(stack, n):
    rows = stack.node_sql(n, "SELECT variable_name, variable_value"
                             " FROM information_schema.global_status WHERE variable_name IN"
                             " ('wsrep_cluster_size', 'wsrep_local_state_comment',"
                             " 'wsrep_last_committed')")
    return {k.lower(): v for k, v in rows}


def app_connections(stack, n):
    """Connections of the programs' account on node n."""
    return int(stack.node_sql(n, "SELECT COUNT(*) FROM information_schema.processlist"
                                 " WHERE user = 'kiemdich'")[0][0])


def count_on_every_node(stack, query):
    """COUNT(*) of query on each node, once it has applied everything."""
    counts = []
    for n in (1, 2, 3):
        stack.node_sql(n, "SET SESSION wsrep_sync_wait = 1; SELECT 1")
        counts.append(int(stack.node_sql(n, query)[0][0]))
    return counts


def all_at_once(calls):
    """Runs the calls in threads released together; their results in order."""
    barrier = threading.Barrier(len(calls))
    answers = [None] * len(calls)

    def one(i):
        barrier.wait()
        answers[i] = calls[i]()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


@pytest.fixture(scope="module")
def welfare(stack):
    program = wf.make_program(wf.admin(stack), amount=1500000)
    who = uid("ca-cum")
    password = accounts.make_account(stack, who, "police", unit=COMMUNE)
    police = wf.with_base(stack, stack.login(who, password))
    return {"program": program, "police": police, "uid": who, "password": password}


@pytest.fixture(scope="module")
def officer(stack):
    place = accounts.make_place(stack, "checkpoint", name="Chốt thử cụm máy", commune=COMMUNE)
    return accounts.officer_session(stack, uid("cum"), place)


def test_three_nodes_synced_and_written_through_all(stack):
    for n in (1, 2, 3):
        state = node_state(stack, n)
        assert state["wsrep_cluster_size"] == "3", state
        assert state["wsrep_local_state_comment"] == "Synced", state
    # Some declarations: the workers (db_spread = 1) hold connections on
    # every node, and each node has every row.
    made = [declare(stack, 900 + i) for i in range(12)]
    ids = ",".join(str(d["declaration_id"]) for d in made)
    assert {app_connections(stack, n) > 0 for n in (1, 2, 3)} == {True}
    assert count_on_every_node(stack, f"SELECT COUNT(*) FROM declarations"
                                      f" WHERE declaration_id IN ({ids})") == [12] * 3


def test_twenty_parallel_payments_on_three_nodes_one_payment(stack, welfare):
    x = wf.citizen(stack, COMMUNE)
    wf.register(welfare["police"], welfare["program"], x, expect=201)
    sessions = [wf.with_base(stack, stack.login(welfare["uid"], welfare["password"]))
                for _ in range(20)]
    answers = all_at_once([lambda s=s: wf.pay(s, welfare["program"], x) for s in sessions])
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] + [409] * 19, statuses
    assert {error_code(a) for a in answers if a.status_code == 409} == {"already_paid"}
    assert count_on_every_node(stack, f"SELECT COUNT(*) FROM welfare_payments"
                                      f" WHERE id_number = '{x['id_number']}'") == [1] * 3


def test_twelve_parallel_confirmations_of_one_code_one_passage(stack, officer):
    """The 5-minute rule rests on a row both transactions write (the
    declaration's passage_claims): row locks alone hold on one node only."""
    code = declare(stack, 950)
    cookies = officer.cookies.get_dict()

    def confirm():
        return requests.post(stack.url + "/verify", cookies=cookies, timeout=30,
                             headers=dict(JSON, **{"X-CSRF-Token": officer.csrf}),
                             data={"code": code["token"], "direction": "in"})
    answers = all_at_once([confirm] * 12)
    assert sorted(a.status_code for a in answers) == [200] * 11 + [201], \
        [(a.status_code, a.text[:80]) for a in answers]
    assert len({a.json()["passage_id"] for a in answers}) == 1
    rows = stack.sql("SELECT COUNT(*) FROM passages WHERE declaration_id=%s",
                     code["declaration_id"])
    assert rows == [("1",)]


class NationalLoad(Load):
    """Declarations and passages (Load), and police paying new citizens."""

    def __init__(self, stack, officer, codes, welfare):
        super().__init__(stack, officer, codes, declarers=2, confirmers=2)
        self.welfare = welfare
        self.people = [wf.citizen(stack, COMMUNE) for _ in range(150)]
        for person in self.people:
            wf.register(welfare["police"], welfare["program"], person, expect=201)
        self.threads.append(threading.Thread(target=self.paying))

    def paying(self):
        police = self.welfare["police"]
        for person in self.people:
            if self.stop.is_set():
                return
            ref = "pay-" + secrets.token_hex(8)
            try:
                r = wf.pay(police, self.welfare["program"], person, client_ref=ref)
                ident = r.json().get("payment_id") if r.status_code in (200, 201) else None
                self.keep("payment", r.status_code, ident, person["id_number"])
            except (requests.RequestException, ValueError):
                self.keep("payment", 0, None, person["id_number"])
            time.sleep(0.1)     # spread over the whole test


def payments_all_there(stack, load):
    paid = load.acknowledged("payment")
    assert paid, "no payment acknowledged"
    ids = ",".join(f"'{a[3]}'" for a in paid)
    stored = dict(stack.sql(f"SELECT id_number, payment_id FROM welfare_payments"
                            f" WHERE id_number IN ({ids}) AND program_id = %s",
                            load.welfare["program"]))
    for _, _, ident, person in paid:
        assert stored.get(person) == str(ident), f"payment {ident} acknowledged, lost"
    return len(paid)


def test_a_node_killed_under_load_loses_nothing_and_rejoins(stack, officer, welfare):
    codes = [declare(stack, 960 + i)["token"] for i in range(6)]
    load = NationalLoad(stack, officer, codes, welfare)
    with load:
        time.sleep(3)
        killed = stack.cluster("kill", "3")
        assert killed.returncode == 0, killed.stderr
        killed_at = len(load.answers)
        assert wait_until(lambda: node_state(stack, 1)["wsrep_cluster_size"] == "2", 20)
        # Service goes on: new 2xx of every kind after the kill.
        assert wait_until(lambda: {a[0] for a in load.answers[killed_at:]
                                   if a[1] in (200, 201)} >= {"declaration", "passage",
                                                              "payment"}, 60), \
            Counter((a[0], a[1]) for a in load.answers[killed_at:])
        behind = int(node_state(stack, 1)["wsrep_last_committed"])
        rejoined = stack.cluster("node-start", "3")
        assert rejoined.returncode == 0, rejoined.stdout + rejoined.stderr
        time.sleep(1)
    # While a node was going, at most 503 (try again), never another error.
    assert not [a for a in load.answers if a[1] >= 500 and a[1] != 503]
    decls, passages = nothing_acknowledged_is_lost(stack, load)
    paid = payments_all_there(stack, load)
    # Node 3 came back by IST (from a donor's gcache), not a full copy, and
    # has every row: what it missed and what came after.
    log = (stack.var / "log" / "galera3.log").read_text(errors="replace")
    assert "IST received" in log or "Receiving IST" in log, log[-2000:]
    assert int(node_state(stack, 3)["wsrep_last_committed"]) >= behind
    refs = ",".join(f"'{a[3]}'" for a in load.acknowledged("declaration"))
    assert count_on_every_node(stack, f"SELECT COUNT(*) FROM declarations"
                                      f" WHERE client_ref IN ({refs})") == [decls] * 3
    assert decls > 10 and passages > 10 and paid > 5, (decls, passages, paid)


def ldap_set(stack, dn, attr, value, url=None):
    ldif = f"dn: {dn}\nchangetype: modify\nreplace: {attr}\n{attr}: {value}\n"
    out = subprocess.run(
        ["ldapmodify", "-x", "-H", url or stack.conf["ldap_uri"], "-D", accounts.ROOT_DN,
         "-w", stack.ldap_root_password], input=ldif, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def login_status(stack, who, password):
    return requests.post(stack.url + "/login", headers=JSON,
                         data={"uid": who, "password": password}).status_code


def test_an_account_disabled_on_the_provider_is_refused_by_the_consumers(stack):
    reads = stack.conf["ldap_read_uri"].split()
    assert len(reads) == 3 and reads[-1] == stack.conf["ldap_uri"], reads
    who = uid("ca-tat")
    password = accounts.make_account(stack, who, "police", unit=COMMUNE)
    dn = f"uid={who},{accounts.unit_dn(stack, COMMUNE)}"
    assert wait_until(lambda: login_status(stack, who, password) == 200, 5)
    ldap_set(stack, dn, "pwdAccountLockedTime", "000001010000Z")
    disabled_at = time.time()
    assert wait_until(lambda: login_status(stack, who, password) == 401, 5)
    took = time.time() - disabled_at
    # The consumer that answered has the provider's change.
    found = subprocess.run(
        ["ldapsearch", "-x", "-LLL", "-H", reads[0], "-D", accounts.ROOT_DN,
         "-w", stack.ldap_root_password, "-b", dn, "-s", "base", "pwdAccountLockedTime"],
        capture_output=True, text=True).stdout
    assert "pwdAccountLockedTime: 000001010000Z" in found
    assert took < 5


def test_logins_go_on_with_the_provider_down(stack):
    who = uid("ca-con")
    password = accounts.make_account(stack, who, "police", unit=COMMUNE)
    assert wait_until(lambda: login_status(stack, who, password) == 200, 5)
    slapd = int((stack.var / "run" / "slapd.pid").read_text())
    os.kill(slapd, signal.SIGTERM)
    try:
        assert wait_until(lambda: not os.path.exists(f"/proc/{slapd}"), 10)
        assert login_status(stack, who, password) == 200
    finally:
        started = subprocess.run([str(stack.root / "scripts" / "stack"), "start"],
                                          env=stack.env, capture_output=True, text=True)
        assert started.returncode == 0, started.stdout + started.stderr


def test_zz_restore_from_a_backup_gives_back_every_acknowledged_row(stack, capsys):
    before = [declare(stack, 1000 + i) for i in range(10)]
    target = stack.var / "backup-1"
    t0 = time.time()
    made = stack.cluster("backup", str(target))
    backup_s = time.time() - t0
    assert made.returncode == 0, made.stdout + made.stderr
    after = [declare(stack, 1020 + i) for i in range(5)]
    size = sum(f.stat().st_size for f in target.rglob("*") if f.is_file())
    stopped = subprocess.run([str(stack.root / "scripts" / "stack"), "stop"],
                                      env=stack.env, capture_output=True, text=True)
    assert stopped.returncode == 0, stopped.stderr
    t0 = time.time()
    restored = stack.cluster("restore", str(target))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    started = subprocess.run([str(stack.root / "scripts" / "stack"), "start"],
                                      env=stack.env, capture_output=True, text=True)
    restore_s = time.time() - t0
    assert started.returncode == 0, started.stdout + started.stderr
    for n in (1, 2, 3):
        assert node_state(stack, n)["wsrep_cluster_size"] == "3"
    ids = ",".join(str(d["declaration_id"]) for d in before)
    assert stack.sql(f"SELECT COUNT(*) FROM declarations WHERE declaration_id IN ({ids})") \
        == [("10",)]
    ids = ",".join(str(d["declaration_id"]) for d in after)
    assert stack.sql(f"SELECT COUNT(*) FROM declarations WHERE declaration_id IN ({ids})") \
        == [("0",)]
    # The programs serve again on the restored cluster.
    declare(stack, 1030)
    with capsys.disabled():
        print(f"\n  backup {size / 1e6:.0f} MB in {backup_s:.1f} s; restore and the"
              f" cluster back (SST to two nodes) in {restore_s:.1f} s")
