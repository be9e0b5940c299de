"""Fixtures of the integration tests (the stack itself: tests/conftest.py).

Every HTML page any integration test receives through requests goes
through tidy (helpers.tidy_problems): a page with a problem fails the test
that fetched it, naming the URL and tidy's words."""
import hashlib

import pytest
import requests

from . import accounts
from .helpers import tidy_problems, uid

# Pages already checked in this session, by content: the same form is
# fetched many times.
_tidy_seen = {}


@pytest.fixture(autouse=True)
def html_passes_tidy(monkeypatch):
    """Records each text/html answer of the test, then runs tidy on them."""
    pages = []
    send = requests.Session.send

    def recording_send(session, request, **kw):
        r = send(session, request, **kw)
        if r.headers.get("Content-Type", "").startswith("text/html") and r.content:
            pages.append((request.method, r.url, r.status_code, r.content))
        return r

    monkeypatch.setattr(requests.Session, "send", recording_send)
    yield
    monkeypatch.undo()
    faults = []
    for method, url, status, content in pages:
        key = hashlib.sha256(content).hexdigest()
        if key not in _tidy_seen:
            _tidy_seen[key] = tidy_problems(content)
        if _tidy_seen[key]:
            faults.append(f"{method} {url} -> {status}:\n  " + "\n  ".join(_tidy_seen[key]))
    assert not faults, "HTML pages that tidy finds fault with:\n" + "\n".join(faults)


@pytest.fixture(scope="module")
def place(stack):
    return accounts.make_place(stack, "checkpoint", name="Chốt Quốc lộ 1A – Km 300")


@pytest.fixture(scope="module")
def officer(stack, place):
    """An officer at the checkpoint `place`, logged in (JSON, .csrf)."""
    return accounts.officer_session(stack, uid("officer"), place)


@pytest.fixture(scope="module")
def venue(stack):
    vplace = accounts.make_place(stack, "venue", name="Siêu thị thử")
    return accounts.venue_session(stack, uid("venue"), vplace)
