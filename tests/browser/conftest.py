"""Headless Debian chromium driven by selenium, one per test module
(helpers.py); an officer at a checkpoint, logged in over HTTP, to check at
the kiosk what a page made."""
import pytest

from integration import accounts
from integration.helpers import uid

from .helpers import make_driver, quit_driver

KIOSK_PLACE = "Chốt thử trình duyệt Km 9"


@pytest.fixture(scope="module")
def browser():
    driver = make_driver()
    yield driver
    quit_driver(driver)


@pytest.fixture(scope="module")
def kiosk(stack):
    """An officer at the checkpoint KIOSK_PLACE (a JSON session, .csrf set)."""
    place = accounts.make_place(stack, "checkpoint", name=KIOSK_PLACE)
    return accounts.officer_session(stack, uid("kiosk"), place)
