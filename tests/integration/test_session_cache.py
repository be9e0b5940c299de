"""The per-thread session cache (lib/session.c): GET /verify no longer asks
MariaDB for the session on every request, yet logout and an administrator
disabling, resetting or moving an account still bite at once on this host,
because every worker thread compares the host-wide epoch in
var/run/session-epoch.

Each test first warms the verify threads (32 in the test stack) with WARM
requests of one session, so that many of them hold it in cache, then
checks that the next WARM requests all see the change.  A JSON GET /verify
without a code answers 400 (invalid_fields) to a live session and 401
(not_logged_in) without one: no other database work is involved.

What the cache does not see at once, by design (docs/ARCHITECTURE.md): rows
changed in the sessions table by hand, without the epoch being bumped, are
seen only after session_cache_seconds.  test_hand_made_delete_is_seen_late
shows it, and also shows the cache is really used."""
import hashlib
import os
import secrets
import stat
import struct
import time

import pytest
import requests

from . import accounts
from .helpers import JSON, uid

WARM = 40
LIVE, GONE = 400, 401          # GET /verify without a code, with and without a session


def statuses(stack, cookies, n=WARM):
    """The status codes of n JSON GET /verify (no code) with these cookies;
    each a fresh connection, so that requests spread over the workers."""
    out = []
    for _ in range(n):
        r = requests.get(stack.url + "/verify", headers=JSON, cookies=cookies)
        if r.status_code == GONE:
            assert r.json()["error"]["code"] == "not_logged_in"
        out.append(r.status_code)
    return out


def warm(stack, cookies):
    got = statuses(stack, cookies)
    assert got == [LIVE] * WARM, got


def cache_seconds(stack):
    return int(stack.conf.get("session_cache_seconds", "30"))


def epoch_file(stack):
    return stack.var / "run" / "session-epoch"


def read_epoch(stack):
    """The host-wide epoch; 0 while no program has made the file yet."""
    try:
        return struct.unpack("=Q", epoch_file(stack).read_bytes()[:8])[0]
    except FileNotFoundError:
        return 0


def sid_row(stack, sid, place_id, seconds=None):
    """A session row made by hand for the cookie sid (an officer)."""
    digest = hashlib.sha256(sid.encode()).hexdigest()
    expires = f"NOW() + INTERVAL {int(seconds)} SECOND" if seconds else "NOW() + INTERVAL 1 HOUR"
    stack.sql("INSERT INTO sessions (sid_hash, uid, role, unit, place_id, csrf, created_at,"
              f" expires_at) VALUES (UNHEX(%s), %s, 'officer', %s, %s, %s, NOW(), {expires})",
              digest, uid("handmade"), accounts.a_commune(stack), place_id,
              secrets.token_urlsafe(32))
    return digest


def new_sid():
    sid = secrets.token_urlsafe(32)
    assert len(sid) == 43
    return sid


@pytest.fixture(scope="module")
def place(stack):
    return accounts.make_place(stack, "checkpoint", name="Chốt thử bộ nhớ phiên")


@pytest.fixture(scope="module")
def admin(stack):
    return stack.admin()


# ----------------------------------------------------------------- immediate

def test_logout_bites_every_worker_at_once(stack, place):
    officer = accounts.officer_session(stack, uid("cbcache"), place)
    held = dict(officer.cookies)
    warm(stack, held)
    before = read_epoch(stack)
    r = officer.post(stack.url + "/logout")
    assert r.status_code == 200
    assert statuses(stack, held) == [GONE] * WARM
    assert read_epoch(stack) > before


@pytest.mark.parametrize("action", ["disable", "reset_password", "assign_place"])
def test_admin_action_ends_the_cached_session_at_once(stack, place, admin, action):
    officer = accounts.officer_session(stack, uid("cb" + action[:5]), place)
    held = dict(officer.cookies)
    warm(stack, held)
    data = dict(action=action, uid=officer.uid)
    if action == "assign_place":
        data["place_id"] = str(accounts.make_place(stack, "checkpoint"))
    r = admin.post(stack.url + "/admin-accounts", data=data)
    assert r.status_code == 200, r.text
    assert statuses(stack, held) == [GONE] * WARM


def test_cached_session_is_dropped_at_its_own_expiry(stack, place):
    """The cache keeps the row's expires_at: a session that expires while
    cached is refused from that second, long before session_cache_seconds."""
    if cache_seconds(stack) < 20:
        pytest.skip("needs a cache that outlives the session")
    sid = new_sid()
    sid_row(stack, sid, place, seconds=8)
    expires = int(stack.sql("SELECT UNIX_TIMESTAMP(expires_at) FROM sessions"
                            " WHERE sid_hash=UNHEX(%s)",
                            hashlib.sha256(sid.encode()).hexdigest())[0][0])
    warm(stack, {"sid": sid})
    assert time.time() < expires, "warming took longer than the session lived"
    time.sleep(max(0.0, expires - time.time()) + 1.2)
    assert statuses(stack, {"sid": sid}) == [GONE] * WARM


def test_an_unknown_sid_is_not_cached(stack, place):
    sid = new_sid()
    assert statuses(stack, {"sid": sid}) == [GONE] * WARM
    sid_row(stack, sid, place)
    assert statuses(stack, {"sid": sid}) == [LIVE] * WARM


# ---------------------------------------------------- the cache and its epoch

def test_epoch_file_is_private(stack, place):
    officer = accounts.officer_session(stack, uid("cbfile"), place)
    warm(stack, dict(officer.cookies))
    st = epoch_file(stack).stat()
    assert stat.S_IMODE(st.st_mode) == 0o600 and st.st_size == 8


def test_hand_made_delete_is_seen_late_until_the_epoch_moves(stack, place):
    """A DELETE made behind the programs' back bumps nothing: workers that
    hold the session keep honouring it (for at most session_cache_seconds).
    That is the cache at work.  Bumping the epoch by hand ends it at once."""
    if cache_seconds(stack) == 0:
        pytest.skip("session cache turned off")
    sid = new_sid()
    digest = sid_row(stack, sid, place)
    warm(stack, {"sid": sid})
    stack.sql("DELETE FROM sessions WHERE sid_hash=UNHEX(%s)", digest)
    got = statuses(stack, {"sid": sid})
    assert set(got) <= {LIVE, GONE}
    assert LIVE in got, "no worker answered from its cache"
    # What kd_session_revoke_all() does (no request is in flight now).
    fd = os.open(epoch_file(stack), os.O_RDWR)
    try:
        value = struct.unpack("=Q", os.pread(fd, 8, 0))[0]
        os.pwrite(fd, struct.pack("=Q", value + 1), 0)
    finally:
        os.close(fd)
    assert statuses(stack, {"sid": sid}) == [GONE] * WARM


def test_a_replaced_epoch_file_is_followed_within_a_second(stack, place):
    """The epoch file removed under a running stack (a restore, a hand
    clean-up): logout makes a new file and bumps it; every worker thread
    sees that its mapped file is gone (st_nlink 0) at its first request
    after at most a second, drops what it cached and maps the new file.
    Until then a thread may still honour the session from its cache."""
    if cache_seconds(stack) == 0:
        pytest.skip("session cache turned off")
    officer = accounts.officer_session(stack, uid("cbgone"), place)
    held = dict(officer.cookies)
    warm(stack, held)
    epoch_file(stack).unlink()
    r = officer.post(stack.url + "/logout")
    assert r.status_code == 200
    assert epoch_file(stack).exists(), "logout did not make a new epoch file"
    assert read_epoch(stack) >= 1
    time.sleep(1.2)
    assert statuses(stack, held) == [GONE] * WARM
